"""Meetings with their rosters, the agenda read from the roster, and the declared-versus-actual gap.

Every CONSULT event becomes a Meeting. Sentences that name who was in the room
("attended", "present at the talks", "that list includes ...", "Putin's team",
"identified through footage", "was a key participant") are roster passages;
each is linked to the nearest preceding CONSULT event in the narrative, or to
the document's main (first) meeting. Participants take their side from their
country (or the team they are on) and their sector from the role they held on
the meeting date. Sectors are grouped into agenda themes (rosters.yaml); when
more than half of one side works on defence while the declared outcomes are
minor documents with no defence agreement, the meeting is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..nlp.sents import text_of
from ..ontology import normalise_country
from ..ontology.loader import load_yaml, require_keys
from ..records import Actor, Agreement, DateValue, Event, Meeting, Participant, Span
from .agenda import agenda, declared_gap, declared_outcomes
from .between_text import ALL_KINDS, has_word, sentence_ranges, span_of

EXTRACTOR = "extract.meetings.rules.v1"
# How far after a collective marker ("involved in") the theme word may stand.
COLLECTIVE_WINDOW_CHARS = 60
TEAM = re.compile(r"([A-Z][\w-]+)['\u2019]s (?:team|delegation|entourage|side)\b")
TEAM_OF_STATE = re.compile(r"\b([A-Z][\w-]+(?: [A-Z][\w-]+)?) (?:team|delegation|entourage|side)\b")
TALKS_WITH = re.compile(r"\b(?:talks|meeting|meetings|summit|discussions|negotiations) with ([A-Z][\w-]+)")
# Sectors of the people a plural leader description ("the two presidents") stands for.
LEADER_SECTORS = frozenset({"head_of_state", "head_of_government"})
SOURCE_VERBS = re.compile(r"^\s*(?:[\w-]+\s){0,2}(?:said|says|told|tells|wrote|according)\b")


@dataclass(frozen=True, slots=True)
class RosterLexicon:
    cues: tuple[tuple[re.Pattern, str], ...]
    meeting_words: tuple[str, ...]
    collective_markers: tuple[str, ...]
    leader_descriptions: tuple[str, ...]
    themes: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]  # theme -> (description, sectors, words)
    sector_theme: dict[str, str]


@lru_cache(maxsize=1)
def lexicon() -> RosterLexicon:
    """The validated contents of rosters.yaml."""
    data = load_yaml("rosters.yaml")
    cues = []
    for entry in data["cues"]:
        require_keys(entry, ("pattern", "kind", "description"), "rosters.yaml")
        if entry["kind"] not in {"attendance", "list", "team"}:
            raise ConfigError(f"rosters.yaml: unknown cue kind {entry['kind']!r}")
        cues.append((re.compile(rf"(?<![\w-])(?:{entry['pattern']})(?![\w-])", re.I), entry["kind"]))
    themes = {}
    sector_theme = {}
    for theme, entry in data["themes"].items():
        require_keys(entry, ("description", "sectors", "words"), f"rosters.yaml theme {theme}")
        themes[theme] = (entry["description"], tuple(entry["sectors"]), tuple(entry["words"]))
        for sector in entry["sectors"]:
            sector_theme[sector] = theme
    return RosterLexicon(
        tuple(cues), tuple(data["meeting_words"]), tuple(data["collective_markers"]),
        tuple(data["leader_descriptions"]), themes, sector_theme,
    )


@dataclass(slots=True)
class Person:
    """A person or group the roster can name: from the actors stage, or a PERSON entity."""

    actor_id: str | None
    name: str
    kind: str
    country: str | None
    mentions: list[tuple[int, int]]
    actor: Actor | None = None


@dataclass(slots=True)
class _Draft:
    """The CONSULT events that tell one meeting, and the participants found so far."""

    events: list[Event]
    parties: set[str]
    participants: dict[str, Participant] = field(default_factory=dict)

    @property
    def event(self) -> Event:
        """The first telling of the meeting in the narrative: its id names the meeting."""
        return self.events[0]

    @property
    def date(self) -> DateValue:
        """The most specific date any telling gives."""
        dated = [e.occurred for e in self.events if e.occurred.start]
        return max(dated, key=lambda d: len(d.start or "")) if dated else self.events[0].occurred


def _parties(e: Event, by_id: dict[str, Actor]) -> set[str]:
    return {c for c in (_code(a, by_id) for a in (*e.actors, *e.recipients)) if c}


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def cluster_consults(consults: Sequence[Event], by_id: dict[str, Actor]) -> list[_Draft]:
    """Group CONSULT events that tell the same meeting.

    Articles name one summit many times ("the state visit", "Xi's visit", "the
    Xi-Putin summit"). Events whose parties are a subset of a meeting's parties and
    whose dates agree (or are unknown) are the same meeting.
    """
    drafts: list[_Draft] = []
    for e in consults:
        parties = _parties(e, by_id)
        for d in drafts:
            small, large = sorted((parties, d.parties), key=len)
            if small <= large and _compatible(e.occurred.start, d.date.start):
                d.events.append(e)
                d.parties |= parties
                break
        else:
            drafts.append(_Draft([e], parties))
    return drafts


def people(sdoc: Any, actors: Sequence[Actor]) -> list[Person]:
    """People and groups of the document: the actors stage's, plus PERSON entities it missed.

    An entity whose last word is the surname of a known person becomes another mention
    of that person; other PERSON entities that no actor mention covers become people
    without an actor id, so a roster does not lose a name the actors stage did not resolve.
    """
    out = [
        Person(a.id, a.name, a.kind, a.country, [(m.start, m.end) for m in a.mentions], a)
        for a in actors
        if a.kind in {"person", "group"}
    ]
    covered = [(m.start, m.end) for a in actors for m in a.mentions]
    by_surname = {p.name.split()[-1]: p for p in out if p.kind == "person"}
    for ent in sdoc.ents:
        if ent.label_ != "PERSON" or any(a < ent.end_char and ent.start_char < b for a, b in covered):
            continue
        words = [w for w in ent.text.replace("\u2019s", "").replace("'s", "").split() if w[:1].isupper()]
        if not words:
            continue
        key = words[-1]
        p = by_surname.get(key)
        if p is None:
            p = Person(None, " ".join(words), "person", None, [])
            by_surname[key] = p
            out.append(p)
        elif p.actor_id is None and len(words) > len(p.name.split()):
            p.name = " ".join(words)
        p.mentions.append((ent.start_char, ent.end_char))
    return out


def sector_at(actor: Actor | None, date: str | None) -> str | None:
    """The sector of the role held on ``date``: text roles before dictionary roles, current before former."""
    if actor is None:
        return None
    day = date or "9999"
    ranked = sorted(actor.roles, key=lambda r: (r.source != "text", r.status != "current"))
    for role in ranked:
        if not role.sector:
            continue
        if role.start and role.start[: len(day)] > day[: len(role.start)]:
            continue
        if role.status == "former" and not (role.end and role.end[: len(day)] >= day[: len(role.end)]):
            continue
        if role.end and role.end[: len(day)] < day[: len(role.end)]:
            continue
        return role.sector
    return None


def _code(actor_id: str, by_id: dict[str, Actor]) -> str | None:
    if actor_id.startswith("state:"):
        return actor_id.split(":", 1)[1]
    actor = by_id.get(actor_id)
    return actor.country if actor else None


def roster_passages(
    text: str, ranges: list[tuple[int, int]], lex: RosterLexicon, event_spans: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, bool]]:
    """(start, end, is_list) of sentences that name who took part in a meeting.

    A roster sentence needs a cue, and a meeting in view: a meeting word in it or in the
    sentence before, or a meeting event told in either.
    """
    out: list[tuple[int, int, bool]] = []
    for k, (lo, hi) in enumerate(ranges):
        sentence = text[lo:hi]
        kinds = {kind for pattern, kind in lex.cues if pattern.search(sentence)}
        prev = text[ranges[k - 1][0] : ranges[k - 1][1]] if k else ""
        start = ranges[k - 1][0] if k else lo
        about_meeting = (
            has_word(sentence, lex.meeting_words)
            or has_word(prev, lex.meeting_words)
            or any(a < hi and start < b for a, b in event_spans)
        )
        follows_roster = bool(out) and out[-1][1] == ranges[k - 1][1] if k else False
        if kinds & {"attendance", "list"} and (about_meeting or follows_roster):
            out.append((lo, hi, "list" in kinds))
        elif kinds == {"team"} and has_word(sentence, lex.meeting_words) and TEAM.search(sentence):
            out.append((lo, hi, False))
        elif follows_roster and out[-1][2] and (
            sentence.count(";") >= 2 or sentence.rstrip().endswith((";", ":")) or prev.rstrip().endswith((";", ":"))
        ):
            # the list continues in the next sentence, or item by item (one per line, ";" between)
            out.append((lo, hi, True))
    return out


def _collective_theme(text: str, lo: int, hi: int, lex: RosterLexicon) -> str | None:
    """A theme the writer gives a whole list ("directly involved in Russia's arms and space programmes")."""
    low = text[lo:hi].lower()
    for marker in lex.collective_markers:
        for m in re.finditer(rf"\b{re.escape(marker)}\b", low):
            window = low[m.end() : m.end() + COLLECTIVE_WINDOW_CHARS]
            for theme, (_desc, _sectors, words) in lex.themes.items():
                if words and has_word(window, words):
                    return theme
    return None


def _team_owner(sentence: str, persons: list[Person]) -> Person | None:
    m = TEAM.search(sentence)
    return _by_surname(m.group(1), persons) if m else None


def _team_country(sentence: str) -> str | None:
    """The state of "the Chinese delegation", "the Russian side"."""
    for m in TEAM_OF_STATE.finditer(sentence):
        for candidate in (m.group(1), m.group(1).split()[-1]):
            code = normalise_country(candidate, kinds=("demonym", "name"))
            if code:
                return code
    return None


def _by_surname(word: str, persons: list[Person]) -> Person | None:
    return next((p for p in persons if p.kind == "person" and word in p.name.split()), None)


def _is_source(text: str, end: int) -> bool:
    """A person named as the one who said something ("Peskov told reporters...")."""
    return bool(SOURCE_VERBS.match(text[end : end + 40]))


def _participant(p: Person, side: str | None, date: str | None, evidence: Span, theme: str | None, lex) -> Participant:
    sector = sector_at(p.actor, date)
    return Participant(
        actor_id=p.actor_id,
        name=p.name,
        side=side,
        sector=sector,
        evidence=evidence,
        agenda_theme=theme or (lex.sector_theme.get(sector) if sector else None),
    )


def _roster_participants(sdoc, persons, passage, prev_range, date, lex) -> list[Participant]:
    text = text_of(sdoc)
    lo, hi, is_list = passage
    sentence = text[lo:hi]
    evidence = span_of(sdoc, lo, hi)
    owner = _team_owner(sentence, persons)
    if owner is None and prev_range:
        owner = _team_owner(text[prev_range[0] : prev_range[1]], persons)
    team_side = owner.country if owner else _team_country(sentence)
    if team_side is None and prev_range:
        team_side = _team_country(text[prev_range[0] : prev_range[1]])
    collective = None
    if is_list:
        collective = _collective_theme(text, lo, hi, lex)
        if collective is None and prev_range:
            collective = _collective_theme(text, prev_range[0], prev_range[1], lex)
    out: list[Participant] = []
    for p in persons:
        spans = [(a, b) for a, b in p.mentions if lo <= a < hi]
        if not spans:
            continue
        if all(_is_source(text, b) for _a, b in spans):
            continue
        possessive_only = all(text[b : b + 2] in {"'s", "\u2019s"} for _a, b in spans)
        side = p.country or team_side or _country_near(text, spans[0][1], hi)
        theme = collective if collective and not possessive_only and p is not owner else None
        out.append(_participant(p, side, date, evidence, theme, lex))
    m = TALKS_WITH.search(sentence)
    guest = _by_surname(m.group(1), persons) if m else None
    if guest and not any(x.actor_id == guest.actor_id and x.name == guest.name for x in out):
        out.append(_participant(guest, guest.country, date, evidence, None, lex))
    return out


def _country_near(text: str, start: int, hi: int) -> str | None:
    """A country named in the words after a person (their appositive role)."""
    for word in re.findall(r"[A-Z][\w-]+", text[start : min(hi, start + 80)]):
        code = normalise_country(word, kinds=ALL_KINDS)
        if code:
            return code
    return None


def _better(new: Participant, old: Participant, lex: RosterLexicon) -> bool:
    """Whether a second sighting of a participant says more: a side, or a theme the text gives."""
    if old.side is None and new.side is not None:
        return True
    collective_new = new.agenda_theme != lex.sector_theme.get(new.sector or "")
    collective_old = old.agenda_theme != lex.sector_theme.get(old.sector or "")
    return collective_new and not collective_old


def _key(p: Participant) -> str:
    return p.actor_id or p.name.split()[-1].lower()


def _place(sdoc: Any, event: Event) -> tuple[str | None, str | None]:
    """(place, its country) from a location named in the event's sentence after in/to/at."""
    for ent in sdoc.ents:
        if ent.label_ in {"GPE", "LOC", "FAC"} and event.evidence.start <= ent.start_char < event.evidence.end:
            if ent.start > 0 and sdoc[ent.start - 1].lower_ in {"in", "to", "at"}:
                return ent.text, normalise_country(ent.text, kinds=ALL_KINDS)
    return None, None


def _sides(
    event: Event, by_id: dict[str, Actor], place_country: str | None, tellings: Sequence[Event] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(hosts, guests): the host is the place's country, or the visited party of a visit."""
    tellings = tellings or (event,)
    actors = [c for e in tellings for c in (_code(a, by_id) for a in e.actors) if c]
    recipients = [c for e in tellings for c in (_code(a, by_id) for a in e.recipients) if c]
    parties = list(dict.fromkeys(actors + recipients))
    visit = any(e.mode == "visit" for e in tellings)
    if place_country and place_country in parties:
        hosts: tuple[str, ...] = (place_country,)
    elif visit and recipients:
        hosts = tuple(c for c in dict.fromkeys(recipients) if c not in actors) or tuple(dict.fromkeys(recipients))
    elif visit and place_country and parties:
        # "Xi's state visit to Moscow": the visitor is named, the host only by the place
        hosts = (place_country,)
    else:
        return (), tuple(parties)
    return hosts, tuple(c for c in parties if c not in hosts)


def extract_meetings(
    sdoc: Any,
    actors: Sequence[Actor],
    events: Sequence[Event],
    agreements: Sequence[Agreement] = (),
) -> tuple[Meeting, ...]:
    """One Meeting per CONSULT event, with participants, agenda, declared outcomes and gap.

    Example:
        >>> meetings = extract_meetings(doc, actors, events, agreements)  # doctest: +SKIP
        >>> meetings[0].declared_gap  # doctest: +SKIP
        True
    """
    lex = lexicon()
    consults = sorted((e for e in events if e.type == "CONSULT"), key=lambda e: e.evidence.start)
    if not consults:
        return ()
    by_id = {a.id: a for a in actors}
    text = text_of(sdoc)
    ranges = sentence_ranges(sdoc)
    persons = people(sdoc, actors)
    drafts = cluster_consults(consults, by_id)
    passages = roster_passages(text, ranges, lex, [(e.evidence.start, e.evidence.end) for e in consults])
    for passage in passages:
        preceding = [(e.evidence.start, d) for d in drafts for e in d.events if e.evidence.start <= passage[0]]
        draft = max(preceding, key=lambda x: x[0])[1] if preceding else drafts[0]
        idx = ranges.index((passage[0], passage[1]))
        prev_range = ranges[idx - 1] if idx else None
        for p in _roster_participants(sdoc, persons, passage, prev_range, draft.date.start, lex):
            old = draft.participants.get(_key(p))
            if old is None or _better(p, old, lex):
                draft.participants[_key(p)] = p
    for lo, hi in ranges:
        # "The two leaders also discussed ...": a later sentence of the meeting's story
        if has_word(text[lo:hi].lower(), lex.leader_descriptions):
            preceding = [(e.evidence.start, d) for d in drafts for e in d.events if e.evidence.start <= lo]
            draft = max(preceding, key=lambda x: x[0])[1] if preceding else drafts[0]
            for p in _leaders(draft, persons):
                part = _participant(p, p.country, draft.date.start, span_of(sdoc, lo, hi), None, lex)
                draft.participants.setdefault(_key(part), part)
    meetings = []
    for i, draft in enumerate(drafts):
        for e in draft.events:
            _add_principals(draft, e, persons, sdoc, lex)
        place, place_country = next(
            (found for found in (_place(sdoc, e) for e in draft.events) if found[0]), (None, None)
        )
        hosts, guests = _sides(draft.event, by_id, place_country, draft.events)
        parts = tuple(sorted(draft.participants.values(), key=lambda p: (p.side or "", p.name)))
        shares, reasons = agenda(parts, {theme: desc for theme, (desc, _s, _w) in lex.themes.items()})
        start = draft.event.evidence.start if i else 0
        nxt = drafts[i + 1].event.evidence.start if i + 1 < len(drafts) else len(text)
        declared = declared_outcomes(agreements, start, nxt, draft.date.start, lex.meeting_words)
        gap, why = declared_gap(shares, declared, reasons)
        meetings.append(
            Meeting(
                event_id=draft.event.id,
                date=draft.date,
                place=place,
                hosts=hosts,
                guests=guests,
                participants=parts,
                agenda=shares,
                agenda_reasons=reasons,
                declared_outcomes=tuple(a.id for a in declared),
                declared_gap=gap,
                declared_gap_reason=why,
            )
        )
    return tuple(meetings)


def _add_principals(draft: _Draft, e: Event, persons: list[Person], sdoc, lex) -> None:
    """People named as parties of the event, or named in its sentence (unless as the source);
    with "the two presidents", "both leaders" in the sentence, the leaders of the parties."""
    evidence = e.evidence
    leaders = _leaders(draft, persons) if has_word(evidence.text.lower(), lex.leader_descriptions) else []
    for p in persons:
        named_party = p.actor_id in e.actors or p.actor_id in e.recipients
        spans = [(a, b) for a, b in p.mentions if evidence.start <= a < evidence.end]
        in_sentence = p.kind == "person" and any(not _is_source(text_of(sdoc), b) for _a, b in spans)
        if named_party or in_sentence or p in leaders:
            part = _participant(p, p.country, draft.date.start, evidence, None, lex)
            draft.participants.setdefault(_key(part), part)


def _leaders(draft: _Draft, persons: list[Person]) -> list[Person]:
    """The heads of state or government, on the meeting date, of the meeting's parties."""
    return [p for p in persons if p.kind == "person" and p.country in draft.parties
            and sector_at(p.actor, draft.date.start) in LEADER_SECTORS]
