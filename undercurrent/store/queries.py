"""Every read query the analysis, report, export and CLI layers use.

SQLAlchemy Core ``select()`` with bound parameters only. Queries about a pair
of states start from the ``event_participants`` country index and reach the
other tables by primary key or document index, so their cost follows the size
of the pair's record, not the size of the store. Listings are bounded by a
``limit``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection

from . import schema as t

# Ids per IN (...) list: SQLite's default variable limit is 32766; 500 keeps statements small.
IN_CHUNK = 500


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One sentence that supports a statement, with its document."""

    document_id: str
    start: int | None
    end: int | None
    text: str | None
    title: str | None = None
    date: str | None = None
    source: str | None = None  # the outlet's name
    url: str | None = None  # the article's address, when the input gave one


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    event_id: str
    actor_id: str
    name: str
    kind: str
    country: str | None
    role: str  # actor or recipient


@dataclass(frozen=True, slots=True)
class EventRow:
    id: str
    canonical_id: str
    document_id: str
    cluster_id: str | None
    type: str
    mode: str | None
    occurred_start: str | None
    occurred_end: str | None
    occurred_granularity: str | None
    reported: str | None
    disclosed_start: str | None
    disclosure_lag_days: int | None
    modality: str
    attributed_to: str | None
    item: str | None
    quantity: str | None
    confidence: float
    occurred_basis: str | None  # an inherited date's source (happening, writing_date); None: own sentence
    evidence: EvidenceRow


@dataclass(frozen=True, slots=True)
class MeetingRow:
    event_id: str
    canonical_id: str
    document_id: str
    date_start: str | None
    date_end: str | None
    place: str | None
    hosts: tuple[str, ...]
    guests: tuple[str, ...]
    agenda_reasons: tuple[str, ...]
    declared_gap: bool
    declared_gap_reason: str | None


@dataclass(frozen=True, slots=True)
class MeetingParticipantRow:
    event_id: str
    position: int
    actor_id: str | None
    name: str
    side: str | None
    sector: str | None
    evidence: EvidenceRow | None


@dataclass(frozen=True, slots=True)
class AgendaRow:
    event_id: str
    side: str
    sector: str
    count: int
    share: float


@dataclass(frozen=True, slots=True)
class AgreementRow:
    id: str
    document_id: str
    kind: str
    count: int | None
    title: str | None
    parties: tuple[str, ...]
    date_start: str | None
    disclosed: bool | None
    evidence: EvidenceRow
    cluster_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: str
    kind: str  # dependency or analogy
    subject: str
    object: str
    domain: str | None
    cue: str | None
    modality: str | None
    cluster_id: str | None
    evidence: EvidenceRow


@dataclass(frozen=True, slots=True)
class ActorRow:
    id: str
    kind: str
    name: str
    country: str | None


@dataclass(frozen=True, slots=True)
class RoleRow:
    id: str
    actor_id: str
    document_id: str
    title: str | None
    organization: str | None
    country: str | None
    sector: str | None
    status: str | None
    start: str | None
    end: str | None
    source: str
    evidence: EvidenceRow | None


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: str
    title: str | None
    origin: str
    url: str | None
    source: str | None
    claimed_date: str | None
    inferred_date: str | None
    date_conflict: bool
    republished: bool
    cluster_id: str | None
    near_duplicate_of: str | None
    similarity: float | None
    sentence_count: int | None
    flagged_count: int
    quality_score: float | None


# --------------------------------------------------------------------------- helpers


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for i in dict.fromkeys(ids):
        batch.append(i)
        if len(batch) >= IN_CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _json_tuple(value: str | None) -> tuple[str, ...]:
    return tuple(json.loads(value)) if value else ()


def overlaps(col_start: Any, col_end: Any, since: str | None, until: str | None) -> list[Any]:
    """Conditions for a date (ISO prefix columns) overlapping [since, until].

    A coarser date overlaps when it is a prefix of the bound: "2023" overlaps
    a period starting on 2023-06-01.
    """
    conds: list[Any] = []
    if since:
        conds.append(col_end.is_not(None))
        conds.append(or_(col_end >= since, col_end == since[:7], col_end == since[:4]))
    if until:
        conds.append(col_start.is_not(None))
        # Compare at the bound's granularity, so "2014" admits "2014-09-12" (collation-independent).
        conds.append(func.substr(col_start, 1, len(until)) <= until)
    return conds


def written_date(doc: Any) -> Any:
    """When the document was written: the inferred date only where it conflicts with the page's claim.

    Mirrors ``Analysis.anchor_date``: a page date is trusted unless dating flagged it.
    """
    return case(
        (and_(doc.c.date_conflict == 1, doc.c.inferred_date.is_not(None)), doc.c.inferred_date),
        else_=func.coalesce(doc.c.claimed_date, doc.c.inferred_date),
    )


def _evidence(doc: Any, start: Any, end: Any, text: Any) -> list[Any]:
    return [start, end, text, doc.c.title, written_date(doc), t.sources.c.name, doc.c.url]


def _ev_row(document_id: str, r: Any, offset: int) -> EvidenceRow:
    start, end, text, title, date, source, url = r[offset : offset + 7]
    return EvidenceRow(document_id, start, end, text, title, date, source, url)


def pair_event_rows(a: str, b: str) -> Any:
    """Subquery form of :func:`pair_event_ids`, for callers that filter further in SQL."""
    p1 = t.event_participants.alias("p1")
    p2 = t.event_participants.alias("p2")
    return select(p1.c.event_id).join(p2, and_(p2.c.country == b, p2.c.event_id == p1.c.event_id)).where(p1.c.country == a)


def pair_event_ids(conn: Connection, a: str, b: str) -> list[str]:
    """Ids of stored events (all copies) with a participant of state ``a`` and one of state ``b``.

    Both sides go through the covering index (country, event_id) of migration
    0002_report_indexes: a range scan over ``a``'s rows and one index probe per
    row for ``b``, never the events table.
    """
    p1 = t.event_participants.alias("p1")
    p2 = t.event_participants.alias("p2")
    q = (
        select(p1.c.event_id)
        .join(p2, and_(p2.c.country == b, p2.c.event_id == p1.c.event_id))
        .where(p1.c.country == a)
        .distinct()
    )
    return [r[0] for r in conn.execute(q)]


_EVENT_COLS = (
    t.events.c.id, t.events.c.canonical_id, t.events.c.document_id, t.events.c.cluster_id, t.events.c.type,
    t.events.c.mode, t.events.c.occurred_start, t.events.c.occurred_end, t.events.c.occurred_granularity,
    t.events.c.reported, t.events.c.disclosed_start, t.events.c.disclosure_lag_days, t.events.c.modality,
    t.events.c.attributed_to, t.events.c.item, t.events.c.quantity, t.events.c.confidence,
    t.events.c.occurred_basis,
)


def _events_select() -> Any:
    doc = t.documents
    return (
        select(*_EVENT_COLS, *_evidence(doc, t.events.c.evidence_start, t.events.c.evidence_end, t.events.c.evidence_text))
        .select_from(t.events.join(doc, doc.c.id == t.events.c.document_id).outerjoin(t.sources, t.sources.c.id == doc.c.source_id))
    )


def _event_row(r: Any) -> EventRow:
    n = len(_EVENT_COLS)
    return EventRow(*r[:n], evidence=_ev_row(r[2], r, n))


# --------------------------------------------------------------------------- events


def select_events(
    conn: Connection,
    *,
    pair: tuple[str, str] | None = None,
    actor_ids: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    modality: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 1000,
    pair_ids: list[str] | None = None,
) -> list[EventRow]:
    """Canonical events, one per happening (merged across a story cluster and linked across stories),
    oldest first, undated last.

    ``pair_ids`` (from :func:`pair_event_ids`) saves looking the pair up again.

    Example:
        >>> select_events(conn, pair=("RUS", "CHN"), types=["AID"], limit=50)  # doctest: +SKIP
    """
    e = t.events
    q = _events_select().where(e.c.id == e.c.canonical_id)
    if actor_ids is not None:
        sub = select(t.event_participants.c.event_id).where(t.event_participants.c.actor_id.in_(list(actor_ids)))
        q = q.where(e.c.id.in_(sub))
    if types:
        q = q.where(e.c.type.in_(list(types)))
    if modality:
        q = q.where(e.c.modality == modality)
    q = q.where(*overlaps(e.c.occurred_start, e.c.occurred_end, since, until))
    if pair is None and pair_ids is None:
        q = q.order_by(e.c.occurred_start.is_(None), e.c.occurred_start, e.c.id).limit(limit)
        return fold_happenings(conn, [_event_row(r) for r in conn.execute(q)])
    ids = pair_ids if pair_ids is not None else pair_event_ids(conn, *pair)  # type: ignore[misc]
    rows = [_event_row(r) for batch in _chunks(ids) for r in conn.execute(q.where(e.c.id.in_(batch)))]
    rows.sort(key=lambda r: (r.occurred_start is None, r.occurred_start or "", r.id))
    return fold_happenings(conn, rows)[:limit]


def select_measures(
    conn: Connection, document_ids: Iterable[str], types: Iterable[str], since: str | None, until: str | None, limit: int
) -> list[EventRow]:
    """Canonical events of the given types read in the given documents (the pair's own articles).

    The caller keeps those taken by a third party against either state: a US
    sanction on a Chinese body, reported in an article about Russian arms sales
    to China, bears on the pair; found this way its cost follows the pair's
    documents, not the size of the store.
    """
    e = t.events
    wanted = set(types)
    rows: dict[str, EventRow] = {}
    for batch in _chunks(document_ids):
        q = (
            _events_select()
            .where(e.c.id == e.c.canonical_id, e.c.document_id.in_(batch))
            .where(*overlaps(e.c.occurred_start, e.c.occurred_end, since, until))
        )
        # Types are filtered here, not in SQL: a type condition tempts the planner onto the
        # type index, which scans every event of that type in the store.
        for r in conn.execute(q):
            row = _event_row(r)
            if row.type in wanted:
                rows[row.id] = row
    ordered = sorted(rows.values(), key=lambda r: (r.occurred_start is None, r.occurred_start or "", r.id))
    return fold_happenings(conn, ordered)[:limit]


def select_participants(conn: Connection, event_ids: Iterable[str]) -> dict[str, list[ParticipantRow]]:
    """Actors and recipients of each event, by event id."""
    p, ac = t.event_participants, t.actors
    out: dict[str, list[ParticipantRow]] = {}
    for batch in _chunks(event_ids):
        q = (
            select(p.c.event_id, p.c.actor_id, ac.c.name, ac.c.kind, func.coalesce(p.c.country, ac.c.country), p.c.role)
            .join(ac, ac.c.id == p.c.actor_id)
            .where(p.c.event_id.in_(batch))
            .order_by(p.c.event_id, p.c.role, p.c.actor_id)
        )
        for r in conn.execute(q):
            out.setdefault(r[0], []).append(ParticipantRow(*r))
    return out


def select_event_sources(conn: Connection, event_ids: Iterable[str]) -> dict[str, list[EvidenceRow]]:
    """Every sentence, in every document, behind each canonical event and the events of its happening."""
    ee, doc = t.event_evidence, t.documents
    wanted = list(dict.fromkeys(event_ids))
    members = select_happening_members(conn, wanted)
    found: dict[str, list[EvidenceRow]] = {}
    for batch in _chunks({m for x in wanted for m in members.get(x, (x,))}):
        q = (
            select(ee.c.event_id, ee.c.document_id, *_evidence(doc, ee.c.start, ee.c.end, ee.c.text))
            .select_from(ee.join(doc, doc.c.id == ee.c.document_id).outerjoin(t.sources, t.sources.c.id == doc.c.source_id))
            .where(ee.c.event_id.in_(batch))
            .order_by(ee.c.event_id, ee.c.document_id, ee.c.start)
        )
        for r in conn.execute(q):
            found.setdefault(r[0], []).append(_ev_row(r[1], r, 2))
    out: dict[str, list[EvidenceRow]] = {}
    for x in wanted:
        rows = [ev for m in sorted(members.get(x, (x,)), key=lambda m: m != x) for ev in found.get(m, [])]
        if rows:
            out[x] = rows
    return out


# --------------------------------------------------------------------------- meetings and agreements


def pair_meeting_event_ids(conn: Connection, a: str, b: str) -> list[str]:
    """Meetings whose hosts and guests name both states, whatever their event's participants.

    A visit read as "Xi arrived in Moscow" has a Chinese actor and no Russian
    recipient, yet the meeting record knows Russia hosted it.
    """
    mt = t.meetings

    def names(code: str) -> Any:
        pattern = f'%"{code}"%'
        return or_(mt.c.hosts.like(pattern), mt.c.guests.like(pattern))

    return [r[0] for r in conn.execute(select(mt.c.event_id).where(names(a), names(b)))]


def select_pair_meetings(
    conn: Connection, event_ids: Iterable[str], since: str | None, until: str | None, limit: int
) -> list[MeetingRow]:
    """Meetings of the given (pair) events, one row per canonical event, oldest first."""
    mt, e = t.meetings, t.events
    q = (
        select(
            mt.c.event_id, e.c.canonical_id, mt.c.document_id, mt.c.date_start, mt.c.date_end, mt.c.place, mt.c.hosts,
            mt.c.guests, mt.c.agenda_reasons, mt.c.declared_gap, mt.c.declared_gap_reason,
        )
        .join(e, e.c.id == mt.c.event_id)
        .where(*overlaps(mt.c.date_start, mt.c.date_end, since, until))
    )
    found = [r for batch in _chunks(event_ids) for r in conn.execute(q.where(mt.c.event_id.in_(batch)))]
    # The canonical event's own meeting row first, then copies.
    found.sort(key=lambda r: (r[3] is None, r[3] or "", r[1], r[0] != r[1], r[0]))
    members = select_happening_members(conn, {r[1] for r in found})
    seen: set[str] = set()
    rows: list[MeetingRow] = []
    for r in found:
        key = min(members.get(r[1], (r[1],)))  # one meeting per happening, whichever story read it
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            MeetingRow(r[0], r[1], r[2], r[3], r[4], r[5], _json_tuple(r[6]), _json_tuple(r[7]), _json_tuple(r[8]), bool(r[9]), r[10])
        )
    return rows[:limit]


def select_meeting_details(
    conn: Connection, event_ids: Iterable[str]
) -> tuple[dict[str, list[MeetingParticipantRow]], dict[str, list[AgendaRow]], dict[str, list[str]]]:
    """Participants, agenda shares and declared outcome (agreement ids) of each meeting."""
    mp, ag, oc, doc = t.meeting_participants, t.meeting_agenda, t.meeting_outcomes, t.documents
    people: dict[str, list[MeetingParticipantRow]] = {}
    agenda: dict[str, list[AgendaRow]] = {}
    outcomes: dict[str, list[str]] = {}
    for batch in _chunks(event_ids):
        mt = t.meetings
        q = (
            select(
                mp.c.event_id, mp.c.position, mp.c.actor_id, mp.c.name, mp.c.side, mp.c.sector, mt.c.document_id,
                *_evidence(doc, mp.c.evidence_start, mp.c.evidence_end, mp.c.evidence_text),
            )
            .select_from(
                mp.join(mt, mt.c.event_id == mp.c.event_id)
                .join(doc, doc.c.id == mt.c.document_id)
                .outerjoin(t.sources, t.sources.c.id == doc.c.source_id)
            )
            .where(mp.c.event_id.in_(batch))
            .order_by(mp.c.event_id, mp.c.position)
        )
        for r in conn.execute(q):
            ev = _ev_row(r[6], r, 7) if r[7] is not None else None
            people.setdefault(r[0], []).append(MeetingParticipantRow(r[0], r[1], r[2], r[3], r[4], r[5], ev))
        q2 = select(ag.c.event_id, ag.c.side, ag.c.sector, ag.c.count, ag.c.share).where(ag.c.event_id.in_(batch))
        for r in conn.execute(q2.order_by(ag.c.event_id, ag.c.side, ag.c.count.desc(), ag.c.sector)):
            agenda.setdefault(r[0], []).append(AgendaRow(*r))
        for r in conn.execute(select(oc.c.event_id, oc.c.agreement_id).where(oc.c.event_id.in_(batch))):
            outcomes.setdefault(r[0], []).append(r[1])
    return people, agenda, outcomes


def select_agreements(conn: Connection, *, ids: Iterable[str] = (), document_ids: Iterable[str] = ()) -> list[AgreementRow]:
    """Agreements by id or by the documents they were read in."""
    ag, doc = t.agreements, t.documents
    base = (
        select(
            ag.c.id, ag.c.document_id, ag.c.kind, ag.c.count, ag.c.title, ag.c.parties, ag.c.date_start, ag.c.disclosed,
            doc.c.cluster_id, *_evidence(doc, ag.c.evidence_start, ag.c.evidence_end, ag.c.evidence_text),
        )
        .select_from(ag.join(doc, doc.c.id == ag.c.document_id).outerjoin(t.sources, t.sources.c.id == doc.c.source_id))
    )
    found: dict[str, AgreementRow] = {}
    for column, values in ((ag.c.id, ids), (ag.c.document_id, document_ids)):
        for batch in _chunks(values):
            for r in conn.execute(base.where(column.in_(batch)).order_by(ag.c.date_start, ag.c.id)):
                disclosed = None if r[7] is None else bool(r[7])
                found[r[0]] = AgreementRow(
                    r[0], r[1], r[2], r[3], r[4], _json_tuple(r[5]), r[6], disclosed, _ev_row(r[1], r, 9), r[8]
                )
    return list(found.values())


# --------------------------------------------------------------------------- claims


def select_claims(conn: Connection, a: str, b: str, since: str | None, until: str | None) -> list[ClaimRow]:
    """Dependencies between the two states (both directions) and analogies naming either."""
    c, doc = t.claims, t.documents
    dep = and_(c.c.kind == "dependency", or_(and_(c.c.subject == a, c.c.object == b), and_(c.c.subject == b, c.c.object == a)))
    ana = and_(c.c.kind == "analogy", or_(c.c.subject.in_([a, b]), c.c.object.in_([a, b])))
    doc_date = written_date(doc)
    q = (
        select(
            c.c.id, c.c.kind, c.c.subject, c.c.object, c.c.domain, c.c.cue, c.c.modality, doc.c.cluster_id, c.c.document_id,
            *_evidence(doc, c.c.evidence_start, c.c.evidence_end, c.c.evidence_text),
        )
        .select_from(c.join(doc, doc.c.id == c.c.document_id).outerjoin(t.sources, t.sources.c.id == doc.c.source_id))
        .where(or_(dep, ana))
        .where(*overlaps(doc_date, doc_date, since, until))
        .order_by(c.c.kind, c.c.subject, c.c.object, c.c.domain, c.c.id)
    )
    return [ClaimRow(*r[:8], evidence=_ev_row(r[8], r, 9)) for r in conn.execute(q)]


# --------------------------------------------------------------------------- actors and roles


def select_actors(
    conn: Connection,
    *,
    ids: Iterable[str] | None = None,
    country: str | None = None,
    kind: str | None = None,
    sector: str | None = None,
    name: str | None = None,
    limit: int = 1000,
) -> list[ActorRow]:
    """Actors by id list, country, kind, role sector or name/alias (case-insensitive)."""
    ac = t.actors
    q = select(ac.c.id, ac.c.kind, ac.c.name, ac.c.country)
    if country:
        q = q.where(ac.c.country == country)
    if kind:
        q = q.where(ac.c.kind == kind)
    if sector:
        q = q.where(ac.c.id.in_(select(t.roles.c.actor_id).where(t.roles.c.sector == sector)))
    if name:
        al = t.aliases
        q = q.where(
            or_(func.lower(ac.c.name) == name.lower(), ac.c.id.in_(select(al.c.actor_id).where(func.lower(al.c.alias) == name.lower())))
        )
    if ids is not None:
        rows: list[ActorRow] = []
        for batch in _chunks(ids):
            rows += [ActorRow(*r) for r in conn.execute(q.where(ac.c.id.in_(batch)))]
        return sorted(rows, key=lambda r: (r.country or "", r.name))[:limit]
    return [ActorRow(*r) for r in conn.execute(q.order_by(ac.c.country, ac.c.name).limit(limit))]


def select_roles(conn: Connection, actor_ids: Iterable[str], since: str | None = None, until: str | None = None) -> dict[str, list[RoleRow]]:
    """Roles of each actor that may have been held in [since, until] (open ends count as held)."""
    r_, doc = t.roles, t.documents
    out: dict[str, list[RoleRow]] = {}
    for batch in _chunks(actor_ids):
        q = (
            select(
                r_.c.id, r_.c.actor_id, r_.c.document_id, r_.c.title, r_.c.organization, r_.c.country, r_.c.sector,
                r_.c.status, r_.c.start, r_.c.end, r_.c.source,
                *_evidence(doc, r_.c.evidence_start, r_.c.evidence_end, r_.c.evidence_text),
            )
            .select_from(r_.join(doc, doc.c.id == r_.c.document_id).outerjoin(t.sources, t.sources.c.id == doc.c.source_id))
            .where(r_.c.actor_id.in_(batch))
            .order_by(r_.c.actor_id, r_.c.start, r_.c.id)
        )
        if since:
            q = q.where(or_(r_.c.end.is_(None), r_.c.end >= since[:4]))
        if until:
            q = q.where(or_(r_.c.start.is_(None), func.substr(r_.c.start, 1, len(until)) <= until))
        for r in conn.execute(q):
            ev = _ev_row(r[2], r, 11) if r[11] is not None else None
            out.setdefault(r[1], []).append(RoleRow(*r[:11], evidence=ev))
    return out


def select_mention_documents(conn: Connection, actor_id: str | Iterable[str], limit: int) -> list[tuple[str, int]]:
    """Documents mentioning an actor (or any of a merged group), with the number of mentions, most first."""
    ids = [actor_id] if isinstance(actor_id, str) else list(actor_id)
    m = t.mentions
    n = func.count().label("n")
    q = select(m.c.document_id, n).where(m.c.actor_id.in_(ids)).group_by(m.c.document_id).order_by(n.desc(), m.c.document_id)
    return [(r[0], r[1]) for r in conn.execute(q.limit(limit))]


def select_merged_ids(conn: Connection, actor_id: str) -> set[str]:
    """Every actor id judged the same entity as ``actor_id`` (merges not undone), itself included."""
    j = t.judgements
    group, frontier = {actor_id}, [actor_id]
    while frontier:
        current = frontier.pop()
        rows = conn.execute(
            select(j.c.left_id, j.c.right_id).where(
                j.c.kind == "merge", j.c.undone_at.is_(None), or_(j.c.left_id == current, j.c.right_id == current)
            )
        ).all()
        for pair in rows:
            for other in pair:
                if other not in group:
                    group.add(other)
                    frontier.append(other)
    return group


# --------------------------------------------------------------------------- documents


def select_documents(conn: Connection, ids: Iterable[str], *, with_cluster_mates: bool = False) -> list[DocumentRow]:
    """Documents by id (optionally with every document of their story clusters) and flagged counts."""
    d, fs = t.documents, t.flagged_sentences
    flagged = select(func.count()).where(fs.c.document_id == d.c.id).scalar_subquery()
    cols = (
        d.c.id, d.c.title, d.c.origin, d.c.url, t.sources.c.name, d.c.claimed_date, d.c.inferred_date, d.c.date_conflict,
        d.c.republished, d.c.cluster_id, d.c.near_duplicate_of, d.c.similarity, d.c.sentence_count, flagged, d.c.quality_score,
    )
    base = select(*cols).select_from(d.outerjoin(t.sources, t.sources.c.id == d.c.source_id))
    found: dict[str, DocumentRow] = {}
    id_list = list(dict.fromkeys(ids))
    for batch in _chunks(id_list):
        q = base.where(d.c.id.in_(batch))
        if with_cluster_mates:
            clusters = select(d.c.cluster_id).where(d.c.id.in_(batch))
            q = base.where(or_(d.c.id.in_(batch), d.c.cluster_id.in_(clusters)))
        for r in conn.execute(q):
            found[r[0]] = DocumentRow(
                r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), r[9], r[10], r[11], r[12], int(r[13]), r[14]
            )
    return sorted(found.values(), key=lambda x: (x.cluster_id or "", x.claimed_date or "", x.id))


# --------------------------------------------------------------------------- exports


def iter_table(conn: Connection, table: str, *, event_ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """Stream rows of one stored table (optionally only rows of some events), as mappings."""
    tab = t.metadata.tables[table]
    if event_ids is None:
        for r in conn.execution_options(stream_results=True, yield_per=1000).execute(select(tab)):
            yield dict(r._mapping)
        return
    key = tab.c.event_id if "event_id" in tab.c else tab.c.id
    for batch in _chunks(event_ids):
        for r in conn.execute(select(tab).where(key.in_(batch))):
            yield dict(r._mapping)


def select_type_edges(conn: Connection, event_ids: Iterable[str] | None = None) -> list[tuple[str, str, str, int]]:
    """(actor, recipient, event type, canonical events) for the actor graph."""
    e = t.events
    pa = t.event_participants.alias("pa")
    pr = t.event_participants.alias("pr")
    n = func.count(func.distinct(e.c.canonical_id))
    base = (
        select(pa.c.actor_id, pr.c.actor_id, e.c.type, n)
        .select_from(e.join(pa, and_(pa.c.event_id == e.c.id, pa.c.role == "actor")).join(pr, and_(pr.c.event_id == e.c.id, pr.c.role == "recipient")))
        .group_by(pa.c.actor_id, pr.c.actor_id, e.c.type)
    )
    if event_ids is None:
        return [tuple(r) for r in conn.execute(base)]  # type: ignore[misc]
    counts: dict[tuple[str, str, str], int] = {}
    for batch in _chunks(event_ids):
        for a, r_, ty, k in conn.execute(base.where(e.c.canonical_id.in_(batch))):
            counts[(a, r_, ty)] = counts.get((a, r_, ty), 0) + k
    return [(a, r_, ty, k) for (a, r_, ty), k in sorted(counts.items())]


def iter_event_batches(conn: Connection, *, pair: tuple[str, str] | None = None, size: int = IN_CHUNK) -> Iterator[list[EventRow]]:
    """Stream canonical events (all, or the pair's) in batches, for exports."""
    e = t.events
    if pair:
        rows = select_events(conn, pair=pair, limit=len(pair_event_ids(conn, *pair)) + 1)
        for i in range(0, len(rows), size):
            yield rows[i : i + size]
        return
    q = _events_select().where(e.c.id == e.c.canonical_id).order_by(e.c.occurred_start, e.c.id)
    linked = select_happening_members(conn, _linked_event_ids(conn))
    seen: set[str] = set()  # happenings already given, one row each
    result = conn.execution_options(stream_results=True, yield_per=size).execute(q)
    for part in result.partitions(size):
        yield _first_of_each(list(map(_event_row, part)), linked, seen)


def _linked_event_ids(conn: Connection) -> list[str]:
    j = t.judgements
    q = select(j.c.left_id, j.c.right_id).where(j.c.kind == "same_happening", j.c.undone_at.is_(None))
    return list(dict.fromkeys(x for r in conn.execute(q) for x in r))


def iter_meeting_batches(conn: Connection, *, pair: tuple[str, str] | None = None, size: int = IN_CHUNK) -> Iterator[list[MeetingRow]]:
    """Stream meetings (all, or the pair's; one per canonical event) in batches, for exports."""
    if pair:
        # A pair's meetings are few; the bounded pair query returns them all up to a generous cap.
        ids = pair_event_ids(conn, *pair)
        rows = select_pair_meetings(conn, ids, None, None, limit=len(ids) + 1)
        for i in range(0, len(rows), size):
            yield rows[i : i + size]
        return
    mt, e = t.meetings, t.events
    q = (
        select(
            mt.c.event_id, e.c.canonical_id, mt.c.document_id, mt.c.date_start, mt.c.date_end, mt.c.place, mt.c.hosts,
            mt.c.guests, mt.c.agenda_reasons, mt.c.declared_gap, mt.c.declared_gap_reason,
        )
        .join(e, e.c.id == mt.c.event_id)
        .where(e.c.id == e.c.canonical_id)
        .order_by(mt.c.date_start, mt.c.event_id)
    )
    result = conn.execution_options(stream_results=True, yield_per=size).execute(q)
    for part in result.partitions(size):
        yield [
            MeetingRow(r[0], r[1], r[2], r[3], r[4], r[5], _json_tuple(r[6]), _json_tuple(r[7]), _json_tuple(r[8]), bool(r[9]), r[10])
            for r in part
        ]


# --------------------------------------------------------------------------- happenings across stories


def select_happening_views(conn: Connection, event_ids: Iterable[str]) -> list[Any]:
    """Canonical events as the happening resolver reads them: sides, people, dates, place, item."""
    from ..resolve.happenings import HappeningView

    e, p, ac, mt = t.events, t.event_participants, t.actors, t.meetings
    ids = list(dict.fromkeys(event_ids))
    base: dict[str, Any] = {}
    sides: dict[str, dict[str, set[str]]] = {}
    places: dict[str, str] = {}
    for batch in _chunks(ids):
        q = select(
            e.c.id, func.coalesce(e.c.cluster_id, e.c.document_id), e.c.type, e.c.mode, e.c.occurred_start,
            e.c.occurred_end, e.c.item, e.c.quantity,
        ).where(e.c.id.in_(batch), e.c.id == e.c.canonical_id)
        for r in conn.execute(q):
            base[r[0]] = r
        q2 = (
            select(p.c.event_id, p.c.role, func.coalesce(p.c.country, ac.c.country), ac.c.kind, ac.c.id)
            .join(ac, ac.c.id == p.c.actor_id)
            .where(p.c.event_id.in_(batch))
        )
        for event_id, role, country, kind, actor_id in conn.execute(q2):
            s = sides.setdefault(event_id, {"actor": set(), "recipient": set(), "people": set()})
            if country:
                s[role].add(country)
            if kind == "person":
                s["people"].add(actor_id)
        for event_id, place in conn.execute(select(mt.c.event_id, mt.c.place).where(mt.c.event_id.in_(batch))):
            if place and place != "virtual":
                places[event_id] = place
    out = []
    for event_id in ids:
        if event_id not in base:
            continue
        r = base[event_id]
        s = sides.get(event_id, {"actor": set(), "recipient": set(), "people": set()})
        out.append(HappeningView(
            r[0], r[1], r[2], r[3], frozenset(s["actor"]), frozenset(s["recipient"]), frozenset(s["people"]),
            r[4], r[5], places.get(event_id), r[6], r[7],
        ))
    return out


def select_happening_candidates(conn: Connection, view: Any, limit: int = 200) -> list[str]:
    """Canonical events of other stories that might be ``view``'s happening: same type, same year, a shared state."""
    e, p = t.events, t.event_participants
    if not view.date_start or not view.parties:
        return []
    q = (
        select(e.c.id)
        .join(p, p.c.event_id == e.c.id)
        .where(
            e.c.type == view.type,
            e.c.id == e.c.canonical_id,
            e.c.occurred_start.like(f"{view.date_start[:4]}%"),
            func.coalesce(e.c.cluster_id, e.c.document_id) != view.story,
            p.c.country.in_(sorted(view.parties)),
        )
        .distinct()
        .limit(limit)
    )
    return [r[0] for r in conn.execute(q)]


def select_happening_members(conn: Connection, event_ids: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each event's happening: every canonical event linked to it by ``same_happening`` judgements not undone.

    Links are followed transitively; an event with no link is a happening of its own.
    """
    j = t.judgements
    ids = list(dict.fromkeys(event_ids))
    edges: set[tuple[str, str]] = set()
    seen, frontier = set(ids), ids
    while frontier:  # every link reachable from the given events, a batch of ids per query
        nxt: list[str] = []
        for batch in _chunks(frontier):
            q = select(j.c.left_id, j.c.right_id).where(
                j.c.kind == "same_happening", j.c.undone_at.is_(None),
                or_(j.c.left_id.in_(batch), j.c.right_id.in_(batch)),
            )
            for left, right in conn.execute(q):
                edges.add((left, right))
                for x in (left, right):
                    if x not in seen:
                        seen.add(x)
                        nxt.append(x)
        frontier = nxt
    parent = {x: x for x in seen}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for left, right in edges:
        ra, rb = root(left), root(right)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    by_root: dict[str, set[str]] = {}
    for x in seen:
        by_root.setdefault(root(x), set()).add(x)
    return {x: frozenset(by_root[root(x)]) for x in seen}


def fold_happenings(conn: Connection, rows: list[Any]) -> list[Any]:
    """Rows (already in the caller's order) with one row per happening: the first of each group stays."""
    return _first_of_each(rows, select_happening_members(conn, [r.id for r in rows]), set())


def _first_of_each(rows: list[Any], members: dict[str, frozenset[str]], seen: set[str]) -> list[Any]:
    """The rows whose happening (its smallest member id, or the row's own id) is not in ``seen`` yet;
    ``seen`` grows, so batches of one stream can share it."""
    kept = []
    for r in rows:
        key = min(members.get(r.id, frozenset({r.id})))
        if key in seen:
            continue
        seen.add(key)
        kept.append(r)
    return kept


def select_linked_copies(conn: Connection) -> list[str]:
    """Canonical events that another event of their happening stands for (links not undone): left out of counts."""
    members = select_happening_members(conn, _linked_event_ids(conn))
    return sorted(x for x, group in members.items() if x != min(group))
