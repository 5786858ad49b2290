"""Each missing #fragment is its own LINK010 finding; other rules stay once per URL.

A contents list or a paragraph often links several sections of one page; when the page was
reorganised, every one of those links is broken and each needs its own fix. LINK010's findings
are therefore keyed by URL and fragment, while every other rule keeps one finding per distinct
URL per document, with the fingerprints it always had.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from linkaudit.api import ScanOptions, audit
from linkaudit.engine.runner import fingerprint


def _scan(tmp_path: Path, text: str) -> list[tuple[str, str, str]]:
    (tmp_path / "ref").mkdir()
    (tmp_path / "ref" / "pump.md").write_text("# Pump\n\n## Priming\n", encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text(text, encoding="utf-8")
    result = audit(
        [str(tmp_path)],
        ScanOptions(offline=True, select=("LINK001", "LINK010"), today=dt.date(2026, 1, 1)),
    )
    return sorted(
        (f.rule, f.url or "", f.fingerprint) for d in result.documents for f in d.findings
    )


def test_every_missing_fragment_of_one_page_is_reported(tmp_path: Path) -> None:
    text = (
        "See [a](ref/pump.md#flow), [b](ref/pump.md#pressure), [c](ref/pump.md#priming),\n"
        "[a again](ref/pump.md#flow), [gone](ref/gone.md#x) and [gone too](ref/gone.md#y).\n"
    )
    got = _scan(tmp_path, text)
    assert [(r, u) for r, u, _ in got] == [
        ("LINK001", "ref/gone.md#x"),
        ("LINK010", "ref/pump.md#flow"),
        ("LINK010", "ref/pump.md#pressure"),
    ]
    prints = {u: fp for _, u, fp in got}
    # LINK010: keyed by the URL and its fragment
    assert prints["ref/pump.md#flow"] == fingerprint("LINK010", "doc.md", "ref/pump.md#flow", 0)
    assert prints["ref/pump.md#pressure"] == fingerprint(
        "LINK010", "doc.md", "ref/pump.md#pressure", 0
    )
    # LINK001: once per URL (the fragment is not part of a missing file), its fingerprint as ever
    assert prints["ref/gone.md#x"] == fingerprint("LINK001", "doc.md", "ref/gone.md", 0)
