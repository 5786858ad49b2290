"""The plan stage: the facts of many documents -> what the check stage has to do.

A `CheckPlan` holds the distinct URLs to fetch, grouped by registered domain (a partition of
the plan owns whole domains, so one host is never fetched by two workers at once), and what
the rules declared they need across documents (`linkaudit.engine.needs`: snapshot dates,
archive lookups of working posts, earliest citing dates). Plans of chunks of an archive merge
(`CheckPlan.merge`, in input order); a plan splits into parts by domain
(`CheckPlan.partition`). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from linkaudit.checks.local import is_local
from linkaudit.engine.needs import ARCHIVE_ALWAYS, FIRST_CITED, SNAPSHOT_DATE, all_needs
from linkaudit.engine.packs import Pack
from linkaudit.extract.hosts import registered_domain
from linkaudit.pipeline.extract import Facts

__all__ = ["CheckPlan", "PlanSettings", "Planner", "plan", "plan_settings", "domain_of"]


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """What planning depends on besides the facts: made once per run (`plan_settings`)."""

    check_code: bool = False  # links that appear only in code samples are checked too
    all_regions: bool = False  # page chrome counts as citations
    archive: bool = False  # --archive: the rules' declared needs are gathered
    #: the parameters the pack gives each rule that declares a need (rule id -> params)
    rule_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: a pack's extra "not found" wordings (LINK006 ``phrases``), lower-case
    soft404_phrases: tuple[str, ...] = ()


def plan_settings(
    pack: Pack | None, *, check_code: bool = False, all_regions: bool = False, archive: bool = False
) -> PlanSettings:
    """The plan settings of a scan with ``pack``."""
    rules = pack.rules if pack is not None else {}
    params = {
        need.rule: dict(rules[need.rule].params) if need.rule in rules else {}
        for need in all_needs()
    }
    link006 = rules.get("LINK006")
    phrases = link006.params.get("phrases") if link006 is not None else None
    return PlanSettings(
        check_code=check_code,
        all_regions=all_regions,
        archive=archive,
        rule_params=params,
        soft404_phrases=tuple(str(p).casefold() for p in phrases) if phrases else (),
    )


@dataclass(frozen=True, slots=True)
class CheckPlan:
    """What to check: URLs by registered domain, and what rules need across documents."""

    #: registered domain ("" for a URL without a host) -> its distinct URLs, sorted
    by_domain: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: SNAPSHOT_DATE: URL -> the reference date of the first document citing it
    snapshot_dates: Mapping[str, dt.date | None] = field(default_factory=dict)
    #: ARCHIVE_ALWAYS: URLs looked up in the web archive even when they work
    archive_always: frozenset[str] = frozenset()
    #: FIRST_CITED: URL -> the date in the URL, and URL -> the earliest citing document's date
    url_dates: Mapping[str, dt.date] = field(default_factory=dict)
    first_cited: Mapping[str, dt.date] = field(default_factory=dict)
    soft404_phrases: tuple[str, ...] = ()
    #: some relative link was checked on disk (the rules reading those facts run offline too)
    local_checks: bool = False

    @property
    def urls(self) -> tuple[str, ...]:
        """Every URL to check, sorted."""
        return tuple(sorted(u for urls in self.by_domain.values() for u in urls))

    def __len__(self) -> int:
        return sum(len(urls) for urls in self.by_domain.values())

    def merge(self, other: CheckPlan) -> CheckPlan:
        """This plan and ``other``'s, as if their documents had been planned together, this
        plan's first (the first citing document's date is this plan's, where both have one)."""
        by_domain = dict(self.by_domain)
        for domain, urls in other.by_domain.items():
            mine = by_domain.get(domain)
            by_domain[domain] = urls if mine is None else tuple(sorted({*mine, *urls}))
        first = dict(self.first_cited)
        for url, when in other.first_cited.items():
            known = first.get(url)
            if known is None or when < known:
                first[url] = when
        return CheckPlan(
            by_domain=dict(sorted(by_domain.items())),
            snapshot_dates={**other.snapshot_dates, **self.snapshot_dates},
            archive_always=self.archive_always | other.archive_always,
            url_dates={**self.url_dates, **other.url_dates},
            first_cited=first,
            soft404_phrases=self.soft404_phrases or other.soft404_phrases,
            local_checks=self.local_checks or other.local_checks,
        )

    def partition(self, n: int) -> list[CheckPlan]:
        """``n`` plans that together are this one, each owning whole registered domains
        (chosen by a stable hash of the domain, the same in every process and run), with the
        needs of their own URLs."""
        if n < 1:
            raise ValueError(f"partition into {n} parts: need at least one")
        parts: list[dict[str, tuple[str, ...]]] = [{} for _ in range(n)]
        for domain, urls in self.by_domain.items():
            parts[part_of(domain, n)][domain] = urls

        def mine(i: int, url: str) -> bool:
            return part_of(domain_of(url), n) == i

        return [
            CheckPlan(
                by_domain=part,
                snapshot_dates={u: d for u, d in self.snapshot_dates.items() if mine(i, u)},
                archive_always=frozenset(u for u in self.archive_always if mine(i, u)),
                url_dates={u: d for u, d in self.url_dates.items() if mine(i, u)},
                first_cited={u: d for u, d in self.first_cited.items() if mine(i, u)},
                soft404_phrases=self.soft404_phrases,
                local_checks=self.local_checks,
            )
            for i, part in enumerate(parts)
        ]


def domain_of(url: str) -> str:
    """The registered domain of ``url``'s host ("" when it has none)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return ""
    return registered_domain(host) or ""


def part_of(domain: str, n: int) -> int:
    """The part of ``n`` that owns ``domain``: a stable hash (not Python's salted ``hash``)."""
    digest = hashlib.blake2b(domain.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % n


class Planner:
    """Builds a plan one document at a time (as documents are read): `add` each document's
    facts in input order, then take the `plan`."""

    def __init__(self, settings: PlanSettings) -> None:
        self.settings = settings
        self._urls: dict[str, set[str]] = {}
        self._snapshot: dict[str, dt.date | None] = {}
        self._always: set[str] = set()
        self._url_dates: dict[str, dt.date] = {}
        self._first: dict[str, dt.date] = {}
        self._local = False
        needs = all_needs() if settings.archive else ()
        self._kinds = {need.kind for need in needs}
        self._wants = [
            (need.wants, settings.rule_params.get(need.rule, {}))
            for need in needs
            if need.kind == ARCHIVE_ALWAYS and need.wants is not None
        ]

    def add(self, facts: Facts) -> list[str]:
        """Plan one document; its distinct fetchable URLs, sorted (code samples only with
        ``check_code``): what a checker running alongside the reading is handed."""
        urls = sorted(
            {
                link.normalized_url
                for link in facts.links
                if link.fetchable
                and (self.settings.check_code or any(not r.in_code for r in link.locations))
            }
        )
        for url in urls:
            self._urls.setdefault(domain_of(url), set()).add(url)
        if not self._local:
            self._local = any(is_local(link) and link.check is not None for link in facts.links)
        if self._kinds:
            self._add_needs(facts)
        return urls

    def _add_needs(self, facts: Facts) -> None:
        when = facts.reference.date if facts.reference else None
        all_regions = self.settings.all_regions
        for link in facts.links:
            url = link.normalized_url
            if SNAPSHOT_DATE in self._kinds:
                self._snapshot.setdefault(url, when)
            if any(wants(link, params, all_regions) for wants, params in self._wants):
                self._always.add(url)
            if FIRST_CITED in self._kinds:
                if link.url_date is not None:
                    self._url_dates[url] = link.url_date.date
                if when is not None:
                    known = self._first.get(url)
                    if known is None or when < known:
                        self._first[url] = when

    def plan(self) -> CheckPlan:
        """The plan of every document added so far."""
        return CheckPlan(
            by_domain={d: tuple(sorted(urls)) for d, urls in sorted(self._urls.items())},
            snapshot_dates=dict(self._snapshot),
            archive_always=frozenset(self._always),
            url_dates=dict(self._url_dates),
            first_cited=dict(self._first),
            soft404_phrases=self.settings.soft404_phrases,
            local_checks=self._local,
        )


def plan(facts: Iterable[Facts], settings: PlanSettings) -> CheckPlan:
    """The plan for ``facts`` (documents in input order)."""
    planner = Planner(settings)
    for f in facts:
        planner.add(f)
    return planner.plan()
