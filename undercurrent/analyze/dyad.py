"""Build the dyad (two states over a period) from store queries: pure assembly, no SQL here."""

from __future__ import annotations

from collections import defaultdict

from ..errors import UsageError
from ..ontology import country_name, normalise_country
from ..store import queries as q
from .meetings import merge_meetings
from .model import (
    Analogy, Asymmetry, Deal, DependenceLink, Dyad, DyadEvent, DyadMeeting, Evidence, Glance, Hidden, MeetingPerson,
    Person, PersonRole, QuadCount, SourceDoc, Sources,
)
from .quads import measure_types, quad_of, quad_table
from .timeline import build_trend, date_text, lag_days

# Upper bound on the pair's events in one report: keeps the report readable and its cost
# independent of corpus size; a report that hits it says so (Dyad.truncated).
MAX_DYAD_EVENTS = 5000
# Upper bounds for the other sections, for the same reason.
MAX_MEETINGS = 500
MAX_MEASURES = 500


def resolve_state(text: str) -> str:
    """ISO3 code for a state given by name, code or demonym; UsageError when unknown.

    Example:
        >>> resolve_state("PRC")
        'CHN'
    """
    kinds = ("name", "demonym", "capital", "seat")
    code = normalise_country(text, kinds=kinds) or normalise_country(text.strip().upper(), kinds=kinds)
    if code is None:
        raise UsageError(f"{text!r} is not a state undercurrent knows; use a name or ISO3 code such as RUS or China")
    return code


def build_dyad(conn, a: str, b: str, since: str | None = None, until: str | None = None) -> Dyad:
    """Assemble every section of the pair's report from one database connection.

    Example:
        >>> with store.engine.connect() as conn:  # doctest: +SKIP
        ...     dyad = build_dyad(conn, "RUS", "CHN", since="2023-01-01")
    """
    a, b = resolve_state(a), resolve_state(b)
    if a == b:
        raise UsageError(f"a dyad needs two different states, got {a} twice")
    pair_ids = q.pair_event_ids(conn, a, b)
    rows = q.select_events(conn, pair_ids=pair_ids, since=since, until=until, limit=MAX_DYAD_EVENTS + 1)
    truncated = len(rows) > MAX_DYAD_EVENTS
    rows = rows[:MAX_DYAD_EVENTS]
    claims = q.select_claims(conn, a, b, since, until)
    pair_docs = {r.document_id for r in rows} | {c.evidence.document_id for c in claims}
    candidates = q.select_measures(conn, sorted(pair_docs), measure_types(), since, until, MAX_MEASURES)
    participants = q.select_participants(conn, [r.id for r in (*rows, *candidates)])
    found = dyad_events(conn, [*rows, *candidates], participants)
    events = tuple(found[: len(rows)])
    measures = tuple(
        m for m in found[len(rows) :]
        # Taken by a third party against either state of the pair.
        if set(m.recipient_countries) & {a, b} and not set(m.actor_countries) & {a, b}
    )

    meeting_ids = list(dict.fromkeys([*pair_ids, *q.pair_meeting_event_ids(conn, a, b)]))
    meetings_raw = _meetings(conn, meeting_ids, since, until, events)
    agreements = q.select_agreements(
        conn,
        ids=[o for m in meetings_raw for o in m.declared_outcomes],
        document_ids={s.document_id for e in events for s in e.sources},
    )
    outcome_titles = {ag.id: _agreement_label(ag) for ag in agreements}
    meetings = merge_meetings(tuple(
        DyadMeeting(**{**_fields(m), "declared_outcomes": tuple(dict.fromkeys(outcome_titles.get(o, o) for o in m.declared_outcomes))})
        for m in meetings_raw
    ))
    deals = _deals(events, agreements, a, b, {o for m in meetings_raw for o in m.declared_outcomes})
    dependencies = _dependencies(claims)
    analogies = _analogies(claims)
    people = _people(conn, a, b, since, until, rows, participants, meetings)
    doc_ids = {s.document_id for e in (*events, *measures) for s in e.sources}
    doc_ids |= {s.document_id for m in meetings for s in m.sources} | {c.evidence.document_id for c in claims}
    sources = _sources(q.select_documents(conn, doc_ids, with_cluster_mates=True))

    quads = [(k, label) for k, label, _d, _t in quad_table()]
    counts = defaultdict(int)
    for e in events:
        counts[e.quad] += 1
    glance = Glance(
        quads=tuple(QuadCount(k, label, desc, counts[k]) for k, label, desc, _t in quad_table()),
        # an event the text only bounds ("1989..") belongs to no period
        trend=build_trend([(e.occurred, e.quad) for e in events if e.occurred and ".." not in e.occurred and e.quad], quads),
        asymmetry=_asymmetry(a, b, claims),
        hidden=Hidden(
            gaps=tuple(m for m in meetings if m.declared_gap),
            late=tuple(d for d in deals if d.disclosure == "late"),
            undisclosed=tuple(d for d in deals if d.disclosure == "undisclosed"),
        ),
    )
    codes = {a, b}
    for e in (*events, *measures):
        codes |= set(e.actor_countries) | set(e.recipient_countries)
    codes |= {c for an in analogies for c in (an.senior, an.junior)}
    return Dyad(
        a=a, b=b, a_name=country_name(a) or a, b_name=country_name(b) or b, since=since, until=until, glance=glance,
        events=events, meetings=meetings, deals=deals, measures=measures, dependencies=dependencies,
        analogies=analogies, people=people, sources=sources, truncated=truncated,
        names={c: country_name(c) or c for c in sorted(codes)},
    )


def _fields(obj) -> dict:
    return {name: getattr(obj, name) for name in obj.__slots__}


def dyad_events(conn, rows: list[q.EventRow], parts: dict[str, list[q.ParticipantRow]] | None = None) -> list[DyadEvent]:
    """Stored event rows as the report shows them: with participants, every source, and the speaker's name."""
    ids = [r.id for r in rows]
    parts = q.select_participants(conn, ids) if parts is None else parts
    sources = q.select_event_sources(conn, ids)
    spoken = sorted({r.attributed_to for r in rows if r.attributed_to})
    speakers = {a.id: a.name for a in q.select_actors(conn, ids=spoken, limit=len(spoken))} if spoken else {}
    return [_event(r, parts.get(r.id, []), sources.get(r.id, []), speakers) for r in rows]


def _event(r: q.EventRow, parts: list[q.ParticipantRow], sources: list[Evidence], speakers: dict[str, str]) -> DyadEvent:
    actors = [p for p in parts if p.role == "actor"]
    recips = [p for p in parts if p.role == "recipient"]
    closed = r.occurred_start if r.occurred_end else None  # an open "from 1989" bound gives no lag
    lag = r.disclosure_lag_days if r.disclosure_lag_days is not None else lag_days(closed, r.disclosed_start)
    kind = r.type + (f" ({r.mode})" if r.mode else "")
    what = f": {r.item}" + (f" ({r.quantity})" if r.quantity else "") if r.item else ""
    who = ", ".join(p.name for p in actors) or "?"
    whom = ", ".join(p.name for p in recips)
    headline = f"{who}{' -> ' + whom if whom else ''}: {kind}{what}"
    return DyadEvent(
        id=r.id, type=r.type, mode=r.mode, quad=quad_of(r.type), headline=headline,
        actors=tuple(p.name for p in actors), recipients=tuple(p.name for p in recips),
        actor_countries=tuple(sorted({p.country for p in actors if p.country})),
        recipient_countries=tuple(sorted({p.country for p in recips if p.country})),
        occurred=date_text(r.occurred_start, r.occurred_end, r.occurred_granularity),
        occurred_granularity=r.occurred_granularity, reported=r.reported,
        disclosed=r.disclosed_start, lag_days=lag, modality=r.modality,
        attributed_to=speakers.get(r.attributed_to, r.attributed_to) if r.attributed_to else None, item=r.item,
        quantity=r.quantity, confidence=round(r.confidence, 3), stories=len({s.document_id for s in sources}) or 1,
        sources=tuple(sources) or (r.evidence,), date_basis=r.occurred_basis,
    )


def _meetings(conn, pair_ids: list[str], since, until, events: tuple[DyadEvent, ...]) -> tuple[DyadMeeting, ...]:
    rows = q.select_pair_meetings(conn, pair_ids, since, until, MAX_MEETINGS)
    people, agenda, outcomes = q.select_meeting_details(conn, [m.event_id for m in rows])
    by_id = {e.id: e for e in events}
    extra = q.select_event_sources(conn, [m.canonical_id for m in rows if m.canonical_id not in by_id])
    out = []
    for m in rows:
        ev = by_id.get(m.canonical_id)
        sources = ev.sources if ev else tuple(extra.get(m.canonical_id, ()))
        out.append(
            DyadMeeting(
                event_id=m.canonical_id, date=m.date_start, place=m.place, hosts=m.hosts, guests=m.guests,
                participants=tuple(MeetingPerson(p.name, p.side, p.sector, p.actor_id, p.evidence) for p in people.get(m.event_id, [])),
                agenda=tuple((g.side, g.sector, g.count, round(g.share, 3)) for g in agenda.get(m.event_id, [])),
                agenda_reasons=m.agenda_reasons, declared_outcomes=tuple(outcomes.get(m.event_id, ())),
                declared_gap=m.declared_gap, declared_gap_reason=m.declared_gap_reason, sources=sources,
            )
        )
    return tuple(out)


def _agreement_label(ag: q.AgreementRow) -> str:
    if ag.title:
        return ag.title
    kind = ag.kind.replace("_", " ")
    return f"{ag.count} {kind}s" if ag.count and ag.count > 1 else kind


def _deals(events, agreements, a: str, b: str, outcome_ids: set[str]) -> tuple[Deal, ...]:
    out: list[Deal] = []
    for e in events:
        if e.type != "AID" or e.mode != "arms":
            continue
        out.append(
            Deal("transfer", e.item or "arms", e.quantity, (*e.actor_countries, *e.recipient_countries), e.occurred,
                 e.disclosed, e.lag_days, _disclosure(e.disclosed, e.lag_days, None), e.modality, e.sources)
        )
    # Copies of one story repeat its agreements: one deal per (story, kind, count, title, date).
    merged: dict[tuple, list[q.AgreementRow]] = defaultdict(list)
    for ag in agreements:
        if ag.id in outcome_ids or {a, b} <= set(ag.parties):
            merged[(ag.cluster_id or ag.document_id, ag.kind, ag.count, ag.title, ag.date_start)].append(ag)
    for group in merged.values():
        ag = group[0]
        out.append(
            Deal("agreement", _agreement_label(ag), str(ag.count) if ag.count else None, ag.parties, ag.date_start,
                 None, None, _disclosure(None, None, ag.disclosed), "asserted", tuple(g.evidence for g in group))
        )
    return tuple(sorted(out, key=lambda d: (d.occurred or "", d.kind, d.item)))


def _disclosure(disclosed: str | None, lag: int | None, flag: bool | None) -> str:
    if flag is False:
        return "undisclosed"
    if lag is not None and lag > 0:
        return "late"
    if disclosed or flag:
        return "disclosed"
    return "unknown"


def _dependencies(claims: list[q.ClaimRow]) -> tuple[DependenceLink, ...]:
    groups: dict[tuple[str, str, str], list[q.ClaimRow]] = defaultdict(list)
    for c in claims:
        if c.kind == "dependency":
            groups[(c.subject, c.object, c.domain or "unspecified")].append(c)
    return tuple(
        DependenceLink(
            dependent=k[0], on=k[1], domain=k[2],
            cues=tuple(sorted({c.cue for c in cs if c.cue})),
            modalities=tuple(sorted({c.modality or "asserted" for c in cs})),
            stories=len({c.cluster_id or c.evidence.document_id for c in cs}),
            sources=tuple(c.evidence for c in cs),
        )
        for k, cs in sorted(groups.items())
    )


def _analogies(claims: list[q.ClaimRow]) -> tuple[Analogy, ...]:
    groups: dict[tuple[str, str], list[q.ClaimRow]] = defaultdict(list)
    for c in claims:
        if c.kind == "analogy":
            groups[(c.subject, c.object)].append(c)
    return tuple(
        Analogy(k[0], k[1], len({c.cluster_id or c.evidence.document_id for c in cs}), tuple(c.evidence for c in cs))
        for k, cs in sorted(groups.items())
    )


def _asymmetry(a: str, b: str, claims: list[q.ClaimRow]) -> Asymmetry:
    def side(x: str, y: str) -> tuple[int, tuple[str, ...]]:
        links = [c for c in claims if c.kind == "dependency" and c.subject == x and c.object == y]
        # Stories, not sentences: copies of a syndicated story share a cluster and count once.
        stories = {c.cluster_id or c.evidence.document_id for c in links}
        return len(stories), tuple(sorted({c.domain or "unspecified" for c in links}))

    n_ab, dom_ab = side(a, b)
    n_ba, dom_ba = side(b, a)
    na, nb = country_name(a) or a, country_name(b) or b

    def describe(n: int, doms: tuple[str, ...]) -> str:
        return f"{', '.join(doms)}; {n} {'story' if n == 1 else 'stories'}"

    if not dom_ab and not dom_ba:
        verdict = f"The sources say nothing about dependence between {na} and {nb}."
    elif dom_ab and not dom_ba:
        verdict = f"{na} depends on {nb} ({describe(n_ab, dom_ab)}); no source says the reverse."
    elif dom_ba and not dom_ab:
        verdict = f"{nb} depends on {na} ({describe(n_ba, dom_ba)}); no source says the reverse."
    elif len(dom_ab) > len(dom_ba) or (len(dom_ab) == len(dom_ba) and n_ab > n_ba):
        verdict = f"{na} depends on {nb} more than the reverse: {describe(n_ab, dom_ab)} against {describe(n_ba, dom_ba)}."
    elif len(dom_ba) > len(dom_ab) or n_ba > n_ab:
        verdict = f"{nb} depends on {na} more than the reverse: {describe(n_ba, dom_ba)} against {describe(n_ab, dom_ab)}."
    else:
        verdict = f"Mutual dependence: {na} on {nb} ({describe(n_ab, dom_ab)}), {nb} on {na} ({describe(n_ba, dom_ba)})."
    return Asymmetry(verdict, n_ab, n_ba, dom_ab, dom_ba)


def _people(conn, a, b, since, until, rows, participants, meetings) -> tuple[Person, ...]:
    ids = {p.actor_id for r in rows for p in participants.get(r.id, []) if p.kind == "person"}
    ids |= {p.actor_id for m in meetings for p in m.participants if p.actor_id}
    actors = [x for x in q.select_actors(conn, ids=ids, kind="person") if x.country in (a, b)]
    roles = q.select_roles(conn, [x.id for x in actors], since, until)
    meeting_sectors: dict[str, set[str]] = defaultdict(set)
    for m in meetings:
        for p in m.participants:
            if p.actor_id and p.sector:
                meeting_sectors[p.actor_id].add(p.sector)
    out = []
    for x in actors:
        rs = roles.get(x.id, [])
        sectors = {r.sector for r in rs if r.sector} | meeting_sectors[x.id]
        # The same role read in several documents is one role with several sources.
        grouped: dict[tuple, list[q.RoleRow]] = defaultdict(list)
        for r in rs:
            grouped[(r.title, r.organization, r.sector, r.status, r.start, r.end)].append(r)
        held = tuple(
            PersonRole(*k, sources=tuple(r.evidence for r in g if r.evidence)) for k, g in grouped.items()
        )
        out.append(Person(actor_id=x.id, name=x.name, country=x.country, sectors=tuple(sorted(sectors)), roles=held))
    return tuple(sorted(out, key=lambda p: (p.country != a, p.sectors[:1] or ("~",), p.name)))


def _sources(docs: list[q.DocumentRow]) -> Sources:
    items = tuple(
        SourceDoc(
            d.id, d.title, d.source, d.origin, d.claimed_date, d.inferred_date, d.date_conflict, d.republished,
            d.cluster_id, d.near_duplicate_of, d.sentence_count or 0, d.flagged_count, d.url,
        )
        for d in docs
    )
    sentences = sum(d.sentence_count for d in items)
    flagged = sum(d.flagged for d in items)
    return Sources(
        documents=items,
        stories=len({d.cluster_id or d.document_id for d in items}),
        republished=tuple(d for d in items if d.republished or d.date_conflict),
        sentences=sentences,
        flagged=flagged,
        flagged_share=round(flagged / sentences, 3) if sentences else 0.0,
    )
