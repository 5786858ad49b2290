"""Time rules: citations and dates that cannot all be true at once.

Each rule reads one document's facts (citations, date mentions, the reference date) and never the
network: a source's dates are its URL's date and, once fetched, its page's published date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from linkaudit import settings
from linkaudit.engine.needs import FIRST_CITED, declare_need
from linkaudit.engine.registry import Issue, RuleContext, rule
from linkaudit.extract.claimtime import citing_context, claim_time
from linkaudit.extract.dates import detect_language
from linkaudit.extract.reference import parse_date_value
from linkaudit.extract.urldates import url_date
from linkaudit.model import DateMention, Link, ReferenceDate, Severity

__all__ = ["source_dates", "SourceDate"]

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class SourceDate:
    """One date a cited source carries, and where it was read."""

    date: dt.date  # the earliest day it can mean
    precision: str
    origin: str  # url | page
    text: str

    def describe(self) -> str:
        where = "its URL" if self.origin == "url" else "its page's published date"
        return f"{self.iso()} (from {where})"

    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.date.year:04d}"
        if self.precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()


def source_dates(link: Link, *, url_date_known: bool = False) -> list[SourceDate]:
    """Every date known for a cited source: its URL's date and its page's published date.

    ``url_date_known`` says ``link.url_date`` is what extraction found, None included, so the
    URL is not parsed a second time (`RuleContext.url_dates_known`)."""
    out = []
    ud = link.url_date if url_date_known else link.url_date or url_date(link.url)
    if ud is not None:
        out.append(SourceDate(ud.date, ud.precision, "url", ud.text))
    if link.page is not None and link.page.published:
        day = parse_date_value(link.page.published)
        if day is not None:
            out.append(SourceDate(day, "day", "page", link.page.published))
    return out


def _period_end(ref: ReferenceDate) -> dt.date:
    """The last day the reference date can mean at its precision (2023 → 2023-12-31)."""
    d = ref.date
    if ref.precision == "year":
        return dt.date(d.year, 12, 31)
    if ref.precision == "month":
        return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return d


def _short_reason(reason: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", reason).strip()


def _how_known(ref: ReferenceDate) -> str:
    """Why we believe the reference date, in a few words for a message."""
    if ref.source == "text":
        keep = [_short_reason(r) for r in ref.reasons if not r.startswith("references by weekday")]
        return "inferred from: " + "; ".join(keep[:3]) if keep else "inferred from the text"
    return ref.reasons[0] if ref.reasons else f"from {ref.source}"


def _mention_json(m: DateMention) -> dict[str, Any]:
    return {"text": m.text, "kind": m.kind, "line": m.line, "column": m.column}


def _reference_json(ref: ReferenceDate) -> dict[str, Any]:
    def iso(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "date": ref.iso(),
        "precision": ref.precision,
        "source": ref.source,
        "earliest": iso(ref.earliest),
        "latest": iso(ref.latest),
        "firm": ref.firm,
        "method": ref.method or ref.source,
        "declared": ref.declared,
        "modified": iso(ref.modified),
        "confidence": ref.confidence,
        "implied": {
            "date": iso(ref.implied_date),
            "earliest": iso(ref.implied_earliest),
            "latest": iso(ref.implied_latest),
        },
        "reasons": list(ref.reasons),
        "mentions": [_mention_json(m) for m in ref.evidence],
    }


def _source_json(dates: list[SourceDate]) -> list[dict[str, str]]:
    return [{"date": s.iso(), "from": s.origin, "text": s.text} for s in dates]


def _int_param(ctx: RuleContext, name: str, default: int) -> int:
    try:
        return int(ctx.param(name, default))
    except (TypeError, ValueError):
        return default


def _citations(ctx: RuleContext) -> Iterator[tuple[Link, list[SourceDate], int, int]]:
    for link, refs in ctx.citations():
        dates = source_dates(link, url_date_known=ctx.url_dates_known)
        if dates:
            yield link, dates, refs[0].line, refs[0].column


def running_list(text: str) -> bool:
    """Whether a page says it keeps adding to itself after publication (a round-up of reports
    "added as we find them", "this list will be updated", "随時更新"): later sources are then
    what it promised, not a dating error."""
    folded = " ".join(text.casefold().split())
    return any(p in folded for p in settings.RUNNING_LIST_PHRASES)


def _edition_year(s: SourceDate, ref: ReferenceDate) -> bool:
    """A year alone in a URL (``/events/2022/schedule``) is often an event's or edition's year,
    planned ahead: only a year more than one after the reference's counts against it."""
    if s.origin != "url" or s.precision != "year":
        return False
    last = ref.latest or _period_end(ref)
    return s.date.year <= last.year + 1


# With --archive: a source dated after the earliest article citing it has its first capture
# looked up (corroboration in TIME001's message).
declare_need("TIME001", FIRST_CITED)


@rule(
    "TIME001",
    "source-after-article",
    "error",
    "a cited source is dated after the article's reference date",
    params={"tolerance_days": int, "inferred_tolerance_days": int},
)
def check_source_after_article(ctx: RuleContext) -> Iterable[Issue]:
    """A cited source is dated after the article could have been written.

    What it checks: each cited source's dates — the date in its URL (``/2026/06/14/``) and, once
    fetched, its page's published date — against the article's reference date (``linkaudit
    dates FILE`` shows how that was worked out). When the latest possible writing date is firm
    (given with ``--published``, declared in front matter, meta tags, JSON-LD, the post's dated
    file name or permalink, or a dateline, or pinned by references such as "on Tuesday" to days
    just past), a source dated more than ``tolerance_days`` (default 7) after it is an error; a
    page declared updated later (``dateModified``, ``lastmod``, "Updated on ...") may cite
    sources up to its update. When the writing date is only inferred from the latest event the
    text reports, or guessed from the page by htmldate (which may pick any date on it), a source
    more than ``inferred_tolerance_days`` (default 180) after it is a warning.
    A year alone in a URL (``/events/2022/schedule``, often an event's or edition's year) counts
    only when it is more than a year after the reference, and then as a warning; web-archive
    timestamps and numbers after ID segments (``/pull/2024/12``) are not source dates at all.
    With ``--archive``, a source dated too late has its first web-archive capture looked up:
    when that too is after the limit (and a month after the article), the finding says so, as
    corroboration. It never makes a finding on its own nor raises its severity (an obscure page
    is often captured late); no capture, or an earlier one, changes nothing.

    Why an editor cares: a piece cannot cite what did not exist yet. Either the link is wrong
    (a later article swapped in for the one meant), the article has been silently rewritten, or
    the piece is not as old as it looks — each needs a person to decide.

    How to fix: cite the source that existed when the piece was written, or, if the piece was
    really written later, say so with ``--published`` (or date metadata) and the rule is quiet.

    Fires: a text saying "On Tuesday, Sept. 19 ... nearly three years after the 2020 war" that
    cites ``https://example.org/2026/06/14/story`` — written around 2023-09-19, citing 2026.

    Does not fire: the same text citing ``https://example.org/2023/09/18/story``, or any source
    when the text gives no date at all (no reference date: nothing to compare with); a page
    that says it keeps adding to itself (a round-up of reports "added as we find them", "wird
    laufend ergänzt", "随時更新"): its later sources are expected.
    """
    ref = ctx.reference
    if ref is None or running_list(ctx.doc.text.text):
        return
    tol = _int_param(ctx, "tolerance_days", settings.TIME_TOLERANCE_DAYS)
    wide = _int_param(ctx, "inferred_tolerance_days", settings.TIME_INFERRED_TOLERANCE_DAYS)
    # A page updated later may cite what appeared up to its update ("dateModified", "Updated").
    updated = ref.modified if ref.modified is not None and ref.modified > ref.date else None
    for link, dates, line, col in _citations(ctx):
        if ref.latest is not None:
            limit = max(ref.latest, updated or ref.latest) + dt.timedelta(days=tol)
            severity = None if ref.firm else Severity.WARNING
            bound = f"no later than {ref.latest.isoformat()}"
        else:
            limit = _period_end(ref) + dt.timedelta(days=wide)
            if updated is not None:
                limit = max(limit, updated + dt.timedelta(days=tol))
            severity = Severity.WARNING
            bound = "around " + ref.iso()
        late = [s for s in dates if s.date > limit and not _edition_year(s, ref)]
        if not late:
            continue
        evidence: dict[str, Any] = {}
        if all(s.origin == "url" and s.precision == "year" for s in late):
            severity = Severity.WARNING  # a bare year in a path is a weak date
        worst = max(late, key=lambda s: s.date)
        others = [s for s in dates if s is not worst]
        also = "; " + "; ".join(f"also {s.describe()}" for s in others) if others else ""
        written = (
            f"the article was written around {ref.iso()}"
            if ref.source == "text"
            else f"the article is dated {ref.iso()}"
            if ref.declared or not ref.method
            else f"the article is dated {ref.iso()} by a guess"
        )
        if updated is not None:
            written += f" and was updated {updated.isoformat()}"
            evidence["modified"] = updated.isoformat()
        if ref.source == "text" and ref.latest is not None:
            written += f" ({bound} by its own references)"
        message = (
            f"cites a source dated {worst.describe()}{also}, but {written} ({_how_known(ref)})"
        )
        captured = _first_capture(link)
        late_capture = ref.date + dt.timedelta(days=settings.NET_ARCHIVE_LATE_DAYS)
        if captured is not None and captured > max(limit, late_capture):
            # Corroboration only: an obscure page is often first captured long after it appeared.
            message += f"; the web archive's first copy of it is from {captured.isoformat()}"
            evidence["first_capture"] = captured.isoformat()
        yield Issue(
            message=message,
            line=line,
            column=col,
            url=link.url,
            severity=severity,
            evidence={
                "source_date": worst.iso(),
                "source_date_from": worst.origin,
                "source_dates": _source_json(dates),
                "reference_date": _reference_json(ref),
                "limit": limit.isoformat(),
                "tolerance_days": tol if ref.latest is not None else wide,
                "locations": [{"line": r.line, "column": r.column} for r in link.citations()],
                **evidence,
            },
            suggestion="cite the version of the source that existed when the piece was written, "
            "or give the article's real date with --published",
        )


def _first_capture(link: Link) -> dt.date | None:
    """The day the web archive first captured the link (known with ``--archive``)."""
    stamp = link.check.first_capture if link.check is not None else None
    try:
        return dt.datetime.strptime(stamp[:8], "%Y%m%d").date() if stamp else None
    except ValueError:
        return None


def _bare_url_year(s: Any) -> bool:
    return bool(s.origin == "url" and s.precision == "year")


@rule(
    "TIME002",
    "future-source",
    "error",
    "a cited source is dated after today",
    params={"tolerance_days": int},
)
def check_future_source(ctx: RuleContext) -> Iterable[Issue]:
    """A cited source is dated after today.

    What it checks: each cited source's URL date and page published date against today (the
    clock, or ``--today`` for reproducible reports), with ``tolerance_days`` (default 0) of
    slack for time zones.

    Why an editor cares: nothing published can be dated in the future; the URL is mistyped, a
    placeholder, or a page whose date is wrong — the citation cannot be trusted as written.

    How to fix: check the link and cite the page as it really is.

    Fires: ``https://example.org/2031/01/05/story`` cited on 2026-05-01.

    Does not fire: ``https://example.org/2026/04/30/story`` cited on 2026-05-01.
    """
    tol = _int_param(ctx, "tolerance_days", 0)
    limit = ctx.today + dt.timedelta(days=tol)
    for link, dates, line, col in _citations(ctx):
        # A year alone in a path (/events/2030/) is often an event's or edition's year: it
        # counts as a future date only in a later year than today's, and only as a warning.
        late = [
            s
            for s in dates
            if s.date > limit and not (_bare_url_year(s) and s.date.year <= ctx.today.year + 1)
        ]
        if not late:
            continue
        worst = max(late, key=lambda s: s.date)
        weak = all(_bare_url_year(s) for s in late)
        yield Issue(
            severity=Severity.WARNING if weak else None,
            message=f"cites a source dated {worst.describe()}, which is after today "
            f"({ctx.today.isoformat()})",
            line=line,
            column=col,
            url=link.url,
            evidence={
                "source_date": worst.iso(),
                "source_date_from": worst.origin,
                "source_dates": _source_json(dates),
                "today": ctx.today.isoformat(),
            },
        )


def _fits(month: int, day: int, weekday: int, around: int) -> list[int]:
    out = []
    for y in range(around - 6, around + 7):
        try:
            if dt.date(y, month, day).weekday() == weekday:
                out.append(y)
        except ValueError:
            continue
    return out


def _month_day_readings(month: int, day: int, ref: dt.date) -> list[dt.date]:
    """The days a month-day without a year can mean in a piece dated ``ref``: its nearest
    occurrence on or before ``ref`` (Dec. 29 in a piece of 2024-01-03 is 2023-12-29), then its
    next one when that is only weeks ahead (an upcoming event), nearest first."""
    out: list[dt.date] = []
    for y in range(ref.year, ref.year - 5, -1):  # Feb. 29 may lie up to four years back
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if d <= ref:
            out.append(d)
            break
    for y in (ref.year, ref.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if ref < d <= ref + dt.timedelta(days=settings.MONTH_DAY_AHEAD_DAYS):
            out.append(d)
            break
    return out


def _next_occurrence(month: int, day: int, ref: dt.date) -> list[dt.date]:
    """The day an upcoming month-day means in a piece dated ``ref``: its first occurrence on
    or after ``ref`` ("tickets for Thursday, April 2" written in December: next April)."""
    for y in range(ref.year, ref.year + 5):  # Feb. 29 may lie up to four years ahead
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if d >= ref:
            return [d]
    return []


def _is_declared(ref: ReferenceDate) -> bool:
    """Whether the reference date was stated (``--published``, metadata, a dateline, the
    post's address), not guessed. A reference built without a method predates the field:
    then its source says it."""
    if ref.method:
        return ref.declared
    return ref.source != "text"


def _text_year_fits(m: DateMention, mentions: Sequence[DateMention], declared_year: int) -> bool:
    """Whether the text itself says which year a weekday and month-day without one mean, and
    the weekday is right in it: the same month and day written with a year elsewhere ("Dec. 14,
    2015" in a caption, then "on Monday, Dec. 14"), or another year stated close by. A piece of
    2016 looking back at December 2015 is read in 2015, not checked against 2016."""
    assert m.month is not None and m.day is not None and m.weekday is not None
    years: set[int] = set()
    for other in mentions:
        if (
            other is m
            or other.year is None
            or other.kind not in ("full-date", "month-year", "year")
        ):
            continue
        same_day = other.kind == "full-date" and (other.month, other.day) == (m.month, m.day)
        near = abs(other.offset - m.offset) <= settings.WEEKDAY_YEAR_NEAR_CHARS
        if (same_day or near) and other.year != declared_year:
            years.add(other.year)
    for y in years:
        try:
            if dt.date(y, m.month, m.day).weekday() == m.weekday:
                return True
        except ValueError:
            continue
    return False


@rule("TIME003", "weekday-mismatch", "warning", "a stated weekday does not match the stated date")
def check_weekday_mismatch(ctx: RuleContext) -> Iterable[Issue]:
    """A weekday written next to a date is not the weekday of that date.

    What it checks: dates written with their weekday ("Tuesday, Sept. 19, 2026", "Sept. 19, a
    Tuesday", "19 Sept. (Tuesday)"): the text must tie the two together — a weekday and a date
    that merely occur in the same text are never compared. With a year, the weekday must be that
    date's; without one ("Tuesday, Sept. 19"), it must be that date's in the year of the
    article's reference date when that date was declared (metadata, the post's dated address, a
    dateline, ``--published``; never a guess). An upcoming event ("tickets for Thursday, April
    2", "will be held on ...") is read forward: its next occurrence after the declared date.

    Why an editor cares: one of the two is wrong, and readers cannot tell which; it is also a
    sign that text was reused from another year.

    How to fix: check the date and correct the weekday or the day.

    Fires: "Tuesday, Sept. 19, 2026" (19 September 2026 is a Saturday).

    Does not fire: "Tuesday, Sept. 19, 2023" (a Tuesday).
    """
    ref = ctx.reference
    declared = ref.date if ref is not None and _is_declared(ref) else None
    for m in ctx.mentions:
        if m.weekday is None or m.month is None or m.day is None:
            continue
        if m.kind == "full-date" and m.year:
            try:
                actual = dt.date(m.year, m.month, m.day)
            except ValueError:
                continue
        elif m.kind == "month-day" and declared is not None:
            if _text_year_fits(m, ctx.mentions, declared.year):
                continue  # the text names the year it means, and the weekday is right in it
            read = _month_day_readings(m.month, m.day, declared)
            if m.qualifier == "upcoming":  # announced as to come: its next occurrence only
                read = _next_occurrence(m.month, m.day, declared)
            elif m.tense == "future":  # a vaguer future cue: either reading may be meant
                read = _next_occurrence(m.month, m.day, declared) + read
            if not read or any(d.weekday() == m.weekday for d in read):
                continue
            actual = read[0]
        else:
            continue
        if actual.weekday() == m.weekday:
            continue
        year = actual.year
        said = _WEEKDAY_NAMES[m.weekday]
        is_ = _WEEKDAY_NAMES[actual.weekday()]
        fits = _fits(m.month, m.day, m.weekday, year)
        yield Issue(
            message=f"'{m.text}': {actual.isoformat()} is a {is_}, not a {said}",
            line=m.line,
            column=m.column,
            subject=m.text,
            evidence={
                "mention": _mention_json(m),
                "date": actual.isoformat(),
                "stated_weekday": said,
                "actual_weekday": is_,
                "years_where_it_fits": fits,
            },
            suggestion=f"check the date: {m.day}/{m.month} is a {said} in "
            + ", ".join(map(str, fits))
            if fits
            else None,
        )


@rule(
    "TIME004",
    "reference-date-conflict",
    "warning",
    "declared publication date disagrees with the date the text implies",
    params={"tolerance_days": int},
)
def check_reference_conflict(ctx: RuleContext) -> Iterable[Issue]:
    """The declared publication date disagrees with the date the text implies.

    What it checks: when the article's date is declared (``--published``, metadata, the post's
    dated address, a dateline; never htmldate's guess), the range the text alone implies is compared with it. It fires when the text
    reports events after the declared date (and after the page's declared update, if any —
    ``dateModified``, ``lastmod``, an "Updated on" line), or when the text reads as written within days of
    its events (weekday-only references) and the declared date is more than ``tolerance_days``
    (default 30) after that — only when the text ties its weekdays to those events (a date
    written with its weekday, or a weekday close to it), and only with a mention of the text to
    show as evidence (dates in page furniture are not the text's).

    Why an editor cares: either the declared date is wrong (a republished or migrated page) or
    the text is older than its date says — and every TIME001 judgement rests on that date.

    How to fix: correct the declared date, or update the text's time references ("on Tuesday"
    means nothing a year later).

    Fires: ``--published 2026-11-01`` on a piece saying "on Tuesday ... Sept. 19" and "nearly
    three years after" a 2020 war (the text reads as written in the week of 2023-09-19).

    Does not fire: ``--published 2023-09-20`` on that piece.
    """
    ref = ctx.reference
    if ref is None or not _is_declared(ref):
        return  # a guess (htmldate's, or the text's own) is nothing to compare the text with
    tol = dt.timedelta(days=_int_param(ctx, "tolerance_days", settings.REFERENCE_CONFLICT_DAYS))
    problem = None
    # A page updated later may report what happened up to its update ("dateModified").
    last = max(ref.date, ref.modified) if ref.modified is not None else ref.date
    if ref.implied_earliest is not None and last < ref.implied_earliest - tol:
        problem = f"the text reports events up to {ref.implied_earliest.isoformat()}"
    elif ref.implied_latest is not None and ref.date > ref.implied_latest + tol:
        problem = (
            "the text reads as written within days of "
            f"{(ref.implied_date or ref.implied_latest).isoformat()} "
            f"(no later than {ref.implied_latest.isoformat()})"
        )
    if problem is None:
        return
    from linkaudit.extract.reference import infer_from_text

    implied = infer_from_text(ctx.doc.text.text, ctx.mentions, None)
    if problem.startswith("the text reads as written") and implied and not _weekday_tied(implied):
        return  # "on Thursday" far from the only dated event: it may be this week's Thursday
    evidence = list(implied.evidence) if implied else []
    if not evidence and ref.implied_earliest is not None:
        # the text abstained on a date but states a later day: that day is the evidence
        evidence = [m for m in ctx.mentions if _mention_day(m) == ref.implied_earliest][:1]
    if not evidence and not (implied and implied.reasons):
        return  # nothing in the text to show the editor: the bound came from no words of it
    first = evidence[0] if evidence else None
    yield Issue(
        message=f"the article is dated {ref.iso()} ({_how_known(ref)}), but {problem}"
        + (f" ({_how_known_text(implied.reasons)})" if implied else ""),
        line=first.line if first else 1,
        column=first.column if first else 1,
        subject="reference-date",
        evidence={
            "declared": ref.iso(),
            "declared_source": ref.source,
            "implied": {
                "date": ref.implied_date.isoformat() if ref.implied_date else None,
                "earliest": ref.implied_earliest.isoformat() if ref.implied_earliest else None,
                "latest": ref.implied_latest.isoformat() if ref.implied_latest else None,
            },
            "reasons": list(implied.reasons) if implied else [],
            "mentions": [_mention_json(m) for m in evidence],
        },
        suggestion="check the declared date, or update the text's references to time",
    )


def _weekday_tied(implied: Any) -> bool:
    """Whether the text ties its weekday references to the dated events its date rests on: a
    date written with its weekday, or a weekday standing close to a dated event. "On Thursday"
    pages away from "June 18, 2015" (a background event, also a Thursday) says nothing of when
    the piece was written."""
    dated = [m for m in implied.evidence if m.kind in ("full-date", "month-day")]
    weekdays = [m for m in implied.evidence if m.kind == "weekday"]
    if not dated or not weekdays or any(m.weekday is not None for m in dated):
        return True
    near = settings.WEEKDAY_YEAR_NEAR_CHARS
    return any(abs(w.offset - d.offset) <= near for w in weekdays for d in dated)


def _mention_day(m: DateMention) -> dt.date | None:
    """The day a full-date mention states, or None."""
    if m.kind != "full-date" or not (m.year and m.month and m.day):
        return None
    try:
        return dt.date(m.year, m.month, m.day)
    except ValueError:
        return None


def _how_known_text(reasons: tuple[str, ...]) -> str:
    keep = [_short_reason(r) for r in reasons if not r.startswith("references by weekday")]
    return "inferred from: " + "; ".join(keep[:3]) if keep else "inferred from the text"


@rule(
    "TIME005",
    "stale-source",
    "info",
    "a source far older than the events it is cited for",
    enabled_by_default=False,
    params={"max_age_years": int},
)
def check_stale_source(ctx: RuleContext) -> Iterable[Issue]:
    """A cited source is far older than the article (off by default).

    What it checks: each cited source dated more than ``max_age_years`` (default 10) before the
    article's reference date, cited for a claim the text places in the last year or so: its
    sentence (with the link's text and cited title; the paragraph when the sentence is only a
    label such as "Source:") says "now", "currently", "latest", "recently", "this week",
    "yesterday", "on Tuesday", or gives a date of the last year. A sentence that names a year
    close to the source's own date ("the award she won in 2003"), an older date, or history
    ("founded", "history", "ten years ago") cites it for its own time: that is normal.

    Why an editor cares: an old source may be cited for a current fact it cannot support;
    often a newer source exists. Many old citations are deliberate (history, background), which
    is why this rule is off unless a pack turns it on, and quiet on history.

    How to fix: check that the source supports what it is cited for, or cite a current one.

    Fires: a piece written in 2023 saying "the ferry now costs more, according to" a report at
    ``https://example.org/2009/03/02/report``.

    Does not fire: that piece citing ``https://example.org/2021/03/02/report``; or citing the
    2009 report for "the company was founded by fishermen", or for "the award it won in 2009".
    """
    ref = ctx.reference
    if ref is None:
        return
    years = _int_param(ctx, "max_age_years", settings.STALE_SOURCE_YEARS)
    try:
        limit = ref.date.replace(year=ref.date.year - years)
    except ValueError:  # 29 February
        limit = ref.date.replace(year=ref.date.year - years, day=28)
    lang: list[str | None] = []  # the document's language, guessed once when first needed
    for link, refs in ctx.citations():
        dates = source_dates(link, url_date_known=ctx.url_dates_known)
        if not dates:
            continue
        newest = max(dates, key=lambda s: s.date)
        if newest.date >= limit:
            continue
        if not lang:
            lang.append(detect_language(ctx.doc.text.text))
        # Old sources are normal for history: only a claim the text places in the last year or
        # so ("now", "this week", "on Tuesday", a date of this year) may have outgrown its source.
        claim = None
        for r in refs:
            sentence, paragraph = citing_context(ctx.doc, r)
            found = claim_time(sentence, paragraph, ref.date, newest.date, lang[0], r.text)
            if found.verdict == "recent":
                claim = (r, found, sentence if found.scope == "sentence" else paragraph)
                break
        if claim is None:
            continue
        where, found, context = claim
        yield Issue(
            message=f"cites a source dated {newest.describe()}, more than {years} years before "
            f"the article ({ref.iso()}), for a claim the text places recently ('{found.cue}')",
            line=where.line,
            column=where.column,
            url=link.url,
            evidence={
                "source_dates": _source_json(dates),
                "reference_date": _reference_json(ref),
                "claim": {
                    "cue": found.cue,
                    "scope": found.scope,
                    "text": context[: settings.CLAIM_EVIDENCE_CHARS],
                },
            },
        )
