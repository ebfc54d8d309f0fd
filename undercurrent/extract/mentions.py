"""Lexicon mentions: states, capitals and seats, international bodies and organisations.

Matchers are built once per spaCy vocabulary from the reviewed YAML lexicons
(``countries.yaml``, ``igos.yaml``, ``organizations.yaml``, ``metonyms.yaml``);
country codes always come from :func:`undercurrent.ontology.normalise_country`.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..nlp.sents import text_of
from ..ontology import normalise_country
from ..ontology.countries import not_state_phrases, text_forms
from ..ontology.loader import load_yaml, require_keys

# Hyphen-joined forms spaCy splits into three tokens ("Washington", "-", "led").
HYPHEN = "-"


@dataclass(frozen=True, slots=True)
class OrgEntry:
    """One organisation from organizations.yaml."""

    name: str
    country: str | None
    sector: str | None
    type: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A lexicon hit in the document: who it stands for and where (token and char offsets)."""

    kind: str  # state, igo, organization
    key: str  # ISO3, igo key or organisation name
    name: str
    country: str | None
    start: int  # token index
    end: int
    start_char: int
    end_char: int
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Reviewed vocabularies as lookup tables (built once)."""

    igos: dict[str, tuple[str, str]]  # alias -> (key, name)
    bare_igos: dict[str, tuple[str, ...]]  # shared alias -> full names, one of which the document must also use
    orgs: dict[str, OrgEntry]  # alias (as written, or lower case) -> entry
    generic_orgs: dict[str, tuple[str, str]]  # lower-case term -> (sector, type)
    place_preps: frozenset[str]
    motion_verbs: frozenset[str]
    agentive_suffixes: frozenset[str]
    demonym_heads: frozenset[str]
    name_words: frozenset[str]  # words that mark an organisation's name ("Co", "Atomics", "Accords")


def _words(data: dict, name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in data[name]["words"])


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and index igos.yaml, organizations.yaml and metonyms.yaml."""
    igos: dict[str, tuple[str, str]] = {}
    entries = load_yaml("igos.yaml")["igos"]
    for entry in entries:
        require_keys(entry, ("key", "name", "aliases"), "igos.yaml")
        for alias in (entry["name"], *entry["aliases"]):
            igos[alias] = (entry["key"], entry["name"])
    un = next((e for e in entries if e["key"] == "UN"), {"name": "", "aliases": []})
    bare_igos: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        bare = set(entry.get("bare_aliases") or ())
        full = [a for a in (entry["name"], *entry["aliases"]) if a not in bare]
        for alias in bare:
            bare_igos[alias] = tuple(dict.fromkeys((*full, un["name"], *un["aliases"])))
    org_data = load_yaml("organizations.yaml")
    orgs: dict[str, OrgEntry] = {}
    for entry in org_data["organizations"]:
        require_keys(entry, ("name", "country", "sector", "type", "aliases"), "organizations.yaml")
        org = OrgEntry(entry["name"], entry["country"], entry["sector"], entry["type"])
        for alias in (entry["name"], *entry["aliases"]):
            orgs[alias] = org
    generic: dict[str, tuple[str, str]] = {}
    for entry in org_data["generic_types"]:
        require_keys(entry, ("term", "sector", "type"), "organizations.yaml")
        term = entry["term"].lower()
        generic[term] = (entry["sector"], entry["type"])
        if "defense" in term:
            generic[term.replace("defense", "defence")] = (entry["sector"], entry["type"])
    meta = load_yaml("metonyms.yaml")
    return Lexicon(
        igos=igos,
        bare_igos=bare_igos,
        orgs=orgs,
        generic_orgs=generic,
        place_preps=_words(meta, "place_prepositions"),
        motion_verbs=_words(meta, "motion_verbs"),
        agentive_suffixes=_words(meta, "agentive_suffixes"),
        demonym_heads=_words(meta, "demonym_heads"),
        name_words=frozenset(org_data["name_words"]),
    )


def country_strings() -> tuple[str, ...]:
    """Every name, alias, demonym, capital and seat in countries.yaml that the matcher looks for."""
    return text_forms()


def is_organization_name(text: str) -> bool:
    """True when ``text`` is a known international body or organisation ("Kommersant")."""
    lex = lexicon()
    return text in lex.igos or text in lex.orgs or text.lower() in lex.orgs


def has_organization_word(words: list[str]) -> bool:
    """True when a word marks the name of a company, agency or framework ("General Electric Co").

    Example:
        >>> has_organization_word(["Artemis", "Accords"]), has_organization_word(["Ajit", "Doval"])
        (True, False)
    """
    marks = lexicon().name_words
    return any(w in marks for w in words)


def is_lexicon_name(text: str) -> bool:
    """True when ``text`` names a country, capital, seat, body or known organisation."""
    lex = lexicon()
    stripped = text[4:] if text.lower().startswith("the ") else text
    return bool(
        normalise_country(stripped, kinds=("name", "demonym", "capital", "seat"))
        or stripped in lex.igos
        or stripped in lex.orgs
        or stripped.lower() in lex.orgs
    )


@lru_cache(maxsize=4)
def matchers(vocab: Any) -> tuple[Any, Any]:
    """(case-sensitive matcher, lower-case matcher) for one spaCy vocabulary, built once."""
    from spacy.lang.en import English
    from spacy.matcher import PhraseMatcher

    make = English(vocab=vocab).make_doc
    exact = PhraseMatcher(vocab, attr="ORTH")
    lower = PhraseMatcher(vocab, attr="LOWER")
    lex = lexicon()
    exact.add("COUNTRY", [make(s) for s in country_strings()])
    # longer phrases that hold a state's name and are not that state ("New Mexico"): they win the overlap
    exact.add("NOT_STATE", [make(s) for s in not_state_phrases()])
    exact.add("IGO", [make(s) for s in lex.igos])
    cased = [s for s in lex.orgs if not s.islower()]
    cased += [s.replace("'", "\u2019") for s in cased if "'" in s]
    exact.add("ORG", [make(s) for s in cased])
    lowered = [s for s in lex.orgs if s.islower()]
    lowered += [s.replace("'", "\u2019") for s in lowered if "'" in s]
    lower.add("ORG", [make(s) for s in lowered])
    lower.add("GENERIC", [make(s) for s in lex.generic_orgs])
    return exact, lower


def _place_or_actor(tok: Any, lex: Lexicon, seat: bool) -> bool:
    """Whether a capital or seat token acts as its government here (see metonyms.yaml)."""
    doc = tok.doc
    nxt = tok.i + 1
    if nxt + 1 < len(doc) and doc[nxt].text == HYPHEN and doc[nxt + 1].lower_ in lex.agentive_suffixes:
        return True
    node = tok
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    dep = node.dep_
    if dep == "pobj":
        return node.head.lower_ not in lex.place_preps
    if dep == "dobj":
        return node.head.lemma_.lower() not in lex.motion_verbs
    if dep in ("nsubj", "nsubjpass", "poss", "agent", "csubj"):
        return True
    if dep in ("compound", "amod", "nmod"):
        return node.head.lemma_.lower() in lex.demonym_heads
    return seat and dep in ("ROOT", "appos", "attr")


_SPACED_POSSESSIVE = re.compile(r"\s+'s\b")
# Dependencies of a verb's object (or the subject of a passive): what the event happens to.
OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})


def _demonym_acts(start: int, end: int, doc: Any, lex: Lexicon) -> bool:
    """A demonym marks a state actor when it modifies an actor noun or is itself a subject."""
    last = doc[end - 1]
    if last.dep_ in ("nsubj", "nsubjpass", "poss") and last.pos_ in ("NOUN", "PROPN", "PRON"):
        return True
    node = last
    for _ in range(3):
        if node.dep_ not in ("amod", "compound", "nmod", "npadvmod") or node.head is node:
            break
        node = node.head
        if node.lemma_.lower() in lex.demonym_heads or node.lower_ in lex.demonym_heads:
            return True
    # the thing a verb acts on belongs to the state: "seized Iranian tankers", "bought Russian oil",
    # "released five American detainees", "detained two Canadians"
    if node is not last and node.dep_ in OBJECT_DEPS and node.pos_ in ("NOUN", "PROPN"):
        return True
    if last.dep_ in OBJECT_DEPS and last.pos_ in ("NOUN", "PROPN") and last.tag_ in ("NNS", "NNPS"):
        return True
    nxt = doc[end] if end < len(doc) else None
    return nxt is not None and nxt.lower_ in lex.demonym_heads


def _possessor_country(doc: Any, start: int) -> str | None:
    """Country written just before ``start``: a demonym ("Russian") or a possessive ("Russia's")."""
    i = start - 1
    skipped = 0
    while i >= 0 and skipped < 3:
        tok = doc[i]
        if tok.text in ("'s", "\u2019s", "'"):
            if i == 0:
                return None
            owner = doc[i - 1]  # "Russia's", or "the Chinese military's": the owner's own demonym
            mods = [ch.text for ch in owner.children if ch.dep_ in ("amod", "compound") and ch.i < owner.i]
            return next(filter(None, (normalise_country(w) for w in (owner.text, *mods))), None)
        code = normalise_country(tok.text)
        if code:
            return code
        if tok.pos_ not in ("ADJ", "NOUN") or tok.is_punct:
            return None
        skipped += 1
        i -= 1
    return None


def find_mentions(doc: Any) -> list[Mention]:
    """All state, igo and organisation mentions in a spaCy Doc, in text order.

    Example:
        >>> [m.key for m in find_mentions(nlp("The Kremlin said NATO was expanding."))]  # doctest: +SKIP
        ['RUS', 'NATO']
    """
    from spacy.util import filter_spans

    lex = lexicon()
    exact, lower = matchers(doc.vocab)
    spans = []
    for matcher in (exact, lower):
        for label, s, e in matcher(doc):
            spans.append(doc[s:e])
            spans[-1].label_ = doc.vocab.strings[label]
    # "George Washington", "Jack London": places inside a personal name are not mentions; a "name"
    # that is a state's name whole ("Papua New Guinea" tagged PERSON) is the state
    in_names = {
        i for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) > 1 and normalise_country(ent.text) is None
        for i in range(ent.start, ent.end)
    }
    out: list[Mention] = []
    for span in filter_spans(spans):
        label, text = span.label_, span.text
        if label == "NOT_STATE":
            continue
        if label == "COUNTRY" and in_names.intersection(range(span.start, span.end)) and not _after_of(doc, span.start):
            continue  # but "Prime Minister of Armenia Nikol Pashinyan": the parser's PERSON swallowed the state
        if label == "COUNTRY":
            mention = _country_mention(span, doc, lex)
        elif label == "IGO":
            if text in lex.bare_igos and not _names_in_full(doc, lex.bare_igos[text]):
                continue  # "the Security Council" with no UN in sight: a national council (Russia's)
            key, name = lex.igos[text]
            mention = Mention("igo", key, name, None, span.start, span.end, span.start_char, span.end_char)
        elif label == "ORG":
            # token text may carry spacing the lexicon does not ("Russia 's Foreign Ministry")
            plain = " ".join(_SPACED_POSSESSIVE.sub("'s", text.replace("\u2019", "'")).split())
            org = lex.orgs.get(plain) or lex.orgs.get(plain.lower())
            if org is None:
                continue
            mention = Mention(
                "organization", org.name, org.name, org.country, span.start, span.end,
                span.start_char, span.end_char, org.sector,
            )
        else:
            mention = _generic_org(span, doc, lex)
        if mention is not None:
            out.append(mention)
    out.extend(_owned_named_orgs(doc, {i for m in out for i in range(m.start, m.end)}))
    out.sort(key=lambda m: m.start)
    return out


def _after_of(doc: Any, i: int) -> bool:
    """Whether token ``i`` follows "of" (with "the" between or not)."""
    j = i - 2 if i > 1 and doc[i - 1].lower_ == "the" else i - 1
    return j >= 0 and doc[j].lower_ == "of"


def _names_in_full(doc: Any, names: tuple[str, ...]) -> bool:
    """Whether the document writes one of ``names`` as a whole word ("UN", "United Nations")."""
    text = text_of(doc)
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names if n)


def _is_title_phrase(span: Any) -> bool:
    """A parser "organisation" that is an office's title ("India's National Security Advisor")."""
    from .titles import sector_vocab  # titles imports this module

    return span[-1].lower_ in sector_vocab().rank_words


def _owned_named_orgs(doc: Any, taken: set[int]) -> list[Mention]:
    """Organisations the lexicons lack, named by the parser and owned by a state written in front
    ("the Chinese military's Ordnance Department", "Iran's Atomic Energy Organization")."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or taken.intersection(range(ent.start, ent.end)) or not ent.text[0].isupper():
            continue
        country = _possessor_country(doc, ent.start)
        if country is None or normalise_country(ent.text) is not None or _is_title_phrase(ent):
            continue
        out.append(Mention(
            "organization", f"{country}:{ent.text}", ent.text, country, ent.start, ent.end,
            ent.start_char, ent.end_char,
        ))
    return out


def _country_mention(span: Any, doc: Any, lex: Lexicon) -> Mention | None:
    text = span.text
    code = normalise_country(text, kinds=("name",))
    if code is None:
        demonym = normalise_country(text, kinds=("demonym",))
        if demonym is not None:
            if not _demonym_acts(span.start, span.end, doc, lex):
                return None
            code = demonym
        else:
            code = normalise_country(text, kinds=("capital", "seat"))
            seat = normalise_country(text, kinds=("seat",)) is not None
            if code is None or not _place_or_actor(span[-1], lex, seat):
                return None
    if span.start > 0 and doc[span.start - 1].lower_ == "the" and text[0].isupper():
        start, start_char = span.start - 1, doc[span.start - 1].idx
    else:
        start, start_char = span.start, span.start_char
    return Mention("state", code, text_of(doc)[start_char:span.end_char], code, start, span.end, start_char, span.end_char)


def _generic_org(span: Any, doc: Any, lex: Lexicon) -> Mention | None:
    """"Russia's central bank": a generic organisation type owned by the state in front."""
    country = _possessor_country(doc, span.start)
    if country is None:
        return None
    sector, _type = lex.generic_orgs[span.text.lower()]
    first = span.start
    while first > 0 and span.start - first < 4 and not doc[first - 1].is_punct and doc[first - 1].lower_ != "the":
        if doc[first - 1].pos_ in ("VERB", "AUX", "ADP", "DET", "CCONJ"):
            break
        first -= 1
    written = doc[first:span.end]
    key = f"{country}:{span.text.lower()}"
    return Mention(
        "organization", key, written.text, country, first, span.end, written.start_char, span.end_char, sector
    )
