"""Dependence relations and analogies: direction, domain, modality; gate on our own sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from undercurrent.evaluate.between import score_dependence
from undercurrent.extract.dependence import extract_analogies, extract_dependencies, lexicon

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Gate: share of gold (dependent, on, domain) triples found, and precision of what is found.
MIN_DEPENDENCE_ACCURACY = 0.85
MIN_DEPENDENCE_PRECISION = 0.85


def triples(deps):
    return sorted((d.dependent, d.on, d.domain) for d in deps)


def test_dependence_lexicon_is_valid():
    lex = lexicon()
    assert len(lex.cues) >= 10
    assert lex.currencies["yuan"] == "CHN"


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Sanctions are increasing Russia's economic and technological dependence on China.",
            [("RUS", "CHN", "economic"), ("RUS", "CHN", "technological")],
        ),
        ("The sanctions gave China more leverage over Russia.", [("RUS", "CHN", "diplomatic")]),
        ("The war made Moscow a junior partner to Beijing.", [("RUS", "CHN", "diplomatic")]),
        ("China was dependent on Russian military hardware in the 1990s.", [("CHN", "RUS", "military")]),
        ("The yuan is now Russia's preferred currency for settlement.", [("RUS", "CHN", "financial")]),
        ("Beijing still needs Moscow.", [("CHN", "RUS", "diplomatic")]),
        ("Pyongyang's reliance on Beijing has grown.", [("PRK", "CHN", "economic")]),
    ],
)
def test_dependence_direction_and_domain(nlp, text, expected):
    assert triples(extract_dependencies(nlp(text), ())) == expected


def test_dependence_record_carries_cue_evidence_and_modality(nlp):
    text = "Trade rose. Serbia may become dependent on Russia for gas."
    (dep,) = extract_dependencies(nlp(text), ())
    assert (dep.dependent, dep.on, dep.domain, dep.modality) == ("SRB", "RUS", "energy", "hedged")
    assert dep.cue == "dependent on"
    assert dep.evidence.text == "Serbia may become dependent on Russia for gas."
    assert text[dep.evidence.start : dep.evidence.end] == dep.evidence.text


def test_dependence_negated(nlp):
    (dep,) = extract_dependencies(nlp("Georgia no longer relies on Russia for gas."), ())
    assert dep.modality == "negated"


def test_dependence_gate_on_our_sentences(nlp):
    data = yaml.safe_load((FIXTURES / "dependence_gold.yaml").read_text(encoding="utf-8"))["sentences"]
    assert len(data) >= 40
    scores = score_dependence(nlp, FIXTURES / "dependence_gold.yaml")
    print(f"dependence: {scores}")
    assert scores["accuracy"] >= MIN_DEPENDENCE_ACCURACY
    assert scores["precision"] >= MIN_DEPENDENCE_PRECISION
    assert scores["modality_ok"] == scores["with_modality"]


def test_analogy_senior_named_in_text(nlp):
    text = "Russia keeps a parallel relationship with Belarus, in which Moscow is the senior partner."
    (an,) = extract_analogies(nlp(text), ())
    assert (an.senior, an.junior) == ("RUS", "BLR")


def test_analogy_ranked_by_dependence_in_next_sentence(nlp):
    text = "A similar relationship exists between China and North Korea. Pyongyang's reliance on Beijing is total."
    doc = nlp(text)
    deps = extract_dependencies(doc, ())
    (an,) = extract_analogies(doc, (), deps)
    assert (an.senior, an.junior) == ("CHN", "PRK")


def test_analogy_without_ranking_is_left_out(nlp):
    assert extract_analogies(nlp("A similar relationship exists between Japan and India."), ()) == ()


def test_dependence_on_seed_article(nlp, seed_text):
    doc = nlp(seed_text)
    deps = extract_dependencies(doc, ())
    found = set(triples(deps))
    print("seed dependencies:", sorted(found))
    assert {("RUS", "CHN", "economic"), ("RUS", "CHN", "technological"), ("RUS", "CHN", "financial")} <= found
    assert {("CHN", "RUS", "military"), ("PRK", "CHN", "economic")} <= found
    assert ("RUS", "CHN", "diplomatic") in found
    analogies = {(a.senior, a.junior) for a in extract_analogies(doc, (), deps)}
    assert analogies == {("CHN", "PRK"), ("RUS", "BLR")}
