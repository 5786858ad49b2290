"""URLs whose authority is more than a host name: a host written with its trailing dot,
userinfo, IPv6 literals with a zone, ports. Found whole in plain text and in Markdown prose;
a dot that ends the sentence stays out."""

from __future__ import annotations

import pytest

from linkaudit.extract.urls import find_urls, normalize_url
from linkaudit.readers import read_document

CASES = [
    # (prose, the URL as written, what it normalises to)
    (
        "Port: http://example.com.:8080/x today.",
        "http://example.com.:8080/x",
        "http://example.com:8080/x",
    ),
    (
        "Path: http://example.com./news/1 today.",
        "http://example.com./news/1",
        "http://example.com/news/1",
    ),
    (
        "Query: https://example.com.?q=1 here",
        "https://example.com.?q=1",
        "https://example.com/?q=1",
    ),
    ("Login: http://user:pw@host.example/x here", "http://user:pw@host.example/x", None),
    (
        "Both: http://user:pw@example.com.:8080/x?q=1.",
        "http://user:pw@example.com.:8080/x?q=1",
        None,
    ),
    ("Zone: http://[fe80::1%25eth0]:8080/x here", "http://[fe80::1%25eth0]:8080/x", None),
    ("Loopback http://[::1]:8080/status.", "http://[::1]:8080/status", None),
    ("A port: http://example.com:8080/x.", "http://example.com:8080/x", None),
    (
        "Only a port: http://example.com.:8080.",
        "http://example.com.:8080",
        "http://example.com:8080/",
    ),
    ("(see http://example.com./a)", "http://example.com./a", None),
    ("Schemeless: www.example.com./a here", "www.example.com./a", "http://www.example.com/a"),
]
SENTENCE_END = [
    ("see http://example.com.", "http://example.com"),
    ("see http://example.com. Next sentence.", "http://example.com"),
    ("is it http://example.com.? Yes", "http://example.com"),
    ("at www.example.com.", "www.example.com"),
    ("at http://user@example.com.", "http://user@example.com"),
]


def _column(prose: str, url: str) -> int:
    return prose.index(url) + 1


@pytest.mark.parametrize(("prose", "url", "normalized"), CASES)
def test_plain_text_keeps_the_whole_authority(prose: str, url: str, normalized: str | None) -> None:
    assert [(s, u) for s, _e, u in find_urls(prose)] == [(prose.index(url), url)]
    doc = read_document("a.txt", f"Intro line.\n{prose}\n".encode(), "text")
    assert [(r.url, r.line, r.column) for r in doc.refs] == [(url, 2, _column(prose, url))]
    norm = normalize_url(url)
    assert norm.malformed is None
    if normalized is not None:
        assert norm.normalized == normalized


@pytest.mark.parametrize(("prose", "url", "normalized"), CASES)
def test_markdown_prose_keeps_the_whole_authority(
    prose: str, url: str, normalized: str | None
) -> None:
    src = f"# Title\n\nIntro *line*.\n{prose}\n"
    doc = read_document("a.md", src.encode(), "markdown")
    assert [(r.url, r.line, r.column, r.element) for r in doc.refs] == [
        (url, 4, _column(prose, url), "bare")
    ]


@pytest.mark.parametrize(("prose", "url"), SENTENCE_END)
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_sentence_ending_dot_is_not_part_of_the_url(prose: str, url: str, fmt: str) -> None:
    doc = read_document("a", prose.encode(), fmt)
    assert [(r.url, r.column) for r in doc.refs] == [(url, prose.index(url) + 1)]


def test_ipv6_in_markdown_link_text_and_code_is_not_a_second_citation() -> None:
    src = "[see http://[::1]/a](http://[::1]/b) and `http://[::1]/c`\n"
    doc = read_document("a.md", src.encode(), "markdown")
    assert [(r.url, r.column, r.element, r.in_code) for r in doc.refs] == [
        ("http://[::1]/b", 22, "inline", False),
        ("http://[::1]/c", 43, "bare", True),
    ]


def test_a_url_read_past_a_trailing_dot_is_one_url() -> None:
    prose = "at http://a.example./www.b.com/x and www.c.com"
    assert [u for _s, _e, u in find_urls(prose)] == ["http://a.example./www.b.com/x", "www.c.com"]


def _calls(fn, *args) -> int:  # type: ignore[no-untyped-def]
    """Function calls (Python and C) made by ``fn(*args)``: work counted, not timed."""
    import sys

    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn(*args)
    finally:
        sys.setprofile(None)
    return count


def test_a_line_of_ipv6_and_other_urls_is_read_in_linear_time() -> None:
    """Each URL linkify-it found was checked against every IPv6 URL of the line: a line of
    thousands of both (a hostile page, a log pasted in) took quadratic time."""
    from linkaudit.extract.urls import find_urls

    def line(n: int) -> str:
        return "".join(f"http://[::1]:80/{i} http://b{i}.example/x " for i in range(n))

    found = find_urls(line(400))
    assert len(found) == 800 and found[0][2] == "http://[::1]:80/0"
    _calls(find_urls, line(50))  # warm
    small, double = _calls(find_urls, line(400)), _calls(find_urls, line(800))
    assert double <= 2.2 * small
