"""Walking directories: extensions, .gitignore, hidden folders, loops, special files, globs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linkaudit.inputs import expand_inputs


def names(result) -> list[str]:
    return [Path(i.source).name for i in result.inputs]


def test_walk_reads_known_extensions_sorted_and_counts_the_rest(tmp_path: Path) -> None:
    for name in ["b.md", "a.txt", "c.html", "d.htm", "e.mdx", "f.markdown", "g.py", "h.png"]:
        (tmp_path / name).write_text("x")
    result = expand_inputs([str(tmp_path)])
    assert names(result) == ["a.txt", "b.md", "c.html", "d.htm", "e.mdx", "f.markdown"]
    assert result.skipped == 2


def test_gitignore_and_hidden_folders(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("build/\n*.draft.md\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "x.md").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "y.md").write_text("x")
    (tmp_path / "a.draft.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ok.md").write_text("x")
    (tmp_path / "sub" / ".gitignore").write_text("local.md\n")
    (tmp_path / "sub" / "local.md").write_text("x")
    assert names(expand_inputs([str(tmp_path)])) == ["ok.md"]


def test_symlink_loop_and_fifo_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.md").write_text("x")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "d" / "pipe.md")
    result = expand_inputs([str(tmp_path)])
    assert names(result) == ["a.md"]


def test_fifo_named_explicitly_is_an_error_not_a_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = expand_inputs([str(fifo)])
    assert result.inputs == [] and "FIFO" in result.errors[0][1]


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    (tmp_path / "a.rst").write_text("x")
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "c.md").write_text("x")
    result = expand_inputs([str(tmp_path)], include=["*.rst"], exclude=["skip"])
    assert names(result) == ["a.rst", "b.md"]


def test_explicit_file_any_extension(tmp_path: Path) -> None:
    f = tmp_path / "notes.rst"
    f.write_text("x")
    result = expand_inputs([str(f)])
    assert names(result) == ["notes.rst"] and result.inputs[0].explicit
