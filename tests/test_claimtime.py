"""When the words around a citation place its claim (extract/claimtime.py, used by TIME005)."""

from __future__ import annotations

import datetime as dt

import pytest

from linkaudit.extract.claimtime import citing_context, claim_time
from linkaudit.readers import read_document

REF = dt.date(2019, 5, 20)
SOURCE = dt.date(2003, 9, 1)


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("She won the agency's medal in 2003 and an honorary doctorate in 2016.", "historical"),
        ("The agency now says the programme is over budget.", "recent"),
        ("On Tuesday the agency said the programme is over budget.", "recent"),
        ("This week the council voted to close the line.", "recent"),
        ("Currently, the department has 25 crews on the roads.", "recent"),
        ("The latest figures show a rise.", "recent"),
        ("The company was founded in Cambridge by two engineers.", "historical"),
        ("Ten years ago prices were lower.", "historical"),
        ("Officials in New Zealand disagree with the plan.", "none"),
        ("The road has been closed since January 2018.", "recent"),
    ],
)
def test_claim_time_of_a_sentence(sentence: str, verdict: str) -> None:
    assert claim_time(sentence, sentence, REF, SOURCE).verdict == verdict


def test_the_paragraph_counts_only_for_a_label_line() -> None:
    paragraph = "Prices now exceed the fares. Source:"
    assert claim_time("Source:", paragraph, REF, SOURCE).verdict == "recent"
    other = "Prices now exceed the fares. Crews repair potholes in spring, he said."
    said = "Crews repair potholes in spring, he said."
    assert claim_time(said, other, REF, SOURCE, link_text="repair potholes").verdict == "none"


def test_citing_context_of_markdown_and_html_links() -> None:
    md = read_document(
        "a.md",
        b"Intro.\n\nThe ferry now costs more, according to [the report](https://f.example/2009/r). "
        b"Next one.\n",
        "markdown",
    )
    sentence, paragraph = citing_context(md, md.refs[0])
    assert sentence == "The ferry now costs more, according to the report."
    assert paragraph.endswith("Next one.") and "Intro" not in paragraph
    page = read_document(
        "a.html",
        b'<p>Intro.</p><p>Fares rose, per <a href="https://f.example/2009/r?a=1&amp;b=2">'
        b"the report</a> of May. Then more.</p>",
        "html",
    )
    sentence, _ = citing_context(page, page.refs[0])
    assert sentence == "Fares rose, per the report of May."


def test_a_reference_date_in_year_one_is_judged_not_raised() -> None:
    # the year before 1 January 0001 is not a date: the judgement goes on without it
    found = claim_time("The agency now says so.", "", dt.date(1, 1, 1), dt.date(2000, 1, 1))
    assert found.verdict == "recent"
    assert claim_time("", "", dt.date(1, 3, 1), dt.date(1, 2, 1)).verdict == "none"
