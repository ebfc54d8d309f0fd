"""Shared helpers of the between-the-lines extractors: state mentions, sentences, modality words.

State mentions come from the state actors' mention spans (the actors stage);
tokens that no state actor covers are normalised here through
:func:`undercurrent.ontology.normalise_country` (names, demonyms, capitals and
seats), so the extractors also work on hand-built or empty actor lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..nlp.sents import doc_memo, sentences, text_of
from ..ontology import normalise_country
from ..records import Actor, Span

ALL_KINDS = ("name", "demonym", "capital", "seat")
# Longest country name in tokens we try ("Democratic People's Republic of Korea" is 6 with "'s").
MAX_COUNTRY_TOKENS = 6
POSSESSIVE = re.compile(r"^['\u2019]s(?!\w)")


@dataclass(frozen=True, slots=True)
class StateMention:
    """A state named in the text, by character offsets."""

    code: str
    start: int
    end: int
    text: str

    @property
    def possessive(self) -> bool:
        return self.text.endswith(("'s", "\u2019s"))


def state_mentions(sdoc: Any, actors: Sequence[Actor]) -> list[StateMention]:
    """All state mentions of a document, sorted by position, without overlaps.

    Computed once per Doc and actor list (agreements, dependencies and
    analogies all ask for them).

    Example:
        >>> [m.code for m in state_mentions(nlp("Moscow needs Beijing."), ())]  # doctest: +SKIP
        ['RUS', 'CHN']
    """
    key = ("state_mentions", tuple(a.id for a in actors if a.kind == "state"))
    return list(doc_memo(sdoc, key, lambda: tuple(_state_mentions(sdoc, actors))))


def _state_mentions(sdoc: Any, actors: Sequence[Actor]) -> list[StateMention]:
    found: list[StateMention] = []
    taken = bytearray(len(text_of(sdoc)) + 1)
    for actor in actors:
        if actor.kind != "state" or not actor.country:
            continue
        for m in actor.mentions:
            found.append(_with_possessive(text_of(sdoc), StateMention(actor.country, m.start, m.end, m.text)))
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    n_toks = len(sdoc)
    i = 0
    while i < n_toks:
        if not sdoc[i].text[:1].isupper():
            i += 1
            continue
        hit = None
        for n in range(min(MAX_COUNTRY_TOKENS, n_toks - i), 0, -1):
            span = sdoc[i : i + n]
            if 1 in taken[span.start_char : span.end_char]:
                continue
            code = normalise_country(span.text, kinds=ALL_KINDS)
            if code:
                hit = StateMention(code, span.start_char, span.end_char, span.text)
                i += n
                break
        if hit:
            found.append(_with_possessive(text_of(sdoc), hit))
        else:
            i += 1
    found.sort(key=lambda m: m.start)
    return found


def _with_possessive(text: str, m: StateMention) -> StateMention:
    """Extend a mention over a following possessive "'s" so frames can see it."""
    if m.text.endswith(("'s", "\u2019s")):
        return m
    tail = POSSESSIVE.match(text[m.end : m.end + 3])
    if tail:
        end = m.end + tail.end()
        return StateMention(m.code, m.start, end, text[m.start : end])
    return m


def in_range(mentions: Iterable[StateMention], start: int, end: int) -> list[StateMention]:
    """Mentions wholly inside [start, end)."""
    return [m for m in mentions if m.start >= start and m.end <= end]


def span_of(sdoc: Any, start: int, end: int) -> Span:
    """A Span record over the document text."""
    return Span(text_of(sdoc)[start:end], start, end)


def has_word(text: str, words: Iterable[str], case_sensitive: bool = False) -> bool:
    """True when any of the words (or phrases) occurs in text as whole words.

    ``case_sensitive`` keeps "May 21" (the month) apart from "may" (the modal).
    """
    low = text.replace("\u2019", "'")
    if not case_sensitive:
        low = low.lower()
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low) for w in words)


def find_words(text: str, words: Iterable[str]) -> list[tuple[int, str]]:
    """Positions of whole-word occurrences of the given words, sorted."""
    low = text.lower().replace("\u2019", "'")
    out: list[tuple[int, str]] = []
    for w in words:
        out.extend((m.start(), w) for m in re.finditer(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low))
    return sorted(out)


def sentence_ranges(sdoc: Any) -> list[tuple[int, int]]:
    """Character ranges of the document's sentences, cut at line breaks.

    spaCy sometimes runs a heading or a garbled fragment into the next paragraph's
    sentence; evidence never crosses a line break.
    """
    out: list[tuple[int, int]] = []
    for sent in sentences(sdoc):
        start = None
        end = None
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if start is not None:
                    out.append((start, end))
                start = None
            elif not tok.is_space:
                if start is None:
                    start = tok.idx
                end = tok.idx + len(tok.text)
        if start is not None:
            out.append((start, end))
    return out


def clause_text(sdoc: Any, char: int, lo: int, hi: int) -> str:
    """The words of the clause governing the token at ``char``, within [lo, hi).

    The clause is the subtree of the nearest verb above the token, without
    coordinated clauses ("..., and the Kremlin may provide...") hanging off it.
    """
    tok = next((t for t in sdoc if t.idx <= char < t.idx + len(t.text) + 1), None)
    if tok is None:
        return text_of(sdoc)[lo:hi]
    head = tok
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    skip: set[int] = set()
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
            skip.update(t.i for t in child.subtree)
    keep = {t.i for t in head.subtree if t.i not in skip}
    subjects = {"nsubj", "nsubjpass", "csubj"}
    if head.dep_ == "conj" and not any(c.dep_ in subjects for c in head.children):
        # A coordinated verb shares its subject: "The purchase of ... weapons ... make Russia ...".
        for c in head.head.children:
            if c.dep_ in subjects:
                keep.update(t.i for t in c.subtree)
    return " ".join(t.text for t in sdoc if t.i in keep and lo <= t.idx < hi)
