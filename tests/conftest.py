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


@pytest.fixture(autouse=True, scope="session")
def _loopback_only():
    from tests.loopback import install

    undo = install()
    try:
        yield
    finally:
        undo()


@pytest.fixture(scope="module")
def dask_client():
    """A Dask client on a `LocalCluster` of 2 worker processes (``clusterutil.py``), one per
    test module (its processes would be children of every later test: some count them);
    skips only when the distributed extra is not installed."""
    from tests.clusterutil import missing_reason, start_client

    reason = missing_reason()
    if reason is not None:
        pytest.skip(reason)
    with start_client() as client:
        yield client


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
