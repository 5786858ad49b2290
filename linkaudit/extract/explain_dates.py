"""The date reasoning as text for ``linkaudit dates`` (stub: the time work fills this in)."""

from __future__ import annotations

from linkaudit.model import DateMention, Document, ReferenceDate

__all__ = ["render_date_report"]


def render_date_report(
    doc: Document, mentions: tuple[DateMention, ...], reference: ReferenceDate | None
) -> str:
    lines = [f"{doc.source}: {len(mentions)} date mentions"]
    for m in mentions:
        lines.append(f"  {m.line}:{m.column} {m.kind:<11} {m.text!r}")
    if reference is None:
        lines.append("reference date: none (nothing in the document dates it)")
    else:
        lines.append(
            f"reference date: {reference.iso()} ({reference.precision}, from {reference.source})"
        )
    return "\n".join(lines) + "\n"
