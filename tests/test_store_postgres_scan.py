"""Scans with a PostgreSQL result store (``--store postgresql://…``): a run killed part-way
and started again fetches nothing already stored and fresh, loses and doubles nothing, and
ends with the findings of an uninterrupted run; a warm rerun makes no request; a store that
cannot be used is one line and exit 2, its password never shown. Loopback only."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.netserver import NetServer, Reply, html_page

pytestmark = pytest.mark.integration

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
DOCS, LINKS_PER_DOC = 15, 40  # 600 distinct URLs: three write batches of 200
KILL_AFTER_ROWS = 200  # the first batch is in the store
RUN_LIMIT_S = 120


def _route(request) -> Reply:
    kind, _, n = request.path.strip("/").partition("/")
    if kind == "ok":
        return Reply(200, html_page(f"Harbour report {n}", f"<p>Report number {n}.</p>"))
    if kind == "moved":
        return Reply(301, headers={"location": f"/ok/{n}"})
    return Reply(404, html_page("Not Found"))


@pytest.fixture
def web():
    with NetServer(hosts=HOSTS, fallback=_route, latency=0.02) as server:
        yield server


def _write_archive(folder: Path, web: NetServer) -> list[str]:
    """``DOCS`` articles citing ``LINKS_PER_DOC`` URLs each, all distinct, over four hosts."""
    folder.mkdir()
    urls = []
    for d in range(DOCS):
        lines = [f"# Council minutes {d}", ""]
        for i in range(LINKS_PER_DOC):
            n = d * LINKS_PER_DOC + i
            kind = ("ok", "ok", "ok", "gone", "moved")[n % 5]
            url = web.url(f"/{kind}/{n}", HOSTS[n % len(HOSTS)])
            urls.append(url)
            lines.append(f"- The vote was reported [here]({url}).")
        (folder / f"minutes-{d:02}.md").write_text("\n".join(lines) + "\n")
    return urls


def _scan(folder: Path, store: str, report: Path) -> list[str]:
    return [
        sys.executable, "-m", "linkaudit", "scan", str(folder), "--store", store,
        "--allow-private", "--per-host", "4", "--retries", "0", "-q",
        "--format", "json", "-o", str(report),
    ]  # fmt: skip


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[1]), *filter(None, [env.get("PYTHONPATH")])]
    )
    return env


def _config(folder: Path) -> None:
    (folder / "linkaudit.toml").write_text("interval = 0\n")


def _findings(report: Path) -> list[tuple]:
    data = json.loads(report.read_text())
    return sorted(
        (
            d["source"].rsplit("/", 1)[-1],
            f["rule"],
            f["severity"],
            f["message"],
            f.get("url"),
            f["fingerprint"],
        )
        for d in data["documents"]
        for f in d["findings"]
    )


def _stored(url: str) -> dict[tuple[str, str], float]:
    import psycopg

    with psycopg.connect(url) as db:
        rows = db.execute("SELECT url, scope, checked FROM linkaudit_checks").fetchall()
    return {(u, s): c for u, s, c in rows}


def test_a_killed_run_resumes_without_fetching_what_is_stored(web, pg_server, tmp_path):
    folder = tmp_path / "archive"
    urls = _write_archive(folder, web)
    _config(folder)
    store = pg_server.create_database("resume")
    first = subprocess.Popen(
        _scan(folder, store, tmp_path / "first.json"),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + RUN_LIMIT_S
    import psycopg

    with psycopg.connect(store, autocommit=True) as db:
        while time.monotonic() < deadline and first.poll() is None:
            if db.execute("SELECT to_regclass('linkaudit_checks')").fetchone()[0]:
                count = db.execute("SELECT count(*) FROM linkaudit_checks").fetchone()[0]
                if count >= KILL_AFTER_ROWS:
                    break
            time.sleep(0.01)
    assert first.poll() is None, "the first run ended before it could be killed part-way"
    first.send_signal(signal.SIGKILL)
    first.wait()
    time.sleep(0.2)  # connections the kill closed are logged by now
    served = len(web.arrivals)
    before = _stored(store)
    assert KILL_AFTER_ROWS <= len(before) < len(urls)

    again = subprocess.run(
        _scan(folder, store, tmp_path / "resumed.json"),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=RUN_LIMIT_S,
    )
    assert again.returncode == 1, again.stderr  # findings, and nothing else went wrong
    fetched_again = {(h, p) for h, p, _ in web.arrivals[served:]}
    stored_again = [
        u for u, _ in before if (urlsplit(u).hostname, urlsplit(u).path) in fetched_again
    ]
    assert stored_again == []  # nothing stored and fresh was fetched again
    assert fetched_again  # ... and what was not stored was
    after = _stored(store)
    assert sorted(u for u, _ in after) == sorted(urls)  # none lost, none doubled
    assert all(after[key] == checked for key, checked in before.items())  # kept as they were

    fresh = pg_server.create_database("uninterrupted")
    whole = subprocess.run(
        _scan(folder, fresh, tmp_path / "whole.json"),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=RUN_LIMIT_S,
    )
    assert whole.returncode == 1, whole.stderr
    resumed, uninterrupted = (
        _findings(tmp_path / "resumed.json"),
        _findings(tmp_path / "whole.json"),
    )
    assert resumed == uninterrupted
    verdicts = {(rule, url) for _, rule, _, _, url, _ in resumed}
    for url in urls:  # complete: every dead and every moved link is reported
        kind = urlsplit(url).path.split("/")[1]
        if kind != "ok":
            assert (("LINK001" if kind == "gone" else "LINK004"), url) in verdicts


def test_a_warm_rerun_makes_no_request_and_imports_no_http_client(web, pg_database, tmp_path):
    folder = tmp_path / "few"
    folder.mkdir()
    _config(folder)
    links = [web.url("/ok/1"), web.url("/gone/2", HOSTS[1]), web.url("/moved/3", HOSTS[2])]
    (folder / "a.md").write_text("".join(f"See [this]({u}).\n" for u in links))
    probe = (
        "import sys; from linkaudit.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in ('httpx', 'linkaudit.net.runner') if m in sys.modules))"
    )
    scan = [sys.executable, "-c", probe, *_scan(folder, pg_database, tmp_path / "r.json")[3:]]
    cold = subprocess.run(scan, capture_output=True, text=True, env=_env(), timeout=RUN_LIMIT_S)
    assert "httpx" in cold.stdout, cold.stderr
    served = len(web.arrivals)
    warm = subprocess.run(scan, capture_output=True, text=True, env=_env(), timeout=RUN_LIMIT_S)
    assert warm.stdout.strip() == "[]", warm.stdout + warm.stderr
    assert len(web.arrivals) == served
    assert {f[1] for f in _findings(tmp_path / "r.json")} >= {"LINK001", "LINK004"}


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linkaudit", *args],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=cwd,
        timeout=RUN_LIMIT_S,
    )


def test_a_store_that_cannot_be_used_is_one_line_and_exit_2(tmp_path):
    import socket

    doc = tmp_path / "a.md"
    doc.write_text("See [the minutes](http://127.0.0.1:9/minutes).\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nothing listens once the socket is closed
    for store in (
        "mysql://clerk:hunter2@127.0.0.1/links",
        f"postgresql://clerk:hunter2@127.0.0.1:{closed}/links",
        "postgresql://clerk:hunter2@127.0.0.1:notaport/links",
    ):
        done = _cli("scan", "--allow-private", "--store", store, str(doc), cwd=tmp_path)
        assert done.returncode == 2, (store, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("linkaudit: error:"), done.stderr
        assert "hunter2" not in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "linkaudit.toml").write_text('store = "ftp://clerk:hunter2@127.0.0.1/x"\n')
    done = _cli("scan", "--allow-private", str(doc), cwd=tmp_path)
    assert done.returncode == 2 and "hunter2" not in done.stderr, done.stderr


def test_a_store_lost_during_the_run_is_one_line_and_exit_2(web, pg_server, tmp_path):
    """The server stops while the scan runs: the scan stops too, with one line and exit 2
    (what it had stored is kept for the next run), never a traceback or a hang."""
    from tests.pgserver import PgServer

    folder = tmp_path / "archive"
    _write_archive(folder, web)
    _config(folder)
    with PgServer() as own:
        store = own.create_database("lost")
        scan = subprocess.Popen(
            _scan(folder, store, tmp_path / "r.json"),
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        while not web.arrivals and scan.poll() is None:
            time.sleep(0.01)
        own.stop()
        _, err = scan.communicate(timeout=RUN_LIMIT_S)
        own.start()  # stopped by the fixture's own exit
    assert scan.returncode == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "the store postgresql://" in lines[0], err
