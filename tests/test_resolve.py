"""Cross-document person matching: name folding and explainable match decisions."""

from __future__ import annotations

import pytest

from undercurrent.ontology.loader import load_yaml
from undercurrent.records import Actor, Role
from undercurrent.resolve.people import SCORE_SAME_KEY, match_people, name_key, split_name


def _person(name, country=None, sectors=()):
    roles = tuple(Role(title="t", sector=s, country=country) for s in sectors)
    return Actor(id=name, kind="person", name=name, country=country, roles=roles)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sergei Shoigu", "Sergey Shoygu"),
        ("Anatoly Isakin", "Anatoly Isaykin"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),
        ("Dmitry Shugaev", "Dmitri Shugayev"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
        ("Alexei Navalny", "Aleksei Navalny"),
    ],
)
def test_resolve_name_key_folds_transliterations(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Li Keqiang", "Li Qiang"), ("Li Qiang", "Li Shangfu"), ("Kim Jong Un", "Kim Jong Il")])
def test_resolve_name_key_keeps_different_people_apart(a, b):
    assert name_key(a) != name_key(b)


def test_resolve_fold_rules_examples_hold():
    for rule in load_yaml("names.yaml")["folds"]:
        first, second = rule["examples"]
        assert name_key(first) == name_key(second), rule["description"]


def test_resolve_split_name_family_first_for_chinese_names():
    assert split_name("Xi Jinping", "CHN") == ("ksi", ("jinping",))
    assert split_name("Vladimir Putin", "RUS") == ("putin", ("vladimir",))


def test_resolve_match_transliteration_variant():
    match = match_people(_person("Sergei Shoigu", "RUS"), _person("Sergey Shoygu", "RUS"))
    assert match is not None and match.score == SCORE_SAME_KEY


def test_resolve_never_merges_people_sharing_a_surname():
    li = [_person(n, "CHN", ["head_of_government"]) for n in ("Li Keqiang", "Li Qiang")]
    assert match_people(*li) is None
    assert match_people(_person("Li Qiang", "CHN", ["head_of_government"]), _person("Li Shangfu", "CHN", ["defense"])) is None


def test_resolve_garbled_surname_by_context():
    xi = _person("Xi Jinping", "CHN", ["head_of_state"])
    match = match_people(xi, _person("Shi Jinping", "CHN", ["head_of_state"]))
    assert match is not None and "family name garbled" in match.reason
    assert match_people(xi, _person("Shi Jinping", "CHN", ["finance"])) is None


def test_resolve_same_given_name_different_family_name_stays_apart():
    a = _person("John McCain", "USA", ["legislature"])
    assert match_people(a, _person("John Kerry", "USA", ["legislature"])) is None


def test_resolve_given_name_alone_by_context():
    xi = _person("Xi Jinping", "CHN", ["head_of_state"])
    assert match_people(xi, _person("Jinping", "CHN", ["head_of_state"])) is not None
    assert match_people(xi, _person("Jinping")) is None


def test_resolve_different_countries_never_match():
    assert match_people(_person("John Smith", "GBR"), _person("John Smith", "USA")) is None


def test_resolve_contained_full_name():
    match = match_people(_person("Vladimir Putin", "RUS"), _person("Vladimir Vladimirovich Putin", "RUS"))
    assert match is not None and match.reason == "one full name contains the other"


def test_resolve_non_people_are_not_matched():
    org = Actor(id="o", kind="organization", name="Sergei Shoigu")
    assert match_people(org, _person("Sergei Shoigu")) is None


def test_resolve_dictionary_resolves_garbled_and_variant_forms():
    dictionary_mod = pytest.importorskip("undercurrent.ontology.dictionary")
    dictionary = dictionary_mod.ActorDictionary.load()
    a, b = _person("Sergei Shoigu", "RUS"), _person("Shoigu", "RUS")
    match = match_people(a, b, dictionary)
    assert match is not None and match.score >= 0.9
    assert match_people(_person("Li Qiang", "CHN"), _person("Li Keqiang", "CHN"), dictionary) is None


def test_resolve_same_id_across_documents(nlp):
    from undercurrent.extract.actors import extract_actors

    first = extract_actors(nlp("Defence Minister Sergei Shoigu spoke."))
    second = extract_actors(nlp("Sergey Shoygu, the defence minister, spoke."))
    ids = {a.id for a in first + second if a.kind == "person"}
    assert len(ids) == 1


def test_resolve_garbled_form_merged_within_a_document(nlp):
    from undercurrent.extract.actors import extract_actors

    text = ("Chinese President Xi Jinping arrived in Moscow. Chinese President Shi Jinping said the visit was "
            "historic. President Jinping left on Wednesday.")
    people = [a for a in extract_actors(nlp(text)) if a.kind == "person"]
    assert [(p.name, [m.text for m in p.mentions]) for p in people] == [
        ("Xi Jinping", ["Xi Jinping", "Shi Jinping", "Jinping"])
    ]
