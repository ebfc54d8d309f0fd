"""Charts of the HTML report drawn as inline SVG on the server.

The report is one file that must open offline and stay small. Inlining
plotly.js made it about 5 MB; these charts need no script at all, print as
vectors, and add a few kilobytes. Hovering a mark shows its ``<title>``
(the headline, the meeting, the deal), and the tables below each chart hold
the full evidence. The web dashboard keeps its interactive plotly charts
(:mod:`undercurrent.report.chart`).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from html import escape

from ..analyze.model import Dyad
from ..analyze.timeline import Trend, to_date
from .chart import HOVER_CHARS, MAX_AGENDA_CHARTS, QUAD_COLOURS

# Drawing area of the timeline in SVG units; the SVG scales to the page width.
TIMELINE_WIDTH = 960
# Height of one event-type row of the timeline.
ROW_HEIGHT = 26
# Left margin wide enough for the longest PLOVER type name (MOBILIZE) at 12 px.
LEFT = 96
RIGHT = 20
# Room inside the plot so the first and last marks do not sit on the axis.
INSET = 12
TOP = 30
# Days added either side when every mark falls on one day, so the axis has a span.
PAD_DAYS = 15
MEETING_COLOUR = "#AA3377"
DEAL_COLOUR = "#666666"
# Colours of the two sides in agenda charts (first and second state of the pair).
SIDE_COLOURS = ("#4477AA", "#EE7733")
AGENDA_WIDTH = 640
# Height of one side's bar in an agenda chart, and the room for row labels on its left.
AGENDA_BAR = 14
AGENDA_LEFT = 200
SPARK_WIDTH = 120
SPARK_HEIGHT = 24


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Axis ticks: years for spans over three years, quarters over half a year, else months."""
    span = (last - first).days
    step = 12 if span > 3 * 365 else 3 if span > 183 else 1
    month = ((first.month - 1) // step) * step + 1
    cur = date(first.year, month, 1)
    out = []
    while cur <= last:
        if cur >= first:
            label = str(cur.year) if step == 12 else f"{cur.year}-{cur.month:02d}"
            out.append((cur, label))
        m = cur.month - 1 + step
        cur = date(cur.year + m // 12, m % 12 + 1, 1)
    return out


def timeline_svg(dyad: Dyad) -> str:
    """Events of the pair by type over time, meetings as stars, deals as dotted lag lines.

    Returns an empty string when nothing in the pair is dated.

    Example:
        >>> svg = timeline_svg(dyad)  # doctest: +SKIP
    """
    labels = {q.quad: q.label for q in dyad.glance.quads}
    events = [(to_date(e.occurred), e) for e in dyad.events]
    # undated events stand at the date they were reported, drawn as grey crosses (issue 15)
    undated = [(to_date(e.reported), e) for d, e in events if not d and e.reported and e.quad in QUAD_COLOURS]
    undated = [(d, e) for d, e in undated if d]
    events = [(d, e) for d, e in events if d and e.quad in QUAD_COLOURS]
    meetings = [(to_date(m.date), m) for m in dyad.meetings]
    meetings = [(d, m) for d, m in meetings if d]
    deals = [(to_date(x.occurred), to_date(x.disclosed), x) for x in dyad.deals]
    deals = [(s, e, x) for s, e, x in deals if s and e]
    dates = [d for d, _ in events] + [d for d, _ in undated] + [d for d, _ in meetings] + [d for s, e, _ in deals for d in (s, e)]
    if not dates:
        return ""
    first, last = min(dates), max(dates)
    if first == last:
        first, last = first - timedelta(days=PAD_DAYS), last + timedelta(days=PAD_DAYS)
    rows = sorted({e.type for _, e in events} | {e.type for _, e in undated})
    for extra in (["CONSULT"] if meetings else []) + (["AID"] if deals else []):
        if extra not in rows:
            rows.append(extra)
    rows.sort()
    height = TOP + ROW_HEIGHT * len(rows) + 70
    plot_w = TIMELINE_WIDTH - LEFT - RIGHT - 2 * INSET
    span = (last - first).days

    def x(d: date) -> float:
        return round(LEFT + INSET + plot_w * (d - first).days / span, 1)

    def y(row: str) -> float:
        return TOP + ROW_HEIGHT * rows.index(row) + ROW_HEIGHT / 2

    title = f"{dyad.a_name} and {dyad.b_name}: events over time"
    out = [
        f'<svg id="timeline-chart" class="chart" role="img" viewBox="0 0 {TIMELINE_WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{_attr(title)}">',
        f'<text x="{LEFT}" y="18" class="chart-title">{escape(title)}</text>',
    ]
    bottom = TOP + ROW_HEIGHT * len(rows)
    for row in rows:
        out.append(f'<line x1="{LEFT}" x2="{TIMELINE_WIDTH - RIGHT}" y1="{y(row)}" y2="{y(row)}" class="grid"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(row) + 4}" text-anchor="end" class="axis">{escape(row)}</text>')
    for tick, label in _ticks(first, last):
        out.append(f'<line x1="{x(tick)}" x2="{x(tick)}" y1="{TOP}" y2="{bottom}" class="grid"/>')
        out.append(f'<text x="{x(tick)}" y="{bottom + 16}" text-anchor="middle" class="axis">{label}</text>')
    for start, end, deal in deals:
        out.append(
            f'<g class="deal"><title>{escape(deal.item)}: happened {start.isoformat()}, disclosed {end.isoformat()}</title>'
            f'<line x1="{x(start)}" x2="{x(end)}" y1="{y("AID")}" y2="{y("AID")}" stroke="{DEAL_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>'
            f'<line x1="{x(start)}" x2="{x(start)}" y1="{y("AID") - 6}" y2="{y("AID") + 6}" stroke="{DEAL_COLOUR}" stroke-width="2"/>'
            f'<line x1="{x(end)}" x2="{x(end)}" y1="{y("AID") - 6}" y2="{y("AID") + 6}" stroke="{DEAL_COLOUR}" stroke-width="2"/></g>'
        )
    for d, e in events:
        colour = QUAD_COLOURS[e.quad]
        fill = "none" if e.modality == "hedged" else colour
        tip = f"{d.isoformat()}: {e.headline[:HOVER_CHARS]} ({e.modality})"
        out.append(
            f'<circle class="event q-{e.quad}" cx="{x(d)}" cy="{y(e.type)}" r="5" fill="{fill}" stroke="{colour}" '
            f'stroke-width="2"><title>{escape(tip)}</title></circle>'
        )
    for d, e in undated:
        cx, cy = x(d), y(e.type)
        tip = f"undated, reported {d.isoformat()}: {e.headline[:HOVER_CHARS]} ({e.modality})"
        out.append(
            f'<path class="undated" d="M{cx - 4},{cy - 4}L{cx + 4},{cy + 4}M{cx - 4},{cy + 4}L{cx + 4},{cy - 4}" '
            f'stroke="#888" stroke-width="2"><title>{escape(tip)}</title></path>'
        )
    for d, m in meetings:
        cx, cy = x(d), y("CONSULT")
        tip = f"{d.isoformat()}: meeting in {m.place or '?'}, {len(m.participants)} participants"
        out.append(
            f'<path class="meeting" d="{_star(cx, cy, 9)}" fill="{MEETING_COLOUR}" stroke="#333" stroke-width="1">'
            f'<title>{escape(tip)}</title></path>'
        )
    out.append(_legend(labels, bool(meetings), bool(deals), bottom + 40, {e.quad for _, e in events}))
    out.append("</svg>")
    return "\n".join(out)


def _star(cx: float, cy: float, r: float) -> str:
    """Path of a five-pointed star centred on (cx, cy)."""
    points = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        points.append(f"{cx + rad * math.cos(angle):.1f},{cy - rad * math.sin(angle):.1f}")
    return "M" + "L".join(points) + "Z"


def _legend(labels: dict[str, str], meetings: bool, deals: bool, top: float, quads: set[str]) -> str:
    items = [(f'<circle cx="6" cy="0" r="5" fill="{c}"/>', labels.get(q, q)) for q, c in QUAD_COLOURS.items() if q in quads]
    if meetings:
        items.append((f'<path d="{_star(6, 0, 7)}" fill="{MEETING_COLOUR}"/>', "Meeting"))
    if deals:
        items.append((f'<line x1="0" x2="14" y1="0" y2="0" stroke="{DEAL_COLOUR}" stroke-width="2" stroke-dasharray="4 3"/>',
                      "Happened to disclosed"))
    items.append(('<circle cx="6" cy="0" r="5" fill="none" stroke="#444" stroke-width="2"/>', "Hollow: hedged"))
    out, left = [f'<g class="legend" transform="translate({LEFT},{top})">'], 0
    for mark, label in items:
        out.append(f'<g transform="translate({left},0)">{mark}<text x="18" y="4" class="axis">{escape(label)}</text></g>')
        left += 30 + 7 * len(label)
    out.append("</g>")
    return "".join(out)


def agenda_svg(dyad: Dyad, index: int, sector_label=str) -> str:
    """Horizontal bars of one meeting's agenda: the share of each side's participants by sector.

    ``sector_label`` turns a sector code into the words shown; rows with the same
    label (a cluster of sectors) are added together.
    """
    meeting = dyad.meetings[index]
    sides = [s for s in (dyad.a, dyad.b) if any(row[0] == s for row in meeting.agenda)]
    sides += sorted({row[0] for row in meeting.agenda} - set(sides))
    share: dict[tuple[str, str], float] = {}
    count: dict[tuple[str, str], int] = {}
    for side, sec, n, sh in meeting.agenda:
        key = (side, sector_label(sec))
        share[key] = share.get(key, 0.0) + sh
        count[key] = count.get(key, 0) + n
    rows = sorted({label for _side, label in share}, key=lambda r: (-max(share.get((s, r), 0.0) for s in sides), r))
    bar = AGENDA_BAR
    row_h = bar * len(sides) + 8
    left, top = AGENDA_LEFT, 30
    height = top + row_h * len(rows) + 40
    plot_w = AGENDA_WIDTH - left - 40
    title = f"Agenda by participants' sectors, {meeting.date or ''} {meeting.place or ''}".strip()
    out = [
        f'<svg id="agenda-{index}" class="chart agenda" role="img" viewBox="0 0 {AGENDA_WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{_attr(title)}">',
        f'<text x="4" y="18" class="chart-title">{escape(title)}</text>',
    ]
    bottom = top + row_h * len(rows)
    for frac in (0, 0.5, 1):
        xx = left + plot_w * frac
        out.append(f'<line x1="{xx}" x2="{xx}" y1="{top}" y2="{bottom}" class="grid"/>')
        out.append(f'<text x="{xx}" y="{bottom + 14}" text-anchor="middle" class="axis">{frac:.0%}</text>')
    for i, label in enumerate(rows):
        ry = top + row_h * i + 4
        out.append(f'<text x="{left - 6}" y="{ry + row_h / 2}" text-anchor="end" class="axis">{escape(label)}</text>')
        for j, side in enumerate(sides):
            sh = share.get((side, label), 0.0)
            name = dyad.names.get(side, side) or "?"
            n = count.get((side, label), 0)
            tip = f"{name}: {n} participant{'s' if n != 1 else ''} in {label} ({sh:.0%} of its side)"
            out.append(
                f'<rect class="bar" x="{left}" y="{ry + bar * j:.1f}" width="{plot_w * sh:.1f}" height="{bar - 1}" '
                f'fill="{SIDE_COLOURS[j % 2]}"><title>{escape(tip)}</title></rect>'
            )
            if n:
                out.append(f'<text x="{left + plot_w * sh + 4:.1f}" y="{ry + bar * j + bar - 3:.1f}" class="axis">{n}</text>')
    lx = left
    for j, side in enumerate(sides):
        name = dyad.names.get(side, side) or "?"
        out.append(f'<rect x="{lx}" y="{height - 16}" width="12" height="12" fill="{SIDE_COLOURS[j % 2]}"/>'
                   f'<text x="{lx + 16}" y="{height - 6}" class="axis">{escape(name)}</text>')
        lx += 40 + 7 * len(name)
    out.append("</svg>")
    return "\n".join(out)


def agenda_svgs(dyad: Dyad, sector_label=str) -> list[str]:
    """One agenda chart per meeting (up to MAX_AGENDA_CHARTS), aligned with ``dyad.meetings``."""
    return [
        agenda_svg(dyad, i, sector_label) if m.agenda else ""
        for i, m in enumerate(dyad.meetings[:MAX_AGENDA_CHARTS])
    ]


def sparkline_svg(trend: Trend, index: int) -> str:
    """A small line of one quad's counts per period, its last value marked; empty for one period."""
    counts = trend.quads[index].counts
    if len(counts) < 2:
        return ""
    peak = max(max(counts), 1)
    step = (SPARK_WIDTH - 4) / (len(counts) - 1)
    pts = [(2 + step * i, SPARK_HEIGHT - 2 - (SPARK_HEIGHT - 4) * c / peak) for i, c in enumerate(counts)]
    colour = QUAD_COLOURS.get(trend.quads[index].quad, "#444")
    tip = ", ".join(f"{p}: {c}" for p, c in zip(trend.periods, counts))
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
    lx, ly = pts[-1]
    return (
        f'<svg class="spark" role="img" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{_attr(tip)}"><title>{escape(tip)}</title>'
        f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
        f'<circle cx="{lx:.1f}" cy="{ly:.1f}" r="2.5" fill="{colour}"/></svg>'
    )
