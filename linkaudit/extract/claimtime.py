"""When the words around a citation place the claim it supports: recently, or long ago.

TIME005 asks this before calling an old source stale: an old source cited for history (a 2003
press release for a 2003 award, a 1998 newspaper in an encyclopedia's notes) is normal; one
cited for what is true "now", "this week" or "on Tuesday" may no longer support it. The
citation's own sentence is read first (with the link's text and cited title), then its
paragraph when the sentence says nothing about time. Pure functions over the document's
source; no I/O.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from dataclasses import dataclass

from linkaudit.extract.dates import extract_mentions
from linkaudit.extract.linkcontext import source_offset
from linkaudit.model import DateMention, Document, LinkRef, TextMap
from linkaudit.settings import (
    CLAIM_CONTEXT_CHARS,
    CLAIM_HISTORY_WORDS,
    CLAIM_LABEL_MAX_WORDS,
    CLAIM_NAME_WORDS,
    CLAIM_RECENT_DAYS,
    CLAIM_RECENT_WORDS,
    CLAIM_SOURCE_YEAR_SLACK,
)

__all__ = ["ClaimTime", "citing_context", "claim_time"]

_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|dl|dd|dt|td|th|tr|table|h[1-6]|blockquote|section|article|aside"
    r"|header|footer|figure|figcaption|pre|br|hr|nav|main)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_OPEN_TAG_AT_END = re.compile(r"<[^<>]*$")
_TAG_TAIL_AT_START = re.compile(r"^[^<>]*>")
_URL_AT_START = re.compile(r"""^[^\s"'<>()\[\]]*[)"']?""")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_REF_LINK = re.compile(r"!?\[([^\]\n]*)\]\[[^\]\n]*\]")
_MD_LINK_OPEN_AT_END = re.compile(r"\]\(\s*<?$")
_BARE_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+", re.IGNORECASE)
_MD_BLOCK_START = re.compile(r"\n[ \t]*(?:[-*+]|\d{1,3}[.)]|#{1,6}|>)[ \t]+")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
#: A sentence ends at . ! ? (then space and anything but a lower-case letter) or at CJK stops.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[^\sa-z])|[。！？]")
#: "since January 2019": a state that lasts until the piece's date.
_SINCE = re.compile(r"\b(?:since|seit|depuis|desde)\s+(?:the\s+)?(?:end\s+of\s+)?$", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@dataclass(frozen=True, slots=True)
class ClaimTime:
    """What the text says about when the cited claim holds, and the words that say it."""

    verdict: str  # recent | historical | none
    cue: str | None = None  # the words that decided it
    scope: str = "sentence"  # sentence | paragraph


def _clean(chunk: str, fmt: str) -> str:
    """Plain text of a piece of source: block ends become paragraph breaks, tags, link targets
    and bare addresses go (their dates are the source's, not the claim's)."""
    if fmt == "html" or "<" in chunk:
        chunk = _BLOCK_TAG.sub("\n\n", chunk)
        chunk = _TAG.sub("", chunk)
    if fmt != "html":
        chunk = _MD_BLOCK_START.sub(lambda m: "\n\n" + m.group(0)[1:], chunk)
        chunk = _MD_LINK.sub(r"\1", chunk)
        chunk = _MD_REF_LINK.sub(r"\1", chunk)
    chunk = _BARE_URL.sub(" ", chunk)
    return html.unescape(chunk)


def citing_context(
    doc: Document, ref: LinkRef, chars: int = CLAIM_CONTEXT_CHARS
) -> tuple[str, str]:
    """The sentence a link stands in and its paragraph, as plain text with the link's own text
    (and, when another line names it, its cited title)."""
    raw = doc.raw
    at = source_offset(raw, ref.line, ref.column)
    before = raw[max(0, at - chars) : at]
    after = _URL_AT_START.sub("", raw[at : at + chars + len(ref.url)], count=1)
    if doc.format == "html" or "<" in before[-200:]:
        before = _OPEN_TAG_AT_END.sub("", before)
        after = _TAG_TAIL_AT_START.sub("", after, count=1)
    if doc.format != "html":  # the link's own text stays: "[the report](" -> "the report"
        before = _MD_LINK_OPEN_AT_END.sub("", before)
        opened = before.rfind("[")
        if opened != -1 and "]" not in before[opened:]:
            before = before[:opened] + before[opened + 1 :]
    before, after = _clean(before, doc.format), _clean(after, doc.format)
    cuts = list(_PARAGRAPH.finditer(before))
    p_before = before[cuts[-1].end() :] if cuts else before
    cut = _PARAGRAPH.search(after)
    p_after = after[: cut.start()] if cut else after
    ends = list(_SENTENCE_END.finditer(p_before))
    s_before = p_before[ends[-1].end() :] if ends else p_before
    end = _SENTENCE_END.search(p_after)
    s_after = p_after[: end.end()] if end else p_after
    title = ref.cited_title or ""
    sentence = " ".join((s_before + s_after).split())  # the address stood between them
    paragraph = " ".join((p_before + p_after).split())
    if title and title not in sentence:
        sentence = f"{sentence} {title}"
        paragraph = f"{paragraph} {title}"
    return sentence, paragraph


def _last_day(m: DateMention) -> dt.date | None:
    """The last day an absolute mention can mean (a year: its 31 December)."""
    if m.year is None:
        return None
    year = m.year
    if m.kind == "year-range" and m.offset_years is not None:
        year = m.year + int(m.offset_years)
    elif m.kind == "decade":
        year = m.year + 9
    try:
        if m.month is None:
            return dt.date(year, 12, 31)
        if m.day is None:
            return dt.date(year, m.month, calendar.monthrange(year, m.month)[1])
        return dt.date(year, m.month, m.day)
    except ValueError:
        return None


def _relative_days(m: DateMention) -> float | None:
    """How far from the piece's date a relative mention counts ("yesterday" -1, "last year"
    -365, "ten years ago" -3650); None for one that counts from another event ("a year after
    the flood")."""
    if m.anchor is None or not (
        m.anchor in ("ago", "now", "from now") or "-" in m.anchor  # last-week, this-year, ...
    ):
        return None
    if m.offset_days is not None:
        return float(m.offset_days)
    if m.offset_years is not None:
        return m.offset_years * 365
    return None


def _words_in(text: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` (single words, or phrases of several) that ``text`` contains;
    a word that also begins names (`CLAIM_NAME_WORDS`) only as written in lower case ("new",
    never "New Zealand")."""
    tokens = [
        t.casefold() if t.islower() or t.casefold() not in CLAIM_NAME_WORDS else "\0"
        for t in _WORD.findall(text)
    ]
    joined = " " + " ".join(tokens) + " "
    for w in words:
        if (" " + w + " ") in joined:
            return w
    return None


def _judge(text: str, ref: dt.date, source: dt.date, lang: str | None) -> ClaimTime:
    mentions = extract_mentions(TextMap.of(text), lang=lang)
    try:
        recent_since = ref - dt.timedelta(days=CLAIM_RECENT_DAYS)
    except OverflowError:  # a reference date in year 1 (a typo'd --today): all is recent
        recent_since = dt.date.min
    recent: str | None = None
    history: str | None = None
    for m in mentions:
        last = _last_day(m)
        if last is not None and m.year is not None:
            first_year = m.year
            if abs(first_year - source.year) <= CLAIM_SOURCE_YEAR_SLACK or (
                first_year <= source.year <= last.year
            ):
                return ClaimTime("historical", m.text)  # the source's own time: cited for it
            if last < recent_since and not _SINCE.search(text, 0, m.offset):
                history = history or m.text
            else:
                recent = recent or m.text
            continue
        if m.kind in ("weekday", "month-day"):
            recent = recent or m.text  # a day of this week or this year
            continue
        days = _relative_days(m)
        if days is None:
            continue
        if abs(days) <= CLAIM_RECENT_DAYS:
            recent = recent or m.text
        elif days < 0:
            history = history or m.text
    history = history or _words_in(text, CLAIM_HISTORY_WORDS)
    if history is not None:
        return ClaimTime("historical", history)
    recent = recent or _words_in(text, CLAIM_RECENT_WORDS)
    if recent is not None:
        return ClaimTime("recent", recent)
    return ClaimTime("none")


def _is_label(sentence: str, link_text: str | None) -> bool:
    """Whether a citing sentence is only a label for its link ("Source:", "Read more: <title>"):
    then the link is cited for its paragraph as a whole."""
    words = [w.casefold() for w in _WORD.findall(sentence)]
    for w in _WORD.findall(link_text or ""):
        if w.casefold() in words:
            words.remove(w.casefold())
    return len(words) <= CLAIM_LABEL_MAX_WORDS


def claim_time(
    sentence: str,
    paragraph: str,
    ref: dt.date,
    source: dt.date,
    lang: str | None = None,
    link_text: str | None = None,
) -> ClaimTime:
    """Whether the text around a citation places its claim recently (within about a year
    before ``ref``), long ago, or nowhere: a year within `CLAIM_SOURCE_YEAR_SLACK` of the
    source's own date, or an older one, or history words ("founded", "history") make it
    historical; a date or relative expression in the last year, a weekday, or a word such as
    "now", "latest" or "recently" makes it recent. The sentence decides; its paragraph only
    when the sentence is a mere label for the link ("Source: ...") and says nothing of time
    (another sentence's "now" is not this claim's)."""
    found = _judge(sentence, ref, source, lang)
    if found.verdict != "none" or paragraph == sentence or not _is_label(sentence, link_text):
        return found
    wide = _judge(paragraph, ref, source, lang)
    return ClaimTime(wide.verdict, wide.cue, "paragraph")
