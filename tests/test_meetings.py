"""Meetings, rosters, agenda, agreements and the declared gap."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from undercurrent.evaluate.between import name_key, score_rosters
from undercurrent.extract.agreements import extract_agreements
from undercurrent.extract.between import extract_between_lines
from undercurrent.extract.meetings import extract_meetings, sector_at
from undercurrent.records import Actor, DateValue, Event, Role, Span

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Roster gates from the between-the-lines brief.
MIN_ROSTER_RECALL = 0.85
MIN_ROSTER_PRECISION = 0.9


def person(text: str, name: str, country: str | None, *roles: Role) -> Actor:
    """A hand-built person actor with a mention at every occurrence of the surname."""
    surname = name.split()[-1]
    mentions = tuple(Span(m.group(0), m.start(), m.end()) for m in re.finditer(rf"(?:\w+ )?{surname}\b", text))
    return Actor(id=f"person:{surname.lower()}", kind="person", name=name, country=country, mentions=mentions, roles=roles)


def consult(text: str, sentence_end: str, actors, recipients, date: str, mode: str | None = "visit") -> Event:
    end = text.index(sentence_end) + len(sentence_end)
    return Event(
        id="event:1",
        type="CONSULT",
        mode=mode,
        actors=tuple(actors),
        recipients=tuple(recipients),
        occurred=DateValue(date, date, "day" if len(date) == 10 else "month"),
        evidence=Span(text[:end], 0, end),
    )


TEAM_TEXT = (
    "Chinese President Xi Jinping met Vladimir Putin in Moscow on March 21, 2023. "
    "Putin's team included Sergei Shoigu, the defence minister, and Elvira Nabiullina, the central bank governor."
)


def team_actors(text: str):
    return (
        person(text, "Xi Jinping", "CHN", Role("President", country="CHN", sector="head_of_state")),
        person(text, "Vladimir Putin", "RUS", Role("President", country="RUS", sector="head_of_state")),
        person(text, "Sergei Shoigu", None, Role("defence minister", sector="defense")),
        person(text, "Elvira Nabiullina", None, Role("governor", organization="central bank", sector="finance")),
    )


def test_meetings_team_roster_sides_sectors_and_place(nlp):
    doc = nlp(TEAM_TEXT)
    event = consult(TEAM_TEXT, "2023.", ["state:CHN"], ["state:RUS"], "2023-03-21")
    (m,) = extract_meetings(doc, team_actors(TEAM_TEXT), [event])
    got = {(p.name, p.side, p.sector) for p in m.participants}
    assert got == {
        ("Xi Jinping", "CHN", "head_of_state"),
        ("Vladimir Putin", "RUS", "head_of_state"),
        ("Sergei Shoigu", "RUS", "defense"),
        ("Elvira Nabiullina", "RUS", "finance"),
    }
    assert (m.place, m.hosts, m.guests) == ("Moscow", ("RUS",), ("CHN",))
    shares = {(a.side, a.sector): (a.count, round(a.share, 3)) for a in m.agenda}
    assert shares[("RUS", "defense")] == (1, 0.333)
    assert shares[("RUS", "finance")] == (1, 0.333)
    assert "defense: 1 of 3 on the Russian side run arms, defence or space programmes" in m.agenda_reasons
    assert m.declared_gap is False


def test_meetings_sector_as_of_meeting_date():
    actor = Actor(
        id="person:x",
        kind="person",
        name="Yuri Borisov",
        roles=(
            Role("deputy prime minister", sector="defense", status="former", end="2022-07"),
            Role("head of Roscosmos", sector="space", start="2022-07"),
        ),
    )
    assert sector_at(actor, "2023-03-21") == "space"
    assert sector_at(actor, "2021-05-01") == "defense"


GAP_TEXT = (
    "Xi Jinping met Vladimir Putin in Moscow on March 21, 2023. "
    "More than half of the officials on Putin's team who attended the talks were involved in arms and space programmes. "
    "That list includes Sergei Shoigu, the defence minister; Dmitry Shugaev, who heads the arms export service; "
    "and Yuri Borisov, who runs the space agency. "
    "At the end of the visit the Kremlin published two memoranda signed by both sides."
)


def gap_actors(text: str):
    return (
        person(text, "Xi Jinping", "CHN", Role("President", sector="head_of_state")),
        person(text, "Vladimir Putin", "RUS", Role("President", sector="head_of_state")),
        person(text, "Sergei Shoigu", "RUS", Role("defence minister", sector="defense")),
        person(text, "Dmitry Shugaev", "RUS", Role("head", sector="arms_trade")),
        person(text, "Yuri Borisov", "RUS", Role("head", sector="space")),
    )


def test_meetings_declared_gap_when_roster_says_defence(nlp):
    doc = nlp(GAP_TEXT)
    event = consult(GAP_TEXT, "2023.", ["state:CHN"], ["state:RUS"], "2023-03-21")
    meetings, agreements, _deps, _an = extract_between_lines(doc, gap_actors(GAP_TEXT), [event], [])
    (m,) = meetings
    assert {p.name for p in m.participants} == {"Xi Jinping", "Vladimir Putin", "Sergei Shoigu", "Dmitry Shugaev", "Yuri Borisov"}
    (memo,) = agreements
    assert (memo.kind, memo.count, memo.disclosed, memo.date.start) == ("memorandum", 2, True, "2023-03-21")
    assert m.declared_outcomes == (memo.id,)
    assert m.declared_gap is True
    assert m.declared_gap_reason == (
        "roster says defense: 3 of 4 on the Russian side run arms, defence or space programmes; "
        "declared outcomes are 2 memorandums, none on defence"
    )


def test_meetings_no_gap_when_defence_deal_declared(nlp):
    text = GAP_TEXT.replace("two memoranda signed by both sides", "an arms contract signed by both sides")
    event = consult(text, "2023.", ["state:CHN"], ["state:RUS"], "2023-03-21")
    (m,) = extract_meetings(nlp(text), gap_actors(text), [event], extract_agreements(nlp(text), ()))
    assert m.declared_gap is False


def test_meetings_none_without_consult_event(nlp):
    assert extract_meetings(nlp(TEAM_TEXT), team_actors(TEAM_TEXT), []) == ()


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The Kremlin published a list of 14 documents signed by Russia and China, including two joint statements.",
            [("documents", 14, None, ("CHN", "RUS"), True), ("joint_statement", 2, None, ("CHN", "RUS"), True)],
        ),
        (
            "Putin and Jiang Zemin signed the Treaty on Good-Neighbourliness and Friendly Cooperation in Moscow.",
            [("treaty", 1, "Treaty on Good-Neighbourliness and Friendly Cooperation", ("RUS",), None)],
        ),
        (
            "Moscow and Beijing stopped disclosing their military contracts after 2017.",
            [("contract", None, None, ("CHN", "RUS"), False)],
        ),
        ("No major new deals were announced.", []),
        ("The two sides are likely to sign an arms deal next year.", []),
    ],
)
def test_agreements_kind_count_title_parties_disclosure(nlp, text, expected):
    got = [(a.kind, a.count, a.title, a.parties, a.disclosed) for a in extract_agreements(nlp(text), ())]
    assert got == expected


def test_meetings_roster_gate_on_our_passages(nlp):
    data = yaml.safe_load((FIXTURES / "rosters_gold.yaml").read_text(encoding="utf-8"))["passages"]
    assert len(data) >= 15
    scores = score_rosters(nlp, FIXTURES / "rosters_gold.yaml")
    print(f"roster: {scores}")
    assert scores["recall"] >= MIN_ROSTER_RECALL
    assert scores["precision"] >= MIN_ROSTER_PRECISION
    assert scores["sides_ok"] == scores["sides_total"]


SEED_TEAM = {name_key(n) for n in ("Medvedev", "Shoigu", "Shugaev", "Borisov", "Chernyshenko", "Nabiullina", "Ushakov",
                                    "Jinping", "Putin")}


def _seed_consult(seed_text: str) -> Event:
    """The state visit as the events stage reports it: a CONSULT event on the first paragraph."""
    end = seed_text.index("last month.") + len("last month.")
    start = seed_text.rfind("\n", 0, end) + 1
    return Event(
        id="event:seed",
        type="CONSULT",
        mode="visit",
        actors=("state:CHN",),
        recipients=("state:RUS",),
        occurred=DateValue("2023-03", "2023-03", "month"),
        evidence=Span(seed_text[start:end], start, end),
    )


def test_meetings_on_seed_article(nlp, seed_text):
    from undercurrent.extract.actors import extract_actors

    doc = nlp(seed_text)
    actors = extract_actors(doc, as_of="2023-04-15")
    meetings, agreements, deps, analogies = extract_between_lines(
        doc, actors, [_seed_consult(seed_text)], [], anchor="2023-04-15"
    )
    (m,) = meetings
    names = {name_key(p.name) for p in m.participants if p.actor_id is None or not p.actor_id.startswith("group")}
    print("seed participants:", sorted(names), "agenda:", m.agenda_reasons, "gap:", m.declared_gap_reason)
    assert SEED_TEAM <= names
    shares = {(a.side, a.sector): a for a in m.agenda}
    assert shares[("RUS", "defense")].share > 0.5
    assert ("RUS", "finance") in shares and ("RUS", "energy") in shares
    declared = [a for a in agreements if a.id in m.declared_outcomes]
    assert ("documents", 14) in {(a.kind, a.count) for a in declared}
    assert m.declared_gap is True
    assert {(d.dependent, d.on) for d in deps} >= {("RUS", "CHN"), ("CHN", "RUS")}
    assert {(a.senior, a.junior) for a in analogies} == {("CHN", "PRK"), ("RUS", "BLR")}


def test_meetings_on_seed_through_real_events(nlp, seed_text, settings):
    from undercurrent.extract.actors import extract_actors
    from undercurrent.extract.events import extract_events
    from undercurrent.extract.timex import find_timexes

    doc = nlp(seed_text)
    timexes = find_timexes(doc, "2023-04-15")
    actors = extract_actors(doc, as_of="2023-04-15", settings=settings)
    events = extract_events(doc, actors, timexes, anchor="2023-04-15")
    if not any(e.type == "CONSULT" for e in events):
        pytest.skip("the events stage reports no CONSULT event for the seed yet")
    meetings, _agreements, _deps, _an = extract_between_lines(doc, actors, events, timexes, anchor="2023-04-15")
    team = {name_key(p.name) for m in meetings for p in m.participants}
    assert {name_key("Shoigu"), name_key("Nabiullina")} <= team
    assert any(m.declared_gap for m in meetings)


def test_meetings_fall_back_to_named_entities_without_actors(nlp):
    doc = nlp(TEAM_TEXT)
    event = consult(TEAM_TEXT, "2023.", ["state:CHN"], ["state:RUS"], "2023-03-21")
    (m,) = extract_meetings(doc, (), [event])
    names = {name_key(p.name) for p in m.participants}
    assert {name_key("Shoigu"), name_key("Nabiullina")} <= names
    assert all(p.actor_id is None for p in m.participants)


def test_agreement_date_from_time_expression(nlp):
    from undercurrent.records import TimeExpr

    text = "Russia and China signed a gas supply contract on May 21, 2014."
    start = text.index("May 21, 2014")
    timex = TimeExpr(Span("May 21, 2014", start, start + 12), DateValue("2014-05-21", "2014-05-21", "day"))
    (a,) = extract_agreements(nlp(text), (), [timex])
    assert (a.kind, a.parties, a.date.start, a.topic) == ("contract", ("CHN", "RUS"), "2014-05-21", "energy")


LEADERS_TEXT = (
    "Vladimir Putin and Joe Biden held a video call on December 7, 2021. "
    "Russian Foreign Minister Sergei Lavrov was not on the call. "
    "In Geneva in June 2021 the two presidents discussed strategic stability."
)


def test_meetings_plural_leader_description_puts_the_parties_leaders_in_the_room(nlp):
    doc = nlp(LEADERS_TEXT)
    actors = [
        person(LEADERS_TEXT, "Vladimir Putin", "RUS", Role(title="President", country="RUS", sector="head_of_state")),
        person(LEADERS_TEXT, "Joe Biden", "USA", Role(title="President", country="USA", sector="head_of_state")),
        person(LEADERS_TEXT, "Sergei Lavrov", "RUS", Role(title="Foreign Minister", country="RUS", sector="foreign_affairs")),
    ]
    start = LEADERS_TEXT.index("In Geneva")
    event = Event(id="event:1", type="CONSULT", mode=None, actors=("state:RUS", "state:USA"), recipients=(),
                  occurred=DateValue("2021-06", "2021-06", "month"),
                  evidence=Span(LEADERS_TEXT[start:], start, len(LEADERS_TEXT)))
    (m,) = extract_meetings(doc, actors, [event])
    assert {(p.name, p.side) for p in m.participants} == {("Vladimir Putin", "RUS"), ("Joe Biden", "USA")}


def test_meetings_leader_description_in_a_later_sentence(nlp):
    text = ("Russia and the United States held talks in Geneva on June 16, 2021. "
            "Vladimir Putin and Joe Biden had been at odds for months. "
            "The two presidents agreed to return their ambassadors.")
    actors = [
        person(text, "Vladimir Putin", "RUS", Role(title="President", country="RUS", sector="head_of_state")),
        person(text, "Joe Biden", "USA", Role(title="President", country="USA", sector="head_of_state")),
    ]
    event = consult(text, "2021.", ["state:RUS"], ["state:USA"], "2021-06-16", mode=None)
    (m,) = extract_meetings(nlp(text), actors, [event])
    assert {(p.name, p.side) for p in m.participants} == {("Vladimir Putin", "RUS"), ("Joe Biden", "USA")}
