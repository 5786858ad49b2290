"""The editor's HTML report: one self-contained file, the article with its problems marked.

Page titles, link text, URLs and the article itself are hostile input, so the Jinja2
environment autoescapes everything, hrefs are only ever http(s), and a Content-Security-Policy
forbids every network load and every script but the report's own (allowed by its hash).
"""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from bs4 import ParserRejectedMarkup
from jinja2 import Environment, PackageLoader, select_autoescape

from linkaudit.__about__ import __version__
from linkaudit.extract.urls import normalize_url
from linkaudit.model import AuditResult, DocumentResult, Finding, Link, LinkRef, Severity
from linkaudit.report.common import display_path, is_url
from linkaudit.report.evidence import finding_sentences, reference_sentences
from linkaudit.report.json import finding_dict, summary
from linkaudit.report.markdown import summary_line
from linkaudit.report.reading import read_paragraphs
from linkaudit.report.timeline import Timeline, build_timeline, parse_day

__all__ = ["render", "Line", "Segment", "document_view"]

TEMPLATE = "report.html.j2"
SCRIPT = "report.js"
#: families whose findings get their evidence shown in full under "Time evidence"
EVIDENCE_FAMILIES = ("TIME",)
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of one line's text; ``severity`` set when it is the cited URL a finding is about."""

    text: str
    severity: str | None = None
    echo: bool = False  # another place the URL of a finding stands (findings sit at the first)
    url: str | None = None  # in the reading view of an HTML article: the link this text cites
    cited: bool = False
    plain: bool = False  # a URL only written in the text: no link of the page, never checked

    @property
    def css(self) -> str:
        """The mark's classes: ``cite`` for a link in the reading view, then the severity."""
        parts = ["cite"] if self.cited else []
        parts += ["plain"] if self.plain else []
        parts += [self.severity] if self.severity else []
        parts += ["echo"] if self.echo else []
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Line:
    """A row of the article pane: a source line, or (HTML articles) a paragraph as read, with
    the source line it starts on."""

    number: int
    segments: tuple[Segment, ...]
    findings: tuple[Finding, ...]
    severity: str | None  # the most severe finding on the line
    kind: str = "line"  # line | text | heading | item | quote | code | caption | outside
    key: str = ""  # the row's id suffix; "L<number>" unless several rows share a line

    @property
    def tooltip(self) -> str:
        return "\n".join(f"{f.rule} {f.severity.value}: {f.message}" for f in self.findings)

    @property
    def anchor(self) -> str:
        return self.key or f"L{self.number}"


def safe_href(url: str | None) -> str | None:
    """Only web URLs become links: never ``javascript:`` or ``data:`` from hostile input."""
    return url if url and is_url(url) else None


def _worst(findings: list[Finding]) -> str | None:
    if not findings:
        return None
    return max(findings, key=lambda f: f.severity.rank).severity.value


#: (column, url, severity, echo) of a URL to mark on a line
_Mark = tuple[int, str, Severity, bool]


def _segments(text: str, marks: list[_Mark]) -> tuple[Segment, ...]:
    """Cut a line so that each marked URL is its own highlighted segment."""
    spans: list[tuple[int, int, Severity, bool]] = []
    for column, url, severity, echo in sorted(marks, key=lambda m: (m[0], -m[2].rank, m[3])):
        start = column - 1
        if not text.startswith(url, start):
            continue
        if spans and start < spans[-1][1]:
            continue  # the more severe finding on the same URL already marks it
        spans.append((start, start + len(url), severity, echo))
    out: list[Segment] = []
    pos = 0
    for start, end, severity, echo in spans:
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], severity.value, echo))
        pos = end
    if pos < len(text) or not out:
        out.append(Segment(text[pos:]))
    return tuple(out)


def _marks(doc: DocumentResult) -> dict[int, list[_Mark]]:
    """Every place a URL with a finding stands: its first place strong, the others as echoes."""
    locations: dict[str, tuple[LinkRef, ...]] = {}
    for link in doc.links:
        for key in (link.url, link.normalized_url):
            locations.setdefault(key, link.locations)
    marks: dict[int, list[_Mark]] = {}
    for f in doc.findings:
        if not f.url:
            continue
        marks.setdefault(f.line, []).append((f.column, f.url, f.severity, False))
        for ref in locations.get(f.url, ()):
            if (ref.line, ref.column) != (f.line, f.column):
                marks.setdefault(ref.line, []).append((ref.column, ref.url, f.severity, True))
    return marks


def _lines(doc: DocumentResult) -> list[Line]:
    raw = doc.document.raw.removeprefix(_BOM)
    by_line: dict[int, list[Finding]] = {}
    for f in doc.findings:
        by_line.setdefault(f.line, []).append(f)
    marks = _marks(doc)
    lines = []
    texts = raw.split("\n")
    if texts and texts[-1] == "":
        texts.pop()
    for number, text in enumerate(texts, start=1):
        text = text.removesuffix("\r")
        found = by_line.get(number, [])
        segments = _segments(text, marks.get(number, []))
        lines.append(Line(number, segments, tuple(found), _worst(found)))
    # findings past the end (a reader's position beyond the raw text) still get a line
    for number in sorted(n for n in by_line if n > len(texts)):
        found = by_line[number]
        lines.append(Line(number, (Segment(""),), tuple(found), _worst(found)))
    return lines


def _is_late(link: Link, limit: dt.date | None) -> bool:
    """Whether a source is dated after the last day the article can have been written."""
    if limit is None:
        return False
    dates = [link.url_date.date if link.url_date else None]
    dates.append(parse_day(link.page.published if link.page else None))
    return any(d is not None and d > limit for d in dates)


def _link_row(link: Link, limit: dt.date | None) -> dict[str, Any]:
    check = link.check
    page = link.page
    return {
        "late": _is_late(link, limit),
        "url": link.url,
        "href": safe_href(link.url),
        "lines": [r.line for r in link.locations],
        "text": next(
            (r.text or r.cited_title for r in link.locations if r.text or r.cited_title), None
        ),
        "status": check.status if check else None,
        "http_status": check.http_status if check else None,
        "final_url": check.final_url if check else None,
        "final_href": safe_href(check.final_url if check else None),
        "title": page.title if page else None,
        "published": page.published if page else None,
        "url_date": link.url_date.iso() if link.url_date else None,
    }


def _reading_rows(doc: DocumentResult) -> tuple[list[Line], dict[int, str]]:
    """The article pane of an HTML article: its paragraphs as read, cited links marked, each
    finding on the paragraph of its link (or of its line); a finding about a link the reading
    view does not show (navigation, markup) gets a row of its own. Returns the rows and, by
    ``id(finding)``, the row each finding is on."""
    source = doc.document.source
    paragraphs = read_paragraphs(doc.document.raw, source if is_url(source) else None)
    runs_of: dict[str, list[tuple[int, int]]] = {}
    for pi, para in enumerate(paragraphs):
        for ri, run in enumerate(para.runs):
            if run.url is not None:
                for key in (run.url, normalize_url(run.url).normalized):
                    runs_of.setdefault(key, []).append((pi, ri))
    linked = {u for link in doc.links for u in (link.url, link.normalized_url)}
    linked.update(ref.url for link in doc.links for ref in link.locations)
    starts = [p.line for p in paragraphs]
    on: dict[int, list[Finding]] = {}
    strong: dict[tuple[int, int], Severity] = {}
    echo: dict[tuple[int, int], Severity] = {}
    outside: list[Finding] = []
    ordered = sorted(doc.findings, key=lambda f: (-f.severity.rank, f.line, f.column))
    for f in ordered:
        places = (
            (runs_of.get(f.url) or runs_of.get(normalize_url(f.url).normalized)) if f.url else None
        )
        if places:
            lines = [paragraphs[pi].runs[ri].line or paragraphs[pi].line for pi, ri in places]
            exact = [p for p, ln in zip(places, lines, strict=True) if ln == f.line]
            before = [p for p, ln in zip(places, lines, strict=True) if ln <= f.line]
            chosen = (exact or before[-1:] or places[:1])[0]
            strong.setdefault(chosen, f.severity)
            for other in places:
                if other != chosen and other not in strong:
                    echo.setdefault(other, f.severity)
            on.setdefault(chosen[0], []).append(f)
        elif f.url or not paragraphs:
            outside.append(f)
        else:
            pi = max(0, bisect.bisect_right(starts, f.line) - 1)
            on.setdefault(pi, []).append(f)
    rows: list[tuple[int, int, Line, list[Finding]]] = []
    for pi, para in enumerate(paragraphs):
        segments = []
        for ri, run in enumerate(para.runs):
            severity = strong.get((pi, ri)) or echo.get((pi, ri))
            segments.append(
                Segment(
                    run.text,
                    severity.value if severity else None,
                    (pi, ri) not in strong and severity is not None,
                    run.url,
                    run.url is not None,
                    run.url is not None
                    and run.url not in linked
                    and normalize_url(run.url).normalized not in linked,
                )
            )
        found = on.get(pi, [])
        line = Line(para.line, tuple(segments), tuple(found), _worst(found), para.kind)
        rows.append((para.line, 0, line, found))
    for f in outside:
        segments_out = [Segment("Outside the article text (page furniture or markup): ")]
        segments_out.append(Segment(f.url or "", f.severity.value, url=f.url, cited=bool(f.url)))
        rows.append(
            (f.line, 1, Line(f.line, tuple(segments_out), (f,), f.severity.value, "outside"), [f])
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    seen: dict[int, int] = {}
    out: list[Line] = []
    placed: dict[int, str] = {}
    for number, _order, line, found in rows:
        seen[number] = seen.get(number, 0) + 1
        key = f"L{number}" if seen[number] == 1 else f"L{number}-{seen[number]}"
        out.append(replace(line, key=key))
        for f in found:
            placed[id(f)] = key
    return out, placed


def _by_line(line: int) -> str:
    return f"L{line}"


def _anchor_for(rows: list[Line]) -> Callable[[int], str]:
    """The id suffix of the row that shows a source line: the last row starting at or before
    it (a paragraph spans lines)."""
    numbers = [r.number for r in rows]

    def anchor(line: int) -> str:
        if not rows:
            return f"L{line}"
        i = bisect.bisect_right(numbers, line) - 1
        return rows[max(i, 0)].anchor

    return anchor


def document_view(doc: DocumentResult, index: int) -> dict[str, Any]:
    """Everything the template shows for one document, precomputed in Python."""
    findings = sorted(doc.findings, key=lambda f: (-f.severity.rank, f.line, f.column, f.rule))
    timeline: Timeline | None = build_timeline(doc)
    reading = doc.document.format == "html"
    rows: list[Line] = []
    placed: dict[int, str] = {}
    anchor: Callable[[int], str] = _by_line
    if reading:
        try:
            rows, placed = _reading_rows(doc)
            anchor = _anchor_for(rows)
        except (RecursionError, ParserRejectedMarkup):  # a page the parser cannot take (a
            # "marked section" such as <![fe80::1]>): its source lines, as before
            reading = False
    if not reading:
        rows = _lines(doc)
    return {
        "id": f"d{index}",
        "path": display_path(doc.document.source),
        "format": doc.document.format,
        "reference": doc.reference_date,
        "reading": reading,
        "lines": rows,
        "side": [(f, placed.get(id(f), anchor(f.line))) for f in findings],
        "dating": reference_sentences(doc.reference_date, anchor) if doc.reference_date else [],
        "findings": findings,
        "counts": {s.value: sum(f.severity is s for f in doc.findings) for s in Severity},
        "links": [_link_row(link, timeline.limit if timeline else None) for link in doc.links],
        "checked": any(link.check is not None for link in doc.links),
        "timeline": timeline,
        "evidence": [
            (f, finding_sentences(f, anchor), finding_dict(f)["evidence"])
            for f in findings
            if f.rule.startswith(EVIDENCE_FAMILIES)
        ],
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("linkaudit.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = safe_href
    return env


def _script() -> tuple[str, str]:
    """The report's one script and its CSP hash."""
    env = _environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, SCRIPT)
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return source, f"'sha256-{digest}'"


def render(result: AuditResult) -> str:
    script, script_hash = _script()
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            version=__version__,
            summary=summary(result),
            summary_line=summary_line(result),
            documents=[document_view(d, i) for i, d in enumerate(result.documents)],
            errors=result.errors,
            notes=result.notes,
            network_down=result.network_down,
            script=script,
            script_hash=script_hash,
        )
    )
