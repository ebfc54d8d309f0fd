"""`undercurrent eval`: the table on our labelled sets, floors and exit codes, the CoNLL scorer's span rules."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

import undercurrent.nlp
from undercurrent.cli import app
from undercurrent.errors import ConfigError
from undercurrent.evaluate import runner as eval_runner
from undercurrent.evaluate.ner import conll_extent, merge_actor_names, score_conll
from undercurrent.evaluate.runner import Figure, apply_floors, load_floors

cli = CliRunner()

# The floors of the accuracy issue, as the packaged floors file must hold them.
ISSUE_FLOORS = {
    "roles.precision": ("min", 0.9),
    "roles.recall": ("min", 0.8),
    "events.precision": ("min", 0.85),
    "events.recall": ("min", 0.7),
    "events.date_accuracy": ("min", 0.9),
    "events.modality_accuracy": ("min", 0.85),
    "rosters.recall": ("min", 0.85),
    "rosters.precision": ("min", 0.9),
    "dating.within_month": ("min", 0.85),
    "garble.f1": ("min", 0.8),
    "garble.clean_flagged_share": ("max", 0.05),
    "dependence.accuracy": ("min", 0.85),
    "dependence.precision": ("min", 0.85),
    "happenings.precision": ("min", 0.9),
    "happenings.recall": ("min", 0.8),
}


@pytest.fixture
def sm_only(monkeypatch, nlp):
    """Every model name loads the session's small pipeline (no second load inside the CLI)."""
    monkeypatch.setattr(undercurrent.nlp, "load_nlp", lambda _name: nlp)


def _impossible(path) -> None:
    floors = {
        key: {"max": -1.0} if floor.kind == "max" else {"min": 1.01}
        for key, floor in load_floors().items()
    }
    path.write_text(yaml.safe_dump({"floors": floors}), encoding="utf-8")


def test_eval_floors_file_holds_the_issue_floors():
    floors = load_floors()
    for key, (kind, bound) in ISSUE_FLOORS.items():
        assert (floors[key].kind, floors[key].bound) == (kind, bound), key
    assert all(f.description for f in floors.values())


def test_eval_ours_on_the_shipped_fixtures_with_impossible_floors(sm_only, tmp_path):
    floors_file = tmp_path / "floors.yaml"
    _impossible(floors_file)
    result = cli.invoke(app, ["eval", "ours", "--model", "sm", "--floors", str(floors_file)], catch_exceptions=False)
    assert result.exit_code == 1
    rows = [line.split("│")[1:-1] for line in result.stdout.splitlines() if line.count("│") == 7]
    cells = [[c.strip() for c in row] for row in rows]
    assert {c[0] for c in cells} == {"roles", "events", "rosters", "dating", "garble", "dependence", "happenings"}
    floored = [c for c in cells if c[4]]
    assert len(floored) == len(load_floors())
    assert all(c[5] == "BELOW" for c in floored)
    for c in cells:
        assert 0.0 <= float(c[2]) <= 1.0
    below = [line for line in result.stderr.splitlines() if line.startswith("below floor: ")]
    assert sorted(line.split()[2] for line in below) == sorted(load_floors())


def test_eval_ours_exit_code_follows_the_floors(sm_only, monkeypatch):
    good = [Figure(*key.split("."), value=0.0 if kind == "max" else 1.0) for key, (kind, _) in ISSUE_FLOORS.items()]
    good += [Figure("rosters", "side_accuracy", 1.0), Figure("dating", "flag_accuracy", 1.0),
             Figure("dependence", "modality_accuracy", 1.0), Figure("roles", "f1", 0.1)]  # fmt: skip
    monkeypatch.setattr(eval_runner, "ours_figures", lambda nlp, data, settings: good)
    ok = cli.invoke(app, ["eval", "ours"], catch_exceptions=False)
    assert ok.exit_code == 0, ok.output
    assert "below floor" not in ok.stderr

    bad = [Figure("events", "precision", 0.5) if f.key == "events.precision" else f for f in good]
    monkeypatch.setattr(eval_runner, "ours_figures", lambda nlp, data, settings: bad)
    failed = cli.invoke(app, ["eval", "ours"], catch_exceptions=False)
    assert failed.exit_code == 1
    assert failed.stderr.strip().splitlines() == ["below floor: events.precision = 0.5, floor >= 0.85"]


def test_eval_floor_bound_itself_passes_and_max_floors_cap():
    floors = load_floors()
    figs, failures = apply_floors(
        [Figure("garble", "clean_flagged_share", 0.05), Figure("garble", "f1", 0.8)],
        {k: floors[k] for k in ("garble.clean_flagged_share", "garble.f1")},
    )
    assert failures == ()
    _, failures = apply_floors([Figure("garble", "clean_flagged_share", 0.06)], {"garble.clean_flagged_share": floors["garble.clean_flagged_share"]})
    assert failures == ("garble.clean_flagged_share = 0.06, floor <= 0.05",)


def test_eval_floor_for_an_unmeasured_figure_is_a_config_error():
    with pytest.raises(ConfigError, match="roles.accuracy"):
        apply_floors([Figure("roles", "precision", 1.0)], {"roles.accuracy": load_floors()["roles.precision"]})


def test_eval_bad_floors_file_is_a_config_error(tmp_path):
    path = tmp_path / "floors.yaml"
    path.write_text("floors:\n  roles.precision: {min: 0.9, max: 1.0}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="exactly one"):
        load_floors(path)


@pytest.mark.parametrize(
    "args",
    [["eval", "nonsense"], ["eval", "ours", "--limit", "5"], ["eval", "ner"], ["eval", "timex", "--limit", "0", "--data", "."]],
)
def test_eval_usage_errors_exit_2(args):
    assert cli.invoke(app, args).exit_code == 2


def test_eval_conll_extent_drops_determiner_and_possessive():
    text = "the Kremlin said Putin's envoy visited the United States ."
    assert conll_extent(text, 0, 11) == (4, 11)
    assert conll_extent(text, 17, 24) == (17, 22)
    start = text.index("the United")
    assert conll_extent(text, start, start + len("the United States")) == (start + 4, start + 17)


def test_eval_actor_names_replace_crossing_entities_but_not_containing_ones():
    spacy_ents = {(0, 17, "ORG"), (30, 40, "ORG"), (50, 56, "PER")}
    names = {(0, 4, "LOC"), (25, 36, "PER"), (48, 56, "ORG"), (60, 66, "LOC")}
    assert merge_actor_names(spacy_ents, names) == {(0, 17, "ORG"), (25, 36, "PER"), (48, 56, "ORG"), (60, 66, "LOC")}


def _conll_row(text: str, entities: list[tuple[str, str]]) -> dict:
    out = []
    for surface, label in entities:
        start = text.index(surface)
        out.append({"type": label, "start": start, "end": start + len(surface), "text": surface})
    return {"text": text, "entities": out}


def test_eval_ner_scorer_counts_exact_spans(nlp, tmp_path):
    rows = [
        _conll_row("Vladimir Putin met Xi Jinping in Moscow on Tuesday .", [("Vladimir Putin", "PER"), ("Xi Jinping", "PER"), ("Moscow", "LOC")]),
        _conll_row("Finland joined NATO in April 2023 .", [("Finland", "LOC"), ("NATO", "ORG")]),
    ]
    path = tmp_path / "mini.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = score_conll(path, nlp)
    assert (result["sentences"], result["failures"]) == (2, [])
    ours = result["undercurrent"]
    assert ours["ALL"]["tp"] + ours["ALL"]["fn"] == 5
    assert (ours["PER"]["tp"], ours["PER"]["fp"]) == (2, 0)
    assert ours["ORG"]["tp"] == 1
    assert score_conll(path, nlp, limit=1)["sentences"] == 1
