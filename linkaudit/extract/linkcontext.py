"""What stands around one link in its document: the words near it, the ``rel`` of its ``<a>``
tag, and the document's own site. LINK012 and LINK014 ask, to tell an instruction or the
site's own link from a citation. Pure functions over the document's source; no I/O.
"""

from __future__ import annotations

import functools
import html
import ipaddress
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from linkaudit.extract.hosts import site_of
from linkaudit.model import Document, Link, LinkRef
from linkaudit.settings import (
    HTML_HEAD_CHARS,
    INSTRUCTION_CONTEXT_CHARS,
    LOCAL_SERVER_WORDS,
    OWN_SITE_MIN_LINKS,
    OWN_SITE_MIN_SHARE,
    TITLE_CONTEXT_CHARS,
)

__all__ = [
    "anchor_has_text",
    "anchor_shows_title",
    "near_text",
    "prose_around",
    "source_offset",
    "says_open_locally",
    "is_own_machine",
    "rel_of",
    "declared_hosts",
    "own_hosts",
    "same_site",
]

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_BASE = re.compile(r"""<base\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@functools.lru_cache(maxsize=4)  # the document being checked; never a scan's worth
def _line_starts(raw: str) -> tuple[int, ...]:
    starts = [0]
    for m in re.finditer("\n", raw):
        starts.append(m.end())
    return tuple(starts)


def _offset(raw: str, line: int, column: int) -> int:
    starts = _line_starts(raw)
    if not 1 <= line <= len(starts):
        return len(raw)
    return min(len(raw), starts[line - 1] + max(0, column - 1))


def source_offset(raw: str, line: int, column: int) -> int:
    """The offset in ``raw`` of a 1-based source line and column."""
    return _offset(raw, line, column)


def near_text(doc: Document, ref: LinkRef, chars: int = INSTRUCTION_CONTEXT_CHARS) -> str:
    """The words within ``chars`` of a link, in its paragraph (and the paragraph's lead-in
    line just before, as in "Start the server:" over the address), tags and the URL dropped."""
    raw = doc.raw
    at = _offset(raw, ref.line, ref.column)
    start = max(0, at - chars)
    end = min(len(raw), at + len(ref.url) + chars)
    before = raw[start:at]
    after = raw[at + len(ref.url) : end]
    # stay in the paragraph, but keep one lead-in line ending in ":" before a blank line
    cut = before.rfind("\n\n")
    if cut != -1:
        lead = before[:cut].rstrip()
        lead_line = lead[lead.rfind("\n") + 1 :]
        before = (lead_line + " " if lead_line.endswith(":") else "") + before[cut:]
    cut = after.find("\n\n")
    if cut != -1:
        after = after[:cut]
    return _TAG.sub(" ", before + " " + after)


def says_open_locally(text: str, words: tuple[str, ...] = LOCAL_SERVER_WORDS) -> bool:
    """Whether ``text`` tells the reader to run, start, open or visit something (in several
    languages): a word of ``words`` starts one of its words (CJK: appears in it)."""
    folded = text.casefold()
    tokens = _WORD.findall(folded)
    for w in words:
        if _CJK.search(w):
            if w in folded:
                return True
        elif " " in w:
            if w in " ".join(tokens):
                return True
        elif any(t.startswith(w) for t in tokens):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def is_own_machine(host: str | None) -> bool:
    """Whether ``host`` is the reader's own machine: localhost, a loopback or the unspecified
    address (``0.0.0.0``: what a development server says it listens on)."""
    if not host:
        return False
    name = host.lower().strip("[]").rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def rel_of(doc: Document, ref: LinkRef) -> frozenset[str]:
    """The ``rel`` tokens of the HTML tag a link stands in (``sponsored``, ``nofollow``), or
    none (a Markdown link has no ``rel``)."""
    if doc.format != "html" and "<" not in doc.raw:
        return frozenset()
    raw = doc.raw
    at = _offset(raw, ref.line, ref.column)
    opened = raw.rfind("<", max(0, at - 2000), at + 1)
    if opened == -1 or raw.rfind(">", opened, at) != -1:
        return frozenset()
    closed = raw.find(">", at)
    tag = raw[opened : closed if closed != -1 else min(len(raw), at + 2000)]
    m = _REL.search(tag)
    if not m:
        return frozenset()
    value = next(g for g in m.groups() if g is not None)
    return frozenset(value.lower().split())


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return (urlsplit(url.strip()).hostname or "").lower() or None
    except ValueError:
        return None


#: Where a saved page's address may come from for it to say which site the page is (JSON-LD
#: ``url`` is left out: it may name the publisher or an item the page only mentions).
_DECLARED_SITE_SOURCES = frozenset({"base", "saved-from", "canonical", "og:url"})


def declared_hosts(doc: Document, base_url: str | None = None) -> frozenset[str]:
    """The hosts the document itself says are its own: its declared address (front matter
    ``url`` or ``permalink``, ``rel=canonical``, ``og:url``), its ``<base href>``, the
    browser's "saved from" mark, and ``--base-url``. Never guessed from its links."""
    hosts = {_host(doc.meta.url), _host(base_url)}
    if doc.meta.site_url_source in _DECLARED_SITE_SOURCES:
        hosts.add(_host(doc.meta.site_url))
    if doc.format == "html":
        m = _BASE.search(doc.raw[:HTML_HEAD_CHARS])
        if m:
            hosts.add(_host(m.group(1)))
    return frozenset(h for h in hosts if h)


def own_hosts(
    doc: Document, base_url: str | None = None, links: Sequence[Link] = ()
) -> frozenset[str]:
    """The hosts of the document's own site: those it declares (`declared_hosts`); for a saved
    page that declares none, the host most of its links go to (its own navigation)."""
    hosts = declared_hosts(doc, base_url)
    if not hosts and doc.format == "html" and links:
        guessed = _busiest_site(links)
        return frozenset({guessed}) if guessed else hosts
    return hosts


def _busiest_site(links: Sequence[Link]) -> str | None:
    """The site most of a page's links point to, when it clearly dominates."""
    counts: dict[str, int] = {}
    total = 0
    for link in links:
        if link.host:
            total += len(link.locations)
            site = site_of(link.host) or link.host
            counts[site] = counts.get(site, 0) + len(link.locations)
    if not counts:
        return None
    site, n = max(counts.items(), key=lambda kv: kv[1])
    return site if n >= OWN_SITE_MIN_LINKS and n >= total * OWN_SITE_MIN_SHARE else None


def same_site(host: str | None, own: frozenset[str]) -> bool:
    """Whether ``host`` belongs to one of the sites in ``own`` (subdomains included)."""
    if not host or not own:
        return False
    site = site_of(host)
    return any(site_of(o) == site for o in own)


_A_END = re.compile(r"</a\s*>", re.IGNORECASE)


def anchor_shows_title(doc: Document, ref: LinkRef) -> bool:
    """Whether a link's cited title is text the reader sees: not an image's alt text or a
    ``title`` attribute standing in for an empty HTML link, unless a title line gave it."""
    if doc.format != "html" or ref.element != "a" or ref.cited_title != (ref.text or "").strip():
        return True
    return anchor_has_text(doc, ref)


def anchor_has_text(doc: Document, ref: LinkRef) -> bool:
    """Whether an HTML link shows any text (an image-only or empty ``<a>`` shows none); links
    of other formats always do."""
    if doc.format != "html" or ref.element != "a":
        return True
    raw = doc.raw
    at = _offset(raw, ref.line, ref.column)
    opened = raw.find(">", at)
    if opened == -1:
        return True
    closed = _A_END.search(raw, opened, opened + 20_000)
    if closed is None:
        return True
    inner = _TAG.sub(" ", raw[opened + 1 : closed.start()])
    return any(ch.isalnum() for ch in inner)


# --- the sentence a link stands in ----------------------------------------------------------

_HTML_BLOCK_EDGE = re.compile(
    r"<(?:/?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|td|th|tr|table|blockquote|section|article|"
    r"header|footer|aside|nav|figure|figcaption|main|pre)\b|br\b)[^>]*>",
    re.IGNORECASE,
)
_A_START = re.compile(r"<a\b", re.IGNORECASE)
_MD_BLOCK_EDGE = re.compile(r"\n\s*\n|\n\s{0,3}(?:[-*+]|\d{1,3}[.)]|#{1,6}|>)\s")
_MD_REFERENCE = re.compile(r"\[[^\]\n]*\](?:\[[^\]\n]*\])?")


def _unescape(text: str) -> str:
    return html.unescape(text)


def prose_around(
    doc: Document, ref: LinkRef, chars: int = TITLE_CONTEXT_CHARS
) -> tuple[str, str] | None:
    """The visible words just before and just after a link's text, inside its block (its
    paragraph, list item or heading), or None when the link's extent cannot be found (a bare
    URL, a link of a plain-text document)."""
    raw = doc.raw
    at = _offset(raw, ref.line, ref.column)
    if doc.format == "html":
        opens = list(_A_START.finditer(raw, max(0, at - 2000), at))
        if not opens:
            return None
        start = opens[-1].start()
        closed = _A_END.search(raw, at, at + 20_000)
        if closed is None:
            return None
        end = closed.end()
        before = raw[max(0, start - chars) : start]
        after = raw[end : end + chars]
        edges = list(_HTML_BLOCK_EDGE.finditer(before))
        before = before[edges[-1].end() :] if edges else before
        edge = _HTML_BLOCK_EDGE.search(after)
        after = after[: edge.start()] if edge else after
        return _unescape(_TAG.sub("", before)), _unescape(_TAG.sub("", after))
    if doc.format != "markdown":
        return None
    if ref.element == "inline":
        start = raw.rfind("[", max(0, at - 2000), at)
        end = raw.find(")", at)
        if start == -1 or end == -1:
            return None
        end += 1
    elif ref.element == "reference":
        m = _MD_REFERENCE.match(raw, at)
        if m is None:
            return None
        start, end = at, m.end()
    else:
        return None
    before = raw[max(0, start - chars) : start]
    after = raw[end : end + chars]
    edges = list(_MD_BLOCK_EDGE.finditer(before))
    before = before[edges[-1].end() :] if edges else before
    edge = _MD_BLOCK_EDGE.search(after)
    after = after[: edge.start()] if edge else after
    return _md_words(before), _md_words(after)


_MD_LINK = re.compile(r"!?\[([^\]\n]*)\](?:\([^)\s]*(?:\s+\"[^\"]*\")?\)|\[[^\]\n]*\])?")
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _md_words(text: str) -> str:
    """Markdown as a reader sees it: a link's text without its target, no tags, no URLs."""
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    return _BARE_URL.sub(" ", _TAG.sub("", text))
