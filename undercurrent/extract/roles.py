"""Roles of people and groups, read from the words around a name.

Forms (the ``form`` of each :class:`Role`):

- ``title_before``: "Chinese Foreign Minister Qin Gang", "former President Dmitry Medvedev"
- ``possessive``: "Putin's foreign policy aide Yuri Ushakov"
- ``apposition``: "Sergei Shoigu, Minister of Defense"
- ``rank_of``: "Elvira Nabiullina, president of Russia's central bank" (an apposition naming an organisation)
- ``relative``: "Yuri Borisov, who runs the Russian space agency"
- ``copula``: "Wang Yi is China's top diplomat"
- ``head_verb``: "Dmitry Shugaev heads the Federal Service for Military-Technical Cooperation"
- ``former_now``: "..., now Putin's deputy on the presidential commission ..."
- ``appointment``: "(who was appointed China's defense minister in March)"
- ``in_charge``: "had spent a decade in charge of the Russian arms industry as deputy defense minister"
- ``group``: "the heads of the largest Russian commodity producers"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..nlp.sents import sent_of
from ..ontology import normalise_country
from ..records import Role, Span
from .mentions import Mention
from .titles import (
    GENERIC,
    HONORIFICS,
    has_rank,
    ORG_NOUNS,
    TitleInfo,
    classify_sector,
    country_in,
    fold_word,
    folded_text,
    read_title,
    sector_vocab,
)

EXTRACTOR = "extract.roles.rules.v1"
# Punctuation that ends an apposition or relative clause after a name.
CLAUSE_END = frozenset({",", ";", ")", ".", ":", "\u2014", "\u2013", "--", "!", "?"})
OPENERS = frozenset({",", "(", "\u2014", "\u2013", "--"})
RELATIVE = frozenset({"who", "whom"})
# Verbs saying that the subject leads the object ("X heads Y"), with the title they imply.
HEAD_VERBS = {
    "head": "head", "heads": "head", "headed": "head", "run": "head", "runs": "head", "ran": "head",
    "lead": "head", "leads": "head", "led": "head", "chair": "chair", "chairs": "chair", "chaired": "chair",
    "oversee": "head", "oversees": "head", "oversaw": "head", "direct": "director", "directs": "director",
    "manage": "head", "manages": "head", "command": "commander", "commands": "commander",
    "commanded": "commander",
}
PAST_HEAD_VERBS = frozenset({"headed", "ran", "led", "chaired", "oversaw", "commanded"})
COPULAS = frozenset({"is", "was", "remains", "became", "becomes"})
APPOINT_VERBS = frozenset({"appointed", "reappointed", "re-appointed", "named", "elected", "re-elected",
                           "reelected", "made", "nominated", "promoted", "installed", "sworn", "confirmed"})
SERVE_VERBS = frozenset({"serves", "served", "serving", "acts", "acted"})
PORTFOLIO_CUES = (("in", "charge", "of"), ("responsible", "for"))
MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
DATE_RE = re.compile(
    r"\b(?:in|on|since)\s+(?:(?:early|late|mid)\s+)?(?:\d{1,2}\s+)?(" + "|".join(MONTHS) + r")(?:\s+(\d{4}))?"
    r"|\b(?:in|since)\s+(\d{4})\b",
    re.I,
)
AS_OF_RE = re.compile(r"\bas of (\d{4})\b", re.I)


@dataclass(frozen=True, slots=True)
class RoleClaim:
    """A role found for the person named at token ``anchor`` (``possessor`` resolved later)."""

    anchor: int
    role: Role
    possessor: str | None = None


def _role(info: TitleInfo, doc: Any, form: str, status: str | None = None, start: str | None = None,
          end: str | None = None, sector: str | None = None, country: str | None = None) -> Role:
    sent = doc.char_span(info.start_char, info.end_char, alignment_mode="expand")
    evidence = sent_of(sent[0]) if sent is not None and len(sent) else None
    return Role(
        title=info.title,
        organization=info.organization,
        country=country or info.country,
        sector=sector or info.sector,
        status=status or info.status,
        start=start,
        end=end,
        source="text",
        evidence=Span(evidence.text, evidence.start_char, evidence.end_char) if evidence is not None else None,
        form=form,
    )


def resolve_month(text: str, as_of: str | None) -> str | None:
    """The date an appointment phrase gives ("in March" -> the last March up to ``as_of``).

    Example:
        >>> resolve_month("was appointed in March", "2023-04-15")
        '2023-03'
    """
    m = DATE_RE.search(text)
    if not m:
        return None
    if m.group(3):
        return m.group(3)
    month = MONTHS[m.group(1).lower()]
    if m.group(2):
        return f"{m.group(2)}-{month:02d}"
    if not as_of or len(as_of) < 7:
        return None
    year, current = int(as_of[:4]), int(as_of[5:7])
    return f"{year if month <= current else year - 1}-{month:02d}"


# Small words that may stand inside a title written before a name ("Prime Minister of the Kingdom
# of Thailand", "Special Envoy for Yemen", "Commander-in-Chief").
TITLE_INNER = frozenset({"of", "for", "the", "to", "in", "on"})
# Abbreviated plural ranks ("Sens. Kaine and Sanders").
PLURAL_ABBREVIATIONS = frozenset({"sens", "reps"})
# Words of a state's formal name before the name the lexicon knows ("the Federative Republic of" Brazil).
MAX_FORMAL_NAME_TOKENS = 5
# Longest title written before a name, in tokens ("Adviser to the Head of the Office of the President of Ukraine").
MAX_TITLE_TOKENS = 14


def _in_mention(i: int, mentions: list[Mention], kinds: tuple[str, ...]) -> Mention | None:
    return next((m for m in mentions if m.kind in kinds and m.start <= i < m.end), None)


def title_start(doc: Any, start: int, mentions: list[Mention]) -> int:
    """First token of the title phrase written straight before the name at ``start`` (``start`` when none).

    The phrase runs back over title words, states ("President of the Republic of Azerbaijan"),
    organisations, capitalised words of an office's name ("Special Envoy for Hostage Affairs") and
    the small words between them; a possessive ends it with its owner ("Putin's aide").
    """
    vocab = sector_vocab()
    if start > 0 and doc[start - 1].lower_ in HONORIFICS and not fold_in(doc[start - 1].lower_, vocab.title_words):
        start -= 1  # "British Foreign Secretary Sir Geoffrey Howe" (but "First Lady Jill Biden")
    i = start - 1
    floor = max(sent_of(doc[start - 1]).start if start > 0 else 0, start - MAX_TITLE_TOKENS)
    while i >= floor:
        tok = doc[i]
        low = tok.lower_
        if tok.text in ("'s", "\u2019s") and i > 0:
            i -= 2
            while i >= 0 and doc[i].pos_ == "PROPN" and doc[i].is_title:
                i -= 1
            break
        mention = _in_mention(i, mentions, ("state", "organization", "igo"))
        if mention is not None:
            i = mention.start - 1
            continue
        if tok.ent_type_ == "NORP" or tok.text == "-" or fold_in(low, vocab.title_words):
            i -= 1
            continue
        if tok.text == ")" and i >= 2 and doc[i - 2].text == "(" and doc[i - 1].is_upper:
            i -= 3  # "Secretary General of the Association of Southeast Asian Nations (ASEAN) Lim Jock Hoi"
            continue
        if tok.text == "." and i > 0 and doc[i - 1].lower_ + "." in vocab.rank_words:
            i -= 1  # "Sens. Tim Kaine": the abbreviation's full stop split off
            continue
        inner = low in TITLE_INNER and i > floor and i + 1 < start and (
            doc[i - 1].is_title or fold_in(doc[i - 1].lower_, vocab.title_words) or doc[i - 1].text == "-"
            or doc[i - 1].lower_ in TITLE_INNER and low == "the"
        ) and (doc[i + 1].text[:1].isupper() or fold_in(doc[i + 1].lower_, vocab.title_words)
                 or doc[i + 1].text == "-" or doc[i + 1].lower_ == "the")
        capitalised = (tok.is_title or tok.is_upper and len(tok.text) > 1) and tok.is_alpha \
            and tok.ent_type_ != "PERSON" and tok.pos_ in ("PROPN", "ADJ", "NOUN")
        if inner or capitalised:
            i -= 1
            continue
        break
    first = i + 1
    # the phrase starts at a title word, a state or an organisation: "Talks with ..." and a
    # capitalised sentence opener are not part of it, nor "forces of" in "forces of President Habre"
    while first < start:
        tok = doc[first]
        nxt = doc[first + 1] if first + 1 < start else None
        owner = _in_mention(first, mentions, ("state", "organization", "igo")) or tok.ent_type_ == "NORP" \
            or normalise_country(tok.text) is not None \
            or nxt is not None and normalise_country(f"{tok.text} {nxt.text}", kinds=("name", "seat")) is not None
        if tok.lower_ in TITLE_INNER or tok.text == "-" or not owner and (
            not fold_in(tok.lower_, vocab.title_words) or nxt is not None and nxt.lower_ in TITLE_INNER
            and tok.lower_ not in vocab.rank_words and not tok.is_title
        ):
            first += 1
            continue
        break
    if first < start and doc[first].text in ("'s", "\u2019s"):
        return start
    return first if any(doc[k].lower_ in vocab.rank_words for k in range(first, start)) else start


def _title_before(doc: Any, start: int, mentions: list[Mention]) -> tuple[TitleInfo, str] | None:
    """Title words written straight before the name, back to a determiner or punctuation."""
    vocab = sector_vocab()
    first = title_start(doc, start, mentions)
    # a possessive owner: "Putin's foreign policy aide Yuri Ushakov"
    k = first
    while k > 0 and doc[k - 1].text in ("'s", "\u2019s"):
        k -= 2
        while k > 0 and doc[k - 1].pos_ == "PROPN" and doc[k - 1].is_title:
            k -= 1
        first = max(k, 0)
    end = start - 1 if start > 0 and doc[start - 1].lower_ in HONORIFICS \
        and not fold_in(doc[start - 1].lower_, vocab.title_words) else start
    tokens = list(doc[first:end])
    while tokens and tokens[0].lower_ in ("of", "the", "-"):
        tokens = tokens[1:]
    while tokens and tokens[-1].text == ".":
        tokens = tokens[:-1]
    if len(tokens) > 3 and tokens[-1].text == ")" and tokens[-3].text == "(":
        tokens = tokens[:-3]  # "... of the Association of Southeast Asian Nations (ASEAN)"
    ranked_of = any(t.lower_ in vocab.rank_words for t in tokens) and any(
        t.lower_ in ("of", "for") and k > 0 and tokens[k - 1].lower_ in vocab.rank_words for k, t in enumerate(tokens))
    if not tokens or not has_rank(tokens) or not (
            fold_in(tokens[-1].lower_, vocab.title_words) or ranked_of
            or _in_mention(tokens[-1].i, mentions, ("state", "igo", "organization"))):
        return None
    # "Bank of England governor Mervyn King": the organisation written before the title
    first = tokens[0].i
    owner = next((m for m in mentions if m.start == first and m.kind in ("organization", "igo")), None)
    before = doc[first - 1] if first > 0 else None
    # a bare capitalised title that nothing modifies: "President Bush", "last month President Reagan",
    # not "market leader Diageo" (lower case) nor "ClearView President John Smith" (a company's)
    bare = owner is None and tokens[-1].is_title and (
        before is None or not (before.pos_ == "PROPN" and before.is_title and not before.is_sent_start))
    info = read_title(tokens, mentions, bare_head=bare, before_name=True)
    if info is None:
        return None
    return info, ("possessive" if info.possessor else "title_before")


def fold_in(word: str, words: frozenset[str]) -> bool:
    """Whether the spelling-folded form of ``word`` is in ``words``."""
    return sector_vocab().spelling.get(word, word) in words


def _segment_after(doc: Any, end: int, mentions: list[Mention]) -> list[Any]:
    """Tokens of an apposition or parenthesis straight after a name, up to the clause end.

    The segment stops before another person's name and the title written before it: in
    "President Biden, President Sisi of Egypt, and ..." the second title is Sisi's.
    """
    if end >= len(doc) or doc[end].text not in OPENERS:
        return []
    sent_end = sent_of(doc[end]).end
    out = []
    for k, tok in enumerate(doc[end + 1:sent_end], start=end + 1):
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B" and not _possessive_after(doc, k):
            return out[:max(0, title_start(doc, k, mentions) - (end + 1))]
        if tok.text in CLAUSE_END:
            # ", deputy chairman of the Security Council, who since December has also been ...": a relative
            # clause after the apposition still speaks of the name
            if tok.text == "," and out and k + 1 < sent_end and doc[k + 1].lower_ in RELATIVE:
                continue
            break
        out.append(tok)
    return out


def _possessive_after(doc: Any, k: int) -> bool:
    """Whether the entity starting at token ``k`` is followed by "'s" ("Putin's defence minister")."""
    e = k
    while e < len(doc) and doc[e].ent_type_ == "PERSON" and (e == k or doc[e].ent_iob_ == "I"):
        e += 1
    return e < len(doc) and doc[e].text in ("'s", "\u2019s", "'")


def _clauses(tokens: list[Any]) -> list[list[Any]]:
    """Split a segment at "who" and at "and" + verb ("who runs X and who had spent ...")."""
    out: list[list[Any]] = [[]]
    for k, tok in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if tok.lower_ in RELATIVE and out[-1]:
            out.append([tok])
            continue
        if tok.lower_ == "and" and nxt is not None and (nxt.lower_ in RELATIVE or nxt.pos_ in ("VERB", "AUX")):
            if nxt.lower_ in RELATIVE:
                out.append([])
            else:
                out.append([tok])  # "and is in charge of": the "and" opens the clause like "who"
            continue
        out[-1].append(tok)
    return [c for c in out if c]


def _portfolio(tokens: list[Any]) -> tuple[int, int] | None:
    """Token range of X in "in charge of X" / "responsible for X" (stops at "as")."""
    lows = [t.lower_ for t in tokens]
    for cue in PORTFOLIO_CUES:
        n = len(cue)
        for k in range(len(lows) - n + 1):
            if tuple(lows[k:k + n]) == cue:
                stop = k + n
                while stop < len(lows) and lows[stop] != "as":
                    stop += 1
                return k + n, stop
    return None


def _split_titles(tokens: list[Any]) -> list[list[Any]]:
    """"deputy defense minister and deputy prime minister" -> two title phrases."""
    parts: list[list[Any]] = [[]]
    for tok in tokens:
        if tok.lower_ in ("and", "&") and parts[-1]:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


def _portfolio_roles(body: list[Any], portfolio: tuple[int, int], doc: Any, mentions: list[Mention],
                     earlier: list[Role], has_had: bool) -> list[tuple[Role, str | None]]:
    """"(a deputy prime minister) in charge of X (as T1 and T2)": titles whose sector X gives.

    Without a title in the clause, X refines the first generic role found earlier in the
    same segment ("a deputy prime minister who ... is in charge of science").
    """
    out: list[tuple[Role, str | None]] = []
    p_toks = body[portfolio[0]:portfolio[1]]
    cue_start = portfolio[0] - (3 if body[portfolio[0] - 1].lower_ == "of" else 2)
    prefix = read_title(body[:cue_start], mentions) if cue_start > 0 else None
    p_sector, _strength, _term = classify_sector(folded_text(p_toks))
    p_info = read_title(p_toks, mentions)
    p_country = (p_info.country if p_info else None) or country_in(p_toks)
    as_toks = body[portfolio[1] + 1:] if portfolio[1] < len(body) else []
    status = "former" if has_had else "current"
    if as_toks:
        for part in _split_titles(as_toks):
            info = read_title(part, mentions)
            if info is None:
                continue
            sector = info.sector if info.strength != GENERIC and info.sector != "other" else p_sector
            out.append((_role(info, doc, "in_charge", status=status, sector=sector,
                              country=info.country or p_country), info.possessor))
        return out
    if prefix is not None:
        sector = prefix.sector if prefix.strength != GENERIC and prefix.sector != "other" else p_sector
        form = "rank_of" if prefix.organization else "apposition"
        out.append((_role(prefix, doc, form, status=status, sector=sector,
                          country=prefix.country or p_country), prefix.possessor))
        return out
    for k, role in enumerate(earlier):
        if role.sector in (None, "other") and p_sector:
            earlier[k] = replace(role, sector=p_sector, country=role.country or p_country)
            break
    return out


def _clause_roles(clause: list[Any], doc: Any, mentions: list[Mention], as_of: str | None,
                  earlier: list[Role]) -> list[tuple[Role, str | None]]:
    """Roles stated by one clause of a segment; may refine a generic role found earlier."""
    relative = clause[0].lower_ in RELATIVE or clause[0].lower_ == "and"
    body = clause[1:] if relative else clause
    since: list[Any] = []
    if relative:
        # "who since December has also been ...": the time phrase and adverbs before the verb
        while body and body[0].lower_ in ("since", "from", "in") and len(body) > 1 and _is_time(body[1]):
            k = 2
            while k < len(body) and _is_time(body[k]):
                k += 1
            since, body = (body[:k] if body[0].lower_ == "since" else since), body[k:]
        body = [t for k, t in enumerate(body) if not (t.tag_ == "RB" and t.lower_ not in ("now", "not") and k < 3)]
    lows = [t.lower_ for t in body]
    text = " ".join(lows)
    has_had = "had" in lows or AS_OF_RE.search(text) is not None
    out: list[tuple[Role, str | None]] = []
    portfolio = _portfolio(body)
    if portfolio is not None:
        return _portfolio_roles(body, portfolio, doc, mentions, earlier, has_had)
    if not body:
        return out
    head = body[0]
    if head.lower_ == "now":
        info = read_title(body[1:], mentions)
        return [(_role(info, doc, "former_now", status="current"), info.possessor)] if info else []
    if relative and head.lower_ in HEAD_VERBS:
        info = _head_object(body, doc, mentions)
        if info is not None:
            status = "former" if head.lower_ in PAST_HEAD_VERBS else "current"
            out.append((_role(info, doc, "relative", status=status), None))
        return out
    if relative and (head.lower_ in COPULAS or head.lower_ in ("has", "had") or head.lower_ in SERVE_VERBS):
        rest = body[1:]
        if rest and rest[0].lower_ == "as":
            rest = rest[1:]
        if rest and rest[0].lower_ == "been":
            rest = rest[1:]
        if rest and rest[0].lower_ in APPOINT_VERBS:
            return _appointment(rest[1:], doc, mentions, as_of)
        info = read_title(_until_time(rest), mentions)
        if info is not None:
            status = "former" if head.lower_ in ("was", "had", "served", "acted") else info.status
            dated = since + rest
            start = resolve_month(" ".join(t.text for t in dated), as_of) if "since" in {t.lower_ for t in dated} else None
            out.append((_role(info, doc, "relative", status=status, start=start), info.possessor))
        return out
    if relative:
        return out
    info = read_title(_until_relative(body), mentions)
    if info is None or body[0].pos_ in ("VERB", "AUX"):
        return out
    form = "rank_of" if info.organization else "apposition"
    return [(_role(info, doc, form), info.possessor)]


def _is_time(tok: Any) -> bool:
    return tok.ent_type_ == "DATE" or tok.like_num or tok.lower_ in MONTHS


def _until_relative(tokens: list[Any]) -> list[Any]:
    out = []
    for tok in tokens:
        if tok.lower_ in RELATIVE:
            break
        out.append(tok)
    return out


def _until_time(tokens: list[Any]) -> list[Any]:
    """Cut a title phrase before "in March", "since 2012", "until ..."."""
    out = []
    for k, tok in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if tok.lower_ in ("in", "on", "since", "until", "from", "after", "before", "last", "by") and (
            nxt is None or nxt.ent_type_ == "DATE" or nxt.like_num or nxt.lower_ in MONTHS
        ):
            break
        out.append(tok)
    return out


def _appointment(tokens: list[Any], doc: Any, mentions: list[Mention], as_of: str | None
                 ) -> list[tuple[Role, str | None]]:
    while tokens and tokens[0].lower_ in ("as", "in"):
        tokens = tokens[1:]
    info = read_title(_until_time(tokens), mentions)
    if info is None:
        return []
    start = resolve_month(" ".join(t.text for t in tokens), as_of)
    return [(_role(info, doc, "appointment", status="current", start=start), info.possessor)]


def _head_object(body: list[Any], doc: Any, mentions: list[Mention]) -> TitleInfo | None:
    """"heads the Federal Service for ..." read as the title "head" of that organisation."""
    verb = body[0]
    obj = _until_time(body[1:])
    while obj and obj[-1].is_punct:
        obj = obj[:-1]
    if not obj:
        return None
    first, last = obj[0].i, obj[-1].i + 1
    orgs = [m for m in mentions if m.kind in ("organization", "igo") and m.start >= first and m.end <= last]
    folded = folded_text(obj)
    sector, strength, _term = classify_sector(folded)
    if not orgs and not ({fold_word(t.text) for t in obj} & ORG_NOUNS):
        return None
    org_toks = obj[1:] if obj[0].lower_ in ("the", "a", "an") else obj
    organization = orgs[-1].name if orgs else doc[org_toks[0].i:org_toks[-1].i + 1].text
    if orgs and orgs[-1].sector:
        sector, strength = orgs[-1].sector, "specific"
    country = (orgs[-1].country if orgs else None) or country_in(obj)
    return TitleInfo(
        title=HEAD_VERBS[verb.lower_], organization=organization, country=country,
        sector=sector or "other", strength=strength, status="current", possessor=None,
        start_char=verb.idx, end_char=obj[-1].idx + len(obj[-1].text),
    )


def _shared_plural_title(doc: Any, start: int, end: int, mentions: list[Mention]) -> tuple[TitleInfo, str] | None:
    """A plural title shared by names joined with "and": "Sens. Dick Durbin, of Illinois, and Dianne Feinstein"."""
    head = doc[end - 1]
    if head.dep_ != "conj" or head.head.ent_type_ != "PERSON" or head.head.i >= start:
        return None
    first = head.head.i
    while first > 0 and doc[first - 1].ent_type_ == "PERSON" and doc[first - 1].ent_iob_ == "I" or \
            first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    found = _title_before(doc, first, mentions)
    if found is None:
        return None
    rank = next((t for t in reversed(doc[title_start(doc, first, mentions):first]) if t.lower_ in sector_vocab().rank_words),
                None)
    plural = rank is not None and (rank.tag_ in ("NNS", "NNPS") or rank.lower_.rstrip(".") in PLURAL_ABBREVIATIONS)
    return found if plural else None


def state_of_phrase(doc: Any, end: int, mentions: list[Mention]) -> str | None:
    """The state of an "of" phrase straight after a name: "President Yoon Suk Yeol of the Republic of Korea".

    Example:
        >>> state_of_phrase(doc, 5, mentions)  # doctest: +SKIP
        'KOR'
    """
    if end < len(doc) and doc[end].lower_.rstrip(".") in ("jr", "sr"):
        end += 1  # "President Joseph R. Biden Jr. of the United States"
    if end >= len(doc) or doc[end].lower_ != "of":
        return None
    # the state may follow the words of its formal name: "of the Federative Republic of Brazil"
    k = end + 1
    while k < min(len(doc), end + 1 + MAX_FORMAL_NAME_TOKENS) and not any(m.kind == "state" and m.start == k
                                                                         for m in mentions):
        if not (doc[k].lower_ in ("the", "of") or doc[k].is_title and doc[k].pos_ in ("PROPN", "ADJ", "NOUN")):
            return None
        k += 1
    found = next((m for m in mentions if m.kind == "state" and m.start == k), None)
    return found.key if found is not None else None


def roles_for_mention(doc: Any, start: int, end: int, mentions: list[Mention], as_of: str | None
                      ) -> list[tuple[Role, str | None]]:
    """Every role the text gives for the person named at tokens [start, end).

    Returns (role, possessor) pairs; ``possessor`` is the name in "Putin's aide",
    whose country the caller fills in once it knows the people of the document.
    """
    out: list[tuple[Role, str | None]] = []
    before = _title_before(doc, start, mentions) or _shared_plural_title(doc, start, end, mentions)
    if before is not None:
        info, form = before
        out.append((_role(info, doc, form, country=info.country or state_of_phrase(doc, end, mentions)),
                    info.possessor))
    segment = _segment_after(doc, end, mentions)
    if segment:
        earlier: list[Role] = []
        pairs: list[tuple[Role, str | None]] = []
        for clause in _clauses(segment):
            for role, poss in _clause_roles(clause, doc, mentions, as_of, earlier):
                earlier.append(role)
                pairs.append((role, poss))
        # refinements made in place on ``earlier`` replace the first roles of ``pairs``
        out.extend((earlier[k], pairs[k][1]) for k in range(len(pairs)))
    else:
        out.extend(_main_clause(doc, end, mentions, as_of))
    return out


def _main_clause(doc: Any, end: int, mentions: list[Mention], as_of: str | None
                 ) -> list[tuple[Role, str | None]]:
    """"X is the head of Y", "X heads Y", "X was appointed Y in March" with X the subject."""
    if end >= len(doc):
        return []
    sent_end = sent_of(doc[end]).end
    toks = []
    for tok in doc[end:sent_end]:
        if tok.text in CLAUSE_END or tok.lower_ in RELATIVE:
            break
        toks.append(tok)
    while toks and toks[0].lower_ in ("now", "also", "currently", "still"):
        toks = toks[1:]
    if not toks:
        return []
    head = toks[0]
    if head.lower_ in HEAD_VERBS and head.pos_ == "VERB":
        info = _head_object(_first_and(toks), doc, mentions)
        if info is None:
            return []
        status = "former" if head.lower_ in PAST_HEAD_VERBS else "current"
        return [(_role(info, doc, "head_verb", status=status), None)]
    if head.lower_ in COPULAS or head.lower_ == "has" or head.lower_ in SERVE_VERBS:
        rest = toks[1:]
        if rest and rest[0].lower_ == "been":
            rest = rest[1:]
        if rest and rest[0].lower_ == "as":
            rest = rest[1:]
        if rest and rest[0].lower_ in APPOINT_VERBS:
            return [(replace(r, form="appointment"), p) for r, p in _appointment(rest[1:], doc, mentions, as_of)]
        info = read_title(_until_time(_first_and(rest)), mentions)
        if info is None or not rest or rest[0].pos_ in ("VERB", "ADJ") and rest[0].lower_ not in sector_vocab().title_words:
            return []
        status = "former" if head.lower_ in ("was", "served", "acted") and info.status == "current" else info.status
        since = "since" in {t.lower_ for t in rest}
        start = resolve_month(" ".join(t.text for t in rest), as_of) if since else None
        return [(_role(info, doc, "copula", status=status, start=start), info.possessor)]
    return []


def _first_and(tokens: list[Any]) -> list[Any]:
    """Tokens up to an "and" that starts a new verb phrase."""
    out = []
    for k, tok in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        after = tokens[k + 2] if nxt is not None and nxt.pos_ == "ADV" and k + 2 < len(tokens) else nxt
        if tok.lower_ == "and" and after is not None and after.pos_ in ("VERB", "AUX"):
            break
        out.append(tok)
    return out


def find_group_roles(doc: Any, mentions: list[Mention]) -> list[tuple[int, int, Role]]:
    """Groups named by a plural rank and what they run: "the heads of the largest Russian commodity producers".

    Returns (start_token, end_token, role) for each group whose phrase names a state
    and a portfolio.
    """
    vocab = sector_vocab()
    out: list[tuple[int, int, Role]] = []
    for tok in doc:
        if tok.lower_ not in vocab.group_ranks or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "of":
            continue
        rest = []
        for nxt in doc[tok.i + 2:sent_of(tok).end]:
            if nxt.text in CLAUSE_END or nxt.pos_ in ("VERB", "AUX") or nxt.lower_ in RELATIVE:
                break
            rest.append(nxt)
        if not rest:
            continue
        start = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].pos_ == "ADJ" else tok.i
        first, last = rest[0].i, rest[-1].i + 1
        orgs = [m for m in mentions if m.kind in ("organization", "igo") and m.start >= first and m.end <= last]
        states = [m for m in mentions if m.kind == "state" and m.start >= first and m.end <= last]
        country = (orgs[-1].country if orgs else None) or country_in(rest)
        sector, strength, term = classify_sector(folded_text(rest))
        if orgs:
            sector, term = orgs[-1].sector, orgs[-1].name
        if country is None or strength != "specific" and not orgs or not (orgs or states or term):
            continue
        span = doc[start:last]
        sent = sent_of(tok)
        role = Role(
            title=f"{tok.lower_} of {term}", organization=orgs[-1].name if orgs else None, country=country,
            sector=sector, status="current", source="text",
            evidence=Span(sent.text, sent.start_char, sent.end_char), form="group",
        )
        out.append((span.start, span.end, role))
    return out
