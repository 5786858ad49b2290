"""Readers: exact positions, regions, code, front matter, encodings, hostile markup."""

from __future__ import annotations

import codecs

import pytest

from linkaudit.errors import InputFileError
from linkaudit.readers import format_for, read_document


def md(src: str):
    return read_document("a.md", src.encode(), "markdown")


def html(src: str, **kw):
    return read_document("a.html", src.encode(), "html", **kw)


def at(doc) -> list[tuple[str, int, int]]:
    return [(r.url, r.line, r.column) for r in doc.refs]


def test_markdown_link_kinds_with_exact_positions() -> None:
    src = (
        "# T\n"
        "\n"
        'See [the report](https://example.com/a_(b) "t") and <https://auto.example/x>.\n'
        "Also [ref link][r1], www.foo.org/bar and ![img](pic.png).\n"
        "\n"
        "[r1]: https://ref.example/path\n"
    )
    doc = md(src)
    assert at(doc) == [
        ("https://example.com/a_(b)", 3, 18),
        ("https://auto.example/x", 3, 54),
        ("https://ref.example/path", 4, 6),
        ("www.foo.org/bar", 4, 22),
        ("pic.png", 4, 49),
    ]
    kinds = [r.element for r in doc.refs]
    assert kinds == ["inline", "autolink", "reference", "bare", "img"]
    assert doc.refs[0].text == "the report"


def test_markdown_code_urls_are_listed_and_marked() -> None:
    src = "Run `curl https://inline.example/api` or\n\n```\nhttps://fence.example/x\n```\n"
    doc = md(src)
    assert [(r.url, r.in_code) for r in doc.refs] == [
        ("https://inline.example/api", True),
        ("https://fence.example/x", True),
    ]
    assert doc.refs[1].line == 4


def test_markdown_raw_html_links() -> None:
    src = (
        '<p align="center"><a href="https://h.example/"><img src="https://h.example/i.png"></a></p>\n'
        "\n"
        'Text <a href="https://inline.example">x</a> end.\n'
    )
    doc = md(src)
    assert at(doc) == [
        ("https://h.example/", 1, 28),
        ("https://h.example/i.png", 1, 58),
        ("https://inline.example", 3, 15),
    ]
    assert doc.refs[1].is_image


def test_markdown_front_matter_keeps_line_numbers() -> None:
    src = "---\ntitle: A title\ndate: 2024-03-02\n---\nSee https://example.com/x\n"
    doc = md(src)
    assert doc.meta.title == "A title"
    assert doc.meta.dates["date"] == "2024-03-02"
    assert at(doc) == [("https://example.com/x", 5, 5)]


def test_markdown_masks_urls_out_of_the_date_text() -> None:
    doc = md("Read [this](https://news.example/2026/06/14/story) today.\n")
    assert "2026" not in doc.text.text
    assert "today" in doc.text.text


def test_html_links_regions_and_positions() -> None:
    src = """<html><head><title>T</title>
<link rel="canonical" href="https://site.example/story">
</head><body>
<header><a href="/home">Home</a></header>
<nav><a href="https://site.example/later-story">Later</a></nav>
<article>
  <p>The council <a href="https://gov.example/minutes?a=1&amp;b=2">published its minutes</a>.</p>
  <aside class="related"><a href="https://site.example/related">Related</a></aside>
  <img src="/pic.jpg" alt="A picture">
</article>
<footer><a href="https://t.me/channel">Telegram</a></footer>
</body></html>"""
    doc = html(src, page_url="https://site.example/story")
    got = [(r.url, r.line, r.region.value, r.element) for r in doc.refs]
    assert got == [
        ("https://site.example/story", 2, "chrome", "canonical"),
        ("https://site.example/home", 4, "chrome", "a"),
        ("https://site.example/later-story", 5, "chrome", "a"),
        ("https://gov.example/minutes?a=1&b=2", 7, "body", "a"),
        ("https://site.example/related", 8, "chrome", "a"),
        ("https://site.example/pic.jpg", 9, "body", "img"),
        ("https://t.me/channel", 11, "chrome", "a"),
    ]
    minutes = doc.refs[3]
    assert minutes.column == src.splitlines()[6].index("https://gov") + 1
    assert minutes.text == "published its minutes"


def test_html_base_href() -> None:
    doc = html('<base href="https://cdn.example/dir/"><a href="page.html">p</a>')
    assert doc.refs[0].url == "https://cdn.example/dir/page.html"


def test_html_links_survive_scripts_svg_comments_and_broken_markup() -> None:
    src = (
        "<body><script>var s = '<a href=\"https://fake.example/\">';</script>\n"
        "<!-- <a href=https://commented.example/> -->\n"
        '<svg><a href="https://svg.example/"/></svg><template><a href="https://tpl.example/">t</a></template>\n'
        "<div><p>unclosed <b>bold <a href=https://after.example/>after</a>\n"
    )
    doc = html(src)
    urls = [r.url for r in doc.refs]
    assert "https://fake.example/" not in urls
    assert "https://commented.example/" not in urls
    assert "https://after.example/" in urls
    assert "https://svg.example/" in urls
    after = next(r for r in doc.refs if r.url == "https://after.example/")
    assert after.line == 4


def test_html_deep_nesting_does_not_lose_links() -> None:
    depth = 20000
    src = "<body>" + "<div>" * depth + '<a href="https://deep.example/">d</a>' + "</div>" * depth
    src += '<a href="https://after.example/">a</a></body>'
    doc = html(src)
    assert [r.url for r in doc.refs] == ["https://deep.example/", "https://after.example/"]


def test_html_metadata() -> None:
    src = """<html lang="en"><head>
<meta property="og:title" content="Council approves budget">
<meta property="article:published_time" content="2024-03-02T10:00:00Z">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-02"}</script>
</head><body><article><p>Text.</p></article></body></html>"""
    doc = html(src)
    assert doc.meta.title == "Council approves budget"
    assert doc.meta.lang == "en"
    assert doc.meta.dates["article:published_time"] == "2024-03-02T10:00:00Z"
    assert doc.meta.dates["jsonld:datePublished"] == "2024-03-02"


def test_html_body_text_excludes_chrome_and_keeps_lines() -> None:
    src = (
        "<body><nav>Menu 2031</nav>\n<article>\n<p>On Tuesday the vote</p>\n"
        "<p>was held.</p></article>\n<footer>Copyright 2030</footer></body>"
    )
    doc = html(src)
    assert "2031" not in doc.text.text and "2030" not in doc.text.text
    offset = doc.text.text.index("was held")
    assert doc.text.position(offset) == (4, 4)


def test_text_reader_positions(karabakh) -> None:
    doc = read_document(str(karabakh), karabakh.read_bytes(), "text")
    assert [(r.line, r.column) for r in doc.refs] == [(64, 1), (65, 1), (66, 1)]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (codecs.BOM_UTF8 + "Voilà https://example.com/é".encode(), "Voilà"),
        (codecs.BOM_UTF16_LE + "Voilà https://example.com/é".encode("utf-16-le"), "Voilà"),
        (codecs.BOM_UTF16_BE + "Voilà https://example.com/é".encode("utf-16-be"), "Voilà"),
    ],
)
def test_encodings_with_bom(data: bytes, text: str) -> None:
    doc = read_document("x.txt", data, "text")
    assert doc.raw.startswith(text)
    assert doc.refs[0].url == "https://example.com/é"
    assert doc.refs[0].column == 7  # the BOM is not counted


def test_declared_html_charset() -> None:
    data = '<meta charset="windows-1252"><a href="https://example.com/caf\xe9">café</a>'.encode(
        "cp1252"
    )
    doc = read_document("x.html", data, "html")
    assert doc.refs[0].url == "https://example.com/café"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "binary"),
        # a Latin-1 file is read now (tests/test_legacy_encoding.py); a PNG is not text
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 4, "binary"),
    ],
)
def test_unreadable_input(data: bytes, message: str) -> None:
    with pytest.raises(InputFileError, match=message):
        read_document("x.txt", data, "text")


def test_format_for() -> None:
    assert format_for("a.MD") == "markdown"
    assert format_for("a.mdx") == "markdown"
    assert format_for("a.htm") == "html"
    assert format_for("a.rst") == "text"
    assert format_for("a.md", "html") == "html"


def test_very_long_line_is_read() -> None:
    src = ("word " * 200_000) + "https://example.com/end"
    doc = read_document("x.txt", src.encode(), "text")
    assert doc.refs[0].column == 1_000_001


def test_html_urls_shown_as_text_are_not_date_text() -> None:
    doc = html(
        '<article><p>Source: <a href="https://n.example/2026/06/14/x">'
        "https://n.example/2026/06/14/x</a> on Tuesday.</p></article>"
    )
    assert "2026" not in doc.text.text
    assert "Tuesday" in doc.text.text


def test_markdown_destinations_mean_what_they_say() -> None:
    src = (
        "[e](https://a.example/?a=1&amp;b=2) and [s](https://a.example/foo\\_bar)\n"
        "[angle](<https://a.example/with space>) and [r][r1] and ![i][r2]\n"
        "\n"
        "[r1]: https://r.example/a%20b\n"
        "[r2]: https://r.example/pic.png\n"
    )
    doc = md(src)
    assert [r.url for r in doc.refs] == [
        "https://a.example/?a=1&b=2",
        "https://a.example/foo_bar",
        "https://a.example/with%20space",
        "https://r.example/a%20b",
        "https://r.example/pic.png",
    ]
    assert doc.refs[4].column == src.splitlines()[1].index("![i]") + 1
    from linkaudit.extract.urls import normalize_url

    assert all(normalize_url(r.url).malformed is None for r in doc.refs)


def test_markdown_email_autolink_strike_and_inline_anchor_text() -> None:
    doc = md(
        '<me@mail.example> ~~strike https://s.example/x~~ <a href="https://h.example/">The Harbour Report</a>\n'
    )
    assert [(r.url, r.text) for r in doc.refs] == [
        ("mailto:me@mail.example", None),
        ("https://s.example/x", None),
        ("https://h.example/", "The Harbour Report"),
    ]


def test_markdown_many_links_in_one_html_block_is_linear() -> None:
    block = (
        "<div>\n"
        + "".join(f'<a href="https://h.example/{i}">x</a>\n' for i in range(3000))
        + "</div>\n"
    )
    doc = md(block)
    assert len(doc.refs) == 3000
    assert (doc.refs[-1].line, doc.refs[-1].column) == (3001, 10)


def test_html_positions_ignore_comments_scripts_and_data_attributes() -> None:
    src = (
        "<body>\n"
        '<!-- old: <a href="https://x.example/">x</a> -->\n'
        '<script>var a = \'<a href="https://x.example/">\';</script><div data-href="https://x.example/">\n'
        '<p>Now <a href="https://x.example/">the real one</a></p>\n'
    )
    doc = html(src)
    assert [(r.url, r.line, r.column) for r in doc.refs] == [
        ("https://x.example/", 4, src.splitlines()[3].index("https://") + 1)
    ]


def test_markdown_reference_definitions_in_angle_brackets_keep_their_spaces_encoded() -> None:
    """``[r]: <https://a.example/a b>`` means ``https://a.example/a%20b``, as the inline
    ``(<...>)`` form does; matching it to its links must not depend on markdown-it's
    percent-encoding (the reader keeps hrefs as parsed)."""
    doc = md(
        "See [notes][n] and [design][s].\n\n"
        "[n]: <https://a.example/some notes.html>\n[s]: <./Design Notes.md>\n"
    )
    assert [r.url for r in doc.refs] == [
        "https://a.example/some%20notes.html",
        "./Design%20Notes.md",
    ]
