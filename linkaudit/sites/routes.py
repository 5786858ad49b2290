"""Docusaurus's routes: the URL each doc is served at, and the doc a URL path names.

Docusaurus links come in two kinds (its documentation, "Markdown links"): a *file path*
(``guide.md``, ``../api/store.mdx``) is turned into the target's URL at build time, and a
*URL path* (``./guide``, ``../reducing-boilerplate``, ``/faq/state#x``) is left as written, so
the browser reads it against the page's own URL, not its file. A doc's URL is the docs
instance's ``routeBasePath`` followed by the doc's slug: the folders it sits in (number prefixes
such as ``01-`` dropped), then its ``id`` front matter or its file name; a folder's index doc
(``index``, ``README`` or a file named like its folder) is the folder's URL; ``slug`` front
matter replaces the last part, or the whole path when it starts with ``/``.

This module reads the docs instances from the config (``path`` and ``routeBasePath`` of the
preset's ``docs`` object and of each ``plugin-content-docs``), builds the route table of each
instance's files (their first bytes' front matter is the only I/O) and answers lookups. It knows
the current version of the docs only: versioned and translated copies keep the file-based
lookups of `linkaudit.sites.resolve`.
"""

from __future__ import annotations

import functools
import itertools
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from linkaudit.settings import (
    SITE_CONFIG_OBJECT_MAX_CHARS,
    SITE_FRONT_MATTER_MAX_BYTES,
    SITE_MAX_DOCS_INSTANCES,
    SITE_MAX_INDEXED_FILES,
)

if TYPE_CHECKING:
    from linkaudit.sites.detect import Site

__all__ = [
    "DocsInstance",
    "Routes",
    "docs_instances",
    "blog_instances",
    "blog_slug",
    "trailing_slash",
    "doc_slug",
    "routes_for",
    "route_target",
]

_DOC_SUFFIXES = (".md", ".mdx")
#: Where a docs instance is configured: the preset's ``docs: {`` or the docs plugin's options.
_INSTANCE = re.compile(r"""(?:\bdocs\s*:\s*\{|['"]@docusaurus/plugin-content-docs['"]\s*,\s*\{)""")
_DOCS_OFF = re.compile(r"\bdocs\s*:\s*false\b")
#: Where a blog instance is configured: the preset's ``blog: {`` or the blog plugin's options.
_BLOG = re.compile(r"""(?:\bblog\s*:\s*\{|['"]@docusaurus/plugin-content-blog['"]\s*,\s*\{)""")
_BLOG_OFF = re.compile(r"\bblog\s*:\s*false\b")
#: A blog post's dated path (Docusaurus's ``parseBlogFileName``): ``2023-01-02-slug.md``,
#: ``2023/01/02/slug.md``, ``2023-01-02-slug/index.md``; the date becomes ``2023/01/02/``.
_BLOG_DATED = re.compile(
    r"^(?P<folder>.*?)(?P<date>\d{4}[-/]\d{1,2}[-/]\d{1,2})[-/]?(?P<text>.*?)(?:/index)?\.mdx?$"
)
_KEY = r"""\b{key}\s*:\s*['"]([^'"]*)['"]"""
_TRAILING = re.compile(r"\btrailingSlash\s*:\s*(true|false)\b")
_FRONT = re.compile(r"""^(id|slug)\s*:\s*['"]?([^'"\n#]*?)['"]?\s*$""", re.M)
#: Docusaurus's default number prefix (``01-intro``, ``2. setup``), not a date (``2024-01-05``).
_NUMBER_PREFIX = re.compile(r"^\d+\s*[-_.]+\s*(?=[^-_.\s])")
_DATE_PREFIX = re.compile(r"^\d{2,4}[-_.]\d{1,2}[-_.]\d{1,2}")
_INDEX_STEMS = ("index", "readme")


@dataclass(frozen=True, slots=True)
class DocsInstance:
    """One docs plugin instance: its content folder and the URL path it is served under."""

    folder: Path
    route_base: str  # "/" or "/docs" (leading slash, none at the end but for the root)


@dataclass(frozen=True, slots=True)
class Routes:
    """Every current doc of a site by its route (no trailing slash) and by its file."""

    by_route: Mapping[str, Path]
    by_file: Mapping[Path, str]  # the doc's URL as served ("/faq/x", or "/faq/" for an index)


def _top_level(obj: str) -> str:
    """An object's text with its nested objects and arrays blanked: its own keys only."""
    out, depth = [], 0
    for ch in obj:
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        out.append(ch if depth <= 1 or ch in "{}[]" else " ")
    return "".join(out)


def _object_at(text: str, start: int) -> str:
    """The ``{...}`` object whose opening brace is at ``start`` (to the text's end if open, or
    to `SITE_CONFIG_OBJECT_MAX_CHARS` at most)."""
    depth = 0
    for i in range(start, min(len(text), start + SITE_CONFIG_OBJECT_MAX_CHARS)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
    return text[start : start + SITE_CONFIG_OBJECT_MAX_CHARS]


def _route_base(value: str) -> str:
    return "/" + value.strip("/") if value.strip("/") else "/"


def docs_instances(config_text: str, root: Path) -> tuple[DocsInstance, ...]:
    """The docs instances a ``docusaurus.config.*`` text sets up (paths against ``root``): the
    preset's ``docs`` and each ``plugin-content-docs``; the default ``docs`` folder at
    ``/docs`` when none is configured and docs are not turned off."""
    out: list[DocsInstance] = []
    for m in itertools.islice(_INSTANCE.finditer(config_text), SITE_MAX_DOCS_INSTANCES):
        own = _top_level(_object_at(config_text, m.end() - 1))
        path = re.search(_KEY.format(key="path"), own)
        base = re.search(_KEY.format(key="routeBasePath"), own)
        folder = Path(posixpath.normpath((root / (path.group(1) if path else "docs")).as_posix()))
        out.append(DocsInstance(folder, _route_base(base.group(1) if base else "docs")))
    if not out and not _DOCS_OFF.search(config_text):
        out.append(DocsInstance(root / "docs", "/docs"))
    return tuple(dict.fromkeys(out))


def blog_instances(config_text: str, root: Path) -> tuple[DocsInstance, ...]:
    """The blog instances a ``docusaurus.config.*`` text sets up: the preset's ``blog`` and
    each ``plugin-content-blog``; the default ``blog`` folder at ``/blog`` when none is
    configured, blogs are not turned off and the folder exists."""
    out: list[DocsInstance] = []
    for m in itertools.islice(_BLOG.finditer(config_text), SITE_MAX_DOCS_INSTANCES):
        own = _top_level(_object_at(config_text, m.end() - 1))
        path = re.search(_KEY.format(key="path"), own)
        base = re.search(_KEY.format(key="routeBasePath"), own)
        folder = Path(posixpath.normpath((root / (path.group(1) if path else "blog")).as_posix()))
        out.append(DocsInstance(folder, _route_base(base.group(1) if base else "blog")))
    if not out and not _BLOG_OFF.search(config_text) and (root / "blog").is_dir():
        out.append(DocsInstance(root / "blog", "/blog"))
    return tuple(dict.fromkeys(out))


def blog_slug(rel: str, front: Mapping[str, str]) -> str:
    """A blog post's URL below the blog's route base, from its path in the blog folder and
    its ``slug`` front matter: ``/2023/01/02/slug`` for a dated name, else ``/a/b``."""
    slug = front.get("slug")
    if slug:
        return "/" + slug.lstrip("/")
    m = _BLOG_DATED.match(rel)
    if m:
        return f"/{m.group('date').replace('-', '/')}/{m.group('folder')}{m.group('text')}"
    return "/" + re.sub(r"(?:/index)?\.mdx?$", "", rel)


def trailing_slash(config_text: str) -> bool | None:
    """Whether the site serves every page as a folder (``trailingSlash: true``), or never
    (``false``); None when unset: the host decides (many redirect ``/x`` to ``/x/``)."""
    m = _TRAILING.search(config_text)
    return None if m is None else m.group(1) == "true"


def _strip_number(name: str) -> str:
    if _DATE_PREFIX.match(name):
        return name
    return _NUMBER_PREFIX.sub("", name, count=1)


def doc_slug(rel: str, front: Mapping[str, str]) -> str:
    """A doc's slug (its URL below the route base) from its path in the docs folder (``a/b.md``)
    and its ``id``/``slug`` front matter: ``/a/b``, or ``/a/`` for the folder's index doc."""
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    dirs = [_strip_number(d) for d in folder.split("/") if d]
    dir_slug = "/" + "/".join(dirs) + "/" if dirs else "/"
    slug = front.get("slug")
    if slug and slug.startswith("/"):
        return slug
    last_dir = folder.rsplit("/", 1)[-1].lower() if folder else ""
    is_index = stem.lower() in _INDEX_STEMS or (bool(last_dir) and stem.lower() == last_dir)
    if not slug and is_index:
        return dir_slug
    base = slug or front.get("id") or _strip_number(stem)
    joined = posixpath.normpath(posixpath.join(dir_slug, base))
    return joined if not base.endswith("/") or joined == "/" else joined + "/"


def _front(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as fh:
            head = fh.read(SITE_FRONT_MATTER_MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return {}
    if not head.startswith("---"):
        return {}
    end = head.find("\n---", 3)
    block = head[: end if end > 0 else None]
    return {m.group(1): m.group(2).strip() for m in _FRONT.finditer(block) if m.group(2).strip()}


def _doc_files(folder: Path) -> list[str]:
    """The docs of a folder (``.md``/``.mdx``; ``_partials`` are no pages), relative, capped."""
    out: list[str] = []
    try:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in _DOC_SUFFIXES:
                continue
            rel = path.relative_to(folder).as_posix()
            if any(part.startswith("_") for part in rel.split("/")) or "node_modules" in rel:
                continue
            out.append(rel)
            if len(out) >= SITE_MAX_INDEXED_FILES:
                break
    except OSError:
        pass
    return out


def _key(route: str) -> str:
    return route.rstrip("/") or "/"


@functools.lru_cache(maxsize=16)
def routes_for(site: Site) -> Routes:
    """The route table of a Docusaurus site's current docs and blog posts, or of a Jekyll
    site's posts and collections (`linkaudit.sites.jekyll`); empty for other generators."""
    if site.generator == "jekyll":
        from linkaudit.sites.jekyll import jekyll_routes

        return Routes(*jekyll_routes(site.root))
    by_route: dict[str, Path] = {}
    by_file: dict[Path, str] = {}
    for inst in site.docs:
        for rel in _doc_files(inst.folder):
            path = inst.folder / rel
            slug = doc_slug(rel, _front(path))
            base = "" if inst.route_base == "/" else inst.route_base
            url = base + slug
            by_route.setdefault(_key(url), path)
            by_file[path] = url
    for inst in site.blogs:
        for rel in _doc_files(inst.folder):
            path = inst.folder / rel
            base = "" if inst.route_base == "/" else inst.route_base
            url = base + blog_slug(rel, _front(path))
            by_route.setdefault(_key(url), path)
            by_file.setdefault(path, url)
    return Routes(by_route, by_file)


def route_target(site: Site, doc_path: Path, url_path: str) -> Path | None:
    """The doc a URL path (``../x``, ``./x/``, ``/faq/x``; no fragment) written in the doc at
    ``doc_path`` names, read as a browser reads it against that doc's URL; None when it names
    no current doc (or the page's own URL is not known, for a relative path)."""
    routes = routes_for(site)
    if not routes.by_route:
        return None
    if url_path.startswith("/"):
        return routes.by_route.get(_key(_clean(url_path)))
    page = routes.by_file.get(doc_path.resolve())
    if page is None:
        return None
    # the page's URL as the browser shows it: with trailingSlash unset, a host may serve
    # "/a/b" or redirect it to "/a/b/", so either reading of a relative path is the page's
    pages = [page]
    if not page.endswith("/") and site.trailing_slash is not False:
        pages = [page + "/"] if site.trailing_slash else [page, page + "/"]
    for url in pages:
        hit = routes.by_route.get(_key(_clean(posixpath.join(url.rsplit("/", 1)[0], url_path))))
        if hit is not None:
            return hit
    return None


def _clean(path: str) -> str:
    """A URL path with its dot segments resolved (``/a/b/../c`` -> ``/a/c``)."""
    norm = posixpath.normpath("/" + path.lstrip("/"))
    return "/" + norm.lstrip("/")
