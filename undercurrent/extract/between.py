"""Reading between the lines: meetings and their rosters, agreements, dependence, analogies.

Delegates to :mod:`.agreements`, :mod:`.meetings` and :mod:`.dependence`;
agreements come first because a meeting's declared outcomes are agreements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..records import Actor, Agreement, Analogy, Dependency, Event, Meeting, TimeExpr
from .agreements import extract_agreements
from .dependence import extract_analogies, extract_dependencies
from .meetings import extract_meetings


def extract_between_lines(
    sdoc: Any,
    actors: Sequence[Actor],
    events: Sequence[Event],
    timexes: Sequence[TimeExpr],
    anchor: str | None = None,
) -> tuple[tuple[Meeting, ...], tuple[Agreement, ...], tuple[Dependency, ...], tuple[Analogy, ...]]:
    """Meetings, agreements, dependencies and analogies of one parsed document.

    ``anchor`` (the writing date) is accepted for the pipeline contract; dates
    come from the time expressions, which are already resolved against it.
    Agreements without a date of their own take the date of the meeting whose
    stretch of the narrative they are told in.

    Example:
        >>> meetings, agreements, deps, analogies = extract_between_lines(doc, actors, events, timexes)  # doctest: +SKIP
    """
    agreements = extract_agreements(sdoc, actors, timexes)
    meetings = extract_meetings(sdoc, actors, events, agreements)
    agreements = _dated(agreements, meetings)
    dependencies = extract_dependencies(sdoc, actors)
    analogies = extract_analogies(sdoc, actors, dependencies)
    return meetings, agreements, dependencies, analogies


def _dated(agreements: tuple[Agreement, ...], meetings: tuple[Meeting, ...]) -> tuple[Agreement, ...]:
    """Give declared outcomes without a date of their own the date of their meeting."""
    date_of = {aid: m.date for m in meetings for aid in m.declared_outcomes}
    return tuple(replace(a, date=date_of[a.id]) if a.date is None and a.id in date_of else a for a in agreements)
