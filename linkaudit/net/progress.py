"""Progress bars for long phases (checking links; reading a large folder offline): on a
terminal only, never in CI logs, with --quiet, or when standard error is redirected."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

__all__ = ["progress_bar", "progress_wanted"]

#: Values of ``CI`` that do not mean "running in CI".
_NOT_CI = ("", "0", "false", "no")


def progress_wanted(quiet: bool, stderr_is_tty: bool, environ: Mapping[str, str]) -> bool:
    """Whether to draw a bar: only for a person watching a terminal (not with ``--quiet``,
    not when standard error goes to a file or pipe, not in CI, not on a dumb terminal)."""
    if quiet or not stderr_is_tty:
        return False
    if environ.get("CI", "").strip().lower() not in _NOT_CI:
        return False
    return environ.get("TERM", "") != "dumb"


@contextmanager
def progress_bar(
    quiet: bool = False, *, label: str = "checking links", unit: str = "URLs"
) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``(done, total)`` callback drawing a rich bar on stderr, or None when silent.
    The bar appears on the first call, so a phase that never reports draws nothing."""
    if not progress_wanted(quiet, sys.stderr.isatty(), os.environ):
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("progress", total=None, rate="")
    started = time.monotonic()
    shown = False

    def update(done: int, total: int) -> None:
        nonlocal shown
        elapsed = max(time.monotonic() - started, 1e-6)
        bar.update(task, completed=done, total=total, rate=f"{done / elapsed:.0f} {unit}/s")
        if not shown:
            bar.start()
            shown = True

    try:
        yield update
    finally:
        if shown:
            bar.stop()
