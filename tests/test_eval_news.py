"""`eval news`: the real-news scorer's rules on a tiny set we write ourselves, and the CLI around it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from undercurrent.cli import app
from undercurrent.evaluate.news import (
    _within_month,
    date_right,
    event_matches,
    find_set,
    gold_label,
    predicted_tuples,
    score_news,
)
from undercurrent.errors import InputError

cli = CliRunner()

# Two short texts of our own about real events (the facts as reported at the time).
TEXTS = [
    {"id": "t-1", "date": "2023-03-21", "title": "Xi and Putin meet in Moscow",
     "text": "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on Tuesday. "
             "The two leaders signed a joint statement on deepening their partnership."},
    {"id": "t-2", "date": "2022-02-26", "title": "Sanctions",
     "text": "The European Union imposed sanctions on Russia on Friday over the invasion of Ukraine."},
]
GOLD = [
    {"id": "t-1", "doc_date": "2023-03-21", "countries": ["CHN", "RUS"],
     "people": [{"name": "Xi Jinping", "surface": ["Xi Jinping"], "country": "CHN", "role": "President", "sector": "head_of_state"},
                {"name": "Vladimir Putin", "surface": ["Vladimir Putin"], "country": "RUS", "role": "President", "sector": "head_of_state"}],
     "meetings": [{"date": "2023-03-21", "place": "Moscow", "hosts": ["RUS"], "guests": ["CHN"],
                   "participants": ["Xi Jinping", "Vladimir Putin"]}],
     "events": [{"type": "CONSULT", "mode": "visit", "source": "CHN", "target": "RUS", "date": "2023-03-21",
                 "modality": "asserted", "evidence": "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on Tuesday"},
                {"type": "REJECT", "mode": None, "source": "RUS", "target": "USA", "date": None,
                 "modality": "asserted", "evidence": "deepening their partnership"}]},
    {"id": "t-2", "doc_date": "2022-02-26", "countries": ["EU", "RUS"], "people": [], "meetings": [],
     "events": [{"type": "SANCTION", "mode": None, "source": "EU", "target": "RUS", "date": "2022-02-25",
                 "modality": "asserted", "evidence": "The European Union imposed sanctions on Russia on Friday"}]},
]


@pytest.fixture
def news_set(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "texts.jsonl").write_text("".join(json.dumps(t) + "\n" for t in TEXTS), encoding="utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in GOLD), encoding="utf-8")
    return folder


def test_gold_labels_keep_codes_and_fold_plain_names():
    assert gold_label("RUS") == "RUS" and gold_label("EU") == "EU" and gold_label("G7") == "G7"
    assert gold_label("the West") == "west" and gold_label(None) is None


def test_mention_match_needs_the_type_and_the_direction_for_directed_types():
    labels = {"state:EU": {"EU"}, "state:RUS": {"RUS"}}
    pred = {"type": "SANCTION", "actors": ["state:EU"], "recipients": ["state:RUS"]}
    assert event_matches(pred, {"type": "SANCTION", "source": "EU", "target": "RUS"}, labels)
    assert not event_matches(pred, {"type": "SANCTION", "source": "RUS", "target": "EU"}, labels)
    assert not event_matches(pred, {"type": "THREATEN", "source": "EU", "target": "RUS"}, labels)
    assert event_matches(pred, {"type": "SANCTION", "source": "EU", "target": None}, labels)
    talks = {"type": "CONSULT", "actors": ["state:RUS"], "recipients": ["state:EU"]}
    assert event_matches(talks, {"type": "CONSULT", "source": "EU", "target": "RUS"}, labels)  # undirected


def test_tuples_pair_every_party_of_undirected_events_and_keep_lone_actors():
    one = {"a": "CHN", "b": "RUS", "c": "BLR"}
    tuples = predicted_tuples([
        {"type": "CONSULT", "actors": ["a", "b"], "recipients": ["c"]},
        {"type": "ACCUSE", "actors": ["a"], "recipients": []},
    ], one)
    assert tuples == {("CONSULT", "BLR", "CHN"), ("CONSULT", "BLR", "RUS"), ("CONSULT", "CHN", "RUS"), ("ACCUSE", "CHN", "")}


def test_dates_count_at_the_gold_granularity_and_the_writing_date_within_a_month():
    assert date_right({"occurred": {"start": "2023-03-21"}}, "2023-03")
    assert not date_right({"occurred": {"start": "2023-03"}}, "2023-03-21")
    assert not date_right({"occurred": {"start": None}}, "2023")
    assert _within_month("2023-04-10", "2023-03-21") and not _within_month("2023-05-10", "2023-03-21")
    assert _within_month("2023-04", "2023-03-21") and not _within_month("2023", "2023-03-21")
    assert _within_month("2023-02", "2023-03") and not _within_month(None, "2023-03")


def test_find_set_wants_one_texts_file_beside_the_gold(tmp_path):
    (tmp_path / "gold.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        find_set(tmp_path)


def test_score_news_reads_the_texts_as_ingest_does_and_scores_them(news_set, nlp, settings):
    r = score_news(news_set, nlp, settings, with_errors=True)
    assert r["documents"] == 2 and not r["failed"]
    assert r["people"]["gold"] == 2 and r["people"]["recall"] == 1.0
    assert r["events"]["gold"] == 3
    # The talks and the sanction are found; the REJECT we made up is not in the text.
    assert r["per_type"]["CONSULT"]["matched"] >= 1
    assert r["per_type"]["SANCTION"]["matched"] == 1
    assert r["per_type"]["REJECT"]["matched"] == 0
    missed = [e for e in r["errors"] if e["kind"] == "missed"]
    assert any(e["type"] == "REJECT" and e["sentence"] == "deepening their partnership" for e in missed)
    assert r["meetings"]["gold"] == 1 and r["meetings"]["participant_recall"] == 1.0
    assert r["writing_date"]["dated_documents"] == 2 and r["writing_date"]["conflict_share"] == 0.0


def test_eval_news_cli_prints_json_and_tables(news_set):
    res = cli.invoke(app, ["eval", "news", "--data", str(news_set), "--model", "sm", "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    figures = json.loads(res.output)
    assert figures["events"]["gold"] == 3 and "per_type" in figures and figures["failures"] == []
    res = cli.invoke(app, ["eval", "news", "--data", str(news_set), "--model", "sm", "--errors"], catch_exceptions=False)
    assert res.exit_code == 0 and "Missed and false events" in res.output and "mention level" in res.output


def test_eval_news_without_data_is_a_usage_error():
    assert cli.invoke(app, ["eval", "news"]).exit_code == 2
