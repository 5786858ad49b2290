"""The checker against a real server on loopback: every verdict, and politeness from its log."""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import replace

import pytest

from linkaudit import settings
from linkaudit.net import NetOptions, check_urls_sync, fetch_document
from linkaudit.net.client import HostLimiter
from linkaudit.net.errors import FetchFailed
from tests.netserver import Reply, html_page

pytestmark = pytest.mark.integration

A, B, C = "127.0.0.1", "127.0.0.2", "127.0.0.3"

FULL_META = html_page(
    "Ceasefire talks resume | Example News",
    "<h1 id='top'>Ceasefire talks resume</h1><h2 id='background'>Background</h2>"
    "<a name='notes'></a><p>Text.</p>",
    "<meta property='og:title' content='Ceasefire talks resume'>"
    "<meta property='og:site_name' content='Example News'>"
    "<link rel='canonical' href='/news/ceasefire'>"
    "<meta property='article:modified_time' content='2023-09-21T08:00:00Z'>"
    '<script type="application/ld+json">'
    + json.dumps({"@type": "NewsArticle", "datePublished": "2023-09-19T10:00:00+02:00"})
    + "</script>",
)


PDF = {"content-type": "application/pdf"}
OK = Reply(200, html_page("x"))


def _bomb() -> bytes:
    return gzip.compress(b"<html><title>bomb</title>" + b"\0" * (200 * 1024 * 1024), 9)


def routes(bomb: bytes, b_port: int) -> dict:
    page = Reply(200, FULL_META)

    def flaky(r):
        return Reply(500, b"oops") if r.count == 1 else Reply(200, html_page("Recovered"))

    def limited(r):
        if r.count == 1:
            return Reply(429, b"slow down", {"retry-after": "1"})
        return Reply(200, html_page("Finally in"))

    return {
        "/news/ceasefire": lambda r: page,
        "/gone404": lambda r: Reply(404, html_page("Not Found")),
        "/gone410": lambda r: Reply(410, html_page("Gone")),
        "/flaky": flaky,
        "/moved301": lambda r: Reply(301, headers={"location": "/target301"}),
        "/target301": lambda r: Reply(200, html_page("Moved here")),
        "/moved302": lambda r: Reply(302, headers={"location": "/hop2"}),
        "/hop2": lambda r: Reply(302, headers={"location": "/target302"}),
        "/target302": lambda r: Reply(200, html_page("Temporarily here")),
        "/cross": lambda r: Reply(
            301, headers={"location": f"http://{B}:{b_port}/landing/article"}
        ),
        "/loop-a": lambda r: Reply(301, headers={"location": "/loop-b"}),
        "/loop-b": lambda r: Reply(301, headers={"location": "/loop-a"}),
        "/slow": lambda r: Reply(200, html_page("Slow"), delay=3.0),
        "/trickle": lambda r: Reply(200, html_page("Trickle", "x" * 200), trickle=0.2),
        "/soft": lambda r: Reply(200, html_page("Page not found - Example News")),
        "/deep/2021/05/old-story": lambda r: Reply(301, headers={"location": "/"}),
        "/": lambda r: Reply(200, html_page("Example News - Home")),
        "/ratelimited": limited,
        "/botwall": lambda r: Reply(403, html_page("Just a moment...")),
        "/huge": lambda r: Reply(200, html_page("Huge", "y" * (5 * 1024 * 1024))),
        "/bomb": lambda r: Reply(200, bomb, {"content-encoding": "gzip"}),
        "/pdf": lambda r: Reply(
            200, b"%PDF-1.4" + b"0" * 100000, {"content-type": "application/pdf"}
        ),
    }


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb()


@pytest.fixture
def web(netserver_factory, bomb):
    srv = netserver_factory(hosts=(A, B))
    srv.routes.update(routes(bomb, srv.ports[B]))
    srv.host_routes[B]["/landing/article"] = lambda r: Reply(200, html_page("Landed"))
    return srv


def opts(**kw) -> NetOptions:
    base = dict(
        allow_private=True,
        use_cache=False,
        timeout=0.5,
        connect_timeout=0.5,
        total_timeout=1.0,
        retries=1,
        backoff_base=0.05,
    )
    base.update(kw)
    return NetOptions(**base)


def test_every_verdict_and_politeness(web):
    u = web.url
    cases = {
        u("/news/ceasefire"): "ok",
        u("/gone404"): "broken",
        u("/gone410"): "broken",
        u("/flaky"): "ok",
        u("/moved301"): "redirected",
        u("/moved302"): "ok",
        u("/cross"): "redirected",
        u("/loop-a"): "loop",
        u("/slow"): "timeout",
        u("/trickle"): "timeout",
        u("/soft"): "soft404",
        u("/deep/2021/05/old-story"): "soft404",
        u("/ratelimited"): "ok",
        u("/botwall"): "blocked",
        u("/huge"): "ok",
        u("/bomb"): "ok",
        u("/pdf"): "ok",
        u("/target301"): "ok",  # also reached by a redirect: must still be fetched once
    }
    results = check_urls_sync(list(cases) + [u("/gone404")], opts())
    assert set(results) == set(cases)
    got = {url: results[url][0].status for url in cases}
    assert got == cases

    ok, page = results[u("/news/ceasefire")]
    assert ok.http_status == 200 and page is not None
    assert page.title == "Ceasefire talks resume"
    assert page.site_name == "Example News"
    assert page.canonical == u("/news/ceasefire")
    assert page.published == "2023-09-19" and page.modified == "2023-09-21"
    assert page.lang == "en"
    assert {"top", "background", "notes"} <= set(page.anchors or ())

    moved = results[u("/moved301")][0]
    assert moved.final_url == u("/target301")
    assert moved.redirects[0]["status"] == 301
    chain = results[u("/moved302")][0]
    assert [r["status"] for r in chain.redirects] == [302, 302]
    cross = results[u("/cross")][0]
    assert cross.final_url == web.url("/landing/article", B)
    assert results[u("/loop-a")][0].reason and "loop" in results[u("/loop-a")][0].reason
    assert results[u("/soft")][0].reason.startswith("the page title says not found")
    assert "home page" in results[u("/deep/2021/05/old-story")][0].reason
    assert "bot wall" in results[u("/botwall")][0].reason
    assert results[u("/gone410")][0].http_status == 410
    assert results[u("/flaky")][0].attempts == 2

    # Politeness, from the server's own log.
    assert max(web.max_concurrency().values()) <= 2
    retried = {"/flaky", "/ratelimited", "/slow", "/trickle"}
    for entry in {e.path for e in web.log}:
        hits = web.hits(entry, A) + web.hits(entry, B)
        assert hits == (2 if entry in retried else 1), entry
    # A 429 with Retry-After: 1 made the retry wait at least a second.
    rl = sorted(e.start for e in web.log if e.path == "/ratelimited")
    assert rl[1] - rl[0] >= 0.95
    assert not results.network_down


def test_huge_body_and_bomb_are_capped(web):
    results = check_urls_sync([web.url("/huge"), web.url("/bomb")], opts(max_body=64 * 1024))
    huge, page = results[web.url("/huge")]
    assert huge.status == "ok" and page is not None and page.title == "Huge"
    bomb, page = results[web.url("/bomb")]
    assert bomb.status == "ok" and page is not None and page.title == "bomb"


def test_per_host_limit_with_many_urls(netserver_factory):
    srv = netserver_factory(
        hosts=(A, B), latency=0.02, fallback=lambda r: Reply(200, html_page("x"))
    )
    urls = [srv.url(f"/p{i}", h) for i in range(30) for h in (A, B)]
    results = check_urls_sync(urls, opts(interval_ms=0, per_host=2))
    assert all(c.status == "ok" for c, _ in results.values())
    assert max(srv.max_concurrency().values()) <= 2
    assert max(srv.peak_in_flight.values()) <= 2
    assert len(srv.log) == len(urls)


def test_request_interval_spaces_starts(netserver_factory, monkeypatch):
    """Request starts are ``interval`` apart. Measured where the promise is made, in the
    limiter's own clock (the start it grants), and tied to the server: every request reaches
    it only after its grant, one request per grant. The gaps between arrivals at the server
    alone are not a measure: a request delayed on its way (a busy machine, the server thread
    waiting for the GIL) shortens the gap to the next one though the client kept its spacing."""
    grants: list[float] = []
    turn = HostLimiter._turn

    async def granted(self, state, hop):
        await turn(self, state, hop)
        # the start the limiter reserved: its clock reading when it let the request go
        grants.append(state.next_start - state.interval * state.slowdown)

    monkeypatch.setattr(HostLimiter, "_turn", granted)
    srv = netserver_factory(hosts=(A,), fallback=lambda r: OK)
    urls = [srv.url(f"/p{i}") for i in range(8)]
    check_urls_sync(urls, opts(interval_ms=100, per_host=1))  # one kept-alive connection
    starts = sorted(t for _, _, t in srv.arrivals)
    assert len(starts) == len(grants) >= len(urls)  # every request went through the limiter
    grants.sort()
    assert all(arrived >= grant for grant, arrived in zip(grants, starts, strict=True))
    gaps = [b - a for a, b in zip(grants, grants[1:], strict=False)]
    assert min(gaps) >= 0.1 - 1e-6


def test_429_slows_the_whole_host(netserver_factory):
    """429s in a row pause the whole host (and space it out), not only the URLs answered."""
    srv = netserver_factory(hosts=(A,))
    served = {"n": 0}
    streak = settings.NET_429_STREAK

    def limited(r):
        served["n"] += 1
        if served["n"] <= streak:  # the host keeps answering 429, whatever the URL
            return Reply(429, b"", {"retry-after": "1"})
        return Reply(200, html_page("fine"))

    srv.fallback = limited
    urls = [srv.url(f"/u{i}") for i in range(streak + 3)]
    results = check_urls_sync(urls, opts(interval_ms=0, per_host=1))
    assert {c.status for c, _ in results.values()} == {"ok"}
    last_429 = sorted(e.end for e in srv.log if e.status == 429)[streak - 1]
    later = [t for _, _, t in srv.arrivals if t > last_429]
    assert later and min(later) - last_429 >= 0.9  # nobody on the host went on before it cleared


def test_one_429_among_answers_does_not_pause_the_host(netserver_factory):
    """A single 429 concerns its URL (which waits its Retry-After); the host goes on."""
    srv = netserver_factory(hosts=(A,))
    limited: list[str] = []

    def one_limited(r):
        if not limited:  # the first request of the run, whichever URL it is
            limited.append(r.path)
            return Reply(429, b"", {"retry-after": "1"})
        return Reply(200, html_page("fine"))

    srv.fallback = one_limited
    urls = [srv.url(f"/u{i}") for i in range(6)]
    results = check_urls_sync(urls, opts(interval_ms=0, per_host=1))
    assert {c.status for c, _ in results.values()} == {"ok"}
    first_429 = next(e.end for e in srv.log if e.status == 429)
    others = sorted(t for _, p, t in srv.arrivals if p != limited[0] and t > first_429)
    assert len(others) == 5 and others[-1] - first_429 < 0.8  # all done before Retry-After
    assert srv.hits(limited[0]) == 2


def test_schedule_interleaves_hosts_and_spreads_paths():
    from linkaudit.net.runner import schedule

    urls = [f"http://{h}/rl/{i}" for h in ("a", "b") for i in range(20)]
    order = schedule(sorted(urls))
    assert sorted(order) == sorted(urls)
    again = schedule(list(reversed(urls)))  # within a host, the order does not depend on input
    assert [u for u in again if "//a/" in u] == [u for u in order if "//a/" in u]
    assert {order[0].split("/")[2], order[1].split("/")[2]} == {"a", "b"}
    assert [u for u in order if "//a/" in u] != sorted(u for u in urls if "//a/" in u)


def test_redirect_hop_on_the_same_host_is_not_spaced_again(netserver_factory):
    srv = netserver_factory(hosts=(A,))
    srv.fallback = lambda r: (
        Reply(301, headers={"location": "/to" + r.path})
        if r.path.startswith("/from")
        else Reply(200, html_page("fine"))
    )
    check_urls_sync([srv.url("/from1")], opts(interval_ms=500, per_host=1, soft404_probe=False))
    starts = sorted(t for _, _, t in srv.arrivals)
    assert len(starts) == 2 and starts[1] - starts[0] < 0.4


def test_redirect_to_loopback_refused_without_allow_private(netserver_factory):
    """A real socket to 127.0.0.2 (explicitly allowed) whose redirect to 127.0.0.1 is refused."""
    srv = netserver_factory(hosts=(A, B))
    srv.host_routes[B]["/go"] = lambda r: Reply(302, headers={"location": srv.url("/secret", A)})
    srv.host_routes[A]["/secret"] = lambda r: Reply(200, html_page("secret"))
    options = opts(allow_private=False, allow_addresses=(f"{B}/32",))
    results = check_urls_sync([srv.url("/go", B)], options)
    check, page = results[srv.url("/go", B)]
    assert check.status == "private"
    assert "127.0.0.1" in (check.reason or "")
    assert page is None
    assert srv.hits("/go", B) == 1
    assert srv.hits("/secret", A) == 0  # nothing ever reached it


def test_loopback_refused_outright_without_allow_private(netserver_factory):
    srv = netserver_factory(hosts=(A,), fallback=lambda r: OK)
    results = check_urls_sync([srv.url("/x")], opts(allow_private=False))
    assert results[srv.url("/x")][0].status == "private"
    assert srv.log == []


def test_network_down_when_every_host_refuses(netserver_factory):
    srv = netserver_factory(hosts=(A, B))
    ports = dict(srv.ports)
    srv.__exit__(None, None, None)  # nothing listens now: connections are refused
    urls = [f"http://{A}:{ports[A]}/x", f"http://{B}:{ports[B]}/y"]
    results = check_urls_sync(urls, opts(retries=0))
    assert {c.status for c, _ in results.values()} == {"unreachable"}
    assert results.network_down


def test_one_host_down_is_not_network_down(web):
    results = check_urls_sync([web.url("/news/ceasefire"), "http://127.0.0.9:1/x"], opts(retries=0))
    assert results["http://127.0.0.9:1/x"][0].status == "unreachable"
    assert not results.network_down


def test_cache_second_run_makes_no_request(web, tmp_path):
    urls = [web.url("/news/ceasefire"), web.url("/moved301"), web.url("/gone404")]
    first = check_urls_sync(urls, opts(use_cache=True, cache_dir=str(tmp_path)))
    n = len(web.log)
    second = check_urls_sync(urls, opts(use_cache=True, cache_dir=str(tmp_path)))
    assert len(web.log) == n
    for url in urls:
        assert second[url][0].from_cache
        assert second[url][0].status == first[url][0].status
        assert second[url][1] == first[url][1]
    # A run without allow_private never reads what a run with it stored.
    third = check_urls_sync(
        urls, opts(use_cache=True, cache_dir=str(tmp_path), allow_private=False)
    )
    assert {c.status for c, _ in third.values()} == {"private"}


def test_soft404_probe_once_per_host(netserver_factory):
    srv = netserver_factory(
        hosts=(C,), fallback=lambda r: Reply(200, html_page("Oops!", "<p>We lost it</p>"))
    )
    srv.routes["/real"] = lambda r: Reply(
        200, html_page("Oops! a real article about errors", "<p>long real text " * 50 + "</p>")
    )
    urls = [srv.url("/gone/a", C), srv.url("/gone/b", C)]
    results = check_urls_sync(urls, opts())
    assert {c.status for c, _ in results.values()} == {"soft404"}
    probes = [e for e in srv.log if e.path not in ("/gone/a", "/gone/b")]
    assert len(probes) == 1
    again = check_urls_sync([srv.url("/real", C)], opts())
    assert again[srv.url("/real", C)][0].status == "ok"


def test_fetch_document(web):
    final, html = fetch_document(web.url("/moved301"), opts())
    assert final == web.url("/target301") and "Moved here" in html
    with pytest.raises(FetchFailed):
        fetch_document(web.url("/gone404"), opts())
    with pytest.raises(FetchFailed):
        fetch_document(web.url("/pdf"), opts())


def test_no_network_run_caches_nothing(netserver_factory, tmp_path):
    srv = netserver_factory(hosts=(A, B))
    ports = dict(srv.ports)
    srv.__exit__(None, None, None)  # nothing listens: every host fails at connect
    urls = [f"http://{A}:{ports[A]}/x", f"http://{B}:{ports[B]}/y"]
    first = check_urls_sync(urls, opts(retries=0, use_cache=True, cache_dir=str(tmp_path)))
    assert first.network_down
    second = check_urls_sync(urls, opts(retries=0, use_cache=True, cache_dir=str(tmp_path)))
    assert second.network_down  # checked again, not answered from the cache
    assert not any(c.from_cache for c, _ in second.values())


def test_connect_failure_of_a_silent_host_is_not_cached(web, tmp_path):
    dead = "http://127.0.0.9:1/x"
    urls = [web.url("/news/ceasefire"), dead]
    first = check_urls_sync(urls, opts(retries=0, use_cache=True, cache_dir=str(tmp_path)))
    assert not first.network_down and first[dead][0].status == "unreachable"
    second = check_urls_sync(urls, opts(retries=0, use_cache=True, cache_dir=str(tmp_path)))
    assert second[web.url("/news/ceasefire")][0].from_cache
    assert not second[dead][0].from_cache


def test_always_429_host_is_given_up_after_a_few_answers(netserver_factory):
    srv = netserver_factory(hosts=(A,), fallback=lambda r: Reply(429, b"", {"retry-after": "1"}))
    urls = [srv.url(f"/u{i}") for i in range(20)]
    started = time.monotonic()
    results = check_urls_sync(urls, opts(interval_ms=0, retries=2, per_host=2))
    assert time.monotonic() - started < 10
    assert {c.status for c, _ in results.values()} == {"blocked"}
    assert len(srv.arrivals) <= settings.NET_HOST_BREAKER_STRIKES + 2
    untried = [c for c, _ in results.values() if c.attempts == 0]
    assert untried and all("given up" in (c.reason or "") for c in untried)


def test_retry_after_budget_gives_a_host_up(netserver_factory):
    srv = netserver_factory(hosts=(A,), fallback=lambda r: Reply(429, b"", {"retry-after": "1"}))
    urls = [srv.url(f"/u{i}") for i in range(10)]
    results = check_urls_sync(
        urls, opts(interval_ms=0, retries=5, per_host=1, host_retry_after_budget=1.5)
    )
    assert {c.status for c, _ in results.values()} == {"blocked"}
    assert len(srv.arrivals) <= 3
    assert any("Retry-After waits" in (c.reason or "") for c, _ in results.values())


def test_stalling_host_is_given_up_as_timeouts(netserver_factory):
    srv = netserver_factory(hosts=(A,), fallback=lambda r: Reply(200, html_page("x"), delay=3.0))
    urls = [srv.url(f"/s{i}") for i in range(12)]
    results = check_urls_sync(
        urls, opts(interval_ms=0, retries=0, per_host=2, total_timeout=0.3, host_max_strikes=3)
    )
    assert {c.status for c, _ in results.values()} == {"timeout"}
    assert len(srv.arrivals) <= 3 + 2
    assert any("given up" in (c.reason or "") for c, _ in results.values())


def test_cache_rows_never_answer_a_run_with_other_host_headers_or_accept(
    netserver_factory, tmp_path
):
    srv = netserver_factory(hosts=(A,))
    srv.fallback = lambda r: (
        Reply(200, html_page("Members' story"))
        if r.headers.get("cookie") == "session=s3cret"
        else Reply(403, html_page("Subscribe"))
    )
    url = srv.url("/story")
    cached = opts(use_cache=True, cache_dir=str(tmp_path))
    authed = check_urls_sync([url], replace(cached, host_headers={A: {"Cookie": "session=s3cret"}}))
    assert authed[url][0].status == "ok"
    anonymous = check_urls_sync([url], cached)
    assert not anonymous[url][0].from_cache and anonymous[url][0].status == "blocked"
    accepted = check_urls_sync([url], replace(cached, host_accept={A: frozenset({403})}))
    assert not accepted[url][0].from_cache and accepted[url][0].status == "ok"
    again = check_urls_sync([url], cached)
    assert again[url][0].from_cache and again[url][0].status == "blocked"
    other_cookie = check_urls_sync([url], replace(cached, host_headers={A: {"Cookie": "x=1"}}))
    assert not other_cookie[url][0].from_cache
    scope = cached.cache_scope_for(url)
    keyed = replace(cached, host_headers={A: {"Cookie": "session=s3cret"}}).cache_scope_for(url)
    assert scope == "private" and keyed != scope and "s3cret" not in keyed


def test_self_redirect_that_sets_a_cookie_is_followed_once_with_it(netserver_factory):
    srv = netserver_factory(hosts=(A, B))
    cookies: list[tuple[str, str, str | None]] = []

    def gate(r):
        cookies.append((r.host if hasattr(r, "host") else A, r.path, r.headers.get("cookie")))
        if "seen=1" in (r.headers.get("cookie") or ""):
            return Reply(200, html_page("Behind the cookie check"))
        return Reply(
            302,
            headers={
                "location": r.path,
                "set-cookie": "seen=1; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
            },
        )

    def looping(r):
        return Reply(302, headers={"location": r.path, "set-cookie": "again=1"})

    srv.routes["/gate"] = gate
    srv.routes["/looping"] = looping
    srv.routes["/plain"] = lambda r: (
        cookies.append((A, r.path, r.headers.get("cookie"))) or Reply(200, html_page("Plain"))
    )
    srv.host_routes[B]["/elsewhere"] = lambda r: (
        cookies.append((B, r.path, r.headers.get("cookie"))) or Reply(200, html_page("B"))
    )
    urls = [srv.url("/gate"), srv.url("/looping"), srv.url("/plain"), srv.url("/elsewhere", B)]
    results = check_urls_sync(urls, opts(interval_ms=0))
    gate_check = results[srv.url("/gate")][0]
    assert gate_check.status == "ok" and gate_check.http_status == 200
    assert results[srv.url("/gate")][1].title == "Behind the cookie check"
    assert srv.hits("/gate") == 2
    assert [c for _, p, c in cookies if p == "/gate"] == [None, "seen=1"]
    assert results[srv.url("/looping")][0].status == "loop"  # only one second chance
    assert srv.hits("/looping") == 2
    assert all(c is None for _, p, c in cookies if p in ("/plain", "/elsewhere"))


def test_a_hosts_own_timeout_is_applied_to_it_alone(netserver_factory, tmp_path):
    """``[hosts."…"] timeout``: a slow host given more time answers; another host, as slow,
    still times out under the global timeout."""
    from linkaudit.config import apply_host_settings, load_config

    srv = netserver_factory(hosts=(A, B))
    srv.routes["/slow"] = lambda r: Reply(200, html_page("Slow but fine"), delay=0.8)
    config = tmp_path / "linkaudit.toml"
    config.write_text('[hosts."intranet.example"]\ntimeout = 3\n', encoding="utf-8")
    (intranet,) = load_config(config).hosts
    assert intranet.timeout_s == 3.0
    # The hosts here are IP literals: the setting goes to A the way the config would put it.
    base = opts(retries=0, timeout=0.3, total_timeout=None)
    net, _ = apply_host_settings(base, (replace(intranet, host=A),))
    assert net.timeout_for(A) == 3.0 and net.timeout_for(B) == 0.3
    assert net.deadline_for(3.0) >= 3.0 and net.deadline == base.deadline
    results = check_urls_sync([srv.url("/slow", A), srv.url("/slow", B)], net)
    assert results[srv.url("/slow", A)][0].status == "ok"
    assert results[srv.url("/slow", B)][0].status == "timeout"


def test_a_hosts_own_timeout_has_its_own_cache_scope():
    """A verdict reached under one timeout (a timeout, say) never answers a run that gives the
    host another: the cache scope names the host's timeout, as it names its headers."""
    from linkaudit.net.options import NetOptions

    plain = NetOptions()
    patient = NetOptions(host_overrides={"intranet.example": {"timeout_ms": 30_000}})
    url = "https://intranet.example/report"
    assert plain.cache_scope_for(url) != patient.cache_scope_for(url)
    assert plain.cache_scope_for("https://other.example/") == patient.cache_scope_for(
        "https://other.example/"
    )
    politer = NetOptions(host_overrides={"intranet.example": {"per_host": 1}})
    assert politer.cache_scope_for(url) == plain.cache_scope_for(url)  # politeness: same verdicts


def test_a_published_page_scanned_twice_is_fetched_once(web, tmp_path):
    """``linkaudit scan https://…`` uses the cache like link checks do: a page fetched within
    the cache's age is read from it; a failed fetch is never kept."""
    cached = opts(use_cache=True, cache_dir=str(tmp_path))
    first = fetch_document(web.url("/moved301"), cached)
    served = len(web.log)
    assert fetch_document(web.url("/moved301"), cached) == first
    assert len(web.log) == served
    for _ in range(2):
        with pytest.raises(FetchFailed):
            fetch_document(web.url("/gone404"), cached)
    assert len(web.log) == served + 2
