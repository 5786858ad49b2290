"""An httpx transport that connects only where the safety policy allows.

For each request (and so for each redirect hop, since linkaudit follows redirects itself):
check the scheme and the host as written; resolve the name once; check *every* address the
resolver returned (one bad answer refuses the request: a mixed answer is how rebinding
attacks start); then connect to the first checked address by putting it in the URL, while the
``Host`` header keeps the name and the ``sni_hostname`` extension makes TLS send and verify the
real name. Resolving once and pinning the address closes the gap between check and connect.

HTTPS connections are pooled per host name, not per address, so a connection whose
certificate was verified for one name is never reused for another name on the same address.
At most ``settings.NET_HTTPS_POOLS`` such pools stay open (least recently used closed first,
once their responses are read), and each keeps few idle connections, briefly.

Behind a proxy the proxy resolves names, so only the checks that need no lookup apply: the
scheme, literal addresses and known internal names.
"""

from __future__ import annotations

import socket
import ssl
import urllib.request
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

import anyio
import httpx

from linkaudit import settings
from linkaudit.net.errors import Refused, SchemeRefused
from linkaudit.net.ssrf import IPAddress, Policy, check_address, check_host, check_scheme, parse_ip

__all__ = ["Resolver", "SafeTransport", "system_resolver", "ORIGINAL_URL"]

#: Request extension carrying the URL as written, before the address was pinned into it.
ORIGINAL_URL = "linkaudit.original_url"

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]


class ResolveError(httpx.ConnectError):
    """The name did not resolve (told apart from a refused connection by the classifier)."""


async def system_resolver(host: str, port: int) -> Sequence[str]:
    """The operating system's answer for ``host``, as address strings, in its order."""
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ResolveError(f"DNS lookup failed for {host}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class SafeTransport(httpx.AsyncBaseTransport):
    """Resolve, validate every address, connect to the validated one; refuse the rest."""

    def __init__(
        self,
        policy: Policy,
        *,
        ssl_context: ssl.SSLContext | bool = True,
        http2: bool = False,
        resolver: Resolver | None = None,
        inner: httpx.AsyncBaseTransport | None = None,
        proxies: dict[str, str] | None = None,
        max_pools: int = settings.NET_HTTPS_POOLS,
    ) -> None:
        self.policy = policy
        self._verify = ssl_context
        self._http2 = http2
        self._resolve = resolver or system_resolver
        self._inner = inner  # tests inject a mock; otherwise pools are made on demand
        self.max_pools = max(1, max_pools)
        self._pools: OrderedDict[str, httpx.AsyncBaseTransport] = OrderedDict()  # LRU first
        self._busy: Counter[int] = Counter()  # id(pool) -> responses not yet closed
        self._retired: dict[int, httpx.AsyncBaseTransport] = {}  # evicted while busy
        self._proxies = proxies if proxies is not None else urllib.request.getproxies_environment()

    def _new_pool(self, key: str, proxy: str | None = None) -> httpx.AsyncBaseTransport:
        keepalive = settings.NET_HTTP_KEEPALIVE if key == "http" else settings.NET_POOL_KEEPALIVE
        return httpx.AsyncHTTPTransport(
            verify=self._verify,
            http2=self._http2,
            proxy=proxy,
            retries=0,
            limits=httpx.Limits(
                max_keepalive_connections=keepalive,
                keepalive_expiry=settings.NET_KEEPALIVE_EXPIRY,
            ),
        )

    async def _pool(self, key: str, proxy: str | None = None) -> httpx.AsyncBaseTransport:
        if self._inner is not None:
            return self._inner
        pool = self._pools.get(key)
        if pool is not None:
            self._pools.move_to_end(key)
            return pool
        pool = self._pools[key] = self._new_pool(key, proxy)
        while len(self._pools) > self.max_pools:
            _, old = self._pools.popitem(last=False)
            if self._busy[id(old)]:
                self._retired[id(old)] = old  # closed when its last response is
            else:
                await old.aclose()
        return pool

    async def _release(self, pool: httpx.AsyncBaseTransport) -> None:
        self._busy[id(pool)] -= 1
        if self._busy[id(pool)] <= 0:
            del self._busy[id(pool)]
            retired = self._retired.pop(id(pool), None)
            if retired is not None:
                await retired.aclose()

    async def _send(
        self, key: str, request: httpx.Request, proxy: str | None = None
    ) -> httpx.Response:
        pool = await self._pool(key, proxy)
        if pool is self._inner:
            return await pool.handle_async_request(request)
        self._busy[id(pool)] += 1
        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            await self._release(pool)
            raise
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_Released(response.stream, lambda: self._release(pool)),
            extensions=response.extensions,
        )

    def _proxy_for(self, url: httpx.URL) -> str | None:
        proxy = self._proxies.get(url.scheme) or self._proxies.get("all")
        if not proxy:
            return None
        literal = parse_ip(url.host)
        if literal is not None and literal.is_loopback or url.host.lower() == "localhost":
            return None  # this machine is never reached through a proxy
        no_proxy = self._proxies.get("no", "")
        if no_proxy and _bypassed(url.host, no_proxy):
            return None
        return proxy

    async def _addresses(self, host: str, port: int) -> list[IPAddress]:
        literal = parse_ip(host)
        if literal is not None:
            return [literal]
        found = [parse_ip(a) for a in await self._resolve(host, port)]
        addresses = [a for a in found if a is not None]
        if not addresses:
            raise ResolveError(f"DNS lookup for {host} returned no address")
        return addresses

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        verdict = check_scheme(url.scheme, self.policy)
        if verdict is not None:
            raise SchemeRefused(verdict.reason)
        verdict = check_host(url.host, self.policy)
        if verdict is not None:
            raise Refused(verdict.kind, verdict.reason)
        proxy = self._proxy_for(url)
        if proxy is not None:
            return await self._send(f"proxy:{proxy}", request, proxy)

        port = url.port or (443 if url.scheme == "https" else 80)
        addresses = await self._addresses(url.host, port)
        for address in addresses:
            verdict = check_address(address, self.policy)
            if verdict is not None:
                raise Refused(verdict.kind, f"{url.host} resolves to {verdict.reason}")
        extensions = dict(request.extensions)
        extensions[ORIGINAL_URL] = str(url)
        if url.scheme == "https" and parse_ip(url.host) is None:
            extensions["sni_hostname"] = url.host
        pinned = httpx.Request(
            request.method,
            url.copy_with(host=str(addresses[0])),
            headers=request.headers,  # Host: still the name as written
            stream=request.stream,
            extensions=extensions,
        )
        key = f"https:{url.host}:{port}" if url.scheme == "https" else "http"
        return await self._send(key, pinned)

    async def aclose(self) -> None:
        pools = [*self._pools.values(), *self._retired.values()]
        self._pools, self._retired = OrderedDict(), {}
        for pool in pools:
            await pool.aclose()
        if self._inner is not None:
            await self._inner.aclose()


def _bypassed(host: str, no_proxy: str) -> bool:
    """``NO_PROXY`` as curl reads it: ``*``, exact names, and domain suffixes."""
    host = host.lower()
    for entry in (e.strip().lower().lstrip(".") for e in no_proxy.split(",")):
        if entry == "*" or (entry and (host == entry or host.endswith("." + entry))):
            return True
    return False


class _Released(httpx.AsyncByteStream):
    """A pool's response stream that tells the transport when it is closed."""

    def __init__(
        self,
        stream: httpx.SyncByteStream | httpx.AsyncByteStream,
        release: Callable[[], Awaitable[None]],
    ) -> None:
        assert isinstance(stream, httpx.AsyncByteStream)
        self._stream = stream
        self._release: Callable[[], Awaitable[None]] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:
                await release()
