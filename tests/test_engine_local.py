"""Local links: relative files and #headings checked on disk, offline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.checks.local import check_local_links, github_slug, html_anchors, markdown_anchors
from linkaudit.engine.packs import load_pack
from linkaudit.engine.registry import REGISTRY, Issue, Rule, RuleContext
from linkaudit.engine.runner import active_rules
from linkaudit.model import Severity
from tests.engine_helpers import doc, links_of, write


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Install it", "install-it"),
        ("What's new in 2.0?", "whats-new-in-20"),
        ("`--offline` mode", "--offline-mode"),
        ("Ünïcode Überschrift", "ünïcode-überschrift"),
        ("snake_case & more", "snake_case--more"),
    ],
)
def test_github_slugs(heading: str, slug: str) -> None:
    assert github_slug(heading) == slug


def test_markdown_anchors_number_repeats_and_read_explicit_ids() -> None:
    text = (
        "# Intro\n\n## Setup *fast*\n\n## Setup fast\n\nSetext\n======\n\n"
        '<a name="legacy"></a>\n\n```\n# not a heading\n```\n\n## [Linked](x.md) `code`\n'
    )
    assert markdown_anchors(text) == {
        "intro",
        "setup-fast",
        "setup-fast-1",
        "setext",
        "legacy",
        "linked-code",
    }


def test_html_anchors() -> None:
    assert html_anchors("<h2 id=\"a\">A</h2><a name='b'></a><div ID=c>") == {"a", "b", "c"}


def _tree(tmp_path: Path) -> Path:
    write(tmp_path / "guide" / "setup.md", "# Setup\n\n## Install it\n")
    write(tmp_path / "site" / "page.html", '<h1 id="top">T</h1>')
    write(tmp_path / "img.png", "x")
    return write(
        tmp_path / "index.md",
        "# Home\n\n"
        "[ok](guide/setup.md#install-it) [gone](guide/missing.md) [frag](guide/setup.md#uninstall)\n"
        "[html](site/page.html#top) [html bad](site/page.html#bottom) ![img](img.png)\n"
        "[self](#home) [self bad](#nowhere) [root](/guide/setup.md) [dir](guide/)\n"
        "[web](https://example.org/)\n",
    )


def test_facts_for_local_links(tmp_path: Path) -> None:
    index = _tree(tmp_path)
    d = doc(index.read_text(), source=str(index))
    links = {link.url: link for link in check_local_links(links_of(d), d, index, root_dir=tmp_path)}
    assert links["guide/missing.md"].check.status == "broken"
    assert links["guide/missing.md"].check.reason == "file not found"
    assert links["guide/setup.md#install-it"].check.status == "ok"
    assert "install-it" in links["guide/setup.md#install-it"].page.anchors
    assert "uninstall" not in links["guide/setup.md#uninstall"].page.anchors
    assert links["site/page.html#bottom"].page.anchors == {"top"}
    assert links["img.png"].check.status == "ok"
    assert links["#home"].page.anchors >= {"home"}
    assert links["/guide/setup.md"].check.status == "ok"
    assert links["guide/"].check.status == "ok"
    assert links["https://example.org/"].check is None


def test_root_relative_links_without_a_root_are_left_alone(tmp_path: Path) -> None:
    index = _tree(tmp_path)
    d = doc(index.read_text(), source=str(index))
    links = {link.url: link for link in check_local_links(links_of(d), d, index)}
    assert links["/guide/setup.md"].check is None


def test_base_url_maps_root_relative_links_onto_the_site(tmp_path: Path) -> None:
    index = _tree(tmp_path)
    d = doc(index.read_text(), source=str(index))
    links = {
        link.url: link
        for link in check_local_links(
            links_of(d), d, index, base_url="https://docs.example.com/v2/"
        )
    }
    mapped = links["/guide/setup.md"]
    assert (mapped.normalized_url, mapped.host, mapped.fetchable) == (
        "https://docs.example.com/guide/setup.md",
        "docs.example.com",
        True,
    )
    assert mapped.check is None


@pytest.fixture()
def stand_in_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """LINK001/LINK010 as the network rules read these facts (only when not registered yet)."""

    def broken(ctx: RuleContext) -> Iterator[Issue]:
        for link in ctx.links:
            if link.check is not None and link.check.status == "broken":
                yield Issue(
                    f"{link.url}: {link.check.reason}",
                    link.first.line,
                    link.first.column,
                    url=link.url,
                )

    def fragment(ctx: RuleContext) -> Iterator[Issue]:
        for link in ctx.links:
            anchors = link.page.anchors if link.page else None
            if link.fragment and anchors is not None and link.fragment not in anchors:
                yield Issue(
                    f"#{link.fragment} not found", link.first.line, link.first.column, url=link.url
                )

    for rid, name, sev, fn in (
        ("LINK001", "broken-link", Severity.ERROR, broken),
        ("LINK010", "missing-fragment", Severity.WARNING, fragment),
    ):
        if rid not in REGISTRY:
            monkeypatch.setitem(
                REGISTRY, rid, Rule(rid, name, sev, name, fn, "LINK", needs_network=True)
            )


@pytest.mark.usefixtures("stand_in_rules")
def test_local_links_are_reported_offline(tmp_path: Path) -> None:
    index = _tree(tmp_path)
    result = audit(
        [str(index)],
        ScanOptions(
            offline=True,
            root_dir=tmp_path,
            select=("LINK001", "LINK010"),
            today=dt.date(2024, 1, 1),
        ),
    )
    got = sorted((f.rule, f.url) for f in result.documents[0].findings)
    assert got == [
        ("LINK001", "guide/missing.md"),
        ("LINK010", "#nowhere"),
        ("LINK010", "guide/setup.md#uninstall"),
        ("LINK010", "site/page.html#bottom"),
    ]


@pytest.mark.usefixtures("stand_in_rules")
def test_network_rules_stay_off_offline_without_local_facts() -> None:
    pack = load_pack("default")
    ids = {ar.rule.id for ar in active_rules(pack, offline=True)}
    assert "LINK001" not in ids
    ids = {ar.rule.id for ar in active_rules(pack, offline=True, local_facts=True)}
    assert {"LINK001", "LINK010"} <= ids
    assert not any(REGISTRY[i].needs_network for i in ids - {"LINK001", "LINK010"})
