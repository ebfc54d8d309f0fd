"""The time vocabulary (``ontology/time.yaml``) compiled into lookups and patterns, once.

Shared by recognition and normalisation in :mod:`undercurrent.extract.timex`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import ConfigError
from ..ontology.loader import load_yaml, require_keys

MONTHS: dict[str, int] = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Granularity order, finest first; "week" sits between day and month.
GRAIN_RANK = {"time": 0, "day": 1, "week": 2, "month": 3, "year": 4}


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of time: its TIMEX3 letter, length, and whether TIMEX3 puts it after "PT"."""

    name: str
    code: str
    factor: int
    months: int
    days: int
    is_time: bool

    @property
    def grain(self) -> str:
        """The granularity a shift by this unit preserves."""
        if self.is_time:
            return "time"
        if self.days:
            return "day"
        return "month" if self.months < 12 else "year"


@dataclass(frozen=True, slots=True)
class TimeVocab:
    """Lookups built from ``time.yaml``."""

    seasons: dict[str, tuple[str, int, int]]  # alias -> (code, start_month, end_month)
    quarters: dict[str, int]
    year_parts: dict[str, tuple[int, int, str]]  # alias -> (start_month, end_month, mod)
    decade_parts: dict[str, tuple[int, int]]
    units: dict[str, Unit]
    numbers: dict[str, int | None]  # None = unspecified ("several")
    relative_markers: dict[str, tuple[int, str]]  # word -> (direction, anchor)
    ordinal_relatives: dict[str, int]
    references: dict[str, str]
    sets: dict[str, str]
    day_parts: dict[str, str]
    number_re: str
    unit_re: str


def _alias_re(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def time_vocab() -> TimeVocab:
    """Load and validate ``time.yaml`` (cached).

    Example:
        >>> time_vocab().units["decade"].factor
        10
    """
    data = load_yaml("time.yaml")
    seasons: dict[str, tuple[str, int, int]] = {}
    for entry in data["seasons"]:
        require_keys(entry, ("aliases", "code", "start_month", "end_month", "description"), "time.yaml seasons")
        for alias in entry["aliases"]:
            seasons[alias] = (entry["code"], entry["start_month"], entry["end_month"])
    quarters = {str(a).lower(): int(e["number"]) for e in data["quarters"] for a in e["aliases"]}
    year_parts = {
        a: (e["start_month"], e["end_month"], e["mod"]) for e in data["year_parts"] for a in e["aliases"]
    }
    decade_parts = {e["name"]: (e["start"], e["end"]) for e in data["decade_parts"]}
    units: dict[str, Unit] = {}
    for entry in data["units"]:
        require_keys(entry, ("name", "aliases", "code", "description"), "time.yaml units")
        unit = Unit(
            name=entry["name"],
            code=entry["code"],
            factor=int(entry.get("factor", 1)),
            months=int(entry.get("months", 0)),
            days=int(entry.get("days", 0)),
            is_time=bool(entry.get("time", False)),
        )
        for alias in entry["aliases"]:
            units[alias] = unit
    numbers: dict[str, int | None] = {}
    for word, value in data["numbers"].items():
        if value != "X" and not isinstance(value, int):
            raise ConfigError(f"time.yaml numbers: {word!r} must be an integer or X")
        numbers[str(word)] = None if value == "X" else value
    markers = {e["word"]: (int(e["direction"]), e["anchor"]) for e in data["relative_markers"]}
    ordinals = {e["word"]: int(e["direction"]) for e in data["ordinal_relatives"]}
    references = {w: e["value"] for e in data["references"] for w in e["words"]}
    sets = {w: e["value"] for e in data["sets"] for w in e["words"]}
    day_parts = {w: e["code"] for e in data["day_parts"] for w in e["words"]}
    return TimeVocab(
        seasons=seasons,
        quarters=quarters,
        year_parts=year_parts,
        decade_parts=decade_parts,
        units=units,
        numbers=numbers,
        relative_markers=markers,
        ordinal_relatives=ordinals,
        references=references,
        sets=sets,
        day_parts=day_parts,
        number_re=r"(?:\d+(?:\.\d+)?|" + _alias_re(numbers) + ")",
        unit_re="(?:" + _alias_re(units) + ")",
    )


def parse_number(word: str) -> int | None:
    """The integer a number word or numeral stands for; None when unspecified ("several")."""
    word = word.lower().strip()
    if word.replace(".", "", 1).isdigit():
        return int(float(word))
    return time_vocab().numbers.get(word)
