"""Verdicts, retries and refusals with respx: names resolve to fake public addresses and every
request is answered by a mock, so no connection is ever opened."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import respx

from linkaudit.net import NetOptions, check_urls
from linkaudit.net.check import classify, is_home, next_hop, parse_retry_after, retry_delay
from linkaudit.net.fetch import Exchange, decode_body
from linkaudit.net.transport import ORIGINAL_URL

pytestmark = pytest.mark.anyio

DNS = {
    "news.example": ["93.184.216.34"],
    "other.example": ["93.184.216.35"],
    "www.news.example": ["93.184.216.34"],
    "sneaky.example": ["10.1.2.3"],
    "archive.org": ["93.184.216.40"],
    "web.archive.org": ["93.184.216.41"],
}


async def fake_dns(host: str, port: int) -> list[str]:
    return DNS[host]


class Body(httpx.AsyncByteStream):
    """An unread response body, like one arriving from a socket."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    async def __aiter__(self):
        yield self.data


def options(router: respx.MockRouter, **kw) -> NetOptions:
    """The mock answers as if the request had gone to the name (the transport pinned an IP)."""
    seen_hosts: list[str] = []

    async def unpin(request: httpx.Request) -> httpx.Response:
        seen_hosts.append(request.url.host)
        assert request.url.host in {a for v in DNS.values() for a in v}
        original = httpx.Request(
            request.method, request.extensions[ORIGINAL_URL], headers=request.headers
        )
        answer = await router.async_handler(original)
        body = await answer.aread()  # hand over a fresh, unread stream as a server would
        return httpx.Response(answer.status_code, headers=answer.headers, stream=Body(body))

    base = dict(
        resolver=fake_dns,
        transport=httpx.MockTransport(unpin),
        use_cache=False,
        retries=2,
        backoff_base=0.01,
        interval_ms=0,
        retry_after_cap=0.2,
    )
    base.update(kw)
    return NetOptions(**base)


def page(title: str, extra: str = "") -> str:
    return f"<html><head><title>{title}</title>{extra}</head><body><h1>{title}</h1></body></html>"


HTML = {"content-type": "text/html; charset=utf-8"}


async def run(router, urls, **kw):
    router.route().respond(404, headers=HTML, text=page("Not here"))  # probes of random paths
    return await check_urls(urls, options(router, **kw))


async def test_status_vocabulary():
    router = respx.MockRouter(assert_all_called=False)
    router.get("https://news.example/ok").respond(200, headers=HTML, text=page("Fine"))
    router.get("https://news.example/404").respond(404, headers=HTML, text=page("Missing"))
    router.get("https://news.example/401").respond(401)
    router.get("https://news.example/451").respond(451)
    router.get("https://news.example/999").respond(999)
    router.get("https://news.example/500").respond(500)
    router.get("https://news.example/perm").respond(301, headers={"location": "/new"})
    router.get("https://news.example/new").respond(200, headers=HTML, text=page("New"))
    router.get("https://news.example/temp").respond(307, headers={"location": "/new"})
    router.get("https://news.example/nolocation").respond(301)
    router.get("http://news.example/plain").respond(
        301, headers={"location": "https://news.example/ok"}
    )
    router.get("https://news.example/toftp").respond(302, headers={"location": "ftp://x.example/f"})
    router.get("https://news.example/far").respond(
        301, headers={"location": "https://other.example/landing"}
    )
    router.get("https://other.example/landing").respond(200, headers=HTML, text=page("Landing"))
    router.get("https://news.example/login-wall").respond(
        302, headers={"location": "https://news.example/account/login?next=/x"}
    )
    router.get("https://news.example/account/login").respond(
        200, headers=HTML, text=page("Sign in")
    )
    router.get("https://news.example/consent").respond(
        302, headers={"location": "https://consent.other.example/?continue=x"}
    )
    DNS["consent.other.example"] = ["93.184.216.35"]
    router.get("https://consent.other.example/").respond(
        200, headers=HTML, text=page("Before you continue")
    )
    router.get("https://news.example/challenge").respond(
        503, headers={**HTML, "cf-mitigated": "challenge"}, text=page("Just a moment...")
    )
    router.get("https://news.example/deutsch").respond(
        200, headers=HTML, text=page("Seite nicht gefunden")
    )
    expected = {
        "https://news.example/ok": "ok",
        "https://news.example/404": "broken",
        "https://news.example/401": "blocked",
        "https://news.example/451": "blocked",
        "https://news.example/999": "blocked",
        "https://news.example/500": "broken",
        "https://news.example/perm": "redirected",
        "https://news.example/temp": "ok",
        "https://news.example/nolocation": "broken",
        "http://news.example/plain": "redirected",
        "https://news.example/toftp": "skipped",
        "https://news.example/far": "redirected",
        "https://news.example/login-wall": "blocked",
        "https://news.example/consent": "blocked",
        "https://news.example/challenge": "blocked",
        "https://news.example/deutsch": "soft404",
    }
    results = await run(router, list(expected))
    assert {u: results[u][0].status for u in expected} == expected
    assert results["https://news.example/500"][0].attempts == 3
    assert router.routes[5].call_count == 3  # /500 tried 1 + 2 retries
    assert results["https://news.example/far"][0].final_url == "https://other.example/landing"
    assert results["https://news.example/perm"][1].title == "New"
    assert "ftp" in (results["https://news.example/toftp"][0].reason or "")
    assert results["https://news.example/404"][1] is None  # an error page's title is not the page's


async def test_redirect_to_metadata_and_private_refused():
    router = respx.MockRouter(assert_all_called=False)
    router.get("https://news.example/a").respond(
        302, headers={"location": "http://169.254.169.254/latest/meta-data/"}
    )
    router.get("https://news.example/b").respond(302, headers={"location": "http://10.0.0.7/admin"})
    router.get("https://news.example/c").respond(
        302, headers={"location": "http://sneaky.example/"}
    )
    router.get("https://news.example/d").respond(302, headers={"location": "http://2130706433/"})
    router.get("https://news.example/e").respond(302, headers={"location": "file:///etc/passwd"})
    meta = router.get(url__regex=r"169\.254|10\.0\.0\.7|sneaky|2130706433").respond(200)
    urls = [f"https://news.example/{x}" for x in "abcde"]
    results = await run(router, urls)
    assert [results[u][0].status for u in urls] == ["private"] * 4 + ["skipped"]
    assert "metadata" in results[urls[0]][0].reason
    assert "10.1.2.3" in results[urls[2]][0].reason
    assert meta.call_count == 0
    # allow_private lifts the private rule but never the metadata rule
    results = await run(router, urls[:2], allow_private=True)
    assert results[urls[0]][0].status == "private"


async def test_retry_after_and_recovery():
    router = respx.MockRouter()
    router.get("https://news.example/busy").mock(
        side_effect=[
            httpx.Response(429, headers={"retry-after": "0"}),
            httpx.Response(503, headers={"retry-after": "abc"}),
            httpx.Response(200, headers=HTML, text=page("Done")),
        ]
    )
    router.get("https://news.example/always429").respond(429, headers={"retry-after": "999999"})
    router.get("https://news.example/conn").mock(
        side_effect=[httpx.ConnectError("reset"), httpx.Response(200, headers=HTML, text="<p>")]
    )
    results = await run(
        router,
        [
            "https://news.example/busy",
            "https://news.example/always429",
            "https://news.example/conn",
        ],
    )
    assert results["https://news.example/busy"][0].status == "ok"
    assert results["https://news.example/busy"][0].attempts == 3
    blocked = results["https://news.example/always429"][0]
    assert blocked.status == "blocked" and "429" in blocked.reason
    assert results["https://news.example/conn"][0].status == "ok"


async def test_each_url_fetched_once_across_citations_and_redirects():
    router = respx.MockRouter()
    a = router.get("https://news.example/a").respond(301, headers={"location": "/b"})
    b = router.get("https://news.example/b").respond(200, headers=HTML, text=page("B"))
    results = await run(router, ["https://news.example/a", "https://news.example/b"] * 3)
    assert len(results) == 2
    assert a.call_count == 1 and b.call_count == 1


async def test_loop_and_limit():
    router = respx.MockRouter()
    for i in range(15):
        router.get(f"https://news.example/r{i}").respond(301, headers={"location": f"/r{i + 1}"})
    results = await run(router, ["https://news.example/r0"], max_redirects=10)
    check = results["https://news.example/r0"][0]
    assert check.status == "loop" and "more than 10" in check.reason


async def test_dns_failure_unreachable_not_retried():
    calls = []

    async def nxdomain(host, port):
        from linkaudit.net.transport import ResolveError

        calls.append(host)
        raise ResolveError(f"DNS lookup failed for {host}")

    router = respx.MockRouter()
    results = await check_urls(
        ["https://gone1.example/", "https://gone2.example/"],
        options(router, resolver=nxdomain),
    )
    assert {c.status for c, _ in results.values()} == {"unreachable"}
    assert results.network_down
    assert len(calls) == 2


# -- pure pieces ------------------------------------------------------------------------------
NOW = dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 60.0),
        ("3", 3.0),
        ("-1", None),
        ("abc", None),
        ("999999999", 60.0),
        ("Mon, 01 Jan 2024 12:00:10 GMT", 10.0),
        ("Mon, 01 Jan 2024 11:00:00 GMT", 0.0),
        (None, None),
    ],
)
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, NOW, 60.0) == expected


def test_retry_delay_backoff_and_final():
    ok = Exchange("u", 200)
    assert retry_delay(ok, 0, now=NOW) is None
    assert retry_delay(Exchange("u", 404), 0, now=NOW) is None
    assert retry_delay(Exchange("u", 501), 0, now=NOW) is None
    d0 = retry_delay(Exchange("u", 502), 0, now=NOW, base=1.0)
    d3 = retry_delay(Exchange("u", 502), 3, now=NOW, base=1.0)
    assert 0.5 <= d0 <= 1.0 and 4.0 <= d3 <= 8.0
    assert retry_delay(Exchange("u", error="connect"), 0, now=NOW) is not None
    assert retry_delay(Exchange("u", error="dns"), 0, now=NOW) is None


def test_classify_pure():
    chain = [
        Exchange("https://s.example/2020/05/story", 301, {"location": "/"}),
        Exchange("https://s.example/", 200, {"content-type": "text/html"}),
    ]
    assert classify(chain[0].url, chain).status == "soft404"
    assert is_home("https://s.example/en/") and not is_home("https://s.example/en/news")
    hop = next_hop([Exchange("https://s.example/a", 302, {"location": "/a#frag"})], 10)
    assert hop.stop == "loop"


def test_decode_body_caps_a_bomb():
    import gzip
    import zlib

    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))
    out, cut = decode_body(bomb, "gzip", 1024 * 1024)
    assert len(out) == 1024 * 1024 and cut
    raw_deflate = zlib.compressobj(wbits=-15)
    data = raw_deflate.compress(b"hello") + raw_deflate.flush()
    assert decode_body(data, "deflate", 100) == (b"hello", False)
    assert decode_body(zlib.compress(b"hi"), "deflate", 100) == (b"hi", False)
    assert decode_body(b"xx", "gzip, gzip", 100) == (b"", True)
    assert decode_body(b"xx", "br", 100) == (b"", True)


async def test_https_probe_for_http_links_on_named_hosts():
    router = respx.MockRouter(assert_all_called=False)
    router.get("http://news.example/plain").respond(200, headers=HTML, text=page("Plain"))
    secure = router.get("https://news.example/plain").respond(200, headers=HTML, text=page("Plain"))
    router.get("http://news.example/nossl").respond(200, headers=HTML, text=page("No TLS"))
    router.get("https://news.example/nossl").respond(404, headers=HTML, text=page("Not here"))
    results = await run(router, ["http://news.example/plain", "http://news.example/nossl"])
    assert results["http://news.example/plain"][0].https_url == "https://news.example/plain"
    assert results["http://news.example/nossl"][0].https_url is None
    assert secure.call_count == 1


async def test_respect_robots_skips_disallowed_urls_only_when_asked():
    router = respx.MockRouter(assert_all_called=False)
    router.get("https://news.example/robots.txt").respond(
        200, headers={"content-type": "text/plain"}, text="User-agent: *\nDisallow: /private/\n"
    )
    private = router.get("https://news.example/private/x").respond(
        200, headers=HTML, text=page("P")
    )
    router.get("https://news.example/public").respond(200, headers=HTML, text=page("Public"))
    urls = ["https://news.example/private/x", "https://news.example/public"]
    results = await run(router, urls, respect_robots=True)
    assert results[urls[0]][0].status == "skipped" and "robots.txt" in (
        results[urls[0]][0].reason or ""
    )
    assert results[urls[1]][0].status == "ok"
    assert private.call_count == 0
    results = await run(router, urls)
    assert results[urls[0]][0].status == "ok"


# -- review fixes -----------------------------------------------------------------------------
def _html(url: str, status: int = 200) -> Exchange:
    return Exchange(url, status, {"content-type": "text/html"})


@pytest.mark.parametrize(
    "title",
    [
        "Search for missing hiker called off as body still not found",
        "410 migrants rescued off Libya coast",
        "Body still not found | Example News",
        "Error in census data corrected",
    ],
)
def test_headlines_that_mention_not_found_are_not_soft404(title):
    from linkaudit.model import PageMeta
    from linkaudit.net.check import looks_suspicious, soft404_signal

    url = "https://news.example/2024/story"
    meta = PageMeta(title=title, h1=title, site_name="Example News")
    assert soft404_signal(url, [_html(url)], meta) is None
    assert classify(url, [_html(url)], page=meta).status == "ok"
    if "found" in title:
        assert looks_suspicious(url, [_html(url)], meta)  # the random-path probe decides


@pytest.mark.parametrize(
    "title",
    ["Page not found - Example News", "404", "Error 404 | Example", "Oops! Page not found."],
)
def test_short_not_found_titles_still_decide(title):
    from linkaudit.model import PageMeta

    url = "https://news.example/2024/story"
    assert classify(url, [_html(url)], page=PageMeta(title=title)).status == "soft404"


def test_bot_wall_title_must_be_the_phrase():
    from linkaudit.model import PageMeta

    url = "https://news.example/2024/story"
    headline = PageMeta(title="Journalists access denied at border crossing")
    assert classify(url, [_html(url)], page=headline).status == "ok"
    for title in ("Access Denied", "Attention Required! | Cloudflare", "Just a moment..."):
        assert classify(url, [_html(url)], page=PageMeta(title=title)).status == "blocked"


def test_error_path_is_a_whole_segment_and_trailing_slash_is_the_same_page():
    moved = [
        Exchange("https://s.example/id/12345", 301, {"location": "/news/error-in-census-data"}),
        _html("https://s.example/news/error-in-census-data"),
    ]
    assert classify(moved[0].url, moved).status == "redirected"
    to_error = [
        Exchange("https://s.example/id/12345", 302, {"location": "/error-404.html"}),
        _html("https://s.example/error-404.html"),
    ]
    assert classify(to_error[0].url, to_error).status == "soft404"
    slash = [
        Exchange("https://s.example/en", 301, {"location": "/en/"}),
        _html("https://s.example/en/"),
    ]
    assert classify(slash[0].url, slash).status == "redirected"
    from linkaudit.net.check import looks_suspicious

    assert not looks_suspicious(slash[0].url, slash, None)


async def test_memo_keeps_no_bodies_after_a_page_is_judged():
    from linkaudit.net.runner import Checker

    router = respx.MockRouter(assert_all_called=False)
    a = router.get("https://news.example/a").respond(301, headers={"location": "/b"})
    b = router.get("https://news.example/b").respond(
        200, headers=HTML, text=page("Story B", "<p>" + "words " * 5000 + "</p>")
    )
    router.route().respond(404, headers=HTML, text=page("Not here"))
    async with Checker(options(router)) as checker:
        first = await checker.check("https://news.example/a")
        memo = checker._gets  # the host's random-path probe keeps its body (one per host)
        assert not memo["https://news.example/b"].result().body
        assert memo["https://news.example/b"].result().status == 200
        second = await checker.check("https://news.example/b")  # a memo hit, body-less
        third = await checker.check("https://news.example/a")
    assert a.call_count == 1 and b.call_count == 1
    assert first[1] is not None and first[1].title == "Story B"
    assert second[1] == first[1] and third[1] == first[1]
    assert second[0].status == "ok" and third[0].status == "redirected"


async def test_an_accepted_error_page_gives_no_metadata():
    router = respx.MockRouter(assert_all_called=False)
    router.get("https://news.example/paywalled").respond(
        403, headers=HTML, text=page("Subscribe to read", "<meta name='date' content='2001-01-01'>")
    )
    results = await run(
        router,
        ["https://news.example/paywalled"],
        host_accept={"news.example": frozenset({403})},
    )
    check, meta = results["https://news.example/paywalled"]
    assert check.status == "ok" and check.http_status == 403
    assert meta is None  # never fed to META001, TIME rules or LINK010


def test_next_hop_allows_one_cookie_self_redirect_and_cookies_stay_on_their_host():
    from linkaudit.net.check import chain_cookies

    first = Exchange(
        "https://s.example/a",
        302,
        {"location": "/a", "set-cookie": "a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT, b=2; Path=/"},
    )
    hop = next_hop([first], 10)
    assert hop.url == "https://s.example/a" and hop.again
    assert next_hop([first, first], 10).stop == "loop"
    assert chain_cookies([first], "s.example") == "a=1; b=2"
    assert chain_cookies([first], "other.example") is None
    no_cookie = Exchange("https://s.example/a", 302, {"location": "/a"})
    assert next_hop([no_cookie], 10).stop == "loop"


def test_pack_phrases_decide_only_in_short_titles():
    from linkaudit.model import PageMeta
    from linkaudit.net.check import soft404_signal
    from linkaudit.net.fetch import Exchange

    chain = [Exchange("https://news.example/a", 200)]
    short = PageMeta(title="Artikel ist weg | Example News", site_name="Example News")
    long = PageMeta(title="Why the artikel ist weg debate divided the harbour council")
    assert soft404_signal("https://news.example/a", chain, short) is None
    assert soft404_signal("https://news.example/a", chain, short, ("artikel ist weg",))
    assert soft404_signal("https://news.example/a", chain, long, ("artikel ist weg",)) is None


def test_first_capture_of_sources_dated_after_their_article():
    """With --archive, a source dated after its citing article (by its URL or its page) has
    its first web-archive capture looked up (the CDX index's first row); one dated before is
    not asked about."""
    import datetime as dt

    from linkaudit.net.background import BackgroundChecks

    router = respx.MockRouter(assert_all_called=False)
    late = "https://news.example/2026/06/14/story"
    paged = "https://news.example/about-the-vote"  # no URL date; its page says 2026
    early = "https://news.example/2023/09/01/story"
    router.get(late).respond(200, headers=HTML, text=page("Later story"))
    published = "<meta property='article:published_time' content='2026-05-02T10:00:00Z'>"
    router.get(paged).respond(200, headers=HTML, text=page("About the vote", published))
    router.get(early).respond(200, headers=HTML, text=page("Earlier story"))
    asked: list[str] = []

    def cdx(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params["url"])
        assert request.url.params["limit"] == "1"
        return httpx.Response(200, json=[["timestamp"], ["20260615080000"]])

    router.get("https://web.archive.org/cdx/search/cdx").mock(side_effect=cdx)
    router.route().respond(404, headers=HTML, text=page("Not here"))
    checks = BackgroundChecks(options(router, archive=True))
    checks.add([late, paged, early])
    written = dt.date(2023, 9, 19)
    results = checks.finish(
        archive_dates={late: written, paged: written, early: written},
        url_dates={late: dt.date(2026, 6, 14), early: dt.date(2023, 9, 1)},
        first_cited={late: written, paged: written, early: written},
    )
    assert sorted(asked) == sorted([late, paged])
    assert results[late][0].first_capture == "20260615080000"
    assert results[paged][0].first_capture == "20260615080000"
    assert results[early][0].first_capture is None


def test_parse_cdx_first():
    from linkaudit.net.archive import parse_cdx_first

    assert parse_cdx_first([["timestamp"], ["20160203101500"]]) == "20160203101500"
    for bad in ([], [["timestamp"]], None, {"a": 1}, [["timestamp"], []], [["t"], ["2016x"]]):
        assert parse_cdx_first(bad) is None
