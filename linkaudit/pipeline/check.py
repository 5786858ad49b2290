"""The check stage: a plan's URLs -> their link checks, against a result store.

The store is given as a description (``postgresql://…``, ``sqlite:///path``, a path, a parsed
`linkaudit.store.StoreSpec`; None: ``net.store``, else the sqlite cache in ``net.cache_dir``),
a picklable value that this stage opens and closes itself
(`linkaudit.store.open_store` picks the adapter); fresh results come from it, the others are
fetched (by `linkaudit.net`, the only layer that opens sockets) and written back to it. The
rules' declared needs in the plan become archive lookups with ``--archive``.

`checker` gives the same checker to a caller that hands it URLs while documents are still
being read (`audit` does: the network is busy while later documents are parsed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from linkaudit.model import LinkCheck, PageMeta
from linkaudit.net import CheckResults
from linkaudit.net.options import NetOptions
from linkaudit.pipeline.extract import Facts
from linkaudit.pipeline.plan import CheckPlan
from linkaudit.store import StoreSpec

if TYPE_CHECKING:
    from linkaudit.net.background import BackgroundChecks

__all__ = ["CheckResults", "check", "checker", "finish", "with_checks"]

Progress = Callable[[int, int], None]
Checks = Mapping[str, tuple[LinkCheck, PageMeta | None]]


def checker(
    net: NetOptions,
    store: str | StoreSpec | None = None,
    progress: Progress | None = None,
    *,
    soft404_phrases: tuple[str, ...] = (),
) -> BackgroundChecks:
    """A checker on a background thread: ``add(urls)`` as they come, then `finish` it with
    the plan. ``store`` replaces ``net.store`` when given; a pack's LINK006 phrases join the
    soft-404 wordings."""
    from linkaudit.net.background import BackgroundChecks

    if isinstance(store, StoreSpec):
        store = store.target  # a database file, or the server's URL
    if store is not None:
        net = replace(net, store=store)
    if soft404_phrases:
        net = replace(net, soft404_phrases=soft404_phrases)
    return BackgroundChecks(net, progress)


def finish(checks: BackgroundChecks, plan: CheckPlan) -> CheckResults:
    """Wait for every check of ``checks`` and the archive lookups the plan's needs ask for."""
    try:
        return checks.finish(
            archive_dates=plan.snapshot_dates,
            also_archive=plan.archive_always,
            url_dates=plan.url_dates,
            first_cited=plan.first_cited,
        )
    except BaseException:
        checks.abort()
        raise


def check(
    plan: CheckPlan,
    net: NetOptions,
    store: str | StoreSpec | None = None,
    progress: Progress | None = None,
) -> CheckResults:
    """Every URL of ``plan`` checked once (fresh results from the store), with the archive
    lookups its needs ask for: ``{normalised URL: (LinkCheck, PageMeta | None)}``, with
    ``network_down`` (every host failed at DNS or connect) and ``stats``."""
    checks = checker(net, store, progress, soft404_phrases=plan.soft404_phrases)
    try:
        checks.prepare()
        for urls in plan.by_domain.values():
            checks.add(urls)
    except BaseException:
        checks.abort()
        raise
    return finish(checks, plan)


def with_checks(facts: Facts, checks: Checks) -> Facts:
    """``facts`` with each link's check and page metadata from ``checks`` (links not in it,
    such as local ones, keep what they have)."""
    if not checks:
        return facts
    links = tuple(
        replace(link, check=checks[link.normalized_url][0], page=checks[link.normalized_url][1])
        if link.normalized_url in checks
        else link
        for link in facts.links
    )
    return replace(facts, links=links)
