"""Which files changed since a git ref: the input filter behind ``scan --changed-since REF``.

On a large repository a pull request touches a handful of articles; scanning only those keeps CI
fast. The walk still decides what is an article (extensions, .gitignore); this only narrows it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from linkaudit.errors import UsageError

__all__ = ["changed_files", "GIT_TIMEOUT_S"]

GIT_TIMEOUT_S = 60


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"--changed-since: git did not answer within {GIT_TIMEOUT_S}s") from None
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["git failed"])[0]
        if "not a git repository" in done.stderr:
            raise UsageError(f"--changed-since needs a git repository: {cwd} is not in one")
        raise UsageError(f"--changed-since: {first}")
    return done.stdout


def changed_files(ref: str, cwd: Path | None = None) -> frozenset[Path]:
    """Absolute paths of files added, copied, modified or renamed since ``ref``, and untracked
    files, as the working tree has them now (deleted files cannot be scanned)."""
    if not ref or ref.startswith("-"):
        raise UsageError(f"--changed-since takes a git ref, not {ref!r}")
    here = (cwd or Path.cwd()).resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], here).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    diff = _git(["diff", "--name-only", "-z", "--diff-filter=ACMR", ref, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    names = [n for n in (diff + untracked).split("\0") if n]
    return frozenset((top / n).resolve() for n in names)
