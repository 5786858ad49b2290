"""Shared fixtures: the defining example (read from ../shared when present), a CLI runner, and
the loopback test web (see ``netserver.py``)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.netserver import NetServer

REPO = Path(__file__).resolve().parents[1]

# The caches (link results, analysed documents) and the facts cache's signing secret go to a
# folder of this test session, never to the user's home; subprocesses inherit it.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="linkaudit-tests-"))
os.environ["LINKAUDIT_CACHE_DIR"] = str(_SESSION_HOME / "cache")
os.environ["LINKAUDIT_STATE_DIR"] = str(_SESSION_HOME / "state")
atexit.register(shutil.rmtree, _SESSION_HOME, ignore_errors=True)
SHARED = REPO.parent / "shared"
KARABAKH = SHARED / "examples" / "karabakh-2023.txt"


@pytest.fixture
def karabakh() -> Path:
    if not KARABAKH.is_file():
        pytest.skip("../shared/examples/karabakh-2023.txt is not present beside the project")
    return KARABAKH


@pytest.fixture
def run_cli():
    """Run the CLI in-process and return (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from linkaudit.cli import cli

    def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
        runner = CliRunner()
        result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture
def netserver_factory():
    """Start `NetServer`s inside the test; all are stopped at the end."""
    started: list[NetServer] = []

    def make(*args, **kwargs) -> NetServer:
        server = NetServer(*args, **kwargs).__enter__()
        started.append(server)
        return server

    yield make
    for server in started:
        server.__exit__(None, None, None)


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio (the checker uses asyncio primitives)."""
    return "asyncio"


# --- loopback only ------------------------------------------------------------------------
# Tests may talk to 127.0.0.0/8 and ::1 and nothing else, not even a DNS server. This guard
# makes any other lookup or connection fail loudly inside the test process.

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host: object) -> bool:
    import ipaddress

    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _loopback_only():
    import socket

    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not _is_loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, f"test guard: no lookups of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def _check(address: object) -> None:
        if isinstance(address, tuple) and address and not _is_loopback(address[0]):
            raise ConnectionRefusedError(f"test guard: no connections to {address[0]!r}")

    def guarded_connect(self, address):  # type: ignore[no-untyped-def]
        _check(address)
        return real_connect(self, address)

    def guarded_connect_ex(self, address):  # type: ignore[no-untyped-def]
        _check(address)
        return real_connect_ex(self, address)

    socket.getaddrinfo = guarded_getaddrinfo  # type: ignore[assignment]
    socket.socket.connect = guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.getaddrinfo = real_getaddrinfo  # type: ignore[assignment]
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server of this test session on a loopback port (see ``pgserver.py``);
    skips only when psycopg or the server binaries are missing."""
    from tests.pgserver import PgServer, missing_reason

    reason = missing_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests: {reason}")
    with PgServer() as server:
        yield server


@pytest.fixture
def pg_database(pg_server, request):
    """The URL of a new, empty database on the session's server, one per test."""
    import itertools

    counter = pg_server.__dict__.setdefault("_databases", itertools.count())
    return pg_server.create_database(f"t{next(counter)}")
