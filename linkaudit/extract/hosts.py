"""Host names against lists (shorteners, social platforms): subdomains included, no I/O."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TypeVar

__all__ = ["host_matches", "lookup_host"]

T = TypeVar("T")


def lookup_host(table: Mapping[str, T], host: str) -> T | None:
    """The entry for ``host`` or its nearest listed parent domain (``news.example.com`` ->
    ``example.com``), or None: cost by labels, not table size."""
    if not table or not host:
        return None
    labels = host.lower().rstrip(".").split(".")
    for i in range(len(labels)):
        found = table.get(".".join(labels[i:]))
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=64)
def _entries(entries: tuple[str, ...]) -> dict[str, str]:
    return {e.lower().strip("."): e for e in entries}


def host_matches(host: str | None, entries: Iterable[str]) -> str | None:
    """The entry ``host`` is, or is a subdomain of; None when none fits."""
    return lookup_host(_entries(tuple(entries)), host or "")
