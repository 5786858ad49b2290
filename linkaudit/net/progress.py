"""A progress bar for the checking phase: on a terminal only, silent in CI and with --quiet."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(quiet: bool = False) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``(done, total)`` callback drawing a rich bar on stderr, or None when silent."""
    if quiet or not sys.stderr.isatty() or os.environ.get("CI"):
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
        TextColumn("checking links"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("check", total=None, rate="")
    started = time.monotonic()

    def update(done: int, total: int) -> None:
        elapsed = max(time.monotonic() - started, 1e-6)
        bar.update(task, completed=done, total=total, rate=f"{done / elapsed:.0f} URLs/s")

    with bar:
        yield update
