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


@dataclass(frozen=True, slots=True)
class PeriodBrief:
    """What the store says happened between the two states in one period."""

    period: str
    headlines: tuple[Headline, ...]


# Sentences cited under a period's "how the relation moved" line: one per event, the first ones.
MAX_MOVEMENT_SOURCES = 20
# Names listed per side in a meeting sentence before "and N others".
MAX_NAMES = 4
_COOPERATION = ("verbal_cooperation", "material_cooperation")
_CONFLICT = ("verbal_conflict", "material_conflict")


def _names(people: list[str]) -> str:
    if len(people) <= MAX_NAMES:
        return ", ".join(people[:-1]) + (" and " if len(people) > 1 else "") + people[-1]
    return ", ".join(people[:MAX_NAMES]) + f" and {len(people) - MAX_NAMES} others"


def _meeting_sentence(dyad: Dyad, m: DyadMeeting) -> Headline:
    sides = []
    for side in (dyad.a, dyad.b):
        people = [p.name for p in m.participants if p.side == side]
        if people:
            sides.append(f"{_names(people)} for {dyad.names.get(side, side)}")
    where = f" in {m.place}" if m.place else ""
    room = f": {'; '.join(sides)}" if sides else ""
    signed = f". Declared outcomes: {'; '.join(m.declared_outcomes)}" if m.declared_outcomes else ""
    return Headline(f"Meeting{where} ({m.date or 'undated'}){room}{signed}.", m.sources)


def _merge(lines: list[Headline]) -> tuple[Headline, ...]:
    """One sentence per text (copies of a story give the same deal twice), with all their sources."""
    merged: dict[str, list[Evidence]] = {}
    for h in lines:
        merged.setdefault(h.text, []).extend(s for s in h.sources if s not in merged.get(h.text, []))
    return tuple(Headline(text, tuple(srcs)) for text, srcs in merged.items())


def _movement(dyad: Dyad, index: int) -> Headline | None:
    """How cooperation and conflict moved from the period before (counts of pair events); None
    when the period has no pair event to count (a measure by a third state alone)."""
    trend = dyad.glance.trend
    counts = {q.quad: q.counts for q in trend.quads}
    coop = [sum(counts.get(q, (0,) * len(trend.periods))[i] for q in _COOPERATION) for i in range(len(trend.periods))]
    conf = [sum(counts.get(q, (0,) * len(trend.periods))[i] for q in _CONFLICT) for i in range(len(trend.periods))]
    if not coop[index] + conf[index]:
        return None
    text = f"{coop[index]} cooperative and {conf[index]} conflictual events between the two"
    if index > 0:
        text += f" (the period before: {coop[index - 1]} and {conf[index - 1]})"
    period = trend.periods[index]
    from ..analyze.timeline import period_of

    sources = [e.sources[0] for e in dyad.events if e.sources and e.occurred and period_of(e.occurred, trend.unit) == period]
    return Headline(text + ".", tuple(sources[:MAX_MOVEMENT_SOURCES]))


def period_briefs(dyad: Dyad) -> list[PeriodBrief]:
    """One brief per period of the trend that holds a meeting, a deal, a measure or a hidden item.

    Every sentence is assembled from stored rows (meetings with their rosters and declared
    outcomes, deals, third-party measures, late disclosures, the roster gap) and carries them.
    """
    from ..analyze.timeline import period_of

    trend = dyad.glance.trend
    unit = trend.unit
    out = []
    for index, period in enumerate(trend.periods):
        lines: list[Headline] = []
        for m in dyad.meetings:
            if m.date and period_of(m.date, unit) == period:
                lines.append(_meeting_sentence(dyad, m))
                gap = roster_gap(dyad, m)
                if gap:
                    lines.append(gap)
        for d in dyad.deals:
            if d.occurred and period_of(d.occurred, unit) == period:
                verb = "Transferred" if d.kind == "transfer" else "Agreed"
                qty = f" ({d.quantity})" if d.quantity not in (None, "1") and not d.item[:1].isdigit() else ""
                told = {"late": f"; made known {d.disclosed}, {d.lag_days} days later",
                        "undisclosed": "; not disclosed"}.get(d.disclosure, "")
                lines.append(Headline(f"{verb}: {d.item}{qty}{told}.", d.sources))
        for e in dyad.measures:
            if e.occurred and period_of(e.occurred, unit) == period:
                by = ", ".join(e.actors) or "?"
                on = ", ".join(e.recipients) or "?"
                what = f" ({e.item})" if e.item else ""
                lines.append(Headline(f"{e.type.capitalize()} by {by} on {on}{what}.", e.sources))
        if lines:
            moved = _movement(dyad, index)
            out.append(PeriodBrief(period, _merge(lines) + ((moved,) if moved else ())))
    return out
