"""The demo's main job end to end: the sample corpus into SQLite with the default model, then the
Russia-China report. Each assertion is something the sample articles say and a reader of the report
must get."""

from __future__ import annotations

from pathlib import Path

import pytest

from undercurrent.analyze.dyad import build_dyad
from undercurrent.config import load_settings
from undercurrent.pipeline import ingest_paths
from undercurrent.report.render import render
from undercurrent.store import Store
from undercurrent.store import queries as q

SAMPLE = Path(__file__).resolve().parents[1] / "undercurrent" / "data" / "sample"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    store = Store.open(url)
    ingest_paths([str(SAMPLE)], load_settings(env={}, db_url=url), store)
    with store.engine.connect() as conn:
        dyad = build_dyad(conn, "Russia", "China")
        people = {a.name: a.id for a in q.select_actors(conn, kind="person")}
        roles = q.select_roles(conn, list(people.values()))
    store.dispose()
    return dyad, people, roles


def test_demo_report_shows_the_late_s400_disclosure(demo):
    dyad, _, _ = demo
    late = [(d.item, d.occurred, d.disclosed, d.lag_days) for d in dyad.glance.hidden.late]
    assert ("S-400 air-defence systems", "2014-09", "2015-04", 212) in late


def test_demo_medvedev_holds_a_national_council_seat_and_a_defence_post(demo):
    _, people, roles = demo
    held = {(r.organization, r.sector) for r in roles[people["Dmitry Medvedev"]]}
    assert ("Military-Industrial Commission", "defense") in held
    assert not any(org and org.startswith("UN ") for org, _ in held)


def test_demo_report_names_speakers_not_ids(demo):
    dyad, _, _ = demo
    text = render(dyad, "md")
    assert "according to person_" not in text and "according to org_" not in text


def test_demo_html_report_is_small_linked_and_states_the_roster_gap(demo):
    dyad, _, _ = demo
    html = render(dyad, "html")
    assert len(html.encode("utf-8")) < 1_500_000  # one self-contained file; was 4.9 MB with plotly.js inlined
    assert 'href="https://' in html and '<span class="outlet">' in html
    from html import unescape

    assert "3 of 9 on Russia's side hold arms, defence, armed-forces or space posts" in unescape(html)
    assert "say nothing about defence" in html
