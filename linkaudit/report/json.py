"""The JSON report: the machine contract of the design (fields are never renamed or removed)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from linkaudit.__about__ import __version__
from linkaudit.model import (
    AuditResult,
    DateMention,
    DocumentResult,
    Finding,
    Link,
    LinkCheck,
    PageMeta,
    ReferenceDate,
    Severity,
)

__all__ = ["SCHEMA_VERSION", "to_dict", "render", "summary"]

SCHEMA_VERSION = "1.0"


def _mention(m: DateMention) -> dict[str, Any]:
    return {"text": m.text, "line": m.line, "column": m.column, "kind": m.kind}


def _reference(r: ReferenceDate | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "date": r.iso(),
        "precision": r.precision,
        "source": r.source,
        "earliest": r.earliest.isoformat() if r.earliest else None,
        "latest": r.latest.isoformat() if r.latest else None,
        "implied": {
            "earliest": r.implied_earliest.isoformat() if r.implied_earliest else None,
            "latest": r.implied_latest.isoformat() if r.implied_latest else None,
        },
        "confidence": round(r.confidence, 3),
        "firm": r.firm,
        "evidence": [_mention(m) for m in r.evidence],
        "reasons": list(r.reasons),
    }


def _check(c: LinkCheck | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "status": c.status,
        "http_status": c.http_status,
        "final_url": c.final_url,
        "redirects": [dict(r) for r in c.redirects],
        "from_cache": c.from_cache,
        "error": c.error,
        "reason": c.reason,
    }


def _page(p: PageMeta | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "title": p.title,
        "canonical": p.canonical,
        "published": p.published,
        "modified": p.modified,
        "site_name": p.site_name,
        "lang": p.lang,
    }


def _link(link: Link) -> dict[str, Any]:
    return {
        "url": link.url,
        "normalized_url": link.normalized_url,
        "fragment": link.fragment,
        "locations": [
            {
                "line": r.line,
                "column": r.column,
                "text": r.text,
                "cited_title": r.cited_title,
                "region": r.region.value,
                "element": r.element,
                "in_code": r.in_code,
            }
            for r in link.locations
        ],
        "url_date": link.url_date.iso() if link.url_date else None,
        "check": _check(link.check),
        "page": _page(link.page),
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "line": f.line,
        "column": f.column,
        "url": f.url,
        "evidence": _plain(f.evidence),
        "suggestion": f.suggestion,
        "fingerprint": f.fingerprint,
    }


def _plain(value: Any) -> Any:
    """Evidence as JSON values (dates become ISO strings, tuples lists)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, DateMention):
        return _mention(value)
    return str(value)


def _document(d: DocumentResult) -> dict[str, Any]:
    return {
        "source": d.document.source,
        "format": d.document.format,
        "reference_date": _reference(d.reference_date),
        "links": [_link(link) for link in d.links],
        "findings": [finding_dict(f) for f in d.findings],
        "suppressed": d.suppressed,
    }


def summary(result: AuditResult) -> dict[str, Any]:
    counts = {s.value: 0 for s in Severity}
    for d in result.documents:
        for f in d.findings:
            counts[f.severity.value] += 1
    return {
        "documents": len(result.documents),
        "links": sum(len(ref_list.locations) for d in result.documents for ref_list in d.links),
        "unique_urls": len({link.normalized_url for d in result.documents for link in d.links}),
        "findings": counts,
        "errors": len(result.errors),
        "skipped_files": result.skipped_files,
    }


def to_dict(result: AuditResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "linkaudit", "version": __version__},
        "documents": [_document(d) for d in result.documents],
        "errors": [{"source": e.source, "message": e.message} for e in result.errors],
        "notes": list(result.notes),
        "network_down": result.network_down,
        "baseline": _plain(result.baseline) if result.baseline is not None else None,
        "summary": summary(result),
    }


def render(result: AuditResult, *, pretty: bool = True) -> str:
    """The report as JSON text; ``pretty`` indents it for people (the C encoder, used when it is
    off, is several times faster on large reports)."""
    if pretty:
        return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"
    return json.dumps(to_dict(result), ensure_ascii=False, separators=(",", ":")) + "\n"
