"""The karabakh example's HTML report in headless Chromium: clean console, marker, timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkaudit.report import render
from tests.browser import EXAMPLE, find_browser, karabakh_result, open_headless
from tests.html_util import parse

pytestmark = pytest.mark.browser

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser() -> str:
    found = find_browser()
    if found is None:
        pytest.skip(
            "no Chromium-family browser on PATH (apt-get install chromium, or set LINKAUDIT_BROWSER)"
        )
    return found


@pytest.fixture(scope="module")
def karabakh():
    if not EXAMPLE.is_file():
        pytest.skip(f"example article not found at {EXAMPLE}")
    return karabakh_result()


def test_karabakh_report_in_chromium(browser: str, karabakh, tmp_path: Path) -> None:
    result = karabakh
    page = tmp_path / "report.html"
    page.write_text(render("html", result), encoding="utf-8")
    shot = tmp_path / "report.png"
    run = open_headless(browser, page, screenshot=shot)

    assert run.console == []  # no errors, no CSP violations, nothing logged at all
    dom = parse(run.dom)
    assert dom.find("html", data_ready="true"), "the report's script did not run under its CSP"

    doc = result.documents[0]
    time001 = next(f for f in doc.findings if f.rule == "TIME001")
    late_link = next(link for link in doc.links if link.url == time001.url)
    assert time001.line == late_link.first.line
    line = dom.find("div", id=f"d0-L{time001.line}")
    assert line, f"no line {time001.line} in the rendered article"
    assert "TIME001" in (line[0].get("data-rules") or "").split()
    assert "error" in (line[0].get("class") or "").split()
    assert dom.find("span", data_rule="TIME001")  # the badge on the line

    ref = dom.find("g", data_kind="reference")
    assert ref and (ref[0].get("data-date") or "").startswith("2023-09")
    late = [c for c in dom.find("circle", data_after="true")]
    assert late and all((c.get("data-date") or "").startswith("2026") for c in late)
    assert all(float(c["data-x"] or 0) > float(ref[0]["data-x"] or 0) for c in late)

    assert shot.read_bytes().startswith(PNG_MAGIC)


def test_real_scan_feeds_the_report(karabakh) -> None:
    """Whatever the scan finds on its own is in the report, TIME001 included."""
    result = karabakh
    assert "TIME001" in {f.rule for f in result.documents[0].findings}
    html = render("html", result)
    for finding in result.documents[0].findings:
        assert f'data-rule="{finding.rule}"' in html
