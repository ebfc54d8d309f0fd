"""The state table: checked against pycountry (ISO 3166), looked up by every name, one name to one state."""

from __future__ import annotations

import pycountry
import pytest

from undercurrent.extract.mentions import find_mentions
from undercurrent.export import _ftm_country
from undercurrent.ontology import country_name, country_table, iso2, normalise_country
from undercurrent.ontology.countries import KINDS, not_state_phrases, text_forms
from undercurrent.ontology.loader import load_yaml

ALL = ("name", "demonym", "capital", "seat")
# ISO 3166-1 entries that are not states: dependencies, overseas regions, uninhabited lands.
TERRITORIES = frozenset(
    "ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM FLK FRO GGY GIB GLP GRL GUF GUM HKG HMD IMN "
    "IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PYF REU SGS SHN SJM SPM SXM TCA TKL UMI VGB VIR WLF".split()
)
# States that are not UN members: the two observer states, and three that are recognised in part.
NOT_UN_MEMBERS = {"VAT": "observer", "PSE": "observer", "XKX": "partial", "TWN": "partial", "ESH": "partial"}
USER_ASSIGNED = {"XKX": "XK"}  # Kosovo: not in ISO 3166-1; the code the EU and the IMF use
# pycountry names that we read as another state, on purpose.
PYCOUNTRY_NAMES_WE_READ_OTHERWISE = {("COG", "Congo"): "COD"}  # bare "Congo" is DR Congo, as in Reuters style

STATES = country_table()
CURRENT = [c for c in STATES if c.dissolved is None]


def _pycountry(code: str):
    return pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)


# --------------------------------------------------------------------------- against pycountry


def test_countries_codes_are_pycountrys():
    for c in STATES:
        if c.code in USER_ASSIGNED:
            assert c.iso2 == USER_ASSIGNED[c.code] and _pycountry(c.code) is None
            continue
        known = _pycountry(c.code)
        assert known is not None, c.code
        assert known.alpha_2 == c.iso2, (c.code, known.alpha_2, c.iso2)
        # a dissolved state is in ISO 3166-3, with its four-letter code there; a current one in ISO 3166-1
        assert (pycountry.countries.get(alpha_3=c.code) is None) == (c.dissolved is not None), c.code
        assert c.alpha4 == getattr(known, "alpha_4", None), c.code


def test_countries_every_un_member_and_observer_is_known():
    listed = {c.code for c in CURRENT}
    iso_states = {c.alpha_3 for c in pycountry.countries} - TERRITORIES
    assert iso_states <= listed, sorted(iso_states - listed)
    assert not listed & TERRITORIES
    assert len(listed - set(NOT_UN_MEMBERS)) == 193
    assert set(NOT_UN_MEMBERS) <= listed


def test_countries_ftm_codes():
    # FtM takes lower-case ISO 3166-1 alpha-2, and ISO 3166-3 for a dissolved state
    assert [_ftm_country(c) for c in ("RUS", "UGA", "XKX", "SUN", "YUG", "QQQ")] == ["ru", "ug", "xk", "suhh", "yucs", None]


def test_countries_pycountry_names_resolve():
    for c in STATES:
        known = _pycountry(c.code)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(known, attr, None) if known else None
            if not value or "," in value or "(" in value:  # "Korea, Republic of" is a catalogue form
                continue
            expected = PYCOUNTRY_NAMES_WE_READ_OTHERWISE.get((c.code, value), c.code)
            assert normalise_country(value) == expected, (c.code, attr, value)


def test_countries_common_names_pycountry_lookup_misses():
    # the reason for our own aliases: the library's fuzzy lookup does not know these
    for name, code in {"Russia": "RUS", "Britain": "GBR", "Ivory Coast": "CIV", "Burma": "MMR", "DPRK": "PRK",
                       "the Republic of Korea": "KOR", "East Timor": "TLS", "Swaziland": "SWZ"}.items():
        assert normalise_country(name) == code, name
    with pytest.raises(LookupError):
        pycountry.countries.lookup("Britain")


# --------------------------------------------------------------------------- every name of every state


def test_countries_every_state_resolves_by_every_name_it_lists():
    for c in STATES:
        assert normalise_country(c.name) == c.code, c.name
        assert normalise_country(c.code) == c.code and iso2(c.code) == c.iso2 and country_name(c.code) == c.name
        assert normalise_country(c.code.lower()) is None, c.code  # codes count only in capitals
        for kind in KINDS:
            for n in c.names(kind):
                assert normalise_country(n, kinds=(kind,)) == c.code, (c.code, kind, n)
        for n in c.unmatched:
            assert normalise_country(n, kinds=ALL) != c.code, (c.code, n)


def test_countries_every_current_state_has_a_demonym_and_a_capital():
    for c in CURRENT:
        assert c.demonyms, c.code
        assert c.capital, c.code
        if c.code not in ("DMA", "COG"):  # their demonyms are written like their neighbours' (see unmatched)
            assert c.names("demonym"), c.code
            assert normalise_country(c.names("demonym")[0], kinds=("demonym",)) == c.code


def test_countries_no_two_states_share_a_name():
    owner: dict[str, str] = {}
    for entry in load_yaml("countries.yaml")["countries"]:
        skip = set(entry.get("unmatched") or ())
        names = [entry["name"], entry["code"], *(entry.get("aliases") or ()), *(entry.get("demonyms") or ()),
                 entry.get("capital"), *(entry.get("capital_aliases") or ()), *(entry.get("seats") or ())]
        for n in names:
            if not n or n in skip:
                continue
            key = n.lower().removeprefix("the ")
            assert owner.setdefault(key, entry["code"]) == entry["code"], (n, owner[key], entry["code"])


def test_countries_names_count_only_as_names_are_written():
    assert [normalise_country(w) for w in ("turkey", "chad", "polish", "china", "chile", "jordan", "guinea")] == [None] * 7
    assert [normalise_country(w) for w in ("Turkey", "Chad", "Polish", "CHINA")] == ["TUR", "TCD", "POL", "CHN"]
    # the few names written with a small first letter
    assert [normalise_country(w) for w in ("eSwatini", "i-Kiribati", "ni-Vanuatu")] == ["SWZ", "KIR", "VUT"]
    # a code that is also a demonym ("Lao", LAO) is open to any case
    assert [normalise_country(w) for w in ("Lao", "LAO", "Laotians")] == ["LAO", "LAO", "LAO"]


# --------------------------------------------------------------------------- the ambiguous ones


@pytest.mark.parametrize(("text", "code"), [
    ("Georgia", "GEO"), ("Georgian", "GEO"), ("Jordan", "JOR"), ("Jordanians", "JOR"), ("Chad", "TCD"),
    ("Niger", "NER"), ("Nigerien", "NER"), ("Nigeria", "NGA"), ("Nigerian", "NGA"),
    ("Guinea", "GIN"), ("Guinean", "GIN"), ("Guinea-Bissau", "GNB"), ("Bissau-Guinean", "GNB"),
    ("Equatorial Guinea", "GNQ"), ("Papua New Guinea", "PNG"), ("Papua New Guinean", "PNG"),
    ("Congo", "COD"), ("Congolese", "COD"), ("DRC", "COD"), ("Democratic Republic of Congo", "COD"),
    ("Republic of Congo", "COG"), ("Congo-Brazzaville", "COG"), ("Brazzaville", None), ("Kinshasa", None),
    ("Dominica", "DMA"), ("Dominican Republic", "DOM"), ("Dominican", "DOM"),
    ("Sudan", "SDN"), ("Sudanese", "SDN"), ("South Sudan", "SSD"), ("South Sudanese", "SSD"),
    ("Korea", None), ("Korean", None), ("the Republic of Korea", "KOR"), ("DPRK", "PRK"),
    ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Macedonia", "MKD"), ("North Macedonia", "MKD"),
    ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Côte d\u2019Ivoire", "CIV"),
    ("Burma", "MMR"), ("Myanmar", "MMR"), ("Czechia", "CZE"), ("Czech Republic", "CZE"),
    ("Soviet Union", "SUN"), ("Soviet", "SUN"), ("East Germany", "DDR"), ("West Germany", "DEU"),
    ("Holy See", "VAT"), ("Vatican", "VAT"), ("Kosovo", "XKX"), ("Taiwan", "TWN"), ("Palestine", "PSE"),
    ("Western Sahara", "ESH"), ("Sahrawi", "ESH"),
])
def test_countries_ambiguous_names_read_as_decided(text, code):
    assert normalise_country(text) == code


@pytest.mark.parametrize(("text", "code"), [
    # capitals that are words, people or other places are not looked up
    ("Victoria", None), ("Kingston", None), ("Georgetown", None), ("Praia", None), ("Male", None),
    ("St. John's", None), ("San Jose", None), ("Sucre", None), ("Laayoune", None),
    # the ones that stay
    ("Malé", "MDV"), ("San José", "CRI"), ("Lima", "PER"), ("Paris", "FRA"), ("Kampala", "UGA"),
    ("Port-au-Prince", "HTI"), ("Kinshasa", "COD"), ("Brazzaville", "COG"), ("Moscow", "RUS"), ("Belgrade", "SRB"),
    ("Zhongnanhai", "CHN"), ("Blue House", "KOR"), ("Elysee", "FRA"), ("Downing Street", "GBR"), ("the White House", "USA"),
])
def test_countries_capitals_and_seats(text, code):
    assert normalise_country(text, kinds=("capital", "seat")) == code


def test_countries_text_matcher_skips_code_words_and_the_unmatched():
    forms = set(text_forms())
    words = set(load_yaml("countries.yaml")["code_words"])
    assert not forms & words and {"UGA", "USA", "UAE", "PRC"} <= forms
    assert all(normalise_country(w) for w in words)  # still codes when a caller hands one over
    # unmatched names are not looked for, unless they are another state's ("Dominican", "Moscow")
    unmatched = {n for c in STATES for n in c.unmatched}
    assert forms & unmatched == {n for n in unmatched if normalise_country(n, kinds=ALL)}
    assert {"Victoria", "Kingston", "Male", "Praia"} & forms == set()
    assert "Côte d\u2019Ivoire" in forms and "Côte d'Ivoire" in forms
    assert all(normalise_country(p, kinds=ALL) is None for p in not_state_phrases())


# --------------------------------------------------------------------------- in text


def _states(nlp, text):
    doc = nlp(text)
    return [(m.key, doc.text[m.start_char:m.end_char]) for m in find_mentions(doc) if m.kind == "state"]


def test_countries_states_the_table_lacked_are_found_in_text(nlp):
    text = ("Uganda, Rwanda and Liberia joined Haiti, Bolivia and Guinea-Bissau at the summit, while "
            "Ivory Coast, Jamaica and Timor-Leste sent observers.")
    assert [k for k, _ in _states(nlp, text)] == ["UGA", "RWA", "LBR", "HTI", "BOL", "GNB", "CIV", "JAM", "TLS"]


def test_countries_phrases_that_are_not_the_state(nlp):
    text = ("The governor of New Mexico flew from Atlanta, Georgia to the Niger Delta, crossed Lake Chad and "
            "sailed the Gulf of Guinea to American Samoa.")
    assert _states(nlp, text) == []
    assert _states(nlp, "Georgia and Armenia met in Tbilisi; Niger and Chad met in Niamey.") == [
        ("GEO", "Georgia"), ("ARM", "Armenia"), ("NER", "Niger"), ("TCD", "Chad")]


def test_countries_guineas_and_congos_by_the_longest_name(nlp):
    text = ("Guinea, Guinea-Bissau, Equatorial Guinea and Papua New Guinea met the Democratic Republic of Congo "
            "and the Republic of Congo; Sudan and South Sudan sent envoys.")
    assert [k for k, _ in _states(nlp, text)] == ["GIN", "GNB", "GNQ", "PNG", "COD", "COG", "SDN", "SSD"]


def test_countries_codes_that_are_words_are_not_states_in_capitals(nlp):
    assert _states(nlp, "RUSSIA AND CHINA SIGN, SAYS ARM") == []
    assert [k for k, _ in _states(nlp, "UGA and USA officials met.")] == ["UGA", "USA"]


def test_countries_office_holders_take_the_longest_state_name(nlp):
    from undercurrent.extract.actors import extract_actors

    doc = nlp("Guinea-Bissau President Umaro Sissoco Embalo met Papua New Guinea Prime Minister James Marape.")
    people = [(a.name, a.country) for a in extract_actors(doc) if a.kind == "person"]
    # not Guinea's, and a state's name tagged as a person's is still the state
    assert people == [("Umaro Sissoco Embalo", "GNB"), ("James Marape", "PNG")]
