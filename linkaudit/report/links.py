"""``linkaudit links``: every link occurrence a scan would see, one per line, without checking
any of them (as a link checker's dump mode). Pure: `AuditResult` in, text out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from linkaudit.model import AuditResult, DocumentResult, Link, LinkRef, Region, safe_text

__all__ = ["LinkRow", "rows", "kind_of", "render_text", "render_json"]

#: What a non-citation element is called in the listing.
_ELEMENT_KINDS = {"img": "image", "iframe": "embed", "canonical": "canonical"}


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One occurrence of a link, with what the rules make of it."""

    document: DocumentResult
    link: Link
    ref: LinkRef
    kind: str  # citation | code | chrome | image | embed | canonical


def kind_of(ref: LinkRef, all_regions: bool = False) -> str:
    """What an occurrence is to the rules: a ``citation``, or why not (``code``, page
    furniture: ``chrome``, or an ``image``, ``embed``, ``canonical``)."""
    if ref.in_code:
        return "code"
    if ref.element in _ELEMENT_KINDS:
        return _ELEMENT_KINDS[ref.element]
    if ref.region is Region.CHROME and not all_regions:
        return "chrome"
    return "citation"


def rows(result: AuditResult, all_regions: bool = False) -> Iterator[LinkRow]:
    """Every occurrence, documents in input order, then by line and column."""
    for doc in result.documents:
        found = [(ref, link) for link in doc.links for ref in link.locations]
        found.sort(key=lambda pair: (pair[0].line, pair[0].column))
        for ref, link in found:
            yield LinkRow(doc, link, ref, kind_of(ref, all_regions))


def render_text(result: AuditResult, all_regions: bool = False) -> str:
    """``path:line:col: kind URL`` per occurrence (the URL as written)."""
    lines = [
        f"{safe_text(r.document.document.source)}:{r.ref.line}:{r.ref.column}: "
        f"{r.kind} {safe_text(r.ref.url)}"
        for r in rows(result, all_regions)
    ]
    return "".join(line + "\n" for line in lines)


def _row_dict(r: LinkRow) -> dict[str, Any]:
    return {
        "source": r.document.document.source,
        "line": r.ref.line,
        "column": r.ref.column,
        "url": r.ref.url,
        "normalized_url": r.link.normalized_url,
        "fragment": r.link.fragment,
        "url_date": r.link.url_date.iso() if r.link.url_date else None,
        "kind": r.kind,
        "citation": r.kind == "citation",
        "in_code": r.ref.in_code,
        "region": r.ref.region.value,
        "element": r.ref.element,
        "text": r.ref.text,
    }


def render_json(result: AuditResult, all_regions: bool = False, *, pretty: bool = False) -> str:
    """``{"links": [...], "errors": [...]}``: one object per occurrence."""
    data = {
        "links": [_row_dict(r) for r in rows(result, all_regions)],
        "errors": [{"source": e.source, "message": e.message} for e in result.errors],
    }
    if pretty:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
