"""The one shared HTTP client of a scan, and the per-host limiter that keeps it polite.

Politeness is a `HostLimiter`: per host at most ``per_host`` requests in flight, request
starts at least ``interval`` apart (a redirect hop the same host just sent is part of its
fetch and is not spaced again), and a shared "not before" time that a 429 pushes back for
every URL of the host. Within those limits it schedules: a site section that answers slowly
gets one lane of the host's slots (`Slots`), so two slow pages never hold up its fast ones.
Every request of a scan takes a slot here: link checks and each redirect hop (under the hop's
own host), soft-404 probes, robots.txt, https:// probes, archive look-ups (under the archive's
host) and published pages read as inputs; a host is one key however a URL spells it
(`host_key`).
It is its own object, behind a small interface, so that a later version can share it across
workers (Redis, a Ray actor) without touching the checker.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import importlib.util
import ipaddress
import os
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from linkaudit import settings
from linkaudit.__about__ import __version__
from linkaudit.net.options import NetOptions, lookup_host
from linkaudit.net.ssrf import Policy
from linkaudit.net.transport import SafeTransport

__all__ = ["USER_AGENT", "Limiter", "HostLimiter", "host_key", "make_client", "ssl_context"]

USER_AGENT = f"linkaudit/{__version__} (+{settings.NET_USER_AGENT_URL})"


class Limiter(Protocol):
    """What the checker needs from politeness: a slot per request, and a way to back off."""

    def slot(
        self, host: str, *, hop: bool = False, section: str = ""
    ) -> AbstractAsyncContextManager[None]: ...

    def back_off(self, host: str, seconds: float) -> None: ...

    def rate_limited(self, host: str, retry_after: float) -> None: ...

    def answered(self, host: str) -> None: ...


class Slots:
    """A host's request slots, granted in arrival order, with two exceptions a scheduler
    needs: a request whose section may not start now (``eligible`` says no) waits without
    holding a slot and without holding up those behind it, and a request of a section that
    ``prefer`` names goes first (a slow section's lane that just came free)."""

    def __init__(
        self,
        capacity: int,
        eligible: Callable[[str], bool] = lambda tag: True,
        prefer: Callable[[str], bool] = lambda tag: False,
        granted: Callable[[str], None] = lambda tag: None,
        released: Callable[[str], None] = lambda tag: None,
        preferable: Callable[[], Iterable[str]] | None = None,
    ) -> None:
        self.capacity = max(1, capacity)
        self.in_use = 0
        if self.capacity < 2:  # one slot: a lane would only put slow pages ahead of fast ones
            eligible, prefer = (lambda tag: True), (lambda tag: False)
        self._eligible = eligible
        self._prefer = prefer
        self._granted = granted
        self._released = released
        # the only tags ``prefer`` can name (default: every tag waiting); keeps dispatch()
        # from calling ``prefer`` once per distinct tag waiting on every slot it hands out
        self._preferable = preferable
        self._waiters: deque[tuple[asyncio.Future[None], str]] = deque()
        self.waiting: dict[str, int] = {}  # tag -> requests waiting

    async def acquire(self, tag: str = "") -> None:
        if self.in_use < self.capacity and not self._waiters and self._eligible(tag):
            self._grant(tag)
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (waiter, tag)
        self._waiters.append(entry)
        self.waiting[tag] = self.waiting.get(tag, 0) + 1
        self.dispatch()
        try:
            await waiter  # dispatch() counted the slot as ours when it woke us
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release(tag)  # woken and cancelled at once: pass the slot on
            elif entry in self._waiters:  # dispatch() skips (and drops) cancelled waiters
                self._waiters.remove(entry)
                self._unwait(tag)
            raise

    def release(self, tag: str = "") -> None:
        """Give back a slot granted for ``tag``."""
        self.in_use -= 1
        self._released(tag)
        self.dispatch()

    def dispatch(self) -> None:
        """Give free slots to waiters: a preferred one first, else the first eligible one."""
        while self._waiters and self._waiters[0][0].done():  # cancelled, not yet resumed
            self._unwait(self._waiters.popleft()[1])
        while self.in_use < self.capacity and self._waiters:
            chosen = None
            tags = self._preferable() if self._preferable is not None else self.waiting
            if any(self.waiting.get(tag) and self._prefer(tag) for tag in tags):
                chosen = next((e for e in self._waiters if self._prefer(e[1])), None)
            if chosen is None:
                chosen = next((e for e in self._waiters if self._eligible(e[1])), None)
            if chosen is None:
                return
            self._waiters.remove(chosen)
            self._unwait(chosen[1])
            if chosen[0].done():  # cancelled before it could run: no slot for it
                continue
            self._grant(chosen[1])
            chosen[0].set_result(None)

    def _unwait(self, tag: str) -> None:
        n = self.waiting[tag] - 1
        if n:
            self.waiting[tag] = n
        else:
            del self.waiting[tag]  # so that dispatch() looks only at tags still waiting

    def _grant(self, tag: str) -> None:
        self.in_use += 1
        self._granted(tag)


def host_key(host: str) -> str:
    """The name a host's politeness is kept under: one server, however a URL spells it
    (``News.Example.``, ``bücher.example`` in a redirect's Location beside the punycode of a
    normalised link), so that no spelling gets slots of its own."""
    host = host.strip().rstrip(".").lower()
    if not host.isascii():
        import idna

        with contextlib.suppress(idna.IDNAError):  # else no request can reach it anyway
            host = idna.encode(host, uts46=True).decode("ascii")
    return host


@dataclass
class _HostState:
    limit: int
    interval: float
    next_start: float = 0.0
    not_before: float = 0.0
    in_flight: int = 0
    peak: int = 0
    requests: int = 0
    backoffs: int = 0
    slowdown: float = 1.0  # multiplies the interval after 429 streaks; halves on each answer
    streak: int = 0  # 429s in a row
    recent: deque[float] = field(
        default_factory=lambda: deque(maxlen=settings.NET_LATENCY_WINDOW)
    )  # answer times, seconds
    usual: float = 0.0  # their median, worked out once per answer (slow() runs per waiter)
    section_time: dict[str, float] = field(default_factory=dict)  # moving averages
    section_busy: dict[str, int] = field(default_factory=dict)  # requests granted a slot
    maybe_slow: set[str] = field(default_factory=set)  # sections averaging the absolute floor
    semaphore: Slots = field(init=False)

    def __post_init__(self) -> None:
        self.semaphore = Slots(
            self.limit,
            self.may_start,
            self.lane_free,
            self.granted,
            self.released,
            lambda: self.maybe_slow,
        )

    def slow(self, section: str) -> bool:
        """Whether the section's answers are slow, on average and against the host's median."""
        average = self.section_time.get(section)
        if average is None:
            return False
        return average >= max(
            settings.NET_SLOW_SECTION_S, self.usual * settings.NET_SLOW_SECTION_FACTOR
        )

    def may_start(self, section: str) -> bool:
        """A slow section has one lane: no second request of it while one is in flight."""
        return not self.section_busy.get(section) or not self.slow(section)

    def lane_free(self, section: str) -> bool:
        return not self.section_busy.get(section) and self.slow(section)

    def granted(self, section: str) -> None:
        self.section_busy[section] = self.section_busy.get(section, 0) + 1

    def released(self, section: str) -> None:
        self.section_busy[section] -= 1


@dataclass
class HostLimiter:
    """Per-host concurrency and request spacing under one global cap (in-process)."""

    concurrency: int = settings.NET_CONCURRENCY
    per_host: int = settings.NET_PER_HOST
    interval: float = settings.NET_INTERVAL_MS / 1000
    overrides: dict[str, tuple[int, float]] = field(default_factory=dict)
    _hosts: dict[str, _HostState] = field(default_factory=dict)
    _global: asyncio.Semaphore | None = None

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            key = host_key(host)
            state = self._hosts.get(key)
            if state is None:
                limit, interval = lookup_host(self.overrides, key) or (
                    self.per_host,
                    self.interval,
                )
                state = self._hosts[key] = _HostState(limit, max(0.0, interval))
            self._hosts[host] = state  # the spelling seen, found at once next time
        return state

    @asynccontextmanager
    async def slot(self, host: str, *, hop: bool = False, section: str = "") -> AsyncIterator[None]:
        """Wait for a turn at ``host`` (its concurrency, spacing and back-off), then run.

        ``hop``: the next hop of a redirect the same host just answered. It is part of that
        fetch, as for a browser, so it waits for a free slot and for any back-off, but not
        for the interval, and does not push the next request back (lychee does the same:
        its redirects are followed below its rate limiter).

        ``section``: the site section (first path segment). While a section's answers are
        slow (`settings.NET_SLOW_SECTION_S` on average, and `settings.NET_SLOW_SECTION_FACTOR`
        times the host's median), it has one lane: one of its requests in flight at a time,
        the next one started as soon as the lane is free, ahead of the queue, while the
        host's other slots serve everything else. Two slow pages would otherwise hold both
        of a host's slots while its fast pages wait.
        """
        if self._global is None:
            self._global = asyncio.Semaphore(max(1, self.concurrency))
        state = self._state(host)
        await state.semaphore.acquire(section)  # counts the section busy when granted
        try:
            await self._turn(state, hop)  # holds the global slot when it returns
            try:
                state.in_flight += 1
                state.requests += 1
                state.peak = max(state.peak, state.in_flight)
                started = time.monotonic()
                try:
                    yield
                finally:
                    state.in_flight -= 1
                    self._took(state, section, time.monotonic() - started)
            finally:
                self._global.release()
        finally:
            state.semaphore.release(section)

    async def _turn(self, state: _HostState, hop: bool) -> None:
        """Wait until the host may be sent a request (its spacing, its back-off) and a global
        slot is free. The start is reserved only with the global slot in hand, so requests to
        one host that waited together for the global limit still start ``interval`` apart;
        the global slot is never held while sleeping (a back-off would stall every host)."""
        assert self._global is not None
        while True:
            now = time.monotonic()
            ready = state.not_before if hop else max(state.next_start, state.not_before)
            if ready > now:
                await asyncio.sleep(ready - now)
                continue
            await self._global.acquire()
            now = time.monotonic()
            ready = state.not_before if hop else max(state.next_start, state.not_before)
            if ready <= now:
                if not hop:
                    state.next_start = now + state.interval * state.slowdown
                return
            self._global.release()  # another request of this host went first: wait again

    @staticmethod
    def _took(state: _HostState, section: str, seconds: float) -> None:
        state.recent.append(seconds)
        state.usual = sorted(state.recent)[len(state.recent) // 2]
        before = state.section_time.get(section)
        weight = settings.NET_SECTION_EWMA_WEIGHT
        sample = min(seconds, settings.NET_SECTION_SAMPLE_CAP_S)  # one timeout is one answer
        average = state.section_time[section] = (
            sample if before is None else (1 - weight) * before + weight * sample
        )
        if average >= settings.NET_SLOW_SECTION_S:  # slow() needs at least this
            state.maybe_slow.add(section)
        else:
            state.maybe_slow.discard(section)

    def back_off(self, host: str, seconds: float) -> None:
        """Nobody starts a request to ``host`` for ``seconds``."""
        state = self._state(host)
        state.backoffs += 1
        state.not_before = max(state.not_before, time.monotonic() + seconds)

    def rate_limited(self, host: str, retry_after: float) -> None:
        """A 429 from ``host``. One 429 among other answers concerns its URL (which waits
        its ``Retry-After``); a host that keeps answering 429 (`settings.NET_429_STREAK` in
        a row) is paused for ``retry_after`` and its requests spaced out further (doubling,
        capped), for every URL of the host, until answers bring the pace back."""
        state = self._state(host)
        state.streak += 1
        if state.streak >= settings.NET_429_STREAK:
            state.slowdown = min(state.slowdown * 2, settings.NET_429_MAX_SLOWDOWN)
            self.back_off(host, retry_after)

    def answered(self, host: str) -> None:
        """Any answer but a 429: the host recovers its normal pace step by step."""
        state = self._state(host)
        state.streak = 0
        state.slowdown = max(1.0, state.slowdown / 2)

    def stats(self) -> dict[str, dict[str, int]]:
        """Per host: requests started, peak in flight, back-offs (for reports and the bench)."""
        return {
            h: {"requests": s.requests, "peak_in_flight": s.peak, "backoffs": s.backoffs}
            for h, s in sorted(self._hosts.items())
            if h == host_key(h)  # a host once, under its key, not under each spelling seen
        }


def ssl_context(ca_bundle: str | None = None) -> ssl.SSLContext:
    """Verification against ``ca_bundle``, else ``SSL_CERT_FILE``/``SSL_CERT_DIR``, else certifi."""
    cafile = ca_bundle or os.environ.get("SSL_CERT_FILE")
    capath = os.environ.get("SSL_CERT_DIR") if not ca_bundle else None
    if not cafile and not capath:
        import certifi

        cafile = certifi.where()
    return ssl.create_default_context(cafile=cafile or None, capath=capath or None)


class _RefuseAll(http.cookiejar.DefaultCookiePolicy):
    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


def _no_cookie_jar() -> http.cookiejar.CookieJar:
    """A jar that keeps nothing: httpx would otherwise send one site's cookies to its every
    later URL in the run (a session, a consent choice) and change what linkaudit sees."""
    return http.cookiejar.CookieJar(policy=_RefuseAll())


def make_client(options: NetOptions) -> httpx.AsyncClient:
    """The shared client: safe transport, timeouts, honest User-Agent, no automatic redirects."""
    http2 = options.http2 and importlib.util.find_spec("h2") is not None
    transport = SafeTransport(
        Policy(
            allow_private=options.allow_private,
            allowed=tuple(ipaddress.ip_network(a, strict=False) for a in options.allow_addresses),
        ),
        ssl_context=ssl_context(options.ca_bundle),
        http2=http2,
        resolver=options.resolver,
        inner=options.transport,
    )
    timeout = httpx.Timeout(options.timeout, connect=options.connect_timeout, pool=options.deadline)
    return httpx.AsyncClient(
        transport=transport,
        cookies=_no_cookie_jar(),  # cookies live for one redirect chain (runner), never a run
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,  # the transport reads the proxy variables itself
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
            "Accept-Encoding": "gzip, deflate",
        },
    )
