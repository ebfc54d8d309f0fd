"""JSON API under /api/v1: read-only listings with limit/offset, and ingest when allowed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ..analyze.listing import list_events
from ..store import queries as q
from ..store import web_queries as wq
from .views import EVENT_TYPES, MODALITIES, filtered_dyad

router = APIRouter(tags=["read"])
ingest_router = APIRouter(tags=["ingest"])

# Rows per request: the default and the most a client may ask for.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Deepest offset: listings page through recent material; bulk access is `undercurrent export`.
MAX_OFFSET = 100_000
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows to return (at most {MAX_LIMIT}).")
Offset = Query(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")


def _page(items: list[Any], limit: int, offset: int, more: bool) -> dict[str, Any]:
    return {
        "items": [asdict(i) if hasattr(i, "__dataclass_fields__") else i for i in items],
        "limit": limit,
        "offset": offset,
        "count": len(items),
        "next_offset": offset + limit if more else None,
    }


def _conn(request: Request) -> Any:
    return request.app.state.reader.connect()


@router.get("/documents", summary="Documents, newest first")
def documents(request: Request, limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    with _conn(request) as conn:
        rows = wq.select_document_list(conn, limit + 1, offset)
    return _page(rows[:limit], limit, offset, len(rows) > limit)


@router.get("/documents/{document_id}", summary="One document: text, highlights, events, flagged sentences")
def document(request: Request, document_id: str) -> dict[str, Any]:
    with _conn(request) as conn:
        detail = wq.select_document_detail(conn, document_id)
    if detail is None:
        raise HTTPException(404, f"no document {document_id!r}")
    return asdict(detail)


@router.get("/actors", summary="Actors by country, kind, role sector or name")
def actors(
    request: Request,
    country: str | None = Query(None, max_length=3, pattern=r"^[A-Za-z]{3}$", description="ISO3 code."),
    kind: str | None = Query(None, max_length=16, description="state, body, organization or person."),
    sector: str | None = Query(None, max_length=32, description="Role sector, e.g. defense."),
    name: str | None = Query(None, max_length=200, description="Exact name or alias (case-insensitive)."),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    with _conn(request) as conn:
        rows = q.select_actors(conn, country=country.upper() if country else None, kind=kind, sector=sector, name=name,
                               limit=offset + limit + 1)
    rows = rows[offset:]
    return _page(rows[:limit], limit, offset, len(rows) > limit)


@router.get("/actors/{actor_id}", summary="One actor: roles over time, meetings attended, events")
def actor(request: Request, actor_id: str) -> dict[str, Any]:
    from .pages import ACTOR_ROWS, _actor_events

    with _conn(request) as conn:
        found = q.select_actors(conn, ids=[actor_id])
        if not found:
            raise HTTPException(404, f"no actor {actor_id!r}")
        roles = q.select_roles(conn, [actor_id]).get(actor_id, [])
        meetings = wq.select_attended_meetings(conn, actor_id, ACTOR_ROWS)
        events = _actor_events(conn, actor_id)
    return {"actor": asdict(found[0]), "roles": [asdict(r) for r in roles], "meetings": [asdict(m) for m in meetings],
            "events": [asdict(e) for e in events]}


@router.get("/events", summary="Events (one per event across a story's copies), oldest first")
def events(
    request: Request,
    actor: str | None = Query(None, max_length=200, description="Person or organisation name, or a state."),
    dyad: str | None = Query(None, max_length=120, pattern=r"^[^,]+,[^,]+$", description="Two states: RUS,CHN."),
    event_type: str | None = Query(None, alias="type", max_length=16, description="PLOVER type, e.g. AID."),
    since: str | None = Query(None, alias="from", pattern=DATE_PATTERN, description="YYYY[-MM[-DD]]."),
    until: str | None = Query(None, alias="to", pattern=DATE_PATTERN, description="YYYY[-MM[-DD]]."),
    modality: str | None = Query(None, max_length=16, description="asserted, reported, hedged, ..."),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    _check_filters(event_type, modality)
    pair = tuple(x.strip() for x in dyad.split(",")) if dyad else None
    with _conn(request) as conn:
        rows = list_events(conn, actor=actor, dyad=pair, event_type=event_type, modality=modality, since=since,
                           until=until, limit=offset + limit + 1)
    rows = rows[offset:]
    return _page(rows[:limit], limit, offset, len(rows) > limit)


def _check_filters(event_type: str | None, modality: str | None) -> None:
    if event_type and event_type.upper() not in EVENT_TYPES:
        raise HTTPException(400, f"unknown event type {event_type!r}; use one of {', '.join(EVENT_TYPES)}")
    if modality and modality not in MODALITIES:
        raise HTTPException(400, f"unknown modality {modality!r}; use one of {', '.join(MODALITIES)}")


@router.get("/pairs", summary="Pairs of states by the number of events they share")
def pairs(request: Request, limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    with _conn(request) as conn:
        rows = wq.select_active_pairs(conn, limit + 1, offset)
    return _page(rows[:limit], limit, offset, len(rows) > limit)


@router.get("/pairs/{a}/{b}", summary="The dyad report of two states (undercurrent/report/v1)", response_class=JSONResponse)
def pair(
    request: Request,
    a: str,
    b: str,
    since: str | None = Query(None, alias="from", pattern=DATE_PATTERN),
    until: str | None = Query(None, alias="to", pattern=DATE_PATTERN),
    event_type: str | None = Query(None, alias="type", max_length=16),
    modality: str | None = Query(None, max_length=16),
) -> JSONResponse:
    _check_filters(event_type, modality)
    with _conn(request) as conn:
        dyad, _total = filtered_dyad(conn, a, b, since=since, until=until, event_type=event_type, modality=modality)
    # Plain JSON types already: skip FastAPI's recursive encoder, which costs more than the report on large pairs.
    return JSONResponse(dyad.to_dict())


@router.get("/meetings", summary="Meetings with rosters and agendas, newest first")
def meetings(
    request: Request,
    dyad: str | None = Query(None, max_length=120, pattern=r"^[^,]+,[^,]+$", description="Two states: RUS,CHN."),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    from ..analyze.dyad import resolve_state

    pair_codes = None
    if dyad:
        first, second = (x.strip() for x in dyad.split(","))
        pair_codes = (resolve_state(first), resolve_state(second))
    with _conn(request) as conn:
        rows = wq.select_meeting_list(conn, limit + 1, offset, pair=pair_codes)
        shown = rows[:limit]
        people, agenda, outcomes = q.select_meeting_details(conn, [m.event_id for m in shown])
    items = [
        {**asdict(m), "participants": [asdict(p) for p in people.get(m.event_id, [])],
         "agenda": [asdict(g) for g in agenda.get(m.event_id, [])], "declared_outcomes": outcomes.get(m.event_id, [])}
        for m in shown
    ]
    return _page(items, limit, offset, len(rows) > limit)


@router.get("/search", summary="Full-text search over documents and actor names")
def search(
    request: Request,
    q_: str = Query(..., alias="q", min_length=1, max_length=500, description="Words, all of which must match."),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    from ..store.dialect import SNIPPET_CLOSE, SNIPPET_OPEN

    with _conn(request) as conn:
        hits = wq.search_documents(conn, q_, limit, offset)
        ids = wq.search_actor_ids(conn, q_, limit, offset)
        found = {a.id: a for a in q.select_actors(conn, ids=ids)}
    docs = [{**asdict(h), "snippet": h.snippet.replace(SNIPPET_OPEN, "[").replace(SNIPPET_CLOSE, "]")} for h in hits]
    return {"query": q_, "limit": limit, "offset": offset, "documents": docs,
            "actors": [asdict(found[i]) for i in ids if i in found]}


@ingest_router.post("/documents", status_code=201, summary="Add one document (only with --allow-ingest and a token)")
async def add_document(request: Request) -> Any:
    from pydantic import ValidationError

    from .guard import bearer_matches
    from .ingest import IngestPayload, IngestRefusal, ingest_payload

    # The header itself, not the session cookie: a browser sends the cookie on its own.
    token = request.app.state.token
    if not token or not bearer_matches(request.headers.get("authorization", ""), token):
        raise HTTPException(401, "send the server's token as 'Authorization: Bearer TOKEN'",
                            headers={"WWW-Authenticate": "Bearer"})
    settings = request.app.state.settings
    limit = settings.max_ingest_bytes_http
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise HTTPException(413, f"body larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"body larger than {limit} bytes")
    try:
        payload = IngestPayload.model_validate_json(bytes(body))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())
        raise HTTPException(422, problems) from None
    result = await run_in_threadpool(ingest_payload, payload, settings, request.app.state.store, request.app.state)
    if isinstance(result, IngestRefusal):
        raise HTTPException(422, f"not stored: {result.reason}")
    return JSONResponse(asdict(result), status_code=201 if result.stored else 200)
