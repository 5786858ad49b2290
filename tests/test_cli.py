"""The command line end to end: the defining example, exit codes, bad input, formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linkaudit.cli import pair_formats

MOSCOW = "https://www.themoscowtimes.com/2026/06/14/war-is-returning-to-nagorno-karabakh-because-the-world-did-nothing-to-stop-it"


def test_karabakh_offline_json_lists_links_and_offline_findings(run_cli, karabakh: Path) -> None:
    code, out, _ = run_cli("scan", "--offline", "--format", "json", str(karabakh))
    report = json.loads(out)
    (doc,) = report["documents"]
    urls = [link["url"] for link in doc["links"]]
    assert urls == [MOSCOW, "https://t.me/MariaVladimirovnaZakharova/6267"]
    assert len({link["normalized_url"] for link in doc["links"]}) == 2
    assert [(loc["line"], loc["column"]) for loc in doc["links"][0]["locations"]] == [
        (64, 1),
        (65, 1),
    ]
    rules = sorted(f["rule"] for f in doc["findings"])
    link_rules = [r for r in rules if not r.startswith("TIME")]
    assert link_rules == ["ARCH002", "LINK008", "META005"]
    assert report["summary"]["unique_urls"] == 2
    assert report["errors"] == []
    meta005 = next(f for f in doc["findings"] if f["rule"] == "META005")
    assert "Azerbaijan Launches Military Operation Against Karabakh" in meta005["message"]
    assert all(link["check"] is None and link["page"] is None for link in doc["links"])


def test_design_mentions_three_distinct_urls_but_the_file_has_two(karabakh: Path) -> None:
    """The issue says "three distinct URLs": the file holds three URL lines, two of them the same."""
    lines = [line for line in karabakh.read_text().splitlines() if line.startswith("https://")]
    assert len(lines) == 3 and len(set(lines)) == 2


def test_json_fields_of_the_contract(run_cli, tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("See [post](https://t.me/c/1).\n")
    code, out, _ = run_cli("scan", "--offline", "--format", "json", str(f))
    report = json.loads(out)
    assert set(report) >= {"tool", "documents", "errors", "summary"}
    doc = report["documents"][0]
    assert set(doc) >= {"source", "format", "reference_date", "links", "findings"}
    link = doc["links"][0]
    assert set(link) >= {"url", "normalized_url", "locations", "url_date", "check", "page"}
    assert set(link["locations"][0]) >= {"line", "column", "text", "cited_title", "region"}
    finding = doc["findings"][0]
    assert set(finding) >= {
        "rule",
        "name",
        "severity",
        "message",
        "line",
        "column",
        "url",
        "evidence",
        "suggestion",
        "fingerprint",
    }
    assert set(report["summary"]) >= {"documents", "links", "unique_urls", "findings"}
    assert code == 0  # a warning does not fail at --fail-on error


def test_fail_on_levels(run_cli, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("https://t.me/c/1\n")
    assert run_cli("scan", "--offline", str(f))[0] == 0
    assert run_cli("scan", "--offline", "--fail-on", "warning", str(f))[0] == 1
    assert run_cli("scan", "--offline", "--fail-on", "never", "--ignore", "ARCH", str(f))[0] == 0


def test_text_report_lines(run_cli, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("intro\nhttps://t.me/c/1\n")
    _, out, _ = run_cli("scan", "--offline", str(f))
    assert f"{f}:2:1 warning ARCH002" in out
    assert "\x1b[" not in out  # no colour when not a terminal
    assert "Checked 1 document" in out


def test_missing_path_and_good_file_together(run_cli, tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("https://t.me/c/1\n")
    code, out, err = run_cli(
        "scan", "--offline", "--format", "json", str(tmp_path / "nope.md"), str(good)
    )
    assert code == 2
    report = json.loads(out)
    assert len(report["documents"]) == 1
    assert report["errors"][0]["message"] == "no such file or directory"
    assert err.count("\n") == 1 and "nope.md" in err


def test_binary_file_is_one_error_and_the_rest_goes_on(run_cli, tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02ELF" * 100)
    (tmp_path / "ok.md").write_text("[x](https://bit.ly/x)\n")
    code, out, err = run_cli("scan", "--offline", "--format", "json", str(tmp_path))
    assert code == 2
    report = json.loads(out)
    assert [d["source"].endswith("ok.md") for d in report["documents"]] == [True]
    assert "binary" in report["errors"][0]["message"]


def _run_module(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "linkaudit", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--offline", "--type", "rst", "x.txt"],
        ["scan", "--offline", "--no-such-option", "x.txt"],
        ["scan", "--offline", "--fail-on", "sometimes", "x.txt"],
        ["scan", "--offline", "--published", "yesterday", "x.txt"],
        ["scan", "--offline", "--select", "LNK001", "x.txt"],
        ["scan", "--offline", "--format", "pdf", "x.txt"],
        ["scan", "--rules", "no-such-pack", "--offline", "x.txt"],
        ["scan", "--offline", "-f", "json", "-o", "r.out", "-f", "sarif", "-o", "r.out", "x.txt"],
        ["scan", "--offline", "-", "-"],
        ["dates", "no-such-file.txt"],
        ["explain", "NOPE001"],
        ["scan"],
    ],
)
def test_bad_usage_is_one_line_and_exit_2(args: list[str]) -> None:
    proc = _run_module(*args)
    assert proc.returncode == 2, proc
    err = proc.stderr.decode()
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0, err
    assert err.startswith("linkaudit: error:")


def test_stdin(tmp_path: Path) -> None:
    proc = _run_module(
        "scan", "--offline", "--format", "json", "-", stdin=b"see https://bit.ly/x\n"
    )
    report = json.loads(proc.stdout)
    assert report["documents"][0]["source"] == "-"
    assert report["documents"][0]["findings"][0]["rule"] == "LINK013"


def test_url_input_offline_is_an_input_error(run_cli) -> None:
    code, out, err = run_cli("scan", "--offline", "--format", "json", "https://example.com/story")
    assert code == 2
    assert "network" in json.loads(out)["errors"][0]["message"]


def test_several_formats_each_with_its_output(run_cli, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("https://bit.ly/x\n")
    out_json = tmp_path / "r.json"
    code, out, _ = run_cli(
        "scan", "--offline", "--format", "json", "-o", str(out_json), "--format", "text", str(f)
    )
    assert json.loads(out_json.read_text())["summary"]["documents"] == 1
    assert "LINK013" in out


def test_pair_formats() -> None:
    assert pair_formats(["--format", "sarif", "-o", "a.sarif", "--format", "text"]) == [
        ("sarif", "a.sarif"),
        ("text", None),
    ]
    assert pair_formats(["-o", "r.json", "--format=json", "x"]) == [("json", "r.json")]


def test_rules_and_explain(run_cli) -> None:
    code, out, _ = run_cli("rules")
    assert code == 0
    assert "LINK008" in out and "duplicate-link" in out
    code, out, _ = run_cli("explain", "link013")
    assert code == 0 and "shortener" in out
    assert "Parameters (set in a pack's [rules.LINK013]): hosts (a list of strings" in out


def test_dates_command_runs(run_cli, karabakh: Path) -> None:
    code, out, _ = run_cli("dates", str(karabakh))
    assert code == 0
    assert "Reference date:" in out and "2023-09-19" in out


def test_dates_on_a_fifo_is_an_error_not_a_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    proc = _run_module("dates", str(fifo))
    assert proc.returncode == 2
    assert "FIFO" in proc.stderr.decode()


def test_parallel_reading_gives_the_same_report_as_serial(tmp_path: Path, monkeypatch) -> None:
    from linkaudit.api import ScanOptions, audit
    from linkaudit.report import render

    for i in range(70):
        ext = ("md", "txt", "html")[i % 3]
        body = f"Item {i} on Tuesday, see https://t.me/c/{i} and https://bit.ly/x{i}\n"
        if ext == "html":
            body = f"<article><p>{body}</p></article>"
        (tmp_path / f"f{i:02d}.{ext}").write_text(body)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    reports = []
    for workers in ("1", "2"):
        monkeypatch.setenv("LINKAUDIT_WORKERS", workers)
        result = audit([str(tmp_path)], ScanOptions(offline=True))
        reports.append(render("json", result))
    assert reports[0] == reports[1]
    assert '"binary file, not text"' in reports[0]


def test_retries_is_capped(run_cli, tmp_path: Path) -> None:
    from linkaudit import settings

    doc = tmp_path / "a.txt"
    doc.write_text("no links\n")
    code, _, err = run_cli("scan", "--offline", "--retries", "1000", str(doc))
    assert code == 2 and "--retries" in err
    code, _, _ = run_cli("scan", "--offline", "--retries", str(settings.NET_MAX_RETRIES), str(doc))
    assert code == 0


def test_custom_rule_with_a_format_spec_is_a_config_error_not_a_traceback(tmp_path: Path) -> None:
    """Regression: ``message = "bad {url:d}"`` was accepted at load and crashed the scan."""
    pack = tmp_path / "pack.toml"
    pack.write_text(
        'extends = "default"\n[[rule]]\nid = "NEWS001"\nname = "x"\nwhen = "true"\n'
        'message = "bad {url:d}"\n',
        encoding="utf-8",
    )
    article = tmp_path / "a.md"
    article.write_text("See [x](https://example.com/a).\n", encoding="utf-8")
    proc = _run_module("scan", "--offline", "--rules", str(pack), str(article))
    err = proc.stderr.decode()
    assert proc.returncode == 2, proc
    assert "Traceback" not in err
    assert err.startswith("linkaudit: error:") and "NEWS001" in err and "{url:d}" in err


def test_an_unexpected_exception_is_one_line_and_exit_2(monkeypatch, capsys) -> None:
    """A bug anywhere below the CLI is one line on stderr and exit 2, never a traceback/exit 1."""
    import linkaudit.api
    from linkaudit.cli import main

    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError("Unknown format code 'd'\nfor object of type 'str'")

    monkeypatch.setattr(linkaudit.api, "audit", boom)
    with pytest.raises(SystemExit) as exc:
        main(["scan", "--offline", "no-such-file.md"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("linkaudit: internal error: ValueError: Unknown format code 'd' for")
    assert err.rstrip().endswith("please report it")


def test_mistyped_pack_parameter_is_exit_2_not_a_traceback(tmp_path: Path) -> None:
    """Regression: ``[rules.META002] threshold = "high"`` crashed the scan with a traceback."""
    pack = tmp_path / "pack.toml"
    pack.write_text('extends = "default"\n[rules.META002]\nthreshold = "high"\n', encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("[Council budget](https://news.example/2024/storm-closes)\n", "utf-8")
    proc = _run_module("scan", "--offline", "--rules", str(pack), str(article))
    err = proc.stderr.decode()
    assert proc.returncode == 2, proc
    assert "Traceback" not in err and err.count("\n") == 1
    assert "[rules.META002] threshold: must be a number, not 'high'" in err
