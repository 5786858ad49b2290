"""Host names and addresses: list matching and private-address classification, no I/O."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

__all__ = ["host_matches", "literal_address", "private_reason"]

_INTERNAL_NAMES = ("localhost", "localhost.localdomain", "metadata.google.internal")
_INTERNAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".lan",
    ".home.arpa",
    ".svc.cluster.local",
)
_IPV4_PART = re.compile(r"^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$", re.IGNORECASE)


def host_matches(host: str | None, entries: Iterable[str]) -> str | None:
    """The entry ``host`` is, or is a subdomain of; None when none fits."""
    if not host:
        return None
    host = host.lower().rstrip(".")
    for entry in entries:
        e = entry.lower().strip(".")
        if host == e or host.endswith("." + e):
            return entry
    return None


def literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host literal spells, including the decimal, hex, octal and short IPv4 forms
    that resolvers accept (``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``)."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        pass
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.match(p) for p in parts):
        return None
    try:
        nums = [
            int(p, 0)
            if not (p.startswith("0") and p != "0" and not p.lower().startswith("0x"))
            else int(p, 8)
            for p in parts
        ]
    except ValueError:
        return None
    *head, last = nums
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = (value << (8 * (5 - len(parts)))) + last
    if value >= 2**32:
        return None
    return ipaddress.IPv4Address(value)


def private_reason(host: str | None) -> str | None:
    """Why a host is not a public address, judged from its name alone (no DNS)."""
    if not host:
        return None
    name = host.lower().rstrip(".")
    if name in _INTERNAL_NAMES or name.endswith(_INTERNAL_SUFFIXES):
        return "an internal host name"
    addr = literal_address(name)
    if addr is None:
        return None
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = addr.ipv4_mapped or addr.sixtofour
        if embedded is None and addr in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
        if embedded is not None:
            addr = embedded
    if addr.is_loopback:
        return "a loopback address"
    if addr.is_link_local:
        return "a link-local address"
    if addr.is_unspecified:
        return "the unspecified address"
    if addr.is_multicast:
        return "a multicast address"
    if isinstance(addr, ipaddress.IPv4Address) and addr in ipaddress.ip_network("100.64.0.0/10"):
        return "a carrier-grade NAT address"
    if addr.is_private:
        return "a private address"
    if addr.is_reserved:
        return "a reserved address"
    return None
