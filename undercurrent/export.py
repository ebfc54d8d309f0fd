"""Exports of the store (or of one pair of states) for other programs.

Formats: ``plover-jsonl`` (PLOVER event records plus our clocks, modality and
evidence; ``undercurrent/schema/plover-record-v1.json``), ``csv`` and
``parquet`` (a folder with events, actors, roles and meetings tables; columns
in :data:`COLUMNS` and ``docs/report.md``), ``graphml`` (actors as nodes,
edges with one weight per PLOVER quad and a count per event type) and ``ftm`` (FollowTheMoney entity
JSON lines, written without the followthemoney library).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .analyze.quads import quad_of, quad_table
from .errors import UsageError
from .ontology import dissolved_code, iso2
from .records import stable_id
from .store import queries as q

FORMATS = ("plover-jsonl", "csv", "parquet", "graphml", "ftm")

# Table columns of the csv and parquet exports, with their Arrow type (documented in docs/report.md).
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (
        ("event_id", "string"), ("document_id", "string"), ("story_id", "string"), ("event_type", "string"),
        ("mode", "string"), ("actor_ids", "string"), ("actor_names", "string"), ("actor_countries", "string"),
        ("recipient_ids", "string"), ("recipient_names", "string"), ("recipient_countries", "string"),
        ("occurred_start", "string"), ("occurred_end", "string"), ("occurred_granularity", "string"),
        ("reported", "string"), ("disclosed_start", "string"), ("disclosure_lag_days", "int64"), ("modality", "string"),
        ("attributed_to", "string"), ("item", "string"), ("quantity", "string"), ("confidence", "float64"),
        ("source_documents", "int64"), ("evidence_text", "string"), ("evidence_start", "int64"),
        ("evidence_end", "int64"), ("document_title", "string"), ("outlet", "string"), ("url", "string"),
    ),
    "actors": (("actor_id", "string"), ("kind", "string"), ("name", "string"), ("country", "string")),
    "roles": (
        ("role_id", "string"), ("actor_id", "string"), ("title", "string"), ("organization", "string"),
        ("country", "string"), ("sector", "string"), ("status", "string"), ("start", "string"), ("end", "string"),
        ("source", "string"), ("document_id", "string"), ("evidence_text", "string"), ("evidence_start", "int64"),
        ("evidence_end", "int64"),
    ),
    "meetings": (
        ("event_id", "string"), ("document_id", "string"), ("date_start", "string"), ("date_end", "string"),
        ("place", "string"), ("hosts", "string"), ("guests", "string"), ("participants", "string"),
        ("agenda", "string"), ("declared_outcomes", "string"), ("declared_gap", "int64"), ("declared_gap_reason", "string"),
    ),
}
# Joins list values in one csv/parquet cell (names never contain it in practice).
LIST_SEP = ";"


# --------------------------------------------------------------------------- rows


def iter_events(conn, pair: tuple[str, str] | None) -> Iterator[tuple[q.EventRow, list[q.ParticipantRow], list[q.EvidenceRow]]]:
    """Canonical events with their participants and every source sentence."""
    for batch in q.iter_event_batches(conn, pair=pair):
        ids = [r.id for r in batch]
        parts = q.select_participants(conn, ids)
        sources = q.select_event_sources(conn, ids)
        for r in batch:
            yield r, parts.get(r.id, []), sources.get(r.id, []) or [r.evidence]


def _event_row(r: q.EventRow, parts: list[q.ParticipantRow], sources: list[q.EvidenceRow]) -> dict[str, Any]:
    act = [p for p in parts if p.role == "actor"]
    rec = [p for p in parts if p.role == "recipient"]
    j = LIST_SEP.join
    return {
        "event_id": r.id, "document_id": r.document_id, "story_id": r.cluster_id, "event_type": r.type, "mode": r.mode,
        "actor_ids": j(p.actor_id for p in act), "actor_names": j(p.name for p in act),
        "actor_countries": j(sorted({p.country for p in act if p.country})),
        "recipient_ids": j(p.actor_id for p in rec), "recipient_names": j(p.name for p in rec),
        "recipient_countries": j(sorted({p.country for p in rec if p.country})),
        "occurred_start": r.occurred_start, "occurred_end": r.occurred_end, "occurred_granularity": r.occurred_granularity,
        "reported": r.reported, "disclosed_start": r.disclosed_start, "disclosure_lag_days": r.disclosure_lag_days,
        "modality": r.modality, "attributed_to": r.attributed_to, "item": r.item, "quantity": r.quantity,
        "confidence": round(r.confidence, 3), "source_documents": len({s.document_id for s in sources}),
        "evidence_text": r.evidence.text, "evidence_start": r.evidence.start, "evidence_end": r.evidence.end,
        "document_title": r.evidence.title, "outlet": r.evidence.source, "url": r.evidence.url,
    }


def plover_record(r: q.EventRow, parts: list[q.ParticipantRow], sources: list[q.EvidenceRow]) -> dict[str, Any]:
    """One event as a PLOVER record with undercurrent's extra fields."""
    act = [p for p in parts if p.role == "actor"]
    rec = [p for p in parts if p.role == "recipient"]
    return {
        "id": r.id,
        "event_type": r.type,
        "mode": r.mode,
        "context": [],
        "event_date": r.occurred_start,
        "actor": [p.name for p in act],
        "actor_id": [p.actor_id for p in act],
        "actor_country": sorted({p.country for p in act if p.country}),
        "recipient": [p.name for p in rec],
        "recipient_id": [p.actor_id for p in rec],
        "recipient_country": sorted({p.country for p in rec if p.country}),
        "story_id": r.cluster_id,
        "source_id": r.document_id,
        "source": r.evidence.source,
        "url": r.evidence.url,
        "publication_date": r.evidence.date,
        "event_text": r.evidence.text,
        "occurred": {"start": r.occurred_start, "end": r.occurred_end, "granularity": r.occurred_granularity},
        "reported": r.reported,
        "disclosed": r.disclosed_start,
        "disclosure_lag_days": r.disclosure_lag_days,
        "modality": r.modality,
        "attributed_to": r.attributed_to,
        "item": r.item,
        "quantity": r.quantity,
        "confidence": round(r.confidence, 3),
        "evidence": {"document_id": r.document_id, "document_title": r.evidence.title, "outlet": r.evidence.source,
                     "url": r.evidence.url, "text": r.evidence.text, "start": r.evidence.start, "end": r.evidence.end},
        "sources": [{"document_id": s.document_id, "document_title": s.title, "outlet": s.source, "url": s.url,
                     "date": s.date, "text": s.text, "start": s.start, "end": s.end} for s in sources],
    }


def iter_tables(conn, pair: tuple[str, str] | None) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """(table name, rows) for events, actors, roles and meetings."""
    actor_ids: set[str] = set()

    def events() -> Iterator[dict[str, Any]]:
        for r, parts, sources in iter_events(conn, pair):
            actor_ids.update(p.actor_id for p in parts)
            yield _event_row(r, parts, sources)

    def meetings() -> Iterator[dict[str, Any]]:
        for batch in q.iter_meeting_batches(conn, pair=pair):
            people, agenda, outcomes = q.select_meeting_details(conn, [m.event_id for m in batch])
            for m in batch:
                ps = people.get(m.event_id, [])
                actor_ids.update(p.actor_id for p in ps if p.actor_id)
                yield {
                    "event_id": m.canonical_id, "document_id": m.document_id, "date_start": m.date_start,
                    "date_end": m.date_end, "place": m.place, "hosts": LIST_SEP.join(m.hosts),
                    "guests": LIST_SEP.join(m.guests),
                    "participants": LIST_SEP.join(f"{p.name} ({p.side or '?'}, {p.sector or '?'})" for p in ps),
                    "agenda": LIST_SEP.join(f"{g.side}:{g.sector}={g.share:.3f}" for g in agenda.get(m.event_id, [])),
                    "declared_outcomes": LIST_SEP.join(outcomes.get(m.event_id, [])),
                    "declared_gap": int(m.declared_gap), "declared_gap_reason": m.declared_gap_reason,
                }

    def actors() -> Iterator[dict[str, Any]]:
        if pair is None:
            for r in q.iter_table(conn, "actors"):
                yield {"actor_id": r["id"], "kind": r["kind"], "name": r["name"], "country": r["country"]}
            return
        for a in q.select_actors(conn, ids=sorted(actor_ids), limit=len(actor_ids) + 1):
            yield {"actor_id": a.id, "kind": a.kind, "name": a.name, "country": a.country}

    def roles() -> Iterator[dict[str, Any]]:
        if pair is None:
            rows = (r for r in q.iter_table(conn, "roles"))
        else:
            found = q.select_roles(conn, sorted(actor_ids))
            rows = (
                {"id": r.id, "actor_id": r.actor_id, "title": r.title, "organization": r.organization, "country": r.country,
                 "sector": r.sector, "status": r.status, "start": r.start, "end": r.end, "source": r.source,
                 "document_id": r.document_id, "evidence_text": r.evidence.text if r.evidence else None,
                 "evidence_start": r.evidence.start if r.evidence else None,
                 "evidence_end": r.evidence.end if r.evidence else None}
                for rs in found.values() for r in rs
            )
        for r in rows:
            yield {"role_id": r["id"], **{k: r[k] for k, _t in COLUMNS["roles"][1:]}}

    # Order matters: events and meetings collect the actor ids the pair's actors and roles need.
    yield "events", events()
    yield "meetings", meetings()
    yield "actors", actors()
    yield "roles", roles()


# --------------------------------------------------------------------------- writers


def export(store, fmt: str, path: str | Path, pair: tuple[str, str] | None = None) -> dict[str, int]:
    """Write the export; returns rows (or entities, nodes) written per part.

    Example:
        >>> export(store, "csv", "out/", pair=("RUS", "CHN"))  # doctest: +SKIP
        {'events': 5, 'meetings': 1, 'actors': 9, 'roles': 9}
    """
    path = Path(path)
    writers = {"plover-jsonl": _plover, "csv": _csv, "parquet": _parquet, "graphml": _graphml, "ftm": _ftm}
    if fmt not in writers:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    target_parent = path if fmt in ("csv", "parquet") else path.parent
    if fmt in ("csv", "parquet"):
        path.mkdir(parents=True, exist_ok=True)
    elif not target_parent.exists():
        raise UsageError(f"cannot write {path}: folder {target_parent} does not exist")
    with store.engine.connect() as conn:
        return writers[fmt](conn, path, pair)


def _plover(conn, path: Path, pair) -> dict[str, int]:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for r, parts, sources in iter_events(conn, pair):
            fh.write(json.dumps(plover_record(r, parts, sources), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return {"events": n}


def _csv(conn, folder: Path, pair) -> dict[str, int]:
    counts = {}
    for name, rows in iter_tables(conn, pair):
        cols = [c for c, _t in COLUMNS[name]]
        n = 0
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            for row in rows:
                w.writerow(row)
                n += 1
        counts[name] = n
    return counts


# Rows per parquet row group.
PARQUET_BATCH = 10_000


def _parquet(conn, folder: Path, pair) -> dict[str, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    counts = {}
    for name, rows in iter_tables(conn, pair):
        schema = pa.schema([(c, getattr(pa, ty)()) for c, ty in COLUMNS[name]])
        n = 0
        with pq.ParquetWriter(folder / f"{name}.parquet", schema) as writer:
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= PARQUET_BATCH:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    n += len(batch)
                    batch = []
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
        counts[name] = n
    return counts


def _graphml(conn, path: Path, pair) -> dict[str, int]:
    import networkx as nx

    ids = None
    if pair:
        ids = [r.id for batch in q.iter_event_batches(conn, pair=pair) for r in batch]
    edges = q.select_type_edges(conn, ids)
    nodes = {a for a, r, _t, _n in edges} | {r for a, r, _t, _n in edges}
    g = nx.DiGraph()
    for a in q.select_actors(conn, ids=sorted(nodes), limit=len(nodes) + 1):
        g.add_node(a.id, label=a.name, kind=a.kind, country=a.country or "")
    # One weight per quad: adding conflict to cooperation would make a hostile pair look close.
    quads = [key for key, _label, _desc, _types in quad_table()]
    for a, r, ty, n in edges:
        if not g.has_edge(a, r):
            g.add_edge(a, r, events=0, **{f"weight_{k}": 0 for k in quads})
        data = g.edges[a, r]
        data["events"] += n
        quad = quad_of(ty)
        if quad:
            data[f"weight_{quad}"] += n
        data[f"count_{ty}"] = data.get(f"count_{ty}", 0) + n
    nx.write_graphml(g, path)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def _ftm(conn, path: Path, pair) -> dict[str, int]:
    """FollowTheMoney entities (Person, Organization, Position, Occupancy, Event) as JSON lines."""
    counts: dict[str, int] = {}
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as fh:
        for name, rows in iter_tables(conn, pair):
            for row in rows:
                for schema, entity_id, props in ftm_entities(name, row):
                    if entity_id in seen:
                        continue
                    seen.add(entity_id)
                    clean = {k: [str(v) for v in vs if v not in (None, "")] for k, vs in props.items()}
                    entity = {"id": entity_id, "schema": schema, "properties": {k: v for k, v in clean.items() if v}}
                    fh.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
                    counts[schema] = counts.get(schema, 0) + 1
    return counts


def _ftm_country(code: str | None) -> str | None:
    # a dissolved state has no ISO 3166-1 code; FtM names it by its ISO 3166-3 one ("suhh")
    two = dissolved_code(code) or iso2(code)
    return two.lower() if two else None


def ftm_entities(table: str, row: dict[str, Any]) -> list[tuple[str, str, dict[str, list]]]:
    """FtM (schema, id, properties) for one export row.

    FtM's country properties take lower-case ISO 3166-1 alpha-2 codes ("ru"), from
    ``iso2`` in countries.yaml. States, international bodies and groups are not
    exported (they are the parties, not FtM entities of a register); meetings are
    already Events in the events table.
    """
    if table == "events":
        involved = [i for i in (row["actor_ids"] + LIST_SEP + row["recipient_ids"]).split(LIST_SEP) if i]
        return [("Event", row["event_id"], {
            "name": [f"{row['event_type']}: {row['actor_names']} -> {row['recipient_names']}"],
            "date": [row["occurred_start"]], "summary": [row["evidence_text"]], "involved": involved,
            "sourceUrl": [row["url"]], "publisher": [row["outlet"]],
            "notes": [f"modality: {row['modality']}", f"countries: {row['actor_countries']} -> {row['recipient_countries']}"],
        })]
    if table == "actors":
        schema = {"person": "Person", "organization": "Organization"}.get(row["kind"])
        if schema is None:
            return []
        return [(schema, row["actor_id"], {"name": [row["name"]], "country": [_ftm_country(row["country"])]})]
    if table == "roles" and row["title"]:
        post = stable_id("position", row["title"], row["organization"], row["country"])
        label = row["title"] + (f", {row['organization']}" if row["organization"] else "")
        return [
            ("Position", post, {"name": [label], "country": [_ftm_country(row["country"])],
                                "notes": [f"sector: {row['sector']}" if row["sector"] else None]}),
            ("Occupancy", stable_id("occupancy", row["actor_id"], post, row["start"], row["end"]), {
                "holder": [row["actor_id"]], "post": [post], "startDate": [row["start"]], "endDate": [row["end"]],
                "status": [row["status"]], "description": [row["evidence_text"]],
            }),
        ]
    return []
