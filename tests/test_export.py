"""Exports round-trip: PLOVER JSONL validates, CSV and parquet read back, GraphML loads, FtM is well-formed."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from tests.report_corpus import S400, S400_URL, build_store
from undercurrent.errors import UsageError
from undercurrent.export import COLUMNS, export


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = build_store(f"sqlite:///{tmp_path_factory.mktemp('exp') / 'e.db'}")
    yield s
    s.dispose()


def _schema(name):
    import jsonschema

    schema = json.loads(resources.files("undercurrent.schema").joinpath(name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_export_plover_jsonl_validates(store, tmp_path):
    path = tmp_path / "events.jsonl"
    assert export(store, "plover-jsonl", path) == {"events": 7}
    records = [json.loads(line) for line in path.read_text().splitlines()]
    validator = _schema("plover-record-v1.json")
    for r in records:
        validator.validate(r)
    s400 = next(r for r in records if r["item"] == "S-400 air-defence systems")
    assert (s400["event_type"], s400["mode"], s400["actor_country"], s400["recipient_country"]) == ("AID", "arms", ["RUS"], ["CHN"])
    assert (s400["event_date"], s400["disclosed"], s400["disclosure_lag_days"], s400["modality"]) == ("2014-09", "2015-04", 212, "reported")
    assert S400[s400["evidence"]["start"] : s400["evidence"]["end"]] == s400["evidence"]["text"]
    assert len(s400["sources"]) == 2
    by_doc = {x["document_title"]: x for x in s400["sources"]}
    assert (by_doc["S400 Disclosure"]["url"], by_doc["S400 Disclosure"]["outlet"]) == (S400_URL, "Defence Weekly")
    assert all(set(x) >= {"url", "outlet"} for x in s400["sources"])
    first = s400["evidence"]
    assert (s400["url"], s400["source"]) == (first["url"], first["outlet"])


def test_export_plover_dyad_only(store, tmp_path):
    assert export(store, "plover-jsonl", tmp_path / "d.jsonl", pair=("RUS", "CHN")) == {"events": 6}


def test_export_csv_loads_with_documented_columns(store, tmp_path):
    import pandas as pd

    counts = export(store, "csv", tmp_path / "csv", pair=("RUS", "CHN"))
    assert counts == {"events": 6, "meetings": 1, "actors": 8, "roles": 10}
    for name, cols in COLUMNS.items():
        frame = pd.read_csv(tmp_path / "csv" / f"{name}.csv")
        assert list(frame.columns) == [c for c, _t in cols]
        assert len(frame) == counts[name]
    events = pd.read_csv(tmp_path / "csv" / "events.csv")
    assert sorted(events["event_type"]) == ["AID", "AID", "AID", "CONSULT", "COOPERATE", "SUPPORT"]
    assert "defense" in set(pd.read_csv(tmp_path / "csv" / "roles.csv")["sector"])
    s400 = events[events["document_title"] == "S400 Disclosure"].iloc[0]
    assert (s400["url"], s400["outlet"]) == (S400_URL, "Defence Weekly")
    assert set(events["outlet"].dropna()) >= {"Defence Weekly"}


def test_export_parquet_reads_back(store, tmp_path):
    import pandas as pd

    counts = export(store, "parquet", tmp_path / "pq")
    assert counts == {"events": 7, "meetings": 1, "actors": 11, "roles": 12}
    events = pd.read_parquet(tmp_path / "pq" / "events.parquet")
    assert list(events.columns) == [c for c, _t in COLUMNS["events"]]
    assert int(events.loc[events["item"] == "S-400 air-defence systems", "disclosure_lag_days"].iloc[0]) == 212
    assert len(pd.read_parquet(tmp_path / "pq" / "roles.parquet")) == 12


def test_export_graphml_loads_in_networkx(store, tmp_path):
    import networkx as nx

    path = tmp_path / "g.graphml"
    assert export(store, "graphml", path) == {"nodes": 7, "edges": 5}
    g = nx.read_graphml(path)
    edge = g.edges["state:RUS", "state:CHN"]
    assert (edge["events"], edge["count_AID"], edge["count_COOPERATE"]) == (3, 2, 1)
    # AID and COOPERATE are both material cooperation; no conflict is folded into the weight
    assert (edge["weight_material_cooperation"], edge["weight_verbal_cooperation"]) == (3, 0)
    assert (edge["weight_verbal_conflict"], edge["weight_material_conflict"]) == (0, 0)
    assert "weight" not in edge
    sanction = next(e for a, _b, e in g.edges(data=True) if a == "state:USA")
    assert (sanction["weight_material_conflict"], sanction["weight_material_cooperation"]) == (1, 0)
    assert g.nodes["state:USA"]["label"] == "United States"


def test_export_ftm_entities(store, tmp_path):
    path = tmp_path / "e.ftm.jsonl"
    counts = export(store, "ftm", path)
    assert counts == {"Event": 7, "Person": 7, "Organization": 1, "Position": 7, "Occupancy": 7}
    entities = [json.loads(line) for line in path.read_text().splitlines()]
    by_id = {e["id"]: e for e in entities}
    assert all(set(e) == {"id", "schema", "properties"} for e in entities)
    assert all(isinstance(v, list) for e in entities for v in e["properties"].values())
    li = next(e for e in entities if e["schema"] == "Person" and e["properties"]["name"] == ["Li Shangfu"])
    occ = next(e for e in entities if e["schema"] == "Occupancy" and e["properties"]["holder"] == [li["id"]])
    assert by_id[occ["properties"]["post"][0]]["properties"]["name"] == ["director, Equipment Development Department"]
    assert (occ["properties"]["startDate"], occ["properties"]["endDate"]) == (["2017"], ["2022"])
    # FtM country properties take lower-case ISO 3166-1 alpha-2 codes
    assert li["properties"]["country"] == ["cn"]
    assert by_id[occ["properties"]["post"][0]]["properties"]["country"] == ["cn"]
    assert all(c.islower() and len(c) == 2 for e in entities for c in e["properties"].get("country", []))


def test_export_unknown_format(store, tmp_path):
    with pytest.raises(UsageError):
        export(store, "xlsx", tmp_path / "x")
