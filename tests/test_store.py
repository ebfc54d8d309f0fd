"""The store on both dialects: migrations, one document's rows, idempotence, judgements."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from sqlalchemy import select

from undercurrent.store import MIGRATIONS, Store
from undercurrent.store import schema as t
from tests.helpers import summit_analysis


def test_store_migrations_are_recorded_once(db_url):
    store = Store.open(db_url)
    assert store.migrate() == []  # second run applies nothing
    with store.engine.connect() as conn:
        names = [r[0] for r in conn.execute(select(t.schema_migrations.c.name))]
    assert names == list(MIGRATIONS)


def test_store_saves_every_record_kind(db_url):
    store = Store.open(db_url)
    a = summit_analysis()
    assert store.save_analysis(a, minhash=b"\x00" * 8) is True
    assert store.count("documents") == 1
    assert store.count("actors") == 5
    assert store.count("events") == 2
    assert store.count("event_participants") == 4
    assert store.count("meetings") == 1
    assert store.count("meeting_participants") == 3
    assert store.count("meeting_agenda") == 2
    assert store.count("meeting_outcomes") == 1
    assert store.count("agreements") == 1
    assert store.count("claims") == 2
    assert store.count("roles") == 3
    assert store.count("flagged_sentences") == 1
    with store.engine.connect() as conn:
        ev = conn.execute(select(t.events).where(t.events.c.type == "CONSULT")).mappings().one()
    text = a.document.text
    assert text[ev["evidence_start"] : ev["evidence_end"]] == ev["evidence_text"]
    assert ev["occurred_granularity"] == "day"


def test_store_same_content_is_stored_once(db_url):
    store = Store.open(db_url)
    a = summit_analysis()
    assert store.save_analysis(a) is True
    copy = replace(a, document=replace(a.document, origin="copy.txt"))
    assert store.save_analysis(copy) is False
    assert store.count("documents") == 1
    assert store.count("events") == 2
    assert store.known_origins() == {"summit.txt", "copy.txt"}


def test_store_near_duplicate_joins_cluster_and_merges_events(db_url):
    store = Store.open(db_url)
    first = summit_analysis()
    store.save_analysis(first)
    text2 = first.document.text + " Officials gave no further details."
    second = summit_analysis(text2, origin="rewrite.txt")
    # the same events, read in another document of the same story
    second = replace(second, events=first.events)
    store.save_analysis(second, near_duplicate_of=first.document.id, similarity=0.86)
    with store.engine.connect() as conn:
        clusters = {r[0] for r in conn.execute(select(t.documents.c.cluster_id))}
        canon = {r[0] for r in conn.execute(select(t.events.c.canonical_id).where(t.events.c.type == "CONSULT"))}
        sources = conn.execute(select(t.event_evidence.c.document_id).where(t.event_evidence.c.event_id.in_(canon))).all()
    assert len(clusters) == 1
    assert len(canon) == 1  # one event for the story
    assert len({s[0] for s in sources}) == 2  # that keeps both sources


def test_store_judgement_can_be_undone(db_url):
    store = Store.open(db_url)
    store.record_judgement("merge", "person:b", "person:a", 0.93, "transliteration variant")
    with store.engine.connect() as conn:
        row = conn.execute(select(t.judgements)).mappings().one()
    assert (row["left_id"], row["right_id"]) == ("person:a", "person:b")
    assert store.undo_judgement(row["id"]) is True
    assert store.undo_judgement(row["id"]) is False  # already undone; nothing overwritten


def test_store_sqlite_file_opens_in_plain_sqlite3(tmp_path):
    path = tmp_path / "plain.db"
    Store.open(f"sqlite:///{path}").save_analysis(summit_analysis())
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    fks = con.execute("PRAGMA foreign_key_list(events)").fetchall()
    assert any(fk[2] == "documents" for fk in fks)
    con.close()


def test_store_migration_0004_adds_the_date_basis_to_an_older_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    Store.open(url).dispose()
    with sqlite3.connect(tmp_path / "old.db") as raw:  # a store from before the column existed
        raw.execute("ALTER TABLE events DROP COLUMN occurred_basis")
        raw.execute("DELETE FROM schema_migrations WHERE name = '0004_event_date_basis'")
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            names = [r[0] for r in conn.execute(select(t.schema_migrations.c.name))]
            columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(events)")]
        assert "0004_event_date_basis" in names and "occurred_basis" in columns
        assert store.save_analysis(summit_analysis(), minhash=b"\x00" * 8) is True
    finally:
        store.dispose()
