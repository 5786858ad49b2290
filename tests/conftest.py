"""Shared fixtures: the defining example (read from ../shared when present) and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
KARABAKH = SHARED / "examples" / "karabakh-2023.txt"


@pytest.fixture
def karabakh() -> Path:
    if not KARABAKH.is_file():
        pytest.skip("../shared/examples/karabakh-2023.txt is not present beside the project")
    return KARABAKH


@pytest.fixture
def run_cli():
    """Run the CLI in-process and return (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from linkaudit.cli import cli

    def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
        runner = CliRunner()
        result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run
