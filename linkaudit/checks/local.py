"""Local links in documentation repositories: relative links to files, checked on disk.

A docs repository links its pages to each other (``[setup](../guide/setup.md#install)``). Those
links never touch the network, but they rot like any other: a page is renamed, a heading
reworded. This module resolves them and records what it finds as the same facts a network
check records, so that the catalog's own rules report them:

- a missing file becomes ``LinkCheck(status="broken", reason="file not found")`` -> LINK001;
- an existing Markdown or HTML file gets ``PageMeta(anchors=...)``: the heading anchors GitHub
  would generate (plus explicit ``id``/``name`` attributes), or the HTML file's ``id`` and
  ``name`` values, so a ``#fragment`` that is not there is LINK010.

Relative links resolve against the document's folder; root-relative links (``/docs/x.md``)
against ``root_dir``, or, with ``base_url``, they become absolute URLs on the published site and
are checked over the network like any other link. Why facts and not rules of its own: rule ids
are unique, LINK001 and LINK010 are the network rules, and a missing file *is* a broken link.
The runner keeps those two rules on under ``--offline`` when a document has local checks.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from linkaudit.extract.urls import normalize_url
from linkaudit.model import Document, Link, LinkCheck, PageMeta
from linkaudit.settings import MAX_LOCAL_TARGET_BYTES

__all__ = [
    "github_slug",
    "markdown_anchors",
    "html_anchors",
    "is_local",
    "check_local_links",
]

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
_HTML_SUFFIXES = (".html", ".htm")
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)
_ID_ATTR = re.compile(r"""<[^>]*?\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)

Reader = Callable[[Path], str | None]


def github_slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to '-'."""
    return _SLUG_DROP.sub("", heading.strip().lower()).replace(" ", "-")


def _explicit_ids(text: str) -> set[str]:
    return {
        html_lib.unescape(next(g for g in m.groups() if g is not None))
        for m in _ID_ATTR.finditer(text)
    }


def markdown_anchors(text: str) -> frozenset[str]:
    """Every anchor a Markdown page offers: GitHub heading slugs (with -1, -2 for repeats)
    and explicit ``id``/``name`` attributes in its HTML."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    seen: dict[str, int] = {}
    anchors: set[str] = set()
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        words = "".join(
            child.content
            for child in (inline.children or ())
            if child.type in ("text", "code_inline")
        )
        slug = github_slug(words)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    anchors |= _explicit_ids(text)
    return frozenset(anchors)


def html_anchors(text: str) -> frozenset[str]:
    """The ``id`` and ``name`` values in an HTML page."""
    return frozenset(_explicit_ids(text))


def is_local(link: Link) -> bool:
    """A link with no scheme and no host: a path on disk (or ``#fragment`` in this page)."""
    return not link.scheme and not link.malformed and not link.url.startswith("//")


def _read(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_LOCAL_TARGET_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _anchors_for(path: Path, text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    suffix = path.suffix.lower()
    if suffix in _MARKDOWN_SUFFIXES:
        return markdown_anchors(text)
    if suffix in _HTML_SUFFIXES:
        return html_anchors(text)
    return None


def _doc_anchors(doc: Document) -> frozenset[str] | None:
    if doc.format == "markdown":
        return markdown_anchors(doc.raw)
    if doc.format == "html":
        return html_anchors(doc.raw)
    return None


def check_local_links(
    links: Sequence[Link],
    doc: Document,
    doc_path: Path | None,
    *,
    root_dir: Path | None = None,
    base_url: str | None = None,
    read: Reader = _read,
) -> tuple[Link, ...]:
    """``links`` with facts attached to the local ones; other links unchanged."""
    if not any(is_local(link) for link in links):
        return tuple(links)
    cache: dict[Path, frozenset[str] | None] = {}

    @functools.cache
    def own() -> frozenset[str] | None:
        return _doc_anchors(doc)

    out = []
    for link in links:
        if not is_local(link):
            out.append(link)
            continue
        path_part = unquote(urlsplit(link.url).path)
        if not path_part:  # "#section": this page
            anchors = own()
            out.append(_ok(link, anchors, "this document") if anchors is not None else link)
            continue
        if path_part.startswith("/"):
            if base_url:
                out.append(_absolute(link, urljoin(base_url, link.url)))
                continue
            if root_dir is None:
                out.append(link)  # nothing to resolve it against
                continue
            target = root_dir / path_part.lstrip("/")
        elif doc_path is not None:
            target = doc_path.parent / path_part
        else:
            out.append(link)
            continue
        if not target.exists():
            out.append(
                replace(
                    link,
                    check=LinkCheck(
                        status="broken",
                        reason="file not found",
                        error=f"file not found: {target.as_posix()}",
                    ),
                )
            )
            continue
        if target.is_dir():
            out.append(_ok(link, None, target.as_posix()))
            continue
        anchors = None
        if link.fragment:
            if target not in cache:
                cache[target] = _anchors_for(target, read(target))
            anchors = cache[target]
        out.append(_ok(link, anchors, target.as_posix()))
    return tuple(out)


def _ok(link: Link, anchors: frozenset[str] | None, where: str) -> Link:
    page = PageMeta(anchors=anchors) if anchors is not None else None
    return replace(link, check=LinkCheck(status="ok", reason=f"local file {where}"), page=page)


def _absolute(link: Link, url: str) -> Link:
    """A root-relative link mapped onto the published site: checked like any web link."""
    norm = normalize_url(url)
    return replace(
        link,
        normalized_url=norm.normalized,
        fragment=norm.fragment,
        scheme=norm.scheme,
        host=norm.host,
        fetchable=norm.fetchable,
        malformed=norm.malformed,
    )
