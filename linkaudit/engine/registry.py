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

__all__ = [
    "Issue",
    "Rule",
    "RuleContext",
    "cited_links",
    "REGISTRY",
    "PARAM_TYPES",
    "PARAM_BOUNDS",
    "check_param",
    "rule",
    "all_rules",
    "get_rule",
]


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
    #: What tells this finding from others about the same URL (LINK010: the fragment, since a
    #: page may lack several of the anchors a document links to): joined to the URL in the
    #: once-per-URL key and the fingerprint. None (most rules): one finding per distinct URL.
    distinct: str | None = None
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
    #: `cited_links` of these links, when the engine has worked it out once for the document:
    #: every rule that reads citations then shares it instead of sifting the links again.
    cited: tuple[tuple[Link, tuple[LinkRef, ...]], ...] | None = None
    #: The links carry `Link.url_date` as extraction found it (a scan's links do), so a None
    #: there is an answer, not "never looked": the time rules need not parse the URL again.
    url_dates_known: bool = False
    #: ``--allow-private``: private addresses are meant (an intranet's own pages); LINK012 is
    #: silent.
    allow_private: bool = False
    #: ``--base-url``: where the documents are published (the site's own links are its own).
    base_url: str | None = None
    #: ``--check-code``: links in code samples count too (LINK009 judges them).
    check_code: bool = False

    def citations(self) -> Iterator[tuple[Link, tuple[LinkRef, ...]]]:
        """Links that are cited somewhere in the piece, with their citing occurrences."""
        cited = self.cited
        return iter(cited if cited is not None else cited_links(self.links, self.all_regions))

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


def cited_links(
    links: Iterable[Link], all_regions: bool = False
) -> tuple[tuple[Link, tuple[LinkRef, ...]], ...]:
    """Each link that is cited somewhere in the piece, with its citing occurrences."""
    pairs = ((link, link.citations(all_regions)) for link in links)
    return tuple((link, refs) for link, refs in pairs if refs)


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
    #: The parameters a pack may set in ``[rules.ID]``, name -> type (see `PARAM_TYPES`).
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or self.summary)


REGISTRY: dict[str, Rule] = {}

#: The types a rule parameter may have, with the words an error message uses for each.
PARAM_TYPES: Mapping[Any, str] = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "a string",
    list[str]: 'a list of strings (["a", "b"])',
}

#: The range a numeric parameter must fall in, by name (a day count below 0, or a similarity
#: threshold above 1, would quietly turn a rule off or make it fire on everything).
PARAM_BOUNDS: Mapping[str, tuple[float, float]] = {
    "tolerance_days": (0, 36_500),
    "inferred_tolerance_days": (0, 36_500),
    "max_age_years": (0, 1_000),
    "threshold": (0.0, 1.0),
}

#: Parameters of rules whose module does not declare them yet (checks/network.py): used when
#: ``rule()`` is given no ``params``. LINK006's ``phrases`` is the list in rules/default.toml.
DECLARED_PARAMS: Mapping[str, Mapping[str, Any]] = {
    "LINK006": {"phrases": list[str]},
    "META001": {"threshold": float},
    "META004": {"tolerance_days": int},
}


def check_param(kind: Any, value: Any) -> tuple[bool, Any]:
    """Whether ``value`` (as TOML read it) is of parameter type ``kind``, and the value to use
    (an integer where a number is wanted becomes a float)."""
    if kind is bool:
        return isinstance(value, bool), value
    if isinstance(value, bool):
        return False, value
    if kind is int:
        return isinstance(value, int), value
    if kind is float:
        ok = isinstance(value, int | float)
        return ok, float(value) if ok else value
    if kind is str:
        return isinstance(value, str), value
    if kind == list[str]:
        return isinstance(value, list) and all(isinstance(v, str) for v in value), value
    raise TypeError(f"unknown parameter type {kind!r}")


def rule(
    id: str,
    name: str,
    severity: Severity | str,
    summary: str,
    *,
    needs_network: bool = False,
    enabled_by_default: bool = True,
    params: Mapping[str, Any] | None = None,
) -> Callable[[CheckFn], CheckFn]:
    """Register the decorated function as rule ``id``; ``params`` maps each parameter a pack may
    set to its type (``{"hosts": list[str], "threshold": float}``), checked when a pack loads."""
    schema = dict(params if params is not None else DECLARED_PARAMS.get(id, {}))
    for kind in schema.values():
        if kind not in PARAM_TYPES:
            raise TypeError(f"rule {id}: unknown parameter type {kind!r}")

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
            params=schema,
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
