"""Notes a run gives once, about all its documents: the site conventions that applied, local
links left unchecked, links refused for their private address. Pure functions of the facts and
results, gathered by whoever composes the stages (`linkaudit.api.audit`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path

from linkaudit.checks.local import OUTSIDE, is_local
from linkaudit.engine.packs import Pack
from linkaudit.engine.runner import offline_skipped
from linkaudit.model import DocumentResult
from linkaudit.pipeline.extract import PRIVATE_HINT, Facts
from linkaudit.sites.detect import Site

__all__ = [
    "NO_NETWORK",
    "checking_notes",
    "SiteTally",
    "site_tally",
    "site_notes",
    "site_notes_of",
    "private_note",
    "private_notes",
    "private_urls",
]


NO_NETWORK = "no network: links were not checked; offline rules only"


def checking_notes(
    checked: bool, network_down: bool, pack: Pack, select: Iterable[str], ignore: Iterable[str]
) -> list[str]:
    """What a run says of its link checks: every host down at DNS or connect (which says
    nothing about the links, so only the offline rules ran), or no checks at all (offline:
    which rules of the pack did not run)."""
    if network_down:
        return [NO_NETWORK]
    if not checked:
        return list(offline_skipped(pack, select=tuple(select), ignore=tuple(ignore)))
    return []


@dataclass(frozen=True, slots=True)
class SiteTally:
    """What the site notes need from some documents: the site generators whose conventions
    applied (first seen first), and the local links left unchecked, by reason. Tallies of
    chunks of a run merge (`merge`, in input order) into the run's."""

    sites: tuple[Site, ...] = ()
    skipped: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def merge(self, other: SiteTally) -> SiteTally:
        roots = {s.root for s in self.sites}
        skipped = dict(self.skipped)
        for reason, urls in other.skipped.items():
            skipped[reason] = (*skipped.get(reason, ()), *urls)
        return SiteTally((*self.sites, *(s for s in other.sites if s.root not in roots)), skipped)


def site_tally(facts: Iterable[Facts]) -> SiteTally:
    """The `SiteTally` of ``facts``."""
    sites: dict[Path, Site] = {}
    skipped: dict[str, list[str]] = {}
    for f in facts:
        if f.site is not None:
            sites.setdefault(f.site.root, f.site)
        for link in f.links:
            check = link.check
            if check is not None and check.status == "skipped" and is_local(link):
                skipped.setdefault(check.reason or OUTSIDE, []).append(link.url)
    return SiteTally(tuple(sites.values()), {k: tuple(v) for k, v in skipped.items()})


def site_notes(facts: Iterable[Facts], base_url: str | None = None) -> list[str]:
    """One line per site generator whose conventions applied, and one per reason local links
    were not checked (leaving the tree, say)."""
    return site_notes_of(site_tally(facts), base_url)


def site_notes_of(tally: SiteTally, base_url: str | None = None) -> list[str]:
    """`site_notes` from a tally (a distributed run's, merged from its chunks')."""
    notes = [
        f"site: {site.generator} conventions (from {site.detected_from} in "
        f"{site.root.as_posix()}) for links and heading anchors"
        for site in tally.sites
    ]
    for reason, urls in tally.skipped.items():
        more = ""
        if reason == OUTSIDE and not base_url:
            more = "; give --base-url to check them on the web"
        notes.append(
            f"{len(urls)} local link{'s' if len(urls) != 1 else ''} not checked: "
            f"{reason} (e.g. {urls[0]}){more}"
        )
    return notes


def private_notes(documents: Iterable[DocumentResult]) -> list[str]:
    """Links not fetched for their private or internal address (each a LINK012 warning):
    the flag and the config key that fetch them are named once for the run, not per link.
    (Call only when the network was used and private addresses were not allowed.)"""
    return private_note({url for d in documents for url in private_urls(d)})


def private_urls(document: DocumentResult) -> Iterator[str]:
    """The URLs of ``document`` not fetched for their private or internal address."""
    for link in document.links:
        if link.check is not None and link.check.status == "private":
            yield link.url


def private_note(urls: Set[str]) -> list[str]:
    """`private_notes` from the run's private URLs, gathered as the documents go by."""
    if not urls:
        return []
    many = len(urls) != 1
    return [
        f"{len(urls)} link{'s' if many else ''} to private or internal addresses not fetched"
        + PRIVATE_HINT.replace("fetch it,", "fetch them," if many else "fetch it,")
    ]
