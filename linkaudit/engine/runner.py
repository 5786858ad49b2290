"""Running the active rules over one document's facts and shaping their findings.

The runner decides which rules run (pack, ``--select``, ``--ignore``, offline), lets each rule
report `Issue`s, and turns those into `Finding`s: severity from the pack, one finding per distinct
URL per rule, a fingerprint that survives edits, and a stable order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from linkaudit.engine.packs import Pack
from linkaudit.engine.registry import Issue, Rule, RuleContext, all_rules
from linkaudit.errors import UsageError
from linkaudit.model import Finding, Severity

__all__ = ["ActiveRule", "active_rules", "make_findings", "fingerprint", "check_rule_ids"]


@dataclass(frozen=True, slots=True)
class ActiveRule:
    rule: Rule
    severity: Severity
    params: dict[str, object]


def check_rule_ids(ids: Iterable[str], what: str) -> list[str]:
    """Upper-case ``ids`` and refuse unknown ones with a "did you mean"."""
    import difflib

    known = {r.id for r in all_rules()}
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


def active_rules(
    pack: Pack,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    offline: bool = False,
) -> list[ActiveRule]:
    """The rules that run, in id order."""
    chosen = []
    for rule in all_rules():
        settings = pack.rules.get(rule.id)
        enabled = rule.enabled_by_default
        if settings is not None and settings.enabled is not None:
            enabled = settings.enabled
        if select:
            enabled = any(rule.id.startswith(s) for s in select)
        if any(rule.id.startswith(s) for s in ignore):
            enabled = False
        if not enabled or (offline and rule.needs_network):
            continue
        severity = settings.severity if settings and settings.severity else rule.severity
        params = dict(settings.params) if settings else {}
        chosen.append(ActiveRule(rule, severity, params))
    return chosen


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
    for ar in active:
        ctx = RuleContext(
            doc=context_for.doc,
            links=context_for.links,
            mentions=context_for.mentions,
            reference=context_for.reference,
            params=ar.params,
            today=context_for.today,
            offline=context_for.offline,
            all_regions=context_for.all_regions,
        )
        seen_urls: set[str] = set()
        occurrences: dict[str, int] = {}
        for issue in ar.rule.check(ctx):
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
                    message=issue.message,
                    source=source,
                    line=issue.line,
                    column=issue.column,
                    url=issue.url,
                    evidence=dict(issue.evidence),
                    suggestion=issue.suggestion,
                    fingerprint=fingerprint(ar.rule.id, relpath, key, n),
                )
            )
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return tuple(findings)


def _key(issue: Issue, normalize: dict[str, str] | None) -> str:
    if issue.url is not None:
        return (normalize or {}).get(issue.url, issue.url)
    return issue.subject or issue.message
