"""The command line streams its reports: when every requested format streams (json, jsonl,
sarif, text), each document is written as it is judged, and the reports are the same bytes
as when written from the whole result (today's path, kept here as the reference), on one
machine and on a Dask cluster; with a baseline, and with the run's first LINK012 naming
--allow-private. On a cluster with a sink, the driver keeps no document: its result carries
counts, and the documents alive at once do not grow with the number of documents.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from linkaudit import cli as cli_module
from linkaudit.model import DocumentResult

TODAY = "2024-01-10"
FORMATS = ("json", "jsonl", "sarif", "text")
PRIVATE = ("http://127.0.0.1:9/a", "http://127.0.0.2:9/b", "http://localhost:9/c")


def _corpus(folder: Path, n: int = 12, private: bool = False) -> Path:
    """Markdown pieces with offline findings (a missing local file, a future year, a bare
    link), some citing private addresses (LINK012 when checked without --allow-private)."""
    docs = folder / "docs"
    docs.mkdir()
    for i in range(n):
        cited = f"https://site{i % 4}.example/story/{i}"
        if private and i % 3 == 1:
            cited = PRIVATE[i % len(PRIVATE)]
        (docs / f"piece-{i:03}.md").write_text(
            "\n".join(
                [
                    "---",
                    f"date: 2023-0{1 + i % 9}-1{i % 10}",
                    "---",
                    "",
                    f"# Harbour piece {i}",
                    "",
                    f"The ferry [timetable]({cited}) changed; see [notes](missing-{i}.md).",
                    "",
                    f"By 203{i % 10} the quay will be rebuilt, see <https://quay.example/{i}>.",
                    "",
                ]
            ),
            encoding="utf-8",
        )
    return docs


def _whole(sources, options, bar, pairs, report_options, *, quiet):
    """The reports written from the whole result, as before streaming: the reference."""
    from linkaudit.api import audit
    from linkaudit.report.stream import open_sink, write_result

    result = audit(sources, options, progress=bar)
    for fmt, path in pairs:
        if path in (None, "-"):
            if not quiet:
                write_result(
                    result, open_sink(fmt, cli_module._Echo(), **report_options(fmt, path))
                )
        else:
            with open(path, "w", encoding="utf-8") as fh:
                write_result(result, open_sink(fmt, fh, **report_options(fmt, path)))
    return result


def _both(run_cli, monkeypatch, tmp_path: Path, args: list[str], reports: list[str]):
    """(exit code, stdout, the -o files' bytes) streamed, and the same from the whole result."""
    calls: list[int] = []
    real = cli_module._scan_streamed

    def streamed(*a, **k):
        calls.append(1)
        return real(*a, **k)

    outcomes = []
    for way, scan in (("streamed", streamed), ("whole", _whole)):
        folder = tmp_path / way
        folder.mkdir(parents=True)
        with monkeypatch.context() as m:
            m.setattr(cli_module, "_scan_streamed", scan)
            code, out, _ = run_cli(*[a.replace("{out}", str(folder)) for a in args])
        files = {name: (folder / name).read_bytes() for name in reports}
        outcomes.append((code, out, files))
    assert calls == [1], "the streamed path was not taken"
    return outcomes


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_streamed_format_is_the_same_bytes_offline(run_cli, monkeypatch, tmp_path, fmt):
    docs = _corpus(tmp_path)
    streamed, whole = _both(
        run_cli, monkeypatch, tmp_path,
        ["scan", "--offline", "--today", TODAY, "--format", fmt, str(docs)], [],
    )  # fmt: skip
    assert streamed == whole
    assert streamed[0] == 1 and streamed[1]


def test_several_reports_a_baseline_and_quiet_are_the_same_bytes(run_cli, monkeypatch, tmp_path):
    docs = _corpus(tmp_path)
    baseline = tmp_path / "baseline.json"
    code, _, _ = run_cli(
        "scan", "--offline", "--today", TODAY, "--write-baseline", str(baseline),
        str(docs / "piece-000.md"), str(docs / "piece-001.md"), "--format", "json",
    )  # fmt: skip
    assert code == 0 and baseline.exists()
    reports = ["r.json", "r.jsonl", "r.sarif"]
    for quiet in ([], ["-q"]):
        streamed, whole = _both(
            run_cli, monkeypatch, tmp_path / ("q" if quiet else "loud"),
            ["scan", "--offline", "--today", TODAY, "--baseline", str(baseline), *quiet,
             "--format", "json", "-o", "{out}/r.json", "--format", "jsonl", "-o",
             "{out}/r.jsonl", "--format", "sarif", "-o", "{out}/r.sarif", "--format", "text",
             str(docs)],
            reports,
        )  # fmt: skip
        assert streamed == whole
        assert json.loads(streamed[2]["r.json"])["baseline"]["baselined"] > 0
        assert (streamed[1] == "") == bool(quiet)


def test_the_first_link012_names_the_flag_when_streamed(run_cli, monkeypatch, tmp_path):
    """Online without --allow-private: links to private addresses are refused by the address
    policy before any connection (nothing is sent), each a LINK012; the first names the flag."""
    docs = _corpus(tmp_path, private=True)
    streamed, whole = _both(
        run_cli, monkeypatch, tmp_path,
        ["scan", "--no-cache", "--today", TODAY, "--format", "jsonl", str(docs)], [],
    )  # fmt: skip
    assert streamed == whole
    assert streamed[1].count("--allow-private") == 1


def test_a_format_that_needs_the_whole_result_keeps_the_old_path(run_cli, monkeypatch, tmp_path):
    docs = _corpus(tmp_path, n=2)
    monkeypatch.setattr(cli_module, "_scan_streamed", None)  # would fail if called
    for args in (["--format", "html"], ["--write-baseline", str(tmp_path / "b.json")]):
        code, out, _ = run_cli("scan", "--offline", "--today", TODAY, *args, str(docs))
        assert code in (0, 1) and out


# --- on a cluster (2 worker processes, loopback only) --------------------------------------


def _address(client) -> str:
    return str(client.scheduler.address)


@pytest.mark.integration
def test_the_cluster_streams_the_same_bytes(dask_client, run_cli, monkeypatch, tmp_path):
    """Streamed from the cluster's driver, each report equals the single machine's whole one,
    with a baseline and with the first LINK012's hint."""
    docs = _corpus(tmp_path, n=16, private=True)
    baseline = tmp_path / "baseline.json"
    run_cli(
        "scan", "--offline", "--today", TODAY, "--write-baseline", str(baseline),
        str(docs / "piece-002.md"), str(docs / "piece-003.md"),
    )  # fmt: skip
    reports = ["r.json", "r.jsonl", "r.sarif"]
    for online in ([], ["--baseline", str(baseline)]):
        here = tmp_path / f"run{len(online)}"
        mode = ["--offline"] if not online else ["--no-cache"]
        args = [
            "scan", *mode, *online, "--today", TODAY, "--format", "json", "-o", "{out}/r.json",
            "--format", "jsonl", "-o", "{out}/r.jsonl", "--format", "sarif", "-o",
            "{out}/r.sarif", "--format", "text", str(docs),
        ]  # fmt: skip
        streamed, _ = _both(
            run_cli,
            monkeypatch,
            here / "cluster",
            [*args, "--cluster", _address(dask_client)],
            reports,
        )
        _, whole = _both(run_cli, monkeypatch, here / "alone", args, reports)
        assert streamed == whole
        if online:
            assert streamed[1].count("--allow-private") == 1
            assert json.loads(streamed[2]["r.json"])["baseline"]["baselined"] > 0


def _live_documents() -> int:
    return sum(1 for o in gc.get_objects() if type(o) is DocumentResult)


class _Watching:
    """A sink that lets each document go and notes how many are alive at once."""

    def __init__(self) -> None:
        self.seen = 0
        self.most_alive = 0

    def document(self, result: DocumentResult) -> None:
        self.seen += 1
        self.most_alive = max(self.most_alive, _live_documents())


@pytest.mark.integration
def test_the_driver_keeps_no_document(dask_client, monkeypatch, tmp_path):
    """With a sink, the driver's result holds counts, no document; the documents alive at
    once in the driver stay within a chunk or two, for 16 documents as for 64."""
    import datetime as dt

    from linkaudit import settings
    from linkaudit.api import ScanOptions, audit

    chunk = 4
    monkeypatch.setattr(settings, "CLUSTER_CHUNK_DOCUMENTS", chunk)
    options = ScanOptions(offline=True, today=dt.date(2024, 1, 10), cluster=_address(dask_client))
    most = {}
    for n in (16, 64):
        folder = tmp_path / f"n{n}"
        folder.mkdir()
        docs = _corpus(folder, n=n)
        gc.collect()
        before = _live_documents()
        sink = _Watching()
        result = audit([str(docs)], options, sink=sink)
        assert sink.seen == n
        assert result.documents == ()
        assert result.counts is not None and result.counts.documents == n
        assert sum(result.counts.by_severity.values()) == sum(result.counts.by_rule.values()) > 0
        most[n] = sink.most_alive - before
        assert most[n] <= 2 * chunk + 2, most
    assert most[64] <= most[16] + chunk, most


def test_settling_one_document_at_a_time_is_settling_the_whole_run(tmp_path, monkeypatch):
    """`settle` (now made of `Settler`) gives what the whole-run composition gave: the
    baseline applied to every document at once, then the first LINK012 hinted, then the
    private-address note when no LINK012 said it."""
    import datetime as dt
    from dataclasses import replace

    from linkaudit.api import ScanOptions, audit
    from linkaudit.checks.links import PRIVATE_HINT, hint_first_private
    from linkaudit.engine.baseline import entries_for, render_baseline
    from linkaudit.engine.packs import load_pack
    from linkaudit.pipeline.judge import Judged, apply_baseline_file, judge_settings, settle
    from linkaudit.pipeline.notes import private_notes

    monkeypatch.chdir(tmp_path)
    docs = _corpus(tmp_path, n=9, private=True)
    options = ScanOptions(today=dt.date(2024, 1, 10))
    options = replace(options, net=replace(options.net, use_cache=False))
    run = audit([str(docs)], options)
    plain = [
        replace(d, findings=tuple(replace(f, message=f.message.replace(PRIVATE_HINT, ""))
                                  for f in d.findings))
        for d in run.documents
    ]  # fmt: skip
    judged = [Judged(d, (f"note {i}",)) for i, d in enumerate(plain)]
    settings = judge_settings(options, load_pack("default"), today=options.today, cwd=tmp_path)
    half = [(d.relpath, f) for d in plain[::2] for f in d.findings]
    baseline = tmp_path / "baseline.json"
    baseline.write_text(render_baseline(entries_for(half)), encoding="utf-8")
    for path in (None, baseline):
        documents = list(plain)
        notes = [n for j in judged for n in j.notes]
        summary = None
        if path is not None:
            documents, summary, more = apply_baseline_file(documents, path, settings)
            notes.extend(more)
        private = private_notes(documents)
        documents = hint_first_private(documents)
        if not any(f.rule == "LINK012" for d in documents for f in d.findings):
            notes.extend(private)
        settled = settle(judged, settings, path)
        assert settled.documents == tuple(documents)
        assert settled.notes == tuple(notes)
        assert settled.baseline == summary
        assert sum(PRIVATE_HINT in f.message for d in documents for f in d.findings) == 1
