"""Bytes to text: BOMs, declared charsets, legacy encodings detected, binary input refused.

A file is refused only when it is really binary (NUL bytes, mostly control bytes). Text that is
neither declared nor UTF-8 is still read, in the encoding detected (or as UTF-8 with the bad
bytes replaced), and the reader says so: losing every link of a Latin-1 file is worse than a
possibly wrong accent, and URLs are almost always ASCII.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from linkaudit.errors import InputFileError
from linkaudit.settings import (
    BINARY_CONTROL_RATIO,
    BINARY_SNIFF_BYTES,
    ENCODING_CHAOS_TIE,
    UTF8_REPLACEMENT_RATIO,
)

__all__ = ["Decoded", "decode", "decode_text", "encoding_label"]

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
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Codec names as people know them (the WHATWG / IANA labels).
_LABELS = {"cp1252": "windows-1252", "latin_1": "ISO-8859-1", "utf_8": "UTF-8", "utf-8": "UTF-8"}
#: charset-normalizer's names for the code pages a Western text is usually in.
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text of an input, the codec it was read with, and why a reader should check it
    (``warning``: the encoding was guessed, or bytes were replaced); None when it was sure."""

    text: str
    encoding: str
    warning: str | None = None


def encoding_label(codec: str) -> str:
    """``cp1252`` → ``windows-1252``, ``koi8_r`` → ``koi8-r``: the name an editor knows."""
    name = codecs.lookup(codec).name
    if name in _LABELS:
        return _LABELS[name]
    if re.fullmatch(r"cp125\d", name):
        return "windows-" + name[2:]
    return name.replace("_", "-")


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(head.count(b) for b in _CONTROL)
    return controls / len(head) > BINARY_CONTROL_RATIO


def decode(data: bytes, fmt: str, declared: str | None = None) -> str:
    """The text of ``data`` (see `decode_text`)."""
    return decode_text(data, fmt, declared).text


def decode_text(data: bytes, fmt: str, declared: str | None = None) -> Decoded:
    """Decode ``data``; raise `InputFileError` with a one-line reason when it is not text.

    Order: a BOM wins; then a charset declared by the transport (``declared``) or, for HTML, by a
    ``<meta charset>`` in the first 4 KiB; then UTF-8; then, with a warning, the legacy encoding
    detected, or UTF-8 with the undecodable bytes replaced.
    """
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(bom_encoding), encoding_label(bom_encoding))
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
            return Decoded(data.decode(encoding), encoding_label(encoding))
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        return _undeclared(data, declared=encoding)


def _undeclared(data: bytes, declared: str | None) -> Decoded:
    """Text that is not valid in its declared charset nor in UTF-8: mostly UTF-8 with a few bad
    bytes is read as UTF-8 with those replaced; anything else in the encoding detected."""
    if declared is None:
        why = "no charset declared and not valid UTF-8"
    elif codecs.lookup(declared).name == "utf-8":
        why = "declared UTF-8 but not valid UTF-8"
    else:
        why = f"not valid in its declared charset {declared!r} nor in UTF-8"
    as_utf8 = data.decode("utf-8", "replace")
    bad = as_utf8.count("\ufffd") - data.count("\ufffd".encode())
    good = len(_NON_ASCII.findall(as_utf8)) - as_utf8.count("\ufffd")
    if good > 0 and bad <= good * UTF8_REPLACEMENT_RATIO:
        return _replaced(as_utf8, bad, why)
    codec = _detect(data)
    if codec is not None:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            label = encoding_label(codec)
            return Decoded(
                text, label, f"{why}: read as {label} (detected); save it as UTF-8 to be sure"
            )
    return _replaced(as_utf8, bad, why)


def _replaced(text: str, bad: int, why: str) -> Decoded:
    plural = "s" if bad != 1 else ""
    return Decoded(
        text,
        "UTF-8",
        f"{why}: read as UTF-8, {bad} undecodable byte sequence{plural} replaced by U+FFFD",
    )


def _detect(data: bytes) -> str | None:
    """The codec charset-normalizer finds for ``data``, windows-1252 on a tie (see
    `ENCODING_CHAOS_TIE`), Latin-1 when the text uses a byte windows-1252 leaves undefined."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.chaos > best.chaos + ENCODING_CHAOS_TIE:
            continue
        if _WESTERN.intersection(match.could_be_from_charset):
            try:
                data.decode("cp1252")
            except UnicodeDecodeError:
                return "latin_1"
            return "cp1252"
    return str(best.encoding)
