"""The compact JSON report is written straight from the results: it must stay, byte for byte,
the compact encoding of `to_dict` (the public contract), whatever the evidence holds."""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
from dataclasses import replace

import pytest

from linkaudit.model import (
    AuditResult,
    DateMention,
    DocumentResult,
    InputError,
    LinkCheck,
    LinkRef,
    PageMeta,
    Region,
    Severity,
)
from linkaudit.report.json import render, to_dict
from tests.report_fixtures import harbour_result, many_links_result


class _Level(enum.IntEnum):
    LOW = 1


def _encoded(result: AuditResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, separators=(",", ":")) + "\n"


def _odd_result() -> AuditResult:
    """The harbour report with every kind of value evidence and facts may carry."""
    base = harbour_result()
    article = base.documents[0]
    mention = DateMention(text="Sept. 19", kind="month-day", offset=0, line=3, column=4)
    evidence = {
        "date": dt.date(2023, 9, 19),
        "when": dt.datetime(2023, 9, 19, 10, 30),
        "tuple": (1, 2.5, "three", None, True),
        "set": {"only"},
        "frozen": frozenset({7}),
        "mention": mention,
        "proxy": types.MappingProxyType({"a": 1, 2: "b"}),
        "int_keys": {1: "one", 2: "two"},
        "mixed_keys": {1: "int", "1": "str", None: "none", False: "bool", 2.5: "float"},
        "enum_key": {Severity.ERROR: 1},
        "enum_value": Severity.WARNING,
        "region": Region.CHROME,
        "int_enum": _Level.LOW,
        "floats": [0.1, 1e16, -0.0, 1.5e-7, float("nan"), float("inf"), float("-inf")],
        "text": 'quote " backslash \\ newline \n tab \t nul \x00 esc \x1b del \x7f é 漢字 😀',
        "nested": [{"deep": [{"deeper": (dt.date(2020, 1, 1),)}]}],
        "empty": {},
        "empty_list": [],
        "integer": 42,
        "object": types.SimpleNamespace(x=1),
    }
    first = replace(
        article.findings[0],
        evidence=evidence,
        message="message with \u2028 and \x85",
        suggestion='say "this"',
    )
    odd_ref = LinkRef(
        url='https://example.org/ü?q="x"',
        line=4,
        column=2,
        text='text "quoted"\nnext line',
        element="img",
        region=Region.CHROME,
        in_code=True,
        cited_title="A \\ title",
    )
    odd_link = replace(
        article.links[0],
        url='https://example.org/ü?q="x"',
        fragment="frag ment",
        locations=(odd_ref, odd_ref),
        check=LinkCheck(
            status="redirected",
            http_status=301,
            final_url="https://example.org/final",
            redirects=(
                {"url": "https://example.org/a", "status": 301},
                types.MappingProxyType({"url": "https://example.org/b", "status": 308}),
            ),
            from_cache=True,
            error="tls",
            reason='why "not"',
        ),
        page=PageMeta(title="Tïtle", canonical="https://example.org/c", lang="de", h1="H"),
    )
    odd = replace(
        article, findings=(first, *article.findings[1:]), links=(odd_link, *article.links)
    )
    return replace(
        base,
        documents=(odd, *base.documents[1:]),
        notes=("a note", 'with "quotes"'),
        network_down=True,
        skipped_files=3,
        baseline={"file": "b.json", "baselined": 2, "fixed": [{"rule": "LINK001", "n": (1, 2)}]},
    )


@pytest.mark.parametrize("build", [harbour_result, many_links_result, _odd_result])
def test_compact_report_is_the_dict_encoded(build) -> None:
    result = build()
    assert render(result, pretty=False) == _encoded(result)


def test_compact_report_of_an_empty_scan() -> None:
    result = AuditResult(documents=())
    assert render(result, pretty=False) == _encoded(result)


def test_pretty_report_is_unchanged() -> None:
    result = _odd_result()
    assert render(result, pretty=True) == (
        json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"
    )


def test_reports_with_document_results_in_any_state() -> None:
    article = harbour_result().documents[0]
    bare = DocumentResult(article.document, (), (), None, (), suppressed=2)
    result = AuditResult(documents=(bare, article), errors=(InputError("x", 'bad "x"'),))
    assert render(result, pretty=False) == _encoded(result)
