"""Listings of a site's other entries, teaser-card grids and promo-classed links are furniture;
prose under the same headings stays the piece's."""

from __future__ import annotations

import pytest

from linkaudit.model import Region
from linkaudit.readers.html import read_html

PROSE = (
    "<p>The council approved the harbour plan on Tuesday after a long debate, and "
    '<a href="https://council.example/minutes">the minutes</a> list every vote cast.</p>'
)


def _regions(body: str) -> dict[str, Region]:
    raw = f"<html><body><main>{PROSE}{body}</main></body></html>"
    doc = read_html("p.html", raw)
    return {r.url: r.region for r in doc.refs if r.element == "a"}


@pytest.mark.parametrize(
    "heading",
    ["Recent entries", "Recent Posts", "Our Latest Stories", "Latest", "Archives",
     "Neueste Beiträge", "Articles récents", "Entradas recientes", "Последние записи",
     "最近の日記", "最近のタイトル", "最新文章", "近期文章"],
)  # fmt: skip
def test_a_listing_headed_in_any_language_is_furniture(heading: str) -> None:
    block = (
        f'<div class="box"><h2>{heading}</h2>'
        '<p><a href="https://elsewhere.example/2022/06/09/x">2022-06-09</a> Staff</p>'
        '<p><a href="https://elsewhere.example/2022/04/01/y">2022-04-01</a> Staff</p></div>'
    )
    regions = _regions(block)
    assert regions["https://elsewhere.example/2022/06/09/x"] is Region.CHROME
    assert regions["https://council.example/minutes"] is Region.BODY


@pytest.mark.parametrize("cls", ["recentlist", "recent-posts", "LatestNewsBox", "archive-list"])
def test_a_listing_named_by_its_class_is_furniture(cls: str) -> None:
    block = (
        f'<div class="{cls}"><a href="/2022/06/09/x">One</a> <a href="/2022/04/01/y">Two</a></div>'
    )
    assert _regions(block)["/2022/06/09/x"] is Region.CHROME


def test_prose_under_a_latest_heading_stays_the_pieces() -> None:
    block = (
        '<div class="update"><h2>Latest</h2><p>The coastguard said the ferry had reached harbour '
        'safely, confirming <a href="https://coast.example/notice">its earlier notice</a> to the '
        "families of passengers who had waited at the terminal through the night.</p></div>"
    )
    assert _regions(block)["https://coast.example/notice"] is Region.BODY


def test_a_grid_of_teaser_articles_is_furniture_but_a_lone_article_is_the_piece() -> None:
    grid = (
        '<div class="row"><div class="col"><article class="story-md">'
        '<h3><a href="https://site.example/a">Headline A</a></h3></article></div>'
        '<div class="col"><article class="story-md">'
        '<h3><a href="https://site.example/b">Headline B</a></h3></article></div></div>'
    )
    regions = _regions(grid)
    assert regions["https://site.example/a"] is Region.CHROME
    assert regions["https://site.example/b"] is Region.CHROME
    raw = (
        "<html><body><article><h1>Storm</h1>"
        '<p><a href="https://coast.example/notice">The coastguard notice</a></p>'
        "</article></body></html>"
    )
    doc = read_html("p.html", raw)
    assert [r.region for r in doc.refs if r.element == "a"] == [Region.BODY]


def test_a_link_classed_as_the_sites_promotion_is_furniture_unless_in_prose() -> None:
    block = (
        '<ul><li><a class="more-from" href="https://site.example/see-also">'
        "<strong>SEE ALSO</strong>: Another story</a></li></ul>"
    )
    assert _regions(block)["https://site.example/see-also"] is Region.CHROME
