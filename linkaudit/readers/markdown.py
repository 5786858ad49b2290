"""Markdown via markdown-it-py: inline, reference, autolinks, bare URLs, images and raw HTML.

markdown-it gives each block its source lines but inline tokens no columns, and it normalises
hrefs (percent-encoding, entities). So for each block we walk its inline tokens in order and find
each one in the block's source text with a cursor: the position is exact and the URL is kept as
written.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference, unescapeAll
from markdown_it.token import Token

from linkaudit.extract.titles import attach_titles, find_title_lines
from linkaudit.extract.urls import find_urls, ipv6_urls, trim_url, url_at
from linkaudit.model import DocMeta, Document, LinkRef, Region, TextMap
from linkaudit.readers.common import mask_spans
from linkaudit.readers.frontmatter import split_front_matter
from linkaudit.settings import MAX_MARKDOWN_RESUMES

__all__ = ["read_markdown"]

_INLINE_DEST = re.compile(r"\]\(\s*(<[^<>\n]*>|(?:[^\s()]|\((?:[^\s()]|\([^\s()]*\))*\))+)")
_AUTOLINK = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*|[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9.-]+)>"
)
#: A reference link as written, ``[text][label]``, ``[label][]`` or ``[label]`` (not an inline
#: link, nor a definition): what the plain-text pass resolves against the definitions. A label
#: stops at the next bracket, so a line of brackets is read in linear time.
_REF_USE = re.compile(r"(?<![\]\\])\[([^\[\]\n]+)\](?:\[([^\[\]\n]*)\])?(?![(:\[])")
_REF_DEF = re.compile(
    r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(?:\n[ \t]*)?(<[^<>\n]*>|\S+)", re.MULTILINE
)


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"linkify": True, "html": True}).enable(
        ["linkify", "table", "strikethrough"]
    )
    md.linkify.set({"fuzzy_email": False, "fuzzy_ip": False})  # type: ignore[union-attr]
    # markdown-it percent-encodes and punycodes every href (a third of its parse time); the
    # reader only matches hrefs back to the destinations written in the source, and URLs are
    # normalised later by extract.urls, so hrefs are kept as parsed.
    md.normalizeLink = _as_parsed  # type: ignore[method-assign]
    md.core.ruler.at("inline", _inline_where_read)
    md.linkify.pretest = _pretest(md.linkify)  # type: ignore[union-attr]
    return md


#: What a paragraph's text must hold for its inline tokens to give the reader anything: a
#: link, image or reference (``[``), an autolink or raw HTML (``<``), a code span (`````), a
#: URL linkify finds and the reader keeps (``://`` or ``mailto:``, or ``www.``), an IPv6 URL
#: (``://[``). Without any of these its tokens are plain text, which the reader skips.
_READ_INLINE = re.compile(r"[\[<`:]|www\.", re.IGNORECASE)


def _inline_where_read(state: Any) -> None:
    """markdown-it's core ``inline`` rule, run only on the paragraphs that may hold something
    the reader reads (see `_READ_INLINE`); the others keep no children. Inline parsing is
    half of markdown-it's time, and a paragraph of plain prose needs none."""
    md = state.md
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if _READ_INLINE.search(token.content):
                md.inline.parse(token.content, md, state.env, token.children)


def _pretest(linkify: Any) -> Any:
    """linkify-it's ``pretest`` with its one regex split in three searches: the same answer
    (a search for ``A|B|@`` finds a match where one of them does), without trying the
    schema alternative, led by a large character class, at every position of every paragraph."""
    whole, host = linkify.re["pretest"], linkify.re["host_fuzzy_test"]
    tail = ")|(" + host + ")|@"
    if not (whole.startswith("(") and whole.endswith(tail)):
        return linkify.pretest  # another linkify-it: its own pretest
    schema = re.compile(whole[: -len(tail)] + ")", re.IGNORECASE)
    fuzzy = re.compile(host, re.IGNORECASE)

    def pretest(text: str) -> bool:
        return "@" in text or fuzzy.search(text) is not None or schema.search(text) is not None

    return pretest


def _as_parsed(url: str) -> str:
    return url


class _Block:
    """A block's source text with a cursor, mapping block offsets to document offsets."""

    def __init__(self, src: str, line_starts: list[int], start_line: int, end_line: int) -> None:
        self.start = line_starts[start_line]
        end = line_starts[end_line] if end_line < len(line_starts) else len(src)
        self.text = src[self.start : end]
        self.cursor = 0

    def find(self, needle: str) -> int | None:
        i = self.text.find(needle, self.cursor)
        if i == -1:
            return None
        self.cursor = i + len(needle)
        return self.start + i


def _children_text(children: list[Token], i: int) -> str:
    """Plain text of the tokens between children[i] (a link_open) and its link_close."""
    out = []
    depth = 0
    for j in range(i + 1, len(children)):  # no slice: a line of n links would copy n^2 tokens
        tok = children[j]
        if tok.type == "link_open":
            depth += 1
        elif tok.type == "link_close":
            if depth == 0:
                break
            depth -= 1
        elif tok.type in ("text", "code_inline") or tok.type == "image":
            out.append(tok.content)
        elif tok.type == "softbreak":
            out.append(" ")
    return " ".join("".join(out).split())


def read_markdown(source: str, raw: str) -> Document:
    """Read a Markdown article with its YAML front matter."""
    md = _parser()
    front, body = split_front_matter(raw)
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    env: dict[str, Any] = {}
    tokens, plain_ranges = _parse(md, body, line_starts, env)
    refs: list[tuple[int, LinkRef]] = []  # (document offset, ref)
    masked: list[tuple[int, int]] = []
    positions = TextMap.of(body)

    def add(
        offset: int,
        url: str,
        element: str,
        text: str | None,
        in_code: bool = False,
        embedded: bool = False,
        region: Region = Region.BODY,
    ) -> None:
        line, column = positions.position(offset)
        refs.append(
            (
                offset,
                LinkRef(
                    url=url,
                    line=line,
                    column=column,
                    text=text or None,
                    element=element,
                    region=region,
                    in_code=in_code,
                    embedded=embedded,
                ),
            )
        )

    # reference definitions as written, keyed by the href markdown-it gives their links
    definitions: dict[str, str] = {}
    for m in _REF_DEF.finditer(body):
        dest = m.group(2)[1:-1] if m.group(2).startswith("<") else m.group(2)
        # keyed as markdown-it gives the href (normalizeLink is the identity here, so an
        # angle-bracket destination's spaces stay spaces in it); the URL is `_as_url`'s
        definitions.setdefault(md.normalizeLink(unescapeAll(dest)), _as_url(dest))

    for tok in tokens:
        if tok.map is None:
            continue
        block = _Block(body, line_starts, tok.map[0], tok.map[1])
        if tok.type in ("fence", "code_block"):
            masked.append((block.start, block.start + len(block.text)))
            for s, _e, url in find_urls(block.text):
                add(block.start + s, url, "bare", None, in_code=True)
            continue
        if tok.type == "html_block":
            fragment_starts = [0] + [m.end() for m in re.finditer("\n", block.text)]
            for r in html_links(block.text, TextMap.of(block.text)):
                offset = block.start + fragment_starts[r.line - 1] + r.column - 1
                # an embedded post pasted as HTML (a tweet's blockquote): only its permalink
                # is the writer's citation; other raw HTML stays the piece's own text
                region = r.region if r.embedded else Region.BODY
                add(offset, r.url, r.element, r.text, r.in_code, r.embedded, region)
                masked.append((offset, offset + len(r.url)))
            continue
        if tok.type != "inline" or not tok.children:
            continue
        children = tok.children
        in_link = 0  # link_open seen, link_close not yet: its text is no citation of its own
        for i, child in enumerate(children):
            if child.type == "link_close":
                in_link = max(0, in_link - 1)
            elif child.type == "text" and not in_link and "://[" in child.content:
                for _s, _e, url in ipv6_urls(child.content):  # linkify does not see them
                    off = block.find(url)
                    if off is not None:
                        add(off, url, "bare", None)
                        masked.append((off, off + len(url)))
            if child.type == "link_open":
                in_link += 1
                href = str(child.attrs.get("href", ""))
                text = _children_text(children, i)
                if child.markup == "linkify":
                    shown = trim_url(children[i + 1].content if i + 1 < len(children) else href)
                    if "://" not in shown and not shown.lower().startswith(("www.", "mailto:")):
                        continue  # a bare name such as example.com is prose, not a citation
                    off = block.find(shown)
                    if off is not None:
                        shown = _whole_url(block, off, shown)
                        add(off, shown, "bare", None)
                        masked.append((off, off + len(shown)))
                    continue
                if child.markup == "autolink":
                    auto = _find_autolink(block, href, md)
                    if auto is not None:
                        add(auto[0], auto[1], "autolink", None)
                        masked.append((auto[0], auto[2]))
                    continue
                found = _find_inline_dest(block, href, md)
                if found is not None:
                    add(found[0], _as_url(found[1]), "inline", text)
                    masked.append((found[0], found[0] + len(found[1])))
                else:
                    off = block.find("[" + text) if text else None
                    at = off if off is not None else block.start + block.cursor
                    add(at, definitions.get(href, href), "reference", text)
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                found = _find_inline_dest(block, src, md)
                if found is not None:
                    add(found[0], _as_url(found[1]), "img", child.content)
                    masked.append((found[0], found[0] + len(found[1])))
                else:
                    off = block.find("![" + child.content)
                    at = off if off is not None else block.start + block.cursor
                    add(at, definitions.get(src, src), "img", child.content)
            elif child.type == "code_inline":
                off = block.find(child.content)
                if off is not None:
                    masked.append((off, off + len(child.content)))
                    for s, _e, url in find_urls(child.content):
                        add(off + s, url, "bare", None, in_code=True)
            elif child.type == "html_inline":
                off = block.find(child.content)
                if off is None:
                    continue
                anchor = _inline_anchor_text(children, i)
                for r in html_links(child.content, TextMap.of(child.content)):
                    at = off + r.column - 1
                    add(at, r.url, r.element, anchor if r.element == "a" else r.text)
                    masked.append((at, at + len(r.url)))
    known = env.get("references", {})
    for start_line, end_line in plain_ranges:  # nested too deep for the parser: plain text
        block = _Block(body, line_starts, start_line, end_line)
        for s, e, url in find_urls(block.text):
            add(block.start + s, url, "bare", None)
            masked.append((block.start + s, block.start + e))
        for m in _REF_USE.finditer(block.text) if known else ():  # [text][label], [label]
            ref = known.get(normalizeReference(m.group(2) or m.group(1)))
            if ref is not None:
                href = str(ref.get("href", ""))
                add(block.start + m.start(), definitions.get(href, href), "reference", m.group(1))
    for m in _REF_DEF.finditer(body):
        masked.append((m.start(2), m.end(2)))
    refs.sort(key=lambda pair: pair[0])
    ordered = [r for _, r in refs]
    plain = TextMap.of(mask_spans(body, masked))
    titles = find_title_lines(plain)
    tied_refs, tied_titles = attach_titles(ordered, titles, body)
    return Document(
        source=source,
        format="markdown",
        raw=raw,
        text=plain,
        refs=tied_refs,
        meta=_front_meta(front),
        titles=tied_titles,
    )


#: Block tokens that hold what the reader reads (the others only open or close containers).
_LEAVES = frozenset({"inline", "fence", "code_block", "html_block"})
#: Containers whose content markdown-it drops once they stand at its nesting limit.
_CONTAINERS = frozenset(
    {"blockquote_open", "list_item_open", "bullet_list_open", "ordered_list_open"}
)


def _parse(
    md: MarkdownIt, body: str, line_starts: list[int], env: dict[str, Any]
) -> tuple[list[Token], list[tuple[int, int]]]:
    """The leaf block tokens of ``body`` (maps in body lines), and the line ranges to read as
    plain text because markdown-it gave up on them.

    Past its nesting limit markdown-it skips a container's content, and a list there swallows
    the rest of its parent (the rest of the document, at top level). So the skipped lines go to
    the plain-text pass up to the first line that surely stands outside every container (an
    unindented line after a blank one), and parsing resumes there, at most
    `MAX_MARKDOWN_RESUMES` times; each line is parsed or scanned a bounded number of times.
    """
    limit = int(md.options["maxNesting"])
    leaves: list[Token] = []
    plain: list[tuple[int, int]] = []
    start = 0
    for _round in range(MAX_MARKDOWN_RESUMES + 1):
        tokens = md.parse(body[line_starts[start] :], env) if start < len(line_starts) else []
        resume = None
        pending = (t for t in tokens if t.map is not None and t.type in _LEAVES)
        nxt = next(pending, None)
        for first, end in _abandoned(tokens, limit):
            while nxt is not None and nxt.map is not None and nxt.map[0] < end:
                if nxt.map[0] < first:
                    leaves.append(_shifted(nxt, start))
                nxt = next(pending, None)
            resume = _fresh_line(body, line_starts, start + first + 1, start + end)
            plain.append((start + first, resume if resume is not None else start + end))
            if resume is not None:
                break
        if resume is None:
            while nxt is not None:
                leaves.append(_shifted(nxt, start))
                nxt = next(pending, None)
            return leaves, plain
        start = resume
    plain.append((start, len(line_starts)))
    return leaves, plain


def _abandoned(tokens: list[Token], limit: int) -> list[tuple[int, int]]:
    """Line ranges (outermost, in order) of containers whose content the parser skipped."""
    ranges: list[tuple[int, int]] = []
    for tok in tokens:
        if tok.type in _CONTAINERS and tok.level >= limit - 1 and tok.map is not None:
            first, end = tok.map
            if ranges and first < ranges[-1][1]:
                continue  # inside the range already taken
            ranges.append((first, end))
    return ranges


def _fresh_line(body: str, line_starts: list[int], lo: int, hi: int) -> int | None:
    """The first line in ``[lo, hi)`` that starts unindented after a blank line: every
    container, however deep, has ended before it."""
    for line in range(max(lo, 1), min(hi, len(line_starts))):
        at = line_starts[line]
        if (
            at < len(body)
            and not body[at].isspace()
            and not body[line_starts[line - 1] : at].strip()
        ):
            return line
    return None


def _shifted(tok: Token, lines: int) -> Token:
    """``tok`` with its map moved down by ``lines`` (it was parsed from a later part)."""
    if lines and tok.map is not None:
        tok.map = [tok.map[0] + lines, tok.map[1] + lines]
    return tok


def _whole_url(block: _Block, offset: int, shown: str) -> str:
    """A linkified URL with the rest markdown-it cut off at a host's trailing dot
    (``http://example.com.:8080/x``), read as the plain-text finder reads it."""
    at = offset - block.start + len(shown)
    if block.text[at : at + 1] != "." or block.text[at + 1 : at + 2] not in _AFTER_HOST:
        return shown
    whole = url_at(block.text, offset - block.start)
    if whole is None or len(whole) <= len(shown) or not whole.startswith(shown):
        return shown
    block.cursor = offset - block.start + len(whole)
    return whole


#: What may follow a host written with its trailing dot.
_AFTER_HOST = (":", "/", "?", "#")


#: The start of an element the HTML reader takes links from (see readers.html ``_LINK_TAGS``).
_LINK_TAG_START = re.compile(r"<(?:a|area|img|iframe|link)\b", re.IGNORECASE)


def html_links(raw: str, positions: TextMap) -> list[LinkRef]:
    """Links in raw HTML inside Markdown. A fragment with no link element (``<br>``, ``</a>``,
    a ``<div>``) has none, and is not parsed: most raw HTML in Markdown is such, and a parse
    costs more than the rest of reading the fragment's paragraph."""
    if not _LINK_TAG_START.search(raw):
        return []
    from linkaudit.readers.html import html_links as links_in_html

    return links_in_html(raw, positions=positions)


def _as_url(dest: str) -> str:
    """A Markdown destination as the URL it means: backslash escapes and entities decoded, and
    the spaces an angle-bracket destination may hold percent-encoded."""
    return unescapeAll(dest).replace(" ", "%20")


def _inline_anchor_text(children: list[Token], i: int) -> str | None:
    """The text between an inline ``<a ...>`` (children[i]) and its ``</a>``."""
    if not children[i].content.lower().startswith("<a"):
        return None
    parts = []
    for tok in children[i + 1 :]:
        if tok.type == "html_inline" and tok.content.lower().startswith("</a"):
            break
        if tok.type in ("text", "code_inline"):
            parts.append(tok.content)
        elif tok.type == "softbreak":
            parts.append(" ")
    return " ".join("".join(parts).split()) or None


def _find_inline_dest(block: _Block, href: str, md: MarkdownIt) -> tuple[int, str] | None:
    """The next ``](dest`` in the block whose normalised destination is ``href``."""
    pos = block.cursor
    while True:
        m = _INLINE_DEST.search(block.text, pos)
        if m is None:
            return None
        raw = m.group(1)
        dest = raw[1:-1] if raw.startswith("<") else raw
        if md.normalizeLink(unescapeAll(dest)) == href or dest == href:
            start = m.start(1) + (1 if raw.startswith("<") else 0)
            block.cursor = m.end(1)
            return block.start + start, dest
        pos = m.end()


def _find_autolink(block: _Block, href: str, md: MarkdownIt) -> tuple[int, str, int] | None:
    """The next ``<...>`` autolink for ``href``: its offset, its URL, and where it ends."""
    pos = block.cursor
    while True:
        m = _AUTOLINK.search(block.text, pos)
        if m is None:
            return None
        written = m.group(1)
        if "@" in written and ":" not in written:
            written = "mailto:" + written
        if md.normalizeLink(written) == href or written == href:
            block.cursor = m.end()
            return block.start + m.start(1), written, block.start + m.end(1)
        pos = m.end()


def _front_meta(front: dict[str, Any] | None) -> DocMeta:
    if not front:
        return DocMeta()
    dates = {}
    for key in (
        "date",
        "published",
        "publishDate",
        "pubDate",
        "created",
        "updated",
        "lastmod",
        "modified",
    ):
        value = front.get(key)
        if value is not None:
            dates[key.lower()] = str(value)
    title = front.get("title")
    url = front.get("url") or front.get("permalink") or front.get("canonical_url")
    lang = front.get("lang") or front.get("language")
    return DocMeta(
        title=str(title) if title is not None else None,
        url=str(url) if url is not None else None,
        lang=str(lang) if lang is not None else None,
        dates=dates,
    )
