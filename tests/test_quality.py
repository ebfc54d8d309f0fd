"""Garbled-sentence detection: unit cases and a gate on text we garble ourselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from undercurrent.evaluate.between import read_clean_sentences, score_garble
from undercurrent.extract.quality import assess_quality

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Gates from the between-the-lines brief.
MIN_GARBLE_F1 = 0.8
MAX_CLEAN_FLAGGED = 0.05


def clean_sentences() -> list[str]:
    return read_clean_sentences(FIXTURES / "clean_sentences.txt")


def test_quality_fixture_has_enough_sentences():
    assert len(clean_sentences()) >= 150


def test_quality_gate_on_our_garbled_sentences(nlp):
    scores = score_garble(nlp, clean_sentences())
    print(f"garble: {scores}")
    assert scores["clean_flagged_share"] <= MAX_CLEAN_FLAGGED
    assert scores["f1"] >= MIN_GARBLE_F1


@pytest.mark.parametrize(
    "text,reason",
    [
        ("The ministers met in Beijing on Monday. became.", "lone_word"),
        ("Lures access to Russian technology.", "no_finite_verb"),
        ("The delegation signed an agreement on the.", "dangling_end"),
        ("officials said the talks had ended.", "lowercase_start"),
        ("The minister said the talks are or can Do not continue.", "stray_capital"),
        ("The envoy of of the council will the arrive tomorrow.", "broken_order"),
    ],
)
def test_quality_flags_garbled_sentence(nlp, text, reason):
    q = assess_quality(nlp(text))
    reasons = {r for f in q.flagged_sentences for r in f.reasons}
    assert reason in reasons


def test_quality_capitalised_word_inside_a_name_is_not_stray(nlp):
    # "Through" is capitalised because it belongs to the law's name, not because words were shuffled
    text = "After Congress passed the Countering America's Adversaries Through Sanctions Act in 2017, the two stopped publishing contracts."
    assert assess_quality(nlp(text)).flagged_sentences == ()
    shuffled = assess_quality(nlp("The minister said the talks are or can Do not continue."))
    assert "stray_capital" in shuffled.flagged_sentences[0].reasons


def test_quality_heading_is_not_prose(nlp):
    text = "Talks in Moscow\n\nThe two presidents met at the Kremlin on March 21, 2023.\n"
    q = assess_quality(nlp(text))
    assert q.sentence_count == 1
    assert q.flagged_sentences == ()
    assert q.score == 1.0


def test_quality_score_is_weighted_share(nlp):
    q = assess_quality(nlp("The summit ended on Wednesday. Weapons. The leaders left Moscow."))
    assert [f.text for f in q.flagged_sentences] == ["Weapons."]
    assert q.sentence_count == 3
    assert round(q.score, 3) == round(1 - 1 / 3, 3)


# Garbled fragments of the seed article, given as short search keys (not the text itself).
SEED_GARBLE_KEYS = ("Do not make", "Currency is being", "became.", "Lures access", "A way has", "Weapons", "cannot be det")


def test_quality_on_seed_article(nlp, seed_text):
    q = assess_quality(nlp(seed_text))
    flagged = [f.text for f in q.flagged_sentences]
    hits = [k for k in SEED_GARBLE_KEYS if any(k in f for f in flagged)]
    print(f"seed: {len(hits)}/{len(SEED_GARBLE_KEYS)} garbled fragments flagged; "
          f"{len(flagged)} of {q.sentence_count} sentences flagged; score {q.score:.3f}")
    assert len(hits) >= 5
    assert len(flagged) <= 0.15 * q.sentence_count
    assert not any("friend from a distance" in f for f in flagged)
