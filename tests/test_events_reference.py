"""Event roles through words that refer back: "the two leaders", "both countries", "they"."""

from __future__ import annotations

from undercurrent.clean import clean_document
from undercurrent.pipeline import analyse_parsed
from undercurrent.records import RawDocument


def analyse(nlp, settings, text, date="2023-04-15"):
    doc = clean_document(RawDocument(origin="t.txt", fmt="text", text=text, published=date), settings)
    analysis = analyse_parsed(doc, nlp(doc.text), settings)
    states = {a.id: a.country for a in analysis.actors}
    return analysis, lambda e: sorted({states.get(i) or i for i in (*e.actors, *e.recipients)})


def test_the_two_leaders_are_the_people_who_just_met(nlp, settings):
    text = ("President Joe Biden met Prime Minister Fumio Kishida of Japan at the White House on Friday. "
            "The two leaders agreed to expand cooperation on semiconductors and clean energy.")
    analysis, parties = analyse(nlp, settings, text)
    agree = [e for e in analysis.events if e.type == "AGREE"]
    assert agree, analysis.events
    assert len(parties(agree[0])) == 2 and "USA" in parties(agree[0])


def test_they_after_a_call_between_two_states(nlp, settings):
    text = ("Indian Prime Minister Narendra Modi spoke by phone with Russian President Vladimir Putin on Tuesday. "
            "They agreed to keep in close contact.")
    analysis, parties = analyse(nlp, settings, text)
    agree = [e for e in analysis.events if e.type == "AGREE"]
    assert agree and parties(agree[0]) == ["IND", "RUS"]


def test_a_named_side_is_not_the_current_group(nlp, settings):
    text = ("Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday. "
            "The European leaders condemned the visit.")
    analysis, parties = analyse(nlp, settings, text)
    assert not [e for e in analysis.events if e.type == "ACCUSE" and parties(e) == ["CHN", "RUS"]]


def test_an_office_of_a_state_stands_for_it(nlp, settings):
    text = "The Foreign Minister of Japan criticized China over its military drills near Taiwan on Sunday."
    analysis, parties = analyse(nlp, settings, text)
    accuse = [e for e in analysis.events if e.type == "ACCUSE"]
    assert accuse and parties(accuse[0]) == ["CHN", "JPN"]
    states = {a.id: a.country for a in analysis.actors}
    assert [states[i] for i in accuse[0].actors] == ["JPN"]


def test_a_participle_describing_a_noun_takes_it_as_actor(nlp, settings):
    text = "Armenia's prime minister, accusing Azerbaijan of shelling border villages, asked Russia for help."
    analysis, parties = analyse(nlp, settings, text)
    states = {a.id: a.country for a in analysis.actors}
    accuse = [e for e in analysis.events if e.type == "ACCUSE"]
    assert accuse and [states.get(i) for i in accuse[0].actors] == ["ARM"]
    assert [states.get(i) for i in accuse[0].recipients] == ["AZE"]


def test_the_president_is_the_president_named_last_not_the_vice_president(nlp, settings):
    text = ("President Joe Biden and Vice President Kamala Harris met President Andrzej Duda of Poland "
            "at the White House on Tuesday. The President thanked Poland for hosting Ukrainian refugees.")
    analysis, parties = analyse(nlp, settings, text)
    thanks = [e for e in analysis.events if e.type == "SUPPORT" and e.trigger == "thanked"]
    assert thanks, analysis.events
    people = {a.id: a.name for a in analysis.actors}
    assert [people.get(i) for i in thanks[0].actors] == ["Joe Biden"]


def test_he_is_the_subject_of_the_sentence_before(nlp, settings):
    text = ("President Joe Biden spoke with Prime Minister Fumio Kishida of Japan on Friday. "
            "He welcomed Japan's decision to raise defence spending.")
    analysis, parties = analyse(nlp, settings, text)
    people = {a.id: a.name for a in analysis.actors}
    welcome = [e for e in analysis.events if e.trigger == "welcomed"]
    assert welcome and [people.get(i) for i in welcome[0].actors] == ["Joe Biden"]
    assert parties(welcome[0]) == ["JPN", "USA"]


def test_a_verb_about_another_event_takes_that_events_parties(nlp, settings):
    text = "The United States threatened new tariffs on China on Monday."
    analysis, parties = analyse(nlp, settings, text)
    threats = [e for e in analysis.events if e.type == "THREATEN"]
    assert threats and parties(threats[0]) == ["CHN", "USA"]
    states = {a.id: a.country for a in analysis.actors}
    assert [states[i] for i in threats[0].recipients] == ["CHN"]


def test_reaffirming_support_is_support_and_a_commitment_is_an_intent(nlp, settings):
    text = ("Germany reaffirmed its support for Ukraine on Tuesday. "
            "Japan and Australia reaffirmed their commitment to a free and open Indo-Pacific.")
    analysis, parties = analyse(nlp, settings, text)
    kinds = {(e.type, tuple(parties(e))) for e in analysis.events}
    assert ("SUPPORT", ("DEU", "UKR")) in kinds
    assert ("AGREE", ("AUS", "JPN")) in kinds
