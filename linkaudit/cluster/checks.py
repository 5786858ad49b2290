"""The check stage on a cluster: URLs partitioned by registered domain, one check task per
partition and round, handoffs carried from round to round (`linkaudit.net.owners`).

Each round ends before the next begins, so two tasks of one partition never run at once: a host
is only ever sent requests by one worker, and ``--per-host`` holds across the cluster. A task
opens the shared store itself from its description (a PostgreSQL URL on a real cluster, the
sqlite file on one machine), so every result it gets is kept as it goes: a task run again (its
worker lost) or a scan started again finds it there.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from typing import Any

from linkaudit.net import CheckResults, combine_results
from linkaudit.net.options import NetOptions
from linkaudit.net.owners import Task, check_in_rounds

__all__ = ["check_on_cluster", "check_task"]


def check_task(task: Task, net: NetOptions) -> CheckResults:
    """Run on a worker: one partition's URLs and handoffs, checked (the partition's own
    event loop and client; the store opened and closed here)."""
    from linkaudit.net import check_urls_sync

    return check_urls_sync(
        list(task.urls), net, partition=task.partition, resume=list(task.resume), memo=task.memo
    )


def check_on_cluster(
    client: Any, urls: Iterable[str], net: NetOptions, partitions: int
) -> CheckResults:
    """Every URL checked once on ``client``'s cluster over ``partitions`` partitions: one
    scan's `CheckResults` (verdicts, "network down" decided over every host, figures)."""
    run = uuid.uuid4().hex[:12]
    rounds = itertools.count()

    def run_round(tasks: list[Task]) -> list[CheckResults]:
        n = next(rounds)
        futures = [
            client.submit(
                check_task,
                task,
                net,
                key=f"linkaudit-check-{run}-{n}-{task.partition.index}",
                pure=False,
            )
            for task in tasks
        ]
        try:
            return list(client.gather(futures))
        finally:
            for future in futures:
                future.release()

    return combine_results(
        check_in_rounds(urls, partitions, run_round, lambda r: r.handoffs, lambda r: r.memo)
    )


def archive_task(results: CheckResults, plan: Any, net: NetOptions) -> CheckResults:
    """Run on a worker after every check: the web-archive look-ups ``--archive`` asks for
    (snapshots of dead and ephemeral links, first captures of sources dated after the
    article), by one checker, so the archive's host is only sent requests from here."""
    import asyncio

    from linkaudit.net import open_cache
    from linkaudit.net.background import dated_after
    from linkaudit.net.runner import Checker

    found = dict(results)

    async def main() -> None:
        cache = open_cache(net)
        try:
            async with Checker(net, cache) as checker:
                await checker.add_archive_copies(found, plan.snapshot_dates, plan.archive_always)
                late = dated_after(found, plan.first_cited, plan.url_dates)
                await checker.add_first_captures(found, late)
        finally:
            if cache is not None:
                cache.close()

    asyncio.run(main())
    out = CheckResults(found)
    out.network_down, out.stats, out.handoffs = results.network_down, results.stats, ()
    return out
