"""Offline rules beyond their YAML cases (linkaudit/checks/cases): one finding per URL, order,
fingerprints, what reads as a title."""

from __future__ import annotations

import pytest

from linkaudit.api import ScanOptions, analyse_document
from linkaudit.engine.packs import load_pack
from linkaudit.engine.registry import RuleContext
from linkaudit.engine.runner import active_rules, make_findings
from linkaudit.readers import read_document


def findings(src: str, fmt: str = "markdown", rule: str | None = None):
    doc = read_document(
        f"doc.{ {'markdown': 'md', 'html': 'html', 'text': 'txt'}[fmt] }", src.encode(), fmt
    )
    facts = analyse_document(doc, ScanOptions(offline=True))
    import datetime as dt

    ctx = RuleContext(doc, facts.links, facts.mentions, facts.reference, {}, dt.date(2026, 11, 24))
    active = active_rules(load_pack("default"), select=(rule,) if rule else (), offline=True)
    return make_findings(active, ctx, source=doc.source, relpath=doc.source)


def test_one_finding_per_distinct_url() -> None:
    src = "https://bit.ly/a\nhttps://bit.ly/a\nhttps://bit.ly/a\n"
    got = [f for f in findings(src, "text", "LINK013")]
    assert len(got) == 1
    assert got[0].line == 1


def test_tracking_suggestion_drops_only_tracking_parameters() -> None:
    (f,) = findings("https://example.com/s?utm_source=a&id=7&fbclid=x\n", "text", "LINK014")
    assert f.suggestion == "https://example.com/s?id=7"


def test_code_links_are_not_citations() -> None:
    src = "```\nhttps://t.me/x/1\nhttps://t.me/x/1\n```\n"
    assert [f.rule for f in findings(src, "markdown")] == []


def test_findings_are_sorted_and_fingerprinted() -> None:
    src = "https://bit.ly/a\nhttps://t.me/c/1\nhttps://bit.ly/a\n"
    got = findings(src, "text")
    assert [(f.line, f.rule) for f in got] == [(1, "LINK008"), (1, "LINK013"), (2, "ARCH002")]
    assert len({f.fingerprint for f in got}) == 3


def test_fingerprints_survive_lines_inserted_above() -> None:
    a = findings("https://bit.ly/a\n", "text")
    b = findings("New paragraph.\n\nhttps://bit.ly/a\n", "text")
    assert [f.fingerprint for f in a] == [f.fingerprint for f in b]
    assert a[0].line != b[0].line


@pytest.mark.parametrize(
    ("text", "is_title"),
    [
        ("Harbour Wall Funding Explained", True),
        ("Parliament approves new harbour budget", True),
        # four sentence-case words read as often as a description as a headline: not a title
        ("Official figures published today", False),
        ("European Central Bank", False),
        ("Minister Says Budget Is Fine", True),
        ("Officials said on Monday", False),
        ("here", False),
        ("this statement", False),
        ("statement published on Tuesday", False),
        ("We reported in April", False),
        ("https://example.com/a-b-c", False),
    ],
)
def test_reads_as_title(text: str, is_title: bool) -> None:
    from linkaudit.extract.titles import reads_as_title

    assert reads_as_title(text) is is_title


def test_private_address_by_name_without_dns() -> None:
    ids = [f.rule for f in findings("[wiki](http://intranet/wiki/page)\n", "markdown", "LINK012")]
    assert ids == ["LINK012"]


@pytest.mark.parametrize(
    "src",
    [
        "[European Central Bank](https://www.ecb.example/press/pr/date/2023/html/ecb.mp230914.en.html)\n",
        "[Official figures published today](https://stats.example/releases/uk-labour-market-september-2023)\n",
        "[Harbour Board Annual Report](https://ports.example/files/a1b2c3-d4e5f6-0099.pdf)\n",
    ],
)
def test_meta002_does_not_fire_on_names_descriptions_or_id_paths(src: str) -> None:
    assert [f.rule for f in findings(src, "markdown", "META002")] == []


def test_shortener_names_the_destination_another_occurrence_shows() -> None:
    src = (
        "The survey is at [field-survey.example/2024/results…](https://t.co/Mn4Bv7Cx1Z).\n"
        "Its appendix is [behind this link](https://t.co/Mn4Bv7Cx1Z).\n"
    )
    (f,) = findings(src, "markdown", "LINK013")
    assert f.evidence["shown_destination"] == "field-survey.example/2024/results"
