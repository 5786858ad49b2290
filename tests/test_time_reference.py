"""Reference-date inference: weekday/year reasoning, relative spans, metadata, datelines."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from linkaudit.extract.reference import infer_from_text, parse_date_value
from linkaudit.model import DocMeta
from tests.time_helpers import KARABAKH, build


def test_article_with_no_date_gives_none() -> None:
    ctx = build("The council met and talked. Nobody agreed on anything.\n")
    assert ctx.reference is None


def test_only_an_old_year_is_not_a_writing_date() -> None:
    # "in 2009" says the piece was written after 2009, not when: abstain.
    ctx = build("The factory, which opened in 2009, employs many people in the valley.\n")
    assert ctx.reference is None


def test_weekday_and_month_day_pick_the_year() -> None:
    text = (
        "The port reopened on Wednesday, officials said Wednesday.\n"
        "Ships had been stuck there since March 2015.\n"
        "On April 6, inspectors declared the channel clear, just over a year after the 2015 "
        "closure.\n"
    )
    # April 6 is a Wednesday in 2016 (and 2011, 2022); "over a year after" 2015 → 2016.
    ctx = build(text)
    ref = ctx.reference
    assert ref is not None
    assert (ref.date, ref.precision, ref.source) == (dt.date(2016, 4, 6), "day", "text")
    assert ref.firm and ref.latest == dt.date(2016, 4, 13)
    assert any("'April 6' + 'Wednesday' → 2016" in r for r in ref.reasons)


def test_full_date_on_a_named_weekday_dates_the_piece() -> None:
    # Oct. 9, 2018 was a Tuesday, the day the text speaks of: contemporaneous writing.
    text = (
        "The board voted on Tuesday to close the old ferry terminal.\n"
        "Its chair said Tuesday that the closure, approved on October 9, 2018, was final.\n"
    )
    ref = build(text).reference
    assert ref is not None
    assert (ref.date, ref.precision, ref.firm) == (dt.date(2018, 10, 9), "day", True)
    assert any("'October 9, 2018' is a Tuesday" in r for r in ref.reasons)


def test_full_date_on_another_weekday_is_not_enough() -> None:
    # Oct. 10, 2018 was a Wednesday: the weekday does not tie the piece to that date.
    text = (
        "The board voted on Tuesday to close the old ferry terminal.\n"
        "The closure was first proposed on October 10, 2018.\n"
    )
    assert build(text).reference is None


def test_one_relative_span_alone_does_not_date_a_piece() -> None:
    # "four years ago" may hang on an event the text never dates: abstain.
    text = "She won the seat in 2016. Four years ago her rival had won in a landslide.\n"
    assert build(text).reference is None


def test_relative_span_resolves_against_explicit_year() -> None:
    text = (
        "The dam was finished in 2004. The town marked the occasion exactly ten years after "
        "the dam opened, with music in the square, a decade after the 2004 ceremony.\n"
    )
    ref = build(text).reference
    assert ref is not None and ref.date.year == 2014 and ref.precision == "year"
    assert ref.latest is None and not ref.firm


def test_adjacent_weekday_that_disagrees_lowers_the_year() -> None:
    text = "Sunday, May 3: the rally went ahead, five years after the 2015 ban.\n"
    ref = build(text).reference
    # May 3 is a Sunday in 2020 and five years after 2015 is 2020.
    assert ref is not None and ref.date == dt.date(2020, 5, 3)


def test_future_years_do_not_bound_the_writing_date() -> None:
    text = (
        "The plant, due in 2031, was approved on Tuesday, two years after the 2019 vote.\n"
        "The ministry had asked for it on May 4.\n"
    )
    ref = build(text).reference
    assert ref is not None and ref.date.year == 2021


def test_published_overrides_and_keeps_implied() -> None:
    ctx = build(
        "Floods hit on Monday, nearly two years after the 2014 storms, on May 9.",
        published=dt.date(2020, 1, 2),
    )
    ref = ctx.reference
    assert ref is not None and ref.source == "cli" and ref.date == dt.date(2020, 1, 2)
    assert ref.implied_date == dt.date(2016, 5, 9)


def test_metadata_date() -> None:
    meta = DocMeta(dates={"article:published_time": "2021-07-08T09:10:11+02:00"})
    ref = build("Nothing dated here.", meta=meta).reference
    assert ref is not None and (ref.source, ref.date) == ("metadata", dt.date(2021, 7, 8))
    assert ref.latest == ref.earliest == ref.date and ref.firm


def test_json_ld_date() -> None:
    meta = DocMeta(json_ld=({"@type": "NewsArticle", "datePublished": "2020-02-03"},))
    ref = build("Nothing dated here.", meta=meta).reference
    assert ref is not None and ref.date == dt.date(2020, 2, 3) and ref.source == "metadata"


def test_htmldate_on_raw_html() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2018-05-06">'
        "</head><body><p>Text</p></body></html>"
    )
    ref = build("Text", meta=DocMeta(raw_html=html)).reference
    assert ref is not None and ref.date == dt.date(2018, 5, 6)


@pytest.mark.parametrize(
    "head",
    [
        "Published 14 Aug 2020\n\nThe mayor spoke.\n",
        "By A. Writer | Aug. 14, 2020\n\nThe mayor spoke.\n",
        "August 14, 2020\n\nThe mayor spoke.\n",
        "Stand: 14.08.2020\n\nDer Bürgermeister sprach.\n",
    ],
)
def test_dateline(head: str) -> None:
    ref = build(head).reference
    assert ref is not None and ref.source == "dateline" and ref.date == dt.date(2020, 8, 14)


def test_date_deep_in_prose_is_not_a_dateline() -> None:
    text = "\n".join(["A paragraph of ordinary words here."] * 8) + "\nOn Aug. 14, 2020 it rained."
    ref = build(text).reference
    assert ref is None or ref.source != "dateline"


def test_parse_date_value() -> None:
    assert parse_date_value("2023-09-19T10:00:00Z") == dt.date(2023, 9, 19)
    assert parse_date_value("September 19, 2023") == dt.date(2023, 9, 19)
    assert parse_date_value("garbage") is None


def test_karabakh_reference_date() -> None:
    if not KARABAKH.exists():
        pytest.skip("shared example not present")
    ref = build(KARABAKH.read_text(encoding="utf-8")).reference
    assert ref is not None
    assert (ref.date, ref.precision, ref.source) == (dt.date(2023, 9, 19), "day", "text")
    assert ref.firm and ref.latest is not None
    assert dt.date(2023, 9, 19) < ref.latest <= dt.date(2023, 9, 26)
    texts = {m.text for m in ref.evidence}
    assert {"Sept. 19", "Tuesday", "nearly three years after"} <= texts


def test_karabakh_without_weekdays_is_not_firm() -> None:
    if not KARABAKH.exists():
        pytest.skip("shared example not present")
    text = re.sub(r"\b(on|said) Tuesday", r"\1 that day", KARABAKH.read_text(encoding="utf-8"))
    ref = build(text).reference
    assert ref is None or (ref.latest is None and not ref.firm)


def test_infer_from_text_lists_candidates() -> None:
    if not KARABAKH.exists():
        pytest.skip("shared example not present")
    ctx = build(KARABAKH.read_text(encoding="utf-8"))
    inf = infer_from_text(ctx.doc.text.text, ctx.mentions)
    assert inf is not None and inf.candidates[0].year == 2023
    assert inf.candidates[0].score - inf.candidates[1].score >= 2


def test_render_date_report() -> None:
    from linkaudit.extract.explain_dates import render_date_report

    if not KARABAKH.exists():
        pytest.skip("shared example not present")
    ctx = build(KARABAKH.read_text(encoding="utf-8"))
    out = render_date_report(ctx.doc, ctx.mentions, ctx.reference)
    assert "96:5  month-day   'Sept. 19'" in out
    assert "2023  +8.0" in out
    assert "date:       2023-09-19  (precision day, source text" in out
    empty = build("Nothing dated.")
    assert "none: nothing in the document dates it" in render_date_report(
        empty.doc, empty.mentions, empty.reference
    )
