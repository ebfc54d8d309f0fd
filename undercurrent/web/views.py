"""What the pages show, assembled from analyze/ and store queries (no SQL, no HTML here)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from ..analyze.dyad import build_dyad
from ..analyze.model import Dyad
from ..analyze.timeline import to_date
from ..store.web_queries import DocumentDetail, Highlight

_HL = re.compile(r"^(\d{1,9})-(\d{1,9})$")
# PLOVER event types, for the filter menus (DOMAIN.md).
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
               "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = ("asserted", "reported", "hedged", "negated", "planned", "hypothetical", "historical")


def parse_hl(value: str | None) -> tuple[int, int] | None:
    """``"120-245"`` -> (120, 245); anything else -> None.

    Example:
        >>> parse_hl("12-40"), parse_hl("40-12"), parse_hl("x")
        ((12, 40), None, None)
    """
    match = _HL.match(value or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if start < end else None


def json_for_script(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survive."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str) if not isinstance(value, str) else value
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --------------------------------------------------------------------------- document text


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text covered by the same highlights."""

    text: str
    kinds: tuple[str, ...]
    labels: tuple[str, ...]
    events: tuple[str, ...]  # ids (and canonical ids) of events whose evidence covers it
    anchors: tuple[str, ...]  # element ids that start here
    highlighted: bool


def document_segments(detail: DocumentDetail, hl: tuple[int, int] | None) -> list[Segment]:
    """Cut the text at every highlight boundary; each piece knows what covers it."""
    text = detail.text
    spans: list[Highlight] = list(detail.highlights)
    canonical = {e.id: e.canonical_id for e in detail.events}
    cuts = {0, len(text)}
    for h in spans:
        cuts.update((h.start, h.end))
    if hl:
        hl = (max(0, min(hl[0], len(text))), max(0, min(hl[1], len(text))))
        cuts.update(hl)
    bounds = sorted(cuts)
    anchors_at: dict[int, list[str]] = {}
    seen: set[str] = set()
    for h in spans:
        if h.kind == "event" and h.ref:
            for ident in (h.ref, canonical.get(h.ref, h.ref)):
                if ident not in seen:
                    seen.add(ident)
                    anchors_at.setdefault(h.start, []).append(f"ev-{ident}")
    if hl and hl[0] < hl[1]:
        anchors_at.setdefault(hl[0], []).append("hl")
    out: list[Segment] = []
    for start, end in zip(bounds, bounds[1:]):
        if start >= end:
            continue
        covering = [h for h in spans if h.start <= start and end <= h.end]
        events: list[str] = []
        for h in covering:
            if h.kind == "event" and h.ref:
                events += [h.ref] + ([canonical[h.ref]] if canonical.get(h.ref, h.ref) != h.ref else [])
        out.append(
            Segment(
                text=text[start:end],
                kinds=tuple(sorted({h.kind for h in covering})),
                labels=tuple(dict.fromkeys(h.label for h in covering)),
                events=tuple(dict.fromkeys(events)),
                anchors=tuple(anchors_at.get(start, ())),
                highlighted=bool(hl and hl[0] <= start and end <= hl[1]),
            )
        )
    return out


# --------------------------------------------------------------------------- pair dashboard


@dataclass(frozen=True, slots=True)
class PairView:
    dyad: Dyad
    figure: str  # plotly figure JSON, safe for a script data block
    event_type: str | None
    modality: str | None
    total_events: int  # before the type and modality filters


def pair_view(
    conn: Any, a: str, b: str, *, since: str | None, until: str | None, event_type: str | None, modality: str | None
) -> PairView:
    """The dyad report of two states, its events narrowed by type and modality, with a clickable timeline."""
    dyad, total = filtered_dyad(conn, a, b, since=since, until=until, event_type=event_type, modality=modality)
    return PairView(dyad, json_for_script(timeline_json(dyad)), event_type, modality, total)


def filtered_dyad(
    conn: Any, a: str, b: str, *, since: str | None, until: str | None, event_type: str | None, modality: str | None
) -> tuple[Dyad, int]:
    """The dyad with only the events of one type and modality (when given), and the count before filtering."""
    dyad = build_dyad(conn, a, b, since=since, until=until)
    kept = tuple(
        e for e in dyad.events
        if (not event_type or e.type == event_type.upper()) and (not modality or e.modality == modality)
    )
    return replace(dyad, events=kept), len(dyad.events)


def timeline_json(dyad: Dyad) -> dict[str, Any]:
    """The report's timeline figure with each point's event id as ``customdata`` (for click handling)."""
    from ..report.chart import QUAD_COLOURS, timeline_figure

    fig = timeline_figure(dyad)
    labels = {q.quad: q.label for q in dyad.glance.quads}
    by_label = {labels.get(quad, quad): quad for quad in QUAD_COLOURS}
    meetings = [m.event_id for m in dyad.meetings if to_date(m.date)]
    for trace in fig.data:
        quad = by_label.get(trace.name)
        if quad is not None:
            trace.customdata = [e.id for e in dyad.events if e.quad == quad and to_date(e.occurred)]
        elif trace.name == "Meeting":
            trace.customdata = meetings
    return json.loads(fig.to_json())
