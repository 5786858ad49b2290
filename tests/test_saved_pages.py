"""Saved web pages: where their relative links belong (readers.savedpage, checks.saved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkaudit.checks.saved import NO_BASE_REASON, place_saved_page_links
from linkaudit.extract.urls import group_links
from linkaudit.readers.html import read_html


def _links(raw: str, path: Path | None = None):  # type: ignore[no-untyped-def]
    doc = read_html("page.html", raw)
    return doc, place_saved_page_links(group_links(doc.refs), doc, path)


@pytest.mark.parametrize(
    ("head", "site", "source"),
    [
        (
            '<base href="https://a.example/x/"><link rel="canonical" href="https://b.example/y">',
            "https://a.example/x/",
            "base",
        ),
        (
            "<!-- saved from url=(0031)https://c.example/news/a.html -->"
            '<link rel="canonical" href="https://b.example/y">',
            "https://c.example/news/a.html",
            "saved-from",
        ),
        (
            '<link rel="canonical" href="https://b.example/y">'
            '<meta property="og:url" content="https://d.example/z">',
            "https://b.example/y",
            "canonical",
        ),
        ('<meta property="og:url" content="https://d.example/z">', "https://d.example/z", "og:url"),
        (
            '<script type="application/ld+json">'
            '{"@type": "NewsArticle", "mainEntityOfPage": {"@id": "https://e.example/s"}}'
            "</script>",
            "https://e.example/s",
            "json-ld",
        ),
        ('<link rel="canonical" href="/relative/only">', None, None),
    ],
)
def test_the_page_address_in_order_of_trust(
    head: str, site: str | None, source: str | None
) -> None:
    doc = read_html("p.html", f"<html><head>{head}</head><body><p>x</p></body></html>")
    assert (doc.meta.site_url, doc.meta.site_url_source) == (site, source)


def test_relative_links_of_a_page_with_a_canonical_become_web_links(tmp_path: Path) -> None:
    raw = (
        '<html><head><link rel="canonical" href="https://news.example/world/2024/story.html">'
        '</head><body><article><p><a href="../2023/earlier.html">Earlier</a> '
        '<a href="#comments">Comments</a> <a href="/">Home</a></p></article></body></html>'
    )
    _doc, links = _links(raw, tmp_path / "story.html")
    by_url = {link.url: link for link in links}
    earlier = by_url["../2023/earlier.html"]
    assert earlier.normalized_url == "https://news.example/world/2023/earlier.html"
    assert earlier.fetchable and earlier.check is None
    assert by_url["/"].normalized_url == "https://news.example/"
    assert by_url["#comments"].scheme == ""  # this page's own anchor stays in-page


def test_a_page_of_a_local_tree_keeps_its_local_links(tmp_path: Path) -> None:
    (tmp_path / "configure.html").write_text("<h1 id='x'>x</h1>")
    raw = (
        '<html><head><link rel="canonical" href="https://docs.example/install.html"></head>'
        '<body><a href="configure.html">Configure</a> <a href="gone.html">Gone</a></body></html>'
    )
    _doc, links = _links(raw, tmp_path / "install.html")
    page_links = [link for link in links if link.first.element == "a"]
    assert len(page_links) == 2
    assert all(link.scheme == "" for link in page_links)


def test_a_saved_mark_without_an_address_leaves_relative_links_unchecked() -> None:
    raw = (
        "<!-- saved from url=(0014)about:internet --><html><body>"
        '<a href="../a.html">a</a></body></html>'
    )
    doc, links = _links(raw)
    assert doc.meta.saved_mark and doc.meta.site_url is None
    (link,) = links
    assert link.check is not None and link.check.status == "skipped"
    assert link.check.reason == NO_BASE_REASON


def test_markdown_and_few_relative_links_are_left_alone(tmp_path: Path) -> None:
    raw = '<html><body><a href="missing.html">m</a> <a href="other.html">o</a></body></html>'
    _doc, links = _links(raw, tmp_path / "p.html")
    assert all(link.check is None and link.scheme == "" for link in links)
