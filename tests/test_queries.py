"""Read queries over a hand-built store: pair selection, merging, bounds and index use."""

from __future__ import annotations

import pytest
from tests.report_corpus import CAATSA, S400, WIRE, build_store

from undercurrent.store import queries as q


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    store = build_store(f"sqlite:///{tmp_path_factory.mktemp('q') / 'q.db'}")
    with store.engine.connect() as c:
        yield c
    store.dispose()


def test_queries_pair_events_are_canonical_once_per_story(conn):
    rows = q.select_events(conn, pair=("RUS", "CHN"))
    assert [(r.type, r.modality) for r in rows] == [
        ("AID", "reported"), ("AID", "hedged"), ("SUPPORT", "asserted"), ("CONSULT", "asserted"), ("COOPERATE", "planned"),
        ("AID", "historical"),
    ]
    assert all(r.id == r.canonical_id for r in rows)


def test_queries_pair_is_symmetric(conn):
    ab = [r.id for r in q.select_events(conn, pair=("RUS", "CHN"))]
    ba = [r.id for r in q.select_events(conn, pair=("CHN", "RUS"))]
    assert ab == ba


def test_queries_merged_event_keeps_every_source(conn):
    consult = q.select_events(conn, pair=("RUS", "CHN"), types=["CONSULT"])[0]
    sources = q.select_event_sources(conn, [consult.id])[consult.id]
    assert sorted(s.source for s in sources) == ["Wire A", "Wire B"]


def test_queries_evidence_offsets_point_into_document(conn):
    s400 = q.select_events(conn, pair=("RUS", "CHN"), types=["AID"], modality="reported")[0]
    ev = s400.evidence
    assert S400[ev.start : ev.end] == ev.text
    assert ev.text.startswith("Russia sold S-400")


def test_queries_date_overlap_keeps_coarser_dates(conn):
    rows = q.select_events(conn, pair=("RUS", "CHN"), since="2023-03-15", until="2023-12-31")
    # The hedged AID is dated to the month (2023-03) and overlaps a period starting mid-March.
    assert sorted(r.type for r in rows) == ["AID", "CONSULT", "SUPPORT"]
    assert q.select_events(conn, pair=("RUS", "CHN"), since="2014", until="2014") and all(
        r.occurred_start.startswith("2014") for r in q.select_events(conn, pair=("RUS", "CHN"), since="2014", until="2014")
    )


def test_queries_limit_bounds_listing(conn):
    assert len(q.select_events(conn, pair=("RUS", "CHN"), limit=2)) == 2


def test_queries_measures_come_from_the_pairs_documents(conn):
    pair_docs = sorted({r.document_id for r in q.select_events(conn, pair=("RUS", "CHN"))})
    rows = q.select_measures(conn, pair_docs, ["SANCTION"], None, None, 10)
    assert [r.evidence.text for r in rows] == [CAATSA]
    assert q.select_measures(conn, pair_docs, ["SANCTION"], "2019-01-01", None, 10) == []
    assert q.select_measures(conn, [], ["SANCTION"], None, None, 10) == []


def test_queries_meeting_once_per_canonical_event_with_roster(conn):
    meetings = q.select_pair_meetings(conn, q.pair_event_ids(conn, "RUS", "CHN"), None, None, 10)
    assert len(meetings) == 1 and meetings[0].declared_gap
    people, agenda, outcomes = q.select_meeting_details(conn, [meetings[0].event_id])
    names = [p.name for p in people[meetings[0].event_id]]
    assert names == ["Vladimir Putin", "Sergei Shoigu", "Dmitry Shugayev", "Yury Borisov", "Xi Jinping"]
    assert WIRE[people[meetings[0].event_id][1].evidence.start :].startswith("Sergei Shoigu")
    assert len(outcomes[meetings[0].event_id]) == 1


def test_queries_claims_both_directions_and_analogies(conn):
    claims = q.select_claims(conn, "RUS", "CHN", None, None)
    assert sorted((c.kind, c.subject, c.object, c.domain) for c in claims) == [
        ("analogy", "CHN", "PRK", None),
        ("dependency", "CHN", "RUS", "economic"),
        ("dependency", "RUS", "CHN", "economic"),
        ("dependency", "RUS", "CHN", "financial"),
    ]


def test_queries_documents_with_cluster_mates(conn):
    wire = q.select_events(conn, pair=("RUS", "CHN"), types=["CONSULT"])[0]
    docs = q.select_documents(conn, [wire.document_id], with_cluster_mates=True)
    assert len(docs) == 2 and len({d.cluster_id for d in docs}) == 1
    assert sum(1 for d in docs if d.near_duplicate_of) == 1


def test_queries_pair_uses_covering_country_index(conn):
    sql = (
        "SELECT DISTINCT p1.event_id FROM event_participants AS p1 JOIN event_participants AS p2"
        " ON p2.country = 'CHN' AND p2.event_id = p1.event_id WHERE p1.country = 'RUS'"
    )
    plan = " | ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert plan.count("COVERING INDEX ix_participants_country_event") == 2
    assert "SCAN p1" not in plan and "SCAN p2" not in plan and "SCAN event_participants" not in plan


def test_queries_actor_by_alias_and_roles(conn):
    (li,) = q.select_actors(conn, name="li shangfu")
    roles = q.select_roles(conn, [li.id])[li.id]
    assert [(r.title, r.start, r.end) for r in roles] == [("director", "2017", "2022")]
    assert q.select_roles(conn, [li.id], since="2023-01-01") == {}
