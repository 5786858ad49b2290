"""JSON Lines for archives, and the JSON report written as its documents arrive.

JSON Lines (``--format jsonl``) is one JSON object per line, each with a ``type``:

- ``run``, first: ``schema_version`` and ``tool``, as at the top of the JSON report;
- ``document``, one per document as it is judged: the JSON report's ``documents`` entry;
- ``summary``, last: every other top-level field of the JSON report (``errors``, ``notes``,
  ``network_down``, ``baseline``, ``summary``).

So the JSON report is the run line's fields, the documents, then the summary line's fields; a
file without its summary line is a run that did not finish. Lines are compact, UTF-8, and end
with ``\\n``; no line holds a raw newline.
"""

from __future__ import annotations

from typing import Any

from linkaudit.model import DocumentResult
from linkaudit.report.json import _document, _document_json, compact_frame, report_object
from linkaudit.report.splice import MARKER, Frame, ListWriter, dumps, frame
from linkaudit.report.stream import RunInfo, RunSummary, Writable
from linkaudit.report.tally import Tally

__all__ = ["JsonLinesSink", "JsonSink", "LINE_TYPES", "document_line"]

#: the ``type`` of each line, in the order they come
LINE_TYPES = ("run", "document", "summary")
#: top-level fields of the JSON report that the run line carries
_RUN_FIELDS = ("schema_version", "tool")


def _top(summary: RunSummary | None, tally: Tally, documents: list[Any]) -> dict[str, Any]:
    """The JSON report's top level for these counts and this end of run (None: not yet known)."""
    end = summary or RunSummary()
    return report_object(
        documents,
        errors=end.errors,
        notes=end.notes,
        network_down=end.network_down,
        baseline=end.baseline,
        summary=tally.summary(errors=len(end.errors), skipped_files=end.skipped_files),
    )


def document_line(result: DocumentResult) -> str:
    """One document's line, newline included: the compact documents entry with ``type`` first.

    Pure, so a worker can encode its documents and send the driver text instead of results."""
    return '{"type":"document",' + _document_json(result)[1:] + "\n"


class JsonLinesSink:
    """``--format jsonl``: a line per document as it comes; keeps only the summary counts."""

    def __init__(self, out: Writable) -> None:
        self._out = out
        self._tally = Tally()

    def begin(self, info: RunInfo) -> None:
        self._tally = Tally()
        top = _top(None, self._tally, [])
        run = {"type": "run", **{k: top[k] for k in _RUN_FIELDS}}
        self._out.write(dumps(run, pretty=False) + "\n")

    def document(self, result: DocumentResult) -> None:
        self._tally.add(result)
        self._out.write(document_line(result))

    def end(self, summary: RunSummary) -> None:
        top = _top(summary, self._tally, [])
        rest = {k: v for k, v in top.items() if k not in _RUN_FIELDS and k != "documents"}
        self._out.write(dumps({"type": "summary", **rest}, pretty=False) + "\n")


class JsonSink:
    """``--format json`` written straight through: the documents array comes before every field
    known only at the end, so each document is written as it comes and nothing is kept but the
    summary counts. The bytes are those of `linkaudit.report.json.render` for the same run."""

    def __init__(self, out: Writable, *, pretty: bool = True) -> None:
        self._out = out
        self._pretty = pretty
        self._tally = Tally()
        self._frame = self._frame_for(None)
        self._items = ListWriter(out, self._frame.lead)

    def _frame_for(self, summary: RunSummary | None) -> Frame:
        if self._pretty:
            return frame(dumps(_top(summary, self._tally, [MARKER]), pretty=True) + "\n")
        return compact_frame(_top(summary, self._tally, []))

    def begin(self, info: RunInfo) -> None:
        self._tally = Tally()
        self._frame = self._frame_for(None)
        self._items = ListWriter(self._out, self._frame.lead)
        self._out.write(self._frame.head)

    def document(self, result: DocumentResult) -> None:
        self._tally.add(result)
        if self._pretty:
            self._items.item(self._frame.indent(dumps(_document(result), pretty=True)))
        else:
            self._items.item(_document_json(result))

    def end(self, summary: RunSummary) -> None:
        final = self._frame_for(summary)
        if final.head != self._frame.head:  # the fields before the documents are constants
            raise AssertionError("the JSON report's head changed during the run")
        self._out.write(final.close + final.tail if self._items.count else final.tail)
