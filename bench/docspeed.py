"""Offline per-document speed: MB/s of read + extract + rules on one folder, in one process.

Run from the worktree root: python bench/docspeed.py FOLDER [FOLDER ...] [--readers] [--repeat N]

For each folder it runs ``audit()`` as ``linkaudit scan --offline --no-cache`` does from that
folder (relative paths as the CLI has them), with the worker pool and the facts cache off
(``LINKAUDIT_WORKERS=1``, ``LINKAUDIT_FACTS_CACHE=0``), so what is timed is the per-document
path alone: reading, extraction, local link checks and the offline rules. Imports are paid
before the clock starts (a warm-up scan of a few files); the report is not rendered. Bytes are
the sizes of the files read. MB/s and documents/s are per CPU second of this process (the
machine is shared: wall time is printed too, but CPU time is what other work does not
inflate). ``--readers`` also times the readers alone (decode + parse).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import time
from pathlib import Path

os.environ["LINKAUDIT_WORKERS"] = "1"
os.environ["LINKAUDIT_FACTS_CACHE"] = "0"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkaudit.api import ScanOptions, audit  # noqa: E402
from linkaudit.inputs import expand_inputs  # noqa: E402
from linkaudit.net.options import NetOptions  # noqa: E402
from linkaudit.readers import format_for, read_document  # noqa: E402

#: The day the corpora's golden reports were made with (``--today``).
TODAY = dt.date(2026, 12, 2)
#: Files scanned before the clock starts, to load every module a scan needs.
WARM_UP_FILES = 8


def _options(only: frozenset[Path] | None = None) -> ScanOptions:
    return ScanOptions(offline=True, today=TODAY, net=NetOptions(use_cache=False), only=only)


def measure(folder: Path, readers: bool, repeat: int = 1) -> dict[str, float]:
    """Scan ``folder`` ``repeat`` times (after a warm-up) and return the figures of the run
    that took the least CPU time (the one least disturbed by the machine's other work)."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        files = [i.path for i in expand_inputs(["."]).inputs if i.path is not None]
        size = sum(p.stat().st_size for p in files)
        audit(["."], _options(frozenset(p.resolve() for p in files[:WARM_UP_FILES])))
        figures: dict[str, float] = {}
        for _ in range(repeat):
            start, cpu = time.perf_counter(), time.process_time()
            result = audit(["."], _options())
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            if not figures or cpu < figures["cpu"]:
                figures = {
                    "documents": float(len(result.documents)),
                    "bytes": float(size),
                    "seconds": seconds,
                    "cpu": cpu,
                    "findings": float(sum(len(d.findings) for d in result.documents)),
                }
        if readers:
            cpu = time.process_time()
            for path in files:
                with contextlib.suppress(Exception):  # an unreadable file: the scan's business
                    read_document(str(path), path.read_bytes(), format_for(str(path)))
            figures["reader_cpu"] = time.process_time() - cpu
        return figures
    finally:
        os.chdir(here)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--readers", action="store_true", help="also time the readers alone")
    parser.add_argument("--repeat", type=int, default=1, help="runs per folder; the best is shown")
    args = parser.parse_args(argv)
    head = (
        f"{'folder':<18} {'docs':>6} {'bytes':>11} {'wall s':>7} {'CPU s':>7} {'MB/s':>6} "
        f"{'docs/s':>7}"
    )
    print(head + (f" {'readers MB/s':>12}" if args.readers else "") + f" {'findings':>8}")
    for folder in args.folders:
        f = measure(folder.resolve(), args.readers, max(1, args.repeat))
        line = (
            f"{folder.name:<18} {f['documents']:>6.0f} {f['bytes']:>11,.0f} {f['seconds']:>7.2f} "
            f"{f['cpu']:>7.2f} {f['bytes'] / f['cpu'] / 1e6:>6.2f} {f['documents'] / f['cpu']:>7.1f}"
        )
        if args.readers:
            line += f" {f['bytes'] / f['reader_cpu'] / 1e6:>12.2f}"
        print(line + f" {f['findings']:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
