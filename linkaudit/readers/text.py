"""Plain text: bare URLs and ``www.`` hosts found by linkify, positions exact."""

from __future__ import annotations

from linkaudit.extract.titles import attach_titles, find_title_lines
from linkaudit.extract.urls import find_urls
from linkaudit.model import DocMeta, Document, LinkRef, TextMap
from linkaudit.readers.common import mask_spans

__all__ = ["read_text"]


def read_text(source: str, raw: str) -> Document:
    """Read a plain-text article."""
    plain = TextMap.of(raw)
    spans = find_urls(raw)
    refs = []
    for start, _end, url in spans:
        line, column = plain.position(start)
        refs.append(LinkRef(url=url, line=line, column=column, element="bare"))
    text = TextMap.of(mask_spans(raw, [(s, e) for s, e, _ in spans]))
    titles = find_title_lines(text)
    tied_refs, tied_titles = attach_titles(refs, titles, raw)
    return Document(
        source=source,
        format="text",
        raw=raw,
        text=text,
        refs=tied_refs,
        meta=DocMeta(),
        titles=tied_titles,
    )
