"""The extract stage run over many inputs on one machine: the facts cache and a process pool.

`read_all` yields every input's facts (or why it cannot be read) in input order, as they are
ready. Files read on an earlier run and unchanged since come from the facts cache
(`linkaudit.factscache`, keyed by `facts_key`: the bytes parsed, the names, the reading
settings, the code); the others are read in this process, or, for large scans on systems that
fork, spread over reading processes (`worker_count`; never inside a daemonic process, such as a
Dask worker, which may not have children). Standard input and published pages are always read
here, pages by the scan's checker (``fetch``) so that one limiter sees all its requests.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from linkaudit.factscache import FactsCache, code_fingerprint, entry_key
from linkaudit.inputs import Input
from linkaudit.model import Document
from linkaudit.pipeline.extract import (
    ExtractSettings,
    Facts,
    Fetch,
    analyse,
    localize,
    read_input,
    relpath_of,
    scan_root,
)
from linkaudit.readers import format_for
from linkaudit.readers.warc import record_payload
from linkaudit.settings import (
    MAX_INPUT_BYTES,
    PARALLEL_MAX_WORKERS,
    PARALLEL_MIN_DOCUMENTS,
    READER_NICENESS,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["read_all", "facts_cache_folder", "file_bytes", "facts_key", "worker_count"]

#: Reads one input's document (`read_input`'s signature).
Read = Callable[..., Document]
#: A file input's bytes for the facts cache (`file_bytes`'s signature).
FileBytes = Callable[[Input], bytes | None]


def facts_cache_folder(
    use_cache: bool, cache_dir: str | Path | None, environ: dict[str, str] | None = None
) -> Path | None:
    """Where the facts cache lives: the cache folder (default: the user's), or None when
    caching is off (``--no-cache``, or ``LINKAUDIT_FACTS_CACHE=0`` for this cache only)."""
    env = os.environ if environ is None else environ
    if not use_cache or env.get("LINKAUDIT_FACTS_CACHE") == "0":
        return None
    from linkaudit.net.cache import default_cache_dir

    return Path(cache_dir) if cache_dir else default_cache_dir()


def file_bytes(item: Input) -> bytes | None:
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


def facts_key(item: Input, settings: ExtractSettings, data: bytes) -> str:
    """The cache key of a file's facts: its bytes, names, and the settings reading uses."""
    known = list(settings.known_ids) if settings.known_ids is not None else None
    reading = (
        format_for(item.source, settings.forced_type),
        settings.published,
        settings.today,
        settings.day_first,
        known,
    )
    return entry_key(item.source, str(item.path), relpath_of(item, settings), repr(reading), data)


def worker_count(count: int, wanted: int | None = None) -> int:
    """How many processes read ``count`` documents: ``wanted`` (the ``workers`` option),
    else ``LINKAUDIT_WORKERS``, else one per core for large scans on systems that fork; one
    (this process) inside a daemonic process, which may not have children (a Dask worker)."""
    if count == 0:  # everything remembered: no process to start, nothing to import
        return 1
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 1
    if wanted is not None:
        return max(1, wanted)
    env = os.environ.get("LINKAUDIT_WORKERS")
    if env is not None:
        return max(1, int(env)) if env.isdigit() else 1
    if count < PARALLEL_MIN_DOCUMENTS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, PARALLEL_MAX_WORKERS))


def _no_stdin() -> bytes:
    return b""


class _Reader:
    """One run's way of reading: its settings and hooks (``read``, ``file_bytes``: the
    functions that touch the inputs, given by the caller so that it may count or replace
    them). Reading processes inherit it when they fork."""

    def __init__(self, settings: ExtractSettings, read: Read, bytes_of: FileBytes) -> None:
        self.settings = settings
        self.read = read
        self.bytes_of = bytes_of

    def analyse(
        self,
        item: Input,
        stdin: Callable[[], bytes],
        data: bytes | None = None,
        fetch: Fetch | None = None,
    ) -> Facts | str:
        """What reading alone finds in one input (what the facts cache remembers); ``data``:
        the file's bytes, when read already (to key the facts by exactly what was parsed)."""
        return analyse(item, self.settings, data=data, stdin=stdin, fetch=fetch, read=self.read)

    def finish(self, f: Facts | str, item: Input) -> Facts | str:
        """The extract stage's second half (`localize`), for facts read or remembered."""
        return f if isinstance(f, str) else localize(f, self.settings, scan_root(item))

    def one(
        self, item: Input, stdin: Callable[[], bytes], fetch: Fetch | None = None
    ) -> Facts | str:
        """Read and analyse one input: its facts, or the one-line reason it cannot be read."""
        return self.finish(self.analyse(item, stdin, fetch=fetch), item)


def read_all(
    items: Sequence[Input],
    settings: ExtractSettings,
    stdin: Callable[[], bytes],
    *,
    started: Callable[[], None] | None = None,
    fetch: Fetch | None = None,
    cache_folder: Path | None = None,
    state_dir: Path | None = None,
    workers: int | None = None,
    read: Read = read_input,
    bytes_of: FileBytes = file_bytes,
) -> Iterator[Facts | str]:
    """Facts for every input, in order, as they are ready (see the module's docstring).
    ``started`` is called once the processes have forked (and before the first result): from
    then on the caller may start threads. ``fetch`` fetches published pages (the scan's
    checker). ``cache_folder``: the facts cache's (None: no cache; `facts_cache_folder`),
    ``state_dir``: where its secret lives; ``workers``: the option (see `worker_count`)."""
    reader = _Reader(settings, read, bytes_of)
    cache = FactsCache.open(cache_folder, state=state_dir) if cache_folder is not None else None
    remembered: dict[int, Facts] = {}
    if cache is not None and not cache.is_empty():
        for i, item in enumerate(items):
            data = bytes_of(item)
            found = cache.get(facts_key(item, settings, data)) if data is not None else None
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
        return reader.finish(f, items[i])

    def analyse_here(item: Input) -> Facts | str:
        """One input read in this process; a file's facts keyed by the bytes parsed."""
        data = bytes_of(item) if cache is not None else None
        f = reader.analyse(item, stdin, data)
        if data is not None and isinstance(f, Facts):
            fresh.append((facts_key(item, settings, data), FactsCache.dumps(f)))
        return reader.finish(f, item)

    ready: dict[int, Facts | str] = {i: reader.finish(f, items[i]) for i, f in remembered.items()}

    def start() -> None:
        """Once the processes have forked: published pages first, one by one, fetched by the
        checker's thread, whose limiter then spaces their requests and the link checks'
        alike (a page's host never sees more than its limit from the scan as a whole)."""
        if started is not None:
            started()
        for i, item in enumerate(items):
            if item.url is not None:
                ready[i] = reader.one(item, stdin, fetch)

    todo = [
        i
        for i, item in enumerate(items)
        if i not in remembered and not item.stdin and item.url is None
    ]
    try:
        count = worker_count(len(todo), workers)
        if count <= 1:
            start()
            for i, item in enumerate(items):
                yield ready[i] if i in ready else analyse_here(item)
            return
        yield from _read_in_workers(
            items, reader, count, stdin, start, ready, todo, learn, cache is not None
        )
    finally:
        if cache is not None:
            if fresh:
                cache.put_many(fresh)
            cache.close()


# Set in the parent before the worker processes fork, so that workers inherit them.
_WORKER_READER: _Reader | None = None
_WORKER_CACHING = False  # whether workers key what they read for the facts cache


def _analyse_in_worker(item: Input) -> tuple[str | None, bytes] | str:
    """The facts pickled here, once (the parent both unpickles and remembers those bytes),
    with their cache key, made from the very bytes parsed: a file edited while the scan runs
    is never remembered under the key of its other content."""
    reader = _WORKER_READER
    assert reader is not None
    data = reader.bytes_of(item) if _WORKER_CACHING else None
    f = reader.analyse(item, _no_stdin, data)
    if isinstance(f, str):
        return f
    key = facts_key(item, reader.settings, data) if data is not None else None
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


def _read_in_workers(
    items: Sequence[Input],
    reader: _Reader,
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

    global _WORKER_READER, _WORKER_CACHING
    _WORKER_READER, _WORKER_CACHING = reader, caching
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
                _WORKER_READER = None  # the workers have their copies
                if started is not None:
                    started()
                for i, item in enumerate(items):
                    if i in ready:  # remembered facts, or a published page read before
                        yield ready[i]
                    elif item.stdin:
                        yield reader.one(item, stdin)
                    else:
                        yield learn(i, next(results))
            except BaseException:  # Ctrl-C, a failed scan: stop reading now, not after the rest
                _stop_workers(pool)
                raise
    finally:
        _WORKER_READER, _WORKER_CACHING = None, False


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
