"""Web archives (WARC files): every captured page in one is a document.

A crawl is kept as WARC files of many GB, so a file is never loaded whole: `scan_records` walks
it once, streaming, and yields where each page's record starts (its byte offset); `read_record`
later opens the file at that offset and reads that record alone. A record is thus an input like
a file, small and picklable (a path and an offset), which any process can read on its own.

Read: ``response`` (and ``resource``) records whose payload is HTML, Markdown or plain text by
its Content-Type, with a 2xx status. The record's ``WARC-Target-URI`` is the page's address
(relative links resolve against it, as on a saved page) and its ``WARC-Date`` the capture time,
an upper bound for the page's publication (kept on the document as `Capture`).

Nothing is dropped silently: other captures of a page (images, scripts, redirects, errors,
revisits) are counted as skipped, by reason; a corrupt record is one error line, and reading
goes on at the next record the file holds (a gzip member, or a ``WARC/1.x`` header line).
Requests, metadata and warcinfo records are no captured pages and are not counted.

Only this module imports warcio (the ``warc`` extra), and only when a WARC is read.
"""

from __future__ import annotations

import functools
import gzip
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from linkaudit.errors import InputFileError, UsageError
from linkaudit.extract.urls import join_url
from linkaudit.model import Capture, Document
from linkaudit.settings import (
    MAX_INPUT_BYTES,
    WARC_EXTENSIONS,
    WARC_MESSAGE_CHARS,
    WARC_RESYNC_BLOCK,
    WARC_TAIL_BYTES,
)

__all__ = [
    "RecordEntry",
    "is_warc",
    "is_warc_name",
    "scan_records",
    "read_record",
    "record_payload",
]

#: The payload types read, by the Content-Type's media type, and the format each is read as.
CONTENT_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}
#: Records that capture a page (others, requests and metadata, are no documents).
_CAPTURES = ("response", "resource")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
#: Why a captured record is not read: its key in the skip summary (said in `inputs`).
SKIP_TYPE, SKIP_STATUS, SKIP_REVISIT = "warc-type", "warc-status", "warc-revisit"
_ONE_STREAM = "not one gzip member per record"
ONE_STREAM_ERROR = (
    "compressed as one gzip stream, not one member per record: recompress it "
    "(warcio recompress IN OUT) to read its records"
)
MISSING_EXTRA = "reading WARC files needs warcio: pip install 'linkaudit[warc]'"


@dataclass(frozen=True, slots=True)
class RecordEntry:
    """One record met while scanning a WARC: a page to read (``name`` set), one skipped
    (``skipped``: why, a ``SKIP_*`` key), or one that could not be read (``error``)."""

    offset: int  # -1: the error is the whole file's
    name: str | None = None
    skipped: str | None = None
    error: str | None = None


def is_warc_name(path: Path | str) -> bool:
    """A WARC by its name (``.warc``, ``.warc.gz``)."""
    return str(path).lower().endswith(WARC_EXTENSIONS)


def is_warc(path: Path) -> bool:
    """A WARC by its name or, for a file named otherwise, by its first bytes (``WARC/1.``,
    or a gzip member that starts so)."""
    if is_warc_name(path):
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
            if head.startswith(_GZIP_MAGIC):
                fh.seek(0)
                with gzip.GzipFile(fileobj=fh) as unzipped:
                    head = unzipped.read(len(_WARC_MAGIC))
    except (OSError, EOFError, zlib.error):
        return False
    return head.startswith(_WARC_MAGIC)


@functools.cache
def _quiet_iterator() -> Any:
    """warcio's record iterator, quiet: its multi-line warning about a bad Content-Length
    becomes our one error line (`scan_records` reads ``err_count``)."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise UsageError(MISSING_EXTRA) from None

    class Quiet(ArchiveIterator):
        INC_RECORD = ""

    return Quiet


@contextmanager
def _iterator(fh: IO[bytes]) -> Iterator[Any]:
    """The records of ``fh`` from its position on; the decompressor is released after."""
    it = _quiet_iterator()(fh)
    try:
        yield it
    finally:
        it.close()


def _header(record: Any, name: str) -> str | None:
    value = record.rec_headers.get_header(name)
    return str(value).strip() if value else None


def _name(record: Any, offset: int) -> str:
    """The record's name in reports: its WARC-Record-ID without the angle brackets (unique
    and stable: written into the file), or ``offset-N`` for a record without one."""
    rid = _header(record, "WARC-Record-ID")
    return rid.strip("<>") if rid else f"offset-{offset}"


def _media_type(record: Any) -> tuple[str, str | None]:
    """The payload's media type (lowercase) and declared charset, from the HTTP headers of a
    response, else the WARC Content-Type of a resource."""
    value = None
    if record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        value = _header(record, "Content-Type")
    if not value:
        return "", None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media.strip().lower(), charset


def _skip_reason(record: Any) -> str | None:
    """Why a captured record is no document to read (a ``SKIP_*`` key), or None."""
    if record.rec_type == "revisit":
        return SKIP_REVISIT
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return SKIP_STATUS
    media, _ = _media_type(record)
    return None if media in CONTENT_FORMATS else SKIP_TYPE


def _short(exc: BaseException) -> str:
    """One printable line about what warcio or zlib found wrong (never a Python internal)."""
    said = str(exc).strip()
    if type(exc).__name__ == "ArchiveLoadFailed":
        if "non-chunked gzip" in said:
            return _ONE_STREAM
        # "Invalid WARC record, first line: <binary>": the binary is left out
        text = said.splitlines()[0].split(",")[0] if said else "not a WARC record"
    elif isinstance(exc, (zlib.error, gzip.BadGzipFile, EOFError)):
        text = f"damaged compression ({said.splitlines()[0]})" if said else "damaged compression"
    else:
        text = "headers that cannot be read"
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text[:WARC_MESSAGE_CHARS]


def _resync(fh: IO[bytes], after: int, compressed: bool) -> int | None:
    """Where the next record may start after a corrupt one at ``after``: the next gzip
    member's magic, or the next ``WARC/1.`` at a line start (None: no more)."""
    magic = _GZIP_MAGIC if compressed else b"\n" + _WARC_MAGIC
    block = WARC_RESYNC_BLOCK
    pos = after + 1
    while True:
        fh.seek(pos)
        chunk = fh.read(block + len(magic))
        if not chunk:
            return None
        found = chunk.find(magic)
        if found >= 0:
            return pos + found + (0 if compressed else 1)
        if len(chunk) <= block:
            return None
        pos += block


def scan_records(path: Path) -> Iterator[RecordEntry]:
    """Every captured record of the WARC at ``path``, in file order, streaming (one record's
    headers in memory at a time). A corrupt or truncated record is an error entry, and the
    scan goes on at the next record; a file compressed as one gzip stream cannot be read
    record by record and is one error (``warcio recompress`` makes it readable)."""
    with open(path, "rb") as fh:
        compressed = fh.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC
        size = os.fstat(fh.fileno()).st_size
        pos: int | None = 0
        while pos is not None:
            fh.seek(pos)
            at = pos
            with _iterator(fh) as it:
                try:
                    for record in it:
                        at = it.offset
                        entry = _entry(record, at)
                        warned = it.err_count
                        it.read_to_end()
                        if it.err_count > warned:  # its Content-Length is not its length
                            entry = RecordEntry(at, error="corrupt WARC record: wrong length")
                        if entry is not None:
                            yield entry
                        at = it.offset
                    error = None if _only_blank(fh, at, size) else "truncated WARC record"
                except Exception as exc:  # warcio, zlib, gzip: a corrupt record  # noqa: BLE001
                    message = _short(exc)
                    if message == _ONE_STREAM:
                        yield RecordEntry(-1, error=ONE_STREAM_ERROR)
                        return
                    error = f"corrupt WARC record: {message}"
            pos = None
            if error is not None:
                yield RecordEntry(at, error=error)
                pos = _resync(fh, at, compressed)


def _only_blank(fh: IO[bytes], at: int, size: int) -> bool:
    """Whether nothing but blank lines follows ``at``, where the records read ended."""
    if at >= size:
        return True
    fh.seek(at)
    return not fh.read(WARC_TAIL_BYTES).strip()


def _entry(record: Any, offset: int) -> RecordEntry | None:
    if record.rec_type not in (*_CAPTURES, "revisit"):
        return None  # a request, metadata, warcinfo: no captured page
    skipped = _skip_reason(record)
    if skipped is not None:
        return RecordEntry(offset, skipped=skipped)
    return RecordEntry(offset, name=_name(record, offset))


@dataclass(frozen=True, slots=True)
class _Record:
    payload: bytes
    capture: Capture
    media: str
    charset: str | None


def _load(path: Path, offset: int, payload: bool = True) -> _Record:
    """The record starting at ``offset``: its payload (decoded from any HTTP transfer and
    content encoding; empty unless ``payload``) and where and when it was captured."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            with _iterator(fh) as it:
                record = next(iter(it))
                body = record.content_stream().read(MAX_INPUT_BYTES + 1) if payload else b""
                uri = _header(record, "WARC-Target-URI")
                capture = Capture(
                    url=uri.strip("<>") if uri else None,
                    date=_header(record, "WARC-Date"),
                    record_id=_name(record, offset),
                )
                media, charset = _media_type(record)
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror}") from None
    except UsageError:
        raise
    except Exception as exc:  # warcio, zlib: the record is corrupt  # noqa: BLE001
        raise InputFileError(f"corrupt WARC record: {_short(exc)}") from None
    if len(body) > MAX_INPUT_BYTES:
        raise InputFileError(f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB: not read")
    return _Record(body, capture, media, charset)


def record_payload(path: Path, offset: int) -> bytes | None:
    """The payload of the record at ``offset`` (None when it cannot be read: reading it
    then says why), for the facts cache's key."""
    try:
        return _load(path, offset).payload
    except InputFileError:
        return None


def read_record(
    source: str,
    path: Path,
    offset: int,
    forced_type: str | None = None,
    *,
    data: bytes | None = None,
) -> Document:
    """The document the record at ``offset`` captured (``data``: its payload, already read
    by `record_payload`). Raises `InputFileError`."""
    from linkaudit.readers import read_document

    record = _load(path, offset, payload=data is None)
    if data is not None:
        record = replace(record, payload=data)
    fmt = forced_type or CONTENT_FORMATS.get(record.media, "text")
    url = record.capture.url if _web(record.capture.url) else None
    doc = read_document(source, record.payload, fmt, page_url=url, declared_charset=record.charset)
    if url is not None and doc.format != "html":  # HTML resolved them against page_url
        doc = replace(doc, refs=tuple(_on_page(ref, url) for ref in doc.refs))
    return replace(
        doc, capture=record.capture, format_source="forced" if forced_type else "content-type"
    )


def _web(url: str | None) -> bool:
    if not url:
        return False
    try:
        return urlsplit(url).scheme in ("http", "https")
    except ValueError:
        return False


def _on_page(ref: Any, url: str) -> Any:
    """A Markdown or text link relative to the captured page, made absolute (an in-page
    ``#fragment`` stays: it is this document's)."""
    if ref.url.startswith("#") or _web(ref.url) or ":" in ref.url.split("/", 1)[0]:
        return ref
    return replace(ref, url=join_url(url, ref.url))
