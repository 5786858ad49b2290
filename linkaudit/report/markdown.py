"""A Markdown report fit for a pull-request comment or a GitHub step summary.

Cells hold hostile text (page titles, link text, URLs), so every cell is escaped: HTML is turned
into entities and Markdown punctuation is backslash-escaped so nothing renders as a link, an
image or a broken table. Long reports are cut to keep under GitHub's comment size limit.
"""

from __future__ import annotations

import re

from linkaudit.model import AuditResult, Severity
from linkaudit.report.common import display_path, ordered_findings, plural
from linkaudit.report.json import summary

__all__ = ["render", "escape_cell", "summary_line", "MAX_ROWS"]

#: rows shown before the table is cut (GitHub comments stop at 65,536 characters)
MAX_ROWS = 200
_ICON = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟠 warning", Severity.INFO: "🔵 info"}
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|!#~])")
_WHITESPACE = re.compile(r"\s+")


def escape_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no markup, no HTML."""
    text = _WHITESPACE.sub(" ", text).strip()
    text = "".join(_HTML.get(ch, ch) for ch in text)
    return _MD_SPECIAL.sub(r"\\\1", text)


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


def render(result: AuditResult, *, max_rows: int = MAX_ROWS, note: str | None = None) -> str:
    """The report: a heading, the summary, a table of findings (most severe first), errors."""
    lines = ["## linkaudit report", "", summary_line(result), ""]
    if note:
        lines += [note, ""]
    findings = list(ordered_findings(result))
    if findings:
        lines += [
            "| Severity | Rule | Location | Message |",
            "|---|---|---|---|",
        ]
        for item in findings[:max_rows]:
            f = item.finding
            where = f"{display_path(item.document.document.source)}:{f.line}:{f.column}"
            message = escape_cell(f.message)
            if f.suggestion:
                message += f"<br>suggestion: {escape_cell(f.suggestion)}"
            lines.append(
                f"| {_ICON[f.severity]} | `{f.rule}` {escape_cell(f.name)} "
                f"| {escape_cell(where)} | {message} |"
            )
        if len(findings) > max_rows:
            lines += ["", f"…and {plural(len(findings) - max_rows, 'more finding')} not shown."]
        lines.append("")
    else:
        lines += ["No findings.", ""]
    dated = [d for d in result.documents if d.reference_date is not None]
    if dated:
        lines += ["<details><summary>Reference dates</summary>", ""]
        for d in dated:
            r = d.reference_date
            assert r is not None
            lines.append(
                f"- {escape_cell(display_path(d.document.source))}: {r.iso()} "
                f"({escape_cell(r.source)}, {r.precision})"
            )
        lines += ["", "</details>", ""]
    if result.errors:
        lines += ["**Unreadable inputs**", ""]
        lines += [f"- {escape_cell(e.source)}: {escape_cell(e.message)}" for e in result.errors]
        lines.append("")
    return "\n".join(lines)
