"""The terminal report: ``path:line:col severity RULE message``, grouped by file, a summary."""

from __future__ import annotations

import io

from linkaudit.model import AuditResult, Severity, safe_text
from linkaudit.report.json import summary

__all__ = ["render"]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(result: AuditResult, *, color: bool = False, summary_only: bool = False) -> str:
    """The report as text; ``color`` adds ANSI styles (only ever on a terminal)."""
    from rich.console import Console
    from rich.markup import escape

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=True,
        width=200,
    )
    if not summary_only:
        for doc in result.documents:
            if not doc.findings:
                continue
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
    for note in result.notes:
        console.print(f"[dim]note:[/dim] {escape(safe_text(note))}")
    s = summary(result)
    counts = s["findings"]
    parts = [
        f"{s['documents']} document{'s' if s['documents'] != 1 else ''}",
        f"{s['unique_urls']} unique URL{'s' if s['unique_urls'] != 1 else ''}",
        f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
        f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
        f"{counts['info']} info",
    ]
    if result.errors:
        parts.append(
            f"{len(result.errors)} unreadable input{'s' if len(result.errors) != 1 else ''}"
        )
    if result.skipped_files:
        parts.append(
            f"{result.skipped_files} file{'s' if result.skipped_files != 1 else ''} skipped"
        )
    console.print("Checked " + ", ".join(parts) + ".")
    return buffer.getvalue()
