"""The JSON Schema of the JSON report, shipped so that consumers and tests can validate it."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["report_schema", "SCHEMA_FILE"]

SCHEMA_FILE = "report.schema.json"


def report_schema() -> dict[str, Any]:
    """The schema as a dict, read from the installed package."""
    text = resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
