"""SARIF output: valid against the official 2.1.0 schema and shaped as GitHub code scanning needs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from linkaudit.engine.registry import all_rules
from linkaudit.report import render
from linkaudit.report.sarif import to_sarif
from tests.report_fixtures import FINDINGS, MOVED_FINAL, harbour_result

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"
SARIF_SCHEMA = SCHEMAS / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def sarif() -> dict:
    return json.loads(render("sarif", harbour_result()))


def test_valid_against_official_schema(sarif: dict) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"official SARIF schema not found at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(sarif, schema, cls=jsonschema.Draft7Validator)


def test_driver_has_the_full_rule_catalog(sarif: dict) -> None:
    driver = sarif["runs"][0]["tool"]["driver"]
    rules = all_rules()
    catalog = driver["rules"][: len(rules)]
    assert [r["id"] for r in catalog] == [r.id for r in rules]
    expected_level = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, rule in zip(catalog, rules, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"] == rule.doc
        assert descriptor["defaultConfiguration"]["level"] == expected_level[rule.severity.value]


def test_rules_outside_the_catalog_get_a_descriptor(sarif: dict) -> None:
    driver = sarif["runs"][0]["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    assert {f.rule for f in FINDINGS} <= set(ids)


def test_results_point_at_rules_and_places(sarif: dict) -> None:
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(FINDINGS)
    for res, finding in zip(results, FINDINGS, strict=True):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == finding.rule
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "examples/harbour.txt", "uriBaseId": "%SRCROOT%"}
        assert loc["region"] == {"startLine": finding.line, "startColumn": finding.column}
        assert res["partialFingerprints"]["linkaudit/v1"] == finding.fingerprint
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {
        "TIME001": "error",
        "ARCH002": "warning",
        "LINK008": "note",
        "LINK004": "warning",
        "META005": "warning",
    }


def test_replacement_url_becomes_a_fix(sarif: dict) -> None:
    results = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    fix = results["LINK004"]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["insertedContent"]["text"] == MOVED_FINAL
    assert fix["deletedRegion"]["startLine"] == 10
    assert "fixes" not in results["TIME001"]


def test_input_errors_are_tool_notifications(sarif: dict) -> None:
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert texts == ["examples/missing.md: cannot read: No such file or directory"]


def test_absolute_paths_outside_the_root_are_file_uris(tmp_path: Path) -> None:
    result = harbour_result()
    sarif = to_sarif(result, root=tmp_path)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].startswith("file://") and "uriBaseId" not in uri


def _one_finding_result(source: str, fmt: str, raw: str, url: str, line: int, column: int):  # type: ignore[no-untyped-def]
    import dataclasses

    from linkaudit.model import AuditResult, Document, DocumentResult, TextMap

    base = harbour_result().documents[0]
    link004 = next(f for f in base.findings if f.rule == "LINK004")
    finding = dataclasses.replace(
        link004,
        source=source,
        url=url,
        line=line,
        column=column,
        suggestion="https://new.example/s",
    )
    doc = DocumentResult(Document(source, fmt, raw, TextMap.of(raw), ()), (), (), None, (finding,))
    return AuditResult(documents=(doc,))


def test_no_fix_when_the_source_does_not_hold_the_url_as_written() -> None:
    """Regression: an entity-encoded href (&amp;) got a replacement of len(url) code points at
    its position, which cut the source in the wrong place."""
    url = "https://old.example/s?a=1&utm_source=x"
    raw = f'<p>See <a href="{url.replace("&", "&amp;")}">it</a></p>\n'
    column = raw.index("https://") + 1
    sarif = to_sarif(_one_finding_result("a.html", "html", raw, url, 1, column))
    (res,) = sarif["runs"][0]["results"]
    assert "fixes" not in res
    # the same href written plainly gets its fix, over exactly the URL
    raw = f'<p>See <a href="{url}">it</a></p>\n'
    sarif = to_sarif(_one_finding_result("a.html", "html", raw, url, 1, column))
    (res,) = sarif["runs"][0]["results"]
    region = res["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    line = raw.split("\n")[0]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == url
    # a position past the end of the document gives no fix either
    sarif = to_sarif(_one_finding_result("a.html", "html", raw, url, 5, 1))
    assert "fixes" not in sarif["runs"][0]["results"][0]


def test_stdin_has_no_srcroot_base() -> None:
    url = "https://old.example/s"
    sarif = to_sarif(_one_finding_result("-", "text", f"See {url}\n", url, 1, 5))
    (res,) = sarif["runs"][0]["results"]
    location = res["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "stdin"}
    assert res["fixes"][0]["artifactChanges"][0]["artifactLocation"] == {"uri": "stdin"}
    if SARIF_SCHEMA.is_file():
        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.validate(sarif, schema, cls=jsonschema.Draft7Validator)
