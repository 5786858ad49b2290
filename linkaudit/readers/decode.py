"""Bytes to text: BOMs, declared HTML charsets, and a clear refusal of binary input."""

from __future__ import annotations

import codecs
import re

from linkaudit.errors import InputFileError
from linkaudit.settings import BINARY_CONTROL_RATIO, BINARY_SNIFF_BYTES

__all__ = ["decode"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_CONTROL = bytes(range(9)) + bytes(range(14, 32))


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(head.count(b) for b in _CONTROL)
    return controls / len(head) > BINARY_CONTROL_RATIO


def decode(data: bytes, fmt: str, declared: str | None = None) -> str:
    """Decode ``data``; raise `InputFileError` with a one-line reason when it is not text.

    Order: a BOM wins; then a charset declared by the transport (``declared``) or, for HTML, by a
    ``<meta charset>`` in the first 4 KiB; then UTF-8. Anything else is refused rather than
    guessed, because a wrong guess silently corrupts URLs.
    """
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(bom_encoding)
            except UnicodeDecodeError as exc:
                raise InputFileError(
                    f"not valid {bom_encoding} despite its byte-order mark ({exc.reason})"
                ) from None
    if _looks_binary(data[:BINARY_SNIFF_BYTES]):
        raise InputFileError("binary file, not text")
    encoding: str | None = declared
    if encoding is None and fmt == "html":
        m = _META_CHARSET.search(data[:4096])
        if m:
            encoding = m.group(1).decode("ascii", "replace")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            encoding = None
    if encoding and codecs.lookup(encoding).name not in ("utf-8", "utf-7"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"not valid UTF-8 at byte {exc.start} (convert it to UTF-8 or declare its charset)"
        ) from None
