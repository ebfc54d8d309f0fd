"""Words that refer back to parties: "the two leaders", "both countries", "they", "the President".

A reader of a readout takes "The leaders agreed to ..." as the two people who just met, and "The
President welcomed ..." as the president named last. Event role filling asks :func:`refer` when a
role's noun phrase names no actor itself; the answer comes from the document's
:class:`Discourse`:

- ``group``: the parties of the current happening, updated as events are read in text order (a
  meeting, talks, a call or an agreement between two or more states sets it); before any such
  event, the two states the document mentions most (counting the people of each state);
- ``titled``: each person's mentions with the titles the actor stage gave them, so that a
  singular definite title ("the President", "the Prime Minister", "the Foreign Minister") is the
  person last named before it as a subject who holds that title, else the last one named ("the
  President" is never a vice president).

First-person pronouns ("we condemn" in a government's statement) are not resolved: taking the
issuer to be the state the text mentions most was right for 6 of 70 events on real readouts, whose
subject is usually the other state.

Vocabulary: ``ontology/reference.yaml``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..ontology.loader import load_yaml

GROUP_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT"})
DEFINITE = frozenset({"the", "both", "these", "those", "two", "three", "all"})


@dataclass(frozen=True, slots=True)
class ReferenceVocabulary:
    person_nouns: frozenset[str]
    state_nouns: frozenset[str]
    pronouns: frozenset[str]


@lru_cache(maxsize=1)
def vocabulary() -> ReferenceVocabulary:
    data = load_yaml("reference.yaml")
    try:
        words = {k: frozenset(str(w).lower() for w in data[k]["words"])
                 for k in ("group_person_nouns", "group_state_nouns", "group_pronouns")}  # fmt: skip
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"reference.yaml: {exc}") from exc
    return ReferenceVocabulary(words["group_person_nouns"], words["group_state_nouns"], words["group_pronouns"])


@dataclass
class Discourse:
    """What refers back in one document: the current group of parties."""

    group: tuple[str, ...] = ()
    state_of: dict[str, str] = field(default_factory=dict)  # actor id -> its state's actor id
    # (mention end token, person, titles, whether the mention is its clause's subject)
    titled: list[tuple[int, str, tuple[str, ...], bool]] = field(default_factory=list)

    def titled_before(self, i: int, title: str) -> str | None:
        """The person last named before token ``i`` as a subject whose title is ``title`` (lower-case
        words), else the last one named at all."""
        best: dict[bool, str] = {}
        for end, aid, titles, subject in self.titled:
            if end <= i and any(_title_fits(t, title) for t in titles):
                best[subject] = aid
        return best.get(True) or best.get(False)

    def note_event(self, kind: str, parties: tuple[str, ...]) -> None:
        """After an event is read: a happening between two or more states becomes the current group."""
        if kind in GROUP_TYPES and len({self.state_of.get(p, p) for p in parties}) >= 2:
            self.group = tuple(dict.fromkeys(parties))

    def as_states(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.state_of.get(i, i) for i in ids))


TITLE_BLOCKERS = frozenset({"vice", "deputy", "former", "assistant", "first", "under", "acting", "lady"})


def _title_fits(held: str, said: str) -> bool:
    """"the President" fits "President of the United States" and "U.S. President", not "Vice President"."""
    words = held.lower().replace(".", "").split()
    said_words = said.split()
    n = len(said_words)
    for k in range(len(words) - n + 1):
        if words[k : k + n] == said_words:
            return not (k > 0 and words[k - 1] in TITLE_BLOCKERS)
    return False


def build_discourse(actor_kind: dict[str, str], actor_country: dict[str, str | None],
                    mentions_by_actor: Counter, titled: list[tuple[int, str, tuple[str, ...], bool]] = ()) -> Discourse:  # fmt: skip
    """The document's discourse before any event is read."""
    state_of = {}
    for aid, code in actor_country.items():
        sid = f"state:{code}" if code else None
        if sid in actor_kind and sid != aid:
            state_of[aid] = sid
    per_state: Counter = Counter()
    for aid, n in mentions_by_actor.items():
        sid = aid if actor_kind.get(aid) == "state" else state_of.get(aid)
        if sid:
            per_state[sid] += n
    ranked = [sid for sid, _ in per_state.most_common()]
    return Discourse(group=tuple(ranked[:2]) if len(ranked) >= 2 else (), state_of=state_of, titled=sorted(titled))


def refer(tok: Any, discourse: Discourse) -> tuple[str, ...]:
    """The parties a referring noun phrase headed by ``tok`` stands for, or ``()``."""
    vocab = vocabulary()
    low = tok.lower_
    if tok.tag_ in ("PRP", "PRP$") or (low == "both" and tok.dep_ in ("nsubj", "nsubjpass")):
        if low in vocab.pronouns and len(discourse.group) >= 2:
            return discourse.group
        return ()
    if tok.tag_ in ("NN", "NNP") and any(ch.dep_ == "det" and ch.lower_ == "the" for ch in tok.children):
        return _definite_title(tok, discourse)
    if tok.pos_ != "NOUN" or tok.tag_ not in ("NNS", "NNPS"):
        return ()
    lemma = tok.lemma_.lower()
    if lemma not in vocab.person_nouns and lemma not in vocab.state_nouns:
        return ()
    determiners = {ch.lower_ for ch in tok.children if ch.dep_ in ("det", "predet", "nummod", "quantmod")}
    if not determiners & DEFINITE:
        return ()
    if any(ch.dep_ in ("amod", "compound", "poss") and ch.ent_type_ in ("NORP", "GPE") for ch in tok.children):
        return ()  # "the Russian leaders", "Ukraine's partners": a named side, not the current group
    if any(ch.dep_ == "prep" and ch.lower_ == "of" for ch in tok.children):
        return ()  # "the leaders of the G7": named by the phrase
    if len(discourse.group) < 2:
        return ()
    if lemma in vocab.state_nouns:
        return discourse.as_states(discourse.group)
    return discourse.group


def _definite_title(tok: Any, discourse: Discourse) -> tuple[str, ...]:
    """"the President", "the Prime Minister": the nearest person before who holds the title."""
    if tok.lemma_.lower() not in vocabulary().person_nouns and tok.lower_ not in vocabulary().person_nouns:
        return ()
    if any(ch.dep_ in ("amod", "poss", "prep", "appos") or ch.ent_type_ in ("NORP", "GPE") for ch in tok.children):
        return ()  # "the Russian President", "the President of France": named by the phrase
    words = [ch for ch in tok.children if ch.dep_ == "compound" and ch.i < tok.i] + [tok]
    said = " ".join(w.lower_ for w in sorted(words, key=lambda w: w.i))
    found = discourse.titled_before(tok.i, said)
    return (found,) if found else ()
