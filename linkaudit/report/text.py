"""The terminal report: ``path:line:col severity RULE message``, grouped by file, a summary.

It streams as it is: a block per document with findings, then the notes and the summary line,
so `TextSink` writes each block as its document comes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from linkaudit.model import AuditResult, DocumentResult, InputError, Severity, safe_text
from linkaudit.report.stream import RunInfo, RunSummary, Writable
from linkaudit.report.tally import Tally

__all__ = ["TextSink", "render"]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _console(buffer: io.StringIO, color: bool) -> Any:
    from rich.console import Console

    return Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=True,
        width=200,
    )


def _print_document(console: Any, doc: DocumentResult) -> None:
    from rich.markup import escape

    if not doc.findings:
        return
    source = escape(safe_text(doc.document.source))
    console.print(f"[bold]{source}[/bold]")
    for f in doc.findings:
        style = _STYLE[f.severity]
        console.print(
            f"{source}:{f.line}:{f.column} "
            f"[{style}]{f.severity.value}[/{style}] [bold]{f.rule}[/bold] "
            f"{escape(f.message)}"
        )
        if f.suggestion:
            console.print(f"    [dim]suggestion:[/dim] {escape(f.suggestion)}")
    console.print()


def _print_end(
    console: Any,
    s: dict[str, Any],
    notes: Iterable[str],
    errors: tuple[InputError, ...],
    skipped_files: int,
) -> None:
    """The notes and the summary line, from the report's ``summary`` counts."""
    from rich.markup import escape

    for note in notes:
        console.print(f"[dim]note:[/dim] {escape(safe_text(note))}")
    counts = s["findings"]
    parts = [
        f"{s['documents']} document{'s' if s['documents'] != 1 else ''}",
        f"{s['unique_urls']} unique URL{'s' if s['unique_urls'] != 1 else ''}",
        f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
        f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
        f"{counts['info']} info",
    ]
    if errors:
        parts.append(f"{len(errors)} unreadable input{'s' if len(errors) != 1 else ''}")
    if skipped_files:
        parts.append(f"{skipped_files} file{'s' if skipped_files != 1 else ''} skipped")
    console.print("Checked " + ", ".join(parts) + ".")


def render(result: AuditResult, *, color: bool = False, summary_only: bool = False) -> str:
    """The report as text; ``color`` adds ANSI styles (only ever on a terminal)."""
    buffer = io.StringIO()
    sink = TextSink(buffer, color=color, summary_only=summary_only)
    sink.begin(RunInfo())
    for doc in result.documents:
        sink.document(doc)
    sink.end(RunSummary.of(result))
    return buffer.getvalue()


class TextSink:
    """The text report written document by document; keeps only the summary counts."""

    def __init__(self, out: Writable, *, color: bool = False, summary_only: bool = False) -> None:
        self._out = out
        self._summary_only = summary_only
        self._buffer = io.StringIO()
        self._console = _console(self._buffer, color)
        self._tally = Tally()

    def _flush(self) -> None:
        text = self._buffer.getvalue()
        if text:
            self._out.write(text)
            self._buffer.seek(0)
            self._buffer.truncate()

    def begin(self, info: RunInfo) -> None:
        self._tally = Tally()

    def document(self, result: DocumentResult) -> None:
        self._tally.add(result)
        if not self._summary_only:
            _print_document(self._console, result)
            self._flush()

    def end(self, summary: RunSummary) -> None:
        counts = self._tally.summary(
            errors=len(summary.errors), skipped_files=summary.skipped_files
        )
        _print_end(self._console, counts, summary.notes, summary.errors, summary.skipped_files)
        self._flush()
