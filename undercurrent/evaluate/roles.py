"""Score role extraction on a labelled set of sentences (precision and recall on (person, sector)).

The labelled set is YAML (``tests/fixtures/roles_gold.yaml`` is ours): ``as_of`` and
``items``, each with ``text``, ``form`` and ``expect`` [{person, title, organization,
sector}]. Groups are written ``person: "group:<ISO3>"``. Only roles read from the
text count (dictionary roles are not the extractor's work).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..extract.actors import extract_actors
from ..resolve.people import name_key


def _keys(actor: Any) -> set[str]:
    if actor.kind == "group":
        return {f"group:{actor.country}"}
    return {name_key(actor.name), *(name_key(a) for a in actor.aliases)}


def _pairs_found(actors: tuple[Any, ...]) -> list[tuple[set[str], str]]:
    out = []
    for actor in actors:
        if actor.kind not in ("person", "group"):
            continue
        for sector in sorted({r.sector for r in actor.roles if r.source == "text" and r.sector}):
            out.append((_keys(actor), sector))
    return out


def _gold_key(person: str) -> str:
    return person if person.startswith("group:") else name_key(person)


def score_roles(gold_path: str | Path, nlp: Any) -> dict[str, Any]:
    """Precision, recall and F1 of (person, sector) pairs, overall and per form.

    Example:
        >>> score_roles("tests/fixtures/roles_gold.yaml", load_nlp("sm"))["precision"]  # doctest: +SKIP
        0.95
    """
    try:
        data = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the labelled role set {gold_path}: {exc}") from exc
    as_of = data.get("as_of")
    items = data["items"]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    errors: list[dict[str, Any]] = []
    for item, sdoc in zip(items, nlp.pipe(item["text"] for item in items)):
        gold = {(_gold_key(e["person"]), e["sector"]) for e in item["expect"]}
        found = _pairs_found(extract_actors(sdoc, as_of=as_of))
        matched: set[tuple[str, str]] = set()
        tp = fp = 0
        wrong = []
        for keys, sector in found:
            hit = next((g for g in gold if g[1] == sector and g[0] in keys and g not in matched), None)
            if hit is not None:
                matched.add(hit)
                tp += 1
            else:
                fp += 1
                wrong.append((sorted(keys)[0], sector))
        fn = len(gold - matched)
        for form in (item["form"], "all"):
            counts[form][0] += tp
            counts[form][1] += fp
            counts[form][2] += fn
        if fp or fn:
            errors.append({"text": item["text"], "extra": wrong, "missed": sorted(gold - matched)})
    result: dict[str, Any] = {"items": len(items), "forms": {}, "errors": errors}
    for form, (tp, fp, fn) in sorted(counts.items()):
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        row = {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3),
               "f1": round(f1, 3)}
        if form == "all":
            result.update(row)
        else:
            result["forms"][form] = row
    return result
