"""The agenda read from a meeting's roster, its declared outcomes, and the gap between them."""

from __future__ import annotations

from collections.abc import Sequence

from ..ontology import country_table
from ..records import AgendaShare, Agreement, Participant
from .between_text import has_word

# A side's defence share above this flags a declared gap: DOMAIN.md's "more than half of one
# side's team runs arms and space programmes".
DEFENSE_GAP_SHARE = 0.5
# A roster reads as an agenda only with a team: one defence minister visiting another says nothing
# beyond their office, so a side needs at least this many named participants for a gap flag.
MIN_GAP_ROSTER = 3


def demonym(code: str | None) -> str:
    """"Russian" for RUS; the code itself when no demonym is known."""
    for c in country_table():
        if c.code == code:
            return c.demonyms[0] if c.demonyms else c.name
    return code or "unknown"


def agenda(
    participants: Sequence[Participant], theme_descriptions: dict[str, str]
) -> tuple[tuple[AgendaShare, ...], tuple[str, ...]]:
    """Per side, the count and share of participants in each theme, with one reason per theme.

    Every participant of a side counts in the denominator, leaders and unnamed groups
    included, as the analyst counts "5 of 9 on the Russian side".

    Example:
        >>> shares, reasons = agenda(participants, {"defense": "run arms, defence or space programmes"})  # doctest: +SKIP
        >>> reasons[0]  # doctest: +SKIP
        'defense: 5 of 9 on the Russian side run arms, defence or space programmes'
    """
    shares: list[AgendaShare] = []
    reasons: list[str] = []
    sides = sorted({p.side for p in participants}, key=lambda s: s or "")
    for side in sides:
        team = [p for p in participants if p.side == side]
        counts: dict[str, int] = {}
        for p in team:
            if p.agenda_theme:
                counts[p.agenda_theme] = counts.get(p.agenda_theme, 0) + 1
        for theme, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            shares.append(AgendaShare(side, theme, n, n / len(team)))
            if theme != "head_of_state":
                reasons.append(f"{theme}: {n} of {len(team)} on the {demonym(side)} side {theme_descriptions.get(theme, '')}")
    return tuple(shares), tuple(reasons)


def declared_outcomes(
    agreements: Sequence[Agreement], lo: int, hi: int, date: str | None, meeting_words: Sequence[str]
) -> list[Agreement]:
    """Published agreements told in a meeting's stretch of the narrative [lo, hi).

    An agreement with a date must fall in the meeting's month; one without a date
    must be told in a sentence that speaks of the meeting ("at the end of the trip").
    """
    out = []
    for a in agreements:
        if not lo <= a.evidence.start < hi or a.disclosed is False:
            continue
        if a.date and a.date.start and date and not (a.date.start[:7] == date[:7] or date.startswith(a.date.start)):
            continue
        if a.date is None and not has_word(a.evidence.text, meeting_words):
            continue
        out.append(a)
    return out


def declared_gap(
    agenda_shares: Sequence[AgendaShare], declared: Sequence[Agreement], reasons: Sequence[str]
) -> tuple[bool, str | None]:
    """(gap, reason): a side's roster is mostly defence while no defence agreement is declared."""
    heavy = [
        s for s in agenda_shares
        if s.sector == "defense" and s.share > DEFENSE_GAP_SHARE and round(s.count / s.share) >= MIN_GAP_ROSTER
    ]
    if not heavy or any(a.topic == "defense" or a.kind in {"treaty", "contract"} for a in declared):
        return False, None
    said = next((r for r in reasons if r.startswith("defense:")), "defense")
    if declared:
        listed = ", ".join(_outcome_phrase(a) for a in declared)
        told = f"declared outcomes are {listed}, none on defence"
    else:
        told = "no agreement was declared"
    return True, f"roster says {said}; {told}"


def _outcome_phrase(a: Agreement) -> str:
    """"14 documents", "2 joint statements", "a treaty"."""
    kind = a.kind.replace("_", " ")
    if a.count is None:
        return kind if kind.endswith("s") else f"{kind}s"
    if a.count == 1:
        return f"1 {kind}"
    return f"{a.count} {kind}" if kind.endswith("s") else f"{a.count} {kind}s"
