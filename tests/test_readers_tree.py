"""The reader's fast tree searches give bs4's own answers (linkaudit.readers.tree)."""

from __future__ import annotations

import re

import pytest
from bs4 import Tag

from linkaudit.readers.html import parse_html
from linkaudit.readers.tree import attr_is, find_parent, find_tag, find_tags, previous_tag, strings

PAGE = """<!doctype html>
<html lang="en"><head><title>A page</title>
<link rel="stylesheet canonical" href="/style.css"><link rel="canonical" href="https://x.example/p">
<meta property="og:url" content="https://x.example/p"><base href="/docs/">
<script type="application/ld+json">{"@type": "NewsArticle"}</script></head>
<body><header><a href="/">Home</a> <a>no href</a></header>
<article class="story article-body" itemprop="articleBody">
<h4>Related</h4>
<!-- a comment -->
<ul><li><a href="/one"><img src="one.png" alt="One"></a></li>
<li><a href="/two">Two</a> <time datetime="2024-05-01">May 1</time></li></ul>
<p>Some <b>bold</b> text and <a href="https://elsewhere.example/">a source</a>.</p>
<picture><source srcset="x.webp"><img src="x.jpg"></picture>
<iframe src="https://video.example/embed/1"></iframe>
</article><footer><a href="/about">About</a></footer></body></html>
"""


@pytest.fixture(scope="module")
def soup() -> Tag:
    return parse_html(PAGE)


@pytest.mark.parametrize("names", [None, ("a",), ("a", "img", "iframe"), ("img",), ("nope",)])
@pytest.mark.parametrize("attr", [None, "href", "src"])
@pytest.mark.parametrize("limit", [0, 1, 2, 64])
def test_find_tags_is_find_all(soup: Tag, names: tuple[str, ...] | None, attr: str | None,
                               limit: int) -> None:  # fmt: skip
    for root in [soup, *soup.find_all(True)]:
        kwargs = {attr: True} if attr else {}
        want = root.find_all(list(names) if names else True, limit=limit or None, **kwargs)
        assert find_tags(root, names, attr=attr, limit=limit) == list(want)


def test_find_tag_find_parent_previous_tag_and_strings_are_bs4s(soup: Tag) -> None:
    for tag in soup.find_all(True):
        assert find_tag(tag, ("img", "picture", "video")) is tag.find(("img", "picture", "video"))
        assert find_parent(tag, ("header", "article")) is tag.find_parent(["header", "article"])
        assert previous_tag(tag) is tag.find_previous_sibling()
        assert list(strings(tag)) == list(tag.find_all(string=True))
    ul = soup.find("ul")
    assert isinstance(ul, Tag) and previous_tag(ul) is soup.find("h4")  # white space passed over


def test_attr_is_matches_as_find_does(soup: Tag) -> None:
    for name, attr, value in [
        ("link", "rel", "canonical"),
        ("link", "rel", "stylesheet canonical"),
        ("meta", "property", "og:url"),
        ("script", "type", "application/ld+json"),
        ("article", "class", "story article-body"),
        ("article", "class", "story"),
        ("article", "itemprop", "articleBody"),
    ]:
        want = soup.find_all(name, attrs={attr: value})
        assert [t for t in soup.find_all(name) if attr_is(t, attr, value)] == list(want)
    body_hint = re.compile(r"(?:^|[\s_-])article-?body(?:$|[\s_-])")
    assert soup.find(class_=body_hint) is soup.find("article")
