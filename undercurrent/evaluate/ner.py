"""People, organisations and locations on CoNLL-2003 (original and CoNLL++).

Two systems are scored on the same sentences in one run:

- ``spacy``: the pipeline's own entities, OntoNotes labels mapped
  PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC (NORP and the rest are not scored);
- ``undercurrent``: the same entities, corrected by the names our actor
  extractor found (person->PER, organization/igo->ORG, a state's name or
  capital->LOC). An actor name replaces the spaCy entities it overlaps unless
  one of them strictly contains it ("U.S." inside "U.S. Treasury" stays ORG),
  and adds the names spaCy missed. Demonyms ("Chinese"), seats of power
  ("the Kremlin") and descriptions ("the Russian leader") are not names in
  CoNLL terms and are left to spaCy.

Both systems' spans follow the CoNLL annotation convention before matching:
a leading determiner and a trailing possessive are outside the entity
("the European Union" -> "European Union", "Putin's" -> "Putin").
Matching is exact on character offsets, per type; MISC is not scored.

A sentence on which our extractor raises is not dropped: it is scored with
spaCy's entities alone for both systems and listed under ``failures`` (id and
error), so one extractor bug shows up in the figures' report instead of
ending a run of thousands of sentences.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ontology import normalise_country

SPACY_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
KIND_TO_CONLL = {"person": "PER", "organization": "ORG", "igo": "ORG", "state": "LOC"}
TYPES = ("PER", "ORG", "LOC")
# CoNLL-2003 guidelines keep determiners and the possessive clitic (its own token) outside entities.
DETERMINERS = ("the ", "The ", "THE ")
POSSESSIVES = ("'s", "\u2019s", "'")
BATCH_SIZE = 64  # sentences per nlp.pipe batch; CoNLL sentences are short

Entity = tuple[int, int, str]


def iter_conll(path: str | Path) -> Iterator[dict[str, Any]]:
    """Sentences of a CoNLL JSON Lines file (fields ``text`` and ``entities``)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such CoNLL JSON Lines file")
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def conll_files(path: str | Path) -> list[Path]:
    """The CoNLL files to score: ``path`` itself, or every ``*.jsonl`` in a folder, sorted."""
    p = Path(path)
    files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
    if not files or not all(f.is_file() for f in files):
        raise InputError(f"{p}: no CoNLL JSON Lines file (give a .jsonl file or a folder holding some)")
    return files


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def conll_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """The extent CoNLL would annotate: without a leading determiner or a trailing possessive.

    Example:
        >>> conll_extent("the European Union's plan", 0, 20)
        (4, 18)
    """
    for det in DETERMINERS:
        if text.startswith(det, start) and end - start > len(det):
            start += len(det)
            break
    for pos in POSSESSIVES:
        if text.endswith(pos, start, end) and end - start > len(pos):
            end -= len(pos)
            break
    return start, end


def _actor_names(text: str, actors: Iterable[Any]) -> set[Entity]:
    """Actor mentions that are names in the CoNLL sense, with their CoNLL label."""
    out: set[Entity] = set()
    for actor in actors:
        label = KIND_TO_CONLL.get(actor.kind)
        if label is None:
            continue
        for m in actor.mentions:
            start, end = conll_extent(text, m.start, m.end)
            surface = text[start:end]
            if not surface[:1].isupper():
                continue
            if actor.kind == "state" and not normalise_country(surface, kinds=("name", "capital")):
                continue
            if actor.kind == "person" and not all(w[:1].isupper() for w in surface.split()):
                continue
            out.add((start, end, label))
    return out


def merge_actor_names(spacy_ents: set[Entity], names: set[Entity]) -> set[Entity]:
    """spaCy's entities corrected by our actor names (see the module docstring).

    Example:
        >>> sorted(merge_actor_names({(0, 13, "ORG"), (20, 25, "ORG")}, {(0, 4, "LOC"), (20, 25, "PER")}))
        [(0, 13, 'ORG'), (20, 25, 'PER')]
    """
    out = set(spacy_ents)
    for start, end, label in sorted(names):
        overlapping = {s for s in out if s[0] < end and start < s[1]}
        if any(s[0] <= start and end <= s[1] and (s[0], s[1]) != (start, end) for s in overlapping):
            continue
        out -= overlapping
        out.add((start, end, label))
    return out


def _count(counts: dict[str, Counter], gold: set[Entity], pred: set[Entity]) -> None:
    for t in TYPES:
        g = {s for s in gold if s[2] == t}
        p = {s for s in pred if s[2] == t}
        counts[t]["tp"] += len(g & p)
        counts[t]["fp"] += len(p - g)
        counts[t]["fn"] += len(g - p)


def score_conll(path: str | Path, nlp: Any, limit: int | None = None) -> dict[str, Any]:
    """Precision, recall and F1 per type (and ``ALL``) for both systems on one CoNLL file.

    Args:
        path: a CoNLL JSON Lines file.
        nlp: a loaded spaCy pipeline.
        limit: score only the first ``limit`` sentences.

    Returns:
        ``{"sentences": n, "failures": [...], "spacy": {type: figures}, "undercurrent": {type: figures}}``,
        figures being precision, recall, F1 (four places) and tp/fp/fn counts; ``failures``
        lists the sentences on which the actor extractor raised (id: error).

    Example:
        >>> score_conll("conllpp_test_corrected.jsonl", nlp)["undercurrent"]["ALL"]["f1"]  # doctest: +SKIP
    """
    from ..extract.actors import extract_actors

    rows = list(iter_conll(path))
    rows = rows[:limit] if limit else rows
    counts = {sys_: {t: Counter() for t in TYPES} for sys_ in ("spacy", "undercurrent")}
    failures: list[str] = []
    for n, (row, doc) in enumerate(zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=BATCH_SIZE))):
        gold = {(e["start"], e["end"], e["type"]) for e in row["entities"] if e["type"] in TYPES}
        base = {
            (*conll_extent(doc.text, e.start_char, e.end_char), SPACY_TO_CONLL[e.label_])
            for e in doc.ents
            if e.label_ in SPACY_TO_CONLL
        }
        try:
            actors = extract_actors(doc)
        except Exception as exc:  # recorded and reported below: the harness measures, it does not hide
            failures.append(f"{row.get('id', n)}: {type(exc).__name__}: {exc}")
            actors = ()
        ours = merge_actor_names(base, _actor_names(doc.text, actors))
        _count(counts["spacy"], gold, base)
        _count(counts["undercurrent"], gold, ours)
    result: dict[str, Any] = {"sentences": len(rows), "failures": failures}
    for sys_, per in counts.items():
        table = {t: _prf(c["tp"], c["fp"], c["fn"]) for t, c in per.items()}
        total = sum(per.values(), Counter())
        table["ALL"] = _prf(total["tp"], total["fp"], total["fn"])
        result[sys_] = table
    return result
