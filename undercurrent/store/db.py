"""The store: open, migrate, and write one document's analysis in one transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ..errors import StoreError
from ..records import Analysis, CleanDocument, Rejected, stable_id
from . import schema as t
from .dialect import (
    engine_options,
    insert_ignore,
    is_sqlite,
    lock_for_write,
    prepare_engine,
    search_schema_statements,
)

# Named migrations, applied in order and recorded in schema_migrations.
MIGRATIONS: tuple[str, ...] = ("0001_initial", "0002_report_indexes", "0003_search", "0004_event_date_basis", "0005_happening_links")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _date_cols(prefix: str, d: Any) -> dict[str, Any]:
    if d is None:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_granularity": None}
    return {f"{prefix}_start": d.start, f"{prefix}_end": d.end, f"{prefix}_granularity": d.granularity}


def _ev(span: Any) -> dict[str, Any]:
    if span is None:
        return {"evidence_start": None, "evidence_end": None, "evidence_text": None}
    return {"evidence_start": span.start, "evidence_end": span.end, "evidence_text": span.text}


class Store:
    """A database of analysed documents, by URL (SQLite file or PostgreSQL).

    Example:
        >>> store = Store.open("sqlite:///:memory:")  # doctest: +SKIP
    """

    def __init__(self, engine: Engine):
        self.engine = engine

    # ------------------------------------------------------------------ open and migrate

    @classmethod
    def open(cls, url: str, migrate: bool = True) -> "Store":
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            path = Path(url[len("sqlite:///") :])
            if path.parent and not path.parent.exists():
                raise StoreError(f"cannot create database {path}: folder {path.parent} does not exist")
        try:
            engine = create_engine(url, **engine_options(url))
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open database {url!r}: {exc}") from exc
        prepare_engine(engine)
        store = cls(engine)
        if migrate:
            store.migrate()
        return store

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    def migrate(self) -> list[str]:
        """Apply pending named migrations; returns the names applied now."""
        applied_now: list[str] = []
        try:
            with self.engine.begin() as conn:
                lock_for_write(conn)  # two first opens must not both create the tables
                t.schema_migrations.create(conn, checkfirst=True)
                done = {r[0] for r in conn.execute(select(t.schema_migrations.c.name))}
                for name in MIGRATIONS:
                    if name in done:
                        continue
                    getattr(self, f"_migration_{name}")(conn)
                    conn.execute(
                        insert_ignore(self.engine, t.schema_migrations).values(name=name, applied_at=now())
                    )
                    applied_now.append(name)
        except OperationalError as exc:
            raise StoreError(f"cannot migrate database: {exc.orig}") from exc
        return applied_now

    def _migration_0001_initial(self, conn: Any) -> None:
        t.metadata.create_all(conn, checkfirst=True)

    def _migration_0002_report_indexes(self, conn: Any) -> None:
        # Covering index for pair queries (store/queries.py): a state's event ids without table lookups.
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_participants_country_event ON event_participants (country, event_id)"
        )

    def _migration_0003_search(self, conn: Any) -> None:
        """Full-text search over documents and actor names (FTS5 on SQLite, tsvector on PostgreSQL)."""
        for statement in search_schema_statements(self.engine):
            conn.exec_driver_sql(statement)
        # The document page reads a document's roles; without this index that is a scan of all roles.
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_roles_document ON roles (document_id)")

    def _migration_0004_event_date_basis(self, conn: Any) -> None:
        """Where an event's inherited date came from (extract/eventdates.py); a store made by 0001
        after this column was declared has it already."""
        from sqlalchemy import inspect

        if "occurred_basis" not in {c["name"] for c in inspect(conn).get_columns("events")}:
            conn.exec_driver_sql("ALTER TABLE events ADD COLUMN occurred_basis VARCHAR(16)")

    def _migration_0005_happening_links(self, conn: Any) -> None:
        # Happenings follow same_happening links from either end: the unique (kind, left_id, right_id)
        # index serves the left end, this one the right.
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_judgements_right ON judgements (kind, right_id)")

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ reads used by ingest

    def known_origins(self) -> set[str]:
        """Origins already stored, duplicated or deliberately skipped (for resuming)."""
        with self.engine.connect() as conn:
            done = {r[0] for r in conn.execute(select(t.document_origins.c.origin))}
            done |= {
                r[0] for r in conn.execute(select(t.rejections.c.origin).where(t.rejections.c.kind == "skipped"))
            }
        return done

    def document_by_hash(self, content_hash: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(t.documents.c.id).where(t.documents.c.content_hash == content_hash)
            ).scalar_one_or_none()

    def iter_signatures(self) -> Iterator[tuple[str, bytes]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.documents.c.id, t.documents.c.minhash).where(t.documents.c.minhash.is_not(None))
            )
            for doc_id, sig in rows:
                yield doc_id, bytes(sig)

    def cluster_of(self, document_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(t.documents.c.cluster_id).where(t.documents.c.id == document_id)
            ).scalar_one_or_none()

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.metadata.tables[table])).scalar_one()

    # ------------------------------------------------------------------ writes

    def record_rejection(self, item: Rejected) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert_ignore(self.engine, t.rejections).values(
                    origin=item.origin, stage=item.stage, kind=item.kind, reason=item.reason, seen_at=now()
                )
            )

    def record_exact_duplicate(self, origin: str, document_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert_ignore(self.engine, t.document_origins).values(
                    origin=origin, document_id=document_id, relation="exact_duplicate", seen_at=now()
                )
            )

    def save_skipped(self, doc: CleanDocument, reason: str, minhash: bytes | None = None) -> None:
        """Store a document that is kept but not analysed (another language)."""
        self.save_analysis(Analysis(document=doc), minhash=minhash, status="skipped", status_reason=reason)

    def save_analysis(
        self,
        analysis: Analysis,
        *,
        minhash: bytes | None = None,
        near_duplicate_of: str | None = None,
        similarity: float | None = None,
        status: str = "analysed",
        status_reason: str | None = None,
    ) -> bool:
        """Write one document and everything read in it, in one transaction.

        Returns False when the document (same content) was already stored, in
        which case only its origin is recorded. Rows use ON CONFLICT DO NOTHING,
        so two concurrent ingests of the same text neither fail nor double.
        """
        doc = analysis.document
        ts = now()
        with self.engine.begin() as conn:
            lock_for_write(conn)  # the check below and the inserts are one step for concurrent writers
            existing = conn.execute(
                select(t.documents.c.id).where(t.documents.c.content_hash == doc.content_hash)
            ).scalar_one_or_none()
            if existing is not None:
                conn.execute(
                    insert_ignore(self.engine, t.document_origins).values(
                        origin=doc.origin, document_id=existing, relation="exact_duplicate", seen_at=ts
                    )
                )
                return False
            cluster_id = None
            if near_duplicate_of:
                cluster_id = conn.execute(
                    select(t.documents.c.cluster_id).where(t.documents.c.id == near_duplicate_of)
                ).scalar_one_or_none()
            if cluster_id is None:
                cluster_id = stable_id("story", doc.id)
                conn.execute(
                    insert_ignore(self.engine, t.story_clusters).values(
                        id=cluster_id, first_document_id=doc.id, created_at=ts
                    )
                )
            source_id = None
            if doc.source:
                source_id = stable_id("source", doc.source.strip().lower())
                conn.execute(insert_ignore(self.engine, t.sources).values(id=source_id, name=doc.source.strip()))
            q = analysis.quality
            conn.execute(
                insert_ignore(self.engine, t.documents).values(
                    id=doc.id,
                    content_hash=doc.content_hash,
                    origin=doc.origin,
                    format=doc.fmt,
                    title=doc.title,
                    url=doc.url,
                    source_id=source_id,
                    author=doc.author,
                    claimed_date=doc.claimed_date,
                    inferred_date=analysis.inferred_date.value if analysis.inferred_date else None,
                    inferred_evidence=_j([e.to_json() for e in analysis.inferred_date.evidence])
                    if analysis.inferred_date
                    else None,
                    date_conflict=int(analysis.date_conflict),
                    republished=int(analysis.republished),
                    language=doc.language,
                    status=status,
                    status_reason=status_reason,
                    removed_chrome=_j(list(doc.removed_chrome)),
                    encoding=doc.encoding,
                    quality_score=q.score if status == "analysed" else None,
                    sentence_count=q.sentence_count if status == "analysed" else None,
                    cluster_id=cluster_id,
                    near_duplicate_of=near_duplicate_of,
                    similarity=similarity,
                    minhash=minhash,
                    text=doc.text,
                    ingested_at=ts,
                )
            )
            conn.execute(
                insert_ignore(self.engine, t.document_origins).values(
                    origin=doc.origin, document_id=doc.id, relation="stored", seen_at=ts
                )
            )
            if status == "analysed":
                self._write_extractions(conn, analysis, cluster_id, ts)
        return True

    def _write_extractions(self, conn: Any, analysis: Analysis, cluster_id: str, ts: str) -> None:
        doc_id = analysis.document.id
        ins = lambda table: insert_ignore(self.engine, table)  # noqa: E731
        for f in analysis.quality.flagged_sentences:
            conn.execute(
                ins(t.flagged_sentences).values(
                    document_id=doc_id, start=f.start, end=f.end, text=f.text, reasons=_j(list(f.reasons))
                )
            )
        country_of: dict[str, str | None] = {}
        for actor in analysis.actors:
            country_of[actor.id] = actor.country
            conn.execute(
                ins(t.actors).values(id=actor.id, kind=actor.kind, name=actor.name, country=actor.country, first_seen=ts)
            )
            for alias in {actor.name, *actor.aliases, *(m.text for m in actor.mentions)}:
                conn.execute(ins(t.aliases).values(actor_id=actor.id, alias=alias))
            for m in actor.mentions:
                conn.execute(
                    ins(t.mentions).values(document_id=doc_id, start=m.start, end=m.end, actor_id=actor.id, text=m.text)
                )
            for role in actor.roles:
                role_id = stable_id(
                    "role", actor.id, doc_id, role.title, role.organization, role.sector, role.status, role.start,
                    role.source, role.evidence.start if role.evidence else None,
                )
                conn.execute(
                    ins(t.roles).values(
                        id=role_id, actor_id=actor.id, document_id=doc_id, title=role.title,
                        organization=role.organization, country=role.country, sector=role.sector,
                        status=role.status, start=role.start, end=role.end, source=role.source,
                        form=role.form, **_ev(role.evidence),
                    )
                )
        stored_event: dict[str, str] = {}
        for ev in analysis.events:
            row_id = stable_id("event", doc_id, ev.id)
            stored_event[ev.id] = row_id
            signature = stable_id(
                "sig", ev.type, sorted(ev.actors), sorted(ev.recipients), ev.occurred.start, ev.item or ""
            )
            canonical = conn.execute(
                select(t.events.c.canonical_id)
                .where(t.events.c.cluster_id == cluster_id, t.events.c.signature == signature)
                .limit(1)
            ).scalar_one_or_none()
            conn.execute(
                ins(t.events).values(
                    id=row_id, local_id=ev.id, document_id=doc_id, cluster_id=cluster_id, signature=signature,
                    canonical_id=canonical or row_id, type=ev.type, mode=ev.mode,
                    **_date_cols("occurred", ev.occurred), reported=ev.reported,
                    occurred_basis=ev.inherited.basis if ev.inherited else None,
                    **_date_cols("disclosed", ev.disclosed), disclosure_lag_days=ev.disclosure_lag_days,
                    modality=ev.modality, attributed_to=ev.attributed_to, item=ev.item, quantity=ev.quantity,
                    confidence=ev.confidence, trigger=ev.trigger, extractor=ev.extractor, **_ev(ev.evidence),
                )
            )
            for role_name, ids in (("actor", ev.actors), ("recipient", ev.recipients)):
                for actor_id in ids:
                    conn.execute(
                        ins(t.event_participants).values(
                            event_id=row_id, actor_id=actor_id, role=role_name, country=country_of.get(actor_id)
                        )
                    )
            for span in (ev.evidence, *ev.extra_evidence):
                conn.execute(
                    ins(t.event_evidence).values(
                        event_id=canonical or row_id, document_id=doc_id, start=span.start, end=span.end, text=span.text
                    )
                )
        stored_agreement: dict[str, str] = {}
        for ag in analysis.agreements:
            row_id = stable_id("agreement", doc_id, ag.id)
            stored_agreement[ag.id] = row_id
            conn.execute(
                ins(t.agreements).values(
                    id=row_id, local_id=ag.id, document_id=doc_id, kind=ag.kind, count=ag.count, title=ag.title,
                    parties=_j(list(ag.parties)), **_date_cols("date", ag.date),
                    disclosed=None if ag.disclosed is None else int(ag.disclosed), **_ev(ag.evidence),
                )
            )
        for mt in analysis.meetings:
            ev_id = stored_event.get(mt.event_id)
            if ev_id is None:
                continue
            conn.execute(
                ins(t.meetings).values(
                    event_id=ev_id, document_id=doc_id, **_date_cols("date", mt.date), place=mt.place,
                    hosts=_j(list(mt.hosts)), guests=_j(list(mt.guests)), agenda_reasons=_j(list(mt.agenda_reasons)),
                    declared_gap=int(mt.declared_gap), declared_gap_reason=mt.declared_gap_reason,
                )
            )
            for pos, p in enumerate(mt.participants):
                conn.execute(
                    ins(t.meeting_participants).values(
                        event_id=ev_id, position=pos, actor_id=p.actor_id, name=p.name, side=p.side,
                        sector=p.sector, **_ev(p.evidence),
                    )
                )
            for a in mt.agenda:
                conn.execute(
                    ins(t.meeting_agenda).values(
                        event_id=ev_id, side=a.side or "", sector=a.sector, count=a.count, share=a.share
                    )
                )
            for ag_id in mt.declared_outcomes:
                if ag_id in stored_agreement:
                    conn.execute(ins(t.meeting_outcomes).values(event_id=ev_id, agreement_id=stored_agreement[ag_id]))
        for dep in analysis.dependencies:
            conn.execute(
                ins(t.claims).values(
                    id=stable_id("claim", doc_id, "dependency", dep.dependent, dep.on, dep.domain, dep.evidence.start),
                    document_id=doc_id, kind="dependency", subject=dep.dependent, object=dep.on, domain=dep.domain,
                    cue=dep.cue, modality=dep.modality, **_ev(dep.evidence),
                )
            )
        for an in analysis.analogies:
            conn.execute(
                ins(t.claims).values(
                    id=stable_id("claim", doc_id, "analogy", an.senior, an.junior, an.evidence.start),
                    document_id=doc_id, kind="analogy", subject=an.senior, object=an.junior, domain=None,
                    cue=None, modality="asserted", **_ev(an.evidence),
                )
            )

    # ------------------------------------------------------------------ people across documents

    def people_candidates(self, person: Any, min_token: int = 3, limit: int = 50) -> list[Any]:
        """Stored people who might be ``person``: same country, sharing a name token.

        Returns Actor records carrying their stored roles' sectors, for the
        resolver to score. Bound parameters only; the LIKE filter uses the
        person's own name tokens.
        """
        from sqlalchemy import or_

        from ..records import Actor, Role

        tokens = [tok for tok in person.name.replace(".", " ").split() if len(tok) >= min_token]
        if not tokens or person.country is None:
            return []
        a = t.actors
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(a.c.id, a.c.name, a.c.country)
                .where(
                    a.c.kind == "person",
                    a.c.country == person.country,
                    a.c.id != person.id,
                    or_(*[func.lower(a.c.name).like(f"%{tok.lower()}%") for tok in tokens]),
                )
                .limit(limit)
            ).all()
            out = []
            for actor_id, name, country in rows:
                sectors = {
                    r[0]
                    for r in conn.execute(
                        select(t.roles.c.sector).where(t.roles.c.actor_id == actor_id, t.roles.c.sector.is_not(None))
                    )
                }
                out.append(
                    Actor(actor_id, "person", name, country, roles=tuple(Role(None, sector=s) for s in sorted(sectors)))
                )
        return out

    def merged_with(self, actor_id: str) -> set[str]:
        """Every actor id taken to be the same entity as ``actor_id`` (merges not undone), itself included."""
        from .queries import select_merged_ids

        with self.engine.connect() as conn:
            return select_merged_ids(conn, actor_id)

    # ------------------------------------------------------------------ happenings across stories

    def happening_views(self, document_id: str) -> tuple[list[Any], dict[str, list[Any]]]:
        """The document's canonical events as resolver views, and for each the views of its candidates."""
        from .queries import select_happening_candidates, select_happening_views

        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(
                select(t.events.c.id).where(t.events.c.document_id == document_id, t.events.c.id == t.events.c.canonical_id)
            )]
            views = select_happening_views(conn, ids)
            return views, {v.id: select_happening_views(conn, select_happening_candidates(conn, v)) for v in views}

    # ------------------------------------------------------------------ judgements

    def record_judgement(self, kind: str, left_id: str, right_id: str, score: float, reason: str) -> None:
        left_id, right_id = sorted((left_id, right_id))
        with self.engine.begin() as conn:
            conn.execute(
                insert_ignore(self.engine, t.judgements).values(
                    kind=kind, left_id=left_id, right_id=right_id, score=score, reason=reason, created_at=now()
                )
            )

    def list_judgements(self, include_undone: bool = False, kind: str | None = None) -> list[dict[str, Any]]:
        """Judgements, oldest first: people merges name their actors, happening links their events' sentences."""
        j, a, e = t.judgements, t.actors, t.events
        left, right = a.alias("l"), a.alias("r")
        el, er = e.alias("el"), e.alias("er")
        q = (
            select(
                j, left.c.name.label("left_name"), right.c.name.label("right_name"),
                el.c.evidence_text.label("left_text"), er.c.evidence_text.label("right_text"),
            )
            .select_from(
                j.outerjoin(left, left.c.id == j.c.left_id).outerjoin(right, right.c.id == j.c.right_id)
                .outerjoin(el, el.c.id == j.c.left_id).outerjoin(er, er.c.id == j.c.right_id)
            )
            .order_by(j.c.id)
        )
        if not include_undone:
            q = q.where(j.c.undone_at.is_(None))
        if kind:
            q = q.where(j.c.kind == kind)
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(q).mappings()]
        for r in rows:
            r["left_name"] = r["left_name"] or r.get("left_text") or r["left_id"]
            r["right_name"] = r["right_name"] or r.get("right_text") or r["right_id"]
        return rows

    def undo_judgement(self, judgement_id: int) -> bool:
        with self.engine.begin() as conn:
            res = conn.execute(
                update(t.judgements)
                .where(t.judgements.c.id == judgement_id, t.judgements.c.undone_at.is_(None))
                .values(undone_at=now())
            )
            return res.rowcount > 0
