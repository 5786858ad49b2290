"""A whole scan on a Dask cluster (2 worker processes, loopback only) against one machine's.

Golden: the distributed run's findings (rule, severity, message, fingerprint, position), errors
and notes equal the single-machine run's on the same archive, offline and online (the online
run checks the loopback web of `test_net_owners`: redirects across partitions, a soft-404
probe on the link's own host, loops across hosts). The server counts requests in flight per
host: never more than ``--per-host``. A warm rerun from the store (sqlite; PostgreSQL when its
server binaries are here) makes no request. A worker killed mid-run, and the driver killed
mid-run (the command line, its own local cluster with it) both end in the same result once
the run is started again, and nothing the store held at the kill is fetched again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.model import AuditResult
from linkaudit.net import NetOptions
from tests.test_net_owners import HOSTS, Web, _hosts_on_both_sides

pytestmark = pytest.mark.integration

TODAY = dt.date(2024, 1, 10)
PER_HOST = 2
DOCUMENTS = 24
KINDS = ("a", "hop", "away", "bounce", "moved", "loop", "gone", "lost")


def _archive(web: Web | None, folder: Path) -> Path:
    """Markdown and HTML articles citing the web (or, offline, names that are never
    fetched), with dates, titles cited in link texts, local links, a future year."""
    docs = folder / "archive"
    docs.mkdir()
    for i in range(DOCUMENTS):
        host = HOSTS[i % len(HOSTS)]

        def url(kind: str, n: int, host: str = host) -> str:
            if web is None:
                return f"https://site{n % 5}.example/{kind}/{n}"
            return web.url(host, f"/{kind}/{n}")

        cited = [url(KINDS[(i + k) % len(KINDS)], (i + k) % 3) for k in range(4)]
        if i % 4 == 3:
            (docs / f"story-{i:02}.html").write_text(
                "<!doctype html><html lang='en'><head><title>Harbour story</title>"
                "<meta property='article:published_time' content='2023-05-02'></head><body>"
                f"<article><h1>Harbour story {i}</h1>"
                f"<p>The council <a href='{cited[0]}'>approved the budget</a> on Tuesday.</p>"
                f"<p>As <a href='{cited[1]}'>Budget vote, part {i % 3}</a> said, "
                f"the plan <a href='{cited[2]}'>was revised</a> and "
                f"<a href='{cited[3]}'>reported</a> again.</p>"
                f"<p>See <a href='notes-{i}.html'>our notes</a>.</p></article></body></html>",
                encoding="utf-8",
            )
            continue
        (docs / f"story-{i:02}.md").write_text(
            "\n".join(
                [
                    "---",
                    f"date: 2023-0{1 + i % 9}-1{i % 10}",
                    "---",
                    "",
                    f"# Harbour notes {i}",
                    "",
                    f"The council [approved the budget]({cited[0]}) on Tuesday, as "
                    f"[Budget vote, part {(i + 1) % 3}]({cited[1]}) reported.",
                    "",
                    f"By 2031 the harbour will reopen ([plan]({cited[2]})); see also <{cited[3]}>.",
                    "",
                    f"Our [earlier notes](notes-{i}.md) and [the index](story-00.md).",
                    "",
                ]
            ),
            encoding="utf-8",
        )
    return docs


def _golden(result: AuditResult) -> dict:
    """What must be equal: every finding (in order), the errors, the notes."""
    return {
        "findings": [
            (d.relpath, f.rule, f.severity.value, f.message, f.fingerprint, f.line, f.column)
            for d in result.documents
            for f in d.findings
        ],
        "errors": [(e.source, e.message) for e in result.errors],
        "notes": list(result.notes),
        "network_down": result.network_down,
    }


def _net(**kw) -> NetOptions:
    base = NetOptions(
        allow_private=True, use_cache=False, interval_ms=0, timeout=5, retries=0, per_host=PER_HOST
    )
    return replace(base, **kw)


def _address(client) -> str:
    return str(client.scheduler.address)


@pytest.fixture
def web(netserver_factory) -> Web:
    server = netserver_factory(hosts=HOSTS, latency=0.05)
    w = Web(server)
    server.fallback = w.route
    return w


def test_offline_the_cluster_finds_what_one_machine_finds(dask_client, tmp_path):
    docs = _archive(None, tmp_path)
    (docs / "broken.md").write_bytes(b"# Title\n\n" + b"[x](" * 200_000)  # still read
    options = ScanOptions(offline=True, today=TODAY)
    alone = audit([str(docs)], options)
    together = audit([str(docs)], replace(options, cluster=_address(dask_client)))
    assert _golden(together) == _golden(alone)
    assert len(together.documents) == DOCUMENTS + 1
    assert {f.rule for d in together.documents for f in d.findings} >= {"LINK001"}
    # with a baseline of half the findings: the same ones left, the same summary
    from linkaudit.engine.baseline import entries_for, render_baseline

    half = [(d.relpath, f) for d in alone.documents[::2] for f in d.findings]
    baseline = tmp_path / "baseline.json"
    baseline.write_text(render_baseline(entries_for(half)), encoding="utf-8")
    options = replace(options, baseline=baseline)
    alone = audit([str(docs)], options)
    together = audit([str(docs)], replace(options, cluster=_address(dask_client)))
    assert _golden(together) == _golden(alone)
    assert together.baseline == alone.baseline and together.baseline


def test_nothing_to_read_is_the_same_error_on_the_cluster(dask_client, tmp_path):
    options = ScanOptions(offline=True, today=TODAY)
    empty = tmp_path / "empty"
    empty.mkdir()
    alone = audit([str(empty)], options)
    together = audit([str(empty)], replace(options, cluster=_address(dask_client)))
    assert _golden(together) == _golden(alone)
    assert together.errors


def test_a_manifest_is_read_on_the_cluster_as_on_one_machine(dask_client, tmp_path):
    docs = _archive(None, tmp_path)
    listed = sorted(p for p in docs.rglob("*") if p.is_file())[:5]
    manifest = tmp_path / "paths.txt"
    manifest.write_text("".join(f"{p}\n" for p in listed), encoding="utf-8")
    options = ScanOptions(offline=True, today=TODAY, manifest=str(manifest))
    alone = audit([], options)
    together = audit([], replace(options, cluster=_address(dask_client)))
    assert len(alone.documents) == len(listed)
    assert _golden(together) == _golden(alone)


def test_online_the_cluster_finds_what_one_machine_finds_within_the_per_host_limit(
    dask_client, web, tmp_path
):
    _hosts_on_both_sides()
    docs = _archive(web, tmp_path)
    options = ScanOptions(today=TODAY, net=_net())
    together = audit([str(docs)], replace(options, cluster=_address(dask_client)))
    peaks = dict(web.server.peak_in_flight)
    assert max(peaks.values()) == PER_HOST  # reached ...
    assert all(peak <= PER_HOST for peak in peaks.values())  # ... and never passed
    alone = audit([str(docs)], options)
    assert _golden(together) == _golden(alone)
    rules = {f.rule for d in together.documents for f in d.findings}
    assert len(rules) >= 4, rules  # dead, soft 404, loop, local links ...


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_warm_rerun_on_the_cluster_makes_no_request(dask_client, web, tmp_path, request, kind):
    if kind == "postgresql":
        store = request.getfixturevalue("pg_server").create_database("warm_cluster")
    else:
        store = str(tmp_path / "results.sqlite")
    docs = _archive(web, tmp_path)
    options = ScanOptions(
        today=TODAY, net=_net(use_cache=True), store=store, cluster=_address(dask_client)
    )
    cold = audit([str(docs)], options)
    served = len(web.server.arrivals)
    assert served > 0
    warm = audit([str(docs)], options)
    assert len(web.server.arrivals) == served
    alone = audit([str(docs)], replace(options, cluster=None))  # one machine, same store
    assert len(web.server.arrivals) == served
    assert _golden(warm) == _golden(alone)
    assert _golden(warm)["findings"] and len(cold.documents) == len(warm.documents)


def _slow_web(netserver_factory) -> Web:
    """Each answer takes long enough that a run lasts several seconds (a kill lands mid-run)."""
    server = netserver_factory(hosts=HOSTS, latency=0.3)
    w = Web(server)
    server.fallback = w.route
    return w


def _wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def test_a_worker_killed_mid_run_ends_in_the_same_result(dask_client, netserver_factory, tmp_path):
    web = _slow_web(netserver_factory)
    docs = _archive(web, tmp_path)
    options = ScanOptions(today=TODAY, net=_net(per_host=1))
    reference = audit([str(docs)], options)
    before = len(web.server.arrivals)
    store = str(tmp_path / "results.sqlite")
    clustered = replace(
        options, net=_net(per_host=1, use_cache=True), store=store, cluster=_address(dask_client)
    )
    pids = dask_client.run(os.getpid)
    box: dict[str, object] = {}

    def scan() -> None:
        try:
            box["result"] = audit([str(docs)], clustered)
        except BaseException as exc:  # handed to the test
            box["error"] = exc

    runner = threading.Thread(target=scan)
    runner.start()
    _wait_for(lambda: len(web.server.arrivals) - before >= 10)
    assert runner.is_alive()  # mid-run
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    runner.join(timeout=300)
    assert not runner.is_alive()
    assert "error" not in box, box.get("error")
    result = box["result"]
    assert isinstance(result, AuditResult)
    assert _golden(result) == _golden(reference)
    _wait_for(lambda: len(dask_client.scheduler_info()["workers"]) == 2)  # the nanny's restart


def _stored_urls(store: Path) -> set[str]:
    import sqlite3

    try:
        with sqlite3.connect(store) as db:
            return {row[0] for row in db.execute("SELECT url FROM checks")}
    except sqlite3.OperationalError:  # made, but its tables not yet
        return set()


def test_a_driver_killed_mid_run_resumes_from_the_store(netserver_factory, tmp_path):
    from tests.clusterutil import missing_reason

    reason = missing_reason()
    if reason is not None:
        pytest.skip(reason)
    web = _slow_web(netserver_factory)
    docs = _archive(web, tmp_path)
    (tmp_path / "linkaudit.toml").write_text("interval = 0\n", encoding="utf-8")
    store = tmp_path / "results.sqlite"

    def command(out: Path, *more: str) -> list[str]:
        return [
            sys.executable, "-m", "linkaudit", "scan", str(docs), "--config",
            str(tmp_path / "linkaudit.toml"), "--allow-private", "--per-host", "1",
            "--timeout", "5", "--retries", "0", "--today", TODAY.isoformat(), "-q",
            "--fail-on", "never", "--format", "json", "-o", str(out), *more,
        ]  # fmt: skip

    reference = tmp_path / "reference.json"
    subprocess.run(command(reference, "--no-cache"), check=True, timeout=300)
    before = len(web.server.arrivals)
    first = tmp_path / "first.json"
    driver = subprocess.Popen(
        command(first, "--cluster", "local:2", "--store", str(store)),
        start_new_session=True,  # the driver and its local cluster: one process group
    )

    def never_a_hop(url: str) -> bool:
        return url.split("/")[3] in ("gone", "away", "bounce", "moved")

    try:  # killed once the store holds results (written every few seconds), one of them a link
        # no redirect leads to (on a loaded machine the first ones written may all be hops)
        _wait_for(
            lambda: store.exists() and any(never_a_hop(u) for u in _stored_urls(store)),
            timeout=240,
        )
        assert driver.poll() is None  # mid-run
    finally:
        os.killpg(driver.pid, signal.SIGKILL)  # as a crash would: nothing is closed cleanly
        driver.wait(timeout=60)
    assert not first.exists()
    kept = _stored_urls(store)
    killed_at = len(web.server.arrivals)
    assert killed_at - before < before  # fewer requests than a whole run's
    again = tmp_path / "again.json"
    subprocess.run(
        command(again, "--cluster", "local:2", "--store", str(store)), check=True, timeout=300
    )
    asked = {f"http://{h}:{web.server.ports[h]}{p}" for h, p, _ in web.server.arrivals[killed_at:]}
    # nothing stored and fresh is checked again (a stored page may still be a hop of another
    # link's redirect chain, as on one machine: only links no redirect leads to are counted)
    never_hops = [u for u in kept if never_a_hop(u)]
    assert never_hops
    assert not asked & set(never_hops)

    def golden(path: Path) -> list:
        report = json.loads(path.read_text(encoding="utf-8"))
        return [
            (d.get("relpath"), f["rule"], f["severity"], f["message"], f.get("fingerprint"))
            for d in report["documents"]
            for f in d["findings"]
        ]

    assert golden(again) == golden(reference)
    assert golden(again)
