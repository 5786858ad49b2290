"""Network rules as pass/fail cases: a document plus canned check results in, findings out.

No network: the `LinkCheck`/`PageMeta` each URL would get are written by hand, exactly as
``linkaudit.net`` produces them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from linkaudit.api import ScanOptions, analyse_document
from linkaudit.checks.network import title_similarity
from linkaudit.engine.packs import load_pack
from linkaudit.engine.registry import RuleContext
from linkaudit.engine.runner import active_rules, make_findings
from linkaudit.model import LinkCheck, PageMeta, UrlDate
from linkaudit.readers import read_document


def findings(src, results, rule, fmt="markdown", url_dates=None):
    ext = {"markdown": "md", "html": "html", "text": "txt"}[fmt]
    doc = read_document(f"doc.{ext}", src.encode(), fmt)
    facts = analyse_document(doc, ScanOptions(offline=False))
    links = []
    for link in facts.links:
        check, page = results.get(link.normalized_url, (None, None))
        ud = (url_dates or {}).get(link.normalized_url, link.url_date)
        links.append(replace(link, check=check, page=page, url_date=ud))
    ctx = RuleContext(
        doc, tuple(links), facts.mentions, facts.reference, {}, dt.date(2026, 11, 24), offline=False
    )
    active = active_rules(load_pack("default"), select=(rule,), offline=False)
    return make_findings(active, ctx, source=doc.source, relpath=doc.source)


U = "https://news.example/story"
OK = LinkCheck("ok", 200, U)


def only(src, results, rule, **kw):
    found = findings(src, results, rule, **kw)
    assert all(f.rule == rule for f in found)
    return found


@pytest.mark.parametrize(
    ("rule", "check", "fires"),
    [
        ("LINK001", LinkCheck("broken", 404, U), True),
        ("LINK001", LinkCheck("blocked", 403, U), False),
        ("LINK002", LinkCheck("unreachable", error="dns"), True),
        ("LINK003", LinkCheck("timeout", error="timeout", reason="no answer"), True),
        ("LINK005", LinkCheck("loop", 301, U, reason="redirect loop"), True),
        ("LINK006", LinkCheck("soft404", 200, U, reason="the page title says not found"), True),
        ("LINK006", OK, False),
        ("LINK011", LinkCheck("blocked", 403, U, reason="bot wall"), True),
        ("LINK011", LinkCheck("broken", 404, U), False),
    ],
)
def test_health_rules(rule, check, fires):
    found = only(f"See [the story]({U}).\n", {U: (check, None)}, rule)
    assert bool(found) == fires
    if fires:
        assert found[0].url == U and found[0].line == 1


def test_link004_suggests_final_and_says_cross_site():
    final = "https://elsewhere.example/new-home"
    check = LinkCheck("redirected", 200, final, ({"url": U, "status": 301, "location": final},))
    (f,) = only(f"See [x]({U}).\n", {U: (check, None)}, "LINK004")
    assert f.suggestion == final
    assert "another site" in f.message and f.evidence["cross_site"] is True


def test_link004_not_for_http_to_https_which_is_link007():
    http = "http://news.example/story"
    check = LinkCheck("redirected", 200, U, ({"url": http, "status": 301, "location": U},))
    assert only(f"See [x]({http}).\n", {http: (check, None)}, "LINK004") == ()
    (f,) = only(f"See [x]({http}).\n", {http: (check, None)}, "LINK007")
    assert f.suggestion == U


def test_link010_missing_fragment():
    page = PageMeta(title="Guide", anchors=frozenset({"installation", "usage"}))
    src = f"[a]({U}#installing) and [b]({U}#usage) and [c]({U}#top)\n"
    found = only(src, {U: (OK, page)}, "LINK010")
    assert len(found) == 1
    assert "#installing" in found[0].message and found[0].suggestion == f"{U}#installation"


def test_link010_silent_when_the_page_was_cut_at_the_body_cap():
    page = PageMeta(title="Long guide", anchors=frozenset({"intro"}))
    cut = replace(OK, body_truncated=True)
    assert only(f"[a]({U}#appendix-z)\n", {U: (cut, page)}, "LINK010") == ()
    assert len(only(f"[a]({U}#appendix-z)\n", {U: (OK, page)}, "LINK010")) == 1


def test_classify_carries_truncation():
    from linkaudit.net.check import classify
    from linkaudit.net.fetch import Exchange

    big = Exchange(U, 200, {"content-type": "text/html"}, b"<html>", truncated=True)
    assert classify(U, [big]).body_truncated
    assert not classify(U, [replace(big, truncated=False)]).body_truncated


def test_meta001_title_mismatch():
    page = PageMeta(title="Storm closes coastal roads | Example News", site_name="Example News")
    src = f"Related article: Parliament approves harbour budget\n{U}\n"
    (f,) = only(src, {U: (OK, page)}, "META001")
    assert f.evidence["cited_title"] == "Parliament approves harbour budget"
    good = PageMeta(title="Parliament approves harbour budget - Example News")
    src2 = f"Related article: Parliament Approves Harbour Budget\n{U}\n"
    assert only(src2, {U: (OK, good)}, "META001") == ()


def test_title_similarity_ignores_site_suffix_and_case():
    assert title_similarity("Talks resume", "TALKS RESUME | Example News", "Example News") > 0.9
    assert title_similarity("Talks resume", "Budget vote delayed | Example News") < 0.6


def test_meta003_canonical():
    other = PageMeta(title="t", canonical="https://news.example/2023/09/19/story")
    (f,) = only(f"[x]({U})\n", {U: (OK, other)}, "META003")
    assert f.suggestion == "https://news.example/2023/09/19/story"
    same = PageMeta(title="t", canonical="http://www.news.example/story/")
    assert only(f"[x]({U})\n", {U: (OK, same)}, "META003") == ()


def test_meta004_date_conflict():
    url = "https://news.example/2026/06/14/war-is-returning"
    page = PageMeta(title="War", published="2023-09-19")
    ud = {url: UrlDate(dt.date(2026, 6, 14), "day", "2026/06/14")}
    (f,) = only(f"[x]({url})\n", {url: (OK, page)}, "META004", url_dates=ud)
    assert "2026-06-14" in f.message and "2023-09-19" in f.message
    near = PageMeta(title="War", published="2026-06-15")
    assert only(f"[x]({url})\n", {url: (OK, near)}, "META004", url_dates=ud) == ()
    month = {url: UrlDate(dt.date(2026, 6, 1), "month", "2026/06")}
    june = PageMeta(title="War", published="2026-06-30")
    assert only(f"[x]({url})\n", {url: (OK, june)}, "META004", url_dates=month) == ()


def test_arch001_suggests_snapshot():
    snap = "https://web.archive.org/web/20230920000000/https://news.example/story"
    check = LinkCheck("broken", 404, U, archive_url=snap, archive_timestamp="20230920000000")
    (f,) = only(f"[x]({U})\n", {U: (check, None)}, "ARCH001")
    assert f.suggestion == snap and "2023-09-20" in f.message
    assert only(f"[x]({U})\n", {U: (OK, None)}, "ARCH001") == ()


def test_rules_have_full_docs():
    from linkaudit.engine.registry import all_rules

    for r in all_rules():
        if r.needs_network:
            assert "**Fires:**" in r.doc and "**Does not fire:**" in r.doc, r.id


def test_link007_fires_when_the_https_address_also_works():
    http = "http://news.example/story"
    check = LinkCheck("ok", 200, http, https_url=U)
    (f,) = only(f"See [x]({http}).\n", {http: (check, None)}, "LINK007")
    assert f.suggestion == U
    plain = LinkCheck("ok", 200, http)
    assert only(f"See [x]({http}).\n", {http: (plain, None)}, "LINK007") == ()
