"""Date mentions in plain text (stub: the time work fills this in)."""

from __future__ import annotations

from linkaudit.model import DateMention, TextMap

__all__ = ["extract_mentions"]


def extract_mentions(
    text: TextMap, *, lang: str | None = None, day_first: bool = False
) -> tuple[DateMention, ...]:
    """Every date-like expression in ``text.text``, in order, with source positions."""
    return ()
