"""Readers turn one input's bytes into a `Document`; the format decides which reader."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from linkaudit.model import Document
from linkaudit.readers.decode import decode_text
from linkaudit.settings import WALK_EXTENSIONS

__all__ = ["read_document", "format_for"]


def format_for(name: str, forced: str | None = None) -> str:
    """The format of an input: ``--type`` if given, else by extension (unknown → text)."""
    if forced:
        return forced
    return WALK_EXTENSIONS.get(PurePath(name).suffix.lower(), "text")


def read_document(
    source: str,
    data: bytes,
    fmt: str,
    *,
    page_url: str | None = None,
    declared_charset: str | None = None,
) -> Document:
    """Decode and read one input. Raises `InputFileError` when it is not readable text; a
    guessed encoding is kept on the document with its warning."""
    decoded = decode_text(data, fmt, declared_charset)
    doc = _read(source, decoded.text, fmt, page_url)
    if decoded.warning is None:
        return doc
    return replace(doc, guessed_encoding=decoded.encoding, encoding_warning=decoded.warning)


def _read(source: str, raw: str, fmt: str, page_url: str | None) -> Document:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    if fmt == "markdown":
        from linkaudit.readers.markdown import read_markdown

        return read_markdown(source, raw)
    if fmt == "html":
        from linkaudit.readers.html import read_html

        return read_html(source, raw, page_url=page_url)
    from linkaudit.readers.text import read_text

    return read_text(source, raw)
