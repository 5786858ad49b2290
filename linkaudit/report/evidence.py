"""The HTML report's "Time evidence" in sentences an editor reads, the evidence quoted.

A finding's evidence is a dict made for machines (``firm: True``, lists of mentions); an editor
needs to read why linkaudit dates the piece as it does and what a source's date rests on. Each
sentence is a tuple of `Piece`s: plain text, or a quotation of the text with the source line it
stands on (the template makes that a link into the article pane). Pure, no markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linkaudit.model import DateMention, Finding, ReferenceDate

__all__ = ["Piece", "Sentence", "reference_sentences", "finding_sentences", "human_date"]


@dataclass(frozen=True, slots=True)
class Piece:
    """Plain text, or (``quote``) words of the article with the line they stand on and the id
    suffix of the pane row that shows that line."""

    text: str
    quote: bool = False
    line: int | None = None
    target: str | None = None


Sentence = tuple[Piece, ...]
#: source line -> id suffix of the pane row that shows it
Anchor = Callable[[int], str]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SOURCES = {
    "text": "from what the text says",
    "metadata": "from the page's own date metadata",
    "dateline": "from its dateline",
    "cli": "from the date given with --published",
}
_ORIGINS = {"url": "its URL", "page": "its page's published date"}


def human_date(value: str | dt.date | None) -> str:
    """``2023-09-19`` → ``19 September 2023``; ``2023-09`` → ``September 2023``; ``2023``."""
    if value is None:
        return "an unknown date"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    parts = text[:10].split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        return text
    return text


def _quotes(mentions: Sequence[Mapping[str, Any]], anchor: Anchor) -> list[Piece]:
    """“Sept. 19” (line 3), “on Tuesday” (line 3) and “…” (line 4)."""
    pieces: list[Piece] = []
    for i, m in enumerate(mentions):
        if i:
            pieces.append(Piece(" and " if i == len(mentions) - 1 else ", "))
        line = m.get("line")
        target = anchor(line) if isinstance(line, int) else None
        pieces.append(
            Piece(str(m.get("text", "")), True, line if isinstance(line, int) else None, target)
        )
    return pieces


def _mention_dict(m: DateMention) -> dict[str, Any]:
    return {"text": m.text, "line": m.line}


def _sentence(*parts: Piece | str | list[Piece]) -> Sentence:
    out: list[Piece] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                out.append(Piece(part))
        elif isinstance(part, list):
            out.extend(part)
        else:
            out.append(part)
    return tuple(out)


def reference_sentences(ref: ReferenceDate, anchor: Anchor) -> list[Sentence]:
    """How linkaudit dates the piece, and on what evidence."""
    firmness = "firm" if ref.firm else "a best estimate"
    how = f"{ref.precision} precision, {firmness}, confidence {ref.confidence * 100:.0f}%"
    opening = f"linkaudit dates this piece to {human_date(ref.iso())} ({how})"
    mentions = [_mention_dict(m) for m in ref.evidence]
    sentences: list[Sentence] = []
    if mentions:
        says = (
            "the text says "
            if ref.source == "text"
            else f"{_SOURCES.get(ref.source, ref.source)}; the text also says "
        )
        sentences.append(_sentence(opening + ": " + says, _quotes(mentions, anchor), "."))
    else:
        sentences.append(_sentence(f"{opening}, {_SOURCES.get(ref.source, 'from ' + ref.source)}."))
    if ref.earliest and ref.latest and ref.earliest == ref.latest:
        sentences.append(_sentence(f"It was written on {human_date(ref.latest)}."))
    elif ref.earliest and ref.latest:
        sentences.append(
            _sentence(
                f"It was written no earlier than {human_date(ref.earliest)} and no later than "
                f"{human_date(ref.latest)}."
            )
        )
    elif ref.latest:
        sentences.append(_sentence(f"It was written no later than {human_date(ref.latest)}."))
    elif ref.earliest:
        sentences.append(_sentence(f"It was written no earlier than {human_date(ref.earliest)}."))
    if ref.reasons:
        sentences.append(_sentence("Why: " + "; ".join(ref.reasons) + "."))
    return sentences


def _lead(f: Finding) -> str:
    """The finding's message as a sentence about its line."""
    message = f.message.rstrip(".")
    if message.startswith("cites "):
        return f"The link on line {f.line} {message}."
    return f"Line {f.line}: {message}."


def _source_dates(dates: Sequence[Mapping[str, Any]]) -> str:
    said = []
    for d in dates:
        origin = _ORIGINS.get(str(d.get("from")), str(d.get("from")))
        text = d.get("text")
        where = f"{origin} (“{text}”)" if text and d.get("from") == "url" else origin
        said.append(f"{human_date(d.get('date'))} by {where}")
    return "The source is dated " + "; ".join(said) + "."


def finding_sentences(f: Finding, anchor: Anchor) -> list[Sentence]:
    """A TIME finding and its evidence, in sentences."""
    ev = f.evidence
    out: list[Sentence] = [_sentence(_lead(f))]
    dates = ev.get("source_dates")
    if isinstance(dates, list) and dates:
        out.append(_sentence(_source_dates(dates)))
    elif "source_date" in ev:
        single = {"date": ev["source_date"], "from": ev.get("source_date_from")}
        out.append(_sentence(_source_dates([single])))
    if "limit" in ev:
        tolerance = ev.get("tolerance_days")
        days = f", with {tolerance} days' tolerance" if tolerance is not None else ""
        out.append(
            _sentence(
                f"Given when the piece was written{days}, no source it cites can be dated after "
                f"{human_date(ev.get('limit'))}."
            )
        )
    if "today" in ev:
        out.append(_sentence(f"Today is {human_date(ev.get('today'))}."))
    if "first_capture" in ev:
        out.append(
            _sentence(
                f"The web archive's first copy of it is from {human_date(ev['first_capture'])}."
            )
        )
    mention = ev.get("mention")
    if isinstance(mention, Mapping) and "actual_weekday" in ev:
        out.append(
            _sentence(
                "The text says ",
                _quotes([mention], anchor),
                f", but {human_date(ev.get('date'))} is a {ev.get('actual_weekday')}, "
                f"not a {ev.get('stated_weekday')}",
                _years(ev.get("years_where_it_fits"), ev.get("stated_weekday")),
                ".",
            )
        )
    if "declared" in ev:
        implied = ev.get("implied") if isinstance(ev.get("implied"), Mapping) else {}
        assert isinstance(implied, Mapping)
        mentions = ev.get("mentions") if isinstance(ev.get("mentions"), list) else []
        assert isinstance(mentions, list)
        points = _implied(implied)
        out.append(
            _sentence(
                f"The piece is dated {human_date(ev.get('declared'))} "
                f"{_SOURCES.get(str(ev.get('declared_source')), '')}".rstrip()
                + (f", but its text points to {points}" if points else "")
                + (": it says " if mentions else "."),
                _quotes(mentions, anchor) if mentions else [],
                "." if mentions else "",
            )
        )
        reasons = ev.get("reasons")
        if isinstance(reasons, list) and reasons:
            out.append(_sentence("Why: " + "; ".join(map(str, reasons)) + "."))
    mentions = ev.get("mentions")
    if "declared" not in ev and isinstance(mentions, list) and mentions:
        out.append(
            _sentence(
                "The piece's date rests on what the text says: ", _quotes(mentions, anchor), "."
            )
        )
    locations = ev.get("locations")
    if isinstance(locations, list) and len(locations) > 1:
        lines = [str(loc.get("line")) for loc in locations if isinstance(loc, Mapping)]
        out.append(_sentence(f"It is cited on lines {', '.join(lines[:-1])} and {lines[-1]}."))
    return out


def _years(years: object, weekday: object) -> str:
    if not isinstance(years, list) or not years:
        return ""
    listed = ", ".join(map(str, years[:-1])) + (" and " if len(years) > 1 else "") + str(years[-1])
    return f" (it is a {weekday} in {listed})"


def _implied(implied: Mapping[str, Any]) -> str:
    if implied.get("date"):
        return human_date(implied.get("date"))
    lo, hi = implied.get("earliest"), implied.get("latest")
    if lo and hi:
        return f"a date between {human_date(lo)} and {human_date(hi)}"
    if hi:
        return f"a date no later than {human_date(hi)}"
    if lo:
        return f"a date no earlier than {human_date(lo)}"
    return ""
