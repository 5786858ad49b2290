"""Retrospective texts: month-days tied to an earlier year, years reasoned on from past events,
and date headings that the text itself contradicts."""

from __future__ import annotations

import datetime as dt

from linkaudit.engine.registry import Severity
from linkaudit.extract.dates import extract_mentions
from linkaudit.extract.reference import score_candidates
from linkaudit.model import TextMap
from tests.time_helpers import build, run

# March 5 was a Tuesday in 2019 and in 2024; the vote was in 2019.
PIER = (
    "In 2019 the council voted, on Tuesday, March 5, to close the pier. Five years after the "
    "vote, residents said on Monday that the beach had never recovered.\n"
    "See https://news.example/2024/05/20/pier-anniversary for the follow-up.\n"
)


def test_month_day_tied_to_an_earlier_year_of_its_sentence_is_not_read_later() -> None:
    mentions = extract_mentions(TextMap(PIER))
    by_year = {c.year: c for c in score_candidates(mentions, text=PIER)}
    assert not any("Tuesday, March 5" in r for r in by_year[2024].reasons)
    assert "weekday" not in by_year[2024].support
    assert any("is a Tuesday in 2019" in r for r in by_year[2019].reasons)


def test_pier_is_not_pinned_to_a_day_in_the_later_year() -> None:
    ctx = build(PIER)
    ref = ctx.reference
    assert ref is None or (not ref.firm and ref.latest is None and ref.precision == "year")
    assert ref is None or ref.date != dt.date(2024, 3, 5)
    assert [i for i in run("TIME001", ctx) if i.severity == Severity.ERROR] == []


def test_year_reasoned_on_from_earlier_events_is_a_year_never_firm() -> None:
    text = (
        "In 2019 the council voted, on Tuesday, March 5, to close the pier.\n"
        "Five years after the vote, residents said on Monday that the beach had not recovered, "
        "five years after the 2019 storm.\n"
        "See https://news.example/2024/05/20/pier-anniversary\n"
    )
    ref = build(text).reference
    assert ref is not None
    assert (ref.date, ref.precision, ref.firm, ref.latest) == (
        dt.date(2024, 1, 1),
        "year",
        False,
        None,
    )
    assert run("TIME001", build(text)) == []


def test_same_sentence_span_moves_the_month_day_to_the_later_year() -> None:
    # May 3 was a Sunday in 2015 and 2020; "five years after the 2015 ban" puts it in 2020.
    text = "Sunday, May 3: the rally went ahead, five years after the 2015 ban.\n"
    ref = build(text).reference
    assert ref is not None and ref.date == dt.date(2020, 5, 3)


def test_earlier_year_in_another_paragraph_does_not_tie_the_month_day() -> None:
    # April 6 was a Wednesday in 2016 and 2011; 2011 is named in another paragraph only.
    text = (
        "The old channel was dredged in 2011.\n"
        "\n"
        "The port reopened on Wednesday, officials said Wednesday. Ships had been stuck there "
        "since March 2015. On April 6, inspectors declared the channel clear, just over a year "
        "after the 2015 closure.\n"
    )
    ref = build(text).reference
    assert ref is not None
    assert (ref.date, ref.precision, ref.firm) == (dt.date(2016, 4, 6), "day", True)


def test_lone_date_heading_of_a_retrospective_is_not_a_dateline() -> None:
    text = (
        "September 11, 2001\n"
        "\n"
        "Twenty years later, the families still gather at the memorial every September.\n"
        "See https://news.example/2021/09/10/memorial for more.\n"
    )
    ctx = build(text)
    assert ctx.reference is None or ctx.reference.source != "dateline"
    assert ctx.reference is None or not ctx.reference.firm
    assert [i for i in run("TIME001", ctx) if i.severity == Severity.ERROR] == []


def test_dateline_before_an_event_the_text_reports_is_not_used() -> None:
    text = "March 3, 2015\n\nThe bridge, which collapsed in 2019, has finally been rebuilt.\n"
    ref = build(text).reference
    assert ref is None or ref.source != "dateline"


def test_dateline_with_the_wrong_weekday_is_not_used() -> None:
    # 19 September 2026 is a Saturday: TIME003 flags it, and it dates nothing.
    text = "Tuesday, Sept. 19, 2026\n\nThe council met on Tuesday and voted on the budget.\n"
    ctx = build(text)
    assert ctx.reference is None or ctx.reference.source != "dateline"
    assert len(run("TIME003", ctx)) == 1


def test_lone_date_heading_still_a_dateline_when_nothing_contradicts_it() -> None:
    text = "Sept. 19, 2023\n\nThe council met and voted on the budget, three years after the 2020 war.\n"
    ref = build(text).reference
    assert ref is not None and (ref.source, ref.date) == ("dateline", dt.date(2023, 9, 19))


def test_wire_datelines_are_recognised_on_long_lines() -> None:
    body = (
        " The central bank held its main rate on Tuesday, officials said, in a decision that "
        "markets had widely expected after weeks of careful signals from its governors.\n"
    )
    for head in (
        "LONDON, Sept. 19, 2023 —",
        "LONDON, Sept. 19, 2023 (Reuters) -",
        "NEW YORK, N.Y., September 19, 2023 --",
        "PARIS (AFP), 19 September 2023 –",
    ):
        ref = build(head + body).reference
        assert ref is not None, head
        assert (ref.source, ref.date) == ("dateline", dt.date(2023, 9, 19)), head


def test_a_sentence_with_a_date_is_not_a_wire_dateline() -> None:
    text = (
        "The Bank of England, on Sept. 19, 2023 — a Tuesday — held its main rate, officials "
        "said, in a decision that markets had widely expected after weeks of signals.\n"
    )
    ref = build(text).reference
    assert ref is None or ref.source != "dateline"
