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

Under a site generator (`linkaudit.sites`), links resolve by its conventions (``chapter.html``
from ``chapter.md``, ``../chapter/``, ``@/post.md``, Hugo's and Jekyll's template links) and
anchors follow its slug rules; a link that leaves the tree is recorded as
``LinkCheck(status="skipped", reason="outside the tree")``: not decided, so no finding.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from linkaudit.extract.urls import pointed_at
from linkaudit.model import Document, Link, LinkCheck, LinkRef, PageMeta
from linkaudit.settings import LOCAL_ANCHOR_CACHE, MAX_LOCAL_TARGET_BYTES
from linkaudit.sites.detect import Site
from linkaudit.sites.resolve import Resolved, page_url, resolve_path, resolve_template
from linkaudit.sites.slugs import docutils_slug, github_slug, heading_anchors
from linkaudit.sites.sphinx import TARGET, intersphinx_name, is_target
from linkaudit.sites.templates import find_template_links, parse_template

__all__ = [
    "github_slug",
    "markdown_anchors",
    "html_anchors",
    "is_local",
    "check_local_links",
    "template_links",
    "OUTSIDE",
]

#: The reason recorded for a link that leaves the checked tree (not decided, not reported).
OUTSIDE = "outside the tree"
#: The reason recorded for a ``#name`` another project's inventory may hold (Sphinx).
INTERSPHINX = "another project's target (intersphinx)"
#: The reason recorded for a MyST link the author marked ``{.external}``.
EXTERNAL = "marked external ({.external}), left as written"

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
_HTML_SUFFIXES = (".html", ".htm")
_TEMPLATED = re.compile(r"\{\{|\{%|\$\{|<%")
#: kramdown's and attr_list's block attributes on a line of their own: ``{: #id .class}``.
_BLOCK_ID = re.compile(r"^\s*\{:\s*(?:[^{}]*?\s)?#([\w\-:.]+)[^{}]*\}\s*$", re.M)
#: attr_list's and kramdown's span attributes after inline text: ``**`locale`**{ #locale }``.
_INLINE_ID = re.compile(r"\{:?[ \t]*(?:[^{}\n]*?[ \t])?#([\w\-:.]+)[^{}\n]*\}")
#: Where attribute lists give any element an id (MkDocs' attr_list, kramdown's IALs).
_ATTR_LIST_STYLES = frozenset({"toc", "toc-unicode", "jekyll"})
#: A definition list's term: a line, then a line starting with ": ".
_TERM = re.compile(r"^([^\s:>#|-][^\n]*)\n(?:\n)?:[ \t]+\S", re.M)
#: Per generator, what pulls other text into a page before it is rendered, standing on a line
#: of its own (Hugo's include/readfile-like shortcodes, Jekyll's include, MkDocs snippets,
#: mdBook's include): that text's headings are not in the file, so the page's anchors are not
#: known. An include inside a sentence (a version badge) adds no heading.
_INCLUDES = {
    "hugo": re.compile(
        r"^\s*\{\{[%<]-?\s*(?:include|readfile|partial|embed|snippet|content|import)\b", re.M
    ),
    "jekyll": re.compile(r"^\s*\{%-?\s*include", re.M),
    # snippets (--8<--), and a plugin's directive (mkdocstrings' or mkdocs-click's "::: name")
    # that writes the page's headings at build time
    "mkdocs": re.compile(r"^\s*-{2}8<-{2}|^:::[ \t]*[\w.-]", re.M),
    "mdbook": re.compile(r"^\{\{#include", re.M),
}
_FRONT_MATTER = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|\Z)", re.S
)
_HUGO_STYLES = frozenset({"hugo", "hugo-ascii", "blackfriday"})
#: A Hugo shortcode call inside a heading (``{{% icon robot %}} Upgrading``).
_SHORTCODE = re.compile(r"\{\{[%<]-?\s*/?[\w/.-]+[^{}]*?-?[%>]\}\}")
_SHORTCODE_LINE = re.compile(r"^\s*\{\{[%<]-?\s*[\w/-]+", re.M)
_MYST_LABEL = re.compile(r"^\(([^()\s]+)\)=\s*$", re.M)
_ID_ATTR = re.compile(r"""<[^>]*?\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)

Reader = Callable[[Path], str | None]


def _explicit_ids(text: str) -> set[str]:
    return {
        html_lib.unescape(next(g for g in m.groups() if g is not None))
        for m in _ID_ATTR.finditer(text)
    }


@functools.cache
def _parsers() -> tuple[Any, Any]:
    """A block-only CommonMark parser (paragraphs' inline text is never needed here) and a
    full one for the headings' own text."""
    from markdown_it import MarkdownIt

    blocks = MarkdownIt("commonmark")
    blocks.core.ruler.disable(["inline"])
    return blocks, MarkdownIt("commonmark")


def _headings(text: str) -> list[str]:
    blocks, inline = _parsers()
    tokens = blocks.parse(text)
    out = []
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open" or i + 1 >= len(tokens):
            continue
        parsed = inline.parseInline(tokens[i + 1].content)
        children = parsed[0].children if parsed else None
        out.append(
            "".join(
                child.content for child in (children or ()) if child.type in ("text", "code_inline")
            )
        )
    return out


def markdown_anchors(
    text: str, style: str = "github", *, terms: bool = False
) -> frozenset[str] | None:
    """Every anchor a Markdown page offers: heading ids as the generator of ``style`` makes them
    (GitHub's by default, with -1, -2 for repeats), ``{#custom-id}`` attributes where the
    generator honours them, MyST ``(label)=`` targets, and explicit ``id``/``name`` attributes
    in its HTML. None when some heading's id cannot be known (see `linkaudit.sites.slugs`)."""
    text = _FRONT_MATTER.sub("", text, count=1)  # its "key: value\n---" is no heading
    headings = _headings(text)
    if style in _HUGO_STYLES:  # Hugo names a heading by its text: a shortcode's icon adds none
        headings = [" ".join(_SHORTCODE.sub(" ", h).split()) for h in headings]
    if terms:  # Hugo's autoDefinitionTermID: terms are named like headings
        headings += [m.group(1).strip() for m in _TERM.finditer(text)]
    anchors = heading_anchors(headings, style)
    if anchors is None:
        return None
    extra = _explicit_ids(text)
    if style != "github":  # kramdown's and attr_list's {: #id} on the line below a heading
        extra |= set(_BLOCK_ID.findall(text))
    if style in _ATTR_LIST_STYLES:  # ... and after inline text, on any element
        extra |= set(_INLINE_ID.findall(text))
    if style == "sphinx":
        for label in _MYST_LABEL.findall(text):
            extra |= {label, docutils_slug(label)}
    return anchors | extra


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


def _has_includes(text: str, generator: str | None) -> bool:
    pattern = _INCLUDES.get(generator or "")
    return pattern is not None and pattern.search(text) is not None


def _anchors_for(
    path: Path, text: str | None, style: str, terms: bool = False, generator: str | None = None
) -> frozenset[str] | None:
    if text is None:
        return None
    suffix = path.suffix.lower()
    if suffix in _MARKDOWN_SUFFIXES:
        if _has_includes(text, generator):
            return None
        anchors = markdown_anchors(text, style, terms=terms)
        if not anchors and generator == "hugo" and _SHORTCODE_LINE.search(text):
            return None  # a page made by its shortcodes (a glossary, a list): ids unknown
        return anchors
    if suffix in _HTML_SUFFIXES:
        return html_anchors(text)
    return None


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, -1)
    return (st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=LOCAL_ANCHOR_CACHE)
def _shared_anchors(
    path: Path, stamp: tuple[int, int], style: str, terms: bool, generator: str | None
) -> frozenset[str] | None:
    """A target page's anchors, kept across the documents of a scan that link to it (keyed by
    its modification time and size, so an edited page is read again)."""
    return _anchors_for(path, _read(path), style, terms, generator)


def _doc_anchors(
    doc: Document, style: str, terms: bool = False, generator: str | None = None
) -> frozenset[str] | None:
    if doc.format == "markdown":
        if _has_includes(doc.raw, generator):
            return None
        return markdown_anchors(doc.raw, style, terms=terms)
    if doc.format == "html":
        return html_anchors(doc.raw)
    return None


def template_links(doc: Document) -> tuple[Link, ...]:
    """Hugo's ``{{< ref >}}`` and Jekyll's ``{% link %}`` / ``{% post_url %}`` tags in a
    Markdown document, as local links (their URL is the tag as written)."""
    if doc.format != "markdown":
        return ()
    grouped: dict[str, list[LinkRef]] = {}
    fragments: dict[str, str | None] = {}
    for t in find_template_links(doc.raw):
        grouped.setdefault(t.text, []).append(LinkRef(t.text, t.line, t.column, element="template"))
        fragments[t.text] = t.fragment
    return tuple(
        Link(
            url=text,
            normalized_url=text,
            fragment=fragments[text],
            locations=tuple(refs),
            scheme="",
            host=None,
            fetchable=False,
        )
        for text, refs in grouped.items()
    )


def check_local_links(
    links: Sequence[Link],
    doc: Document,
    doc_path: Path | None,
    *,
    root_dir: Path | None = None,
    base_url: str | None = None,
    read: Reader = _read,
    site: Site | None = None,
    fence: Path | None = None,
) -> tuple[Link, ...]:
    """``links`` with facts attached to the local ones; other links unchanged. ``site``: the
    generator whose conventions apply; ``fence``: without a site, the folder (the repository)
    that relative links may not leave to be decided."""
    if not any(is_local(link) for link in links):
        return tuple(links)
    style = site.slug if site is not None else "github"
    terms = site is not None and site.term_ids
    generator = site.generator if site is not None else None
    sphinx = site if site is not None and site.generator == "sphinx" else None
    cache: dict[Path, frozenset[str] | None] = {}

    @functools.cache
    def own() -> frozenset[str] | None:
        return _doc_anchors(doc, style, terms, generator)

    out = []
    for link in links:
        if not is_local(link):
            out.append(link)
            continue
        template = parse_template(link.url) if link.url.startswith(("{{", "{%")) else None
        if template is None and _TEMPLATED.search(unquote(link.url)):
            out.append(link)  # filled in by a template engine: nothing on disk to compare
            continue
        path_part = unquote(urlsplit(link.url).path) if template is None else template.target
        if not path_part:  # "#section": this page
            anchors = own()
            named = _project_fragment(link, sphinx, anchors)
            if named is not None:
                out.append(named)
                continue
            out.append(_ok(link, anchors, "this document") if anchors is not None else link)
            continue
        if doc_path is None:
            out.append(link)
            continue
        if site is None and template is None and base_url and path_part.startswith("/"):
            out.append(_absolute(link, urljoin(base_url, link.url)))
            continue
        found: Resolved | None
        if template is not None:
            found = resolve_template(site, doc_path, template)
        else:
            found = resolve_path(site, doc_path, path_part, root_dir=root_dir, fence=fence)
        if found is None:  # a root-relative link with nothing to resolve it against
            if base_url and path_part.startswith("/"):
                out.append(_absolute(link, urljoin(base_url, link.url)))
            else:
                out.append(link)
            continue
        if found.target is None and path_part.startswith("/") and base_url and template is None:
            out.append(_absolute(link, urljoin(base_url, link.url)))
            continue
        if found.outside:
            web = _on_the_web(link, site, doc_path, base_url, fence)
            out.append(web if web is not None else _outside(link, found))
            continue
        target = found.target
        if target is None and sphinx is not None and _marked_external(doc.raw, link.url):
            out.append(_skipped(link, EXTERNAL, f"not checked: {link.url} is {EXTERNAL}"))
            continue
        if (
            target is None
            and sphinx is not None
            and template is None
            and is_target(sphinx, path_part)
        ):  # MyST's [text](name): a reference target defined somewhere in the project
            out.append(_target(link, path_part))
            continue
        if target is None:
            out.append(
                replace(
                    link,
                    check=LinkCheck(
                        status="broken",
                        reason="file not found",
                        error=f"file not found: {found.tried.as_posix()}",
                    ),
                )
            )
            continue
        if target.is_dir():
            out.append(_ok(link, None, target.as_posix()))
            continue
        anchors = None
        if link.fragment:
            if target not in cache and read is _read:  # the same page, linked from many
                cache[target] = _shared_anchors(target, _stamp(target), style, terms, generator)
            elif target not in cache:
                cache[target] = _anchors_for(target, read(target), style, terms, generator)
            anchors = cache[target]
        out.append(_ok(link, anchors, target.as_posix()))
    return tuple(out)


def _project_fragment(
    link: Link, sphinx: Site | None, anchors: frozenset[str] | None
) -> Link | None:
    """MyST's ``[text](#name)`` on a Sphinx site, when this page has no such anchor: a
    reference target defined anywhere in the project (ok), or another project's object through
    intersphinx (not decided offline); None otherwise."""
    if sphinx is None or not link.fragment or anchors is None:
        return None
    name = unquote(link.fragment)
    if link.fragment in anchors or name in anchors:
        return None
    if is_target(sphinx, name):
        return _target(link, name)
    if intersphinx_name(sphinx, name):
        return _skipped(link, INTERSPHINX, f"not checked: #{name} may be {INTERSPHINX}")
    return None


def _skipped(link: Link, reason: str, error: str) -> Link:
    return replace(link, check=LinkCheck(status="skipped", reason=reason, error=error))


def _marked_external(text: str, url: str) -> bool:
    """MyST's ``[text](dest){.external}``: the author asks for the link as written, a URL."""
    pattern = r"\]\(<?" + re.escape(url) + r">?\)\{[^{}\n]*\.external\b"
    return re.search(pattern, text) is not None


def _outside(link: Link, found: Resolved) -> Link:
    check = LinkCheck(
        status="skipped",
        reason=found.why,
        error=f"not checked: {found.tried.as_posix()} is {found.why}",
    )
    return replace(link, check=check)


def _on_the_web(
    link: Link, site: Site | None, doc_path: Path, base_url: str | None, fence: Path | None
) -> Link | None:
    """With ``--base-url``, a link that leaves the tree is read from the page's published
    address and checked on the web; without it, or when that address is unknown, None."""
    if not base_url or link.url.startswith(("{{", "{%", "@")):
        return None
    page = page_url(site, doc_path)
    if page is None and fence is not None:
        try:
            page = doc_path.relative_to(fence).as_posix()
        except ValueError:
            page = None
    if page is None:
        return None
    return _absolute(link, urljoin(urljoin(base_url.rstrip("/") + "/", page), link.url))


def _ok(link: Link, anchors: frozenset[str] | None, where: str) -> Link:
    page = PageMeta(anchors=anchors) if anchors is not None else None
    return replace(link, check=LinkCheck(status="ok", reason=f"local file {where}"), page=page)


def _target(link: Link, name: str) -> Link:
    """A link that lands on a project-wide reference target: ok, saying which convention."""
    return replace(link, check=LinkCheck(status="ok", reason=f"{TARGET} {name!r}"))


def _absolute(link: Link, url: str) -> Link:
    """A root-relative link mapped onto the published site: checked like any web link."""
    return pointed_at(link, url)
