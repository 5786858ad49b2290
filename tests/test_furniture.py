"""The region classifier: page furniture inside <article> is chrome, prose stays body."""

from __future__ import annotations

import pytest

from linkaudit.model import Region
from linkaudit.readers.furniture import counter_label, promo_link
from linkaudit.readers.html import read_html

PROSE = (
    "<p>The council approved the harbour plan on Tuesday after a long debate, and "
    '<a href="https://council.example/minutes">the minutes</a> list every vote cast.</p>'
)


def _regions(article_inner: str, head: str = "") -> dict[str, Region]:
    raw = f"<html><head>{head}</head><body><article>{PROSE}{article_inner}</article></body></html>"
    doc = read_html("p.html", raw)
    return {r.url: r.region for r in doc.refs if r.element == "a"}


@pytest.mark.parametrize(
    "block",
    [
        '<div class="c-relatedLinks"><a href="https://news.example/a">A</a></div>',
        '<div data-component="newsletter-promo"><a href="https://news.example/a">Sign up</a></div>',
        '<section aria-label="More from Politics"><a href="https://news.example/a">A</a></section>',
        '<div class="article__tags"><a href="https://news.example/a">Harbour</a></div>',
        '<div class="author-bio"><a href="https://news.example/a">Jo Smith</a></div>',
        '<div class="video-playlist"><a href="https://news.example/a">A</a></div>',
        '<article class="teaser"><a href="https://news.example/a">A</a></article>',
        "<article><a href='https://news.example/a'>A</a></article>",  # nested: a teaser
    ],
)
def test_furniture_blocks_by_attributes(block: str) -> None:
    regions = _regions(block)
    assert regions["https://news.example/a"] is Region.CHROME
    assert regions["https://council.example/minutes"] is Region.BODY


@pytest.mark.parametrize(
    "heading",
    ["Related", "Lesen Sie auch", "Mehr zum Thema", "À lire aussi", "Voir aussi", "Leer más",
     "Te puede interesar", "Читайте также", "Leia também", "相关阅读", "関連記事"],
)  # fmt: skip
def test_furniture_blocks_by_heading_in_any_language(heading: str) -> None:
    block = f'<h3>{heading}</h3><ul><li><a href="https://elsewhere.example/x">Story</a></li></ul>'
    assert _regions(block)["https://elsewhere.example/x"] is Region.CHROME


def test_a_list_of_the_sites_own_pages_is_a_promo_list_but_a_list_of_sources_is_not() -> None:
    head = '<link rel="canonical" href="https://news.example/2024/harbour">'
    own = "".join(
        f'<li><a href="https://news.example/2024/s{i}">Story {i}</a></li>' for i in range(4)
    )
    sources = "".join(
        f'<li><a href="https://agency{i}.example/report">Report {i}</a></li>' for i in range(4)
    )
    regions = _regions(f"<ul>{own}</ul><h3>Sources</h3><ul>{sources}</ul>", head)
    assert regions["https://news.example/2024/s0"] is Region.CHROME
    assert regions["https://agency0.example/report"] is Region.BODY


def test_a_link_in_running_prose_inside_a_headed_block_stays_a_citation() -> None:
    block = (
        "<div><h3>Read more</h3><p>Auditors said in March that the plan was underfunded, and "
        '<a href="https://audit.example/report">their report</a> gives the missing sums in '
        "detail for every year until 2030.</p></div>"
    )
    assert _regions(block)["https://audit.example/report"] is Region.BODY


def test_a_wordpress_article_with_tag_classes_is_still_the_body() -> None:
    raw = f'<html><body><article class="post tag-politics category-news">{PROSE}</article></body></html>'
    (ref,) = [r for r in read_html("p.html", raw).refs if r.element == "a"]
    assert ref.region is Region.BODY


@pytest.mark.parametrize(
    ("url", "promo"),
    [
        ("https://news.example/a?ref=related", True),
        ("https://news.example/a?utm_medium=recommended&utm_source=site", True),
        ("https://news.example/a?int_source=inline", True),
        ("https://news.example/a#related", True),
        ("https://news.example/a?utm_source=newsletter_partner", False),
        ("https://news.example/a?id=7", False),
    ],
)
def test_promo_parameters(url: str, promo: bool) -> None:
    assert promo_link(url) is promo


def test_controls_are_marked_and_are_not_citations() -> None:
    raw = (
        "<html><body><article>"
        '<a href="#0">Share</a><a href="#tab-1" role="tab">Tab</a>'
        '<a href="#x" data-bs-toggle="collapse">More</a>'
        '<a href="javascript:void(0)">Report</a>'
        '<p>See <a href="#methods">the methods</a> below, where each step is described.</p>'
        "</article></body></html>"
    )
    refs = {r.url: r for r in read_html("p.html", raw).refs}
    assert all(
        refs[u].control and not refs[u].is_citation_candidate for u in ("#0", "#tab-1", "#x")
    )
    assert not refs["#methods"].control and refs["#methods"].is_citation_candidate


def test_thumbnail_and_zoom_links_are_furniture_but_a_linked_chart_in_prose_is_not() -> None:
    block = (
        '<figure><a class="image" href="/wiki/File:Harbour.jpg"><img src="h.jpg" alt=""></a>'
        '<a class="internal" title="Enlarge" href="/wiki/File:Harbour2.jpg"></a></figure>'
        '<p>The <a href="https://stats.example/harbour-chart">chart of arrivals</a> shows the '
        "drop in detail, month by month, since the new quay opened in the spring.</p>"
    )
    regions = _regions(block)
    assert regions["/wiki/File:Harbour.jpg"] is Region.CHROME
    assert regions["/wiki/File:Harbour2.jpg"] is Region.CHROME
    assert regions["https://stats.example/harbour-chart"] is Region.BODY


def test_camel_case_chrome_and_teaser_cards_in_a_list() -> None:
    raw = (
        '<html><body><div class="contentsFooter"><a href="https://social.example/site">Us</a></div>'
        '<div class="story"><ol><li><article><a href="https://news.example/b">Card</a></article>'
        "</li></ol></div></body></html>"
    )
    regions = {r.url: r.region for r in read_html("p.html", raw).refs}
    assert regions["https://social.example/site"] is Region.CHROME
    assert regions["https://news.example/b"] is Region.CHROME


def test_story_cards_in_the_sites_menu_are_chrome_but_the_main_article_is_not() -> None:
    raw = (
        '<html><body><ul class="main-nav-ul"><li><div class="flyout-nav">'
        '<article class="summary"><a href="https://news.example/c">Card</a></article></div></li></ul>'
        '<div class="page has-sidebar site-header-offset"><article>'
        f"{PROSE}</article></div></body></html>"
    )
    regions = {r.url: r.region for r in read_html("p.html", raw).refs}
    assert regions["https://news.example/c"] is Region.CHROME
    assert regions["https://council.example/minutes"] is Region.BODY


@pytest.mark.parametrize(
    "block",
    [
        # the label in the module's header, beside (not above) the list of the partner's links
        '<div class="module"><a href="https://p.example/"><h3>Brand <div class="paid-partner">'
        'Paid Partner</div></h3></a><div class="module-body"><ul><li><a href="https://p.example/a">'
        "Offer one</a></li><li><a href='https://p.example/b'>Offer two</a></li></ul></div></div>",
        "<div><h4>Реклама</h4><ul><li><a href='https://p.example/a'>Кредит</a></li></ul></div>",
        "<section><span>广告</span><a href='https://p.example/a'>优惠</a></section>",
        "<div><p><b>Anzeige</b></p><a href='https://p.example/a'>Angebot des Tages</a></div>",
        "<div class='owl-carousel'><a href='https://p.example/a'>Teaser</a></div>",
        "<div data-rotator='1'><div><a href='https://p.example/a'>Teaser</a></div></div>",
    ],
)
def test_paid_blocks_and_carousels_are_chrome(block: str) -> None:
    assert _regions(block)["https://p.example/a"] is Region.CHROME


def test_an_ad_label_between_paragraphs_leaves_the_prose_alone() -> None:
    inner = (
        "<div class='content'><p>Advertisement</p>"
        "<p>The port authority said the works would start in May, and "
        "<a href='https://port.example/plan'>its plan</a> lists every berth to be rebuilt, "
        "with the cost of each and the weeks it will stay closed to the fishing fleet.</p>"
        "<ul><li><a href='https://port.example/berths'>Berth list</a> (the authority's table)"
        " with the dates of each closure and the boats it affects</li></ul></div>"
    )
    got = _regions(inner)
    assert got["https://port.example/plan"] is Region.BODY
    assert got["https://port.example/berths"] is Region.BODY


@pytest.mark.parametrize(
    ("text", "counter"),
    [
        ("View discussions in 282 other communities", True),
        ("2.8k comments", True),
        ("View all 12 replies", True),
        ("Alle 34 Kommentare", True),
        ("5 commentaires", True),
        ("7 комментариев", True),
        ("(12) comments", True),
        ("Comments", False),
        ("3 reasons the vote failed", False),
        ("12 ferries cancelled as the harbour strike spreads", False),
        ("", False),
    ],
)
def test_counter_labels(text: str, counter: bool) -> None:
    assert counter_label(text) is counter


def test_a_counter_link_and_a_gallery_widget_are_not_citations_but_prose_is() -> None:
    doc = read_html(
        "a.html",
        "<article><h1>Estate dispute</h1>"
        "<p>The heirs <a href='https://court.example/rulings/2016-118'>lost the first "
        "ruling</a> in March, and will appeal it next month at the higher court.</p>"
        "<div><a href='https://news.example/estate#comments'>253 comments</a></div>"
        "<div class='gallery-block'><a class='media-link' href='https://news.example/photos/x'>"
        "<img src='/a.jpg' alt=''><span>Launch Gallery</span><span>Wire</span></a></div>"
        "</article>",
    )
    regions = {r.url: r.region for r in doc.refs}
    assert regions["https://court.example/rulings/2016-118"] is Region.BODY
    assert regions["https://news.example/estate#comments"] is Region.CHROME
    assert regions["https://news.example/photos/x"] is Region.CHROME
