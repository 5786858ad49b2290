"""Cited titles: the title an article gives for a link.

A cited title is an anchor text that reads as a title, or a "Related article: ..." line tied to a
URL (on the same line, on the next non-blank line, or anywhere when most of the title's words are
in the URL's slug). A title line tied to no URL is a cited work with no link (META005).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from linkaudit.model import LinkRef, TextMap, TitleLine
from linkaudit.settings import (
    MIN_SENTENCE_CASE_TITLE_WORDS,
    MIN_SLUG_WORDS,
    MIN_TITLE_WORDS,
    TITLE_LINE_LABELS,
    TITLE_SLUG_MATCH,
)

__all__ = [
    "find_title_lines",
    "reads_as_title",
    "slug_words",
    "title_words",
    "overlap",
    "attach_titles",
]

_LABEL_RE = re.compile(
    r"^[ \t>*_#-]*("
    + "|".join(re.escape(x) for x in TITLE_LINE_LABELS)
    + r")\s*[:\u2014\u2013-]\s*(\S.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "by",
        "with",
        "from",
        "as",
        "its",
        "it",
        "this",
        "that",
        "how",
        "why",
        "what",
        "who",
        "when",
        "where",
        "will",
        "would",
        "after",
        "before",
        "over",
        "into",
        "than",
        "about",
    ]
)
# Words an anchor text starts with when it is a phrase, not a title ("here", "we reported ...").
_PHRASE_STARTERS = frozenset(
    [
        "here",
        "there",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "i",
        "my",
        "you",
        "your",
        "he",
        "she",
        "they",
        "it",
        "click",
        "see",
        "read",
        "according",
        "said",
        "says",
        "reported",
        "source",
        "link",
        "statement",
        "page",
        "website",
        "article",
        "post",
        "via",
        "more",
        "last",
        "earlier",
        "previously",
    ]
)
# Present-tense "adds", "announces", "reports", "writes" are left out: headlines use them
# ("GitHub Pages adds custom 404 pages").
_REPORTING_VERBS = frozenset(
    [
        "said",
        "says",
        "told",
        "tells",
        "according",
        "reported",
        "announced",
        "wrote",
        "added",
        "explained",
        "noted",
        "claimed",
        "claims",
    ]
)
_MAX_TITLE_LINES = 3
_MAX_TITLE_CHARS = 300


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    word = word.replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def title_words(title: str) -> list[str]:
    """Significant words of a title, folded for comparison."""
    return [w for w in (_fold(m.group()) for m in _WORD.finditer(title)) if w not in _STOPWORDS]


@functools.lru_cache(maxsize=4096)
def slug_words(url: str) -> tuple[str, ...]:
    """Words of a URL's slug, or () when its path has no slug (numeric ids, bare hosts)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ()
    best: list[str] = []
    for segment in unquote(path).split("/"):
        segment = re.sub(r"\.[a-z0-9]{1,5}$", "", segment, flags=re.IGNORECASE)
        # words joined by - _ + (not by "." : "ecb.mp230914.en" is a file name), IDs dropped
        words = [w for w in re.split(r"[-_+\s]+", segment) if w and not any(c.isdigit() for c in w)]
        if len(words) >= MIN_SLUG_WORDS and len(words) > len(best):
            best = words
    return tuple(w for w in (_fold(w) for w in best) if w and w not in _STOPWORDS)


def overlap(title: str, url: str) -> float | None:
    """Share of the title's significant words found in the slug; None when there is no slug."""
    slug = set(slug_words(url))
    words = title_words(title)
    if not slug or not words:
        return None
    return sum(1 for w in words if w in slug) / len(words)


def reads_as_title(text: str | None, url: str | None = None) -> bool:
    """Whether an anchor text is a work's title rather than a phrase such as "here"."""
    if not text:
        return False
    text = text.strip()
    if "://" in text or text.lower().startswith("www."):
        return False
    words = _WORD.findall(text)
    if len(words) < MIN_TITLE_WORDS or len(words) > 30:
        return False
    if words[0].lower() in _PHRASE_STARTERS:
        return False
    if any(w in _REPORTING_VERBS for w in words):
        return False  # a lower-case "said"/"told" makes it a sentence, not a headline
    long_words = [w for w in words if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[0].isupper())
    if long_words and capitalised / len(long_words) >= 0.6:
        return True
    # A headline in sentence case: starts with a capital, several words, no reporting verb
    # ("Officials said on Monday" is a sentence start, not a title).
    if text[0].isupper() and len(words) >= MIN_SENTENCE_CASE_TITLE_WORDS:
        return True
    # Sentence-case titles still count when the slug confirms them.
    share = overlap(text, url) if url else None
    return share is not None and share >= TITLE_SLUG_MATCH


def find_title_lines(text: TextMap) -> list[TitleLine]:
    """Every "Related article: <title>" line, with wrapped continuation lines joined."""
    found: list[TitleLine] = []
    src = text.text
    for m in _LABEL_RE.finditer(src):
        parts = [m.group(2).strip()]
        end = m.end()
        for _ in range(_MAX_TITLE_LINES - 1):
            nl = src.find("\n", end + 1) if end < len(src) and src[end] == "\n" else -1
            if end >= len(src) or src[end] != "\n":
                break
            next_line = src[end + 1 : nl if nl != -1 else len(src)]
            if not next_line.strip() or "://" in next_line or _LABEL_RE.match(next_line):
                break
            parts.append(next_line.strip())
            end = nl if nl != -1 else len(src)
        title = " ".join(parts)[:_MAX_TITLE_CHARS].strip()
        if len(title_words(title)) < 2 and len(title) < 8:
            continue
        line, column = text.position(m.start(1))
        end_line = line + len(parts) - 1
        found.append(
            TitleLine(label=m.group(1), title=title, line=line, column=column, end_line=end_line)
        )
    return found


def _next_nonblank_line(lines: Sequence[str], after: int) -> int | None:
    for i in range(after, len(lines)):
        if lines[i].strip():
            return i + 1  # 1-based
    return None


def attach_titles(
    refs: Iterable[LinkRef], title_lines: Sequence[TitleLine], source_text: str
) -> tuple[tuple[LinkRef, ...], tuple[TitleLine, ...]]:
    """Give each occurrence its cited title and tie each title line to a URL where one fits."""
    refs = [
        replace(r, cited_title=(r.text or "").strip())
        if r.cited_title is None and r.is_citation_candidate and reads_as_title(r.text, r.url)
        else r
        for r in refs
    ]
    lines = source_text.split("\n")
    tied: list[TitleLine] = []
    for tl in title_lines:
        span_end = tl.end_line or tl.line
        target: LinkRef | None = None
        # same line, or the line right after the (possibly wrapped) title
        next_line = _next_nonblank_line(lines, span_end)
        for r in refs:
            if not r.is_citation_candidate:
                continue
            if tl.line <= r.line <= span_end or (next_line is not None and r.line == next_line):
                target = r
                break
        if target is None:
            best = 0.0
            for r in refs:
                if not r.is_citation_candidate:
                    continue
                share = overlap(tl.title, r.url)
                if share is not None and share >= TITLE_SLUG_MATCH and share > best:
                    best, target = share, r
        if target is None:
            tied.append(tl)
            continue
        url = target.url
        tied.append(replace(tl, url=url))
        refs = [
            replace(r, cited_title=tl.title) if r.url == url and r.cited_title is None else r
            for r in refs
        ]
    return tuple(refs), tuple(tied)
