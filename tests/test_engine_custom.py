"""Custom CEL rules: three that fire, the ones that must be refused at load, offline skipping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.engine.custom import link_view, needs_network, registered_domain
from linkaudit.engine.packs import load_pack
from linkaudit.engine.runner import active_rules, catalog, make_findings
from linkaudit.errors import ConfigError
from linkaudit.model import Severity
from tests.engine_helpers import context, doc, links_of, with_facts, write

PACK = """
extends = "default"

[[rule]]
id = "NEWS001"
name = "telegram-post"
severity = "warning"
when = 'link.domain == "t.me" || link.host.endsWith(".substack.com")'
message = "{host} post {url}: archive it"

[[rule]]
id = "NEWS002"
name = "moved-and-dead"
severity = "error"
when = 'link.status == "broken" && link.final_url != null && link.final_url != link.url'
message = "{url} redirected to {final_url}, which is gone ({http_status})"

[[rule]]
id = "NEWS003"
name = "source-after-piece"
severity = "error"
citations_only = true
when = 'link.url_date != null && doc.reference_date != null && link.url_date > doc.reference_date'
message = "{url} is dated {url_date}, after the piece ({reference_date})"

[rules.NEWS001]
severity = "info"
"""

TEXT = (
    "On Tuesday the council met.\n"
    "https://t.me/chan/1\n"
    "https://writer.substack.com/p/post\n"
    "https://news.example.com/2026/06/14/later\n"
    "https://news.example.com/2023/01/02/earlier\n"
    "https://old.example.org/gone\n"
)


@pytest.fixture()
def pack(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_pack(str(write(tmp_path / "ours.toml", PACK)))


def findings(pack, offline: bool):  # type: ignore[no-untyped-def]
    d = doc(TEXT, fmt="text", source="a.txt")
    links = list(links_of(d))
    links[2] = with_facts(links[2], url_date=dt.date(2026, 6, 14))
    links[3] = with_facts(links[3], url_date=dt.date(2023, 1, 2))
    links[4] = with_facts(
        links[4], status="broken", http_status=404, final_url="https://old.example.org/moved"
    )
    links[0] = with_facts(links[0], status="ok", http_status=200, final_url=links[0].url)
    ctx = context(d, tuple(links), reference=dt.date(2023, 9, 19), offline=offline)
    active = [ar for ar in active_rules(pack, offline=offline) if ar.custom is not None]
    return make_findings(active, ctx, source="a.txt", relpath="a.txt")


def test_three_custom_rules_fire(pack) -> None:  # type: ignore[no-untyped-def]
    got = [(f.rule, f.severity, f.line, f.message) for f in findings(pack, offline=False)]
    assert got == [
        ("NEWS001", Severity.INFO, 2, "t.me post https://t.me/chan/1: archive it"),
        (
            "NEWS001",
            Severity.INFO,
            3,
            "writer.substack.com post https://writer.substack.com/p/post: archive it",
        ),
        (
            "NEWS003",
            Severity.ERROR,
            4,
            "https://news.example.com/2026/06/14/later is dated 2026-06-14, after the piece (2023-09-19)",
        ),
        (
            "NEWS002",
            Severity.ERROR,
            6,
            "https://old.example.org/gone redirected to https://old.example.org/moved, which is gone (404)",
        ),
    ]


def test_network_rules_are_skipped_offline_with_a_note(pack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "NEWS002" not in {f.rule for f in findings(pack, offline=True)}
    article = write(tmp_path / "a.txt", TEXT)
    result = audit([str(article)], ScanOptions(offline=True, pack=pack))
    assert any("NEWS002" in n and "--offline" in n for n in result.notes)
    assert {f.rule for f in result.documents[0].findings} >= {"NEWS001"}


def test_custom_rules_are_per_pack_and_listed(pack) -> None:  # type: ignore[no-untyped-def]
    from linkaudit.engine.registry import REGISTRY

    assert "NEWS001" not in REGISTRY
    rows = {r.id: r for r in catalog(pack)}
    assert rows["NEWS001"].severity is Severity.INFO and rows["NEWS001"].origin == "ours"
    assert rows["NEWS002"].needs_network and not rows["NEWS003"].needs_network
    assert not any(r.id.startswith("NEWS") for r in catalog(load_pack("default")))


def test_view_fields() -> None:
    (link,) = links_of(doc("https://news.bbc.co.uk/a/b?x=1\n", fmt="text"))
    view = link_view(link)
    assert (view["host"], view["domain"], view["path"]) == ("news.bbc.co.uk", "bbc.co.uk", "/a/b")
    assert view["status"] is None and view["page"] == {"title": None, "published": None}
    assert registered_domain("127.0.0.1") == "127.0.0.1"


def test_network_detection_ignores_string_literals() -> None:
    assert needs_network('link.status == "ok"')
    assert needs_network("link.page.title.contains('x')")
    assert needs_network("has(link.final_url)")
    assert not needs_network('link.url.contains("link.status")')


BAD = [
    ("link.host ==", "NEWS009: condition does not compile"),
    ('link.hots == "t.me"', "NEWS009: condition reads a field that does not exist"),
    ('links.host == "t.me"', "NEWS009: condition uses unknown name 'links'"),
    ("link.url", "NEWS009: condition must be true or false"),
    ('link.http_status > "200"', "NEWS009: condition fails on a sample link"),
]


@pytest.mark.parametrize(("when", "expected"), BAD)
def test_malformed_conditions_are_config_errors(tmp_path: Path, when: str, expected: str) -> None:
    text = f'[[rule]]\nid = "NEWS009"\nname = "bad"\nwhen = \'{when}\'\nmessage = "x"\n'
    with pytest.raises(ConfigError, match=expected):
        load_pack(str(write(tmp_path / "bad.toml", text)))


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('id = "news1"\nname = "x"\nwhen = "true"\nmessage = "x"', "id must be upper-case"),
        ('id = "LINK001"\nname = "x"\nwhen = "true"\nmessage = "x"', "already used"),
        (
            'id = "NEWS001"\nname = "x"\nwhen = "true"\nmessage = "{url.__class__}"',
            r"unknown field \{url.__class__\}",
        ),
        ('id = "NEWS001"\nname = "x"\nwhen = "true"\nmessage = "{hots}"', r"did you mean \{host\}"),
        ('id = "NEWS001"\nname = "x"\nwhen = "true"\nmessage = "{0}"', "unknown field"),
        ('id = "NEWS001"\nname = "x"\nwhen = "true"', "'message' is required"),
        (
            'id = "NEWS001"\nname = "x"\nwhen = "true"\nmessage = "bad {url:d}"',
            r"NEWS001: message: \{url:d\}: format specs are not allowed",
        ),
        (
            'id = "NEWS001"\nname = "x"\nwhen = "true"\nmessage = "{url:>10}"',
            "format specs are not allowed",
        ),
        (
            'id = "NEWS001"\nname = "x"\nwhen = "true"\nmessage = "{url!r}"',
            r"NEWS001: message: \{url!r\}: conversions are not allowed",
        ),
        (
            'id = "NEWS001"\nname = "x"\nwhen = "true"\nmessage = "x"\nseverity = "fatal"',
            "severity",
        ),
        (
            'id = "NEWS001"\nname = "x"\nwhen = "true"\nmessage = "x"\ncondition = "y"',
            "unknown key 'condition'",
        ),
    ],
)
def test_malformed_rule_tables(tmp_path: Path, table: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_pack(str(write(tmp_path / "bad.toml", "[[rule]]\n" + table + "\n")))


def test_custom_rule_id_accepted_in_select(pack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from linkaudit.engine.runner import check_rule_ids

    assert check_rule_ids(["news001"], "--select", pack.custom) == ["NEWS001"]
    with pytest.raises(Exception, match="did you mean NEWS001"):
        check_rule_ids(["NEWS01"], "--select", pack.custom)
