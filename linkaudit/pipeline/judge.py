"""The judge stage: one document's facts and its URLs' checks -> its findings.

Pure per document: the rules of the pack (`linkaudit.engine`), then per-file ignores, then the
document's inline suppressions. What the run as a whole decided (the network was down, some
relative link was checked on disk) is in `JudgeSettings`, made once per run by
`judge_settings`. `settle` concludes a run from its judged documents: the baseline, a join on
fingerprints over the results (`apply_baseline_file`), and the notes said once for the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from linkaudit.checks.links import hint_first_private
from linkaudit.config import ignored_by_file
from linkaudit.engine.baseline import BaselineEntry, apply_baseline, read_baseline
from linkaudit.engine.packs import Pack
from linkaudit.engine.registry import RuleContext
from linkaudit.engine.runner import ActiveRule, active_rules, make_findings
from linkaudit.engine.suppress import apply_suppressions, unknown_id_notes
from linkaudit.model import DocumentResult
from linkaudit.pipeline.check import Checks, with_checks
from linkaudit.pipeline.extract import Facts
from linkaudit.pipeline.notes import private_note, private_urls

if TYPE_CHECKING:
    from linkaudit.api import ScanOptions

__all__ = [
    "JudgeSettings",
    "Judged",
    "Settled",
    "Settler",
    "baseline_summary",
    "apply_baseline_file",
    "judge",
    "judge_settings",
    "rule_ran",
    "settle",
]


@dataclass(frozen=True, slots=True)
class JudgeSettings:
    """What judging one document depends on besides its facts: made once per run."""

    pack: Pack
    today: dt.date
    path_root: Path  # the working directory: per-file-ignores globs without a config file
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    offline: bool = False  # --offline (what the rules are told)
    #: the network rules do not run: offline, or the network was down
    network_rules_off: bool = False
    #: some relative link was checked on disk: the rules reading those facts run offline too
    local_checks: bool = False
    all_regions: bool = False
    allow_private: bool = False
    base_url: str | None = None
    check_code: bool = False
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    config_dir: Path | None = None
    report_unused_suppressions: bool = False


def judge_settings(
    options: ScanOptions,
    pack: Pack,
    *,
    today: dt.date | None = None,
    cwd: Path | None = None,
    network_down: bool = False,
    local_checks: bool = False,
) -> JudgeSettings:
    """The judge settings of a scan with ``pack``: ``network_down`` from the check stage,
    ``local_checks`` from the plan (`CheckPlan.local_checks`)."""
    return JudgeSettings(
        pack=pack,
        today=today or options.today or dt.date.today(),
        path_root=cwd or Path.cwd(),
        select=options.select,
        ignore=options.ignore,
        offline=options.offline,
        network_rules_off=options.offline or network_down,
        local_checks=local_checks,
        all_regions=options.all_regions,
        allow_private=options.net.allow_private,
        base_url=options.base_url,
        check_code=options.check_code,
        per_file_ignores=options.per_file_ignores,
        config_dir=options.config_dir,
        report_unused_suppressions=options.report_unused_suppressions,
    )


@dataclass(frozen=True, slots=True)
class Judged:
    """One document's result, and the notes it gives the run (encoding guessed, suppressions
    naming unknown rules or silencing nothing), in order."""

    result: DocumentResult
    notes: tuple[str, ...] = ()


_ACTIVE: list[tuple[JudgeSettings, list[ActiveRule]]] = []


def active(settings: JudgeSettings) -> list[ActiveRule]:
    """The rules that run under ``settings`` (worked out once for a run's settings)."""
    for known, rules in _ACTIVE:
        if known is settings or known == settings:
            return rules
    rules = active_rules(
        settings.pack,
        select=settings.select,
        ignore=settings.ignore,
        offline=settings.network_rules_off,
        local_facts=settings.local_checks,
    )
    _ACTIVE[:] = [(settings, rules)]
    return rules


def judge(facts: Facts, checks: Checks, settings: JudgeSettings) -> Judged:
    """Run the rules on one document whose URLs' checks are in ``checks`` (empty: offline, or
    the network down); per-file ignores and inline suppressions applied."""
    f = with_checks(facts, checks)
    doc = f.document
    notes = [f"{doc.source}: {doc.encoding_warning}"] if doc.encoding_warning else []
    normalize = {link.url: link.normalized_url for link in f.links}
    for link in f.links:
        for ref in link.locations:
            normalize.setdefault(ref.url, link.normalized_url)
    ctx = RuleContext(
        doc=doc,
        links=f.links,
        mentions=f.mentions,
        reference=f.reference,
        params={},
        today=settings.today,
        offline=settings.offline,
        all_regions=settings.all_regions,
        url_dates_known=True,  # extraction set every link's url_date
        allow_private=settings.allow_private,
        base_url=settings.base_url,
        check_code=settings.check_code,
    )
    findings = make_findings(
        active(settings), ctx, source=doc.source, relpath=f.relpath, normalize=normalize
    )
    base = settings.config_dir or settings.path_root
    off = ignored_by_file(settings.per_file_ignores, base, f.path)
    if off:
        findings = tuple(x for x in findings if not any(x.rule.startswith(i) for i in off))
    outcome = apply_suppressions(findings, doc.suppressions)
    notes.extend(unknown_id_notes(doc.source, doc.suppressions, settings.pack.custom))
    unused = outcome.unused if settings.report_unused_suppressions else ()
    for s in unused:
        notes.append(
            f"{doc.source}:{s.line}:{s.column}: unused suppression {s.text!r}: "
            "it silenced no finding"
        )
    result = DocumentResult(
        doc,
        f.links,
        f.mentions,
        f.reference,
        outcome.kept,
        relpath=f.relpath,
        site=f.site.as_dict() if f.site is not None else None,
        suppressed=len(outcome.suppressed),
        unused_suppressions=unused,
    )
    return Judged(result, tuple(notes))


@dataclass(frozen=True, slots=True)
class Settled:
    """A run's judged documents, concluded: after the baseline, with the run's first LINK012
    naming the flag that lifts it; ``notes``: the documents' own, then the baseline's, then
    the private-address note (when no LINK012 said it); ``baseline``: the report's summary."""

    documents: tuple[DocumentResult, ...]
    notes: tuple[str, ...]
    baseline: Mapping[str, object] | None = None


def settle(
    judged: Iterable[Judged], settings: JudgeSettings, baseline: Path | None = None
) -> Settled:
    """Conclude a run from its documents' `Judged`, in input order: the baseline at
    ``baseline`` joined on fingerprints, and what is said once for the run."""
    settler = Settler(settings, baseline)
    documents = [settler.add(j) for j in judged]
    notes, summary = settler.finish()
    return Settled(tuple(documents), notes, summary)


class Settler:
    """`settle` one document at a time, for a run whose documents are not kept: `add` each
    `Judged` in input order and pass on the document it gives back; `finish` gives the notes
    and the baseline summary. The same output as `settle`, holding the baseline (read once),
    the documents' notes, the private URLs, and the baseline's fingerprints and files seen,
    never the documents."""

    def __init__(self, settings: JudgeSettings, baseline: Path | None = None) -> None:
        self._settings = settings
        self._path = baseline
        self._notes: list[str] = []
        self._private: set[str] = set()
        self._hint = not settings.allow_private
        self._link012 = False
        self._recorded: frozenset[str] = frozenset()
        self._files: frozenset[str] = frozenset()
        self._entries: tuple[BaselineEntry, ...] = ()
        if baseline is not None:
            self._entries = read_baseline(baseline).entries
            self._recorded = frozenset(e.fingerprint for e in self._entries)
            self._files = frozenset(e.file for e in self._entries)
        self._present: set[str] = set()  # recorded fingerprints found again
        self._scanned: set[str] = set()  # the baseline's files among the documents
        self._baselined = 0

    def add(self, judged: Judged) -> DocumentResult:
        """The document as the report shows it: after the baseline, with the hint."""
        d = judged.result
        self._notes.extend(judged.notes)
        if self._path is not None:
            if d.relpath in self._files:
                self._scanned.add(d.relpath)
            kept = []
            for f in d.findings:
                if f.fingerprint in self._recorded:
                    self._present.add(f.fingerprint)
                    self._baselined += 1
                else:
                    kept.append(f)
            d = replace(d, findings=tuple(kept))
        if not (self._settings.offline or self._settings.allow_private):
            self._private.update(private_urls(d))
        if not self._link012 and any(f.rule == "LINK012" for f in d.findings):
            self._link012 = True
            if self._hint:
                [d] = hint_first_private([d])
        return d

    def finish(self) -> tuple[tuple[str, ...], Mapping[str, object] | None]:
        """The run's notes (the documents', the baseline's, the private-address note) and
        the baseline summary of the report."""
        notes = list(self._notes)
        summary: dict[str, object] | None = None
        if self._path is not None:
            summary, baseline_notes = self._baseline_summary(self._path)
            notes.extend(baseline_notes)
        if not self._link012:  # the flag is named once: by the first LINK012, else here
            notes.extend(private_note(self._private))
        return tuple(notes), summary

    def _baseline_summary(self, path: Path) -> tuple[dict[str, object], list[str]]:
        ran = rule_ran(self._settings)
        gone = [
            e
            for e in self._entries
            if e.fingerprint not in self._present and e.file in self._scanned and ran(e)
        ]
        return baseline_summary(path, self._baselined, gone)


def rule_ran(settings: JudgeSettings) -> Callable[[BaselineEntry], bool]:
    """Whether a baseline entry's rule ran on it: active, and, for a network rule that an
    offline scan runs only on local links (LOCAL_FACT_RULES), only when the entry is local."""
    rules = active(settings)
    ran = {ar.rule.id for ar in rules}
    local_only = {
        ar.rule.id for ar in rules if settings.network_rules_off and ar.rule.needs_network
    }

    def check(entry: BaselineEntry) -> bool:
        if entry.rule not in ran:
            return False
        if entry.rule in local_only:
            return not (entry.url or "").lower().startswith(("http://", "https://"))
        return True

    return check


def apply_baseline_file(
    documents: Sequence[DocumentResult], path: Path, settings: JudgeSettings
) -> tuple[list[DocumentResult], dict[str, object], list[str]]:
    """Keep only findings whose fingerprints the baseline at ``path`` does not record: the
    documents, the report's baseline summary, and the notes saying what was left out."""
    baseline = read_baseline(path)
    pairs = [(d, f) for d in documents for f in d.findings]
    outcome = apply_baseline(
        baseline, [f for _, f in pairs], {d.relpath for d in documents}, rule_ran(settings)
    )
    new = {f.fingerprint for f in outcome.new}
    kept = [
        replace(d, findings=tuple(f for f in d.findings if f.fingerprint in new)) for d in documents
    ]
    summary, notes = baseline_summary(path, outcome.baselined, outcome.fixed)
    return kept, summary, notes


def baseline_summary(
    path: Path, baselined: int, gone: Sequence[BaselineEntry]
) -> tuple[dict[str, object], list[str]]:
    """The report's baseline summary and the notes saying what the baseline left out."""
    fixed = [
        {
            "rule": e.rule,
            "file": e.file,
            "url": e.url,
            "message": e.message,
            "fingerprint": e.fingerprint,
        }
        for e in gone
    ]
    n = baselined
    notes = [f"baseline {path}: {n} known finding{'s' if n != 1 else ''} not shown"]
    if fixed:
        notes.append(
            f"baseline {path}: {len(fixed)} recorded finding{'s' if len(fixed) != 1 else ''} "
            "no longer found (fixed): write the baseline again to prune "
            + "; ".join(f"{e['file']} {e['rule']} {e['url'] or e['message']}" for e in fixed)
        )
    summary = {"file": str(path), "baselined": baselined, "fixed": fixed}
    return summary, notes
