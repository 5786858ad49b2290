"""Network settings for one scan: the knobs the CLI and config expose, defaults from settings."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from linkaudit import settings
from linkaudit.extract.hosts import lookup_host

__all__ = ["NetOptions", "lookup_host"]


@dataclass(frozen=True, slots=True)
class NetOptions:
    """How to check links: politeness, patience, safety, cache and archive lookups.

    ``host_overrides`` maps a host name to ``{"per_host": n, "interval_ms": ms, "timeout_ms":
    ms}`` for sites that allow more (or ask for less, or answer slowly). ``resolver``
    replaces DNS (tests point names at fake addresses so that nothing ever leaves loopback);
    ``transport`` replaces the connection layer under the safety checks (tests mock it).
    """

    concurrency: int = settings.NET_CONCURRENCY
    per_host: int = settings.NET_PER_HOST
    interval_ms: int = settings.NET_INTERVAL_MS
    timeout: float = settings.NET_READ_TIMEOUT
    connect_timeout: float = settings.NET_CONNECT_TIMEOUT
    total_timeout: float | None = None  # default: timeout + connect_timeout, capped by settings
    retries: int = settings.NET_RETRIES
    allow_private: bool = False
    allow_addresses: tuple[str, ...] = ()  # networks allowed one by one ("10.1.2.3/32")
    use_cache: bool = True
    cache_dir: str | None = None
    cache_max_age_s: int = settings.NET_CACHE_MAX_AGE
    #: the result store: ``postgresql://user@host:port/db``, ``sqlite:///path`` or a path;
    #: None: the sqlite cache in ``cache_dir`` (see linkaudit.store). May hold a password,
    #: so it stays out of reprs.
    store: str | None = field(default=None, repr=False)
    archive: bool = False
    quiet: bool = False
    ca_bundle: str | None = None
    http2: bool = True  # used only when the h2 package is installed
    max_body: int = settings.NET_MAX_BODY
    max_redirects: int = settings.NET_MAX_REDIRECTS
    soft404_probe: bool = True
    #: a rule pack's extra "not found" wordings (LINK006 ``phrases``), lower-case
    soft404_phrases: tuple[str, ...] = ()
    respect_robots: bool = False  # citations are not a crawl: robots.txt is opt-in
    https_probe: bool = True  # try https:// for http:// links that work (named hosts only)
    host_overrides: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    #: host -> headers sent to that host (and its subdomains) only, never to a redirect's
    #: other host; values may be secrets from the environment, so they stay out of reprs.
    host_headers: Mapping[str, Mapping[str, str]] = field(default_factory=dict, repr=False)
    #: host -> HTTP statuses that count as "ok" there (a paywall's 403, say)
    host_accept: Mapping[str, frozenset[int]] = field(default_factory=dict)
    resolver: Any = field(default=None, compare=False, repr=False)
    transport: Any = field(default=None, compare=False, repr=False)
    backoff_base: float = settings.NET_BACKOFF_BASE
    retry_after_cap: float = settings.NET_RETRY_AFTER_CAP
    host_max_strikes: int = settings.NET_HOST_BREAKER_STRIKES
    host_retry_after_budget: float = settings.NET_HOST_RETRY_AFTER_BUDGET

    @property
    def cache_scope(self) -> str:
        """Cache rows made with private addresses allowed never answer a run without."""
        return "private" if self.allow_private or self.allow_addresses else "public"

    def host_settings_key(self, host: str) -> str:
        """A short digest of what this configuration changes for ``host``: its headers (names
        and a hash of each value, never a value in clear), its accepted statuses and its own
        timeout; "" when nothing is set for it."""
        headers = lookup_host(self.host_headers, host) or {}
        accept = lookup_host(self.host_accept, host) or frozenset()
        timeout = (lookup_host(self.host_overrides, host) or {}).get("timeout_ms")
        if not headers and not accept and timeout is None:
            return ""
        digest = hashlib.blake2b(digest_size=8)
        for name, value in sorted((k.lower(), v) for k, v in headers.items()):
            digest.update(name.encode() + b"\0" + hashlib.sha256(value.encode()).digest())
        digest.update(b"accept:" + ",".join(map(str, sorted(accept))).encode())
        if timeout is not None:  # a timeout verdict under another timeout says nothing here
            digest.update(f"timeout:{timeout}".encode())
        return digest.hexdigest()

    def cache_scope_for(self, url: str) -> str:
        """The cache scope of one URL: `cache_scope`, plus its host's settings digest, so a
        result obtained with a host's cookie (or accepted statuses) never answers a run
        without them, nor the other way round."""
        key = self.host_settings_key((urlsplit(url).hostname or "").lower())
        return f"{self.cache_scope}:{key}" if key else self.cache_scope

    @property
    def deadline(self) -> float:
        """Total seconds one request may take, headers and body together."""
        return self.deadline_for(self.timeout)

    def timeout_for(self, host: str) -> float:
        """The read timeout for ``host``: its own (``[hosts."…"] timeout``), else the global."""
        own = lookup_host(self.host_overrides, host)
        if own is not None and "timeout_ms" in own:
            return own["timeout_ms"] / 1000
        return self.timeout

    def deadline_for(self, timeout: float) -> float:
        """The total deadline that goes with a read ``timeout``: the usual one (``--total-
        timeout``, else read and connect timeouts together, capped), or more for a host given
        a longer timeout of its own."""
        usual = (
            self.total_timeout
            if self.total_timeout is not None
            else min(settings.NET_TOTAL_TIMEOUT, self.timeout + self.connect_timeout)
        )
        return usual if timeout <= self.timeout else max(usual, timeout + self.connect_timeout)
