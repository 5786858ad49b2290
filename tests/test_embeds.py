"""Embedded posts: the platform's links are furniture, the post's permalink stays a citation."""

from __future__ import annotations

from linkaudit.model import Region
from linkaudit.readers.embeds import embed_root, is_embed
from linkaudit.readers.html import html_links, parse_html

PROSE = "<p>" + "The council met on Tuesday and voted on the new harbour budget. " * 3 + "</p>"


def _regions(html: str) -> dict[str, tuple[Region, bool]]:
    return {r.url: (r.region, r.embedded) for r in html_links(html)}


def test_a_tweet_embed_keeps_only_its_permalink_as_a_citation() -> None:
    html = (
        f"<article>{PROSE}<blockquote class='twitter-tweet'><p>Goal! "
        "<a href='https://t.co/Zz9'>pic.twitter.com/Zz9</a></p>&mdash; Club "
        "(<a href='https://twitter.com/club'>@club</a>) "
        "<a href='https://twitter.com/club/status/123456789'>May 1, 2024</a></blockquote></article>"
    )
    got = _regions(html)
    assert got["https://t.co/Zz9"] == (Region.CHROME, True)
    assert got["https://twitter.com/club"] == (Region.CHROME, True)
    assert got["https://twitter.com/club/status/123456789"] == (Region.BODY, True)


def test_a_sites_own_wrapper_named_for_the_platform() -> None:
    html = (
        f"<article>{PROSE}<div class='socialEmbed'><p>Closed until Monday "
        "<a href='https://mastodon.social/tags/harbour'>#harbour</a></p>"
        "<a href='https://mastodon.social/@port/111222333444'>Post</a></div></article>"
    )
    got = _regions(html)
    assert got["https://mastodon.social/tags/harbour"] == (Region.CHROME, True)
    assert got["https://mastodon.social/@port/111222333444"] == (Region.BODY, True)


def test_a_long_wrapper_named_embed_is_not_one_post() -> None:
    long_text = "<p>" + "A long paragraph of the article's own reporting. " * 60 + "</p>"
    html = (
        f"<article><div class='embed-wrapper'>{long_text}"
        "<p>See <a href='https://gov.example/report'>the report</a> and "
        "<a href='https://x.com/mayor/status/42'>the mayor's post</a>.</p></div></article>"
    )
    got = _regions(html)
    assert got["https://gov.example/report"] == (Region.BODY, False)


def test_a_share_bar_named_twitter_holds_no_post() -> None:
    soup = parse_html(
        "<div class='twitter-share'><a href='https://twitter.com/intent/tweet?text=x'>Share</a></div>"
    )
    div = soup.find("div")
    assert div is not None and not is_embed(div)
    link = soup.find("a")
    assert link is not None and embed_root(link) is None


def test_a_meta_bar_named_twitter_is_no_embed() -> None:
    """A site's own bar (sponsor badge, share buttons) named for the platform, linking the
    site's dated pages, holds no post of a platform: its links keep their own region."""
    html = (
        f"<article>{PROSE}<div class='meta meta--twitter'><a href='https://fund.example/'>Fund</a>"
        "<a href='https://paper.example/world/2018/sep/16/about-the-series'>About</a>"
        "<a href='https://twitter.com/intent/tweet?text=x'>Share</a></div></article>"
    )
    assert _regions(html)["https://fund.example/"] == (Region.BODY, False)
