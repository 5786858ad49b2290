"""The embedded result store: one sqlite file, the default.

WAL mode and a busy timeout let two scans share one file. Bulk reads ask for a chunk of URLs
at a time; bulk writes are one transaction (one fsync for a batch, not one per result).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from linkaudit import settings
from linkaudit.model import LinkCheck, PageMeta
from linkaudit.store.rows import Key, Result, Row, chunks, fresh_hits, storable

__all__ = ["SqliteStore", "SqliteCache", "default_cache_dir"]


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


class SqliteStore:
    """A store in the sqlite file ``path`` (its folder created if missing)."""

    def __init__(
        self,
        path: str | Path,
        *,
        max_age: float = settings.NET_CACHE_MAX_AGE,
        failure_max_age: float = settings.NET_CACHE_FAILURE_MAX_AGE,
        clock: Any = time.time,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.max_age = max_age
        self.failure_max_age = min(failure_max_age, max_age)
        self._clock = clock
        self._db = sqlite3.connect(
            self.path, timeout=settings.NET_CACHE_BUSY_MS / 1000, isolation_level=None
        )
        self._db.execute(f"PRAGMA busy_timeout={settings.NET_CACHE_BUSY_MS}")
        self._use_wal()
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

    def _use_wal(self) -> None:
        """Switch a new file to WAL (kept in the file). Two processes opening one new file at
        once (a cluster's workers) may find the switch refused as "locked" at once, without
        the busy timeout: the switch is tried again a few times, briefly."""
        for attempt in range(settings.STORE_SQLITE_WAL_TRIES):
            try:
                if self._db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt + 1 == settings.STORE_SQLITE_WAL_TRIES:
                    raise
                time.sleep(settings.STORE_SQLITE_WAL_WAIT_S * (attempt + 1))

    def get(self, url: str, scope: str) -> Result | None:
        return self.get_many([(url, scope)]).get((url, scope))

    def get_many(self, keys: Iterable[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        now = self._clock()
        for batch in chunks(keys, settings.STORE_READ_BATCH):
            wanted = set(batch)
            urls = sorted({url for url, _ in batch})
            marks = ",".join("?" * len(urls))
            rows = self._db.execute(
                f"SELECT url, scope, checked, status, data FROM checks WHERE url IN ({marks})",
                urls,
            ).fetchall()
            found.update(fresh_hits(rows, wanted, now, self.max_age, self.failure_max_age))
        return found

    def put(self, url: str, scope: str, check: LinkCheck, page: PageMeta | None) -> None:
        self.put_many([(url, scope, check, page)])

    def put_many(self, rows: Iterable[Row]) -> None:
        now = self._clock()
        values = [(url, scope, now, status, data) for url, scope, status, data in storable(rows)]
        if not values:
            return
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO checks (url, scope, checked, status, data)"
                " VALUES (?,?,?,?,?)",
                values,
            )

    def get_page(self, url: str, scope: str) -> tuple[str, str] | None:
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
        return self._db.execute("SELECT 1 FROM checks LIMIT 1").fetchone() is None

    def row_count(self) -> int:
        """How many results are kept, fresh or not (for tests and reports)."""
        return int(self._db.execute("SELECT count(*) FROM checks").fetchone()[0])

    def close(self) -> None:
        self._db.close()


class SqliteCache(SqliteStore):
    """The cache file in ``directory`` (default: `default_cache_dir`), as ``--cache-dir``
    names it."""

    def __init__(
        self,
        directory: str | Path | None = None,
        *,
        max_age: float = settings.NET_CACHE_MAX_AGE,
        failure_max_age: float = settings.NET_CACHE_FAILURE_MAX_AGE,
        clock: Any = time.time,
    ) -> None:
        folder = Path(directory) if directory else default_cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(
            folder / settings.STORE_SQLITE_FILE,
            max_age=max_age,
            failure_max_age=failure_max_age,
            clock=clock,
        )
