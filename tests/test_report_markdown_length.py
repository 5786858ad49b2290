"""The Markdown report stays under GitHub's comment limit however long its findings are."""

from __future__ import annotations

import dataclasses

from linkaudit.model import AuditResult, InputError
from linkaudit.report import render
from linkaudit.report.markdown import MAX_CHARS, report_length
from linkaudit.report.markdown import render as render_markdown
from tests.report_fixtures import harbour_result, many_links_result

GITHUB_COMMENT_LIMIT = 65_536
ROW = ("| 🔴", "| 🟠", "| 🔵")


def _long_messages(count: int, length: int) -> AuditResult:
    d = harbour_result().documents[0]
    base = d.findings[0]
    findings = tuple(
        dataclasses.replace(base, message=f"{i}: " + "x" * length, line=i + 1) for i in range(count)
    )
    return AuditResult(documents=(dataclasses.replace(d, findings=findings),))


def test_long_messages_are_cut_by_length_with_a_count_of_the_rest() -> None:
    """Regression: 200 rows of long messages made a comment GitHub refuses (over 65,536)."""
    text = render("markdown", _long_messages(150, 2_000))
    assert report_length(text) <= MAX_CHARS < GITHUB_COMMENT_LIMIT
    shown = sum(1 for line in text.splitlines() if line.startswith(ROW))
    assert 0 < shown < 150
    assert f"…and {150 - shown} more findings not shown." in text


def test_one_huge_message_leaves_the_table_empty_but_counted() -> None:
    text = render("markdown", _long_messages(1, 100_000))
    assert report_length(text) <= MAX_CHARS
    assert "…and 1 more finding not shown." in text


def test_row_count_still_cuts_short_reports_and_small_ones_are_whole() -> None:
    result = many_links_result(5_000)  # 500 short findings
    text = render_markdown(result, max_rows=200)
    assert "…and 300 more findings not shown." in text
    assert report_length(text) <= MAX_CHARS
    whole = render("markdown", harbour_result())
    assert "not shown" not in whole


def test_unreadable_inputs_and_a_note_fit_too() -> None:
    errors = tuple(
        InputError(f"docs/{i:05d}-{'y' * 80}.md", "cannot read: x") for i in range(3_000)
    )
    result = dataclasses.replace(_long_messages(100, 500), errors=errors)
    text = render_markdown(result, note="n" * 2_000)
    assert report_length(text) <= MAX_CHARS
    assert "more unreadable inputs not shown." in text
    rows = sum(1 for line in text.splitlines() if line.startswith(ROW))
    assert 0 < rows < 100 and f"…and {100 - rows} more findings not shown." in text
    # GitHub counts UTF-16 code units: emoji and astral characters count twice
    assert report_length("🔴a") == 3
