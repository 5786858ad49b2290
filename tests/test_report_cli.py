"""The CLI's side of reporting: every format registered, paired -o files, GitHub by default."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linkaudit.report import FORMATS
from tests.cli_util import scan_main

ARTICLE = "Background: https://t.me/somechannel/12 and https://example.org/a?utm_source=x\n"


@pytest.fixture()
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return path


def test_every_design_format_is_registered() -> None:
    assert set(FORMATS) == {"text", "json", "sarif", "junit", "github", "markdown", "html"}


def test_each_format_to_its_own_file(article: Path, capsys) -> None:
    args = ["scan", "--offline", "a.txt", "--format", "text"]
    for fmt in ("json", "sarif", "junit", "markdown", "html"):
        args += ["--format", fmt, "-o", f"out.{fmt}"]
    code, out, err = scan_main(args, capsys)
    assert code == 0, err
    assert "ARCH002" in out
    assert json.loads(Path("out.json").read_text())["summary"]["documents"] == 1
    assert json.loads(Path("out.sarif").read_text())["version"] == "2.1.0"
    ET.parse("out.junit")
    assert "| Severity |" in Path("out.markdown").read_text()
    assert Path("out.html").read_text().startswith("<!DOCTYPE html>")


def test_github_is_the_default_in_actions(article: Path, monkeypatch, capsys) -> None:
    summary = article.parent / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = scan_main(["scan", "--offline", "a.txt"], capsys)
    assert code == 0
    assert out.startswith("::warning file=a.txt,line=1,col=13,title=ARCH002 ephemeral-source::")
    assert "## linkaudit report" in summary.read_text()


def test_fail_on_warning_exits_1(article: Path, capsys) -> None:
    code, _, _ = scan_main(["scan", "--offline", "--fail-on", "warning", "-q", "a.txt"], capsys)
    assert code == 1
