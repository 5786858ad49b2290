"""Analysed documents remembered between runs, so a rerun skips parsing unchanged files.

Reading is most of a warm rerun's time (Markdown and HTML parsing, date extraction, and the
imports they need); the facts of a document are a pure function of its bytes, its name, the
options that shape reading, and the code. An entry's key digests all of those: the file's
bytes, its source name and path, the reading options (dates, ``--type``, day-first, the rule
ids suppressions may name, and the effective "today"), the Python version, and the size and
modification time of every module of linkaudit and of the parsers it uses. Any change is a
miss, never a stale hit; entries older than `settings.FACTS_CACHE_MAX_AGE` are dropped.

Entries are pickles, and unpickling runs code, so each is signed (HMAC-SHA256) with a secret
that never lives in the cache folder: it is kept in the user's state folder
(``$LINKAUDIT_STATE_DIR``, else ``$XDG_STATE_HOME/linkaudit``, else
``~/.local/state/linkaudit``), created on first use, readable by its owner only. A cache
folder restored from elsewhere (a CI cache another branch's job wrote, a shared disk) holds
signatures that do not verify, and is read as empty. Link results are a separate cache
(`linkaudit.net.cache`, JSON only).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import importlib.util
import os
import pickle
import secrets
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from linkaudit import settings

__all__ = ["FactsCache", "code_fingerprint", "entry_key", "state_dir"]

#: Bumped whenever what an entry holds changes shape.
FACTS_FORMAT = "2"
_MAC_BYTES = 32


def state_dir(given: Path | None = None) -> Path:
    """Where the signing secret lives (``given``: the ``state_dir`` option, which wins): never
    inside the cache folder."""
    if given is not None:
        return given
    explicit = os.environ.get("LINKAUDIT_STATE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_STATE_HOME")
    if xdg:
        return Path(xdg) / "linkaudit"
    return Path.home() / ".local" / "state" / "linkaudit"


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (POSIX; Windows' profile folders are
    the user's own, and its mode bits say nothing)."""
    if os.name == "nt" or not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _secret(folder: Path) -> bytes | None:
    """This user's signing secret (made on first use), or None if it cannot be trusted: its
    folder or file belongs to someone else or others may write to them, the file is a
    symlink or not a regular file, others may read it, or it is not whole."""
    path = folder / "facts.key"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(folder)):
            return None
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        except FileNotFoundError:
            _make_secret(folder, path)
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(fd, "rb") as fh:  # checked and read through one descriptor: no swap
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or not _private(info):
                return None
            if os.name != "nt" and info.st_mode & 0o077:
                return None
            key = fh.read(_MAC_BYTES + 1)
    except OSError:
        return None
    return key if len(key) == _MAC_BYTES else None


def _make_secret(folder: Path, path: Path) -> None:
    """Write a new secret to ``path`` unless another process has just done so: a temp file
    of an unguessable name, created exclusively, linked into place (never replacing)."""
    temp = folder / f".facts.key.{os.getpid()}.{secrets.token_hex(8)}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(_MAC_BYTES))
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another scan made it first: both use that one
        except OSError:  # no hard links here (some network or FAT file systems)
            if not path.exists():
                os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def _holds(folder: Path, inner: Path) -> bool:
    """Whether ``inner`` is ``folder`` or inside it (both resolved)."""
    try:
        inner.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


@functools.cache
def code_fingerprint() -> str:
    """Size and modification time of every file of linkaudit and of the parsers it reads with:
    an upgrade, or an edit in a development checkout, makes every entry a miss."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FACTS_FORMAT}\0{sys.version}".encode())
    package = Path(__file__).resolve().parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".toml") and p.is_file())
    for dependency in settings.FACTS_CACHE_DEPENDENCIES:
        spec = importlib.util.find_spec(dependency)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
        else:
            digest.update(f"missing:{dependency}".encode())
    for file in files:
        try:
            info = file.stat()
        except OSError:
            continue
        digest.update(f"{file}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def entry_key(*parts: str | bytes) -> str:
    """The entry key for a document: the code's fingerprint and ``parts``, digested. Pure,
    so a worker process keys the bytes it read itself (see ``api._read_all``)."""
    digest = hashlib.blake2b(code_fingerprint().encode(), digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class FactsCache:
    """Signed pickles of analysed documents in ``facts.sqlite3`` of the cache folder."""

    def __init__(
        self,
        directory: Path,
        secret: bytes,
        *,
        max_age: float = settings.FACTS_CACHE_MAX_AGE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._secret = secret
        self._max_age = max_age
        self._clock = clock
        self._db = sqlite3.connect(
            directory / "facts.sqlite3",
            timeout=settings.NET_CACHE_BUSY_MS / 1000,
            isolation_level=None,
        )
        self._db.execute(f"PRAGMA busy_timeout={settings.NET_CACHE_BUSY_MS}")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, stored REAL NOT NULL,"
            " data BLOB NOT NULL)"
        )

    @classmethod
    def open(cls, directory: Path, *, state: Path | None = None) -> FactsCache | None:
        """The cache in ``directory``, or None when it cannot be used safely (no secret, an
        unwritable folder): the scan then reads every document, as without a cache.
        ``state``: the state folder (default `state_dir`)."""
        folder = state_dir(state)
        if _holds(directory, folder):
            return None  # the secret would travel with the cache folder it is meant to vet
        secret = _secret(folder)
        if secret is None:
            return None
        try:
            return cls(directory, secret)
        except (OSError, sqlite3.Error):
            return None

    def key(self, *parts: str | bytes) -> str:
        """The entry key for a document: `entry_key` (no secret in it)."""
        return entry_key(*parts)

    def _now(self) -> float:
        return self._clock()

    def is_empty(self) -> bool:
        """No entry at all (a first run): looking files up would only read them twice."""
        try:
            return self._db.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    def get(self, key: str) -> object | None:
        """The remembered object, if fresh and signed by this user's secret."""
        try:
            row = self._db.execute(
                "SELECT stored, data FROM facts WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        stored, data = row
        age = self._now() - stored
        if not 0 <= age <= self._max_age or len(data) <= _MAC_BYTES:
            return None
        mac, body = data[:_MAC_BYTES], data[_MAC_BYTES:]
        if not hmac.compare_digest(mac, self._sign(key, body)):
            return None  # not written with this user's secret: never unpickled
        try:
            return pickle.loads(body)
        except Exception:  # a class that changed shape: a miss, not a crash
            return None

    @staticmethod
    def dumps(obj: object) -> bytes:
        """An object as an entry's body (worker processes pickle once, for the trip and here)."""
        return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)

    def put_many(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Remember bodies (`dumps`) in one transaction, and drop expired entries."""
        now = self._now()
        values = [(key, now, self._sign(key, body) + body) for key, body in rows]
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("DELETE FROM facts WHERE stored < ?", (now - self._max_age,))
                self._db.executemany(
                    "INSERT OR REPLACE INTO facts (key, stored, data) VALUES (?,?,?)", values
                )
        except sqlite3.Error:
            pass  # a busy or read-only cache must not stop a scan

    def _sign(self, key: str, body: bytes) -> bytes:
        return hmac.new(self._secret, key.encode() + b"\0" + body, hashlib.sha256).digest()

    def close(self) -> None:
        self._db.close()
