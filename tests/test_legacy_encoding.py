"""Legacy encodings: a file that declares no charset and is not UTF-8 is read, with a warning
naming the file and the encoding used, and its links are kept; only binary files are refused."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from linkaudit.errors import InputFileError
from linkaudit.readers import read_document

CP1252_TEXT = (
    "The council\u2019s \u201cfinal offer\u201d was \u20ac4.2 million \u2013 see\n"
    "https://budget.example/2023/offer and \u201chttps://quotes.example/x\u201d.\n"
)
GERMAN = "Die Stra\u00dfe in M\u00fcnchen: Quelle https://zeitung.example/m\u00fcnchen/1\n"
FRENCH = "Le caf\u00e9 pr\u00e8s de la gare \u00e9tait ferm\u00e9 (https://journal.example/a).\n"


def test_cp1252_smart_quotes_and_euro_are_read_with_a_warning() -> None:
    doc = read_document("old.txt", CP1252_TEXT.encode("cp1252"), "text")
    assert doc.raw == CP1252_TEXT
    assert [(r.url, r.line, r.column) for r in doc.refs] == [
        ("https://budget.example/2023/offer", 2, 1),
        ("https://quotes.example/x", 2, 40),
    ]
    assert doc.guessed_encoding == "windows-1252"
    assert doc.encoding_warning is not None and "windows-1252" in doc.encoding_warning


@pytest.mark.parametrize("text", [GERMAN, FRENCH])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_latin1_german_and_french(text: str, fmt: str) -> None:
    doc = read_document("old", text.encode("latin-1"), fmt)
    assert doc.raw == text
    assert len(doc.refs) == 1 and doc.refs[0].url.startswith("https://")
    assert doc.refs[0].url in text
    assert doc.guessed_encoding in ("windows-1252", "ISO-8859-1")


def test_latin1_html_without_meta_keeps_its_links() -> None:
    src = '<p>Caf\u00e9 <a href="https://journal.example/caf\u00e9">cr\u00e8me</a></p>\n'
    doc = read_document("old.html", src.encode("latin-1"), "html")
    assert [r.url for r in doc.refs] == ["https://journal.example/caf\u00e9"]
    assert doc.encoding_warning is not None


def test_meta_charset_and_bom_come_first_and_say_nothing() -> None:
    src = '<meta charset="iso-8859-15"><a href="https://x.example/\u20ac">\u20ac</a>'
    doc = read_document("x.html", src.encode("iso-8859-15"), "html")
    assert doc.refs[0].url == "https://x.example/\u20ac"
    assert doc.encoding_warning is None
    doc = read_document("x.txt", codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le"), "text")
    assert doc.raw == GERMAN and doc.encoding_warning is None


def test_utf8_is_unaffected() -> None:
    data = (CP1252_TEXT + GERMAN + FRENCH).encode("utf-8")
    doc = read_document("new.txt", data, "text")
    assert doc.raw == CP1252_TEXT + GERMAN + FRENCH
    assert doc.guessed_encoding is None and doc.encoding_warning is None


def test_mostly_utf8_with_a_stray_byte_is_read_as_utf8_with_a_replacement() -> None:
    data = FRENCH.encode("utf-8") + b"caf\xe9 https://x.example/b\n"
    doc = read_document("mixed.txt", data, "text")
    assert doc.raw.startswith(FRENCH) and "caf\ufffd" in doc.raw
    assert [r.url for r in doc.refs] == ["https://journal.example/a", "https://x.example/b"]
    assert doc.encoding_warning is not None and "replaced" in doc.encoding_warning


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x01\x80\x08\x06" * 8,
        bytes(range(1, 9)) * 200,  # control-heavy, no NUL
    ],
)
def test_binary_is_still_refused(data: bytes) -> None:
    with pytest.raises(InputFileError, match="binary"):
        read_document("image.txt", data, "text")


def test_scan_reports_the_encoding_in_notes_and_json(run_cli, tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (tmp_path / "new.txt").write_text(GERMAN, encoding="utf-8")
    code, out, _err = run_cli("scan", "--offline", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert report["errors"] == []
    docs = {Path(d["source"]).name: d for d in report["documents"]}
    assert len(docs["old.txt"]["links"]) == 2
    warning = docs["old.txt"]["encoding_warning"]
    assert warning["encoding"] == "windows-1252" and "windows-1252" in warning["message"]
    assert docs["new.txt"]["encoding_warning"] is None
    [note] = [n for n in report["notes"] if "windows-1252" in n]
    assert "old.txt" in note
    code, out, _err = run_cli("scan", "--offline", str(tmp_path / "old.txt"))
    assert "old.txt" in out and "read as windows-1252" in out


def test_a_wrong_declaration_is_named_in_the_warning() -> None:
    src = '<meta charset="utf-8"><p>Caf\u00e9 <a href="https://journal.example/a">x</a></p>'
    doc = read_document("old.html", src.encode("cp1252"), "html")
    assert [r.url for r in doc.refs] == ["https://journal.example/a"]
    assert doc.raw.startswith('<meta charset="utf-8"><p>Caf\u00e9')
    assert doc.encoding_warning is not None
    assert doc.encoding_warning.startswith("declared UTF-8 but not valid UTF-8")
