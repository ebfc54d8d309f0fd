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
* 0.5 - nominal trigger with actors only from modifiers or the governing clause.

Sentences flagged as garbled by the quality stage keep their events, but an
asserted one becomes hedged and every confidence is multiplied by
``FLAGGED_FACTOR``: a garbled sentence never yields an asserted event.

Clocks: ``occurred`` is the date expression closest to the trigger in the
parse within the sentence, unless the path between them crosses a temporal
preposition ("following", "after", "since"...); else unknown. ``reported``
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

from ..ontology import normalise_country
from ..records import Actor, DateValue, Event, Quality, Span, TimeExpr, stable_id
from .eventnouns import Frame, is_arms, lexicon, noun_frame, verb_frame
from .modality import attribution, cues, is_pronoun_person, read_modality

EXTRACTOR = "extract.events.rules.v1"
CONF_DIRECT = 0.9  # trigger, actor and recipient from one clause of the parse
CONF_INFERRED = 0.7  # one role through coordination, control, a pronoun or an owner
CONF_NOMINAL = 0.6  # nominal event: possessor, "by" phrase or light-verb subject
CONF_CONTEXT = 0.5  # nominal event with actors from modifiers or the governing clause
FLAGGED_FACTOR = 0.5  # garbled sentences: halve, so they rank below any clean reading
HISTORICAL_YEARS = 2  # DOMAIN.md: "well before" the writing date; two years keeps last year's news current
DISCLOSURE_WINDOW_SENTENCES = 3  # "the deal" refers back at most this many sentences (news paragraphs are short)
DISCLOSABLE = frozenset({"AID", "COOPERATE", "AGREE", "SUPPORT"})
UNKNOWN = DateValue(None, None, None)
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
LAW_HEADS = frozenset({"act", "law", "bill"})  # last word of a named law ("Iran Sanctions Act")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "force", "press", "persuade", "help", "allow", "invite"})


class ActorIndex:
    """Token index -> actor ids, built once from the actors' mention spans."""

    def __init__(self, sdoc: Any, actors: tuple[Actor, ...]):
        self.by_token: dict[int, list[str]] = {}
        self.persons: list[tuple[int, str]] = []
        self.country: dict[str, str | None] = {}
        for actor in actors:
            self.country[actor.id] = actor.country
            for m in actor.mentions:
                span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                for t in span:
                    ids = self.by_token.setdefault(t.i, [])
                    if actor.id not in ids:
                        ids.append(actor.id)
                if actor.kind == "person":
                    self.persons.append((span.end, actor.id))
        self.persons.sort()

    def at(self, tok: Any) -> tuple[str, ...]:
        return tuple(self.by_token.get(tok.i, ()))

    def demonym(self, tok: Any) -> tuple[str, ...]:
        """A state actor of this document named by a modifier the actor stage left unmarked ("Russian invasion")."""
        if tok.ent_type_ not in ("NORP", "GPE"):
            return ()
        code = normalise_country(tok.text, kinds=("name", "demonym"))
        aid = f"state:{code}" if code else None
        return (aid,) if aid in self.country else ()

    def person_before(self, tok: Any) -> str | None:
        """The nearest person mentioned before ``tok`` in its or the previous sentence."""
        lo = tok.sent.start
        prev = tok.doc[lo - 1].sent.start if lo > 0 else lo
        best = None
        for end, aid in self.persons:
            if prev <= end - 1 < tok.i:
                best = aid
        return best


def _dedup(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def np_actors(head: Any, idx: ActorIndex) -> tuple[tuple[str, ...], bool]:
    """Actor ids of the noun phrase headed by ``head`` and its conjuncts; flag True when inferred."""
    ids: list[str] = []
    inferred = False
    for h in (head, *head.conjuncts):
        own = idx.at(h)
        if not own:
            for ch in h.children:
                if ch.dep_ == "appos":
                    own = idx.at(ch)
        if not own:
            poss = [ch for ch in h.children if ch.dep_ == "poss"]
            own = tuple(i for p in poss for q in (p, *p.conjuncts) for i in idx.at(q))  # "Xi and Putin's teams"
            inferred = bool(own) or inferred
        if not own and is_pronoun_person(h):
            pid = idx.person_before(h)
            own = (pid,) if pid else ()
            inferred = bool(own) or inferred
        if not own:
            # "Iranian officials", "two Canadians": people and things of a state stand for it (PLOVER sectors)
            own = idx.demonym(h) or owner_actors(h, idx)
            inferred = bool(own) or inferred
        ids.extend(own)
    return _dedup(ids), inferred


def owner_actors(head: Any, idx: ActorIndex) -> tuple[str, ...]:
    """Actors among the modifiers of a noun ("Russian diplomats", "Iran's reactor")."""
    ids: list[str] = []
    for h in (head, *head.conjuncts):
        for ch in h.children:
            if ch.dep_ in ("poss", "amod", "compound", "nmod") and ch.i < h.i:
                for sub in ch.subtree:
                    ids.extend(idx.at(sub) or idx.demonym(sub))
    return _dedup(ids)


def _subject(verb: Any, idx: ActorIndex, depth: int = 0) -> tuple[tuple[str, ...], bool]:
    """Actors of the verb's subject (passive agent first); inherited through conj/xcomp/relcl."""
    for ch in verb.children:
        if ch.dep_ == "agent":
            for p in ch.children:
                if p.dep_ == "pobj":
                    return np_actors(p, idx)
    if verb.dep_ in ("acl",) and any(ch.dep_ == "agent" for ch in verb.children):
        return (), False
    passive = any(ch.dep_ == "auxpass" for ch in verb.children)
    if passive:
        return (), False  # "deals are signed": the signer is unknown, not the governing clause's subject
    for ch in verb.children:
        if ch.dep_ == "nsubj":
            if ch.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                ids, _ = np_actors(verb.head, idx)
                return ids, True
            found = np_actors(ch, idx)
            if found[0]:
                return found  # a quote can parse as a second subject; take the one that is an actor
    if any(ch.dep_ == "nsubj" for ch in verb.children):
        return (), False
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "acomp") and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            obj = next((ch for ch in head.children if ch.dep_ == "dobj"), None)
            if obj is not None:
                return np_actors(obj, idx)[0], True
        if verb.dep_ == "xcomp":
            # raising: "North Korea is believed to have shipped", "China is expected to sign"
            raised = next((ch for ch in head.children if ch.dep_ == "nsubjpass"), None)
            if raised is not None:
                return np_actors(raised, idx)[0], True
        ids, _ = _subject(head, idx, depth + 1)
        return ids, True
    return (), False


def _prep_objects(tokens: list[Any], preps: tuple[str, ...]) -> list[Any]:
    out = []
    for t in tokens:
        for ch in t.children:
            if ch.dep_ in ("prep", "dative", "prt") and ch.lower_ in preps:
                out.extend(p for p in ch.children if p.dep_ == "pobj")
    return out


def _item_text(head: Any) -> str:
    """The item phrase without determiners, possessives, numbers or trailing clauses."""
    keep = [t for t in head.subtree if t.i <= head.i and t.dep_ not in ("det", "poss", "nummod", "case", "punct", "predet")]
    start = min((t.i for t in keep), default=head.i)
    words = [t for t in head.doc[start : head.i + 1] if t.dep_ not in ("det", "poss", "case", "nummod")]
    if not words:
        return head.text
    return head.doc.text[words[0].idx : words[-1].idx + len(words[-1].text)]


def _quantity(item_head: Any | None, trigger: Any) -> str | None:
    if item_head is not None:
        for ch in item_head.children:
            if ch.dep_ == "nummod":
                return " ".join(t.text for t in ch.subtree)
    for t in trigger.subtree:
        if t.ent_type_ == "MONEY" and t.ent_iob_ == "B":
            ent = next(e for e in trigger.doc.ents if e.start == t.i)
            return ent.text
    return None


# --------------------------------------------------------------------------- role filling


def _verb_roles(tok: Any, f: Frame, idx: ActorIndex) -> dict[str, Any] | None:
    lex = lexicon()
    passive = any(ch.dep_ == "auxpass" for ch in tok.children)
    objs = [ch for ch in tok.children if ch.dep_ in (("nsubjpass",) if passive else ("dobj",))]
    if not objs and tok.dep_ == "acl" and tok.tag_ == "VBN":
        objs = [tok.head]  # "14 documents signed by China and Russia"
    if tok.lemma_.lower() in lex.light_verbs and any(noun_frame(o) for o in objs):
        return None  # the nominal event ("struck a deal", "hosted talks") is the event
    actors, inferred = _subject(tok, idx)
    recipients: list[str] = []
    item_head = None
    for o in objs:
        if f.object == "recipient":
            ids, inf = np_actors(o, idx)
            recipients.extend(ids)
            inferred = inferred or inf
            if not ids and f.owner_recipient:
                owned = owner_actors(o, idx)
                recipients.extend(owned)
                inferred = inferred or bool(owned)
        elif f.object == "item":
            item_head = o
    for ch in tok.children:
        if ch.dep_ == "dative":
            recipients.extend(np_actors(ch, idx)[0])
    scope = [tok] + ([item_head] if item_head is not None else [])
    for p in _prep_objects(scope, f.recipient_preps):
        recipients.extend(np_actors(p, idx)[0])
    for p in _prep_objects([tok], f.item_preps):
        item_head = p
    if f.owner_recipient and not recipients and item_head is not None:
        recipients.extend(owner_actors(item_head, idx))
        inferred = True
    if f.owner_recipient and not recipients:
        # "helping (China) develop a Chinese early-warning system": the beneficiary of the complement
        for comp in (ch for ch in tok.children if ch.dep_ in ("xcomp", "ccomp")):
            for arg in comp.children:
                if arg.dep_ == "nsubj":
                    recipients.extend(np_actors(arg, idx)[0])
                elif arg.dep_ == "dobj" and not recipients:
                    recipients.extend(owner_actors(arg, idx))
        inferred = True
    sources = [i for p in _prep_objects(scope, f.source_preps) for i in np_actors(p, idx)[0]]
    typ, mode = f.type, f.mode
    words = [t.lower_ for t in item_head.subtree] if item_head is not None else []
    if f.arms and is_arms(words):
        typ, mode = "AID", "arms"
        if f.arms == "receive":
            if not sources:
                typ, mode = f.type, f.mode
                recipients.extend(sources)
            else:
                actors, recipients = tuple(sources), list(actors)
    else:
        recipients.extend(sources)
    if f.phone_mode and any(t.lower_ in ("phone", "telephone", "video") for t in tok.subtree):
        mode = "phone"
    return {
        "type": typ,
        "mode": mode,
        "actors": actors,
        "recipients": _dedup([r for r in recipients if r not in actors]),
        "item": _item_text(item_head) if item_head is not None else None,
        "quantity": _quantity(item_head, tok),
        "confidence": CONF_INFERRED if inferred else CONF_DIRECT,
    }


def _name_span(tok: Any) -> Any:
    """The run of title-case words (and possessive marks) around a proper noun: a name as written."""
    doc, sent = tok.doc, tok.sent

    def in_name(t: Any) -> bool:
        return t.is_title or t.text in ("’s", "'s")

    lo = hi = tok.i
    while lo - 1 >= sent.start and in_name(doc[lo - 1]):
        lo -= 1
    while hi + 1 < sent.end and in_name(doc[hi + 1]):
        hi += 1
    return doc[lo : hi + 1]


def _law_roles(tok: Any, f: Frame, idx: ActorIndex) -> dict[str, Any] | None:
    """A trigger inside the name of a law ("the Iran Sanctions Act"): the law's passing is the event."""
    ent = _name_span(tok)
    if ent[-1].lower_ not in LAW_HEADS:
        return None
    lex = lexicon()
    for t in ent:
        verb = t.head
        if not (ent.start <= verb.i < ent.end) and verb.pos_ == "VERB" and verb.lemma_.lower() in lex.light_verbs:
            actors, inferred = _subject(verb, idx)
            return {
                "type": f.type,
                "mode": f.mode,
                "actors": actors,
                "recipients": (),
                "item": ent.text[4:] if ent.text.lower().startswith("the ") else ent.text,
                "quantity": None,
                "confidence": CONF_INFERRED if inferred else CONF_NOMINAL,
            }
    return None


def _noun_roles(tok: Any, f: Frame, idx: ActorIndex) -> dict[str, Any] | None:
    lex = lexicon()
    if tok.pos_ == "PROPN":
        return _law_roles(tok, f, idx)
    actors: tuple[str, ...] = ()
    conf = CONF_NOMINAL
    owners = [ch for ch in tok.children if ch.dep_ == "poss"]
    if owners:
        actors = np_actors(owners[0], idx)[0]
    anchors = [tok]
    if not actors:
        for p in _prep_objects([tok], ("by",)):
            actors = np_actors(p, idx)[0]
    head = tok.head
    if not actors and tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in lex.light_verbs:
        actors = _subject(head, idx)[0]
        anchors.append(head)
    for ch in tok.children:
        if ch.dep_ == "acl" and ch.lemma_.lower() in lex.light_verbs:
            anchors.append(ch)
            if not actors:
                actors = _subject(ch, idx)[0]
    recipients = [i for p in _prep_objects(anchors, f.recipient_preps) for i in np_actors(p, idx)[0]]
    mods = owner_actors(tok, idx) if not owners else ()
    if not actors and mods:
        if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
            return None  # "blocked EU aid", "suspended climate talks": the verb decides what happened
        actors, conf = mods, CONF_CONTEXT
    if not actors and f.mode == "visit" and tok.dep_ == "pobj":
        # "at the end of a state visit to Russia": the visitor is the governing clause's subject
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and not _crosses_temporal(tok, verb):
            actors, conf = _subject(verb, idx)[0], CONF_CONTEXT
    if not actors:
        return None
    typ, mode = f.type, f.mode
    modnames = {ch.lower_ for ch in tok.children if ch.dep_ in ("amod", "compound")}
    for word, value in f.modifier_modes:
        if word in modnames:
            mode = value
    for word, value in f.modifier_types:
        if word in modnames:
            typ = value
    item_head = next(iter(_prep_objects([tok], f.item_preps)), None)
    item = _item_text(item_head) if item_head is not None else None
    plain = [ch for ch in tok.children if ch.dep_ in ("compound", "amod") and not idx.at(ch) and ch.i < tok.i]
    if item is None and typ in ("AID", "COOPERATE", "SANCTION", "AGREE") and plain:
        item = " ".join(t.text for t in tok.doc[min(c.i for c in plain) : max(c.i for c in plain) + 1])
    words = (item or "").lower().split()
    if f.arms and is_arms(words):
        typ, mode = "AID", "arms"
    return {
        "type": typ,
        "mode": mode,
        "actors": actors,
        "recipients": _dedup([r for r in recipients if r not in actors]),
        "item": item,
        "quantity": _quantity(item_head, tok) if item_head is not None else None,
        "confidence": conf,
    }


# --------------------------------------------------------------------------- clocks


def _first_day(iso: str) -> date:
    parts = [int(p) for p in iso.split("-")[:3]]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _crosses_temporal(tok: Any, stop: Any) -> bool:
    preps = cues().temporal_relation_preps
    node = tok
    while node.i != stop.i and node.head.i != node.i:
        if node.dep_ == "prep" and node.lower_ in preps:
            return True
        node = node.head
    return False


def _lca(a: Any, b: Any) -> Any:
    seen = {a.i, *(x.i for x in a.ancestors)}
    for x in (b, *b.ancestors):
        if x.i in seen:
            return x
    return a.sent.root


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
    related: list[str] = []
    seg = segment(trigger)
    for root, tx in stamps:
        if not seg[0] <= root.idx < seg[1]:
            continue
        top = _lca(trigger, root)
        if own_clause and _through_complement(trigger, top):
            continue  # "China may provide weapons, Blinken warned in February": February is the warning's
        if blocking and (_crosses_temporal(trigger, top) or _crosses_temporal(root, top)):
            related.append(tx.value.start)
            continue
        dist = sum(1 for _ in trigger.ancestors) + sum(1 for _ in root.ancestors) - 2 * sum(1 for _ in top.ancestors)
        key = (dist, abs(root.i - trigger.i))
        if best is None or key < best[0]:
            best = (key, tx.value)
    return (best[1] if best else UNKNOWN), related


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
    for sent in sdoc.sents:
        for tok in sent:
            frame = verb_frame(tok) or noun_frame(tok)
            if frame is None:
                continue
            roles = (_noun_roles if frame.nominal else _verb_roles)(tok, frame, idx)
            if not roles or not roles["actors"]:
                continue
            events.append(_build(tok, sent, roles, idx, stamps, anchor, reported, flagged))
    events = _apply_disclosures(sdoc, events, stamps, anchor)
    return tuple(_merge(events))


def segment(tok: Any) -> tuple[int, int]:
    """Character bounds of the trigger's sentence, cut at blank lines (parsers run headings into sentences)."""
    sent = tok.sent
    text = sent.doc.text
    start, end = sent.start_char, sent.end_char
    for m in PARAGRAPH_BREAK.finditer(text, start, end):
        if m.end() <= tok.idx:
            start = m.end()
        elif m.start() >= tok.idx:
            end = m.start()
            break
    return start, end


def _build(tok, sent, roles, idx, stamps, anchor, reported, flagged) -> Event:
    seg = segment(tok)
    reading = read_modality(tok)
    modality = reading.modality
    occurred, related = _date_for(tok, stamps, own_clause=modality in ("hedged", "planned", "hypothetical"))
    before = sent.doc.text[seg[0] : tok.left_edge.idx].lower()
    if any(before.rstrip().endswith(p) or before.rstrip().endswith(p + " the") for p in cues().historical_phrases):
        occurred, modality = UNKNOWN, "historical" if modality == "asserted" else modality
    ages = [a for a in (_years_before(d, anchor) for d in [occurred.start, *related]) if a is not None]
    if modality == "asserted" and ages and min(ages) > HISTORICAL_YEARS:
        modality = "historical"
    confidence = roles["confidence"]
    if any(s < seg[1] and seg[0] < e for s, e in flagged):
        confidence *= FLAGGED_FACTOR
        if modality in ("asserted", "historical"):
            modality = "hedged"
    evidence = Span(sent.doc.text[seg[0] : seg[1]], seg[0], seg[1])
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
    sents = list(sdoc.sents)
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
        if not cands:
            continue
        i = max(cands, key=lambda j: (out[j].item is not None, out[j].evidence.start))
        ev = out[i]
        lag = None
        if ev.occurred.start:
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
