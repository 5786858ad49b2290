"""``scan --changed-since REF``: only files changed since the ref, a clear error outside git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli_util import scan_main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ARTICLE = "A piece citing https://example.org/{name} for its claims.\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.md", "b.md", "old.md"):
        (docs / name).write_text(ARTICLE.format(name=name), encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "base")
    (docs / "b.md").write_text(ARTICLE.format(name="b-edited"), encoding="utf-8")
    (docs / "new.txt").write_text(ARTICLE.format(name="new"), encoding="utf-8")
    (docs / "notes.bin").write_text("not an article", encoding="utf-8")
    (docs / "old.md").unlink()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_only_changed_and_untracked_articles(repo: Path, capsys) -> None:
    code, out, err = scan_main(
        ["scan", "--offline", "--changed-since", "HEAD", "--format", "json", "docs"], capsys
    )
    assert code == 0, err
    sources = [Path(d["source"]).name for d in json.loads(out)["documents"]]
    assert sources == ["b.md", "new.txt"]


def test_nothing_changed_scans_nothing(repo: Path, capsys) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "more")
    code, out, _ = scan_main(
        ["scan", "--offline", "--changed-since", "HEAD", "--format", "json", "docs"], capsys
    )
    assert code == 0
    assert json.loads(out)["documents"] == []


def test_unknown_ref_is_a_usage_error(repo: Path, capsys) -> None:
    code, _, err = scan_main(
        ["scan", "--offline", "--changed-since", "no-such-ref", "docs"], capsys
    )
    assert code == 2
    assert err.startswith("linkaudit: error: --changed-since") and err.count("\n") == 1


def test_option_like_ref_is_refused(repo: Path, capsys) -> None:
    code, _, err = scan_main(["scan", "--offline", "--changed-since", "--output=x", "docs"], capsys)
    assert code == 2 and "git ref" in err


def test_outside_a_repository(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "a.md").write_text(ARTICLE.format(name="a"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = scan_main(["scan", "--offline", "--changed-since", "HEAD", "a.md"], capsys)
    assert code == 2
    assert (
        err
        == f"linkaudit: error: --changed-since needs a git repository: {tmp_path.resolve()} is not in one\n"
    )
