"""Countries: the one function that turns a name, code, demonym or seat into ISO3."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import ConfigError
from .loader import load_yaml, require_keys


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


def _key(text: str) -> str:
    text = text.strip().replace("\u2019", "'")
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    text = re.sub(r"'s$", "", text)
    return re.sub(r"\s+", " ", text).lower()


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
        out.append(
            Country(
                code=code,
                iso2=entry["iso2"],
                name=entry["name"],
                aliases=tuple(entry.get("aliases") or ()),
                demonyms=tuple(entry.get("demonyms") or ()),
                capital=entry.get("capital"),
                capital_aliases=tuple(entry.get("capital_aliases") or ()),
                seats=tuple(entry.get("seats") or ()),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, str]]:
    """Lookup tables by kind of name: name (names, aliases, codes), demonym, capital, seat."""
    idx: dict[str, dict[str, str]] = {"name": {}, "demonym": {}, "capital": {}, "seat": {}, "capitals_only": {}}
    for c in country_table():
        for n in (c.name, c.code, *c.aliases):
            idx["name"][_key(n)] = c.code
            if _bare(n).isupper():
                idx["capitals_only"][_key(n)] = c.code
    for c in country_table():
        for n in (c.name, *c.aliases):
            if not _bare(n).isupper():
                idx["capitals_only"].pop(_key(n), None)  # a key also written as a word stays open
        for n in c.demonyms:
            idx["demonym"][_key(n)] = c.code
        for n in (c.capital, *c.capital_aliases):
            if n:
                idx["capital"][_key(n)] = c.code
        for n in c.seats:
            idx["seat"][_key(n)] = c.code
    return idx


@lru_cache(maxsize=65536)
def normalise_country(text: str | None, kinds: tuple[str, ...] = ("name", "demonym")) -> str | None:
    """ISO 3166-1 alpha-3 code for a country name, code or demonym, else None.

    ``kinds`` chooses which tables are consulted: "name", "demonym",
    "capital" and "seat". Every place in undercurrent that needs a country
    code calls this function.

    Example:
        >>> normalise_country("the People's Republic of China")
        'CHN'
        >>> normalise_country("Kremlin", kinds=("seat",))
        'RUS'
    """
    if not text:
        return None
    key = _key(text)
    if not key:
        return None
    idx = _index()
    # Codes and abbreviations ("USA", "US", "UAE") count only in capitals: "us", "are", "can" and
    # "nor" are words. People typing a code (resolve_state) may use any case.
    if key in idx["capitals_only"] and not _bare(text).isupper():
        return None
    for kind in kinds:
        code = idx[kind].get(key)
        if code:
            return code
    return None


def _bare(text: str) -> str:
    """The name as written, without a leading "the" or a trailing possessive."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    return re.sub(r"['\u2019]s$", "", text)


def iso2(code: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for an ISO3 code ("XK" for Kosovo, user-assigned), else None.

    Example:
        >>> iso2("RUS")
        'RU'
    """
    for c in country_table():
        if c.code == code:
            return c.iso2
    return None


def country_name(code: str | None) -> str | None:
    """Short English name for an ISO3 code."""
    for c in country_table():
        if c.code == code:
            return c.name
    return None
