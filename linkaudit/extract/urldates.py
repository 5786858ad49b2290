"""Dates in URL paths and queries (stub: the time work fills this in)."""

from __future__ import annotations

from linkaudit.model import UrlDate

__all__ = ["url_date"]


def url_date(url: str) -> UrlDate | None:
    """The date a URL carries (``/2026/06/14/`` and similar), or None."""
    return None
