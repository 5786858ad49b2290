"""The Dask client of a distributed scan: a local cluster started for the scan, or a
connection to a running scheduler. The only module that imports ``distributed`` for the driver
(the extra may not be installed: a one-line error says how to install it)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from linkaudit import settings
from linkaudit.cluster.spec import ClusterSpec
from linkaudit.errors import UsageError

__all__ = ["open_client", "missing_reason", "on_this_machine", "thread_count"]

INSTALL_HINT = "pip install 'linkaudit[distributed]'"


def missing_reason() -> str | None:
    """Why a distributed scan cannot run here (the extra is not installed), or None."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        return f"--cluster needs dask and distributed ({exc.name} is missing): {INSTALL_HINT}"
    return None


@contextlib.contextmanager
def open_client(spec: ClusterSpec) -> Iterator[Any]:
    """A ``distributed.Client`` for ``spec``; a local cluster is started here (worker
    processes on loopback, one thread each, no dashboard) and stopped when the block ends."""
    reason = missing_reason()
    if reason is not None:
        raise UsageError(reason)
    from distributed import Client, LocalCluster

    timeout = settings.CLUSTER_CONNECT_TIMEOUT_S
    if spec.address is not None:
        try:
            client = Client(spec.address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--cluster {spec}: cannot reach the scheduler ({exc})") from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=spec.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # loopback, any free port (never :8787 taken)
            worker_dashboard_address=None,
            silence_logs=logging.ERROR,  # the scan's output is its report, not Dask's log
        ) as cluster,
        Client(cluster, timeout=timeout, set_as_default=False) as client,
    ):
        yield client


def thread_count(client: Any) -> int:
    """How many tasks the cluster runs at once (worker threads), at least one."""
    info = client.scheduler_info(n_workers=-1)
    return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))


def on_this_machine(client: Any) -> bool:
    """Whether every worker listens on loopback: they run here and share its folders."""
    import ipaddress
    from urllib.parse import urlsplit

    def loopback(address: str) -> bool:
        host = urlsplit(address).hostname or ""
        try:
            return host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    return all(loopback(a) for a in client.scheduler_info(n_workers=-1).get("workers", {}))
