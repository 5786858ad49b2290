"""URL finding in prose and normalisation: the tricky cases, each a test."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.extract.urls import find_urls, group_links, normalize_url, trim_url
from linkaudit.model import LinkRef


def urls(text: str) -> list[str]:
    return [u for _, _, u in find_urls(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://example.com/a.", ["https://example.com/a"]),
        ("See https://example.com/a, and more", ["https://example.com/a"]),
        ("(see https://example.com/a)", ["https://example.com/a"]),
        ("(https://example.com/a).", ["https://example.com/a"]),
        ("\u201chttps://example.com/q\u201d", ["https://example.com/q"]),
        ('"https://example.com/q"', ["https://example.com/q"]),
        ("'https://example.com/q'", ["https://example.com/q"]),
        ("https://example.com/q\u201d.", ["https://example.com/q"]),
        (
            "x (https://en.wikipedia.org/wiki/Foo_(bar)) y",
            ["https://en.wikipedia.org/wiki/Foo_(bar)"],
        ),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("go www.example.org/x, ok", ["www.example.org/x"]),
        ("Node.js and example.com are names", []),
        ("http://пример.рф/путь и", ["http://пример.рф/путь"]),
        ("https://xn--e1afmkfd.xn--p1ai/ ok", ["https://xn--e1afmkfd.xn--p1ai/"]),
        ("contact me@example.com", []),
        ("a https://example.com/a\nb/c", ["https://example.com/a"]),
        (
            "two https://a.example/1 https://b.example/2!",
            ["https://a.example/1", "https://b.example/2"],
        ),
    ],
)
def test_find_urls_in_prose(text: str, expected: list[str]) -> None:
    assert urls(text) == expected


def test_url_broken_across_line_is_not_glued() -> None:
    assert urls("https://example.com/very/long/pa\nth/continues") == [
        "https://example.com/very/long/pa"
    ]


def test_positions_are_code_point_offsets() -> None:
    text = "Ünïcode first: https://example.com/x"
    ((start, end, url),) = find_urls(text)
    assert text[start:end] == url


@pytest.mark.parametrize(
    ("raw", "trimmed"),
    [
        ("https://x.org/a).", "https://x.org/a"),
        ("https://x.org/a_(b))", "https://x.org/a_(b)"),
        ("https://x.org/a]", "https://x.org/a"),
        ("https://x.org/a?b=1;", "https://x.org/a?b=1"),
    ],
)
def test_trim_url(raw: str, trimmed: str) -> None:
    assert trim_url(raw) == trimmed


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("HTTPS://Example.COM/a", "https://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80", "http://example.com/"),
        ("https://example.com/a/../b/./c", "https://example.com/b/c"),
        ("https://example.com/%7euser", "https://example.com/~user"),
        ("https://example.com/a%2fb", "https://example.com/a%2Fb"),
        ("https://пример.рф/", "https://xn--e1afmkfd.xn--p1ai/"),
        ("www.example.com/x", "http://www.example.com/x"),
        ("https://example.com/a#frag", "https://example.com/a"),
        ("https://ent.example/été?q=ü", "https://ent.example/%C3%A9t%C3%A9?q=%c3%bc"),
    ],
)
def test_normalisation_equivalences(a: str, b: str) -> None:
    assert normalize_url(a).normalized == normalize_url(b).normalized


def test_fragment_is_kept_separately() -> None:
    n = normalize_url("https://example.com/a#Section-2")
    assert n.normalized == "https://example.com/a"
    assert n.fragment == "Section-2"


@pytest.mark.parametrize(
    "bad",
    [
        "https://exa mple.com/x",
        "http://bad_host-.example/",
        "https://example.com:99999/",
        "https:///nohost",
        "http://[::1/",
    ],
)
def test_malformed(bad: str) -> None:
    n = normalize_url(bad)
    assert n.malformed is not None
    assert not n.fetchable


@pytest.mark.parametrize("url", ["mailto:a@b.example", "tel:+123", "javascript:void(0)", "#top"])
def test_listed_but_not_fetched(url: str) -> None:
    n = normalize_url(url)
    assert n.malformed is None
    assert not n.fetchable


def test_group_links_by_normalised_url_in_order() -> None:
    refs = [
        LinkRef("https://b.example/x", 1, 1),
        LinkRef("HTTPS://A.example/y", 2, 1),
        LinkRef("https://b.example:443/x", 3, 5),
    ]
    links = group_links(refs)
    assert [link.normalized_url for link in links] == ["https://b.example/x", "https://a.example/y"]
    assert [(r.line, r.column) for r in links[0].locations] == [(1, 1), (3, 5)]
    assert links[0].url == "https://b.example/x"  # as first written


@given(st.text(max_size=300))
def test_find_urls_never_crashes_and_returns_substrings(text: str) -> None:
    for start, end, url in find_urls(text):
        assert text[start:end] == url


@given(st.text(max_size=120))
def test_normalisation_is_idempotent(text: str) -> None:
    first = normalize_url(text)
    if first.malformed is None and first.fetchable:
        assert normalize_url(first.normalized).normalized == first.normalized


def test_ipv6_literal_urls_in_prose_are_found() -> None:
    from linkaudit.extract.urls import find_urls

    text = (
        "Status at http://[2001:db8::1]:8080/status and https://[::1]/x, "
        "or http://127.0.0.1/y. (See http://[fe80::1%25eth0]/p)\nNot a URL: [2001:db8::1]."
    )
    found = [url for _, _, url in find_urls(text)]
    assert found == [
        "http://[2001:db8::1]:8080/status",
        "https://[::1]/x",
        "http://127.0.0.1/y",
        "http://[fe80::1%25eth0]/p",
    ]
    for start, end, url in find_urls(text):
        assert text[start:end] == url


@pytest.mark.parametrize(
    ("url", "normalized"),
    [
        ("https://example.com/a b?q=x y", "https://example.com/a%20b?q=x%20y"),
        ("https://i❤.ws/", "https://xn--i-7iq.ws/"),
        ("https://files_eu.example.com/x", "https://files_eu.example.com/x"),
        ("https://exam\nple.com/x", "https://example.com/x"),
    ],
)
def test_what_browsers_accept_is_not_malformed(url: str, normalized: str) -> None:
    n = normalize_url(url)
    assert n.malformed is None
    assert n.normalized == normalized


@pytest.mark.parametrize(
    ("url", "fix"),
    [
        ("http://https://example.com/x", "https://example.com/x"),
        ("https://https//example.com/x", "https://example.com/x"),
        ("http:/example.com/x", "http://example.com/x"),
        ("%20http://example.com/privacy", "http://example.com/privacy"),
        ("\u200bhttps://example.com/x", "https://example.com/x"),
    ],
)
def test_truly_broken_urls_get_a_suggestion(url: str, fix: str) -> None:
    from linkaudit.extract.urls import suggested_fix

    n = normalize_url(url)
    assert n.malformed is not None
    assert suggested_fix(url, n.malformed) == fix


def test_a_schemeless_www_href_is_a_relative_path_but_bare_text_is_not() -> None:
    links = group_links(
        [
            LinkRef("www.example.com/x", 1, 1, element="inline"),
            LinkRef("www.example.com/x", 2, 1, element="bare"),
        ]
    )
    assert [link.malformed is not None for link in links] == [True, False]
