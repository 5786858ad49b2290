"""Notes a run gives once, about all its documents: the site conventions that applied, local
links left unchecked, links refused for their private address. Pure functions of the facts and
results, gathered by whoever composes the stages (`linkaudit.api.audit`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from linkaudit.checks.local import OUTSIDE, is_local
from linkaudit.model import DocumentResult
from linkaudit.pipeline.extract import PRIVATE_HINT, Facts

__all__ = ["site_notes", "private_notes"]


def site_notes(facts: Iterable[Facts], base_url: str | None = None) -> list[str]:
    """One line per site generator whose conventions applied, and one per reason local links
    were not checked (leaving the tree, say)."""
    notes = []
    seen: set[Path] = set()
    skipped: dict[str, list[str]] = {}
    for f in facts:
        if f.site is not None and f.site.root not in seen:
            seen.add(f.site.root)
            notes.append(
                f"site: {f.site.generator} conventions (from {f.site.detected_from} in "
                f"{f.site.root.as_posix()}) for links and heading anchors"
            )
        for link in f.links:
            check = link.check
            if check is not None and check.status == "skipped" and is_local(link):
                skipped.setdefault(check.reason or OUTSIDE, []).append(link.url)
    for reason, urls in skipped.items():
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
    urls = {
        link.url
        for d in documents
        for link in d.links
        if link.check is not None and link.check.status == "private"
    }
    if not urls:
        return []
    many = len(urls) != 1
    return [
        f"{len(urls)} link{'s' if many else ''} to private or internal addresses not fetched"
        + PRIVATE_HINT.replace("fetch it,", "fetch them," if many else "fetch it,")
    ]
