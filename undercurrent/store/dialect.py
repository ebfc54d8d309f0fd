"""Everything that differs between SQLite and PostgreSQL lives here."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

# How long a SQLite writer waits for another writer's lock before failing (ms).
# Two concurrent ingests each hold the lock for one document's transaction (well under a second).
SQLITE_BUSY_TIMEOUT_MS = 60_000


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def engine_options(url: str) -> dict[str, Any]:
    """Options for create_engine by dialect."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}
    return {"pool_pre_ping": True}


def prepare_engine(engine: Engine) -> None:
    """SQLite: WAL, busy timeout, foreign keys, and BEGIN IMMEDIATE for writers.

    pysqlite's default deferred transactions let two writers both read and then
    fail to upgrade their locks; an immediate transaction takes the write lock up
    front, so concurrent ingests queue on the busy timeout instead of erroring.
    """
    if not is_sqlite(engine):
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


# Key of the PostgreSQL advisory lock that writers hold for one transaction; any
# constant works as long as every undercurrent writer uses the same one ("uc" in ASCII).
PG_WRITE_LOCK_KEY = 0x7563


def lock_for_write(conn: Any) -> None:
    """Serialise writers on one database for the rest of this transaction.

    SQLite already has one writer at a time (BEGIN IMMEDIATE). PostgreSQL runs
    writers side by side under READ COMMITTED, where two ingests could both find
    a text absent and both count it as stored, insert shared actors in opposite
    orders and deadlock, or race to create the tables; a transaction-scoped
    advisory lock gives it the same one-writer rule. A document's transaction
    is short (milliseconds), so writers queue briefly rather than fail.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK_KEY})")


def insert_ignore(engine: Engine, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for the engine's dialect."""
    mod = sqlite if is_sqlite(engine) else postgresql
    return mod.insert(table).on_conflict_do_nothing()


def upsert(engine: Engine, table: Any, keys: list[str], update: list[str]) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET update-columns = excluded."""
    mod = sqlite if is_sqlite(engine) else postgresql
    stmt = mod.insert(table)
    return stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})


# --------------------------------------------------------------------------- full-text search
# SQLite: FTS5 tables kept in sync by triggers. documents_fts is an external-content table over
# documents (title, text); actors_fts holds one row per actor name and per alias.
_SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(title, text, content='documents', content_rowid='rowid')",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS actors_fts USING fts5(actor_id UNINDEXED, name)",
    "CREATE TRIGGER IF NOT EXISTS actors_fts_ai AFTER INSERT ON actors BEGIN "
    "INSERT INTO actors_fts(actor_id, name) VALUES (new.id, new.name); END",
    "CREATE TRIGGER IF NOT EXISTS actors_fts_ad AFTER DELETE ON actors BEGIN "
    "DELETE FROM actors_fts WHERE actor_id = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS aliases_fts_ai AFTER INSERT ON aliases BEGIN "
    "INSERT INTO actors_fts(actor_id, name) VALUES (new.actor_id, new.alias); END",
    "CREATE TRIGGER IF NOT EXISTS aliases_fts_ad AFTER DELETE ON aliases BEGIN "
    "DELETE FROM actors_fts WHERE actor_id = old.actor_id AND name = old.alias; END",
    "INSERT INTO actors_fts(actor_id, name) SELECT id, name FROM actors",
    "INSERT INTO actors_fts(actor_id, name) SELECT actor_id, alias FROM aliases",
)
# PostgreSQL: generated tsvector columns (always in sync, no triggers) with GIN indexes.
_POSTGRES_SEARCH = (
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS search_tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_documents_search ON documents USING GIN (search_tsv)",
    "ALTER TABLE actors ADD COLUMN IF NOT EXISTS search_tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', name)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_actors_search ON actors USING GIN (search_tsv)",
    "ALTER TABLE aliases ADD COLUMN IF NOT EXISTS search_tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', alias)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_aliases_search ON aliases USING GIN (search_tsv)",
)
# Marks around matched words in the snippets search_documents returns (private-use characters;
# the same characters in a document's own text are replaced there, so the marks always pair up).
SNIPPET_OPEN, SNIPPET_CLOSE = "\ue000", "\ue001"
# Words around a match in a snippet.
SNIPPET_WORDS = 16


def snippet_marks() -> tuple[str, str]:
    """Marks for one query's snippets in SQL: random, so no stored text can hold them.

    Letters and digits only (``ts_headline`` reads its options unquoted).
    """
    nonce = secrets.token_hex(8)
    return f"ucopen{nonce}", f"ucclose{nonce}"


def search_schema_statements(engine: Engine) -> tuple[str, ...]:
    """DDL that creates the full-text search structures and fills them from existing rows."""
    return _SQLITE_SEARCH if is_sqlite(engine) else _POSTGRES_SEARCH


def fts5_query(words: list[str]) -> str:
    """An FTS5 MATCH expression requiring every word (each quoted, so no operator syntax leaks in).

    Example:
        >>> fts5_query(["Xi", "S-400"])
        '"Xi" "S-400"'
    """
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def document_search_sql(engine: Engine) -> Any:
    """SELECT id, title, claimed date, snippet for :q, best first, :limit/:offset bound.

    Matches in the snippet sit between the bound :open and :close (see ``snippet_marks``).
    """
    from sqlalchemy import text

    if is_sqlite(engine):
        return text(
            "SELECT d.id, d.title, d.claimed_date, "
            f"snippet(documents_fts, 1, :open, :close, '…', {SNIPPET_WORDS}) "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH :q ORDER BY rank, d.id LIMIT :limit OFFSET :offset"
        )
    return text(
        "SELECT d.id, d.title, d.claimed_date, ts_headline('english', d.text, q, "
        f"'StartSel=' || :open || ', StopSel=' || :close || ', MaxWords={SNIPPET_WORDS * 2}, MinWords={SNIPPET_WORDS // 2}') "
        "FROM documents d, websearch_to_tsquery('english', :q) q WHERE d.search_tsv @@ q "
        "ORDER BY ts_rank(d.search_tsv, q) DESC, d.id LIMIT :limit OFFSET :offset"
    )


def actor_search_sql(engine: Engine) -> Any:
    """SELECT DISTINCT actor ids whose name or alias matches :q, best first, :limit/:offset bound."""
    from sqlalchemy import text

    if is_sqlite(engine):
        return text(
            "SELECT actor_id FROM actors_fts WHERE actors_fts MATCH :q GROUP BY actor_id "
            "ORDER BY min(rank), actor_id LIMIT :limit OFFSET :offset"
        )
    return text(
        "SELECT id FROM (SELECT a.id AS id, ts_rank(a.search_tsv, q) AS r FROM actors a, "
        "websearch_to_tsquery('simple', :q) q WHERE a.search_tsv @@ q "
        "UNION ALL SELECT s.actor_id, ts_rank(s.search_tsv, q) FROM aliases s, "
        "websearch_to_tsquery('simple', :q) q WHERE s.search_tsv @@ q) m "
        "GROUP BY id ORDER BY max(r) DESC, id LIMIT :limit OFFSET :offset"
    )


def search_param(engine: Engine, words: list[str]) -> str:
    """The :q parameter for the dialect's search statements."""
    return fts5_query(words) if is_sqlite(engine) else " ".join(words)


def prepare_read_engine(engine: Engine) -> None:
    """SQLite: a read-only engine whose transactions are deferred (WAL lets readers run together).

    The writer engine opens every transaction with BEGIN IMMEDIATE, which would make
    concurrent page views queue on the write lock.
    """
    if not is_sqlite(engine):
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA query_only = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")
