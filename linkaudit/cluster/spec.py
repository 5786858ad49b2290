"""What ``--cluster`` names: a local cluster of N worker processes, or a scheduler's address.

Pure: parsing only; `linkaudit.cluster.session` starts or connects.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from linkaudit import settings
from linkaudit.errors import UsageError

__all__ = ["ClusterSpec", "parse_cluster"]

_ADDRESS = re.compile(
    r"(?:tcp|tls)://[^\s/:]+(?::\d{1,5})?/?|(?:tcp|tls)://\[[0-9a-fA-F:.]+\](?::\d{1,5})?/?"
)


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    """``local``: start ``workers`` worker processes on this machine (loopback only);
    else connect to the scheduler at ``address``."""

    address: str | None = None
    workers: int = 0

    @property
    def local(self) -> bool:
        return self.address is None

    def __str__(self) -> str:
        return self.address or f"local:{self.workers}"


def parse_cluster(text: str) -> ClusterSpec:
    """``local``, ``local:4``, ``tcp://scheduler:8786`` (or ``tls://…``); a `UsageError`
    saying what is accepted otherwise."""
    value = text.strip()
    if value == "local" or value.startswith("local:"):
        count = value.partition(":")[2]
        if not count:
            return ClusterSpec(workers=min(os.cpu_count() or 1, settings.CLUSTER_MAX_LOCAL_WORKERS))
        if not count.isdigit() or not 1 <= int(count) <= settings.CLUSTER_MAX_LOCAL_WORKERS:
            raise UsageError(
                f"--cluster {text}: local takes 1 to {settings.CLUSTER_MAX_LOCAL_WORKERS} "
                "worker processes (local:4)"
            )
        return ClusterSpec(workers=int(count))
    if _ADDRESS.fullmatch(value):
        return ClusterSpec(address=value.rstrip("/"))
    raise UsageError(
        f"--cluster {text!r}: give local:N (N worker processes here) or a scheduler's "
        "address, tcp://host:8786"
    )
