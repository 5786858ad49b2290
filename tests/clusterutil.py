"""The test session's Dask cluster: a `LocalCluster` of 2 worker processes on loopback, each
guarded like the test process itself (`tests.loopback`), so nothing a task does leaves
127.0.0.0/8 either."""

from __future__ import annotations

from typing import Any

__all__ = ["WORKERS", "start_client", "missing_reason"]

WORKERS = 2


def missing_reason() -> str | None:
    from linkaudit.cluster.session import missing_reason as why

    reason = why()
    return None if reason is None else f"distributed tests: {reason}"


def _guard() -> Any:
    """A worker plugin that installs the guard in each worker process, those started later
    (a worker killed by a test and started again by its nanny) included."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class LoopbackOnly(WorkerPlugin):
        name = "linkaudit-loopback-only"

        def setup(self, worker: Any) -> None:
            from tests.loopback import install

            install()

    return LoopbackOnly()


def start_client() -> Any:
    """``with start_client() as client:`` a 2-worker local cluster, guarded."""
    from contextlib import contextmanager

    from linkaudit.cluster.session import open_client
    from linkaudit.cluster.spec import ClusterSpec

    @contextmanager
    def run() -> Any:
        with open_client(ClusterSpec(workers=WORKERS)) as client:
            client.register_plugin(_guard())
            yield client

    return run()
