"""The editor's HTML report: self-contained, escaped, findings on the right lines, timeline."""

from __future__ import annotations

import dataclasses
import re

import pytest

from linkaudit.model import AuditResult, DocumentResult, PageMeta
from linkaudit.report import render
from linkaudit.report.html import safe_href
from linkaudit.report.timeline import build_timeline
from tests.html_util import parse
from tests.report_fixtures import (
    FUTURE_URL,
    HOSTILE_TEXT,
    HOSTILE_TITLE,
    harbour_result,
    many_links_result,
)

_parse = parse


@pytest.fixture(scope="module")
def html() -> str:
    return render("html", harbour_result())


def test_hostile_titles_and_link_text_never_become_markup(html: str) -> None:
    parsed = _parse(html)
    assert [t for t, _ in parsed.tags].count("script") == 1  # the report's own script only
    assert not [t for t, _ in parsed.tags if t in ("img", "iframe", "object", "embed")]
    for _, attrs in parsed.tags:
        assert not [k for k in attrs if k.startswith("on")], attrs
    assert "alert(" not in "".join(parsed.script_bodies)
    assert HOSTILE_TITLE not in html and HOSTILE_TEXT not in html
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in html


def test_hostile_source_path_and_javascript_urls() -> None:
    result = harbour_result()
    doc = result.documents[0]
    link = dataclasses.replace(doc.links[0], url="javascript:alert(3)")
    renamed = dataclasses.replace(doc.document, source='x"><script>alert(4)</script>.txt')
    changed = AuditResult(
        documents=(dataclasses.replace(doc, document=renamed, links=(link, *doc.links[1:])),)
    )
    parsed = _parse(render("html", changed))
    assert [t for t, _ in parsed.tags].count("script") == 1
    hrefs = [a.get("href") or "" for t, a in parsed.tags if t == "a"]
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("https://example.org/") == "https://example.org/"


def test_self_contained(html: str) -> None:
    parsed = _parse(html)
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "img", "iframe")
        if tag == "script":
            assert "src" not in attrs
    csp = next(
        a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None and "default-src 'none'" in csp and "'sha256-" in csp
    assert not re.search(r"""(src|href)=["']//""", html)


def test_findings_marked_on_their_lines(html: str) -> None:
    parsed = _parse(html)
    lines = {
        a["data-line"]: a
        for t, a in parsed.tags
        if t == "div" and a.get("id", "").startswith("d0-L") and a.get("data-line")
    }
    assert "TIME001" in (lines["7"].get("data-rules") or "").split()
    assert "error" in (lines["7"].get("class") or "").split()
    assert "TIME001" in (lines["7"].get("title") or "")
    assert "ARCH002" in (lines["8"].get("data-rules") or "")
    assert lines["9"].get("data-rules") is None  # the second citation is an echo, not a finding
    assert len(lines) == 14
    marks = [a.get("class") for t, a in parsed.tags if t == "mark"]
    assert "error" in marks and "error echo" in marks
    side = [a["data-rule"] for t, a in parsed.tags if t == "li" and a.get("data-rule")]
    assert side[0] == "TIME001"  # most severe first


def test_timeline_places_the_late_source_after_the_reference(html: str) -> None:
    parsed = _parse(html)
    ref = next(a for t, a in parsed.tags if a.get("data-kind") == "reference")
    assert ref["data-date"] == "2023-09-19"
    late = [a for t, a in parsed.tags if t == "circle" and a.get("data-after") == "true"]
    assert {a["data-date"] for a in late} == {"2026-06-14"}
    assert all(float(a["data-x"]) > float(ref["data-x"]) for a in late)
    assert all(a.get("data-url") == FUTURE_URL for a in late)
    early = [a for t, a in parsed.tags if t == "circle" and a.get("data-after") == "false"]
    assert {a["data-date"] for a in early} == {"2022-03-01"}


def test_time_evidence_is_shown(html: str) -> None:
    section = html.split("Time evidence", 1)[1].split("<h3>Links</h3>", 1)[0]
    for fact in ("source_date", "2026-06-14", "2023-09-22", "Sept. 19", "on Tuesday"):
        assert fact in section


def test_degrades_without_reference_checks_or_pages() -> None:
    result = harbour_result()
    doc = result.documents[0]
    bare_links = tuple(
        dataclasses.replace(link, check=None, page=None, url_date=None) for link in doc.links
    )
    bare = dataclasses.replace(doc, reference_date=None, links=bare_links)
    out = render("html", AuditResult(documents=(bare, result.documents[1])))
    assert "no reference date" in out
    assert "not checked" in out
    assert "Nothing in this document or its sources is dated." in out
    assert build_timeline(bare) is None


def test_published_date_alone_draws_a_point_without_reference() -> None:
    doc = harbour_result().documents[0]
    links = (
        dataclasses.replace(
            doc.links[0], url_date=None, page=PageMeta(published="2021-05-05T10:00:00Z")
        ),
    )
    timeline = build_timeline(DocumentResult(doc.document, links, (), None, ()))
    assert timeline is not None and timeline.reference is None
    assert [p.date.isoformat() for p in timeline.sources] == ["2021-05-05"]
    assert not timeline.sources[0].after


def test_renders_a_500_link_document() -> None:
    result = many_links_result(500)
    out = render("html", result)
    parsed = _parse(out)
    rows = [a for t, a in parsed.tags if t == "tr"]
    assert len(rows) == 501  # header + one per link
    circles = [a for t, a in parsed.tags if t == "circle"]
    assert len(circles) == 1000  # URL date and published date for each
    assert len([a for t, a in parsed.tags if t == "li" and a.get("data-rule")]) == 50
    assert len([a for t, a in parsed.tags if t == "mark"]) == 50  # each finding's URL, in place
    timeline = build_timeline(result.documents[0])
    assert timeline is not None
    assert len(timeline.ticks) <= 12
    assert all(40 <= p.x <= timeline.width - 40 for p in timeline.points)
    assert all(p.y > 0 for p in timeline.points)
