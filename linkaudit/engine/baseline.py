"""Baselines: adopt linkaudit on a repository with old findings without fixing the past first.

``--write-baseline FILE`` records every current finding by its fingerprint (rule, file relative
to the git root, else the config's folder, else the working directory (``api._relpath``),
normalised URL or subject, and occurrence number: never a line number, so
edits above a finding do not invalidate it). ``--baseline FILE`` then reports only findings
whose fingerprint is not recorded, counts those that are, and lists recorded entries no longer
found in the files scanned, so the file can be pruned by writing it again. An entry counts as
fixed only when its rule ran on it: a baseline written online, read by an ``--offline`` scan,
does not call the network findings fixed.

The occurrence number makes this count-based, like ESLint's bulk suppressions: two baselined
TIME001 findings on the same subject stay quiet, a third one is new.

File format (JSON, sorted, stable across runs so that it diffs well)::

    {"version": 1, "tool": "linkaudit",
     "findings": [{"fingerprint": "…", "rule": "LINK001", "file": "docs/a.md",
                   "url": "https://…" | null, "message": "…"}]}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from linkaudit.errors import ConfigError
from linkaudit.model import Finding
from linkaudit.settings import BASELINE_VERSION

__all__ = [
    "BaselineEntry",
    "Baseline",
    "BaselineOutcome",
    "read_baseline",
    "render_baseline",
    "apply_baseline",
]


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    fingerprint: str
    rule: str
    file: str
    url: str | None
    message: str


@dataclass(frozen=True, slots=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]

    def fingerprints(self) -> frozenset[str]:
        return frozenset(e.fingerprint for e in self.entries)


@dataclass(frozen=True, slots=True)
class BaselineOutcome:
    """What a baseline did to one scan."""

    new: tuple[Finding, ...]
    baselined: int
    fixed: tuple[BaselineEntry, ...]  # recorded, in a scanned file, and no longer found


def entries_for(findings: Iterable[tuple[str, Finding]]) -> tuple[BaselineEntry, ...]:
    """Entries for ``(relative file, finding)`` pairs, sorted for a stable file."""
    out = {
        f.fingerprint: BaselineEntry(f.fingerprint, f.rule, file, f.url, f.message)
        for file, f in findings
    }
    return tuple(sorted(out.values(), key=lambda e: (e.file, e.rule, e.url or "", e.fingerprint)))


def render_baseline(entries: Sequence[BaselineEntry]) -> str:
    data = {
        "version": BASELINE_VERSION,
        "tool": "linkaudit",
        "findings": [
            {
                "fingerprint": e.fingerprint,
                "rule": e.rule,
                "file": e.file,
                "url": e.url,
                "message": e.message,
            }
            for e in entries
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def read_baseline(path: Path) -> Baseline:
    """Read a baseline file; anything unusable is a ConfigError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: baseline file not found (write one with --write-baseline)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: baseline is not valid JSON: {exc}") from None
    if not isinstance(data, Mapping) or data.get("version") != BASELINE_VERSION:
        raise ConfigError(f"{path}: not a linkaudit baseline of version {BASELINE_VERSION}")
    items = data.get("findings")
    if not isinstance(items, list):
        raise ConfigError(f"{path}: baseline has no 'findings' list")
    entries = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("fingerprint"), str):
            raise ConfigError(f"{path}: findings[{i}] has no fingerprint")
        entries.append(
            BaselineEntry(
                fingerprint=item["fingerprint"],
                rule=str(item.get("rule", "")),
                file=str(item.get("file", "")),
                url=item.get("url") if isinstance(item.get("url"), str) else None,
                message=str(item.get("message", "")),
            )
        )
    return Baseline(tuple(entries))


def apply_baseline(
    baseline: Baseline,
    findings: Sequence[Finding],
    scanned_files: Iterable[str],
    ran: Callable[[BaselineEntry], bool] | None = None,
) -> BaselineOutcome:
    """Keep only findings the baseline does not record; list recorded entries now gone.

    ``ran`` says whether an entry's rule ran where the entry stands (None: every rule ran); an
    entry whose rule did not run cannot be called fixed.
    """
    recorded = baseline.fingerprints()
    new = tuple(f for f in findings if f.fingerprint not in recorded)
    present = {f.fingerprint for f in findings}
    scanned = set(scanned_files)
    fixed = tuple(
        e
        for e in baseline.entries
        if e.fingerprint not in present and e.file in scanned and (ran is None or ran(e))
    )
    return BaselineOutcome(new, len(findings) - len(new), fixed)
