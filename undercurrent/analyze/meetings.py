"""One summit, many articles: merge the meetings that different documents read of the same event.

Each document gives its own meeting record (its own roster, outcomes and
sentences). Two records are one meeting when they have the same hosts and
guests and their dates fall within a window; the merged meeting keeps every
participant once, every source, every declared outcome, and an agenda
recounted over the merged roster.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from .model import DyadMeeting

# Two readings of one meeting: day-precise dates at most this many days apart (a state visit
# lasts up to about a week), or one of them only month-precise and in the same month.
SAME_MEETING_DAYS = 7


def _day(value: str | None) -> tuple[date | None, bool]:
    """(first day, precise?) of an ISO prefix."""
    if not value:
        return None, False
    parts = value.split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return date(y, m, d), len(parts) == 3
    except ValueError:
        return None, False


def is_same_meeting(a: DyadMeeting, b: DyadMeeting) -> bool:
    """Same sides (hosts and guests as sets, either way round) and compatible dates.

    Example:
        >>> m = DyadMeeting("e1", "2023-03-21", None, ("RUS",), ("CHN",), (), (), (), (), False, None, ())
        >>> is_same_meeting(m, replace(m, event_id="e2", date="2023-03"))
        True
    """
    parties_a, parties_b = set(a.hosts) | set(a.guests), set(b.hosts) | set(b.guests)
    if parties_a != parties_b or not parties_a:
        return False
    if a.hosts and b.hosts and set(a.hosts) != set(b.hosts):
        return False  # a visit each way is two meetings
    da, pa = _day(a.date)
    db, pb = _day(b.date)
    if da is None or db is None:
        return False
    if pa and pb:
        return abs((da - db).days) <= SAME_MEETING_DAYS
    # a month-precise reading is the same meeting only within that month
    return (da.year, da.month) == (db.year, db.month)


def _agenda(participants) -> tuple[tuple[str, str, int, float], ...]:
    per_side: dict[str, Counter] = {}
    for p in participants:
        if p.side and p.sector:
            per_side.setdefault(p.side, Counter())[p.sector] += 1
    out = []
    for side, counts in sorted(per_side.items()):
        total = sum(counts.values())
        for sector, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append((side, sector, n, round(n / total, 3)))
    return tuple(out)


def _merge_two(primary: DyadMeeting, other: DyadMeeting) -> DyadMeeting:
    seen = {(p.actor_id or p.name.lower()) for p in primary.participants}
    people = list(primary.participants)
    for p in other.participants:
        key = p.actor_id or p.name.lower()
        if key not in seen:
            seen.add(key)
            people.append(p)
    # the more precise date wins
    date_value = primary.date if len(primary.date or "") >= len(other.date or "") else other.date
    return replace(
        primary,
        date=date_value,
        place=primary.place or other.place,
        participants=tuple(people),
        agenda=_agenda(people),
        agenda_reasons=tuple(dict.fromkeys((*primary.agenda_reasons, *other.agenda_reasons))),
        declared_outcomes=tuple(dict.fromkeys((*primary.declared_outcomes, *other.declared_outcomes))),
        declared_gap=primary.declared_gap or other.declared_gap,
        declared_gap_reason=primary.declared_gap_reason or other.declared_gap_reason,
        sources=tuple(dict.fromkeys((*primary.sources, *other.sources))),
    )


def merge_meetings(meetings: tuple[DyadMeeting, ...]) -> tuple[DyadMeeting, ...]:
    """Group readings of the same meeting; the reading with the largest roster leads each group."""
    ordered = sorted(meetings, key=lambda m: (-len(m.participants), m.date or "", m.event_id))
    groups: list[DyadMeeting] = []
    for m in ordered:
        for i, g in enumerate(groups):
            if is_same_meeting(g, m):
                groups[i] = _merge_two(g, m)
                break
        else:
            groups.append(m)
    return tuple(sorted(groups, key=lambda m: (m.date or "", m.event_id)))
