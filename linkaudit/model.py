"""The facts linkaudit works on: plain frozen dataclasses, no I/O.

Readers make a `Document`; extraction adds `LinkRef`s grouped into `Link`s, `DateMention`s and a
`ReferenceDate`; the network layer adds a `LinkCheck` and `PageMeta` per link; rules turn all of it
into `Finding`s. Every stage returns new objects (``dataclasses.replace``) instead of mutating,
so one document's facts can be produced on one worker and merged on another.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_NEWLINE = re.compile("\n")

__all__ = [
    "FindingCounts",
    "Severity",
    "Region",
    "TextMap",
    "LinkRef",
    "TitleLine",
    "DocMeta",
    "Document",
    "DateMention",
    "UrlDate",
    "ReferenceDate",
    "LinkCheck",
    "PageMeta",
    "Link",
    "Finding",
    "safe_text",
    "InputError",
    "DocumentResult",
    "AuditResult",
]


class Severity(str, enum.Enum):
    """How much a finding matters; ordered so that ``rank`` compares."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Region(str, enum.Enum):
    """Where on a page a link stands: the piece's own text, or page furniture."""

    BODY = "body"
    CHROME = "chrome"


@dataclass(frozen=True, slots=True)
class TextMap:
    """Plain text of a document with a way back to source positions.

    ``anchors`` is a sorted tuple of ``(offset, line, column)``: the character at ``offset`` of
    ``text`` stood at ``line``/``column`` (1-based, code points) of the source. Between anchors the
    text is assumed to run on in the source as written (newlines advance the line). Build it with
    `TextMap.of` so that positions are found in logarithmic time.
    """

    text: str
    anchors: tuple[tuple[int, int, int], ...] = ((0, 1, 1),)
    newlines: tuple[int, ...] | None = None  # offsets of "\n" in text; computed when omitted

    def __post_init__(self) -> None:
        if self.newlines is None:
            found = tuple(m.start() for m in _NEWLINE.finditer(self.text))
            object.__setattr__(self, "newlines", found)
        if not self.anchors:
            object.__setattr__(self, "anchors", ((0, 1, 1),))

    @classmethod
    def of(cls, text: str, anchors: tuple[tuple[int, int, int], ...] = ((0, 1, 1),)) -> TextMap:
        return cls(text, anchors)

    def position(self, offset: int) -> tuple[int, int]:
        """The source line and column of ``text[offset]``."""
        i = max(0, bisect.bisect_right(self.anchors, (offset, 1 << 60, 0)) - 1)
        start, line, col = self.anchors[i]
        newlines = self.newlines or ()
        first = bisect.bisect_left(newlines, start)
        last = bisect.bisect_left(newlines, offset)
        if last > first:
            return line + (last - first), offset - newlines[last - 1]
        return line, col + (offset - start)


@dataclass(frozen=True, slots=True)
class LinkRef:
    """One occurrence of a URL in a document, exactly where it stands."""

    url: str
    line: int
    column: int
    text: str | None = None
    element: str = "bare"  # a, img, iframe, canonical, autolink, inline, reference, bare
    region: Region = Region.BODY
    in_code: bool = False
    cited_title: str | None = None
    # an in-page link a script or the page's navigation uses (href="#", a tab, a toggle)
    control: bool = False
    # stands inside an embedded post's markup (a tweet, an Instagram post): its parameters
    # (``ref_src=twsrc``) are the embed code's, not the writer's
    embedded: bool = False

    @property
    def is_image(self) -> bool:
        return self.element == "img"

    @property
    def is_citation_candidate(self) -> bool:
        """Images, embeds, canonicals, controls and code are never citations, whatever the
        region."""
        return (
            not self.in_code
            and not self.control
            and self.element not in ("img", "iframe", "canonical")
        )


@dataclass(frozen=True, slots=True)
class TitleLine:
    """A cited work named in the text: "Related article: <title>", with its position."""

    label: str
    title: str
    line: int
    column: int
    url: str | None = None  # the URL it is tied to, if any
    end_line: int | None = None  # last line of a title wrapped over several lines


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What a document says about itself (front matter, HTML meta, JSON-LD)."""

    title: str | None = None
    url: str | None = None
    lang: str | None = None
    # name -> raw value, e.g. {"article:published_time": "2023-09-19T10:00:00Z", "date": "..."}
    dates: Mapping[str, str] = field(default_factory=dict)
    json_ld: tuple[Mapping[str, Any], ...] = ()
    raw_html: str | None = None  # kept for htmldate; never printed
    # A page saved from the web: the address its relative links belong to (from <base href>,
    # the "saved from" mark, rel=canonical, og:url or JSON-LD), where that came from, and
    # whether the page carries a browser's "saved page" mark (readers.savedpage).
    site_url: str | None = None
    site_url_source: str | None = None  # base | saved-from | canonical | og:url | json-ld
    saved_mark: bool = False


@dataclass(frozen=True, slots=True)
class Capture:
    """Where and when a web archive captured a document (a WARC record): the page's address,
    and the capture time, an upper bound for its publication."""

    url: str | None = None  # WARC-Target-URI
    date: str | None = None  # WARC-Date, ISO 8601 (UTC)
    record_id: str | None = None  # WARC-Record-ID, without its angle brackets


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read: its source, plain text, link occurrences and metadata."""

    source: str
    format: str  # text | markdown | html
    raw: str
    text: TextMap
    refs: tuple[LinkRef, ...]
    meta: DocMeta = field(default_factory=DocMeta)
    titles: tuple[TitleLine, ...] = ()
    # inline suppression comments (engine.suppress.Suppression), parsed from raw by the engine
    suppressions: tuple[Any, ...] = ()
    # set when the bytes were not declared nor UTF-8 and linkaudit chose how to read them: the
    # encoding used, and a one-line reason for an editor to check the text (readers.decode)
    guessed_encoding: str | None = None
    encoding_warning: str | None = None
    # how ``format`` was chosen: extension (the file's name), forced (--type), sniffed (standard
    # input, from its content), page (a published page fetched by URL is HTML), content-type
    # (a WARC record's payload, by its Content-Type)
    format_source: str = "extension"
    capture: Capture | None = None  # a page read from a web archive (readers.warc)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date-like expression found in text, with what it pins down.

    ``kind``: full-date, month-day, month-year, year, decade, year-range, weekday, relative.
    ``value`` is the earliest day it can mean when it is absolute; relative mentions carry
    ``offset_days`` (signed; -1 for "yesterday") or ``offset_years`` and optionally an ``anchor``.
    """

    text: str
    kind: str
    offset: int
    line: int
    column: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    offset_days: int | None = None
    offset_years: float | None = None
    approximate: bool = False
    tense: str = "past"  # past | future | unknown
    context: str = ""
    # what a relative mention counts from: "after", "ago", "since", "now", "last-week", ...
    anchor: str | None = None
    # a hedge or modifier: "nearly", "more than", "last", "next", "earlier"
    qualifier: str | None = None


def iso_cut(date: dt.date, precision: str) -> str:
    """ISO 8601 cut to its precision: ``2023-09-19``, ``2023-09`` or ``2023``."""
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


@dataclass(frozen=True, slots=True)
class UrlDate:
    """A date read from a URL path or query, with how precise it is."""

    date: dt.date  # the earliest day it can mean
    precision: str  # day | month | year
    text: str  # the part of the URL it came from

    def iso(self) -> str:
        return iso_cut(self.date, self.precision)


@dataclass(frozen=True, slots=True)
class ReferenceDate:
    """When a piece was (most likely) written, and the range the evidence allows."""

    date: dt.date
    precision: str  # day | month | year
    source: str  # cli | metadata | dateline | text
    earliest: dt.date | None
    latest: dt.date | None
    implied_earliest: dt.date | None = None
    implied_latest: dt.date | None = None
    implied_date: dt.date | None = None
    confidence: float = 0.0
    evidence: tuple[DateMention, ...] = ()
    reasons: tuple[str, ...] = ()
    firm: bool = False  # latest is pinned (declared, or contemporaneous references)
    # how the date was found: cli | front-matter | file-name | permalink | meta | json-ld |
    # time-element | page-url | dateline | heuristic (htmldate's guess) | text
    method: str = ""
    declared: bool = False  # stated by the document or the command line, not guessed
    modified: dt.date | None = None  # a later declared update ("dateModified", "Updated on")

    def iso(self) -> str:
        return iso_cut(self.date, self.precision)


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """The outcome of fetching one URL (status vocabulary as in the design)."""

    status: str  # ok|redirected|broken|soft404|loop|unreachable|timeout|blocked|private|skipped
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[Mapping[str, Any], ...] = ()  # {"url":..., "status": 301}
    from_cache: bool = False
    error: str | None = None
    reason: str | None = None  # why: "title says not found", "bot wall", ...
    checked_at: str | None = None
    elapsed_ms: int | None = None
    content_type: str | None = None
    attempts: int = 1  # requests made for the first URL (retries included)
    archive_url: str | None = None  # closest web-archive snapshot (with --archive)
    archive_timestamp: str | None = None  # its capture time, YYYYMMDDhhmmss
    first_capture: str | None = None  # the archive's first copy, YYYYMMDDhhmmss (--archive)
    https_url: str | None = None  # for an http:// link: the https:// address that also works
    body_truncated: bool = False  # the page was cut at the body cap: anchors may be missing


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a fetched page says about itself."""

    title: str | None = None
    canonical: str | None = None
    site_name: str | None = None
    lang: str | None = None
    published: str | None = None  # YYYY-MM-DD
    modified: str | None = None
    h1: str | None = None
    anchors: frozenset[str] | None = None  # ids and names, for fragment checks


@dataclass(frozen=True, slots=True)
class Link:
    """A distinct URL in a document with every place it stands."""

    url: str  # as first written
    normalized_url: str  # for fetching and deduplication; no fragment
    fragment: str | None
    locations: tuple[LinkRef, ...]
    scheme: str
    host: str | None
    fetchable: bool
    malformed: str | None = None  # why it cannot be parsed, if it cannot
    url_date: UrlDate | None = None
    check: LinkCheck | None = None
    page: PageMeta | None = None

    @property
    def first(self) -> LinkRef:
        return self.locations[0]

    def citations(self, all_regions: bool = False) -> tuple[LinkRef, ...]:
        """The occurrences that are citations (body links; not images, embeds or code)."""
        return tuple(
            r
            for r in self.locations
            if r.is_citation_candidate and (all_regions or r.region is Region.BODY)
        )


#: C0 controls but tab, LF and CR; DEL; C1 controls (U+009B is a one-character CSI).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """``text`` with every control character that a terminal or an XML file cannot take safely
    (ESC and the rest of C0 but tab/LF/CR, DEL, C1) replaced by U+FFFD: a hostile page title
    cannot move the cursor, set a terminal title or break a report."""
    return _CONTROL.sub("\ufffd", text) if _CONTROL.search(text) else text


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem an editor should look at. ``message`` and ``suggestion`` are `safe_text`
    (the engine makes them so), whatever page or document they quote."""

    rule: str
    name: str
    severity: Severity
    message: str
    source: str
    line: int
    column: int
    url: str | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    suggestion: str | None = None
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read; the scan goes on without it."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything known about one document after a scan."""

    document: Document
    links: tuple[Link, ...]
    mentions: tuple[DateMention, ...]
    reference_date: ReferenceDate | None
    findings: tuple[Finding, ...]
    # path relative to the git root, else the config's folder, else the working directory: what
    # fingerprints and baselines use
    relpath: str = ""
    suppressed: int = 0  # findings silenced by inline suppressions
    # inline suppressions that silenced nothing (engine.suppress.Suppression), when asked for
    unused_suppressions: tuple[Any, ...] = ()
    # the site generator whose conventions applied: {"generator", "root", "detected_from", ...}
    site: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class FindingCounts:
    """What a run found, counted, for a run whose documents went to a report as they came
    and were not kept: enough for the exit code and a summary."""

    documents: int = 0
    #: findings by severity value ("error", "warning", "info")
    by_severity: Mapping[str, int] = field(default_factory=dict)
    #: findings by rule id
    by_rule: Mapping[str, int] = field(default_factory=dict)

    def worst(self) -> Severity | None:
        """The most severe finding's severity; None when nothing was found."""
        found = [Severity(s) for s, n in self.by_severity.items() if n]
        return max(found, key=lambda s: s.rank) if found else None


@dataclass(frozen=True, slots=True)
class AuditResult:
    """The whole scan: documents in input order, input errors, and run facts."""

    documents: tuple[DocumentResult, ...]
    errors: tuple[InputError, ...] = ()
    skipped_files: int = 0
    network_down: bool = False
    notes: tuple[str, ...] = ()
    # with --baseline: {"file", "baselined": n, "fixed": [{"rule", "file", "url", "message", ...}]}
    baseline: Mapping[str, Any] | None = None
    #: set when the documents went to a report sink and were not kept (``documents`` is then
    #: empty): what they held, counted
    counts: FindingCounts | None = None
