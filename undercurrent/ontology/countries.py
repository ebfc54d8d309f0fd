"""Countries: the one function that turns a name, code, demonym or seat into ISO3."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import ConfigError
from .loader import load_yaml, require_keys

KINDS = ("name", "demonym", "capital", "seat")


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    iso2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    capital_aliases: tuple[str, ...]
    seats: tuple[str, ...]
    unmatched: tuple[str, ...] = ()  # names of this entry that are never looked up (reasons in countries.yaml)
    dissolved: str | None = None  # ISO date the state ceased to exist
    alpha4: str | None = None  # ISO 3166-3 code of a dissolved state ("SUHH")

    def names(self, kind: str) -> tuple[str, ...]:
        """The entry's names of one kind ("name" includes the code), the unmatched ones left out."""
        found = {
            "name": (self.name, self.code, *self.aliases),
            "demonym": self.demonyms,
            "capital": (self.capital, *self.capital_aliases) if self.capital else self.capital_aliases,
            "seat": self.seats,
        }[kind]
        return tuple(n for n in found if n and n not in self.unmatched)


def _key(text: str) -> str:
    text = text.strip().replace("\u2019", "'")
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    text = re.sub(r"'s$", "", text)
    return re.sub(r"\s+", " ", text).lower()


def _bare(text: str) -> str:
    """The name as written, without a leading "the" or a trailing possessive."""
    text = re.sub(r"^the\s+", "", text.strip().replace("\u2019", "'"), flags=re.I)
    return re.sub(r"'s$", "", text)


@lru_cache(maxsize=1)
def country_table() -> tuple[Country, ...]:
    """All known states, validated."""
    data = load_yaml("countries.yaml")
    out: list[Country] = []
    seen: set[str] = set()
    for entry in data["countries"]:
        require_keys(entry, ("code", "name"), "countries.yaml")
        code = entry["code"]
        if not re.fullmatch(r"[A-Z]{3}", code) or code in seen:
            raise ConfigError(f"countries.yaml: bad or repeated code {code!r}")
        if not re.fullmatch(r"[A-Z]{2}", str(entry.get("iso2") or "")):
            raise ConfigError(f"countries.yaml: {code} needs its two-letter iso2 code (quoted: \"NO\" is a YAML boolean)")
        seen.add(code)
        country = Country(
            code=code,
            iso2=entry["iso2"],
            name=entry["name"],
            aliases=tuple(entry.get("aliases") or ()),
            demonyms=tuple(entry.get("demonyms") or ()),
            capital=entry.get("capital"),
            capital_aliases=tuple(entry.get("capital_aliases") or ()),
            seats=tuple(entry.get("seats") or ()),
            unmatched=tuple(entry.get("unmatched") or ()),
            dissolved=str(entry["dissolved"]) if entry.get("dissolved") else None,
            alpha4=entry.get("alpha4"),
        )
        if (country.dissolved is None) != (country.alpha4 is None):
            raise ConfigError(f"countries.yaml: {code} needs both `dissolved` and `alpha4`, or neither")
        listed = {country.name, *country.aliases, *country.demonyms, country.capital, *country.capital_aliases, *country.seats}
        stray = [n for n in country.unmatched if n not in listed]
        if stray:
            raise ConfigError(f"countries.yaml: {code} leaves unmatched names it does not list: {', '.join(stray)}")
        out.append(country)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Index:
    by_kind: dict[str, dict[str, str]]  # kind -> key -> ISO3
    capitals_only: frozenset[str]  # keys written only in capitals: codes and abbreviations ("US", "UAE")
    lower_forms: frozenset[str]  # names written with a small first letter ("eSwatini", "ni-Vanuatu")
    by_code: dict[str, Country]


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Lookup tables by kind of name, with the checks that keep one name to one state."""
    by_kind: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    owner: dict[str, str] = {}
    written: dict[str, set[str]] = {}
    for c in country_table():
        for kind in KINDS:
            for n in c.names(kind):
                key = _key(n)
                if owner.setdefault(key, c.code) != c.code:
                    raise ConfigError(
                        f"countries.yaml: {n!r} is given to both {owner[key]} and {c.code}; "
                        "list it under `unmatched` for the state it means less often"
                    )
                by_kind[kind][key] = c.code
                written.setdefault(key, set()).add(_bare(n))
    for phrase in not_state_phrases():
        if _key(phrase) in owner:
            raise ConfigError(f"countries.yaml: not_states lists {phrase!r}, which is a name of {owner[_key(phrase)]}")
    return _Index(
        by_kind=by_kind,
        # a key also written as a word ("Lao" beside LAO) is open to any case
        capitals_only=frozenset(k for k, forms in written.items() if all(f.isupper() for f in forms)),
        lower_forms=frozenset(f for forms in written.values() for f in forms if f[:1].islower()),
        by_code={c.code: c for c in country_table()},
    )


@lru_cache(maxsize=65536)
def normalise_country(text: str | None, kinds: tuple[str, ...] = ("name", "demonym")) -> str | None:
    """ISO 3166-1 alpha-3 code for a country name, code or demonym, else None.

    ``kinds`` chooses which tables are consulted: "name", "demonym",
    "capital" and "seat". Every place in undercurrent that needs a country
    code calls this function. Names count only as names are written, with a
    capital letter ("turkey", "chad" and "polish" are words); codes and
    abbreviations only in capitals ("us", "are" and "can" are words).

    Example:
        >>> normalise_country("the People's Republic of China")
        'CHN'
        >>> normalise_country("Kremlin", kinds=("seat",))
        'RUS'
        >>> normalise_country("Ugandans")
        'UGA'
    """
    if not text:
        return None
    key = _key(text)
    if not key:
        return None
    idx = _index()
    bare = _bare(text)
    # People typing a code or a name (resolve_state) may use any case: they try upper case too.
    if key in idx.capitals_only and not bare.isupper():
        return None
    if not bare[:1].isupper() and bare not in idx.lower_forms:
        return None
    for kind in kinds:
        code = idx.by_kind[kind].get(key)
        if code:
            return code
    return None


def iso2(code: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for an ISO3 code ("XK" for Kosovo, user-assigned), else None.

    Example:
        >>> iso2("RUS")
        'RU'
    """
    c = _index().by_code.get(code or "")
    return c.iso2 if c else None


def dissolved_code(code: str | None) -> str | None:
    """ISO 3166-3 alpha-4 code when ``code`` is a dissolved state ("SUHH" for SUN), else None."""
    c = _index().by_code.get(code or "")
    return c.alpha4 if c else None


def country_name(code: str | None) -> str | None:
    """Short English name for an ISO3 code."""
    c = _index().by_code.get(code or "")
    return c.name if c else None


@lru_cache(maxsize=1)
def not_state_phrases() -> tuple[str, ...]:
    """Phrases that contain a state's name and are not that state ("New Mexico", "Atlanta, Georgia")."""
    out = []
    for entry in load_yaml("countries.yaml").get("not_states") or ():
        require_keys(entry, ("text", "why"), "countries.yaml not_states")
        out.append(str(entry["text"]))
    return tuple(out)


@lru_cache(maxsize=1)
def text_forms() -> tuple[str, ...]:
    """Every name the text matcher looks for, as written: names, codes, demonyms, capitals, seats.

    Left out: unmatched names, codes that are English words (``code_words``), and forms with a
    leading "the" (the matcher finds the name and takes the article with it). Names with an
    apostrophe come in both the straight and the curly form.
    """
    words = set(load_yaml("countries.yaml").get("code_words") or ())
    codes = {c.code for c in country_table()}
    if not words <= codes:
        raise ConfigError(f"countries.yaml: code_words lists codes no state has: {', '.join(sorted(words - codes))}")
    out: set[str] = set()
    for c in country_table():
        for kind in KINDS:
            out.update(n for n in c.names(kind) if n not in words)
    out.update([s.replace("'", "\u2019") for s in out if "'" in s])
    return tuple(sorted(s for s in out if not s.lower().startswith("the ")))
