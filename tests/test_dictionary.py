"""The dated actor dictionary: validation, name matching, roles by date, office holders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from undercurrent.errors import ConfigError
from undercurrent.ontology.dictionary import (
    sectors,
    ActorDictionary,
    name_key,
    packaged_people,
    parse_people,
    read_user_file,
    role_interval,
    role_status,
)
from undercurrent.records import Role

REQUIRED_COUNTRIES = ("RUS", "CHN", "USA", "UKR", "BLR", "PRK", "IND", "IRN", "TUR")
REQUIRED_OFFICES = ("head_of_state", "foreign_minister", "defence_minister")
COVERAGE = (date(2014, 1, 1), date(2024, 12, 31))
# A hand-over may leave the post to an unnamed acting holder for a few weeks; longer is a hole.
MAX_GAP_DAYS = 60
# Real vacancies, each with the reason the post stood empty.
ALLOWED_GAPS = {
    ("CHN", "defence_minister"): "Li Shangfu was removed on 2023-10-24; Dong Jun was named on 2023-12-29.",
    ("PRK", "defence_minister"): "Hyon Yong Chol was purged in April 2015; Pak Yong Sik was first reported in post in July 2015.",
}
# The brief's floor for the packaged data.
MIN_ROLE_RECORDS = 120


def _person(name: str = "Ivan Petrov", **role) -> dict:
    base = {"title": "Minister of Defence", "sector": "defense", "start": "2020-01-01", "end": None}
    base.update(role)
    return {"name": name, "aliases": [], "country": "RUS", "roles": [base]}


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


# --------------------------------------------------------------------------- validation


def test_dictionary_packaged_entries_validate():
    people = packaged_people()
    assert all(r.sector in sectors() and r.source == "dictionary" for p in people for r in p.roles)
    assert all(len(p.roles) == len(p.role_keys) for p in people)


def test_dictionary_has_enough_role_records():
    assert sum(len(p.roles) for p in packaged_people()) >= MIN_ROLE_RECORDS


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_person(sector="navy"), "unknown sector 'navy'"),
        (_person(start="2020-13-01"), "start '2020-13-01' is not a calendar date"),
        (_person(start="1 May 2020"), "start '1 May 2020' is not YYYY-MM-DD"),
        (_person(start="2021-01-01", end="2020-01-01"), "ends (2020-01-01) before it starts (2021-01-01)"),
        (_person(office="Defence Minister"), "office key 'Defence Minister' must be lower_snake_case"),
        (_person(end="2021-01-01", known_to="2021-06-01"), "known_to 2021-06-01 needs an open role"),
        ({**_person(), "country": "XYZ"}, "unknown country code 'XYZ'"),
        ({**_person(), "roles": []}, "roles must be a non-empty list"),
    ],
)
def test_dictionary_validation_names_file_and_entry(entry, message):
    with pytest.raises(ConfigError) as err:
        parse_people({"people": [entry]}, "mine.yaml")
    assert str(err.value).startswith("mine.yaml: Ivan Petrov: ")
    assert message in str(err.value)


def test_dictionary_validation_refuses_duplicate_people():
    with pytest.raises(ConfigError, match="Ivan Petrov is listed twice"):
        parse_people({"people": [_person(), _person()]}, "mine.yaml")


def test_dictionary_validation_refuses_missing_people_list():
    with pytest.raises(ConfigError, match="expected a mapping with a 'people' list"):
        parse_people({"persons": []}, "mine.yaml")


# --------------------------------------------------------------------------- names


def test_dictionary_name_key_folds_case_diacritics_and_hyphens():
    assert name_key("Mevlüt ÇAVUŞOĞLU") == "mevlut cavusoglu"
    assert name_key("Kim Jong-un's") == "kim jong un"


def test_dictionary_transliterations_find_the_same_person(dictionary):
    shoigu = dictionary.find("Sergei Shoigu")
    assert shoigu is not None
    assert dictionary.find("Sergey Shoygu") is shoigu
    assert dictionary.find("Shoygu") is shoigu
    assert dictionary.find("SHOIGU") is shoigu
    assert dictionary.find("Isakin").name == "Anatoly Isaykin"
    assert dictionary.find("Zelenskyy").name == "Volodymyr Zelensky"
    assert dictionary.find("Erdogan") is dictionary.find("Recep Tayyip Erdoğan")


def test_dictionary_family_name_first_for_chinese_and_korean_names(dictionary):
    assert dictionary.find("Xi").name == "Xi Jinping"
    assert dictionary.find("Choe").name == "Choe Son Hui"
    assert dictionary.find("Jinping") is None


def test_dictionary_shared_surname_finds_nobody(dictionary):
    assert {p.name for p in packaged_people() if p.name.startswith("Li ")} >= {"Li Keqiang", "Li Qiang", "Li Shangfu"}
    assert dictionary.find("Li") is None
    assert dictionary.find("Singh") is None
    assert dictionary.find("Li Qiang").name == "Li Qiang"


def test_dictionary_unknown_name_finds_nobody(dictionary):
    assert dictionary.find("Ivan Petrov") is None
    assert dictionary.find("  ") is None


# --------------------------------------------------------------------------- dates


def test_dictionary_roles_as_of_follow_the_date(dictionary):
    on_summit = dictionary.roles_as_of("Shoygu", "2023-03-21")
    assert [(r.title, r.status, r.source) for r in on_summit] == [("Minister of Defence", "current", "dictionary")]
    after = dictionary.roles_as_of("Shoigu", "2024-06-01")
    assert [r.title for r in after] == ["Secretary of the Security Council"]
    assert [r.title for r in dictionary.roles_as_of("Belousov", "2024-06-01")] == ["Minister of Defence"]


def test_dictionary_roles_as_of_without_date_gives_latest(dictionary):
    latest = dictionary.roles_as_of("Medvedev", None)
    assert [(r.title, r.status) for r in latest] == [("Deputy Chairman of the Security Council", "current")]
    gone = dictionary.roles_as_of("Poroshenko", None)
    assert [(r.title, r.end, r.status) for r in gone] == [("President", "2019-05-20", "former")]


def test_dictionary_roles_as_of_unknown_person_is_empty(dictionary):
    assert dictionary.roles_as_of("Ivan Petrov", "2020-01-01") == ()


def test_dictionary_role_status_relative_to_date():
    role = Role(title="Minister of Defence", start="2012-11-06", end="2024-05-12")
    assert role_status(role, "2010") == "incoming"
    assert role_status(role, "2023-03-21") == "current"
    assert role_status(role, "2024-05-12") == "former"


def test_dictionary_holder_resolves_office_by_date(dictionary):
    assert dictionary.holder("defence_minister", "RUS", "2023-03-21").name == "Sergei Shoigu"
    assert dictionary.holder("defence_minister", "RUS", "2024-06-01").name == "Andrei Belousov"
    assert dictionary.holder("foreign_minister", "CHN", "2023-03-21").name == "Qin Gang"
    assert dictionary.holder("foreign_minister", "China", "2023-09-01").name == "Wang Yi"
    assert dictionary.holder("Minister of Defence", "RUS", "2020-01-01").name == "Sergei Shoigu"
    assert dictionary.holder("secretary_general", "NATO", "2020-01-01").name == "Jens Stoltenberg"


def test_dictionary_holder_refuses_vacancy_and_ambiguity(dictionary):
    assert dictionary.holder("defence_minister", "CHN", "2023-11-15") is None
    # Treasury secretary and Fed chair both sit in the finance sector.
    assert dictionary.holder("finance", "USA", "2022-01-01") is None


def test_dictionary_known_to_closes_an_uncertain_open_role(dictionary):
    powell = dictionary.find("Jerome Powell")
    assert dictionary.holder("central_bank_governor", "USA", "2024-01-01") is powell
    assert dictionary.holder("central_bank_governor", "USA", "2026-11-01") is None


# --------------------------------------------------------------------------- user files


def test_dictionary_user_csv_adds_a_person(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(
        "name,aliases,country,title,organization,sector,start,end,office\n"
        "Alexei Krivoruchko,Aleksey Krivoruchko,RUS,Deputy Minister of Defence,Ministry of Defence,defense,2018-06,2024-06,\n"
        "Sergei Shoigu,Sergej Schoigu,RUS,Chairman of the Board of Trustees,Russian Geographical Society,other,2009,,\n",
        encoding="utf-8",
    )
    extended = ActorDictionary.load((str(path),))
    person = extended.find("Aleksey Krivoruchko")
    assert (person.name, person.country, person.roles[0].start, person.roles[0].end) == (
        "Alexei Krivoruchko", "RUS", "2018-06", "2024-06",
    )
    assert extended.find("Sergej Schoigu") is extended.find("Shoigu")
    assert len(extended.find("Shoigu").roles) == 3
    assert len(extended) == len(ActorDictionary.load()) + 1


def test_dictionary_user_yaml_adds_a_person(tmp_path):
    path = tmp_path / "extra.yaml"
    path.write_text(
        "people:\n"
        "  - name: Alexander Fomin\n"
        "    aliases: [Aleksandr Fomin]\n"
        "    country: RUS\n"
        "    roles:\n"
        "      - {title: Deputy Minister of Defence, sector: defense, start: 2017-02, end: null}\n",
        encoding="utf-8",
    )
    assert ActorDictionary.load((str(path),)).find("Fomin").name == "Alexander Fomin"


def test_dictionary_user_csv_errors_are_clear(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,country\nIvan Petrov,RUS\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="CSV lacks columns aliases, title"):
        read_user_file(path)
    with pytest.raises(ConfigError, match="does not exist"):
        read_user_file(tmp_path / "absent.csv")
    (tmp_path / "people.txt").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="must end in .yaml, .yml or .csv"):
        read_user_file(tmp_path / "people.txt")


# --------------------------------------------------------------------------- coverage


def _gaps(intervals: list[tuple[date, date | None]]) -> list[tuple[date, date]]:
    """Stretches of the coverage window longer than MAX_GAP_DAYS that no interval covers."""
    lo, hi = COVERAGE
    gaps = []
    cursor = lo
    for start, last in sorted(intervals):
        if start > cursor and (start - cursor).days > MAX_GAP_DAYS:
            gaps.append((cursor, start))
        cursor = max(cursor, (last or hi) + timedelta(days=1))
    if cursor <= hi and (hi - cursor).days > MAX_GAP_DAYS:
        gaps.append((cursor, hi))
    return gaps


@pytest.mark.parametrize("country", REQUIRED_COUNTRIES)
@pytest.mark.parametrize("office", REQUIRED_OFFICES)
def test_dictionary_covers_required_offices_2014_to_2024(country, office):
    intervals = [
        role_interval(role, key)
        for person in packaged_people()
        for role, key in zip(person.roles, person.role_keys)
        if role.country == country and office in key.offices
    ]
    gaps = _gaps(intervals)
    if (country, office) in ALLOWED_GAPS:
        assert len(gaps) == 1, ALLOWED_GAPS[(country, office)]
    else:
        assert gaps == []


def test_dictionary_gap_check_finds_a_hole():
    assert _gaps([(date(2014, 1, 1), date(2015, 1, 1)), (date(2016, 1, 1), None)]) == [
        (date(2015, 1, 2), date(2016, 1, 1))
    ]
