"""Page metadata from HTML: pure, no network."""

from __future__ import annotations

from linkaudit.net.meta import normalise_date, parse_page_meta


def test_json_ld_graph_and_meta_tags():
    html = """<html lang="de"><head>
    <title>Waffenruhe | Beispiel-Zeitung</title>
    <meta property="og:site_name" content="Beispiel-Zeitung">
    <link rel="canonical" href="https://zeitung.example/politik/waffenruhe">
    <script type="application/ld+json">{"@graph": [{"@type": "WebSite"},
      {"@type": ["NewsArticle"], "datePublished": "2023-09-19T23:30:00-04:00",
       "dateModified": "2023-09-20"}]}</script>
    </head><body><h1>Waffenruhe</h1><section id="s1"></section></body></html>"""
    meta = parse_page_meta(html, "https://zeitung.example/x")
    assert meta.title == "Waffenruhe | Beispiel-Zeitung"
    assert meta.h1 == "Waffenruhe"
    assert meta.site_name == "Beispiel-Zeitung"
    assert meta.lang == "de"
    assert meta.canonical == "https://zeitung.example/politik/waffenruhe"
    assert meta.published == "2023-09-19"  # the date as the publisher wrote it
    assert meta.modified == "2023-09-20"
    assert meta.anchors == frozenset({"s1"})


def test_meta_tag_fallbacks_and_time_element():
    html = """<html><head><meta name="og:title" content="  Spaced   title ">
    <meta property="og:title" content="OG title">
    <meta name="pubdate" content="20210304">
    </head><body><time pubdate datetime="2020-01-01">x</time></body></html>"""
    meta = parse_page_meta(html, "https://s.example/")
    assert meta.title == "Spaced title"
    assert meta.published == "2021-03-04"
    html2 = '<html><body><h1>Only heading</h1><time class="published" datetime="2019-02-03">'
    meta2 = parse_page_meta(html2, "https://s.example/")
    assert meta2.title == "Only heading" and meta2.published == "2019-02-03"


def test_garbage_never_raises():
    for html in ["", "   ", "<<<>>>", "\0\0", "<html><script type='application/ld+json'>{bad"]:
        meta = parse_page_meta(html, "https://s.example/")
        assert meta.title is None or isinstance(meta.title, str)


def test_normalise_date():
    assert normalise_date("2023-09-19T10:00:00Z") == "2023-09-19"
    assert normalise_date("2023/9/1") == "2023-09-01"
    assert normalise_date("Tue, 19 Sep 2023 10:00:00 GMT") == "2023-09-19"
    assert normalise_date("2023-02-30") is None
    assert normalise_date("yesterday") is None
