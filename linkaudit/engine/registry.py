"""The rule registry: one place that knows every rule's id, name, severity and check.

A rule is a plain function from a `RuleContext` (one document's facts) to `Issue`s, registered
with its metadata by the `rule` decorator; its docstring is its documentation (``linkaudit
explain``). Rules never touch the network and never raise for bad input: they just find nothing.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from linkaudit.model import (
    DateMention,
    Document,
    Link,
    LinkRef,
    ReferenceDate,
    Severity,
)

__all__ = ["Issue", "Rule", "RuleContext", "REGISTRY", "rule", "all_rules", "get_rule"]


@dataclass(frozen=True, slots=True)
class Issue:
    """What a rule reports; the engine adds name, severity, source and fingerprint."""

    message: str
    line: int
    column: int
    url: str | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    suggestion: str | None = None
    subject: str | None = None  # fingerprint key for findings without a URL
    severity: Severity | None = None  # overrides the configured severity (e.g. TIME001 downgrade)


@dataclass(frozen=True, slots=True)
class RuleContext:
    """One document's facts as a rule sees them."""

    doc: Document
    links: tuple[Link, ...]
    mentions: tuple[DateMention, ...]
    reference: ReferenceDate | None
    params: Mapping[str, Any]
    today: dt.date
    offline: bool = True
    all_regions: bool = False

    def citations(self) -> Iterator[tuple[Link, tuple[LinkRef, ...]]]:
        """Links that are cited somewhere in the piece, with their citing occurrences."""
        for link in self.links:
            refs = link.citations(self.all_regions)
            if refs:
                yield link, refs

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


CheckFn = Callable[[RuleContext], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's metadata next to its check function."""

    id: str
    name: str
    severity: Severity
    summary: str
    check: CheckFn
    family: str
    needs_network: bool = False
    enabled_by_default: bool = True

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or self.summary)


REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    name: str,
    severity: Severity | str,
    summary: str,
    *,
    needs_network: bool = False,
    enabled_by_default: bool = True,
) -> Callable[[CheckFn], CheckFn]:
    """Register the decorated function as rule ``id``."""

    def register(fn: CheckFn) -> CheckFn:
        if id in REGISTRY:
            raise ValueError(f"rule {id} registered twice")
        REGISTRY[id] = Rule(
            id=id,
            name=name,
            severity=Severity(severity),
            summary=summary,
            check=fn,
            family=id.rstrip("0123456789"),
            needs_network=needs_network,
            enabled_by_default=enabled_by_default,
        )
        return fn

    return register


def _load_builtin() -> None:
    # Importing the modules registers their rules.
    from linkaudit.checks import load_all

    load_all()


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by id."""
    _load_builtin()
    return [REGISTRY[k] for k in sorted(REGISTRY)]


def get_rule(rule_id: str) -> Rule | None:
    _load_builtin()
    return REGISTRY.get(rule_id.upper())
