"""Host names against lists (shorteners, social platforms): subdomains included, no I/O."""

from __future__ import annotations

import functools
from collections.abc import Iterable

__all__ = ["host_matches"]


@functools.lru_cache(maxsize=64)
def _entries(entries: tuple[str, ...]) -> dict[str, str]:
    return {e.lower().strip("."): e for e in entries}


def host_matches(host: str | None, entries: Iterable[str]) -> str | None:
    """The entry ``host`` is, or is a subdomain of; None when none fits.

    Looks up the host and each of its parent domains in a set: cost by labels, not list size.
    """
    if not host:
        return None
    table = _entries(tuple(entries))
    labels = host.lower().rstrip(".").split(".")
    for i in range(len(labels)):
        found = table.get(".".join(labels[i:]))
        if found is not None:
            return found
    return None
