"""Calendar arithmetic for time expressions: anchors, shifts, and DateValue/TIMEX3 formatting.

A point in time is held as a ``Point(date, grain)``: the grain ("day", "week",
"month", "year") says how much of ``date`` the text supports.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..records import DateValue
from .timevocab import GRAIN_RANK, Unit

_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar point and the granularity the text supports for it."""

    date: dt.date
    grain: str


def parse_iso(value: str | None) -> Point | None:
    """Read "2023", "2023-04" or "2023-04-15" as a Point at the start of that period.

    Example:
        >>> parse_iso("2023-04")
        Point(date=datetime.date(2023, 4, 1), grain='month')
    """
    if not value:
        return None
    m = _ISO_RE.match(value.strip())
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if day:
        return Point(dt.date(int(year), int(month), int(day)), "day")
    if month:
        return Point(dt.date(int(year), int(month), 1), "month")
    return Point(dt.date(int(year), 1, 1), "year")


def period_end(point: Point) -> dt.date:
    """The last day of the period a Point covers."""
    d = point.date
    if point.grain == "year":
        return dt.date(d.year, 12, 31)
    if point.grain == "month":
        return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    if point.grain == "week":
        return d + dt.timedelta(days=6 - d.weekday())
    return d


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` moved by whole months, the day clipped to the target month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def shift(ref: Point, n: int, unit: Unit) -> Point | None:
    """Move ``ref`` by ``n`` units, keeping only the granularity both support.

    A shift by a unit finer than the reference ("the following day" after
    "September 2014") is unknowable and gives None; a shift by months keeps
    at most month granularity ("eight months later" after 12 September 2014
    is May 2015, not 12 May), a shift by years keeps the year, a shift by
    weeks from a day gives that week.

    Example:
        >>> from undercurrent.extract.timevocab import time_vocab
        >>> shift(Point(dt.date(2014, 9, 1), "month"), 8, time_vocab().units["months"])
        Point(date=datetime.date(2015, 5, 1), grain='month')
    """
    unit_grain = unit.grain
    if unit_grain == "time" or GRAIN_RANK[ref.grain] > GRAIN_RANK[unit_grain]:
        return None
    if unit.days:
        grain = "week" if unit.days == 7 and ref.grain == "day" else ref.grain
        return Point(ref.date + dt.timedelta(days=n * unit.days), grain)
    moved = add_months(ref.date, n * unit.months)
    if unit.months >= 12:
        # "a year on", "two years ago", "a decade ago": TimeML values these at year granularity.
        return Point(dt.date(moved.year, 1, 1), "year")
    grain = "year" if ref.grain == "year" else "month"
    return Point(moved.replace(day=1) if grain == "month" else dt.date(moved.year, 1, 1), grain)


def point_value(point: Point) -> DateValue:
    """The DateValue for a Point (a week becomes a Monday-to-Sunday interval)."""
    d = point.date
    if point.grain == "week":
        monday = d - dt.timedelta(days=d.weekday())
        return DateValue(monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), "interval")
    text = point_timex(point)
    grain = "day" if point.grain == "time" else point.grain
    return DateValue(text[:10], text[:10], grain)


def point_timex(point: Point) -> str:
    """The TIMEX3 value for a Point: 2014-09-12, 2014-09, 2014 or 2014-W37."""
    d = point.date
    if point.grain in ("day", "time"):
        return d.isoformat()
    if point.grain == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if point.grain == "week":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return f"{d.year:04d}"


def month_interval(year: int, start_month: int, end_month: int) -> DateValue:
    """An interval of whole months; an end month before the start falls in the next year."""
    end_year = year + 1 if end_month < start_month else year
    return DateValue(f"{year:04d}-{start_month:02d}", f"{end_year:04d}-{end_month:02d}", "interval")


def duration_timex(n: int | None, unit: Unit) -> str:
    """TIMEX3 duration: P8M, P10Y, PT2H, PXY for an unspecified number."""
    amount = "X" if n is None else str(n * unit.factor)
    return ("PT" if unit.is_time else "P") + amount + unit.code
