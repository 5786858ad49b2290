"""Every rule's "Fires" and "Does not fire" cases, as data (one YAML file per rule).

The cases live beside the rules in ``linkaudit/checks/cases/<ID>.yaml`` (sqlfluff's style of
rule test cases): a rule's examples are part of the rule, and the suite runs every one. A case
is a small document (and, for rules that read the tree or the network, the files around it or
the check results its URLs would get); it states whether the rule fires and, optionally, how
often, on which line, at which severity and with what words in the message.

Case fields (all but ``name``, ``text`` and ``fires`` optional)::

    name: what the case shows            fires: true | false
    text: the document                   format: markdown | html | text (default markdown)
    path: where the document stands in the tree (default doc.md / doc.html / doc.txt)
    files: {relative path: text}         other files of the tree (config, linked pages)
    options: {published, today, pack, all_regions, day_first, root_dir, base_url}
                                         (pack: a name, or a file among ``files``)
    checks: {url: {status, http_status, final_url, redirects, error, reason, content_type,
             https_url, archive_url, archive_timestamp, first_capture, body_truncated,
             title, h1, site_name, published, modified, canonical, anchors, url_date}}
                                         canned network answers: the rule runs online
    count, line, column, severity, message (a substring), url
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from linkaudit.api import ScanOptions, analyse_document, audit
from linkaudit.engine.packs import load_pack
from linkaudit.engine.registry import RuleContext, all_rules
from linkaudit.engine.runner import active_rules, make_findings
from linkaudit.model import Finding, LinkCheck, PageMeta, UrlDate
from linkaudit.readers import read_document

CASES_DIR = Path(__file__).resolve().parents[1] / "linkaudit" / "checks" / "cases"
TODAY = dt.date(2026, 11, 24)
EXTENSIONS = {"markdown": "md", "html": "html", "text": "txt"}
CASE_KEYS = {
    "name", "text", "fires", "format", "path", "files", "options", "checks",
    "count", "line", "column", "severity", "message", "url",
}  # fmt: skip
OPTION_KEYS = {
    "published", "today", "pack", "all_regions", "day_first", "root_dir", "base_url",
}  # fmt: skip


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for file in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        assert data["rule"] == file.stem, f"{file.name}: rule {data['rule']} in the wrong file"
        for case in data["cases"]:
            cases.append((data["rule"], case))
    return cases


CASES = _load()


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _options(case: dict[str, Any], rule: str, root: Path, offline: bool) -> ScanOptions:
    given = case.get("options") or {}
    unknown = set(given) - OPTION_KEYS
    assert not unknown, f"unknown options {sorted(unknown)}"
    pack = given.get("pack", "default")
    if (root / pack).is_file():  # a pack among the case's files
        pack = str(root / pack)
    return ScanOptions(
        offline=offline,
        pack=pack,
        select=(rule,),
        published=_date(given.get("published")),
        today=_date(given.get("today")) or TODAY,
        all_regions=bool(given.get("all_regions", False)),
        day_first=bool(given.get("day_first", False)),
        root_dir=root / given["root_dir"] if "root_dir" in given else None,
        base_url=given.get("base_url"),
    )


def _offline_findings(rule: str, case: dict[str, Any], tmp: Path, doc_path: Path) -> list[Finding]:
    result = audit([str(doc_path)], _options(case, rule, tmp, offline=True))
    assert not result.errors, result.errors
    (document,) = result.documents
    return list(document.findings)


def _online_findings(rule: str, case: dict[str, Any], doc_path: Path, fmt: str) -> list[Finding]:
    """Canned results stand in for the network, exactly as ``linkaudit.net`` would fill them."""
    options = _options(case, rule, doc_path.parent, offline=False)
    doc = read_document(doc_path.name, doc_path.read_bytes(), fmt)
    facts = analyse_document(doc, options)
    canned = case["checks"]
    links = []
    for link in facts.links:
        given = canned.get(link.url) or canned.get(link.normalized_url)
        if given is None:
            links.append(link)
            continue
        check = LinkCheck(
            status=given.get("status", "ok"),
            http_status=given.get("http_status", 200),
            final_url=given.get("final_url", link.normalized_url),
            redirects=tuple(given.get("redirects", ())),
            error=given.get("error"),
            reason=given.get("reason"),
            content_type=given.get("content_type"),
            https_url=given.get("https_url"),
            archive_url=given.get("archive_url"),
            archive_timestamp=given.get("archive_timestamp"),
            first_capture=given.get("first_capture"),
            body_truncated=bool(given.get("body_truncated", False)),
        )
        anchors = given.get("anchors")
        page = PageMeta(
            title=given.get("title"),
            h1=given.get("h1"),
            site_name=given.get("site_name"),
            canonical=given.get("canonical"),
            published=given.get("published"),
            modified=given.get("modified"),
            anchors=frozenset(anchors) if anchors is not None else None,
        )
        url_date = link.url_date
        if "url_date" in given:
            day = _date(given["url_date"])
            url_date = UrlDate(day, "day", str(given["url_date"])) if day else None
        links.append(replace(link, check=check, page=page, url_date=url_date))
    ctx = RuleContext(
        doc, tuple(links), facts.mentions, facts.reference, {}, options.today or TODAY,
        offline=False, all_regions=options.all_regions,
    )  # fmt: skip
    pack = load_pack(options.pack) if isinstance(options.pack, str) else options.pack
    active = active_rules(pack, select=(rule,), offline=False)
    return list(make_findings(active, ctx, source=doc.source, relpath=doc.source))


@pytest.mark.parametrize(
    ("rule", "case"), CASES, ids=[f"{rule}: {case.get('name', '?')}" for rule, case in CASES]
)
def test_rule_case(rule: str, case: dict[str, Any], tmp_path: Path) -> None:
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"unknown case keys {sorted(unknown)}"
    fmt = case.get("format", "markdown")
    for rel, text in (case.get("files") or {}).items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    doc_path = tmp_path / case.get("path", f"doc.{EXTENSIONS[fmt]}")
    doc_path.parent.mkdir(parents=True, exist_ok=True)
    doc_path.write_text(case["text"], encoding="utf-8")
    if case.get("checks"):
        found = _online_findings(rule, case, doc_path, fmt)
    else:
        found = _offline_findings(rule, case, tmp_path, doc_path)
    mine = [f for f in found if f.rule == rule]
    shown = [(f.line, f.column, f.severity, f.message) for f in mine]
    if not case["fires"]:
        assert mine == [], shown
        return
    assert mine, f"{rule} did not fire"
    if "count" in case:
        assert len(mine) == case["count"], shown
    first = mine[0]
    if "line" in case:
        assert first.line == case["line"], shown
    if "column" in case:
        assert first.column == case["column"], shown
    if "severity" in case:
        assert first.severity.value == case["severity"], shown
    if "message" in case:
        assert case["message"] in first.message, shown
    if "url" in case:
        assert first.url == case["url"], shown


def test_every_rule_has_cases_that_fire_and_cases_that_do_not() -> None:
    by_rule: dict[str, set[bool]] = {}
    for rule, case in CASES:
        by_rule.setdefault(rule, set()).add(bool(case["fires"]))
    missing = [r.id for r in all_rules() if by_rule.get(r.id) != {True, False}]
    assert missing == [], f"rules without both kinds of case in {CASES_DIR}: {missing}"
