"""Shared fixtures: the defining example (read from ../shared when present), a CLI runner, and
the loopback test web (see ``netserver.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.netserver import NetServer

REPO = Path(__file__).resolve().parents[1]
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
