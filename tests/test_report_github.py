"""GitHub workflow commands: escaping, severity order, the ten-per-level cap, the step summary."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from linkaudit.model import AuditResult, DocumentResult, Severity
from linkaudit.report import github
from linkaudit.report.github import escape_data, escape_property
from tests.report_fixtures import harbour_result, many_links_result


def test_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_commands_most_severe_first(tmp_path: Path) -> None:
    out = github.render(harbour_result(), step_summary="").splitlines()
    commands = [line for line in out if line.startswith("::")]
    assert commands[0] == (
        "::error title=linkaudit input::examples/missing.md: cannot read: No such file or directory"
    )
    assert commands[1].startswith(
        "::error file=examples/harbour.txt,line=7,col=13,title=TIME001 source-after-article::"
    )
    levels = [c[2:].split(" ", 1)[0] for c in commands]
    assert levels == ["error", "error", "warning", "warning", "warning", "notice"]
    redirected = next(c for c in commands if "LINK004" in c)
    assert "%0Asuggestion: https://www.example.net/story/7" in redirected


def test_property_values_are_escaped() -> None:
    result = harbour_result()
    doc = result.documents[0]
    renamed = dataclasses.replace(doc.document, source="docs/a,b:c.md")
    changed = AuditResult(documents=(dataclasses.replace(doc, document=renamed),))
    line = next(c for c in github.render(changed, step_summary="").splitlines() if "TIME001" in c)
    assert "file=docs/a%2Cb%3Ac.md," in line


def test_cap_of_ten_per_level_and_summary(tmp_path: Path) -> None:
    result = many_links_result(500)
    findings = result.documents[0].findings
    counts = {s: sum(f.severity is s for f in findings) for s in Severity}
    assert counts[Severity.ERROR] > 10 and counts[Severity.WARNING] > 10
    summary = tmp_path / "summary.md"
    out = github.render(result, step_summary=str(summary)).splitlines()
    assert sum(line.startswith("::error ") for line in out) == 10
    assert sum(line.startswith("::warning ") for line in out) == 10
    text = summary.read_text(encoding="utf-8")
    assert f"{counts[Severity.ERROR] - 10} error annotations" in text
    assert f"{counts[Severity.WARNING] - 10} warning annotations" in text
    assert "| Severity | Rule | Location | Message |" in text


def test_env_var_selects_the_summary_file(tmp_path: Path, monkeypatch) -> None:
    summary = tmp_path / "step.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    github.render(harbour_result())
    assert "## linkaudit report" in summary.read_text(encoding="utf-8")


def test_no_summary_without_env(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    empty = AuditResult(
        documents=(DocumentResult(harbour_result().documents[1].document, (), (), None, ()),)
    )
    out = github.render(empty)
    assert out.strip() == "Checked 1 document, 0 unique URLs, 0 errors, 0 warnings, 0 info."
    assert list(tmp_path.iterdir()) == []
