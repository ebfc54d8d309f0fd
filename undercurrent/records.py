"""Typed records that cross stage boundaries.

Every stage takes and returns these frozen dataclasses; no stage mutates
another stage's record. ``to_json`` turns an :class:`Analysis` into the
``undercurrent/read/v1`` contract documented in ``docs/output-schema.md``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

SCHEMA_ID = "undercurrent/read/v1"


def stable_id(prefix: str, *parts: object) -> str:
    """Deterministic id from stable parts, so re-running is idempotent.

    Example:
        >>> stable_id("doc", "abc")
        'doc_ba7816bf8f01cfea'
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


# --------------------------------------------------------------------------- spans and dates


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the cleaned document text, by character offsets."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date with the granularity the text supports ("day", "month", "year", "interval").

    ``start``/``end`` are ISO prefixes: "2014", "2014-09" or "2014-09-12".
    For a day, month or year, ``end`` equals ``start``.
    """

    start: str | None
    end: str | None
    granularity: str | None

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "granularity": self.granularity}


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression found in the text, resolved to the calendar where possible.

    ``anchor`` says what it was resolved against: "absolute" (needs nothing),
    "document" (the writing date: "last month", "on Tuesday", "in March") or
    "narrative" (the previous dated event: "eight months later", "the following day").
    ``timex_value`` is the TIMEX3-style value ("2014-09", "P8M", "PRESENT_REF").
    """

    span: Span
    value: DateValue | None
    kind: str = "date"  # date, duration, set, time
    anchor: str = "absolute"
    timex_value: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "span": self.span.to_json(),
            "value": self.value.to_json() if self.value else None,
            "kind": self.kind,
            "anchor": self.anchor,
            "timex_value": self.timex_value,
        }


# --------------------------------------------------------------------------- ingest / clean


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as read from a file, before cleaning.

    ``origin`` names where it came from: a path, or ``path#N`` for the Nth item
    of a feed, JSON Lines file or WARC archive, or ``<stdin>``.
    Exactly one of ``text`` and ``html`` is normally set.
    """

    origin: str
    fmt: str  # "text", "html", "jsonl", "feed", "warc", "stdin"
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD when known
    encoding: str | None = None


# Characters no store can hold: NUL (PostgreSQL refuses it in text) and lone surrogates
# (not encodable as UTF-8; a JSON "\ud800" escape or an undecodable file name gives one).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def find_unstorable(value: str) -> str | None:
    r"""The first character in ``value`` that no database can store, written like ``U+D800``, or None.

    Example:
        >>> find_unstorable("Xi\ud800 Jinping"), find_unstorable("Xi Jinping")
        ('U+D800', None)
    """
    match = _UNSTORABLE.search(value)
    return f"U+{ord(match.group()):04X}" if match else None


def make_storable(value: str) -> str:
    r"""``value`` with NUL dropped and each lone surrogate replaced by U+FFFD.

    Example:
        >>> make_storable("Xi\x00 Jin\udc80ping")
        'Xi Jin\ufffdping'
    """
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """The cleaned text of one article and what cleaning learnt about it."""

    id: str
    origin: str
    fmt: str
    text: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    claimed_date: str | None = None  # YYYY-MM-DD from metadata or from removed chrome
    language: str | None = None
    removed_chrome: tuple[str, ...] = ()
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file or item that was not turned into a document, with the reason.

    ``kind`` is "skipped" (deliberate: duplicate, other language) or
    "failed" (could not be read).
    """

    origin: str
    stage: str
    reason: str
    kind: str = "failed"


# --------------------------------------------------------------------------- actors and roles


@dataclass(frozen=True, slots=True)
class Role:
    """An office or portfolio a person (or group) holds."""

    title: str | None
    organization: str | None = None
    country: str | None = None  # ISO3
    sector: str | None = None
    status: str = "current"  # current, former, incoming
    start: str | None = None
    end: str | None = None
    source: str = "text"  # text or dictionary
    evidence: Span | None = None
    form: str | None = None  # which textual form gave it (apposition, title_before, ...)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "organization": self.organization,
            "country": self.country,
            "sector": self.sector,
            "status": self.status,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "evidence": self.evidence.to_json() if self.evidence else None,
            "form": self.form,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, person, organisation, international body or group in one document.

    ``id`` is document-independent for states ("state:RUS") and bodies
    ("igo:NATO"), and for people and organisations a stable hash of the
    normalised name, so that the same person gets the same id across
    documents (cross-document resolution may then merge further).
    """

    id: str
    kind: str  # state, person, organization, igo, group
    name: str
    country: str | None = None
    mentions: tuple[Span, ...] = ()
    roles: tuple[Role, ...] = ()
    aliases: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "country": self.country,
            "mentions": [m.to_json() for m in self.mentions],
            "roles": [r.to_json() for r in self.roles],
            "aliases": list(self.aliases),
        }


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class InheritedDate:
    """Where an event's date came from when its own sentence gives none.

    ``basis`` is "happening" (the dated event it belongs to: the visit, the
    summit, the call, told earlier in the story; ``evidence`` is that event's
    sentence) or "writing_date" (news the text reports without a date of its
    own: a readout's "the leaders agreed", a statement's "condemns"; no evidence).
    """

    basis: str
    evidence: Span | None = None

    def to_json(self) -> dict[str, Any]:
        return {"basis": self.basis, "evidence": self.evidence.to_json() if self.evidence else None}


@dataclass(frozen=True, slots=True)
class Event:
    """One PLOVER event with its evidence, clocks and modality."""

    id: str
    type: str
    mode: str | None
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    occurred: DateValue
    evidence: Span
    modality: str = "asserted"
    reported: str | None = None
    disclosed: DateValue | None = None
    disclosure_lag_days: int | None = None
    attributed_to: str | None = None
    item: str | None = None
    quantity: str | None = None
    confidence: float = 0.5
    trigger: str | None = None
    extra_evidence: tuple[Span, ...] = ()
    extractor: str = "extract.events.rules.v1"
    inherited: InheritedDate | None = None  # set when ``occurred`` is not from the event's own sentence

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "actors": list(self.actors),
            "recipients": list(self.recipients),
            "occurred": self.occurred.to_json(),
            "reported": self.reported,
            "disclosed": self.disclosed.to_json() if self.disclosed else None,
            "disclosure_lag_days": self.disclosure_lag_days,
            "modality": self.modality,
            "attributed_to": self.attributed_to,
            "item": self.item,
            "quantity": self.quantity,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_json(),
            "extra_evidence": [s.to_json() for s in self.extra_evidence],
            "trigger": self.trigger,
            "extractor": self.extractor,
            "inherited": self.inherited.to_json() if self.inherited else None,
        }


# --------------------------------------------------------------------------- between the lines


@dataclass(frozen=True, slots=True)
class Participant:
    actor_id: str | None
    name: str
    side: str | None
    sector: str | None
    evidence: Span | None = None
    agenda_theme: str | None = None  # the agenda theme (a sector) the participant counts under

    def to_json(self) -> dict[str, Any]:
        return {
            "actor_id": self.actor_id,
            "name": self.name,
            "side": self.side,
            "sector": self.sector,
            "agenda_theme": self.agenda_theme,
            "evidence": self.evidence.to_json() if self.evidence else None,
        }


@dataclass(frozen=True, slots=True)
class AgendaShare:
    side: str | None
    sector: str
    count: int
    share: float

    def to_json(self) -> dict[str, Any]:
        return {"side": self.side, "sector": self.sector, "count": self.count, "share": round(self.share, 3)}


@dataclass(frozen=True, slots=True)
class Meeting:
    event_id: str
    date: DateValue
    place: str | None = None
    hosts: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    participants: tuple[Participant, ...] = ()
    agenda: tuple[AgendaShare, ...] = ()
    agenda_reasons: tuple[str, ...] = ()
    declared_outcomes: tuple[str, ...] = ()  # agreement ids
    declared_gap: bool = False
    declared_gap_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "date": self.date.to_json(),
            "place": self.place,
            "hosts": list(self.hosts),
            "guests": list(self.guests),
            "participants": [p.to_json() for p in self.participants],
            "agenda": [a.to_json() for a in self.agenda],
            "agenda_reasons": list(self.agenda_reasons),
            "declared_outcomes": list(self.declared_outcomes),
            "declared_gap": self.declared_gap,
            "declared_gap_reason": self.declared_gap_reason,
        }


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    kind: str  # memorandum, treaty, joint_statement, contract, roadmap, agreement, documents
    evidence: Span
    count: int | None = None
    title: str | None = None
    parties: tuple[str, ...] = ()
    date: DateValue | None = None
    disclosed: bool | None = None
    topic: str | None = None  # agenda theme the text gives it (defense, energy, finance), if any

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "count": self.count,
            "title": self.title,
            "parties": list(self.parties),
            "date": self.date.to_json() if self.date else None,
            "disclosed": self.disclosed,
            "topic": self.topic,
            "evidence": self.evidence.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Dependency:
    dependent: str
    on: str
    domain: str
    cue: str
    evidence: Span
    modality: str = "asserted"

    def to_json(self) -> dict[str, Any]:
        return {
            "dependent": self.dependent,
            "on": self.on,
            "domain": self.domain,
            "modality": self.modality,
            "cue": self.cue,
            "evidence": self.evidence.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Analogy:
    senior: str
    junior: str
    evidence: Span

    def to_json(self) -> dict[str, Any]:
        return {"senior": self.senior, "junior": self.junior, "evidence": self.evidence.to_json()}


@dataclass(frozen=True, slots=True)
class FlaggedSentence:
    text: str
    start: int
    end: int
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class Quality:
    score: float = 1.0
    flagged_sentences: tuple[FlaggedSentence, ...] = ()
    sentence_count: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 3),
            "flagged_sentences": [f.to_json() for f in self.flagged_sentences],
            "sentence_count": self.sentence_count,
        }


@dataclass(frozen=True, slots=True)
class InferredDate:
    value: str  # YYYY[-MM[-DD]]
    evidence: tuple[Span, ...] = ()
    bound_only: bool = False  # the text only says "not before" this date
    decision: str | None = None  # which date stands against the page date, and why

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "evidence": [e.to_json() for e in self.evidence],
            "bound_only": self.bound_only,
            "decision": self.decision,
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything undercurrent read in one document."""

    document: CleanDocument
    inferred_date: InferredDate | None = None
    date_conflict: bool = False
    republished: bool = False
    quality: Quality = field(default_factory=Quality)
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    analogies: tuple[Analogy, ...] = ()

    @property
    def anchor_date(self) -> str | None:
        """The date relative expressions resolve against: inferred when it conflicts."""
        if self.date_conflict and self.inferred_date:
            return self.inferred_date.value
        return self.document.claimed_date or (self.inferred_date.value if self.inferred_date else None)

    def to_json(self) -> dict[str, Any]:
        d = self.document
        return {
            "schema": SCHEMA_ID,
            "document": {
                "id": d.id,
                "title": d.title,
                "url": d.url,
                "source": d.source,
                "author": d.author,
                "origin": d.origin,
                "format": d.fmt,
                "claimed_date": d.claimed_date,
                "inferred_date": self.inferred_date.to_json() if self.inferred_date else None,
                "date_conflict": self.date_conflict,
                "republished": self.republished,
                "language": d.language,
                "removed_chrome": list(d.removed_chrome),
                "quality": self.quality.to_json(),
                "text": d.text,
            },
            "actors": [a.to_json() for a in self.actors],
            "events": [e.to_json() for e in self.events],
            "meetings": [m.to_json() for m in self.meetings],
            "agreements": [a.to_json() for a in self.agreements],
            "dependencies": [x.to_json() for x in self.dependencies],
            "analogies": [x.to_json() for x in self.analogies],
        }
