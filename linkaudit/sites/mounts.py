"""Hugo's module mounts: files and folders a site's config places into its content tree.

A Hugo site may mount files from elsewhere into a content section (``module: mounts:`` with
``source: ../README.md`` and ``target: content/project/repo/README.md``), or a language's
folder as the whole content tree (``source: content/en``, ``target: content``). A page's link
to the mounted path works on the built site although no file is there on disk. `parse_mounts`
is a pure function of a config file's text (read by pattern, as `linkaudit.sites.detect` reads
configs: YAML anchors and TOML tables alike); `site_mounts` reads the site's config files once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from linkaudit.sites.detect import Site, is_under, norm_path, small_text

__all__ = ["Mount", "parse_mounts", "site_mounts", "mounted_source"]

_CONFIG_NAMES = ("hugo.yaml", "hugo.yml", "hugo.toml", "hugo.json", "config.yaml", "config.yml",
                 "config.toml", "module.yaml", "module.yml", "module.toml")  # fmt: skip
_VALUE = r"""\s*[:=]\s*(?:&[\w-]+\s+)?['"]?([^'"\s#,}*&][^'"\s#,}]*)"""
_PAIR = re.compile(
    r"\bsource" + _VALUE + r"""[^\n]*\n(?:[^\n]*\n){0,3}?[^\n]*?\btarget""" + _VALUE, re.I
)


@dataclass(frozen=True, slots=True)
class Mount:
    """One mount: ``source`` (relative to the site's folder) shown at ``target`` (a path in
    Hugo's virtual tree: ``content/...``, ``static/...``)."""

    source: str
    target: str


def parse_mounts(text: str) -> tuple[Mount, ...]:
    """The ``source``/``target`` pairs of a config file's mounts, in order."""
    if "mounts" not in text:
        return ()
    return tuple(
        Mount(m.group(1).strip("/") or ".", m.group(2).strip("/")) for m in _PAIR.finditer(text)
    )


def _config_files(site: Site) -> list[Path]:
    folders = [site.root, site.root / "config" / "_default"]
    return [f / n for f in folders for n in _CONFIG_NAMES if (f / n).is_file()]


@functools.lru_cache(maxsize=16)
def site_mounts(site: Site) -> tuple[Mount, ...]:
    """Every mount the site's config files declare (read once per site)."""
    if site.generator != "hugo":
        return ()
    return tuple(m for f in _config_files(site) for m in parse_mounts(small_text(f)))


def _virtual(site: Site, path: Path, mounts: tuple[Mount, ...]) -> list[str]:
    """Where a file on disk appears in Hugo's virtual tree (``content/...``)."""
    out = []
    for m in mounts:
        source = norm_path(site.root / m.source)
        if is_under(path, source) and path != source:
            out.append(f"{m.target}/{path.relative_to(source).as_posix()}")
    for c in site.sources:
        if is_under(path, c):
            out.append(f"content/{path.relative_to(c).as_posix()}")
    return out


def mounted_source(site: Site | None, candidates: list[Path]) -> Path | None:
    """The mount source a link's path names through a file mount (``../README.md`` mounted
    at ``content/project/repo/README.md``), if any; it may not exist in the files scanned."""
    if site is None:
        return None
    mounts = site_mounts(site)
    if not mounts:
        return None
    by_target = {m.target.lower(): m for m in mounts}
    for path in candidates:
        for virtual in _virtual(site, norm_path(path.resolve()), mounts):
            key = virtual.rstrip("/").lower()
            hit = by_target.get(key) or by_target.get(key + ".md")
            if hit is not None:
                return norm_path(site.root / hit.source)
    return None
