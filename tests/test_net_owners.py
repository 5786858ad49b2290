"""Host ownership: checks split over partitions give one machine's verdicts, and no partition
ever sends a request to a host it does not own (redirects across partitions included).

A loopback web of four hosts (127.0.0.1 to .4: an IP address is its own registered domain)
with redirects within a host, to another host, out and back, loops across hosts, and a
cross-host redirect to a soft-404 page (whose random-path probe runs on the link's own host).
The partitions of a round run at once, each in a thread with its own event loop, as check
tasks run on a cluster's workers.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from linkaudit.net import CheckResults, NetOptions, check_urls_sync, combine_results
from linkaudit.net.owners import (
    Handoff,
    Partition,
    Task,
    check_in_rounds,
    first_round,
    owner_of_url,
    partition_of,
)
from tests.netserver import NetServer, Reply, Request, html_page

pytestmark = pytest.mark.integration

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
PARTS = 2
SORRY = html_page("Sorry, this story is unavailable", "<p>Try the front page.</p>")


def test_a_registered_domain_has_one_owner_however_spelt():
    for count in (2, 3, 7):
        owner = partition_of("example.com", count)
        for spelt in ("news.example.com", "EXAMPLE.com.", "www.Example.COM", "a.b.example.com"):
            assert partition_of(spelt, count) == owner
    assert partition_of("bücher.example", 5) == partition_of("xn--bcher-kva.example", 5)
    assert {partition_of(f"site{n}.example", 4) for n in range(40)} == {0, 1, 2, 3}
    assert partition_of("anything.example", 1) == 0


def test_the_first_round_gives_each_url_to_its_owner():
    urls = [f"https://site{n}.example/a/{k}" for n in range(10) for k in range(3)]
    tasks = first_round(urls, 3)
    seen = [u for task in tasks for u in task.urls]
    assert sorted(seen) == sorted(urls)
    for task in tasks:
        assert not task.resume and all(task.partition.owns_url(u) for u in task.urls)


class Web:
    def __init__(self, server: NetServer) -> None:
        self.server = server

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.server.ports[host]}{path}"

    def other(self, host: str) -> str:
        """A host another partition owns (there is one: see `_hosts_on_both_sides`)."""
        return next(h for h in HOSTS if partition_of(h, PARTS) != partition_of(host, PARTS))

    def route(self, r: Request) -> Reply:
        parts = r.path.strip("/").split("/")
        kind, n = parts[0], parts[1] if len(parts) > 1 else "0"
        if kind == "a":
            return Reply(200, html_page(f"Budget vote, part {n}", f"<h1>Part {n}</h1>" * 3))
        if kind == "hop":
            return Reply(302, headers={"location": f"/a/{n}"})
        if kind == "away":
            return Reply(302, headers={"location": self.url(self.other(r.host), f"/a/{n}")})
        if kind == "bounce":
            back = self.url(self.other(r.host), f"/return/{n}/{r.host}")
            return Reply(302, headers={"location": back})
        if kind == "return":
            return Reply(301, headers={"location": self.url(parts[2], f"/hop/{n}")})
        if kind == "moved":  # to a soft 404 on another host: the probe is on this one
            return Reply(301, headers={"location": self.url(self.other(r.host), f"/lost/{n}")})
        if kind == "loop":
            return Reply(302, headers={"location": self.url(self.other(r.host), f"/loop/{n}")})
        if kind == "gone":
            return Reply(404, html_page("Not found"))
        return Reply(200, SORRY)  # /lost/… and every random probe path

    def links(self) -> list[str]:
        kinds = ("a", "hop", "away", "bounce", "moved", "loop", "gone", "lost")
        return [self.url(h, f"/{k}/{n}") for h in HOSTS for k in kinds for n in range(2)]


@pytest.fixture
def web(netserver_factory) -> Web:
    server = netserver_factory(hosts=HOSTS, latency=0.02)
    w = Web(server)
    server.fallback = w.route
    return w


def _hosts_on_both_sides() -> None:
    assert {partition_of(h, PARTS) for h in HOSTS} == set(range(PARTS))


def _options(tmp_path, **kw) -> NetOptions:
    base = NetOptions(
        allow_private=True, use_cache=False, interval_ms=0, timeout=2, retries=0, per_host=2
    )
    return replace(base, **kw)


def _comparable(results: CheckResults) -> dict[str, tuple]:
    """Each verdict without its timings (when it was checked, how long it took)."""
    return {
        url: (replace(check, checked_at=None, elapsed_ms=None), page)
        for url, (check, page) in results.items()
    }


def _run_round(options: NetOptions, log: list[tuple[Task, CheckResults]]):
    def run(tasks: list[Task]) -> list[CheckResults]:
        def one(task: Task) -> CheckResults:
            return check_urls_sync(
                list(task.urls),
                options,
                partition=task.partition,
                resume=list(task.resume),
                memo=task.memo,
            )

        with ThreadPoolExecutor(len(tasks)) as pool:
            done = list(pool.map(one, tasks))
        log.extend(zip(tasks, done, strict=True))
        return done

    return run


def test_partitions_give_one_machines_verdicts_and_keep_to_their_hosts(web, tmp_path):
    _hosts_on_both_sides()
    options = _options(tmp_path)
    urls = web.links()
    alone = check_urls_sync(urls, options)
    log: list[tuple[Task, CheckResults]] = []
    served = len(web.server.arrivals)
    parts = check_in_rounds(
        urls, PARTS, _run_round(options, log), lambda r: r.handoffs, lambda r: r.memo
    )
    together = combine_results(parts)
    assert set(together) == set(urls)
    assert _comparable(together) == _comparable(alone)
    # each URL asked once per run by its owner, as on one machine (probe paths are random)
    assert len(web.server.arrivals) - served == served
    assert {c.status for c, _ in together.values()} >= {"ok", "soft404", "loop", "broken"}
    rounds = sum(1 for task, _ in log if not task.urls)
    assert rounds >= 2  # handoffs really happened (away, bounce, moved, loop)
    handed: list[Handoff] = [h for _, r in log for h in r.handoffs]
    assert {h.step for h in handed} == {"follow", "judge"}
    for task, result in log:  # every request of a task went to a host it owns
        assert all(task.partition.owns(host) for host in result.stats["hosts"])
    assert not together.network_down


def test_a_partition_hands_back_what_it_does_not_own(web, tmp_path):
    _hosts_on_both_sides()
    host = HOSTS[0]
    mine = Partition(partition_of(host, PARTS), PARTS)
    away = web.url(host, "/away/0")
    result = check_urls_sync([away], _options(tmp_path), partition=mine)
    assert away not in result
    (handoff,) = result.handoffs
    assert handoff.step == "follow" and handoff.url == away
    assert handoff.next_url == web.url(web.other(host), "/a/0")
    assert owner_of_url(handoff.next_url, PARTS) != mine.index
    assert web.server.hits("/a/0", web.other(host)) == 0  # not requested by the wrong owner
    finish = Partition(handoff.owner(PARTS), PARTS)
    after = check_urls_sync([], _options(tmp_path), partition=finish, resume=[handoff])
    (judge,) = after.handoffs  # fetched there; judged back on the link's own host
    assert judge.step == "judge" and judge.owner(PARTS) == mine.index
    final = check_urls_sync([], _options(tmp_path), partition=mine, resume=[judge])
    check, page = final[away]
    assert check.status == "ok" and check.final_url == handoff.next_url
    assert page is not None and page.title == "Budget vote, part 0"
    assert not final.handoffs


def test_archive_lookups_run_once_after_every_partition(web, tmp_path, monkeypatch):
    """`archive_task` (a cluster's last check task with --archive): a dead link gets its
    snapshot, a working one none, and the archive's host is sent one request per lookup."""
    from linkaudit import settings
    from linkaudit.cluster.checks import archive_task
    from linkaudit.pipeline.plan import CheckPlan

    archive = web.url(HOSTS[3], "")
    snapshot = b'{"archived_snapshots": {"closest": {"available": true, "status": "200", "url": "http://archive.example/web/2023/x", "timestamp": "20230102030405"}}}'
    web.server.routes["/wayback/available"] = lambda r: Reply(
        200, snapshot, {"content-type": "application/json"}
    )
    monkeypatch.setattr(settings, "NET_WAYBACK_API", f"{archive}/wayback/available")
    options = _options(tmp_path, archive=True)
    dead, alive = web.url(HOSTS[0], "/gone/0"), web.url(HOSTS[1], "/a/0")
    checked = check_urls_sync([dead, alive], replace(options, archive=False))
    plan = CheckPlan(by_domain={}, snapshot_dates={dead: None, alive: None})
    found = archive_task(checked, plan, options)
    assert found[dead][0].archive_url == "http://archive.example/web/2023/x"
    assert found[alive][0].archive_url is None
    lookups = [p for h, p, _ in web.server.arrivals if p.startswith("/wayback/available")]
    assert len(lookups) == 1 and "gone" in lookups[0]
