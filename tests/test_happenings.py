"""Happenings: one real-world happening told by several outlets is linked into one record."""

from __future__ import annotations

from pathlib import Path

import pytest

from undercurrent.evaluate.happenings import score_happenings
from undercurrent.evaluate.runner import load_floors
from undercurrent.resolve.happenings import HappeningView, date_agreement, match_happenings

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _v(id_, story, type_="CONSULT", **kw) -> HappeningView:
    kw.setdefault("actors", frozenset({"USA"}))
    kw.setdefault("recipients", frozenset({"CHN"}))
    return HappeningView(id_, story, type_, **kw)


def test_happenings_same_day_same_sides_is_linked_with_a_reason():
    m = match_happenings(_v("a", "s1", date_start="2023-11-15"), _v("b", "s2", date_start="2023-11-15"))
    assert m is not None and m.score >= 0.7
    assert "same day (2023-11-15)" in m.reason and "same states (CHN, USA)" in m.reason


def test_happenings_meeting_sides_either_way_round():
    a = _v("a", "s1", date_start="2023-06-22")
    b = _v("b", "s2", actors=frozenset({"CHN"}), recipients=frozenset({"USA"}), date_start="2023-06-23")
    assert match_happenings(a, b) is not None


def test_happenings_accusation_direction_matters():
    a = _v("a", "s1", "ACCUSE", date_start="2023-11-29")
    b = _v("b", "s2", "ACCUSE", actors=frozenset({"CHN"}), recipients=frozenset({"USA"}), date_start="2023-11-29")
    assert match_happenings(a, b) is None


@pytest.mark.parametrize("other", [
    {"date_start": "2022-11-14"},  # the same leaders a year earlier
    {"date_start": "2023-11-20"},  # too many days apart
    {"date_start": "2023-11-15", "place": "Lima"},  # another city
    {"date_start": "2023-11-15", "mode": "telephone"},  # a call is not a visit
    {"date_start": None},  # undated: nothing to tell two meetings apart
])
def test_happenings_look_alikes_stay_apart(other):
    a = _v("a", "s1", date_start="2023-11-15", place="Woodside", mode="visit")
    assert match_happenings(a, _v("b", "s2", **other)) is None


def test_happenings_same_item_different_quantity_stays_apart():
    kw = {"type_": "AID", "mode": "arms", "item": "MQ-9B drones", "date_start": "2024-10-15"}
    assert match_happenings(_v("a", "s1", quantity="31", **kw), _v("b", "s2", quantity="12", **kw)) is None
    assert match_happenings(_v("a", "s1", quantity="31", **kw), _v("b", "s2", quantity="31", **kw)) is not None


def test_happenings_same_story_is_not_a_cross_story_link():
    assert match_happenings(_v("a", "s1", date_start="2023-11-15"), _v("b", "s1", date_start="2023-11-15")) is None


def test_happenings_dates_compared_at_the_coarser_granularity():
    day, month = _v("a", "s1", date_start="2023-06-22"), _v("b", "s2", date_start="2023-06")
    assert date_agreement(day, month) == (0.2, "dates agree to the month (2023-06)")
    assert date_agreement(day, _v("c", "s3", date_start="2023-07")) is None
    # a month alone is not enough: it needs shared people, place or item
    assert match_happenings(day, month) is None
    assert match_happenings(
        _v("a", "s1", date_start="2023-06-22", people=frozenset({"p"})), _v("b", "s2", date_start="2023-06", people=frozenset({"p"}))
    ) is not None


def test_happenings_gold_pairwise_links_meet_their_floors():
    floors = load_floors()
    scores = score_happenings(FIXTURES / "happenings_gold.yaml")
    assert scores["gold_pairs"] >= 10 and scores["reports"] >= 20
    assert floors["happenings.precision"].met_by(scores["precision"]), scores["false_links"]
    assert floors["happenings.recall"].met_by(scores["recall"]), scores["missed"]


WOODSIDE_A = (
    "US President Joe Biden met Chinese President Xi Jinping in Woodside, California on November 15, 2023.\n\n"
    "The two leaders agreed to resume military communications.\n"
)
WOODSIDE_B = (
    "Chinese President Xi Jinping held talks with US President Joe Biden on November 15, 2023, "
    "at an estate south of San Francisco.\n\nXi said the planet is big enough for both countries to succeed.\n"
)
BALI = "US President Joe Biden met Chinese President Xi Jinping in Bali on November 14, 2022.\n"


def test_happenings_linked_at_ingest_counted_once_and_undone(tmp_path):
    from undercurrent.analyze.dyad import build_dyad
    from undercurrent.config import load_settings
    from undercurrent.pipeline import ingest_paths
    from undercurrent.store import web_queries as wq
    from undercurrent.store import queries as q
    from undercurrent.store.db import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in (("a.txt", WOODSIDE_A), ("b.txt", WOODSIDE_B), ("c.txt", BALI)):
        (corpus / name).write_text(text, encoding="utf-8")
    settings = load_settings(env={}, db_url=f"sqlite:///{tmp_path / 'h.db'}", model="sm")
    store = Store.open(settings.db_url)
    ingest_paths([str(corpus)], settings, store)

    links = store.list_judgements(kind="same_happening")
    assert len(links) == 1, links
    assert "2023-11-15" in links[0]["reason"]
    with store.engine.connect() as conn:
        meetings = [e for e in q.select_events(conn, pair=("USA", "CHN")) if e.type == "CONSULT"]
        assert sorted(e.occurred_start for e in meetings) == ["2022-11-14", "2023-11-15"]
        woodside = next(e for e in meetings if e.occurred_start == "2023-11-15")
        sources = q.select_event_sources(conn, [woodside.id])[woodside.id]
        assert len({s.document_id for s in sources}) == 2
        linked_counts = wq.select_counts(conn).events
        months = dict(wq.select_events_per_month(conn, 12))
        dyad = build_dyad(conn, "USA", "CHN")
        shown = [e for e in dyad.events if e.type == "CONSULT"]
        assert sorted(e.stories for e in shown) == [1, 2]
        assert len([m for m in dyad.meetings if (m.date or "").startswith("2023-11")]) == 1
    assert store.undo_judgement(links[0]["id"])
    with store.engine.connect() as conn:
        assert wq.select_counts(conn).events == linked_counts + 1
        assert dict(wq.select_events_per_month(conn, 12))["2023-11"] == months["2023-11"] + 1
    with store.engine.connect() as conn:
        meetings = [e for e in q.select_events(conn, pair=("USA", "CHN")) if e.type == "CONSULT"]
        assert sorted(e.occurred_start for e in meetings) == ["2022-11-14", "2023-11-15", "2023-11-15"]
