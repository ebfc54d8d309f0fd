"""Plotly figures for the dyad report: the timeline and the meeting agendas.

Figures are built here and turned into HTML fragments; the first fragment of
a page carries plotly.js inline (from the installed plotly package), so the
report opens offline and loads nothing from a CDN.
"""

from __future__ import annotations

from ..analyze.model import DATE_BASIS_MARKS, Dyad
from ..analyze.timeline import to_date

# Marker colour per quad: blue/green for cooperation, orange/red for conflict (colour-blind safe pairs).
QUAD_COLOURS = {
    "verbal_cooperation": "#4477AA",
    "material_cooperation": "#228833",
    "verbal_conflict": "#EE7733",
    "material_conflict": "#CC3311",
}
# Agenda charts per report: past this, the meetings table still lists every agenda.
MAX_AGENDA_CHARTS = 20
# Characters of a headline shown on hover; the full sentence is in the tables below the chart.
HOVER_CHARS = 160


def timeline_figure(dyad: Dyad):
    """Events of the pair by type over time, meetings marked, disclosed deals drawn as lag lines."""
    import plotly.graph_objects as go

    fig = go.Figure()
    labels = {q.quad: q.label for q in dyad.glance.quads}
    for quad, colour in QUAD_COLOURS.items():
        evs = [e for e in dyad.events if e.quad == quad and to_date(e.occurred)]
        if not evs:
            continue
        fig.add_trace(
            go.Scatter(
                x=[to_date(e.occurred).isoformat() for e in evs],
                y=[e.type for e in evs],
                mode="markers",
                name=labels.get(quad, quad),
                marker={"color": colour, "size": 10, "symbol": ["circle-open" if e.modality == "hedged" else "circle" for e in evs]},
                text=[f"{e.headline[:HOVER_CHARS]} ({e.modality}){DATE_BASIS_MARKS.get(e.date_basis or '', '')}" for e in evs],
                hoverinfo="text+x",
            )
        )
    # Undated events still belong on the time axis: at the date they were reported, drawn apart
    # (grey crosses) so nobody reads the report date as the day they happened.
    undated = [e for e in dyad.events if not to_date(e.occurred) and to_date(e.reported)]
    if undated:
        fig.add_trace(
            go.Scatter(
                x=[to_date(e.reported).isoformat() for e in undated],
                y=[e.type for e in undated],
                mode="markers",
                name="Undated (at report date)",
                marker={"color": "#999999", "size": 9, "symbol": "x-thin-open", "line": {"width": 2, "color": "#999999"}},
                text=[f"{e.headline[:HOVER_CHARS]} (undated; reported {e.reported})" for e in undated],
                hoverinfo="text",
            )
        )
    meetings = [m for m in dyad.meetings if to_date(m.date)]
    if meetings:
        fig.add_trace(
            go.Scatter(
                x=[to_date(m.date).isoformat() for m in meetings],
                y=["CONSULT"] * len(meetings),
                mode="markers",
                name="Meeting",
                marker={"symbol": "star", "size": 16, "color": "#AA3377", "line": {"width": 1, "color": "#333"}},
                text=[f"Meeting in {m.place or '?'}: {len(m.participants)} participants" for m in meetings],
                hoverinfo="text+x",
            )
        )
    xs: list[str | None] = []
    ys: list[str | None] = []
    for d in dyad.deals:
        start, end = to_date(d.occurred), to_date(d.disclosed)
        if start and end:
            xs += [start.isoformat(), end.isoformat(), None]
            ys += ["AID", "AID", None]
    if xs:
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines+markers", name="Happened -> disclosed",
                       line={"color": "#666", "dash": "dot", "width": 2}, marker={"symbol": "line-ns-open", "size": 12})
        )
    fig.update_layout(
        title=f"{dyad.a_name} and {dyad.b_name}: events over time",
        xaxis={"type": "date", "title": "occurred"},
        yaxis={"type": "category", "title": "PLOVER type"},
        height=420,
        margin={"l": 90, "r": 20, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        template="plotly_white",
    )
    return fig


def agenda_figure(dyad: Dyad, index: int):
    """Bar chart of one meeting's agenda: share of each side's participants by sector."""
    import plotly.graph_objects as go

    meeting = dyad.meetings[index]
    fig = go.Figure()
    for side in sorted({s for s, _sec, _n, _sh in meeting.agenda}):
        rows = [(sec, sh) for s, sec, _n, sh in meeting.agenda if s == side]
        fig.add_trace(go.Bar(x=[sec for sec, _ in rows], y=[sh for _, sh in rows], name=dyad.names.get(side, side) or "?"))
    fig.update_layout(
        title=f"Agenda by participants' sectors, {meeting.date or ''} {meeting.place or ''}".strip(),
        yaxis={"title": "share of the side", "range": [0, 1], "tickformat": ".0%"},
        barmode="group",
        height=300,
        margin={"l": 60, "r": 20, "t": 50, "b": 60},
        template="plotly_white",
    )
    return fig


def chart_fragments(dyad: Dyad) -> tuple[str, list[str]]:
    """HTML of the timeline (with plotly.js inline) and of each agenda chart."""
    config = {"displaylogo": False, "responsive": True}
    timeline = timeline_figure(dyad).to_html(full_html=False, include_plotlyjs=True, div_id="timeline-chart", config=config)
    agendas = [
        agenda_figure(dyad, i).to_html(full_html=False, include_plotlyjs=False, div_id=f"agenda-{i}", config=config)
        for i, m in enumerate(dyad.meetings[:MAX_AGENDA_CHARTS])
        if m.agenda
    ]
    return timeline, agendas
