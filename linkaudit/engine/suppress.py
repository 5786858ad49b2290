"""Inline suppressions: comments in a document that silence findings, and which of them were used.

Prose has no comment syntax of its own, so suppressions live in HTML comments (Markdown and
HTML), and in a trailing ``#`` or ``//`` comment for plain text lines::

    <!-- linkaudit: ignore LINK001 -->            this line, or the next one when alone on its line
    See https://old.example/x  # linkaudit: ignore LINK001, TIME001     this line only
    <!-- linkaudit: off -->  ...  <!-- linkaudit: on -->                a range, every rule
    <!-- linkaudit: off TIME001 --> ... <!-- linkaudit: on TIME001 -->  a range, some rules
    <!-- linkaudit: ignore-file -->   or   <!-- linkaudit: ignore-file ARCH002 -->

Ids are written in upper case and may be prefixes of a whole family (``LINK``, ``TIME00``).
The ids end at the first other word: what follows (best after `` -- ``) is a reason, so
``ignore LINK014 tracked at some other time`` silences LINK014 only, never "TIME". An id-like
word that names no rule (``LNK001``, or ``link001`` in lower case) is kept in ``unknown`` and
reported as a note; a suppression whose ids are all unknown silences nothing. A suppression with
no ids silences every rule. An ``off`` with no matching ``on`` lasts to the end of the file.
Findings about a URL match when any of the URL's locations is in range, since the finding is
reported at the first only.

Only real comments count: in Markdown, nothing inside a fenced or indented code block or a code
span (an example of the syntax in a README is not a suppression); in HTML, nothing inside
``<pre>``, ``<code>``, ``<script>``, ``<style>`` or ``<textarea>``. Everything here is pure: it
reads ``Document.raw`` and returns new values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linkaudit.model import Finding

if TYPE_CHECKING:
    from linkaudit.engine.custom import CustomRule

__all__ = [
    "Suppression",
    "parse_suppressions",
    "apply_suppressions",
    "unknown_id_notes",
    "SuppressionOutcome",
]

_HTML = re.compile(
    r"<!--\s*linkaudit\s*:\s*(ignore-file|ignore|off|on)(?=\s|--)(.*?)-->", re.IGNORECASE
)
_TRAILING = re.compile(r"(?:^|\s)(?:#|//)\s*linkaudit\s*:\s*(ignore)(?=\s|$)(.*)$", re.IGNORECASE)
_ID_SPLIT = re.compile(r"[\s,]+")
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")
_ID = re.compile(r"[A-Z][A-Z_]*[0-9]*")
_ID_ANY_CASE = re.compile(r"[A-Za-z][A-Za-z_]*[0-9]+")
#: Code regions in HTML (and in Markdown's HTML blocks), found together with comments so that a
#: ``<pre>`` inside a comment or a comment inside ``<pre>`` is read as the browser reads it.
_HTML_CODE = re.compile(
    r"<!--.*?(?:-->|$)|<(pre|code|script|style|textarea)\b[^>]*>.*?(?:</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
_BACKTICKS = re.compile(r"`+")

Position = tuple[int, int]  # (line, column), both 1-based


@dataclass(frozen=True, slots=True)
class Suppression:
    """One suppression comment and the lines it covers (inclusive, 1-based)."""

    kind: str  # ignore | range | file | on (an "on" naming unknown ids, kept for its note)
    rules: tuple[str, ...]  # empty: every rule (unless `unknown` is not empty)
    line: int  # where the comment stands
    column: int
    start_line: int
    end_line: int
    text: str  # the comment as written, for the unused-suppression note
    unknown: tuple[str, ...] = ()  # id-like words that name no rule: reported, never matched

    def covers(self, rule: str, lines: Iterable[int]) -> bool:
        if self.unknown and not self.rules:
            return False
        if self.rules and not any(rule.startswith(r) for r in self.rules):
            return False
        return any(self.start_line <= ln <= self.end_line for ln in lines)


@dataclass(frozen=True, slots=True)
class SuppressionOutcome:
    kept: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    unused: tuple[Suppression, ...]


def _known_ids() -> tuple[str, ...]:
    from linkaudit.engine.packs import known_rule_ids

    return tuple(known_rule_ids())


def _ids(raw: str, known: Collection[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rule ids at the start of ``raw`` and the id-like words there that name no rule."""
    families = {k.rstrip("0123456789") for k in known}
    ids: list[str] = []
    unknown: list[str] = []
    for word in _ID_SPLIT.split(_REASON.split(raw, maxsplit=1)[0].strip()):
        if not word:
            continue
        if _ID.fullmatch(word):
            if word in known or (
                word.rstrip("0123456789") in families and any(k.startswith(word) for k in known)
            ):
                ids.append(word)
                continue
            if any(c.isdigit() for c in word):
                unknown.append(word)
                continue
        elif _ID_ANY_CASE.fullmatch(word) and word.upper() in known:
            unknown.append(word)  # an id in lower case: named in the note, never guessed
            continue
        break  # the first other word starts the reason
    return tuple(ids), tuple(unknown)


def parse_suppressions(
    raw: str, fmt: str = "text", known: Collection[str] | None = None
) -> tuple[Suppression, ...]:
    """Every suppression in a document's source text, in order.

    ``fmt`` (text, markdown, html) says where code is, whose comments are not suppressions;
    ``known`` are the rule ids that may be named (default: the catalog's and registered ones).
    """
    if "linkaudit" not in raw.lower():
        return ()
    lines = raw.split("\n")
    last = len(lines)
    known_ids = frozenset(known if known is not None else _known_ids())
    code = _code_regions(raw, fmt)
    out: list[Suppression] = []
    open_ranges: list[tuple[int, int, tuple[str, ...], tuple[str, ...], str]] = []

    def in_code(line: int, column: int) -> bool:
        return any(a <= (line, column) < b for a, b in code)

    def next_content_line(after: int) -> int:
        for n in range(after + 1, last + 1):
            if lines[n - 1].strip():
                return n
        return after

    for n, line in enumerate(lines, start=1):
        if "linkaudit" not in line.lower():
            continue
        for m in _HTML.finditer(line):
            col = m.start() + 1
            if in_code(n, col):
                continue
            kind, text = m.group(1).lower(), m.group(0)
            ids, unknown = _ids(m.group(2), known_ids)
            if kind == "ignore":
                alone = not (line[: m.start()].strip() or line[m.end() :].strip())
                end = next_content_line(n) if alone else n
                out.append(Suppression("ignore", ids, n, col, n, end, text, unknown))
            elif kind == "ignore-file":
                out.append(Suppression("file", ids, n, col, 1, last, text, unknown))
            elif kind == "off":
                open_ranges.append((n, col, ids, unknown, text))
            else:  # on: close every open range it names (all of them when it names none)
                if unknown:  # kept for its note; an "on" that names only unknown ids closes nothing
                    out.append(Suppression("on", ids, n, col, n, n - 1, text, unknown))
                    if not ids:
                        continue
                still = []
                for start, scol, rids, runknown, rtext in open_ranges:
                    if not ids or set(rids) & set(ids) or not rids:
                        out.append(
                            Suppression("range", rids, start, scol, start, n, rtext, runknown)
                        )
                    else:
                        still.append((start, scol, rids, runknown, rtext))
                open_ranges = still
        if "<!--" not in line:
            t = _TRAILING.search(line)
            if t and not in_code(n, t.start(1) + 1):
                col = t.start(1) + 1
                ids, unknown = _ids(t.group(2), known_ids)
                out.append(Suppression("ignore", ids, n, col, n, n, t.group(0).strip(), unknown))
    for start, scol, rids, runknown, rtext in open_ranges:
        out.append(Suppression("range", rids, start, scol, start, last, rtext, runknown))
    out.sort(key=lambda s: (s.line, s.column))
    return tuple(out)


def _code_regions(raw: str, fmt: str) -> list[tuple[Position, Position]]:
    """Where code stands, as half-open [start, end) positions: comments there are examples."""
    if fmt == "html":
        return _html_code(raw, 1)
    if fmt != "markdown":
        return []
    from linkaudit.readers.frontmatter import split_front_matter

    _, body = split_front_matter(raw)  # the same lines, front matter blanked
    lines = body.split("\n")
    wanted = {n for n, line in enumerate(lines) if "linkaudit" in line.lower()}  # 0-based
    regions: list[tuple[Position, Position]] = []
    for tok in _block_parser().parse(body):
        if tok.map is None or tok.type not in ("fence", "code_block", "html_block", "inline"):
            continue
        first, end = tok.map
        if not any(first <= n < end for n in wanted):
            continue
        if tok.type in ("fence", "code_block"):
            regions.append(((first + 1, 1), (end + 1, 1)))
        elif tok.type == "html_block":
            regions.extend(_html_code("\n".join(lines[first:end]), first + 1))
        elif tok.type == "inline":
            regions.extend(_code_spans("\n".join(lines[first:end]), first + 1))
    return regions


@functools.lru_cache(maxsize=1)
def _block_parser() -> Any:
    """Markdown blocks only: where code blocks and paragraphs stand, without inline parsing."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).disable(["inline", "text_join"])


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _at(starts: list[int], offset: int, first_line: int) -> Position:
    import bisect

    i = bisect.bisect_right(starts, offset) - 1
    return (first_line + i, offset - starts[i] + 1)


def _html_code(text: str, first_line: int) -> list[tuple[Position, Position]]:
    """``<pre>``, ``<code>``, ``<script>``, ``<style>`` and ``<textarea>`` elements in ``text``."""
    starts = _line_starts(text)
    return [
        (_at(starts, m.start(), first_line), _at(starts, m.end(), first_line))
        for m in _HTML_CODE.finditer(text)
        if m.group(1)
    ]


def _code_spans(text: str, first_line: int) -> list[tuple[Position, Position]]:
    """Markdown code spans: a run of backticks up to the next run of the same length."""
    starts = _line_starts(text)
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    spans = []
    i = 0
    while i < len(runs):
        a, b = runs[i]
        if a > 0 and text[a - 1] == "\\":  # an escaped backtick opens nothing
            a += 1
            if a == b:
                i += 1
                continue
        close = next((j for j in range(i + 1, len(runs)) if runs[j][1] - runs[j][0] == b - a), None)
        if close is None:
            i += 1
            continue
        spans.append((_at(starts, a, first_line), _at(starts, runs[close][1], first_line)))
        i = close + 1
    return spans


def unknown_id_notes(
    source: str, suppressions: Sequence[Suppression], custom: tuple[CustomRule, ...] = ()
) -> list[str]:
    """One note per suppression that names ids no rule has, with a "did you mean"."""
    if not any(s.unknown for s in suppressions):
        return []
    from linkaudit.engine.packs import known_rule_ids, suggest

    known = known_rule_ids(custom)
    notes = []
    for s in suppressions:
        if not s.unknown:
            continue
        words = ", ".join(s.unknown)
        hint = suggest(s.unknown[0].upper(), known)
        effect = (
            ""
            if s.rules
            else (": it closes nothing" if s.kind == "on" else ": it silences nothing")
        )
        notes.append(
            f"{source}:{s.line}:{s.column}: suppression {s.text!r} names no known rule "
            f"({words}){hint}{effect}"
        )
    return notes


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
    unused = tuple(s for i, s in enumerate(suppressions) if i not in used and s.kind != "on")
    return SuppressionOutcome(tuple(kept), tuple(dropped), unused)
