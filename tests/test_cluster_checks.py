"""The check stage on a Dask cluster (2 worker processes, loopback only): one machine's
verdicts, no request ever to a host from two workers at once, and a warm rerun that makes no
request at all.

The web of `test_net_owners` (four hosts, redirects across partitions, a soft-404 probe on the
link's own host); the server counts requests in flight per address."""

from __future__ import annotations

from dataclasses import replace

import pytest

from linkaudit.net import check_urls_sync
from tests.test_net_owners import HOSTS, Web, _comparable, _hosts_on_both_sides, _options

pytestmark = pytest.mark.integration

PER_HOST = 2


@pytest.fixture
def slow_web(netserver_factory) -> Web:
    server = netserver_factory(hosts=HOSTS, latency=0.05)
    w = Web(server)
    server.fallback = w.route
    return w


def _many(web: Web) -> list[str]:
    """Enough links per host that requests queue on each one."""
    kinds = ("a", "hop", "away", "bounce", "moved", "loop", "gone")
    return [web.url(h, f"/{k}/{n}") for h in HOSTS for k in kinds for n in range(6)]


def test_the_cluster_keeps_to_the_per_host_limit_and_gives_one_machines_verdicts(
    dask_client, slow_web, tmp_path
):
    from linkaudit.cluster.checks import check_on_cluster

    _hosts_on_both_sides()
    urls = _many(slow_web)
    options = _options(tmp_path, per_host=PER_HOST)
    together = check_on_cluster(dask_client, urls, options, partitions=2)
    server = slow_web.server
    assert max(server.peak_in_flight.values()) == PER_HOST  # the limit was reached ...
    assert all(peak <= PER_HOST for peak in server.peak_in_flight.values())  # ... never passed
    assert set(together) == set(urls)
    requests = len(server.arrivals)
    alone = check_urls_sync(urls, options)
    assert _comparable(together) == _comparable(alone)
    assert together.stats["requests"] == requests  # every request counted, each once


def test_a_warm_rerun_on_the_cluster_makes_no_request(dask_client, slow_web, tmp_path):
    from linkaudit.cluster.checks import check_on_cluster

    urls = _many(slow_web)
    store = str(tmp_path / "results.sqlite")
    options = replace(_options(tmp_path), use_cache=True, store=store)
    cold = check_on_cluster(dask_client, urls, options, partitions=2)
    served = len(slow_web.server.arrivals)
    assert served > 0
    warm = check_on_cluster(dask_client, urls, options, partitions=2)
    assert len(slow_web.server.arrivals) == served
    assert warm.stats["requests"] == 0
    assert set(warm) == set(cold)
    alone = check_urls_sync(urls, options)  # one machine, warm, from the same store
    assert len(slow_web.server.arrivals) == served
    assert _comparable(warm) == _comparable(alone)
