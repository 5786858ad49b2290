"""When was this piece written? One `ReferenceDate` from every source of evidence.

Sources, strongest first: ``--published``; the document's metadata (front matter, HTML meta,
JSON-LD, htmldate on the raw HTML); a dateline in the first lines; then the text itself. The text
is read by scoring candidate writing years against every constraint it gives (a month-day falls
on the weekday the text names; "three years after" an explicit year; a piece follows the latest
past event it reports) and abstaining — returning no text date — when no year clearly wins:
a wrong year is worse than none, because it turns honest citations into TIME001 errors.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from linkaudit import settings
from linkaudit.extract.htmldates import htmldate_of
from linkaudit.model import DateMention, Document, ReferenceDate, TextMap

__all__ = [
    "infer_reference_date",
    "infer_from_text",
    "metadata_date",
    "declared_date",
    "heuristic_date",
    "modified_date",
    "file_name_date",
    "DeclaredDate",
    "find_dateline",
    "parse_date_value",
    "Candidate",
    "TextInference",
]

_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Relative anchors that tie the writing date to an earlier event ("three years after 2020").
_SPAN_ANCHORS = frozenset({"after", "since", "ago", "on"})
#: Relative mentions that show the piece was written within days of what it reports.
_NEAR_ANCHORS = frozenset({"now", "last-week", "this-week", "last-weekend", "this-weekend"})
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z])|\n[ \t]*\n")
#: Spans that count on from an earlier event to a later one ("twenty years later").
_LATER_ANCHORS = frozenset({"after", "since", "ago", "later"})
#: A wire dateline: a place in capitals, perhaps an agency, before the date; a dash after it.
_WIRE_PLACE = re.compile(
    r"\s*[A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*){0,3}(?:,\s*[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,2})?"
    r"(?:\s*\([A-Z][A-Za-z .&-]{1,30}\))?\s*[,:]\s*"
)
_WIRE_DASH = re.compile(r"\s*(?:\([A-Z][A-Za-z .&-]{1,30}\)\s*)?(?:[—–]|--?\s)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_DATELINE_CUES = re.compile(
    r"(?i)\b(?:published|updated|posted|last\s+modified|stand|veröffentlicht|aktualisiert"
    r"|publié|mis\s+à\s+jour|опубликовано|обновлено|dated?)\b|[|•·]"
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A writing year the text allows, its score and why."""

    year: int
    score: float
    reasons: tuple[str, ...]
    #: the kinds of constraint that support this year: "latest", "weekday", "span"
    support: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TextInference:
    """What the text alone says about when it was written."""

    date: dt.date
    precision: str
    earliest: dt.date | None
    latest: dt.date | None
    confidence: float
    evidence: tuple[DateMention, ...]
    reasons: tuple[str, ...]
    firm: bool
    candidates: tuple[Candidate, ...]


# --- metadata ---------------------------------------------------------------------------------


def parse_date_value(value: Any) -> dt.date | None:
    """A calendar day from a metadata value ("2023-09-19T10:00:00Z", "20230919", a date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    m = _ISO.search(value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    from linkaudit.extract.dates import extract_mentions  # local: avoids a cycle at import

    for mention in extract_mentions(TextMap(value[:200])):
        if mention.kind == "full-date" and mention.year and mention.month and mention.day:
            return dt.date(mention.year, mention.month, mention.day)
    return None


def _json_ld_dates(items: Iterable[Mapping[str, Any]]) -> Iterable[tuple[str, Any]]:
    for item in items:
        if not isinstance(item, Mapping):
            continue
        for key in ("datePublished", "dateCreated", "uploadDate", "dateModified"):
            if key in item:
                yield f"json-ld {key}", item[key]
        graph = item.get("@graph")
        if isinstance(graph, list):
            yield from _json_ld_dates(graph)


#: Front-matter keys holding a published date, in the order they are trusted.
_FRONT_PUBLISHED = ("date", "published", "publishdate", "pubdate", "created")
#: Keys (meta tags, front matter) that say when a page was last changed, not first published.
_MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "jsonld:datemodified",
    "modified",
    "updated",
    "lastmod",
    "last_modified_at",
    "time:modified",  # a <time> in the header labelled "Last updated"
)
#: The front-matter block (YAML ``---`` or TOML ``+++``) at the top of a Markdown file.
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n\1[ \t]*(?:\r?\n|\Z)", re.S)
#: Front-matter keys whose value is the post's address (Jekyll/Hugo/Zola ``permalink``...).
_FRONT_PATH = re.compile(
    r"^[ \t]*(path|permalink|slug|url)[ \t]*[:=][ \t]*[\"']?([^\"'\r\n]+)", re.M | re.I
)
#: A whole date inside an address: ``2023/09/19``, ``2023-09-19``, ``2023_09_19``.
_PATH_DAY = re.compile(
    r"(?<![\d])((?:19|20)\d\d)([-/_.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d])"
)
#: A post's file name that starts with its date (Jekyll ``_posts``, Zola, many Hugo sites).
_FILE_DAY = re.compile(r"^((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[-_.]|$)")
#: Index pages whose folder names the post (``2023-09-19-slug/index.md``).
_INDEX_NAMES = frozenset({"index", "_index"})


@dataclass(frozen=True, slots=True)
class DeclaredDate:
    """A date the document (or its address) states, where it was read, and how."""

    day: dt.date
    key: str  # the field or address it came from ("date", "json-ld datePublished", "file name")
    method: str  # front-matter | meta | json-ld | time-element | file-name | permalink | page-url


def _path_day(value: str) -> dt.date | None:
    """A whole date written in an address or slug (``/2023/09/19/harbour``)."""
    for m in _PATH_DAY.finditer(value):
        day = _day(int(m[1]), int(m[3]), int(m[4]))
        if day is not None:
            return day
    return None


def file_name_date(source: str) -> dt.date | None:
    """The date a post's own file path gives: a name that starts with it
    (``_posts/2023-09-19-harbour.md``), the folder of an index page
    (``2023-09-19-harbour/index.md``), or the folders just above it (``2023/09/19/harbour.md``).
    Only the file's own name and its nearest folders count: a dated folder higher up is not
    this post's date."""
    parts = [p for p in source.replace("\\", "/").split("/") if p]
    if not parts or "://" in source:
        return None
    stem = parts[-1].rsplit(".", 1)[0]
    names = [parts[-1]]
    if stem in _INDEX_NAMES and len(parts) >= 2:
        names.append(parts[-2])
        parts = parts[:-1]
    for name in names:
        m = _FILE_DAY.match(name)
        if m:
            day = _day(int(m[1]), int(m[2]), int(m[3]))
            if day is not None:
                return day
    if len(parts) >= 4 and all(p.isdigit() for p in parts[-4:-1]):
        y, mo, d = (int(p) for p in parts[-4:-1])
        if 1900 <= y <= 2100:
            return _day(y, mo, d)
    return None


def _front_paths(raw: str) -> list[tuple[str, str]]:
    """The address-like fields of a Markdown file's front matter (``permalink: /2023/09/19/x/``)."""
    m = _FRONT_MATTER.match(raw)
    if not m:
        return []
    return [(k.lower(), v.strip()) for k, v in _FRONT_PATH.findall(m.group(2))]


def declared_date(doc: Document) -> DeclaredDate | None:
    """The publication date the document declares — never a guess.

    Front matter ``date``/``published`` and HTML ``article:published_time`` and its kin first,
    then JSON-LD ``datePublished``, a ``<time datetime>`` in the header, then a date in the
    post's own address: its front-matter ``permalink``/``path``/``slug``, its file name
    (``2023-09-19-slug.md``) or the page's URL (``/2023/09/19/slug``); last, a declared
    modification date alone (the page existed by then)."""
    dates = {k.lower(): v for k, v in doc.meta.dates.items()}
    meta_method = "front-matter" if doc.format == "markdown" else "meta"
    published_keys = [
        k for k in settings.META_DATE_KEYS if "modif" not in k and k not in ("updated", "lastmod")
    ]
    for key in published_keys:
        if key in dates:
            day = parse_date_value(dates[key])
            if day:
                return DeclaredDate(day, key, meta_method)
    for key in _FRONT_PUBLISHED:
        if key in dates:
            day = parse_date_value(dates[key])
            if day:
                return DeclaredDate(day, key, meta_method)
    for key, value in _json_ld_dates(doc.meta.json_ld):
        if "Modified" not in key:
            day = parse_date_value(value)
            if day:
                return DeclaredDate(day, key, "json-ld")
    if "time:datetime" in dates:
        day = parse_date_value(dates["time:datetime"])
        if day:
            return DeclaredDate(day, "<time datetime> in the header", "time-element")
    for key, value in _front_paths(doc.raw) if doc.format == "markdown" else []:
        if key == "url" and "://" in value:
            continue  # a link post's target, not this post's address
        day = _path_day(value)
        if day:
            return DeclaredDate(day, f"front matter {key} '{value}'", "permalink")
    day = file_name_date(doc.source)
    if day:
        return DeclaredDate(day, f"file name '{doc.source.rsplit('/', 1)[-1]}'", "file-name")
    own_url = doc.meta.url if doc.format == "html" else None  # og:url, rel=canonical
    for address in (own_url, doc.source if "://" in doc.source else None):
        day = _path_day(_url_path(address)) if address else None
        if day:
            return DeclaredDate(day, f"the page's address '{address}'", "page-url")
    for key in settings.META_DATE_KEYS:
        if key in dates and key not in published_keys:
            day = parse_date_value(dates[key])
            if day:
                return DeclaredDate(day, key, meta_method)
    return None


def _url_path(address: str) -> str:
    """The path of an address (a date in a host name or query is not the page's)."""
    if "://" not in address:
        return address
    rest = address.split("://", 1)[1]
    return "/" + rest.split("/", 1)[1].split("?", 1)[0] if "/" in rest else ""


def heuristic_date(doc: Document) -> dt.date | None:
    """htmldate's guess from the raw HTML: it may pick any date on the page, so it is never
    declared and never makes a range firm."""
    if doc.meta.raw_html:
        return htmldate_of(doc.meta.raw_html)  # parsed to a tree first: never a fetch
    return None


def metadata_date(doc: Document) -> tuple[dt.date, str] | None:
    """The publication date the document declares and where it was read from; failing that,
    htmldate's guess (key "htmldate")."""
    found = declared_date(doc)
    if found is not None:
        return found.day, found.key
    day = heuristic_date(doc)
    return (day, "htmldate") if day else None


#: A line that says when the piece was last changed ("Updated on 3 March 2024", "Stand:"), or
#: that starts a dated note added to it later ("Note from 2026-03-18:", "Edit, 5 May:",
#: "Nachtrag vom 3. März").
_UPDATE_CUE = re.compile(
    r"(?im)^[^\w\n]{0,6}(?:last\s+)?(?:updated?|edited|edit|modified|aktualisiert|mis\s+à\s+jour"
    r"|обновлено|actualizado|aggiornato|note\s+(?:from|of|dated|added(?:\s+on)?)|addendum"
    r"|nachtrag|ergänzung|nota\s+(?:del|de)|ajout(?:é)?\s+(?:du|le))\b[^\n\d]{0,24}"
)


def update_line_date(text: str, mentions: tuple[DateMention, ...]) -> DateMention | None:
    """The latest full date standing right after an "Updated" cue at the start of a line."""
    best: DateMention | None = None
    cues = [(m.start(), m.end()) for m in _UPDATE_CUE.finditer(text)]
    if not cues:
        return None
    for m in mentions:
        if m.kind != "full-date" or not (m.year and m.month and m.day):
            continue
        if not any(s <= m.offset <= e + 2 for s, e in cues) or not _day(m.year, m.month, m.day):
            continue
        if best is None or (m.year, m.month, m.day) > (
            best.year or 0,
            best.month or 0,
            best.day or 0,
        ):
            best = m
    return best


def modified_date(doc: Document, mentions: tuple[DateMention, ...]) -> tuple[dt.date, str] | None:
    """The latest declared modification: ``dateModified``, ``article:modified_time``, front
    matter ``updated``/``lastmod``, or an "Updated on ..." line of the text."""
    dates = {k.lower(): v for k, v in doc.meta.dates.items()}
    found: list[tuple[dt.date, str]] = []
    for key in _MODIFIED_KEYS:
        if key in dates and (day := parse_date_value(dates[key])):
            found.append((day, key))
    for key, value in _json_ld_dates(doc.meta.json_ld):
        if "Modified" in key and (day := parse_date_value(value)):
            found.append((day, key))
    line = update_line_date(doc.text.text, mentions)
    if line is not None and line.year and line.month and line.day:
        day = dt.date(line.year, line.month, line.day)
        found.append((day, f"'{line.text}' on line {line.line}"))
    return max(found, key=lambda f: f[0]) if found else None


# --- dateline ---------------------------------------------------------------------------------


def find_dateline(
    text: str, mentions: tuple[DateMention, ...]
) -> tuple[dt.date, DateMention] | None:
    """A publication date standing in the first lines ("Published 14 Aug 2020", a lone date,
    a wire dateline "LONDON, Sept. 19, 2023 — ..."), unless the text contradicts it: a weekday
    that is not the date's, an event reported after it, or a span counting past it ("September
    11, 2001" over "Twenty years later, ..." is a heading, not when the piece was written)."""
    end, seen = 0, 0
    for line in text.splitlines(keepends=True):
        end += len(line)
        if line.strip():
            seen += 1
            if seen >= settings.DATELINE_LINES:
                break
    found: list[tuple[dt.date, DateMention]] = []
    for m in mentions:
        if m.offset >= end:
            break
        if m.kind != "full-date" or m.tense == "future" or not (m.year and m.month and m.day):
            continue
        day = _day(m.year, m.month, m.day)
        if day is None or (m.weekday is not None and day.weekday() != m.weekday):
            continue  # "Tuesday, Sept. 19, 2026" (a Saturday): one of the two is wrong
        ls = text.rfind("\n", 0, m.offset) + 1
        le = text.find("\n", m.offset)
        le = le if le >= 0 else len(text)
        before, after = text[ls : m.offset], text[m.offset + len(m.text) : le]
        if _WIRE_PLACE.fullmatch(before) and _WIRE_DASH.match(after):
            found.append((day, m))  # "LONDON, Sept. 19, 2023 — ...": however long the line
            continue
        line = text[ls:le].strip()
        if len(line) > settings.DATELINE_MAX_LINE:
            continue
        rest = line.replace(m.text, " ")
        rest_words = re.findall(r"[^\W\d_]{2,}", rest)
        if _DATELINE_CUES.search(line) or len(rest_words) <= 2:
            found.append((day, m))
    if not found:
        return None
    if _contradicts_dateline(mentions, max(f[0] for f in found)):
        return None
    return min(found, key=lambda f: f[0])  # published before updated


def _contradicts_dateline(mentions: tuple[DateMention, ...], day: dt.date) -> bool:
    """Whether the text reports something after ``day`` or counts years on past it."""
    starts = [e for m in mentions if (e := _event_start(m)) is not None]
    if any(e > day for e in starts):
        return True
    years = sorted({e.year for e in starts})
    return any(
        _span_beyond(m, years, day.year)
        for m in mentions
        if m.kind == "relative"
        and m.tense != "future"
        and m.anchor in _LATER_ANCHORS
        and m.offset_years is not None
        and abs(m.offset_years) >= 1
    )


# --- the text ---------------------------------------------------------------------------------


def _day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _event_start(m: DateMention) -> dt.date | None:
    """The earliest day an absolute past mention can mean (None for others)."""
    if m.tense == "future" or m.year is None:
        return None
    if m.kind == "full-date" and m.month and m.day:
        return _day(m.year, m.month, m.day)
    if m.kind == "month-year" and m.month:
        return _day(m.year, m.month, 1)
    if m.kind == "year":
        return dt.date(m.year, 1, 1)
    if m.kind == "year-range" and m.offset_years is not None:
        return dt.date(m.year + int(m.offset_years), 1, 1)
    return None


def _weekday_years(month: int, day: int, weekday: int, around: int) -> list[int]:
    """Years within a decade of ``around`` in which month/day falls on ``weekday``."""
    out = []
    for y in range(around - 7, around + 6):
        d = _day(y, month, day)
        if d and d.weekday() == weekday:
            out.append(y)
    return out


def _paragraphs(text: str | None) -> list[int]:
    """Offsets where paragraphs start after the first (a blank line ends a paragraph)."""
    if text is None:
        return []
    return [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def _paragraph(m: DateMention, breaks: list[int]) -> int:
    """The paragraph of ``m`` (its line when the text is not known)."""
    return bisect.bisect_right(breaks, m.offset) if breaks else -m.line


@dataclass(frozen=True, slots=True)
class _Ties:
    """What ties a month-day to a year of its own paragraph: the text, its explicit years, spans."""

    text: str | None
    breaks: list[int]
    events: list[tuple[dt.date, DateMention]]
    spans: list[DateMention]

    def sentence(self, m: DateMention) -> tuple[int, int]:
        """The offsets of the sentence holding ``m`` (its line when the text is not known)."""
        if self.text is None:
            return (-m.line, -m.line + 1)
        t = self.text
        start = 0
        for b in _SENTENCE_END.finditer(t, max(0, m.offset - 600), m.offset):
            start = b.end()
        nxt = _SENTENCE_END.search(t, m.offset + len(m.text))
        return start, nxt.start() if nxt else len(t)

    def inside(self, m: DateMention, bounds: tuple[int, int]) -> bool:
        if self.text is None:
            return -m.line == bounds[0]
        return bounds[0] <= m.offset < bounds[1]


def _earlier_year_fit(md: DateMention, year: int, weekdays: set[int], ties: _Ties) -> int | None:
    """An explicit year before ``year``, named in the paragraph of month-day ``md``, in which
    ``md`` also falls on one of ``weekdays`` — then the text ties the month-day to that year
    ("In 2019 the council voted on Tuesday, March 5": March 5 was a Tuesday in 2019 and 2024).
    Not when the month-day's own sentence counts on from that year to ``year`` ("Sunday, May 3:
    the rally went ahead, five years after the 2015 ban")."""
    assert md.month and md.day
    para = _paragraph(md, ties.breaks)
    sentence = ties.sentence(md)
    for e, m in sorted(ties.events, key=lambda em: -em[0].year):
        y = e.year
        if y >= year or _paragraph(m, ties.breaks) != para:
            continue
        d = _day(y, md.month, md.day)
        if d is None or d.weekday() not in weekdays:
            continue
        moved = any(
            ties.inside(s, sentence) and _span_lands(s, year - y)
            for s in ties.spans
            if s.tense != "future"
        )
        if not moved:
            return y
    return None


def _span_lands(span: DateMention, diff: int) -> bool:
    """Whether "N years after" counts ``diff`` years (or one off, as its hedge allows)."""
    n = abs(int(span.offset_years or 0))
    return diff == n or (
        abs(diff - n) <= settings.RELATIVE_YEAR_SLACK and _slack_ok(span, diff - n)
    )


def _year_spans(mentions: tuple[DateMention, ...]) -> list[DateMention]:
    """Relative spans of a year or more counted from an event ("three years after")."""
    return [
        m
        for m in mentions
        if m.kind == "relative"
        and m.offset_years is not None
        and m.anchor in _SPAN_ANCHORS
        and abs(m.offset_years) >= 1
    ]


def score_candidates(
    mentions: tuple[DateMention, ...], today: dt.date | None = None, text: str | None = None
) -> tuple[Candidate, ...]:
    """Every writing year the text allows, scored against each constraint, best first.

    ``text`` (the document's text) lets a month-day be tied to an explicit year of its own
    paragraph; without it, only to a year on its own line.
    """
    events = [(e, m) for m in mentions if (e := _event_start(m)) is not None]
    if today is not None:
        events = [(e, m) for e, m in events if e <= today]
    explicit_years = sorted({e.year for e, _ in events})
    if not explicit_years:
        return ()
    latest_year = explicit_years[-1]
    spans = _year_spans(mentions)
    ties = _Ties(text, _paragraphs(text), events, spans)
    weekdays = {m.weekday for m in mentions if m.kind == "weekday" and m.weekday is not None}
    weekday_refs = [m for m in mentions if m.kind == "weekday"]
    # An upcoming event ("tickets for April 2") is not something the piece reports: it says
    # nothing of the year the piece was written in.
    month_days = [m for m in mentions if m.kind == "month-day" and m.tense != "future"]
    full_dates = [m for m in mentions if m.kind == "full-date" and m.tense != "future"]

    years = set(range(latest_year, latest_year + settings.CANDIDATE_YEARS_AHEAD + 1))
    for s in spans:
        n = abs(int(s.offset_years or 0))
        years.update(y + n for y in explicit_years if y + n >= latest_year)
    if today is not None:
        years = {y for y in years if y <= today.year}

    out = []
    for c in sorted(years):
        score = 0.0
        reasons: list[str] = []
        support: set[str] = set()
        if c == latest_year:
            score += settings.SCORE_LATEST_EVENT
            support.add("latest")
            latest = max(events, key=lambda em: em[0])[1]
            reasons.append(f"latest event reported: '{latest.text}' ({latest_year})")
        seen_md: set[tuple[int, int]] = set()
        for md in month_days:
            assert md.month and md.day
            d = _day(c, md.month, md.day)
            if d is None:
                continue
            if md.weekday is not None:
                if d.weekday() == md.weekday:
                    if _earlier_year_fit(md, c, {md.weekday}, ties) is not None:
                        continue  # read in that earlier year, not in c
                    score += settings.SCORE_WEEKDAY_ADJACENT
                    support.update(("weekday", "tied" if "tied" not in support else "tied2"))
                    reasons.append(f"'{md.text}' is a {_WEEKDAY_NAMES[md.weekday]} in {c}")
                else:
                    score -= settings.SCORE_WEEKDAY_ADJACENT
                continue
            if (md.month, md.day) in seen_md or d.weekday() not in weekdays:
                continue
            if _earlier_year_fit(md, c, {d.weekday()}, ties) is not None:
                continue
            seen_md.add((md.month, md.day))
            support.add("weekday")
            ref = next(w for w in weekday_refs if w.weekday == d.weekday())
            score += settings.SCORE_WEEKDAY_DOC
            ys = _weekday_years(md.month, md.day, d.weekday(), c)
            reasons.append(
                f"'{md.text}' + '{ref.text}' → {c} ({md.text} is a {ref.text} in "
                + ", ".join(str(y) for y in ys)
                + ")"
            )
        seen_full: set[dt.date] = set()
        for fd in full_dates:
            d = _event_start(fd)
            if d is None or d.year != c or d in seen_full or d.weekday() not in weekdays:
                continue
            if _in_caption(text, fd):
                continue  # a photo's date ("..., on Monday, Nov. 13, 2017. Getty Images")
            seen_full.add(d)
            ref = next(w for w in weekday_refs if w.weekday == d.weekday())
            score += settings.SCORE_FULL_DATE_WEEKDAY
            support.update(("weekday", "full-date"))
            reasons.append(
                f"'{fd.text}' is a {_WEEKDAY_NAMES[d.weekday()]}, and the text says '{ref.text}'"
                f" → written around {d.isoformat()}"
            )
        for s in spans:
            n = abs(int(s.offset_years or 0))
            if _span_beyond(s, explicit_years, c):
                # "five years after" the earliest year the text names still lands after c:
                # the piece reports something later than c, so it was not written then.
                score -= settings.SCORE_RELATIVE_EXACT
                continue
            best = 0.0
            why = ""
            for y in explicit_years:
                if y >= c:
                    continue
                diff = c - y
                if diff == n:
                    gain = settings.SCORE_RELATIVE_EXACT
                elif abs(diff - n) <= settings.RELATIVE_YEAR_SLACK and _slack_ok(s, diff - n):
                    gain = settings.SCORE_RELATIVE_NEAR
                else:
                    continue
                if gain > best:
                    best = gain
                    why = f"'{s.text}' {y} → {y + n}"
                    if diff != n:
                        why += f" (one year off {c})"
            if best:
                score += best
                reasons.append(why)
                support.add("span")
                if _span_year_in_sentence(s, c, n, ties):
                    support.add("span-tied")
        out.append(Candidate(c, score, tuple(dict.fromkeys(reasons)), frozenset(support)))
    out.sort(key=lambda c: (-c.score, c.year))
    return tuple(out)


#: Words that end a photo caption: its date is when the picture was taken, often years before.
_CAPTION_CREDIT = re.compile(
    r"(?i)\b(?:getty\s+images|reuters|ap\s+photo|afp|epa|bloomberg|shutterstock|alamy"
    r"|photo(?:graph)?\s*(?:by|:|credit)|image\s*(?:by|:)|credit\s*:|file\s+photo)"
)


def _in_caption(text: str | None, m: DateMention) -> bool:
    """Whether a date stands in a photo caption (a credit follows it within a few words)."""
    if text is None:
        return False
    end = m.offset + len(m.text)
    return _CAPTION_CREDIT.search(text, end, end + settings.CAPTION_CREDIT_CHARS) is not None


def _span_year_in_sentence(span: DateMention, year: int, n: int, ties: _Ties) -> bool:
    """Whether the span's own sentence names the year it counts from ("five years after the
    2019 storm"), so that the text itself ties the span to that year."""
    sentence = ties.sentence(span)
    return any(
        ties.inside(m, sentence) and _span_lands(span, year - e.year)
        for e, m in ties.events
        if e.year < year
    )


def _span_beyond(span: DateMention, explicit_years: list[int], year: int) -> bool:
    """Whether "N years after" lands after ``year`` whichever explicit year it counts from."""
    n = abs(int(span.offset_years or 0))
    slack = settings.RELATIVE_YEAR_SLACK if _slack_ok(span, -1) else 0
    return bool(explicit_years) and min(explicit_years) + n - slack > year


def _slack_ok(span: DateMention, off: int) -> bool:
    """Whether a year difference one off N fits the hedge ("nearly three" may be two-and-a-bit)."""
    q = span.qualifier or ""
    if q in ("nearly", "almost", "just under", "under", "less than"):
        return off == -1
    if q in ("more than", "over", "at least"):
        return off == 1
    return True


def infer_from_text(
    text: str, mentions: tuple[DateMention, ...], today: dt.date | None = None
) -> TextInference | None:
    """The writing date the text implies, or None when no year clearly wins."""
    cands = score_candidates(mentions, today, text)
    if not cands:
        return None
    best = cands[0]
    runner = cands[1].score if len(cands) > 1 else 0.0
    if best.score < settings.MIN_YEAR_SCORE or best.score - runner < settings.MIN_YEAR_MARGIN:
        return None
    if not _year_is_tied(best):
        return None
    year = best.year
    events = [(e, m) for m in mentions if (e := _event_start(m)) is not None]
    past_events = [(e, m) for e, m in events if today is None or e <= today]
    spans = _year_spans(mentions)
    ties = _Ties(text, _paragraphs(text), past_events, spans)
    weekday_refs = [m for m in mentions if m.kind == "weekday" and m.tense == "past"]
    doc_weekdays = {m.weekday for m in mentions if m.kind == "weekday" and m.weekday is not None}
    # A year reasoned forward from an earlier event ("five years after the vote") with nothing
    # tying a day to it is a year, not a day: retrospective writing pins no date.
    from_span = "span" in best.support and "weekday" not in best.support
    # Events of the winning year: full dates, and month-days read in that year (unless the
    # text ties the month-day to an earlier year of its paragraph).
    dated: list[tuple[dt.date, DateMention]] = []
    for m in mentions:
        if m.tense == "future" or from_span:
            continue
        if m.kind == "full-date" and m.year == year and m.month and m.day:
            d = _day(year, m.month, m.day)
        elif m.kind == "month-day" and m.month and m.day:
            d = _day(year, m.month, m.day)
            if d and m.weekday is not None and d.weekday() != m.weekday:
                d = None
            fits = {m.weekday} if m.weekday is not None else doc_weekdays
            if d and fits and _earlier_year_fit(m, year, fits, ties) is not None:
                d = None
        else:
            d = None
        if d and (today is None or d <= today):
            dated.append((d, m))
    near_refs = [m for m in mentions if m.kind == "relative" and m.anchor in _NEAR_ANCHORS]
    weekdays = {m.weekday for m in weekday_refs}
    reasons = list(best.reasons)
    evidence = _evidence_for(best, mentions)
    firm = False
    latest: dt.date | None = None
    if dated:
        day, dm = max(dated, key=lambda x: x[0])
        precision = "day"
        earliest = day
        if dm not in evidence:
            evidence.append(dm)
        pinned = dm.weekday is not None or day.weekday() in weekdays
        if (weekday_refs or near_refs) and pinned:
            firm = True
            latest = day + dt.timedelta(days=settings.CONTEMPORANEOUS_DAYS)
            refs = weekday_refs or near_refs
            phrases = dict.fromkeys(p.context_phrase for p in _phrases(s=text, ms=refs))
            shown = ", ".join(f"'{p}'" for p in list(phrases)[:3])
            reasons.append(
                f"references by weekday only ({shown}) → written within "
                f"{settings.CONTEMPORANEOUS_DAYS} days of {day.isoformat()}"
            )
            evidence.extend(r for r in refs[:3] if r not in evidence)
    else:
        precision = "year"
        day = dt.date(year, 1, 1)
        earliest = max((e for e, _ in events if e.year <= year), default=day)
    confidence = min(0.9, 0.3 + 0.06 * best.score + (0.2 if firm else 0.0))
    evidence.sort(key=lambda m: m.offset)
    return TextInference(
        date=day,
        precision=precision,
        earliest=earliest,
        latest=latest,
        confidence=round(confidence, 2),
        evidence=tuple(evidence),
        reasons=tuple(reasons),
        firm=firm,
        candidates=cands,
    )


def _year_is_tied(best: Candidate) -> bool:
    """Whether the text itself ties the winning year down, rather than coincidences.

    A year counts when weekdays written with their dates fall right in it ("Tuesday, Sept.
    19") — two such pairs, or one in the year of the latest event the text reports or with a
    span landing there (one pair alone recurs every five to eleven years) —, when the text
    states it in a full date that falls on a weekday the text speaks of ("approved on October
    9, 2018" and "said Tuesday"), when a span names the year it counts from in its own sentence ("five years after the
    2019 storm"), or when two independent constraints meet in it: a span counted from a year
    named elsewhere and a month-day falling on a weekday the text names elsewhere ("nearly three
    years after" 2020, and "Sept. 19" with "on Tuesday"). Either of those alone is a weak
    signal — a month-day and a weekday that merely both occur agree in one year in seven, and
    "a year after" may count from any event — and measured on real texts it gave wrong years,
    so the text then gives no date at all."""
    sup = best.support
    if sup & {"span-tied", "full-date"}:
        return True
    if "tied" in sup:  # one weekday-date pair recurs every few years: it needs company
        return bool(sup & {"tied2", "span", "latest"})
    return "span" in sup and "weekday" in sup


@dataclass(frozen=True, slots=True)
class _Phrase:
    context_phrase: str


def _phrases(s: str, ms: list[DateMention]) -> list[_Phrase]:
    """A weekday reference with the word before it ("on Tuesday", "said Tuesday")."""
    out = []
    for m in ms:
        before = s[max(0, m.offset - 12) : m.offset].split()
        word = before[-1] if before else ""
        out.append(_Phrase(f"{word} {m.text}".strip() if word.isalpha() else m.text))
    return out


def _evidence_for(best: Candidate, mentions: tuple[DateMention, ...]) -> list[DateMention]:
    """The mentions quoted in the winning candidate's reasons."""
    quoted = set(re.findall(r"'([^']+)'", " ".join(best.reasons)))
    out: list[DateMention] = []
    taken: set[str] = set()
    for m in mentions:
        if m.text in quoted and m.text not in taken:
            out.append(m)
            taken.add(m.text)
    years = {int(y) for y in re.findall(r"' ((?:19|20)\d\d) →", " ".join(best.reasons))}
    for m in mentions:
        if m.year in years and m.kind in ("year", "month-year", "full-date") and m not in out:
            out.append(m)
    return out


def _latest_full_date(mentions: tuple[DateMention, ...], today: dt.date | None) -> dt.date | None:
    """The latest past full date the text states (a lower bound even when we abstain)."""
    days = [
        e
        for m in mentions
        if m.kind == "full-date" and (e := _event_start(m)) is not None
        if today is None or e <= today
    ]
    return max(days, default=None)


# --- all together -----------------------------------------------------------------------------


def infer_reference_date(
    doc: Document,
    mentions: tuple[DateMention, ...],
    *,
    published: dt.date | None = None,
    today: dt.date | None = None,
) -> ReferenceDate | None:
    """Combine --published, metadata, a dateline and text evidence into one reference date."""
    text = doc.text.text
    implied = infer_from_text(text, mentions, today)
    imp: dict[str, Any] = {}
    bound = _latest_full_date(mentions, today)
    if bound is not None:  # the text reports this day: it was written on or after it
        imp = {"implied_earliest": bound}
    if implied is not None:
        imp = {
            "implied_earliest": implied.earliest,
            "implied_latest": implied.latest,
            "implied_date": implied.date,
        }

    modified = modified_date(doc, mentions)
    if modified is not None and today is not None and modified[0] > today:
        modified = None  # an update dated in the future is a mistake, not a licence

    def declared(
        day: dt.date,
        source: str,
        method: str,
        confidence: float,
        reason: str,
        evidence: tuple[DateMention, ...] = (),
    ) -> ReferenceDate:
        """A date the document (or the command line) states: one firm day, and a later
        declared modification when there is one (sources up to it may be cited)."""
        reasons = [reason]
        later = modified[0] if modified is not None and modified[0] > day else None
        if later is not None and modified is not None:
            reasons.append(f"updated {later.isoformat()} ({modified[1]})")
        return ReferenceDate(
            date=day,
            precision="day",
            source=source,
            earliest=day,
            latest=day,
            confidence=confidence,
            evidence=evidence,
            reasons=tuple(reasons),
            firm=True,
            method=method,
            declared=True,
            modified=later,
            **imp,
        )

    if published is not None:
        return declared(published, "cli", "cli", settings.CONFIDENCE_CLI, "given with --published")
    meta = declared_date(doc)
    if meta is not None:
        return declared(
            meta.day,
            "metadata",
            meta.method,
            settings.CONFIDENCE_METADATA,
            f"declared in the document's metadata ({meta.key})"
            if meta.method not in ("file-name", "permalink", "page-url")
            else f"declared by the post's address ({meta.key})",
        )
    dateline = find_dateline(text, mentions)
    if dateline is not None:
        day, m = dateline
        return declared(
            day,
            "dateline",
            "dateline",
            settings.CONFIDENCE_DATELINE,
            f"dateline '{m.text}' on line {m.line}",
            (m,),
        )
    guess = heuristic_date(doc)
    reported = imp.get("implied_earliest")
    if (
        guess is not None
        and reported is not None
        and guess < reported - dt.timedelta(days=settings.REFERENCE_CONFLICT_DAYS)
    ):
        guess = None  # the text reports later events: htmldate picked some older date
    agrees = (
        guess is not None
        and implied is not None
        and implied.firm
        and abs((implied.date - guess).days) <= settings.CONTEMPORANEOUS_DAYS
    )
    if guess is not None and not agrees and (today is None or guess <= today):
        # A guess: any date on the page may have been picked. It dates the piece, but bounds
        # nothing (latest stays open), so TIME001 can only warn and TIME004 does not compare.
        return ReferenceDate(
            date=guess,
            precision="day",
            source="metadata",
            earliest=guess,
            latest=None,
            confidence=settings.CONFIDENCE_HEURISTIC,
            reasons=("guessed from the page by htmldate (not declared)",),
            firm=False,
            method="heuristic",
            declared=False,
            modified=modified[0] if modified is not None and modified[0] > guess else None,
            **imp,
        )
    if implied is None:
        return None
    # Contemporaneous text makes its range firm; htmldate's guess agreeing only confirms it.
    confirmed = (
        (f"htmldate's guess from the page agrees ({guess.isoformat()})",)
        if agrees and guess
        else ()
    )
    return ReferenceDate(
        date=implied.date,
        precision=implied.precision,
        source="text",
        earliest=implied.earliest,
        latest=implied.latest,
        confidence=implied.confidence,
        evidence=implied.evidence,
        reasons=implied.reasons + confirmed,
        firm=implied.firm,
        method="text",
        declared=False,
        **imp,
    )
