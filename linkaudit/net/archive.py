"""Web-archive snapshots of a URL, closest to a date: Wayback availability API and Memento.

For a dead, blocked or ephemeral citation the useful fix is the copy the archive kept around
the time the article was written, so the lookups take that date. The Wayback availability API
answers with one "closest" snapshot; a Memento TimeGate (RFC 7089) answers a request carrying
``Accept-Datetime`` with a redirect to the memento closest to it.

The parsing is pure (`parse_availability`, `parse_timegate`); the two fetchers are thin.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from linkaudit import settings

__all__ = [
    "Snapshot",
    "parse_availability",
    "parse_timegate",
    "parse_cdx_first",
    "wayback_closest",
    "wayback_first",
    "memento_closest",
]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An archived copy: where it is and when it was captured (``YYYYMMDDhhmmss``)."""

    url: str
    timestamp: str
    source: str  # wayback | memento

    @property
    def date(self) -> dt.date | None:
        try:
            return dt.datetime.strptime(self.timestamp[:8], "%Y%m%d").date()
        except ValueError:
            return None


def parse_availability(data: Any) -> Snapshot | None:
    """The closest snapshot from an availability API answer, if one is available."""
    if not isinstance(data, Mapping):
        return None
    closest = (data.get("archived_snapshots") or {}).get("closest")
    if not isinstance(closest, Mapping) or not closest.get("available"):
        return None
    url, stamp = closest.get("url"), closest.get("timestamp")
    if not isinstance(url, str) or not isinstance(stamp, str):
        return None
    if url.startswith("http://web.archive.org/"):
        url = "https://" + url[len("http://") :]
    return Snapshot(url, stamp, "wayback")


def parse_timegate(status: int, headers: Mapping[str, str]) -> Snapshot | None:
    """A TimeGate's redirect (``Location`` + ``Memento-Datetime``), if it gave one."""
    location = headers.get("location")
    if status not in (200, 302, 303, 307) or not location:
        return None
    when = headers.get("memento-datetime")
    stamp = ""
    if when:
        try:
            stamp = email.utils.parsedate_to_datetime(when).strftime("%Y%m%d%H%M%S")
        except (TypeError, ValueError):
            stamp = ""
    return Snapshot(location, stamp, "memento")


def _stamp(when: dt.date | None) -> str | None:
    return when.strftime("%Y%m%d") if when else None


async def wayback_closest(
    client: httpx.AsyncClient,
    url: str,
    when: dt.date | None = None,
    *,
    api: str = settings.NET_WAYBACK_API,
) -> Snapshot | None:
    """Ask the availability API for the snapshot of ``url`` closest to ``when``."""
    params = {"url": url}
    stamp = _stamp(when)
    if stamp:
        params["timestamp"] = stamp
    try:
        response = await client.get(api, params=params)
        if response.status_code != 200:
            return None
        return parse_availability(response.json())
    except (httpx.HTTPError, ValueError):
        return None


def parse_cdx_first(data: Any) -> str | None:
    """The timestamp of the first row of a CDX answer (``[["timestamp"], ["2016..."]]``)."""
    if not isinstance(data, list) or len(data) < 2:
        return None
    row = data[1]
    if not isinstance(row, list) or not row or not isinstance(row[0], str):
        return None
    stamp = row[0]
    return stamp if stamp.isdigit() and len(stamp) >= 8 else None


async def wayback_first(
    client: httpx.AsyncClient, url: str, *, api: str = settings.NET_WAYBACK_CDX_API
) -> str | None:
    """When the Wayback Machine first captured ``url`` (``YYYYMMDDhhmmss``), if it did."""
    params = {"url": url, "limit": "1", "fl": "timestamp", "output": "json"}
    try:
        response = await client.get(api, params=params)
        if response.status_code != 200:
            return None
        return parse_cdx_first(response.json())
    except (httpx.HTTPError, ValueError):
        return None


async def memento_closest(
    client: httpx.AsyncClient,
    url: str,
    when: dt.date | None = None,
    *,
    timegate: str = settings.NET_MEMENTO_TIMEGATE,
) -> Snapshot | None:
    """Ask a Memento TimeGate for the memento of ``url`` closest to ``when``."""
    headers = {}
    if when is not None:
        moment = dt.datetime.combine(when, dt.time(12), tzinfo=dt.UTC)
        headers["Accept-Datetime"] = email.utils.format_datetime(moment, usegmt=True)
    try:
        response = await client.get(timegate + url, headers=headers)
    except httpx.HTTPError:
        return None
    lowered = {k.lower(): v for k, v in response.headers.items()}
    return parse_timegate(response.status_code, lowered)
