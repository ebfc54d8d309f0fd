"""The notebook API: Corpus, typed dyad, DataFrames, report and export."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.report_corpus import build_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from undercurrent import Corpus

    path = tmp_path_factory.mktemp("api") / "a.db"
    build_store(f"sqlite:///{path}").dispose()
    c = Corpus.open(str(path))
    yield c
    c.close()


def test_api_import_is_light():
    code = "import sys, undercurrent; print(any(m in sys.modules for m in ('sqlalchemy', 'pandas', 'undercurrent.api')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_api_dyad_is_typed_and_frozen(corpus):
    import dataclasses

    rc = corpus.dyad("RUS", "China")
    assert (rc.a, rc.b, rc.a_name) == ("RUS", "CHN", "Russia")
    with pytest.raises(dataclasses.FrozenInstanceError):
        rc.dyad.a = "USA"  # type: ignore[misc]


def test_api_frames(corpus):
    rc = corpus.dyad("Russia", "PRC", since="2023-01-01")
    ev = rc.events_frame()
    assert sorted(ev["type"]) == ["AID", "CONSULT", "SUPPORT"]
    assert ev.loc[ev["type"] == "CONSULT", "sources"].iloc[0] == 2
    meetings = rc.meetings_frame()
    assert meetings["participant"].tolist()[:2] == ["Vladimir Putin", "Sergei Shoigu"]
    deps = rc.dependencies_frame()
    assert deps[["dependent", "on", "domain"]].values.tolist() == [
        ["CHN", "RUS", "economic"], ["RUS", "CHN", "economic"], ["RUS", "CHN", "financial"],
    ]
    people = rc.people_frame()
    assert people.loc[people["name"] == "Yury Borisov", "organization"].iloc[0] == "Roscosmos"
    src = rc.sources_frame()
    assert int(src["date_conflict"].sum()) == 1 and src["story_id"].nunique() == 3  # the wire and its copy are one story


def test_api_report_and_export(corpus, tmp_path):
    rc = corpus.dyad("RUS", "CHN")
    data = json.loads(rc.report(format="json", path=tmp_path / "r.json"))
    assert data["schema"] == "undercurrent/report/v1" and (tmp_path / "r.json").exists()
    assert rc.report(format="md").startswith("# Russia (RUS) and China (CHN)")
    assert corpus.export("plover-jsonl", tmp_path / "e.jsonl", dyad=("Russia", "China")) == {"events": 6}


def test_api_ingest_calls_pipeline(corpus, monkeypatch):
    import undercurrent.pipeline as pipeline

    seen = {}

    def fake_ingest(paths, settings, store, **kwargs):
        seen.update(paths=paths, store=store, settings=settings)
        return "summary"

    monkeypatch.setattr(pipeline, "ingest_paths", fake_ingest)
    assert corpus.ingest("articles/") == "summary"
    assert seen["paths"] == ["articles/"] and seen["store"] is corpus.store and seen["settings"] is corpus.settings
