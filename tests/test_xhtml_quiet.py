"""An XHTML page (``<?xml ...?>`` before ``<html>``) is read as HTML, quietly.

Why: we parse HTML on purpose, as browsers do; bs4's "XMLParsedAsHTMLWarning" (printed to
stderr once per parse) told the user nothing they could act on, and cluttered every scan of a
folder of saved pages that held one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

from linkaudit.readers.html import parse_html, read_html
from linkaudit.report.reading import read_paragraphs

XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head><title>Ferry timetable changes</title>
<meta name="date" content="2024-03-04" /></head>
<body><div class="entry"><h1>Ferry timetable changes</h1>
<p>The harbour office <a href="https://harbour.example.org/notices/2024-03-01">published the
new timetable</a> on Friday.</p></div></body></html>
"""


def test_parsing_an_xhtml_page_warns_nothing() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse_html(XHTML)
        parse_html(XHTML, "html.parser")
        doc = read_html("page.html", XHTML)
        paragraphs = read_paragraphs(XHTML)
    assert [str(w.message)[:60] for w in caught] == []
    assert [r.url for r in doc.refs] == ["https://harbour.example.org/notices/2024-03-01"]
    assert paragraphs


def test_scanning_an_xhtml_page_leaves_stderr_clean(tmp_path: Path) -> None:
    page = tmp_path / "notice.html"
    page.write_text(XHTML, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    env.pop("PYTHONWARNINGS", None)
    for fmt in ("json", "html"):
        res = subprocess.run(
            [sys.executable, "-m", "linkaudit", "scan", "--offline", "--fail-on", "never"]
            + ["--format", fmt, str(page)],
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert res.returncode == 0, res.stderr
        assert res.stderr.decode() == ""
