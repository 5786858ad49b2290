"""A Markdown report fit for a pull-request comment or a GitHub step summary.

Cells hold hostile text (page titles, link text, URLs), so every cell is escaped: HTML is turned
into entities and Markdown punctuation is backslash-escaped so nothing renders as a link, an
image or a broken table. Long reports are cut to keep under GitHub's comment size limit
(65,536 characters): by length, not only by row count, since one finding's message may be long;
lists of reference dates and unreadable inputs are cut the same way.
"""

from __future__ import annotations

import re

from linkaudit.model import AuditResult, Severity
from linkaudit.report.common import display_path, ordered_findings, plural
from linkaudit.report.json import summary

__all__ = ["render", "escape_cell", "summary_line", "report_length", "MAX_ROWS", "MAX_CHARS"]

#: rows shown before the table is cut
MAX_ROWS = 200
#: GitHub comments stop at 65,536 characters; stay under with a margin (counted in UTF-16 code
#: units, as GitHub counts, so each emoji counts twice)
MAX_CHARS = 60_000
#: at most this much of the report for the reference dates and for the unreadable inputs
_SIDE_SHARE = 0.15
_ICON = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟠 warning", Severity.INFO: "🔵 info"}
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|!#~])")
_WHITESPACE = re.compile(r"\s+")


def escape_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no markup, no HTML."""
    text = _WHITESPACE.sub(" ", text).strip()
    text = "".join(_HTML.get(ch, ch) for ch in text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def report_length(text: str) -> int:
    """Length as GitHub counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _more(count: int, what: str) -> list[str]:
    return ["", f"…and {plural(count, 'more ' + what)} not shown."] if count else []


def _fit(lines: list[str], budget: int, total: int, what: str) -> int:
    """How many of ``lines`` fit in ``budget`` with room left for the "…and N more" line that
    ``total`` items (of which ``lines`` are the first) would then need."""
    used = 0
    reserve = sum(report_length(line) + 1 for line in _more(total, what))
    for i, line in enumerate(lines):
        used += report_length(line) + 1
        room = budget - (reserve if i + 1 < total else 0)
        if used > room:
            return i
    return len(lines)


def summary_line(result: AuditResult) -> str:
    s = summary(result)
    counts = s["findings"]
    parts = [
        plural(s["documents"], "document"),
        plural(s["unique_urls"], "unique URL"),
        plural(counts["error"], "error"),
        plural(counts["warning"], "warning"),
        f"{counts['info']} info",
    ]
    if result.errors:
        parts.append(plural(len(result.errors), "unreadable input"))
    return "Checked " + ", ".join(parts) + "."


def render(
    result: AuditResult,
    *,
    max_rows: int = MAX_ROWS,
    note: str | None = None,
    max_chars: int = MAX_CHARS,
) -> str:
    """The report: a heading, the summary, a table of findings (most severe first), errors.

    The whole stays within ``max_chars`` (as GitHub counts): the reference dates and the
    unreadable inputs get at most a share each, the table of findings the rest, each cut with an
    "…and N more" line.
    """
    head = ["## linkaudit report", "", summary_line(result), ""]
    if note:
        head += [note, ""]
    side = int(max_chars * _SIDE_SHARE)
    dates: list[str] = []
    dated = [d for d in result.documents if d.reference_date is not None]
    if dated:
        rows = []
        for d in dated:
            r = d.reference_date
            assert r is not None
            rows.append(
                f"- {escape_cell(display_path(d.document.source))}: {r.iso()} "
                f"({escape_cell(r.source)}, {r.precision})"
            )
        n = _fit(rows, side, len(rows), "reference date")
        dates = ["<details><summary>Reference dates</summary>", "", *rows[:n]]
        dates += [*_more(len(rows) - n, "reference date"), "", "</details>", ""]
    errors: list[str] = []
    if result.errors:
        rows = [f"- {escape_cell(e.source)}: {escape_cell(e.message)}" for e in result.errors]
        n = _fit(rows, side, len(rows), "unreadable input")
        errors = ["**Unreadable inputs**", "", *rows[:n], *_more(len(rows) - n, "unreadable input")]
        errors.append("")
    findings = list(ordered_findings(result))
    if findings:
        rows = []
        for item in findings[:max_rows]:
            f = item.finding
            where = f"{display_path(item.document.document.source)}:{f.line}:{f.column}"
            message = escape_cell(f.message)
            if f.suggestion:
                message += f"<br>suggestion: {escape_cell(f.suggestion)}"
            rows.append(
                f"| {_ICON[f.severity]} | `{f.rule}` {escape_cell(f.name)} "
                f"| {escape_cell(where)} | {message} |"
            )
        header = ["| Severity | Rule | Location | Message |", "|---|---|---|---|"]
        used = sum(report_length(line) + 1 for line in (*head, *header, *dates, *errors, ""))
        n = _fit(rows, max_chars - used, len(findings), "finding")
        table = [*header, *rows[:n], *_more(len(findings) - n, "finding"), ""]
    else:
        table = ["No findings.", ""]
    return "\n".join([*head, *table, *dates, *errors])
