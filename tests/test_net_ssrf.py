"""The safety policy and the pinning transport. No socket is opened: mocks and fake DNS only."""

from __future__ import annotations

import httpx
import pytest

from linkaudit.net.errors import Refused, SchemeRefused
from linkaudit.net.ssrf import Policy, check_host, parse_ip
from linkaudit.net.transport import ORIGINAL_URL, SafeTransport

LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "127.1",
    "2130706433",
    "0x7f000001",
    "0177.0.0.1",
    "0x7f.0.0.1",
    "127.0.0.1.",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[2002:7f00:1::]",
]
METADATA = [
    "169.254.169.254",
    "[fd00:ec2::254]",
    "metadata.google.internal",
    "100.100.100.200",
    "[64:ff9b::a9fe:a9fe]",  # NAT64 of 169.254.169.254
    "[::ffff:169.254.169.254]",
    "2852039166",  # 169.254.169.254 as one number
]
PRIVATE = [
    "10.0.0.5",
    "172.16.3.4",
    "192.168.1.1",
    "100.64.0.1",
    "0.0.0.0",
    "[fc00::1]",
    "[fe80::1]",
    "198.18.0.1",
    "224.0.0.1",
    "240.0.0.1",
    "192.0.2.7",
    "localhost",
    "printer.local",
    "intranet",
]
pytestmark = pytest.mark.anyio

PUBLIC = ["93.184.216.34", "example.org", "[2606:4700::1111]", "1.1.1.1"]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_loopback_in_every_spelling(host):
    assert check_host(host, Policy()).kind == "private"
    assert check_host(host, Policy(allow_private=True)) is None


@pytest.mark.parametrize("host", METADATA)
def test_metadata_always_refused(host):
    assert check_host(host, Policy()).kind == "metadata"
    assert check_host(host, Policy(allow_private=True)).kind == "metadata"


@pytest.mark.parametrize("host", PRIVATE)
def test_private_refused_unless_allowed(host):
    assert check_host(host, Policy()).kind == "private"
    assert check_host(host, Policy(allow_private=True)) is None


@pytest.mark.parametrize("host", PUBLIC)
def test_public_allowed(host):
    assert check_host(host, Policy()) is None


def test_parse_ip_rejects_names_and_overflow():
    assert parse_ip("example.org") is None
    assert parse_ip("1.2.3.4.5") is None
    assert parse_ip("256.1.1.1") is None
    assert str(parse_ip("1.65536")) == "1.1.0.0" or parse_ip("1.65536") is None


def fake_resolver(table):
    async def resolve(host, port):
        return table[host]

    return resolve


def recording_inner():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text="ok")

    return seen, httpx.MockTransport(handler)


async def test_pins_validated_address_and_keeps_name_for_tls():
    seen, inner = recording_inner()
    t = SafeTransport(
        Policy(), resolver=fake_resolver({"news.example": ["93.184.216.34"]}), inner=inner
    )
    async with httpx.AsyncClient(transport=t) as client:
        r = await client.get("https://news.example/a?b=1")
    assert r.status_code == 200
    (req,) = seen
    assert req.url.host == "93.184.216.34" and req.url.path == "/a"
    assert req.headers["host"] == "news.example"
    assert req.extensions["sni_hostname"] == "news.example"
    assert req.extensions[ORIGINAL_URL] == "https://news.example/a?b=1"


@pytest.mark.parametrize(
    "answers",
    [["10.0.0.5"], ["93.184.216.34", "10.0.0.5"], ["169.254.169.254"], ["::ffff:10.0.0.1"]],
)
async def test_any_bad_answer_refuses(answers):
    seen, inner = recording_inner()
    t = SafeTransport(Policy(), resolver=fake_resolver({"evil.example": answers}), inner=inner)
    async with httpx.AsyncClient(transport=t) as client:
        with pytest.raises(Refused):
            await client.get("http://evil.example/")
    assert seen == []


async def test_resolves_once_and_uses_that_answer():
    calls = []

    async def rebinding(host, port):
        calls.append(host)
        return ["93.184.216.34"] if len(calls) == 1 else ["127.0.0.1"]

    seen, inner = recording_inner()
    t = SafeTransport(Policy(), resolver=rebinding, inner=inner)
    async with httpx.AsyncClient(transport=t) as client:
        await client.get("http://rebind.example/")
    assert calls == ["rebind.example"]
    assert seen[0].url.host == "93.184.216.34"


async def test_schemes_and_proxy_checks():
    seen, inner = recording_inner()
    t = SafeTransport(
        Policy(), resolver=fake_resolver({}), inner=inner, proxies={"http": "http://proxy:3128"}
    )
    async with httpx.AsyncClient(transport=t) as client:
        with pytest.raises(Refused):  # literal addresses are refused even behind a proxy
            await client.get("http://169.254.169.254/latest/meta-data/")
        with pytest.raises(Refused):
            await client.get("http://metadata.google.internal/")
        r = await client.get("http://name.example/")  # the proxy resolves names
        assert r.status_code == 200
    with pytest.raises(SchemeRefused):
        await SafeTransport(Policy(), inner=inner).handle_async_request(
            httpx.Request("GET", "ftp://files.example/x")
        )


async def test_https_pools_are_bounded_and_evicted_ones_closed():
    """One pool per HTTPS name, at most ``max_pools`` open; the least recently used is closed
    (after its response is read), so hundreds of origins never exhaust file descriptors."""
    opened: list[str] = []
    closed: list[str] = []

    class Pool(httpx.MockTransport):
        def __init__(self, key: str) -> None:
            super().__init__(lambda r: httpx.Response(200, text="ok"))
            self.key = key

        async def aclose(self) -> None:
            closed.append(self.key)

    class Counting(SafeTransport):
        def _new_pool(self, key, proxy=None):
            opened.append(key)
            return Pool(key)

    names = {f"h{i}.example": ["93.184.216.34"] for i in range(40)}
    t = Counting(Policy(), resolver=fake_resolver(names), max_pools=4)
    async with httpx.AsyncClient(transport=t) as client:
        async with client.stream("GET", "https://h0.example/") as held:  # busy while others come
            for i in range(1, 40):
                assert (await client.get(f"https://h{i}.example/")).text == "ok"
                assert len(t._pools) <= 4
            assert "https:h0.example:443" not in closed  # its response is still being read
            await held.aread()
        assert "https:h0.example:443" in closed
        assert len(opened) == 40 and len(closed) == 36
    assert sorted(closed) == sorted(opened)


def test_pools_keep_few_idle_connections():
    t = SafeTransport(Policy())
    pool = t._new_pool("https:news.example:443")
    limits = pool._pool  # httpcore's pool behind httpx's transport
    assert limits._max_keepalive_connections <= 2
    assert limits._keepalive_expiry is not None and limits._keepalive_expiry <= 5
