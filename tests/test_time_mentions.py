"""Date mentions: each form, and the numbers that must not become years."""

from __future__ import annotations

import pytest

from linkaudit.extract.dates import detect_language, extract_mentions
from linkaudit.model import DateMention, TextMap


def mentions(text: str, **kw: object) -> tuple[DateMention, ...]:
    return extract_mentions(TextMap(text), **kw)  # type: ignore[arg-type]


def one(text: str, **kw: object) -> DateMention:
    found = mentions(text, **kw)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, ymd",
    [
        ("The vote was held on Oct. 3, 2021 in the capital.", (2021, 10, 3)),
        ("It closed on 4 March 2019 after a long dispute.", (2019, 3, 4)),
        ("The ship sailed on July 21st, 2015 from the port.", (2015, 7, 21)),
        ("Filed 2018-02-27 by the clerk.", (2018, 2, 27)),
        ("Signed on the 9th of June, 2011 at noon.", (2011, 6, 9)),
        ("Dated 11/25/2020 in the ledger.", (2020, 11, 25)),
        ("Dated 25/11/2020 in the ledger.", (2020, 11, 25)),  # 25 cannot be a month
        ("Dated 12.01.2022 in the ledger.", (2022, 1, 12)),  # dots are day first
    ],
)
def test_full_dates(text: str, ymd: tuple[int, int, int]) -> None:
    m = one(text)
    assert m.kind == "full-date"
    assert (m.year, m.month, m.day) == ymd


def test_day_first_setting() -> None:
    assert (one("on 05/06/2023 it rained").month, one("on 05/06/2023 it rained").day) == (5, 6)
    m = one("on 05/06/2023 it rained", day_first=True)
    assert (m.month, m.day) == (6, 5)


def test_weekday_prefix_is_kept_on_the_date() -> None:
    m = one("Officials met on Friday, Jan. 13, 2017 to sign it.")
    assert m.kind == "full-date" and m.weekday == 4 and (m.year, m.month, m.day) == (2017, 1, 13)


def test_position_line_and_column() -> None:
    text = "First line.\nThe talks began on Aug. 2 in the evening."
    m = one(text)
    assert (m.line, m.column, m.text) == (2, 20, "Aug. 2")
    assert m.offset == text.index("Aug. 2")
    assert "talks began" in m.context


@pytest.mark.parametrize(
    "text, md",
    [
        ("Crews arrived on Aug. 2 with supplies.", (8, 2)),
        ("Crews arrived on 14 February with supplies.", (2, 14)),
        ("Crews arrived on December 30th with supplies.", (12, 30)),
    ],
)
def test_month_day(text: str, md: tuple[int, int]) -> None:
    m = one(text)
    assert m.kind == "month-day" and (m.month, m.day) == md and m.year is None


def test_month_year_and_since() -> None:
    m = one("Prices have doubled since February 2019, traders say.")
    assert (m.kind, m.year, m.month) == ("month-year", 2019, 2)


def test_year_decade_range() -> None:
    found = mentions("Floods hit in 2011, as in the 1970s and again in 1998-99.")
    kinds = [(m.kind, m.year) for m in found]
    assert kinds == [("year", 2011), ("decade", 1970), ("year-range", 1998)]
    assert found[2].offset_years == 1


def test_short_decade() -> None:
    m = one("a sound from the '80s")
    assert (m.kind, m.year) == ("decade", 1980)


@pytest.mark.parametrize(
    "text, weekday",
    [
        ("The minister said Wednesday that talks would go on.", 2),
        ("Protesters gathered on Sunday near the square.", 6),
        ("Thursday's decision surprised traders.", 3),
    ],
)
def test_weekdays(text: str, weekday: int) -> None:
    m = one(text)
    assert m.kind == "weekday" and m.weekday == weekday


def test_weekday_names_that_are_not_dates() -> None:
    assert mentions("Shops expect crowds on Black Friday and on Good Friday.") == ()
    assert mentions("The market opens on Mondays.") == ()


def test_next_weekday_is_future() -> None:
    assert one("They will vote next Monday.").tense == "future"


@pytest.mark.parametrize(
    "text, years, days, anchor, qualifier",
    [
        ("It came nearly four years after the ceasefire.", 4, None, "after", "nearly"),
        ("The plant closed two years ago.", -2, None, "ago", None),
        ("It opened more than 10 years since the crash.", 10, None, "since", "more than"),
        ("Talks resumed three weeks ago.", None, -21, "ago", None),
        ("He resigned last week.", None, -7, "last-week", None),
        ("Elections are due next year.", 1, None, "next-year", None),
        ("Rates rose earlier this month.", None, 0, "this-month", "earlier"),
        ("The bridge reopened yesterday.", None, -1, "now", None),
    ],
)
def test_relative(
    text: str, years: float | None, days: int | None, anchor: str, qualifier: str | None
) -> None:
    m = one(text)
    assert m.kind == "relative"
    assert m.offset_years == years and m.offset_days == days
    assert m.anchor == anchor and m.qualifier == qualifier


def test_next_year_is_future() -> None:
    assert one("Elections are due next year.").tense == "future"


@pytest.mark.parametrize(
    "text",
    [
        "The ticket cost $2,020 at the door.",
        "The ticket cost $2020 at the door.",
        "About 2,000 peacekeepers were sent.",
        "Some 1500 peacekeepers were sent.",
        "At least 80 others were hurt.",
        "ISBN 978-3-16-148410-0 is printed inside.",
        "ISBN 0-306-40615-2 is printed inside.",
        "Call +1 202 555 2019 or (202) 555-2021.",
        "Upgrade to version 2020.1 or Python 3.11 today.",
        "Athletes arrived for Tokyo 2020 and Birmingham 2022.",
        "The tower is 1200 m tall.",
        "Turnout rose to 2018 votes in the ward.",
        "It was 1999.5 on the meter.",
    ],
)
def test_numbers_that_are_not_years(text: str) -> None:
    years = [m for m in mentions(text) if m.kind in ("year", "year-range", "decade", "full-date")]
    assert years == [], years


@pytest.mark.parametrize(
    "text", ["Emissions must halve by 2030.", "The bridge is due in 2022.", "It will open in 2027."]
)
def test_future_years_are_marked(text: str) -> None:
    m = one(text)
    assert m.kind == "year" and m.tense == "future"


def test_past_year_is_past() -> None:
    assert one("The bridge opened in 2022.").tense == "past"
    assert one("He won by 30 points in 2016.").tense == "past"


def test_possessive_name_before_year_is_still_a_year() -> None:
    assert one("Merkel's 2015 decision").year == 2015


@pytest.mark.parametrize(
    "text, lang, ymd",
    [
        ("Die Sitzung fand am 19. September 2023 statt.", "de", (2023, 9, 19)),
        ("Der Vertrag wurde am 3. März 2021 unterzeichnet.", "de", (2021, 3, 3)),
        ("La réunion a eu lieu le 19 septembre 2023 à Paris.", "fr", (2023, 9, 19)),
        ("Le texte a été publié le 1er août 2020.", "fr", (2020, 8, 1)),
        ("Встреча прошла 19 сентября 2023 года в Москве.", "ru", (2023, 9, 19)),
    ],
)
def test_foreign_full_dates(text: str, lang: str, ymd: tuple[int, int, int]) -> None:
    m = [x for x in mentions(text, lang=lang) if x.kind == "full-date"]
    assert len(m) == 1 and (m[0].year, m[0].month, m[0].day) == ymd


def test_language_detection() -> None:
    de = "Die Regierung hat am Montag mit der Opposition gesprochen und es wurde nicht gelöst, "
    assert detect_language(de * 3) == "de"
    fr = "Les ministres se sont réunis dans la capitale pour une session qui a été longue, "
    assert detect_language(fr * 3) == "fr"
    assert detect_language("Правительство России заявило во вторник о новых мерах.") == "ru"
    assert detect_language("The government said on Monday it would act.") is None


def test_detected_language_enables_its_months() -> None:
    text = "Die Regierung hat die Sitzung und die Abstimmung am 19. September 2023 beendet."
    assert [m.year for m in mentions(text) if m.kind == "full-date"] == [2023]


def test_impossible_dates_are_dropped() -> None:
    assert [m for m in mentions("on Feb. 30, 2021 and 2021-02-30") if m.kind == "full-date"] == []


def test_lower_case_may_and_march_are_verbs() -> None:
    assert mentions("They may 5 times march 3 miles.") == ()


def test_no_dates_at_all() -> None:
    assert mentions("A quiet text with 42 numbers, 7 cats and no dates.") == ()
