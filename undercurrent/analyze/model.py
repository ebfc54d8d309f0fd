"""The typed dyad: what the report, the JSON export and the notebook API share.

Every statement carries the sentences behind it (:class:`Evidence`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..store.queries import EvidenceRow as Evidence
from .timeline import Trend

__all__ = [
    "Analogy", "Asymmetry", "Deal", "DependenceLink", "Dyad", "DyadEvent", "DyadMeeting", "Evidence", "Glance",
    "Hidden", "MeetingPerson", "Person", "PersonRole", "QuadCount", "SourceDoc", "Sources",
]


# How a report marks an inherited event date (extract/eventdates.py says where each comes from).
DATE_BASIS_MARKS = {"happening": " (date of the happening it belongs to)", "writing_date": " (the writing date)"}


@dataclass(frozen=True, slots=True)
class DyadEvent:
    """One canonical event (merged across a story's copies) with all its sources."""

    id: str
    type: str
    mode: str | None
    quad: str | None
    headline: str
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    actor_countries: tuple[str, ...]
    recipient_countries: tuple[str, ...]
    occurred: str | None
    occurred_granularity: str | None
    reported: str | None
    disclosed: str | None
    lag_days: int | None
    modality: str
    attributed_to: str | None
    item: str | None
    quantity: str | None
    confidence: float
    stories: int
    sources: tuple[Evidence, ...]
    date_basis: str | None = None  # "happening" or "writing_date" when occurred is inherited

    @property
    def when(self) -> str:
        """How the report prints the date: inherited dates and undated events marked.

        Example:
            >>> DyadEvent(..., occurred=None, reported="2024-05-17", ...).when  # doctest: +SKIP
            'undated (reported 2024-05-17)'
        """
        if not self.occurred:
            return f"undated (reported {self.reported})" if self.reported else "undated"
        return self.occurred + DATE_BASIS_MARKS.get(self.date_basis or "", "")


@dataclass(frozen=True, slots=True)
class QuadCount:
    quad: str
    label: str
    description: str
    count: int


@dataclass(frozen=True, slots=True)
class DependenceLink:
    """All statements that ``dependent`` depends on ``on`` in one domain."""

    dependent: str
    on: str
    domain: str
    cues: tuple[str, ...]
    modalities: tuple[str, ...]
    stories: int
    sources: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Analogy:
    senior: str
    junior: str
    stories: int
    sources: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Asymmetry:
    """Who depends on whom: ``verdict`` is one sentence; the counts are distinct stories."""

    verdict: str
    a_on_b_stories: int
    b_on_a_stories: int
    a_on_b_domains: tuple[str, ...]
    b_on_a_domains: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeetingPerson:
    name: str
    side: str | None
    sector: str | None
    actor_id: str | None
    evidence: Evidence | None


@dataclass(frozen=True, slots=True)
class DyadMeeting:
    event_id: str
    date: str | None
    place: str | None
    hosts: tuple[str, ...]
    guests: tuple[str, ...]
    participants: tuple[MeetingPerson, ...]
    agenda: tuple[tuple[str, str, int, float], ...]  # (side, sector, count, share)
    agenda_reasons: tuple[str, ...]
    declared_outcomes: tuple[str, ...]
    declared_gap: bool
    declared_gap_reason: str | None
    sources: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Deal:
    """An arms transfer (AID, mode arms) or an agreement between the two, with its clocks."""

    kind: str  # transfer or agreement
    item: str
    quantity: str | None
    parties: tuple[str, ...]
    occurred: str | None
    disclosed: str | None
    lag_days: int | None
    disclosure: str  # disclosed, late, undisclosed, unknown
    modality: str
    sources: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Hidden:
    gaps: tuple[DyadMeeting, ...]
    late: tuple[Deal, ...]
    undisclosed: tuple[Deal, ...]


@dataclass(frozen=True, slots=True)
class Glance:
    quads: tuple[QuadCount, ...]
    trend: Trend
    asymmetry: Asymmetry
    hidden: Hidden


@dataclass(frozen=True, slots=True)
class PersonRole:
    title: str | None
    organization: str | None
    sector: str | None
    status: str | None
    start: str | None
    end: str | None
    sources: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Person:
    actor_id: str
    name: str
    country: str | None
    sectors: tuple[str, ...]
    roles: tuple[PersonRole, ...]


@dataclass(frozen=True, slots=True)
class SourceDoc:
    document_id: str
    title: str | None
    source: str | None
    origin: str
    claimed_date: str | None
    inferred_date: str | None
    date_conflict: bool
    republished: bool
    cluster_id: str | None
    near_duplicate_of: str | None
    sentence_count: int
    flagged: int
    url: str | None = None  # the article's address, when the input gave one


@dataclass(frozen=True, slots=True)
class Sources:
    documents: tuple[SourceDoc, ...]
    stories: int
    republished: tuple[SourceDoc, ...]
    sentences: int
    flagged: int
    flagged_share: float


@dataclass(frozen=True, slots=True)
class Dyad:
    """Everything the store says about two states over a period."""

    a: str
    b: str
    a_name: str
    b_name: str
    since: str | None
    until: str | None
    glance: Glance
    events: tuple[DyadEvent, ...]
    meetings: tuple[DyadMeeting, ...]
    deals: tuple[Deal, ...]
    measures: tuple[DyadEvent, ...]
    dependencies: tuple[DependenceLink, ...]
    analogies: tuple[Analogy, ...]
    people: tuple[Person, ...]
    sources: Sources
    truncated: bool = False
    names: dict[str, str] = field(default_factory=dict)  # ISO3 -> country name, for every code shown

    def certainty(self) -> dict[str, tuple[DyadEvent, ...]]:
        """Events grouped by modality (asserted, reported, hedged, negated, planned, ...)."""
        out: dict[str, list[DyadEvent]] = {}
        for ev in self.events:
            out.setdefault(ev.modality, []).append(ev)
        return {k: tuple(v) for k, v in sorted(out.items())}

    def to_dict(self) -> dict[str, Any]:
        """Plain data following ``undercurrent/schema/report-v1.json``."""
        d = asdict(self)
        d["schema"] = "undercurrent/report/v1"
        d["certainty"] = {k: [e.id for e in v] for k, v in self.certainty().items()}
        return d
