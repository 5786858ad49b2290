"""What a link's shape says about it: one post or a profile (ARCH002), a headline slug or none
(META002), and LINK012's option and once-a-run hint. The rules' own examples are the YAML
cases in linkaudit/checks/cases; these pin the pure functions underneath."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.checks.links import PRIVATE_HINT
from linkaudit.extract.platforms import post_kind
from linkaudit.extract.slugmatch import headline_slug, mismatch, translit
from linkaudit.net.options import NetOptions


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://t.me/somechannel/6267", "message"),
        ("https://t.me/s/somechannel/6267", "message"),
        ("https://t.me/somechannel", None),
        ("https://t.me/joinchat/AbCdEf", None),
        ("https://t.me/share/url?url=https%3A%2F%2Fnews.example%2Fa", None),
        ("https://x.com/someone/status/1702938475610293824", "status"),
        ("https://mobile.twitter.com/someone/status/17", "status"),
        ("https://twitter.com/someone", None),
        ("https://twitter.com/intent/tweet?text=a", None),
        ("https://www.facebook.com/page/posts/pfbid02abc", "post"),
        ("https://www.facebook.com/permalink.php?story_fbid=1&id=2", "post"),
        ("https://www.facebook.com/page", None),
        ("https://www.facebook.com/sharer/sharer.php?u=x", None),
        ("https://fb.watch/abcDEF/", "video"),
        ("https://www.instagram.com/p/Cxyz123/", "post"),
        ("https://www.instagram.com/someone/", None),
        ("https://www.threads.net/@someone/post/C1a2b3", "post"),
        ("https://www.tiktok.com/@someone/video/7312345678901234567", "video"),
        ("https://www.tiktok.com/@someone", None),
        ("https://www.youtube.com/watch?v=dQ9wXy1Zk2A", "video"),
        ("https://www.youtube.com/shorts/dQ9wXy1Zk2A", "video"),
        ("https://youtu.be/dQ9wXy1Zk2A", "video"),
        ("https://www.youtube.com/@channel", None),
        ("https://www.youtube.com/results?search_query=harbour", None),
        ("https://bsky.app/profile/someone.bsky.social/post/3kq2xyz", "post"),
        ("https://bsky.app/profile/someone.bsky.social", None),
        ("https://mastodon.social/@someone/111222333444555666", "post"),
        ("https://mastodon.social/@someone", None),
        ("https://www.reddit.com/r/sysadmin/comments/1abcde/mail_down/", "thread"),
        ("https://www.reddit.com/r/sysadmin/", None),
        ("https://vk.com/wall-123_456", "post"),
        ("https://vk.com/club123", None),
        ("https://www.linkedin.com/posts/someone_activity-1", "post"),
        ("https://www.linkedin.com/company/example-co/", None),
        ("https://social.example/statuses/1234", "post"),  # an unknown host: shared patterns
        ("https://social.example/about", None),
    ],
)
def test_post_kind(url: str, kind: str | None) -> None:
    assert post_kind(url) == kind


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Госдума приняла", "gosduma prinyala"),
        ("Київ", "kiiv"),
        ("Νέα μέτρα", "nea metra"),
        ("Koaliční dohodu", "koalicni dohodu"),
        ("Straße", "strasse"),
    ],
)
def test_translit(text: str, latin: str) -> None:
    assert translit(text) == latin


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/example/editor/issues/4312",
        "https://github.com/example/fast-static-site-generator",
        "https://news.example/article/12345",
        "https://library.example/pdf/31_provincial_bulletin.pdf",
        "https://docs.example.org/std/collections/HashMap.html",
        "https://en.wiki.example/wiki/File:Harbour_from_the_hill_at_dawn.jpg",
        "https://projects.example.org/trio-async-library/",
        "https://docs.example.org/en/v2.1.0/",
        "https://news.example/search/storm-closes-schools",
    ],
)
def test_urls_without_a_headline_slug(url: str) -> None:
    assert headline_slug(url) is None


def test_headline_slug_skips_ids_index_pages_and_archives() -> None:
    slug = headline_slug("https://news.example/2017/01/24/harbour-wall-funding-approved/index.html")
    assert slug is not None and slug.terms == ("harbour", "wall", "funding", "approved")
    archived = headline_slug(
        "https://web.archive.org/web/20190402101500/https://news.example/2019/harbour-wall-funding-approved"
    )
    assert archived is not None and archived.terms[0] == "harbour"


def test_mismatch_counts_stems_abbreviations_and_the_fragment() -> None:
    assert mismatch(
        "Harbour Walls Funded at Last", "https://n.example/2024/harbour-wall-funding-vote"
    )
    found = mismatch(
        "Council Approves New Harbour Budget", "https://n.example/2024/storm-closes-schools"
    )
    assert found is not None and found.shared == ()
    assert mismatch(
        "FSF Board Accepts Founder Letter",
        "https://n.example/news/free-software-foundation-statement",
    ).shared  # type: ignore[union-attr]
    assert mismatch(
        "Cody Wilson and Printed Guns",
        "https://b.example/archives/july-to-october-notes#cody-wilson",
    ).shared  # type: ignore[union-attr]


def _write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_private_hint_once_a_run_and_silence_with_allow_private(tmp_path: Path) -> None:
    a = _write(
        tmp_path, "a.md", "See [the report](http://10.0.0.5/r).\n\nAnd [x](http://10.0.0.6/x).\n"
    )
    b = _write(tmp_path, "b.md", "See [the wiki](http://intranet.local/wiki).\n")
    result = audit([a, b], ScanOptions(offline=True, select=("LINK012",)))
    messages = [f.message for d in result.documents for f in d.findings]
    assert len(messages) == 3
    assert [PRIVATE_HINT in m for m in messages] == [True, False, False]
    assert "--allow-private" in PRIVATE_HINT and "allow-private = true" in PRIVATE_HINT
    quiet = audit(
        [a, b], ScanOptions(offline=True, select=("LINK012",), net=NetOptions(allow_private=True))
    )
    assert [f for d in quiet.documents for f in d.findings] == []


def test_own_site_follows_the_public_suffix_list() -> None:
    """Sites by the bundled public suffix list: two people's pages on one hosting suffix are
    two sites, and a country's second level is not a site of its own."""
    from linkaudit.extract.linkcontext import same_site

    assert same_site("news.harbour.co.uk", frozenset({"www.harbour.co.uk"}))
    assert not same_site("other.co.uk", frozenset({"harbour.co.uk"}))
    assert not same_site("bob.github.io", frozenset({"alice.github.io"}))
    assert same_site("docs.alice.github.io", frozenset({"alice.github.io"}))
    assert same_site("news.harbour.com.au", frozenset({"harbour.com.au"}))
    assert not same_site("other.org.br", frozenset({"harbour.org.br"}))
