"""Time arithmetic for the dyad report: ISO prefixes to dates, periods, trends, disclosure lags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# A quad's count is "rising"/"falling" when the later half of the period differs from the
# earlier half by at least this fraction; smaller moves are noise at news-corpus volumes.
TREND_MIN_CHANGE = 0.25
# Periods longer than this many years are bucketed by year, shorter ones by quarter
# (a quarterly axis over decades is unreadable; a yearly one over months is empty).
QUARTERS_UP_TO_YEARS = 3


def to_date(prefix: str | None) -> date | None:
    """First day of an ISO prefix ("2014", "2014-09", "2014-09-12"), or None.

    Example:
        >>> to_date("2014-09")
        datetime.date(2014, 9, 1)
    """
    if not prefix:
        return None
    parts = prefix[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except ValueError:
        return None


def date_text(start: str | None, end: str | None, granularity: str | None) -> str | None:
    """How a stored occurred date reads: its start, or "1989.." / "..2014-09" when the text only bounds it.

    Example:
        >>> date_text("1989", None, "interval"), date_text("2014-09", "2014-09", "month")
        ('1989..', '2014-09')
    """
    if granularity == "interval" and (start is None) != (end is None):
        return f"{start or ''}..{end or ''}"
    return start


def lag_days(occurred: str | None, disclosed: str | None) -> int | None:
    """Days from occurrence to disclosure, compared at the coarser of the two granularities."""
    if not occurred or not disclosed:
        return None
    width = min(len(occurred), len(disclosed))
    a, b = to_date(occurred[:width]), to_date(disclosed[:width])
    if a is None or b is None:
        return None
    return (b - a).days


def period_unit(dates: Iterable[str]) -> str:
    """"quarter" or "year", from the span the dates cover."""
    years = sorted({d[:4] for d in dates if d})
    if not years:
        return "year"
    return "quarter" if int(years[-1]) - int(years[0]) < QUARTERS_UP_TO_YEARS else "year"


def period_of(prefix: str, unit: str) -> str:
    """The period label of a date: "2023" or "2023-Q1"."""
    if unit == "year" or len(prefix) < 7:
        return prefix[:4]
    return f"{prefix[:4]}-Q{(int(prefix[5:7]) - 1) // 3 + 1}"


@dataclass(frozen=True, slots=True)
class QuadTrend:
    """Counts of one quad per period and the direction over the whole period."""

    quad: str
    label: str
    counts: tuple[int, ...]
    total: int
    direction: str  # rising, falling, steady, none, single_period


@dataclass(frozen=True, slots=True)
class Trend:
    unit: str
    periods: tuple[str, ...]
    quads: tuple[QuadTrend, ...]


def direction(counts: tuple[int, ...]) -> str:
    """Compare the later half of the periods with the earlier half."""
    if not any(counts):
        return "none"
    if len(counts) < 2:
        return "single_period"
    half = len(counts) // 2
    early, late = sum(counts[:half]), sum(counts[len(counts) - half :])
    if early == 0:
        return "rising"
    change = (late - early) / early
    if change >= TREND_MIN_CHANGE:
        return "rising"
    if change <= -TREND_MIN_CHANGE:
        return "falling"
    return "steady"


def build_trend(dated: list[tuple[str, str]], quads: list[tuple[str, str]]) -> Trend:
    """Trend from (date prefix, quad) pairs; ``quads`` is [(key, label)] in display order.

    Example:
        >>> build_trend([("2023-03-21", "verbal_cooperation")], [("verbal_cooperation", "VC")]).periods
        ('2023-Q1',)
    """
    unit = period_unit(d for d, _ in dated)
    if unit == "quarter":
        # A year-only date cannot be put in a quarter; it is left out of a quarterly trend.
        dated = [(d, q) for d, q in dated if len(d) >= 7]
    periods = sorted({period_of(d, unit) for d, _ in dated})
    if unit == "quarter" and periods:
        periods = _fill_quarters(periods[0], periods[-1])
    elif periods:
        periods = [str(y) for y in range(int(periods[0][:4]), int(periods[-1][:4]) + 1)]
    index = {p: i for i, p in enumerate(periods)}
    out = []
    for key, label in quads:
        counts = [0] * len(periods)
        for d, q in dated:
            p = period_of(d, unit)
            if q == key and p in index:
                counts[index[p]] += 1
        out.append(QuadTrend(key, label, tuple(counts), sum(counts), direction(tuple(counts))))
    return Trend(unit, tuple(periods), tuple(out))


def _fill_quarters(first: str, last: str) -> list[str]:
    y, q = int(first[:4]), int(first[-1])
    out = []
    while (y, q) <= (int(last[:4]), int(last[-1])):
        out.append(f"{y}-Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out
