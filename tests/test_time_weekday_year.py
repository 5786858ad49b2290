"""TIME003 for a month-day without a year: read it on or before the declared date."""

from __future__ import annotations

import datetime as dt

from tests.time_helpers import build, run


def test_month_day_across_the_new_year_is_read_in_the_year_before() -> None:
    # Dec. 29, 2023 was a Friday; Dec. 29, 2024 is a Sunday.
    ctx = build(
        "The market closed early on Friday, Dec. 29, traders said.\n", published=dt.date(2024, 1, 3)
    )
    assert run("TIME003", ctx) == []


def test_wrong_weekday_across_the_new_year_still_fires_with_the_right_date() -> None:
    ctx = build(
        "The market closed early on Thursday, Dec. 29, traders said.\n",
        published=dt.date(2024, 1, 3),
    )
    (issue,) = run("TIME003", ctx)
    assert issue.evidence["date"] == "2023-12-29"
    assert "2023-12-29 is a Friday, not a Thursday" in issue.message


def test_upcoming_month_day_shortly_after_the_reference_date() -> None:
    # Jan. 5, 2024 was a Friday: an upcoming day two days after the piece.
    ctx = build(
        "The vote is set for Friday, Jan. 5, officials said.\n", published=dt.date(2024, 1, 3)
    )
    assert run("TIME003", ctx) == []


def test_month_day_in_the_same_year_before_the_reference_date() -> None:
    # Sept. 19, 2023 was a Tuesday; a Wednesday there is wrong.
    ok = build("The council met on Tuesday, Sept. 19, to vote.\n", published=dt.date(2023, 9, 20))
    assert run("TIME003", ok) == []
    bad = build(
        "The council met on Wednesday, Sept. 19, to vote.\n", published=dt.date(2023, 9, 20)
    )
    (issue,) = run("TIME003", bad)
    assert issue.evidence["date"] == "2023-09-19"


def test_leap_day_without_a_year_reads_the_last_leap_year() -> None:
    # Feb. 29, 2024 was a Thursday; the piece is dated 2026.
    ctx = build(
        "The rules changed on Thursday, Feb. 29, the agency said.\n", published=dt.date(2026, 3, 1)
    )
    assert run("TIME003", ctx) == []
