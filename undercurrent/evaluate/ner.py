"""People, organisations and locations on CoNLL-2003 (original and CoNLL++).

Two systems are scored on the same sentences in one run:
- ``spacy``: the pipeline's own entities, OntoNotes labels mapped
  PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC (NORP and the rest are not scored);
- ``undercurrent``: the same entities, with every actor mention our
  extractor found overriding the label where it overlaps (person->PER,
  organization/igo->ORG, state->LOC) and adding the ones spaCy missed.
Matching is exact on character offsets, per type; MISC is not scored.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError

SPACY_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
KIND_TO_CONLL = {"person": "PER", "organization": "ORG", "igo": "ORG", "state": "LOC"}
TYPES = ("PER", "ORG", "LOC")


def iter_conll(path: str | Path) -> Iterator[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such CoNLL JSON Lines file")
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _with_actors(spans: set[tuple[int, int, str]], actors: Any) -> set[tuple[int, int, str]]:
    out = set(spans)
    for actor in actors:
        label = KIND_TO_CONLL.get(actor.kind)
        if label is None:
            continue
        for m in actor.mentions:
            overlapping = {s for s in out if s[0] < m.end and m.start < s[1]}
            out -= overlapping
            out.add((m.start, m.end, label))
    return out


def score_conll(path: str | Path, nlp: Any, limit: int | None = None) -> dict[str, Any]:
    """Precision, recall and F1 per type for both systems.

    Example:
        >>> score_conll("conllpp_test_corrected.jsonl", nlp)["undercurrent"]["ALL"]["f1"]  # doctest: +SKIP
    """
    from ..extract.actors import extract_actors

    rows = list(iter_conll(path))[:limit] if limit else list(iter_conll(path))
    counts = {sys_: {t: Counter() for t in TYPES} for sys_ in ("spacy", "undercurrent")}
    texts = [r["text"] for r in rows]
    for row, doc in zip(rows, nlp.pipe(texts, batch_size=64)):
        gold = {(e["start"], e["end"], e["type"]) for e in row["entities"] if e["type"] in TYPES}
        base = {
            (e.start_char, e.end_char, SPACY_TO_CONLL[e.label_]) for e in doc.ents if e.label_ in SPACY_TO_CONLL
        }
        ours = _with_actors(base, extract_actors(doc))
        for sys_, pred in (("spacy", base), ("undercurrent", ours)):
            for t in TYPES:
                g = {s for s in gold if s[2] == t}
                p = {s for s in pred if s[2] == t}
                counts[sys_][t]["tp"] += len(g & p)
                counts[sys_][t]["fp"] += len(p - g)
                counts[sys_][t]["fn"] += len(g - p)
    result: dict[str, Any] = {"sentences": len(rows)}
    for sys_, per in counts.items():
        table = {t: _prf(c["tp"], c["fp"], c["fn"]) for t, c in per.items()}
        total = sum(per.values(), Counter())
        table["ALL"] = _prf(total["tp"], total["fp"], total["fn"])
        result[sys_] = table
    return result
