"""TIME001–TIME005 on documents built directly from text and links."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from linkaudit.engine.registry import REGISTRY
from linkaudit.model import PageMeta, Severity
from tests.time_helpers import KARABAKH, build, run

MT = "https://www.themoscowtimes.com/2026/06/14/war-is-returning-to-nagorno-karabakh-because-the-world-did-nothing-to-stop-it"

STORY = (
    "Rescue teams reached the valley on Wednesday, officials said Wednesday.\n"
    "The road had been closed since January 2019, and on March 4 the first trucks got through,\n"
    "just over a year after the 2019 landslide.\n"
    "Source: https://news.example/{src}/road-reopens\n"
)


def karabakh() -> str:
    if not KARABAKH.exists():
        pytest.skip("shared example not present")
    return KARABAKH.read_text(encoding="utf-8")


def test_rules_are_registered_with_catalog_metadata() -> None:
    run("TIME001", build("x"))
    assert REGISTRY["TIME001"].name == "source-after-article"
    assert REGISTRY["TIME001"].severity is Severity.ERROR
    assert REGISTRY["TIME003"].severity is Severity.WARNING
    assert REGISTRY["TIME005"].enabled_by_default is False
    for rid in ("TIME001", "TIME002", "TIME003", "TIME004", "TIME005"):
        doc = REGISTRY[rid].doc
        assert "Fires" in doc and "Does not fire" in doc and "How to fix" in doc


def test_karabakh_time001_error_with_evidence() -> None:
    ctx = build(karabakh())
    issues = run("TIME001", ctx)
    assert len(issues) == 1
    (issue,) = issues
    assert issue.url == MT and issue.severity is None  # the pack's default: error
    assert (issue.line, issue.column) == (64, 1)
    assert "2026-06-14" in issue.message and "2023-09-19" in issue.message
    assert "'Sept. 19' + 'Tuesday' → 2023" in issue.message
    assert "'nearly three years after' 2020" in issue.message
    ev = issue.evidence
    assert ev["source_date"] == "2026-06-14" and ev["source_date_from"] == "url"
    assert ev["reference_date"]["date"] == "2023-09-19"
    assert ev["reference_date"]["precision"] == "day"
    assert ev["reference_date"]["firm"] is True
    mentions = ev["reference_date"]["mentions"]
    assert {"text": "Sept. 19", "kind": "month-day", "line": 96, "column": 5} in mentions
    assert len(ev["locations"]) == 2


def test_karabakh_no_other_time_findings() -> None:
    ctx = build(karabakh(), today=dt.date(2026, 12, 1))
    for rid in ("TIME002", "TIME003", "TIME004", "TIME005"):
        assert run(rid, ctx) == [], rid


def test_karabakh_without_weekdays_at_most_a_warning() -> None:
    text = re.sub(r"\b(on|said) Tuesday", r"\1 that day", karabakh())
    issues = run("TIME001", build(text))
    assert all(i.severity is Severity.WARNING for i in issues)


def test_karabakh_published_later_gives_time004_not_time001() -> None:
    ctx = build(karabakh(), published=dt.date(2026, 11, 1))
    assert run("TIME001", ctx) == []
    conflicts = run("TIME004", ctx)
    assert len(conflicts) == 1
    assert "2026-11-01" in conflicts[0].message and "2023-09-19" in conflicts[0].message


def test_time001_quiet_for_source_before_article() -> None:
    assert run("TIME001", build(STORY.format(src="2020/03/02"))) == []


def test_time001_fires_for_later_source() -> None:
    ctx = build(STORY.format(src="2020/05/02"))
    assert ctx.reference is not None and ctx.reference.date == dt.date(2020, 3, 4)
    (issue,) = run("TIME001", ctx)
    assert issue.severity is None and "2020-05-02" in issue.message


def test_time001_tolerance_from_params() -> None:
    ctx = build(STORY.format(src="2020/05/02"), params={"tolerance_days": 90})
    assert run("TIME001", ctx) == []


def test_time001_reads_page_published_date_and_shows_both() -> None:
    url = "https://news.example/2020/03/01/road-reopens"
    text = STORY.replace("https://news.example/{src}/road-reopens", url)
    ctx = build(text, pages={url: PageMeta(published="2024-01-09")})
    (issue,) = run("TIME001", ctx)
    assert "2024-01-09" in issue.message and "2020-03-01" in issue.message
    assert issue.evidence["source_date_from"] == "page"


def test_time001_warning_when_only_inferred() -> None:
    text = (
        "The dam was finished in 2004. The town marked it ten years after the dam opened,\n"
        "a decade after the 2004 ceremony.\n"
        "See https://news.example/2016/02/01/dam and https://news.example/2014/05/01/dam\n"
    )
    issues = run("TIME001", build(text))
    assert [(i.url, i.severity) for i in issues] == [
        ("https://news.example/2016/02/01/dam", Severity.WARNING)
    ]


def test_time001_nothing_without_reference_date() -> None:
    assert run("TIME001", build("No dates. https://news.example/2030/01/01/x\n")) == []


def test_time002_future_source() -> None:
    ctx = build("See https://news.example/2031/01/05/story\n", today=dt.date(2026, 5, 1))
    (issue,) = run("TIME002", ctx)
    assert "2031-01-05" in issue.message and "2026-05-01" in issue.message
    ctx = build("See https://news.example/2026/04/30/story\n", today=dt.date(2026, 5, 1))
    assert run("TIME002", ctx) == []


def test_time003_weekday_mismatch() -> None:
    (issue,) = run("TIME003", build("The vote came on Tuesday, Sept. 19, 2026, late at night.\n"))
    assert "Saturday" in issue.message and "Tuesday" in issue.message
    assert issue.evidence["years_where_it_fits"]
    assert run("TIME003", build("The vote came on Tuesday, Sept. 19, 2023, late.\n")) == []


def test_time003_month_day_against_declared_year() -> None:
    ctx = build("The vote came on Tuesday, Sept. 19, late.\n", published=dt.date(2026, 9, 20))
    assert len(run("TIME003", ctx)) == 1


def test_time004_quiet_when_declared_matches() -> None:
    assert run("TIME004", build(karabakh(), published=dt.date(2023, 9, 20))) == []


def test_time004_when_text_reports_later_events() -> None:
    text = "The court ruled on Jan. 5, 2022 that the law stands.\n"
    (issue,) = run("TIME004", build(text, published=dt.date(2020, 1, 1)))
    assert "2022-01-05" in issue.message


def test_time005_stale_source() -> None:
    text = STORY.format(src="2005/03/02")
    (issue,) = run("TIME005", build(text))
    assert "2005-03-02" in issue.message
    assert run("TIME005", build(STORY.format(src="2019/03/02"))) == []


def _with_first_capture(ctx, url: str, stamp: str):
    from dataclasses import replace as dc_replace

    from linkaudit.model import LinkCheck

    links = tuple(
        dc_replace(link, check=LinkCheck(status="ok", first_capture=stamp))
        if link.url == url
        else link
        for link in ctx.links
    )
    return dc_replace(ctx, links=links)


def test_time001_a_late_first_capture_corroborates_without_raising_severity() -> None:
    text = (
        "The dam was finished in 2004. The town marked it ten years after the dam opened,\n"
        "a decade after the 2004 ceremony.\n"
        "See https://news.example/2016/02/01/dam and https://news.example/2014/05/01/dam\n"
    )
    late = "https://news.example/2016/02/01/dam"
    (warning,) = run("TIME001", build(text))
    assert warning.severity == Severity.WARNING and "first_capture" not in warning.evidence
    (issue,) = run("TIME001", _with_first_capture(build(text), late, "20160203101500"))
    assert issue.severity == Severity.WARNING  # corroboration, not proof: late captures are common
    assert "first copy of it is from 2016-02-03" in issue.message
    assert issue.evidence["first_capture"] == "2016-02-03"


def test_time001_an_early_first_capture_or_none_changes_nothing() -> None:
    text = (
        "The dam was finished in 2004. The town marked it ten years after the dam opened,\n"
        "a decade after the 2004 ceremony.\n"
        "See https://news.example/2016/02/01/dam and https://news.example/2014/05/01/dam\n"
    )
    late, early = "https://news.example/2016/02/01/dam", "https://news.example/2014/05/01/dam"
    plain = run("TIME001", build(text))
    assert run("TIME001", _with_first_capture(build(text), late, "20120101000000")) == plain
    assert run("TIME001", _with_first_capture(build(text), late, "garbage")) == plain
    # a late capture alone never makes a finding: the source's own dates must be late
    assert run("TIME001", _with_first_capture(build(text), early, "20250101000000")) == plain
