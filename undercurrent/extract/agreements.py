"""Agreements as records: kind, count, title, parties, date, whether they were disclosed.

A sentence yields an agreement when it names one ("a list of 14 documents",
"two joint statements", "the Treaty on Good-Neighbourliness") next to a verb
that makes or publishes it. Sentences that deny one ("No major new deals were
announced") or only expect one ("the deal they are likely to reach") yield
nothing: precision before recall.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..nlp.sents import text_of
from ..ontology.loader import load_yaml, require_keys
from ..records import Actor, Agreement, DateValue, TimeExpr, stable_id
from .between_text import has_word, in_range, sentence_ranges, span_of, state_mentions

EXTRACTOR = "extract.agreements.rules.v1"
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "dozen": 12, "a dozen": 12,
}
# Words allowed between a number and its noun ("14 new cooperation documents").
MAX_WORDS_BEFORE_NOUN = 3
TITLE_HEADS = re.compile(
    r"(?:(?:Joint|Comprehensive|Strategic|Framework) )*"
    r"(?:Treaty|Agreement|Memorandum|Statement|Declaration|Roadmap|Accord|Pact|Contract)\b"
)
# Lower-case words that may stand inside a title ("Treaty on Good-Neighbourliness and Friendly Cooperation").
TITLE_CONNECTORS = frozenset({"on", "of", "for", "and", "the", "between", "to"})
# Nouns that follow another agreement noun as its subject matter ("documents related to the arms deals").
TOPIC_LINK = re.compile(
    r"^\W*(?:related to|relating to|on|about|concerning|regarding|for|of)\b(?:\s+(?!and\b|or\b)[\w-]+){0,3}\s*$", re.I
)


@dataclass(frozen=True, slots=True)
class AgreementLexicon:
    kinds: tuple[tuple[str, re.Pattern], ...]
    made: tuple[str, ...]
    disclosed: tuple[str, ...]
    undisclosed: tuple[str, ...]
    denied: tuple[str, ...]
    speculative: tuple[str, ...]
    topics: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def lexicon() -> AgreementLexicon:
    """The validated contents of agreements.yaml."""
    data = load_yaml("agreements.yaml")
    kinds = []
    for entry in data["kinds"]:
        require_keys(entry, ("kind", "pattern", "description"), "agreements.yaml")
        kinds.append((entry["kind"], re.compile(rf"(?<![\w-])(?:{entry['pattern']})(?![\w-])", re.I)))
    return AgreementLexicon(
        kinds=tuple(kinds),
        made=tuple(data["made"]),
        disclosed=tuple(data["disclosed"]),
        undisclosed=tuple(data["undisclosed"]),
        denied=tuple(data["denied"]),
        speculative=tuple(data["speculative"]),
        topics={k: tuple(v) for k, v in data["topics"].items()},
    )


def _count(text: str, start: int) -> int | None:
    """The number written just before an agreement noun ("14 documents", "two statements")."""
    words = text[max(0, start - 60) : start].split()[-(MAX_WORDS_BEFORE_NOUN + 1) :]
    for word in reversed(words):
        w = word.lower().strip(",")
        if w.isdigit():
            return int(w)
        if w in NUMBER_WORDS:
            return NUMBER_WORDS[w]
        if w in {"of", "the", "a", "an", "by", "and", "signed"}:
            break
    return None


def _plural(noun: str) -> bool:
    first = noun.split()[0].lower()
    if first == "joint":
        first = noun.split()[1].lower() if len(noun.split()) > 1 else first
    return first.endswith("s") or first == "memoranda" or first.endswith("ies")


def disclosure(sentence: str, lex: AgreementLexicon) -> bool | None:
    """False when the sentence says the agreement was kept back, True when made public, else None."""
    if has_word(sentence, lex.undisclosed):
        return False
    if has_word(sentence, lex.disclosed):
        return True
    return None


def topic_of(sentence: str, lex: AgreementLexicon) -> str | None:
    """The agenda theme the sentence gives the agreement, if any."""
    for theme, words in lex.topics.items():
        if has_word(sentence, words):
            return theme
    return None


def _date(timexes: Sequence[TimeExpr], lo: int, hi: int) -> DateValue | None:
    for t in timexes:
        if lo <= t.span.start < hi and t.value and t.kind == "date":
            return t.value
    return None


def _parties(sdoc: Any, actors: Sequence[Actor], lo: int, hi: int, mentions) -> tuple[str, ...]:
    codes = {m.code for m in in_range(mentions, lo, hi)}
    for actor in actors:
        if actor.kind == "person" and actor.country and any(lo <= m.start < hi for m in actor.mentions):
            codes.add(actor.country)
    return tuple(sorted(codes))


def extract_agreements(
    sdoc: Any, actors: Sequence[Actor], timexes: Sequence[TimeExpr] = ()
) -> tuple[Agreement, ...]:
    """Agreements named in the document, one record per kind and sentence.

    Example:
        >>> text = "The two sides signed 14 documents, including two joint statements."
        >>> [(a.kind, a.count) for a in extract_agreements(nlp(text), ())]  # doctest: +SKIP
        [('documents', 14), ('joint_statement', 2)]
    """
    lex = lexicon()
    text = text_of(sdoc)
    mentions = state_mentions(sdoc, actors)
    out: list[Agreement] = []
    for lo, hi in sentence_ranges(sdoc):
        sentence = text[lo:hi]
        if not has_word(sentence, lex.made) and not has_word(sentence, lex.undisclosed):
            continue
        if has_word(sentence, lex.denied) or has_word(sentence, lex.speculative, case_sensitive=True):
            continue
        seen: list[tuple[int, int]] = []
        found = []
        for kind, pattern in lex.kinds:
            for m in pattern.finditer(text, lo, hi):
                if any(a < m.end() and m.start() < b for a, b in seen):
                    continue
                seen.append((m.start(), m.end()))
                found.append((m.start(), kind, m))
        kinds_here = {k for _, k, _ in found}
        previous_end = None
        for start, kind, m in sorted(found, key=lambda x: x[0]):
            linked = previous_end is not None and TOPIC_LINK.match(text[previous_end:start])
            previous_end = m.end()
            if linked:
                continue  # the subject of the previous agreement, not another one
            bare_statement = kind == "joint_statement" and not m.group(0).lower().startswith("joint")
            if bare_statement and kinds_here == {"joint_statement"} and not has_word(sentence, ("signed", "adopted")):
                continue  # "a statement" alone is usually a press statement, not a signed text
            title = _title(text, m)
            out.append(
                Agreement(
                    id=stable_id("agreement", sentence, start, kind),
                    kind=kind,
                    evidence=span_of(sdoc, lo, hi),
                    count=_count(text, start) if _plural(m.group(0)) else 1,
                    title=title,
                    parties=_parties(sdoc, actors, lo, hi, mentions),
                    date=_date(timexes, lo, hi),
                    disclosed=disclosure(sentence, lex),
                    topic=topic_of(sentence, lex),
                )
            )
    return tuple(out)


def _title(text: str, m: re.Match) -> str | None:
    """A capitalised title starting at or just before the noun ("Treaty on Good-Neighbourliness")."""
    for head in TITLE_HEADS.finditer(text, max(0, m.start() - 30), m.end()):
        if not head.start() <= m.start() < head.end() + 1:
            continue
        words = [head.group(0)]
        pos = head.end()
        for w in re.finditer(r" ([\w'\u2019-]+)", text[pos : pos + 150]):
            if w.start() != sum(len(x) + 1 for x in words[1:]):
                break
            token = w.group(1)
            if token[:1].isupper() or token in TITLE_CONNECTORS:
                words.append(token)
            else:
                break
        while len(words) > 1 and words[-1] in TITLE_CONNECTORS:
            words.pop()
        if len(words) > 1:
            return " ".join(words)
    return None
