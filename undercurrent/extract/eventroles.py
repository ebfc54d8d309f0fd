"""Role filling for event triggers: who acts, who receives, what item, from the dependency parse.

Tokens map to actors only through the actors' mention spans (:class:`ActorIndex`);
a role is taken from the trigger's own clause, or inherited along coordination,
control, raising and relative clauses; nothing crosses a sentence. Each filler
returns the roles and a confidence (see the constants and
:mod:`undercurrent.extract.events` for their meaning).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..nlp.sents import sent_of, text_of
from ..ontology import normalise_country
from ..records import Actor
from .eventnouns import Frame, is_arms, lexicon, name_span, noun_frame, sanctions_instrument, verb_frame
from .modality import cues, is_pronoun_person
from .reference import build_discourse, refer

CONF_DIRECT = 0.9  # trigger, actor and recipient from one clause of the parse
CONF_INFERRED = 0.7  # one role through coordination, control, a pronoun or an owner
CONF_NOMINAL = 0.6  # nominal event: possessor, "by" phrase or light-verb subject
CONF_CONTEXT = 0.5  # nominal event with actors from modifiers or the governing clause
CONF_UNRESOLVED = 0.3  # a named counterpart stands in a role slot but maps to no actor: the dyad is incomplete
NAMED = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})  # spaCy entity labels that name a party
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "force", "press", "persuade", "help", "allow", "invite"})


def temporal_prep(tok: Any, stop: Any) -> Any | None:
    """The temporal preposition ("following", "after", "before") on the path from ``tok`` up to ``stop``, or None."""
    preps = cues().temporal_relation_preps
    node = tok
    while node.i != stop.i and node.head.i != node.i:
        if node.dep_ == "prep" and node.lower_ in preps:
            return node
        node = node.head
    return None


def crosses_temporal(tok: Any, stop: Any) -> bool:
    """True when the path from ``tok`` up to ``stop`` passes a temporal preposition ("following", "after")."""
    return temporal_prep(tok, stop) is not None


class ActorIndex:
    """Token index -> actor ids, built once from the actors' mention spans."""

    def __init__(self, sdoc: Any, actors: tuple[Actor, ...]):
        self.by_token: dict[int, list[str]] = {}
        self.persons: list[tuple[int, str]] = []
        self.subjects: list[tuple[int, str]] = []  # person mentions that are the subject of their clause
        self.country: dict[str, str | None] = {}
        self.kind: dict[str, str] = {}
        mentions: Counter = Counter()
        titled: list[tuple[int, str, tuple[str, ...], bool]] = []
        for actor in actors:
            self.country[actor.id] = actor.country
            self.kind[actor.id] = actor.kind
            mentions[actor.id] += len(actor.mentions)
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
                    subject = span.root.dep_ in ("nsubj", "nsubjpass")
                    if subject:
                        self.subjects.append((span.end, actor.id))
                    titled.append((span.end, actor.id, tuple(r.title for r in actor.roles if r.title), subject))
        self.persons.sort()
        self.subjects.sort()
        self.discourse = build_discourse(self.kind, self.country, mentions, titled)

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
        """Whom "he" or "she" means: the person last named as a subject in its or the previous sentence
        ("Biden met Kishida. He welcomed ..." is Biden), else the nearest person named there."""
        lo = sent_of(tok).start
        prev = sent_of(tok.doc[lo - 1]).start if lo > 0 else lo
        for mentions in (self.subjects, self.persons):
            best = None
            for end, aid in mentions:
                if prev <= end - 1 < tok.i:
                    best = aid
            if best is not None:
                return best
        return None


def _dedup(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def np_actors(head: Any, idx: ActorIndex) -> tuple[tuple[str, ...], bool]:
    """Actor ids of the noun phrase headed by ``head`` and its conjuncts; flag True when inferred."""
    ids: list[str] = []
    inferred = False
    heads = (head, *head.conjuncts)
    last = max(heads, key=lambda h: h.i)
    # "the department and its chief, General Li": an apposition after the last conjunct is that conjunct's,
    # whichever conjunct the parser hung it on
    appos = {h.i: [ch for ch in h.children if ch.dep_ == "appos" and (h.i == last.i or ch.i < last.i)] for h in heads}
    appos[last.i] += [ch for h in heads if h.i != last.i for ch in h.children if ch.dep_ == "appos" and ch.i > last.i]
    for h in heads:
        own = idx.at(h)
        if not own:
            for ch in appos[h.i]:  # "the leaders, Xi and Putin,": every conjunct of the apposition
                own = tuple(i for q in (ch, *ch.conjuncts) for i in idx.at(q)) or own
        if not own:
            poss = [ch for ch in h.children if ch.dep_ == "poss"]
            own = tuple(i for p in poss for q in (p, *p.conjuncts) for i in idx.at(q))  # "Xi and Putin's teams"
            inferred = bool(own) or inferred
        if not own and h.tag_ == "PRP$":
            own = _bound_possessive(h, idx)  # "Germany reaffirmed its support", "they renewed their pledge"
            inferred = bool(own) or inferred
        if not own and is_pronoun_person(h):
            pid = idx.person_before(h)
            own = (pid,) if pid else ()
            inferred = bool(own) or inferred
        if not own:
            # "the two leaders", "both countries", "they": the parties of the current happening
            own = refer(h, idx.discourse)
            inferred = bool(own) or inferred
        if not own:
            # "Iranian officials", "two Canadians": people and things of a state stand for it (PLOVER sectors)
            own = idx.demonym(h) or owner_actors(h, idx) or of_actors(h, idx)
            inferred = bool(own) or inferred
        ids.extend(own)
    return _dedup(ids), inferred


def of_actors(head: Any, idx: ActorIndex) -> tuple[str, ...]:
    """States and bodies in an "of" phrase of a noun that is no event itself ("the President of Syria",
    "the armed forces of the United States and the United Kingdom", "the leaders of the G7")."""
    if noun_frame(head) is not None:
        return ()  # "the invasion of Ukraine": the phrase is the event's own role
    ids: list[str] = []
    for ch in head.children:
        if ch.dep_ == "prep" and ch.lower_ == "of":
            for p in ch.children:
                if p.dep_ == "pobj":
                    for q in (p, *p.conjuncts):
                        ids.extend(i for i in idx.at(q) if idx.kind.get(i) in ("state", "igo"))
    return _dedup(ids)


def _bound_possessive(pron: Any, idx: ActorIndex) -> tuple[str, ...]:
    """A possessive pronoun inside a clause stands for that clause's subject when the subject is a party."""
    verb = next((a for a in pron.ancestors if a.pos_ in ("VERB", "AUX")), None)
    subj = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None) if verb is not None else None
    if subj is None or subj.i > pron.i or subj.tag_ in ("PRP", "PRP$"):
        return ()
    return np_actors(subj, idx)[0]


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
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and not any(ch.dep_ == "nsubj" for ch in verb.children):
        ids, _ = np_actors(verb.head, idx)  # "Congo's president accusing Rwanda": the noun it describes acts
        return ids, True
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
    """The item phrase without determiners, possessives, counts or trailing clauses ("a 30-year contract" keeps 30)."""

    def count(t: Any) -> bool:
        return t.dep_ == "nummod" and not (t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "-")

    drop = ("det", "poss", "case", "punct", "predet")
    keep = [t for t in head.subtree if t.i <= head.i and t.dep_ not in drop and not count(t)]
    start = min((t.i for t in keep), default=head.i)
    words = [t for t in head.doc[start : head.i + 1] if t.dep_ not in ("det", "poss", "case") and not count(t)]
    if not words:
        return head.text
    return text_of(head.doc)[words[0].idx : words[-1].idx + len(words[-1].text)]


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


def has_unmapped_name(heads: list[Any], idx: ActorIndex) -> bool:
    """True when one of the role heads, or a modifier of it, is a named party that no actor covers."""
    for h in heads:
        for t in (h, *(c for c in h.children if c.dep_ in ("amod", "compound", "poss"))):
            if t.ent_type_ in NAMED and not idx.at(t) and not idx.demonym(t):
                return True
    return False


def verb_roles(tok: Any, f: Frame, idx: ActorIndex) -> dict[str, Any] | None:
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
    if not recipients and f.type in EMBEDDING_TYPES:
        # "threatened tariffs on China", "called for sanctions against Russia", "condemned Iran's attack
        # on Israel": the parties of the event the verb is about are its recipients
        for inner in (o for o in [*objs, *_prep_objects([tok], ("for", "against"))] if noun_frame(o) is not None):
            recipients.extend(_inner_parties(inner, noun_frame(inner), idx, f.type))
        inferred = inferred or bool(recipients)
    slots = objs + _prep_objects(scope, f.recipient_preps + f.source_preps)
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
        "confidence": CONF_UNRESOLVED if not recipients and has_unmapped_name(slots, idx) else (CONF_INFERRED if inferred else CONF_DIRECT),
    }


# Verbs about another event: its parties are theirs ("condemned the attack", "called for sanctions").
EMBEDDING_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "SUPPORT", "AGREE"})


def _inner_parties(noun: Any, f: Frame, idx: ActorIndex, outer: str) -> list[str]:
    """The parties of a nominal event that a verb is about: for a criticism or a rejection, who did it
    ("condemned Russia's invasion" -> Russia) before whom it was done to; for a demand, a threat or
    backing, whom it is aimed at ("threatened tariffs on China" -> China) before who would do it."""
    owners = [ch for ch in noun.children if ch.dep_ == "poss"]
    doers = [i for o in owners for i in np_actors(o, idx)[0]] or list(owner_actors(noun, idx))
    doers += [i for p in _prep_objects([noun], ("by", "between")) for i in np_actors(p, idx)[0]]
    aimed = [i for p in _prep_objects([noun], f.recipient_preps) for i in np_actors(p, idx)[0]]
    first, second = (doers, aimed) if outer in ("ACCUSE", "REJECT") else (aimed, doers)
    return first or second


def _law_roles(tok: Any, f: Frame, idx: ActorIndex) -> dict[str, Any] | None:
    """A trigger inside the name of a law ("the Iran Sanctions Act"): the law's passing is the event."""
    ent = name_span(tok)
    lex = lexicon()
    if ent[-1].lower_ not in lex.law_heads:
        return None
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


def _instrument_roles(tok: Any, f: Frame, idx: ActorIndex) -> dict[str, Any] | None:
    """What a sanctions law brought about ("this US law led to the designation of X and its chief"):
    the actor is the state owning the law as written ("US law"), else whoever passed the named law;
    the recipients are the "of" phrase."""
    found = sanctions_instrument(tok)
    if found is None:
        return None
    cause, law = found
    actors = owner_actors(cause, idx) if cause.pos_ == "NOUN" else ()
    law_event = _law_roles(law, f, idx) if law is not None else None
    if not actors and law_event is not None:
        actors = law_event["actors"]
    if not actors:
        return None
    slots = _prep_objects([tok], f.recipient_preps)
    recipients = [i for p in slots for i in np_actors(p, idx)[0]]
    return {
        "type": f.type,
        "mode": f.mode,
        "actors": actors,
        "recipients": _dedup([r for r in recipients if r not in actors]),
        "item": law_event["item"] if law_event is not None else None,
        "quantity": None,
        "confidence": CONF_UNRESOLVED if not recipients and has_unmapped_name(slots, idx) else CONF_CONTEXT,
    }


def noun_roles(tok: Any, f: Frame, idx: ActorIndex) -> dict[str, Any] | None:
    lex = lexicon()
    if f.instrument_only:
        return _instrument_roles(tok, f, idx)
    if tok.pos_ == "PROPN":
        return _law_roles(tok, f, idx)
    head_frame = verb_frame(tok.head) if tok.dep_ in ("dobj", "nsubjpass") else None
    if head_frame is not None and head_frame.type == f.type:
        return None  # "reaffirmed their commitment", "condemned the criticism": the verb's event is the one
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
    slots = _prep_objects(anchors, f.recipient_preps)
    recipients = [i for p in slots for i in np_actors(p, idx)[0]]
    mods = owner_actors(tok, idx) if not owners else ()
    if not actors and mods:
        if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and not _context_prep(head):
            return None  # "blocked EU aid", "suspended climate talks": the verb decides what happened
        actors, conf = mods, CONF_CONTEXT
    governed = tok.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and head.lemma_.lower() not in lex.light_verbs
    if not actors and not (governed and _undoes(head)):
        # "talks between Russia and Ukraine", "the deal between Russia and India was signed": the two sides act
        actors = tuple(i for p in _prep_objects([tok], ("between",)) for i in np_actors(p, idx)[0])
        slots = [p for p in slots if p.head.lower_ != "between"] if actors else slots
        recipients = [i for i in recipients if i not in actors]
    if not actors and f.mode == "visit" and tok.dep_ == "pobj":
        # "at the end of a state visit to Russia": the visitor is the governing clause's subject
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and not crosses_temporal(tok, verb):
            # only people travel: "at the end of the trip, the Kremlin published" names the host
            people = tuple(a for a in _subject(verb, idx)[0] if idx.kind.get(a) in ("person", "group"))
            actors, conf = people, CONF_CONTEXT
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
    unresolved = not recipients and has_unmapped_name(slots, idx)
    if typ == "SANCTION" and not recipients:
        recipients = [r for r in _sanction_subject(tok, idx) if r not in actors]
        conf = CONF_CONTEXT if recipients else conf
    return {
        "type": typ,
        "mode": mode,
        "actors": actors,
        "recipients": _dedup([r for r in recipients if r not in actors]),
        "item": item,
        "quantity": _quantity(item_head, tok) if item_head is not None else None,
        "confidence": CONF_UNRESOLVED if unresolved and not recipients else conf,
    }


def _undoes(verb: Any) -> bool:
    """A verb acting on a nominal event that is not itself a signing or agreeing ("suspended the talks")."""
    f = verb_frame(verb)
    return f is None or f.type not in ("SUPPORT", "AGREE", "CONSULT")


def _context_prep(tok: Any) -> bool:
    """"following", "after", "under"...: parsed as a preposition, or as a participle taking an object."""
    return tok.lower_ in lexicon().sanction_context_preps and tok.dep_ in ("prep", "advcl")


def _sanction_subject(tok: Any, idx: ActorIndex) -> tuple[str, ...]:
    """The party living under a sanction named in a prepositional phrase: the governing clause's subject
    ("China was Moscow's sole source of weapons following an arms embargo" -> China)."""
    prep = tok.head
    if tok.dep_ not in ("pobj", "dobj") or not _context_prep(prep):
        return ()
    verb = next((a for a in prep.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return ()
    return _subject(verb, idx)[0]
