"""What a stored result is, independent of where it is stored: pure encoding and freshness.

A row is ``(url, scope, LinkCheck, PageMeta | None)``; it is kept as one JSON text with the
time of the check. Every adapter uses these functions, so a result means the same and ages
the same in sqlite and in PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from typing import Any

from linkaudit.model import LinkCheck, PageMeta

__all__ = [
    "GOOD",
    "UNCACHED",
    "Key",
    "Result",
    "Row",
    "chunks",
    "decode",
    "fresh_hits",
    "encode",
    "is_fresh",
    "read_row",
    "storable",
]

Key = tuple[str, str]  # (normalised URL, scope)
Result = tuple[LinkCheck, PageMeta | None]
Row = tuple[str, str, LinkCheck, PageMeta | None]

GOOD = frozenset({"ok", "redirected"})
UNCACHED = frozenset({"private", "skipped"})  # decided without the network


def encode(check: LinkCheck, page: PageMeta | None) -> str:
    """One JSON text for a row (anchors as a sorted list)."""
    page_data: dict[str, Any] | None = None
    if page is not None:
        page_data = asdict(page)
        page_data["anchors"] = sorted(page.anchors) if page.anchors is not None else None
    check_data = asdict(check)
    check_data["redirects"] = [dict(r) for r in check.redirects]
    return json.dumps({"check": check_data, "page": page_data}, separators=(",", ":"))


def decode(text: str) -> Result:
    data = json.loads(text)
    c = data["check"]
    c["redirects"] = tuple(c.get("redirects") or ())
    check = LinkCheck(**{k: v for k, v in c.items() if k in LinkCheck.__dataclass_fields__})
    page = None
    if data.get("page") is not None:
        p = data["page"]
        if p.get("anchors") is not None:
            p["anchors"] = frozenset(p["anchors"])
        page = PageMeta(**{k: v for k, v in p.items() if k in PageMeta.__dataclass_fields__})
    return check, page


def is_fresh(
    checked: float, status: str, now: float, max_age: float, failure_max_age: float
) -> bool:
    """Successes stay fresh for ``max_age``, failures for the shorter ``failure_max_age``
    (they are often transient); a row from the future (a clock set back) is never fresh."""
    age = now - checked
    return 0 <= age <= (max_age if status in GOOD else failure_max_age)


def read_row(
    checked: float, status: str, data: str, now: float, max_age: float, failure_max_age: float
) -> Result | None:
    """A stored row as the checker wants it (marked ``from_cache``), or None when stale or
    unreadable (a row written by another version is simply checked again)."""
    if not is_fresh(checked, status, now, max_age, failure_max_age):
        return None
    try:
        check, page = decode(data)
    except (ValueError, TypeError, KeyError):
        return None
    return replace(check, from_cache=True), page


def fresh_hits(
    rows: Iterable[tuple[str, str, float, str, str]],
    wanted: set[Key],
    now: float,
    max_age: float,
    failure_max_age: float,
) -> dict[Key, Result]:
    """The fresh, readable results among ``(url, scope, checked, status, data)`` rows that a
    bulk read returned, for the keys asked for (a read by URL may bring other scopes too)."""
    found: dict[Key, Result] = {}
    for url, scope, checked, status, data in rows:
        if (url, scope) not in wanted:
            continue
        hit = read_row(checked, status, data, now, max_age, failure_max_age)
        if hit is not None:
            found[(url, scope)] = hit
    return found


def storable(rows: Iterable[Row]) -> list[tuple[str, str, str, str]]:
    """``(url, scope, status, JSON)`` for the rows worth keeping, the last of each key winning
    (a batch never names a key twice, so one upsert statement can hold it)."""
    out: dict[Key, tuple[str, str, str, str]] = {}
    for url, scope, check, page in rows:
        if check.status in UNCACHED:
            continue
        out[(url, scope)] = (
            url,
            scope,
            check.status,
            encode(replace(check, from_cache=False), page),
        )
    return list(out.values())


def chunks(keys: Iterable[Key], size: int) -> Iterator[list[Key]]:
    """``keys`` without repeats, ``size`` at a time (one query each)."""
    batch: list[Key] = []
    for key in dict.fromkeys(keys):
        batch.append(key)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
