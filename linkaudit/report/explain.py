"""A rule's documentation for a terminal: its docstring's inline markup (reStructuredText and
Markdown alike: ````code````, ```code```, ``**bold**``, ``*emphasis*``) rendered as styles on a
terminal, and dropped for plain text (a pipe, a file), so that no raw backticks or asterisks
are left either way. Pure: text in, text out."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["spans", "to_plain", "to_rich_markup"]

_INLINE = re.compile(
    r"``(?P<code2>[^`]+?)``"
    r"|(?<![`\w])`(?P<code1>[^`\n]+?)`(?![`\w])"
    r"|\*\*(?P<bold>[^*\s](?:[^*]*?[^*\s])?)\*\*"
    r"|(?<![*\w])\*(?P<emph>[^*\s](?:[^*\n]*?[^*\s])?)\*(?![*\w])",
    re.S,
)


def spans(text: str) -> Iterator[tuple[str, str]]:
    """``(style, text)`` pieces in order; style is ``""``, ``code``, ``bold`` or ``emph``."""
    at = 0
    for m in _INLINE.finditer(text):
        if m.start() > at:
            yield "", text[at : m.start()]
        style = m.lastgroup or ""
        yield ("code" if style.startswith("code") else style), m.group(style)
        at = m.end()
    if at < len(text):
        yield "", text[at:]


def to_plain(text: str) -> str:
    """The text without its markup (code, bold and emphasis read as plain words)."""
    return "".join(piece for _, piece in spans(text))


_RICH_STYLE = {"code": "cyan", "bold": "bold", "emph": "italic"}


def to_rich_markup(text: str) -> str:
    """The text as rich console markup (everything else escaped)."""
    from rich.markup import escape

    out = []
    for style, piece in spans(text):
        if style:
            out.append(f"[{_RICH_STYLE[style]}]{escape(piece)}[/{_RICH_STYLE[style]}]")
        else:
            out.append(escape(piece))
    return "".join(out)
