"""Geometry of the HTML report's timeline: the article's reference date and every source's date.

Pure arithmetic, no markup, so tests can check positions directly. A source dated after the
latest day the article can have been written is marked ``after``: that is the picture of TIME001.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from linkaudit.model import DocumentResult

__all__ = ["Point", "Tick", "Timeline", "build_timeline", "parse_day"]

WIDTH = 960
HEIGHT = 190
MARGIN_X = 48
AXIS_Y = 150
LANE_GAP = 9  # vertical distance between dots that share a date
MAX_LANES = 12  # beyond this, dots on the same day overlap
BUCKET_PX = 7  # dots closer than this share a column and stack
MIN_PAD_DAYS = 30
MAX_TICKS = 12
MAX_AFTER_LABELS = 4
LABEL_NUDGE_PX = 6
LABEL_EDGE_PX = 110  # labels closer than this to an edge are anchored inside it
_TICK_STEPS = (1, 2, 5, 10, 20, 50, 100, 500)


@dataclass(frozen=True, slots=True)
class Point:
    """One dated thing on the axis."""

    date: dt.date
    kind: str  # reference | url | published
    label: str
    x: float
    y: float
    after: bool  # dated after the article's latest possible writing day
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Tick:
    label: str
    x: float


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    axis_y: int
    ticks: tuple[Tick, ...]
    points: tuple[Point, ...]
    reference: Point | None
    band: tuple[float, float] | None  # x of earliest..latest writing day
    limit: dt.date | None  # sources after this day are "after"

    @property
    def sources(self) -> tuple[Point, ...]:
        return tuple(p for p in self.points if p.kind != "reference")

    def anchor(self, x: float) -> str:
        """SVG text-anchor that keeps a label near either edge inside the picture."""
        if x < LABEL_EDGE_PX:
            return "start"
        if x > self.width - LABEL_EDGE_PX:
            return "end"
        return "middle"

    def nudge(self, x: float) -> int:
        """Horizontal offset that keeps an edge-anchored label off the line it names."""
        return {"start": LABEL_NUDGE_PX, "end": -LABEL_NUDGE_PX}.get(self.anchor(x), 0)

    @property
    def after_labels(self) -> tuple[Point, ...]:
        """One label per distinct late date (the topmost dot), a few at most, to stay legible."""
        top: dict[dt.date, Point] = {}
        for p in self.points:
            if p.after and (p.date not in top or p.y < top[p.date].y):
                top[p.date] = p
        return tuple(top[d] for d in sorted(top)[:MAX_AFTER_LABELS])


def parse_day(value: str | None) -> dt.date | None:
    """The day of an ISO date or date-time, or None when it is not one."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _domain(dates: list[dt.date]) -> tuple[dt.date, dt.date]:
    lo, hi = min(dates), max(dates)
    pad = max(MIN_PAD_DAYS, (hi - lo).days // 20)
    return lo - dt.timedelta(days=pad), hi + dt.timedelta(days=pad)


def _ticks(lo: dt.date, hi: dt.date, scale: float) -> tuple[Tick, ...]:
    years = hi.year - lo.year + 1
    step = next((s for s in _TICK_STEPS if years / s <= MAX_TICKS), _TICK_STEPS[-1])
    ticks = []
    for year in range(lo.year + 1, hi.year + 1):
        if (year % step) == 0:
            day = dt.date(year, 1, 1)
            ticks.append(Tick(str(year), MARGIN_X + (day - lo).days * scale))
    if not ticks:  # a span inside one year: mark the months instead
        for month in range(1, 13):
            day = dt.date(lo.year, month, 1)
            if lo < day < hi:
                ticks.append(Tick(day.strftime("%b %Y"), MARGIN_X + (day - lo).days * scale))
    return tuple(ticks)


def build_timeline(doc: DocumentResult) -> Timeline | None:
    """The timeline for one document, or None when nothing in it is dated."""
    ref = doc.reference_date
    sources: list[tuple[dt.date, str, str, str]] = []
    for link in doc.links:
        if link.url_date is not None:
            sources.append((link.url_date.date, "url", f"URL date {link.url_date.iso()}", link.url))
        published = parse_day(link.page.published if link.page else None)
        if published is not None:
            sources.append((published, "published", f"published {published}", link.url))
    dates = [d for d, *_ in sources]
    if ref is not None:
        dates += [d for d in (ref.date, ref.earliest, ref.latest) if d is not None]
    if not dates:
        return None
    lo, hi = _domain(dates)
    scale = (WIDTH - 2 * MARGIN_X) / max(1, (hi - lo).days)

    def x_of(day: dt.date) -> float:
        return round(MARGIN_X + (day - lo).days * scale, 1)

    limit = None
    if ref is not None:
        limit = ref.latest or ref.date
    lanes: dict[int, int] = {}
    points: list[Point] = []
    for day, kind, label, url in sorted(sources, key=lambda s: (s[0], s[1], s[3])):
        x = x_of(day)
        bucket = int(x // BUCKET_PX)
        lane = lanes.get(bucket, 0)
        lanes[bucket] = lane + 1
        y = AXIS_Y - 14 - min(lane, MAX_LANES) * LANE_GAP
        after = limit is not None and day > limit
        points.append(Point(day, kind, label, x, y, after, url))
    reference = None
    band = None
    if ref is not None:
        reference = Point(ref.date, "reference", f"written {ref.iso()}", x_of(ref.date), 34, False)
        if ref.earliest or ref.latest:
            start = x_of(ref.earliest or ref.date)
            end = x_of(ref.latest) if ref.latest else float(WIDTH - MARGIN_X)
            band = (start, max(end, start + 2))
    return Timeline(
        WIDTH, HEIGHT, AXIS_Y, _ticks(lo, hi, scale), tuple(points), reference, band, limit
    )
