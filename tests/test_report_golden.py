"""Golden files for the human formats: text and Markdown."""

from __future__ import annotations

from linkaudit.report import render
from linkaudit.report.markdown import escape_cell
from tests.golden_util import assert_golden
from tests.report_fixtures import harbour_result


def test_text_golden() -> None:
    assert_golden("harbour.txt", render("text", harbour_result()))


def test_markdown_golden() -> None:
    assert_golden("harbour.md", render("markdown", harbour_result()))


def test_markdown_cells_cannot_break_the_table_or_inject_html() -> None:
    cell = escape_cell("a | b\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>")
    assert "\n" not in cell
    assert "<" not in cell and ">" not in cell
    assert "|" not in cell.replace("\\|", "")
    assert "\\[x\\]" in cell


def test_json_golden() -> None:
    """Both JSON writers against files made before the compact one was written separately."""
    from linkaudit.report.json import render as render_json

    assert_golden("harbour.json", render_json(harbour_result(), pretty=True))
    assert_golden("harbour.compact.json", render_json(harbour_result(), pretty=False))
