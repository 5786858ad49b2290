"""Shared fixtures: the loopback test web (see ``netserver.py``)."""

from __future__ import annotations

import pytest

from tests.netserver import NetServer


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
