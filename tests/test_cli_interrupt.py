"""Ctrl-C during a scan, for real: a subprocess gets SIGINT (sent to its process group, as a
terminal does) and must stop within seconds, say "interrupted" on one line, print no traceback,
keep what its caches hold, and exit 130."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.netserver import NetServer, Reply, html_page

REPO = Path(__file__).resolve().parents[1]
#: Ctrl-C to exit: the scan must stop in about this long (not finish its work first).
PROMPT_S = 5.0

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="process groups and SIGINT are POSIX"
)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(args: list[str], *, after: float, cache: Path) -> tuple[int, str, float]:
    """Run ``linkaudit ARGS``, send SIGINT to its process group ``after`` seconds; its exit
    code, standard error and how long it took to exit after the signal."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "LINKAUDIT_CACHE_DIR": str(cache),
        "LINKAUDIT_WORKERS": "2",  # reading processes even on a one-core machine
    }
    env.pop("CI", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "linkaudit", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
        # a shell's background job starts with Ctrl-C ignored, and Python then keeps it so
        preexec_fn=_default_sigint,
    )
    try:
        time.sleep(after)
        assert proc.poll() is None, "the scan ended before it could be interrupted"
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        return proc.returncode, err.decode(), time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _rows(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_ctrl_c_during_an_offline_scan_of_a_large_folder(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    lines = "\n".join(
        f"Paragraph {j} cites [a source](https://example.org/2020/01/02/story-{j}) "
        "and the meeting of 4 May 2020."
        for j in range(300)
    )
    # short pieces first (read, and remembered, before Ctrl-C); enough long ones that even a
    # fast machine is still reading them at Ctrl-C (the scan is cut there: they cost no time)
    for i in range(1600):
        text = lines if i >= 100 else "See [one source](https://example.org/a)."
        (folder / f"a{i:05d}.md").write_text(f"# Piece {i}\n\nPublished 3 March 2021.\n\n{text}\n")
    cache = tmp_path / "cache"
    code, err, took = _interrupt(["scan", "--offline", str(folder)], after=4.0, cache=cache)
    assert code == 130, err
    assert err == "linkaudit: interrupted\n"
    assert took < PROMPT_S
    # what was read before Ctrl-C is kept: the facts cache is written on the way out
    facts = cache / "facts.sqlite3"
    assert _rows(facts, "facts") > 0


def test_ctrl_c_during_an_online_scan_against_a_slow_server(tmp_path: Path) -> None:
    fast_host = "127.0.0.2"
    with NetServer(
        fallback=lambda r: Reply(200, html_page("Slow"), delay=60),
        hosts=("127.0.0.1", fast_host),
    ) as srv:
        srv.route("/fast", host=fast_host)(lambda r: Reply(200, html_page("Fast")))
        article = tmp_path / "piece.md"
        body = [f"See [fast]({srv.url('/fast', fast_host)})."]
        body += [f"And [slow {i}]({srv.url(f'/slow/{i}')})." for i in range(20)]
        article.write_text("\n\n".join(body) + "\n")
        cache = tmp_path / "cache"
        code, err, took = _interrupt(
            ["scan", "--allow-private", "--retries", "0", "--timeout", "50", str(article)],
            after=3.0,
            cache=cache,
        )
        assert srv.hits("/fast", fast_host) == 1
    assert code == 130, err
    assert err == "linkaudit: interrupted\n"
    assert "Traceback" not in err
    assert took < PROMPT_S
    # the answer that came in before Ctrl-C is in the link cache
    with sqlite3.connect(cache / "checks.sqlite3") as conn:
        urls = [u for (u,) in conn.execute("SELECT url FROM checks")]
    assert any(u.endswith("/fast") for u in urls)
