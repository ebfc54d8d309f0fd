"""Read queries behind the web workbench that the shared queries (``queries.py``) do not cover.

SQLAlchemy Core with bound parameters only; every listing takes a ``limit`` and
an ``offset``. Dialect-specific search SQL comes from :mod:`.dialect`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, create_engine, func, select
from sqlalchemy.engine import Connection, Engine

from . import schema as t
from .dialect import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    actor_search_sql,
    document_search_sql,
    engine_options,
    prepare_read_engine,
    search_param,
    snippet_marks,
)
from .queries import MeetingRow, _json_tuple, pair_event_rows, select_linked_copies

# Words of a search query that are used; longer queries are cut (keeps MATCH expressions small).
MAX_SEARCH_WORDS = 12
_WORD = re.compile(r"\w[\w'-]*", re.UNICODE)


def open_reader(url: str) -> Engine:
    """An engine for reads only (on SQLite: deferred, query_only transactions)."""
    engine = create_engine(url, **engine_options(url))
    prepare_read_engine(engine)
    return engine


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    stories: int
    actors: int
    events: int
    meetings: int


@dataclass(frozen=True, slots=True)
class PairCount:
    a: str
    b: str
    events: int


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: str
    title: str | None
    source: str | None
    claimed_date: str | None
    inferred_date: str | None
    status: str
    cluster_id: str | None


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of the document text and what was read there."""

    kind: str  # mention, event, role, flagged, inferred_date
    start: int
    end: int
    label: str
    ref: str | None = None  # actor id, event id


@dataclass(frozen=True, slots=True)
class DocumentEvent:
    id: str
    canonical_id: str
    type: str
    mode: str | None
    modality: str
    occurred: str | None
    start: int | None
    end: int | None
    text: str | None


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    id: str
    title: str | None
    origin: str
    url: str | None
    source: str | None
    author: str | None
    claimed_date: str | None
    inferred_date: str | None
    date_conflict: bool
    republished: bool
    language: str | None
    status: str
    status_reason: str | None
    removed_chrome: tuple[str, ...]
    cluster_id: str | None
    near_duplicate_of: str | None
    similarity: float | None
    text: str
    highlights: tuple[Highlight, ...]
    events: tuple[DocumentEvent, ...]
    flagged: tuple[tuple[int, int, str, tuple[str, ...]], ...]  # (start, end, text, reasons)
    near_duplicates: tuple[DocumentSummary, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    title: str | None
    claimed_date: str | None
    snippet: str  # matched words between dialect.SNIPPET_OPEN and SNIPPET_CLOSE


@dataclass(frozen=True, slots=True)
class AttendedMeeting:
    event_id: str
    document_id: str
    date: str | None
    place: str | None
    side: str | None
    sector: str | None


# --------------------------------------------------------------------------- overview


def select_counts(conn: Connection) -> Counts:
    """How much the store holds (canonical events: one per event across a story's copies)."""

    def n(q: Any) -> int:
        return int(conn.execute(q).scalar_one())

    e = t.events
    return Counts(
        documents=n(select(func.count()).select_from(t.documents)),
        stories=n(select(func.count()).select_from(t.story_clusters)),
        actors=n(select(func.count()).select_from(t.actors)),
        events=n(select(func.count()).select_from(e).where(e.c.id == e.c.canonical_id))
        - len(select_linked_copies(conn)),  # one per happening
        meetings=n(select(func.count()).select_from(t.meetings)),
    )


def select_events_per_month(conn: Connection, limit: int) -> list[tuple[str, int]]:
    """(YYYY-MM, canonical events that occurred in it) for the latest ``limit`` months, oldest first."""
    e = t.events
    month = func.substr(e.c.occurred_start, 1, 7).label("month")
    q = (
        select(month, func.count())
        .where(e.c.id == e.c.canonical_id, func.length(e.c.occurred_start) >= 7)
        .where(e.c.id.not_in(select_linked_copies(conn)))  # one per happening
        .group_by(month)
        .order_by(month.desc())
        .limit(limit)
    )
    return sorted((r[0], int(r[1])) for r in conn.execute(q))


def select_active_pairs(conn: Connection, limit: int, offset: int = 0) -> list[PairCount]:
    """Pairs of states by the number of canonical events both take part in, most first."""
    p1, p2, e = t.event_participants.alias("p1"), t.event_participants.alias("p2"), t.events
    n = func.count(func.distinct(p1.c.event_id)).label("n")
    q = (
        select(p1.c.country, p2.c.country, n)
        .select_from(p1.join(p2, p2.c.event_id == p1.c.event_id).join(e, e.c.id == p1.c.event_id))
        .where(p1.c.country < p2.c.country, e.c.id == e.c.canonical_id)
        .where(e.c.id.not_in(select_linked_copies(conn)))  # one per happening
        .group_by(p1.c.country, p2.c.country)
        .order_by(n.desc(), p1.c.country, p2.c.country)
        .limit(limit)
        .offset(offset)
    )
    return [PairCount(r[0], r[1], int(r[2])) for r in conn.execute(q)]


# --------------------------------------------------------------------------- documents


def _doc_summary_select() -> Any:
    d = t.documents
    return select(
        d.c.id, d.c.title, t.sources.c.name, d.c.claimed_date, d.c.inferred_date, d.c.status, d.c.cluster_id
    ).select_from(d.outerjoin(t.sources, t.sources.c.id == d.c.source_id))


def select_document_list(conn: Connection, limit: int, offset: int = 0) -> list[DocumentSummary]:
    """Documents, newest claimed date first."""
    d = t.documents
    q = _doc_summary_select().order_by(d.c.claimed_date.is_(None), d.c.claimed_date.desc(), d.c.id)
    return [DocumentSummary(*r) for r in conn.execute(q.limit(limit).offset(offset))]


def select_document_detail(conn: Connection, document_id: str) -> DocumentDetail | None:
    """One document with everything read in it, as spans over its text; None when unknown."""
    d = t.documents
    row = conn.execute(
        select(
            d.c.id, d.c.title, d.c.origin, d.c.url, t.sources.c.name, d.c.author, d.c.claimed_date, d.c.inferred_date,
            d.c.date_conflict, d.c.republished, d.c.language, d.c.status, d.c.status_reason, d.c.removed_chrome,
            d.c.cluster_id, d.c.near_duplicate_of, d.c.similarity, d.c.text, d.c.inferred_evidence,
        )
        .select_from(d.outerjoin(t.sources, t.sources.c.id == d.c.source_id))
        .where(d.c.id == document_id)
    ).first()
    if row is None:
        return None
    highlights: list[Highlight] = []
    m, ac = t.mentions, t.actors
    for r in conn.execute(
        select(m.c.start, m.c.end, ac.c.name, ac.c.kind, m.c.actor_id)
        .join(ac, ac.c.id == m.c.actor_id)
        .where(m.c.document_id == document_id)
        .order_by(m.c.start)
    ):
        highlights.append(Highlight("mention", r[0], r[1], f"{r[2]} ({r[3]})", r[4]))
    rl = t.roles
    for r in conn.execute(
        select(rl.c.evidence_start, rl.c.evidence_end, rl.c.title, rl.c.sector, rl.c.actor_id)
        .where(rl.c.document_id == document_id, rl.c.evidence_start.is_not(None))
        .order_by(rl.c.evidence_start)
    ):
        highlights.append(Highlight("role", r[0], r[1], f"role: {r[2] or '?'} ({r[3] or 'no sector'})", r[4]))
    e = t.events
    events = [
        DocumentEvent(*r)
        for r in conn.execute(
            select(
                e.c.id, e.c.canonical_id, e.c.type, e.c.mode, e.c.modality, e.c.occurred_start, e.c.evidence_start,
                e.c.evidence_end, e.c.evidence_text,
            )
            .where(e.c.document_id == document_id)
            .order_by(e.c.evidence_start, e.c.id)
        )
    ]
    for ev in events:
        if ev.start is not None and ev.end is not None:
            label = f"{ev.type}{' (' + ev.mode + ')' if ev.mode else ''}, {ev.modality}"
            highlights.append(Highlight("event", ev.start, ev.end, label, ev.id))
    fs = t.flagged_sentences
    flagged = tuple(
        (r[0], r[1], r[2], tuple(json.loads(r[3]))) for r in conn.execute(
            select(fs.c.start, fs.c.end, fs.c.text, fs.c.reasons).where(fs.c.document_id == document_id).order_by(fs.c.start)
        )
    )
    highlights += [Highlight("flagged", s, en, "flagged: " + ", ".join(reasons)) for s, en, _x, reasons in flagged]
    for span in json.loads(row[18] or "[]"):
        if isinstance(span, dict) and "start" in span and "end" in span:
            highlights.append(Highlight("inferred_date", span["start"], span["end"], "evidence for the inferred date"))
    text = row[17]
    highlights = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    mates: list[DocumentSummary] = []
    if row[14] is not None:
        q = _doc_summary_select().where(d.c.cluster_id == row[14], d.c.id != document_id).order_by(d.c.id).limit(100)
        mates = [DocumentSummary(*r) for r in conn.execute(q)]
    return DocumentDetail(
        *row[:8], bool(row[8]), bool(row[9]), row[10], row[11], row[12], _json_tuple(row[13]), row[14], row[15], row[16],
        text, tuple(sorted(highlights, key=lambda h: (h.start, -h.end, h.kind))), tuple(events), flagged, tuple(mates),
    )


# --------------------------------------------------------------------------- search


def search_words(query: str) -> list[str]:
    """The words of a user's query (operators and punctuation dropped).

    Example:
        >>> search_words('Xi "Putin" OR <script>')
        ['Xi', 'Putin', 'OR', 'script']
    """
    return _WORD.findall(query)[:MAX_SEARCH_WORDS]


def search_documents(conn: Connection, query: str, limit: int, offset: int = 0) -> list[SearchHit]:
    """Documents whose title or text holds every word of ``query``, best match first."""
    words = search_words(query)
    if not words:
        return []
    opening, closing = snippet_marks()
    params = {"q": search_param(conn.engine, words), "limit": limit, "offset": offset, "open": opening, "close": closing}
    return [SearchHit(r[0], r[1], r[2], _marked(r[3] or "", opening, closing))
            for r in conn.execute(document_search_sql(conn.engine), params)]


def _marked(snippet: str, opening: str, closing: str) -> str:
    """The query's marks as SNIPPET_OPEN/SNIPPET_CLOSE; those characters in the text itself become U+FFFD."""
    text = snippet.replace(SNIPPET_OPEN, "\ufffd").replace(SNIPPET_CLOSE, "\ufffd")
    return text.replace(opening, SNIPPET_OPEN).replace(closing, SNIPPET_CLOSE)


def search_actor_ids(conn: Connection, query: str, limit: int, offset: int = 0) -> list[str]:
    """Ids of actors whose name or an alias holds every word of ``query``, best match first."""
    words = search_words(query)
    if not words:
        return []
    params = {"q": search_param(conn.engine, words), "limit": limit, "offset": offset}
    return [r[0] for r in conn.execute(actor_search_sql(conn.engine), params)]


# --------------------------------------------------------------------------- meetings


def _meeting_select() -> Any:
    mt, e = t.meetings, t.events
    return (
        select(
            mt.c.event_id, e.c.canonical_id, mt.c.document_id, mt.c.date_start, mt.c.date_end, mt.c.place, mt.c.hosts,
            mt.c.guests, mt.c.agenda_reasons, mt.c.declared_gap, mt.c.declared_gap_reason,
        )
        .join(e, e.c.id == mt.c.event_id)
        .where(e.c.id == e.c.canonical_id)
    )


def _meeting_row(r: Any) -> MeetingRow:
    return MeetingRow(r[0], r[1], r[2], r[3], r[4], r[5], _json_tuple(r[6]), _json_tuple(r[7]), _json_tuple(r[8]), bool(r[9]), r[10])


def select_meeting_list(
    conn: Connection, limit: int, offset: int = 0, pair: tuple[str, str] | None = None
) -> list[MeetingRow]:
    """Meetings (one per canonical event), newest first; only the pair's when ``pair`` is given."""
    mt = t.meetings
    q = _meeting_select()
    if pair:
        q = q.where(mt.c.event_id.in_(pair_event_rows(*pair)))
    q = q.order_by(mt.c.date_start.is_(None), mt.c.date_start.desc(), mt.c.event_id).limit(limit).offset(offset)
    return [_meeting_row(r) for r in conn.execute(q)]


def select_attended_meetings(conn: Connection, actor_id: str, limit: int) -> list[AttendedMeeting]:
    """Meetings an actor sat in, newest first."""
    mp, mt = t.meeting_participants, t.meetings
    q = (
        select(mt.c.event_id, mt.c.document_id, mt.c.date_start, mt.c.place, mp.c.side, mp.c.sector)
        .select_from(mp.join(mt, and_(mt.c.event_id == mp.c.event_id)))
        .where(mp.c.actor_id == actor_id)
        .order_by(mt.c.date_start.is_(None), mt.c.date_start.desc(), mt.c.event_id)
        .limit(limit)
    )
    return [AttendedMeeting(*r) for r in conn.execute(q)]
