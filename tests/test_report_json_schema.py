"""The JSON report validates against the schema shipped in the package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from linkaudit.report import render
from linkaudit.report.schema import report_schema
from tests.report_fixtures import harbour_result, many_links_result

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "karabakh-2023.txt"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("build", [harbour_result, many_links_result])
def test_fixture_reports_validate(validator: jsonschema.Draft202012Validator, build) -> None:
    validator.validate(json.loads(render("json", build())))


def test_schema_rejects_a_broken_report(validator: jsonschema.Draft202012Validator) -> None:
    report = json.loads(render("json", harbour_result()))
    report["documents"][0]["findings"][0]["severity"] = "fatal"
    assert not validator.is_valid(report)


def test_real_scan_validates(validator: jsonschema.Draft202012Validator) -> None:
    if not EXAMPLE.is_file():
        pytest.skip(f"example article not found at {EXAMPLE}")
    out = subprocess.run(
        [sys.executable, "-m", "linkaudit", "scan", "--offline", "--format", "json", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr
    validator.validate(json.loads(out.stdout))
