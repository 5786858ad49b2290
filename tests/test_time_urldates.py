"""Dates in URLs: the forms sites use, and numbers that only look like dates."""

from __future__ import annotations

import datetime as dt

import pytest

from linkaudit.extract.urldates import url_date


@pytest.mark.parametrize(
    "url, day, precision",
    [
        ("https://news.example/2026/06/14/a-story", dt.date(2026, 6, 14), "day"),
        ("https://news.example/2026/6/4/a-story", dt.date(2026, 6, 4), "day"),
        ("https://news.example/2026/06/", dt.date(2026, 6, 1), "month"),
        ("https://news.example/world/20260614/a-story", dt.date(2026, 6, 14), "day"),
        ("https://news.example/a-story-2026-06-14-update", dt.date(2026, 6, 14), "day"),
        ("https://news.example/view?id=7&date=2026-06-14", dt.date(2026, 6, 14), "day"),
        ("https://news.example/2019/a-long-story-slug", dt.date(2019, 1, 1), "year"),
        # a number starting the slug is the title's ("18 best jokes"): only the month is known
        (
            "https://news.example/2016/09/18-best-jokes-of-the-night.html",
            dt.date(2016, 9, 1),
            "month",
        ),
        ("https://news.example/2016/09/31-facts-about-ferries", dt.date(2016, 9, 1), "month"),
        ("https://news.example/2016/09/18-лучших-шуток", dt.date(2016, 9, 1), "month"),
        # the day stands alone, or another day form follows it: still the day
        ("https://news.example/2016/09/18/best-jokes-of-the-night", dt.date(2016, 9, 18), "day"),
        ("https://news.example/2016/09/18.html", dt.date(2016, 9, 18), "day"),
        ("https://news.example/2016/09/18", dt.date(2016, 9, 18), "day"),
        ("https://news.example/2016/09/18-2.html", dt.date(2016, 9, 18), "day"),
        ("https://news.example/2016/09/18_best-jokes", dt.date(2016, 9, 18), "day"),
        ("https://news.example/2016/09/18-best-jokes-2016-09-18", dt.date(2016, 9, 18), "day"),
    ],
)
def test_url_dates(url: str, day: dt.date, precision: str) -> None:
    found = url_date(url)
    assert found is not None
    assert (found.date, found.precision) == (day, precision)


def test_iso_of_month_precision() -> None:
    found = url_date("https://news.example/2026/06/")
    assert found is not None and found.iso() == "2026-06"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/1234/5678/",
        "https://news.example/2026/13/45/story",
        "https://news.example/2023/02/30/story",
        "https://news.example/item/20231345",
        "https://news.example/p/12345678901",
        "https://t.me/somechannel/6267",
        "https://news.example/2026/",
        "https://news.example/story",
        "http://[::1",
    ],
)
def test_not_dates(url: str) -> None:
    assert url_date(url) is None


def test_month_spelled_in_the_path() -> None:
    from linkaudit.extract.urldates import url_date

    found = url_date("https://news.example/world/2019/nov/18/harbour-story")
    assert found is not None and (found.iso(), found.precision) == ("2019-11-18", "day")
    assert url_date("https://news.example/2019/feb/30/story") is None
    assert url_date("https://news.example/2019/novel/5/story").precision != "day"  # type: ignore[union-attr]
