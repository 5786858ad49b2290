"""The network layer: the only part of linkaudit that opens sockets.

Public entry points:

- `check_urls` / `check_urls_sync`: verdict and page metadata for each distinct normalised URL
  (fragments are not part of the keys; the LINK010 rule checks them against ``page.anchors``).
  The result is a dict that also says whether the network looked down (`CheckResults`).
- `fetch_document`: a published page fetched as an input document, under the same rules.

Inside: ``ssrf`` (policy) → ``transport`` (resolve, validate, pin) → ``client`` (limits, UA,
CA, proxies) → ``fetch`` (caps, decoding, deadline) → ``runner`` (once per URL, retries,
probes, cache) with ``check`` (pure verdicts), ``meta`` (pure page metadata), ``cache``,
``archive``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from linkaudit.model import LinkCheck, PageMeta
from linkaudit.net.errors import FetchFailed, NetError, Refused
from linkaudit.net.options import NetOptions

if TYPE_CHECKING:  # a warm scan never imports the checker's modules (httpx among them)
    from linkaudit.net.owners import Handoff, Memo, Partition

__all__ = [
    "CheckResults",
    "NetOptions",
    "NetError",
    "Refused",
    "FetchFailed",
    "check_urls",
    "combine_results",
    "check_urls_sync",
    "fetch_document",
    "fetch_document_async",
]


class CheckResults(dict[str, tuple[LinkCheck, PageMeta | None]]):
    """``{normalised URL: (LinkCheck, PageMeta | None)}`` plus what the run learned.

    ``network_down``: at least two hosts were tried and every one failed at DNS or connect
    (the CLI then exits 3 instead of calling every link broken). ``stats``: requests made and
    per-host figures, and (``reach``) the hosts that answered and those that failed, and how,
    so that partitions' results can be told "down" together. ``handoffs``: a partitioned
    check's checks that go on under another partition (`linkaudit.net.owners`).
    """

    network_down: bool = False
    stats: Mapping[str, Any] = {}
    handoffs: tuple[Handoff, ...] = ()
    memo: Memo | None = None  # a partitioned check's: what its next round starts from


def combine_results(parts: Iterable[CheckResults]) -> CheckResults:
    """The results of several partitions' checks (and rounds) as one scan's: every verdict,
    the network "down" only when no host answered anywhere (decided as `Checker` decides it,
    on the hosts of every part together), requests summed, each host's peak the highest."""
    from linkaudit import settings

    out = CheckResults()
    requests = 0
    hosts: dict[str, dict[str, int]] = {}
    answered: set[str] = set()
    failed: dict[str, str] = {}
    for part in parts:
        out.update(part)
        requests += int(part.stats.get("requests", 0))
        for host, figures in part.stats.get("hosts", {}).items():
            seen = hosts.setdefault(host, {"requests": 0, "peak_in_flight": 0, "backoffs": 0})
            seen["requests"] += figures.get("requests", 0)
            seen["backoffs"] += figures.get("backoffs", 0)
            seen["peak_in_flight"] = max(seen["peak_in_flight"], figures.get("peak_in_flight", 0))
        reach = part.stats.get("reach", {})
        answered.update(reach.get("answered", ()))
        failed.update(reach.get("failed", {}))
    failed = {h: kind for h, kind in failed.items() if h not in answered}
    out.network_down = (
        len(set(failed) | answered) >= settings.NET_DOWN_MIN_HOSTS
        and not answered
        and all(kind in ("dns", "connect") for kind in failed.values())
    )
    out.stats = {
        "requests": requests,
        "hosts": dict(sorted(hosts.items())),
        "reach": {"answered": sorted(answered), "failed": failed},
    }
    return out


def open_cache(options: NetOptions) -> Any:
    """The result store the options name (``store``; default the sqlite cache in
    ``cache_dir``), or None with ``--no-cache``. A default cache folder that cannot be written
    does not stop a scan; a store named by ``--store`` that cannot be opened does
    (`StoreError`)."""
    if not options.use_cache:
        return None
    from linkaudit import settings
    from linkaudit.store import open_store

    try:
        return open_store(
            options.store,
            directory=options.cache_dir,
            max_age=options.cache_max_age_s,
            failure_max_age=min(settings.NET_CACHE_FAILURE_MAX_AGE, options.cache_max_age_s),
        )
    except OSError:  # an unwritable cache dir must not stop a scan
        return None


async def check_urls(
    urls: Sequence[str],
    options: NetOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
    archive_dates: Mapping[str, dt.date | None] | None = None,
    also_archive: Collection[str] = (),
    partition: Partition | None = None,
    resume: Sequence[Handoff] = (),
    memo: Memo | None = None,
) -> CheckResults:
    """Check every distinct URL once; see `CheckResults`.

    Fresh cache entries are read first, here: when every URL is fresh (and no archive lookup
    is asked for), the checker, httpx and the HTML parser are never imported.
    ``partition``: send requests only to the hosts it owns, handing the rest back
    (``results.handoffs``); ``resume``: handed-over checks to take on; ``memo``: what the
    partition learned in its earlier rounds (its new one is ``results.memo``).
    """
    cache = open_cache(options)
    results = CheckResults()
    results.stats = {"requests": 0, "hosts": {}}
    results.memo = memo
    todo = list(dict.fromkeys(urls))
    try:
        if cache is not None and not options.archive:
            total, todo = len(todo), []
            keys = {url: options.cache_scope_for(url) for url in dict.fromkeys(urls)}
            hits = cache.get_many(keys.items())
            for url, scope in keys.items():
                hit = hits.get((url, scope))
                if hit is None:
                    todo.append(url)
                else:
                    results[url] = hit
            if progress is not None and results:
                progress(len(results), total)
            if not todo and not resume:
                return results
            if progress is not None:
                outer, done_before = progress, len(results)

                def progress(done: int, _: int) -> None:
                    outer(done_before + done, total)

        from linkaudit.net.runner import Checker

        async with Checker(options, cache, partition, memo) as checker:
            found = await checker.run(
                todo,
                progress=progress,
                archive_dates=archive_dates,
                also_archive=also_archive,
                resume=resume,
            )
            results.update(found)
            results.network_down = checker.network_down
            results.handoffs = tuple(checker.handoffs)
            results.memo = checker.memo() if partition is not None else None
            results.stats = {
                "requests": checker.requests,
                "hosts": checker.limiter.stats(),
                "reach": checker.reach(),
            }
    finally:
        if cache is not None:
            cache.close()
    return results


def check_urls_sync(
    urls: Sequence[str],
    options: NetOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
    **kwargs: Any,
) -> CheckResults:
    """`check_urls` for callers without an event loop."""
    import asyncio  # here, not at the top: a warm scan never needs an event loop

    return asyncio.run(check_urls(urls, options, progress=progress, **kwargs))


async def fetch_document_async(
    url: str, options: NetOptions, checker: Any = None
) -> tuple[str, str]:
    """Fetch a published page to scan it: ``(final URL, HTML text)``; raises `FetchFailed`.
    A page fetched within ``--cache-max-age`` is read from the cache, like link results.
    ``checker``: the scan's `Checker`, whose per-host limiter the page's requests then share
    (a scan's link checks and its published pages are one client's traffic)."""
    cache = open_cache(options)
    try:
        scope = options.cache_scope_for(url)
        kept = cache.get_page(url, scope) if cache is not None else None
        if kept is not None:
            return kept
        if checker is not None:
            final_url, html = await checker.fetch_page(url)
        else:
            from linkaudit.net.runner import Checker

            async with Checker(options, None) as own:
                final_url, html = await own.fetch_page(url)
        if cache is not None:
            cache.put_page(url, scope, final_url, html)
        return final_url, html
    finally:
        if cache is not None:
            cache.close()


def fetch_document(url: str, options: NetOptions) -> tuple[str, str]:
    """`fetch_document_async` for callers without an event loop."""
    import asyncio

    return asyncio.run(fetch_document_async(url, options))
