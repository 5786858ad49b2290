"""JSON Lines for archives, and the JSON report written as its documents arrive.

JSON Lines (``--format jsonl``) is one JSON object per line, each with a ``type``:

- ``run``, first: ``schema_version`` and ``tool``, as at the top of the JSON report;
- ``document``, one per document as it is judged: the JSON report's ``documents`` entry;
- ``summary``, last: every other top-level field of the JSON report (``errors``, ``notes``,
  ``network_down``, ``baseline``, ``summary``).

So the JSON report is the run line's fields, the documents, then the summary line's fields; a
file without its summary line is a run that did not finish. Lines are compact, UTF-8, and end
with ``\\n``; no line holds a raw newline. `json_from_lines` turns a finished file into the JSON
report, the same bytes, a line at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from linkaudit.model import DocumentResult
from linkaudit.report.json import _document, _document_json, compact_frame, report_object
from linkaudit.report.splice import MARKER, Frame, ListWriter, dumps, frame
from linkaudit.report.stream import RunInfo, RunSummary, Writable
from linkaudit.report.tally import Tally

__all__ = ["JsonLinesSink", "JsonSink", "LINE_TYPES", "document_line", "json_from_lines"]

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


_DOCUMENT_PREFIX = '{"type":"document",'


def json_from_lines(lines: Iterable[str], out: Writable, *, pretty: bool = False) -> None:
    """The JSON report of a finished JSON Lines report, written as its lines are read: a
    run's JSON made later from the archive's ``.jsonl`` file, holding one line at a time.

    The bytes are those the JSON report of the same run has. Compact, a document line is
    copied without being parsed. Raises ValueError when the lines are not a finished report:
    no run line first, or no summary line last."""
    head: str | None = None
    items: ListWriter | None = None
    run: dict[str, Any] = {}
    close_and_tail: str | None = None
    for raw in lines:
        line = raw.rstrip("\n")
        if not line:
            continue
        if close_and_tail is not None:
            raise ValueError("a line after the summary line")
        if items is None:
            run = json.loads(line)
            if not isinstance(run, dict) or run.pop("type", None) != "run":
                raise ValueError("the first line is not a run line")
            shape = _lines_frame(run, {}, pretty)
            head = shape.head
            out.write(head)
            items = ListWriter(out, shape.lead)
        elif line.startswith(_DOCUMENT_PREFIX):
            if pretty:
                entry = json.loads(line)
                del entry["type"]
                items.item(_indent(dumps(entry, pretty=True), items.lead))
            else:
                items.item("{" + line[len(_DOCUMENT_PREFIX) :])
        else:
            rest = json.loads(line)
            if not isinstance(rest, dict) or rest.pop("type", None) != "summary":
                raise ValueError("a line that is neither a document nor the summary")
            shape = _lines_frame(run, rest, pretty)
            if shape.head != head:
                raise ValueError("the summary line does not fit the run line")
            close_and_tail = shape.close + shape.tail if items.count else shape.tail
    if close_and_tail is None:
        raise ValueError("no summary line: the run did not finish")
    out.write(close_and_tail)


def _lines_frame(run: dict[str, Any], rest: dict[str, Any], pretty: bool) -> Frame:
    """The JSON report's frame from the run line's fields and the summary line's."""
    if pretty:
        return frame(dumps({**run, "documents": [MARKER], **rest}, pretty=True) + "\n")
    return compact_frame({**run, "documents": [], **rest})


def _indent(text: str, lead: str) -> str:
    return text.replace("\n", lead) if lead else text
