"""JUnit XML: parses, one test case per document, one failure per finding, errors counted."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from linkaudit.model import AuditResult
from linkaudit.report import render
from tests.report_fixtures import FINDINGS, HOSTILE_TITLE, harbour_result


def test_structure() -> None:
    root = ET.fromstring(render("junit", harbour_result()))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "examples/harbour.txt",
        "examples/empty.md",
        "examples/missing.md",
    ]
    failures = cases[0].findall("failure")
    assert [f.get("type") for f in failures] == [f.rule for f in FINDINGS]
    time001 = next(f for f in failures if f.get("type") == "TIME001")
    assert "TIME001" in (time001.get("message") or "")
    assert (time001.text or "").startswith("examples/harbour.txt:7:13 error TIME001")
    assert cases[1].findall("failure") == []
    assert cases[2].find("error") is not None
    assert suite.get("tests") == "3"
    assert suite.get("failures") == str(len(FINDINGS))
    assert suite.get("errors") == "1"


def test_hostile_text_stays_text() -> None:
    doc = harbour_result().documents[0]
    hostile = dataclasses.replace(doc.findings[0], message=HOSTILE_TITLE)
    changed = AuditResult(documents=(dataclasses.replace(doc, findings=(hostile,)),))
    root = ET.fromstring(render("junit", changed))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and HOSTILE_TITLE in (failure.get("message") or "")
