"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

GitHub deduplicates alerts across runs by ``partialFingerprints`` and needs stable rule ids and
relative paths, so paths are made relative to ``%SRCROOT%`` (the working directory, which is the
checkout in CI) and each result carries the finding's edit-proof fingerprint.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from linkaudit.__about__ import __version__
from linkaudit.engine.registry import Rule, all_rules
from linkaudit.model import AuditResult, DocumentResult, Finding, InputError, Severity
from linkaudit.report.common import STDIN_NAME, display_path, is_url
from linkaudit.report.json import finding_dict
from linkaudit.report.splice import MARKER, ListWriter, frame
from linkaudit.report.stream import RunInfo, RunSummary, Writable

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "LEVELS", "SarifSink", "to_sarif", "render"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
INFORMATION_URI = "https://github.com/linkaudit/linkaudit"
FINGERPRINT_KEY = "linkaudit/v1"
#: our severities as SARIF levels
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: GitHub sorts alerts by this (0.0-10.0) when present
_SECURITY_SEVERITY = {Severity.ERROR: "7.0", Severity.WARNING: "4.0", Severity.INFO: "1.0"}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    doc = rule.doc
    first_paragraph = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": first_paragraph or rule.summary},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {
            "level": LEVELS[rule.severity],
            "enabled": rule.enabled_by_default,
        },
        "properties": {
            "tags": [rule.family.lower(), "citations"],
            "needs_network": rule.needs_network,
        },
    }


def _ad_hoc_descriptor(finding: Finding) -> dict[str, Any]:
    """A descriptor for a rule the catalog does not know (a custom pack's), from its finding."""
    return {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": finding.name},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }


def _artifact(source: str, root: Path | None) -> dict[str, Any]:
    """A location for the document: relative to %SRCROOT% when it is a file under it."""
    if is_url(source):
        return {"uri": source}
    path = display_path(source, root)
    if path == STDIN_NAME:
        return {"uri": path}  # not a file under the checkout: no %SRCROOT% base
    if not Path(path).is_absolute():
        return {"uri": path, "uriBaseId": SRCROOT}
    return {"uri": Path(path).as_uri()}


def _written_at(lines: list[str], finding: Finding) -> bool:
    """Whether the document's source has ``finding.url`` exactly at the finding's position: not
    so for an href written with entities (``&amp;``) or escapes, whose region a replacement of
    ``len(url)`` code points would cut in the wrong place."""
    if finding.url is None or not 1 <= finding.line <= len(lines) or finding.column < 1:
        return False
    return lines[finding.line - 1].startswith(finding.url, finding.column - 1)


def _fixes(finding: Finding, artifact: dict[str, Any], lines: list[str]) -> list[dict[str, Any]]:
    """A suggestion becomes a fix only when it is a replacement URL for the cited one, and the
    cited URL stands in the source exactly as the finding gives it."""
    if not (finding.url and finding.suggestion and is_url(finding.suggestion)):
        return []
    if not _written_at(lines, finding):
        return []
    length = len(finding.url)
    return [
        {
            "description": {"text": f"Replace with {finding.suggestion}"},
            "artifactChanges": [
                {
                    "artifactLocation": artifact,
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": finding.line,
                                "startColumn": finding.column,
                                "endLine": finding.line,
                                "endColumn": finding.column + length,
                            },
                            "insertedContent": {"text": finding.suggestion},
                        }
                    ],
                }
            ],
        }
    ]


def _result(
    finding: Finding,
    index: dict[str, int],
    artifact: dict[str, Any],
    lines: list[str],
) -> dict[str, Any]:
    message = finding.message
    if finding.suggestion:
        message += f" (suggestion: {finding.suggestion})"
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {
                        "startLine": max(1, finding.line),
                        "startColumn": max(1, finding.column),
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "name": finding.name,
            "url": finding.url,
            "evidence": finding_dict(finding)["evidence"],
            "security-severity": _SECURITY_SEVERITY[finding.severity],
        },
    }
    result["ruleIndex"] = index[finding.rule]
    fixes = _fixes(finding, artifact, lines)
    if fixes:
        result["fixes"] = fixes
    return result


def _catalog() -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The catalog's rule descriptors, and each rule's index among them."""
    descriptors = [_rule_descriptor(rule) for rule in all_rules()]
    return descriptors, {d["id"]: i for i, d in enumerate(descriptors)}


def _index_rules(
    doc: DocumentResult, descriptors: list[dict[str, Any]], index: dict[str, int]
) -> None:
    """Give each rule of ``doc``'s findings that the catalog does not know a descriptor."""
    for finding in doc.findings:
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(_ad_hoc_descriptor(finding))


def _doc_results(
    doc: DocumentResult, index: dict[str, int], root: Path | None
) -> list[dict[str, Any]]:
    """The SARIF results of one document's findings, in their order."""
    if not doc.findings:
        return []
    lines = doc.document.raw.split("\n")
    artifact = _artifact(doc.document.source, root)  # once: it resolves paths on disk
    return [_result(f, index, artifact, lines) for f in doc.findings]


def _log(
    descriptors: list[dict[str, Any]],
    errors: Iterable[InputError],
    notes: Iterable[str],
    root: Path | None,
    results: list[Any],
) -> dict[str, Any]:
    """The SARIF log around its results (one place for its layout; the sink builds it too)."""
    errors = tuple(errors)
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{err.source}: {err.message}"},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(err.source, root)}}],
        }
        for err in errors
    ]
    notifications += [{"level": "note", "message": {"text": note}} for note in notes]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "linkaudit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {
                    SRCROOT: {"uri": (root or Path.cwd()).resolve().as_uri() + "/"}
                },
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }


def to_sarif(result: AuditResult, root: Path | None = None) -> dict[str, Any]:
    """The whole scan as one SARIF log with one run."""
    descriptors, index = _catalog()
    for doc in result.documents:
        _index_rules(doc, descriptors, index)
    results = [r for doc in result.documents for r in _doc_results(doc, index, root)]
    return _log(descriptors, result.errors, result.notes, root, results)


def render(result: AuditResult) -> str:
    return json.dumps(to_sarif(result), ensure_ascii=False, indent=2) + "\n"


class SarifSink:
    """SARIF written from a stream of documents, the same bytes as `render`.

    The log's results come after the rule catalog (which grows by a descriptor for each rule a
    custom pack adds) and after the run's notifications (known at the end), so each result is
    encoded as its document comes and spooled to a temporary file, then copied out at `end`.
    What stays in memory: the catalog and the rule index.
    """

    def __init__(self, out: Writable) -> None:
        self._out = out
        self._root: Path | None = None
        self._descriptors: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}
        self._lead = frame(_dumps(_log([], (), (), None, [MARKER]))).lead
        self._spool: IO[str] | None = None
        self._items: ListWriter | None = None

    def begin(self, info: RunInfo) -> None:
        self._root = info.root
        self._descriptors, self._index = _catalog()
        # closed in end(); unlinked at once on POSIX, so a run that dies leaves nothing behind
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._items = ListWriter(self._spool, self._lead)

    def document(self, result: DocumentResult) -> None:
        assert self._items is not None, "begin() first"
        _index_rules(result, self._descriptors, self._index)
        for item in _doc_results(result, self._index, self._root):
            self._items.item(_dumps(item).replace("\n", self._lead))

    def end(self, summary: RunSummary) -> None:
        assert self._spool is not None and self._items is not None, "begin() first"
        log = _log(self._descriptors, summary.errors, summary.notes, self._root, [MARKER])
        whole = frame(_dumps(log) + "\n")
        try:
            if not self._items.count:
                self._out.write(whole.head + whole.tail)
                return
            self._out.write(whole.head)
            self._spool.seek(0)
            shutil.copyfileobj(self._spool, self._out)
            self._out.write(whole.close + whole.tail)
        finally:
            self._spool.close()
            self._spool = self._items = None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
