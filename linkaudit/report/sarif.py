"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

GitHub deduplicates alerts across runs by ``partialFingerprints`` and needs stable rule ids and
relative paths, so paths are made relative to ``%SRCROOT%`` (the working directory, which is the
checkout in CI) and each result carries the finding's edit-proof fingerprint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from linkaudit.__about__ import __version__
from linkaudit.engine.registry import Rule, all_rules
from linkaudit.model import AuditResult, DocumentResult, Finding, Severity
from linkaudit.report.common import STDIN_NAME, display_path, is_url
from linkaudit.report.json import finding_dict

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "LEVELS", "to_sarif", "render"]

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
    doc: DocumentResult,
    finding: Finding,
    index: dict[str, int],
    root: Path | None,
    lines: list[str],
) -> dict[str, Any]:
    artifact = _artifact(doc.document.source, root)
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


def to_sarif(result: AuditResult, root: Path | None = None) -> dict[str, Any]:
    """The whole scan as one SARIF log with one run."""
    descriptors = [_rule_descriptor(rule) for rule in all_rules()]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for doc in result.documents:
        for finding in doc.findings:
            if finding.rule not in index:
                index[finding.rule] = len(descriptors)
                descriptors.append(_ad_hoc_descriptor(finding))
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{err.source}: {err.message}"},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(err.source, root)}}],
        }
        for err in result.errors
    ]
    notifications += [{"level": "note", "message": {"text": note}} for note in result.notes]
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
                        "executionSuccessful": not result.errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": [
                    _result(doc, f, index, root, lines)
                    for doc in result.documents
                    if doc.findings
                    for lines in [doc.document.raw.split("\n")]
                    for f in doc.findings
                ],
            }
        ],
    }


def render(result: AuditResult) -> str:
    return json.dumps(to_sarif(result), ensure_ascii=False, indent=2) + "\n"
