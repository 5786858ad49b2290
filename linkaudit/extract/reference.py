"""When was this piece written? (stub: the time work fills this in)."""

from __future__ import annotations

import datetime as dt

from linkaudit.model import DateMention, Document, ReferenceDate

__all__ = ["infer_reference_date"]


def infer_reference_date(
    doc: Document,
    mentions: tuple[DateMention, ...],
    *,
    published: dt.date | None = None,
    today: dt.date | None = None,
) -> ReferenceDate | None:
    """Combine --published, metadata, a dateline and text evidence into one reference date."""
    if published is not None:
        return ReferenceDate(
            date=published,
            precision="day",
            source="cli",
            earliest=published,
            latest=published,
            confidence=1.0,
            firm=True,
        )
    return None
