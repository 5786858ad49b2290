"""A result store a team shares for years: PostgreSQL through psycopg 3.

Selected by ``--store postgresql://user@host:port/db`` (``pip install 'linkaudit[postgres]'``);
this module, and psycopg with it, is imported only then. The tables are created on first use,
under an advisory lock so two runs starting at once on an empty database do not race. Writes
are upserts on the primary key ``(url, scope)``, one transaction per batch, so a batch is
stored whole or not at all and a key is never stored twice; reads take a whole chunk of keys
in one query (``= ANY(array)``). Freshness is judged here, with this machine's clock, as the
sqlite store does.

Every error psycopg raises becomes a one-line `StoreError` naming the store with its password
masked (the URL is taken apart here, and only its parts are handed to libpq).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from linkaudit import settings
from linkaudit.errors import StoreError
from linkaudit.model import LinkCheck, PageMeta
from linkaudit.store import redact
from linkaudit.store.rows import Key, Result, Row, chunks, fresh_hits, storable

__all__ = ["PostgresStore", "connect_args"]

CHECKS = settings.STORE_PG_CHECKS_TABLE
PAGES = settings.STORE_PG_PAGES_TABLE


def connect_args(url: str) -> dict[str, Any]:
    """libpq keywords from a ``postgresql://`` URL (query parameters such as ``sslmode`` pass
    through), so that psycopg never sees, nor echoes, the URL with its password."""
    parts = urlsplit(url)
    args: dict[str, Any] = dict(parse_qsl(parts.query))
    if parts.hostname:
        args["host"] = unquote(parts.hostname)
    if parts.port is not None:
        args["port"] = parts.port
    if parts.username:
        args["user"] = unquote(parts.username)
    if parts.password is not None:
        args["password"] = unquote(parts.password)
    dbname = unquote(parts.path.lstrip("/"))
    if dbname:
        args["dbname"] = dbname
    args.setdefault("connect_timeout", settings.STORE_PG_CONNECT_TIMEOUT_S)
    args.setdefault("application_name", "linkaudit")
    return args


class PostgresStore:
    """A store in the PostgreSQL database ``url`` names."""

    def __init__(
        self,
        url: str,
        *,
        max_age: float = settings.NET_CACHE_MAX_AGE,
        failure_max_age: float = settings.NET_CACHE_FAILURE_MAX_AGE,
        clock: Callable[[], float] = time.time,
        shown: str | None = None,
    ) -> None:
        self.shown = shown or redact(url)
        self.max_age = max_age
        self.failure_max_age = min(failure_max_age, max_age)
        self._clock = clock
        args = connect_args(url)
        self._secret = args.get("password")
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                f"--store {self.shown}: PostgreSQL needs psycopg "
                "(pip install 'linkaudit[postgres]')"
            ) from None
        self._psycopg = psycopg
        self._db: Any = None
        with self._errors("cannot connect to"):
            self._db = psycopg.connect(**args, autocommit=True)
        with self._errors("cannot create the tables in"):
            self._create_tables()

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """psycopg's errors as one line naming the store, never with its password."""
        try:
            yield
        except self._psycopg.Error as exc:
            detail = " ".join(str(exc).split()) or type(exc).__name__
            if self._secret:
                detail = detail.replace(self._secret, "***")
            raise StoreError(f"{doing} the store {self.shown}: {detail}") from None

    def _create_tables(self) -> None:
        exists = self._db.execute(
            "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL", (CHECKS, PAGES)
        ).fetchone()[0]
        if exists:
            return
        with self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (settings.STORE_PG_SCHEMA_LOCK,))
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {CHECKS} (url text NOT NULL, scope text NOT NULL,"
                " checked double precision NOT NULL, status text NOT NULL, data text NOT NULL,"
                " PRIMARY KEY (url, scope))"
            )
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {PAGES} (url text NOT NULL, scope text NOT NULL,"
                " fetched double precision NOT NULL, final_url text NOT NULL, html text NOT NULL,"
                " PRIMARY KEY (url, scope))"
            )

    def get(self, url: str, scope: str) -> Result | None:
        return self.get_many([(url, scope)]).get((url, scope))

    def get_many(self, keys: Iterable[Key]) -> dict[Key, Result]:
        found: dict[Key, Result] = {}
        now = self._clock()
        with self._errors("cannot read from"):
            for batch in chunks(keys, settings.STORE_READ_BATCH):
                wanted = set(batch)
                urls = sorted({url for url, _ in batch})
                scopes = sorted({scope for _, scope in batch})
                rows = self._db.execute(
                    f"SELECT url, scope, checked, status, data FROM {CHECKS}"
                    " WHERE url = ANY(%s) AND scope = ANY(%s)",
                    (urls, scopes),
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
        with self._errors("cannot write to"), self._db.transaction(), self._db.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {CHECKS} (url, scope, checked, status, data)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (url, scope) DO UPDATE SET"
                " checked = EXCLUDED.checked, status = EXCLUDED.status, data = EXCLUDED.data",
                values,
            )

    def get_page(self, url: str, scope: str) -> tuple[str, str] | None:
        with self._errors("cannot read from"):
            row = self._db.execute(
                f"SELECT fetched, final_url, html FROM {PAGES} WHERE url = %s AND scope = %s",
                (url, scope),
            ).fetchone()
        if row is None or not 0 <= self._clock() - row[0] <= self.max_age:
            return None
        return row[1], row[2]

    def put_page(self, url: str, scope: str, final_url: str, html: str) -> None:
        with self._errors("cannot write to"):
            self._db.execute(
                f"INSERT INTO {PAGES} (url, scope, fetched, final_url, html)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (url, scope) DO UPDATE SET"
                " fetched = EXCLUDED.fetched, final_url = EXCLUDED.final_url,"
                " html = EXCLUDED.html",
                (url, scope, self._clock(), final_url, html),
            )

    def is_empty(self) -> bool:
        with self._errors("cannot read from"):
            return self._db.execute(f"SELECT 1 FROM {CHECKS} LIMIT 1").fetchone() is None

    def row_count(self) -> int:
        """How many results are kept, fresh or not (for tests and reports)."""
        with self._errors("cannot read from"):
            return int(self._db.execute(f"SELECT count(*) FROM {CHECKS}").fetchone()[0])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
