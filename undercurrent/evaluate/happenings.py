"""Pairwise link precision and recall of the happening resolver on ``happenings_gold.yaml``.

Each labelled report gives the fields the extractors read from one outlet's telling; every pair of
reports is scored: linked by :func:`..resolve.happenings.match_happenings` or not, against whether
the two carry the same ``happening`` label.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..resolve.happenings import HappeningView, match_happenings


def _view(r: dict[str, Any]) -> HappeningView:
    date = r.get("date")
    return HappeningView(
        id=r["id"], story=r["id"], type=r["type"], mode=r.get("mode"),
        actors=frozenset(r.get("actors") or ()), recipients=frozenset(r.get("recipients") or ()),
        people=frozenset(r.get("people") or ()), date_start=date, date_end=None, place=r.get("place"),
        item=r.get("item"), quantity=r.get("quantity"),
    )


def score_happenings(path: str | Path) -> dict[str, Any]:
    """precision, recall, f1 of cross-report links, and the wrong pairs (``false_links``, ``missed``)."""
    try:
        reports = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["reports"]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the labelled happenings ({exc})") from exc
    views = [(_view(r), r["happening"]) for r in reports]
    tp = fp = fn = 0
    false_links, missed = [], []
    for i, (a, ga) in enumerate(views):
        for b, gb in views[i + 1 :]:
            linked = match_happenings(a, b) is not None
            same = ga == gb
            if linked and same:
                tp += 1
            elif linked:
                fp += 1
                false_links.append((a.id, b.id))
            elif same:
                fn += 1
                missed.append((a.id, b.id))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3), "reports": len(views),
        "gold_pairs": tp + fn, "linked_pairs": tp + fp, "false_links": false_links, "missed": missed,
    }
