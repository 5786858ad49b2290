"""The JSON report: the machine contract of the design (fields are never renamed or removed)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring
from typing import Any

from linkaudit.__about__ import __version__
from linkaudit.model import (
    AuditResult,
    DateMention,
    DocumentResult,
    Finding,
    InputError,
    Link,
    LinkCheck,
    LinkRef,
    PageMeta,
    ReferenceDate,
    Region,
    Severity,
)
from linkaudit.report.splice import Frame
from linkaudit.report.tally import Tally

__all__ = ["SCHEMA_VERSION", "compact_frame", "report_object", "to_dict", "render", "summary"]

SCHEMA_VERSION = "1.0"

#: Enum values by member: a dict lookup is several times cheaper than ``.value``, and a report
#: reads one per finding and one per link location.
_SEVERITY: dict[Severity, str] = {s: s.value for s in Severity}
_REGION: dict[Region, str] = {r: r.value for r in Region}


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
        "method": r.method or r.source,
        "declared": r.declared,
        "modified": r.modified.isoformat() if r.modified else None,
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
                "region": _REGION[r.region],
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
        "severity": _SEVERITY[f.severity],
        "message": f.message,
        "line": f.line,
        "column": f.column,
        "url": f.url,
        "evidence": _plain(f.evidence),
        "suggestion": f.suggestion,
        "fingerprint": f.fingerprint,
    }


#: Types the JSON encoder writes as they are: `_plain` passes them through without a call.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """Evidence as JSON values (dates become ISO strings, tuples lists).

    Evidence is mostly dicts and lists of plain values, so those are converted here directly,
    without a call per leaf; anything else takes the general path, `_plain_other`.
    """
    kind = type(value)
    if kind is dict:
        return {
            (k if type(k) is str else str(k)): (v if type(v) in _SCALARS else _plain(v))
            for k, v in value.items()
        }
    if kind is list or kind is tuple:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if kind in _SCALARS:
        return value
    return _plain_other(value)


def _plain_other(value: Any) -> Any:
    """`_plain` for what is not exactly a dict, list, tuple or plain scalar."""
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
    out = {
        "source": d.document.source,
        "format": d.document.format,
        "format_source": d.document.format_source,
        "reference_date": _reference(d.reference_date),
        "links": [_link(link) for link in d.links],
        "findings": [finding_dict(f) for f in d.findings],
        "suppressed": d.suppressed,
        "encoding_warning": _encoding_warning(d),
        "site": _plain(d.site) if d.site is not None else None,
    }
    if d.document.capture is not None:  # a page read from a web archive (WARC)
        out["capture"] = _capture(d)
    return out


def _capture(d: DocumentResult) -> dict[str, str | None]:
    """Where and when a web archive captured the document (its record's URI, date and id)."""
    c = d.document.capture
    assert c is not None
    return {"url": c.url, "date": c.date, "record_id": c.record_id}


def _encoding_warning(d: DocumentResult) -> dict[str, str] | None:
    """The encoding linkaudit chose for a file that declared none and was not UTF-8."""
    doc = d.document
    if doc.encoding_warning is None:
        return None
    return {"encoding": doc.guessed_encoding or "", "message": doc.encoding_warning}


def summary(result: AuditResult) -> dict[str, Any]:
    tally = Tally()
    for d in result.documents:
        tally.add(d)
    return tally.summary(errors=len(result.errors), skipped_files=result.skipped_files)


def to_dict(result: AuditResult) -> dict[str, Any]:
    return _report(result, [_document(d) for d in result.documents])


def _report(result: AuditResult, documents: list[dict[str, Any]]) -> dict[str, Any]:
    return report_object(
        documents,
        errors=result.errors,
        notes=result.notes,
        network_down=result.network_down,
        baseline=result.baseline,
        summary=summary(result),
    )


def report_object(
    documents: list[Any],
    *,
    errors: Iterable[InputError],
    notes: Iterable[str],
    network_down: bool,
    baseline: Mapping[str, Any] | None,
    summary: dict[str, Any],
) -> dict[str, Any]:
    """The report's top level around its ``documents`` (one place for its keys and order; the
    streaming writers build theirs here too)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "linkaudit", "version": __version__},
        "documents": documents,
        "errors": [{"source": e.source, "message": e.message} for e in errors],
        "notes": list(notes),
        "network_down": network_down,
        "baseline": _plain(baseline) if baseline is not None else None,
        "summary": summary,
    }


def render(result: AuditResult, *, pretty: bool = True) -> str:
    """The report as JSON text; ``pretty`` indents it for people. Compact text is written
    straight from the results (`_compact`), without the dict tree `to_dict` builds: several
    times faster on large reports, and the same bytes as encoding that tree."""
    if pretty:
        return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"
    return _compact(result)


# -- compact text, written directly ---------------------------------------------------------------
# Each writer below is the compact encoding of its dict converter above (`_link` and
# `_link_json`, ...): a field added to one must be added to the other, in the same place
# (tests/test_report_json_compact.py compares the two). Fields the model declares as int or bool
# (line, column, in_code, ...) are written as such; the enum values need no escaping.

#: The compact encoder `json.dumps` would use: `_plain_json` leaves to it any value it does not
#: write itself, so that the text is always the one ``json.dumps`` gives.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_INFINITY = float("inf")


def _plain_json(value: Any) -> str:
    """``json.dumps(_plain(value))``, compact and not ASCII-escaped, in one pass.

    The exact types evidence is made of are written here, a scalar in a dict without a call of
    its own; anything else (subclasses, dates, non-string keys) goes through `_plain`
    and the json module. For JSON values with string keys, `_plain` changes nothing, so this
    is also their ``json.dumps``.
    """
    kind = type(value)
    if kind is dict:
        parts = []
        for k, v in value.items():
            if type(k) is not str:  # `_plain` makes it str(k), and two keys may then collide
                return _COMPACT.encode(_plain(value))
            leaf = type(v)
            if leaf is str:
                parts.append(f"{encode_basestring(k)}:{encode_basestring(v)}")
            elif leaf is int:
                parts.append(f"{encode_basestring(k)}:{v}")
            elif v is None:
                parts.append(f"{encode_basestring(k)}:null")
            elif leaf is bool:
                parts.append(f"{encode_basestring(k)}:{'true' if v else 'false'}")
            else:
                parts.append(f"{encode_basestring(k)}:{_plain_json(v)}")
        return "{" + ",".join(parts) + "}"
    if kind is str:
        return encode_basestring(value)
    if kind is list or kind is tuple:
        return "[" + ",".join([_plain_json(v) for v in value]) + "]"
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is float:  # as json writes floats, allow_nan being on
        if value != value:
            return "NaN"
        if value == _INFINITY:
            return "Infinity"
        if value == -_INFINITY:
            return "-Infinity"
        return float.__repr__(value)
    return _COMPACT.encode(_plain(value))


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _location_json(r: LinkRef) -> str:
    return (
        f'{{"line":{r.line},"column":{r.column},"text":{_text(r.text)},'
        f'"cited_title":{_text(r.cited_title)},"region":"{_REGION[r.region]}",'
        f'"element":{encode_basestring(r.element)},"in_code":{"true" if r.in_code else "false"}}}'
    )


def _check_json(c: LinkCheck | None) -> str:
    if c is None:
        return "null"
    return (
        f'{{"status":{encode_basestring(c.status)},"http_status":{_plain_json(c.http_status)},'
        f'"final_url":{_text(c.final_url)},"redirects":{_redirects_json(c.redirects)},'
        f'"from_cache":{"true" if c.from_cache else "false"},"error":{_text(c.error)},'
        f'"reason":{_text(c.reason)}}}'
    )


def _redirects_json(redirects: tuple[Mapping[str, Any], ...]) -> str:
    return _plain_json([dict(r) for r in redirects]) if redirects else "[]"


def _link_json(link: Link) -> str:
    page = "null" if link.page is None else _plain_json(_page(link.page))
    return (
        f'{{"url":{encode_basestring(link.url)},'
        f'"normalized_url":{encode_basestring(link.normalized_url)},'
        f'"fragment":{_text(link.fragment)},'
        f'"locations":[{",".join([_location_json(r) for r in link.locations])}],'
        f'"url_date":{_text(link.url_date.iso() if link.url_date else None)},'
        f'"check":{_check_json(link.check)},"page":{page}}}'
    )


def _finding_json(f: Finding) -> str:
    return (
        f'{{"rule":{encode_basestring(f.rule)},"name":{encode_basestring(f.name)},'
        f'"severity":"{_SEVERITY[f.severity]}","message":{encode_basestring(f.message)},'
        f'"line":{f.line},"column":{f.column},"url":{_text(f.url)},'
        f'"evidence":{_plain_json(f.evidence)},"suggestion":{_text(f.suggestion)},'
        f'"fingerprint":{encode_basestring(f.fingerprint)}}}'
    )


def _document_json(d: DocumentResult) -> str:
    return (
        f'{{"source":{encode_basestring(d.document.source)},'
        f'"format":{encode_basestring(d.document.format)},'
        f'"format_source":{encode_basestring(d.document.format_source)},'
        f'"reference_date":{_plain_json(_reference(d.reference_date))},'
        f'"links":[{",".join([_link_json(link) for link in d.links])}],'
        f'"findings":[{",".join([_finding_json(f) for f in d.findings])}],'
        f'"suppressed":{d.suppressed},'
        f'"encoding_warning":{_plain_json(_encoding_warning(d))},'
        f'"site":{_plain_json(_plain(d.site)) if d.site is not None else "null"}'
        + (f',"capture":{_plain_json(_capture(d))}' if d.document.capture is not None else "")
        + "}"
    )


def compact_frame(report: Mapping[str, Any]) -> Frame:
    """The compact text of ``report`` around its ``documents`` array (whatever that holds)."""
    before: list[str] = []
    after: list[str] = []
    part = before
    for key, value in report.items():
        if key == "documents":
            part = after
            continue
        part.append(f"{encode_basestring(key)}:{_plain_json(value)}")
    head = "{" + "".join([p + "," for p in before]) + '"documents":['
    return Frame(head=head, lead="", close="", tail="]" + "".join(["," + p for p in after]) + "}\n")


def _compact(result: AuditResult) -> str:
    """``json.dumps(to_dict(result))`` in compact form, and its final newline, without the
    documents' dicts; joined once, as the text of a large scan is megabytes."""
    frame = compact_frame(_report(result, []))
    return frame.whole([_document_json(d) for d in result.documents])
