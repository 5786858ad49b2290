"""The JSON Schema of the JSON report, shipped so that consumers and tests can validate it.

The lines of a JSON Lines report (``--format jsonl``) are defined in the same file
(``$defs/line``), so that a document line and a documents entry cannot drift apart.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["jsonl_line_schema", "report_schema", "SCHEMA_FILE"]

SCHEMA_FILE = "report.schema.json"
LINE_SCHEMA_ID = "https://linkaudit.invalid/schema/report-line-1.json"


def report_schema() -> dict[str, Any]:
    """The schema as a dict, read from the installed package."""
    text = resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def jsonl_line_schema() -> dict[str, Any]:
    """The schema of one line of a JSON Lines report: the report schema, rooted at its line.

    The root keeps the report's ``properties`` (the lines refer to them) but requires none of
    them: a line is checked by ``$defs/line``."""
    schema = report_schema()
    return {
        **schema,
        "$id": LINE_SCHEMA_ID,
        "title": "linkaudit JSON Lines report: one line",
        "description": "One line of `linkaudit scan --format jsonl`: a run, document or summary.",
        "required": [],
        "type": "object",
        "$ref": "#/$defs/line",
    }
