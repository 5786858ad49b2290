"""One GET, read carefully: streamed, capped, decoded by us, within a total deadline.

httpx would decode gzip without a size limit and wait forever on a server that trickles a
byte every few seconds, so the body is read raw (``aiter_raw``), at most ``max_body`` bytes,
inflated here with a cap on the output (one layer of gzip or deflate, nothing stacked), and
the whole request runs under one deadline. Only HTML bodies are read at all: a PDF or a video
is judged by its status line.

The result is an `Exchange`: plain data that the pure classifier in ``check.py`` reads.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from linkaudit import settings
from linkaudit.net.errors import HeaderLimit, Refused, SchemeRefused
from linkaudit.net.transport import ResolveError

__all__ = ["Exchange", "fetch_once", "decode_body", "text_of"]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and what came back (or the error), as data.

    ``error`` is None for an answer, else one of ``dns``, ``connect``, ``tls``, ``timeout``,
    ``protocol``, ``private``, ``metadata``, ``host``, ``scheme``, ``headers``.
    """

    url: str
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    truncated: bool = False
    error: str | None = None
    detail: str | None = None
    elapsed_ms: int = 0
    attempts: int = 1

    @property
    def location(self) -> str | None:
        return self.headers.get("location")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in settings.NET_HTML_TYPES or (
            not self.content_type and self.body.lstrip()[:1] == b"<"
        )

    @property
    def is_redirect(self) -> bool:
        return self.status in (301, 302, 303, 307, 308) and bool(self.location)


def _inflater(encoding: str) -> zlib._Decompress | None:
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS)
    return None


def decode_body(raw: bytes, encoding: str, limit: int) -> tuple[bytes, bool]:
    """Inflate ``raw`` (one layer of gzip/deflate) to at most ``limit`` bytes.

    Returns the bytes and whether they were cut. Unknown or stacked encodings give no body
    (we asked only for gzip and deflate); a corrupt stream gives what inflated before it broke.
    """
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw[:limit], len(raw) > limit
    if "," in encoding:
        return b"", True
    inflater = _inflater(encoding)
    if inflater is None:
        return b"", True
    try:
        out = inflater.decompress(raw, limit)
    except zlib.error:
        if encoding != "deflate":
            return b"", True
        try:  # servers often send raw deflate without the zlib header
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            out = inflater.decompress(raw, limit)
        except zlib.error:
            return b"", True
    return out, bool(inflater.unconsumed_tail)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


def text_of(exchange: Exchange) -> str:
    """The body as text: the header's charset, else a ``<meta charset>``, else UTF-8."""
    charset = None
    ctype = exchange.headers.get("content-type", "")
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", ctype, re.I)
    if m:
        charset = m.group(1)
    else:
        m2 = _META_CHARSET.search(exchange.body[:4096])
        if m2:
            charset = m2.group(1).decode("ascii", "replace")
    try:
        return exchange.body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return exchange.body.decode("utf-8", errors="replace")


def _error_kind(exc: BaseException) -> str:
    if isinstance(exc, ResolveError):
        return "dns"
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return "timeout"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return "tls"
        cause = cause.__cause__ or cause.__context__
    if "certificate" in str(exc).lower() or "ssl" in str(exc).lower():
        return "tls"
    if isinstance(exc, httpx.ConnectError):
        return "connect"
    return "protocol"


def _check_headers(response: httpx.Response) -> dict[str, str]:
    raw = response.headers.raw
    if len(raw) > settings.NET_MAX_HEADERS:
        raise HeaderLimit(f"{len(raw)} header lines")
    if sum(len(k) + len(v) + 4 for k, v in raw) > settings.NET_MAX_HEADER_BYTES:
        raise HeaderLimit("header block too large")
    headers: dict[str, str] = {}
    for key, value in response.headers.multi_items():
        key = key.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


async def _read(
    client: httpx.AsyncClient,
    url: str,
    max_body: int,
    headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | None = None,
) -> Exchange:
    own = timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT
    async with client.stream("GET", url, headers=headers, timeout=own) as response:
        headers = _check_headers(response)
        status = response.status_code
        ctype = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        readable = (*settings.NET_HTML_TYPES, *settings.NET_TEXT_TYPES)
        wants_body = not (300 <= status < 400) and (ctype in readable or not ctype)
        raw = bytearray()
        truncated = False
        if wants_body:
            async for chunk in response.aiter_raw():
                raw += chunk
                if len(raw) >= max_body:
                    truncated = True
                    break
        body, cut = decode_body(
            bytes(raw[:max_body]),
            headers.get("content-encoding", ""),
            settings.NET_MAX_DECODED,
        )
        return Exchange(url, status, headers, body, truncated or cut)


async def fetch_once(
    client: httpx.AsyncClient,
    url: str,
    *,
    deadline: float,
    max_body: int,
    headers: Mapping[str, str] | None = None,
    timeout: httpx.Timeout | None = None,
) -> Exchange:
    """GET ``url`` once (no redirects followed) and describe what happened; ``timeout``
    replaces the client's own for this request (a host's own timeout)."""
    started = time.monotonic()
    try:
        async with asyncio.timeout(deadline):
            result = await _read(client, url, max_body, headers, timeout)
    except SchemeRefused as exc:
        result = Exchange(url, error="scheme", detail=exc.reason)
    except Refused as exc:
        result = Exchange(url, error=exc.kind, detail=exc.reason)
    except HeaderLimit as exc:
        result = Exchange(url, error="headers", detail=str(exc))
    except httpx.InvalidURL as exc:
        result = Exchange(url, error="host", detail=f"not a fetchable URL: {exc}")
    except (httpx.HTTPError, TimeoutError, OSError) as exc:
        kind = _error_kind(exc)
        detail = str(exc) or type(exc).__name__
        if kind == "timeout":
            detail = f"no complete answer within {deadline:g} s"
        result = Exchange(url, error=kind, detail=detail)
    elapsed = int((time.monotonic() - started) * 1000)
    return Exchange(
        result.url,
        result.status,
        result.headers,
        result.body,
        result.truncated,
        result.error,
        result.detail,
        elapsed,
    )
