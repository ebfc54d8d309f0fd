"""The vocabulary files agree with one another, and names fold in one place."""

from __future__ import annotations

from undercurrent.evaluate.between import name_key as roster_key
from undercurrent.extract.actors import extract_actors
from undercurrent.ontology.checks import check_vocabulary, cross_file_problems
from undercurrent.ontology.dictionary import name_key as dictionary_key
from undercurrent.ontology.names import family_name, fold_name
from undercurrent.resolve.people import name_key as resolver_key


def test_vocabulary_packaged_files_agree():
    assert check_vocabulary() is None


def test_vocabulary_cross_file_problems_are_named():
    files = {
        "sectors.yaml": {"sectors": {"defense": "d", "space": "s"}},
        "organizations.yaml": {"organizations": [
            {"name": "ISRO", "country": "IND", "sector": "space", "type": "agency"},
            {"name": "Roscosmos", "country": "RUS", "sector": "cosmos", "type": "agency"},
            {"name": "Quad", "country": None, "sector": "defense", "type": "club"},
        ]},
        "names.yaml": {"surname_first_countries": ["CHN", "QQQ"]},
    }
    problems = cross_file_problems(files, lambda code: code in {"IND", "RUS", "CHN"})
    assert problems == [
        "organizations.yaml: Roscosmos: sector 'cosmos' is not in sectors.yaml",
        "organizations.yaml: Quad: type 'club' is not one of agency, central_bank, company, court, framework, "
        "grouping, legislature, media, military, ministry, party",
        "names.yaml: surname_first_countries: 'QQQ' is not in countries.yaml",
    ]


def test_vocabulary_one_name_fold_everywhere():
    for a, b in (("Sergei Shoygu", "Sergey Shoigu"), ("Mevlüt Çavuşoğlu", "Mevlut Cavusoglu"), ("Kim Jong-un's", "Kim Jong Un")):
        assert fold_name(a) == fold_name(b) == resolver_key(a) == dictionary_key(b)
    assert roster_key("Sergei Shoygu") == roster_key("Shoigu") == fold_name("Shoigu")


def test_vocabulary_family_name_first_in_english_news_order():
    assert (family_name("Xi Jinping", "CHN"), family_name("Lee Hsien Loong", "SGP")) == (fold_name("Xi"), fold_name("Lee"))
    # English news writes Japanese and Hungarian names given name first
    assert (family_name("Fumio Kishida", "JPN"), family_name("Viktor Orban", "HUN")) == (fold_name("Kishida"),
                                                                                        fold_name("Orban"))


def test_vocabulary_stated_nationality_gives_the_country(nlp):
    text = ("The Justice Department charged Nikhil Gupta, an Indian national, with plotting to kill a Sikh "
            "separatist in New York.")
    (gupta,) = [a for a in extract_actors(nlp(text), as_of="2023-11-29") if a.kind == "person"]
    assert (gupta.name, gupta.country) == ("Nikhil Gupta", "IND")
