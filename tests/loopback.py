"""The loopback guard: tests talk to 127.0.0.0/8 and ::1 and nothing else, not even a DNS
server. `install` makes any other lookup or connection fail loudly in this process; the test
session installs it in itself (conftest) and in each Dask worker process it starts
(`tests.clusterutil`)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

__all__ = ["install", "is_loopback"]

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: object) -> bool:
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


def install() -> Callable[[], None]:
    """Guard this process's lookups and connections; returns what undoes it."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not is_loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, f"test guard: no lookups of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def _check(address: object) -> None:
        if isinstance(address, tuple) and address and not is_loopback(address[0]):
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

    def undo() -> None:
        socket.getaddrinfo = real_getaddrinfo  # type: ignore[assignment]
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]

    return undo
