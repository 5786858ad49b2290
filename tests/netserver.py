"""A small HTTP/1.1 server on loopback addresses for network tests, with a request log.

It runs an asyncio loop in a background thread and listens on each given loopback address
(``127.0.0.1``, ``127.0.0.2`` ...: two "hosts" as far as a client can tell). Routes are plain
functions from a `Request` to a `Reply`; a reply can wait before answering, trickle its body,
or close without answering. Every request is logged with its start and end time, so tests can
check what a client did (per-host concurrency, how many times each URL was requested).

Used by the integration tests and by the benchmark; never binds anything but loopback.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Request", "Reply", "LogEntry", "NetServer", "html_page"]


@dataclass(frozen=True)
class Request:
    host: str  # the loopback address the connection came in on
    port: int
    method: str
    path: str
    headers: dict[str, str]
    count: int  # how many times this (host, path) was requested, this one included


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    trickle: float = 0.0  # seconds between body bytes (slowloris)


@dataclass(frozen=True)
class LogEntry:
    host: str
    path: str
    status: int
    start: float
    end: float


Route = Callable[[Request], Reply]
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found", 429: "Too Many"}


def html_page(title: str, body: str = "", head: str = "") -> bytes:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"{head}</head><body>{body}</body></html>"
    ).encode()


def _host_name(header: str) -> str:
    """The name in a ``Host`` header: ``News.Example.:8080`` -> ``news.example``."""
    name = header.strip().lower()
    if name.startswith("["):
        return name.split("]", 1)[0] + "]"
    return name.rsplit(":", 1)[0].rstrip(".") if ":" in name else name.rstrip(".")


class NetServer:
    """``with NetServer({"/ok": route}, hosts=("127.0.0.1", "127.0.0.2")) as srv: ...``"""

    def __init__(
        self,
        routes: dict[str, Route] | None = None,
        hosts: tuple[str, ...] = ("127.0.0.1",),
        *,
        fallback: Route | None = None,
        latency: float = 0.0,
        port: int = 0,
    ) -> None:
        for host in hosts:
            if not host.startswith("127."):
                raise ValueError("tests bind loopback only")
        self.routes = dict(routes or {})
        self.host_routes: dict[str, dict[str, Route]] = defaultdict(dict)
        self.hosts = hosts
        self.fallback = fallback
        self.latency = latency
        self._want_port = port
        self.ports: dict[str, int] = {}
        self.log: list[LogEntry] = []  # finished requests
        self.arrivals: list[tuple[str, str, float]] = []  # (host, target, time) as they come
        self._counts: Counter[tuple[str, str]] = Counter()
        self._in_flight: Counter[str] = Counter()
        self.peak_in_flight: Counter[str] = Counter()  # per listening address
        self._by_name: Counter[str] = Counter()
        #: per name in the ``Host`` header (lower case, no port, no trailing dot, as a virtual
        #: host matches it): what that site sees, whatever address the requests came in on
        self.peak_by_host_header: Counter[str] = Counter()
        #: TLS handshakes attempted on this plain-HTTP server, per address (an https:// probe
        #: of an http:// link); each is held ``latency`` seconds, in flight, then closed
        self.tls_attempts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._servers: list[asyncio.base_events.Server] = []

    # -- addresses -----------------------------------------------------------------------
    def url(self, path: str, host: str | None = None) -> str:
        host = host or self.hosts[0]
        return f"http://{host}:{self.ports[host]}{path}"

    def route(self, path: str, host: str | None = None) -> Callable[[Route], Route]:
        def register(fn: Route) -> Route:
            (self.host_routes[host] if host else self.routes)[path] = fn
            return fn

        return register

    # -- log queries ---------------------------------------------------------------------
    def hits(self, path: str, host: str | None = None) -> int:
        host = host or self.hosts[0]
        return sum(1 for h, p, _ in self.arrivals if p == path and h == host)

    def max_concurrency(self) -> dict[str, int]:
        """Per host, the most requests that were being served at once (from the log)."""
        out: dict[str, int] = {}
        for host in {e.host for e in self.log}:
            events = sorted(
                [(e.start, 1) for e in self.log if e.host == host]
                + [(e.end, -1) for e in self.log if e.host == host],
                key=lambda x: (x[0], x[1]),
            )
            now = peak = 0
            for _, step in events:
                now += step
                peak = max(peak, now)
            out[host] = peak
        return out

    # -- serving -------------------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host, port = writer.get_extra_info("sockname")[:2]
        try:
            first = await reader.read(1)
            if first == b"\x16":  # a TLS ClientHello: this server speaks plain HTTP only
                await self._refuse_tls(host)
                return
            while True:
                line = first + await reader.readline()
                first = b""
                if not line:
                    return
                try:
                    method, target, _ = line.decode("latin-1").split(" ", 2)
                except ValueError:
                    return
                headers: dict[str, str] = {}
                while True:
                    h = await reader.readline()
                    if h in (b"\r\n", b"\n", b""):
                        break
                    k, _, v = h.decode("latin-1").partition(":")
                    headers[k.strip().lower()] = v.strip()
                keep = await self._serve(host, port, method, target, headers, reader, writer)
                if not keep:
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return  # client went away, or the server is stopping
        finally:
            writer.close()

    async def _serve(
        self,
        host: str,
        port: int,
        method: str,
        target: str,
        headers: dict[str, str],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        start = time.monotonic()
        path = target.split("?", 1)[0]
        with self._lock:
            self.arrivals.append((host, target, start))
            self._counts[(host, target)] += 1
            count = self._counts[(host, target)]
            self._in_flight[host] += 1
            self.peak_in_flight[host] = max(self.peak_in_flight[host], self._in_flight[host])
            name = _host_name(headers.get("host", host))
            self._by_name[name] += 1
            self.peak_by_host_header[name] = max(
                self.peak_by_host_header[name], self._by_name[name]
            )
        status = 0
        try:
            route = self.host_routes.get(host, {}).get(path) or self.routes.get(path)
            route = route or self.fallback or (lambda r: Reply(404, html_page("Not Found")))
            reply = route(Request(host, port, method, target, headers, count))
            status = reply.status
            if not await self._wait_unless_gone(self.latency + reply.delay, reader):
                status = 0  # the client gave up (its timeout): the request is over for it
                return False
            head = [f"HTTP/1.1 {reply.status} {REASONS.get(reply.status, 'Status')}"]
            hdrs = {"content-type": "text/html; charset=utf-8", **reply.headers}
            hdrs["content-length"] = str(len(reply.body))
            head += [f"{k}: {v}" for k, v in hdrs.items()]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
            body = reply.body if method != "HEAD" else b""
            if reply.trickle:
                for i in range(len(body)):
                    writer.write(body[i : i + 1])
                    await writer.drain()
                    if not await self._wait_unless_gone(reply.trickle, reader):
                        return False
            else:
                writer.write(body)
            await writer.drain()
            return headers.get("connection", "").lower() != "close"
        finally:
            with self._lock:
                self._in_flight[host] -= 1
                self._by_name[name] -= 1
                self.log.append(LogEntry(host, target, status, start, time.monotonic()))

    async def _refuse_tls(self, host: str) -> None:
        """Hold a TLS attempt for ``latency`` seconds, counted in flight on its address (a
        connection a server has to serve), then close it unanswered."""
        with self._lock:
            self.tls_attempts[host] += 1
            self._in_flight[host] += 1
            self.peak_in_flight[host] = max(self.peak_in_flight[host], self._in_flight[host])
        try:
            await asyncio.sleep(self.latency)
        finally:
            with self._lock:
                self._in_flight[host] -= 1

    @staticmethod
    async def _wait_unless_gone(seconds: float, reader: asyncio.StreamReader) -> bool:
        """Sleep, but stop early (False) if the client closes the connection meanwhile."""
        if seconds <= 0:
            return True
        eof = asyncio.ensure_future(reader.read(1))
        done, _ = await asyncio.wait({eof}, timeout=seconds)
        if done:
            return False  # a client that is waiting for an answer sends nothing: EOF
        eof.cancel()
        await asyncio.gather(eof, return_exceptions=True)  # free the reader for the next request
        return True

    async def _start(self) -> None:
        for host in self.hosts:
            server = await asyncio.start_server(self._handle, host, self._want_port)
            self.ports[host] = server.sockets[0].getsockname()[1]
            self._servers.append(server)

    def __enter__(self) -> NetServer:
        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self._start())
            self._ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True, name="netserver")
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("test server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        loop, self._loop = self._loop, None
        if loop is None:  # never started, or already stopped
            return

        async def stop() -> None:
            for server in self._servers:
                server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)  # let handlers log their end

        asyncio.run_coroutine_threadsafe(stop(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(5)
