"""URL numbers that are not the source's date: edition years, archive timestamps, IDs."""

from __future__ import annotations

import datetime as dt

import pytest

from linkaudit.engine.registry import Severity
from linkaudit.extract.urldates import url_date
from tests.time_helpers import build, run

PUBLISHED = dt.date(2021, 3, 1)


@pytest.mark.parametrize(
    "url",
    [
        "https://archive.ph/2024.06.14-101010/abcd",
        "https://archive.today/20240614101010/abcd",
        "https://archive.is/2024.06.14-101010/x",
        "https://web.archive.org/web/20240614101010/https://example.com/about",
        "https://web.archive.org/web/20240614101010id_/http:/example.com/news/x",
        "https://archive.org/details/report-2024-06-14",
        "https://github.com/owner/repo/pull/2024/12",
        "https://github.com/owner/repo/pull/2024",
        "https://github.com/owner/repo/issues/2023/05",
        "https://github.com/owner/repo/commit/20240614ab3f9c",
        "https://news.ycombinator.com/item?id=20240614",
        "https://www.facebook.com/permalink.php?story_fbid=20240614&id=42",
    ],
)
def test_archive_timestamps_and_ids_are_not_source_dates(url: str) -> None:
    assert url_date(url) is None


def test_wayback_and_archive_today_urls_give_the_original_urls_date() -> None:
    for url in (
        "https://web.archive.org/web/20240614101010/https://example.com/2019/03/05/story",
        "https://archive.ph/2024.06.14-101010/https://example.com/2019/03/05/story",
    ):
        ud = url_date(url)
        assert ud is not None and (ud.date, ud.precision) == (dt.date(2019, 3, 5), "day")


def test_real_url_dates_are_still_read() -> None:
    ud = url_date("https://example.com/2024/06/14/story")
    assert ud is not None and ud.date == dt.date(2024, 6, 14)
    ud = url_date("https://blog.example.com/posts/2024/06/14/story")
    assert ud is not None and ud.date == dt.date(2024, 6, 14)


def test_archive_and_id_urls_raise_no_time001() -> None:
    text = (
        "The report was released in 2020.\n"
        "See https://web.archive.org/web/20240614101010/https://example.com/report\n"
        "and https://archive.ph/2024.06.14-101010/abcd\n"
        "and https://github.com/owner/repo/pull/2024/12\n"
    )
    assert run("TIME001", build(text, published=PUBLISHED)) == []


def test_edition_year_in_a_path_is_not_an_error() -> None:
    # The 2022 schedule of an event may well be online in March 2021.
    text = "The festival returns next year: https://fest.example/events/2022/schedule\n"
    assert run("TIME001", build(text, published=PUBLISHED)) == []


def test_year_only_url_far_after_the_reference_is_at_most_a_warning() -> None:
    text = "The festival returns: https://fest.example/events/2024/schedule\n"
    (issue,) = run("TIME001", build(text, published=PUBLISHED))
    assert issue.severity == Severity.WARNING


def test_day_url_after_a_firm_reference_is_still_an_error() -> None:
    text = "See https://news.example/2021/06/14/story\n"
    (issue,) = run("TIME001", build(text, published=PUBLISHED))
    assert issue.severity is None  # the rule's configured severity: error


def test_time002_bare_url_year_of_next_year_is_an_edition_not_a_future_date() -> None:
    import datetime as dt

    from linkaudit.api import ScanOptions, audit

    def rules(url: str, tmp: str) -> dict[str, str]:
        from pathlib import Path

        p = Path(tmp) / "a.txt"
        p.write_text(f"The festival programme: {url}\n")
        result = audit([str(p)], ScanOptions(offline=True, today=dt.date(2026, 11, 24)))
        return {f.rule: f.severity.value for f in result.documents[0].findings}

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        assert "TIME002" not in rules("https://fest.example/events/2027/programme", tmp)
        assert rules("https://fest.example/events/2031/programme", tmp).get("TIME002") == "warning"
        assert rules("https://fest.example/2031/01/05/programme", tmp).get("TIME002") == "error"
