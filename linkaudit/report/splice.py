"""A JSON document written around one long list whose items arrive one by one.

The streamed JSON and SARIF reports must be the very bytes ``json.dumps`` gives for the whole
object. Rather than re-implement its layout, the object is encoded once with a marker as the
list's only item and cut at the marker: what comes before is the head, what comes after the
tail, and the whitespace beside the marker is how each item is indented.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["MARKER", "Frame", "ListWriter", "dumps", "frame"]

#: The list's stand-in: NUL is written escaped, so its encoding cannot occur inside another
#: string of the object (a backslash there would itself be escaped).
MARKER = "\x00linkaudit-list\x00"
_ENCODED_MARKER = json.dumps(MARKER)
_SPACE = " \n"


@dataclass(frozen=True, slots=True)
class Frame:
    """The text of an object around its list: ``head`` ends with the list's ``[``, ``lead`` goes
    before each item (a newline and the indent, or nothing when compact), ``close`` before the
    ``]`` that starts ``tail`` when the list is not empty."""

    head: str
    lead: str
    close: str
    tail: str

    def indent(self, item_text: str) -> str:
        """An item encoded on its own (``indent=2``) as it stands inside the list."""
        return item_text.replace("\n", self.lead) if self.lead else item_text

    def whole(self, items: list[str]) -> str:
        """The whole text with these (already indented) items: what the writers must equal."""
        if not items:
            return self.head + self.tail
        return self.head + self.lead + ("," + self.lead).join(items) + self.close + self.tail


def frame(text: str) -> Frame:
    """Cut ``text``, the encoding of an object whose list holds only `MARKER`, at the marker."""
    before, sep, after = text.partition(_ENCODED_MARKER)
    if not sep or _ENCODED_MARKER in after:
        raise ValueError("the marker must stand exactly once in the text")
    head = before.rstrip(_SPACE)
    tail = after.lstrip(_SPACE)
    return Frame(
        head=head, lead=before[len(head) :], close=after[: len(after) - len(tail)], tail=tail
    )


def dumps(value: Any, *, pretty: bool) -> str:
    """``json.dumps`` as the reports call it: not ASCII-escaped; indented by 2 or compact."""
    if pretty:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class ListWriter:
    """Writes a frame's items as they come: the separator and indent before each one."""

    __slots__ = ("out", "lead", "count")

    def __init__(self, out: Any, lead: str) -> None:
        self.out = out
        self.lead = lead
        self.count = 0

    def item(self, indented: str) -> None:
        self.out.write(("," + self.lead if self.count else self.lead) + indented)
        self.count += 1
