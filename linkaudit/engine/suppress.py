"""Inline suppressions: comments in a document that silence findings, and which of them were used.

Prose has no comment syntax of its own, so suppressions live in HTML comments (Markdown and
HTML), and in a trailing ``#`` or ``//`` comment for plain text lines::

    <!-- linkaudit: ignore LINK001 -->            this line, or the next one when alone on its line
    See https://old.example/x  # linkaudit: ignore LINK001, TIME001     this line only
    <!-- linkaudit: off -->  ...  <!-- linkaudit: on -->                a range, every rule
    <!-- linkaudit: off TIME001 --> ... <!-- linkaudit: on TIME001 -->  a range, some rules
    <!-- linkaudit: ignore-file -->   or   <!-- linkaudit: ignore-file ARCH002 -->

Ids may be prefixes (``LINK``, ``TIME00``). A suppression with no ids silences every rule. An
``off`` with no matching ``on`` lasts to the end of the file. Findings about a URL match when
any of the URL's locations is in range, since the finding is reported at the first only.
Everything here is pure: it reads ``Document.raw`` and returns new values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from linkaudit.model import Finding

__all__ = ["Suppression", "parse_suppressions", "apply_suppressions", "SuppressionOutcome"]

_IDS = r"((?:\s*,?\s*[A-Za-z][A-Za-z_]*[0-9]*)*)"
_HTML = re.compile(
    r"<!--\s*linkaudit\s*:\s*(ignore-file|ignore|off|on)\b" + _IDS + r"\s*(?:--\s+[^>]*?)?-->",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"(?:^|\s)(?:#|//)\s*linkaudit\s*:\s*(ignore)\b" + _IDS + r"\s*$", re.IGNORECASE
)
_ID_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One suppression comment and the lines it covers (inclusive, 1-based)."""

    kind: str  # ignore | range | file
    rules: tuple[str, ...]  # empty: every rule
    line: int  # where the comment stands
    column: int
    start_line: int
    end_line: int
    text: str  # the comment as written, for the unused-suppression note

    def covers(self, rule: str, lines: Iterable[int]) -> bool:
        if self.rules and not any(rule.startswith(r) for r in self.rules):
            return False
        return any(self.start_line <= ln <= self.end_line for ln in lines)


@dataclass(frozen=True, slots=True)
class SuppressionOutcome:
    kept: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    unused: tuple[Suppression, ...]


def _ids(raw: str) -> tuple[str, ...]:
    return tuple(x.upper() for x in _ID_SPLIT.split(raw.strip()) if x)


def parse_suppressions(raw: str) -> tuple[Suppression, ...]:
    """Every suppression in a document's source text, in order."""
    if "linkaudit" not in raw.lower():
        return ()
    lines = raw.split("\n")
    last = len(lines)
    out: list[Suppression] = []
    open_ranges: list[tuple[int, int, tuple[str, ...], str]] = []  # line, column, ids, text

    def next_content_line(after: int) -> int:
        for n in range(after + 1, last + 1):
            if lines[n - 1].strip():
                return n
        return after

    for n, line in enumerate(lines, start=1):
        if "linkaudit" not in line.lower():
            continue
        for m in _HTML.finditer(line):
            kind, ids, text = m.group(1).lower(), _ids(m.group(2)), m.group(0)
            col = m.start() + 1
            if kind == "ignore":
                alone = not (line[: m.start()].strip() or line[m.end() :].strip())
                end = next_content_line(n) if alone else n
                out.append(Suppression("ignore", ids, n, col, n, end, text))
            elif kind == "ignore-file":
                out.append(Suppression("file", ids, n, col, 1, last, text))
            elif kind == "off":
                open_ranges.append((n, col, ids, text))
            else:  # on: close every open range it names (all of them when it names none)
                still = []
                for start, scol, rids, rtext in open_ranges:
                    if not ids or set(rids) & set(ids) or not rids:
                        out.append(Suppression("range", rids, start, scol, start, n, rtext))
                    else:
                        still.append((start, scol, rids, rtext))
                open_ranges = still
        if "<!--" not in line:
            t = _TRAILING.search(line)
            if t:
                col = t.start(1) + 1
                out.append(
                    Suppression("ignore", _ids(t.group(2)), n, col, n, n, t.group(0).strip())
                )
    for start, scol, rids, rtext in open_ranges:
        out.append(Suppression("range", rids, start, scol, start, last, rtext))
    out.sort(key=lambda s: (s.line, s.column))
    return tuple(out)


def _finding_lines(f: Finding) -> list[int]:
    lines = [f.line]
    for loc in f.evidence.get("locations", ()) or ():
        if isinstance(loc, dict) and isinstance(loc.get("line"), int):
            lines.append(loc["line"])
    return lines


def apply_suppressions(
    findings: Sequence[Finding], suppressions: Sequence[Suppression]
) -> SuppressionOutcome:
    """Split findings into kept and suppressed, and name the suppressions that did nothing."""
    if not suppressions:
        return SuppressionOutcome(tuple(findings), (), ())
    used: set[int] = set()
    kept: list[Finding] = []
    dropped: list[Finding] = []
    for f in findings:
        lines = _finding_lines(f)
        hit = False
        for i, s in enumerate(suppressions):
            if s.covers(f.rule, lines):
                used.add(i)
                hit = True
        (dropped if hit else kept).append(f)
    unused = tuple(s for i, s in enumerate(suppressions) if i not in used)
    return SuppressionOutcome(tuple(kept), tuple(dropped), unused)
