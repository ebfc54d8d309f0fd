"""Sentences of the report's written brief, computed from the dyad (no conclusions written by hand)."""

from __future__ import annotations

from dataclasses import dataclass

from ..analyze.model import Dyad, DyadMeeting, Evidence
from .labels import cluster_of, defence_outcome_words

# A side's roster reads as defence-industrial when at least this many of its people,
# and at least this share of them, hold arms, defence, armed-forces or space posts: one
# defence minister in a large delegation is protocol, three of nine is an agenda.
MIN_DEFENCE_PEOPLE = 2
MIN_DEFENCE_SHARE = 1 / 3


@dataclass(frozen=True, slots=True)
class Headline:
    """One sentence of the brief with the sentences behind it."""

    text: str
    sources: tuple[Evidence, ...]


def roster_gap(dyad: Dyad, meeting: DyadMeeting) -> Headline | None:
    """The roster-versus-declared gap of one meeting, when a side's roster is defence-industrial.

    Example:
        "3 of 9 on Russia's side hold arms, defence, armed-forces or space posts; the declared
        outcomes (2 joint statements) say nothing about defence."
    """
    best = None
    for side in (dyad.a, dyad.b):
        people = [p for p in meeting.participants if p.side == side]
        defence = [p for p in people if cluster_of(p.sector) == "defence_industrial"]
        if len(defence) >= MIN_DEFENCE_PEOPLE and len(defence) >= MIN_DEFENCE_SHARE * len(people):
            if best is None or len(defence) > len(best[1]):
                best = (side, defence, people)
    if best is None:
        return None
    side, defence, people = best
    name = dyad.names.get(side, side)
    text = f"{len(defence)} of {len(people)} on {name}'s side hold arms, defence, armed-forces or space posts"
    words = defence_outcome_words()
    outcomes = meeting.declared_outcomes
    if not outcomes:
        text += "; no outcome of the meeting was declared."
    elif not any(w in o.lower() for o in outcomes for w in words):
        text += f"; the declared outcomes ({'; '.join(outcomes)}) say nothing about defence."
    else:
        text += "."
    where = f"At the meeting in {meeting.place}" if meeting.place else "At a meeting"
    when = f" on {meeting.date}" if meeting.date else ""
    sources = tuple(p.evidence for p in defence if p.evidence) or meeting.sources
    return Headline(f"{where}{when}, {text}", sources)


def roster_gaps(dyad: Dyad) -> list[Headline]:
    """The roster gap of every meeting that has one, in meeting order."""
    return [h for m in dyad.meetings if (h := roster_gap(dyad, m))]
