"""Baselines: write, read, report only new findings, and list fixed ones for pruning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkaudit.api import ScanOptions, audit
from linkaudit.engine.baseline import read_baseline
from linkaudit.errors import ConfigError
from tests.engine_helpers import run, write

ARTICLE = "A piece.\n\nSee https://t.me/chan/1 and https://x.com/someone/status/2 for the posts.\n"


def test_write_then_read_survives_inserted_lines(tmp_path: Path, monkeypatch) -> None:
    # With no git root and no config file, fingerprints are relative to the working directory,
    # so the in-process scan below runs from the same folder as the command that wrote it.
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    write(docs / "a.txt", ARTICLE)
    proc = run(
        "scan",
        "--offline",
        "--fail-on",
        "warning",
        "--write-baseline",
        "base.json",
        "docs",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "base.json").read_text())
    assert data["version"] == 1
    assert sorted(e["rule"] for e in data["findings"]) == ["ARCH002", "ARCH002"]
    assert all("line" not in e for e in data["findings"])
    assert {e["file"] for e in data["findings"]} == {"docs/a.txt"}

    # ten lines added above, and a new ephemeral link
    write(docs / "a.txt", "\n" * 10 + ARTICLE + "\nAlso https://t.me/chan/99 now.\n")
    result = audit([str(docs)], ScanOptions(offline=True, baseline=tmp_path / "base.json"))
    (d,) = result.documents
    assert [(f.rule, f.url) for f in d.findings] == [("ARCH002", "https://t.me/chan/99")]
    assert result.baseline is not None
    assert result.baseline["baselined"] == 2 and result.baseline["fixed"] == []
    assert any("2 known findings not shown" in n for n in result.notes)

    proc = run(
        "scan", "--offline", "--fail-on", "warning", "--baseline", "base.json", "docs", cwd=tmp_path
    )
    assert proc.returncode == 1
    assert "t.me/chan/99" in proc.stdout and "t.me/chan/1 " not in proc.stdout


def test_fixed_entries_are_reported_for_pruning(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    write(docs / "a.txt", ARTICLE)
    write(docs / "b.txt", "Only https://t.me/other/5 here.\n")
    assert (
        run("scan", "--offline", "--write-baseline", "base.json", "docs", cwd=tmp_path).returncode
        == 0
    )
    write(docs / "a.txt", "A piece.\n\nSee https://x.com/someone/status/2 for the post.\n")
    result = audit([str(docs)], ScanOptions(offline=True, baseline=tmp_path / "base.json"))
    assert all(d.findings == () for d in result.documents)
    assert result.baseline is not None
    fixed = result.baseline["fixed"]
    assert [(e["file"], e["url"]) for e in fixed] == [("docs/a.txt", "https://t.me/chan/1")]
    assert any("no longer found (fixed)" in n for n in result.notes)
    # pruning: writing again drops the fixed entry
    assert (
        run("scan", "--offline", "--write-baseline", "base.json", "docs", cwd=tmp_path).returncode
        == 0
    )
    assert len(read_baseline(tmp_path / "base.json").entries) == 2


def test_counts_a_new_occurrence_of_a_known_subject(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "Related article: The Harbour Vote Is Delayed Again\n"
    write(tmp_path / "d" / "a.txt", text)
    assert run("scan", "--offline", "--write-baseline", "b.json", "d", cwd=tmp_path).returncode == 0
    write(tmp_path / "d" / "a.txt", text + "\nmore\n\n" + text)
    result = audit([str(tmp_path / "d")], ScanOptions(offline=True, baseline=tmp_path / "b.json"))
    assert [f.rule for f in result.documents[0].findings] == ["META005"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "baseline file not found"),
        ("{", "not valid JSON"),
        ('{"version": 9, "findings": []}', "version 1"),
        ('{"version": 1}', "no 'findings' list"),
    ],
)
def test_bad_baseline_files(tmp_path: Path, content: str | None, expected: str) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ConfigError, match=expected):
        read_baseline(path)


def test_offline_scan_does_not_call_network_entries_fixed(tmp_path: Path, monkeypatch) -> None:
    """Regression: a baseline written online, then read with --offline, listed every network
    finding (LINK002, META001...) as fixed, because those rules did not run."""
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    write(docs / "a.md", "See https://t.me/chan/1 and [the notes](b.md).\n")
    write(docs / "b.md", "notes\n")
    assert (
        run("scan", "--offline", "--write-baseline", "b.json", "docs", cwd=tmp_path).returncode == 0
    )
    data = json.loads((tmp_path / "b.json").read_text())
    assert [e["rule"] for e in data["findings"]] == ["ARCH002"]

    def entry(rule: str, url: str, fingerprint: str) -> dict[str, object]:
        return {
            "fingerprint": fingerprint,
            "rule": rule,
            "file": "docs/a.md",
            "url": url,
            "message": "m",
        }

    data["findings"] += [
        entry("LINK002", "https://gone.example/x", "f1"),  # online-only rule: did not run
        entry("META001", "https://t.me/chan/1", "f2"),  # online-only rule: did not run
        entry("LINK001", "https://gone.example/y", "f3"),  # runs offline on local links only
        entry("LINK001", "missing.md", "f4"),  # a local link that is no longer there: fixed
        entry("TIME005", "https://old.example/2001/x", "f5"),  # off in the default pack
    ]
    (tmp_path / "b.json").write_text(json.dumps(data))
    result = audit([str(docs)], ScanOptions(offline=True, baseline=tmp_path / "b.json"))
    assert result.baseline is not None
    assert [(e["rule"], e["url"]) for e in result.baseline["fixed"]] == [("LINK001", "missing.md")]
    assert result.baseline["baselined"] == 1


@pytest.mark.parametrize("marker", [".git", "linkaudit.toml", None])
def test_baseline_paths_do_not_depend_on_the_working_directory(
    tmp_path: Path, marker: str | None
) -> None:
    """Regression: ``cd bl; scan --write-baseline b.json .`` then ``scan --baseline bl/b.json
    bl`` from the folder above gave "0 known": paths were relative to the working directory.
    They are relative to the git root, else the config file's folder (else, with neither, the
    working directory: then only the same folder gives the same paths)."""
    repo = tmp_path / "repo"
    write(repo / "bl" / "a.txt", ARTICLE)
    if marker == ".git":
        (repo / ".git").mkdir()
    elif marker == "linkaudit.toml":
        write(repo / "linkaudit.toml", "offline = true\n")
    proc = run("scan", "--offline", "--write-baseline", "b.json", ".", cwd=repo / "bl")
    assert proc.returncode == 0, proc.stderr
    files = {e["file"] for e in json.loads((repo / "bl" / "b.json").read_text())["findings"]}
    assert files == ({"a.txt"} if marker is None else {"bl/a.txt"})
    proc = run(
        "scan", "--offline", "--fail-on", "warning", "--baseline", "bl/b.json", "bl", cwd=repo
    )
    if marker is None:
        assert proc.returncode == 1  # documented: without a root, run from the same folder
        return
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 known findings not shown" in proc.stderr + proc.stdout
    assert "no longer found" not in proc.stderr + proc.stdout
