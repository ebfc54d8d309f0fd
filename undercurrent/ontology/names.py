"""Personal names: the one fold that makes spelling variants meet, and the naming customs.

Every place that compares personal names (the actor dictionary, the actors stage, the
cross-document resolver, the roster scorer) folds them with :func:`fold_name`; the rules and
the list of countries that write the family name first are ``names.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from .loader import load_yaml, require_keys

_POSSESSIVE = re.compile(r"'s$")
_SEPARATORS = re.compile(r"[-\u2010-\u2013.]")


@dataclass(frozen=True, slots=True)
class NameRules:
    """names.yaml, validated."""

    folds: tuple[tuple[Any, str], ...]
    surname_first: frozenset[str]
    nationality_nouns: frozenset[str]


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    """Load and validate names.yaml once; each fold must bring its examples together."""
    data = load_yaml("names.yaml")
    folds = []
    for entry in data["folds"]:
        require_keys(entry, ("pattern", "replace", "description", "examples"), "names.yaml")
        try:
            folds.append((re.compile(entry["pattern"]), entry["replace"]))
        except re.error as exc:
            raise ConfigError(f"names.yaml: bad pattern {entry['pattern']!r}: {exc}") from exc
    rules = NameRules(tuple(folds), frozenset(data["surname_first_countries"]), frozenset(data["nationality_nouns"]))
    for entry in data["folds"]:
        keys = {_fold(e, rules) for e in entry["examples"]}
        if len(keys) != 1:
            raise ConfigError(f"names.yaml: the fold {entry['description']!r} leaves its examples apart: {sorted(keys)}")
    return rules


def _fold(text: str, rules: NameRules) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u0131", "i"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("\u2019", "'")
    text = _SEPARATORS.sub(" ", _POSSESSIVE.sub("", text.strip()))
    for pattern, repl in rules.folds:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Fold a personal name: no diacritics, case, punctuation or possessive; transliteration variants merged.

    Example:
        >>> fold_name("Sergei Shoygu") == fold_name("Sergey Shoigu")
        True
        >>> fold_name("Recep Tayyip Erdoğan's"), fold_name("Kim Jong-un")
        ('recep tayip erdogan', 'kim jong un')
    """
    return _fold(name, name_rules())


def surname_first(country: str | None) -> bool:
    """Whether English news writes names from ``country`` family name first (Xi Jinping).

    Example:
        >>> surname_first("CHN"), surname_first("JPN")
        (True, False)
    """
    return country in name_rules().surname_first


def family_name(name: str, country: str | None) -> str:
    """The folded word news uses alone for a person ("Xi" for Xi Jinping, "Putin" for Vladimir Putin).

    Example:
        >>> family_name("Li Qiang", "CHN"), family_name("Sergei Shoigu", "RUS")
        ('li', 'shogu')
    """
    words = fold_name(name).split()
    if not words:
        return ""
    return words[0] if surname_first(country) and len(words) > 1 else words[-1]
