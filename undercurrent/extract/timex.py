"""Time expressions: find them in a parsed document and put them on the calendar.

Recognition (:mod:`undercurrent.extract.timespans`) starts from spaCy's DATE
and TIME entities and corrects them with our own patterns. Normalisation uses
dateparser on the recognised span only, plus rules from ``ontology/time.yaml``
for what dateparser cannot do. Relative expressions resolve against the
writing date (``anchor="document"``) or against the previous dated expression
(``anchor="narrative"``); granularity is never finer than the text supports.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..nlp.sents import text_of
from ..records import DateValue, Span, TimeExpr
from .timecalc import (
    Point,
    duration_timex,
    month_interval,
    parse_iso,
    period_end,
    point_timex,
    point_value,
    shift,
)
from .timespans import YEAR_PATTERN, candidate_spans
from .timevocab import GRAIN_RANK, MONTHS, WEEKDAYS, parse_number, time_vocab

EXTRACTOR = "extract.timex.rules.v1"

_CLOCK_RE = re.compile(r"\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b", re.I)
_YEAR_RE = re.compile(r"\b" + YEAR_PATTERN)


@dataclass(frozen=True, slots=True)
class _Norm:
    value: DateValue | None
    kind: str
    anchor: str
    timex: str | None


def find_timexes(sdoc: Any, anchor: str | None) -> list[TimeExpr]:
    """Find and normalise the time expressions of a parsed document, in text order.

    Args:
        sdoc: the spaCy Doc of the cleaned text.
        anchor: the writing date ("2023-04-15", "2023-04" or "2023"); None
            leaves document-relative expressions without a value.

    Example:
        >>> tx = find_timexes(nlp("The deal was disclosed eight months later."), "2023-04")  # doctest: +SKIP
    """
    text = text_of(sdoc)
    base = parse_iso(anchor)
    out: list[TimeExpr] = []
    narrative: Point | None = None
    for start, end, fallbacks in candidate_spans(sdoc):
        norm = normalise(text[start:end], base, narrative, tense=_tense(sdoc, start, end))
        # A spaCy entity we cannot read ("19 to 21 May 2023") gives way to our matches inside it.
        pieces = [(start, end, norm)] if norm is not None else [
            (a, b, normalise(text[a:b], base, narrative, tense=_tense(sdoc, a, b))) for a, b in fallbacks
        ]
        for a, b, piece in pieces:
            if piece is None:
                continue
            out.append(TimeExpr(Span(text[a:b], a, b), piece.value, piece.kind, piece.anchor, piece.timex))
            if piece.value is not None and piece.kind in ("date", "time"):
                narrative = _value_point(piece.value) or narrative
    return out


# Auxiliaries and verbs that put the clause of a bare date in the future ("will meet on Friday").
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_FUTURE_GOVERNORS = frozenset({"schedule", "plan", "expect", "due", "set", "slate", "intend"})


def _tense(sdoc: Any, start: int, end: int) -> str | None:
    """Return "past", "future" or None (present or unknown) for the verb governing the expression."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or not sdoc.has_annotation("DEP"):
        return None
    token = span.root
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux":
            break
        if token.head is token:
            return None
        token = token.head
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    governor = token.head
    if any(c.lower_ in _FUTURE_AUX for c in auxes) or (
        token.tag_ == "VB" and governor is not token and governor.lemma_ in _FUTURE_GOVERNORS
    ):
        return "future"
    if token.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "past"
    if token.tag_ == "VBN" and any(c.lemma_ == "have" for c in auxes) and not any(c.tag_ == "MD" for c in auxes):
        return "past"  # the present perfect tells what is done: "has helped ... this weekend"
    if token.tag_ in ("VBZ", "VBP") and not auxes:
        return "present"  # "leaves for Moscow on Tuesday", "when they meet on Monday": a schedule
    return None


def _value_point(value: DateValue) -> Point | None:
    point = parse_iso(value.start)
    if point is None:
        return None
    if value.granularity == "interval" and value.start != value.end and point.grain == "day":
        return Point(point.date, "week")
    return point


# --------------------------------------------------------------------------- normalisation


def normalise(text: str, base: Point | None, narrative: Point | None = None, tense: str | None = None) -> _Norm | None:
    """Put one recognised expression on the calendar; None when it is not a time expression.

    Example:
        >>> normalise("mid-2015", None).value
        DateValue(start='2015-05', end='2015-08', granularity='interval')
    """
    low = re.sub(r"\s+", " ", text.strip().lower())
    for rule in (_reference, _decade, _year_part, _season, _quarter, _relative, _ordinal, _set, _duration):
        norm = rule(low, base, narrative)
        if norm is not None:
            return norm
    return _day_range(low, base, tense) or _weekend(low, base, tense) or _calendar(low, base, tense)


def _reference(low: str, base: Point | None, narrative: Point | None) -> _Norm | None:
    value = time_vocab().references.get(low)
    return _Norm(None, "date", "document", value) if value else None


def _set(low: str, base: Point | None, narrative: Point | None) -> _Norm | None:
    value = time_vocab().sets.get(low)
    return _Norm(None, "set", "absolute", value) if value and low not in ("a day", "a week", "a month", "a year") else None


def _decade(low: str, base: Point | None, narrative: Point | None) -> _Norm | None:
    m = re.fullmatch(r"(?:the )?(?:(early|mid|late)[- ])?((?:1[0-9]|20)\d)0'?s", low)
    if not m:
        return None
    decade = int(m.group(2)) * 10
    first, last = time_vocab().decade_parts[m.group(1)] if m.group(1) else (0, 9)
    return _Norm(DateValue(str(decade + first), str(decade + last), "interval"), "date", "absolute", m.group(2))


def _year_part(low: str, base: Point | None, narrative: Point | None) -> _Norm | None:
    m = re.fullmatch(r"(early|mid|middle|late|the (?:beginning|start|middle|end) of)[- ]?(\d{4})", low)
    if not m:
        return None
    start, end, _mod = time_vocab().year_parts[m.group(1)]
    year = int(m.group(2))
    return _Norm(month_interval(year, start, end), "date", "absolute", str(year))


_RANGE_RES = (
    re.compile(r"(?:from )?(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and)\s*(\d{1,2})(?:st|nd|rd|th)? ([a-z]+\.?)(,? \d{4})?"),
    re.compile(r"(?:from )?([a-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and)\s*(\d{1,2})(?:st|nd|rd|th)?(,? \d{4})?"),
)


def _day_range(low: str, base: Point | None, tense: str | None) -> _Norm | None:
    """A range of days in one month ("20-22 March 2023", "May 19 to 21"): an interval of days."""
    for index, pattern in enumerate(_RANGE_RES):
        m = pattern.fullmatch(low)
        if not m:
            continue
        first, last, month = (m.group(1), m.group(2), m.group(3)) if index == 0 else (m.group(2), m.group(3), m.group(1))
        if month.rstrip(".") not in MONTHS or int(first) >= int(last):
            return None
        year = m.group(4)
        end = _calendar(f"{last} {month}{year or ''}", base, tense)
        if end is None or end.value is None or end.value.granularity != "day":
            return end and _Norm(None, end.kind, end.anchor, None)
        stop = dt.date.fromisoformat(end.value.start)
        try:
            start = stop.replace(day=int(first))
        except ValueError:
            return None
        value = DateValue(start.isoformat(), stop.isoformat(), "interval")
        return _Norm(value, "date", end.anchor, f"{start.isoformat()}/{stop.isoformat()}")
    return None


def _weekend(low: str, base: Point | None, tense: str | None) -> _Norm | None:
    """Read "this weekend", "last weekend", "at the weekend": a Saturday-to-Sunday interval (TIMEX3 YYYY-Www-WE)."""
    m = re.fullmatch(r"(the|this|last|next|(?:earlier|later) this) weekend", low)
    if not m:
        return None
    if base is None or base.grain != "day":
        return _Norm(None, "date", "document", None)
    saturday = base.date + dt.timedelta(days=5 - base.date.weekday())  # the Saturday of the writing week
    word = m.group(1).split()[-1]
    if word == "last" or (word in ("the", "this") and tense == "past" and saturday > base.date):
        saturday -= dt.timedelta(days=7)
    elif word == "next" or (word == "the" and tense == "future" and saturday < base.date):
        saturday += dt.timedelta(days=7)
    iso = saturday.isocalendar()
    value = DateValue(saturday.isoformat(), (saturday + dt.timedelta(days=1)).isoformat(), "interval")
    return _Norm(value, "date", "document", f"{iso[0]:04d}-W{iso[1]:02d}-WE")


def _season(low: str, base: Point | None, narrative: Point | None) -> _Norm | None:
    m = re.fullmatch(r"(?:(this|last|next|the|early|late) )?(spring|summer|autumn|fall|winter)(?: (?:of )?(\d{4}))?", low)
    if not m:
        return None
    code, first, last = time_vocab().seasons[m.group(2)]
    if m.group(3):
        year, anchor = int(m.group(3)), "absolute"
    elif base is not None and m.group(1) in ("this", "last", "next"):
        ref = period_end(base) if base.grain == "day" else base.date
        year, anchor = ref.year, "document"
        if m.group(1) == "last" and (ref.month <= last or first > last):
            year -= 1
        elif m.group(1) == "next" and ref.month >= first:
            year += 1
    else:
        return _Norm(None, "date", "document", f"XXXX-{code}")
    return _Norm(month_interval(year, first, last), "date", anchor, f"{year:04d}-{code}")


def _quarter(low: str, base: Point | None, narrative: Point | None) -> _Norm | None:
    m = re.fullmatch(r"(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th|final)[- ]quarter(?: of (?:fiscal )?(\d{4}))?", low)
    m2 = re.fullmatch(r"(q[1-4]) (\d{4})", low)
    if not m and not m2:
        return None
    word, year_text = (m.group(1), m.group(2)) if m else (m2.group(1), m2.group(2))  # type: ignore[union-attr]
    q = time_vocab().quarters[word]
    if year_text:
        year, anchor = int(year_text), "absolute"
    elif base is not None:
        year, anchor = base.date.year, "document"
        if (q - 1) * 3 + 1 > period_end(base).month:
            year -= 1
    else:
        return _Norm(None, "date", "document", f"XXXX-Q{q}")
    return _Norm(month_interval(year, (q - 1) * 3 + 1, q * 3), "date", anchor, f"{year:04d}-Q{q}")


def _relative(low: str, base: Point | None, narrative: Point | None) -> _Norm | None:
    v = time_vocab()
    m = re.fullmatch(rf"({v.number_re})[- ]({v.unit_re}) (later|earlier|ago|afterwards|hence|on)", low)
    if not m:
        return None
    n, unit = parse_number(m.group(1)), v.units[m.group(2)]
    direction, anchor = v.relative_markers[m.group(3)]
    ref = narrative if anchor == "narrative" else base
    if n is None:
        return _Norm(None, "date", anchor, "PAST_REF" if direction < 0 else "FUTURE_REF")
    moved = shift(ref, direction * n, unit) if ref is not None else None
    if moved is None:
        return _Norm(None, "date", anchor, None)
    return _Norm(point_value(moved), "date", anchor, point_timex(moved))


def _ordinal(low: str, base: Point | None, narrative: Point | None) -> _Norm | None:
    v = time_vocab()
    m = re.fullmatch(r"the (following|next|previous|preceding|prior) (day|week|month|year)", low) or re.fullmatch(
        r"(?:(?:earlier|later) )?(that|same)(?: same)? (day|week|month|year)", low.replace("the same", "same")
    )
    if not m:
        return None
    moved = shift(narrative, v.ordinal_relatives[m.group(1)], v.units[m.group(2)]) if narrative else None
    if moved is None:
        return _Norm(None, "date", "narrative", None)
    return _Norm(point_value(moved), "date", "narrative", point_timex(moved))


def _duration(low: str, base: Point | None, narrative: Point | None) -> _Norm | None:
    v = time_vocab()
    m = re.fullmatch(
        rf"(?:the )?(?:(?:past|last|next|coming|first|previous|final|latest) )?({v.number_re})[- ]({v.unit_re})(?:-long)?",
        low,
    )
    if m:
        return _Norm(None, "duration", "absolute", duration_timex(parse_number(m.group(1)), v.units[m.group(2)]))
    m = re.fullmatch(rf"the (?:past|last|next|coming) ({v.unit_re})", low)
    if m and not m.group(1).endswith("s"):
        return _Norm(None, "duration", "absolute", duration_timex(1, v.units[m.group(1)]))
    m = re.fullmatch(rf"(?:(?:the )?(?:past|last|next|coming|recent) )?(?:several |many |few |a few )?({v.unit_re})", low)
    if m and m.group(1).endswith("s"):
        return _Norm(None, "duration", "absolute", duration_timex(None, v.units[m.group(1)]))
    return None


_DAY_PART_RE = re.compile(r"^(.*?)\s*\b(morning|afternoon|evening|night|tonight|overnight)$")


def _calendar(low: str, base: Point | None, tense: str | None = None) -> _Norm | None:
    """Calendar dates and deictic words, through dateparser."""
    vocab = time_vocab()
    part = None
    m = _DAY_PART_RE.match(low)
    if m:
        part = vocab.day_parts[m.group(2)]
        low = m.group(1) or "today"
        low = {"this": "today", "last": "yesterday"}.get(low, low)
    clock = _CLOCK_RE.search(low)
    core = re.sub(r"^(?:the |fiscal |(?:earlier|later) |early |late |mid-|mid )+", "", low)
    core = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", core).replace(" of ", " ")
    has_year = bool(_YEAR_RE.search(core))
    tokens = set(re.findall(r"[a-z]+\.?", core))
    has_month = any(t.rstrip(".") in MONTHS for t in tokens)
    deictic = bool(tokens & {"yesterday", "today", "tomorrow", "last", "next", "this"}) or any(
        t in WEEKDAYS for t in tokens
    )
    if not (has_year or has_month or deictic or clock):
        return None
    kind = "time" if (part or clock) else "date"
    if not has_year and base is None:
        timex = f"XXXX-{MONTHS[next(t.rstrip('.') for t in tokens if t.rstrip('.') in MONTHS)]:02d}" if has_month and not re.search(r"\d", core) else None
        return _Norm(None, kind, "document", timex)
    if clock and not (has_year or has_month or deictic):
        if base is None or base.grain != "day":
            return _Norm(None, "time", "document", None)
        return _Norm(point_value(base), "time", "document", base.date.isoformat() + _clock_suffix(clock.group(0)))
    m = re.fullmatch(r"(last|this|next) ([a-z]+\.?)", core)
    if m and m.group(2).rstrip(".") in MONTHS:
        # "last May" is the May before the writing month, "next May" the one after it.
        tense = {"last": "past", "next": "future", "this": None}[m.group(1)]
        core = m.group(2)
    parsed = _weekday(core, base, tense) or _parse(core, base, tense)
    if parsed is None:
        return None
    if has_year and str(parsed.date.year) not in core:
        return None
    anchor = "absolute" if has_year else "document"
    # Offsets from the writing date ("yesterday", "last month", "Tuesday") need an anchor at least as fine.
    if anchor == "document" and not has_month and base is not None and GRAIN_RANK[base.grain] > GRAIN_RANK[parsed.grain]:
        return _Norm(None, kind, anchor, None)
    timex = point_timex(parsed)
    if part and parsed.grain == "day":
        timex += "T" + part
    elif clock and parsed.grain == "day":
        timex += _clock_suffix(clock.group(0))
    return _Norm(point_value(parsed), kind, anchor, timex)


def _clock_suffix(clock: str) -> str:
    m = re.match(r"(\d{1,2})(?::(\d\d))?\s*([ap])?", clock.lower())
    if not m:
        return ""
    hour = int(m.group(1)) % 12 + (12 if m.group(3) == "p" else 0) if m.group(3) else int(m.group(1))
    return f"T{hour:02d}:{m.group(2) or '00'}"


@lru_cache(maxsize=64)
def _parser(base_iso: str | None, prefer: str = "past") -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": prefer}
    if base_iso:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(base_iso)
    return DateDataParser(languages=["en"], settings=settings)


def _weekday(core: str, base: Point | None, tense: str | None) -> Point | None:
    """A bare weekday: the next one in future tense and in the simple present (English tells a
    schedule in the present: "leaves on Tuesday"), the writing day included; else the latest one
    (the writing day included): news mostly reports what happened ("said Friday")."""
    if core not in WEEKDAYS or base is None or base.grain != "day":
        return None
    wanted = WEEKDAYS.index(core)
    back = (base.date.weekday() - wanted) % 7
    ahead = (wanted - base.date.weekday()) % 7
    if tense in ("future", "present"):
        return Point(base.date + dt.timedelta(days=ahead), "day")
    return Point(base.date - dt.timedelta(days=back), "day")


def _naive(value: dt.datetime) -> dt.datetime:
    """Drop a time zone dateparser read from the text ("5 p.m. EST"); dates are calendar dates."""
    return value.replace(tzinfo=None)


@lru_cache(maxsize=16384)
def _parse_data(core: str, base_iso: str | None, prefer: str) -> Any:
    """dateparser's reading of one span; None when it cannot read it (odd input is not an error)."""
    try:
        return _parser(base_iso, prefer).get_date_data(core)
    except (ValueError, OverflowError, TypeError):
        return None


def _parse(core: str, base: Point | None, tense: str | None = None) -> Point | None:
    """dateparser on the span text only, relative to the end of the anchor period.

    A date without a year is the nearest past one in past tense, the nearest
    future one in future tense, and otherwise the nearer of the two.
    """
    base_iso = period_end(base).isoformat() if base is not None else None
    data = _parse_data(core, base_iso, "future" if tense == "future" else "past")
    if data is None or data.date_obj is None:
        return None
    if tense in (None, "present") and base is not None and not _YEAR_RE.search(core):
        ahead = _parse_data(core, base_iso, "future")
        if ahead is not None and ahead.date_obj is not None and ahead.period == data.period:
            ref = dt.datetime.combine(period_end(base), dt.time())
            if abs((_naive(ahead.date_obj) - ref).days) < abs((_naive(data.date_obj) - ref).days):
                data = ahead
    grain = {"day": "day", "week": "week", "month": "month", "year": "year", "time": "day"}.get(data.period or "day", "day")
    d = _naive(data.date_obj).date()
    if grain == "month":
        d = d.replace(day=1)
    elif grain == "year":
        d = dt.date(d.year, 1, 1)
    return Point(d, grain)
