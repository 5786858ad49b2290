"""YAML front matter at the top of a Markdown file (``---`` ... ``---``)."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["split_front_matter"]

_FRONT = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL
)


def split_front_matter(raw: str) -> tuple[dict[str, Any] | None, str]:
    """The front matter as a dict (None if absent or not a mapping) and the body.

    The body keeps the front matter's lines as empty lines, so line numbers stay those of the
    file. Invalid YAML is treated as no front matter rather than an error: it is the article's
    text that matters.
    """
    m = _FRONT.match(raw)
    if not m:
        return None, raw
    import yaml

    try:
        data = yaml.safe_load(m.group(1) or "")
    except yaml.YAMLError:
        data = None
    blank = "\n" * m.group(0).count("\n")
    return (data if isinstance(data, dict) else None), blank + raw[m.end() :]
