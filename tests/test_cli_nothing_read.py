"""A scan that reads no document at all says what it skipped and why, and exits 2 (as a linter
does when a path matches no file); a scan that read one document is unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from linkaudit.inputs import describe_skipped, expand_inputs


def _tree(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src" / "tool.py").write_text("print('https://example.org/a')\n")
    (root / "data.json").write_text("{}\n")
    (root / "notes.py").write_text("")
    (root / "build.log").write_text("")
    (root / "out").mkdir()
    (root / "out" / "page.html").write_text("<p>x</p>")
    (root / ".gitignore").write_text("*.log\nout/\n")
    return root


def test_describe_skipped_counts_by_reason(tmp_path: Path) -> None:
    walk = expand_inputs([str(_tree(tmp_path))])
    assert walk.inputs == []
    assert walk.skipped == 3  # the summary's count is unchanged: files skipped for what they are
    assert describe_skipped(walk) == (
        "6 files and folders skipped: 3 with an extension not read (.py .json; add --include "
        "GLOB to read them), 2 ignored by .gitignore, 1 hidden (a name starting with a dot)"
    )


def test_describe_skipped_of_a_clean_walk_is_empty(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    assert describe_skipped(expand_inputs([str(tmp_path)])) == ""


def test_an_empty_folder_is_an_input_error(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("scan", "--offline", str(tmp_path))
    assert code == 2
    assert err == f"linkaudit: error: {tmp_path}: no document to read (no file found)\n"
    assert "Checked 0 documents" in out


def test_a_folder_with_no_article_says_what_was_skipped(run_cli, tmp_path: Path) -> None:
    _tree(tmp_path)
    code, out, err = run_cli("scan", "--offline", "--format", "json", str(tmp_path))
    assert code == 2
    assert err.count("\n") == 1
    assert "no document to read: 6 files and folders skipped: 3 with an extension" in err
    assert "(.py .json; add --include GLOB" in err
    report = json.loads(out)
    assert report["summary"]["documents"] == 0
    assert report["errors"][0]["message"].startswith("no document to read:")


def test_include_then_reads_them(run_cli, tmp_path: Path) -> None:
    _tree(tmp_path)
    code, _, err = run_cli("scan", "--offline", "--include", "*.py", str(tmp_path))
    assert code == 0, err
    assert err == ""


def test_one_document_read_keeps_todays_behaviour(run_cli, tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "article.md").write_text("Plain words.\n")
    code, out, err = run_cli("scan", "--offline", str(tmp_path))
    assert (code, err) == (0, "")
    assert "Checked 1 document" in out and "3 files skipped" in out


def test_only_excluded_files_and_a_missing_path(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x\n")
    code, _, err = run_cli("scan", "--offline", "--exclude", "*.md", str(tmp_path))
    assert code == 2
    assert "1 file skipped: 1 matched by --exclude" in err
    # a missing path is its own error; no second one about reading nothing
    code, _, err = run_cli("scan", "--offline", str(tmp_path / "nope"))
    assert code == 2 and err.count("\n") == 1 and "no such file" in err
