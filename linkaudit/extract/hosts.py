"""Host names against lists (shorteners, social platforms): subdomains included, no I/O."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["host_matches"]


def host_matches(host: str | None, entries: Iterable[str]) -> str | None:
    """The entry ``host`` is, or is a subdomain of; None when none fits."""
    if not host:
        return None
    host = host.lower().rstrip(".")
    for entry in entries:
        e = entry.lower().strip(".")
        if host == e or host.endswith("." + e):
            return entry
    return None
