"""Hand-built records for store and report tests (texts written by us)."""

from __future__ import annotations

from undercurrent.records import (
    Actor, AgendaShare, Agreement, Analogy, Analysis, CleanDocument, DateValue, Dependency, Event,
    FlaggedSentence, Meeting, Participant, Quality, Role, Span, stable_id,
)

SUMMIT_TEXT = (
    "Xi Jinping held talks with Vladimir Putin in Moscow on 21 March 2023. "
    "Sergei Shoigu, the Russian defence minister, attended the talks. "
    "The two leaders signed two joint statements. "
    "Russia is increasingly dependent on China as its main export destination."
)


def span_of(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(part, start, start + len(part))


def summit_analysis(text: str = SUMMIT_TEXT, origin: str = "summit.txt") -> Analysis:
    """A small analysed document with one of every record kind."""
    h = stable_id("hash", text)
    doc = CleanDocument(
        id=stable_id("doc", h), origin=origin, fmt="text", text=text, content_hash=h,
        title="Xi and Putin meet in Moscow", source="Test Wire", claimed_date="2023-03-22", language="en",
    )
    s1 = span_of(text, "Xi Jinping held talks with Vladimir Putin in Moscow on 21 March 2023.")
    s2 = span_of(text, "Sergei Shoigu, the Russian defence minister, attended the talks.")
    s3 = span_of(text, "The two leaders signed two joint statements.")
    s4 = span_of(text, "Russia is increasingly dependent on China as its main export destination.")
    xi = Actor("person:xi", "person", "Xi Jinping", "CHN", (span_of(text, "Xi Jinping"),),
               (Role("President", country="CHN", sector="head_of_state", source="dictionary"),))
    putin = Actor("person:putin", "person", "Vladimir Putin", "RUS", (span_of(text, "Vladimir Putin"),),
                  (Role("President", country="RUS", sector="head_of_state", source="dictionary"),))
    shoigu = Actor("person:shoigu", "person", "Sergei Shoigu", "RUS", (span_of(text, "Sergei Shoigu"),),
                   (Role("defence minister", "Ministry of Defence", "RUS", "defense", evidence=s2, form="apposition"),))
    rus = Actor("state:RUS", "state", "Russia", "RUS", (span_of(text, "Russia"),))
    chn = Actor("state:CHN", "state", "China", "CHN", (span_of(text, "China"),))
    day = DateValue("2023-03-21", "2023-03-21", "day")
    talks = Event(stable_id("event", "talks", text), "CONSULT", "visit", ("person:xi",), ("person:putin",), day, s1,
                  reported="2023-03-22", confidence=0.9, trigger="talks")
    signing = Event(stable_id("event", "sign", text), "AGREE", None, ("person:xi", "person:putin"), (), day, s3,
                    reported="2023-03-22", confidence=0.8, trigger="signed")
    ag = Agreement(stable_id("agreement", text), "joint_statement", s3, count=2, parties=("CHN", "RUS"), date=day,
                   disclosed=True)
    meeting = Meeting(
        talks.id, day, "Moscow", ("RUS",), ("CHN",),
        (Participant("person:putin", "Vladimir Putin", "RUS", "head_of_state"),
         Participant("person:shoigu", "Sergei Shoigu", "RUS", "defense", s2),
         Participant("person:xi", "Xi Jinping", "CHN", "head_of_state")),
        (AgendaShare("RUS", "defense", 1, 0.5), AgendaShare("RUS", "head_of_state", 1, 0.5)),
        ("defense: 1 of 2 on the Russian side",), (ag.id,), False, None,
    )
    return Analysis(
        document=doc,
        quality=Quality(0.9, (FlaggedSentence("x", 0, 1, ("fragment",)),), 4),
        actors=(xi, putin, shoigu, rus, chn),
        events=(talks, signing),
        meetings=(meeting,),
        agreements=(ag,),
        dependencies=(Dependency("RUS", "CHN", "economic", "main export destination", s4),),
        analogies=(Analogy("CHN", "PRK", s4),),
    )
