"""The HTML report as an editor reads it: an HTML article's text (not its source) in the pane,
cited links marked, source lines kept for navigation; time evidence written as sentences."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as html_module
import re
from pathlib import Path

import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.model import AuditResult, Finding, Severity
from linkaudit.report import render
from linkaudit.report.evidence import human_date
from linkaudit.report.reading import read_paragraphs
from tests.html_util import parse
from tests.report_fixtures import harbour_result

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour strike</title>
<script>var tracking = "secret-tracker";</script><style>p { color: red }</style></head>
<body>
<nav><a href="https://paper.example/home">Home</a> <a href="https://paper.example/sport">Sport</a></nav>
<article>
<h1>Harbour strike spreads along the coast</h1>
<p>On Sept. 19 dock workers in Portmere walked out, and on Tuesday the port authority
said talks had failed, nearly three years after the 2020 settlement.</p>
<p>Earlier coverage <a href="https://archive.example.com/2022/03/01/first-strike">described the
first strike</a>, and <a href="https://news.example.org/2026/06/14/harbour-talks">a later
report</a> says talks collapsed.</p>
<script>alert("inline")</script>
<p>Union statement: https://t.me/examplechannel/4411</p>
<p>Reader note: <a href="https://x.example/a">"&gt;&lt;img src=x onerror=alert(5)&gt;</a></p>
</article>
<footer>Copyright <a href="https://paper.example/about">about</a></footer>
</body></html>
"""


@pytest.fixture(scope="module")
def page_result(tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    path = tmp_path_factory.mktemp("reading") / "harbour.html"
    path.write_text(PAGE, encoding="utf-8")
    return audit([str(path)], ScanOptions(offline=True, today=dt.date(2026, 11, 24)))


def _pane(html: str, doc_id: str = "d0") -> str:
    section = html.split(f'id="{doc_id}"', 1)[1]
    return section.split('aria-label="Article text"', 1)[1].split('<aside class="findings"', 1)[0]


def _text(fragment: str) -> str:
    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", fragment).split()))


def test_the_pane_shows_the_article_text_not_its_source(page_result: AuditResult) -> None:
    pane = _pane(render("html", page_result))
    for source_only in (
        "<script",
        "&lt;script",
        "secret-tracker",
        "alert(&#34;inline",
        "color: red",
    ):
        assert source_only not in pane
    for markup in ("&lt;p&gt;", "&lt;a href", "&lt;article", "&lt;nav"):
        assert markup not in pane
    text = _text(pane)
    assert "Harbour strike spreads along the coast" in text
    assert "said talks had failed, nearly three years after the 2020 settlement." in text
    assert "Home" not in text and "Copyright" not in text  # page furniture is not the article


def test_paragraphs_keep_their_source_lines(page_result: AuditResult) -> None:
    parsed = parse(render("html", page_result))
    rows = {
        a["id"]: a for t, a in parsed.tags if t == "div" and (a.get("id") or "").startswith("d0-L")
    }
    assert list(rows) == ["d0-L7", "d0-L8", "d0-L10", "d0-L14", "d0-L15"]
    assert "heading" in (rows["d0-L7"].get("class") or "").split()
    numbers = [
        a["href"] for t, a in parsed.tags if t == "a" and "no" in (a.get("class") or "").split()
    ]
    assert numbers == ["#d0-L7", "#d0-L8", "#d0-L10", "#d0-L14", "#d0-L15"]


def test_cited_links_are_marked_and_findings_point_at_their_paragraph(
    page_result: AuditResult,
) -> None:
    html = render("html", page_result)
    parsed = parse(html)
    marks = {a.get("title"): a.get("class") for t, a in parsed.tags if t == "mark"}
    assert marks["https://archive.example.com/2022/03/01/first-strike"] == "cite"
    assert marks["https://news.example.org/2026/06/14/harbour-talks"] == "cite error"
    assert marks["https://t.me/examplechannel/4411"].startswith("cite")
    assert "https://paper.example/home" not in marks  # navigation is not in the reading view
    pane = _pane(html)
    assert ">a later report</mark>" in pane
    assert ">https://t.me/examplechannel/4411</mark>" in pane
    row = next(a for t, a in parsed.tags if t == "div" and a.get("id") == "d0-L10")
    assert "TIME001" in (row.get("data-rules") or "") and "error" in (row.get("class") or "")
    side = [a for t, a in parsed.tags if t == "li" and a.get("data-rule") == "TIME001"]
    assert side and side[0]["data-line"] == "11"  # the finding's own source line ...
    go = [a for t, a in parsed.tags if t == "a" and a.get("data-line", "").startswith("d0-")]
    assert go[0]["href"] == "#d0-L10"  # ... and the paragraph the pane shows it in


def test_hostile_anchor_text_stays_text(page_result: AuditResult) -> None:
    html = render("html", page_result)
    parsed = parse(html)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert not [t for t, _ in parsed.tags if t == "img"]
    assert "&#34;&gt;&lt;img src=x onerror=alert(5)&gt;</mark>" in _pane(html)


def test_a_finding_outside_the_article_text_gets_a_row_of_its_own(
    page_result: AuditResult,
) -> None:
    doc = page_result.documents[0]
    nav = Finding(
        rule="LINK001",
        name="broken-link",
        severity=Severity.ERROR,
        message="https://paper.example/sport is broken (404)",
        source=doc.document.source,
        line=5,
        column=50,
        url="https://paper.example/sport",
    )
    changed = AuditResult(documents=(dataclasses.replace(doc, findings=(*doc.findings, nav)),))
    html = render("html", changed)
    parsed = parse(html)
    row = next(a for t, a in parsed.tags if t == "div" and a.get("id") == "d0-L5")
    assert "outside" in (row.get("class") or "").split() and row.get("data-rules") == "LINK001"
    assert "Outside the article text" in _pane(html)
    assert [a["href"] for t, a in parsed.tags if t == "a" and a.get("data-line") == "d0-L5"]


def test_time_evidence_is_written_as_sentences(page_result: AuditResult) -> None:
    html = render("html", page_result)
    section = html.split("<h3>Time evidence</h3>", 1)[1].split("<h3>Links</h3>", 1)[0]
    text = _text(section)
    assert "firm True" not in text and "firm True" not in _text(html)
    assert "linkaudit dates this piece to 19 September 2023 (day precision, firm" in text
    assert "the text says “Sept. 19” ( line 8 )" in text
    assert "The source is dated 14 June 2026 by its URL" in text
    assert "no source it cites can be dated after" in text
    assert "The link on line 11 cites a source dated 2026-06-14 (from its URL)" in text
    assert 'href="#d0-L8">line 8</a>' in section  # quotes link into the pane


def test_time_evidence_sentences_for_a_text_article() -> None:
    html = render("html", harbour_result())
    section = html.split("<h3>Time evidence</h3>", 1)[1].split("<h3>Links</h3>", 1)[0]
    text = _text(section)
    assert (
        "linkaudit dates this piece to 19 September 2023 (day precision, firm, confidence 90%): "
        "the text says “Sept. 19” ( line 3 ), “on Tuesday” ( line 3 ) and "
        "“nearly three years after the 2020” ( line 4 )."
    ) in text
    assert (
        "It was written no earlier than 19 September 2023 and no later than 22 September 2023."
        in text
    )
    assert "Why: Sept. 19 is a Tuesday in 2023; about three years after 2020." in text
    assert "Line 7: https://news.example.org/2026/06/14/harbour-talks-collapse is dated" in text
    assert "The source is dated 14 June 2026 by its URL." in text
    assert "The piece's date rests on what the text says: “Sept. 19” ( line 3 )" in text
    assert "firm True" not in _text(html)
    assert 'href="#d0-L3">line 3</a>' in section


def test_human_dates() -> None:
    assert human_date("2023-09-19") == "19 September 2023"
    assert human_date("2023-09") == "September 2023"
    assert human_date("2023") == "2023"
    assert human_date(dt.date(2020, 2, 29)) == "29 February 2020"


def test_reading_view_survives_deep_nesting_and_keeps_code() -> None:
    deep = (
        "<body>"
        + "<div>" * 3000
        + '<p>deep <a href="https://d.example/">x</a></p>'
        + "</div>" * 3000
    )
    [para] = read_paragraphs(deep + "</body>")
    assert [(r.text, r.url) for r in para.runs] == [("deep ", None), ("x", "https://d.example/")]
    paras = read_paragraphs("<article><pre>a   b\n  c</pre><p>after</p></article>")
    assert [(p.kind, p.text) for p in paras] == [("code", "a   b\n  c"), ("text", "after")]


def test_text_and_markdown_panes_still_show_source_lines(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Title\n\nSee [x](https://example.com/a).\n", encoding="utf-8")
    html = render("html", audit([str(article)], ScanOptions(offline=True)))
    pane = _pane(html)
    assert 'class="code"' in pane and "[x](https://example.com/a)" in pane


def test_weekday_and_conflict_evidence_read_as_sentences(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "---\ndate: 2019-05-01\n---\n# Storm\n\nOn Monday, Sept. 19, 2023, the council met.\n",
        encoding="utf-8",
    )
    result = audit([str(article)], ScanOptions(offline=True, today=dt.date(2026, 11, 24)))
    assert {"TIME003", "TIME004"} <= {f.rule for f in result.documents[0].findings}
    section = render("html", result).split("<h3>Time evidence</h3>", 1)[1]
    text = _text(re.sub(r"<details>.*?</details>", " ", section, flags=re.S))
    assert "from the page's own date metadata" in text
    assert (
        "The text says “Monday, Sept. 19, 2023” ( line 6 ), but 19 September 2023 is a "
        "Tuesday, not a Monday (it is a Monday in 2022)."
    ) in text
    assert "The piece is dated 1 May 2019 from the page's own date metadata, but its text" in text


def test_relative_links_resolve_as_the_reader_resolves_them() -> None:
    page = '<base href="https://paper.example/news/"><article><p>See <a href="a/1">this</a>.</p></article>'
    [para] = read_paragraphs(page)
    assert [r.url for r in para.runs if r.url] == ["https://paper.example/news/a/1"]
    [para] = read_paragraphs('<p>See <a href="/b">that</a></p>', "https://paper.example/x/y")
    assert [r.url for r in para.runs if r.url] == ["https://paper.example/b"]


def test_a_url_written_as_text_is_not_shown_as_a_checked_link(page_result: AuditResult) -> None:
    """The HTML reader takes a page's links from its ``<a href>``: a URL only written in its
    text is no link of the document (never checked), and the pane says so, rather than mark it
    like the links it checked."""
    assert not any(link.url.startswith("https://t.me/") for link in page_result.documents[0].links)
    html = render("html", page_result)
    marks = {a.get("title"): a.get("class") for t, a in parse(html).tags if t == "mark"}
    assert (marks["https://t.me/examplechannel/4411"] or "").split() == ["cite", "plain"]
    assert marks["https://archive.example.com/2022/03/01/first-strike"] == "cite"
    note = _text(html.split('class="pane-note">', 1)[1].split("</p>", 1)[0])
    assert "written as text" in note and "not checked" in note


def test_reading_stops_once_the_pane_is_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """A huge page fills the pane's `READING_MAX_PARAGRAPHS` and is not read further (its
    text was still split into runs to the end, for a view that would never show it)."""
    from linkaudit.report import reading

    monkeypatch.setattr(reading, "READING_MAX_PARAGRAPHS", 10)
    seen: list[str] = []
    runs = reading._text_runs

    def counted(text: str, line: int) -> list[reading.Run]:
        seen.append(text)
        return runs(text, line)

    monkeypatch.setattr(reading, "_text_runs", counted)
    page = "<article>" + "".join(f"<p>Paragraph {i}.</p>\n" for i in range(1000)) + "</article>"
    paragraphs = read_paragraphs(page)
    assert [p.text for p in paragraphs] == [f"Paragraph {i}." for i in range(10)]
    assert len(seen) < 50


def _report_of(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = audit([str(path)], ScanOptions(offline=True, today=dt.date(2026, 11, 24)))
    assert not result.errors
    return render("html", result)


def test_markup_the_reading_parser_rejects_falls_back_to_source_lines(tmp_path: Path) -> None:
    """``<![fe80::1]>`` is a "marked section" the standard library's parser refuses (bs4 then
    raises): the report still renders, the pane showing the page's source lines as before."""
    page = '<p>Router at <![fe80::1]> see\n<a href="https://example.org/r">its page</a></p>\n'
    html = _report_of(tmp_path, "router.html", page)
    pane = _pane(html)
    assert 'id="d0-L1"' in pane and 'id="d0-L2"' in pane
    assert "https://example.org/r" in html


def test_a_page_that_looks_like_a_url_gives_no_parser_warning(tmp_path: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = _report_of(tmp_path, "just-a-url.html", "https://example.org/x")
    assert "https://example.org/x" in _pane(html)


def test_a_base_or_link_that_is_no_valid_url_is_kept_as_written(tmp_path: Path) -> None:
    """``<base href="http://[::1">`` (an unclosed IPv6 host) made urljoin raise: the page, and
    the whole scan with it, ended in an internal error. A base that is no URL is ignored (as a
    browser does), a link that is none is kept as written (LINK009 reports it)."""
    page = tmp_path / "hostile.html"
    page.write_text(
        '<html><head><base href="http://[::1"></head><body><article>\n'
        '<p><a href="notes.html">notes</a> and <a href="http://[fe80::1">a bad one</a></p>\n'
        "</article></body></html>\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.md"
    good.write_text("See [the minutes](https://example.org/minutes).\n")
    result = audit([str(page), str(good)], ScanOptions(offline=True))
    assert not result.errors and len(result.documents) == 2
    urls = {link.url for link in result.documents[0].links}
    assert {"notes.html", "http://[fe80::1"} <= urls
    malformed = [f for f in result.documents[0].findings if f.url == "http://[fe80::1"]
    assert [f.rule for f in malformed] == ["LINK009"]  # not a valid URL
    pane = _pane(render("html", result))
    assert ">notes</mark>" in pane and ">a bad one</mark>" in pane
