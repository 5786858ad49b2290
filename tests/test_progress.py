"""Progress: a bar for a person at a terminal (checking links, or reading a large folder
offline), never in CI, with --quiet, or when standard error is redirected."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.net.progress import progress_wanted
from linkaudit.settings import PROGRESS_MIN_DOCUMENTS

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("quiet", "tty", "environ", "wanted"),
    [
        (False, True, {"TERM": "xterm-256color"}, True),
        (False, True, {}, True),
        (False, False, {"TERM": "xterm"}, False),  # redirected to a file or pipe
        (True, True, {"TERM": "xterm"}, False),  # --quiet
        (False, True, {"CI": "true"}, False),
        (False, True, {"CI": "1"}, False),
        (False, True, {"CI": "false"}, True),
        (False, True, {"CI": ""}, True),
        (False, True, {"TERM": "dumb"}, False),
    ],
)
def test_progress_wanted(quiet: bool, tty: bool, environ: dict[str, str], wanted: bool) -> None:
    assert progress_wanted(quiet, tty, environ) is wanted


def _folder(root: Path, count: int) -> Path:
    root.mkdir()
    for i in range(count):
        (root / f"a{i:04d}.md").write_text(f"# Piece {i}\n\nSee [a](https://example.org/{i}).\n")
    return root


def test_an_offline_scan_of_a_large_folder_reports_reading(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "big", PROGRESS_MIN_DOCUMENTS)
    seen: list[tuple[int, int]] = []
    audit([str(folder)], ScanOptions(offline=True), progress=lambda d, t: seen.append((d, t)))
    total = PROGRESS_MIN_DOCUMENTS
    assert seen[0] == (1, total) and seen[-1] == (total, total) and len(seen) == total


def test_a_small_offline_scan_reports_nothing(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "small", 3)
    seen: list[tuple[int, int]] = []
    audit([str(folder)], ScanOptions(offline=True), progress=lambda d, t: seen.append((d, t)))
    assert seen == []


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("ci", [None, "true"])
def test_the_bar_is_drawn_on_a_terminal_only(tmp_path: Path, ci: str | None) -> None:
    import pty

    folder = _folder(tmp_path / "big", PROGRESS_MIN_DOCUMENTS + 20)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update({"PYTHONPATH": str(REPO), "TERM": "xterm", **({"CI": ci} if ci else {})})
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "linkaudit", "scan", "--offline", str(folder)],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        shown += data
    out = proc.communicate(timeout=60)[0]
    os.close(master)
    assert proc.returncode == 0
    assert (b"reading documents" in shown) is (ci is None)
    assert b"reading documents" not in out  # never in the report


def test_no_bar_when_stderr_is_redirected(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "big", PROGRESS_MIN_DOCUMENTS)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.run(
        [sys.executable, "-m", "linkaudit", "scan", "--offline", str(folder)],
        capture_output=True,
        env={**env, "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stderr == b""
