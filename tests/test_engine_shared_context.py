"""What the engine works out once per document (the citations, the links' URL dates) changes
nothing that the rules find."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from linkaudit.api import ScanOptions, analyse_document
from linkaudit.checks.time import source_dates
from linkaudit.engine.packs import load_pack
from linkaudit.engine.registry import RuleContext, cited_links
from linkaudit.engine.runner import active_rules, make_findings
from linkaudit.extract.urls import group_links
from linkaudit.readers import read_document

TEXT = """Dated 2023-09-19.

[Council Approves New Harbour Budget](https://news.example.org/2026/06/14/storm-closes-schools)
and again https://news.example.org/2026/06/14/storm-closes-schools, then
https://bit.ly/3abcdEf and https://t.me/channel/42 and
http://127.0.0.1:8000/draft?utm_source=feed ![img](https://img.example/2024/01/01/pic.png)

<footer>[home](https://news.example.org/)</footer>
"""


def _context(all_regions: bool = False) -> RuleContext:
    doc = read_document("doc.md", TEXT.encode(), "markdown")
    facts = analyse_document(doc, ScanOptions(offline=True))
    return RuleContext(
        doc,
        facts.links,
        facts.mentions,
        facts.reference,
        {},
        dt.date(2026, 11, 24),
        all_regions=all_regions,
    )


def _findings(ctx: RuleContext):
    active = active_rules(load_pack("default"), offline=True)
    return make_findings(active, ctx, source="doc.md", relpath="doc.md")


def test_the_document_exercises_the_rules_that_read_citations() -> None:
    fired = {f.rule for f in _findings(_context())}
    assert {"ARCH002", "LINK008", "LINK013", "LINK014", "META002", "TIME001"} <= fired


def test_citations_are_the_same_worked_out_once_or_per_rule() -> None:
    for all_regions in (False, True):
        ctx = _context(all_regions)
        per_rule = list(ctx.citations())
        assert per_rule == list(cited_links(ctx.links, all_regions))
        shared = replace(ctx, cited=cited_links(ctx.links, all_regions))
        assert list(shared.citations()) == per_rule
        assert _findings(shared) == _findings(ctx)


def test_findings_are_the_same_when_url_dates_are_known() -> None:
    ctx = _context()
    found = _findings(ctx)
    assert any(f.rule == "TIME001" for f in found)
    assert _findings(replace(ctx, url_dates_known=True)) == found


def test_url_dates_known_trusts_the_link() -> None:
    (link,) = group_links(
        read_document("d.txt", b"https://x.example/2026/06/14/story\n", "text").refs
    )
    assert link.url_date is None  # never worked out: the URL is read for its date
    assert [s.origin for s in source_dates(link)] == ["url"]
    # said to be worked out already (as the scan does): None is the answer
    assert source_dates(link, url_date_known=True) == []
