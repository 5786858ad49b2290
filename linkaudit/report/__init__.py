"""Reporters: each renders a whole `AuditResult` in one format.

`linkaudit.report.stream` writes the same formats (and JSON Lines) document by document, for
runs too large to hold; `render` stays the whole-result writer the streamed bytes must equal.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from linkaudit.model import AuditResult

__all__ = ["FORMATS", "render"]

#: format name -> module that has ``render(result, **options) -> str``
FORMATS: dict[str, str] = {
    "text": "linkaudit.report.text",
    "json": "linkaudit.report.json",
    "sarif": "linkaudit.report.sarif",
    "junit": "linkaudit.report.junit",
    "github": "linkaudit.report.github",
    "markdown": "linkaudit.report.markdown",
    "html": "linkaudit.report.html",
}


def render(fmt: str, result: AuditResult, **options: Any) -> str:
    module = importlib.import_module(FORMATS[fmt])
    fn: Callable[..., str] = module.render
    if fmt in ("text", "json"):
        return fn(result, **options)
    return fn(result)
