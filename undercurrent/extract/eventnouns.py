"""Frames for event triggers, verbal and nominal, read from ``ontology/triggers.yaml``.

A frame says which PLOVER type and mode a trigger codes and where its roles
sit in the parse. :func:`verb_frame` and :func:`noun_frame` decide whether a
token is a trigger at all; role filling is in :mod:`undercurrent.extract.events`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..nlp.sents import sent_of
from ..ontology.loader import load_yaml, require_keys

ROLE_KINDS = ("recipient", "item", "none")
ARMS_KINDS = ("supply", "receive", None)


@dataclass(frozen=True, slots=True)
class Frame:
    """How one trigger lemma codes an event and where its roles are."""

    lemma: str
    type: str
    mode: str | None
    nominal: bool
    object: str = "none"
    recipient_preps: tuple[str, ...] = ()
    item_preps: tuple[str, ...] = ()
    source_preps: tuple[str, ...] = ()
    owner_recipient: bool = False
    arms: str | None = None
    object_lemmas: tuple[str, ...] = ()
    particle: str | None = None
    adverbs: tuple[str, ...] = ()
    object_required: bool = False
    intransitive: bool = False
    phone_mode: bool = False
    requires: tuple[str, ...] = ()
    standalone: bool = True
    plural_only: bool = False
    modifier_modes: tuple[tuple[str, str], ...] = ()
    modifier_types: tuple[tuple[str, str], ...] = ()
    instrument_only: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[Frame, ...]]
    nouns: dict[str, Frame]
    arms_terms: frozenset[str]
    light_verbs: frozenset[str]
    result_verbs: frozenset[str]
    law_heads: frozenset[str]
    sanction_context_preps: frozenset[str]


def _frame(entry: dict, nominal: bool, types: dict[str, Any]) -> Frame:
    require_keys(entry, ("lemma", "type", "description"), "triggers.yaml")
    if entry["type"] not in types:
        raise ConfigError(f"triggers.yaml: {entry['lemma']!r} has unknown type {entry['type']!r}")
    modes = set(types[entry["type"]].get("modes") or {})
    used = [entry.get("mode"), *(entry.get("modifier_modes") or {}).values()]
    if any(m is not None and m not in modes for m in used):
        raise ConfigError(f"triggers.yaml: {entry['lemma']!r} uses a mode events.yaml does not list for {entry['type']}")
    obj = entry.get("object", "none")
    if obj not in ROLE_KINDS or entry.get("arms") not in ARMS_KINDS:
        raise ConfigError(f"triggers.yaml: {entry['lemma']!r} has a bad object or arms value")
    return Frame(
        lemma=str(entry["lemma"]).lower(),
        type=entry["type"],
        mode=entry.get("mode"),
        nominal=nominal,
        object=obj,
        recipient_preps=tuple(entry.get("recipient_preps") or ()),
        item_preps=tuple(entry.get("item_preps") or ()),
        source_preps=tuple(entry.get("source_preps") or ()),
        owner_recipient=bool(entry.get("owner_recipient", False)),
        arms=entry.get("arms"),
        object_lemmas=tuple(entry.get("object_lemmas") or ()),
        particle=entry.get("particle"),
        adverbs=tuple(entry.get("adverbs") or ()),
        object_required=bool(entry.get("object_required", False)),
        intransitive=bool(entry.get("intransitive", False)),
        phone_mode=bool(entry.get("phone_mode", False)),
        requires=tuple(entry.get("requires") or ()),
        standalone=bool(entry.get("standalone", True)),
        plural_only=bool(entry.get("plural_only", False)),
        modifier_modes=tuple(sorted((entry.get("modifier_modes") or {}).items())),
        modifier_types=tuple(sorted((entry.get("modifier_types") or {}).items())),
        instrument_only=bool(entry.get("instrument_only", False)),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """triggers.yaml validated against the types in events.yaml."""
    types = load_yaml("events.yaml")["types"]
    data = load_yaml("triggers.yaml")
    verbs: dict[str, list[Frame]] = {}
    for entry in data["verbs"]:
        f = _frame(entry, False, types)
        verbs.setdefault(f.lemma, []).append(f)
    nouns = {}
    for entry in data["nouns"]:
        f = _frame(entry, True, types)
        nouns[f.lemma] = f
    return Lexicon(
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns=nouns,
        arms_terms=frozenset(w.lower() for w in data["arms_terms"]["words"]),
        light_verbs=frozenset(data["light_verbs"]["words"]),
        result_verbs=frozenset(data["result_verbs"]["words"]),
        law_heads=frozenset(data["law_heads"]["words"]),
        sanction_context_preps=frozenset(data["sanction_context_preps"]["words"]),
    )


def verb_frame(tok: Any) -> Frame | None:
    """The frame of a verbal trigger, or None when ``tok`` is not one."""
    if tok.pos_ != "VERB" or tok.dep_ == "amod":
        return None  # "shared hostility", "a signed treaty": a participle describing a noun is no event
    for f in lexicon().verbs.get(tok.lemma_.lower(), ()):
        if f.particle and not any(ch.dep_ in ("prt", "prep") and ch.lower_ == f.particle for ch in tok.children):
            continue
        if f.adverbs and not any(ch.dep_ == "advmod" and ch.lower_ in f.adverbs for ch in tok.children):
            continue
        if f.object_required and not any(ch.dep_ in ("dobj", "nsubjpass") for ch in tok.children):
            continue
        if f.intransitive and any(ch.dep_ in ("dobj", "ccomp", "xcomp") for ch in tok.children):
            continue
        if f.object_lemmas:
            objs = [ch for ch in tok.children if ch.dep_ in ("dobj", "nsubjpass")]
            if not any(o.lemma_.lower() in f.object_lemmas or o.lower_ in f.object_lemmas for o in objs):
                continue
        return f
    return None


def noun_frame(tok: Any) -> Frame | None:
    """The frame of a nominal trigger ("the summit", "an arrest warrant"), or None."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    lex = lexicon()
    f = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)
    if f is None and tok.pos_ == "PROPN" and tok.lower_.endswith("s"):
        f = lex.nouns.get(tok.lower_[:-1])  # proper-noun plurals keep their form as lemma ("Sanctions Act")
    if f is None:
        return None
    if f.plural_only and tok.tag_ not in ("NNS", "NNPS"):
        return None
    mods = {ch.lower_ for ch in tok.children if ch.dep_ in ("compound", "amod", "nmod")}
    if f.requires and not mods & set(f.requires):
        return None
    if not f.standalone and not (tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in lex.light_verbs):
        if not names_a_party(tok):
            return None
    if f.instrument_only and sanctions_instrument(tok) is None:
        return None
    return f


PARTY_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON"})


def names_a_party(tok: Any) -> bool:
    """A possessor, or a "with"/"between" phrase naming a state, body or person ("Russia's deal with Turkey")."""
    for ch in tok.children:
        if ch.dep_ == "poss" and ch.ent_type_ in PARTY_LABELS:
            return True
        if ch.dep_ == "prep" and ch.lower_ in ("with", "between"):
            for p in ch.children:
                if p.dep_ == "pobj" and any(q.ent_type_ in PARTY_LABELS for q in (p, *p.conjuncts)):
                    return True
    return False


def name_span(tok: Any) -> Any:
    """The run of title-case words (and possessive marks) around a proper noun: a name as written."""
    doc, sent = tok.doc, sent_of(tok)

    def in_name(t: Any) -> bool:
        return t.is_title or t.text in ("’s", "'s")

    lo = hi = tok.i
    while lo - 1 >= sent.start and in_name(doc[lo - 1]):
        lo -= 1
    while hi + 1 < sent.end and in_name(doc[hi + 1]):
        hi += 1
    return doc[lo : hi + 1]


def _sanctions_word(tok: Any) -> bool:
    """A word whose own noun frame is a sanction ("sanctions", "embargo"), as written or as a plural proper noun."""
    nouns = lexicon().nouns
    for key in (tok.lemma_.lower(), tok.lower_, tok.lower_[:-1] if tok.lower_.endswith("s") else None):
        f = nouns.get(key) if key else None
        if f is not None and f.type == "SANCTION" and not f.instrument_only:
            return not f.plural_only or tok.tag_ in ("NNS", "NNPS")
    return False


def sanctions_law_name(tok: Any) -> bool:
    """True for a sanctions word inside the name of a law ("the Iran Sanctions Act")."""
    return tok.pos_ == "PROPN" and _sanctions_word(tok) and name_span(tok)[-1].lower_ in lexicon().law_heads


def sanctions_instrument(tok: Any) -> tuple[Any, Any | None] | None:
    """(cause, law) when ``tok`` is what a sanctions law brought about, else None.

    The cause is the subject of a result verb governing ``tok`` ("this US law led to the designation
    of ..."); it is a sanctions instrument when it carries a sanctions word ("the sanctions law",
    "the Iran Sanctions Act") or is a law noun referring back to a named sanctions law in the same or
    the previous sentence. ``law`` is the sanctions word of that law's name when there is one.
    """
    lex = lexicon()
    verb = None
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        verb = tok.head.head  # "led to", "resulted in"
    elif tok.dep_ == "dobj":
        verb = tok.head  # "triggered the designation"
    if verb is None or verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.result_verbs:
        return None
    cause = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None)
    if cause is None:
        return None
    own = [t for t in cause.subtree if _sanctions_word(t)]
    if own:
        return cause, next((t for t in own if sanctions_law_name(t)), None)
    if cause.lemma_.lower() not in lex.law_heads:
        return None
    sent = sent_of(tok)
    lo = sent_of(tok.doc[sent.start - 1]).start if sent.start > 0 else sent.start
    earlier = [t for t in tok.doc[lo : cause.i] if sanctions_law_name(t)]
    return (cause, earlier[-1]) if earlier else None


def is_arms(words: list[str]) -> bool:
    """True when any word (lower-cased, or a hyphen part) is an arms term."""
    terms = lexicon().arms_terms
    return any(w in terms or any(p in terms for p in w.split("-")) for w in words)
