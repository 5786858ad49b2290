"""The reporters' data files (templates, schema) live inside the package where the wheel ships them.

Hatch's wheel builder ships every file under ``packages`` that is not git-ignored, so the check is:
inside ``linkaudit/``, loadable through importlib.resources, and not ignored by git.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = (
    "report/templates/report.html.j2",
    "report/templates/report.js",
    "report/schema/report.schema.json",
)


@pytest.mark.parametrize("name", DATA)
def test_loadable_from_the_package(name: str) -> None:
    assert resources.files("linkaudit").joinpath(name).is_file()


def test_wheel_config_ships_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["linkaudit"]
    assert "exclude" not in wheel and "only-include" not in wheel


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_not_git_ignored() -> None:
    paths = [f"linkaudit/{name}" for name in DATA]
    done = subprocess.run(
        ["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode == 128:
        pytest.skip(f"not a git checkout: {done.stderr.strip()}")
    assert done.stdout == ""  # check-ignore prints the ignored ones
