"""Reading one title phrase ("president of Russia's central bank") into title, organisation, country, sector.

The vocabulary is ``ontology/sectors.yaml``; organisations come from the lexicon
mentions already found in the document (:mod:`undercurrent.extract.mentions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..ontology import normalise_country
from ..ontology.loader import load_yaml, require_keys
from .mentions import Mention

# Nouns that make the words after "of"/"for"/"on"/"at" an organisation rather than a portfolio
# ("president of the central bank" versus "minister of defense").
ORG_NOUNS = frozenset(
    "agency bank commission committee company corporation council department ministry service office fund "
    "group party court army navy force forces staff federation union organization association institute "
    "university administration bureau board cabinet government parliament assembly directorate complex "
    "manufacturer exporter producer firm conglomerate corps guard guards team"
    .split()
)
ORG_PREPS = frozenset({"of", "for", "on", "at"})
DETERMINERS = frozenset({"a", "an", "the", "its", "his", "her", "their", "now", "also", "currently", "still",
                         "and", "or", "but"})
# Words inside multi-word terms ("science and technology") that do not make a title on their own.
FUNCTION_WORDS = frozenset({"and", "of", "the", "for", "on", "in", "at", "to", "&"})
SPECIFIC, GENERIC = "specific", "generic"
# Forms of address: never part of a name or a title, but a sure sign that a person follows.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "mr.", "mrs.", "ms.", "dr.",
                        "h.e.", "excellency", "majesty", "highness", "shri", "smt"})


@dataclass(frozen=True, slots=True)
class SectorVocab:
    """sectors.yaml as lookup tables."""

    sectors: frozenset[str]
    term_sector: dict[str, tuple[str, str]]  # term -> (sector, strength)
    term_regex: Any  # alternation of all terms, longest first
    spelling: dict[str, str]
    rank_words: frozenset[str]
    group_ranks: frozenset[str]
    former_words: frozenset[str]
    incoming_words: frozenset[str]
    title_words: frozenset[str]  # every word of every term, rank and status word


@lru_cache(maxsize=1)
def sector_vocab() -> SectorVocab:
    """Load and validate sectors.yaml once."""
    data = load_yaml("sectors.yaml")
    sectors = frozenset(data["sectors"])
    terms: dict[str, tuple[str, str]] = {}
    for entry in data["terms"]:
        require_keys(entry, ("term", "sector", "strength", "description"), "sectors.yaml")
        if entry["sector"] not in sectors or entry["strength"] not in (SPECIFIC, GENERIC):
            raise ConfigError(f"sectors.yaml: bad sector or strength in {entry!r}")
        terms[entry["term"].lower()] = (entry["sector"], entry["strength"])
    ordered = sorted(terms, key=len, reverse=True)
    regex = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in ordered) + r")\b")
    ranks = frozenset(w.lower() for w in data["rank_words"])
    status = data["status_words"]
    former = frozenset(status["former"])
    incoming = frozenset(status["incoming"])
    words = {w for t in terms for w in t.split() if w not in FUNCTION_WORDS} | ranks | former | incoming
    words |= {"foreign", "policy", "first", "senior", "top", "acting", "interim", "state", "national", "deputy"}
    return SectorVocab(
        sectors=sectors,
        term_sector=terms,
        term_regex=regex,
        spelling={k.lower(): v for k, v in data["spelling"].items()},
        rank_words=ranks,
        group_ranks=frozenset(w.lower() for w in data["group_ranks"]),
        former_words=former,
        incoming_words=incoming,
        title_words=frozenset(words),
    )


def fold_word(word: str) -> str:
    """Lower-case a word and fold British spellings ("Defence" -> "defense")."""
    low = word.lower()
    return sector_vocab().spelling.get(low, low)


def folded_text(tokens: list[Any]) -> str:
    """Tokens as one lower-case, spelling-folded string without punctuation ("military industrial")."""
    return " ".join(fold_word(t.text) for t in tokens if not t.is_punct and t.text not in ("'s", "\u2019s"))


def classify_sector(text: str) -> tuple[str | None, str | None, str | None]:
    """(sector, strength, matched term) for a folded phrase: longest specific term first.

    Example:
        >>> classify_sector("president of russia central bank")
        ('finance', 'specific', 'central bank')
    """
    vocab = sector_vocab()
    found = [m.group(0) for m in vocab.term_regex.finditer(text)]
    specific = [t for t in found if vocab.term_sector[t][1] == SPECIFIC]
    if specific:
        best = max(specific, key=len)
        return vocab.term_sector[best][0], SPECIFIC, best
    if found:
        return vocab.term_sector[found[0]][0], GENERIC, found[0]
    return None, None, None


@dataclass(frozen=True, slots=True)
class TitleInfo:
    """What one title phrase says."""

    title: str
    organization: str | None
    country: str | None
    sector: str | None
    strength: str | None
    status: str
    possessor: str | None  # a person named in a possessive ("Putin's aide")
    start_char: int
    end_char: int


# The most tokens a state's name or demonym takes ("Democratic Republic of Sao Tome and Principe").
MAX_COUNTRY_TOKENS = 8


def country_in(tokens: list[Any]) -> str | None:
    """The one state named in a phrase (by name, demonym or possessive), else None.

    The longest name wins, as written: "Guinea-Bissau President" is Guinea-Bissau, not Guinea.
    """
    codes: list[str] = []
    i = 0
    # a seat of power in a title stands for its government: "Kremlin spokesman", "White House spokesperson"
    kinds = ("name", "demonym", "seat")
    while i < len(tokens):
        code, width = None, 1
        for n in range(min(MAX_COUNTRY_TOKENS, len(tokens) - i), 0, -1):
            window = tokens[i:i + n]
            code = normalise_country("".join(t.text_with_ws for t in window[:-1]) + window[-1].text, kinds=kinds)
            if code:
                width = n
                break
        i += width
        if code and code not in codes:
            codes.append(code)
    return codes[0] if len(codes) == 1 else None


def _mentions_in(mentions: list[Mention], start: int, end: int, kinds: tuple[str, ...]) -> list[Mention]:
    return [m for m in mentions if m.kind in kinds and m.start >= start and m.end <= end]


def has_rank(tokens: list[Any]) -> bool:
    """Whether a phrase contains a word that makes it a title."""
    ranks = sector_vocab().rank_words
    return any(t.lower_ in ranks for t in tokens)


def _plain_proper(tok: Any, mentions: list[Mention]) -> bool:
    """A capitalised proper noun that is no title word, state or known organisation."""
    return (
        (tok.is_title or tok.is_upper and len(tok.text) > 1) and tok.pos_ == "PROPN" and fold_word(tok.text) not in sector_vocab().title_words
        and normalise_country(tok.text) is None and not any(m.start <= tok.i < m.end for m in mentions)
    )


def _is_rank(tok: Any, mentions: list[Mention], before_name: bool = False) -> bool:
    """A rank word used as a title, not inside a name ("Dancing Queen", "BB King", "King Kong").

    With ``before_name`` the word stands straight before a person's name, which may follow it.
    """
    if tok.lower_ not in sector_vocab().rank_words:
        return False
    if not tok.is_title:
        return True
    doc = tok.doc
    before = doc[tok.i - 1] if tok.i > 0 else None
    # "His Majesty King Abdullah II", "Special Presidential Envoy Roger Carstens": before a name, a
    # form of address or a capitalised word after another title word is part of the title
    in_title = before_name and before is not None and (
        before.lower_ in HONORIFICS or tok.i > 1 and fold_word(doc[tok.i - 2].text) in sector_vocab().title_words)
    if before is not None and _plain_proper(before, mentions) and not before.is_sent_start and not in_title:
        return False
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) and not before_name else None
    return not (after is not None and after.is_title and after.pos_ == "PROPN" and tok.i + 1 < len(doc)
                and after.ent_type_ not in ("", "PERSON") and _plain_proper(after, mentions))


def _after_to(doc: Any, i: int) -> bool:
    """Whether token ``i`` follows "to" or "for" (with "the" between or not)."""
    j = i - 1 if i > 0 and doc[i - 1].lower_ != "the" else i - 2
    return j >= 0 and doc[j].lower_ in ("to", "for")


def read_title(tokens: list[Any], mentions: list[Mention], bare_head: bool = False,
               before_name: bool = False) -> TitleInfo | None:
    """Analyse a title phrase (a list of consecutive tokens) or return None when it is not one.

    A generic "president" or "leader" makes a head of state only with a state in the
    phrase ("the Russian president") or, with ``bare_head``, as a bare title before a
    name ("President Bush"); otherwise ("president of ClearView", "the market leader")
    the sector is "other".

    Example:
        >>> info = read_title(list(doc[3:9]), mentions)  # doctest: +SKIP
        >>> (info.title, info.organization, info.sector)  # doctest: +SKIP
        ('president', "Russia's central bank", 'finance')
    """
    vocab = sector_vocab()
    status = "current"
    while tokens and (tokens[0].lower_ in DETERMINERS or tokens[0].lower_ in vocab.former_words
                      or tokens[0].lower_ in vocab.incoming_words or tokens[0].text in ("-", "\u2013")):
        low = tokens[0].lower_
        if low in vocab.former_words:
            status = "former"
        elif low in vocab.incoming_words:
            status = "incoming"
        tokens = tokens[1:]
    for k, tok in enumerate(tokens):
        if tok.pos_ in ("VERB", "AUX") and tok.lower_ not in vocab.title_words and k > 0:
            tokens = tokens[:k]
            break
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("and", "or", "also")):
        tokens = tokens[:-1]
    if not tokens or not has_rank(tokens):
        return None
    if any(t.is_title and t.lower_ in FUNCTION_WORDS for t in tokens[1:]):
        return None  # "Kings And Queen": the title of a work, not an office
    if any(t.lower_ in vocab.incoming_words for t in tokens):
        status = "incoming"
    doc = tokens[0].doc
    first, last = tokens[0].i, tokens[-1].i + 1
    # split "rank of organisation"
    split = None
    for k, tok in enumerate(tokens):
        if tok.lower_ in ORG_PREPS and k > 0 and has_rank(tokens[:k]):
            split = k
            break
    title_toks, org_toks = (tokens, []) if split is None else (tokens[:split], tokens[split + 1:])
    orgs = _mentions_in(mentions, first, last, ("organization", "igo"))
    organization = orgs[-1].name if orgs else None
    if organization is None and org_toks:
        org_words = {fold_word(t.text) for t in org_toks}
        named = [t for t in org_toks if t.lower_ not in DETERMINERS]
        proper = bool(named) and all(
            t.pos_ == "PROPN" and t.is_title and fold_word(t.text) not in vocab.title_words
            and not normalise_country(t.text) for t in named
        )
        if org_words & ORG_NOUNS or proper:
            while org_toks and org_toks[0].lower_ in DETERMINERS:
                org_toks = org_toks[1:]
            organization = doc[org_toks[0].i:org_toks[-1].i + 1].text if org_toks else None
        else:
            # "President of the Republic of Azerbaijan": the words after "of" name a state, not an
            # organisation; the title is the words before them
            in_state = {i for m in _mentions_in(mentions, first, last, ("state",)) for i in range(m.start, m.end)}
            if org_toks and all(t.i in in_state or t.lower_ in ("the", "of") or t.is_title and t.pos_ == "PROPN"
                                for t in org_toks) and in_state & {t.i for t in org_toks}:
                title_toks = tokens[:split]
            else:
                title_toks, org_toks, split = tokens, [], None
    possessor = None
    poss_at = [k for k, t in enumerate(title_toks) if t.text in ("'s", "\u2019s", "'")]
    if poss_at:
        k = poss_at[-1]
        if k > 0 and normalise_country(title_toks[k - 1].text) is None:
            possessor = title_toks[k - 1].text
        title_toks = title_toks[k + 1:]
    inside_org = {i for m in orgs for i in range(m.start, m.end)}
    kept = [t for t in title_toks if not normalise_country(t.text) and t.i not in inside_org]
    while kept and kept[-1].lower_ in ("to", "for", "of", "the", "in", "on"):
        kept = kept[:-1]
    if not kept or not any(_is_rank(t, mentions, before_name) for t in kept):
        return None
    country = None
    if orgs and orgs[-1].country:
        country = orgs[-1].country
    # "ambassador to China", "Special Envoy for Yemen": the state after "to"/"for" is where the
    # person is posted, not the one they represent
    posted = {i for m in _mentions_in(mentions, first, last, ("state",)) if _after_to(doc, m.start)
              for i in range(m.start, m.end)}
    tokens = [t for t in tokens if t.i not in posted]
    org_toks = [t for t in org_toks if t.i not in posted]
    if country is None:
        states = {m.key for m in _mentions_in(mentions, first, last, ("state",)) if m.start not in posted}
        country = next(iter(states)) if len(states) == 1 else None
    if country is None:
        country = country_in(tokens[:split] if split is not None else tokens) or country_in(org_toks)
    sector, strength, _term = None, None, None
    if orgs and orgs[-1].sector and orgs[-1].sector != "other":
        sector, strength = orgs[-1].sector, SPECIFIC
    else:
        sector, strength, _term = classify_sector(folded_text(tokens))
        if strength == GENERIC and organization is not None:
            sector = "other"
    if strength == GENERIC and sector == "head_of_state" and country is None:
        bare = bare_head and all(t.lower_ in vocab.rank_words or t.text == "-" for t in kept)
        sector = "head_of_state" if bare else "other"
    sector = sector or "other"
    title = doc[kept[0].i:kept[-1].i + 1].text
    return TitleInfo(
        title=title,
        organization=organization,
        country=country,
        sector=sector,
        strength=strength,
        status=status,
        possessor=possessor,
        start_char=tokens[0].idx,
        end_char=tokens[-1].idx + len(tokens[-1].text),
    )
