"""Where two places in a document stand relative to each other: on adjacent lines, in one
paragraph, in one list, in one "Sources" section. LINK008 asks, to tell a pasted duplicate
(the same URL twice in one paragraph or one list of sources) from a source cited again later
(normal writing). Pure functions over the document's source; no parsing beyond line shapes
(Markdown, text) and block tags (HTML).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from linkaudit.settings import (
    DUPLICATE_LINK_NEAR_LINES,
    HTML_LOOKBACK_CHARS,
    LIST_ITEM_MAX_CHARS,
    SOURCE_ENTRY_MAX_OTHER_WORDS,
    SOURCE_LIST_HEADINGS,
    SOURCE_LIST_LOOKBACK_CHARS,
)

__all__ = [
    "Layout",
    "in_list_item",
    "layout_of",
    "same_line_twice",
    "same_place",
    "sentence_between",
    "source_list",
    "text_between_links",
]

_LIST_ITEM = re.compile(r"^\s{0,12}(?:[-*+\u2022\u2013]|\d{1,3}[.)]|\[\d{1,3}\])\s+\S")
_BARE_URL_LINE = re.compile(r"^\s*(?:[<(\[]?\s*)(?:https?://|www\.)\S+\s*[>)\]]?\s*$", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_HTML_BLOCK = re.compile(
    r"<(/?)(p|div|li|ul|ol|dl|dt|dd|h[1-6]|section|article|aside|header|footer|nav|table|tr|"
    r"td|th|blockquote|figure|figcaption|pre|hr|main|details|summary)\b[^>]*>",
    re.IGNORECASE,
)
_HTML_HEADING = re.compile(r"<(h[1-6])\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Layout:
    """A document's lines with what each one is: blank, a list item, a bare URL, a heading."""

    format: str
    raw: str
    lines: tuple[str, ...]
    line_starts: tuple[int, ...]


@functools.lru_cache(maxsize=4)  # the document being checked; never a scan's worth
def layout_of(fmt: str, raw: str) -> Layout:
    lines = tuple(line.rstrip("\r") for line in raw.split("\n"))
    starts = [0]
    for line in raw.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return Layout(fmt, raw, lines, tuple(starts))


def _blank(line: str) -> bool:
    return not line.strip()


def _listish(line: str) -> bool:
    return bool(_LIST_ITEM.match(line) or _BARE_URL_LINE.match(line))


def _heading_text(lines: tuple[str, ...], i: int) -> str | None:
    """The heading line ``i`` (0-based) is, if it is one: ``# Sources``, ``Sources`` over
    ``----``, or a short line of its own ending in a colon (``Sources:``)."""
    line = lines[i]
    m = _MD_HEADING.match(line)
    if m:
        return m.group(1)
    if i + 1 < len(lines) and line.strip() and _SETEXT.match(lines[i + 1]):
        return line.strip()
    stripped = line.strip().strip("*_")
    if stripped.endswith(":") and 0 < len(_WORDS.findall(stripped)) <= 3:
        return stripped[:-1]
    return None


def _names_sources(heading: str) -> bool:
    words = [w.casefold() for w in _WORDS.findall(heading)]
    text = " ".join(words)
    return 0 < len(words) <= 4 and any(
        text == h or text.startswith(h + " ") for h in SOURCE_LIST_HEADINGS
    )


def _sources_section(layout: Layout, first: int, last: int) -> bool:
    """Whether lines ``first``..``last`` (0-based) both sit under one heading that names a
    list of sources, with no other heading between."""
    lines = layout.lines
    if any(_heading_text(lines, i) is not None for i in range(first + 1, last + 1)):
        return False
    for i in range(first - 1, -1, -1):
        heading = _heading_text(lines, i)
        if heading is not None:
            return _names_sources(heading)
    return False


def _text_place(layout: Layout, a: int, b: int) -> str | None:
    """Markdown and text: how lines ``a`` <= ``b`` (1-based) relate, or None."""
    lines = layout.lines
    if not (1 <= a <= len(lines) and 1 <= b <= len(lines)):
        return None
    if a == b:
        return "on one line"
    between = lines[a : b - 1]
    if b - a <= DUPLICATE_LINK_NEAR_LINES:
        return "on adjacent lines"
    if not any(_blank(line) for line in between):
        if _one_list(lines[a - 1], between, lines[b - 1]) and any(
            _LIST_ITEM.match(x) for x in (*between, lines[b - 1])
        ):
            return "in one list"  # two items of a tight list (no blank line between items)
        return "in one paragraph"
    if _one_list(lines[a - 1], between, lines[b - 1]):
        return "in one list"
    if _sources_section(layout, a - 1, b - 1):
        return "in one list of sources"
    return None


def _one_list(first: str, between: tuple[str, ...], last: str) -> bool:
    """Two list items with only items, blank lines and indented continuations between them."""
    return (
        _listish(first)
        and _listish(last)
        and all(_blank(x) or _listish(x) or x.startswith((" ", "\t")) for x in between)
    )


def _offset(layout: Layout, line: int, column: int) -> int:
    if not 1 <= line <= len(layout.line_starts):
        return len(layout.raw)
    return layout.line_starts[line - 1] + max(0, column - 1)


def _html_place(layout: Layout, a: tuple[int, int], b: tuple[int, int]) -> str | None:
    """HTML: whether two positions share a block (no block tag between them) or a list (only
    item boundaries between them, the list itself not closed), or a sources section."""
    start, end = _offset(layout, *a), _offset(layout, *b)
    if end < start:
        start, end = end, start
    between = layout.raw[start:end]
    tags = [(m.group(1) == "/", m.group(2).lower()) for m in _HTML_BLOCK.finditer(between)]
    if not tags:
        return "in one paragraph"
    depth = 0
    items = 0
    in_list = True
    for closing, name in tags:
        if name in ("ul", "ol", "dl"):
            depth += -1 if closing else 1
            if depth < 0:
                in_list = False
                break
        elif name in ("li", "dt", "dd"):
            items += 1
        elif depth == 0 and name.startswith("h"):
            in_list = False
            break
    if in_list and items and depth == 0 and _inside_list(layout.raw, start):
        return "in one list"
    if not any(name.startswith("h") and len(name) == 2 for _, name in tags):
        before = _HTML_HEADING.findall(layout.raw[max(0, start - HTML_LOOKBACK_CHARS) : start])
        if before and _names_sources(_TAG.sub(" ", before[-1][1])):
            return "in one list of sources"
    return None


def _inside_list(raw: str, offset: int) -> bool:
    """Whether ``offset`` stands inside an open list item (``<li>`` not yet closed)."""
    head = raw[max(0, offset - HTML_LOOKBACK_CHARS) : offset].lower()
    opened = head.rfind("<li")
    closed = head.rfind("</li")
    return opened != -1 and opened > closed


def in_list_item(layout: Layout, line: int, column: int) -> bool:
    """Whether a (line, column) position stands in a list item: an HTML ``<li>`` not yet
    closed; in Markdown or text, an item's line (``-``, ``*``, ``1.``) or one of its indented
    continuation lines."""
    if layout.format == "html":
        return _inside_list(layout.raw, _offset(layout, line, column))
    lines = layout.lines
    i = line - 1
    if not 0 <= i < len(lines):
        return False
    while i >= 0:
        text = lines[i]
        if _LIST_ITEM.match(text):
            return True
        if not (_blank(text) and i != line - 1) and not text.startswith((" ", "\t")):
            return False  # an unindented line that is no item: a paragraph, not a list
        i -= 1
    return False


def same_line_twice(layout: Layout, a: int, b: int) -> bool:
    """Whether lines ``a`` and ``b`` (1-based), near each other, are one line written twice."""
    lines = layout.lines
    if (
        a == b
        or abs(b - a) > DUPLICATE_LINK_NEAR_LINES
        or not (1 <= a <= len(lines) and 1 <= b <= len(lines))
    ):
        return False
    return lines[a - 1].strip() == lines[b - 1].strip() != ""


def same_place(layout: Layout, a: tuple[int, int], b: tuple[int, int]) -> str | None:
    """How two (line, column) positions relate when that makes a repetition a likely paste
    error ("on adjacent lines", "in one paragraph", "in one list", "in one list of sources"),
    else None (two separate passages citing one source)."""
    if b < a:
        a, b = b, a
    if layout.format == "html":
        if same_line_twice(layout, a[0], b[0]):
            return "on adjacent lines"
        return _html_place(layout, a, b)
    return _text_place(layout, a[0], b[0])


_LINK_END = re.compile(r"</a\s*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|\w+);", re.IGNORECASE)


def text_between_links(layout: Layout, a: tuple[int, int], b: tuple[int, int]) -> str:
    """HTML: the visible text between the end of the link at ``a`` and the link at ``b``
    (empty when an image link and its headline link stand side by side)."""
    start, end = _offset(layout, *a), _offset(layout, *b)
    if end < start:
        start, end = end, start
    closing = _LINK_END.search(layout.raw, start, end)
    if closing is None:
        return "x"  # the second link stands inside the first one's text: say something is
    between = layout.raw[closing.end() : end]
    opened = between.rfind("<")
    between = between[:opened] if opened != -1 else between
    text = _ENTITY.sub(" ", _TAG.sub(" ", between))
    return "".join(ch for ch in text if ch.isalnum())


# --- a sentence, a list of sources ---------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]\n]*)\](?:\([^)\s]*(?:\s+\"[^\"]*\")?\)|\[[^\]\n]*\])?")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
#: A sentence ends: a full stop, "!" or "?" (closing quotes and brackets after it) followed by
#: a capital or a digit starting the next sentence; or a CJK full stop.
_SENTENCE_END = re.compile(
    r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]*]*\s+[\"'\u201c\u2018\u00ab(\[*_]*[^\W\d_a-z\u00df-\u00ff]|[\u3002\uff01\uff1f]"
)


def _visible(layout: Layout, start: int, end: int) -> str:
    """The words between two offsets: markup, link targets and URLs taken out."""
    chunk = layout.raw[start:end]
    if layout.format == "html":
        chunk = _ENTITY.sub(" ", _TAG.sub(" ", chunk))
    else:
        chunk = _MD_LINK.sub(lambda m: " " + m.group(1) + " ", chunk)
        chunk = _TAG.sub(" ", chunk)
    return _URL.sub(" ", chunk)


def sentence_between(layout: Layout, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether a sentence ends between two positions of one paragraph: two sentences citing
    one source for two claims is normal writing, the same URL twice in one sentence is not."""
    start, end = _offset(layout, *a), _offset(layout, *b)
    if end < start:
        start, end = end, start
    if layout.format == "html":
        closing = _LINK_END.search(layout.raw, start, end)
        start = closing.end() if closing else start
    else:
        m = _MD_LINK.match(layout.raw, start)
        start = m.end() if m else start
    return bool(_SENTENCE_END.search(_visible(layout, start, end)))


#: Class or id tokens of an HTML list that is a bibliography ("references", "citations").
_SOURCE_LIST_HINT = re.compile(
    r"(?:^|[\s_-])(?:references?|refs|citations?|sources?|bibliography|footnotes?|endnotes?|"
    r"reflist)(?:$|[\s_-])",
    re.IGNORECASE,
)
_IN_LINK = re.compile(r"\x00[^\x00]*\x00")
_HTML_LIST_TAG = re.compile(r"<(/?)(ul|ol|dl)\b([^>]*)>", re.IGNORECASE)


def _item_text(layout: Layout, line: int, column: int) -> str:
    """The visible text of the list item a position stands in (up to `LIST_ITEM_MAX_CHARS`)."""
    if layout.format == "html":
        at = _offset(layout, line, column)
        head = layout.raw[max(0, at - HTML_LOOKBACK_CHARS) : at].lower()
        opened = head.rfind("<li")
        start = at - len(head) + opened if opened != -1 else at
        close = layout.raw.lower().find("</li", at, at + LIST_ITEM_MAX_CHARS)
        end = close if close != -1 else min(len(layout.raw), at + LIST_ITEM_MAX_CHARS)
        return _visible(layout, start, end)
    lines = layout.lines
    i = line - 1
    while i > 0 and not _LIST_ITEM.match(lines[i]) and lines[i].startswith((" ", "\t")):
        i -= 1
    parts = [lines[i]] if 0 <= i < len(lines) else []
    j = i + 1
    while j < len(lines) and lines[j].startswith((" ", "\t")) and not _LIST_ITEM.match(lines[j]):
        parts.append(lines[j])
        j += 1
    text = "\n".join(parts)[:LIST_ITEM_MAX_CHARS]
    text = _MD_LINK.sub(lambda m: " \x00" + m.group(1) + "\x00 ", text)
    return _URL.sub(" ", _TAG.sub(" ", text))


def _entry(layout: Layout, pos: tuple[int, int]) -> bool:
    """Whether a list item is a source entry: its link, and next to no other words."""
    text = _item_text(layout, *pos)
    if layout.format == "html":
        at = _offset(layout, *pos)
        closing = _LINK_END.search(layout.raw, at, at + LIST_ITEM_MAX_CHARS)
        link_text = _visible(layout, at, closing.start()) if closing else ""
        other = len(_WORDS.findall(text)) - len(_WORDS.findall(link_text))
    else:
        other = len(_WORDS.findall(_IN_LINK.sub(" ", text)))
    return other <= SOURCE_ENTRY_MAX_OTHER_WORDS


def _html_source_list(layout: Layout, at: int) -> bool:
    """Whether a list that encloses ``at`` (the innermost, or one around it) is marked as a
    bibliography by its class or id."""
    head = layout.raw[max(0, at - SOURCE_LIST_LOOKBACK_CHARS) : at]
    depth = 0
    for m in reversed(list(_HTML_LIST_TAG.finditer(head))):
        if m.group(1):
            depth += 1
        elif depth:
            depth -= 1
        elif _SOURCE_LIST_HINT.search(re.sub(r"[\"'=]", " ", m.group(3))):
            return True
    return False


def source_list(layout: Layout, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two items of one list stand in a list of sources: a list under a heading that
    says so ("Sources", "References"), an HTML list marked so (``class="references"``), or a
    list whose two items are each a link with next to no other words. A list of prose items
    linking one project twice is normal writing."""
    if b < a:
        a, b = b, a
    if layout.format == "html":
        start = _offset(layout, *a)
        if _html_source_list(layout, start):
            return True
        before = _HTML_HEADING.findall(layout.raw[max(0, start - HTML_LOOKBACK_CHARS) : start])
        if before and _names_sources(_TAG.sub(" ", before[-1][1])):
            return True
    elif _sources_section(layout, a[0] - 1, b[0] - 1):
        return True
    return _entry(layout, a) and _entry(layout, b)
