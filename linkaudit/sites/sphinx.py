"""Sphinx's project-wide reference targets, as MyST Markdown links reach them.

On a Sphinx site written in MyST, ``[text](name)`` and ``[text](#name)`` are not only a file and
a heading of this page: when no file or local anchor matches, MyST looks ``name`` up among the
targets the whole project defines, wherever they are (``(name)=`` before a block, a directive's
``:name:`` option, a ``{figure-md}`` name, ``{#id}`` attributes, glossary terms, rST's
``.. _name:`` labels). A link to such a target works, so it is not a missing file or anchor.
Failing that, a ``#name`` may be an object of another project reached through intersphinx
(``#sphinx.application.Sphinx``): its inventory is on the web, so offline it is not decided.

`targets_in` is a pure function of one file's text; `project_targets` gathers it over the
site's pages once (cached like the site's other data).
"""

from __future__ import annotations

import functools
import re

from linkaudit.settings import MAX_LOCAL_TARGET_BYTES, SITE_CONFIG_MAX_BYTES, SITE_MAX_INDEXED_FILES
from linkaudit.sites.detect import Site, small_text

__all__ = ["targets_in", "project_targets", "has_intersphinx", "intersphinx_name", "TARGET"]

#: How a link resolved to a project-wide target is recorded (the convention that applied).
TARGET = "a Sphinx reference target"

_TARGET_FILES = (".md", ".markdown", ".rst", ".txt")
_MYST_LABEL = re.compile(r"^[ \t]*\(([^()\s][^()]*?)\)=[ \t]*$", re.M)
_NAME_OPTION = re.compile(r"^[ \t]*:name:[ \t]+(\S[^\n]*?)[ \t]*$", re.M)
_RST_LABEL = re.compile(r"^[ \t]*\.\.[ \t]+_([^_:\n`][^:\n]*|`[^`\n]+`):[ \t]*$", re.M)
_FIGURE_MD = re.compile(r"^[ \t]*(?:`{3,}|:{3,})\{figure-md\}[ \t]+(\S+)", re.M)
#: attrs_block's ``{#id}`` on a line of its own, attrs_inline's ``[span]{#id}``.
_ATTR_ID = re.compile(r"(?:^[ \t]*|[\]`*_])\{[ \t]*#([\w\-:./]+)[^{}\n]*\}", re.M)
#: A definition list made a glossary (``{.glossary}`` above it): its terms are targets.
_DEF_GLOSSARY = re.compile(r"^[ \t]*\{\.glossary\}[ \t]*\n((?:.*\S.*\n?|\n(?=[ \t]*:|\S))+)", re.M)
_DEF_TERM = re.compile(r"^(\S[^\n]*)\n(?=(?:[ \t]*\n)?:[ \t]+\S)", re.M)
#: A ``glossary`` directive (MyST fence or rST): its unindented lines are terms.
_GLOSSARY = re.compile(
    r"^([ \t]*)(?:(`{3,}|:{3,})\{glossary\}[^\n]*\n(.*?)^[ \t]*\2[ \t]*$"
    r"|\.\.[ \t]+glossary::[^\n]*\n((?:[ \t]*\n|\1[ \t]+[^\n]*\n)*))",
    re.M | re.S,
)
_INTERSPHINX = re.compile(r"\bintersphinx_mapping\b")
#: An object name another project's inventory may hold: dotted (``pkg.mod.Class``).
_OBJECT_NAME = re.compile(r"^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+(?:\(\))?$")


def _norm(name: str) -> str:
    """Sphinx keeps labels and terms in lower case, with runs of blanks as one space."""
    return " ".join(name.split()).lower()


def _glossary_terms(text: str) -> set[str]:
    out: set[str] = set()
    for m in _DEF_GLOSSARY.finditer(text):
        out |= {t.strip() for t in _DEF_TERM.findall(m.group(1))}
    for m in _GLOSSARY.finditer(text):
        body = m.group(3) if m.group(3) is not None else m.group(4) or ""
        lines = [ln for ln in body.splitlines() if ln.strip() and not ln.lstrip().startswith(":")]
        if not lines:
            continue
        margin = min(len(ln) - len(ln.lstrip()) for ln in lines)
        out |= {ln.strip() for ln in lines if len(ln) - len(ln.lstrip()) == margin}
    return out


def targets_in(text: str) -> frozenset[str]:
    """The reference targets one page defines (names normalised as Sphinx keeps them)."""
    names: set[str] = set(_MYST_LABEL.findall(text))
    names |= set(_NAME_OPTION.findall(text))
    names |= {n.strip("`") for n in _RST_LABEL.findall(text)}
    names |= set(_FIGURE_MD.findall(text))
    names |= set(_ATTR_ID.findall(text))
    names |= _glossary_terms(text)
    return frozenset(_norm(n) for n in names if n.strip())


@functools.lru_cache(maxsize=16)
def project_targets(site: Site) -> frozenset[str]:
    """Every reference target the site's pages define (read once per site)."""
    out: set[str] = set()
    count = 0
    for source in site.sources:
        try:
            paths = sorted(p for p in source.rglob("*") if p.suffix.lower() in _TARGET_FILES)
        except OSError:
            continue
        for path in paths:
            count += 1
            if count > SITE_MAX_INDEXED_FILES:
                return frozenset(out)
            out |= targets_in(small_text(path, MAX_LOCAL_TARGET_BYTES))
    return frozenset(out)


def is_target(site: Site, name: str) -> bool:
    """Whether ``name`` (a link's path or fragment, unquoted) is one of the project's targets."""
    return bool(name.strip()) and _norm(name) in project_targets(site)


@functools.lru_cache(maxsize=16)
def has_intersphinx(site: Site) -> bool:
    """Whether the site's config maps other projects' inventories (``intersphinx_mapping``)."""
    config = site.root / site.detected_from
    try:
        if config.stat().st_size > SITE_CONFIG_MAX_BYTES:
            return False
        return bool(_INTERSPHINX.search(config.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


@functools.lru_cache(maxsize=16)
def _namespaces(site: Site) -> frozenset[str]:
    """The first parts of the project's own ``part/name`` labels (``syntax/`` in
    ``syntax/roles``): a missing label in one of them is the project's own, and broken."""
    return frozenset(t.split("/", 1)[0] for t in project_targets(site) if "/" in t)


def intersphinx_name(site: Site, name: str) -> bool:
    """Whether a ``#name`` no page defines may be another project's target, via intersphinx:
    an object's dotted name (``pkg.mod.Class``), or a ``part/name`` label in a part the
    project's own labels never use (``usage/roles`` on a site whose labels are ``syntax/...``).
    A plain name, or one in the project's own parts, stays the project's: missing is broken."""
    if not has_intersphinx(site):
        return False
    if _OBJECT_NAME.match(name):
        return True
    head, sep, rest = name.partition("/")
    return bool(sep and head and rest) and _norm(head) not in _namespaces(site)
