"""Running the console entry point in-process, as a user's shell would, for CLI tests."""

from __future__ import annotations

import pytest

from linkaudit.cli import main


def scan_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``main(args)``: its exit code (it always exits), standard output and standard error."""
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    out = capsys.readouterr()
    return int(exit_info.value.code or 0), out.out, out.err
