"""Result stores: where link checks are remembered between runs, behind one small interface.

A store maps ``(normalised URL, scope)`` to the latest check of that URL and says whether it
is still fresh (successes for ``max_age``, failures for a shorter ``failure_max_age``). The
scope keeps results apart that must not answer each other: private addresses allowed or not,
and a digest of a host's own headers, accepted statuses and timeout (see
`NetOptions.cache_scope_for`).

Adapters:

- ``sqlite`` (`linkaudit.store.sqlite`): the embedded default, one file in the cache folder.
- ``postgresql`` (`linkaudit.store.postgres`): a server a team shares for years; psycopg 3 is
  imported only when such a store is chosen (the ``postgres`` extra).

`open_store` picks one from a URL (``postgresql://user@host:5432/db``, ``sqlite:///path``, or
a plain path). Stores are written a batch at a time during a run, and a row's key is its
primary key, so a run killed at any point and started again fetches nothing already stored
and fresh, and stores nothing twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from linkaudit import settings
from linkaudit.errors import StoreError
from linkaudit.model import LinkCheck, PageMeta
from linkaudit.store.rows import Key, Result, Row

__all__ = ["ResultStore", "StoreSpec", "StoreError", "open_store", "parse_store", "Key", "Row"]

POSTGRES_SCHEMES = ("postgresql", "postgres")


class ResultStore(Protocol):
    """What the checker needs from a store. Bulk calls are the ones to use: one round trip
    for a document's URLs, one transaction for a batch of results."""

    def get(self, url: str, scope: str) -> Result | None:
        """The fresh result for one key, marked ``from_cache``; None when absent or stale."""
        ...

    def get_many(self, keys: Iterable[Key]) -> dict[Key, Result]:
        """The fresh results among ``keys`` (absent and stale keys are left out)."""
        ...

    def put(self, url: str, scope: str, check: LinkCheck, page: PageMeta | None) -> None: ...

    def put_many(self, rows: Iterable[Row]) -> None:
        """Store ``rows`` in one transaction, replacing older results of the same keys;
        results decided without the network (private, skipped) are not kept."""
        ...

    def get_page(self, url: str, scope: str) -> tuple[str, str] | None:
        """A published page fetched as an input, while fresh: ``(final URL, HTML)``."""
        ...

    def put_page(self, url: str, scope: str, final_url: str, html: str) -> None: ...

    def is_empty(self) -> bool:
        """No result at all (a first run): nothing will be answered from here."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class StoreSpec:
    """A parsed ``--store`` value: ``kind`` is ``sqlite`` or ``postgresql``; ``target`` the
    database file or the connection URL; ``shown`` the same with any password masked."""

    kind: str
    target: str
    shown: str


def redact(url: str) -> str:
    """``url`` with its password (if any) replaced by ``***``, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the store URL"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def parse_store(text: str) -> StoreSpec:
    """``postgresql://…`` (or ``postgres://``), ``sqlite:///path``, or a path to an sqlite
    file (a folder: its ``checks.sqlite3``). Anything else is a `StoreError`."""
    value = text.strip()
    if not value:
        raise StoreError("--store: empty (give postgresql://user@host:port/db or a path)")
    scheme, sep, rest = value.partition("://")
    if not sep:
        return StoreSpec("sqlite", value, value)
    scheme = scheme.lower()
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise StoreError(f"--store: {value!r}: give sqlite:///path/to/file.sqlite3")
        return StoreSpec("sqlite", rest, value)
    shown = redact(value)
    if scheme in POSTGRES_SCHEMES:
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError as exc:
            raise StoreError(f"--store: cannot read {shown}: {_first_line(exc)}") from None
        if not parts.hostname and not parts.path.strip("/"):
            raise StoreError(f"--store: {shown}: name a host or a database")
        return StoreSpec("postgresql", value, shown)
    raise StoreError(
        f"--store: unsupported scheme {scheme!r} in {shown} "
        "(use postgresql://user@host:port/db, sqlite:///path or a path)"
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_store(
    spec: str | StoreSpec | None,
    *,
    directory: str | Path | None = None,
    max_age: float = settings.NET_CACHE_MAX_AGE,
    failure_max_age: float = settings.NET_CACHE_FAILURE_MAX_AGE,
) -> ResultStore:
    """The store ``spec`` names; none: the sqlite cache in ``directory`` (default: the user's
    cache folder). Raises `StoreError` when a named store cannot be opened, and OSError when
    the default cache folder cannot be written (the caller may then go on without one)."""
    if spec is None:
        from linkaudit.store.sqlite import SqliteCache

        return SqliteCache(directory, max_age=max_age, failure_max_age=failure_max_age)
    if isinstance(spec, str):
        spec = parse_store(spec)
    if spec.kind == "postgresql":
        from linkaudit.store.postgres import PostgresStore

        return PostgresStore(
            spec.target, max_age=max_age, failure_max_age=failure_max_age, shown=spec.shown
        )
    from linkaudit.store.sqlite import SqliteStore

    path = Path(spec.target).expanduser()
    if path.is_dir():
        path = path / settings.STORE_SQLITE_FILE
    try:
        return SqliteStore(path, max_age=max_age, failure_max_age=failure_max_age)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"--store: cannot open {spec.shown}: {_first_line(exc)}") from None
