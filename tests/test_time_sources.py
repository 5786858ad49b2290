"""Where a reference date comes from: declared sources, a guess, an update, and the text."""

from __future__ import annotations

import datetime as dt

import pytest

from linkaudit.extract.dates import extract_mentions
from linkaudit.extract.reference import (
    declared_date,
    file_name_date,
    infer_reference_date,
    modified_date,
)
from linkaudit.model import DocMeta, Document, TextMap
from linkaudit.readers import read_document
from tests.time_helpers import build, run


@pytest.mark.parametrize(
    ("source", "day"),
    [
        ("_posts/2023-09-19-harbour.md", dt.date(2023, 9, 19)),
        ("content/2023-09-19_harbour.markdown", dt.date(2023, 9, 19)),
        ("content/posts/2023-09-19-harbour/index.md", dt.date(2023, 9, 19)),
        ("blog/2023/09/19/harbour.md", dt.date(2023, 9, 19)),
        ("blog/2023/09/19/harbour/index.md", dt.date(2023, 9, 19)),
        ("C:\\site\\_posts\\2023-09-19-harbour.md", dt.date(2023, 9, 19)),
    ],
)
def test_dated_file_names(source: str, day: dt.date) -> None:
    assert file_name_date(source) == day


@pytest.mark.parametrize(
    "source",
    [
        "archive-2023-09-19/notes/harbour.md",  # a dated folder higher up is not the post's date
        "_posts/2023-02-30-harbour.md",  # no such day
        "docs/v2023/harbour.md",
        "notes/20230919.md",
        "https://example.org/2023-09-19-harbour",
    ],
)
def test_names_that_do_not_date_a_post(source: str) -> None:
    assert file_name_date(source) is None


def _md(source: str, text: str) -> Document:
    return read_document(source, text.encode(), "markdown")


def test_front_matter_date_comes_before_the_file_name() -> None:
    doc = _md("_posts/2023-09-19-harbour.md", "---\ndate: 2023-09-18\n---\nText.\n")
    found = declared_date(doc)
    assert found is not None and (found.day, found.method) == (dt.date(2023, 9, 18), "front-matter")


def test_permalink_with_a_date_is_declared() -> None:
    doc = _md("harbour.md", "---\npermalink: /2023/09/19/harbour/\n---\nText.\n")
    found = declared_date(doc)
    assert found is not None and (found.day, found.method) == (dt.date(2023, 9, 19), "permalink")


def test_a_link_posts_external_url_is_not_its_address() -> None:
    doc = _md("notes/harbour.md", "---\nurl: https://news.example.org/2019/01/02/x\n---\nText.\n")
    assert declared_date(doc) is None


def test_canonical_url_of_a_saved_page_dates_it() -> None:
    page = '<html><head><link rel="canonical" href="https://n.example/2019/01/02/x"></head><body><p>Text.</p></body></html>'
    doc = read_document("x.html", page.encode(), "html")
    found = declared_date(doc)
    assert found is not None and (found.day, found.method) == (dt.date(2019, 1, 2), "page-url")


def test_file_name_reference_is_declared_and_firm() -> None:
    doc = _md("_posts/2023-09-19-harbour.md", "The talks stalled.\n")
    ref = infer_reference_date(doc, extract_mentions(doc.text))
    assert ref is not None
    assert (ref.date, ref.source, ref.method, ref.declared, ref.firm) == (
        dt.date(2023, 9, 19),
        "metadata",
        "file-name",
        True,
        True,
    )


def test_htmldate_guess_is_not_declared_and_bounds_nothing() -> None:
    page = (
        "<html><body><article><h1>Pier</h1>"
        + "".join(f"<p>Paragraph {i} about the pier.</p>" for i in range(8))
        + '</article><aside><p><span class="date">3 March 2019</span> Storm warning for the '
        "coast road</p></aside></body></html>"
    )
    doc = read_document("pier.html", page.encode(), "html")
    ref = infer_reference_date(doc, extract_mentions(doc.text))
    assert ref is not None
    assert (ref.date, ref.method, ref.declared, ref.firm, ref.latest) == (
        dt.date(2019, 3, 3),
        "heuristic",
        False,
        False,
        None,
    )


def test_later_modification_and_update_line() -> None:
    meta = DocMeta(dates={"date": "2023-09-19", "lastmod": "2024-01-05"})
    text = "Updated on March 2, 2024: the timetable is confirmed.\nThe ferry runs daily.\n"
    doc = Document("a.md", "markdown", text, TextMap(text), (), meta=meta)
    found = modified_date(doc, extract_mentions(doc.text))
    assert found is not None and found[0] == dt.date(2024, 3, 2)
    ref = infer_reference_date(doc, extract_mentions(doc.text))
    assert ref is not None and ref.modified == dt.date(2024, 3, 2)
    assert ref.date == dt.date(2023, 9, 19)


def test_modified_not_later_than_published_is_ignored() -> None:
    meta = DocMeta(dates={"date": "2023-09-19", "updated": "2023-09-01"})
    doc = Document("a.md", "markdown", "x\n", TextMap("x\n"), (), meta=meta)
    ref = infer_reference_date(doc, ())
    assert ref is not None and ref.modified is None


def test_time001_allows_sources_up_to_the_update() -> None:
    meta = DocMeta(dates={"date": "2023-09-19", "dateModified": "2024-03-02"})
    ok = build("See https://example.org/2024/02/20/timetable\n", meta=meta)
    assert run("TIME001", ok) == []
    late = build("See https://example.org/2024/06/20/timetable\n", meta=meta)
    (issue,) = run("TIME001", late)
    assert issue.evidence["modified"] == "2024-03-02"
    assert "updated 2024-03-02" in issue.message


def test_one_tied_weekday_date_pair_alone_does_not_date_a_text() -> None:
    # May 18 was a Saturday in 2019 and 2024: one pair alone cannot choose.
    text = "The market reopened on Saturday, May 18, after repairs.\n"
    assert build(text).reference is None


def test_two_tied_pairs_agreeing_date_a_text() -> None:
    text = (
        "The market reopened on Saturday, May 18, after repairs. Traders returned on "
        "Monday, May 20, to find the roof finished.\n"
    )
    ref = build(text, today=dt.date(2019, 12, 1)).reference
    assert ref is None or ref.date.year == 2019


def test_a_photo_caption_date_is_not_contemporaneous_evidence() -> None:
    text = (
        "The airline said on Monday that it would buy thirty more jets from the maker, its\n"
        "biggest order in a decade, and that deliveries would begin soon.\n"
        "\n"
        "Analysts welcomed the order, which had been expected since the spring.\n"
        "\n"
        "The maker's shares rose after the news.\n"
        "\n"
        "Rivals are expected to answer with orders of their own.\n"
        "\n"
        "The show closes at the end of the week.\n"
        "\n"
        "A jet at the air show in Dubai, on Monday, Nov. 13, 2017. Jane Doe | Getty Images\n"
    )
    ref = build(text).reference
    assert ref is None or ref.firm is False


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("The fair opened on July 7, a Friday, in the square.", 4),
        ("The fair opened on 7 July (Friday) in the square.", 4),
        ("The fair opened on July 7, which was a Friday.", 4),
        ("The fair opened on 7 July (Fri.) in the square.", 4),
    ],
)
def test_weekday_after_the_date_is_tied_to_it(text: str, weekday: int) -> None:
    (m,) = extract_mentions(TextMap(text))
    assert m.kind == "month-day" and m.weekday == weekday


def test_weekday_elsewhere_is_not_tied() -> None:
    ms = extract_mentions(TextMap("The fair opened on July 7. On Friday the square was quiet."))
    md = next(m for m in ms if m.kind == "month-day")
    assert md.weekday is None


@pytest.mark.parametrize(
    "text",
    [
        "The spring fair will be held on Thursday, April 2, in the hall.",
        "Tickets for Thursday, April 2 go on sale next week.",
        "Tour dates: Tuesday, March 31 in Leeds; Thursday, April 2 in York.",
    ],
)
def test_upcoming_month_days_are_marked(text: str) -> None:
    md = [m for m in extract_mentions(TextMap(text)) if m.kind == "month-day"][-1]
    assert (md.tense, md.qualifier) == ("future", "upcoming")


def test_past_month_day_is_not_upcoming() -> None:
    (md,) = [
        m
        for m in extract_mentions(TextMap("The fair was held on Thursday, April 2."))
        if m.kind == "month-day"
    ]
    assert md.qualifier is None and md.tense == "past"


@pytest.mark.parametrize(
    ("text", "lang", "weekday"),
    [
        ("Der Rat hat am Freitag, 7. Juli 2023 entschieden.", "de", 4),
        ("Der Rat hat am Freitag, den 7. Juli 2023 entschieden.", "de", 4),
        ("Le conseil a voté le jeudi 6 juillet 2023.", "fr", 3),
        ("Совет проголосовал в пятницу, 7 июля 2023 года.", "ru", 4),
        ("Совет проголосовал: среда, 5 июля 2023 года.", "ru", 2),
    ],
)
def test_foreign_weekday_before_a_full_date(text: str, lang: str, weekday: int) -> None:
    (m,) = [m for m in extract_mentions(TextMap(text), lang=lang) if m.kind == "full-date"]
    assert m.weekday == weekday and m.year == 2023 and m.month == 7


def _saved_page(sidebar_date: str) -> Document:
    page = (
        "<html><body><article><h1>Council vote</h1>"
        "<p>The council met on Tuesday, Sept. 19, to vote on the harbour works, nearly three "
        "years after the 2020 flood closed the port, officials said on Wednesday.</p>"
        + "".join(f"<p>Paragraph {i} about the harbour.</p>" for i in range(8))
        + f'</article><aside><p><span class="date">{sidebar_date}</span> Storm warning for the '
        "coast road</p></aside></body></html>"
    )
    return read_document("vote.html", page.encode(), "html")


def test_a_guess_agreeing_with_contemporaneous_text_leaves_the_text_firm() -> None:
    doc = _saved_page("20 September 2023")
    ref = infer_reference_date(doc, extract_mentions(doc.text))
    assert ref is not None
    assert (ref.date, ref.source, ref.method, ref.firm) == (
        dt.date(2023, 9, 19),
        "text",
        "text",
        True,
    )
    assert any("htmldate's guess" in r for r in ref.reasons)


def test_a_guess_far_from_the_text_is_kept_but_not_firm() -> None:
    doc = _saved_page("1 May 2024")
    ref = infer_reference_date(doc, extract_mentions(doc.text))
    assert ref is not None
    assert (ref.date, ref.method, ref.firm, ref.latest) == (
        dt.date(2024, 5, 1),
        "heuristic",
        False,
        None,
    )


def test_an_update_dated_after_today_extends_nothing() -> None:
    meta = DocMeta(dates={"date": "2023-09-19", "dateModified": "2031-01-01"})
    ctx = build("See https://example.org/2025/02/20/timetable\n", meta=meta)
    assert ctx.reference is not None and ctx.reference.modified is None
    assert len(run("TIME001", ctx)) == 1
