"""README tells users what changed in the first hour's fixes, and its quick start stays two
commands."""

from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    assert len([line for line in block.group(1).splitlines() if line.strip()]) == 2


def test_readme_says_what_changed_for_users() -> None:
    assert "| 130 | interrupted (Ctrl-C)" in README
    assert "linkaudit: interrupted" in README
    assert "sniffed" in README and "format_source" in README
    assert "linkaudit links docs/" in README and "path:line:col: kind URL" in README
    assert "nothing at all to read" in README and "exits 2" in README
    assert "allow-private = true" in README
