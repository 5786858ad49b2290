"""Running the active rules over one document's facts and shaping their findings.

The runner decides which rules run (pack, ``--select``, ``--ignore``, offline), lets each rule
report `Issue`s, and turns those into `Finding`s: severity from the pack, one finding per distinct
URL per rule (per URL and `Issue.distinct` where a rule sets it: LINK010's fragments), a
fingerprint that survives edits, and a stable order.

A pack's custom rules run here too, as `Rule`s that live only for this run (never in the global
registry, so two packs with different custom rules can be used in one process). They are
evaluated together, so that each link's view is built once however many custom rules there are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linkaudit.engine import custom as custom_rules
from linkaudit.engine.custom import CustomRule
from linkaudit.engine.packs import Pack, known_rule_ids
from linkaudit.engine.registry import Issue, Rule, RuleContext, all_rules, cited_links
from linkaudit.errors import UsageError
from linkaudit.model import Finding, Link, LinkRef, Severity, safe_text
from linkaudit.settings import LOCAL_FACT_RULES

__all__ = [
    "ActiveRule",
    "active_rules",
    "catalog",
    "CatalogRow",
    "custom_rule",
    "make_findings",
    "fingerprint",
    "check_rule_ids",
    "offline_skipped",
]


@dataclass(frozen=True, slots=True)
class ActiveRule:
    rule: Rule
    severity: Severity
    params: dict[str, object]
    custom: CustomRule | None = None


def custom_rule(c: CustomRule) -> Rule:
    """A `Rule` for a pack's custom rule (its check runs the condition on its own)."""

    def check(ctx: RuleContext) -> Iterator[Issue]:
        yield from _custom_issues([c], ctx).get(c.id, [])

    check.__doc__ = c.description or f"Custom rule from {c.pack}: fires when ``{c.when}``."
    return Rule(
        id=c.id,
        name=c.name,
        severity=c.severity,
        summary=c.description.splitlines()[0] if c.description else c.when,
        check=check,
        family=c.id.rstrip("0123456789"),
        needs_network=c.needs_network,
    )


def check_rule_ids(ids: Iterable[str], what: str, custom: Sequence[CustomRule] = ()) -> list[str]:
    """Upper-case ``ids`` and refuse unknown ones with a "did you mean"."""
    import difflib

    known = set(known_rule_ids(tuple(custom)))
    out = []
    for raw in ids:
        rid = raw.strip().upper()
        if not rid:
            continue
        if rid in known or any(k.startswith(rid) for k in known):  # prefixes: LINK, TIME0
            out.append(rid)
            continue
        close = difflib.get_close_matches(rid, sorted(known), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"{what}: unknown rule id {raw!r}{hint}")
    return out


def _pack_rules(pack: Pack) -> list[tuple[Rule, CustomRule | None]]:
    rules: list[tuple[Rule, CustomRule | None]] = [(r, None) for r in all_rules()]
    rules.extend((custom_rule(c), c) for c in pack.custom)
    return sorted(rules, key=lambda pair: pair[0].id)


def _enabled(rule: Rule, pack: Pack, select: Sequence[str], ignore: Sequence[str]) -> bool:
    settings = pack.rules.get(rule.id)
    enabled = rule.enabled_by_default
    if settings is not None and settings.enabled is not None:
        enabled = settings.enabled
    if select:
        enabled = any(rule.id.startswith(s) for s in select)
    if any(rule.id.startswith(s) for s in ignore):
        enabled = False
    return enabled


def active_rules(
    pack: Pack,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    offline: bool = False,
    local_facts: bool = False,
) -> list[ActiveRule]:
    """The rules that run, in id order.

    Under ``offline`` the rules that need the network are dropped, except those in
    ``LOCAL_FACT_RULES`` when ``local_facts`` says some links were checked on disk: those rules
    read the same facts (a `LinkCheck` on the link) whoever gathered them, and find nothing on
    links that were not checked.
    """
    chosen = []
    for rule, custom in _pack_rules(pack):
        if not _enabled(rule, pack, select, ignore):
            continue
        local_ok = local_facts and custom is None and rule.id in LOCAL_FACT_RULES
        if offline and rule.needs_network and not local_ok:
            continue
        settings = pack.rules.get(rule.id)
        severity = settings.severity if settings and settings.severity else rule.severity
        params = dict(settings.params) if settings else {}
        chosen.append(ActiveRule(rule, severity, params, custom))
    return chosen


def offline_skipped(
    pack: Pack, *, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[str]:
    """Notes for the custom rules an offline run leaves out, so that nothing is silently off."""
    return [
        f"custom rule {c.id} ({c.name}) reads network facts: skipped under --offline"
        for c in pack.custom
        if c.needs_network and _enabled(custom_rule(c), pack, select, ignore)
    ]


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """One line of ``linkaudit rules``."""

    id: str
    name: str
    severity: Severity
    enabled: bool
    origin: str
    summary: str
    needs_network: bool


def catalog(pack: Pack) -> list[CatalogRow]:
    """Every rule a pack knows, built-in and custom, as the active pack configures it."""
    rows = []
    for rule, custom in _pack_rules(pack):
        settings = pack.rules.get(rule.id)
        severity = settings.severity if settings and settings.severity else rule.severity
        origin = custom.pack if custom is not None else "built-in"
        origin = pack.origin.get(rule.id, origin)
        rows.append(
            CatalogRow(
                rule.id,
                rule.name,
                severity,
                _enabled(rule, pack, (), ()),
                origin,
                rule.summary,
                rule.needs_network,
            )
        )
    return rows


def fingerprint(rule: str, path: str, key: str, occurrence: int) -> str:
    """A stable id for a finding: rule, path relative to the scan root, URL or subject, n."""
    digest = hashlib.sha256(f"{rule}\x1f{path}\x1f{key}\x1f{occurrence}".encode()).hexdigest()
    return digest[:20]


def make_findings(
    active: Sequence[ActiveRule],
    context_for: RuleContext,
    *,
    source: str,
    relpath: str,
    normalize: dict[str, str] | None = None,
) -> tuple[Finding, ...]:
    """Run every active rule on one document and return its findings in stable order."""
    findings: list[Finding] = []
    batch = [ar.custom for ar in active if ar.custom is not None]
    custom_issues = _custom_issues(batch, context_for) if batch else {}
    # Sifted once here: most rules read the citations, and each would sift every link again.
    cited = context_for.cited
    if cited is None:
        cited = cited_links(context_for.links, context_for.all_regions)
    bare: RuleContext | None = None  # one context for every rule without parameters (most)
    for ar in active:
        if ar.params or bare is None:
            ctx = _rule_context(context_for, ar.params, cited)
            if not ar.params:
                bare = ctx
        else:
            ctx = bare
        seen_urls: set[str] = set()
        occurrences: dict[str, int] = {}
        issues = custom_issues.get(ar.rule.id, []) if ar.custom else ar.rule.check(ctx)
        for issue in issues:
            key = _key(issue, normalize)
            if issue.url is not None:
                if key in seen_urls:
                    continue  # once per distinct URL per document
                seen_urls.add(key)
            n = occurrences.get(key, 0)
            occurrences[key] = n + 1
            severity = ar.severity
            if issue.severity is not None and issue.severity.rank < severity.rank:
                severity = issue.severity
            findings.append(
                Finding(
                    rule=ar.rule.id,
                    name=ar.rule.name,
                    severity=severity,
                    message=safe_text(issue.message),
                    source=source,
                    line=issue.line,
                    column=issue.column,
                    url=issue.url,
                    evidence=_safe_evidence(issue.evidence),
                    suggestion=safe_text(issue.suggestion)
                    if issue.suggestion is not None
                    else None,
                    fingerprint=fingerprint(ar.rule.id, relpath, key, n),
                )
            )
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return tuple(findings)


def _rule_context(
    context_for: RuleContext,
    params: dict[str, object],
    cited: tuple[tuple[Link, tuple[LinkRef, ...]], ...],
) -> RuleContext:
    """The document's context as one rule sees it: its parameters, the shared citations."""
    return RuleContext(
        doc=context_for.doc,
        links=context_for.links,
        mentions=context_for.mentions,
        reference=context_for.reference,
        params=params,
        today=context_for.today,
        offline=context_for.offline,
        all_regions=context_for.all_regions,
        cited=cited,
        url_dates_known=context_for.url_dates_known,
        allow_private=context_for.allow_private,
        base_url=context_for.base_url,
        check_code=context_for.check_code,
    )


def _safe_evidence(evidence: Mapping[str, Any]) -> dict[str, Any]:
    """Evidence with `safe_text` strings, keys and values, however deep (a page's title is
    quoted in it, and reports carry it into SARIF, JSON and HTML)."""
    return {_safe(k): _safe(v) for k, v in evidence.items()}


def _safe(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return safe_text(value)
    if value is None or kind is int or kind is float or kind is bool:
        return value
    if kind is dict or isinstance(value, Mapping):
        return {_safe(k): _safe(v) for k, v in value.items()}
    if kind is list:
        return [_safe(v) for v in value]
    if kind is tuple:
        return tuple(_safe(v) for v in value)
    return value


def _key(issue: Issue, normalize: dict[str, str] | None) -> str:
    if issue.url is not None:
        key = normalize.get(issue.url, issue.url) if normalize else issue.url
        return key if issue.distinct is None else f"{key}#{issue.distinct}"
    return issue.subject or issue.message


def _custom_issues(rules: Sequence[CustomRule], ctx: RuleContext) -> dict[str, list[Issue]]:
    reference = ctx.reference.iso() if ctx.reference else None
    out: dict[str, list[Issue]] = {}
    for hit in custom_rules.evaluate(
        rules, ctx.doc, ctx.links, reference, all_regions=ctx.all_regions
    ):
        refs = hit.link.citations(ctx.all_regions) if hit.rule.citations_only else ()
        where = refs[0] if refs else hit.link.first
        out.setdefault(hit.rule.id, []).append(
            Issue(
                message=hit.message,
                line=where.line,
                column=where.column,
                url=hit.link.url,
                evidence={"condition": hit.rule.when, "pack": hit.rule.pack},
            )
        )
    return out
