"""The library entry point: ``audit(sources, options) -> AuditResult``.

`audit` composes the stages of `linkaudit.pipeline` (see its docstring for the architecture)
on one machine: documents are read and extracted in order (from the facts cache when
unchanged, in worker processes for large scans), each document's URLs are planned and handed
to a checker on a background thread as it arrives (so the network is busy while later
documents are parsed), and once every check is in, each document is judged. The command line
is a thin face over it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from linkaudit.config import HostSettings, apply_host_settings
from linkaudit.engine.packs import Pack, load_pack
from linkaudit.engine.runner import offline_skipped
from linkaudit.factscache import FactsCache, code_fingerprint, entry_key
from linkaudit.inputs import Input, WalkResult, describe_skipped, expand_inputs
from linkaudit.model import AuditResult, Document, DocumentResult, InputError, safe_text
from linkaudit.net.options import NetOptions
from linkaudit.pipeline.check import checker, finish
from linkaudit.pipeline.extract import (
    PRIVATE_HINT,
    PRIVATE_REASONS,
    ExtractSettings,
    Facts,
    Fetch,
    analyse,
    analyse_document,
    extract_settings,
    localize,
    read_input,
    scan_root,
)
from linkaudit.pipeline.judge import judge, judge_settings, settle
from linkaudit.pipeline.notes import site_notes
from linkaudit.pipeline.plan import Planner, plan_settings
from linkaudit.readers import format_for
from linkaudit.settings import (
    MAX_INPUT_BYTES,
    PARALLEL_MAX_WORKERS,
    PARALLEL_MIN_DOCUMENTS,
    PROGRESS_MIN_DOCUMENTS,
    READER_NICENESS,
)
from linkaudit.sites.detect import site_for
from linkaudit.sites.packs import choose_pack

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

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
    """Where `audit` hands each document's final result, in input order, as well as
    returning it (a streaming report writer, say)."""

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
    walk = expand_inputs(sources, include=options.include, exclude=options.exclude)
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
    try:
        reads = _read_all(items, reading, stdin or _read_stdin, started, fetch, options)
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
        if checks is not None:
            checks.abort()
        raise
    if not facts and not errors and options.only is None and sources:
        errors.append(_nothing_read(sources, walk))

    # check: wait for every check, and the archive lookups the rules' needs ask for
    plan = planner.plan()
    results = finish(checks, plan) if checks is not None else None
    network_down = results is not None and results.network_down
    if network_down:
        # Every host failed at DNS or connect: that says nothing about the links themselves.
        # The facts stay as an offline scan has them, and only the offline rules run.
        notes.append("no network: links were not checked; offline rules only")
    elif results is None:
        notes.extend(offline_skipped(pack, select=options.select, ignore=options.ignore))
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


# --- Reading on one machine: the facts cache, and a pool of reading processes ---------------


def _read(
    item: Input, settings: ExtractSettings, stdin: Callable[[], bytes], **kw: bytes | None
) -> Document:
    """`read_input`, looked up here when called (so that a test can count the reads)."""
    return read_input(item, settings, stdin, **kw)


def _analyse_one(
    item: Input,
    settings: ExtractSettings,
    stdin: Callable[[], bytes],
    data: bytes | None = None,
    fetch: Fetch | None = None,
) -> Facts | str:
    """What reading alone finds in one input (what the facts cache remembers); ``data``: the
    file's bytes, when the caller read them (to key the facts by exactly what was parsed)."""
    return analyse(item, settings, data=data, stdin=stdin, fetch=fetch, read=_read)


def _read_one(
    item: Input, settings: ExtractSettings, stdin: Callable[[], bytes], fetch: Fetch | None = None
) -> Facts | str:
    """Read and analyse one input: its facts, or the one-line reason it cannot be read."""
    return _finish_one(_analyse_one(item, settings, stdin, fetch=fetch), settings, item)


def _finish_one(f: Facts | str, settings: ExtractSettings, item: Input) -> Facts | str:
    """The extract stage's second half (`localize`), for facts read or remembered."""
    return f if isinstance(f, str) else localize(f, settings, scan_root(item))


def _open_facts_cache(options: ScanOptions) -> FactsCache | None:
    if not options.net.use_cache or os.environ.get("LINKAUDIT_FACTS_CACHE") == "0":
        return None
    from linkaudit.net.cache import default_cache_dir

    folder = Path(options.net.cache_dir) if options.net.cache_dir else default_cache_dir()
    return FactsCache.open(folder, state=options.state_dir)


def _file_bytes(item: Input) -> bytes | None:
    """A file input's bytes, for the facts cache (None: not a file, too large, unreadable;
    reading it then says why)."""
    if item.stdin or item.url is not None or item.path is None:
        return None
    try:
        if item.path.stat().st_size > MAX_INPUT_BYTES:
            return None
        return item.path.read_bytes()
    except OSError:
        return None


def _facts_key(item: Input, settings: ExtractSettings, data: bytes) -> str:
    """The cache key of a file's facts: its bytes, names, and the settings reading uses."""
    from linkaudit.pipeline.extract import relpath_of

    known = list(settings.known_ids) if settings.known_ids is not None else None
    reading = (
        format_for(item.source, settings.forced_type),
        settings.published,
        settings.today,
        settings.day_first,
        known,
    )
    return entry_key(item.source, str(item.path), relpath_of(item, settings), repr(reading), data)


# Set in the parent before the worker processes fork, so that workers inherit them.
_WORKER_SETTINGS: ExtractSettings | None = None
_WORKER_CACHING = False  # whether workers key what they read for the facts cache


def _analyse_in_worker(item: Input) -> tuple[str | None, bytes] | str:
    """The facts pickled here, once (the parent both unpickles and remembers those bytes),
    with their cache key, made from the very bytes parsed: a file edited while the scan runs
    is never remembered under the key of its other content."""
    assert _WORKER_SETTINGS is not None
    data = _file_bytes(item) if _WORKER_CACHING else None
    f = _analyse_one(item, _WORKER_SETTINGS, _no_stdin, data)
    if isinstance(f, str):
        return f
    key = _facts_key(item, _WORKER_SETTINGS, data) if data is not None else None
    return key, FactsCache.dumps(f)


def _no_stdin() -> bytes:
    return b""


def _start_worker() -> None:
    """Reading processes run a little below the parent, whose checker thread must keep its
    requests on time while they parse (on a machine with as many cores as readers). They
    ignore Ctrl-C, which a terminal sends to the whole process group: the parent alone
    handles it (and ends them), so no worker prints a traceback of its own."""
    import signal

    with contextlib.suppress(AttributeError, OSError):  # not on every system; never fatal
        os.nice(READER_NICENESS)
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _workers(count: int, wanted: int | None = None) -> int:
    """How many processes read ``count`` documents: ``wanted`` (the ``workers`` option),
    else ``LINKAUDIT_WORKERS``, else one per core for large scans on systems that fork; one
    (this process) inside a daemonic process, which may not have children (a Dask worker)."""
    if count == 0:  # everything remembered: no process to start, nothing to import
        return 1
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 1
    if wanted is None:
        env = os.environ.get("LINKAUDIT_WORKERS")
        if env is not None:
            return max(1, int(env)) if env.isdigit() else 1
    else:
        return max(1, wanted)
    if count < PARALLEL_MIN_DOCUMENTS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, PARALLEL_MAX_WORKERS))


def _read_all(
    items: Sequence[Input],
    settings: ExtractSettings,
    stdin: Callable[[], bytes],
    started: Callable[[], None] | None = None,
    fetch: Fetch | None = None,
    options: ScanOptions | None = None,
) -> Iterator[Facts | str]:
    """Facts for every input, in order, as they are ready. Files read on an earlier run, and
    unchanged since, come from the facts cache; the others are read here, or spread over
    worker processes for large scans (stdin and URLs are always read here). ``started`` is
    called once the processes have forked (and before the first result): from then on the
    parent may start threads. ``fetch`` fetches published pages (the scan's checker);
    ``options``: the cache folders and the worker count."""
    options = options or ScanOptions()
    cache = _open_facts_cache(options)
    remembered: dict[int, Facts] = {}
    if cache is not None and not cache.is_empty():
        for i, item in enumerate(items):
            data = _file_bytes(item)
            found = cache.get(_facts_key(item, settings, data)) if data is not None else None
            if isinstance(found, Facts):
                remembered[i] = found
    fresh: list[tuple[str, bytes]] = []

    def learn(i: int, read: tuple[str | None, bytes] | str) -> Facts | str:
        """A worker's answer: its facts (pickled, with their key) or why it could not read."""
        if isinstance(read, str):
            return read
        key, body = read
        f: Facts = pickle.loads(body)  # pickled by our own worker process
        if key is not None:
            fresh.append((key, body))
        return _finish_one(f, settings, items[i])

    def analyse_here(item: Input) -> Facts | str:
        """One input read in this process; a file's facts keyed by the bytes parsed."""
        data = _file_bytes(item) if cache is not None else None
        f = _analyse_one(item, settings, stdin, data)
        if data is not None and isinstance(f, Facts):
            fresh.append((_facts_key(item, settings, data), FactsCache.dumps(f)))
        return _finish_one(f, settings, item)

    ready: dict[int, Facts | str] = {
        i: _finish_one(f, settings, items[i]) for i, f in remembered.items()
    }

    def start() -> None:
        """Once the processes have forked: published pages first, one by one, fetched by the
        checker's thread, whose limiter then spaces their requests and the link checks'
        alike (a page's host never sees more than its limit from the scan as a whole)."""
        if started is not None:
            started()
        for i, item in enumerate(items):
            if item.url is not None:
                ready[i] = _read_one(item, settings, stdin, fetch)

    todo = [
        i
        for i, item in enumerate(items)
        if i not in remembered and not item.stdin and item.url is None
    ]
    try:
        workers = _workers(len(todo), options.workers)
        if workers <= 1:
            start()
            for i, item in enumerate(items):
                yield ready[i] if i in ready else analyse_here(item)
            return
        yield from _read_in_workers(
            items, settings, workers, stdin, start, ready, todo, learn, cache is not None
        )
    finally:
        if cache is not None:
            if fresh:
                cache.put_many(fresh)
            cache.close()


def _read_in_workers(
    items: Sequence[Input],
    settings: ExtractSettings,
    workers: int,
    stdin: Callable[[], bytes],
    started: Callable[[], None] | None,
    ready: dict[int, Facts | str],
    todo: list[int],
    learn: Callable[[int, tuple[str | None, bytes] | str], Facts | str],
    caching: bool,
) -> Iterator[Facts | str]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER_SETTINGS, _WORKER_CACHING
    _WORKER_SETTINGS, _WORKER_CACHING = settings, caching
    if caching:
        code_fingerprint()  # worked out once, here: the workers inherit it
    try:
        with ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
        ) as pool:
            try:
                chunk = max(1, len(todo) // (workers * 24))
                queued = [items[i] for i in todo]
                results = _in_order(
                    [
                        pool.submit(_analyse_chunk, queued[k : k + chunk])
                        for k in range(0, len(queued), chunk)
                    ]
                )
                _WORKER_SETTINGS = None  # the workers have their copies
                if started is not None:
                    started()
                for i, item in enumerate(items):
                    if i in ready:  # remembered facts, or a published page read before
                        yield ready[i]
                    elif item.stdin:
                        yield _read_one(item, settings, stdin)
                    else:
                        yield learn(i, next(results))
            except BaseException:  # Ctrl-C, a failed scan: stop reading now, not after the rest
                _stop_workers(pool)
                raise
    finally:
        _WORKER_SETTINGS, _WORKER_CACHING = None, False


def _analyse_chunk(chunk: list[Input]) -> list[tuple[str | None, bytes] | str]:
    """`_analyse_in_worker` for a run of inputs: one round trip to a worker for many files."""
    return [_analyse_in_worker(item) for item in chunk]


def _in_order(
    futures: list[Future[list[tuple[str | None, bytes] | str]]],
) -> Iterator[tuple[str | None, bytes] | str]:
    """The workers' answers, in input order, as each run of them is ready. (Not
    ``Executor.map``: it cancels what is queued when interrupted, and on Python 3.11 the pool
    then fails on those futures, with a traceback, once `_stop_workers` ends its processes.)"""
    for future in futures:
        yield from future.result()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the reading processes at once: the documents being read and the ones queued are
    abandoned (the workers ignore Ctrl-C; what they would read is not needed any more). The
    pool sees its processes gone and fails what is pending, which nobody waits for."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
