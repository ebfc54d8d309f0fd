"""Dates for events whose own sentence gives none, inherited from what they belong to.

A story dates its main happening once ("Putin arrived on Thursday for a
two-day state visit") and tells the rest without a date ("The two leaders
signed ..."). This pass runs over the finished events of one document, in
text order, and gives an event with no date of its own:

1. the date of the happening it belongs to: the nearest earlier event with a
   date of its own (a day, a month or a span of days, not an open bound)
   within ``INHERIT_SENTENCES`` sentences, of the same kind (a planned event
   takes a planned happening's date, a happened one a happened one's);
   or, further back, the latest dated event of the same type, or a meeting, visit
   or call, sharing a party (a later mention of the same happening: "Xi's visit",
   "the summit"; "the leaders signed" at it); an undated meeting, visit or call
   looks for such an earlier mention first, before anything dated nearer;
2. else, for news the text reports as fact (asserted, reported or negated),
   the writing date: a readout's "the leaders agreed", a statement's
   "condemns" happen when the text was written. The writing date must be at
   least month-precise; a year alone dates nothing.

An event told as having happened but dated after the writing date took the
date of a planned act in its sentence; it is read as undated first.

Historical background, hedged, hypothetical and planned events without a
happening stay undated: nothing in the text dates them. Each inherited date is
marked (``Event.inherited``) with where it came from.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Any

from ..nlp.sents import sentences
from ..records import DateValue, Event, InheritedDate
from .timecalc import parse_iso, period_end, point_value

EXTRACTOR = "extract.eventdates.rules.v1"

# How far back (in sentences) a happening still dates what follows: a news paragraph
# is two to four sentences, and a readout tells one meeting over a few paragraphs.
INHERIT_SENTENCES = 4
# Modalities that say the event happened (or is said to have happened) by the time of writing.
HAPPENED = frozenset({"asserted", "reported", "negated"})
# Planned events take dates only from planned happenings ("will travel ... from 7 to 10 September").
FUTURE = frozenset({"planned"})
# Never dated by inheritance: background has its own time, and a hedge or a hypothesis has none.
NEVER = frozenset({"historical", "hedged", "hypothetical"})
UNDATED = DateValue(None, None, None)


def _own_date(ev: Event) -> bool:
    """The event's sentence dates it at a day, a month or a span of days (not an open bound, not a year)."""
    d = ev.occurred
    if ev.inherited is not None or not d.start:
        return False
    if d.granularity == "interval":
        return bool(d.end) and len(d.start) >= 7
    return d.granularity in ("day", "month")


def _kind(modality: str) -> str | None:
    if modality in HAPPENED:
        return "happened"
    if modality in FUTURE:
        return "planned"
    return None


def _writing_value(anchor: str | None) -> DateValue | None:
    point = parse_iso(anchor)
    if point is None or point.grain not in ("day", "month"):
        return None
    return point_value(point)


def _after_writing(ev: Event, anchor: str | None) -> bool:
    """A happened event dated after the writing date: the date is a planned act's in the same
    sentence ("agreed to hold a dialogue in September", "warned it may retaliate if the sanctions
    start on April 17"), not the event's."""
    point, start = parse_iso(anchor), parse_iso(ev.occurred.start)
    return point is not None and start is not None and ev.modality in HAPPENED and start.date > period_end(point)


def _same_happening(ev: Event, before: list[Event], kind: str | None) -> Event | None:
    """The latest earlier dated event of the same type and kind sharing a party: a later mention of
    that happening ("Xi's visit", "the summit" after "Xi made a state visit to Moscow in March")."""
    parties = set(ev.actors) | set(ev.recipients)
    for prev in reversed(before):
        if prev.type in (ev.type, "CONSULT") and _own_date(prev) and _kind(prev.modality) == kind and parties & (set(prev.actors) | set(prev.recipients)):
            return prev
    return None


def inherit_event_dates(sdoc: Any, events: tuple[Event, ...], anchor: str | None) -> tuple[Event, ...]:
    """Give undated events the date of the happening they belong to, else the writing date.

    Args:
        sdoc: the spaCy Doc the events were read from (for sentence positions).
        events: the finished events, in text order.
        anchor: the writing date relative expressions were resolved against.

    Example:
        >>> dated = inherit_event_dates(sdoc, events, "2024-05-16")  # doctest: +SKIP
        >>> dated[1].occurred.start, dated[1].inherited.basis  # doctest: +SKIP
        ('2024-05-16', 'happening')
    """
    starts = [s.start_char for s in sentences(sdoc)] or [0]
    writing = _writing_value(anchor)
    out: list[Event] = []
    for ev in events:
        if _after_writing(ev, anchor):
            ev = replace(ev, occurred=UNDATED)
        if ev.occurred.start or ev.occurred.end or ev.modality in NEVER:
            out.append(ev)
            continue
        kind = _kind(ev.modality)
        here = bisect.bisect_right(starts, ev.evidence.start) - 1
        # a later mention of a meeting, visit or call is that happening ("Xi's visit" after "a state visit
        # to Russia last month"), whatever is dated nearer
        source = _same_happening(ev, out, kind) if ev.type == "CONSULT" else None
        for prev in reversed(out if source is None else ()):
            if bisect.bisect_right(starts, prev.evidence.start) - 1 < here - INHERIT_SENTENCES:
                break
            # a date in the event's own sentence was weighed (and refused) by the event reader
            if prev.evidence.start < ev.evidence.start and _own_date(prev) and _kind(prev.modality) == kind:
                source = prev
                break
        if source is None:
            source = _same_happening(ev, out, kind)
        if source is not None:
            out.append(replace(ev, occurred=source.occurred, inherited=InheritedDate("happening", source.evidence)))
        elif kind == "happened" and writing is not None:
            out.append(replace(ev, occurred=writing, inherited=InheritedDate("writing_date")))
        else:
            out.append(ev)
    return tuple(out)
