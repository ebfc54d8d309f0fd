"""Everything that differs between SQLite and PostgreSQL lives here."""

from __future__ import annotations

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


def insert_ignore(engine: Engine, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for the engine's dialect."""
    mod = sqlite if is_sqlite(engine) else postgresql
    return mod.insert(table).on_conflict_do_nothing()


def upsert(engine: Engine, table: Any, keys: list[str], update: list[str]) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET update-columns = excluded."""
    mod = sqlite if is_sqlite(engine) else postgresql
    stmt = mod.insert(table)
    return stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})
