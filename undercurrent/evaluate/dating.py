"""Writing-date gate: :func:`undercurrent.extract.dating.infer_writing_date` on a labelled set.

The set is YAML (``tests/fixtures/dating_gold.yaml`` is ours): ``documents``,
each with ``id``, ``text``, ``truth`` (the month written, ``YYYY-MM``), an
optional page date ``claimed`` and optional expected ``conflict`` /
``republished`` flags.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError

# An inference that only gives a year is never within one month of the truth.
NOT_A_MONTH = 99


def months_apart(inferred: str, truth: str) -> int:
    """Months between an inferred ISO prefix and the true ``YYYY-MM``; a year alone is too far.

    Example:
        >>> months_apart("2023-04-17", "2023-03"), months_apart("2023", "2023-03")
        (1, 99)
    """
    if len(inferred) < 7:
        return NOT_A_MONTH
    a = int(inferred[:4]) * 12 + int(inferred[5:7])
    b = int(truth[:4]) * 12 + int(truth[5:7])
    return abs(a - b)


def score_dating(nlp: Any, path: str | Path, conflict_days: int) -> dict[str, Any]:
    """Share of texts dated within one month of the truth, and flags right out of flags labelled.

    Args:
        nlp: a loaded spaCy pipeline.
        path: the labelled YAML file.
        conflict_days: claimed and inferred dates further apart are a conflict (the setting).

    Example:
        >>> score_dating(nlp, "tests/fixtures/dating_gold.yaml", 90)["within_month"]  # doctest: +SKIP
        1.0
    """
    from ..extract.dating import infer_writing_date

    try:
        docs = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["documents"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the dating gold set {path}: {exc}") from exc
    hits = flags_ok = flags_total = 0
    misses: list[tuple[str, str | None, str]] = []
    for entry in docs:
        inferred, conflict, republished = infer_writing_date(nlp(entry["text"]), entry.get("claimed"), conflict_days)
        value = inferred.value if inferred else None
        if value and months_apart(value, str(entry["truth"])) <= 1:
            hits += 1
        else:
            misses.append((entry["id"], value, str(entry["truth"])))
        if "conflict" in entry:
            flags_total += 1
            flags_ok += (conflict, republished) == (entry["conflict"], entry.get("republished", False))
    return {
        "documents": len(docs),
        "hits": hits,
        "within_month": round(hits / len(docs), 3) if docs else 1.0,
        "flags_ok": flags_ok,
        "flags_total": flags_total,
        "flag_accuracy": round(flags_ok / flags_total, 3) if flags_total else 1.0,
        "misses": misses,
    }
