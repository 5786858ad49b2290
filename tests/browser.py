"""Headless Chromium for the HTML report's browser test, and the karabakh result it opens.

Run ``python -m tests.browser docs/report.png`` to refresh the screenshot in the docs.
"""

from __future__ import annotations

import dataclasses
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
from linkaudit.model import (
    AuditResult,
    DateMention,
    Finding,
    ReferenceDate,
    Severity,
    UrlDate,
)

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


def karabakh_result() -> tuple[AuditResult, bool]:
    """The real offline scan of the example; True when it found TIME001 by itself.

    Until the time rules land, the scan cannot date the piece, so the facts the design derives
    (reference date 2023-09-19, the URL's date 2026-06-14, TIME001 at the first citation) are
    added to the real document here, exactly as the design states them.
    """
    result = audit([str(EXAMPLE)], ScanOptions(offline=True, today=dt.date(2024, 1, 1)))
    doc = result.documents[0]
    if any(f.rule == "TIME001" for f in doc.findings):
        return result, True
    links = tuple(
        link
        if link.url_date is not None or not (m := _FUTURE_PATH.search(link.url))
        else dataclasses.replace(
            link,
            url_date=UrlDate(dt.date(int(m[1]), int(m[2]), int(m[3])), "day", m[0]),
        )
        for link in doc.links
    )
    late = next(link for link in links if link.url_date and link.url_date.date.year == 2026)
    mention = DateMention("Sept. 19", "month-day", 0, 1, 1, month=9, day=19)
    reference = doc.reference_date or ReferenceDate(
        date=dt.date(2023, 9, 19),
        precision="day",
        source="text",
        earliest=dt.date(2023, 9, 19),
        latest=dt.date(2023, 9, 22),
        confidence=0.9,
        evidence=(mention,),
        firm=True,
    )
    time001 = Finding(
        rule="TIME001",
        name="source-after-article",
        severity=Severity.ERROR,
        message=f"{late.url} is dated 2026-06-14, after this piece was written (2023-09-19)",
        source=doc.document.source,
        line=late.first.line,
        column=late.first.column,
        url=late.url,
        evidence={
            "source_date": "2026-06-14",
            "source_date_from": "url",
            "reference": {"date": "2023-09-19", "latest": "2023-09-22", "firm": True},
            "mentions": [{"text": mention.text, "kind": mention.kind}],
        },
        fingerprint="karabakh-time001",
    )
    findings = tuple(sorted((*doc.findings, time001), key=lambda f: (f.line, f.column, f.rule)))
    doc = dataclasses.replace(doc, links=links, reference_date=reference, findings=findings)
    return dataclasses.replace(result, documents=(doc,)), False


def main(argv: list[str]) -> int:
    """Write the karabakh report's screenshot to argv[0]."""
    from linkaudit.report import render

    browser = find_browser()
    if browser is None:
        print("no Chromium-family browser found", file=sys.stderr)
        return 2
    target = Path(argv[0] if argv else "docs/report.png")
    result, _ = karabakh_result()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(render("html", result), encoding="utf-8")
        run = open_headless(browser, page, screenshot=target)
    print(f"wrote {target}; console messages: {len(run.console)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
