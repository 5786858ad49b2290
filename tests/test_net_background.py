"""Checking while documents are read (`net.background`): batches, cache, errors, and a scan
whose documents are read in worker processes while the checker thread runs. Loopback only."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from linkaudit.net import NetOptions, check_urls_sync
from linkaudit.net.background import BackgroundChecks
from tests.netserver import Reply, html_page

pytestmark = pytest.mark.integration

A, B = "127.0.0.1", "127.0.0.2"


def opts(**kw) -> NetOptions:
    base = dict(
        allow_private=True,
        use_cache=False,
        timeout=1.0,
        connect_timeout=1.0,
        total_timeout=2.0,
        retries=1,
        backoff_base=0.05,
        interval_ms=0,
    )
    base.update(kw)
    return NetOptions(**base)


@pytest.fixture
def web(netserver_factory):
    srv = netserver_factory(hosts=(A, B))
    for i in range(6):
        srv.routes[f"/ok/{i}"] = lambda r, i=i: Reply(200, html_page(f"Page {i}"))
    srv.routes["/gone"] = lambda r: Reply(404, html_page("Not Found"))
    srv.routes["/moved"] = lambda r: Reply(301, headers={"location": "/ok/0"})
    return srv


def test_batches_are_checked_once_each_like_check_urls(web):
    urls = [web.url(p, h) for h in (A, B) for p in ("/ok/0", "/ok/1", "/gone", "/moved")]
    progress: list[tuple[int, int]] = []
    checks = BackgroundChecks(opts(), lambda done, total: progress.append((done, total)))
    checks.add(urls[:3])
    checks.add(urls[1:6])  # overlaps the first batch: nothing is fetched twice
    checks.add(urls)
    results = checks.finish()
    hits = Counter((h, p) for h, p, _ in web.arrivals)
    assert max(hits.values()) == 1
    assert set(results) == set(urls)
    direct = check_urls_sync(urls, opts())
    for url in urls:
        assert results[url][0].status == direct[url][0].status
    assert progress[-1] == (len(urls), len(urls))
    assert not results.network_down


def test_fresh_cache_answers_on_the_calling_thread(web, tmp_path):
    urls = [web.url("/ok/2"), web.url("/gone"), web.url("/moved", B)]
    first = BackgroundChecks(opts(use_cache=True, cache_dir=str(tmp_path)))
    first.add(urls)
    first.finish()
    served = len(web.arrivals)
    second = BackgroundChecks(opts(use_cache=True, cache_dir=str(tmp_path)))
    second.add(urls)
    results = second.finish()
    assert len(web.arrivals) == served
    assert second._thread is None  # no checker thread, no event loop
    assert all(check.from_cache for check, _ in results.values())
    # One URL the cache does not know: only it goes to the checker.
    third = BackgroundChecks(opts(use_cache=True, cache_dir=str(tmp_path)))
    third.add([*urls, web.url("/ok/3")])
    results = third.finish()
    assert [p for _, p, _ in web.arrivals[served:]] == ["/ok/3"]
    assert not results[web.url("/ok/3")][0].from_cache


def test_a_warm_scan_never_imports_the_checker(web, tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text(f"[one]({web.url('/ok/4')}) and <{web.url('/gone')}>\n")
    cache = tmp_path / "cache"
    scan = [
        sys.executable,
        "-c",
        "import sys; from linkaudit.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in ('asyncio', 'httpx', 'linkaudit.net.runner') if m in sys.modules))",
        "scan",
        "--allow-private",
        "--cache-dir",
        str(cache),
        "-q",
        "--format",
        "json",
        "-o",
        str(tmp_path / "r.json"),
        str(doc),
    ]
    cold = subprocess.run(scan, capture_output=True, text=True, check=True)
    assert "httpx" in cold.stdout
    served = len(web.arrivals)
    warm = subprocess.run(scan, capture_output=True, text=True, check=True)
    assert warm.stdout.strip() == "[]", warm.stdout + warm.stderr
    assert len(web.arrivals) == served
    report = json.loads((tmp_path / "r.json").read_text())
    assert {f["rule"] for d in report["documents"] for f in d["findings"]} >= {"LINK001"}


def test_an_error_on_the_checker_thread_reaches_the_caller(web, monkeypatch):
    from linkaudit.net import runner

    def broken(*args, **kwargs):
        raise RuntimeError("checker could not start")

    monkeypatch.setattr(runner.Checker, "__init__", broken)
    checks = BackgroundChecks(opts())
    with pytest.raises(RuntimeError, match="checker could not start"):
        checks.add([web.url("/ok/5")])
        checks.finish()


def test_documents_read_in_worker_processes_are_checked_as_they_arrive(web, tmp_path, monkeypatch):
    """Two reading processes fork before the checker thread starts; the report is the same as
    a one-process scan's, and no URL is fetched twice."""
    from linkaudit.api import ScanOptions, audit

    for i in range(12):
        (tmp_path / f"doc{i:02}.md").write_text(
            f"# Doc {i}\n\n[a]({web.url(f'/ok/{i % 6}')}) [b]({web.url('/gone', B)})\n"
            f"Source: {web.url('/moved')}\n"
        )

    import multiprocessing

    readers_alive: list[int] = []
    real_start = BackgroundChecks._start

    def spy(self) -> None:
        if self._thread is None:  # how many reading processes exist as the thread starts
            readers_alive.append(len(multiprocessing.active_children()))
        real_start(self)

    monkeypatch.setattr(BackgroundChecks, "_start", spy)

    def scan(workers: str) -> list[tuple[str, str, str | None]]:
        monkeypatch.setenv("LINKAUDIT_WORKERS", workers)
        result = audit([str(tmp_path)], ScanOptions(net=opts()))
        assert not result.errors
        return sorted(
            (d.document.source, f.rule, f.url) for d in result.documents for f in d.findings
        )

    parallel = scan("2")
    assert readers_alive == [2]  # forked first: no fork ever copies the checker's thread
    hits = Counter((h, p) for h, p, _ in web.arrivals)
    assert max(hits.values()) == 1
    assert parallel == scan("1")
    assert {rule for _, rule, _ in parallel} >= {"LINK001", "LINK004"}


def test_results_are_stored_in_batches_during_the_run(web, monkeypatch):
    """The cache is written a batch at a time while checking goes on; a connection failure
    on a host that never answered is still never stored."""
    import linkaudit.net as net
    from linkaudit import settings

    class Recorder:
        def __init__(self) -> None:
            self.batches: list[list[str]] = []

        def get(self, url, scope):
            return None

        def get_many(self, keys):
            return {}

        def put_many(self, rows):
            self.batches.append([row[0] for row in rows])

        def close(self) -> None:
            pass

    recorder = Recorder()
    monkeypatch.setattr(net, "open_cache", lambda options: recorder)
    monkeypatch.setattr(settings, "NET_CACHE_WRITE_BATCH", 2)
    silent = "http://127.0.0.9:1/nothing-listens"
    urls = [web.url(f"/ok/{i}") for i in range(5)] + [silent]
    results = check_urls_sync(urls, opts(use_cache=True, retries=0))
    assert results[silent][0].status == "unreachable"
    stored = [u for batch in recorder.batches for u in batch]
    assert len(recorder.batches) >= 2
    assert sorted(stored) == sorted(urls[:5])


def test_prepare_starts_the_checker_early_only_when_the_cache_can_answer_nothing(web, tmp_path):
    cold = BackgroundChecks(opts(use_cache=True, cache_dir=str(tmp_path)))
    cold.prepare()  # an empty cache: a first run, every URL will need the network
    assert cold._thread is not None and cold._thread.is_alive()
    cold.add([web.url("/ok/1")])
    cold.finish()
    warm = BackgroundChecks(opts(use_cache=True, cache_dir=str(tmp_path)))
    warm.prepare()
    assert warm._thread is None
    warm.add([web.url("/ok/1")])
    assert warm.finish()[web.url("/ok/1")][0].from_cache
    assert warm._thread is None
    uncached = BackgroundChecks(opts(use_cache=False))
    uncached.prepare()
    assert uncached._thread is not None
    assert uncached.finish() == {}


def test_abort_cancels_what_is_in_flight_and_keeps_what_is_done(web, tmp_path):
    """A scan that fails or is interrupted (Ctrl-C) stops the checker thread at once, and
    the results already in are still written to the cache, as `check_urls` did."""
    import threading
    import time

    web.routes["/slow"] = lambda r: Reply(200, html_page("Slow"), delay=30)
    fast = [web.url(f"/ok/{i}") for i in range(4)]
    done: list[int] = []
    checks = BackgroundChecks(
        opts(use_cache=True, cache_dir=str(tmp_path), timeout=60, total_timeout=60),
        lambda n, total: done.append(n),
    )
    checks.add([*fast, web.url("/slow")])
    deadline = time.monotonic() + 10
    while (not done or done[-1] < len(fast)) and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    checks.abort()
    assert time.monotonic() - started < 5
    assert checks._stopped.is_set()
    assert not any(t.name == "linkaudit-checks" for t in threading.enumerate())
    again = BackgroundChecks(opts(use_cache=True, cache_dir=str(tmp_path)))
    again.add(fast)
    assert all(check.from_cache for check, _ in again.finish().values())
    assert again._thread is None


def test_a_scan_that_fails_while_reading_leaves_no_checker_thread(web, tmp_path, monkeypatch):
    import threading

    import linkaudit.api as api
    from linkaudit.api import ScanOptions, audit

    for i in range(3):
        (tmp_path / f"d{i}.md").write_text(f"See {web.url(f'/ok/{i}')}\n")
    real = api.read_input

    def flaky(item, options, stdin, **kw):
        if item.source.endswith("d2.md"):
            raise ValueError("a reader bug")
        return real(item, options, stdin, **kw)

    monkeypatch.setattr(api, "read_input", flaky)
    with pytest.raises(ValueError, match="a reader bug"):
        audit([str(tmp_path)], ScanOptions(net=opts()))
    assert not any(t.name == "linkaudit-checks" for t in threading.enumerate())
