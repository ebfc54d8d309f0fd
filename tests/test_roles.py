"""Roles of people: one test per textual form, and the quality gate on our labelled set."""

from __future__ import annotations

from pathlib import Path

import pytest

from undercurrent.evaluate.roles import score_roles
from undercurrent.extract.actors import extract_actors
from undercurrent.extract.roles import resolve_month
from undercurrent.extract.titles import classify_sector
from undercurrent.resolve.people import name_key

GOLD = Path(__file__).resolve().parent / "fixtures" / "roles_gold.yaml"
HELDOUT = Path(__file__).resolve().parent / "fixtures" / "roles_heldout.yaml"
# Floor on the held-out set, written after the rules were frozen (lower: it was never tuned on).
MIN_HELDOUT_F1 = 0.8
# Floors for the quality gate on (person, sector) pairs (the brief's acceptance figures).
MIN_PRECISION = 0.9
MIN_RECALL = 0.8


def _roles(nlp, text, name, as_of="2024-12-31"):
    key = name_key(name)
    for actor in extract_actors(nlp(text), as_of=as_of):
        if actor.kind == "person" and key in {name_key(actor.name), *map(name_key, actor.aliases)}:
            return [
                (r.title, r.organization, r.country, r.sector, r.status, r.start, r.form)
                for r in actor.roles
                if r.source == "text"
            ]
    raise AssertionError(f"{name} not found")


def test_roles_apposition(nlp):
    assert _roles(nlp, "The delegation included Sergei Shoigu, Minister of Defence; it arrived late.", "Sergei Shoigu") == [
        ("Minister of Defence", None, None, "defense", "current", None, "apposition")
    ]


def test_roles_title_before(nlp):
    assert _roles(nlp, "Chinese Foreign Minister Qin Gang met his Ukrainian counterpart.", "Qin Gang") == [
        ("Foreign Minister", None, "CHN", "foreign_affairs", "current", None, "title_before")
    ]


def test_roles_relative_clause_head_verb(nlp):
    text = "Yuri Borisov, who runs the Russian space agency, met NASA officials in Baikonur."
    assert _roles(nlp, text, "Yuri Borisov") == [("head", "Roscosmos", "RUS", "space", "current", None, "relative")]


def test_roles_possessive_takes_the_possessor_country(nlp):
    text = "Russian President Vladimir Putin was joined by Putin's foreign policy aide Yuri Ushakov."
    assert _roles(nlp, text, "Yuri Ushakov") == [
        ("foreign policy aide", None, "RUS", "foreign_affairs", "current", None, "possessive")
    ]


def test_roles_copula(nlp):
    text = "Kirill Dmitriev is the head of the Russian Direct Investment Fund."
    assert _roles(nlp, text, "Kirill Dmitriev") == [
        ("head", "Russian Direct Investment Fund", "RUS", "finance", "current", None, "copula")
    ]


def test_roles_head_verb_main_clause(nlp):
    text = "Dmitry Shugaev heads the Federal Service for Military-Technical Cooperation."
    assert _roles(nlp, text, "Dmitry Shugaev") == [
        ("head", "Federal Service for Military-Technical Cooperation", "RUS", "arms_trade", "current", None,
         "head_verb")
    ]


def test_roles_rank_of_organisation(nlp):
    text = "Elvira Nabiullina, president of Russia's central bank, attended the talks."
    assert _roles(nlp, text, "Elvira Nabiullina") == [
        ("president", "Bank of Russia", "RUS", "finance", "current", None, "rank_of")
    ]


def test_roles_ceo_of_named_company(nlp):
    text = "Kommersant interviewed Anatoly Isaykin, CEO of Russia's main arms exporter Rosoboronexport."
    assert _roles(nlp, text, "Anatoly Isaykin") == [
        ("CEO", "Rosoboronexport", "RUS", "arms_trade", "current", None, "rank_of")
    ]


def test_roles_former_and_now(nlp):
    text = ("The list includes former President Dmitry Medvedev, now Putin's deputy on the presidential "
            "commission on the military-industrial complex.")
    assert _roles(nlp, text, "Dmitry Medvedev") == [
        ("President", None, None, "head_of_state", "former", None, "title_before"),
        ("deputy", "presidential commission on the military-industrial complex", None, "defense", "current", None,
         "former_now"),
    ]


def test_roles_appointment_month_resolved_against_as_of(nlp):
    text = "General Li Shangfu (who was appointed China's defence minister in March) toured the base."
    assert _roles(nlp, text, "Li Shangfu", as_of="2023-04-15") == [
        ("General", None, "CHN", "military", "current", None, "title_before"),
        ("defence minister", None, "CHN", "defense", "current", "2023-03", "appointment"),
    ]


def test_roles_in_charge_as_former_roles(nlp):
    text = ("Yuri Borisov, who as of 2020 had spent a decade in charge of the Russian arms industry as deputy "
            "defence minister and deputy prime minister, now runs Roscosmos.")
    assert _roles(nlp, text, "Yuri Borisov") == [
        ("deputy defence minister", None, "RUS", "defense", "former", None, "in_charge"),
        ("deputy prime minister", None, "RUS", "defense", "former", None, "in_charge"),
    ]


def test_roles_portfolio_refines_a_generic_title(nlp):
    text = ("Dmitry Chernyshenko, a deputy prime minister who is in charge of science and technology in the "
            "Russian cabinet, joined the talks.")
    assert _roles(nlp, text, "Dmitry Chernyshenko") == [
        ("deputy prime minister", None, "RUS", "science_tech", "current", None, "apposition")
    ]


def test_roles_several_roles_kept(nlp):
    text = ("Former defence minister Sergei Shoigu, now secretary of Russia's Security Council, visited "
            "Pyongyang in September 2024.")
    sectors = [(r[3], r[4]) for r in _roles(nlp, text, "Sergei Shoigu")]
    assert sectors == [("defense", "former"), ("security_intel", "current")]


def test_roles_negative_place_is_no_role(nlp):
    text = "Putin arrived in Beijing on Tuesday."
    assert _roles(nlp, text, "Putin") == []


def test_roles_sector_vocabulary_prefers_specific_terms():
    assert classify_sector("president of russia central bank")[0] == "finance"
    assert classify_sector("president")[0] == "head_of_state"
    assert classify_sector("deputy prime minister")[0] == "other"
    assert classify_sector("secretary general")[0] == "other"


def test_roles_resolve_month():
    assert resolve_month("was appointed in March", "2023-04-15") == "2023-03"
    assert resolve_month("was appointed in May", "2023-04-15") == "2022-05"
    assert resolve_month("was appointed in December 2023", None) == "2023-12"
    assert resolve_month("has served since 2004", None) == "2004"
    assert resolve_month("was appointed", "2023-04-15") is None


@pytest.mark.parametrize("model", ["nlp", "nlp_md"])
def test_roles_quality_gate(request, model):
    nlp = request.getfixturevalue(model)
    result = score_roles(GOLD, nlp)
    print(f"\nroles gold set ({model}): {result['items']} sentences, P={result['precision']} "
          f"R={result['recall']} F1={result['f1']} (tp={result['tp']} fp={result['fp']} fn={result['fn']})")
    for form, row in result["forms"].items():
        print(f"  {form:13s} P={row['precision']:.3f} R={row['recall']:.3f} tp={row['tp']} fp={row['fp']} fn={row['fn']}")
    for err in result["errors"]:
        print("  miss/extra:", err)
    assert result["items"] >= 80
    assert result["precision"] >= MIN_PRECISION
    assert result["recall"] >= MIN_RECALL


def test_roles_heldout_sentences(nlp_md):
    result = score_roles(HELDOUT, nlp_md)
    print(f"\nroles held-out set (md): {result['items']} sentences, P={result['precision']} R={result['recall']} "
          f"F1={result['f1']}")
    for err in result["errors"]:
        print("  miss/extra:", err)
    assert result["f1"] >= MIN_HELDOUT_F1


def test_roles_rank_word_inside_a_name_is_no_title(nlp):
    actors = extract_actors(nlp("Eric Clapton played alongside BB King, and Peter Jackson remade King Kong."))
    assert [(a.name, a.roles) for a in actors if a.kind == "person" and a.roles] == []


def test_roles_organisation_written_before_the_title(nlp):
    text = "Bank of England governor Mervyn King warned about inflation."
    assert _roles(nlp, text, "Mervyn King") == [
        ("governor", "Bank of England", "GBR", "finance", "current", None, "title_before")
    ]


def test_roles_modified_generic_title_is_not_a_head_of_state(nlp):
    text = "The retailer struggled to keep up with market leader Best Buy, said analyst Bill Armstrong."
    actors = extract_actors(nlp(text))
    assert not [a for a in actors if any(r.sector == "head_of_state" for r in a.roles)]


def test_roles_relative_clause_after_an_apposition_with_a_time_phrase(nlp):
    text = (
        "Also present was Dmitry Medvedev, deputy chairman of the Security Council, who since December has also "
        "been first deputy chairman of the Military-Industrial Commission; he spoke briefly."
    )
    roles = _roles(nlp, text, "Dmitry Medvedev", as_of="2023-03-24")
    assert [(r[0], r[1], r[3]) for r in roles] == [
        ("deputy chairman", "Security Council", "security_intel"),
        ("first deputy chairman", "Military-Industrial Commission", "defense"),
    ]
    assert roles[1][5] == "2022-12"  # "since December", written in March 2023


def test_roles_bare_security_council_is_the_un_one_only_when_the_un_is_named(nlp):
    national = extract_actors(nlp("Medvedev is deputy chairman of the Security Council."))
    assert not any(a.id == "igo:UNSC" for a in national)
    un = extract_actors(nlp("The UN met on Monday. The Security Council voted on a ceasefire."))
    assert any(a.id == "igo:UNSC" for a in un)


def test_roles_title_with_the_state_in_an_of_phrase(nlp):
    # Kremlin readout style: the state written inside the title, before the name
    text = "Vladimir Putin had a telephone conversation with President of the Republic of Azerbaijan Ilham Aliyev."
    assert _roles(nlp, text, "Ilham Aliyev") == [("President", None, "AZE", "head_of_state", "current", None, "title_before")]


def test_roles_state_in_an_of_phrase_after_the_name(nlp):
    text = "Jake Sullivan spoke today with Prime Minister Nikol Pashinyan of Armenia and President Ilham Aliyev of Azerbaijan."
    assert _roles(nlp, text, "Nikol Pashinyan")[0][2:4] == ("ARM", "head_of_government")
    assert _roles(nlp, text, "Ilham Aliyev")[0][2:4] == ("AZE", "head_of_state")


def test_roles_envoy_for_a_state_does_not_represent_it(nlp):
    text = "UN Special Envoy for Yemen Hans Grundberg briefed the Security Council in April 2023."
    assert _roles(nlp, text, "Hans Grundberg") == [("Special Envoy", "United Nations", None, "foreign_affairs", "current",
                                                    None, "title_before")]


def test_roles_office_named_inside_the_title(nlp):
    text = "Zelensky met Head of the Office of the President of Ukraine Andriy Yermak in Kyiv on Monday."
    assert _roles(nlp, text, "Andriy Yermak")[0][1:4] == ("Office of the President of Ukraine", "UKR", "other")


def test_roles_spokespeople_and_advisers_by_the_dev_set_rules(nlp):
    # a spokesperson speaks for an office and is not a journalist; "Advisor" is the US spelling
    text = ("White House press secretary Karine Jean-Pierre said National Security Advisor Jake Sullivan "
            "would travel to New Delhi.")
    assert [r[3] for r in _roles(nlp, text, "Karine Jean-Pierre")] == ["other"]
    assert [r[3] for r in _roles(nlp, text, "Jake Sullivan")] == ["security_intel"]


def test_roles_abbreviated_legislator_titles(nlp):
    text = "Sen. Lindsey Graham and Senate Minority Leader Chuck Schumer met Netanyahu in Washington."
    assert [r[3] for r in _roles(nlp, text, "Lindsey Graham")] == ["legislature"]
    assert [r[3] for r in _roles(nlp, text, "Chuck Schumer")] == ["legislature"]


def test_roles_apposition_stops_before_the_next_persons_title(nlp):
    # a list of leaders: each title belongs to the name after it
    text = "We endorsed the joint call from President Biden, President Sisi of Egypt, and Amir Tamim of Qatar."
    assert [r[2:4] for r in _roles(nlp, text, "Sisi")] == [("EGY", "head_of_state")]
    assert [r[2:4] for r in _roles(nlp, text, "Biden")] == [(None, "head_of_state")]


def test_roles_demonym_the_parser_calls_an_organisation(nlp):
    text = ("National Security Advisor Jake Sullivan, Republic of Korea National Security Advisor Shin Wonsik, "
            "and Japanese National Security Advisor Akiba Takeo met in Washington on October 25, 2024.")
    assert [r[2:4] for r in _roles(nlp, text, "Akiba Takeo")] == [("JPN", "security_intel")]
    assert [r[2:4] for r in _roles(nlp, text, "Shin Wonsik")] == [("KOR", "security_intel")]


def test_roles_formal_state_name_after_the_name_and_a_suffix(nlp):
    text = ("Today, President Joseph R. Biden Jr. of the United States and President Luiz Inacio Lula da Silva "
            "of the Federative Republic of Brazil met in Washington.")
    assert [r[2:4] for r in _roles(nlp, text, "Luiz Inacio Lula da Silva")] == [("BRA", "head_of_state")]
    assert [r[2:4] for r in _roles(nlp, text, "Joseph R. Biden")] == [("USA", "head_of_state")]


def test_roles_forms_of_address_and_long_titles_before_a_name(nlp):
    text = "President Joseph R. Biden, Jr. and His Majesty King Abdullah II met today in Jeddah."
    assert [r[3] for r in _roles(nlp, text, "Abdullah II")] == ["head_of_state"]
    text = "I am grateful to Special Presidential Envoy for Hostage Affairs Roger Carstens and our diplomats."
    assert [r[3] for r in _roles(nlp, text, "Roger Carstens")] == ["foreign_affairs"]


def test_roles_body_abbreviation_inside_the_title(nlp):
    text = "Putin met Secretary General of the Association of Southeast Asian Nations (ASEAN) Lim Jock Hoi in 2021."
    assert [(r[0], r[3]) for r in _roles(nlp, text, "Lim Jock Hoi")] == [("Secretary General", "other")]


def test_roles_plural_title_shared_by_joined_names(nlp):
    text = "Netanyahu told Sens. Dick Durbin, of Illinois, and Dianne Feinstein, of California, that he regrets it."
    assert [r[3] for r in _roles(nlp, text, "Dianne Feinstein")] == ["legislature"]
    # a singular title stays with its own name
    text = "President Joe Biden and Prime Minister Narendra Modi met in Washington."
    assert [r[3] for r in _roles(nlp, text, "Narendra Modi")] == ["head_of_government"]


def test_roles_seat_of_power_in_a_title_gives_the_state(nlp):
    text = "White House spokesperson Karine Jean-Pierre said the Kremlin spokesman Dmitry Peskov was wrong."
    assert [r[2:4] for r in _roles(nlp, text, "Karine Jean-Pierre")] == [("USA", "other")]
    assert [r[2:4] for r in _roles(nlp, text, "Dmitry Peskov")] == [("RUS", "other")]
