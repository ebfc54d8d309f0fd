"""Scorers for the between-the-lines gates: garbled text, meeting rosters, dependence.

Each scorer takes plain values (flags, name lists, records) so that the test
suite and ``undercurrent eval ours`` share one definition of every figure.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from ..records import Dependency


def _prf(tp: int, system: int, gold: int) -> dict[str, float]:
    precision = tp / system if system else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def garble_scores(garbled_flags: Sequence[bool], clean_flags: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 of flagging garbled sentences, and the share of clean ones flagged.

    Example:
        >>> garble_scores([True, True, False], [False, False])["recall"]
        0.667
    """
    tp = sum(garbled_flags)
    fp = sum(clean_flags)
    out = _prf(tp, tp + fp, len(garbled_flags))
    out["clean_flagged_share"] = round(fp / len(clean_flags), 3) if clean_flags else 0.0
    return out


def name_key(name: str) -> str:
    """Comparison key of a person's or group's name: last word, accents folded, lowercase.

    Example:
        >>> name_key("Sergei Shoigu")
        'shoigu'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = [w for w in folded.replace("\u2019", "'").split() if w[:1].isalpha()]
    return words[-1].lower().removesuffix("'s") if words else ""


def roster_scores(pairs: Iterable[tuple[Iterable[str], Iterable[str]]]) -> dict[str, float]:
    """Micro precision/recall/F1 of participant names over (gold names, system names) pairs.

    Names match on :func:`name_key`, so "Shoigu" matches "Sergei Shoigu".

    Example:
        >>> roster_scores([(["Sergei Shoigu", "Yuri Borisov"], ["Shoigu"])])["recall"]
        0.5
    """
    tp = system = gold = 0
    for gold_names, system_names in pairs:
        g = {name_key(n) for n in gold_names}
        s = {name_key(n) for n in system_names}
        tp += len(g & s)
        system += len(s)
        gold += len(g)
    return _prf(tp, system, gold)


def dependence_scores(
    pairs: Iterable[tuple[Iterable[tuple[str, str, str]], Sequence[Dependency]]],
) -> dict[str, float]:
    """Scores of dependence relations as (dependent, on, domain) triples.

    ``accuracy`` is the share of gold triples found with the right direction and
    domain; ``direction_accuracy`` ignores the domain; ``precision`` is the share
    of system triples that are gold.

    Example:
        >>> dependence_scores([([("RUS", "CHN", "economic")], ())])["accuracy"]
        0.0
    """
    gold_n = found = found_dir = system_n = correct = 0
    for gold_triples, deps in pairs:
        gold = set(gold_triples)
        system = {(d.dependent, d.on, d.domain) for d in deps}
        system_dirs = {(d.dependent, d.on) for d in deps}
        gold_n += len(gold)
        found += len(gold & system)
        found_dir += sum(1 for g in gold if (g[0], g[1]) in system_dirs)
        system_n += len(system)
        correct += len(gold & system)
    return {
        "accuracy": round(found / gold_n, 3) if gold_n else 1.0,
        "direction_accuracy": round(found_dir / gold_n, 3) if gold_n else 1.0,
        "precision": round(correct / system_n, 3) if system_n else 1.0,
    }
