"""Host names against lists (shorteners, social platforms): subdomains included, no I/O; and
the site a host belongs to, by the public suffix list tldextract bundles (never downloaded)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

__all__ = ["host_matches", "lookup_host", "registered_domain", "site_of"]

T = TypeVar("T")


@functools.lru_cache(maxsize=2)
def _extractor(private: bool) -> Any:
    import tldextract  # imported when first needed: a scan that never asks pays nothing

    # The bundled public suffix list only: never download one during a scan.
    return tldextract.TLDExtract(suffix_list_urls=(), include_psl_private_domains=private)


def _domain(host: str | None, private: bool) -> str | None:
    if not host:
        return None
    parts = _extractor(private)(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    return host


@functools.lru_cache(maxsize=65536)
def registered_domain(host: str | None) -> str | None:
    """``news.bbc.co.uk`` -> ``bbc.co.uk``; the host itself for IPs and unknown suffixes."""
    return _domain(host, private=False)


@functools.lru_cache(maxsize=65536)
def site_of(host: str | None) -> str | None:
    """The site a host belongs to: its registered domain, where suffixes that host other
    people's sites count too (``alice.github.io`` and ``bob.github.io`` are two sites). A name
    under no public suffix (``news.example``, an intranet name) is read by its last two labels;
    an IP address is its own site."""
    if not host:
        return None
    host = host.lower().rstrip(".")
    parts = _extractor(True)(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    if parts.suffix or ":" in host or host.replace(".", "").isdigit():
        return host
    return ".".join(host.split(".")[-2:])


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
