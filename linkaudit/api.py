"""The library entry point: ``audit(sources, options) -> AuditResult``.

Phases, each a seam that can be distributed later: read and extract every document (pure, one
document at a time); check every distinct URL once across all documents (only ``net/`` does I/O);
run the rules on each document's merged facts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from linkaudit.checks.links import hint_first_private
from linkaudit.checks.local import OUTSIDE, check_local_links, is_local, template_links
from linkaudit.checks.saved import place_saved_page_links
from linkaudit.config import HostSettings, apply_host_settings, ignored_by_file
from linkaudit.engine.baseline import BaselineEntry, apply_baseline, read_baseline
from linkaudit.engine.packs import Pack, known_rule_ids, load_pack
from linkaudit.engine.registry import RuleContext
from linkaudit.engine.runner import ActiveRule, active_rules, make_findings, offline_skipped
from linkaudit.engine.suppress import apply_suppressions, parse_suppressions, unknown_id_notes
from linkaudit.errors import InputFileError
from linkaudit.extract.dates import extract_mentions
from linkaudit.extract.reference import infer_reference_date
from linkaudit.extract.urldates import url_date
from linkaudit.extract.urls import group_links
from linkaudit.factscache import FactsCache, code_fingerprint, entry_key
from linkaudit.inputs import Input, WalkResult, describe_skipped, expand_inputs
from linkaudit.model import (
    AuditResult,
    DateMention,
    Document,
    DocumentResult,
    InputError,
    Link,
    ReferenceDate,
    safe_text,
)
from linkaudit.net.options import NetOptions
from linkaudit.readers import format_for, read_document
from linkaudit.readers.sniff import sniff_bytes
from linkaudit.readers.warc import read_record, record_payload
from linkaudit.settings import (
    MAX_INPUT_BYTES,
    PARALLEL_MAX_WORKERS,
    PARALLEL_MIN_DOCUMENTS,
    PROGRESS_MIN_DOCUMENTS,
    READER_NICENESS,
)
from linkaudit.sites.detect import Site, site_for
from linkaudit.sites.packs import choose_pack

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from linkaudit.net.background import BackgroundChecks

__all__ = ["ScanOptions", "audit", "extract_links", "analyse_document", "read_input", "Facts"]

#: Fetches a published page by URL: ``(final URL, HTML text)``, or raises a `NetError`.
Fetch = Callable[[str], tuple[str, str]]


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


@dataclass(frozen=True, slots=True)
class Facts:
    """One document's facts before rules: what extraction (and checking) found."""

    document: Document
    links: tuple[Link, ...]
    mentions: tuple[DateMention, ...]
    reference: ReferenceDate | None
    relpath: str
    path: Path | None = None
    site: Site | None = None  # the site generator whose conventions applied


def analyse_document(doc: Document, options: ScanOptions, relpath: str | None = None) -> Facts:
    """Pure extraction for one document: links with their URL dates, date mentions, reference."""
    links = tuple(replace(link, url_date=url_date(link.url)) for link in group_links(doc.refs))
    mentions = extract_mentions(doc.text, lang=doc.meta.lang, day_first=options.day_first)
    reference = infer_reference_date(
        doc, mentions, published=options.published, today=options.today or dt.date.today()
    )
    return Facts(doc, links, mentions, reference, relpath or doc.source)


def read_input(
    item: Input, options: ScanOptions, stdin: Callable[[], bytes], *, data: bytes | None = None
) -> Document:
    """The document ``item`` holds; ``data``: a file's bytes, already read (and size-checked).
    Standard input, which has no name to tell its format, is sniffed (unless ``--type``)."""
    if item.path is not None and item.offset is not None:  # a page in a web archive
        return read_record(item.source, item.path, item.offset, options.forced_type, data=data)
    fmt = format_for(item.source if not item.stdin else "-", options.forced_type)
    how = "forced" if options.forced_type else "extension"
    if item.stdin:
        data = stdin()
    elif data is not None:
        pass
    elif item.path is not None:
        try:
            size = item.path.stat().st_size
        except OSError as exc:
            raise InputFileError(f"cannot read: {exc.strerror}") from None
        if size > MAX_INPUT_BYTES:
            raise InputFileError(f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB: not read")
        try:
            data = item.path.read_bytes()
        except OSError as exc:
            raise InputFileError(f"cannot read: {exc.strerror}") from None
    else:
        raise InputFileError("reading a URL needs the network (drop --offline)")
    if item.stdin and not options.forced_type:
        fmt, how = sniff_bytes(data), "sniffed"
    doc = read_document(item.source, data, fmt)
    return doc if doc.format_source == how else replace(doc, format_source=how)


@functools.lru_cache(maxsize=4096)
def _git_root(directory: Path) -> Path | None:
    """The nearest folder at or above ``directory`` with a ``.git`` entry (a repository's
    folder, or a work tree's or submodule's ``.git`` file), or None."""
    for folder in (directory, *directory.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _relpath(item: Input, config_dir: Path | None = None) -> str:
    """The path fingerprints and baselines use, the same from whatever folder linkaudit runs
    in: relative to the nearest enclosing git root, else the config file's folder, else the
    working directory (else the scan root it was found under)."""
    if item.path is None:
        return item.source
    if item.record is not None:  # a page in a web archive: the archive's path, then its name
        return f"{_relpath(replace(item, record=None), config_dir)}#{item.record}"
    resolved = item.path.resolve()
    for base in (_git_root(resolved.parent), config_dir, Path.cwd(), item.root):
        if base is None:
            continue
        try:
            return resolved.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return item.path.as_posix()


def audit(
    sources: Sequence[str],
    options: ScanOptions | None = None,
    *,
    stdin: Callable[[], bytes] | None = None,
    progress: object | None = None,
) -> AuditResult:
    """Scan ``sources`` (paths, directories, URLs, ``-``) and return everything found."""
    options = options or ScanOptions()
    today = options.today or dt.date.today()
    pack = options.pack if isinstance(options.pack, Pack) else load_pack(options.pack)
    notes: list[str] = []
    if options.store is not None:
        options = replace(options, net=replace(options.net, store=options.store))
    if options.hosts and not options.offline:
        net, host_notes = apply_host_settings(options.net, options.hosts)
        options = replace(options, net=net)
        notes.extend(host_notes)
    read_stdin = stdin or (lambda: sys.stdin.buffer.read())
    walk = expand_inputs(
        sources,
        include=options.include,
        exclude=options.exclude,
        manifest=options.manifest,
        stdin=read_stdin,
    )
    errors = [InputError(src, msg) for src, msg in walk.errors]
    items = [
        item
        for item in walk.inputs
        if options.only is None or (item.path is not None and item.path.resolve() in options.only)
    ]
    if options.pack_auto:
        pack, options = _auto_pack(items, options, pack, notes)
    facts: list[Facts] = []
    checks = None if options.offline else _start_checks(options, progress, pack)
    started = checks.prepare if checks is not None and items else None
    fetch = checks.fetch_page if checks is not None else None
    # offline, a large folder's reading is the long phase: its progress is what there is to show
    reading = cast("Callable[[int, int], None] | None", progress) if options.offline else None
    if len(items) < PROGRESS_MIN_DOCUMENTS:
        reading = None
    try:
        reads = _read_all(items, options, read_stdin, started, fetch)
        for done, (item, read) in enumerate(zip(items, reads, strict=True), 1):
            if isinstance(read, str):
                errors.append(InputError(item.source, read))
            else:
                facts.append(read)
                if checks is not None:  # checked while later documents are still being read
                    checks.add(_urls_to_check(read, options))
            if reading is not None:
                reading(done, len(items))
    except BaseException:  # a reader's bug, a broken worker pool, Ctrl-C: no thread left behind
        if checks is not None:
            checks.abort()
        raise

    named = [*sources, *([f"--manifest {options.manifest}"] if options.manifest else [])]
    if not facts and not errors and options.only is None and named:
        errors.append(_nothing_read(named, walk))
    network_down = False
    if checks is not None:
        facts, network_down, net_notes = _merge_checks(facts, checks, options, pack)
        notes.extend(net_notes)
    else:
        notes.extend(offline_skipped(pack, select=options.select, ignore=options.ignore))

    notes.extend(_site_notes(facts, options))
    private_notes = _private_notes(facts, options)
    local = any(is_local(link) and link.check is not None for f in facts for link in f.links)
    active = active_rules(
        pack,
        select=options.select,
        ignore=options.ignore,
        offline=options.offline or network_down,
        local_facts=local,
    )
    documents = []
    for f in facts:
        if f.document.encoding_warning:
            notes.append(f"{f.document.source}: {f.document.encoding_warning}")
        normalize = {link.url: link.normalized_url for link in f.links}
        for link in f.links:
            for ref in link.locations:
                normalize.setdefault(ref.url, link.normalized_url)
        ctx = RuleContext(
            doc=f.document,
            links=f.links,
            mentions=f.mentions,
            reference=f.reference,
            params={},
            today=today,
            offline=options.offline,
            all_regions=options.all_regions,
            url_dates_known=True,  # analyse_document set every link's url_date
            allow_private=options.net.allow_private,
            base_url=options.base_url,
            check_code=options.check_code,
        )
        findings = make_findings(
            active, ctx, source=f.document.source, relpath=f.relpath, normalize=normalize
        )
        off = ignored_by_file(options.per_file_ignores, options.config_dir, f.path)
        if off:
            findings = tuple(x for x in findings if not any(x.rule.startswith(i) for i in off))
        outcome = apply_suppressions(findings, f.document.suppressions)
        notes.extend(unknown_id_notes(f.document.source, f.document.suppressions, pack.custom))
        unused = outcome.unused if options.report_unused_suppressions else ()
        for s in unused:
            notes.append(
                f"{f.document.source}:{s.line}:{s.column}: unused suppression {s.text!r}: "
                "it silenced no finding"
            )
        documents.append(
            DocumentResult(
                f.document,
                f.links,
                f.mentions,
                f.reference,
                outcome.kept,
                relpath=f.relpath,
                site=f.site.as_dict() if f.site is not None else None,
                suppressed=len(outcome.suppressed),
                unused_suppressions=unused,
            )
        )
    baseline_summary = None
    if options.baseline is not None:
        documents, baseline_summary, baseline_notes = _apply_baseline(
            documents, options.baseline, _rule_ran(active, options.offline or network_down)
        )
        notes.extend(baseline_notes)
    if not options.net.allow_private:
        documents = hint_first_private(documents)
    if not any(f.rule == "LINK012" for d in documents for f in d.findings):
        notes.extend(private_notes)  # the flag is named once: by the first LINK012, else here
    return AuditResult(
        documents=tuple(documents),
        errors=tuple(errors),
        skipped_files=walk.skipped,
        network_down=network_down,
        notes=tuple(safe_text(n) for n in notes),  # they may quote a document or a page
        baseline=baseline_summary,
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
        elif options.only is None or (
            item.path is not None and item.path.resolve() in options.only
        ):
            items.append(item)
    read_stdin = stdin or (lambda: sys.stdin.buffer.read())
    documents = []
    for item, read in zip(items, _read_all(items, options, read_stdin), strict=True):
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


def _nothing_read(sources: Sequence[str], walk: WalkResult) -> InputError:
    """A scan that found nothing at all to read is an input error, as a linter's path that
    matches no file is: it says what was skipped, and why."""
    skipped = describe_skipped(walk)
    return InputError(
        " ".join(sources),
        f"no document to read: {skipped}" if skipped else "no document to read (no file found)",
    )


def _read_one(
    item: Input, options: ScanOptions, stdin: Callable[[], bytes], fetch: Fetch | None = None
) -> Facts | str:
    """Read and analyse one input: its facts, or the one-line reason it cannot be read."""
    return _finish_one(_analyse_one(item, options, stdin, fetch=fetch), options, _scan_root(item))


def _analyse_one(
    item: Input,
    options: ScanOptions,
    stdin: Callable[[], bytes],
    data: bytes | None = None,
    fetch: Fetch | None = None,
) -> Facts | str:
    """What reading alone finds in one input (what the facts cache remembers); ``data``: the
    file's bytes, when the caller read them (to key the facts by exactly what was parsed);
    ``fetch``: how a published page is fetched (the scan's checker, see `_fetch_page`)."""
    try:
        if item.url is not None and not options.offline:
            doc = _fetch_page(item, options, fetch)
        elif data is not None:
            doc = read_input(item, options, stdin, data=data)
        else:
            doc = read_input(item, options, stdin)
    except InputFileError as exc:
        return str(exc)
    except RecursionError:
        return "nesting too deep to read"
    doc = replace(doc, suppressions=parse_suppressions(doc.raw, doc.format, _known_ids(options)))
    return replace(
        analyse_document(doc, options, _relpath(item, options.config_dir)), path=item.path
    )


def _known_ids(options: ScanOptions) -> list[str] | None:
    return known_rule_ids(options.pack.custom) if isinstance(options.pack, Pack) else None


def _scan_root(item: Input) -> Path | None:
    """The folder named on the command line that ``item`` was found under (a file named
    itself has none: its links may go anywhere on the disk)."""
    return None if item.explicit or item.path is None else item.root


def _finish_one(f: Facts | str, options: ScanOptions, scan_root: Path | None = None) -> Facts | str:
    """What depends on more than the input itself: ``--exclude-url``, and local links, whose
    targets are other files (``scan_root``: the folder scanned, see `_local_facts`)."""
    if isinstance(f, str):
        return f
    excluded = [re.compile(p) for p in options.exclude_url]
    return _local_facts(_exclude_urls(f, excluded), options, scan_root)


def _open_facts_cache(options: ScanOptions) -> FactsCache | None:
    if not options.net.use_cache or os.environ.get("LINKAUDIT_FACTS_CACHE") == "0":
        return None
    from linkaudit.net.cache import default_cache_dir

    folder = Path(options.net.cache_dir) if options.net.cache_dir else default_cache_dir()
    return FactsCache.open(folder)


def _file_bytes(item: Input) -> bytes | None:
    """A file input's bytes, for the facts cache (None: not a file, too large, unreadable;
    reading it then says why)."""
    if item.stdin or item.url is not None or item.path is None:
        return None
    if item.offset is not None:  # a page in a web archive: its record's payload
        return record_payload(item.path, item.offset)
    try:
        if item.path.stat().st_size > MAX_INPUT_BYTES:
            return None
        return item.path.read_bytes()
    except OSError:
        return None


def _facts_key(item: Input, options: ScanOptions, data: bytes) -> str:
    """The cache key of a file's facts: its bytes, names, and the options reading uses."""
    reading = (
        format_for(item.source, options.forced_type),
        options.published,
        options.today or dt.date.today(),
        options.day_first,
        _known_ids(options),
    )
    return entry_key(
        item.source, str(item.path), _relpath(item, options.config_dir), repr(reading), data
    )


# Set in the parent before the worker processes fork, so that workers inherit them.
_WORKER_OPTIONS: ScanOptions | None = None
_WORKER_CACHING = False  # whether workers key what they read for the facts cache


def _analyse_in_worker(item: Input) -> tuple[str | None, bytes] | str:
    """The facts pickled here, once (the parent both unpickles and remembers those bytes),
    with their cache key, made from the very bytes parsed: a file edited while the scan runs
    is never remembered under the key of its other content."""
    assert _WORKER_OPTIONS is not None
    data = _file_bytes(item) if _WORKER_CACHING else None
    f = _analyse_one(item, _WORKER_OPTIONS, lambda: b"", data)
    if isinstance(f, str):
        return f
    key = _facts_key(item, _WORKER_OPTIONS, data) if data is not None else None
    return key, FactsCache.dumps(f)


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


def _workers(count: int) -> int:
    """How many processes read documents: one per core for large scans on systems that fork,
    else one (``LINKAUDIT_WORKERS`` overrides)."""
    if count == 0:  # everything remembered: no process to start, nothing to import
        return 1
    import multiprocessing

    wanted = os.environ.get("LINKAUDIT_WORKERS")
    if wanted is not None:
        return max(1, int(wanted)) if wanted.isdigit() else 1
    if count < PARALLEL_MIN_DOCUMENTS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, PARALLEL_MAX_WORKERS))


def _read_all(
    items: Sequence[Input],
    options: ScanOptions,
    stdin: Callable[[], bytes],
    started: Callable[[], None] | None = None,
    fetch: Fetch | None = None,
) -> Iterator[Facts | str]:
    """Facts for every input, in order, as they are ready. Files read on an earlier run, and
    unchanged since, come from the facts cache; the others are read here, or spread over
    worker processes for large scans (stdin and URLs are always read here). ``started`` is
    called once the processes have forked (and before the first result): from then on the
    parent may start threads. ``fetch`` fetches published pages (the scan's checker)."""
    cache = _open_facts_cache(options)
    remembered: dict[int, Facts] = {}
    if cache is not None and not cache.is_empty():
        for i, item in enumerate(items):
            data = _file_bytes(item)
            found = cache.get(_facts_key(item, options, data)) if data is not None else None
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
        return _finish_one(f, options, _scan_root(items[i]))

    def analyse_here(item: Input) -> Facts | str:
        """One input read in this process; a file's facts keyed by the bytes parsed."""
        data = _file_bytes(item) if cache is not None else None
        f = _analyse_one(item, options, stdin, data)
        if data is not None and isinstance(f, Facts):
            fresh.append((_facts_key(item, options, data), FactsCache.dumps(f)))
        return _finish_one(f, options, _scan_root(item))

    ready: dict[int, Facts | str] = {
        i: _finish_one(f, options, _scan_root(items[i])) for i, f in remembered.items()
    }

    def start() -> None:
        """Once the processes have forked: published pages first, one by one, fetched by the
        checker's thread, whose limiter then spaces their requests and the link checks'
        alike (a page's host never sees more than its limit from the scan as a whole)."""
        if started is not None:
            started()
        for i, item in enumerate(items):
            if item.url is not None:
                ready[i] = _read_one(item, options, stdin, fetch)

    todo = [
        i
        for i, item in enumerate(items)
        if i not in remembered and not item.stdin and item.url is None
    ]
    try:
        workers = _workers(len(todo))
        if workers <= 1:
            start()
            for i, item in enumerate(items):
                yield ready[i] if i in ready else analyse_here(item)
            return
        yield from _read_in_workers(
            items, options, stdin, start, ready, todo, learn, cache is not None
        )
    finally:
        if cache is not None:
            if fresh:
                cache.put_many(fresh)
            cache.close()


def _read_in_workers(
    items: Sequence[Input],
    options: ScanOptions,
    stdin: Callable[[], bytes],
    started: Callable[[], None] | None,
    ready: dict[int, Facts | str],
    todo: list[int],
    learn: Callable[[int, tuple[str | None, bytes] | str], Facts | str],
    caching: bool,
) -> Iterator[Facts | str]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER_OPTIONS, _WORKER_CACHING
    workers = _workers(len(todo))
    _WORKER_OPTIONS, _WORKER_CACHING = options, caching
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
                _WORKER_OPTIONS = None  # the workers have their copies
                if started is not None:
                    started()
                for i, item in enumerate(items):
                    if i in ready:  # remembered facts, or a published page read before
                        yield ready[i]
                    elif item.stdin:
                        yield _read_one(item, options, stdin)
                    else:
                        yield learn(i, next(results))
            except BaseException:  # Ctrl-C, a failed scan: stop reading now, not after the rest
                _stop_workers(pool)
                raise
    finally:
        _WORKER_OPTIONS, _WORKER_CACHING = None, False


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


def _exclude_urls(f: Facts, patterns: Sequence[re.Pattern[str]]) -> Facts:
    """Drop links matching ``--exclude-url``: they are neither checked nor reported."""
    if not patterns:
        return f
    kept = tuple(
        link
        for link in f.links
        if not any(p.search(link.url) or p.search(link.normalized_url) for p in patterns)
    )
    return f if len(kept) == len(f.links) else replace(f, links=kept)


def _local_facts(f: Facts, options: ScanOptions, scan_root: Path | None = None) -> Facts:
    """Attach on-disk checks to relative links (see `linkaudit.checks.local`), under the
    conventions of the site generator that builds the document, if any (`linkaudit.sites`).
    Without a site, a relative link may not leave the repository, or, outside one, the folder
    scanned (``scan_root``): a page that is not there beyond it cannot be decided (the tree may
    be published beside others), and is "not checked: outside the tree"."""
    site = site_for(f.path, options.site)
    fence = None
    if f.path is not None and site is None:
        fence = _git_root(f.path.resolve().parent)
        if fence is None and scan_root is not None:
            fence = scan_root.resolve()
    links = f.links
    if site is not None and site.generator in ("hugo", "jekyll"):
        known = {link.url for link in links}
        links += tuple(t for t in template_links(f.document) if t.url not in known)
    links = check_local_links(
        links,
        f.document,
        f.path,
        root_dir=options.root_dir,
        base_url=options.base_url,
        site=site,
        fence=fence,
    )
    links = place_saved_page_links(links, f.document, f.path)  # a saved page's links: its site's
    return replace(f, links=links, site=site)


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


def _site_notes(facts: Sequence[Facts], options: ScanOptions) -> list[str]:
    """One line per site generator whose conventions applied, and one for links not checked
    because they leave the tree."""
    notes = []
    seen: set[Path] = set()
    for f in facts:
        if f.site is not None and f.site.root not in seen:
            seen.add(f.site.root)
            notes.append(
                f"site: {f.site.generator} conventions (from {f.site.detected_from} in "
                f"{f.site.root.as_posix()}) for links and heading anchors"
            )
    skipped: dict[str, list[str]] = {}
    for f in facts:
        for link in f.links:
            check = link.check
            if check is not None and check.status == "skipped" and is_local(link):
                skipped.setdefault(check.reason or OUTSIDE, []).append(link.url)
    for reason, urls in skipped.items():
        more = ""
        if reason == OUTSIDE and not options.base_url:
            more = "; give --base-url to check them on the web"
        notes.append(
            f"{len(urls)} local link{'s' if len(urls) != 1 else ''} not checked: "
            f"{reason} (e.g. {urls[0]}){more}"
        )
    return notes


def _rule_ran(active: Sequence[ActiveRule], offline: bool) -> Callable[[BaselineEntry], bool]:
    """Whether a baseline entry's rule ran on it: active, and, for a network rule that an
    offline scan runs only on local links (LOCAL_FACT_RULES), only when the entry is local."""
    ran = {ar.rule.id for ar in active}
    local_only = {ar.rule.id for ar in active if offline and ar.rule.needs_network}

    def check(entry: BaselineEntry) -> bool:
        if entry.rule not in ran:
            return False
        if entry.rule in local_only:
            return not (entry.url or "").lower().startswith(("http://", "https://"))
        return True

    return check


def _apply_baseline(
    documents: list[DocumentResult], path: Path, ran: Callable[[BaselineEntry], bool]
) -> tuple[list[DocumentResult], dict[str, object], list[str]]:
    baseline = read_baseline(path)
    pairs = [(d, f) for d in documents for f in d.findings]
    outcome = apply_baseline(baseline, [f for _, f in pairs], {d.relpath for d in documents}, ran)
    new = {f.fingerprint for f in outcome.new}
    kept = [
        replace(d, findings=tuple(f for f in d.findings if f.fingerprint in new)) for d in documents
    ]
    fixed = [
        {
            "rule": e.rule,
            "file": e.file,
            "url": e.url,
            "message": e.message,
            "fingerprint": e.fingerprint,
        }
        for e in outcome.fixed
    ]
    notes = [
        f"baseline {path}: {outcome.baselined} known finding{'s' if outcome.baselined != 1 else ''} not shown"
    ]
    if fixed:
        notes.append(
            f"baseline {path}: {len(fixed)} recorded finding{'s' if len(fixed) != 1 else ''} "
            "no longer found (fixed): write the baseline again to prune "
            + "; ".join(f"{e['file']} {e['rule']} {e['url'] or e['message']}" for e in fixed)
        )
    summary = {"file": str(path), "baselined": outcome.baselined, "fixed": fixed}
    return kept, summary, notes


#: Said once, where an address was refused for being private: how to allow it.
PRIVATE_HINT = " (to fetch it, pass --allow-private or set allow-private = true in linkaudit.toml)"
#: How the network layer's address policy words a private refusal (see net.ssrf).
_PRIVATE_REASONS = ("is not a public address", "is a local or internal name")


def _private_notes(facts: Sequence[Facts], options: ScanOptions) -> list[str]:
    """Links not fetched for their private or internal address (each a LINK012 warning):
    the flag and the config key that fetch them are named once for the scan, not per link."""
    if options.offline or options.net.allow_private:
        return []
    urls = {
        link.url
        for f in facts
        for link in f.links
        if link.check is not None and link.check.status == "private"
    }
    if not urls:
        return []
    many = len(urls) != 1
    return [
        f"{len(urls)} link{'s' if many else ''} to private or internal addresses not fetched"
        + PRIVATE_HINT.replace("fetch it,", "fetch them," if many else "fetch it,")
    ]


def _refused_as_private(message: str, net: NetOptions) -> bool:
    """Whether a failed fetch was the private-address rule, which --allow-private lifts."""
    return not net.allow_private and any(reason in message for reason in _PRIVATE_REASONS)


def _fetch_page(item: Input, options: ScanOptions, fetch: Fetch | None = None) -> Document:
    """Read a published page by URL (fetched under the network layer's safety rules, by
    ``fetch`` when given: the scan's checker, so that one limiter sees all its requests)."""
    from linkaudit.net import NetError, fetch_document
    from linkaudit.readers.html import read_html

    assert item.url is not None
    try:
        if fetch is not None:
            final_url, html = fetch(item.url)
        else:
            final_url, html = fetch_document(item.url, options.net)
    except NetError as exc:
        hint = PRIVATE_HINT if _refused_as_private(str(exc), options.net) else ""
        raise InputFileError(f"cannot fetch: {exc}{hint}") from None
    return replace(read_html(item.source, html, page_url=final_url), format_source="page")


def _start_checks(
    options: ScanOptions, progress: object | None, pack: Pack | None
) -> BackgroundChecks:
    """The checker that documents hand their URLs to as they are read (see net.background)."""
    from linkaudit.net.background import BackgroundChecks

    settings_006 = pack.rules.get("LINK006") if pack is not None else None
    phrases = settings_006.params.get("phrases") if settings_006 is not None else None
    net = options.net
    if phrases:
        net = replace(net, soft404_phrases=tuple(str(p).casefold() for p in phrases))
    return BackgroundChecks(net, cast("Callable[[int, int], None] | None", progress))


def _urls_to_check(f: Facts, options: ScanOptions) -> list[str]:
    """The document's distinct fetchable URLs, in a stable order (code samples only with
    ``--check-code``)."""
    return sorted(
        {
            link.normalized_url
            for link in f.links
            if link.fetchable and (options.check_code or any(not r.in_code for r in link.locations))
        }
    )


def _merge_checks(
    facts: list[Facts], checks: BackgroundChecks, options: ScanOptions, pack: Pack | None
) -> tuple[list[Facts], bool, list[str]]:
    """Wait for every check (and archive lookup) and attach the outcome to each link."""
    archive_dates: dict[str, dt.date | None] = {}
    also_archive: set[str] = set()
    if options.net.archive:  # snapshots closest to the citing article's date
        from linkaudit.checks.archive import DEFAULT_EPHEMERAL
        from linkaudit.extract.hosts import host_matches
        from linkaudit.extract.platforms import post_kind

        for f in facts:
            when = f.reference.date if f.reference else None
            for link in f.links:
                archive_dates.setdefault(link.normalized_url, when)
        # ephemeral posts (ARCH002's hosts) are looked up even when they work
        arch = pack.rules.get("ARCH002") if pack is not None else None
        hosts = (arch.params if arch else {}).get("hosts", DEFAULT_EPHEMERAL)
        also_archive = {
            link.normalized_url
            for f in facts
            for link in f.links
            if link.citations(options.all_regions)
            and host_matches(link.host, hosts)
            and post_kind(link.url)  # one post, not a profile or a share button
        }
    # With --archive, sources dated after the earliest article citing them get a first capture.
    url_dates: dict[str, dt.date] = {}
    first_cited: dict[str, dt.date] = {}
    for f in facts if options.net.archive else ():
        for link in f.links:
            if link.url_date is not None:
                url_dates[link.normalized_url] = link.url_date.date
            if f.reference is not None:
                known = first_cited.get(link.normalized_url)
                if known is None or f.reference.date < known:
                    first_cited[link.normalized_url] = f.reference.date
    try:
        results = checks.finish(
            archive_dates=archive_dates,
            also_archive=also_archive,
            url_dates=url_dates,
            first_cited=first_cited,
        )
    except BaseException:
        checks.abort()
        raise
    if results.network_down:
        # Every host failed at DNS or connect: that says nothing about the links themselves.
        # Keep the facts as an offline scan has them; the caller runs the offline rules only.
        return facts, True, ["no network: links were not checked; offline rules only"]
    merged = []
    for f in facts:
        links = tuple(
            replace(
                link, check=results[link.normalized_url][0], page=results[link.normalized_url][1]
            )
            if link.normalized_url in results
            else link
            for link in f.links
        )
        merged.append(replace(f, links=links))
    return merged, False, []
