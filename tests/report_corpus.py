"""A small hand-built store for the report, export, API and query tests.

Six short news-style texts we wrote ourselves about real events, with the
records an extractor should produce from them built by hand, so the report
layer is tested independently of the extractors.
"""

from __future__ import annotations

from undercurrent.records import (
    Actor, Agreement, AgendaShare, Analogy, Analysis, CleanDocument, DateValue, Dependency, Event, FlaggedSentence,
    InferredDate, Meeting, Participant, Quality, Role, Span, stable_id,
)
from undercurrent.store import Store

WIRE = (
    "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in the Kremlin on 21 March 2023. "
    "Russian Defence Minister Sergei Shoigu sat at the table alongside Dmitry Shugayev, head of the Federal Service "
    "for Military-Technical Cooperation, and Roscosmos chief Yury Borisov. "
    "The two leaders signed two joint statements, one of them on economic cooperation until 2030. "
    "Putin said the Power of Siberia 2 pipeline would carry Russian gas to China."
)
WIRE_COPY = (
    "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in the Kremlin on 21 March 2023. "
    "Russian Defence Minister Sergei Shoigu sat at the table alongside Dmitry Shugayev, head of the Federal Service "
    "for Military-Technical Cooperation, and Roscosmos chief Yury Borisov. "
    "The leaders signed two joint statements, one on economic cooperation until 2030."
)
S400 = (
    "Russia sold S-400 air-defence systems to China in September 2014, according to Rostec chief Sergei Chemezov. "
    "The contract, for at least six battalions, became known eight months later, in April 2015."
)
CAATSA = (
    "The United States imposed sanctions on China's Equipment Development Department and its director, Li Shangfu, "
    "on 20 September 2018 for buying Su-35 fighter jets and S-400 missile systems from Russia's arms exporter "
    "Rosoboronexport."
)
ANALYSIS = (
    "Russia's growing dependence on China is most visible in trade. "
    "China in turn relies on Russian oil for a large share of its imports. "
    "Beijing treats Moscow much as it treats Pyongyang, as a junior partner. "
    "There is every reason to believe that new arms contracts were signed during the visit. "
    "Arms contracts signed after 2017 have not been made public."
)
REPUBLISHED = (
    "Last month Xi Jinping visited Moscow. "
    "Russia now depends on Chinese banks for settlement in yuan. "
    "The yuan settlement is being do make."
)


def sp(text: str, piece: str) -> Span:
    """The span of ``piece`` in ``text`` (first occurrence)."""
    start = text.index(piece)
    return Span(piece, start, start + len(piece))


def sentence(text: str, piece: str) -> Span:
    """The whole sentence of ``text`` that contains ``piece``."""
    i = text.index(piece)
    start = text.rfind(". ", 0, i)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", i)
    end = len(text) if end < 0 else end + 1
    return Span(text[start:end], start, end)


# The disclosure article's address (an example domain: the outlet is ours).
S400_URL = "https://defence-weekly.example.org/2015/04/14/russia-sold-s400-to-china"


def D(start: str | None, gran: str | None = "day") -> DateValue:
    return DateValue(start, start, gran)


def doc(name: str, text: str, source: str, claimed: str, url: str | None = None) -> CleanDocument:
    return CleanDocument(
        id=stable_id("doc", name), origin=f"{name}.txt", fmt="text", text=text, content_hash=stable_id("hash", text),
        title=name.replace("_", " ").title(), source=source, claimed_date=claimed, language="en", url=url,
    )


def state(code: str, name: str, text: str, *mentions: str) -> Actor:
    return Actor(f"state:{code}", "state", name, code, tuple(sp(text, m) for m in mentions))


def person(name: str, country: str, text: str, mention: str, *roles: Role) -> Actor:
    return Actor(stable_id("person", name.lower()), "person", name, country, (sp(text, mention),), roles)


def pid(name: str) -> str:
    return stable_id("person", name.lower())


def _wire(text: str, name: str, source: str, *, with_planned: bool) -> Analysis:
    d = doc(name, text, source, "2023-03-21")
    putin = person("Vladimir Putin", "RUS", text, "Vladimir Putin",
                   Role("President", country="RUS", sector="head_of_state", evidence=sentence(text, "Russian President")))
    xi = person("Xi Jinping", "CHN", text, "Xi Jinping",
                Role("President", country="CHN", sector="head_of_state", evidence=sentence(text, "Chinese President")))
    shoigu = person("Sergei Shoigu", "RUS", text, "Sergei Shoigu",
                    Role("Defence Minister", "Ministry of Defence", "RUS", "defense", evidence=sentence(text, "Shoigu")))
    shugayev = person("Dmitry Shugayev", "RUS", text, "Dmitry Shugayev",
                      Role("head", "Federal Service for Military-Technical Cooperation", "RUS", "arms_trade",
                           evidence=sentence(text, "Shugayev")))
    borisov = person("Yury Borisov", "RUS", text, "Yury Borisov",
                     Role("chief", "Roscosmos", "RUS", "space", evidence=sentence(text, "Borisov")))
    talks = Event("ev1", "CONSULT", "visit", (xi.id,), (putin.id,), D("2023-03-21"), sentence(text, "held talks"),
                  confidence=0.9, trigger="held talks")
    signed = Event("ev2", "SUPPORT", None, (putin.id, xi.id), (), D("2023-03-21"), sentence(text, "signed two"),
                   item="two joint statements", confidence=0.8, trigger="signed")
    events = [talks, signed]
    if with_planned:
        events.append(Event("ev3", "COOPERATE", "trade", ("state:RUS",), ("state:CHN",), D(None, None),
                            sentence(text, "Power of Siberia"), modality="planned", item="gas", confidence=0.6,
                            trigger="would carry"))
    statements = Agreement("ag1", "joint_statement", sentence(text, "signed two"), count=2, parties=("RUS", "CHN"),
                           date=D("2023-03-21"), disclosed=True)
    roster = (
        Participant(putin.id, "Vladimir Putin", "RUS", "head_of_state", sp(text, "Vladimir Putin")),
        Participant(shoigu.id, "Sergei Shoigu", "RUS", "defense", sp(text, "Sergei Shoigu")),
        Participant(shugayev.id, "Dmitry Shugayev", "RUS", "arms_trade", sp(text, "Dmitry Shugayev")),
        Participant(borisov.id, "Yury Borisov", "RUS", "space", sp(text, "Yury Borisov")),
        Participant(xi.id, "Xi Jinping", "CHN", "head_of_state", sp(text, "Xi Jinping")),
    )
    meeting = Meeting(
        "ev1", D("2023-03-21"), "Moscow", ("RUS",), ("CHN",), roster,
        agenda=(AgendaShare("RUS", "defense", 1, 0.25), AgendaShare("RUS", "arms_trade", 1, 0.25),
                AgendaShare("RUS", "space", 1, 0.25), AgendaShare("RUS", "head_of_state", 1, 0.25),
                AgendaShare("CHN", "head_of_state", 1, 1.0)),
        agenda_reasons=("3 of 4 Russian participants run defence, arms or space programmes",),
        declared_outcomes=("ag1",), declared_gap=True,
        declared_gap_reason="the roster is mostly defence, arms and space; the declared outcomes are joint statements",
    )
    return Analysis(
        document=d, quality=Quality(1.0, (), 4 if with_planned else 3),
        actors=(state("RUS", "Russia", text, "Russian gas") if with_planned else state("RUS", "Russia", text, "Russian President"),
                state("CHN", "China", text, "Chinese President"), putin, xi, shoigu, shugayev, borisov),
        events=tuple(events), meetings=(meeting,), agreements=(statements,),
    )


def build_analyses() -> list[tuple[Analysis, dict]]:
    """(analysis, save_analysis keyword arguments), in ingest order."""
    wire = _wire(WIRE, "xi_moscow_wire", "Wire A", with_planned=True)
    copy = _wire(WIRE_COPY, "xi_moscow_copy", "Wire B", with_planned=False)

    t = S400
    chemezov = person("Sergei Chemezov", "RUS", t, "Sergei Chemezov",
                      Role("chief", "Rostec", "RUS", "defense", evidence=sentence(t, "Chemezov")))
    s400 = Analysis(
        document=doc("s400_disclosure", t, "Defence Weekly", "2015-04-14", S400_URL), quality=Quality(1.0, (), 2),
        actors=(state("RUS", "Russia", t, "Russia"), state("CHN", "China", t, "China"), chemezov),
        events=(Event("ev1", "AID", "arms", ("state:RUS",), ("state:CHN",), D("2014-09", "month"),
                      sentence(t, "sold S-400"), modality="reported", reported="2015-04-14",
                      disclosed=D("2015-04", "month"), disclosure_lag_days=212, attributed_to="Sergei Chemezov",
                      item="S-400 air-defence systems", quantity="at least six battalions", confidence=0.8,
                      trigger="sold", extra_evidence=(sentence(t, "became known"),)),),
    )

    t = CAATSA
    edd = Actor(stable_id("org", "equipment development department"), "organization", "Equipment Development Department",
                "CHN", (sp(t, "Equipment Development Department"),))
    li = person("Li Shangfu", "CHN", t, "Li Shangfu",
                Role("director", "Equipment Development Department", "CHN", "defense", start="2017", end="2022",
                     evidence=sentence(t, "Li Shangfu")))
    caatsa = Analysis(
        document=doc("caatsa_edd", t, "Wire A", "2018-09-21"), quality=Quality(1.0, (), 1),
        actors=(state("USA", "United States", t, "United States"), state("RUS", "Russia", t, "Russia's"), edd, li),
        events=(Event("ev1", "SANCTION", None, ("state:USA",), (edd.id, li.id), D("2018-09-20"),
                      sentence(t, "imposed sanctions"), item="CAATSA sanctions", confidence=0.9, trigger="imposed"),
                Event("ev2", "AID", "arms", ("state:RUS",), (edd.id,), D(None, None), sentence(t, "buying Su-35"),
                      modality="historical", item="Su-35 fighter jets and S-400 missile systems", confidence=0.6,
                      trigger="buying")),
    )

    t = ANALYSIS
    analysis = Analysis(
        document=doc("dependence_analysis", t, "Policy Review", "2023-04-10"), quality=Quality(1.0, (), 5),
        actors=(state("RUS", "Russia", t, "Russia's"), state("CHN", "China", t, "China")),
        events=(Event("ev1", "AID", "arms", ("state:RUS",), ("state:CHN",), D("2023-03", "month"),
                      sentence(t, "every reason"), modality="hedged", item="arms contracts", confidence=0.4,
                      trigger="signed"),),
        agreements=(Agreement("ag1", "contract", sentence(t, "after 2017"), title="arms contracts after 2017",
                              parties=("RUS", "CHN"), date=DateValue("2017", "2017", "year"), disclosed=False),),
        dependencies=(Dependency("RUS", "CHN", "economic", "growing dependence", sentence(t, "growing dependence")),
                      Dependency("CHN", "RUS", "economic", "relies on", sentence(t, "relies on"))),
        analogies=(Analogy("CHN", "PRK", sentence(t, "Pyongyang")),),
    )

    t = REPUBLISHED
    garbled = sentence(t, "is being do")
    repub = Analysis(
        document=doc("republished_copy", t, "Content Farm", "2025-11-20"),
        inferred_date=InferredDate("2023-04", (sp(t, "Last month"),)), date_conflict=True, republished=True,
        quality=Quality(0.67, (FlaggedSentence(garbled.text, garbled.start, garbled.end, ("ungrammatical",)),), 3),
        actors=(state("RUS", "Russia", t, "Russia"), state("CHN", "China", t, "Chinese")),
        dependencies=(Dependency("RUS", "CHN", "financial", "depends on", sentence(t, "depends on")),),
    )
    return [
        (wire, {}),
        (copy, {"near_duplicate_of": wire.document.id, "similarity": 0.82}),
        (s400, {}),
        (caatsa, {}),
        (analysis, {}),
        (repub, {}),
    ]


def build_store(url: str) -> Store:
    """A migrated store holding the six documents."""
    store = Store.open(url)
    for analysis, kwargs in build_analyses():
        store.save_analysis(analysis, **kwargs)
    return store
