"""Report sinks: written document by document, the same bytes as the whole-result writers."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from linkaudit.model import AuditResult, Finding, InputError, Severity
from linkaudit.report import render
from linkaudit.report.json import to_dict
from linkaudit.report.schema import jsonl_line_schema
from linkaudit.report.stream import (
    SINKS,
    CollectingSink,
    RunInfo,
    RunSummary,
    TeeSink,
    open_reports,
    open_sink,
    write_result,
)
from tests.cli_util import scan_main
from tests.golden_util import GOLDEN
from tests.report_fixtures import harbour_result, many_links_result
from tests.test_report_json_compact import _odd_result


def _custom_rule_result() -> AuditResult:
    """Findings of rules the catalog does not know (a custom pack's), in two documents, with
    run notes: SARIF gives each unknown rule a descriptor and an index as it first appears."""
    base = harbour_result()
    article = base.documents[0]
    custom = Finding(
        rule="ACME002",
        name="house-style",
        severity=Severity.INFO,
        message="a custom finding",
        source="examples/harbour.txt",
        line=1,
        column=1,
    )
    other = replace(custom, rule="ACME001", name="other-rule", line=2)
    first = replace(article, findings=(custom, *article.findings))
    second = replace(base.documents[1], findings=(other, replace(custom, line=3)))
    return replace(
        base,
        documents=(first, second, article),
        notes=("a note",),
        errors=(*base.errors, InputError("https://example.org/x", "gone")),
    )


def _empty() -> AuditResult:
    return AuditResult(documents=())


BUILDS = [harbour_result, many_links_result, _odd_result, _custom_rule_result, _empty]


def _streamed(fmt: str, result: AuditResult, **options: object) -> str:
    out = io.StringIO()
    write_result(result, open_sink(fmt, out, **options))
    return out.getvalue()


@pytest.mark.parametrize("pretty", [True, False])
@pytest.mark.parametrize("build", BUILDS)
def test_streamed_json_is_the_json_report(build, pretty: bool) -> None:
    result = build()
    assert _streamed("json", result, pretty=pretty) == render("json", result, pretty=pretty)


def test_streamed_json_equals_the_golden_files() -> None:
    """The golden files were written by the whole-result writer long before the sinks."""
    golden = (GOLDEN / "harbour.json").read_text(encoding="utf-8")
    compact = (GOLDEN / "harbour.compact.json").read_text(encoding="utf-8")
    assert _streamed("json", harbour_result(), pretty=True) == golden
    assert _streamed("json", harbour_result(), pretty=False) == compact


@pytest.mark.parametrize("build", BUILDS)
def test_streamed_sarif_is_the_sarif_report(build) -> None:
    result = build()
    assert _streamed("sarif", result) == render("sarif", result)


def test_sarif_root_comes_from_the_run_info(tmp_path: Path) -> None:
    from linkaudit.report.sarif import to_sarif

    result = harbour_result()
    out = io.StringIO()
    sink = open_sink("sarif", out)
    sink.begin(RunInfo(root=tmp_path))
    for doc in result.documents:
        sink.document(doc)
    sink.end(RunSummary.of(result))
    expected = json.dumps(to_sarif(result, tmp_path), ensure_ascii=False, indent=2) + "\n"
    assert out.getvalue() == expected


@pytest.mark.parametrize("fmt", ["text", "junit", "markdown", "html"])
@pytest.mark.parametrize("build", BUILDS)
def test_other_formats_through_a_sink_are_unchanged(build, fmt: str) -> None:
    result = build()
    assert _streamed(fmt, result) == render(fmt, result)


def test_text_options_pass_through() -> None:
    result = harbour_result()
    for options in ({"color": True}, {"summary_only": True}):
        assert _streamed("text", result, **options) == render("text", result, **options)


def test_github_through_a_sink(tmp_path: Path) -> None:
    from linkaudit.report.github import render as render_github

    a, b = tmp_path / "a.md", tmp_path / "b.md"
    result = harbour_result()
    assert _streamed("github", result, step_summary=str(a)) == render_github(
        result, step_summary=str(b)
    )
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")


def test_every_format_has_a_sink() -> None:
    from linkaudit.report import FORMATS

    assert set(SINKS) == {*FORMATS, "jsonl"}
    with pytest.raises(KeyError):
        open_sink("yaml", io.StringIO())
    assert isinstance(open_sink("html", io.StringIO()), CollectingSink)


def _lines(text: str) -> list[dict]:
    assert text.endswith("\n")
    return [json.loads(line) for line in text.split("\n")[:-1]]


@pytest.mark.parametrize("build", BUILDS)
def test_jsonl_lines_are_the_json_report_cut_up(build) -> None:
    """Run line + document lines + summary line = the JSON report, field for field."""
    result = build()
    lines = _lines(_streamed("jsonl", result))
    kinds = ["run", *["document"] * len(result.documents), "summary"]
    assert [line["type"] for line in lines] == kinds
    report = to_dict(result)
    rebuilt = {k: v for k, v in lines[0].items() if k != "type"}
    rebuilt["documents"] = [{k: v for k, v in d.items() if k != "type"} for d in lines[1:-1]]
    rebuilt.update({k: v for k, v in lines[-1].items() if k != "type"})
    # compared as text: the odd result's evidence holds NaN, which equals nothing
    assert json.dumps(rebuilt) == json.dumps(report)
    # each document line is the compact JSON report's entry, with "type" in front
    compact = render("json", result, pretty=False)
    for text in _streamed("jsonl", result).split("\n")[1:-2]:
        assert text.startswith('{"type":"document",')
        assert "{" + text[len('{"type":"document",') :] in compact


def test_jsonl_lines_validate_against_the_line_schema() -> None:
    schema = jsonl_line_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for build in BUILDS:
        for line in _lines(_streamed("jsonl", build())):
            validator.validate(line)
    bad = _lines(_streamed("jsonl", harbour_result()))[1]
    bad["findings"][0]["severity"] = "fatal"
    assert not validator.is_valid(bad)
    assert not validator.is_valid({"type": "other"})
    assert not validator.is_valid({"type": "summary", "errors": []})


class _Recorder(io.StringIO):
    """Remembers how long the text was after each write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        n = super().write(text)
        self.sizes.append(len(self.getvalue()))
        return n


@pytest.mark.parametrize(
    ("fmt", "options"),
    [("jsonl", {}), ("json", {"pretty": True}), ("json", {"pretty": False}), ("text", {})],
)
def test_streaming_formats_write_each_document_as_it_comes(fmt: str, options: dict) -> None:
    result = harbour_result()
    article = result.documents[0]
    out = _Recorder()
    sink = open_sink(fmt, out, **options)
    sink.begin(RunInfo())
    before = len(out.getvalue())
    sink.document(article)
    assert len(out.getvalue()) > before  # written now, not kept for the end
    assert article.findings[0].message[:30] in out.getvalue().replace('\\"', '"')
    sink.end(RunSummary.of(result))


def test_sarif_keeps_results_out_of_memory() -> None:
    """Nothing is written before the end (the log's head is known only then), and the results
    wait in the spool file, not in the sink."""
    result = many_links_result()
    out = io.StringIO()
    sink = open_sink("sarif", out)
    sink.begin(RunInfo())
    sink.document(result.documents[0])
    assert out.getvalue() == ""
    spool = sink._spool  # type: ignore[attr-defined]
    assert spool is not None and spool.tell() > 10_000
    sink.end(RunSummary.of(result))
    assert spool.closed and out.getvalue() == render("sarif", result)


def test_tee_feeds_every_sink() -> None:
    result = harbour_result()
    outs = {fmt: io.StringIO() for fmt in ("jsonl", "json", "sarif")}
    write_result(result, TeeSink(*(open_sink(fmt, out) for fmt, out in outs.items())))
    for fmt, out in outs.items():
        assert out.getvalue() == _streamed(fmt, result)


def test_open_reports_writes_each_pair(tmp_path: Path) -> None:
    """A driver's reports fed one document at a time: files and standard output, each as the
    whole-result writer gives it."""
    result = harbour_result()
    stdout = io.StringIO()
    targets = [("jsonl", str(tmp_path / "r.jsonl")), ("sarif", str(tmp_path / "r.sarif"))]
    targets += [("json", "-")]
    with open_reports(targets, stdout, {"json": {"pretty": False}}) as sink:
        sink.begin(RunInfo())
        for doc in result.documents:
            sink.document(doc)
        sink.end(RunSummary.of(result))
    assert stdout.getvalue() == render("json", result, pretty=False)
    assert (tmp_path / "r.sarif").read_text(encoding="utf-8") == render("sarif", result)
    assert (tmp_path / "r.jsonl").read_text(encoding="utf-8") == _streamed("jsonl", result)
    with open_reports([("text", None)], stdout) as sink:
        assert not isinstance(sink, TeeSink)
    with pytest.raises(OSError), open_reports([("json", str(tmp_path / "no" / "x"))], stdout):
        pass


def test_a_sink_can_be_used_for_a_second_run() -> None:
    result = harbour_result()
    for fmt in ("jsonl", "json", "sarif", "text", "markdown"):
        out = io.StringIO()
        sink = open_sink(fmt, out)
        write_result(result, sink)
        first = out.getvalue()
        write_result(result, sink)
        assert out.getvalue() == first + first, fmt


def test_cli_writes_jsonl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path("a.txt").write_text("See https://t.me/somechannel/12\n", encoding="utf-8")
    Path("b.txt").write_text("Nothing cited.\n", encoding="utf-8")
    args = ["scan", "--offline", "a.txt", "b.txt", "--format", "jsonl", "-o", "out.jsonl"]
    code, out, err = scan_main([*args, "--format", "json", "-o", "out.json"], capsys)
    assert code == 0, err
    lines = _lines(Path("out.jsonl").read_text(encoding="utf-8"))
    assert [line["type"] for line in lines] == ["run", "document", "document", "summary"]
    report = json.loads(Path("out.json").read_text(encoding="utf-8"))
    documents = [{k: v for k, v in d.items() if k != "type"} for d in lines[1:3]]
    assert documents == report["documents"]
    assert lines[-1]["summary"] == report["summary"]
    code, out, _ = scan_main(["scan", "--offline", "a.txt", "--format", "jsonl"], capsys)
    assert code == 0 and [json.loads(x)["type"] for x in out.splitlines()][-1] == "summary"


def test_cli_names_jsonl_among_the_formats(capsys) -> None:
    code, _, err = scan_main(["scan", "--offline", "x.txt", "--format", "yaml"], capsys)
    assert code == 2
    assert "jsonl" in err and "Traceback" not in err


@pytest.mark.parametrize("pretty", [True, False])
@pytest.mark.parametrize("build", BUILDS)
def test_json_report_assembled_from_json_lines(build, pretty: bool) -> None:
    """A run's JSON Lines file becomes its JSON report later, the same bytes."""
    from linkaudit.report.jsonl import json_from_lines

    result = build()
    out = io.StringIO()
    json_from_lines(io.StringIO(_streamed("jsonl", result)), out, pretty=pretty)
    assert out.getvalue() == render("json", result, pretty=pretty)


def test_json_from_lines_refuses_an_unfinished_run() -> None:
    from linkaudit.report.jsonl import json_from_lines

    lines = _streamed("jsonl", harbour_result()).splitlines(keepends=True)
    for broken, why in [
        (lines[:-1], "no summary line"),
        (lines[1:], "first line is not a run line"),
        ([*lines, lines[1]], "after the summary"),
        ([lines[0], '{"type":"other"}\n', lines[-1]], "neither a document"),
    ]:
        with pytest.raises(ValueError, match=why):
            json_from_lines(broken, io.StringIO())
