"""Headless Chromium for the HTML report's browser test, and the karabakh result it opens.

Run ``python -m tests.browser docs/report.png`` to refresh the screenshot in the docs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from linkaudit.api import ScanOptions, audit
from linkaudit.model import AuditResult

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "karabakh-2023.txt"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_ENV = "LINKAUDIT_BROWSER"
BROWSER_TIMEOUT_S = 120
WINDOW = "1400,1500"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)
_CONSOLE = re.compile(r":CONSOLE[:(]")
_FUTURE_PATH = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/")


def find_browser() -> str | None:
    """A Chromium-family browser: $LINKAUDIT_BROWSER, else the first on PATH."""
    named = os.environ.get(BROWSER_ENV)
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return next((found for b in BROWSERS if (found := shutil.which(b))), None)


@dataclass(frozen=True, slots=True)
class PageRun:
    dom: str
    console: list[str]  # every console message the page produced (errors, CSP violations)


def open_headless(browser: str, page: Path, screenshot: Path | None = None) -> PageRun:
    """Load ``page`` in a fresh profile; return the DOM after scripts ran and the console."""
    with tempfile.TemporaryDirectory(prefix="linkaudit-chromium-") as profile:
        base = [browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW}"]
        done = subprocess.run(
            [*base, "--dump-dom", page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=BROWSER_TIMEOUT_S,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{browser} failed ({done.returncode}): {done.stderr[-2000:]}")
        if screenshot is not None:
            subprocess.run(
                [*base, f"--screenshot={screenshot.resolve()}", page.resolve().as_uri()],
                capture_output=True,
                timeout=BROWSER_TIMEOUT_S,
                check=True,
            )
    console = [line for line in done.stderr.splitlines() if _CONSOLE.search(line)]
    return PageRun(done.stdout, console)


def karabakh_result() -> AuditResult:
    """The real offline scan of the example, with "today" fixed so the report is reproducible."""
    return audit([str(EXAMPLE)], ScanOptions(offline=True, today=dt.date(2026, 11, 24)))


def main(argv: list[str]) -> int:
    """Write the karabakh report's screenshot to argv[0]."""
    from linkaudit.report import render

    browser = find_browser()
    if browser is None:
        print("no Chromium-family browser found", file=sys.stderr)
        return 2
    target = Path(argv[0] if argv else "docs/report.png")
    result = karabakh_result()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(render("html", result), encoding="utf-8")
        run = open_headless(browser, page, screenshot=target)
    print(f"wrote {target}; console messages: {len(run.console)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
