"""One happening, many reports: whether two stored events from different stories are the same.

Pure functions. :func:`match_happenings` weighs the event type (and mode), the
states on each side, the people taking part, the place, the item and the
dates at each date's own granularity, and returns a score with a reason, or
None when the two cannot be one happening. The store records each link as a
reversible ``same_happening`` judgement; nothing here writes anything.

Look-alikes are kept apart by hard conditions, not by a low score: two visits
by the same leader on days far apart, two deals of one item with different
quantities, two meetings in different cities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .people import Match

KIND = "same_happening"
# A link needs at least this score: the same type and sides, and dates that agree at least
# to the month, or to the year with shared people or item.
MIN_SCORE = 0.7
# Day-precise dates of one happening told by different outlets differ by at most this many
# days ("on Tuesday" read against different publication dates; a visit over several days).
SAME_DAYS = {"CONSULT": 3}
DEFAULT_SAME_DAYS = 1
# Types whose sides outlets name either way round ("Biden hosted Modi", "Modi met Biden").
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})


@dataclass(frozen=True, slots=True)
class HappeningView:
    """What the resolver needs to know of one stored (canonical) event."""

    id: str
    story: str  # story cluster (or document) it was read in
    type: str
    mode: str | None = None
    actors: frozenset[str] = frozenset()  # states of the actors
    recipients: frozenset[str] = frozenset()  # states of the recipients
    people: frozenset[str] = frozenset()  # person actor ids (merged ids folded by the caller)
    date_start: str | None = None
    date_end: str | None = None
    place: str | None = None
    item: str | None = None
    quantity: str | None = None

    @property
    def parties(self) -> frozenset[str]:
        return self.actors | self.recipients


def _day(value: str | None) -> date | None:
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_agreement(a: HappeningView, b: HappeningView) -> tuple[float, str] | None:
    """(score, reason) for how well two dates agree at their coarser granularity; None when they clash.

    Example:
        >>> v = HappeningView("e1", "s1", "CONSULT", date_start="2023-06-22")
        >>> date_agreement(v, HappeningView("e2", "s2", "CONSULT", date_start="2023-06"))
        (0.2, 'dates agree to the month (2023-06)')
    """
    sa, sb = a.date_start, b.date_start
    if not sa or not sb or ".." in sa or ".." in sb:
        return None
    if a.date_end and a.date_end != sa or b.date_end and b.date_end != sb:
        return None  # a span (from .. until) is no date of one happening
    da, db = _day(sa), _day(sb)
    if da and db:
        gap = abs((da - db).days)
        window = SAME_DAYS.get(a.type, DEFAULT_SAME_DAYS)
        if gap == 0:
            return 0.35, f"same day ({sa})"
        if gap <= window:
            return 0.3, f"days {gap} apart ({sa}, {sb})"
        return None
    shorter = min(len(sa), len(sb))
    if sa[:shorter] != sb[:shorter]:
        return None
    if shorter >= 7:
        return 0.2, f"dates agree to the month ({sa[:7]})"
    return 0.05, f"dates agree only to the year ({sa[:4]})"


def _words(text: str | None) -> set[str]:
    return {w for w in "".join(c.lower() if c.isalnum() else " " for c in (text or "")).split() if len(w) > 2}


def match_happenings(a: HappeningView, b: HappeningView) -> Match | None:
    """Whether two events read in different stories report one happening; None when not.

    Example:
        >>> v = HappeningView("e1", "s1", "CONSULT", actors=frozenset({"IND"}), recipients=frozenset({"USA"}),
        ...                   date_start="2023-06-22")
        >>> w = HappeningView("e2", "s2", "CONSULT", actors=frozenset({"USA", "IND"}), date_start="2023-06-23")
        >>> match_happenings(v, w).reason
        'same type CONSULT; same states (IND, USA); days 1 apart (2023-06-22, 2023-06-23)'
        >>> match_happenings(v, HappeningView("e3", "s3", "CONSULT", actors=frozenset({"IND", "USA"}),
        ...                                   date_start="2023-09-09")) is None
        True
    """
    if a.story == b.story or a.id == b.id or a.type != b.type:
        return None
    if a.mode and b.mode and a.mode != b.mode:
        return None
    pa, pb = a.parties, b.parties
    if not pa or not pb:
        return None
    reasons = [f"same type {a.type}" + (f" ({a.mode or b.mode})" if a.mode or b.mode else "")]
    score = 0.0
    if pa == pb:
        if len(pa) < 2 and not (a.people & b.people):
            return None  # one state alone says too little about who was involved
        # the same sides, unless both texts name a direction and the directions differ
        if a.type not in SYMMETRIC and a.actors and b.actors and a.recipients and b.recipients and a.actors != b.actors:
            return None
        score += 0.4
        reasons.append(f"same states ({', '.join(sorted(pa))})")
    elif (pa < pb or pb < pa) and len(pa & pb) >= 2:
        score += 0.3
        reasons.append(f"states of one contain the other's ({', '.join(sorted(pa & pb))})")
    else:
        return None
    dates = date_agreement(a, b)
    if dates is None:
        return None
    score += dates[0]
    reasons.append(dates[1])
    if a.place and b.place:
        if a.place.lower() != b.place.lower():
            return None
        score += 0.1
        reasons.append(f"same place ({a.place})")
    if a.quantity and b.quantity and a.quantity != b.quantity:
        return None
    if a.item and b.item:
        shared = _words(a.item) & _words(b.item)
        if not shared:
            return None
        score += 0.15
        reasons.append(f"same item ({', '.join(sorted(shared))})")
    shared_people = a.people & b.people
    if shared_people:
        score += 0.15
        reasons.append(f"{len(shared_people)} participant{'s' if len(shared_people) > 1 else ''} in common")
    score = round(min(score, 1.0), 3)
    if score < MIN_SCORE:
        return None
    return Match(score, "; ".join(reasons))


def link_pairs(views: list[HappeningView]) -> list[tuple[str, str, Match]]:
    """Every pair of the views that :func:`match_happenings` links (for scoring labelled sets)."""
    out = []
    for i, a in enumerate(views):
        for b in views[i + 1 :]:
            m = match_happenings(a, b)
            if m is not None:
                out.append((a.id, b.id, m))
    return out


def resolve_document(store: object, document_id: str) -> int:
    """Link the stored document's events to the same happenings read in other stories; the number of links.

    Called once per stored document, after it is saved. Each link is a ``same_happening``
    judgement (score and reason), listed and undone with ``undercurrent resolve``.
    """
    views, candidates = store.happening_views(document_id)  # type: ignore[attr-defined]
    links = 0
    for view in views:
        for other in candidates.get(view.id, ()):
            match = match_happenings(view, other)
            if match is not None:
                store.record_judgement(KIND, view.id, other.id, match.score, match.reason)  # type: ignore[attr-defined]
                links += 1
    return links
