"""The library entry point: ``audit(sources, options) -> AuditResult``.

`audit` composes the stages of `linkaudit.pipeline` (see its docstring for the architecture)
on one machine: documents are read and extracted in order (from the facts cache when
unchanged, in worker processes for large scans), each document's URLs are planned and handed
to a checker on a background thread as it arrives (so the network is busy while later
documents are parsed), and once every check is in, each document is judged. The command line
is a thin face over it.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, cast

from linkaudit.config import HostSettings, apply_host_settings
from linkaudit.engine.packs import Pack, load_pack
from linkaudit.inputs import Input, WalkResult, describe_skipped, expand_inputs
from linkaudit.model import AuditResult, DocumentResult, InputError, safe_text
from linkaudit.net.options import NetOptions
from linkaudit.pipeline.check import checker, finish
from linkaudit.pipeline.extract import (
    PRIVATE_HINT,
    PRIVATE_REASONS,
    ExtractSettings,
    Facts,
    Fetch,
    analyse_document,
    extract_settings,
    read_input,
)
from linkaudit.pipeline.judge import judge, judge_settings, settle
from linkaudit.pipeline.notes import checking_notes, site_notes
from linkaudit.pipeline.plan import Planner, plan_settings
from linkaudit.pipeline.reading import facts_cache_folder, file_bytes, read_all
from linkaudit.settings import PROGRESS_MIN_DOCUMENTS
from linkaudit.sites.detect import site_for
from linkaudit.sites.packs import choose_pack

__all__ = [
    "ScanOptions",
    "audit",
    "extract_links",
    "analyse_document",
    "read_input",
    "Facts",
    "DocumentSink",
    "PRIVATE_HINT",
]

_PRIVATE_REASONS = PRIVATE_REASONS  # the name tests and older callers know


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Everything a scan needs to know; the CLI and config files fill it in."""

    offline: bool = False
    pack: str | Pack = "default"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    published: dt.date | None = None
    today: dt.date | None = None
    all_regions: bool = False
    check_code: bool = False
    forced_type: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    day_first: bool = False
    net: NetOptions = field(default_factory=NetOptions)
    #: the result store (postgresql://…, sqlite:///path or a path); when set, replaces net.store
    store: str | None = field(default=None, repr=False)
    only: frozenset[Path] | None = None  # read only these files (resolved); --changed-since
    manifest: str | None = None  # a file listing paths to read, one a line (- : stdin)
    # --- rules engine (config.py fills these from a config file) ---
    exclude_url: tuple[str, ...] = ()  # regexes: matching links are neither checked nor reported
    # (glob, rule ids): findings of those rules in files matching the glob are dropped
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    config_dir: Path | None = None  # where per-file-ignores globs are rooted (the config's folder)
    report_unused_suppressions: bool = False
    baseline: Path | None = None  # report only findings not recorded here
    root_dir: Path | None = None  # root-relative local links resolve here
    base_url: str | None = None  # ... or map onto this published site
    hosts: tuple[HostSettings, ...] = ()  # per-host settings for the network client
    site: str = "auto"  # site generator conventions: auto | none | mdbook | mkdocs | ...
    pack_auto: bool = False  # no pack was asked for: a detected site may choose one
    # --- this machine (the cache folder is ``net.cache_dir``) ---
    #: processes that read documents: 0 or 1 in this process; None: $LINKAUDIT_WORKERS, else
    #: one per core for large scans (never inside a daemonic process, such as a Dask worker)
    workers: int | None = None
    #: where the facts cache's signing secret lives; None: $LINKAUDIT_STATE_DIR, else the
    #: user's state folder (see `linkaudit.factscache`)
    state_dir: Path | None = None
    #: spread the scan over a Dask cluster: ``local:N`` (N worker processes started here) or a
    #: scheduler's address, ``tcp://host:8786`` (see `linkaudit.cluster`); None: this machine
    cluster: str | None = None


class DocumentSink(Protocol):
    """Where `audit` hands each document's final result, in input order (a streaming report
    writer, say). On one machine the result returned holds the documents too; on a cluster
    (``options.cluster``) it does not: its ``documents`` is empty and ``counts`` says what
    they held, so the driver's memory does not grow with the archive."""

    def document(self, result: DocumentResult) -> None: ...


def audit(
    sources: Sequence[str],
    options: ScanOptions | None = None,
    *,
    stdin: Callable[[], bytes] | None = None,
    progress: object | None = None,
    sink: DocumentSink | None = None,
) -> AuditResult:
    """Scan ``sources`` (paths, directories, URLs, ``-``) and return everything found; each
    document's result also goes to ``sink`` when given."""
    options = options or ScanOptions()
    if options.cluster is not None:  # the same stages, as tasks on a cluster
        from linkaudit.cluster.driver import audit_on_cluster

        return audit_on_cluster(sources, options, sink=sink)
    today = options.today or dt.date.today()
    cwd = Path.cwd()
    pack = options.pack if isinstance(options.pack, Pack) else load_pack(options.pack)
    notes: list[str] = []
    options = _with_store_and_hosts(options, notes)
    walk = expand_inputs(
        sources,
        include=options.include,
        exclude=options.exclude,
        manifest=options.manifest,
        stdin=stdin or _read_stdin,
    )
    errors = [InputError(src, msg) for src, msg in walk.errors]
    items = [item for item in walk.inputs if _selected(item, options)]
    if options.pack_auto:
        pack, options = _auto_pack(items, options, pack, notes)

    # extract (and plan, and start checking) document by document
    reading = extract_settings(options, today=today, cwd=cwd)
    planner = Planner(
        plan_settings(
            pack,
            check_code=options.check_code,
            all_regions=options.all_regions,
            archive=options.net.archive,
        )
    )
    checks = None
    if not options.offline:
        bar = cast("Callable[[int, int], None] | None", progress)
        checks = checker(options.net, None, bar, soft404_phrases=planner.settings.soft404_phrases)
    started = checks.prepare if checks is not None and items else None
    fetch = checks.fetch_page if checks is not None else None
    # offline, a large folder's reading is the long phase: its progress is what there is to show
    shown = cast("Callable[[int, int], None] | None", progress) if options.offline else None
    if len(items) < PROGRESS_MIN_DOCUMENTS:
        shown = None
    facts: list[Facts] = []
    reads = _read_all(items, reading, stdin or _read_stdin, started, fetch, options)
    try:
        for done, (item, read) in enumerate(zip(items, reads, strict=True), 1):
            if isinstance(read, str):
                errors.append(InputError(item.source, read))
            else:
                facts.append(read)
                urls = planner.add(read)
                if checks is not None:  # checked while later documents are still being read
                    checks.add(urls)
            if shown is not None:
                shown(done, len(items))
    except BaseException:  # a reader's bug, a broken worker pool, Ctrl-C: no thread left behind
        reads.close()  # nor a reading process, kept alive by the traceback that holds `reads`
        if checks is not None:
            checks.abort()
        raise
    named = _named_inputs(sources, options)
    if not facts and not errors and options.only is None and named:
        errors.append(_nothing_read(named, walk))

    # check: wait for every check, and the archive lookups the rules' needs ask for
    plan = planner.plan()
    results = finish(checks, plan) if checks is not None else None
    network_down = results is not None and results.network_down
    # the facts stay as an offline scan has them when the network was down
    notes.extend(
        checking_notes(results is not None, network_down, pack, options.select, options.ignore)
    )
    notes.extend(site_notes(facts, options.base_url))

    # judge each document; then the baseline, and what is said once for the run (settle)
    settings = judge_settings(
        options,
        pack,
        today=today,
        cwd=cwd,
        network_down=network_down,
        local_checks=plan.local_checks,
    )
    checked = results if results is not None and not network_down else {}
    settled = settle((judge(f, checked, settings) for f in facts), settings, options.baseline)
    notes.extend(settled.notes)
    if sink is not None:
        for d in settled.documents:
            sink.document(d)
    return AuditResult(
        documents=settled.documents,
        errors=tuple(errors),
        skipped_files=walk.skipped,
        network_down=network_down,
        notes=tuple(safe_text(n) for n in notes),  # they may quote a document or a page
        baseline=settled.baseline,
    )


def extract_links(
    sources: Sequence[str],
    options: ScanOptions | None = None,
    *,
    stdin: Callable[[], bytes] | None = None,
) -> AuditResult:
    """Read and extract ``sources`` as `audit` does, but run no rule and never use the
    network (URL inputs are refused): what ``linkaudit links`` lists."""
    options = replace(options or ScanOptions(), offline=True)
    walk = expand_inputs(sources, include=options.include, exclude=options.exclude)
    errors = [InputError(src, msg) for src, msg in walk.errors]
    items = []
    for item in walk.inputs:
        if item.url is not None:
            errors.append(InputError(item.source, "'links' never fetches: save the page first"))
        elif _selected(item, options):
            items.append(item)
    reading = extract_settings(options)
    documents = []
    reads = _read_all(items, reading, stdin or _read_stdin, options=options)
    for item, read in zip(items, reads, strict=True):
        if isinstance(read, str):
            errors.append(InputError(item.source, read))
        else:
            documents.append(
                DocumentResult(
                    read.document, read.links, read.mentions, read.reference, (), read.relpath
                )
            )
    if not documents and not errors and sources:
        errors.append(_nothing_read(sources, walk))
    return AuditResult(tuple(documents), tuple(errors), walk.skipped)


def _named_inputs(sources: Sequence[str], options: ScanOptions) -> list[str]:
    """What the user named to read: the sources, and the manifest (for "nothing read")."""
    return [*sources, *([f"--manifest {options.manifest}"] if options.manifest else [])]


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def _selected(item: Input, options: ScanOptions) -> bool:
    """Whether ``item`` is read: every input, or with ``--changed-since`` the files named."""
    return options.only is None or (item.path is not None and item.path.resolve() in options.only)


def _with_store_and_hosts(options: ScanOptions, notes: list[str]) -> ScanOptions:
    """The options with ``store`` and the per-host settings applied to the network options."""
    if options.store is not None:
        options = replace(options, net=replace(options.net, store=options.store))
    if options.hosts and not options.offline:
        net, host_notes = apply_host_settings(options.net, options.hosts)
        options = replace(options, net=net)
        notes.extend(host_notes)
    return options


def _nothing_read(sources: Sequence[str], walk: WalkResult) -> InputError:
    """A scan that found nothing at all to read is an input error, as a linter's path that
    matches no file is: it says what was skipped, and why."""
    skipped = describe_skipped(walk)
    return InputError(
        " ".join(sources),
        f"no document to read: {skipped}" if skipped else "no document to read (no file found)",
    )


def _auto_pack(
    items: Sequence[Input], options: ScanOptions, pack: Pack, notes: list[str]
) -> tuple[Pack, ScanOptions]:
    """The pack a detected site calls for, when none was asked for (`linkaudit.sites.packs`)."""
    pages = []
    for item in items:
        site = site_for(item.path, options.site)
        if site is not None and item.path is not None:
            pages.append((site, item.path))
    choice = choose_pack(pages)
    if choice is None or choice[0] == pack.name:
        return pack, options
    name, reason = choice
    chosen = load_pack(name)
    notes.append(f"pack {name}, chosen because {reason} (--rules or the config's rules wins)")
    return chosen, replace(options, pack=chosen)


# --- Reading on one machine (`linkaudit.pipeline.reading`) -------------------------------------

_file_bytes = file_bytes  # looked up here when a scan starts: tests count or change the reads


def _read_all(
    items: Sequence[Input],
    settings: ExtractSettings,
    stdin: Callable[[], bytes],
    started: Callable[[], None] | None = None,
    fetch: Fetch | None = None,
    options: ScanOptions | None = None,
) -> Generator[Facts | str, None, None]:
    """`read_all` with the options' facts cache, state folder and worker count."""
    options = options or ScanOptions()
    return read_all(
        items,
        settings,
        stdin,
        started=started,
        fetch=fetch,
        cache_folder=facts_cache_folder(options.net.use_cache, options.net.cache_dir),
        state_dir=options.state_dir,
        workers=options.workers,
        read=read_input,
        bytes_of=_file_bytes,
    )
