"""PLOVER events with evidence, roles, modality and three clocks.

Triggers (verbs and nouns, ``ontology/triggers.yaml``) are found in each
sentence; their roles are filled from the same clause of the dependency parse
and mapped to actors through the actors' mention spans. An event needs a
trigger, at least one actor and a sentence; nothing is glued across sentences.

Confidence says how the roles were found:

* 0.9 - verbal trigger whose actor (and recipient, if any) are its own arguments;
* 0.7 - one role inherited (coordination, control, relative clause, a pronoun)
  or taken from the owner of an object ("expelled Russian diplomats");
* 0.6 - nominal trigger whose actor is its possessor, its "by" phrase or the
  subject of its light verb ("held talks", "imposed an embargo");
* 0.5 - nominal trigger with actors only from modifiers or the governing clause;
* 0.3 - the recipient slot holds a named party (Kuwait, "American detainees")
  that maps to no actor of the document: the dyad is incomplete, so filter
  on confidence >= 0.5 for complete dyads.

Sentences flagged as garbled by the quality stage keep their events, but an
asserted (or historical) one becomes hedged and every confidence is multiplied by
``FLAGGED_FACTOR``: a garbled sentence never yields an asserted event.

Clocks: ``occurred`` is the date expression closest to the trigger in the
parse within the sentence, unless the path between them crosses a temporal
preposition ("following", "after", "since"...): such a date only bounds the
event (an open interval, "1989.." or "..2014-09") when no other date is found;
a year before a "when" clause dates that clause only; a date in a relative
clause of a participant is that clause's; else unknown. ``reported``
is the caller's ``reported``. ``disclosed`` comes from a later sentence that
says "the deal was not disclosed until ..." (see :func:`_apply_disclosures`);
``disclosure_lag_days`` counts from the first day of the occurred month or
year to the first day of the disclosed one. An asserted event whose date, or
a date it is said to follow or precede, lies more than ``HISTORICAL_YEARS``
before the anchor is "historical" (background), unless it was disclosed
within that window (then it is the news).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from ..nlp.sents import sent_of, sentences, text_of
from ..records import Actor, DateValue, Event, Quality, Span, TimeExpr, stable_id
from .eventnouns import noun_frame, verb_frame
from .eventroles import ActorIndex, noun_roles, np_actors, temporal_prep, verb_roles
from .modality import attribution, cues, read_modality

EXTRACTOR = "extract.events.rules.v1"
FLAGGED_FACTOR = 0.5  # garbled sentences: halve, so they rank below any clean reading
HISTORICAL_YEARS = 2  # DOMAIN.md: "well before" the writing date; two years keeps last year's news current
DISCLOSURE_WINDOW_SENTENCES = 3  # "the deal" refers back at most this many sentences (news paragraphs are short)
DISCLOSABLE = frozenset({"AID", "COOPERATE", "AGREE", "SUPPORT"})
UNKNOWN = DateValue(None, None, None)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


# --------------------------------------------------------------------------- clocks


def _first_day(iso: str) -> date:
    parts = [int(p) for p in iso.split("-")[:3]]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _lca(a: Any, b: Any) -> Any:
    seen = {a.i, *(x.i for x in a.ancestors)}
    for x in (b, *b.ancestors):
        if x.i in seen:
            return x
    return sent_of(a).root


def _through_complement(tok: Any, stop: Any) -> bool:
    node = tok
    while node.i != stop.i and node.head.i != node.i:
        if node.dep_ in ("ccomp", "parataxis"):
            return True
        node = node.head
    return False


def _date_for(
    trigger: Any, stamps: list[tuple[Any, TimeExpr]], blocking: bool = True, own_clause: bool = False
) -> tuple[DateValue, list[str]]:
    """The occurred date for a trigger and the dates it is only related to (for the historical rule)."""
    best = None
    bound = None
    related: list[str] = []
    seg = segment(trigger)
    ups = {a.i: n for n, a in enumerate((trigger, *trigger.ancestors))}
    for root, tx in stamps:
        if not seg[0] <= root.idx < seg[1]:
            continue
        clause = _when_clause(root, tx)
        direct = root.head.dep_ == "prep" and root.head.head.i == trigger.i  # "not disclosed until April 2015, when"
        if clause is not None and not direct:
            # "in 2019, when he announced Moscow was helping": the year dates the when-clause, whatever
            # the parse, and nothing outside it ("has visited Turkey, such as in 2018, when he met ...")
            key = (-1, ups.get(clause.i, 0))
            if clause.i in ups and (best is None or key < best[0]):
                best = (key, tx.value)
            continue
        top = _lca(trigger, root)
        if _in_other_relative_clause(root, top, trigger):
            continue  # "the chief, who was appointed in March": March is the appointment's
        if own_clause and _through_complement(trigger, top):
            continue  # "China may provide weapons, Blinken warned in February": February is the warning's
        dist = sum(1 for _ in trigger.ancestors) + sum(1 for _ in root.ancestors) - 2 * sum(1 for _ in top.ancestors)
        key = (dist, abs(root.i - trigger.i))
        date_prep, trigger_prep = temporal_prep(root, top), temporal_prep(trigger, top)
        if blocking and (date_prep is not None or trigger_prep is not None):
            if date_prep is None or date_prep.lower_ != "since":  # "buys oil since 2022" may go on today
                related.append(tx.value.start)
            if bound is None or key < bound[0]:
                bound = (key, _bound(date_prep, trigger_prep, tx.value))
            continue
        if best is None or key < best[0]:
            best = (key, tx.value)
    if best is None and bound is not None and bound[1] is not None:
        return bound[1], related
    return (best[1] if best else UNKNOWN), related


def _bound(date_prep: Any, trigger_prep: Any, value: DateValue) -> DateValue | None:
    """The open interval a date across a temporal preposition gives the trigger.

    "imposed following the 1989 massacre" (the date under the preposition) -> from 1989 (start "1989",
    end null); "in September 2014, following Russia's annexation" (the trigger under it) -> until 2014-09.
    """
    if date_prep is not None and trigger_prep is not None:
        return None  # both sides under a preposition: no order between them
    prep = date_prep if date_prep is not None else trigger_prep
    after = (prep.lower_ in cues().later_preps) == (date_prep is not None)
    if after:
        return DateValue(value.start, None, "interval")
    return DateValue(None, value.end or value.start, "interval")


def _in_other_relative_clause(tok: Any, stop: Any, trigger: Any) -> bool:
    """True when the path from ``tok`` up to ``stop`` enters a relative clause of a noun other than the trigger."""
    node = tok
    while node.i != stop.i and node.head.i != node.i:
        if node.dep_ == "relcl" and node.head.i != trigger.i:
            return True
        node = node.head
    return False


def _when_clause(root: Any, tx: TimeExpr) -> Any | None:
    """The verb of the "when" clause a date introduces ("in 2019, when he announced ..."), or None."""
    doc = root.doc
    span = doc.char_span(tx.span.start, tx.span.end, alignment_mode="expand")
    end = span.end if span is not None else root.i + 1
    if end < len(doc) and doc[end].text == ",":
        end += 1
    if end < len(doc) and doc[end].lower_ == "when" and doc[end].dep_ == "advmod" and sent_of(doc[end]) == sent_of(root):
        return doc[end].head
    return None


def _years_before(iso: str | None, anchor: str | None) -> float | None:
    if not iso or not anchor:
        return None
    return (_first_day(anchor) - _first_day(iso)).days / 365.25


# --------------------------------------------------------------------------- main entry


def extract_events(
    sdoc: Any,
    actors: tuple[Actor, ...],
    timexes: list[TimeExpr],
    anchor: str | None = None,
    reported: str | None = None,
    quality: Quality | None = None,
) -> tuple[Event, ...]:
    """PLOVER events of one parsed document, in text order.

    Example:
        >>> events = extract_events(sdoc, actors, timexes, anchor="2023-04-15")  # doctest: +SKIP
        >>> events[0].type, events[0].actors  # doctest: +SKIP
        ('CONSULT', ('state:CHN',))
    """
    idx = ActorIndex(sdoc, actors)
    flagged = [(f.start, f.end) for f in (quality.flagged_sentences if quality else ())]
    stamps = []
    for tx in timexes:
        if tx.value is None or not tx.value.start or tx.kind not in ("date", "time"):
            continue
        span = sdoc.char_span(tx.span.start, tx.span.end, alignment_mode="expand")
        if span is not None:
            stamps.append((span.root, tx))
    events: list[Event] = []
    for sent in sentences(sdoc):
        for tok in sent:
            frame = verb_frame(tok) or noun_frame(tok)
            if frame is None:
                continue
            roles = (noun_roles if frame.nominal else verb_roles)(tok, frame, idx)
            if not roles or not roles["actors"]:
                continue
            events.append(_build(tok, sent, roles, idx, stamps, anchor, reported, flagged))
            idx.discourse.note_event(roles["type"], tuple(roles["actors"]) + tuple(roles["recipients"]))
    events = _apply_disclosures(sdoc, events, stamps, anchor)
    return tuple(_merge(events))


def segment(tok: Any) -> tuple[int, int]:
    """Character bounds of the trigger's sentence, cut at blank lines (parsers run headings into sentences)."""
    sent = sent_of(tok)
    text = text_of(sent.doc)
    start, end = sent.start_char, sent.end_char
    for m in PARAGRAPH_BREAK.finditer(text, start, end):
        if m.end() <= tok.idx:
            start = m.end()
        elif m.start() >= tok.idx:
            end = m.start()
            break
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _build(
    tok: Any,
    sent: Any,
    roles: dict[str, Any],
    idx: ActorIndex,
    stamps: list[tuple[Any, TimeExpr]],
    anchor: str | None,
    reported: str | None,
    flagged: list[tuple[int, int]],
) -> Event:
    """One Event record (id filled in after merging) with modality and clocks read at the trigger."""
    seg = segment(tok)
    reading = read_modality(tok)
    modality = reading.modality
    occurred, related = _date_for(tok, stamps, own_clause=modality in ("hedged", "planned", "hypothetical"))
    before = text_of(sent.doc)[seg[0] : tok.left_edge.idx].lower()
    if any(before.rstrip().endswith(p) or before.rstrip().endswith(p + " the") for p in cues().historical_phrases):
        occurred, modality = UNKNOWN, "historical" if modality == "asserted" else modality
    # the latest the event can be: an open "from 2019" bound says nothing about how old it is
    latest = occurred.end if occurred.granularity == "interval" else occurred.start
    ages = [a for a in (_years_before(d, anchor) for d in [latest, *related]) if a is not None]
    if modality == "asserted" and ages and min(ages) > HISTORICAL_YEARS:
        modality = "historical"
    confidence = roles["confidence"]
    if any(s < seg[1] and seg[0] < e for s, e in flagged):
        confidence *= FLAGGED_FACTOR
        if modality in ("asserted", "historical"):
            modality = "hedged"
    evidence = Span(text_of(sent.doc)[seg[0] : seg[1]], seg[0], seg[1])
    return Event(
        id="",
        type=roles["type"],
        mode=roles["mode"],
        actors=tuple(roles["actors"]),
        recipients=tuple(roles["recipients"]),
        occurred=occurred,
        evidence=evidence,
        modality=modality,
        reported=reported,
        attributed_to=attribution(reading, lambda t: np_actors(t, idx)[0]),
        item=roles["item"],
        quantity=roles["quantity"],
        confidence=confidence,
        trigger=tok.text,
        extractor=EXTRACTOR,
    )


def _disclosure_in(sent: Any) -> Any | None:
    """The token of a disclosure cue that refers back to an earlier event, or None."""
    c = cues()
    for tok in sent:
        if tok.lemma_.lower() in c.disclosure_verbs and tok.pos_ == "VERB":
            args = [ch for ch in tok.children if ch.dep_ in ("nsubjpass", "dobj")]
            if any(a.lower_ in c.disclosure_referents or a.lemma_.lower() in c.disclosure_referents for a in args):
                return tok
    lowered = sent.text.lower()
    for phrase in c.disclosure_phrases:
        pos = lowered.find(phrase)
        if pos >= 0:
            return sent.doc.char_span(sent.start_char + pos, sent.start_char + pos + len(phrase), alignment_mode="expand").root
    return None


def _apply_disclosures(sdoc: Any, events: list[Event], stamps, anchor: str | None) -> list[Event]:
    sents = sentences(sdoc)
    out = list(events)
    for k, sent in enumerate(sents):
        cue = _disclosure_in(sent)
        if cue is None:
            continue
        if read_modality(cue).modality in ("hedged", "planned", "hypothetical"):
            continue
        disclosed, _ = _date_for(cue, stamps, blocking=False)  # "not disclosed until eight months later"
        if not disclosed.start:
            continue
        lo = sents[max(0, k - DISCLOSURE_WINDOW_SENTENCES)].start_char
        cands = [i for i, e in enumerate(out) if lo <= e.evidence.start <= sent.start_char and e.type in DISCLOSABLE]
        cands = [i for i in cands if out[i].occurred.start] or cands
        # what became known later happened before it became known: an event dated at (or after)
        # the disclosure is the disclosure itself ("told Kommersant that China had bought it")
        cands = [
            i for i in cands
            if not out[i].occurred.start or _first_day(out[i].occurred.start) < _first_day(disclosed.start)
        ]
        if not cands:
            continue
        i = max(cands, key=lambda j: (out[j].item is not None, out[j].evidence.start))
        ev = out[i]
        lag = None
        if ev.occurred.start and ev.occurred.end:  # an open "from 1989" bound gives no lag
            lag = (_first_day(disclosed.start) - _first_day(ev.occurred.start)).days
        modality = ev.modality
        recent = _years_before(disclosed.start, anchor)
        if modality == "historical" and recent is not None and recent <= HISTORICAL_YEARS:
            modality = "asserted"
        out[i] = replace(ev, disclosed=disclosed, disclosure_lag_days=lag, modality=modality)
    return out


def _norm_item(item: str | None) -> str:
    return re.sub(r"\W+", " ", (item or "").lower()).strip()


def _unstated_recipient_twin(kept: list[Event], ev: Event) -> int | None:
    """A kept event told again without its recipient, in the same sentence or on the same known date.

    "Kim travelled to Vladivostok for his summit with Putin" is one event;
    so are "a state visit to Russia last month" and "Xi's visit last month".
    """
    for j, k in enumerate(kept):
        if (k.type, sorted(k.actors)) != (ev.type, sorted(ev.actors)):
            continue
        if bool(k.recipients) == bool(ev.recipients):
            continue
        if k.evidence.start != ev.evidence.start and (not k.occurred.start or k.occurred.start != ev.occurred.start):
            continue
        return j
    return None


def _merge(events: list[Event]) -> list[Event]:
    """One record per (type, actors, recipients, item, compatible date); later tellings become extra evidence."""
    kept: list[Event] = []
    for ev in sorted(events, key=lambda e: e.evidence.start):
        key = (ev.type, tuple(sorted(ev.actors)), tuple(sorted(ev.recipients)), _norm_item(ev.item))
        twin = None
        for j, k in enumerate(kept):
            same = (k.type, tuple(sorted(k.actors)), tuple(sorted(k.recipients)), _norm_item(k.item)) == key
            dates_ok = not ev.occurred.start or not k.occurred.start or ev.occurred.start.startswith(k.occurred.start) or k.occurred.start.startswith(ev.occurred.start)
            if same and dates_ok:
                twin = j
                break
        if twin is None:
            twin = _unstated_recipient_twin(kept, ev)
        if twin is None:
            kept.append(ev)
            continue
        k = kept[twin]
        same_sentence = k.evidence.start == ev.evidence.start  # a second trigger for the same event
        occurred = k.occurred if k.occurred.start else ev.occurred
        kept[twin] = replace(
            k,
            recipients=k.recipients or ev.recipients,
            occurred=occurred,
            extra_evidence=k.extra_evidence + (() if same_sentence else (ev.evidence,)),
            confidence=max(k.confidence, ev.confidence),
            disclosed=k.disclosed or ev.disclosed,
            disclosure_lag_days=k.disclosure_lag_days if k.disclosed else ev.disclosure_lag_days,
        )
    return [
        replace(e, id=stable_id("event", e.type, e.mode, e.actors, e.recipients, e.occurred.start, e.item, e.evidence.text, e.trigger))
        for e in kept
    ]
