"""Small helpers the readers share."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NOT_NEWLINE = re.compile(r"[^\n]")

__all__ = ["mask_spans"]


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank out ``spans`` with spaces (newlines kept), so offsets and lines stay the same.

    Date extraction must not read the digits of URLs or code as dates.
    """
    spans = sorted(spans)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in spans:
        if end <= pos:
            continue
        start = max(start, pos)
        out.append(text[pos:start])
        out.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)
