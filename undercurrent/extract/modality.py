"""Modality of an event: asserted, reported, hedged, negated, planned or hypothetical.

The cue words live in ``undercurrent/ontology/modality.yaml``. The reading walks
from the trigger up the dependency tree through the edges that keep it in the
same proposition (control, complement, coordination, the light verb of a
nominal event) and looks at the cues on each node it passes. The first of
these wins, in this order, because each later one can be true of a negated or
conditional statement too: negated, hypothetical, hedged, planned, reported,
asserted. "Historical" is a clock decision and is made in
:mod:`undercurrent.extract.events`.

Example:
    >>> from undercurrent.nlp import load_nlp  # doctest: +SKIP
    >>> doc = load_nlp("sm")("Russia may sell jets to India.")  # doctest: +SKIP
    >>> read_modality(doc[2]).modality  # doctest: +SKIP
    'hedged'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..nlp.sents import sent_of, text_of
from ..ontology.loader import load_yaml

# Edges that keep a node inside the trigger's proposition (aux, neg and modals apply across them).
SAME_PROPOSITION = frozenset({"xcomp", "dobj", "nsubjpass", "nsubj", "attr", "acomp", "oprd", "conj", "auxpass"})
# Edges into a complement clause: a governing verb of saying, belief or planning applies across them.
COMPLEMENT = frozenset({"ccomp", "xcomp", "parataxis"})
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his"})


@dataclass(frozen=True, slots=True)
class ModalityReading:
    """What modality.yaml's cues say about one trigger.

    ``speaker`` is the token (head of the noun phrase) the event is attributed
    to, or None; ``source`` the attribution text when it is a phrase such as
    "according to Kommersant"; ``cue`` the word that decided.
    """

    modality: str
    cue: str | None = None
    speaker: Any = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Cues:
    hedge_modals: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_verbs: frozenset[str]
    hedge_phrases: tuple[str, ...]
    hedge_nouns: frozenset[str]
    negation_words: frozenset[str]
    negation_verbs: frozenset[str]
    planning_aux: frozenset[str]
    planning_verbs: frozenset[str]
    hypothetical_marks: frozenset[str]
    reporting_verbs: frozenset[str]
    reporting_phrases: tuple[str, ...]
    reporting_adverbs: frozenset[str]
    historical_phrases: tuple[str, ...]
    temporal_relation_preps: frozenset[str]
    later_preps: frozenset[str]
    disclosure_verbs: frozenset[str]
    disclosure_phrases: tuple[str, ...]
    disclosure_referents: frozenset[str]
    speaker_nouns: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """modality.yaml, validated: every list present and non-empty."""
    data = load_yaml("modality.yaml")
    values: dict[str, Any] = {}
    for name in Cues.__dataclass_fields__:
        entry = data.get(name)
        if not isinstance(entry, dict) or not (entry.get("words") or entry.get("phrases")):
            raise ConfigError(f"modality.yaml: {name} needs a description and a non-empty words or phrases list")
        if "phrases" in entry:
            values[name] = tuple(str(p).lower() for p in entry["phrases"])
        else:
            values[name] = frozenset(str(w).lower() for w in entry["words"])
    return Cues(**values)


def _chain(trigger: Any) -> list[tuple[Any, str]]:
    """(node, edge-from-below) pairs from the trigger up through its own proposition.

    The walk ends at the clause boundary, the root, or just after the first
    complement edge: the verb governing a complement clause ("said", "believe",
    "plans") is read, nothing above it.
    """
    out = [(trigger, "")]
    node = trigger
    while node.head.i != node.i:
        edge = node.dep_
        if edge not in SAME_PROPOSITION and edge not in COMPLEMENT:
            break
        out.append((node.head, edge))
        if edge in ("ccomp", "parataxis"):
            break
        node = node.head
    return out


def _own(chain: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """The part of the chain inside the trigger's own clause (aux, neg and modals apply there)."""
    out = []
    for node, edge in chain:
        if edge in ("ccomp", "parataxis"):
            break
        out.append((node, edge))
    return out


def _np_text(tok: Any) -> str:
    words = [t for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct", "prep") or t.i == tok.i]
    return " ".join(t.text for t in words if t.i <= tok.i or t.dep_ in ("compound", "flat", "appos"))


def _reported_by(chain: list[tuple[Any, str]], sent: Any) -> ModalityReading | None:
    """A "reported" reading when a speaker governs the trigger ("X said ...", "according to X"), else None."""
    c = cues()
    for node, edge in chain[1:]:
        if edge in COMPLEMENT and node.lemma_.lower() in c.reporting_verbs:
            speaker = next((ch for ch in node.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
            if speaker is not None and (speaker.ent_type_ or speaker.pos_ in ("PROPN", "PRON") or _is_agent_noun(speaker)):
                return ModalityReading("reported", node.lemma_.lower(), speaker=speaker)
    lowered = sent.text.lower()
    for phrase in c.reporting_phrases:
        pos = lowered.find(phrase)
        if pos >= 0:
            start = sent.start_char + pos + len(phrase)
            pobj = next((t for t in sent if t.idx >= start and t.dep_ == "pobj"), None)
            source = f"{phrase} {_np_text(pobj)}" if pobj is not None else phrase
            return ModalityReading("reported", phrase, speaker=pobj, source=source)
    return None


def read_modality(trigger: Any) -> ModalityReading:
    """Read the modality of the event whose trigger token is ``trigger``.

    Who says so is read whatever the modality: "Kommersant reported that Russia may sell jets"
    is hedged and attributed to Kommersant.
    """
    reading = _read(trigger)
    if reading.modality != "reported" and reading.speaker is None and reading.source is None:
        said = _reported_by(_chain(trigger), sent_of(trigger))
        if said is not None:
            reading = replace(reading, speaker=said.speaker, source=said.source)
    return reading


def _read(trigger: Any) -> ModalityReading:
    c = cues()
    sent = sent_of(trigger)
    chain = _chain(trigger)
    own = _own(chain)
    before = text_of(sent.doc)[sent.start_char : trigger.idx].lower()
    has_if = any(t.lower_ in c.hypothetical_marks and t.dep_ == "mark" for t in sent)

    # negation
    for k, (node, edge) in enumerate(own):
        if edge == "conj":
            break
        for ch in node.children:
            if ch.dep_ == "neg" or (ch.dep_ in ("det", "preconj") and ch.lower_ in c.negation_words and node.pos_ in ("NOUN", "PROPN")):
                return ModalityReading("negated", ch.lower_)
        if k and edge == "xcomp" and node.lemma_.lower() in c.negation_verbs:
            return ModalityReading("negated", node.lemma_.lower())
    # hypothetical
    for node, _edge in own:
        marks = [ch for ch in node.children if ch.dep_ == "mark" and ch.lower_ in c.hypothetical_marks]
        if marks and node.dep_ == "advcl":
            return ModalityReading("hypothetical", marks[0].lower_)
        if has_if and any(ch.dep_ == "aux" and ch.lower_ == "would" for ch in node.children):
            return ModalityReading("hypothetical", "if")
    # hedged
    if trigger.dep_ == "pcomp" and trigger.head.head.pos_ == "NOUN" and trigger.head.head.lemma_.lower() in c.hedge_nouns:
        return ModalityReading("hedged", trigger.head.head.lemma_.lower())  # "concern about Russia arming China"
    for phrase in c.hedge_phrases:
        if phrase in before:
            return ModalityReading("hedged", phrase)
    reporting = any(node.lemma_.lower() in c.reporting_verbs and edge in COMPLEMENT for node, edge in chain[1:])
    for k, (node, edge) in enumerate(chain):
        for ch in node.children if k < len(own) else ():
            if ch.dep_ == "aux" and ch.lower_ in c.hedge_modals:
                if ch.lower_ == "would" and reporting:
                    return ModalityReading("planned", "would")
                return ModalityReading("hedged", ch.lower_)
            if ch.dep_ in ("advmod", "acomp") and ch.lower_ in c.hedge_adverbs:
                return ModalityReading("hedged", ch.lower_)
        if k and node.lemma_.lower() in c.hedge_adverbs:
            return ModalityReading("hedged", node.lower_)
        if k and edge in COMPLEMENT and node.lemma_.lower() in c.hedge_verbs:
            return ModalityReading("hedged", node.lemma_.lower())
    # planned
    for k, (node, edge) in enumerate(own):
        for ch in node.children:
            if ch.dep_ == "aux" and ch.lower_ in c.planning_aux:
                return ModalityReading("planned", ch.lower_)
        if k and edge == "xcomp" and node.lemma_.lower() in c.planning_verbs:
            return ModalityReading("planned", node.lemma_.lower())
        if k and edge == "xcomp" and node.lemma_.lower() == "be" and node.tag_ in ("VBZ", "VBP", "VBD"):
            return ModalityReading("planned", "be to")
    # reported: only when someone is speaking ("a closer look reveals" is the author's own claim)
    said = _reported_by(chain, sent)
    if said is not None:
        return said
    for node, _edge in own:
        for ch in node.children:
            if ch.dep_ == "advmod" and ch.lower_ in c.reporting_adverbs:
                return ModalityReading("reported", ch.lower_, source=ch.lower_)
    return ModalityReading("asserted")


def _is_agent_noun(tok: Any) -> bool:
    """Nouns for people and bodies that speak ("officials", "the ministry", "analysts")."""
    return tok.lemma_.lower() in cues().speaker_nouns


def attribution(reading: ModalityReading, actor_ids: Callable[[Any], tuple[str, ...]]) -> str | None:
    """The actor id the reading's speaker maps to, else the source text, else None."""
    if reading.speaker is None:
        return reading.source
    ids = actor_ids(reading.speaker)
    if ids:
        return ids[0]
    return reading.source or _np_text(reading.speaker)


def is_pronoun_person(tok: Any) -> bool:
    """True for he/she/his: the only pronouns resolved (to the nearest preceding person)."""
    return tok.lower_ in PRONOUNS_PERSON
