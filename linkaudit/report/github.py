"""GitHub Actions workflow commands (``::error file=…,line=…::message``) and a step summary.

GitHub shows at most ten annotations of each level per step, so the most severe findings go
first, each level is cut at ten, and the Markdown step summary (``$GITHUB_STEP_SUMMARY``) holds
the whole report and says how many annotations were left off.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from linkaudit.errors import UsageError
from linkaudit.model import AuditResult, Severity
from linkaudit.report import markdown
from linkaudit.report.common import display_path, ordered_findings, plural

__all__ = ["render", "escape_data", "escape_property", "ANNOTATIONS_PER_LEVEL", "COMMANDS"]

#: GitHub displays this many annotations per level per step; the rest are dropped silently
ANNOTATIONS_PER_LEVEL = 10
STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (after ``::``): ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus ``:`` and ``,`` which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, message: str, **props: str | int) -> str:
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    head = f"{level} {joined}" if joined else level
    return f"::{head}::{escape_data(message)}"


def workflow_commands(result: AuditResult) -> tuple[list[str], Counter[str]]:
    """The commands to print (at most ten per level) and how many were left off per level."""
    shown: Counter[str] = Counter()
    left_off: Counter[str] = Counter()
    lines: list[str] = []
    for err in result.errors:
        shown["error"] += 1
        if shown["error"] > ANNOTATIONS_PER_LEVEL:
            left_off["error"] += 1
            continue
        lines.append(_command("error", f"{err.source}: {err.message}", title="linkaudit input"))
    for item in ordered_findings(result):
        f = item.finding
        level = COMMANDS[f.severity]
        shown[level] += 1
        if shown[level] > ANNOTATIONS_PER_LEVEL:
            left_off[level] += 1
            continue
        message = f.message + (f"\nsuggestion: {f.suggestion}" if f.suggestion else "")
        lines.append(
            _command(
                level,
                message,
                file=display_path(item.document.document.source),
                line=f.line,
                col=f.column,
                title=f"{f.rule} {f.name}",
            )
        )
    return lines, left_off


def _left_off_note(left_off: Counter[str]) -> str | None:
    if not left_off:
        return None
    parts = [plural(n, f"{level} annotation") for level, n in sorted(left_off.items())]
    return (
        f"GitHub shows only {ANNOTATIONS_PER_LEVEL} annotations per level: "
        f"{', '.join(parts)} more {'is' if sum(left_off.values()) == 1 else 'are'} "
        "listed in the table below and not on the diff."
    )


def render(result: AuditResult, *, step_summary: str | None = None) -> str:
    """The workflow commands; also appends the Markdown report to the step summary file."""
    lines, left_off = workflow_commands(result)
    target = step_summary if step_summary is not None else os.environ.get(STEP_SUMMARY_ENV)
    if target:
        text = markdown.render(result, note=_left_off_note(left_off))
        try:
            with Path(target).open("a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError as exc:
            raise UsageError(f"cannot write the step summary {target}: {exc.strerror}") from None
    lines.append(markdown.summary_line(result))
    return "\n".join(lines) + "\n"
