"""Links written as template tags in Markdown: Hugo's ``{{< ref "x" >}}`` / ``{{< relref >}}``
and Jekyll's ``{% link path %}`` / ``{% post_url 2019-01-01-name %}``.

A Markdown parser does not see them as links (a destination with spaces is no link), yet they
are the site's internal links, the ones that break when a page moves. They are found here,
outside code, with their source position, so that they are resolved and checked like any
relative link. Pure functions over the document's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["TemplateLink", "find_template_links", "parse_template"]

_HUGO = re.compile(
    r"\{\{[<%]-?\s*(?P<kind>relref|ref)\s+(?:path=)?[\"`](?P<target>[^\"`]+)[\"`][^{}]*?-?[>%]\}\}"
    r"(?P<frag>#[\w\-.:~%]*[\w\-~%])?"
)
_JEKYLL = re.compile(
    r"\{%-?\s*(?P<kind>link|post_url)\s+(?P<target>[^\s%]+)\s*-?%\}(?P<frag>#[\w\-.:~%]*[\w\-~%])?"
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RAW_OPEN = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_CLOSE = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)


@dataclass(frozen=True, slots=True)
class TemplateLink:
    """One template link: what it names, and where it stands."""

    text: str  # the tag as written (with a #fragment that follows it)
    kind: str  # ref | relref | link | post_url
    target: str  # the path or post name, without the fragment
    fragment: str | None
    line: int
    column: int


def parse_template(text: str) -> TemplateLink | None:
    """``text`` read as one template link (the form kept as a link's URL), or None."""
    for pattern in (_HUGO, _JEKYLL):
        m = pattern.fullmatch(text)
        if m:
            return _link(m, 1, 1)
    return None


def _link(m: re.Match[str], line: int, column: int) -> TemplateLink:
    target, _, inner = m.group("target").partition("#")
    frag = (m.group("frag") or "")[1:] or inner or None
    return TemplateLink(m.group(0), m.group("kind"), target.strip(), frag, line, column)


def _code_free_lines(raw: str) -> Iterator[tuple[int, str]]:
    """(line number, line) outside fenced code blocks and Liquid ``{% raw %}`` blocks, inline
    code spans blanked out: a tag shown as an example is not a link."""
    fence: str | None = None
    raw_block = False
    for number, line in enumerate(raw.splitlines(), 1):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if raw_block or _RAW_OPEN.search(line):
            raw_block = not _RAW_CLOSE.search(line)
            continue
        yield number, _CODE_SPAN.sub(lambda c: " " * len(c.group(0)), line)


def find_template_links(raw: str) -> tuple[TemplateLink, ...]:
    """Every Hugo ``ref``/``relref`` and Jekyll ``link``/``post_url`` tag outside code."""
    if "{{" not in raw and "{%" not in raw:
        return ()
    found = []
    for number, line in _code_free_lines(raw):
        if "{{" not in line and "{%" not in line:
            continue
        for pattern in (_HUGO, _JEKYLL):
            for m in pattern.finditer(line):
                found.append(_link(m, number, m.start() + 1))
    return tuple(sorted(found, key=lambda t: (t.line, t.column)))
