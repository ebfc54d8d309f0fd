"""HTML pages: overview, search, pair dashboard, actor, document, meetings, API index.

Views fetch through analyze/ and store queries and hand plain records to
Jinja2 templates (autoescape on); scripts are static files only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException

from ..ontology import country_name
from ..store import queries as q
from ..store import web_queries as wq
from ..store.dialect import SNIPPET_CLOSE, SNIPPET_OPEN
from .views import EVENT_TYPES, MODALITIES, document_segments, json_for_script, pair_view, parse_hl

router = APIRouter(include_in_schema=False)

# Months on the overview chart, pairs and documents in its lists.
OVERVIEW_MONTHS = 120
OVERVIEW_PAIRS = 15
OVERVIEW_DOCUMENTS = 20
# Rows per page on list pages; events and meetings on an actor page.
PAGE_ROWS = 50
ACTOR_ROWS = 200
# Search hits per kind.
SEARCH_ROWS = 30
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
STATE_PATTERN = r"^[A-Za-z][A-Za-z .'-]{1,60}$"


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("undercurrent.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["snippet"] = _snippet
    env.filters["json_block"] = lambda v: Markup(json_for_script(v))
    env.filters["pct"] = lambda v: f"{100 * float(v):.0f}%"
    env.globals["country_name"] = lambda c: country_name(c) or c if c else "?"
    return env


def _snippet(value: str) -> Markup:
    """Escape a search snippet and turn its match marks into <mark>, one element open at most."""
    out, inside = [], False
    for piece in re.split(f"([{SNIPPET_OPEN}{SNIPPET_CLOSE}])", value):
        if piece in (SNIPPET_OPEN, SNIPPET_CLOSE):
            if (piece == SNIPPET_OPEN) != inside:
                out.append("<mark>" if not inside else "</mark>")
                inside = not inside
        else:
            out.append(str(escape(piece)))
    return Markup("".join(out) + ("</mark>" if inside else ""))


def render_page(template: str, **context: Any) -> str:
    return _env().get_template(template).render(**context)


def _page(template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_page(template, **context))


def _reader(request: Request) -> Any:
    return request.app.state.reader.connect()


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    with _reader(request) as conn:
        counts = wq.select_counts(conn)
        months = wq.select_events_per_month(conn, OVERVIEW_MONTHS)
        pairs = wq.select_active_pairs(conn, OVERVIEW_PAIRS)
        documents = wq.select_document_list(conn, OVERVIEW_DOCUMENTS)
    chart = {
        "data": [{"type": "bar", "x": [m for m, _ in months], "y": [n for _, n in months], "marker": {"color": "#4477AA"}}],
        "layout": {"title": {"text": "Events per month"}, "height": 300, "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
                   "xaxis": {"type": "category"}, "yaxis": {"title": {"text": "events"}}},
    }
    return _page("overview.html", counts=counts, chart=chart, has_months=bool(months), pairs=pairs, documents=documents)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, offset: int = Query(0, ge=0, le=1_000_000)) -> HTMLResponse:
    with _reader(request) as conn:
        rows = wq.select_document_list(conn, PAGE_ROWS + 1, offset)
    return _page("documents.html", rows=rows[:PAGE_ROWS], offset=offset, more=len(rows) > PAGE_ROWS, step=PAGE_ROWS)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q_: str = Query("", alias="q", max_length=500)) -> HTMLResponse:
    hits, actors = [], []
    if q_.strip():
        with _reader(request) as conn:
            hits = wq.search_documents(conn, q_, SEARCH_ROWS)
            ids = wq.search_actor_ids(conn, q_, SEARCH_ROWS)
            found = {a.id: a for a in q.select_actors(conn, ids=ids)}
            actors = [found[i] for i in ids if i in found]
    return _page("search.html", query=q_, hits=hits, actors=actors)


@router.get("/pair")
def pair_form(a: str = Query(..., pattern=STATE_PATTERN), b: str = Query(..., pattern=STATE_PATTERN)) -> RedirectResponse:
    from ..analyze.dyad import resolve_state

    return RedirectResponse(f"/pair/{resolve_state(a)}/{resolve_state(b)}", status_code=303)


@router.get("/pair/{a}/{b}", response_class=HTMLResponse)
def pair(
    request: Request,
    a: str,
    b: str,
    since: str | None = Query(None, alias="from", pattern=DATE_PATTERN),
    until: str | None = Query(None, alias="to", pattern=DATE_PATTERN),
    event_type: str | None = Query(None, alias="type", max_length=16),
    modality: str | None = Query(None, max_length=16),
) -> HTMLResponse:
    event_type = event_type or None
    modality = modality or None
    if event_type and event_type.upper() not in EVENT_TYPES:
        raise HTTPException(400, f"unknown event type {event_type!r}")
    if modality and modality not in MODALITIES:
        raise HTTPException(400, f"unknown modality {modality!r}")
    with _reader(request) as conn:
        view = pair_view(conn, a, b, since=since, until=until, event_type=event_type, modality=modality)
    return _page("pair.html", v=view, d=view.dyad, types=EVENT_TYPES, modalities=MODALITIES)


@router.get("/actor/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, actor_id: str) -> HTMLResponse:
    with _reader(request) as conn:
        found = q.select_actors(conn, ids=[actor_id])
        if not found:
            raise HTTPException(404, "No actor with this id is in the store.")
        who = found[0]
        roles = q.select_roles(conn, [actor_id]).get(actor_id, [])
        roles.sort(key=lambda r: (r.start or (r.evidence.date if r.evidence else None) or "", r.id))
        meetings = wq.select_attended_meetings(conn, actor_id, ACTOR_ROWS)
        events = _actor_events(conn, actor_id)
    return _page("actor.html", a=who, roles=roles, meetings=meetings, events=events)


def _actor_events(conn: Any, actor_id: str) -> list[Any]:
    from ..analyze.dyad import dyad_events

    return dyad_events(conn, q.select_events(conn, actor_ids=[actor_id], limit=ACTOR_ROWS))


@router.get("/document/{document_id}", response_class=HTMLResponse)
def document(request: Request, document_id: str, hl: str | None = Query(None, max_length=24)) -> HTMLResponse:
    with _reader(request) as conn:
        detail = wq.select_document_detail(conn, document_id)
    if detail is None:
        raise HTTPException(404, "No document with this id is in the store.")
    span = parse_hl(hl)
    return _page("document.html", doc=detail, segments=document_segments(detail, span), hl=span)


@router.get("/meetings", response_class=HTMLResponse)
def meetings(request: Request, offset: int = Query(0, ge=0, le=1_000_000)) -> HTMLResponse:
    with _reader(request) as conn:
        rows = wq.select_meeting_list(conn, PAGE_ROWS + 1, offset)
        shown = rows[:PAGE_ROWS]
        people, agenda, outcomes = q.select_meeting_details(conn, [m.event_id for m in shown])
        titles = {ag.id: ag.title or ag.kind.replace("_", " ") for ag in
                  q.select_agreements(conn, ids=[o for v in outcomes.values() for o in v])}
        sources = q.select_event_sources(conn, [m.canonical_id for m in shown])
    return _page("meetings.html", rows=shown, people=people, agenda=agenda, outcomes=outcomes, titles=titles,
                 sources=sources, offset=offset, more=len(rows) > PAGE_ROWS, step=PAGE_ROWS)


@router.get("/docs", response_class=HTMLResponse)
@router.get("/api/v1/", response_class=HTMLResponse)
def api_index(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    endpoints = []
    for path, ops in sorted(spec.get("paths", {}).items()):
        for method, op in ops.items():
            params = [p.get("name", "") for p in op.get("parameters", [])]
            endpoints.append((method.upper(), path, op.get("summary", ""), op.get("description", ""), params))
    return _page("api.html", endpoints=endpoints, openapi=spec.get("openapi", ""))
