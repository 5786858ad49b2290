"""Web archives as input: each captured page of a WARC is a document, read by its offset."""

from __future__ import annotations

import gzip
import io
import pickle
import tracemalloc
from pathlib import Path

import pytest

pytest.importorskip("warcio", reason="the warc extra (warcio) is not installed")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from linkaudit.api import ScanOptions, audit  # noqa: E402
from linkaudit.inputs import describe_skipped, expand_inputs  # noqa: E402
from linkaudit.readers.warc import is_warc, read_record, scan_records  # noqa: E402

TODAY = "2026-12-02"
ARTICLE = (
    "<html><head><title>Harbour reopens</title></head><body><article>"
    "<p>The harbour reopened on 3 March 2024, the port office said. "
    "See <a href='../notices/closure.html'>the closure notice</a> and "
    "<a href='https://example.org/tides'>the tide table</a>.</p>"
    "</article></body></html>"
)
NOTES = "# Field notes\n\nThe [survey](survey.md) and the [summary](#field-notes).\n"


class Archive:
    """A WARC written in the test with warcio's own writer: our pages, our headers."""

    def __init__(self, path: Path, *, compress: bool = True) -> None:
        self.path = path
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=compress)
        self.offsets: list[int] = []

    def response(
        self,
        uri: str,
        body: str | bytes,
        *,
        content_type: str = "text/html; charset=utf-8",
        status: str = "200 OK",
        date: str = "2024-03-05T08:30:00Z",
    ) -> Archive:
        data = body.encode() if isinstance(body, str) else body
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(data),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": date},
        )
        return self._write(record)

    def request(self, uri: str) -> Archive:
        headers = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
        )
        record = self.writer.create_warc_record(
            uri, "request", payload=io.BytesIO(b""), http_headers=headers
        )
        return self._write(record)

    def revisit(self, uri: str) -> Archive:
        record = self.writer.create_revisit_record(
            uri,
            digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            refers_to_uri=uri,
            refers_to_date="2024",
        )
        return self._write(record)

    def _write(self, record: object) -> Archive:
        self.offsets.append(self.buffer.tell())
        self.writer.write_record(record)
        return self

    def save(self) -> Path:
        self.path.write_bytes(self.buffer.getvalue())
        return self.path


def mixed(tmp_path: Path, name: str = "crawl.warc.gz") -> Path:
    archive = Archive(tmp_path / name)
    archive.request("https://news.example/2024/harbour.html")
    archive.response("https://news.example/2024/harbour.html", ARTICLE)
    archive.response("https://news.example/logo.png", b"\x89PNG\r\n", content_type="image/png")
    archive.response("https://news.example/old", "moved", status="301 Moved Permanently")
    archive.revisit("https://news.example/2024/harbour.html")
    archive.response("https://news.example/notes/field.md", NOTES, content_type="text/markdown")
    return archive.save()


def scan(*sources: str, **options: object):
    import datetime as dt

    opts = ScanOptions(offline=True, today=dt.date.fromisoformat(TODAY), **options)  # type: ignore[arg-type]
    return audit(list(sources), opts)


def test_pages_are_read_and_other_captures_counted(tmp_path: Path) -> None:
    path = mixed(tmp_path)
    walk = expand_inputs([str(path)])
    assert [i.record is not None for i in walk.inputs] == [True, True]
    assert walk.skipped == 3 and walk.errors == []
    said = describe_skipped(walk)
    assert "1 WARC records not HTML" in said and "1 WARC responses with a status" in said
    assert "1 WARC revisit" in said
    for item in walk.inputs:
        assert item.source == f"{path}#{item.record}" and item.record.startswith("urn:uuid:")
        assert pickle.loads(pickle.dumps(item)) == item  # shipped to other processes as is


def test_relative_links_resolve_against_the_target_uri_and_the_capture_is_kept(
    tmp_path: Path,
) -> None:
    result = scan(str(mixed(tmp_path)))
    assert result.errors == () and result.skipped_files == 3
    html, md = result.documents
    assert html.document.format == "html" and md.document.format == "markdown"
    assert html.document.format_source == "content-type"
    urls = [link.url for link in html.links]
    assert urls == ["https://news.example/notices/closure.html", "https://example.org/tides"]
    assert [link.url for link in md.links] == [
        "https://news.example/notes/survey.md",
        "#field-notes",
    ]
    capture = html.document.capture
    assert capture is not None
    assert capture.url == "https://news.example/2024/harbour.html"
    assert capture.date == "2024-03-05T08:30:00Z"
    assert html.relpath.endswith(f"crawl.warc.gz#{capture.record_id}")
    assert not any(f.rule == "LINK001" for d in result.documents for f in d.findings)


def test_declared_charset_of_the_response_is_used(tmp_path: Path) -> None:
    body = "<html><body><p>Caf\u00e9 cr\u00e8me, 4 May 2023.</p></body></html>".encode("cp1252")
    archive = Archive(tmp_path / "latin.warc")  # uncompressed
    archive.response("https://x.example/", body, content_type="text/html; charset=windows-1252")
    (doc,) = scan(str(archive.save())).documents
    assert "Caf\u00e9 cr\u00e8me" in doc.document.text.text
    assert doc.document.encoding_warning is None


def test_a_warc_is_known_by_its_first_bytes_whatever_its_name(tmp_path: Path) -> None:
    plain = Archive(tmp_path / "a.dat", compress=False)
    plain.response("https://x.example/a", ARTICLE)
    zipped = Archive(tmp_path / "b.bin")
    zipped.response("https://x.example/b", ARTICLE)
    other = tmp_path / "c.gz"
    other.write_bytes(gzip.compress(b"just some text"))
    assert is_warc(plain.save()) and is_warc(zipped.save()) and not is_warc(other)
    result = scan(str(tmp_path / "a.dat"), str(tmp_path / "b.bin"))
    assert [d.document.capture.url for d in result.documents] == [  # type: ignore[union-attr]
        "https://x.example/a",
        "https://x.example/b",
    ]


def test_a_folder_walk_reads_the_archives_in_it(tmp_path: Path) -> None:
    (tmp_path / "crawls").mkdir()
    mixed(tmp_path / "crawls", "one.warc.gz")
    plain = Archive(tmp_path / "crawls" / "two.warc", compress=False)
    plain.response("https://x.example/two", ARTICLE)
    plain.save()
    (tmp_path / "crawls" / "page.md").write_text(NOTES)
    result = scan(str(tmp_path / "crawls"))
    names = [Path(d.document.source.split("#")[0]).name for d in result.documents]
    assert names == ["one.warc.gz", "one.warc.gz", "page.md", "two.warc"]


def test_a_corrupt_gzip_member_is_one_error_and_the_rest_is_read(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "broken.warc.gz")
    for n in range(4):
        archive.response(f"https://x.example/{n}", ARTICLE.replace("Harbour", f"Harbour {n}"))
    data = archive.buffer.getvalue()
    second, third = archive.offsets[1], archive.offsets[2]
    cut = data[:second] + data[second : second + 60] + data[third:]  # member 1 cut short
    (tmp_path / "broken.warc.gz").write_bytes(cut)
    result = scan(str(tmp_path / "broken.warc.gz"))
    assert [d.document.capture.url for d in result.documents] == [  # type: ignore[union-attr]
        "https://x.example/0",
        "https://x.example/2",
        "https://x.example/3",
    ]
    (error,) = result.errors
    assert error.source == f"{tmp_path / 'broken.warc.gz'} (byte {second})"
    assert error.message.startswith("corrupt WARC record") and "\n" not in error.message


def test_a_file_cut_inside_its_last_record_says_so(tmp_path: Path) -> None:
    for compress, name in ((True, "cut.warc.gz"), (False, "cut.warc")):
        archive = Archive(tmp_path / name, compress=compress)
        for n in range(3):
            archive.response(f"https://x.example/{n}", ARTICLE)
        data = archive.buffer.getvalue()
        (tmp_path / name).write_bytes(data[: archive.offsets[2] + 120])
        entries = list(scan_records(tmp_path / name))
        assert [e.name is not None for e in entries] == [True, True, False]
        error = entries[-1].error
        assert error in (
            "truncated WARC record",
            "corrupt WARC record: headers that cannot be read",
        )
        assert entries[-1].offset == archive.offsets[2]


def test_a_record_whose_length_is_wrong_is_an_error(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "len.warc", compress=False)
    for n in range(3):
        archive.response(f"https://x.example/{n}", ARTICLE)
    data = archive.buffer.getvalue()
    at = data.index(b"Content-Length: ", archive.offsets[1])
    end = data.index(b"\r\n", at)
    length = int(data[at + 16 : end])
    data = data[:at] + b"Content-Length: " + str(length - 30).encode() + data[end:]
    (tmp_path / "len.warc").write_bytes(data)
    result = scan(str(tmp_path / "len.warc"))
    assert len(result.documents) == 2
    assert [e.message for e in result.errors] == ["corrupt WARC record: wrong length"]


def test_one_gzip_stream_cannot_be_read_record_by_record(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "x.warc", compress=False)
    for n in range(3):
        archive.response(f"https://x.example/{n}", ARTICLE)
    (tmp_path / "whole.warc.gz").write_bytes(gzip.compress(archive.buffer.getvalue()))
    result = scan(str(tmp_path / "whole.warc.gz"))
    assert [e.source for e in result.errors] == [str(tmp_path / "whole.warc.gz")]
    assert "warcio recompress" in result.errors[0].message


def test_records_are_read_in_worker_processes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LINKAUDIT_WORKERS", "2")
    archive = Archive(tmp_path / "many.warc.gz")
    for n in range(80):  # above PARALLEL_MIN_DOCUMENTS: read by the process pool
        archive.response(
            f"https://x.example/{n}.html", ARTICLE.replace("3 March", f"{n % 28 + 1} March")
        )
    result = scan(str(archive.save()), net=_no_cache())
    assert len(result.documents) == 80 and result.errors == ()
    assert [d.document.capture.url for d in result.documents] == [  # type: ignore[union-attr]
        f"https://x.example/{n}.html" for n in range(80)
    ]


def _no_cache():
    from linkaudit.net.options import NetOptions

    return NetOptions(use_cache=False)


def test_a_rerun_reads_the_records_facts_from_the_cache(tmp_path: Path) -> None:
    from linkaudit.net.options import NetOptions

    path = mixed(tmp_path)
    net = NetOptions(cache_dir=str(tmp_path / "cache"))
    first = scan(str(path), net=net)
    second = scan(str(path), net=net)
    assert [d.document.capture for d in second.documents] == [
        d.document.capture for d in first.documents
    ]
    assert [len(d.links) for d in second.documents] == [2, 2]


def test_the_scan_of_10k_records_keeps_memory_flat(tmp_path: Path) -> None:
    """Scanning locates records without holding them: the peak of a 10,000-record archive is
    that of a 1,000-record one (entries are consumed as they come)."""
    body = "<html><body>" + "<p>A paragraph of the test's own prose, repeated.</p>" * 60
    archive = Archive(tmp_path / "big.warc.gz")
    for n in range(10_000):
        archive.response(f"https://x.example/{n}", f"{body}<p>{n}</p></body></html>")
        if n == 999:
            (tmp_path / "small.warc.gz").write_bytes(archive.buffer.getvalue())
    archive.save()

    def peak(path: Path) -> tuple[int, int, int]:
        tracemalloc.start()
        try:
            count = last = 0
            for entry in scan_records(path):
                count, last = count + (entry.name is not None), entry.offset
            return count, tracemalloc.get_traced_memory()[1], last
        finally:
            tracemalloc.stop()

    small_count, small_peak, _ = peak(tmp_path / "small.warc.gz")
    big_count, big_peak, last = peak(tmp_path / "big.warc.gz")
    assert (small_count, big_count) == (1_000, 10_000)
    assert big_peak < small_peak * 1.5 + 256 * 1024
    # one record is read by opening the file at its offset
    doc = read_record("big#last", tmp_path / "big.warc.gz", last)
    assert doc.capture is not None and doc.capture.url == "https://x.example/9999"


def test_cli_scans_a_warc(run_cli, tmp_path: Path) -> None:
    path = mixed(tmp_path)
    code, out, err = run_cli("scan", "--offline", "--today", TODAY, "-f", "json", str(path))
    import json

    report = json.loads(out)
    assert code == 0, err
    assert [d["format_source"] for d in report["documents"]] == ["content-type"] * 2
    assert report["summary"]["skipped_files"] == 3
    assert all(d["source"].startswith(f"{path}#urn:uuid:") for d in report["documents"])
    assert report["documents"][0]["capture"] == {
        "url": "https://news.example/2024/harbour.html",
        "date": "2024-03-05T08:30:00Z",
        "record_id": report["documents"][0]["source"].split("#", 1)[1],
    }
    from linkaudit.report import render

    pretty = json.loads(render("json", scan(str(path)), pretty=True))  # the dict-built report
    assert [d.get("capture") for d in pretty["documents"]] == [
        d["capture"] for d in report["documents"]
    ]
    _validate(report)


def _validate(report: dict) -> None:
    import jsonschema

    from linkaudit.report.schema import report_schema

    jsonschema.Draft202012Validator(report_schema()).validate(report)


def test_cli_reports_a_corrupt_record_on_one_line(run_cli, tmp_path: Path) -> None:
    archive = Archive(tmp_path / "bad.warc", compress=False)
    for n in range(3):
        archive.response(f"https://x.example/{n}", ARTICLE)
    data = archive.buffer.getvalue()
    data = data[: archive.offsets[1]] + b"NOT A RECORD\r\n" + data[archive.offsets[1] :]
    (tmp_path / "bad.warc").write_bytes(data)
    code, out, err = run_cli("scan", "--offline", "--today", TODAY, str(tmp_path / "bad.warc"))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "corrupt WARC record" in lines[0]
    assert "Checked 3 documents" in out


def test_a_warc_with_no_page_says_what_it_skipped(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "images.warc.gz")
    archive.response("https://x.example/a.png", b"\x89PNG\r\n", content_type="image/png")
    archive.response("https://x.example/b", "gone", status="404 Not Found")
    result = scan(str(archive.save()))
    (error,) = result.errors
    assert error.message == (
        "no document to read: 2 files skipped: 1 WARC records not HTML, Markdown or text "
        "(images, scripts, styles, ...), 1 WARC responses with a status other than 2xx "
        "(redirects, errors)"
    )
