"""A manifest of paths (--manifest FILE or -): archives listed by another tool."""

from __future__ import annotations

import sys
from pathlib import Path

from linkaudit.inputs import expand_inputs
from tests.cli_util import scan_main

PAGE = "# A page\n\nSee [the notes](https://example.org/notes).\n"


def listed(tmp_path: Path) -> Path:
    (tmp_path / "lists").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(PAGE)
    (tmp_path / "docs" / "b.html").write_text("<p><a href='https://example.org/b'>b</a></p>")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "c.txt").write_text("https://example.org/c\n")
    manifest = tmp_path / "lists" / "paths.txt"
    manifest.write_text(
        "# written by the crawler\n"
        "../docs/a.md\n"
        "\n"
        f"   {tmp_path / 'docs' / 'b.html'}   \n"
        "../docs/missing.md\n"
        "../more\n"
        "-\n"
    )
    return manifest


def test_manifest_paths_are_relative_to_its_folder_and_errors_are_per_line(
    tmp_path: Path,
) -> None:
    manifest = listed(tmp_path)
    walk = expand_inputs([], manifest=str(manifest))
    assert [Path(i.source).name for i in walk.inputs] == ["a.md", "b.html", "c.txt"]
    assert all(i.path is not None and i.path.is_file() for i in walk.inputs)
    where = str(manifest)
    assert walk.errors == [
        (
            f"{where}:5",
            f"{tmp_path / 'lists' / '..' / 'docs' / 'missing.md'}: no such file or directory",
        ),
        (f"{where}:7", "'-' in a manifest: list paths, one a line"),
    ]


def test_manifest_from_standard_input_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch
) -> None:
    listed(tmp_path)
    monkeypatch.chdir(tmp_path)
    walk = expand_inputs(["docs/b.html"], manifest="-", stdin=lambda: b"docs/a.md\nmore/c.txt\n")
    assert [i.source for i in walk.inputs] == ["docs/b.html", "docs/a.md", str(Path("more/c.txt"))]
    assert walk.errors == []


def test_a_manifest_that_cannot_be_read_is_one_error(tmp_path: Path) -> None:
    walk = expand_inputs([], manifest=str(tmp_path / "nope.txt"))
    assert walk.inputs == []
    assert walk.errors == [
        (str(tmp_path / "nope.txt"), "cannot read the manifest: No such file or directory")
    ]


def test_cli_manifest_reads_the_rest_after_a_bad_line(run_cli, tmp_path: Path) -> None:
    manifest = listed(tmp_path)
    code, out, err = run_cli("scan", "--offline", "--manifest", str(manifest))
    assert code == 2  # unreadable inputs
    assert "Checked 3 documents" in out
    lines = err.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"linkaudit: error: {manifest}:5: ")


def test_cli_manifest_on_stdin(run_cli, tmp_path: Path, monkeypatch) -> None:
    listed(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("scan", "--offline", "--manifest", "-", input="docs/a.md\n")
    assert code == 0, err
    assert "Checked 1 document" in out


def test_cli_needs_a_source_or_a_manifest(capsys) -> None:
    code, _, err = scan_main(["scan", "--offline"], capsys)
    assert code == 2 and "Missing argument" in err and "--manifest" in err


def test_cli_stdin_is_read_once_between_manifest_and_sources(capsys) -> None:
    code, _, err = scan_main(["scan", "--offline", "--manifest", "-", "-"], capsys)
    assert code == 2 and "read only once" in err


def test_without_warcio_a_warc_is_one_line_and_exit_2(capsys, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "crawl.warc").write_bytes(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n")
    from linkaudit.readers import warc

    monkeypatch.setitem(sys.modules, "warcio", None)  # as if the extra were not installed
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    warc._quiet_iterator.cache_clear()  # the class made from warcio by an earlier test
    code, out, err = scan_main(["scan", "--offline", str(tmp_path / "crawl.warc")], capsys)
    assert code == 2 and out == ""
    assert err.strip() == (
        "linkaudit: error: reading WARC files needs warcio: pip install 'linkaudit[warc]'"
    )
    warc._quiet_iterator.cache_clear()


def test_cli_a_manifest_that_lists_nothing_is_an_input_error(run_cli, tmp_path: Path) -> None:
    (tmp_path / "paths.txt").write_text("# nothing yet\n\n")
    code, _, err = run_cli("scan", "--offline", "--manifest", str(tmp_path / "paths.txt"))
    assert code == 2
    assert err.strip() == (
        f"linkaudit: error: --manifest {tmp_path / 'paths.txt'}: no document to read "
        "(no file found)"
    )
