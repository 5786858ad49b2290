"""An HTML article as an editor reads it, for the HTML report's article pane.

The page's source (markup, scripts, styles, navigation) is not what an editor reviews: its text
is. This turns the page into readable paragraphs of its body region, each labelled with the
source line it starts on (so findings, which carry source lines, still point somewhere), with the
cited links as runs of their own. Pure: the report parses the source it was given, with the
standard library's parser, which keeps source lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

from linkaudit.extract.urls import find_urls, join_url, page_base
from linkaudit.readers.html import parse_html
from linkaudit.settings import READING_MAX_PARAGRAPHS

__all__ = ["Run", "Paragraph", "read_paragraphs"]

_SPACE = re.compile(r"\s+")

#: Never text an editor reads.
_HIDDEN = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "svg",
        "math",
        "head",
        "title",
        "iframe",
        "object",
        "embed",
        "canvas",
        "form",
        "button",
        "select",
        "textarea",
        "input",
    }
)
#: Page furniture, left out of the reading view (its links are still listed and checked).
_FURNITURE = frozenset({"nav", "aside", "footer", "menu"})
_FURNITURE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search"}
)
#: Elements that start a paragraph of their own.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "pre",
        "address",
        "hr",
        "br",
    }
)
_KINDS = {
    **{f"h{i}": "heading" for i in range(1, 7)},
    "li": "item",
    "blockquote": "quote",
    "pre": "code",
    "figcaption": "caption",
}


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of a paragraph's text; ``url`` set when it is a cited link (its anchor text,
    or the URL itself where the text shows one)."""

    text: str
    url: str | None = None
    line: int | None = None  # the source line of the link


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One readable block: the source line it starts on, its kind, its runs."""

    line: int
    kind: str  # text | heading | item | quote | code | caption
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def _root(soup: BeautifulSoup) -> tuple[Tag | BeautifulSoup, bool]:
    """The piece's own region (``<article>``, ``<main>``, ``itemprop=articleBody``), else
    ``<body>``; and whether it is a region of its own (a page header then belongs to it)."""
    for found in (
        soup.find(None, {"itemprop": "articleBody"}),
        soup.find("article"),
        soup.find("main"),
    ):
        if isinstance(found, Tag):
            return found, True
    return (soup.body if isinstance(soup.body, Tag) else soup), False


def _skipped(tag: Tag, in_region: bool) -> bool:
    if tag.name in _HIDDEN or tag.name in _FURNITURE:
        return True
    if tag.name == "header" and not in_region:
        return True
    role = tag.get("role")
    if isinstance(role, str) and role in _FURNITURE_ROLES:
        return True
    return tag.has_attr("hidden") or tag.get("aria-hidden") == "true"


#: (what, the block tag it opens or closes, text, href, source line)
_Event = tuple[str, Tag | None, str, str | None, int]


def _events(root: Tag | BeautifulSoup, in_region: bool) -> Iterator[_Event]:
    """The tree in reading order, without recursion (pages may nest thousands deep): "open"
    and "close" at a block, "text", and "link" (a whole ``<a href>`` with its text)."""
    stack: list[tuple[object, bool]] = [(child, False) for child in reversed(root.contents)]
    line_of: list[int] = [getattr(root, "sourceline", None) or 1]
    while stack:
        node, closing = stack.pop()
        if closing:
            line_of.pop()
            assert isinstance(node, Tag)
            if node.name in _BLOCKS:
                yield "close", node, "", None, line_of[-1]
            continue
        if isinstance(node, Tag):
            if _skipped(node, in_region):
                continue
            line = node.sourceline or line_of[-1]
            href = node.get("href") if node.name == "a" else None
            if isinstance(href, str) and href.strip():
                yield "link", None, " ".join(node.get_text(" ").split()), href.strip(), line
                continue
            if node.name in _BLOCKS:
                yield "open", node, "", None, line
            line_of.append(line)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) is NavigableString:  # not comments, doctypes, CDATA
            yield "text", None, str(node), None, line_of[-1]


def read_paragraphs(raw: str, page_url: str | None = None) -> list[Paragraph]:
    """The readable paragraphs of an HTML page, in order, at most `READING_MAX_PARAGRAPHS`;
    links resolved as the reader resolves them (against ``<base href>`` and ``page_url``)."""
    soup = parse_html(raw, "html.parser")  # raises ParserRejectedMarkup on some input
    root, in_region = _root(soup)
    base = page_url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag) and isinstance(base_tag.get("href"), str):
        base = page_base(page_url, str(base_tag.get("href")))
    out: list[Paragraph] = []
    runs: list[Run] = []
    start: int | None = None
    kinds: list[str] = []
    pre = 0

    def flush() -> None:
        nonlocal runs, start
        cleaned = _clean(runs, keep_space=pre > 0)
        if cleaned and start is not None and len(out) < READING_MAX_PARAGRAPHS:
            out.append(Paragraph(start, kinds[-1] if kinds else "text", tuple(cleaned)))
        runs, start = [], None

    for event, tag, text, href, line in _events(root, in_region):
        if tag is not None:
            flush()
            if len(out) >= READING_MAX_PARAGRAPHS:
                break  # the pane is full: the rest of a huge page is not read for it
            if event == "open":
                kinds.append(_KINDS.get(tag.name, kinds[-1] if kinds else "text"))
                pre += tag.name == "pre"
            else:
                if kinds:
                    kinds.pop()
                pre -= tag.name == "pre"
        elif href is not None:
            if start is None:
                start = line
            runs.append(Run(text or href, join_url(base, href), line))
        else:
            if start is None and text.strip():
                start = line
            runs.extend(_text_runs(text, line))
    flush()
    return out


def _text_runs(text: str, line: int) -> list[Run]:
    """Plain text, with the URLs it shows as runs of their own."""
    if "://" not in text and "www." not in text.lower():
        return [Run(text)]
    runs = []
    pos = 0
    for start, end, url in find_urls(text):
        if start > pos:
            runs.append(Run(text[pos:start]))
        runs.append(Run(text[start:end], url, line + text.count("\n", 0, start)))
        pos = end
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return runs


def _clean(runs: list[Run], keep_space: bool) -> list[Run]:
    """White space as a browser shows it: runs of it one space, none at the ends (``<pre>``
    keeps its own); a link's own text trimmed, the spaces around it plain text."""
    if not any(r.text.strip() for r in runs):
        return []
    if keep_space:
        return [r for r in runs if r.text]
    out: list[Run] = []

    def after_space() -> bool:
        return not out or out[-1].text.endswith(" ")

    for run in runs:
        if run.url is not None:
            if run.text[:1].isspace() and not after_space():
                out.append(Run(" "))
            out.append(Run(" ".join(run.text.split()) or run.url, run.url, run.line))
            if run.text[-1:].isspace():
                out.append(Run(" "))
            continue
        text = _SPACE.sub(" ", run.text)
        if text.startswith(" ") and after_space():
            text = text[1:]
        if text:
            out.append(Run(text))
    while out and out[-1].url is None and out[-1].text.endswith(" "):
        out[-1] = Run(out[-1].text.rstrip())
        if not out[-1].text:
            out.pop()
    return out
