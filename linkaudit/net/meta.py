"""What a fetched page says about itself, read from its (capped) HTML. Pure: no I/O.

Title: ``og:title``, else ``<title>``, else the first ``<h1>``. Dates: JSON-LD first (the
most deliberate statement a publisher makes), then the usual meta tags, then ``<time>``, and
only if all of that is silent, htmldate (imported here, lazily, because most pages never need
it and a warm-cache run must stay light). The URL is never a source of the page's date: META004
compares the two, so they must stay independent.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urljoin

from linkaudit.extract.htmldates import htmldate_of
from linkaudit.model import PageMeta

__all__ = ["parse_page_meta", "normalise_date"]

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
)
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|WebPage|CreativeWork)$", re.I)


def normalise_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from ISO 8601, ``YYYY/MM/DD``, ``YYYYMMDD`` or an RFC 2822 date."""
    if not value:
        return None
    value = value.strip()
    m = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value) or re.match(
        r"(\d{4})(\d{2})(\d{2})(?:\D|$)", value
    )
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _json_ld_nodes(data: Any) -> Iterator[Mapping[str, Any]]:
    """Every object in a JSON-LD block, through lists and ``@graph``."""
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_nodes(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _json_ld_nodes(data["@graph"])


def _ld_dates(blocks: list[str]) -> tuple[str | None, str | None]:
    published = modified = None
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for node in _json_ld_nodes(data):
            kind = node.get("@type", "")
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
                continue
            published = published or normalise_date(_str(node.get("datePublished")))
            modified = modified or normalise_date(_str(node.get("dateModified")))
    return published, modified


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def parse_page_meta(html: str, url: str) -> PageMeta:
    """Title, canonical URL, site name, language, dates and anchors of one HTML page."""
    import lxml.html  # imported here: the warm-cache path never parses HTML

    if not html.strip():
        return PageMeta(anchors=frozenset())
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return PageMeta(anchors=frozenset())

    metas: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in metas:
            metas[key] = content.strip()

    def first_text(tag: str) -> str | None:
        for el in root.iter(tag):
            return _clean(el.text_content())
        return None

    h1 = first_text("h1")
    title = _clean(metas.get("og:title")) or first_text("title") or h1

    canonical = None
    for el in root.iter("link"):
        rels = (el.get("rel") or "").lower().split()
        if "canonical" in rels and el.get("href"):
            canonical = urljoin(url, el.get("href", "").strip())
            break
    if canonical is None and metas.get("og:url"):
        canonical = urljoin(url, metas["og:url"])

    site_name = _clean(metas.get("og:site_name") or metas.get("application-name"))
    lang = root.get("lang") or root.get("xml:lang") or metas.get("og:locale")
    lang = _clean(lang) or _clean(metas.get("content-language"))

    ld_blocks = [
        el.text or ""
        for el in root.iter("script")
        if (el.get("type") or "").strip().lower() == "application/ld+json"
    ]
    published, modified = _ld_dates(ld_blocks)
    published = published or next(
        (d for k in _PUBLISHED_META if (d := normalise_date(metas.get(k)))), None
    )
    modified = modified or next(
        (d for k in _MODIFIED_META if (d := normalise_date(metas.get(k)))), None
    )
    if published is None:
        for el in root.iter("time"):
            if el.get("pubdate") is not None or "published" in (el.get("class") or ""):
                published = normalise_date(el.get("datetime"))
                if published:
                    break
    if published is None:
        found = htmldate_of(root)  # the tree, never the string: htmldate fetches URL-like strings
        published = found.isoformat() if found else None

    anchors = frozenset(
        value
        for el in root.iter()
        if isinstance(el.tag, str)
        for value in (el.get("id"), el.get("name") if el.tag == "a" else None)
        if value
    )
    return PageMeta(
        title=title,
        canonical=canonical,
        site_name=site_name,
        lang=lang,
        published=published,
        modified=modified,
        h1=h1,
        anchors=anchors,
    )
