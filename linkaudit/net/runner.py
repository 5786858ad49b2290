"""The thin I/O adapter: fetch what ``check.py`` asks for, politely, once per URL per run.

One `Checker` per scan owns the shared client, the per-host limiter, the run memo (a URL,
including every redirect hop, is requested at most once per run however many links lead to
it; retries aside), the soft-404 probes (one per host, only for suspicious pages) and the
cache. It records, per host, whether anything answered, so the caller can tell "the network
is down" from "these links are broken".
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import importlib
import itertools
import secrets
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from linkaudit import settings
from linkaudit.errors import StoreError
from linkaudit.model import LinkCheck, PageMeta
from linkaudit.net import check as logic
from linkaudit.net.archive import memento_closest, wayback_closest, wayback_first
from linkaudit.net.client import USER_AGENT, HostLimiter, make_client
from linkaudit.net.errors import FetchFailed
from linkaudit.net.fetch import Exchange, fetch_once, text_of
from linkaudit.net.meta import parse_page_meta
from linkaudit.net.options import NetOptions, lookup_host
from linkaudit.net.owners import Handoff, Memo, Partition
from linkaudit.net.ssrf import parse_ip
from linkaudit.store import ResultStore

__all__ = ["Checker", "ARCHIVE_STATUSES", "schedule"]

_WARM_UP_PAGE = "<html><head><title>Warm up</title></head><body><h1>Warm up</h1></body></html>"

#: Verdicts for which a web-archive copy is worth suggesting.
ARCHIVE_STATUSES = frozenset({"broken", "soft404", "unreachable", "timeout", "blocked", "loop"})
Progress = Callable[[int, int], None]
Result = tuple[LinkCheck, PageMeta | None]
#: What one step of a check gives: the verdict, or (a partitioned checker's) a handoff.
Outcome = Result | Handoff


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _section(url: str) -> str:
    """A URL's site section, for the limiter: its first path segment."""
    path = urlsplit(url).path
    return path.split("/", 2)[1] if path.count("/") >= 2 else ""


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _wants_https_probe(url: str) -> bool:
    """An http:// URL on a named host: certificates are issued to names, so an IP literal's
    https:// address is not worth a request."""
    if not url.startswith("http://"):
        return False
    host = _host(url)
    return bool(host) and parse_ip(host) is None


def schedule(urls: Collection[str]) -> list[str]:
    """Distinct URLs in the order their first requests are queued: hosts interleaved, and
    within a host in a stable pseudo-random order, so that runs of similar paths (sorted
    input: a rate-limited section, a slow archive) do not reach a host back to back."""
    by_host: dict[str, list[str]] = {}
    for url in dict.fromkeys(urls):
        by_host.setdefault(_host(url), []).append(url)
    queues = [
        sorted(group, key=lambda u: hashlib.blake2b(u.encode(), digest_size=8).digest())
        for group in by_host.values()
    ]
    return [u for row in itertools.zip_longest(*queues) for u in row if u is not None]


def _holds(memo: asyncio.Future[Exchange], exchange: Exchange) -> bool:
    """Whether the memo entry is this very exchange (not a cookie re-request of its URL)."""
    return memo.done() and not memo.cancelled() and memo.result() is exchange


class Checker:
    """Check URLs for one scan. Use as ``async with Checker(options) as c: await c.check(u)``.

    ``partition``: the hosts this checker may send requests to (a check task of a distributed
    scan, see `linkaudit.net.owners`); None: every host (one machine). ``memo``: what the
    partition's checker of an earlier round learned (`memo` gives this one's)."""

    def __init__(
        self,
        options: NetOptions,
        cache: ResultStore | None = None,
        partition: Partition | None = None,
        memo: Memo | None = None,
    ) -> None:
        self.options = options
        self.cache = cache
        self.partition = partition
        overrides = {
            host: (
                int(v.get("per_host", options.per_host)),
                float(v.get("interval_ms", options.interval_ms)) / 1000,
            )
            for host, v in options.host_overrides.items()
        }
        self.limiter = HostLimiter(
            options.concurrency, options.per_host, options.interval_ms / 1000, overrides
        )
        self._client: httpx.AsyncClient | None = None
        #: the run memo; once a page has been judged its entry holds a body-less copy
        self._gets: dict[str, asyncio.Future[Exchange]] = {}
        self._pages: dict[str, PageMeta | None] = {}  # final URL -> metadata read from it
        self._probed: dict[str, bool] = {}  # final URL -> the probe's verdict on its text
        self._probes: dict[str, asyncio.Future[list[Exchange]]] = {}
        self._robots: dict[str, asyncio.Task[RobotFileParser | None]] = {}
        self._answered: set[str] = set()  # hosts that sent any HTTP answer
        self._failed: dict[str, str] = {}  # host -> last network error kind
        self._strikes: dict[str, int] = {}  # host -> 429s or timeouts in a row
        self._waited: dict[str, float] = {}  # host -> Retry-After seconds waited so far
        self._tripped: dict[str, Exchange] = {}  # host -> the answer its URLs now get
        self._known: dict[str, Exchange] = {}  # answers from an earlier round (`Memo`)
        self._known_probes: dict[str, tuple[Exchange, ...]] = {}
        if memo is not None:
            self._learn(memo)
        self.requests = 0
        self.handoffs: list[Handoff] = []  # checks that go on under another partition
        self.pending_cache: list[tuple[str, str, LinkCheck, PageMeta | None]] = []
        self._unstored = 0  # results added to pending_cache since the last batch was written
        self._written = time.monotonic()  # when the last batch was

    def warm_up(self) -> None:
        """Build the client and import what the first answers need (the HTTP/1.1 parser, the
        async socket backend, the page-metadata parsers) now, while documents are still being
        read: a first check took 0.13 s of such imports, the next ones 3 ms."""
        self.client  # noqa: B018
        for module in settings.NET_WARM_UP_MODULES:
            with contextlib.suppress(ImportError):
                importlib.import_module(module)
        parse_page_meta(_WARM_UP_PAGE, "https://warm-up.invalid/")

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:  # made on first use: a warm-cache run never builds it
            self._client = make_client(self.options)
        return self._client

    async def __aenter__(self) -> Checker:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for get in self._gets.values():
            get.cancel()
        for probe in self._probes.values():
            probe.cancel()
        for robots in self._robots.values():
            robots.cancel()
        if self._client is not None:
            await self._client.aclose()
        if self.cache is not None and self.pending_cache:
            rows, self.pending_cache = self.persistable(self.pending_cache), []
            self._store(rows)

    def _store(self, rows: list[tuple[str, str, LinkCheck, PageMeta | None]]) -> None:
        assert self.cache is not None
        self.cache.put_many(rows)

    def _store_some(self) -> None:
        """Write the results that are safe to keep already, a batch at a time during the run
        (not all at the end, on the scan's critical path), and at least every few seconds (a
        run killed mid-way loses only the last moments' results): once any host has
        answered, the network is not down, and only connection failures on silent hosts wait
        for the end."""
        self._unstored += 1
        due = (
            self._unstored >= settings.NET_CACHE_WRITE_BATCH
            or time.monotonic() - self._written >= settings.NET_CACHE_WRITE_EVERY_S
        )
        if not due or not self._answered:
            return
        self._unstored = 0
        self._written = time.monotonic()
        keep = self.persistable(self.pending_cache)
        kept = {id(row) for row in keep}
        self.pending_cache = [row for row in self.pending_cache if id(row) not in kept]
        self._store(keep)

    def persistable(
        self, rows: list[tuple[str, str, LinkCheck, PageMeta | None]]
    ) -> list[tuple[str, str, LinkCheck, PageMeta | None]]:
        """The rows worth remembering: none when the network looked down (the verdicts say
        nothing about the links), and never a DNS or connect failure on a host that did not
        answer once this run (this machine may be offline, or its resolver broken)."""
        if self.network_down:
            return []
        return [
            row
            for row in rows
            if not (
                row[2].error in ("dns", "connect")
                and _host(row[2].final_url or row[0]) not in self._answered
            )
        ]

    # -- network state ------------------------------------------------------------------
    @property
    def network_down(self) -> bool:
        """At least two hosts tried, none answered, every one failed at DNS or connect."""
        hosts = set(self._failed) | self._answered
        return (
            len(hosts) >= settings.NET_DOWN_MIN_HOSTS
            and not self._answered
            and all(kind in ("dns", "connect") for kind in self._failed.values())
        )

    def _learn(self, memo: Memo) -> None:
        self._known.update(memo.gets)
        self._known_probes.update(memo.probes)
        self._pages.update(memo.pages)
        self._probed.update(memo.probed)
        self._answered.update(memo.answered)
        self._failed.update(memo.failed)
        self._strikes.update(memo.strikes)
        self._waited.update(memo.waited)
        self._tripped.update(memo.tripped)

    def memo(self) -> Memo:
        """What this checker learned, for its partition's next round: every answer (without
        the body once the page was read), page metadata, probes, host states."""
        gets = dict(self._known)
        for url, task in self._gets.items():
            if task.done() and not task.cancelled() and task.exception() is None:
                exchange = task.result()
                gets[url] = replace(exchange, body=b"") if url in self._pages else exchange
        probes = dict(self._known_probes)
        for origin, probe in self._probes.items():
            if probe.done() and not probe.cancelled() and probe.exception() is None:
                probes[origin] = tuple(probe.result())
        return Memo(
            gets=gets,
            pages=dict(self._pages),
            probed=dict(self._probed),
            probes=probes,
            answered=frozenset(self._answered),
            failed=dict(self._failed),
            strikes=dict(self._strikes),
            waited=dict(self._waited),
            tripped=dict(self._tripped),
        )

    def reach(self) -> dict[str, Any]:
        """The hosts that answered, and those that only failed (with how): the facts
        `network_down` is decided on, for partitions' results to be decided on together."""
        return {"answered": sorted(self._answered), "failed": dict(sorted(self._failed.items()))}

    def _note(self, host: str, exchange: Exchange) -> None:
        if exchange.status is not None:
            self._answered.add(host)
            self._failed.pop(host, None)
        elif exchange.error in ("dns", "connect", "tls", "timeout", "protocol"):
            self._failed[host] = exchange.error  # only hosts that never answered get here

    # -- per-host circuit breaker -------------------------------------------------------
    def _strike(self, host: str, exchange: Exchange, delay: float | None) -> None:
        """Count a 429 or a timeout against ``host`` (any other answer resets the count);
        enough in a row, or too long waited on its Retry-After, and the host is given up."""
        if host in self._tripped:
            return
        kind = "429" if exchange.status == 429 else exchange.error
        if kind not in ("429", "timeout"):
            if exchange.status is not None:
                self._strikes.pop(host, None)
            return
        strikes = self._strikes[host] = self._strikes.get(host, 0) + 1
        if kind == "429" and delay is not None:
            self._waited[host] = self._waited.get(host, 0.0) + delay
        opts = self.options
        if strikes >= opts.host_max_strikes:
            why = f"{strikes} {'429 answers' if kind == '429' else 'timeouts'} in a row"
        elif kind == "429" and self._waited.get(host, 0.0) >= opts.host_retry_after_budget:
            why = f"its Retry-After waits reached {opts.host_retry_after_budget:g} s"
        else:
            return
        detail = f"{host} was given up after {why}"
        if kind == "429":
            self._tripped[host] = Exchange("", 429, detail=detail, attempts=0)
        else:
            self._tripped[host] = Exchange("", error="timeout", detail=detail, attempts=0)

    def _given_up(self, host: str, url: str, attempts: int) -> Exchange | None:
        tripped = self._tripped.get(host)
        if tripped is None:
            return None
        detail = tripped.detail if attempts else f"not requested: {tripped.detail}"
        return replace(tripped, url=url, attempts=attempts, detail=detail)

    # -- one GET per URL per run, with retries ------------------------------------------
    def get(self, url: str, *, hop: bool = False) -> asyncio.Future[Exchange]:
        task = self._gets.get(url)
        if task is None:
            known = self._known.get(url)
            if known is not None:  # answered in an earlier round of this partition
                task = asyncio.get_running_loop().create_future()
                task.set_result(known)
            else:
                task = asyncio.ensure_future(self._get_with_retries(url, hop=hop))
            self._gets[url] = task
        return task

    async def _get_with_retries(
        self, url: str, *, hop: bool = False, cookie: str | None = None
    ) -> Exchange:
        host = _host(url)
        opts = self.options
        headers = dict(lookup_host(opts.host_headers, host) or {})  # this host's own only
        if cookie:  # set by this chain's own answers from this host
            mine = next((v for k, v in headers.items() if k.lower() == "cookie"), None)
            headers = {k: v for k, v in headers.items() if k.lower() != "cookie"}
            headers["Cookie"] = f"{mine}; {cookie}" if mine else cookie
        attempt = 0
        while True:
            async with self.limiter.slot(host, hop=hop and attempt == 0, section=_section(url)):
                given_up = self._given_up(host, url, attempt)
                if given_up is not None:  # the host tripped while this URL waited its turn
                    return given_up
                self.requests += 1
                read_timeout = opts.timeout_for(host)
                exchange = await fetch_once(
                    self.client,
                    url,
                    deadline=opts.deadline_for(read_timeout),
                    max_body=opts.max_body,
                    headers=headers or None,
                    timeout=None
                    if read_timeout == opts.timeout
                    else httpx.Timeout(
                        read_timeout,
                        connect=opts.connect_timeout,
                        pool=opts.deadline_for(read_timeout),
                    ),
                )
            self._note(host, exchange)
            if exchange.status is not None and exchange.status != 429:
                self.limiter.answered(host)
            delay = logic.retry_delay(
                exchange,
                attempt,
                now=dt.datetime.now(dt.UTC),
                base=opts.backoff_base,
                cap=opts.retry_after_cap,
            )
            self._strike(host, exchange, delay)
            if delay is None or attempt >= opts.retries or exchange.error == "dns":
                return replace(exchange, attempts=attempt + 1)
            if host in self._tripped:
                return self._given_up(host, url, attempt + 1) or exchange
            attempt += 1
            if exchange.status == 429:  # the host slows down for all its URLs
                self.limiter.rate_limited(host, delay)
            await asyncio.sleep(delay)  # this URL waits what the server asked (or backs off)

    async def follow(
        self, url: str, *, memo: bool = True, chain: list[Exchange] | None = None
    ) -> tuple[list[Exchange], logic.Hop | None]:
        """The redirect chain from ``url``, and why it stopped early, if it did.

        Every hop takes a slot of its own host's, and gives it back before the next hop asks
        for one (a chain that comes back to a host never waits on itself). ``memo=False``:
        every hop fetched afresh, outside the run memo (a published page read as an input,
        whose body the memo must not keep). ``chain``: a chain handed over by another
        partition, ending in the redirect to follow from here. A partitioned checker stops
        at a hop to a host it does not own (``stop`` is ``"elsewhere"``, ``url`` the hop)."""
        if chain is None:
            chain = [await self.get(url) if memo else await self._get_with_retries(url)]
        while chain[-1].is_redirect:
            hop = logic.next_hop(chain, self.options.max_redirects)
            if hop.url is None:
                return chain, hop
            if self.partition is not None and not self.partition.owns_url(hop.url):
                return chain, logic.Hop(
                    hop.url, "elsewhere", f"redirect to {_host(hop.url)}, another worker's host"
                )
            same_host = _host(hop.url) == _host(chain[-1].url)  # else: a first contact, spaced
            if hop.again or not memo:  # a cookie check: once more, with the cookie, outside
                cookie = logic.chain_cookies(chain, _host(hop.url)) if hop.again else None
                chain.append(await self._get_with_retries(hop.url, hop=same_host, cookie=cookie))
            else:
                chain.append(await self.get(hop.url, hop=same_host))
        return chain, None

    async def fetch_page(self, url: str) -> tuple[str, str]:
        """A published page to scan: ``(final URL, HTML text)``; raises `FetchFailed`. Its
        requests take this run's slots, as link checks do, so the page's host never sees more
        than its limit, nor two starts closer than its interval."""
        chain, stop = await self.follow(url, memo=False)
        final = chain[-1]
        if stop is not None:
            raise FetchFailed(f"{url}: {stop.detail}")
        if final.error is not None:
            raise FetchFailed(f"{url}: {final.detail}")
        if final.status is None or not 200 <= final.status < 300:
            raise FetchFailed(f"{url}: HTTP {final.status}")
        if not final.is_html:
            raise FetchFailed(f"{url}: not an HTML page ({final.content_type or 'no type'})")
        return final.url, text_of(final)

    async def _robots_allow(self, url: str) -> bool:
        """Whether the origin's robots.txt lets linkaudit fetch ``url`` (fetched once per
        origin, under the same safety rules; no robots.txt, or an unreadable one, allows)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        task = self._robots.get(origin)
        if task is None:
            task = asyncio.ensure_future(self._robots_rules(origin))
            self._robots[origin] = task
        rules = await task
        return rules is None or rules.can_fetch(USER_AGENT, url)

    async def _robots_rules(self, origin: str) -> RobotFileParser | None:
        chain, stop = await self.follow(f"{origin}/robots.txt")
        last = chain[-1]
        if stop is not None or last.status is None or not 200 <= last.status < 300:
            return None
        rules = RobotFileParser()
        rules.parse(text_of(last).splitlines())
        return rules

    async def _probe(self, url: str) -> list[Exchange]:
        """One random path per host (scheme and port included), fetched once per run."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        task = self._probes.get(origin)
        if task is None and origin in self._known_probes:  # probed in an earlier round
            done: asyncio.Future[list[Exchange]] = asyncio.get_running_loop().create_future()
            done.set_result(list(self._known_probes[origin]))
            self._probes[origin] = done
            return await done
        if task is None:
            token = secrets.token_hex(settings.NET_PROBE_TOKEN_BYTES)
            task = asyncio.ensure_future(self._probe_chain(f"{origin}/{token}"))
            self._probes[origin] = task
        return await task

    async def _probe_chain(self, url: str) -> list[Exchange]:
        chain, _ = await self.follow(url)
        return chain

    # -- a whole check ------------------------------------------------------------------
    async def check(self, url: str) -> Result:
        """The verdict on one normalised URL (from the cache when fresh)."""
        outcome = await self.step(url)
        assert not isinstance(outcome, Handoff), "only a partitioned checker hands over"
        return outcome

    async def step(self, work: str | Handoff) -> Outcome:
        """A URL's check, or a handed-over check's next step: the verdict, or, when the
        chain goes on to a host this checker does not own, a `Handoff` for its owner."""
        if isinstance(work, Handoff):
            if work.step == "judge":
                return await self._judge(
                    work.url, list(work.chain), work.stop, work.page, work.probed
                )
            chain, stop = await self.follow(work.url, chain=list(work.chain))
            return await self._conclude(work.url, chain, stop)
        url = work
        scope = self.options.cache_scope_for(url)
        if self.cache is not None:
            hit = self.cache.get(url, scope)
            if hit is not None:
                return hit
        if self.options.respect_robots and not await self._robots_allow(url):
            return LinkCheck(
                status="skipped",
                reason="the site's robots.txt disallows linkaudit (--respect-robots)",
                checked_at=_now_iso(),
            ), None
        chain, stop = await self.follow(url)
        return await self._conclude(url, chain, stop)

    def _read_page(self, final: Exchange) -> PageMeta | None:
        """What the final page says (read from error pages too: a 403's title tells a bot
        wall apart), or what was read from it earlier in the run, once its body was let go."""
        if final.status is not None and final.body and final.is_html:
            return parse_page_meta(text_of(final), final.url)
        if final.status is not None and not final.body and final.url in self._pages:
            return self._pages[final.url]  # judged before in this run: its body is gone
        return None

    async def _conclude(self, url: str, chain: list[Exchange], stop: logic.Hop | None) -> Outcome:
        """A fetched chain's verdict; handed over when it must go on under another owner: a
        hop to a host owned elsewhere, or the last step (probes, cache row) on ``url``'s."""
        if stop is not None and stop.stop == "elsewhere":
            return Handoff(url, tuple(chain), "follow", next_url=stop.url)
        if self.partition is not None and not self.partition.owns_url(url):
            page = self._read_page(chain[-1])
            self._forget_bodies(chain, page)  # the handoff keeps the chain's own bodies
            probed = self._probed.get(chain[-1].url, False)
            return Handoff(url, tuple(chain), "judge", stop=stop, page=page, probed=probed)
        return await self._judge(url, chain, stop, self._read_page(chain[-1]))

    async def _judge(
        self,
        url: str,
        chain: list[Exchange],
        stop: logic.Hop | None,
        page: PageMeta | None,
        probed: bool = False,
    ) -> Result:
        """The verdict on a complete chain: probes on ``url``'s own host, then the cache row.
        ``probed``: where the chain was fetched, a probe had found its final page a soft 404."""
        scope = self.options.cache_scope_for(url)
        final = chain[-1]
        probe_verdict = False
        if (
            self.options.soft404_probe
            and stop is None
            and final.status == 200
            and logic.wall_signal(url, chain, page) is None
            and logic.soft404_signal(url, chain, page, self.options.soft404_phrases) is None
            and logic.looks_suspicious(url, chain, page)
        ):
            probe_verdict = logic.probe_says_soft404(chain, await self._probe(url))
            probe_verdict = probe_verdict or self._probed.get(final.url, False) or probed
            if final.body:
                self._probed[final.url] = probe_verdict
        self._forget_bodies(chain, page)
        result = logic.classify(
            url,
            chain,
            stop=stop,
            page=page,
            probe_verdict=probe_verdict,
            checked_at=_now_iso(),
            phrases=self.options.soft404_phrases,
        )
        if result.status not in ("ok", "redirected", "soft404"):
            page = None  # an error page's title is not the cited page's, accepted or not
        accepted = lookup_host(self.options.host_accept, _host(final.url))
        if (
            accepted
            and result.http_status in accepted
            and result.status not in ("ok", "redirected")
        ):
            result = replace(
                result,
                status="ok",
                reason=f"HTTP {result.http_status} is accepted for this host by the configuration",
            )
        if self.options.https_probe and result.status == "ok" and _wants_https_probe(url):
            secure = "https://" + url[len("http://") :]
            secure_chain, secure_stop = await self.follow(secure)
            last = secure_chain[-1]
            if secure_stop is None and last.status is not None and 200 <= last.status < 300:
                result = replace(result, https_url=secure)
        if self.cache is not None and self._cacheable(url, chain):
            self.pending_cache.append((url, scope, result, page))
            self._store_some()
        return result, page

    def _cacheable(self, url: str, chain: list[Exchange]) -> bool:
        """Not a given-up host's verdict (no request was made), and not a chain through a host
        whose configured headers or accepted statuses differ from the URL's own: the cache
        scope names only the URL's host, so such a result could answer the wrong run."""
        if any(e.attempts == 0 for e in chain):
            return False
        key = self.options.host_settings_key
        own = key(_host(url))
        return all(key(_host(e.url)) == own for e in chain)

    def _forget_bodies(self, chain: list[Exchange], page: PageMeta | None) -> None:
        """Keep the memo, not the bodies: each entry of ``chain`` becomes a body-less copy
        (status, headers, URL), and what was read from the final page is kept beside it, so a
        later link to the same URL still makes no request and still gets the metadata."""
        if chain[-1].body:
            self._pages[chain[-1].url] = page
        loop = asyncio.get_running_loop()
        for exchange in chain:
            memo = self._gets.get(exchange.url)
            if exchange.body and memo is not None and _holds(memo, exchange):
                done: asyncio.Future[Exchange] = loop.create_future()
                done.set_result(replace(exchange, body=b""))
                self._gets[exchange.url] = done

    async def archive(self, url: str, when: dt.date | None) -> LinkCheck | None:
        """The closest snapshot (Wayback, then Memento) as fields for the link's check. Each
        look-up takes a slot of the archive's own host, the one a cited archive link is
        checked under (the endpoints are read now, so a test can point them elsewhere)."""
        api = settings.NET_WAYBACK_API
        async with self.limiter.slot(_host(api)):
            snap = await wayback_closest(self.client, url, when, api=api)
        if snap is None:
            timegate = settings.NET_MEMENTO_TIMEGATE
            async with self.limiter.slot(_host(timegate)):
                snap = await memento_closest(self.client, url, when, timegate=timegate)
        if snap is None:
            return None
        return LinkCheck(status="ok", archive_url=snap.url, archive_timestamp=snap.timestamp)

    async def check_safely(self, url: str) -> Result:
        """`check`, where a bug costs one link (reported as skipped), not the scan."""
        outcome = await self.step_safely(url)
        assert not isinstance(outcome, Handoff), "only a partitioned checker hands over"
        return outcome

    async def step_safely(self, work: str | Handoff) -> Outcome:
        """`step`, where a bug costs one link (reported as skipped), not the scan."""
        try:
            return await self.step(work)
        except StoreError:  # the store, not the link: the scan cannot keep its results
            raise
        except Exception as exc:
            return LinkCheck(status="skipped", reason=f"internal error: {exc!r}"), None

    async def add_archive_copies(
        self,
        results: dict[str, tuple[LinkCheck, PageMeta | None]],
        archive_dates: Mapping[str, dt.date | None] | None = None,
        also_archive: Collection[str] = (),
    ) -> None:
        """Look up snapshots for the dead, blocked and ephemeral links of ``results``."""
        dates = archive_dates or {}
        wanted = [
            u
            for u, (c, _) in results.items()
            if (c.status in ARCHIVE_STATUSES or u in also_archive) and not c.archive_url
        ]
        found = await asyncio.gather(*(self.archive(u, dates.get(u)) for u in wanted))
        for u, snap in zip(wanted, found, strict=True):
            if snap is not None:
                check, page = results[u]
                results[u] = (
                    replace(
                        check,
                        archive_url=snap.archive_url,
                        archive_timestamp=snap.archive_timestamp,
                    ),
                    page,
                )

    async def add_first_captures(
        self, results: dict[str, tuple[LinkCheck, PageMeta | None]], urls: Collection[str]
    ) -> None:
        """Record the archive's first capture of each of ``urls``: when it is well after the
        citing article's date, it is evidence that the source did not exist then (TIME001)."""

        api = settings.NET_WAYBACK_CDX_API

        async def first(url: str) -> tuple[str, str | None]:
            async with self.limiter.slot(_host(api)):
                return url, await wayback_first(self.client, url, api=api)

        for url, stamp in await asyncio.gather(*(first(u) for u in urls if u in results)):
            if stamp is not None:
                check, page = results[url]
                results[url] = (replace(check, first_capture=stamp), page)

    async def run(
        self,
        urls: Collection[str],
        *,
        progress: Progress | None = None,
        archive_dates: Mapping[str, dt.date | None] | None = None,
        also_archive: Collection[str] = (),
        resume: Collection[Handoff] = (),
    ) -> dict[str, tuple[LinkCheck, PageMeta | None]]:
        """Check every URL once, concurrently; archive lookups after, if asked.

        ``resume``: checks handed over by other partitions, taken on from where they
        stopped. A partitioned checker's own handoffs are left in ``self.handoffs``; it
        makes no archive look-up (the archive's host has an owner too)."""
        unique = schedule(urls)
        work: list[str | Handoff] = [*unique, *resume]
        results: dict[str, tuple[LinkCheck, PageMeta | None]] = {}
        done = 0

        async def one(item: str | Handoff) -> None:
            nonlocal done
            outcome = await self.step_safely(item)
            if isinstance(outcome, Handoff):
                self.handoffs.append(outcome)
            else:
                results[item.url if isinstance(item, Handoff) else item] = outcome
            done += 1
            if progress is not None:
                progress(done, len(work))

        await asyncio.gather(*(one(item) for item in work))
        if self.options.archive and self.partition is None:
            await self.add_archive_copies(results, archive_dates, also_archive)
        return results
