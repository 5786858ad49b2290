"""Control characters from hostile pages never reach a terminal or a report file raw."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from linkaudit.engine.registry import Issue, Rule
from linkaudit.engine.runner import ActiveRule, make_findings
from linkaudit.model import AuditResult, InputError, Severity, safe_text
from linkaudit.report import render
from linkaudit.report.junit import xml_text
from tests.engine_helpers import context, doc
from tests.report_fixtures import harbour_result

#: An OSC that sets the terminal title, a colour change, a C1 CSI, DEL, NUL and \x01.
HOSTILE = "Title\x1b]0;pwned\x07 \x1b[31mred\x1b[0m \x9b2J \x7f\x00\x01 end"


def _findings_from(message: str, suggestion: str | None) -> tuple:
    def check(ctx):  # type: ignore[no-untyped-def]
        yield Issue(message=message, line=1, column=1, suggestion=suggestion, subject="s")

    rule = Rule("TEST001", "hostile", Severity.WARNING, "x", check, "TEST")
    active = [ActiveRule(rule, Severity.WARNING, {})]
    return make_findings(active, context(doc("x\n")), source="a.md", relpath="a.md")


def test_findings_are_made_safe_where_they_are_made() -> None:
    (f,) = _findings_from(f"the page title is {HOSTILE}", f"cite {HOSTILE}\tinstead\n")
    for text in (f.message, f.suggestion or ""):
        assert not any(c in text for c in "\x1b\x07\x9b\x7f\x00\x01")
        assert "\ufffd]0;pwned" in text and text.endswith(("end", "end\tinstead\n"))
    assert f.suggestion is not None and "\tinstead\n" in f.suggestion  # tab, LF kept
    assert safe_text("a\tb\r\nc") == "a\tb\r\nc"
    # The fingerprint is made from the text as found, so baselines are unchanged.
    (g,) = _findings_from("plain", None)
    assert g.suggestion is None and f.fingerprint == g.fingerprint  # same subject


def _hostile_result() -> AuditResult:
    base = harbour_result()
    d = base.documents[0]
    (f,) = _findings_from(f"the page title is {HOSTILE}", None)
    f = dataclasses.replace(f, source=d.findings[0].source)
    return dataclasses.replace(
        base,
        documents=(dataclasses.replace(d, findings=(f,)),),
        errors=(InputError("bad\x01name.md", "cannot read \x1b[2J"),),
        notes=(f"note with {HOSTILE}",),
    )


def test_text_report_prints_no_escape_sequences() -> None:
    """Regression: a page title's ESC/OSC sequences went to the terminal raw."""
    for color in (False, True):
        out = render("text", _hostile_result(), color=color)
        assert "]0;pwned" in out  # the words stay, made harmless
        assert "\x1b]" not in out and "\x9b" not in out and "\x07" not in out
        assert "\x00" not in out and "\x01" not in out and "\x7f" not in out
        if not color:
            assert "\x1b" not in out


def test_junit_is_valid_xml_with_control_characters() -> None:
    """Regression: a \\x01 in a message made the JUnit file invalid XML."""
    text = render("junit", _hostile_result())
    root = ET.fromstring(text)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and "pwned" in (failure.get("message") or "")
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("message") == "cannot read \ufffd[2J"
    # Findings made elsewhere (a plug-in, a test) are made safe by junit itself too.
    d = harbour_result().documents[0]
    raw = dataclasses.replace(d.findings[0], message="a\x01b\ud800c\uffff")
    result = AuditResult(documents=(dataclasses.replace(d, findings=(raw,)),))
    ET.fromstring(render("junit", result))
    assert xml_text("a\x01b\ud800c\uffff\t\n") == "a\ufffdb\ufffdc\ufffd\t\n"


def test_evidence_is_made_safe_however_deep() -> None:
    def check(ctx):  # type: ignore[no-untyped-def]
        yield Issue(
            message="m",
            line=1,
            column=1,
            subject="s",
            evidence={
                "title": HOSTILE,
                "pages": [{"title": HOSTILE, "n": 3}],
                "pair": (HOSTILE, 1),
            },
        )

    rule = Rule("TEST002", "hostile evidence", Severity.WARNING, "x", check, "TEST")
    (f,) = make_findings(
        [ActiveRule(rule, Severity.WARNING, {})], context(doc("x\n")), source="a.md", relpath="a.md"
    )
    clean = safe_text(HOSTILE)
    assert f.evidence == {"title": clean, "pages": [{"title": clean, "n": 3}], "pair": (clean, 1)}
