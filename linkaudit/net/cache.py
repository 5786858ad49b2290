"""Results remembered between runs: sqlite today, behind a Protocol so a shared store fits later.

Keyed by normalised URL (and by whether private addresses were allowed, so a result obtained
with ``--allow-private`` never answers a run without it). A row holds the verdict, the redirect
chain and the page metadata, with the time of the check. Successes are fresh for
``max_age``; failures for a shorter time, because they are often transient and re-reporting a
stale failure is worse than checking again. WAL mode and a busy timeout let two scans share
one cache file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, Protocol

from linkaudit import settings
from linkaudit.model import LinkCheck, PageMeta

__all__ = ["ResultStore", "SqliteCache", "default_cache_dir", "encode", "decode"]

GOOD = frozenset({"ok", "redirected"})
UNCACHED = frozenset({"private", "skipped"})  # decided without the network


class ResultStore(Protocol):
    """What the checker needs from a cache."""

    def get(self, url: str, scope: str) -> tuple[LinkCheck, PageMeta | None] | None: ...

    def put(self, url: str, scope: str, check: LinkCheck, page: PageMeta | None) -> None: ...

    def close(self) -> None: ...


def default_cache_dir() -> Path:
    """``$LINKAUDIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/linkaudit``, else ``~/.cache/linkaudit``
    (macOS: ~/Library/Caches/linkaudit). CI jobs point the variable at a cached folder."""
    explicit = os.environ.get("LINKAUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "linkaudit"
    if os.uname().sysname == "Darwin":
        return Path.home() / "Library" / "Caches" / "linkaudit"
    return Path.home() / ".cache" / "linkaudit"


def encode(check: LinkCheck, page: PageMeta | None) -> str:
    """One JSON text for a row (anchors as a sorted list)."""
    page_data: dict[str, Any] | None = None
    if page is not None:
        page_data = asdict(page)
        page_data["anchors"] = sorted(page.anchors) if page.anchors is not None else None
    check_data = asdict(check)
    check_data["redirects"] = [dict(r) for r in check.redirects]
    return json.dumps({"check": check_data, "page": page_data}, separators=(",", ":"))


def decode(text: str) -> tuple[LinkCheck, PageMeta | None]:
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


class SqliteCache:
    """A cache file in ``directory`` (created if missing)."""

    def __init__(
        self,
        directory: str | Path | None = None,
        *,
        max_age: float = settings.NET_CACHE_MAX_AGE,
        failure_max_age: float = settings.NET_CACHE_FAILURE_MAX_AGE,
        clock: Any = time.time,
    ) -> None:
        path = Path(directory) if directory else default_cache_dir()
        path.mkdir(parents=True, exist_ok=True)
        self.path = path / "checks.sqlite3"
        self.max_age = max_age
        self.failure_max_age = min(failure_max_age, max_age)
        self._clock = clock
        self._db = sqlite3.connect(
            self.path, timeout=settings.NET_CACHE_BUSY_MS / 1000, isolation_level=None
        )
        self._db.execute(f"PRAGMA busy_timeout={settings.NET_CACHE_BUSY_MS}")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS checks (url TEXT NOT NULL, scope TEXT NOT NULL,"
            " checked REAL NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL,"
            " PRIMARY KEY (url, scope))"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS pages (url TEXT NOT NULL, scope TEXT NOT NULL,"
            " fetched REAL NOT NULL, final_url TEXT NOT NULL, html TEXT NOT NULL,"
            " PRIMARY KEY (url, scope))"
        )

    def get(self, url: str, scope: str) -> tuple[LinkCheck, PageMeta | None] | None:
        row = self._db.execute(
            "SELECT checked, status, data FROM checks WHERE url = ? AND scope = ?", (url, scope)
        ).fetchone()
        if row is None:
            return None
        checked, status, data = row
        age = self._clock() - checked
        if age > (self.max_age if status in GOOD else self.failure_max_age) or age < 0:
            return None
        try:
            check, page = decode(data)
        except (ValueError, TypeError, KeyError):
            return None
        return replace(check, from_cache=True), page

    def put(self, url: str, scope: str, check: LinkCheck, page: PageMeta | None) -> None:
        if check.status in UNCACHED:
            return
        data = encode(replace(check, from_cache=False), page)
        self._db.execute(
            "INSERT OR REPLACE INTO checks (url, scope, checked, status, data) VALUES (?,?,?,?,?)",
            (url, scope, self._clock(), check.status, data),
        )

    def put_many(self, rows: list[tuple[str, str, LinkCheck, PageMeta | None]]) -> None:
        """Store many results in one transaction (one fsync, not two thousand)."""
        now = self._clock()
        values = [
            (url, scope, now, c.status, encode(replace(c, from_cache=False), p))
            for url, scope, c, p in rows
            if c.status not in UNCACHED
        ]
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO checks (url, scope, checked, status, data)"
                " VALUES (?,?,?,?,?)",
                values,
            )

    def get_page(self, url: str, scope: str) -> tuple[str, str] | None:
        """A published page scanned as an input, fetched less than ``max_age`` ago:
        ``(final URL, HTML)``."""
        row = self._db.execute(
            "SELECT fetched, final_url, html FROM pages WHERE url = ? AND scope = ?", (url, scope)
        ).fetchone()
        if row is None or not 0 <= self._clock() - row[0] <= self.max_age:
            return None
        return row[1], row[2]

    def put_page(self, url: str, scope: str, final_url: str, html: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO pages (url, scope, fetched, final_url, html)"
            " VALUES (?,?,?,?,?)",
            (url, scope, self._clock(), final_url, html),
        )

    def is_empty(self) -> bool:
        """No row at all (a first run): nothing will be answered from here."""
        return self._db.execute("SELECT 1 FROM checks LIMIT 1").fetchone() is None

    def close(self) -> None:
        self._db.close()
