"""Where this used to live: the result store is `linkaudit.store` now (sqlite by default,
PostgreSQL shared). These names stay importable from here."""

from __future__ import annotations

from linkaudit.store import ResultStore
from linkaudit.store.rows import GOOD, UNCACHED, decode, encode
from linkaudit.store.sqlite import SqliteCache, SqliteStore, default_cache_dir

__all__ = [
    "GOOD",
    "UNCACHED",
    "ResultStore",
    "SqliteCache",
    "SqliteStore",
    "default_cache_dir",
    "decode",
    "encode",
]
