"""What a rule needs to know across documents, declared by the rule that needs it.

A rule sees one document. A few verdicts rest on facts that only the whole run knows, and that
the check stage must gather for them: the snapshot of a dead source closest to the date of the
article citing it (ARCH001), archive lookups even for working links when they are posts that
vanish (ARCH002), the earliest date any article cites a source, whose first capture by the web
archive is then looked up (TIME001). The rule's module declares such a need here, next to the
rule; the plan stage (`linkaudit.pipeline.plan`) gathers every declared need over the
documents, and the check stage answers them. Nothing in the API wires them by hand.

Needs are web-archive lookups: they are gathered only with ``--archive``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from linkaudit.model import Link

__all__ = ["Need", "SNAPSHOT_DATE", "ARCHIVE_ALWAYS", "FIRST_CITED", "declare_need", "all_needs"]

#: The reference date of the first article citing each URL: the snapshot nearest to it.
SNAPSHOT_DATE = "snapshot-date"
#: URLs looked up in the archive even when they work (``wants`` picks them).
ARCHIVE_ALWAYS = "archive-always"
#: The earliest date of an article citing each URL, and the URL's own date: a source dated
#: after its first citation has its first capture looked up.
FIRST_CITED = "first-cited"
KINDS = (SNAPSHOT_DATE, ARCHIVE_ALWAYS, FIRST_CITED)

#: ``wants(link, params, all_regions)``: whether the need covers this link (``params``: the
#: declaring rule's parameters in the pack).
Wants = Callable[[Link, Mapping[str, Any], bool], bool]


@dataclass(frozen=True, slots=True)
class Need:
    """One rule's need: its kind (`KINDS`) and, for ARCHIVE_ALWAYS, which links it covers."""

    rule: str
    kind: str
    wants: Wants | None = None


_NEEDS: list[Need] = []


def declare_need(rule: str, kind: str, wants: Wants | None = None) -> None:
    """Declare that ``rule`` needs ``kind`` gathered across documents."""
    if kind not in KINDS:
        raise ValueError(f"rule {rule}: unknown need {kind!r}")
    if kind == ARCHIVE_ALWAYS and wants is None:
        raise ValueError(f"rule {rule}: {kind} needs a `wants` function")
    _NEEDS.append(Need(rule, kind, wants))


def all_needs() -> tuple[Need, ...]:
    """Every declared need (importing the built-in rules declares theirs)."""
    from linkaudit.checks import load_all

    load_all()  # registers the built-in rules, and their needs
    return tuple(_NEEDS)
