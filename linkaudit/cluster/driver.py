"""The driver of a distributed scan: `audit`'s stages submitted to a Dask cluster.

1. The inputs are expanded here and cut into chunks (`settings.CLUSTER_CHUNK_DOCUMENTS`).
2. An extract task per chunk reads its documents; the facts stay on the worker (Dask spills
   them to disk under memory pressure), and a plan task sends back only the chunk's check plan
   (and its read count and site tally). The plans merge here, in input order.
3. The merged plan's URLs are checked by partition of registered domain, in rounds
   (`linkaudit.cluster.checks`); with ``--archive`` one more task looks up snapshots.
4. A judge task per chunk judges its documents against the checks (sent to each worker once);
   the results come back chunk by chunk, in input order, and each is settled as it comes
   (`linkaudit.pipeline.judge.Settler`: the baseline joined on fingerprints, the first
   LINK012's hint; the run's notes at the end), as `settle` does on one machine.

With a sink (a streaming report), each settled document goes to it and is let go: the driver's
memory then holds the plan (URLs, not documents), a future per chunk, the baseline, and counts
(`FindingCounts`, in the returned `AuditResult`), not the documents. Without one, the result
holds every document, as on one machine.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linkaudit import settings
from linkaudit.cluster.checks import check_on_cluster
from linkaudit.cluster.session import on_this_machine, open_client, thread_count
from linkaudit.cluster.spec import parse_cluster
from linkaudit.cluster.tasks import ChunkPlan, extract_chunk, judge_chunk, plan_chunk
from linkaudit.engine.packs import Pack, load_pack
from linkaudit.errors import ClusterError, UsageError
from linkaudit.inputs import expand_inputs
from linkaudit.model import AuditResult, DocumentResult, FindingCounts, InputError, safe_text
from linkaudit.net import CheckResults
from linkaudit.pipeline.extract import ReadFailure, extract_settings
from linkaudit.pipeline.judge import Settler, judge_settings
from linkaudit.pipeline.notes import SiteTally, checking_notes, site_notes_of
from linkaudit.pipeline.plan import CheckPlan, plan_settings

if TYPE_CHECKING:
    from linkaudit.api import DocumentSink, ScanOptions

__all__ = ["audit_on_cluster", "chunk_size", "merge_plans", "run"]


def audit_on_cluster(
    sources: Sequence[str], options: ScanOptions, *, sink: DocumentSink | None = None
) -> AuditResult:
    """`linkaudit.api.audit` on the cluster ``options.cluster`` names (started here for
    ``local:N``): the same result, documents in input order."""
    assert options.cluster is not None
    spec = parse_cluster(options.cluster)
    with open_client(spec) as client:
        try:
            return run(client, sources, options, sink=sink, shared_store=on_this_machine(client))
        except _lost() as exc:
            raise ClusterError(
                f"--cluster {spec}: the cluster was lost mid-run ({type(exc).__name__}: "
                f"{exc}); results stored so far are kept: run the same command again"
            ) from None


def _lost() -> tuple[type[BaseException], ...]:
    """What Dask raises when the cluster, not a task's own code, failed: a worker killed too
    often, the scheduler gone, the connection closed or timed out."""
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    return (KilledWorker, FutureCancelledError, CommClosedError, TimeoutError)


def run(
    client: Any,
    sources: Sequence[str],
    options: ScanOptions,
    *,
    sink: DocumentSink | None = None,
    shared_store: bool = True,
) -> AuditResult:
    """The scan on ``client``'s cluster (see the module's docstring). ``shared_store``: the
    workers share this machine's folders (a local cluster), so the default sqlite store too."""
    from linkaudit import api

    today = options.today or dt.date.today()
    cwd = Path.cwd()
    pack = options.pack if isinstance(options.pack, Pack) else load_pack(options.pack)
    notes: list[str] = []
    options = api._with_store_and_hosts(options, notes)
    shared = (options.net.store or "").lower().startswith(("postgresql:", "postgres:"))
    if not (shared_store or shared or options.offline or not options.net.use_cache):
        notes.append(
            "each worker keeps results in its own sqlite store: give --store "
            "postgresql://… to share them (and resume a run from any machine)"
        )
    walk = expand_inputs(
        sources,
        include=options.include,
        exclude=options.exclude,
        manifest=options.manifest,
        stdin=api._read_stdin,
    )
    errors = [InputError(src, msg) for src, msg in walk.errors]
    items = [item for item in walk.inputs if api._selected(item, options)]
    for item in items:
        if item.stdin:
            raise UsageError("standard input (-) is not read with --cluster: save it to a file")
        if item.url is not None and not options.offline:
            raise UsageError(
                f"{item.source}: a published page is not fetched with --cluster "
                "(save it, or scan it without --cluster)"
            )
    if options.pack_auto:
        pack, options = api._auto_pack(items, options, pack, notes)
    run_id = uuid.uuid4().hex[:12]
    reading = extract_settings(options, today=today, cwd=cwd)
    planning = plan_settings(
        pack, check_code=options.check_code, all_regions=options.all_regions,
        archive=options.net.archive,
    )  # fmt: skip
    size = chunk_size(len(items), thread_count(client))
    chunks = [items[k : k + size] for k in range(0, len(items), size)]
    facts = [
        client.submit(extract_chunk, chunk, reading, key=f"linkaudit-extract-{run_id}-{i}")
        for i, chunk in enumerate(chunks)
    ]
    plans = [
        client.submit(plan_chunk, f, planning, key=f"linkaudit-plan-{run_id}-{i}")
        for i, f in enumerate(facts)
    ]
    judged: list[Any] = []
    try:
        chunk_plans = _in_order(plans)
        plan, read, tally = merge_plans(chunk_plans)
        named = api._named_inputs(sources, options)
        if not read and not errors and options.only is None and named:
            errors.append(api._nothing_read(named, walk))

        results: CheckResults | None = None
        if not options.offline:
            net = options.net
            if plan.soft404_phrases:
                net = replace(net, soft404_phrases=plan.soft404_phrases)
            if shared_store or shared:  # made (and found usable) once, here, before the tasks
                _touch_store(net)
            results = check_on_cluster(client, plan.urls, net, thread_count(client))
            if net.archive:
                results = _archive(client, results, plan, net, run_id)
        network_down = results is not None and results.network_down
        notes.extend(
            checking_notes(results is not None, network_down, pack, options.select, options.ignore)
        )
        notes.extend(site_notes_of(tally, options.base_url))

        judging = judge_settings(
            options, pack, today=today, cwd=cwd, network_down=network_down,
            local_checks=plan.local_checks,
        )  # fmt: skip
        checked = dict(results) if results is not None and not network_down else {}
        [shared] = client.scatter([checked], broadcast=True, hash=False)
        plans.append(shared)  # let go with the rest at the end
        judged = [
            client.submit(judge_chunk, f, shared, judging, key=f"linkaudit-judge-{run_id}-{i}")
            for i, f in enumerate(facts)
        ]

        settler = Settler(judging, options.baseline)
        kept: list[DocumentResult] = []
        counts = _Counter()
        for outcome in _in_order(judged, also=facts):
            if isinstance(outcome, ReadFailure):
                errors.append(InputError(outcome.source, outcome.message))
                continue
            document = settler.add(outcome)
            if sink is None:
                kept.append(document)
            else:  # passed on, not kept: the driver's memory does not grow with the archive
                counts.add(document)
                sink.document(document)
        settled_notes, baseline = settler.finish()
    finally:
        for future in [*facts, *plans, *judged]:
            future.release()
    notes.extend(settled_notes)
    return AuditResult(
        documents=tuple(kept),
        errors=tuple(errors),
        skipped_files=walk.skipped,
        network_down=network_down,
        notes=tuple(safe_text(n) for n in notes),  # they may quote a document or a page
        baseline=baseline,
        counts=None if sink is None else counts.frozen(),
    )


class _Counter:
    """`FindingCounts` added up document by document."""

    def __init__(self) -> None:
        self.documents = 0
        self.by_severity: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()

    def add(self, document: DocumentResult) -> None:
        self.documents += 1
        for f in document.findings:
            self.by_severity[f.severity.value] += 1
            self.by_rule[f.rule] += 1

    def frozen(self) -> FindingCounts:
        return FindingCounts(self.documents, dict(self.by_severity), dict(self.by_rule))


def _touch_store(net: Any) -> None:
    """Open the store the workers share and close it: its file and tables are made once, and
    a store that cannot be opened stops the scan here, in one line, not in every task."""
    from linkaudit.net import open_cache

    store = open_cache(net)
    if store is not None:
        store.close()


def chunk_size(documents: int, threads: int) -> int:
    """Documents per task: `settings.CLUSTER_CHUNK_DOCUMENTS`, or fewer, so that a small
    archive still gives each worker thread `settings.CLUSTER_TASKS_PER_THREAD` chunks."""
    spread = -(-documents // (threads * settings.CLUSTER_TASKS_PER_THREAD))
    return max(1, min(settings.CLUSTER_CHUNK_DOCUMENTS, spread))


def _in_order(futures: Sequence[Any], also: Sequence[Any] = ()) -> Iterable[Any]:
    """Each future's items (a chunk's), chunk after chunk in input order, each future (and
    its chunk's future in ``also``) let go once read: the cluster keeps no chunk passed on."""
    for i, future in enumerate(futures):
        answer = future.result()
        future.release()
        if i < len(also):
            also[i].release()
        if isinstance(answer, list):
            yield from answer
        else:
            yield answer


def merge_plans(chunks: Iterable[ChunkPlan]) -> tuple[CheckPlan, int, SiteTally]:
    """The chunks' plans merged in input order, as a balanced tree (each URL is copied about
    log(chunks) times, not once per chunk), with the read counts and site tallies."""
    stack: list[tuple[int, ChunkPlan]] = []
    for chunk in chunks:
        size, here = 1, chunk
        while stack and stack[-1][0] == size:
            n, before = stack.pop()
            here, size = _merge(before, here), size + n
        stack.append((size, here))
    total = ChunkPlan(CheckPlan(), 0, SiteTally())
    for _, chunk in stack:
        total = _merge(total, chunk)
    return total.plan, total.read, total.tally


def _merge(a: ChunkPlan, b: ChunkPlan) -> ChunkPlan:
    return ChunkPlan(a.plan.merge(b.plan), a.read + b.read, a.tally.merge(b.tally))


def _archive(
    client: Any, results: CheckResults, plan: CheckPlan, net: Any, run_id: str
) -> CheckResults:
    """The snapshot look-ups ``--archive`` asks for, as one task after every check: the
    archive's host is then sent requests by this task alone."""
    from linkaudit.cluster.checks import archive_task

    future = client.submit(archive_task, results, plan, net, key=f"linkaudit-archive-{run_id}")
    try:
        return future.result()
    finally:
        future.release()
