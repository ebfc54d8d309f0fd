"""Garbled-sentence detection: unit cases and a gate on text we garble ourselves."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from undercurrent.evaluate.between import garble_scores
from undercurrent.extract.quality import assess_quality

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Fixed seed so the garbled set, and therefore the gate, is reproducible.
GARBLE_SEED = 20230321
# Gates from the between-the-lines brief.
MIN_GARBLE_F1 = 0.8
MAX_CLEAN_FLAGGED = 0.05


def clean_sentences() -> list[str]:
    lines = (FIXTURES / "clean_sentences.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def shuffled(nlp, sentence: str, rng: random.Random) -> str:
    """The words of a sentence in random order, recapitalised like a careless spinner would."""
    words = sentence.rstrip(".").split()
    first = nlp(sentence)[0]
    if first.pos_ != "PROPN" and not first.ent_type_:
        words[0] = words[0][0].lower() + words[0][1:]
    rng.shuffle(words)
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words) + "."


def truncated(sentence: str, rng: random.Random) -> str:
    """The first 30-70% of a sentence's words, closed with a full stop."""
    words = sentence.rstrip(".").split()
    k = rng.randint(max(1, int(len(words) * 0.3)), max(1, int(len(words) * 0.7)))
    return " ".join(words[:k]).rstrip(",") + "."


def is_flagged(nlp, text: str) -> bool:
    return bool(assess_quality(nlp(text)).flagged_sentences)


def test_quality_fixture_has_enough_sentences():
    assert len(clean_sentences()) >= 150


def test_quality_gate_on_our_garbled_sentences(nlp):
    rng = random.Random(GARBLE_SEED)
    clean = clean_sentences()
    garbled = [shuffled(nlp, s, rng) for s in clean] + [truncated(s, rng) for s in clean]
    scores = garble_scores(
        [is_flagged(nlp, s) for s in garbled], [is_flagged(nlp, s) for s in clean]
    )
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
