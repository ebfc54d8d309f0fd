"""TempEval-3 task A scoring of :func:`undercurrent.extract.timex.find_timexes`.

Definitions follow the TempEval-3 task report (UzZaman et al., 2013):

* strict match: system and gold extents are identical;
* relaxed match: the extents overlap;
* P/R/F1 of recognition count one-to-one matches;
* attribute F1 (value, type) = attribute accuracy on relaxed matches x relaxed F1,
  i.e. precision = correct attribute / system timexes and recall = correct / gold.

The document creation time (``dct.value``) is the anchor of every document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..extract.timex import find_timexes

_TYPE_OF_KIND = {"date": "DATE", "time": "TIME", "duration": "DURATION", "set": "SET"}


@dataclass(frozen=True, slots=True)
class _Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def __add__(self, other: "_Counts") -> "_Counts":
        return _Counts(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.gold, self.system, self.strict, self.relaxed, self.value, self.type)


def _prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def read_tempeval(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Read a TempEval-3 JSON Lines file (one document a line)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    docs = [json.loads(line) for line in lines if line.strip()]
    return docs[:limit] if limit else docs


def _match(gold: list[dict[str, Any]], system: list[Any]) -> _Counts:
    """Greedy one-to-one matching: strict pairs first, then any remaining overlap."""
    used_gold: set[int] = set()
    pairs: list[tuple[dict[str, Any], Any]] = []
    strict = 0
    rest = []
    for tx in system:
        hit = next(
            (i for i, g in enumerate(gold) if i not in used_gold and g["start"] == tx.span.start and g["end"] == tx.span.end),
            None,
        )
        if hit is None:
            rest.append(tx)
        else:
            used_gold.add(hit)
            pairs.append((gold[hit], tx))
            strict += 1
    for tx in rest:
        hit = next(
            (i for i, g in enumerate(gold) if i not in used_gold and g["start"] < tx.span.end and tx.span.start < g["end"]),
            None,
        )
        if hit is not None:
            used_gold.add(hit)
            pairs.append((gold[hit], tx))
    value = sum(1 for g, tx in pairs if tx.timex_value is not None and tx.timex_value == g.get("value"))
    typ = sum(1 for g, tx in pairs if _TYPE_OF_KIND.get(tx.kind) == g.get("type"))
    return _Counts(len(gold), len(system), strict, len(pairs), value, typ)


def score_tempeval(path: str | Path, nlp: Any, limit: int | None = None, batch_size: int = 8) -> dict[str, float]:
    """Score recognition and normalisation on a TempEval-3 JSON Lines file.

    Args:
        path: the ``*.jsonl`` file (fields ``dct.value``, ``text``, ``timexes``).
        nlp: a loaded spaCy pipeline.
        limit: score only the first ``limit`` documents (for quick iterations).
        batch_size: documents per ``nlp.pipe`` batch.

    Returns:
        Percentages rounded to two places: strict and relaxed P/R/F1, value F1,
        type F1, value and type accuracy on relaxed matches, plus counts.

    Example:
        >>> score_tempeval("timeml_te3_platinum.jsonl", load_nlp("md"))["value_f1"]  # doctest: +SKIP
    """
    docs = read_tempeval(path, limit)
    total = _Counts()
    texts = (d["text"] for d in docs)
    for doc, sdoc in zip(docs, nlp.pipe(texts, batch_size=batch_size)):
        system = find_timexes(sdoc, doc["dct"]["value"][:10])
        total = total + _match(doc["timexes"], system)
    sp, sr, sf = _prf(total.strict, total.system, total.gold)
    rp, rr, rf = _prf(total.relaxed, total.system, total.gold)
    _, _, vf = _prf(total.value, total.system, total.gold)
    _, _, tf = _prf(total.type, total.system, total.gold)
    figures = {
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "value_f1": vf, "type_f1": tf,
        "value_accuracy": total.value / total.relaxed if total.relaxed else 0.0,
        "type_accuracy": total.type / total.relaxed if total.relaxed else 0.0,
    }  # fmt: skip
    result = {k: round(100 * v, 2) for k, v in figures.items()}
    result.update({"documents": len(docs), "gold": total.gold, "system": total.system})
    return result


def main(argv: list[str] | None = None) -> None:
    """Print the figures: ``python -m undercurrent.evaluate.timex FILE [md|sm] [LIMIT]``."""
    import sys

    from ..nlp import load_nlp

    args = sys.argv[1:] if argv is None else argv
    if not args:
        raise SystemExit("usage: python -m undercurrent.evaluate.timex FILE.jsonl [md|sm] [LIMIT]")
    model = args[1] if len(args) > 1 else "md"
    limit = int(args[2]) if len(args) > 2 else None
    print(json.dumps(score_tempeval(args[0], load_nlp(model), limit=limit), indent=2))


if __name__ == "__main__":
    main()
