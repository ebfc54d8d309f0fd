"""``eval news``: ``read``'s output scored on a set of real news with hand-written gold.

The set is two JSON Lines files side by side (the ``ir_news_dev`` layout): the texts
(``id``, ``text``, ``title``, ``date``, ...) and ``gold.jsonl`` (``id``, ``doc_date``,
``countries``, ``people``, ``meetings``, ``events``). Each text is read as ``ingest`` reads a
JSON Lines record (its ``date`` is the page date), cleaned and analysed as ``read`` does, and
the JSON that ``read --json`` would print is what gets scored. The scoring rules are the set's
own (its ``GUIDELINES.md``); in short:

- people: a predicted person matches a gold person when a surface form matches, case- and
  accent-folded, at surname level; sector accuracy over matched people whose role is stated;
- events, mention level: same type, gold source among the predicted actors (their state codes
  count), gold target (when not null) among the recipients; CONSULT, AGREE, COOPERATE and SUPPORT
  are undirected; each gold event is used once;
- events, tuple level: per document, the distinct (type, source, target) tuples of each side;
- dates: over matched events with a gold date, the predicted occurrence starts with it; and, not
  tied to the event matching, ``by_sentence``: over gold events with a date whose evidence lies in
  the sentence of a predicted event, the share where one of that sentence's events has the date;
- modality: over matched events, agreement on "it happened" versus not;
- meetings: for each gold meeting, the best predicted meeting's share of its participants.

Beyond the guidelines, two writing-date figures: the share of dated documents whose page date we
flag as contradicted by the text (they are not republished copies, so every flag is false), and
the share of documents dated within one month when the page date is withheld.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError

UNDIRECTED = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT"})
HAPPENED = frozenset({"asserted", "reported", "historical"})
NOT_STATED = "(not stated)"


# ----------------------------------------------------------------------------- reading the set


@dataclass(frozen=True, slots=True)
class NewsSet:
    texts_path: Path
    gold_path: Path


def find_set(data: str | Path) -> NewsSet:
    """The texts and gold files of a set: a folder holding both, or the texts file with ``gold.jsonl`` beside it."""
    data = Path(data)
    folder = data if data.is_dir() else data.parent
    gold = folder / "gold.jsonl"
    if data.is_dir():
        texts = [p for p in sorted(folder.glob("*.jsonl")) if p.name != "gold.jsonl"]
        if len(texts) != 1:
            raise InputError(f"{folder}: expected one texts file (*.jsonl) beside gold.jsonl, found {len(texts)}")
        texts_path = texts[0]
    else:
        texts_path = data
    if not gold.is_file():
        raise InputError(f"{folder}: no gold.jsonl beside the texts")
    return NewsSet(texts_path, gold)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


# ----------------------------------------------------------------------------- labels


def fold(text: str | None) -> str:
    """Lower case, accents off, one space between words.

    Example:
        >>> fold("  Recep Tayyip  Erdoğan ")
        'recep tayyip erdogan'
    """
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def last_word(text: str | None) -> str:
    """The folded last word of a name, without a possessive ("Erdogan's" -> "erdogan")."""
    words = re.findall(r"[\w'-]+", fold(text))
    return re.sub(r"'s$", "", words[-1]) if words else ""


def gold_label(code: str | None) -> str | None:
    """A gold actor code as compared: codes as written, plain names by their folded last word."""
    if not code:
        return None
    if re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", code):
        return code
    return last_word(code)


def actor_labels(actor: dict[str, Any]) -> tuple[str, set[str]]:
    """An actor of ``read --json`` as the scorer sees it: its one label and every label it answers to.

    The one label (tuple level) is the state code, else the body's code, else the last word of the
    name; the set (mention level) adds the name's last word to the code.
    """
    aid = actor.get("id") or ""
    code = actor.get("country")
    if aid.startswith("igo:"):
        code = aid[4:]
    labels = {last_word(actor.get("name"))}
    if code:
        labels.add(code)
    labels.discard("")
    return (code or last_word(actor.get("name"))), labels


# ----------------------------------------------------------------------------- scoring one document


@dataclass
class Tally:
    """Counts summed over documents; figures are computed from them at the end."""

    people_pred: int = 0
    people_gold: int = 0
    people_tp: int = 0
    sector_total: int = 0
    sector_ok: int = 0
    ev_pred: int = 0
    ev_gold: int = 0
    ev_tp: int = 0
    tu_pred: int = 0
    tu_gold: int = 0
    tu_pred_ok: int = 0
    tu_gold_ok: int = 0
    date_total: int = 0
    date_ok: int = 0
    sent_date_total: int = 0
    sent_date_ok: int = 0
    modality_ok: int = 0
    meetings_gold: int = 0
    meeting_recall_sum: float = 0.0
    docs: int = 0
    failed: int = 0
    dated_docs: int = 0
    conflicts: int = 0
    doc_dates: int = 0
    inferred_ok: int = 0


def _match_people(pred: list[dict[str, Any]], gold: list[dict[str, Any]], t: Tally) -> None:
    people = [a for a in pred if a.get("kind") == "person"]
    t.people_pred += len(people)
    t.people_gold += len(gold)
    used: set[int] = set()
    for g in gold:
        keys = {last_word(s) for s in g.get("surface") or ()} | {last_word(g.get("name"))}
        keys.discard("")
        for i, p in enumerate(people):
            if i in used:
                continue
            surfaces = [p.get("name"), *(p.get("aliases") or ()), *(m.get("text") for m in p.get("mentions") or ())]
            if keys & {last_word(s) for s in surfaces}:
                used.add(i)
                t.people_tp += 1
                if (g.get("role") or NOT_STATED) != NOT_STATED and g.get("sector"):
                    t.sector_total += 1
                    t.sector_ok += g["sector"] in {r.get("sector") for r in p.get("roles") or ()}
                break


def _parties(event: dict[str, Any], labels: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    actors: set[str] = set()
    recipients: set[str] = set()
    for aid in event.get("actors") or ():
        actors |= labels.get(aid, set())
    for aid in event.get("recipients") or ():
        recipients |= labels.get(aid, set())
    return actors, recipients


def event_matches(pred: dict[str, Any], gold: dict[str, Any], labels: dict[str, set[str]]) -> bool:
    """Whether a predicted event matches a gold one at mention level (type, source, target)."""
    if pred.get("type") != gold.get("type"):
        return False
    actors, recipients = _parties(pred, labels)
    source, target = gold_label(gold.get("source")), gold_label(gold.get("target"))
    if gold["type"] in UNDIRECTED:
        both = actors | recipients
        return source in both and (target is None or target in both)
    return source in actors and (target is None or target in recipients)


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", fold(text)).strip()


def _evidence_text(event: dict[str, Any], text: str) -> str:
    spans = [event.get("evidence") or {}, *(event.get("extra_evidence") or ())]
    return " ".join(str(s.get("text") or "") for s in spans)


def date_right(pred: dict[str, Any], gold_date: str) -> bool:
    """The predicted occurrence starts with the gold date at the gold granularity.

    Example:
        >>> date_right({"occurred": {"start": "2023-03-21"}}, "2023-03"), date_right({"occurred": {"start": "2023"}}, "2023-03")
        (True, False)
    """
    start = (pred.get("occurred") or {}).get("start") or ""
    return bool(start) and start.startswith(gold_date)


@dataclass(frozen=True, slots=True)
class EventError:
    """A missed gold event or a false predicted one, for ``--errors``."""

    doc: str
    kind: str  # "missed" or "false"
    type: str
    parties: str
    date: str
    sentence: str


def _match_events(
    doc_id: str, out: dict[str, Any], gold: list[dict[str, Any]], t: Tally,
    per_type: dict[str, Counter], errors: list[EventError] | None,
) -> None:  # fmt: skip
    actors = {a["id"]: a for a in out.get("actors") or ()}
    labels = {aid: actor_labels(a)[1] for aid, a in actors.items()}
    one_label = {aid: actor_labels(a)[0] for aid, a in actors.items()}
    pred = list(out.get("events") or ())
    t.ev_pred += len(pred)
    t.ev_gold += len(gold)
    for e in pred:
        per_type[e.get("type", "?")]["pred"] += 1
    for g in gold:
        per_type[g["type"]]["gold"] += 1
    text = (out.get("document") or {}).get("text") or ""
    used: set[int] = set()
    matched_pred: set[int] = set()
    for i, e in enumerate(pred):
        candidates = [j for j, g in enumerate(gold) if j not in used and event_matches(e, g, labels)]
        if not candidates:
            continue
        # Among gold events that fit, prefer the one whose evidence the predicted sentence holds.
        said = _squash(_evidence_text(e, text))
        j = next((j for j in candidates if _squash(gold[j].get("evidence") or "") in said), candidates[0])
        used.add(j)
        matched_pred.add(i)
        g = gold[j]
        t.ev_tp += 1
        per_type[g["type"]]["tp"] += 1
        if g.get("date"):
            t.date_total += 1
            t.date_ok += date_right(e, g["date"])
        t.modality_ok += (e.get("modality") in HAPPENED) == (g.get("modality") in HAPPENED)
    _match_tuples(pred, gold, one_label, t)
    _sentence_dates(pred, gold, text, t)
    if errors is None:
        return
    for j, g in enumerate(gold):
        if j not in used:
            errors.append(EventError(doc_id, "missed", g["type"], f"{g.get('source')} -> {g.get('target')}",
                                     g.get("date") or "", g.get("evidence") or ""))  # fmt: skip
    for i, e in enumerate(pred):
        if i not in matched_pred:
            names = lambda ids: ",".join(one_label.get(a, a) for a in ids)  # noqa: E731
            errors.append(EventError(doc_id, "false", e.get("type", "?"),
                                     f"{names(e.get('actors') or ())} -> {names(e.get('recipients') or ())}",
                                     (e.get("occurred") or {}).get("start") or "", _evidence_text(e, text)))  # fmt: skip


def predicted_tuples(events: Iterable[dict[str, Any]], one_label: dict[str, str]) -> set[tuple[str, str, str]]:
    """Per the guidelines: undirected types give one tuple per pair of parties (sorted), directed ones
    one per actor and recipient; an empty side is ""."""
    out: set[tuple[str, str, str]] = set()
    for e in events:
        kind = e.get("type", "?")
        actors = sorted({one_label.get(a, a) for a in e.get("actors") or ()})
        recipients = sorted({one_label.get(a, a) for a in e.get("recipients") or ()})
        if kind in UNDIRECTED:
            parties = sorted(set(actors) | set(recipients))
            if len(parties) == 1:
                out.add((kind, parties[0], ""))
            out |= {(kind, a, b) for n, a in enumerate(parties) for b in parties[n + 1:]}
        else:
            for a in actors:
                out |= {(kind, a, r) for r in recipients} if recipients else {(kind, a, "")}
    return out


def _tuple_fits(g: tuple[str, str, str], p: tuple[str, str, str]) -> bool:
    kind, source, target = g
    if p[0] != kind:
        return False
    if kind in UNDIRECTED:
        held = {p[1], p[2]}
        return source in held and (not target or target in held)
    return p[1] == source and (not target or p[2] == target)


def _sentence_dates(pred: list[dict[str, Any]], gold: list[dict[str, Any]], text: str, t: Tally) -> None:
    """Dates by sentence, whatever the event matching: over gold events with a date whose evidence
    lies in the sentence of some predicted event, the share where one of those events has the date."""
    said = [(_squash(_evidence_text(e, text)), e) for e in pred]
    for g in gold:
        evidence = _squash(g.get("evidence") or "")
        if not g.get("date") or not evidence:
            continue
        here = [e for s, e in said if evidence in s]
        if here:
            t.sent_date_total += 1
            t.sent_date_ok += any(date_right(e, g["date"]) for e in here)


def _match_tuples(pred: list[dict[str, Any]], gold: list[dict[str, Any]], one_label: dict[str, str], t: Tally) -> None:
    p_tuples = predicted_tuples(pred, one_label)
    g_tuples = {(g["type"], gold_label(g.get("source")) or "", gold_label(g.get("target")) or "") for g in gold}
    t.tu_pred += len(p_tuples)
    t.tu_gold += len(g_tuples)
    t.tu_gold_ok += sum(any(_tuple_fits(g, p) for p in p_tuples) for g in g_tuples)
    t.tu_pred_ok += sum(any(_tuple_fits(g, p) for g in g_tuples) for p in p_tuples)


def _match_meetings(out: dict[str, Any], gold: dict[str, Any], t: Tally) -> None:
    surfaces = {p.get("name"): {last_word(s) for s in [p.get("name"), *(p.get("surface") or ())]} for p in gold.get("people") or ()}
    predicted = [{last_word(x.get("name")) for x in m.get("participants") or ()} for m in out.get("meetings") or ()]
    for m in gold.get("meetings") or ():
        wanted = [surfaces.get(name, {last_word(name)}) for name in m.get("participants") or ()]
        if not wanted:
            continue
        t.meetings_gold += 1
        best = max((sum(bool(w & found) for w in wanted) for found in predicted), default=0)
        t.meeting_recall_sum += best / len(wanted)


def _within_month(inferred: str | None, truth: str) -> bool:
    """An inference of at least month precision within 31 days (day truth) or one month (month truth)."""
    if not inferred or len(inferred) < 7:
        return False
    if len(truth) >= 10:
        start = _date.fromisoformat(inferred[:10] if len(inferred) >= 10 else inferred[:7] + "-01")
        if len(inferred) < 10:  # a month: distance to its nearest day
            nxt = _date(start.year + start.month // 12, start.month % 12 + 1, 1)
            t = _date.fromisoformat(truth[:10])
            return (start.toordinal() - 31) <= t.toordinal() <= (nxt.toordinal() + 30)
        return abs(start.toordinal() - _date.fromisoformat(truth[:10]).toordinal()) <= 31
    a = int(inferred[:4]) * 12 + int(inferred[5:7])
    b = int(truth[:4]) * 12 + int(truth[5:7])
    return abs(a - b) <= 1


# ----------------------------------------------------------------------------- the whole set


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def score_news(data: str | Path, nlp: Any, settings: Settings, limit: int | None = None,
               with_errors: bool = False) -> dict[str, Any]:  # fmt: skip
    """Read every text of the set and score the output against its gold.

    Returns a dict of figures (``people``, ``events``, ``tuples``, ``dates``, ``modality``,
    ``meetings``, ``writing_date``, ``per_type``, ``states``) and, with ``with_errors``, the
    ``errors`` (missed and false events with their sentences).
    """
    from ..clean import clean_document
    from ..extract.dating import infer_writing_date
    from ..ingest import iter_raw_documents
    from ..ontology.countries import country_table
    from ..pipeline import _analyse_guarded
    from ..records import Rejected

    news = find_set(data)
    gold = {g["id"]: g for g in _read_jsonl(news.gold_path)}
    line_ids = _line_ids(news.texts_path)
    docs = []
    failed: list[str] = []
    for raw in iter_raw_documents([str(news.texts_path)], settings):
        if limit and len(docs) + len(failed) >= limit:
            break
        cleaned = raw if isinstance(raw, Rejected) else clean_document(raw, settings)
        if isinstance(cleaned, Rejected):
            failed.append(f"{cleaned.origin}: {cleaned.reason}")
            continue
        docs.append(cleaned)
    ids = [line_ids.get(d.origin.rsplit("#", 1)[-1], d.origin) for d in docs]
    t = Tally(failed=len(failed))
    per_type: dict[str, Counter] = defaultdict(Counter)
    errors: list[EventError] | None = [] if with_errors else None
    from ..ontology.loader import load_yaml

    known = {c.code for c in country_table()} | {str(b["key"]) for b in load_yaml("igos.yaml")["igos"]}
    gold_states: set[str] = set()
    for doc, doc_id, sdoc in zip(docs, ids, nlp.pipe((d.text for d in docs), batch_size=settings.batch_size)):
        g = gold.get(doc_id)
        if g is None:
            continue
        gold_states |= {c for c in g.get("countries") or () if re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", c)}
        result = _analyse_guarded(doc, sdoc, settings)
        if isinstance(result, Rejected):
            t.failed += 1
            failed.append(f"{doc_id}: {result.reason}")
            continue
        out = result.to_json()
        t.docs += 1
        _match_people(out.get("actors") or [], g.get("people") or [], t)
        _match_events(doc_id, out, g.get("events") or [], t, per_type, errors)
        _match_meetings(out, g, t)
        if doc.claimed_date:
            t.dated_docs += 1
            t.conflicts += bool(out["document"]["date_conflict"])
        if g.get("doc_date"):
            t.doc_dates += 1
            inferred, _, _ = infer_writing_date(sdoc, None, settings.date_conflict_days)
            t.inferred_ok += _within_month(inferred.value if inferred else None, g["doc_date"])
    return _figures(t, per_type, errors, failed, known, gold_states)


def _line_ids(path: Path) -> dict[str, str]:
    """Record id by line number (1-based, as ingest numbers a JSON Lines file's ``path#N`` origins)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    out = {}
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                out[str(n)] = str(json.loads(line).get("id") or n)
            except (ValueError, AttributeError):
                continue
    return out


def _figures(t: Tally, per_type: dict[str, Counter], errors: list[EventError] | None, failed: list[str],
             known: set[str], gold_states: set[str]) -> dict[str, Any]:  # fmt: skip
    pp, pr = _ratio(t.people_tp, t.people_pred), _ratio(t.people_tp, t.people_gold)
    ep, er = _ratio(t.ev_tp, t.ev_pred), _ratio(t.ev_tp, t.ev_gold)
    tp, tr = _ratio(t.tu_pred_ok, t.tu_pred), _ratio(t.tu_gold_ok, t.tu_gold)
    out: dict[str, Any] = {
        "documents": t.docs,
        "failed": failed,
        "people": {"precision": pp, "recall": pr, "f1": _f1(pp, pr), "predicted": t.people_pred, "gold": t.people_gold,
                   "sector_accuracy": _ratio(t.sector_ok, t.sector_total), "sector_scored": t.sector_total},
        "events": {"precision": ep, "recall": er, "f1": _f1(ep, er), "predicted": t.ev_pred, "gold": t.ev_gold,
                   "matched": t.ev_tp},
        "tuples": {"precision": tp, "recall": tr, "f1": _f1(tp, tr), "predicted": t.tu_pred, "gold": t.tu_gold},
        "dates": {"accuracy": _ratio(t.date_ok, t.date_total), "scored": t.date_total,
                  "by_sentence": _ratio(t.sent_date_ok, t.sent_date_total), "sentences_scored": t.sent_date_total},
        "modality": {"accuracy": _ratio(t.modality_ok, t.ev_tp), "scored": t.ev_tp},
        "meetings": {"participant_recall": _ratio(t.meeting_recall_sum, t.meetings_gold), "gold": t.meetings_gold},
        "writing_date": {
            "conflict_share": _ratio(t.conflicts, t.dated_docs), "dated_documents": t.dated_docs,
            "within_month_undated": _ratio(t.inferred_ok, t.doc_dates), "gold_doc_dates": t.doc_dates,
        },
        "states": {"gold": len(gold_states), "unknown": sorted(gold_states - known)},  # states and bodies
        "per_type": {
            k: {"gold": c["gold"], "predicted": c["pred"], "matched": c["tp"],
                "precision": _ratio(c["tp"], c["pred"]), "recall": _ratio(c["tp"], c["gold"])}
            for k, c in sorted(per_type.items())
        },
    }  # fmt: skip
    if errors is not None:
        out["errors"] = [_error_json(e) for e in errors]
    return out


def _error_json(e: EventError) -> dict[str, str]:
    return {"doc": e.doc, "kind": e.kind, "type": e.type, "parties": e.parties, "date": e.date, "sentence": e.sentence}
