"""A JSON document written around one long list whose items arrive one by one.

The streamed JSON and SARIF reports must be the very bytes ``json.dumps`` gives for the whole
object. Rather than re-implement its layout, the object is encoded once with a marker as the
list's only item and cut at the marker: what comes before is the head, what comes after the
tail, and the whitespace beside the marker is how each item is indented. The marker is one
that stands nowhere else in the object (`frame_of`): a note, an error or a baseline entry
read from a file may hold any string, the marker's too.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["MARKER", "Frame", "ListWriter", "dumps", "frame", "frame_of"]

#: The list's stand-in: NUL is written escaped, so its encoding cannot occur inside another
#: string of the object (a backslash there would itself be escaped).
MARKER = "\x00linkaudit-list\x00"
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


def frame(text: str, marker: str = MARKER) -> Frame:
    """Cut ``text``, the encoding of an object whose list holds only ``marker``, at the marker."""
    encoded = json.dumps(marker)
    before, sep, after = text.partition(encoded)
    if not sep or encoded in after:
        raise ValueError("the marker must stand exactly once in the text")
    head = before.rstrip(_SPACE)
    tail = after.lstrip(_SPACE)
    return Frame(
        head=head, lead=before[len(head) :], close=after[: len(after) - len(tail)], tail=tail
    )


def frame_of(build: Callable[[list[str]], Any], *, end: str = "") -> Frame:
    """The `frame` of ``build([marker])`` encoded as the reports indent it, then ``end``: the
    marker is `MARKER`, or, when some string of the object is that already, `MARKER` and a
    number that none is (tried in turn: an object holds finitely many strings)."""
    for n in itertools.count():
        marker = MARKER if n == 0 else f"{MARKER}{n}"
        text = dumps(build([marker]), pretty=True) + end
        if text.count(json.dumps(marker)) == 1:
            return frame(text, marker)
    raise AssertionError("unreachable")  # pragma: no cover


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
