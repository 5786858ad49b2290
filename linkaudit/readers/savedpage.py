"""Where a saved web page came from: the site its relative links belong to.

A page saved from a news site (by a browser, a crawler, an archiving tool) keeps the site's
relative links (``/politics/``, ``../2023/story.html``). On disk they lead nowhere, yet on the
site they work: they belong to the page's address, not to the folder it was saved in. The page
usually says its address, in the order a reader should trust it:

1. ``<base href>``: browsers resolve every relative link against it;
2. the browser's mark ``<!-- saved from url=(0041)https://... -->`` (or an archiving tool's
   ``savepage-url`` meta, SingleFile's ``url:`` comment);
3. ``<link rel=canonical>``, then ``og:url``, then JSON-LD ``url``/``mainEntityOfPage``.

Pure: reads the parsed tree and the first bytes of the source, no disk or network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from linkaudit.extract.urls import join_url
from linkaudit.readers.tree import find_tags
from linkaudit.settings import SAVED_MARK_WINDOW

__all__ = ["SiteUrl", "site_url"]

# Internet Explorer / Chrome "Save as": <!-- saved from url=(0041)https://example.com/x -->
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
# SingleFile and similar tools: a comment whose lines say "url: https://..."
_SAVED_WITH = re.compile(
    r"<!--\s*(?:Page\s+)?saved\s+(?:with|by)\b[^>]*?\burl:\s*(\S+)", re.IGNORECASE | re.DOTALL
)
_SAVED_META = ("savepage-url", "og:saved_url", "singlefile-url")

SiteUrl = tuple[str | None, str | None, bool]


def _web(url: object, base: str | None = None) -> str | None:
    """``url`` when it is an absolute http(s) address (after resolving against ``base``)."""
    if not isinstance(url, str) or not url.strip():
        return None
    value = join_url(base, url.strip())
    try:
        urlsplit(value)  # a hostile address (``http://[::1``) is no page address: ignored
    except ValueError:
        return None
    return value if value.lower().startswith(("http://", "https://")) else None


def _json_ld_url(items: Iterable[Mapping[str, Any]]) -> str | None:
    for item in items:
        for key in ("mainEntityOfPage", "url"):
            value = item.get(key)
            if isinstance(value, Mapping):
                value = value.get("@id") or value.get("url")
            found = _web(value)
            if found:
                return found
    return None


def site_url(
    soup: BeautifulSoup,
    raw: str,
    json_ld: Iterable[Mapping[str, Any]] = (),
    named: Mapping[str, list[Tag]] | None = None,
) -> SiteUrl:
    """``(address, where it came from, has a saved-page mark)`` for a page read from a file
    (``named``: the page's meta, base and link tags by name, in document order, when the
    caller has them: each is a walk of the whole page otherwise)."""
    named = named or {n: find_tags(soup, (n,)) for n in ("meta", "base", "link")}
    head = raw[:SAVED_MARK_WINDOW]
    saved = _SAVED_FROM.search(head) or _SAVED_WITH.search(head)
    mark_url = _web(saved.group(1)) if saved else None
    meta_mark = None
    og_url = None
    for m in named["meta"]:
        key = m.get("property") or m.get("name")
        if not isinstance(key, str):
            continue
        lk = key.strip().lower()
        if lk in _SAVED_META:
            meta_mark = meta_mark or _web(m.get("content")) or "mark"
        elif lk == "og:url" and og_url is None:
            og_url = _web(m.get("content"))
    has_mark = saved is not None or meta_mark is not None
    if meta_mark and meta_mark != "mark":
        mark_url = mark_url or meta_mark
    base_tag = next((t for t in named["base"] if t.get("href") is not None), None)
    if isinstance(base_tag, Tag):
        base = _web(base_tag.get("href"), mark_url)
        if base:
            return base, "base", has_mark
    if mark_url:
        return mark_url, "saved-from", True
    canonical = None
    for link in (t for t in named["link"] if t.get("href") is not None):
        rel: Any = link.get("rel") or []
        if "canonical" in (rel if isinstance(rel, list) else [rel]):
            canonical = _web(link.get("href"))
            if canonical:
                return canonical, "canonical", has_mark
    if og_url:
        return og_url, "og:url", has_mark
    found = _json_ld_url(json_ld)
    if found:
        return found, "json-ld", has_mark
    return None, None, has_mark
