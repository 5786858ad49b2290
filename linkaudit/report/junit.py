"""JUnit XML: one test case per document, one failure per finding.

GitLab and Jenkins show a test case's failures by message and read several ``<failure>``
elements in one case, so every finding stays visible next to the document it is about.
Input errors become an ``<error>`` case of their own so the run shows up as broken, not green.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from linkaudit.model import AuditResult, DocumentResult
from linkaudit.report.common import display_path

__all__ = ["render", "xml_text", "SUITE_NAME"]

SUITE_NAME = "linkaudit"

#: What XML 1.0 cannot hold: C0 controls but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF
#: (and DEL and C1 controls, which it can but a log viewer should not get).
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 can carry it: anything it cannot becomes U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _case(doc: DocumentResult) -> ET.Element:
    path = xml_text(display_path(doc.document.source))
    case = ET.Element("testcase", name=path, classname=f"{SUITE_NAME}.{doc.document.format}")
    case.set("file", path)
    for f in doc.findings:
        text = f"{path}:{f.line}:{f.column} {f.severity.value} {f.rule} {f.name}: {f.message}"
        if f.suggestion:
            text += f"\nsuggestion: {f.suggestion}"
        message = f"{f.severity.value} {f.rule} line {f.line}: {f.message}"
        ET.SubElement(case, "failure", type=f.rule, message=xml_text(message)).text = xml_text(text)
    return case


def render(result: AuditResult) -> str:
    suites = ET.Element("testsuites", name=SUITE_NAME)
    suite = ET.SubElement(suites, "testsuite", name=SUITE_NAME)
    failures = errors = 0
    for doc in result.documents:
        case = _case(doc)
        failures += len(case.findall("failure"))
        suite.append(case)
    for err in result.errors:
        source, message = xml_text(err.source), xml_text(err.message)
        case = ET.SubElement(suite, "testcase", name=source, classname=f"{SUITE_NAME}.input")
        ET.SubElement(
            case, "error", type="input-error", message=message
        ).text = f"{source}: {message}"
        errors += 1
    tests = len(result.documents) + len(result.errors)
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
