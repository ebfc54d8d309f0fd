"""The dyad report: every section filled from stored records, every statement linked to its sentence."""

from __future__ import annotations

import json
import re
from importlib import resources

import jsonschema
import pytest

from tests.report_corpus import ANALYSIS, CAATSA, REPUBLISHED, S400, WIRE, WIRE_COPY, build_store

from undercurrent.analyze.dyad import build_dyad, resolve_state
from undercurrent.analyze.quads import quad_of, quad_table
from undercurrent.analyze.timeline import build_trend, direction, lag_days
from undercurrent.errors import UsageError
from undercurrent.ontology.loader import load_yaml
from undercurrent.report.render import render

TEXTS = {"Wire A": (WIRE, CAATSA), "Wire B": (WIRE_COPY,), "Defence Weekly": (S400,), "Policy Review": (ANALYSIS,),
         "Content Farm": (REPUBLISHED,)}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = build_store(f"sqlite:///{tmp_path_factory.mktemp('rep') / 'r.db'}")
    yield s
    s.dispose()


@pytest.fixture(scope="module")
def dyad(store):
    with store.engine.connect() as conn:
        return build_dyad(conn, "Russia", "PRC")


def _all_evidence(obj):
    """Every Evidence-shaped mapping anywhere in the report dict."""
    if isinstance(obj, dict):
        if {"document_id", "start", "end", "text"} <= obj.keys():
            yield obj
        for v in obj.values():
            yield from _all_evidence(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _all_evidence(v)


def test_report_quads_agree_with_event_ontology():
    events = load_yaml("events.yaml")["types"]
    assert {t: quad_of(t) for t in events} == {t: e["quad"] for t, e in events.items()}
    assert sum(len(types) for *_x, types in quad_table()) == 16


def test_report_resolves_names_and_codes():
    assert [resolve_state(x) for x in ("Russia", "RUS", "China", "PRC", "Chinese")] == ["RUS", "RUS", "CHN", "CHN", "CHN"]
    with pytest.raises(UsageError):
        resolve_state("Atlantis")


def test_report_rejects_same_state_twice(store):
    with store.engine.connect() as conn, pytest.raises(UsageError):
        build_dyad(conn, "RUS", "Russia")


def test_report_glance_counts_trend_and_verdict(dyad):
    assert {q.quad: q.count for q in dyad.glance.quads} == {
        "verbal_cooperation": 2, "material_cooperation": 4, "verbal_conflict": 0, "material_conflict": 0,
    }
    assert dyad.glance.trend.unit == "year" and dyad.glance.trend.periods[0] == "2014"
    a = dyad.glance.asymmetry
    assert (a.a_on_b_stories, a.b_on_a_stories, a.a_on_b_domains, a.b_on_a_domains) == (2, 1, ("economic", "financial"), ("economic",))
    assert a.verdict.startswith("Russia depends on China more than the reverse")


def test_report_hidden_gap_late_and_undisclosed(dyad):
    hidden = dyad.glance.hidden
    assert [m.date for m in hidden.gaps] == ["2023-03-21"]
    assert [(d.item, d.lag_days) for d in hidden.late] == [("S-400 air-defence systems", 212)]
    assert [d.item for d in hidden.undisclosed] == ["arms contracts after 2017"]


def test_report_meeting_roster_by_side_and_outcomes(dyad):
    (m,) = dyad.meetings
    assert m.place == "Moscow" and m.declared_gap
    assert [(p.side, p.sector) for p in m.participants if p.side == "RUS"] == [
        ("RUS", "head_of_state"), ("RUS", "defense"), ("RUS", "arms_trade"), ("RUS", "space"),
    ]
    assert m.declared_outcomes == ("2 joint statements",)
    assert {s.source for s in m.sources} == {"Wire A", "Wire B"}


def test_report_deals_merge_story_copies(dyad):
    assert [(d.kind, d.item, d.disclosure) for d in dyad.deals] == [
        ("transfer", "Su-35 fighter jets and S-400 missile systems", "unknown"),  # undated, first
        ("transfer", "S-400 air-defence systems", "late"),
        ("agreement", "arms contracts after 2017", "undisclosed"),
        ("transfer", "arms contracts", "unknown"),
        ("agreement", "2 joint statements", "disclosed"),
    ]
    assert len(dyad.deals[-1].sources) == 2  # the wire and its copy: one deal, two sentences


def test_report_measures_dependence_analogies_people_sources(dyad):
    assert [(m.type, m.actor_countries, m.recipient_countries) for m in dyad.measures] == [("SANCTION", ("USA",), ("CHN",))]
    assert [(d.dependent, d.on, d.domain) for d in dyad.dependencies] == [
        ("CHN", "RUS", "economic"), ("RUS", "CHN", "economic"), ("RUS", "CHN", "financial"),
    ]
    assert [(x.senior, x.junior) for x in dyad.analogies] == [("CHN", "PRK")]
    assert [p.name for p in dyad.people if p.country == "CHN"] == ["Xi Jinping"]
    assert {p.name: p.sectors for p in dyad.people}["Yury Borisov"] == ("space",)
    src = dyad.sources
    assert (len(src.documents), src.stories, src.flagged, src.sentences) == (6, 5, 1, 18)
    (rep,) = src.republished
    assert (rep.claimed_date, rep.inferred_date, rep.date_conflict) == ("2025-11-20", "2023-04", True)


def test_report_certainty_groups(dyad):
    groups = {k: [e.type for e in v] for k, v in dyad.certainty().items()}
    assert groups == {
        "asserted": ["SUPPORT", "CONSULT"], "hedged": ["AID"], "historical": ["AID"], "planned": ["COOPERATE"], "reported": ["AID"],
    }
    (reported,) = dyad.certainty()["reported"]
    assert reported.attributed_to == "Sergei Chemezov"


def test_report_every_statement_links_to_its_sentence(dyad):
    evidence = list(_all_evidence(json.loads(json.dumps(dyad.to_dict()))))
    assert len(evidence) > 30
    for ev in evidence:
        texts = TEXTS[ev["source"]]
        assert any(t[ev["start"] : ev["end"]] == ev["text"] for t in texts), ev


def test_report_json_validates_against_schema(dyad):
    schema = json.loads(resources.files("undercurrent.schema").joinpath("report-v1.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(json.loads(render(dyad, "json")))


def test_report_markdown_footnotes_resolve(dyad):
    md = render(dyad, "md")
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    notes = set(re.findall(r"^\[\^(\d+)\]:", md, flags=re.M))
    assert refs == notes and len(notes) >= 15
    assert "## Sanctions and third parties" in md and "## Sources" in md
    note = re.search(r"^\[\^\d+\]: \*S400 Disclosure\*, Defence Weekly, 2015-04-14: \"Russia sold S-400", md, flags=re.M)
    assert note is not None


def test_report_html_self_contained_and_escaped(dyad):
    html = render(dyad, "html")
    assert html.count("<details") >= 15
    assert 'src="http' not in html and "<link" not in html and "cdn.plot.ly/plotly" not in html
    assert "<script src" not in html and "Plotly" not in html  # charts are inline SVG, no script library
    assert '<svg id="timeline-chart"' in html and '<svg id="agenda-0"' in html
    assert len(html.encode()) < 300_000
    for section in ("glance", "timeline", "meetings", "deals", "measures", "dependence", "certainty", "people", "sources"):
        assert f'<section id="{section}">' in html
    assert "@media print" in html


def test_report_html_autoescapes_stored_text(tmp_path):
    from dataclasses import replace

    from tests.report_corpus import build_analyses
    from undercurrent.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    for analysis, kwargs in build_analyses():
        doc = replace(analysis.document, title="<script>alert(1)</script>")
        store.save_analysis(replace(analysis, document=doc), **kwargs)
    with store.engine.connect() as conn:
        html = render(build_dyad(conn, "RUS", "CHN"), "html")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_report_period_filter(store):
    with store.engine.connect() as conn:
        d = build_dyad(conn, "RUS", "CHN", since="2014-01-01", until="2015-12-31")
    assert [e.type for e in d.events] == ["AID"] and d.meetings == () and d.glance.trend.unit == "quarter"
    assert d.glance.trend.periods == ("2014-Q3",)


def test_report_timeline_helpers():
    assert lag_days("2014-09", "2015-04") == 212
    assert lag_days("2014-09-12", "2015-04") == 212  # compared at the coarser granularity
    assert direction((1, 0, 3, 4)) == "rising" and direction((4, 4, 1, 0)) == "falling" and direction((2, 2)) == "steady"
    t = build_trend([("2023-03-21", "a"), ("2023-11", "a"), ("2023", "a")], [("a", "A")])
    assert t.periods == ("2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4") and t.quads[0].counts == (1, 0, 0, 1)


@pytest.mark.postgres
def test_report_same_on_postgresql(pg_url, dyad):
    store = build_store(pg_url)
    try:
        with store.engine.connect() as conn:
            on_pg = build_dyad(conn, "RUS", "CHN")
            one_month = build_dyad(conn, "RUS", "CHN", since="2023-03", until="2023-03")
    finally:
        store.dispose()
    assert on_pg.to_dict() == dyad.to_dict()
    assert sorted(e.type for e in one_month.events) == ["AID", "CONSULT", "SUPPORT"]


def _dyad_of_one(tmp_path, analysis):
    """The Russia-China dyad of a fresh store holding one analysis."""
    from undercurrent.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'one.db'}")
    try:
        store.save_analysis(analysis)
        with store.engine.connect() as conn:
            return build_dyad(conn, "Russia", "China")
    finally:
        store.dispose()


def test_report_event_the_text_only_bounds_reads_as_a_bound(tmp_path):
    from tests.report_corpus import doc, sentence, state
    from undercurrent.records import Analysis, DateValue, Event, Quality

    t = "Russia became China's main arms supplier following the embargo the West imposed after 1989."
    a = Analysis(
        document=doc("bounded", t, "Policy Review", "2023-04-10"), quality=Quality(1.0, (), 1),
        actors=(state("RUS", "Russia", t, "Russia"), state("CHN", "China", t, "China's")),
        events=(Event("ev1", "AID", "arms", ("state:RUS",), ("state:CHN",), DateValue("1989", None, "interval"),
                      sentence(t, "arms supplier"), modality="historical", confidence=0.6, trigger="supplier"),),
    )
    d = _dyad_of_one(tmp_path, a)
    (ev,) = d.events
    assert ev.occurred == "1989.."  # from 1989 on, not "in 1989"
    assert sum(sum(q.counts) for q in d.glance.trend.quads) == 0  # and in no period of the trend
    assert "1989.." in render(d, "md")


def test_report_names_the_speaker_of_a_reported_event(tmp_path):
    from tests.report_corpus import doc, person, pid, sentence, state
    from undercurrent.records import Analysis, DateValue, Event, Quality

    t = "Putin said in 2019 that Russia was helping China build a missile early-warning system."
    putin = person("Vladimir Putin", "RUS", t, "Putin")
    a = Analysis(
        document=doc("speaker", t, "Wire A", "2019-10-04"), quality=Quality(1.0, (), 1),
        actors=(state("RUS", "Russia", t, "Russia"), state("CHN", "China", t, "China"), putin),
        # the extractor stores the speaker as an actor id
        events=(Event("ev1", "AID", None, ("state:RUS",), ("state:CHN",), DateValue("2019", "2019", "year"),
                      sentence(t, "helping"), modality="reported", attributed_to=pid("Vladimir Putin"),
                      confidence=0.7, trigger="helping"),),
    )
    d = _dyad_of_one(tmp_path, a)
    assert d.events[0].attributed_to == "Vladimir Putin"
    assert "according to Vladimir Putin" in render(d, "md")


# Raw HTML, Markdown syntax and a line break, appended to every string the report holds.
PAYLOAD = '<img src=x onerror=alert(1)></script>*bold*_em_|`code`[^1][link](javascript:x)&amp;~~s~~$x$\n# heading'


def _poisoned(obj):
    """``obj`` with PAYLOAD appended to every string in it, mapping keys included."""
    from dataclasses import fields, is_dataclass, replace

    if isinstance(obj, str):
        return obj + PAYLOAD
    if isinstance(obj, (tuple, list)):
        return type(obj)(_poisoned(x) for x in obj)
    if isinstance(obj, dict):
        return {_poisoned(k): _poisoned(v) for k, v in obj.items()}
    if is_dataclass(obj) and not isinstance(obj, type):
        return replace(obj, **{f.name: _poisoned(getattr(obj, f.name)) for f in fields(obj) if f.init})
    return obj


def test_report_markdown_escapes_every_quoted_text(dyad):
    from undercurrent.report.render import md_escape

    md = render(_poisoned(dyad), "md")
    escaped = str(md_escape(PAYLOAD))
    assert md.count(escaped) >= 60  # names, titles, sources, sectors, domains, cues, sentences...
    for raw in ("<img", "</script", "*bold*", "_em_", "`code`", "[link]", "[^1][link", "&amp;", "~~s~~", "$x$"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), md), raw  # each only with its first character escaped
    assert not re.search(r"^# heading", md, flags=re.M)  # a quoted line break starts no line
    # Each table row has as many cells as its header: a quoted | is not a cell boundary.
    for table in re.findall(r"(?:^\|.*\n)+", md, flags=re.M):
        rows = table.splitlines()
        cells = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(cells) == 1, rows[0]


def test_report_markdown_keeps_plain_text_readable(dyad):
    md = render(dyad, "md")
    assert "- 2023-03-21: Xi Jinping -> Vladimir Putin: CONSULT (visit)" in md
    assert "\\" not in md.split("## Meetings")[0].replace("head\\_of\\_state", "")  # glance: nothing to escape


def test_report_marks_inherited_dates_and_puts_undated_events_at_their_report_date(tmp_path):
    from tests.report_corpus import doc, sentence, state
    from undercurrent.records import Analysis, DateValue, Event, InheritedDate, Quality
    from undercurrent.report.chart import timeline_figure

    # Russian and Chinese warships drilled together in the Sea of Japan in July 2023 ("North/Interaction-2023").
    t = "Russian and Chinese warships are holding joint drills in the Sea of Japan. China may buy more Russian gas."
    a = Analysis(
        document=doc("drills", t, "Wire A", "2023-07-21"), quality=Quality(1.0, (), 2),
        actors=(state("RUS", "Russia", t, "Russian"), state("CHN", "China", t, "Chinese")),
        events=(
            Event("ev1", "COOPERATE", None, ("state:RUS",), ("state:CHN",), DateValue("2023-07-21", "2023-07-21", "day"),
                  sentence(t, "drills"), reported="2023-07-21", confidence=0.7, trigger="drills",
                  inherited=InheritedDate("writing_date")),
            Event("ev2", "COOPERATE", None, ("state:CHN",), ("state:RUS",), DateValue(None, None, None),
                  sentence(t, "buy"), modality="hedged", reported="2023-07-21", confidence=0.5, trigger="buy"),
        ),
    )
    d = _dyad_of_one(tmp_path, a)
    md = render(d, "md")
    assert "2023-07-21 (the writing date)" in md
    assert "undated (reported 2023-07-21)" in md
    traces = {tr.name: tr for tr in timeline_figure(d).data}
    assert list(traces["Undated (at report date)"].x) == ["2023-07-21"]


def test_report_html_timeline_marks_every_dated_event_and_meeting(dyad):
    from undercurrent.analyze.timeline import to_date
    from undercurrent.report.svg import timeline_svg

    svg = timeline_svg(dyad)
    dated = [e for e in dyad.events if to_date(e.occurred) and e.quad]
    assert svg.count('<circle class="event') == len(dated) > 0
    assert svg.count('<path class="meeting"') == len([m for m in dyad.meetings if to_date(m.date)])
    hedged = [e for e in dated if e.modality == "hedged"]
    assert len(re.findall(r'<circle class="event[^>]*fill="none"', svg)) == len(hedged)
    deal = next(d for d in dyad.deals if d.lag_days)
    assert f"{deal.item}: happened" in svg.replace("&#x27;", "'")


def test_report_html_sparkline_per_quad_with_counts_on_hover(dyad):
    from undercurrent.report.svg import sparkline_svg

    trend = dyad.glance.trend
    if len(trend.periods) < 2:
        assert sparkline_svg(trend, 0) == ""
        return
    spark = sparkline_svg(trend, 0)
    counts = trend.quads[0].counts
    assert f"<title>{trend.periods[0]}: {counts[0]}" in spark
    assert spark.count(",") >= len(counts)


def test_report_html_links_sources_to_their_article_and_names_the_outlet(dyad):
    from tests.report_corpus import S400_URL

    html = render(dyad, "html")
    link = f'<a href="{S400_URL}" rel="noreferrer">S400 Disclosure</a>'
    assert f"<cite>{link}</cite>, <span class=\"outlet\">Defence Weekly</span>" in html  # in the evidence
    assert f"<td>{link}</td><td>Defence Weekly</td>" in html  # in the sources table
    assert "<th>Outlet</th>" in html


def test_report_markdown_and_json_carry_the_url(dyad):
    from tests.report_corpus import S400_URL

    md = render(dyad, "md")
    assert re.search(r"^\[\^\d+\]: \*S400 Disclosure\*, Defence Weekly, 2015-04-14: .* <" + re.escape(S400_URL) + ">$", md, flags=re.M)
    data = json.loads(render(dyad, "json"))
    docs = {d["title"]: d for d in data["sources"]["documents"]}
    assert docs["S400 Disclosure"]["url"] == S400_URL and docs["S400 Disclosure"]["source"] == "Defence Weekly"
    late = data["glance"]["hidden"]["late"][0]["sources"]
    assert {s["url"] for s in late} == {S400_URL}


def test_report_links_only_web_addresses():
    from undercurrent.report.render import web_url

    assert web_url("https://tass.com/politics/1593475") == "https://tass.com/politics/1593475"
    assert web_url("javascript:alert(1)") is None
    assert web_url("file:///etc/passwd") is None
    assert web_url('https://x.example/"><script>') is None
    assert web_url(None) is None


def test_report_labels_cover_every_sector_and_group_them_in_clusters():
    from undercurrent.ontology.loader import load_yaml
    from undercurrent.report.labels import cluster_label, sector_label

    for code in load_yaml("sectors.yaml")["sectors"]:
        assert sector_label(code) and "_" not in sector_label(code)
    assert [cluster_label(c) for c in ("defense", "arms_trade", "space", "military")] == ["Defence-industrial"] * 4
    assert (cluster_label("finance"), cluster_label("energy"), cluster_label("foreign_affairs")) == (
        "Economy and finance", "Energy", "Diplomacy")


def _meeting_with(dyad, sectors, outcomes):
    from dataclasses import replace

    from undercurrent.analyze.model import MeetingPerson

    base = dyad.meetings[0]
    people = tuple(MeetingPerson(f"Official {i}", "RUS", sec, None, None) for i, sec in enumerate(sectors))
    people += (MeetingPerson("Xi Jinping", "CHN", "head_of_state", None, None),)
    return replace(base, date="2023-03-21", place="Moscow", participants=people, declared_outcomes=outcomes)


def test_report_brief_states_the_roster_gap_with_its_counts(dyad):
    from undercurrent.report.brief import roster_gap

    roster = ["head_of_state", "defense", "arms_trade", "space", "finance", "foreign_affairs", "energy", "other", "trade"]
    gap = roster_gap(dyad, _meeting_with(dyad, roster, ("2 joint statements",)))
    assert gap.text == ("At the meeting in Moscow on 2023-03-21, 3 of 9 on Russia's side hold arms, defence, armed-forces "
                        "or space posts; the declared outcomes (2 joint statements) say nothing about defence.")
    said = roster_gap(dyad, _meeting_with(dyad, roster, ("agreement on military-technical cooperation",)))
    assert said.text.endswith("space posts.")
    assert roster_gap(dyad, _meeting_with(dyad, ["head_of_state", "defense", "finance", "trade"], ())) is None


def test_report_html_shows_labels_not_codes(dyad):
    html = render(dyad, "html")
    assert "head_of_state" not in html and "single_period" not in html and "arms_trade" not in html
    assert "Head of state" in html


def test_report_brief_per_period_from_the_store_with_sources(dyad):
    from undercurrent.report.brief import period_briefs

    briefs = {b.period: b for b in period_briefs(dyad)}
    texts = {b.period: [h.text for h in b.headlines] for b in briefs.values()}
    late = next(d for d in dyad.glance.hidden.late if d.item == "S-400 air-defence systems")
    period = next(p for p in briefs if late.occurred.startswith(p[:4]))
    assert f"Transferred: S-400 air-defence systems (at least six battalions); made known {late.disclosed}, {late.lag_days} days later." in texts[period]
    assert texts[period][-1].endswith("conflictual events between the two.") or "period before" in texts[period][-1]
    assert all(h.sources for b in briefs.values() for h in b.headlines)
    assert len(set(texts[period])) == len(texts[period])  # copies of one story give one sentence
    html = render(dyad, "html")
    assert '<section id="brief">' in html and html.index('id="brief"') < html.index('id="glance"')


def test_report_html_timeline_draws_undated_events_at_their_report_date(dyad):
    from dataclasses import replace

    from undercurrent.report.svg import timeline_svg

    first = next(e for e in dyad.events if e.quad and e.reported)
    undated = replace(dyad, events=(replace(first, occurred=None), *dyad.events[1:]))
    svg = timeline_svg(undated)
    assert svg.count('<path class="undated"') == 1
    assert f"undated, reported {first.reported[:10]}" in svg
