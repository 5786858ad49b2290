"""Politeness is a promise: a whole scan, counted by the server, never exceeds ``--per-host``.

A loopback web of four named hosts (a fake resolver points ``alpha.test``, ``beta.test``,
``gamma.test`` and ``delta.test`` at 127.0.0.1 to .4, so each name has an address of its own)
serves a mixed workload: redirect chains within a host and across hosts (out and back again,
and to the same host spelt ``ALPHA.test.``), pages that look like soft 404s (so a random path
is probed), links with ``#fragments``, robots.txt (``--respect-robots``), dead links with
archive look-ups on one of the checked hosts (``--archive``), https:// upgrade probes of
http:// links (the plain server holds each TLS attempt, in flight, then closes it), and
published pages scanned by URL (on delta, whose configured interval is long, and on alpha,
which the scan also checks). The server counts requests in flight per ``Host`` name and per
address (TLS attempts included) and keeps the peak; the scan runs through the command line,
in-process.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkaudit import settings
from linkaudit.net.client import HostLimiter
from tests.cli_util import scan_main
from tests.netserver import NetServer, Reply, Request, html_page

pytestmark = pytest.mark.integration

NAMES = {
    "alpha.test": "127.0.0.1",
    "beta.test": "127.0.0.2",
    "gamma.test": "127.0.0.3",
    "delta.test": "127.0.0.4",  # published pages only, with an interval of its own
}
ORDER = ["alpha.test", "beta.test", "gamma.test"]  # the hosts links point to
N = 2  # URLs of each kind per host
LATENCY = 0.05  # every answer takes this long, so that requests overlap
PAGES = 2  # published pages on delta
DELTA_INTERVAL = 0.6  # seconds, from the config file


def _article(n: int) -> bytes:
    return html_page(
        f"Council approves budget, part {n}",
        f"<h1>Council approves budget, part {n}</h1><h2 id='vote'>The vote</h2>"
        + "<p>The council met on Tuesday and approved the plan after a long debate.</p>" * 5,
    )


SORRY = html_page("Sorry, this story is unavailable", "<p>Try the front page.</p>")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class Web:
    """The three hosts, their routes, and their URLs."""

    def __init__(self, server: NetServer) -> None:
        self.server = server
        self.by_address = {a: n for n, a in NAMES.items()}

    def url(self, name: str, path: str) -> str:
        return f"http://{name}:{self.server.ports[NAMES[name]]}{path}"

    def next_name(self, name: str) -> str:
        return ORDER[(ORDER.index(name) + 1) % len(ORDER)]

    def route(self, r: Request) -> Reply:
        name = self.by_address[r.host]
        path = r.path
        parts = path.strip("/").split("/")
        if path == "/robots.txt":
            return Reply(200, ROBOTS, {"content-type": "text/plain"})
        if path.startswith("/wayback/available"):
            return Reply(200, b'{"archived_snapshots": {}}', {"content-type": "application/json"})
        if path.startswith("/cdx"):
            return Reply(200, b"[]", {"content-type": "application/json"})
        if path.startswith("/timegate/"):
            return Reply(404, html_page("No memento"))
        if path.startswith("/front/"):  # a published page (delta) or the front page (alpha)
            return Reply(200, self.front_page(int(parts[1])))
        kind = parts[0]
        n = parts[1] if len(parts) > 1 else "0"
        if kind == "a":
            return Reply(200, _article(int(n)))
        if kind == "hop":  # 302 to an article of the same host
            return Reply(302, headers={"location": f"/a/{n}"})
        if kind == "hop2":  # two hops on the same host
            return Reply(301, headers={"location": f"/hop/{n}"})
        if kind == "away":  # to another host
            return Reply(302, headers={"location": self.url(self.next_name(name), f"/a/{n}")})
        if kind == "bounce":  # to another host, which sends the client back here
            back = self.url(self.next_name(name), f"/return/{n}/{name}")
            return Reply(302, headers={"location": back})
        if kind == "return":
            return Reply(301, headers={"location": self.url(parts[2], f"/a/{n}")})
        if kind == "dot":  # the same host, spelt otherwise
            spelt = self.url(name, f"/a/{n}").replace(name, name.split(".")[0].upper() + ".test.")
            return Reply(302, headers={"location": spelt})
        if kind == "gone":
            return Reply(404, html_page("Not found"))
        return Reply(200, SORRY)  # /lost/… and every random probe path: a soft-404 site

    def links(self, name: str) -> list[str]:
        out = [
            self.url(name, "/lost/0"),  # soft 404s: a probe, and archive look-ups
            self.url(name, "/gone/0"),  # dead: archive look-ups
            self.url(name, "/private/0"),  # robots.txt says no
        ]
        for n in range(N):
            out += [
                self.url(name, f"/a/{n}#vote"),
                self.url(name, f"/a/{n}#no-such-anchor"),
                self.url(name, f"/hop/{n}"),
                self.url(name, f"/hop2/{n}"),
                self.url(name, f"/away/{n}"),
                self.url(name, f"/bounce/{n}"),
                self.url(name, f"/dot/{n}"),
            ]
        return out

    def front_page(self, n: int) -> bytes:
        links = self.links("beta.test")[n::PAGES] or self.links("beta.test")
        items = "".join(f"<p>As <a href='{u}'>reported</a> on Monday.</p>" for u in links)
        return html_page(f"Front page {n}", f"<article><h1>Front page</h1>{items}</article>")


@pytest.fixture
def loopback_names(monkeypatch):
    """Names resolve to their loopback address; any other name fails, so nothing leaves."""
    from linkaudit.net import transport

    async def resolve(host: str, port: int) -> list[str]:
        address = NAMES.get(host.lower().rstrip("."))
        if address is None:
            raise transport.ResolveError(f"DNS lookup failed for {host}: not a test name")
        return [address]

    monkeypatch.setattr(transport, "system_resolver", resolve)
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def web(netserver_factory, loopback_names, monkeypatch) -> Web:
    server = netserver_factory(hosts=tuple(NAMES.values()), latency=LATENCY)
    w = Web(server)
    server.fallback = w.route
    # The archive's endpoints on one of the hosts being checked (its look-ups share its slots).
    gamma = w.url("gamma.test", "")
    monkeypatch.setattr(settings, "NET_WAYBACK_API", f"{gamma}/wayback/available")
    monkeypatch.setattr(settings, "NET_WAYBACK_CDX_API", f"{gamma}/cdx")
    monkeypatch.setattr(settings, "NET_MEMENTO_TIMEGATE", f"{gamma}/timegate/")
    return w


def _scan(web: Web, tmp_path: Path, capsys, per_host: int) -> dict:
    docs = tmp_path / "docs"
    docs.mkdir()
    config = tmp_path / "linkaudit.toml"
    config.write_text(f'[hosts."delta.test"]\ninterval = {DELTA_INTERVAL}\n', encoding="utf-8")
    lines = ["---", "date: 2023-09-20", "---", "", "# Notes", ""]
    for name in ("alpha.test", "gamma.test"):
        lines += [f"- [source]({u})" for u in web.links(name)]
    (docs / "notes.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    code, _, err = scan_main(
        [
            "scan",
            str(docs),
            *(web.url("delta.test", f"/front/{n}") for n in range(PAGES)),
            web.url("alpha.test", "/front/0"),
            "--config",
            str(config),
            "--per-host",
            str(per_host),
            "--timeout",
            "2",
            "--retries",
            "1",
            "--allow-private",
            "--respect-robots",
            "--archive",
            "--no-cache",
            "--fail-on",
            "never",
            "-q",
            "--format",
            "json",
            "-o",
            str(out),
        ],
        capsys,
    )
    assert code == 0, err
    return json.loads(out.read_text(encoding="utf-8"))


def _assert_workload_ran(web: Web, report: dict) -> None:
    """Every kind of request the scan can make really reached the server."""
    server = web.server
    paths = [target for _, target, _ in server.arrivals]
    assert sum(p.startswith("/front/") for p in paths) == PAGES + 1  # the published pages
    assert sum(p == "/robots.txt" for p in paths) == len(ORDER)
    assert any(p.startswith("/dot/") for p in paths)
    assert any(p.startswith("/return/") for p in paths)  # out and back across hosts
    assert any(p.startswith("/wayback/") for p in paths)  # archive look-ups
    assert any(p.startswith("/timegate/") for p in paths)
    probes = [p for p in paths if len(p) > 20 and "/" not in p[1:]]  # /<random hex>
    assert len(probes) == len(ORDER)
    assert not any(p.startswith("/private/") for p in paths)  # robots.txt said no
    assert sum(server.tls_attempts.values()) > 0  # https:// upgrade probes
    rules = {f["rule"] for d in report["documents"] for f in d["findings"]}
    assert "LINK010" in rules  # the missing #fragment was found


@pytest.mark.parametrize("per_host", [2, 1])
def test_no_host_ever_sees_more_than_per_host_requests_in_flight(
    web, tmp_path, capsys, per_host, monkeypatch
):
    grants: list[float] = []  # the starts the limiter granted on delta (its own interval)
    turn = HostLimiter._turn

    async def granted(self, state, hop):  # type: ignore[no-untyped-def]
        await turn(self, state, hop)
        if state.interval == DELTA_INTERVAL and not hop:
            grants.append(state.next_start - state.interval * state.slowdown)

    monkeypatch.setattr(HostLimiter, "_turn", granted)
    report = _scan(web, tmp_path, capsys, per_host)
    _assert_workload_ran(web, report)
    server = web.server
    checked = {NAMES[n] for n in ORDER}
    by_name = dict(server.peak_by_host_header)
    assert by_name == {**dict.fromkeys(ORDER, per_host), "delta.test": 1}, by_name
    by_address = dict(server.peak_in_flight)  # requests and TLS attempts together
    assert by_address == {**dict.fromkeys(checked, per_host), NAMES["delta.test"]: 1}, by_address
    # Spacing, on delta: its published pages, fetched one after another, start at least its
    # configured interval apart. Measured where the promise is made, at the starts the limiter
    # granted, and tied to the server: each page reaches it only after its grant. (Gaps between
    # arrivals alone shrink when one request is delayed on its way on a busy machine.)
    pages = sorted(t for h, _, t in server.arrivals if h == NAMES["delta.test"])
    assert len(pages) == PAGES == len(grants)
    grants.sort()
    assert all(arrived >= grant for grant, arrived in zip(grants, pages, strict=True))
    gaps = [b - a for a, b in zip(grants, grants[1:], strict=False)]
    assert min(gaps) >= DELTA_INTERVAL - 1e-6, gaps


def test_a_published_page_that_fails_is_an_input_error_and_the_scan_goes_on(web, capsys):
    """Pages fetched by the scan's checker fail as they did on their own: a one-line input
    error naming the page (exit 2), while the other page's links are still checked."""
    good, bad = web.url("alpha.test", "/front/1"), web.url("alpha.test", "/gone/0")
    code, out, err = scan_main(
        [
            "scan",
            good,
            bad,
            "--allow-private",
            "--no-cache",
            "--format",
            "json",
            "--timeout",
            "2",
            "--retries",
            "0",
        ],
        capsys,
    )
    assert code == 2
    report = json.loads(out)
    assert [e["source"] for e in report["errors"]] == [bad]
    assert "cannot fetch" in report["errors"][0]["message"] and "404" in err + out
    (page,) = report["documents"]
    assert page["source"] == good
    hits = [target for h, target, _ in web.server.arrivals if h == NAMES["beta.test"]]
    assert hits  # the good page's links (all on beta) were checked
