"""htmldate is only ever handed a parsed tree: a URL-like document must never be fetched."""

from __future__ import annotations

import datetime as dt
import socket
import warnings
from pathlib import Path
from typing import Any

import pytest

from linkaudit.extract.htmldates import htmldate_of
from linkaudit.extract.reference import metadata_date
from linkaudit.model import DocMeta, Document, TextMap
from linkaudit.net.meta import parse_page_meta
from linkaudit.readers.html import parse_html

URL_ONLY = "http://127.0.0.1:9/x"


@pytest.fixture
def no_traffic(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Fail loudly on any fetch: htmldate's downloader, and every socket connect."""
    import htmldate.core
    import htmldate.utils

    calls: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        raise AssertionError(f"network traffic attempted: {args!r}")

    monkeypatch.setattr(htmldate.utils, "fetch_url", refuse)
    if hasattr(htmldate.core, "fetch_url"):
        monkeypatch.setattr(htmldate.core, "fetch_url", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return calls


def test_wrapper_never_fetches_a_url_like_string(no_traffic: list[Any]) -> None:
    assert htmldate_of(URL_ONLY) is None
    assert htmldate_of(URL_ONLY.encode()) is None
    assert no_traffic == []


def test_wrapper_reads_markup_strings_bytes_and_trees() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2021-03-04T10:00:00Z">'
        "</head><body><p>Text</p></body></html>"
    )
    assert htmldate_of(html) == dt.date(2021, 3, 4)
    assert htmldate_of(html.encode()) == dt.date(2021, 3, 4)
    declared = '<?xml version="1.0" encoding="utf-8"?>' + html  # lxml refuses this as str
    assert htmldate_of(declared) == dt.date(2021, 3, 4)
    assert htmldate_of("") is None
    assert htmldate_of("   ") is None


def test_document_metadata_of_a_url_only_document_sends_nothing(no_traffic: list[Any]) -> None:
    doc = Document(
        source="a.html",
        format="html",
        raw=URL_ONLY,
        text=TextMap(URL_ONLY),
        refs=(),
        meta=DocMeta(raw_html=URL_ONLY),
    )
    assert metadata_date(doc) is None
    assert no_traffic == []


def test_page_meta_of_a_url_only_page_sends_nothing(no_traffic: list[Any]) -> None:
    assert parse_page_meta(URL_ONLY, "https://example.org/a").published is None
    assert no_traffic == []


def test_offline_scan_of_a_url_only_html_file_sends_nothing(
    run_cli: Any, tmp_path: Path, no_traffic: list[Any]
) -> None:
    for name in ("a.html", "a.txt", "a.md"):
        f = tmp_path / name
        f.write_text(URL_ONLY, encoding="utf-8")
        code, _out, err = run_cli("scan", "--offline", "--format", "json", str(f))
        assert code in (0, 1)
        assert "MarkupResemblesLocatorWarning" not in err
    assert no_traffic == []


def test_parse_html_is_silent_on_url_like_input() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse_html(URL_ONLY)
        parse_html("index.html")
    assert [w for w in caught if "resembl" in type(w.message).__name__.lower()] == []
