"""Scorers for event extraction: our labelled set, the PLOVER gold-standard records and CASE 2021.

Each scorer runs the real pipeline pieces (quality, time expressions, actors,
events) on every sentence and returns a plain dict of counts and ratios,
rounded to four places, so that ``undercurrent eval`` and the tests share it.

Example:
    >>> from undercurrent.nlp import load_nlp  # doctest: +SKIP
    >>> score_events("tests/fixtures/events_gold.yaml", load_nlp("sm"))["precision"]  # doctest: +SKIP
    0.9
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

from ..config import Settings
from ..errors import InputError
from ..ontology import normalise_country
from ..records import Actor, Event

# PLOVER 0.5b1 names in the GSR -> the 16 current types (brief and PLOVER changelog).
GSR_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
# CASE 2021 labels (ACLED sub-types and extras) with a PLOVER counterpart; the rest are not scored.
CASE2021_TO_PLOVER = {
    "ARMED_CLASH": "ASSAULT",
    "AIR_STRIKE": "ASSAULT",
    "ART_MISS_ATTACK": "ASSAULT",
    "ATTACK": "ASSAULT",
    "SUIC_BOMB": "ASSAULT",
    "GRENADE": "ASSAULT",
    "REM_EXPLOS": "ASSAULT",
    "CHEM_WEAP": "ASSAULT",
    "SEX_VIOL": "ASSAULT",
    "MOB_VIOL": "ASSAULT",
    "PEACE_PROTEST": "PROTEST",
    "PROTEST_WITH_INTER": "PROTEST",
    "VIOL_DEMONSTR": "PROTEST",
    "FORCE_AGAINST_PROTEST": "COERCE",
    "ARREST": "COERCE",
    "ABDUCT_DISSAP": "COERCE",
    "PROPERTY_DISTRUCT": "COERCE",
    "DISR_WEAP": "RETREAT",
    "AGREEMENT": "AGREE",
    "DIPLO": "CONSULT",
    "NON_VIOL_TERRIT_TRANSFER": "RETREAT",
    "GOV_REGAINS_TERIT": "ASSAULT",
    "NON_STATE_ACTOR_OVERTAKES_TER": "ASSAULT",
    "HQ_ESTABLISHED": "MOBILIZE",
}
ROUND = 4  # ratios are reported to four places
COMPLETE_DYAD = 0.5  # extract.events: below this a role slot held a named party no actor stands for


def _ratio(num: int, den: int) -> float:
    return round(num / den, ROUND) if den else 0.0


def actor_code(actor_id: str, actors: dict[str, Actor]) -> str:
    """The label a role is scored by: ISO3 for states and their people, the key for bodies, else the name."""
    if actor_id.startswith("state:"):
        return actor_id.split(":", 1)[1]
    if actor_id.startswith("igo:"):
        return actor_id.split(":", 1)[1]
    actor = actors.get(actor_id)
    if actor is None:
        return actor_id
    return actor.country or actor.name


def run_events(text: str, nlp: Any, anchor: str | None) -> tuple[tuple[Event, ...], dict[str, Actor]]:
    """Quality, time expressions, actors and events on one text, as the pipeline runs them."""
    from ..extract.actors import extract_actors
    from ..extract.events import extract_events
    from ..extract.quality import assess_quality
    from ..extract.timex import find_timexes

    sdoc = nlp(text)
    quality = assess_quality(sdoc)
    timexes = find_timexes(sdoc, anchor)
    actors = extract_actors(sdoc, as_of=anchor, settings=Settings())
    events = extract_events(sdoc, actors, timexes, anchor=anchor, reported=anchor, quality=quality)
    return events, {a.id: a for a in actors}


def _roles(ev: Event, actors: dict[str, Actor]) -> tuple[frozenset[str], frozenset[str]]:
    acts = frozenset(actor_code(a, actors) for a in ev.actors)
    recs = frozenset(actor_code(a, actors) for a in ev.recipients) - acts
    return acts, recs


def _date_ok(gold: str | None, ev: Event) -> bool:
    """Gold is an ISO prefix, or an open interval written "1989.." (from) or "..2014-09" (until), or null."""
    occ = ev.occurred
    if gold is None:
        return occ.start is None and occ.end is None
    if ".." in gold:
        lo, hi = gold.split("..")
        return occ.granularity == "interval" and (occ.start or "") == lo and (occ.end or "") == hi
    pred = occ.start
    return pred is not None and len(pred) >= len(gold) and pred[: len(gold)] == gold


def _load_gold(path: str | Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the event gold file {path}: {exc}") from exc
    return data["items"]


def score_events(gold_path: str | Path, nlp: Any) -> dict[str, Any]:
    """Type+actor+recipient precision and recall, date and modality accuracy on our labelled set."""
    per_type: dict[str, Counter] = defaultdict(Counter)
    tp = n_pred = n_gold = dates = modalities = 0
    complete = Counter()  # events at COMPLETE_DYAD confidence or above: predicted and right
    errors: list[str] = []
    items = _load_gold(gold_path)
    for item in items:
        events, actors = run_events(item["text"], nlp, str(item["anchor"]))
        gold = [dict(g) for g in item["events"]]
        n_gold += len(gold)
        n_pred += len(events)
        used: set[int] = set()
        for ev in events:
            acts, recs = _roles(ev, actors)
            is_complete = ev.confidence >= COMPLETE_DYAD
            complete["predicted"] += is_complete
            match = None
            for k, g in enumerate(gold):
                if k in used or g["type"] != ev.type:
                    continue
                if frozenset(map(str, g["actors"])) == acts and frozenset(map(str, g["recipients"])) == recs:
                    match = k
                    break
            if match is None:
                per_type[ev.type]["fp"] += 1
                errors.append(f"FP {ev.type} {sorted(acts)}->{sorted(recs)} | {item['text']}")
                continue
            used.add(match)
            g = gold[match]
            tp += 1
            complete["tp"] += is_complete
            per_type[ev.type]["tp"] += 1
            gold_date = None if g["occurred"] is None else str(g["occurred"])
            if _date_ok(gold_date, ev):
                dates += 1
            else:
                errors.append(f"DATE {gold_date} got {ev.occurred.start}..{ev.occurred.end} | {item['text']}")
            if ev.modality == g["modality"]:
                modalities += 1
            else:
                errors.append(f"MODALITY {g['modality']} got {ev.modality} | {item['text']}")
        for k, g in enumerate(gold):
            if k not in used:
                per_type[g["type"]]["fn"] += 1
                errors.append(f"FN {g['type']} {g['actors']}->{g['recipients']} | {item['text']}")
    return {
        "items": len(items),
        "gold": n_gold,
        "predicted": n_pred,
        "true_positives": tp,
        "precision": _ratio(tp, n_pred),
        "precision_complete_dyads": _ratio(complete["tp"], complete["predicted"]),
        "recall": _ratio(tp, n_gold),
        "date_accuracy": _ratio(dates, tp),
        "modality_accuracy": _ratio(modalities, tp),
        "per_type": {
            t: {
                "tp": c["tp"],
                "fp": c["fp"],
                "fn": c["fn"],
                "precision": _ratio(c["tp"], c["tp"] + c["fp"]),
                "recall": _ratio(c["tp"], c["tp"] + c["fn"]),
            }
            for t, c in sorted(per_type.items())
        },
        "errors": errors,
    }


def _read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def score_plover_gsr(path: str | Path, nlp: Any) -> dict[str, Any]:
    """Sentence-level event type and source/target states on the PLOVER gold-standard records.

    Type: a sentence's gold type (old names mapped by ``GSR_RENAMES``) against
    the set of types we code there. Dyads: for sentences where we code the
    gold type, does one of our events of that type have a gold source among
    its actors and (when the gold has a state target) a gold target among its
    recipients, or among its actors for a joint event coded with both sides as
    actors. Gold codes that are not ISO3 states ("IGO") are not scored.
    """
    rows = _read_jsonl(path)
    hit = coded = 0
    dyad_total = dyad_ok = 0
    per_type: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        gold_type = GSR_RENAMES.get(row["event"]["code"], row["event"]["code"])
        events, actors = run_events(row["text"], nlp, None)
        types = {e.type for e in events}
        per_type[gold_type]["gold"] += 1
        if events:
            coded += 1
        if gold_type in types:
            hit += 1
            per_type[gold_type]["hit"] += 1
            pairs = [
                (normalise_country(p["source"], kinds=("name",)), normalise_country(p["target"], kinds=("name",)))
                for p in row.get("events", [])
            ]
            pairs = [(s, t) for s, t in pairs if s]
            if pairs:
                dyad_total += 1
                ours = [_roles(e, actors) for e in events if e.type == gold_type]
                # a joint event ("Hungary and Romania agreed") holds both sides as actors
                if any(s in a and (t is None or t in r or t in a) for s, t in pairs for a, r in ours):
                    dyad_ok += 1
        for t in types - {gold_type}:
            per_type[t]["other"] += 1
    return {
        "sentences": len(rows),
        "coded_sentences": coded,
        "type_recall": _ratio(hit, len(rows)),
        "type_precision_on_coded": _ratio(hit, coded),
        "dyad_accuracy_on_hits": _ratio(dyad_ok, dyad_total),
        "dyads_scored": dyad_total,
        "per_type": {t: dict(c) for t, c in sorted(per_type.items())},
    }


def score_case2021(path: str | Path, nlp: Any) -> dict[str, Any]:
    """Event type on CASE 2021 task 2 for labels with a PLOVER counterpart (``CASE2021_TO_PLOVER``).

    A snippet counts as correct when the mapped type is among the types we
    code in it; precision is over snippets where we code anything.
    """
    rows = [r for r in _read_jsonl(path) if r["label"] in CASE2021_TO_PLOVER]
    hit = coded = 0
    confusion: Counter = Counter()
    for row in rows:
        expected = CASE2021_TO_PLOVER[row["label"]]
        events, _ = run_events(row["text"], nlp, None)
        types = {e.type for e in events}
        if types:
            coded += 1
        if expected in types:
            hit += 1
        else:
            confusion[f"{expected}->{','.join(sorted(types)) or 'none'}"] += 1
    return {
        "snippets": len(rows),
        "coded_snippets": coded,
        "type_recall": _ratio(hit, len(rows)),
        "type_precision_on_coded": _ratio(hit, coded),
        "top_confusions": dict(confusion.most_common(10)),
    }
