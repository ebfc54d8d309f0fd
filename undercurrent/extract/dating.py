"""The true date of writing, inferred from what the text itself says.

A page date can be wrong (a republished copy carries the date it was copied).
The text dates itself through clues, each tied to the span it came from:

* point clues: a relative expression tied to a dated event ("a state visit to
  Russia last month", where the visit is a known event of March 2023, means
  April 2023; "two years ago, in 2021" means 2023); an anniversary
  ("the one-year anniversary of the invasion") is a weaker point;
* windows: a yearless month tied to a known event of that month ("appointed
  defence minister in March") puts writing within the twelve months after it;
* lower bounds: a known event told in the past, and the latest absolute date
  the text mentions outside future-tense clauses.

The inferred date is the strongest point clue that respects every bound and
window (earliest first: writing follows its latest news); without a point,
the latest lower bound. Bare years and anniversaries are weak clues ("FY 2029",
"Vision 2030", "since 1950", "the 1953 armistice" are plans, targets and
history as often as news): they bound writing only when nothing better does,
and they never outweigh a claimed date (page, metadata, feed, ``--date``).
The claimed date stands unless strong clues contradict it; the decision and
its evidence travel with the inferred date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..nlp.dateline import DATELINE_RE, DATELINE_WINDOW
from ..nlp.sents import sentences, text_of
from ..ontology.loader import load_yaml, require_keys
from ..records import InferredDate, Span
from .timecalc import Point, add_months, parse_iso, period_end, point_timex, shift
from .timevocab import MONTHS, parse_number, time_vocab
from .timex import find_timexes

EXTRACTOR = "extract.dating.rules.v1"

# A relative expression counts as tied to a known event when it lies within this many
# characters of one of the event's cue words (about one short clause).
MAX_CUE_DISTANCE = 40
# Cue words of one known event must all fall within this many characters, in order.
MAX_CUE_SPREAD = 100
# Characters before an item searched for a future marker ("will", "by", "ahead of"): a clause.
FUTURE_LOOKBEHIND = 40
# A yearless month tied to an event dates writing within this many months after it:
# a writer more than a year away would name the year.
YEARLESS_MONTH_WINDOW = 11
# Point clues: a relative expression tied to a date outranks an anniversary.
STRENGTH_RELATIVE = 2
STRENGTH_ANNIVERSARY = 1
# Clauses whose dates may lie after the time of writing (the modal "may" only in lower case: "May" is a month).
_FUTURE_RE = re.compile(
    r"\b(?:will|shall|would|'ll|(?-i:may)|might|could|ahead of|upcoming|next|plans? to|planned|expected to|scheduled|due to"
    r"|(?:is|are) set to|aims? to|intends? to|hopes? to|seeks? to)\b",
    re.I,
)
# A deadline right before a date ("by 2026", "until the end of 2030") says nothing of the past.
_DEADLINE_RE = re.compile(
    r"\b(?:by|until|till|before|through|(?:running |up )?to)\s+(?:the\s+(?:end|start|middle)\s+of\s+)?$", re.I
)
# "from 19 to 21 May 2023": the end of a range of days, not a deadline.
_RANGE_END_RE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+to\s+$", re.I)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "twentieth": 20, "twenty-fifth": 25, "fiftieth": 50,
}  # fmt: skip
_ANNIVERSARY_RE = re.compile(
    r"\b([a-z]+(?:-[a-z]+)?|\d+)(?:st|nd|rd|th)?(?:[- ]year)?\s+anniversary\s+of\b", re.I
)
# A wire dateline at the head of the text: "MOSCOW, March 21 (Agency) -" or "BEIJING, 16 May 2024 -".
# It states the day of writing; a yearless one takes its year from the text's other evidence.
STRENGTH_DATELINE = 3
_OFFSET_RE = re.compile(r"^(?:earlier |later )?(last|this|next) (week|month|year)$")


@dataclass(frozen=True, slots=True)
class _KnownEvent:
    id: str
    kind: str
    occurrences: tuple[Point, ...]
    cues: tuple[tuple[re.Pattern[str], ...], ...]


@dataclass(frozen=True, slots=True)
class _Clue:
    kind: str  # point, lower, window
    point: Point
    span: Span
    strength: int = 0
    until: dt.date | None = None  # end of a window
    from_event: bool = False  # a lower bound from a known event (rather than a bare date)
    weak: bool = False  # a bare year or an anniversary: may be a plan, a target or history


@lru_cache(maxsize=1)
def _known_events() -> tuple[_KnownEvent, ...]:
    out = []
    for entry in load_yaml("dated_events.yaml")["events"]:
        require_keys(entry, ("id", "description", "occurrences", "cues"), "dated_events.yaml")
        points = tuple(p for p in (parse_iso(o["start"]) for o in entry["occurrences"]) if p is not None)
        cues = tuple(
            tuple(re.compile(r"\b" + re.escape(w) + r"\b", re.I) for w in group) for group in entry["cues"]
        )
        out.append(_KnownEvent(entry["id"], entry.get("kind", "event"), points, cues))
    return tuple(out)


def _cue_positions(event: _KnownEvent, sentence: str) -> list[int] | None:
    """Offsets of the first cue group whose words appear in order within MAX_CUE_SPREAD characters."""
    for group in event.cues:
        for first in group[0].finditer(sentence):
            pos, hits = first.end(), [first]
            for pattern in group[1:]:
                hit = pattern.search(sentence, pos)
                if hit is None:
                    break
                hits.append(hit)
                pos = hit.end()
            if len(hits) == len(group) and hits[-1].end() - hits[0].start() <= MAX_CUE_SPREAD:
                return [h.start() for h in hits] + [h.end() for h in hits]
    return None


def _sentences(sdoc: Any) -> list[tuple[int, int]]:
    """Sentence offsets, also split at line breaks (headlines and chrome are lines of their own)."""
    text = text_of(sdoc)
    coarse = [(s.start_char, s.end_char) for s in sentences(sdoc)] if sdoc.has_annotation("SENT_START") else [(0, len(text))]
    out = []
    for start, end in coarse:
        for m in re.finditer(r"[^\n]+", text[start:end]):
            if m.group(0).strip():
                out.append((start + m.start(), start + m.end()))
    return out


def _is_future_context(sentence: str, start: int, end: int) -> bool:
    """Whether a future or deadline marker stands in the clause just before (or around) an item."""
    if _DEADLINE_RE.search(sentence[:start]) and not _RANGE_END_RE.search(sentence[:start]):
        return True
    return bool(_FUTURE_RE.search(sentence[max(0, start - FUTURE_LOOKBEHIND) : end]))


def _offset(text: str) -> tuple[int, Any] | None:
    """The shift from a referenced date to the writing date ("last month" -> +1 month)."""
    low = re.sub(r"\s+", " ", text.lower().strip())
    units = time_vocab().units
    m = _OFFSET_RE.match(low)
    if m:
        return {"last": 1, "this": 0, "next": -1}[m.group(1)], units[m.group(2)]
    m = re.fullmatch(rf"({time_vocab().number_re}) ({time_vocab().unit_re}) ago", low)
    if m and parse_number(m.group(1)) is not None:
        return parse_number(m.group(1)), units[m.group(2)]
    if low in ("yesterday", "today"):
        return (1 if low == "yesterday" else 0), units["day"]
    return None


def _is_chrome_line(text: str, start: int, end: int) -> bool:
    """A date alone on a short line is page chrome (a date line), not the author's text."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    return len(line) - (end - start) <= 12


def _clues(sdoc: Any) -> list[_Clue]:
    text = text_of(sdoc)
    timexes = find_timexes(sdoc, None)
    clues: list[_Clue] = []
    starts = [t.span.start for t in timexes]
    for s_start, s_end in _sentences(sdoc):
        sentence = text[s_start:s_end]
        first = bisect.bisect_left(starts, s_start)
        inside = [t for t in timexes[first : bisect.bisect_left(starts, s_end)] if t.span.end <= s_end]
        sent_span = Span(sentence.strip(), s_start + len(sentence) - len(sentence.lstrip()), s_start + len(sentence.rstrip()))
        for tx in inside:
            rel = (tx.span.start - s_start, tx.span.end - s_start)
            if tx.anchor == "absolute" and tx.value is not None and tx.kind == "date" and not _is_future_context(sentence, *rel):
                point = parse_iso(tx.value.start)
                if point is not None and not _is_chrome_line(text, tx.span.start, tx.span.end):
                    # "FY 2029", "Vision 2030", "since 1950", "the 1953 armistice": a bare year is
                    # as often a plan, a target or history as news, so it never outweighs a page date.
                    clues.append(_Clue("lower", point, tx.span, weak=point.grain == "year"))
        for event in _known_events():
            cues = _cue_positions(event, sentence)
            if cues is None:
                continue
            future = _is_future_context(sentence, min(cues), max(cues))
            clues.extend(_event_clues(event, cues, sentence, s_start, inside, sent_span, future))
        for tx in inside:
            offset = _offset(tx.span.text)
            if offset is None:
                continue
            for other in inside:
                if other is tx or other.anchor != "absolute" or other.value is None or other.value.granularity == "interval":
                    continue
                lo, hi = sorted((tx.span, other.span), key=lambda s: s.start)
                if re.fullmatch(r"[\s,(\u2013\u2014-]*(?:in|on)?\s*", text[lo.end : hi.start]):
                    ref = parse_iso(other.value.start)
                    moved = _writing_point(ref, offset) if ref else None
                    if moved is not None:
                        clues.append(_Clue("point", moved, sent_span, STRENGTH_RELATIVE))
    return clues


def _event_clues(
    event: _KnownEvent, cues: list[int], sentence: str, s_start: int, inside: list[Any], sent_span: Span, future: bool
) -> list[_Clue]:
    out: list[_Clue] = []
    if not future:
        out.append(_Clue("lower", min(event.occurrences, key=lambda p: p.date), sent_span, from_event=True))
    for m in _ANNIVERSARY_RE.finditer(sentence):
        word = m.group(1).lower()
        years = _ORDINALS.get(word) or parse_number(word.split("-")[0])
        if years and not future:
            for occ in event.occurrences:
                point = Point(add_months(occ.date, 12 * years), occ.grain)
                out.append(_Clue("lower", point, sent_span, from_event=True, weak=True))
                out.append(_Clue("point", Point(point.date.replace(day=1), "month"), sent_span, STRENGTH_ANNIVERSARY, weak=True))
    for tx in inside:
        rel = tx.span.start - s_start
        if min(abs(rel - c) for c in cues) > MAX_CUE_DISTANCE and min(abs(tx.span.end - s_start - c) for c in cues) > MAX_CUE_DISTANCE:
            continue
        # Another date between the event and the expression dates the event itself
        # ("Finland, which joined NATO in April 2023, held drills last month").
        lo, hi = sorted((rel, min(cues, key=lambda c: abs(c - rel))))
        if any(other is not tx and lo <= other.span.start - s_start < hi for other in inside):
            continue
        offset = _offset(tx.span.text)
        if offset is not None:
            for occ in event.occurrences:
                moved = _writing_point(occ, offset)
                if moved is not None:
                    out.append(_Clue("point", moved, sent_span, STRENGTH_RELATIVE))
            continue
        month = _yearless_month(tx)
        if month is not None:
            for occ in event.occurrences:
                if occ.date.month == month:
                    start = occ.date.replace(day=1)
                    until = period_end(Point(_add_months(start, YEARLESS_MONTH_WINDOW), "month"))
                    out.append(_Clue("window", Point(start, "month"), sent_span, until=until))
    return out


def _yearless_month(tx: Any) -> int | None:
    """The month of a date written without its year ("in March", "on 21 March", "20-22 March"), else None."""
    if tx.anchor != "document" or re.search(r"\d{4}", tx.span.text):
        return None
    months = {MONTHS[w] for w in re.findall(r"[a-z]+", tx.span.text.lower()) if w in MONTHS}
    return months.pop() if len(months) == 1 else None


def _writing_point(ref: Point, offset: tuple[int, Any]) -> Point | None:
    """The writing date ``offset`` after ``ref``; a week's imprecision leaves the month."""
    moved = shift(ref, offset[0], offset[1])
    if moved is not None and moved.grain == "week":
        return Point(moved.date.replace(day=1), "month")
    return moved


def _add_months(d: dt.date, n: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _choose(clues: list[_Clue]) -> tuple[Point, list[Span], bool] | None:
    """The best-supported writing date, its evidence, and whether it is only a lower bound."""
    # The latest dated past event bounds writing, not the largest year: a bare year counts only
    # when the text has nothing better.
    lowers = [c for c in clues if c.kind == "lower" and not c.weak] or [c for c in clues if c.kind == "lower"]
    windows = [c for c in clues if c.kind == "window"]
    floor = max(lowers, key=lambda c: c.point.date) if lowers else None
    event_lowers = [c for c in lowers if c.from_event]
    event_floor = max(event_lowers, key=lambda c: c.point.date) if event_lowers else None

    def fits(c: _Clue) -> bool:
        # A bare date may be a plan or a forecast ("to join from January 2024"), so it bounds
        # only weak points; a relative expression tied to a dated event must respect known events.
        bound = event_floor if c.strength >= STRENGTH_RELATIVE else floor
        if bound is not None and period_end(c.point) < bound.point.date:
            return False
        return all(w.point.date <= period_end(c.point) and c.point.date <= (w.until or c.point.date) for w in windows)

    points = [c for c in clues if c.kind == "point" and fits(c)]
    if points:
        def support(c: _Clue) -> tuple[int, int, dt.date]:
            same = sum(1 for o in points if point_timex(o.point) == point_timex(c.point))
            return (-c.strength, -same, c.point.date)

        best = min(points, key=support)
        evidence = [c.span for c in points if point_timex(c.point) == point_timex(best.point)]
        evidence += [w.span for w in windows] + ([event_floor.span] if event_floor else [])
        return best.point, _unique(evidence), False
    if floor is None and not windows:
        return None
    candidates = [floor.point] if floor else []
    candidates += [w.point for w in windows]
    best_point = max(candidates, key=lambda p: p.date)
    evidence = ([floor.span] if floor else []) + [w.span for w in windows]
    return best_point, _unique(evidence), True


def _unique(spans: list[Span]) -> tuple[Span, ...]:
    seen: dict[tuple[int, int], Span] = {}
    for s in spans:
        seen.setdefault((s.start, s.end), s)
    return tuple(sorted(seen.values(), key=lambda s: s.start))


def _dateline_clue(text: str, clues: list[_Clue], claimed: str | None) -> _Clue | None:
    """The day a wire dateline gives; a yearless one takes the year that puts it nearest the page
    date, else the year of the text's latest dated past event (a bare year only when nothing else)."""
    head = text[:DATELINE_WINDOW]
    claim = parse_iso(claimed[:10]) if claimed else None
    for line_start in [0] + [i + 1 for i, ch in enumerate(head) if ch == "\n"]:
        m = DATELINE_RE.match(text, line_start)
        if m is None:
            continue
        month = MONTHS.get((m.group("m1") or m.group("m2") or "").lower())
        day = int(m.group("d1") or m.group("d2"))
        if month is None:
            continue
        span = Span(m.group(0).strip(), m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end())
        if m.group("y"):
            when = _day(int(m.group("y")), month, day)
            return _Clue("point", Point(when, "day"), span, STRENGTH_DATELINE) if when else None
        if claim is not None:
            options = [d for d in (_day(claim.date.year + k, month, day) for k in (-1, 0, 1)) if d is not None]
            if not options:
                return None
            when = min(options, key=lambda d: abs((d - claim.date).days))
            return _Clue("point", Point(when, "day"), span, STRENGTH_DATELINE)
        lowers = [c for c in clues if c.kind == "lower" and not c.weak] or [c for c in clues if c.kind == "lower"]
        if not lowers:
            return None
        floor = max(c.point.date for c in lowers)
        weak = all(c.weak for c in lowers)
        for year in (floor.year, floor.year + 1):
            when = _day(year, month, day)
            if when is not None and when >= floor:
                return _Clue("point", Point(when, "day"), span, STRENGTH_DATELINE, weak=weak)
        return None
    return None


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_writing_date(sdoc: Any, claimed: str | None, conflict_days: int) -> tuple[InferredDate | None, bool, bool]:
    """Infer when the text was written and weigh it against the page's claimed date.

    The claimed date (page, metadata, feed, ``--date``) stands unless the text
    contradicts it with evidence that only fits another date: a relative
    expression tied to a dated event, a dateline with its year, a known event
    told in the past, a dated (day or month) past event. Bare years and
    anniversaries (plans, targets, history: "FY 2029", "Vision 2030", "the
    1953 armistice") never outweigh it. Without a claimed date the text alone
    dates the article, from the same evidence first and bare years last.

    Args:
        sdoc: the spaCy Doc of the cleaned text.
        claimed: the page date (YYYY-MM-DD) from metadata or chrome, or None.
        conflict_days: claimed and inferred further apart than this are a conflict.

    Returns:
        ``(inferred, date_conflict, republished)``; republished means the page
        date is later than the text's own date (a later copy). When the text
        only gives a lower bound, a claimed date after it is no conflict.
        ``inferred.decision`` says which date stands and why.

    Example:
        >>> infer_writing_date(nlp("Finland joined NATO on 4 April 2023."), None, 90)  # doctest: +SKIP
        (InferredDate(value='2023-04-04', ...), False, False)
    """
    clues = _clues(sdoc)
    dateline = _dateline_clue(text_of(sdoc), clues, claimed)
    if dateline is not None:
        clues.append(dateline)
    claim = parse_iso(claimed[:10]) if claimed else None
    if claim is None:
        chosen = _choose(clues)
        if chosen is None:
            return None, False, False
        point, evidence, bound_only = chosen
        weak = not any(c.span in evidence for c in clues if not c.weak)
        decision = "no page date: " + (
            "only bare years or anniversaries date the text (a weak estimate)" if weak
            else "the text gives only a lower bound" if bound_only else "dated from the text"
        )
        return InferredDate(point_timex(point), evidence, bound_only, decision), False, False
    chosen = _choose([c for c in clues if not c.weak])
    if chosen is None:
        chosen = _choose(clues)
        if chosen is None:
            return None, False, False
        point, evidence, bound_only = chosen
        decision = "page date stands: the text gives only bare years or anniversaries (plans, targets, history)"
        return InferredDate(point_timex(point), evidence, bound_only, decision), False, False
    point, evidence, bound_only = chosen
    value = point_timex(point)
    if claim.date > period_end(point):
        gap = (claim.date - period_end(point)).days
        later = True
    else:
        gap = max(0, (point.date - claim.date).days)
        later = False
    conflict = gap > conflict_days and not (bound_only and later)
    if not conflict:
        # The page date stands; show the text's own best estimate, weak clues included
        # ("on the first anniversary of the invasion" says February 2023, not "after February 2022").
        point, evidence, bound_only = _choose(clues) or (point, evidence, bound_only)
        value = point_timex(point)
        decision = "page date stands: the text agrees with it"
    elif later:
        decision = f"the text was written about {value}, before the page date: a later copy"
    else:
        decision = f"the text speaks of {value} as past, after the page date: the page date is too early"
    return InferredDate(value, evidence, bound_only, decision), conflict, conflict and later
