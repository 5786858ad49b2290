"""The GitHub Action and the pre-commit hooks: well-formed, and the action's scan script runs."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_a_composite_with_the_inputs(action: dict) -> None:
    assert action["runs"]["using"] == "composite"
    assert {"paths", "format", "fail-on", "args", "sarif"} <= set(action["inputs"])
    uses = [s.get("uses", "") for s in action["runs"]["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("actions/cache@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    install = next(s for s in action["runs"]["steps"] if s.get("name") == "Install linkaudit")
    assert "github.action_path" in install["env"]["ACTION_PATH"]


def test_action_never_pastes_inputs_into_scripts(action: dict) -> None:
    for step in action["runs"]["steps"]:
        assert "${{ inputs." not in step.get("run", ""), step["name"]


def _scan_step(action: dict) -> str:
    return next(s for s in action["runs"]["steps"] if s.get("id") == "scan")["run"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_scan_script_runs_and_reports_the_exit_code(action: dict, tmp_path: Path) -> None:
    shim_dir = tmp_path / "bin"
    shim_dir.mkdir()
    shim = shim_dir / "linkaudit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m linkaudit "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "my-docs").mkdir()
    (tmp_path / "my-docs" / "a.md").write_text(
        "See https://t.me/channel/1 for the statement.\n", encoding="utf-8"
    )
    output = tmp_path / "github_output"
    env = {
        **os.environ,
        "PATH": f"{shim_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "GITHUB_OUTPUT": str(output),
        "INPUT_PATHS": "my-docs",
        "INPUT_FORMAT": "github",
        "INPUT_FAIL_ON": "warning",
        "INPUT_ARGS": "--offline",
        "INPUT_SARIF": "true",
        "INPUT_SARIF_FILE": "out.sarif",
    }
    done = subprocess.run(
        ["bash", "-e", "-c", _scan_step(action)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "::warning file=my-docs/a.md,line=1,col=5,title=ARCH002" in done.stdout
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outputs == {"sarif-file": "out.sarif", "exit-code": "1"}
    assert (tmp_path / "out.sarif").is_file()


def test_pre_commit_hooks_are_offline_by_default() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert "--offline" in by_id["linkaudit"]["entry"].split()
    assert "stages" not in by_id["linkaudit"]
    assert by_id["linkaudit-online"]["stages"] == ["manual"]
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["entry"].split()[:2] == ["linkaudit", "scan"]
