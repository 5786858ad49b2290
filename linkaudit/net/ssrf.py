"""Which hosts and addresses linkaudit may connect to: a pure policy, no I/O.

An article is untrusted input and a CI runner sits next to cloud metadata services, so a link
to ``http://169.254.169.254/`` (or a name that resolves to it, or a redirect to it) must never
be fetched. The transport asks this module about the URL's host before resolving it and about
*every* address the resolver returns before connecting; it asks again on every redirect hop.

Host spellings that browsers and resolvers read as IPv4 are read the same way here
(``127.1``, ``2130706433``, ``0x7f000001``, ``0177.0.0.1``), and IPv6 addresses that carry an
IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the address they carry.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from linkaudit import settings

__all__ = [
    "Policy",
    "Verdict",
    "parse_ip",
    "classify_address",
    "check_address",
    "check_host",
    "check_scheme",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Cloud instance-metadata and similar host-internal services: refused even with allow_private.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean ...
        "169.254.169.253",  # AWS DNS
        "169.254.169.123",  # AWS time
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.170.23",  # AWS EKS pod identity
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "168.63.129.16",  # Azure wire server (a public-looking address)
        "fd00:ec2::254",  # AWS over IPv6
        "fd00:ec2::23",  # AWS EKS pod identity over IPv6
    )
)
#: Names of metadata services: refused even with allow_private.
METADATA_HOSTS = frozenset(
    {"metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal"}
)
#: Names (and suffixes) that only mean something inside a machine or private network.
LOCAL_HOSTS = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan")

_V4 = ipaddress.ip_network
_PRIVATE_V4 = (
    (_V4("0.0.0.0/8"), "unspecified"),
    (_V4("10.0.0.0/8"), "private"),
    (_V4("100.64.0.0/10"), "shared (CGNAT)"),
    (_V4("127.0.0.0/8"), "loopback"),
    (_V4("169.254.0.0/16"), "link-local"),
    (_V4("172.16.0.0/12"), "private"),
    (_V4("192.0.0.0/24"), "IETF protocol assignments"),
    (_V4("192.0.2.0/24"), "documentation"),
    (_V4("192.88.99.0/24"), "6to4 relay"),
    (_V4("192.168.0.0/16"), "private"),
    (_V4("198.18.0.0/15"), "benchmarking"),
    (_V4("198.51.100.0/24"), "documentation"),
    (_V4("203.0.113.0/24"), "documentation"),
    (_V4("224.0.0.0/4"), "multicast"),
    (_V4("240.0.0.0/4"), "reserved"),
)
_PRIVATE_V6 = (
    (_V4("::/128"), "unspecified"),
    (_V4("::1/128"), "loopback"),
    (_V4("100::/64"), "discard"),
    (_V4("2001:db8::/32"), "documentation"),
    (_V4("fc00::/7"), "unique-local"),
    (_V4("fe80::/10"), "link-local"),
    (_V4("fec0::/10"), "site-local"),
    (_V4("ff00::/8"), "multicast"),
)
_NAT64 = (_V4("64:ff9b::/96"), _V4("64:ff9b:1::/48"))
_6TO4 = _V4("2002::/16")


@dataclass(frozen=True, slots=True)
class Policy:
    """What may be fetched. ``allow_private`` lifts the address rule, never the metadata rule."""

    allow_private: bool = False
    schemes: frozenset[str] = settings.FETCHED_SCHEMES
    #: Addresses allowed one by one (an intranet docs server, a test server); never metadata.
    allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why something is refused: ``kind`` is ``metadata``, ``private``, ``host`` or ``scheme``."""

    kind: str
    reason: str


def _ipv4_part(text: str) -> int | None:
    """One dotted part as inet_aton reads it: decimal, 0x hex, or leading-zero octal."""
    if not text:
        return None
    try:
        if text[:2].lower() == "0x":
            return int(text[2:] or "0", 16)
        if len(text) > 1 and text[0] == "0":
            return int(text[1:], 8)
        return int(text, 10) if text.isdigit() else None
    except ValueError:
        return None


def _parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Read ``a``, ``a.b``, ``a.b.c`` and ``a.b.c.d`` in any base, as resolvers do."""
    parts = host.split(".")
    if parts and parts[-1] == "":  # a trailing dot ("127.0.0.1.") is still the address
        parts = parts[:-1]
    if not 1 <= len(parts) <= 4:
        return None
    nums = [_ipv4_part(p) for p in parts]
    if any(n is None for n in nums):
        return None
    values = [n for n in nums if n is not None]
    *head, last = values
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(values)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (5 - len(values)) + last
    return ipaddress.IPv4Address(value)


def parse_ip(host: str) -> IPAddress | None:
    """The address a URL host spells, in any spelling, or None for a name."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    return _parse_ipv4(host)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    value = int(ip)
    if any(ip in net for net in _NAT64) or (value >> 32 == 0 and value > 1):
        return ipaddress.IPv4Address(value & 0xFFFFFFFF)  # NAT64 or IPv4-compatible ::a.b.c.d
    return None


def classify_address(ip: IPAddress) -> str | None:
    """``metadata``, a private-range name (``loopback``, ``private`` ...) or None if public."""
    if ip in METADATA_ADDRESSES:
        return "metadata"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            found = classify_address(inner)
            return found if found == "metadata" else (found and f"{found} (embedded in IPv6)")
        table: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = _PRIVATE_V6
    else:
        table = _PRIVATE_V4
    for net, name in table:
        if ip in net:
            return name
    return None


def check_address(ip: IPAddress, policy: Policy) -> Verdict | None:
    """None when ``ip`` may be connected to, else why not."""
    kind = classify_address(ip)
    if kind is None:
        return None
    if kind == "metadata":
        return Verdict("metadata", f"{ip} is a cloud metadata address")
    if policy.allow_private or any(ip in net for net in policy.allowed):
        return None
    return Verdict("private", f"{ip} is not a public address ({kind})")


def check_host(host: str, policy: Policy) -> Verdict | None:
    """Judge a URL host before any lookup: literal addresses and known internal names."""
    name = host.strip().lower().rstrip(".")
    if not name:
        return Verdict("host", "the URL has no host")
    ip = parse_ip(name)
    if ip is not None:
        return check_address(ip, policy)
    if name in METADATA_HOSTS:
        return Verdict("metadata", f"{name} is a cloud metadata service")
    if policy.allow_private:
        return None
    if name in LOCAL_HOSTS or name.endswith(LOCAL_SUFFIXES) or "." not in name:
        return Verdict("private", f"{name} is a local or internal name")
    return None


def check_scheme(scheme: str, policy: Policy) -> Verdict | None:
    """Only http and https are fetched or followed."""
    if scheme.lower() in policy.schemes:
        return None
    return Verdict("scheme", f"{scheme}: URLs are not fetched")
