"""Dependence and leverage between states, and analogies between pairs of states.

A cue from ``dependence.yaml`` ("dependence on", "leverage over", "main export
destination", "junior partner"...) is found in a sentence; its frame says which
state mention around it is the dependent one. Domains come from domain words in
the cue's clause ("economic and technological dependence" gives two records),
else from the cue's default. Direction is the point: "Russia's dependence on
China" and "China's leverage over Russia" both give RUS on CHN.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..nlp.sents import text_of
from ..ontology.loader import load_yaml, require_keys
from ..records import Actor, Analogy, Dependency
from .between_text import (
    StateMention,
    clause_text,
    find_words,
    has_word,
    in_range,
    sentence_ranges,
    span_of,
    state_mentions,
)

EXTRACTOR = "extract.dependence.rules.v1"
FRAMES = frozenset({"dependent_first", "holder_first", "possessor_depends", "subject_depends", "currency"})
# Characters allowed between a cue and each of its states: a long noun phrase ("Russia's
# economic and technological dependence on China") fits, the next clause usually does not.
DEFAULT_MAX_GAP = 80


@dataclass(frozen=True, slots=True)
class Cue:
    name: str
    pattern: re.Pattern
    frame: str
    domains: tuple[str, ...]
    max_gap: int
    fixed_domains: bool = False


@dataclass(frozen=True, slots=True)
class DependenceLexicon:
    cues: tuple[Cue, ...]
    domain_words: dict[str, tuple[str, ...]]
    currencies: dict[str, str]
    negated: tuple[str, ...]
    hedged: tuple[str, ...]
    analogy_patterns: tuple[re.Pattern, ...]
    senior: tuple[str, ...]
    junior: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicon() -> DependenceLexicon:
    """The validated contents of dependence.yaml."""
    data = load_yaml("dependence.yaml")
    cues = []
    for entry in data["cues"]:
        require_keys(entry, ("name", "pattern", "frame", "domains", "description"), "dependence.yaml")
        if entry["frame"] not in FRAMES:
            raise ConfigError(f"dependence.yaml: cue {entry['name']!r} has unknown frame {entry['frame']!r}")
        unknown = set(entry["domains"]) - set(data["domains"])
        if unknown:
            raise ConfigError(f"dependence.yaml: cue {entry['name']!r} has unknown domains {sorted(unknown)}")
        pattern = re.compile(rf"(?<![\w-]){entry['pattern']}(?![\w-])", re.I)
        cues.append(
            Cue(
                entry["name"],
                pattern,
                entry["frame"],
                tuple(entry["domains"]),
                entry.get("max_gap", DEFAULT_MAX_GAP),
                bool(entry.get("fixed_domains", False)),
            )
        )
    an = data["analogies"]
    return DependenceLexicon(
        cues=tuple(cues),
        domain_words={k: tuple(v["words"]) for k, v in data["domains"].items()},
        currencies=dict(data["currencies"]),
        negated=tuple(data["modality"]["negated"]),
        hedged=tuple(data["modality"]["hedged"]),
        analogy_patterns=tuple(re.compile(p, re.I) for p in an["patterns"]),
        senior=tuple(an["senior"]),
        junior=tuple(an["junior"]),
    )


def clause_domains(clause: str, lex: DependenceLexicon) -> tuple[str, ...]:
    """Domains named by domain words in a clause, in the order of the vocabulary."""
    return tuple(d for d, words in lex.domain_words.items() if has_word(clause, words))


def modality_of(window: str, lex: DependenceLexicon) -> str:
    """negated, hedged or asserted, from the words between the first state and the cue."""
    if has_word(window, lex.negated):
        return "negated"
    if has_word(window, lex.hedged, case_sensitive=True):
        return "hedged"
    return "asserted"


def _before(mentions: list[StateMention], pos: int, gap: int) -> StateMention | None:
    cands = [m for m in mentions if m.end <= pos and pos - m.end <= gap]
    return cands[-1] if cands else None


def _after(mentions: list[StateMention], pos: int, gap: int) -> StateMention | None:
    cands = [m for m in mentions if m.start >= pos and m.start - pos <= gap]
    return cands[0] if cands else None


COORDINATION = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*")


def coordinated(first: StateMention, mentions: list[StateMention], text: str) -> list[StateMention]:
    """A mention and those joined to it by "and"/"or"/commas: "Russian and Ukrainian wheat"."""
    out = [first]
    for m in mentions:
        if m.start > out[-1].end and COORDINATION.fullmatch(text[out[-1].end : m.start]):
            out.append(m)
    return out


def _pairs(cue: Cue, m: re.Match, mentions: list[StateMention], text: str, lex: DependenceLexicon):
    """Every (dependent, on, first mention start) of one cue occurrence, coordination expanded."""
    pair = _pair(cue, m, mentions, text, lex)
    if not pair or cue.frame not in {"dependent_first", "holder_first"}:
        return [pair] if pair else []
    right = _after(mentions, m.end(), cue.max_gap)
    others = coordinated(right, mentions, text)[1:]
    if cue.frame == "dependent_first":
        return [pair] + [(pair[0], o.code, pair[2]) for o in others]
    return [pair] + [(o.code, pair[1], pair[2]) for o in others]


def _pair(cue: Cue, m: re.Match, mentions: list[StateMention], text: str, lex: DependenceLexicon):
    """(dependent, on, first mention start) for one cue occurrence, or None."""
    gap = cue.max_gap
    if cue.frame in {"dependent_first", "holder_first"}:
        left, right = _before(mentions, m.start(), gap), _after(mentions, m.end(), gap)
        if not left or not right:
            return None
        if cue.frame == "dependent_first":
            return left.code, right.code, left.start
        return right.code, left.code, left.start
    possessor = _before(mentions, m.start(), gap)
    # The possessor stands right before the cue: "Russia's main export destination".
    if not possessor or not possessor.possessive or not re.fullmatch(r"[\w\s-]*", text[possessor.end : m.start()]):
        return None
    if cue.frame == "currency":
        found = [(p, w) for p, w in find_words(text[: possessor.start], lex.currencies) if possessor.start - p <= gap]
        if not found:
            return None
        p, word = found[-1]
        return possessor.code, lex.currencies[word], p
    subject = _before([x for x in mentions if x.end <= possessor.start], possessor.start, gap)
    if not subject:
        return None
    if cue.frame == "possessor_depends":
        return possessor.code, subject.code, subject.start
    return subject.code, possessor.code, subject.start


def extract_dependencies(sdoc: Any, actors: Sequence[Actor]) -> tuple[Dependency, ...]:
    """Directed dependence relations stated in the document.

    Example:
        >>> deps = extract_dependencies(nlp("Sanctions deepened Russia's dependence on China."), ())  # doctest: +SKIP
        >>> [(d.dependent, d.on, d.domain) for d in deps]  # doctest: +SKIP
        [('RUS', 'CHN', 'economic')]
    """
    lex = lexicon()
    text = text_of(sdoc)
    mentions = state_mentions(sdoc, actors)
    out: dict[tuple[str, str, str, int], Dependency] = {}
    for lo, hi in sentence_ranges(sdoc):
        local = in_range(mentions, lo, hi)
        if len(local) < 1:
            continue
        taken: list[tuple[int, int]] = []
        for cue in lex.cues:
            for m in cue.pattern.finditer(text, lo, hi):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                for dependent, on, first in _pairs(cue, m, local, text, lex):
                    if dependent == on:
                        continue
                    taken.append((m.start(), m.end()))
                    domains = cue.domains
                    if not cue.fixed_domains:
                        domains = clause_domains(clause_text(sdoc, m.start(), lo, hi), lex) or cue.domains
                    modality = modality_of(text[max(lo, min(first, m.start())) : m.end()], lex)
                    evidence = span_of(sdoc, lo, hi)
                    for domain in domains:
                        key = (dependent, on, domain, lo)
                        if key not in out:
                            out[key] = Dependency(dependent, on, domain, m.group(0).lower(), evidence, modality)
    return tuple(out.values())


def extract_analogies(
    sdoc: Any, actors: Sequence[Actor], dependencies: Sequence[Dependency] = ()
) -> tuple[Analogy, ...]:
    """Pairs of states the text compares to the pair it discusses, with senior and junior side.

    The senior side is the one the text calls the senior partner (or whose partner it
    calls junior); failing that, the side another state depends on in a dependence
    stated in the same or the next sentence. Pairs whose ranking the text does not
    give are left out.

    Example:
        >>> text = "A similar relationship exists between China and North Korea, in which Beijing is the senior partner."
        >>> [(a.senior, a.junior) for a in extract_analogies(nlp(text), ())]  # doctest: +SKIP
        [('CHN', 'PRK')]
    """
    lex = lexicon()
    text = text_of(sdoc)
    mentions = state_mentions(sdoc, actors)
    sents = sentence_ranges(sdoc)
    out: list[Analogy] = []
    for k, (lo, hi) in enumerate(sents):
        for pattern in lex.analogy_patterns:
            m = pattern.search(text, lo, hi)
            if not m:
                continue
            pair = _analogy_pair(m, in_range(mentions, lo, hi))
            if not pair:
                continue
            nxt_hi = sents[k + 1][1] if k + 1 < len(sents) else hi
            ranked = _rank(pair, text, m.end(), hi, in_range(mentions, m.end(), hi), lex) or _rank_by_dependence(
                pair, dependencies, lo, nxt_hi
            )
            if ranked:
                out.append(Analogy(ranked[0], ranked[1], span_of(sdoc, lo, hi)))
            break
    return tuple(out)


def _analogy_pair(m: re.Match, local: list[StateMention]) -> tuple[str, str] | None:
    """The two states of "a similar relationship between X and Y" / "X has a parallel relationship with Y"."""
    after = [x for x in local if x.start >= m.end()]
    before = [x for x in local if x.end <= m.start()]
    if len(after) >= 2 and after[0].code != after[1].code:
        return after[0].code, after[1].code
    if before and after and before[-1].code != after[0].code:
        return before[-1].code, after[0].code
    return None


def _rank(pair, text: str, start: int, hi: int, tail_mentions: list[StateMention], lex: DependenceLexicon):
    """(senior, junior) from "in which Moscow is the senior partner" after the cue."""
    for words, senior_named in ((lex.senior, True), (lex.junior, False)):
        for pos, _word in find_words(text[start:hi], words):
            named = [x for x in tail_mentions if x.code in pair and x.end <= start + pos]
            if not named:
                continue
            code = named[-1].code
            other = pair[1] if code == pair[0] else pair[0]
            return (code, other) if senior_named else (other, code)
    return None


def _rank_by_dependence(pair, dependencies: Sequence[Dependency], lo: int, hi: int):
    for d in dependencies:
        if lo <= d.evidence.start < hi and {d.dependent, d.on} == set(pair) and d.modality != "negated":
            return d.on, d.dependent
    return None
