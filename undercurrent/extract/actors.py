"""Actors in one document: states, international bodies, organisations, people and groups.

States, bodies and organisations come from the reviewed lexicons
(:mod:`undercurrent.extract.mentions`); people from spaCy PERSON entities that
survive filtering, names recovered next to titles, and surname-only and
title-only mentions linked to them; roles from :mod:`undercurrent.extract.roles`.
When the actor dictionary (``undercurrent.ontology.dictionary``) is installed it
fills roles the text does not give and resolves title-only mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..nlp.sents import sent_of, text_of
from ..ontology import country_name, normalise_country
from ..ontology.checks import check_vocabulary
from ..records import Actor, Role, Span, stable_id
from ..resolve.people import match_people, name_key
from .mentions import Mention, find_mentions, has_organization_word, is_lexicon_name, is_organization_name
from .roles import find_group_roles, roles_for_mention
from .titles import HONORIFICS, ORG_NOUNS, fold_word, read_title, sector_vocab

# Longest plausible personal name in tokens ("Mohammed bin Salman Al Saud" is five).
MAX_NAME_TOKENS = 5
# Lower-case words allowed inside a name.
NAME_PARTICLES = frozenset({"bin", "bint", "al", "el", "de", "da", "van", "von", "der", "den", "du", "des", "dos",
                            "la", "le", "ibn", "abu", "di", "ter", "ten"})
# Generational suffixes written after a name.
NAME_SUFFIXES = frozenset({"jr", "sr"})
# People needed in one sentence, all of one country, before a person without one is taken to share it.
ROSTER_MIN_PEERS = 2
# Sector of a title-only mention -> the dictionary's office key.
OFFICE_KEYS = {
    "head_of_state": "head_of_state",
    "head_of_government": "head_of_government",
    "foreign_affairs": "foreign_minister",
    "defense": "defence_minister",
    "finance": "central_bank_governor",
}
APOSTROPHES = ("'s", "\u2019s", "'", "\u2019")
# spaCy labels of other kinds of thing; a name also written as one of these is not a person.
NON_PERSON_LABELS = frozenset({"ORG", "PRODUCT", "FAC", "GPE", "LOC", "WORK_OF_ART", "NORP", "EVENT", "LAW"})


@dataclass
class _Person:
    """A person being assembled (mutable only inside this module)."""

    name: str
    mentions: list[tuple[int, int]] = field(default_factory=list)  # char offsets
    roles: list[tuple[Role, str | None]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    country: str | None = None
    lone: bool = False  # only ever named by one word
    addressed: bool = False  # named after "Mr", "Dr", "Sir"...
    known: bool = False  # the actor dictionary knows the name


@lru_cache(maxsize=8)
def _dictionary(paths: str) -> Any:
    """The actor dictionary when that module is installed, else None."""
    try:
        from ..ontology.dictionary import ActorDictionary
    except ImportError:
        return None
    return ActorDictionary.load(tuple(p.strip() for p in paths.split(",") if p.strip()))


def _clean_person(span: Any) -> tuple[int, int] | None:
    """Token range of a PERSON entity without titles and possessives, or None when it is no name."""
    vocab = sector_vocab()
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (fold_word(doc[s].text) in vocab.title_words or doc[s].lower_ in HONORIFICS or doc[s].lower_ == "the"
                     or doc[s].is_punct or normalise_country(doc[s].text, kinds=("demonym",))
                     or s > 0 and doc[s - 1].lower_ == "of" and normalise_country(doc[s].text, kinds=("name",))):
        s += 1
    while e > s and (doc[e - 1].text in APOSTROPHES or doc[e - 1].is_punct or doc[e - 1].lower_.rstrip(".") in NAME_SUFFIXES):
        e -= 1  # "Joseph R. Biden Jr.": the suffix is no part of the name we match on
    if s >= e:
        return None
    return (s, e) if is_name(doc[s:e]) else None


def is_name(span: Any) -> bool:
    """Whether a token span looks like a personal name (not a place, body or garbled fragment).

    Example:
        >>> is_name(nlp("Kommersant Interview")[0:2])  # doctest: +SKIP
        False
    """
    toks = list(span)
    if not toks or len(toks) > MAX_NAME_TOKENS or not toks[0].text[:1].isupper():
        return False
    if all(t.lower_.rstrip(".") in NAME_SUFFIXES for t in toks):
        return False  # "Joseph R. Biden, Jr.": the suffix alone names no one
    if is_lexicon_name(span.text) or any(is_organization_name(t.text) for t in toks if t.text[:1].isupper()):
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if has_organization_word([t.text for t in toks] + ([after.text] if after is not None else [])):
        return False  # "General Electric Co", "General Atomics", "the Artemis Accords"
    titles = sector_vocab().title_words
    if after is not None and after.is_title and after.lower_ in ORG_NOUNS:
        return False
    for k, tok in enumerate(toks):
        if tok.like_num or any(ch.isdigit() for ch in tok.text):
            return False
        if tok.text == "-" or k > 0 and toks[k - 1].text == "-" and tok.is_alpha:
            continue
        if not (tok.is_alpha or "'" in tok.text or len(tok.text) == 2 and tok.text.endswith(".")):
            return False
        if tok.is_lower and tok.text not in NAME_PARTICLES:
            return False
        if tok.pos_ in ("VERB", "AUX", "ADP", "PRON", "DET") and tok.text.lower() not in NAME_PARTICLES:
            return False
        if tok.lower_ in titles and tok.pos_ != "PROPN" or tok.lower_ in ORG_NOUNS:
            return False
    if len(toks) == 1:
        tok = toks[0]
        return tok.pos_ == "PROPN" and not tok.is_upper and not tok.is_stop and tok.lower_ not in titles
    return any(t.pos_ == "PROPN" for t in toks)


def _name_like(tok: Any, blocked: set[int]) -> bool:
    """A token that can be part of a personal name next to one spaCy found."""
    vocab = sector_vocab()
    return (
        tok.is_alpha and tok.is_title and tok.pos_ == "PROPN" and tok.i not in blocked
        and tok.lower_ not in HONORIFICS and fold_word(tok.text) not in vocab.title_words and tok.lower_ not in ORG_NOUNS
        and normalise_country(tok.text) is None
    )


def _expand(doc: Any, s: int, e: int, blocked: set[int]) -> tuple[int, int]:
    """Grow a name over neighbouring name tokens, particles and hyphens ("Ursula von der" + "Leyen")."""
    while e - s < MAX_NAME_TOKENS:
        if e < len(doc) and _name_like(doc[e], blocked) and doc[e - 1].whitespace_:
            e += 1
        elif e + 1 < len(doc) and doc[e].text == "-" and not doc[e - 1].whitespace_ and not doc[e].whitespace_ \
                and (_name_like(doc[e + 1], blocked) or doc[e + 1].is_lower and doc[e + 1].is_alpha
                     and not doc[e + 1].is_stop):
            e += 2
        elif e + 1 < len(doc) and doc[e].lower_ in NAME_PARTICLES and _name_like(doc[e + 1], blocked):
            e += 2
        else:
            break
    while e - s < MAX_NAME_TOKENS and s > 0:
        if _name_like(doc[s - 1], blocked) and doc[s - 1].whitespace_:
            s -= 1
        elif s > 1 and doc[s - 1].text == "-" and not doc[s - 1].whitespace_ and not doc[s - 2].whitespace_ \
                and _name_like(doc[s - 2], blocked):
            s -= 2
        else:
            break
    return s, e


def _runs(doc: Any, blocked: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of two or more name-like tokens (joined by hyphens or particles)."""
    out = []
    i = 0
    while i < len(doc):
        if _name_like(doc[i], blocked):
            s, e = _expand(doc, i, i + 1, blocked)
            if e - s >= 2:
                out.append((s, e))
            i = max(e, i + 1)
        else:
            i += 1
    return out


def _document_countries(doc: Any, mentions: list[Mention]) -> set[str]:
    """States the document names, as actors or as places (capitals, demonyms)."""
    out = {m.key for m in mentions if m.kind == "state"}
    for ent in doc.ents:
        if ent.label_ in ("GPE", "NORP"):
            code = normalise_country(ent.text, kinds=("name", "demonym", "capital", "seat"))
            if code:
                out.add(code)
    return out


def _is_leader(person: Any) -> bool:
    return any(r.sector in ("head_of_state", "head_of_government") for r in person.roles)


def _title_fits(found: Any, roles: list[tuple[Role, str | None]], as_of: str | None, dictionary: Any,
                unshared: bool) -> bool:
    """Whether the title written with a lone surname is the office the dictionary's ``found`` held:
    "President Erdogan" in a text that also names Emine Erdogan, the first lady; "Secretary Blinken"
    (a bare rank) when no full name in the text shares the surname (``unshared``)."""
    held = dictionary.roles_as_of(found, as_of)
    return any(r.source == "text" and _same_office(r.title, d.title)
               and (r.sector not in (None, "other") and r.sector == d.sector or unshared)
               for r, _ in roles for d in held)


def _surname_fits(found: Any, surname: str, written: set[str], states: set[str], as_of: str | None,
                  dictionary: Any) -> bool:
    """Whether a lone surname may be the dictionary's ``found``: no full name in the text shares it,
    ``found`` held an office on ``as_of`` (when known), and their state is named or they lead one."""
    if surname in written:
        return False
    if as_of and not dictionary.roles_as_of(found, as_of):
        return False
    return found.country in states or _is_leader(found)


def _dictionary_surnames(doc: Any, mentions: list[Mention], dictionary: Any, blocked: set[int],
                         as_of: str | None) -> list[tuple[int, int]]:
    """Lone surnames spaCy missed ("Shoygu was not there") that the dictionary knows, when the
    person's state is named or marked by a demonym in the document."""
    countries = _document_countries(doc, mentions)
    out = []
    for tok in doc:
        if tok.i in blocked or not _name_like(tok, blocked) or tok.ent_type_ == "PERSON":
            continue
        if tok.i + 1 < len(doc) and _name_like(doc[tok.i + 1], blocked) or tok.i > 0 and _name_like(doc[tok.i - 1], blocked):
            continue
        found = dictionary.find(tok.text)
        if found is not None and found.country in countries and (not as_of or dictionary.roles_as_of(found, as_of)):
            out.append((tok.i, tok.i + 1))
    return out


def _person_spans(doc: Any, mentions: list[Mention], as_of: str | None, dictionary: Any
                  ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(names, hyphen parts such as "Xi-Putin") as token ranges, in text order.

    Names are spaCy PERSON entities, grown over neighbouring name tokens and
    filtered; then runs of capitalised proper nouns that spaCy missed or mislabelled,
    kept only when the text gives them a role or the actor dictionary knows them.
    """
    blocked = {i for m in mentions for i in range(m.start, m.end)}
    names: list[tuple[int, int]] = []
    parts: list[tuple[int, int]] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        cleaned = _clean_person(ent)
        if cleaned is None or blocked.intersection(range(*cleaned)):
            continue
        s, e = _expand(doc, *cleaned, blocked)
        if taken.intersection(range(s, e)):
            continue
        if e - s == 3 and doc[s + 1].text == "-":
            parts.extend([(s, s + 1), (e - 1, e)])
        elif is_name(doc[s:e]):
            names.append((s, e))
        else:
            continue
        taken.update(range(s, e))
    if dictionary is not None:
        names.extend(_dictionary_surnames(doc, mentions, dictionary, blocked | taken, as_of))
    for s, e in _runs(doc, blocked | taken):
        span = doc[s:e]
        if not is_name(span):
            continue
        known = dictionary is not None and dictionary.find(span.text) is not None
        if known or roles_for_mention(doc, s, e, mentions, as_of):
            names.append((s, e))
            taken.update(range(s, e))
    return sorted(names), parts


def _title_only(doc: Any, mentions: list[Mention], taken: set[int]) -> list[tuple[int, int, Any]]:
    """"the Chinese leader", "the Russian defence minister": (start, end, TitleInfo) with a country."""
    ranks = sector_vocab().rank_words
    out = []
    for tok in doc:
        if tok.lower_ != "the" or tok.i + 2 >= len(doc):
            continue
        j = tok.i + 1
        end = None
        while j < min(tok.i + 6, len(doc)):
            if doc[j].lower_ in ranks:
                end = j + 1
            elif not (doc[j].text in APOSTROPHES or normalise_country(doc[j].text)
                      or fold_word(doc[j].text) in sector_vocab().title_words):
                break
            j += 1
        if end is None or end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].lower_ == "of"):
            continue
        if taken.intersection(range(tok.i, end)) or doc[end - 1].tag_ in ("NNS", "NNPS"):
            continue
        info = read_title(list(doc[tok.i + 1:end]), mentions)
        if info is not None and info.country and info.sector and info.sector != "other":
            out.append((tok.i, end, info))
    return out


def extract_actors(sdoc: Any, as_of: str | None = None, settings: Any = None) -> tuple[Actor, ...]:
    """All actors of one parsed document, sorted by first mention.

    Example:
        >>> actors = extract_actors(nlp("Russian President Vladimir Putin met NATO officials."))  # doctest: +SKIP
        >>> [(a.kind, a.name) for a in actors]  # doctest: +SKIP
        [('state', 'Russia'), ('person', 'Vladimir Putin'), ('igo', 'NATO')]
    """
    check_vocabulary()  # once per process: the vocabulary files agree with one another
    dictionary = _dictionary(getattr(settings, "user_dictionaries", "") or "")
    mentions = find_mentions(sdoc)
    actors = _lexicon_actors(sdoc, mentions)
    actors.extend(_people(sdoc, mentions, as_of, dictionary))
    for start, end, role in find_group_roles(sdoc, mentions):
        span = sdoc[start:end]
        actors.append(Actor(
            id=stable_id("group", role.country, span.text.lower()), kind="group", name=span.text,
            country=role.country, mentions=(Span(span.text, span.start_char, span.end_char),), roles=(role,),
        ))
    actors.sort(key=lambda a: (a.mentions[0].start if a.mentions else -1, a.id))
    return tuple(actors)


def _lexicon_actors(doc: Any, mentions: list[Mention]) -> list[Actor]:
    grouped: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        grouped.setdefault((m.kind, m.key), []).append(m)
    out = []
    for (kind, key), ms in grouped.items():
        spans = tuple(Span(text_of(doc)[m.start_char:m.end_char], m.start_char, m.end_char) for m in ms)
        if kind == "state":
            out.append(Actor(f"state:{key}", "state", country_name(key) or key, key, spans))
        elif kind == "igo":
            out.append(Actor(f"igo:{key}", "igo", ms[0].name, None, spans))
        else:
            name = ms[0].name if ":" in key else key
            written = {s.text for s in spans}
            out.append(Actor(stable_id("org", key.lower()), "organization", name, ms[0].country, spans,
                             aliases=tuple(sorted(written - {name}))))
    return out


def _people(doc: Any, mentions: list[Mention], as_of: str | None, dictionary: Any) -> list[Actor]:
    names, parts = _person_spans(doc, mentions, as_of, dictionary)
    states = _document_countries(doc, mentions)
    people: dict[str, _Person] = {}
    singles: list[tuple[int, int]] = []
    # words of the full names the text writes: a surname one of them shares is theirs ("Vedant
    # Patel ... Patel said"), never a namesake's from the dictionary
    written = {w for s, e in names if e - s > 1 for w in name_key(doc[s:e].text).split()}
    for s, e in names:
        span = doc[s:e]
        text = span.text
        canonical = text
        if dictionary is not None:
            found = dictionary.find(text)
            # a surname alone is taken from the dictionary only when no one else in the text bears
            # it, the person held an office on the document's date, and their state is in the text
            # or they lead a state (news names leaders by surname alone)
            if found is not None and (e - s > 1 or _surname_fits(found, name_key(text), written, states, as_of,
                                                                  dictionary)
                                      or _title_fits(found, roles_for_mention(doc, s, e, mentions, as_of), as_of,
                                                     dictionary, name_key(text) not in written)):
                canonical = found.name
        if e - s == 1 and canonical == text:
            singles.append((s, e))
            continue
        key = name_key(canonical)
        person = people.setdefault(key, _Person(canonical))
        person.known = person.known or canonical != text
        person.mentions.append((span.start_char, span.end_char))
        person.aliases.add(text)
        person.roles.extend(roles_for_mention(doc, s, e, mentions, as_of))
    _merge_variants(people, dictionary)
    by_token: dict[str, list[str]] = {}
    for key, person in people.items():
        for form in {person.name, *person.aliases}:
            toks = name_key(form).split()
            for t in {toks[0], toks[-1]} if toks else ():
                if key not in by_token.setdefault(t, []):
                    by_token[t].append(key)
    claimed = {i for s, e in names for i in range(s, e)}
    extra = [
        (t.i, t.i + 1) for t in doc
        if t.i not in claimed and t.is_title and t.is_alpha and (t.pos_ == "PROPN" or not t.is_sent_start)
        and len(by_token.get(name_key(t.text), ())) == 1
    ]
    for s, e in sorted(set(singles + parts + extra)):
        span = doc[s:e]
        owners = by_token.get(name_key(span.text), [])
        if len(owners) == 1:
            person = people[owners[0]]
        elif not owners and (s, e) in singles:
            person = people.setdefault(name_key(span.text), _Person(span.text, lone=True))
        else:
            continue
        person.addressed = person.addressed or s > 0 and doc[s - 1].lower_ in HONORIFICS
        person.mentions.append((span.start_char, span.end_char))
        person.roles.extend(roles_for_mention(doc, s, e, mentions, as_of))
    _drop_unlikely(doc, people)
    _assign_countries(doc, people)
    _link_title_only(doc, mentions, people, as_of, dictionary, claimed)
    return [_to_actor(doc, p, as_of, dictionary) for p in people.values()]


def _merge_variants(people: dict[str, _Person], dictionary: Any) -> None:
    """Merge garbled or variant forms of one person within the document ("Shi Jinping" and
    "Xi Jinping", both China's head of state), using the cross-document matcher."""
    keys = list(people)
    for k, key in enumerate(keys):
        person = people.get(key)
        if person is None:
            continue
        here = _sketch(person)
        for other_key in keys[:k]:
            kept = people.get(other_key)
            if kept is not None and match_people(_sketch(kept), here, dictionary):
                kept.mentions.extend(person.mentions)
                kept.roles.extend(person.roles)
                kept.aliases |= person.aliases | {person.name}
                kept.known = kept.known or person.known
                del people[key]
                break


def _sketch(person: _Person) -> Actor:
    """A provisional Actor of a person being assembled, for the matcher."""
    roles = tuple(r for r, _ in person.roles)
    country = next((r.country for r in roles if r.country), None)
    return Actor(id=person.name, kind="person", name=person.name, country=country, roles=roles)


def _drop_unlikely(doc: Any, people: dict[str, _Person]) -> None:
    """Drop names that are probably companies or brands: a lone word with no title, no "Mr"
    and no dictionary entry, or a name spaCy also labels as an organisation or place."""
    other_kinds = {e.text for e in doc.ents if e.label_ in NON_PERSON_LABELS}
    for key in list(people):
        person = people[key]
        if person.known or any(r.source == "text" for r, _ in person.roles):
            continue
        written = {text_of(doc)[s:e] for s, e in person.mentions} | person.aliases
        if person.lone and not person.addressed or written & other_kinds:
            del people[key]


def _assign_countries(doc: Any, people: dict[str, _Person]) -> None:
    """Country of each person: own roles, then possessor ("Putin's aide"), then the sentence roster."""
    for person in people.values():
        person.country = next((r.country for r, _ in person.roles if r.country and r.status == "current"), None) \
            or next((r.country for r, _ in person.roles if r.country), None)
    surname = {key.split()[-1]: p for key, p in people.items()}
    surname.update({key.split()[0]: p for key, p in people.items() if key.split()[0] not in surname})
    for person in people.values():
        fixed = []
        for role, poss in person.roles:
            if role.country is None and poss:
                owner = surname.get(name_key(poss))
                code = owner.country if owner is not None else normalise_country(poss)
                if code:
                    role = replace(role, country=code)
            fixed.append((role, poss))
        person.roles = fixed
        if person.country is None:
            person.country = next((r.country for r, _ in fixed if r.country), None)
    for person in people.values():
        if person.country is None:
            person.country = next(filter(None, (_stated_nationality(doc, s, e) for s, e in person.mentions)), None)
    for person in people.values():
        if person.country is not None or not person.roles:
            continue
        sent_ids = {sent_of(doc.char_span(*m, alignment_mode="expand")[0]).start for m in person.mentions
                    if doc.char_span(*m, alignment_mode="expand") is not None}
        peers = {p.country for p in people.values() if p is not person and any(
            sent_of(doc.char_span(*m, alignment_mode="expand")[0]).start in sent_ids for m in p.mentions)}
        count = sum(1 for p in people.values() if p is not person and any(
            sent_of(doc.char_span(*m, alignment_mode="expand")[0]).start in sent_ids for m in p.mentions))
        if count >= ROSTER_MIN_PEERS and len(peers) == 1 and None not in peers:
            person.country = peers.pop()


def _stated_nationality(doc: Any, start_char: int, end_char: int) -> str | None:
    """The state of "Nikhil Gupta, an Indian national" or "Indian national Nikhil Gupta"."""
    from ..resolve.people import nationality_nouns

    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return None
    nouns = nationality_nouns()
    after = [t for t in doc[span.end:span.end + 4]]
    if len(after) >= 3 and after[0].text == "," and after[1].lower_ in ("a", "an", "the") \
            and after[2].ent_type_ == "NORP" and len(after) > 3 and after[3].lower_ in nouns:
        return normalise_country(after[2].text, kinds=("demonym",))
    if span.start >= 2 and doc[span.start - 1].lower_ in nouns and doc[span.start - 2].ent_type_ == "NORP":
        return normalise_country(doc[span.start - 2].text, kinds=("demonym",))
    return None


def _link_title_only(doc: Any, mentions: list[Mention], people: dict[str, _Person], as_of: str | None,
                     dictionary: Any, claimed: set[int]) -> None:
    """Attach "the Russian president" to the one person of the document holding that office."""
    for s, e, info in _title_only(doc, mentions, claimed):
        holders = [p for p in people.values() if any(
            r.country == info.country and r.sector == info.sector and r.status == "current"
            and _same_office(info.title, r.title) for r, _ in p.roles)]
        if len(holders) != 1 and dictionary is not None and as_of and info.sector in OFFICE_KEYS:
            # the dictionary says who held the office; it is linked only to a person the text names
            found = dictionary.holder(OFFICE_KEYS[info.sector], info.country, as_of)
            named = people.get(name_key(found.name)) if found is not None else None
            if named is not None and any(_same_office(info.title, r.title) for r in dictionary.roles_as_of(found, as_of)):
                holders = [named]
        if len(holders) == 1:
            span = doc[s:e]
            holders[0].mentions.append((span.start_char, span.end_char))


def _same_office(title: str | None, other: str | None) -> bool:
    """Whether two titles name one office by their rank words ("the Turkish ambassador" is not
    the foreign minister; "the Chinese leader" is the president)."""
    ranks = sector_vocab().rank_words
    a = {fold_word(w) for w in (title or "").replace("-", " ").split()} & ranks
    b = {fold_word(w) for w in (other or "").replace("-", " ").split()} & ranks
    return bool(a & b) or "leader" in a or "leader" in b


def _to_actor(doc: Any, person: _Person, as_of: str | None, dictionary: Any) -> Actor:
    roles: list[Role] = []
    for role, _ in person.roles:
        if role.country is None and person.country and role.sector not in ("media", "business", "academia"):
            role = replace(role, country=person.country)
        if role not in roles:
            roles.append(role)
    country = person.country
    if dictionary is not None and (person.known or len(person.name.split()) > 1):
        found = dictionary.find(person.name)
        if found is not None:
            country = country or found.country
            if not roles and as_of:
                roles = [replace(r, source="dictionary") for r in dictionary.roles_as_of(found, as_of)]
            elif roles and all(r.sector in (None, "other") for r in roles):
                # "Secretary Blinken": the text gives a rank, the dictionary the office of that rank
                held = dictionary.roles_as_of(found, as_of)
                roles += [replace(d, source="dictionary") for d in held
                          if any(_same_office(r.title, d.title) for r in roles)]
    if country is None:
        country = next((r.country for r in roles if r.country), None)
    mentions = tuple(Span(text_of(doc)[s:e], s, e) for s, e in sorted(set(person.mentions)))
    return Actor(
        id=stable_id("person", name_key(person.name)), kind="person", name=person.name, country=country,
        mentions=mentions, roles=tuple(roles), aliases=tuple(sorted(person.aliases - {person.name})),
    )
