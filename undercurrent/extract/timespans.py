"""Recognition of time expressions: which character spans are dates, times or durations.

spaCy's DATE and TIME entities are the starting point. Our patterns (built from
``ontology/time.yaml``) add what spaCy misses or mis-spans ("eight months later",
"the following day", "mid-2015", "the 1990s", seasons, quarters, "in March",
"24 February") and split entities that hold two expressions ("2019 and 2021").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..nlp.sents import doc_memo, text_of
from .timevocab import time_vocab

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\."
)
_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
YEAR_PATTERN = r"(?:1[0-9]|20)\d\d(?!\d)"
# Words that make a bare month name (or "May") a date: "in March", "since May".
_MONTH_CUES = frozenset(
    "in since until by last next this early late mid of from through during before after "
    "till to and or between".split()
)
# Words before a bare four-digit number that make it a year rather than a quantity.
_YEAR_CUES = frozenset(
    "in since by until from of during before after through to and fiscal early late mid year between "
    "around circa".split()
)

MONTH_NAME_SET = frozenset(
    "January February March April May June July August September October November December".split()
)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    v = time_vocab()
    num, unit = v.number_re, v.unit_re
    months = f"(?:{_MONTH_NAMES})(?![a-z])"
    day = r"\d{1,2}(?:st|nd|rd|th)?(?![\d:])"
    refs = "|".join(re.escape(w) for w in sorted(v.references, key=len, reverse=True))
    sets = "|".join(re.escape(w) for w in sorted(v.sets, key=len, reverse=True) if " " in w and w[0] != "a")
    return (
        re.compile(rf"(?i:\b{num}[- ]{unit}\s+(?:later|earlier|ago|afterwards|hence|on(?=\s*[,.;:]|\s+from\b)))"),
        re.compile(r"(?i:\bthe\s+(?:following|next|previous|preceding|prior)\s+(?:day|week|month|year)\b)"),
        re.compile(r"(?i:\b(?:(?:earlier|later)\s+)?(?:that|the\s+same)\s+(?:same\s+)?(?:day|week|month|year)\b)"),
        re.compile(r"(?i:\b(?:(?:earlier|later)\s+)?(?:last|next|this)\s+(?:week|month|year|quarter|weekend)\b)"),
        re.compile(r"(?:(?<=\bat )|(?<=\bon )|(?<=\bover )|(?<=\bduring ))the weekend\b"),
        re.compile(rf"(?i:\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?:1[0-9]|20)\d0'?s\b)"),
        re.compile(rf"(?i:\b(?:early|mid|late|the (?:beginning|start|middle|end) of)[- ]?){YEAR_PATTERN}"),
        re.compile(rf"\b(?i:(?:this|last|next|the|early|late)\s+)?(?:spring|summer|autumn|winter|fall)(?:\s+(?:of\s+)?{YEAR_PATTERN})?\b"),
        re.compile(rf"(?i:\b(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|final)[- ]quarter)(?:\s+of\s+(?:fiscal\s+)?{YEAR_PATTERN})?|\bQ[1-4]\s+{YEAR_PATTERN}"),
        re.compile(rf"\b(?:(?:{_WEEKDAY_NAMES}),?\s+)?(?:{day}\s+(?:of\s+)?)?{months}(?:\s+{day})?(?:,?\s+{YEAR_PATTERN})?"),
        re.compile(rf"\b(?:{_WEEKDAY_NAMES})(?:\s+(?:morning|afternoon|evening|night))?\b"),
        re.compile(r"(?i:\b(?:yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening))\b)"),
        re.compile(rf"\b{YEAR_PATTERN}\b(?![,.]\d|-\d|%)"),
        re.compile(rf"(?i:\b(?:{refs})\b)"),
        re.compile(rf"(?i:\b(?:{sets})\b)"),
        re.compile(rf"(?i:\b(?:(?:the\s+)?(?:past|last|next|coming|first|previous|final|latest)\s+)?{num}[- ]{unit}(?:-long)?\b(?!-old))"),
    )


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, start - 20) : start])
    return m.group(1).lower() if m else ""


def _keep_match(text: str, start: int, end: int) -> bool:
    """Filters that patterns alone cannot express (ambiguous words)."""
    s = text[start:end]
    low = s.lower()
    if s in MONTH_NAME_SET:
        return _word_before(text, start) in _MONTH_CUES
    if re.fullmatch(YEAR_PATTERN, s):
        return _word_before(text, start) in _YEAR_CUES or text[end : end + 1] in (",", ".", ")", ";")
    if re.search(r"\bfall\b", low) and not re.search(r"(this|last|next)\s+fall|fall\s+(of\s+)?\d", low):
        return False
    if re.fullmatch(r"(?:the\s+)?(spring|summer|autumn|winter)", low):
        return low.startswith("the") or _word_before(text, start) in ("in", "during", "by", "since")
    return True


def _clean_entity(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a spaCy entity: cut at a line break, strip spaces and trailing commas."""
    piece = text[start:end]
    cut = piece.find("\n")
    if cut > 0:
        end = start + cut
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def candidate_spans(sdoc: Any) -> list[tuple[int, int, tuple[tuple[int, int], ...]]]:
    """Chosen spans in text order, each with our own pattern matches inside it as fallbacks.

    Computed once per Doc (the writing-date and the time-expression stages both ask).
    """
    return list(doc_memo(sdoc, "candidate_spans", lambda: _candidate_spans(sdoc)))


def _candidate_spans(sdoc: Any) -> list[tuple[int, int, tuple[tuple[int, int], ...]]]:
    text = text_of(sdoc)
    ours: list[tuple[int, int]] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if m.end() > m.start() and _keep_match(text, m.start(), m.end()):
                ours.append((m.start(), m.end()))
    theirs: list[tuple[int, int]] = []
    for ent in sdoc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        s, e = _clean_entity(text, ent.start_char, ent.end_char)
        inside = sorted((a, b) for a, b in ours if s <= a and b <= e)
        disjoint = [x for i, x in enumerate(inside) if i == 0 or x[0] >= inside[i - 1][1]]
        if e > s and len(disjoint) < 2:
            theirs.append((s, e))
    chosen: list[tuple[int, int]] = []
    for s, e in sorted(set(ours + theirs), key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(e <= a or s >= b for a, b in chosen):
            chosen.append((s, e))
    out = []
    for s, e in sorted(chosen):
        inner = sorted(x for x in set(ours) if s <= x[0] and x[1] <= e and x != (s, e))
        out.append((s, e, tuple(x for i, x in enumerate(inner) if i == 0 or x[0] >= inner[i - 1][1])))
    return out
