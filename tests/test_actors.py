"""Actors in a document: states, metonymy, bodies, organisations, people, groups."""

from __future__ import annotations

import pytest

from undercurrent.extract.actors import extract_actors
from undercurrent.records import stable_id
from undercurrent.resolve.people import name_key

# The people of the seed article, their state and the sectors the text gives them.
SEED_PEOPLE = {
    "Xi Jinping": ("CHN", {"head_of_state"}),
    "Vladimir Putin": ("RUS", {"head_of_state"}),
    "Qin Gang": ("CHN", {"foreign_affairs"}),
    "Dmitry Medvedev": ("RUS", {"head_of_state", "defense"}),
    "Sergei Shoigu": ("RUS", {"defense"}),
    "Dmitry Shugaev": ("RUS", {"arms_trade"}),
    "Yuri Borisov": ("RUS", {"space", "defense"}),
    "Dmitry Chernyshenko": ("RUS", {"science_tech", "foreign_affairs"}),
    "Yuri Ushakov": ("RUS", {"foreign_affairs"}),
    "Anatoly Isakin": ("RUS", {"arms_trade"}),
    "Li Shangfu": ("CHN", {"military", "defense"}),
    "Elvira Nabiullina": ("RUS", {"finance"}),
    "Kim Jong Un": ("PRK", set()),
}


def _by_kind(actors, kind):
    return {a.name: a for a in actors if a.kind == kind}


def _person(actors, name):
    key = name_key(name)
    found = [a for a in actors if a.kind == "person" and key in {name_key(a.name), *map(name_key, a.aliases)}]
    assert len(found) == 1, (name, [a.name for a in actors if a.kind == "person"])
    return found[0]


@pytest.mark.parametrize("model", ["nlp", "nlp_md"])
def test_actors_seed_people_countries_and_sectors(request, seed_text, model):
    nlp = request.getfixturevalue(model)
    actors = extract_actors(nlp(seed_text), as_of="2023-04-15")
    people = [a for a in actors if a.kind == "person"]
    assert len(people) == len(SEED_PEOPLE)
    for name, (country, sectors) in SEED_PEOPLE.items():
        person = _person(actors, name)
        assert person.country == country, name
        text_sectors = {r.sector for r in person.roles if r.source == "text"}
        assert text_sectors == sectors, name
    medvedev = _person(actors, "Dmitry Medvedev")
    assert sorted((r.status, r.sector) for r in medvedev.roles) == [("current", "defense"), ("former", "head_of_state")]
    li = _person(actors, "Li Shangfu")
    assert [(r.sector, r.start, r.form) for r in li.roles if r.sector == "defense"] == [("defense", "2023-03", "appointment")]
    isakin = _person(actors, "Anatoly Isakin")
    assert [(r.title, r.organization) for r in isakin.roles] == [("CEO", "Rosoboronexport")]


@pytest.mark.parametrize("model", ["nlp", "nlp_md"])
def test_actors_seed_no_places_orgs_or_fragments_as_people(request, seed_text, model):
    nlp = request.getfixturevalue(model)
    actors = extract_actors(nlp(seed_text), as_of="2023-04-15")
    names = {name_key(a.name) for a in actors if a.kind == "person"}
    for bad in ("Kiev", "Kommersant", "Kommersant Interview", "Xi-Putin", "Weapons", "Moscow", "Kremlin"):
        assert name_key(bad) not in names
    assert {"state:RUS", "state:CHN", "state:USA", "state:PRK", "state:BLR", "state:UKR"} <= {a.id for a in actors}
    igos = {a.id for a in actors if a.kind == "igo"}
    assert igos == {"igo:ICC", "igo:EU", "igo:UNSC"}
    orgs = {a.name: a.country for a in actors if a.kind == "organization"}
    assert orgs["Rosoboronexport"] == "RUS" and orgs["Roscosmos"] == "RUS" and orgs["Bank of Russia"] == "RUS"
    assert orgs["Kommersant"] == "RUS" and orgs["Huawei"] == "CHN"
    groups = [a for a in actors if a.kind == "group"]
    commodity = [g for g in groups if "commodity" in g.name]
    assert [(g.country, g.roles[0].title, g.roles[0].sector) for g in commodity] == [
        ("RUS", "heads of commodity producers", "energy")
    ]


def test_actors_seed_title_only_and_surname_mentions(nlp, seed_text):
    actors = extract_actors(nlp(seed_text), as_of="2023-04-15")
    putin = _person(actors, "Vladimir Putin")
    texts = [m.text for m in putin.mentions]
    assert "the Russian leader" in texts and "Putin" in texts
    assert all(seed_text[m.start:m.end] == m.text for a in actors for m in a.mentions)
    xi = _person(actors, "Xi Jinping")
    assert "Xi" in [m.text for m in xi.mentions]


def test_actors_states_by_name_official_form_and_short_form(nlp):
    doc = nlp("The People's Republic of China and the US held talks, and the PRC later briefed Russia.")
    actors = extract_actors(doc)
    states = {a.id: [m.text for m in a.mentions] for a in actors if a.kind == "state"}
    assert set(states) == {"state:CHN", "state:USA", "state:RUS"}
    assert len(states["state:CHN"]) == 2


def test_actors_demonym_marks_actor_before_actor_nouns_and_on_a_verbs_object(nlp):
    # "Russian oil" is what the buying acts on: the state it belongs to is a party
    actors = extract_actors(nlp("Chinese officials said they would keep buying Russian oil."))
    assert [a.id for a in actors] == ["state:CHN", "state:RUS"]


def test_actors_demonym_in_a_place_phrase_is_no_actor(nlp):
    actors = extract_actors(nlp("The talks were held in a Russian city near the border."))
    assert [a.id for a in actors] == []


def test_actors_capital_as_government_versus_place(nlp):
    doc = nlp("Beijing came up with a peace plan. The talks in Moscow lasted three hours.")
    ids = [a.id for a in extract_actors(doc)]
    assert ids == ["state:CHN"]


def test_actors_seat_and_hyphenated_capital_act(nlp):
    doc = nlp("The Kremlin published the list, and Huawei grew despite a Washington-led campaign.")
    states = {a.id for a in extract_actors(doc) if a.kind == "state"}
    assert states == {"state:RUS", "state:USA"}


def test_actors_conjoined_capitals_as_subjects(nlp):
    doc = nlp("Moscow and Beijing stopped disclosing their military contracts.")
    assert {a.id for a in extract_actors(doc)} == {"state:RUS", "state:CHN"}


def test_actors_international_bodies(nlp):
    doc = nlp("NATO and the EU criticised the SCO, while the UN Security Council and the IMF stayed silent.")
    assert [a.id for a in extract_actors(doc)] == ["igo:NATO", "igo:EU", "igo:SCO", "igo:UNSC", "igo:IMF"]


def test_actors_international_bodies_by_their_short_codes(nlp):
    # the short codes news text and the labelled sets use
    codes = "EU UN UNSC NATO ICC IAEA SCO BRICS GCC ASEAN AU ECOWAS OPEC WTO IMF G7 G20 CSTO OAS".split()
    doc = nlp("Envoys of the " + ", the ".join(codes) + " and Mercosur met in Geneva.")
    assert [a.id for a in extract_actors(doc)] == [f"igo:{c}" for c in codes] + ["igo:MERCOSUR"]


def test_actors_organisations_with_their_state(nlp):
    doc = nlp("TASS said Russia's central bank and the Russian space agency would work with Gazprom.")
    orgs = {a.name: (a.country, a.kind) for a in extract_actors(doc) if a.kind == "organization"}
    assert orgs == {
        "TASS": ("RUS", "organization"),
        "Bank of Russia": ("RUS", "organization"),
        "Roscosmos": ("RUS", "organization"),
        "Gazprom": ("RUS", "organization"),
    }


def test_actors_generic_organisation_takes_the_possessor_state(nlp):
    doc = nlp("Japan's foreign ministry summoned the ambassador.")
    orgs = [(a.name, a.country) for a in extract_actors(doc) if a.kind == "organization"]
    assert orgs == [("Japan's foreign ministry", "JPN")]


def test_actors_named_organisation_owned_by_a_state_written_in_front(nlp):
    # not in organizations.yaml: the parser names it, the possessive in front gives its state
    doc = nlp("Washington sanctioned the Chinese military's Equipment Development Department in 2018.")
    orgs = [(a.name, a.country) for a in extract_actors(doc) if a.kind == "organization"]
    assert orgs == [("Equipment Development Department", "CHN")]
    # with no owner written in front, an unknown organisation is not an actor
    doc = nlp("The Equipment Development Department was sanctioned in 2018.")
    assert [a for a in extract_actors(doc) if a.kind == "organization"] == []


def test_actors_country_codes_count_only_in_capitals(nlp):
    from undercurrent.analyze.dyad import resolve_state
    from undercurrent.ontology import normalise_country

    assert [normalise_country(w) for w in ("US", "the US", "U.S.", "USA's", "UAE", "Canada")] == [
        "USA", "USA", "USA", "USA", "ARE", "CAN"]
    # words that spell a code: "are" (ARE), "can" (CAN), "nor" (NOR), "per" (PER), "us" (USA)
    assert [normalise_country(w) for w in ("are", "can", "nor", "per", "us", "Are")] == [None] * 6
    assert [resolve_state(w) for w in ("rus", "chn", "us")] == ["RUS", "CHN", "USA"]  # typed by a user
    doc = nlp("Neither Rover nor Shanghai Automotive would comment, and buyers of Exel are DHL and TNT.")
    assert [a for a in extract_actors(doc) if a.kind in ("organization", "state")] == []


def test_actors_one_person_per_document_with_surname_and_title_mentions(nlp):
    text = (
        "Russian Defence Minister Sergei Shoigu visited Beijing. Shoigu met General Li Shangfu. "
        "The Russian defence minister then flew home."
    )
    actors = extract_actors(nlp(text))
    shoigu = _person(actors, "Sergei Shoigu")
    assert [m.text for m in shoigu.mentions] == ["Sergei Shoigu", "Shoigu", "The Russian defence minister"]
    assert shoigu.id == stable_id("person", name_key("Sergei Shoigu"))
    assert shoigu.country == "RUS"


def test_actors_ambiguous_title_only_mention_stays_unlinked(nlp):
    text = "Former President Dmitry Medvedev and President Vladimir Putin of Russia met. The president spoke."
    actors = extract_actors(nlp(text))
    for person in (a for a in actors if a.kind == "person"):
        assert "The president" not in [m.text for m in person.mentions]


def test_actors_person_ids_stable_across_transliterations(nlp):
    a = _person(extract_actors(nlp("Defence Minister Sergei Shoigu spoke.")), "Sergei Shoigu")
    b = _person(extract_actors(nlp("Defence Minister Sergey Shoygu spoke.")), "Sergey Shoygu")
    assert a.id == b.id


def test_actors_sorted_by_first_mention(nlp):
    actors = extract_actors(nlp("NATO warned Moscow. Chinese Foreign Minister Qin Gang visited Kyiv."))
    starts = [a.mentions[0].start for a in actors]
    assert starts == sorted(starts)
    assert [a.kind for a in actors][:1] == ["igo"]


def test_actors_group_with_role(nlp):
    doc = nlp("The heads of the largest Russian commodity producers joined the talks.")
    groups = [a for a in extract_actors(doc) if a.kind == "group"]
    assert [(g.name, g.country) for g in groups] == [("heads of the largest Russian commodity producers", "RUS")]
    assert (groups[0].roles[0].title, groups[0].roles[0].sector, groups[0].roles[0].form) == (
        "heads of commodity producers", "energy", "group")


def test_actors_dictionary_fills_role_when_text_gives_none(nlp):
    pytest.importorskip("undercurrent.ontology.dictionary")
    actors = extract_actors(nlp("Sergei Lavrov arrived in Ankara on Monday."), as_of="2023-03-21")
    lavrov = _person(actors, "Sergei Lavrov")
    assert [(r.source, r.sector, r.country) for r in lavrov.roles] == [("dictionary", "foreign_affairs", "RUS")]
    assert lavrov.country == "RUS"


def test_actors_title_only_resolved_by_dictionary_to_a_person_the_text_names(nlp):
    pytest.importorskip("undercurrent.ontology.dictionary")
    text = "Shoigu arrived in Pyongyang on Wednesday. The Russian defence minister toured an arms fair."
    people = [a for a in extract_actors(nlp(text), as_of="2023-07-26") if a.kind == "person"]
    assert [(p.name, [m.text for m in p.mentions]) for p in people] == [
        ("Sergei Shoigu", ["Shoigu", "The Russian defence minister"])
    ]


def test_actors_dictionary_adds_no_one_the_text_does_not_name(nlp):
    pytest.importorskip("undercurrent.ontology.dictionary")
    actors = extract_actors(nlp("The Russian defence minister arrived in Pyongyang."), as_of="2023-07-26")
    assert [a for a in actors if a.kind == "person"] == []


def test_actors_title_only_links_only_the_same_office(nlp):
    text = ("Turkish Foreign Minister Mevlut Cavusoglu met Antony Blinken in Ankara. "
            "The Turkish ambassador in Washington was not at the talks.")
    cavusoglu = _person(extract_actors(nlp(text), as_of="2023-02-20"), "Mevlut Cavusoglu")
    assert [m.text for m in cavusoglu.mentions] == ["Mevlut Cavusoglu"]


def test_actors_surname_shared_with_a_full_name_is_that_persons_not_a_namesakes(nlp):
    # Urjit Patel (India's central bank governor 2016-2018) is in the dictionary; this Patel is not him
    text = ("State Department deputy spokesperson Vedant Patel said Washington had raised the case with "
            "New Delhi. Patel said India had set up an inquiry.")
    people = [a for a in extract_actors(nlp(text), as_of="2023-11-30") if a.kind == "person"]
    assert [(p.name, p.country, len(p.mentions)) for p in people] == [("Vedant Patel", "USA", 2)]


def test_actors_companies_and_frameworks_are_organisations_not_people(nlp):
    text = ("General Electric Co signed an agreement with Hindustan Aeronautics Ltd (HAL) to make F414 jet "
            "engines in India, which will also buy MQ-9B drones from General Atomics and has signed the "
            "Artemis Accords. The Quad and iCET were praised; AUKUS was not discussed.")
    actors = extract_actors(nlp(text), as_of="2023-06-22")
    assert [a.name for a in actors if a.kind == "person"] == []
    orgs = {a.name: a.country for a in actors if a.kind == "organization"}
    assert orgs == {"General Electric": "USA", "Hindustan Aeronautics": "IND", "General Atomics": "USA",
                    "Artemis Accords": None, "Quad": None, "iCET": None, "AUKUS": None}


def test_actors_empty_document(nlp):
    assert extract_actors(nlp("")) == ()


def test_actors_place_names_inside_personal_names(nlp):
    actors = extract_actors(nlp("Israeli Defence Minister Israel Katz met George Washington University staff."))
    katz = _person(actors, "Israel Katz")
    assert (katz.country, [r.sector for r in katz.roles]) == ("ISR", ["defense"])
    assert "state:USA" not in {a.id for a in actors}


def test_actors_brand_named_like_a_person_is_dropped(nlp):
    text = "Sales at Heineken rose. Analysts said Heineken would keep its market share."
    assert [a.name for a in extract_actors(nlp(text)) if a.kind == "person"] == []


def test_actors_honorific_links_to_full_name(nlp):
    text = "Mikhail Khodorkovsky, the former head of Yukos, was jailed. Mr Khodorkovsky denied the charges."
    person = _person(extract_actors(nlp(text)), "Mikhail Khodorkovsky")
    assert [m.text for m in person.mentions] == ["Mikhail Khodorkovsky", "Khodorkovsky"]
    assert [(r.title, r.status) for r in person.roles] == [("head", "former")]


def test_actors_spaced_possessive_organisation_does_not_crash(nlp):
    # tokenised wire text (CoNLL style) writes "Russia 's"
    actors = extract_actors(nlp("Russia 's Foreign Ministry said on Monday it would respond."))
    assert [a.kind for a in actors] == ["organization"]
    assert actors[0].country == "RUS"


def test_actors_title_tells_namesakes_apart(nlp):
    # the first lady shares the president's surname; "President Erdogan" is the one who holds the office
    text = "President Erdogan of Turkiye met First Lady Jill Biden. First Lady Emine Erdogan joined them."
    people = {a.name: (a.country, [r.sector for r in a.roles if r.source == "text"])
              for a in extract_actors(nlp(text), as_of="2023-07-11") if a.kind == "person"}
    assert people == {"Recep Tayyip Erdogan": ("TUR", ["head_of_state"]), "Jill Biden": (None, ["other"]),
                      "Emine Erdogan": (None, ["other"])}


def test_actors_bare_rank_is_read_with_the_dictionary_office(nlp):
    actors = extract_actors(nlp("We thank Secretary Blinken and Secretary Austin for their work."), as_of="2023-06-30")
    sectors = {a.name: sorted(r.sector for r in a.roles) for a in actors if a.kind == "person"}
    assert sectors == {"Antony Blinken": ["foreign_affairs", "other"], "Lloyd Austin": ["defense", "other"]}


def test_actors_one_prime_minister_under_every_form(nlp):
    text = ("Indian PM Narendra Modi arrived in Washington on June 21, 2023. Shri Narendra Modi addressed "
            "Congress the next day. Modi met Joe Biden, and the Indian prime minister later met Jake Sullivan.")
    modi = [a for a in extract_actors(nlp(text), as_of="2023-06-23") if a.kind == "person" and "Modi" in a.name]
    assert [(a.name, a.country, {r.sector for r in a.roles if r.source == "text"}) for a in modi] == [
        ("Narendra Modi", "IND", {"head_of_government"})
    ]
    assert "the Indian prime minister" in {m.text for m in modi[0].mentions}
