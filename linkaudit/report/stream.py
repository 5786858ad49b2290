"""Report sinks: writers fed one document at a time, so a report of an archive need not hold it.

A run is written through a `ReportSink` in three calls::

    sink = open_sink("jsonl", out)        # out: anything with write(str)
    sink.begin(RunInfo(root=...))
    for result in documents_as_judged:    # any order; the report keeps the order given
        sink.document(result)
    sink.end(RunSummary(errors=..., notes=..., ...))

How much each format keeps while the documents go by:

- ``jsonl``: nothing but the summary counts; one line per document is written as it comes.
- ``json``: written straight through (the documents array sits before everything that is known
  only at the end); the same bytes as `linkaudit.report.json.render`.
- ``sarif``: each finding's result is written to a temporary file as it comes and copied out in
  `~ReportSink.end`, after the rule catalog and the run's notifications that precede it in the
  log; the same bytes as `linkaudit.report.sarif.render`.
- ``text``: each document's block is written as it comes; notes and the summary line at the end.
- ``html``, ``markdown``, ``junit``, ``github``: these need the whole result (a table sorted by
  severity across documents, counts in the root element, a self-contained page), so their sink
  keeps every document and renders once at the end, as before.

Every sink counts what the ``summary`` needs (`Tally`); the distinct-URL count keeps the set of
normalized URLs, which grows with the URLs cited, not with the documents.

Entry points: `open_sink` (one format to one open text stream) and `open_reports` (the
``--format``/``-o`` pairs of a command line, files opened and closed for you, one sink for
all). `write_result` writes today's whole `AuditResult` through a sink, which is how the
command line uses them; a pipeline or a distributed driver calls the three methods itself as
documents arrive. A sink writes documents in the order it is given them: a driver that wants
input order feeds them in input order.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from linkaudit.model import AuditResult, DocumentResult, InputError

__all__ = [
    "ReportSink",
    "RunInfo",
    "RunSummary",
    "SINKS",
    "STREAMING",
    "Writable",
    "CollectingSink",
    "TeeSink",
    "open_reports",
    "open_sink",
    "write_result",
]


class Writable(Protocol):
    """Where a sink writes: an open text file, standard output, a StringIO."""

    def write(self, text: str, /) -> Any: ...


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What is known before the first document.

    ``root`` is the folder paths are reported relative to (SARIF's ``%SRCROOT%``); None means
    the working directory when the report is written.
    """

    root: Path | None = None


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What is known only when every document has been judged: the rest of the report."""

    errors: tuple[InputError, ...] = ()
    skipped_files: int = 0
    network_down: bool = False
    notes: tuple[str, ...] = ()
    # with --baseline: {"file", "baselined": n, "fixed": [...]}, as AuditResult.baseline
    baseline: Mapping[str, Any] | None = None

    @classmethod
    def of(cls, result: AuditResult) -> RunSummary:
        return cls(
            errors=result.errors,
            skipped_files=result.skipped_files,
            network_down=result.network_down,
            notes=result.notes,
            baseline=result.baseline,
        )


class ReportSink(Protocol):
    """A report written as the run goes: `begin` once, `document` per result, `end` once."""

    def begin(self, info: RunInfo) -> None: ...

    def document(self, result: DocumentResult) -> None: ...

    def end(self, summary: RunSummary) -> None: ...


class CollectingSink:
    """A sink for a format that needs the whole result: keeps every document, renders at the end.

    ``render`` is the format's whole-result writer (``render(result, **options) -> str``).
    """

    def __init__(self, out: Writable, render: Any, **options: Any) -> None:
        self._out = out
        self._render = render
        self._options = options
        self._documents: list[DocumentResult] = []

    def begin(self, info: RunInfo) -> None:
        self._documents = []

    def document(self, result: DocumentResult) -> None:
        self._documents.append(result)

    def end(self, summary: RunSummary) -> None:
        result = AuditResult(
            documents=tuple(self._documents),
            errors=summary.errors,
            skipped_files=summary.skipped_files,
            network_down=summary.network_down,
            notes=summary.notes,
            baseline=summary.baseline,
        )
        self._documents = []
        self._out.write(self._render(result, **self._options))


class TeeSink:
    """Several reports from one run: every call goes to each sink, in order."""

    def __init__(self, *sinks: ReportSink) -> None:
        self.sinks = sinks

    def begin(self, info: RunInfo) -> None:
        for sink in self.sinks:
            sink.begin(info)

    def document(self, result: DocumentResult) -> None:
        for sink in self.sinks:
            sink.document(result)

    def end(self, summary: RunSummary) -> None:
        for sink in self.sinks:
            sink.end(summary)


#: format -> (module, class) of its streaming sink; a format not here is collected and rendered
#: whole by `CollectingSink` with its module's ``render``
STREAMING: dict[str, tuple[str, str]] = {
    "jsonl": ("linkaudit.report.jsonl", "JsonLinesSink"),
    "json": ("linkaudit.report.jsonl", "JsonSink"),
    "sarif": ("linkaudit.report.sarif", "SarifSink"),
    "text": ("linkaudit.report.text", "TextSink"),
}

#: every format `open_sink` writes: the whole-result formats and JSON Lines, which only streams
SINKS: tuple[str, ...] = (
    "text",
    "json",
    "jsonl",
    "sarif",
    "junit",
    "github",
    "markdown",
    "html",
)


def open_sink(fmt: str, out: Writable, **options: Any) -> ReportSink:
    """The sink writing ``fmt`` to ``out``; ``options`` are the format's (``pretty`` for json,
    ``color`` and ``summary_only`` for text). Raises KeyError for an unknown format."""
    if fmt not in SINKS:
        raise KeyError(fmt)
    if fmt in STREAMING:
        module, name = STREAMING[fmt]
        sink: ReportSink = getattr(importlib.import_module(module), name)(out, **options)
        return sink
    from linkaudit.report import FORMATS

    render = importlib.import_module(FORMATS[fmt]).render
    return CollectingSink(out, render, **options)


@contextmanager
def open_reports(
    targets: Sequence[tuple[str, str | None]],
    stdout: Writable,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Iterator[ReportSink]:
    """One sink for several reports, as ``--format F -o FILE`` pairs give them: each FILE opened
    for writing (UTF-8) and closed on the way out; None or ``-`` is ``stdout``. ``options``
    gives each format's options by name. Raises OSError when a file cannot be opened."""
    with ExitStack() as stack:
        sinks = []
        for fmt, path in targets:
            out: Writable = stdout
            if path not in (None, "-"):
                out = stack.enter_context(open(path, "w", encoding="utf-8"))
            sinks.append(open_sink(fmt, out, **(options or {}).get(fmt, {})))
        yield sinks[0] if len(sinks) == 1 else TeeSink(*sinks)


def write_result(result: AuditResult, sink: ReportSink, info: RunInfo | None = None) -> None:
    """Today's whole `AuditResult` written through ``sink``: the adapter the command line uses."""
    sink.begin(info or RunInfo())
    for doc in result.documents:
        sink.document(doc)
    sink.end(RunSummary.of(result))
