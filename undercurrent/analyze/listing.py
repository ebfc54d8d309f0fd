"""Listings behind the ``events``, ``actors`` and ``actor`` commands (pure assembly over queries)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..store import queries as q
from .dyad import dyad_events, resolve_state
from .model import DyadEvent
from .quads import quad_table

# Rows a listing returns unless asked for more: a screenful of sentences, not the whole store.
DEFAULT_LIMIT = 100


def list_events(
    conn,
    *,
    actor: str | None = None,
    dyad: tuple[str, str] | None = None,
    event_type: str | None = None,
    modality: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[DyadEvent]:
    """Canonical events (one per event merged across a story's copies) with every source sentence.

    ``actor`` is a person or organisation name (or alias) or a state name/code.

    Example:
        >>> list_events(conn, dyad=("RUS", "CHN"), event_type="AID")  # doctest: +SKIP
    """
    actor_ids = None
    if actor is not None:
        found = q.select_actors(conn, name=actor, limit=limit)
        code = None if found else resolve_state_or_none(actor)
        actor_ids = [a.id for a in found] or ([f"state:{code}"] if code else [])
        if not actor_ids:
            raise UsageError(f"no actor named {actor!r} in the store; try `undercurrent actors`")
    pair = (resolve_state(dyad[0]), resolve_state(dyad[1])) if dyad else None
    types = [check_event_type(event_type)] if event_type else None
    rows = q.select_events(
        conn, pair=pair, actor_ids=actor_ids, types=types, modality=modality,
        since=since, until=until, limit=limit,
    )
    return dyad_events(conn, rows)


def check_event_type(event_type: str) -> str:
    """The PLOVER type in upper case; a usage error listing the valid ones for anything else.

    Example:
        >>> check_event_type("sanction")
        'SANCTION'
    """
    valid = sorted(ty for _key, _label, _desc, types in quad_table() for ty in types)
    code = event_type.strip().upper()
    if code not in valid:
        raise UsageError(f"unknown event type {event_type!r}; use one of {', '.join(valid)}")
    return code


def resolve_state_or_none(text: str) -> str | None:
    try:
        return resolve_state(text)
    except UsageError:
        return None


@dataclass(frozen=True, slots=True)
class ActorSummary:
    id: str
    kind: str
    name: str
    country: str | None
    sectors: tuple[str, ...]


def list_actors(conn, *, country: str | None = None, sector: str | None = None, kind: str | None = None,
                limit: int = DEFAULT_LIMIT) -> list[ActorSummary]:
    """Actors by country and role sector, with the sectors of their roles."""
    code = resolve_state(country) if country else None
    rows = q.select_actors(conn, country=code, sector=sector, kind=kind, limit=limit)
    roles = q.select_roles(conn, [r.id for r in rows])
    return [
        ActorSummary(r.id, r.kind, r.name, r.country, tuple(sorted({x.sector for x in roles.get(r.id, []) if x.sector})))
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class ActorProfile:
    """One actor's roles over time, with the sentences behind them, and the documents naming them."""

    actor: q.ActorRow
    roles: tuple[q.RoleRow, ...]
    documents: tuple[tuple[q.DocumentRow, int], ...]  # (document, mentions)


# Documents listed on an actor's profile.
PROFILE_DOCUMENTS = 50


def actor_profiles(conn, name: str) -> list[ActorProfile]:
    """Every actor whose name or alias is ``name`` (case-insensitive), most documented first."""
    out = []
    for a in q.select_actors(conn, name=name):
        # a person merged with others across documents (judgements not undone) shows them all
        group = sorted(q.select_merged_ids(conn, a.id))
        by_actor = q.select_roles(conn, group)
        roles = [r for i in group for r in by_actor.get(i, [])]
        roles.sort(key=lambda r: (r.start or (r.evidence.date if r.evidence else None) or "", r.id))
        mentions = q.select_mention_documents(conn, group, PROFILE_DOCUMENTS)
        docs = {d.id: d for d in q.select_documents(conn, [m[0] for m in mentions])}
        out.append(ActorProfile(a, tuple(roles), tuple((docs[i], n) for i, n in mentions if i in docs)))
    if not out:
        raise UsageError(f"no actor named {name!r} in the store; try `undercurrent actors`")
    return sorted(out, key=lambda p: -sum(n for _d, n in p.documents))
