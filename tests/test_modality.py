"""Modality cues: each sentence is ours, about a real event; the trigger is named by its word."""

from __future__ import annotations

import pytest

from undercurrent.extract.modality import cues, read_modality


def _reading(nlp, text: str, trigger: str):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    return read_modality(tok)


@pytest.mark.parametrize(
    ("text", "trigger", "modality", "cue"),
    [
        ("Russia sold S-400 missiles to China in 2014.", "sold", "asserted", None),
        ("Russia may sell more Su-35 jets to Iran.", "sell", "hedged", "may"),
        ("Beijing could supply drones to Moscow.", "supply", "hedged", "could"),
        ("Russia will probably deliver the jets to Iran.", "deliver", "hedged", "probably"),
        ("Russia is likely to sell more oil to India.", "sell", "hedged", "is likely to"),
        ("Russia probably sold the jets to Iran.", "sold", "hedged", "probably"),
        ("China is expected to sign a trade deal with Honduras.", "sign", "hedged", "is expected to"),
        (
            "There is every reason to believe that Moscow sold new air defence systems to Beijing.",
            "sold",
            "hedged",
            "there is every reason to believe",
        ),
        ("Analysts believe Moscow sold fighter jets to Tehran.", "sold", "hedged", "believe"),
        ("Russia did not sell jets to India in 2022.", "sell", "negated", "not"),
        ("Washington never sent F-16 jets to Kyiv in 2022.", "sent", "negated", "never"),
        ("Moscow failed to deliver the tanks to Armenia.", "deliver", "negated", "fail"),
        ("Putin will visit Beijing in October.", "visit", "planned", "will"),
        ("Putin plans to visit Turkey in August.", "visit", "planned", "plan"),
        ("Putin is due to meet Erdogan in Sochi on Monday.", "meet", "planned", "due"),
        ("If Beijing sent weapons to Moscow, Washington would impose sanctions.", "sent", "hypothetical", "if"),
        ("Putin said Russia was helping China build an early-warning system.", "helping", "reported", "say"),
        ("According to Kommersant, Russia delivered S-400 missiles to China in 2018.", "delivered", "reported", "according to"),
        ("Iran reportedly supplied drones to Russia.", "supplied", "reported", "reportedly"),
    ],
)
def test_modality_reads_the_cue(nlp, text, trigger, modality, cue):
    reading = _reading(nlp, text, trigger)
    assert (reading.modality, reading.cue) == (modality, cue)


def test_modality_reported_speaker_is_the_subject_of_saying(nlp):
    reading = _reading(nlp, "Putin said Russia was helping China build an early-warning system.", "helping")
    assert reading.speaker.text == "Putin"


def test_modality_according_to_names_the_source(nlp):
    reading = _reading(nlp, "According to Kommersant, Russia delivered S-400 missiles to China in 2018.", "delivered")
    assert reading.source == "according to Kommersant"


@pytest.mark.parametrize(
    ("text", "trigger", "modality", "speaker"),
    [
        ("According to Kommersant, Russia may sell more jets to Egypt.", "sell", "hedged", "Kommersant"),
        ("Qin Gang told state media that China would send an envoy to Kyiv.", "send", "planned", "Gang"),
        ("Lavrov said Russia did not sell weapons to Armenia in 2022.", "sell", "negated", "Lavrov"),
    ],
)
def test_modality_speaker_is_kept_whatever_the_modality(nlp, text, trigger, modality, speaker):
    r = _reading(nlp, text, trigger)
    assert r.modality == modality and r.speaker is not None and r.speaker.text == speaker


def test_modality_authors_own_inference_is_not_reported(nlp):
    # "a closer look reveals" has no speaker: it is the author's claim, not attributed speech
    reading = _reading(nlp, "A closer look reveals that Russia sold missiles to China.", "sold")
    assert reading.modality == "asserted"


def test_modality_negation_does_not_leak_across_coordination(nlp):
    reading = _reading(nlp, "Russia did not sign the treaty but sold jets to India.", "sold")
    assert reading.modality == "asserted"


def test_modality_cue_lists_are_loaded_with_every_list():
    c = cues()
    assert "may" in c.hedge_modals and "according to" in c.reporting_phrases and "following" in c.temporal_relation_preps


def test_modality_gerund_after_a_noun_of_worry_is_hedged(nlp):
    reading = _reading(nlp, "There was widespread concern about Russia arming Iran.", "arming")
    assert (reading.modality, reading.cue) == ("hedged", "concern")
