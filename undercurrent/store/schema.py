"""Tables. Plain column types so the file opens cleanly in sqlite3 and Datasette.

JSON-shaped values (lists of codes, reasons) are stored as JSON text.
Every extracted row carries its document and evidence offsets.
``docs/schema.md`` describes each table; keep the two in step.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


def _evidence() -> list[Column]:
    return [
        Column("evidence_start", Integer),
        Column("evidence_end", Integer),
        Column("evidence_text", Text),
    ]


def _date(prefix: str) -> list[Column]:
    return [
        Column(f"{prefix}_start", String(10)),
        Column(f"{prefix}_end", String(10)),
        Column(f"{prefix}_granularity", String(10)),
    ]


schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
)

story_clusters = Table(
    "story_clusters",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("first_document_id", String(40), nullable=False),
    Column("created_at", String(32), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("origin", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("source_id", String(40), ForeignKey("sources.id")),
    Column("author", Text),
    Column("claimed_date", String(10)),
    Column("inferred_date", String(10)),
    Column("inferred_evidence", Text),  # JSON list of spans
    Column("date_conflict", Integer, nullable=False, default=0),
    Column("republished", Integer, nullable=False, default=0),
    Column("language", String(8)),
    Column("status", String(32), nullable=False),  # analysed, skipped
    Column("status_reason", Text),
    Column("removed_chrome", Text),  # JSON list
    Column("encoding", String(32)),
    Column("quality_score", Float),
    Column("sentence_count", Integer),
    Column("cluster_id", String(40), ForeignKey("story_clusters.id")),
    Column("near_duplicate_of", String(40)),
    Column("similarity", Float),
    Column("minhash", LargeBinary),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Index("ix_documents_cluster", "cluster_id"),
    Index("ix_documents_claimed", "claimed_date"),
)

document_origins = Table(
    "document_origins",
    metadata,
    Column("origin", Text, primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("relation", String(16), nullable=False),  # stored, exact_duplicate
    Column("seen_at", String(32), nullable=False),
    Index("ix_origins_document", "document_id"),
)

rejections = Table(
    "rejections",
    metadata,
    Column("origin", Text, primary_key=True),
    Column("stage", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("seen_at", String(32), nullable=False),
)

flagged_sentences = Table(
    "flagged_sentences",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(3)),
    Column("first_seen", String(32), nullable=False),
    Index("ix_actors_country", "country"),
    Index("ix_actors_kind", "kind"),
)

aliases = Table(
    "aliases",
    metadata,
    Column("actor_id", String(64), ForeignKey("actors.id"), primary_key=True),
    Column("alias", Text, primary_key=True),
)

mentions = Table(
    "mentions",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("actor_id", String(64), ForeignKey("actors.id"), nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_mentions_actor", "actor_id"),
)

roles = Table(
    "roles",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("actor_id", String(64), ForeignKey("actors.id"), nullable=False),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("title", Text),
    Column("organization", Text),
    Column("country", String(3)),
    Column("sector", String(32)),
    Column("status", String(16)),
    Column("start", String(10)),
    Column("end", String(10)),
    Column("source", String(16), nullable=False),
    Column("form", String(32)),
    *_evidence(),
    Index("ix_roles_actor", "actor_id"),
    Index("ix_roles_sector", "sector"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(40), primary_key=True),  # unique per document
    Column("local_id", String(40), nullable=False),  # the id read --json gives
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("cluster_id", String(40)),
    Column("signature", String(40), nullable=False),  # same event across a story cluster
    Column("canonical_id", String(40), nullable=False),  # first stored event with this signature in the cluster
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    *_date("occurred"),
    Column("occurred_basis", String(16)),  # where an inherited date came from (happening, writing_date); null: own sentence
    Column("reported", String(10)),
    *_date("disclosed"),
    Column("disclosure_lag_days", Integer),
    Column("modality", String(16), nullable=False),
    Column("attributed_to", Text),
    Column("item", Text),
    Column("quantity", Text),
    Column("confidence", Float, nullable=False),
    Column("trigger", Text),
    Column("extractor", String(64), nullable=False),
    *_evidence(),
    Index("ix_events_type", "type"),
    Index("ix_events_occurred", "occurred_start"),
    Index("ix_events_document", "document_id"),
    Index("ix_events_canonical", "canonical_id"),
    Index("ix_events_modality", "modality"),
)

event_participants = Table(
    "event_participants",
    metadata,
    Column("event_id", String(40), ForeignKey("events.id"), primary_key=True),
    Column("actor_id", String(64), ForeignKey("actors.id"), primary_key=True),
    Column("role", String(10), primary_key=True),  # actor, recipient
    Column("country", String(3)),  # the participant's state, for pair queries
    Index("ix_participants_actor", "actor_id"),
    Index("ix_participants_country", "country", "role"),
)

event_evidence = Table(
    "event_evidence",
    metadata,
    Column("event_id", String(40), ForeignKey("events.id"), primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("local_id", String(40), nullable=False),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("count", Integer),
    Column("title", Text),
    Column("parties", Text),  # JSON list
    *_date("date"),
    Column("disclosed", Integer),
    *_evidence(),
    Index("ix_agreements_document", "document_id"),
)

meetings = Table(
    "meetings",
    metadata,
    Column("event_id", String(40), ForeignKey("events.id"), primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    *_date("date"),
    Column("place", Text),
    Column("hosts", Text),  # JSON list of ISO3
    Column("guests", Text),  # JSON list of ISO3
    Column("agenda_reasons", Text),  # JSON list
    Column("declared_gap", Integer, nullable=False, default=0),
    Column("declared_gap_reason", Text),
    Index("ix_meetings_date", "date_start"),
)

meeting_participants = Table(
    "meeting_participants",
    metadata,
    Column("event_id", String(40), ForeignKey("meetings.event_id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("actor_id", String(64)),
    Column("name", Text, nullable=False),
    Column("side", String(3)),
    Column("sector", String(32)),
    *_evidence(),
)

meeting_agenda = Table(
    "meeting_agenda",
    metadata,
    Column("event_id", String(40), ForeignKey("meetings.event_id"), primary_key=True),
    Column("side", String(3), primary_key=True),
    Column("sector", String(32), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("share", Float, nullable=False),
)

meeting_outcomes = Table(
    "meeting_outcomes",
    metadata,
    Column("event_id", String(40), ForeignKey("meetings.event_id"), primary_key=True),
    Column("agreement_id", String(40), ForeignKey("agreements.id"), primary_key=True),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # dependency, analogy
    Column("subject", String(3), nullable=False),  # dependent state / senior partner
    Column("object", String(3), nullable=False),  # state depended on / junior partner
    Column("domain", String(16)),
    Column("cue", Text),
    Column("modality", String(16)),
    *_evidence(),
    Index("ix_claims_pair", "subject", "object"),
)

judgements = Table(
    "judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # merge
    Column("left_id", String(64), nullable=False),
    Column("right_id", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("undone_at", String(32)),
    UniqueConstraint("kind", "left_id", "right_id", name="uq_judgement_pair"),
)
