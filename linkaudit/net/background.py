"""Checking links while documents are still being read: a checker on one background thread.

The scan's main thread reads documents (in worker processes for large scans) and hands each
document's URLs to `BackgroundChecks.add` as it arrives. Fresh cache entries are answered at
once, on the main thread; the rest go to a `Checker` in an event loop on a thread of its own,
started on the first URL the cache cannot answer, so that the network is busy while later
documents are still being parsed, and a warm run never imports asyncio, httpx or the checker.

The thread is started after the reading processes have forked (``_read_all`` submits every
document before it yields the first result), so no fork ever copies a running thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from linkaudit.model import LinkCheck, PageMeta
from linkaudit.net import CheckResults, open_cache
from linkaudit.net.options import NetOptions

__all__ = ["BackgroundChecks", "dated_after"]

Result = tuple[LinkCheck, PageMeta | None]
_END = object()
#: How long `abort` waits for the thread to cancel its requests and write its cache rows.
_ABORT_WAIT_S = 5.0


class BackgroundChecks:
    """Use as ``checks.add(urls)`` any number of times, then ``checks.finish()`` once."""

    def __init__(
        self, options: NetOptions, progress: Callable[[int, int], None] | None = None
    ) -> None:
        self.options = options
        self._progress = progress
        self._lock = threading.Lock()  # the progress count is kept by both threads
        self._done = 0
        self._seen: set[str] = set()
        self._results = CheckResults()
        self._results.stats = {"requests": 0, "hosts": {}}
        self._cache: Any = None
        self._cache_opened = False
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        # Set when the thread is done. Waited on instead of Thread.join/is_alive: on CPython
        # 3.11 a join that Ctrl-C interrupts marks the still running thread as stopped.
        self._stopped = threading.Event()
        self._loop: Any = None  # the thread's asyncio loop
        self._inbox: Any = None  # its asyncio.Queue of URL batches
        self._task: Any = None  # the thread's main task (`abort` cancels it)
        self._checker: Any = None  # the thread's Checker, once made
        self._checker_ready = threading.Event()
        self._error: BaseException | None = None
        self._finish_args: tuple[
            Mapping[str, dt.date | None],
            Collection[str],
            Mapping[str, dt.date],
            Mapping[str, dt.date],
        ] = ({}, (), {}, {})

    # -- main thread --------------------------------------------------------------------
    def add(self, urls: Iterable[str]) -> None:
        """Queue the URLs not seen before: fresh cache hits are answered now, the rest checked."""
        new = [u for u in dict.fromkeys(urls) if u not in self._seen]
        if not new:
            return
        self._seen.update(new)
        misses = new
        cache = self._lookup_cache()
        if cache is not None:
            misses = []
            keys = {url: self.options.cache_scope_for(url) for url in new}
            hits = cache.get_many(keys.items())  # one round trip for the document's URLs
            for url, scope in keys.items():
                hit = hits.get((url, scope))
                if hit is None:
                    misses.append(url)
                else:
                    self._results[url] = hit
            self._count(len(new) - len(misses))
        if misses:
            self._start()
            self._send(misses)

    def fetch_page(self, url: str) -> tuple[str, str]:
        """A published page to scan, fetched by the checker's thread (started now if need
        be), so that its requests take the same per-host slots and spacing as every link
        check of the scan; ``(final URL, HTML text)``, or `FetchFailed`. Call only once the
        reading processes have forked, like `prepare`."""
        import asyncio

        from linkaudit.net import fetch_document_async

        self._start()
        self._checker_ready.wait()  # set once the Checker exists, or the thread has ended
        if self._checker is None or self._stopped.is_set():
            raise self._error or RuntimeError("the link checker stopped")
        future = asyncio.run_coroutine_threadsafe(
            fetch_document_async(url, self.options, self._checker), self._loop
        )
        try:
            return future.result()
        except BaseException:
            future.cancel()  # Ctrl-C while waiting: the fetch stops with the scan
            raise

    def prepare(self) -> None:
        """Call once the reading processes have forked. When the cache can answer nothing
        (none, an empty one, or ``--archive``), the checker is started now, so that it is
        ready, its client built, when the first document's URLs arrive."""
        cache = self._lookup_cache()
        if cache is None or cache.is_empty():
            self._start()

    def finish(
        self,
        *,
        archive_dates: Mapping[str, dt.date | None] | None = None,
        also_archive: Collection[str] = (),
        url_dates: Mapping[str, dt.date] | None = None,
        first_cited: Mapping[str, dt.date] | None = None,
    ) -> CheckResults:
        """Wait for every check (and archive lookups, with ``--archive``); the results.

        ``archive_dates``: the date of the article citing each URL (the snapshot suggested is
        the one closest to it); ``also_archive``: URLs to find snapshots of even when they
        work; ``first_cited``: the earliest date of an article citing each URL: a source dated
        after it, by ``url_dates`` or its page, has its first capture looked up."""
        try:
            if self._thread is not None:
                self._finish_args = (
                    archive_dates or {},
                    also_archive,
                    url_dates or {},
                    first_cited or {},
                )
                self._send(_END)
                self._stopped.wait()
                if self._error is not None:
                    raise self._error
            return self._results
        except BaseException:
            self.abort()  # e.g. Ctrl-C while waiting: stop the thread, keep what it found
            raise
        finally:
            self.close()

    def abort(self) -> None:
        """Stop checking because the scan failed or was interrupted: requests in flight are
        cancelled, results already in are still written to the cache, and the thread ends
        (waited for at most `_ABORT_WAIT_S`). Never raises the thread's own error."""
        try:
            if self._thread is not None and not self._stopped.is_set() and self._task is not None:
                with contextlib.suppress(RuntimeError):  # its loop closed meanwhile
                    self._loop.call_soon_threadsafe(self._task.cancel)
                self._stopped.wait(_ABORT_WAIT_S)
        finally:
            self.close()

    def close(self) -> None:
        """Close the main thread's cache connection (the thread closes its own)."""
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    def _lookup_cache(self) -> Any:
        """The cache, for answering on the main thread; none with ``--archive`` (every URL
        then goes to the checker, which looks up snapshots for the dead ones it reads)."""
        if not self._cache_opened:
            self._cache_opened = True
            if not self.options.archive:
                self._cache = open_cache(self.options)
        return self._cache

    def _count(self, n: int) -> None:
        if n <= 0 or self._progress is None:
            return
        with self._lock:
            self._done += n
            self._progress(self._done, len(self._seen))

    def _send(self, message: object) -> None:
        """Hand ``message`` to the checker's loop; its error, if the thread has died."""
        try:
            if self._error is None:
                self._loop.call_soon_threadsafe(self._inbox.put_nowait, message)
                return
        except RuntimeError:  # the loop closed under us: the thread failed just now
            self._stopped.wait()
        raise self._error or RuntimeError("the link checker stopped")

    def _start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="linkaudit-checks", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error

    # -- the checker's thread -----------------------------------------------------------
    def _run(self) -> None:
        import asyncio

        try:
            asyncio.run(self._main())
        except BaseException as exc:  # handed to the main thread by finish()
            self._error = exc
        finally:
            self._ready.set()
            self._checker_ready.set()
            self._stopped.set()

    async def _main(self) -> None:
        import asyncio

        from linkaudit.net.runner import Checker, schedule

        self._loop = asyncio.get_running_loop()
        self._inbox = asyncio.Queue()
        self._task = asyncio.current_task()
        self._ready.set()
        results: dict[str, Result] = {}

        async def one(url: str) -> None:
            results[url] = await checker.check_safely(url)
            self._count(1)

        cache = open_cache(self.options)
        try:
            async with Checker(self.options, cache) as checker:
                self._checker = checker
                self._checker_ready.set()
                with contextlib.suppress(Exception):  # only ever a head start, never needed
                    checker.warm_up()  # while documents are still being read
                tasks: list[asyncio.Future[None]] = []
                while (batch := await self._inbox.get()) is not _END:
                    tasks.extend(asyncio.ensure_future(one(u)) for u in schedule(batch))
                try:
                    await asyncio.gather(*tasks)
                except asyncio.CancelledError:  # abort(): leave with what is done
                    for task in tasks:
                        task.cancel()
                    await asyncio.gather(*tasks, return_exceptions=True)
                    raise
                if self.options.archive:  # every URL came here (see _lookup_cache)
                    dates, also, url_dates, first_cited = self._finish_args
                    await checker.add_archive_copies(results, dates, also)
                    late = dated_after(results, first_cited, url_dates)
                    await checker.add_first_captures(results, late)
                self._results.update(results)
                self._results.network_down = checker.network_down
                self._results.stats = {
                    "requests": checker.requests,
                    "hosts": checker.limiter.stats(),
                }
        finally:
            if cache is not None:
                cache.close()


def dated_after(
    results: Mapping[str, Result],
    article_dates: Mapping[str, dt.date],
    url_dates: Mapping[str, dt.date],
) -> list[str]:
    """URLs whose date (in the URL, or the page's published date) is after the earliest date
    of an article citing them: the ones whose first capture is worth knowing."""
    late = []
    for url, (_, page) in results.items():
        written = article_dates.get(url)
        if written is None:
            continue
        dates = [url_dates[url]] if url in url_dates else []
        if page is not None and page.published:
            with contextlib.suppress(ValueError):
                dates.append(dt.date.fromisoformat(page.published[:10]))
        if any(d > written for d in dates):
            late.append(url)
    return late
