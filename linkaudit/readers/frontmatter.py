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
    data = _load_yaml(m.group(1) or "")
    blank = "\n" * m.group(0).count("\n")
    return (data if isinstance(data, dict) else None), blank + raw[m.end() :]


def _load_yaml(text: str) -> Any:
    """``yaml.safe_load`` through libyaml's parser when PyYAML has it (the pure-Python one was
    a quarter of reading a Hugo site's pages); the constructors are the same, so are the values.
    What libyaml refuses is read again by the Python parser, so a front matter either accepts is
    read as before."""
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)  # noqa: S506 - the safe loader, in C
        except yaml.YAMLError:
            pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None
