"""Matching people across documents, with an explainable score.

Pure functions: :func:`name_key` folds a personal name so that transliteration
variants meet (rules in ``ontology/names.yaml``); :func:`match_people` says whether
two person actors from different documents are the same person and why. The store
records each merge as a reversible judgement; nothing here writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from ..ontology.names import fold_name, name_rules, surname_first
from ..records import Actor

# Scores, from most to least certain; a merge judgement needs more than the store's threshold.
SCORE_SAME_KEY = 1.0  # identical folded names
SCORE_DICTIONARY = 0.95  # the actor dictionary resolves both names to one person
SCORE_CONTAINED = 0.85  # one full name contains the other ("Vladimir Vladimirovich Putin")
SCORE_ONE_TOKEN = 0.7  # a surname or given name alone, same country and office
SCORE_GARBLED_SURNAME = 0.6  # same given name, office and country; surname garbled ("Shi Jinping")
# Least similarity (difflib ratio of folded family names) for a family name to count as garbled:
# "ksi"/"shi" (Xi/Shi) score 0.67, "mccain"/"kery" (two senators named John) 0.2.
FAMILY_NAME_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class Match:
    """Why two person actors are taken to be the same person."""

    score: float
    reason: str


def name_key(name: str) -> str:
    """Fold a personal name (:func:`undercurrent.ontology.names.fold_name`, the one fold).

    Example:
        >>> name_key("Sergei Shoygu") == name_key("Sergey Shoigu")
        True
        >>> name_key("Volodymyr Zelenskiy") == name_key("Volodymyr Zelensky")
        True
    """
    return fold_name(name)


def nationality_nouns() -> frozenset[str]:
    """Nouns that state a nationality after a demonym ("an Indian national"), from names.yaml."""
    return name_rules().nationality_nouns


def split_name(name: str, country: str | None) -> tuple[str, tuple[str, ...]]:
    """(family name, given names) of a folded multi-word name.

    Example:
        >>> split_name("li qiang", "CHN")
        ('li', ('qiang',))
    """
    parts = tuple(name_key(name).split())
    if len(parts) < 2:
        return (parts[0] if parts else ""), ()
    if surname_first(country):
        return parts[0], parts[1:]
    return parts[-1], parts[:-1]


def _sectors(actor: Actor) -> set[str]:
    return {r.sector for r in actor.roles if r.sector and r.sector != "other"}


def _compatible_country(a: Actor, b: Actor) -> bool:
    return a.country is None or b.country is None or a.country == b.country


def match_people(a: Actor, b: Actor, dictionary: Any = None) -> Match | None:
    """Whether two person actors (from different documents) are one person; None when not.

    Two people who share a family name but have different given names are never
    merged (Li Keqiang, Li Qiang, Li Shangfu).

    Example:
        >>> a = Actor("p1", "person", "Sergei Shoigu", "RUS")
        >>> b = Actor("p2", "person", "Sergey Shoygu", "RUS")
        >>> match_people(a, b).reason
        'names fold to the same key (sergei shogu)'
    """
    if a.kind != "person" or b.kind != "person" or not _compatible_country(a, b):
        return None
    ka, kb = name_key(a.name), name_key(b.name)
    if not ka or not kb:
        return None
    if ka == kb:
        return Match(SCORE_SAME_KEY, f"names fold to the same key ({ka})")
    if dictionary is not None:
        pa, pb = dictionary.find(a.name), dictionary.find(b.name)
        if pa is not None and pb is not None:
            if name_key(pa.name) == name_key(pb.name):
                return Match(SCORE_DICTIONARY, f"the actor dictionary resolves both to {pa.name}")
            return None
    ta, tb = ka.split(), kb.split()
    country = a.country or b.country
    shared_office = _sectors(a) & _sectors(b)
    if len(ta) == 1 or len(tb) == 1:
        single, full = (ta[0], tb) if len(ta) == 1 else (tb[0], ta)
        if len(full) == 1 or single not in (full[0], full[-1]):
            return None
        if a.country and b.country and shared_office:
            return Match(SCORE_ONE_TOKEN, f"'{single}' is part of the full name; same country and office "
                                          f"({', '.join(sorted(shared_office))})")
        return None
    if set(ta) <= set(tb) or set(tb) <= set(ta):
        return Match(SCORE_CONTAINED, "one full name contains the other")
    fam_a, given_a = split_name(a.name, country)
    fam_b, given_b = split_name(b.name, country)
    if given_a != given_b:
        return None
    similar = SequenceMatcher(None, fam_a, fam_b).ratio() >= FAMILY_NAME_SIMILARITY
    if fam_a != fam_b and similar and a.country and b.country and shared_office:
        return Match(SCORE_GARBLED_SURNAME, f"same given name, country and office "
                                            f"({', '.join(sorted(shared_office))}); family name garbled")
    return None
