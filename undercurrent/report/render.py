"""Render a :class:`~undercurrent.analyze.model.Dyad` as HTML, Markdown or JSON.

HTML is one self-contained file (charts as inline SVG drawn here, no script
library, fonts or CDN) whose evidence expands in place (``<details>``); Markdown cites evidence as
footnotes; JSON follows ``undercurrent/schema/report-v1.json``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..analyze.model import Dyad, Evidence
from ..errors import UsageError
from .labels import cluster_label, code_label, sector_label

FORMATS = ("html", "md", "json")
# Labels and the order of the "By certainty" section; modalities not listed come last.
MODALITY_LABELS = {
    "asserted": "What the sources assert",
    "reported": "What they report others saying",
    "hedged": "What they only guess",
    "negated": "What they say did not happen",
    "planned": "What is planned or promised",
    "hypothetical": "What might happen",
    "historical": "Background",
}
# Addresses shown as links: only web pages, so a stored "javascript:" or "file:" address stays text.
_WEB_URL = re.compile(r"https?://[^\s<>\"']+\Z", re.I)
# Characters that change meaning in Markdown inline text or a table cell: emphasis, code, links and
# footnotes, raw HTML and entities, cells, strikethrough and math in GitHub's dialect. (">" quotes
# only at the start of a line, where no value is written, so "Russia -> China" stays as it is.)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|&~$])")
_LINE_BREAK = re.compile(r"\r\n?|\n")


def md_escape(value: Any) -> Markup:
    r"""Quoted text made inert in Markdown: specials backslash-escaped, line breaks made spaces.

    Markup (a footnote reference, a value escaped already) passes unchanged.

    Example:
        >>> print(md_escape("<b>Wire</b> | *AP*"))
        \<b>Wire\</b> \| \*AP\*
    """
    if isinstance(value, Markup):
        return value
    return Markup(_MD_SPECIAL.sub(r"\\\1", _LINE_BREAK.sub(" ", "" if value is None else str(value))))


@lru_cache(maxsize=2)
def _env(kind: str):
    from jinja2 import Environment, PackageLoader, StrictUndefined

    # Markdown: every {{ value }} goes through md_escape (finalize), as HTML autoescapes; what is
    # already Markdown (a footnote reference, an escaped value) is Markup and passes unchanged.
    env = Environment(
        loader=PackageLoader("undercurrent.report", "templates"),
        autoescape=kind == "html",
        finalize=md_escape if kind == "md" else None,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["pct"] = lambda v: f"{100 * float(v):.0f}%"
    env.filters["days"] = lambda v: "" if v is None else f"{v} days"
    env.filters["web_url"] = web_url
    env.filters["sector"] = sector_label
    env.filters["direction"] = lambda v: code_label("directions", v)
    env.filters["disclosure"] = lambda v: code_label("disclosures", v)
    return env


def web_url(url: str | None) -> str | None:
    """The address when it is an http(s) page address fit to link to, else None.

    Example:
        >>> web_url("https://tass.com/politics/1593475"), web_url("javascript:alert(1)")
        ('https://tass.com/politics/1593475', None)
    """
    return url if url and _WEB_URL.match(url) else None


class Footnotes:
    """Numbers evidence for Markdown: each distinct sentence gets one note, cited as ``[^n]``."""

    def __init__(self) -> None:
        self.notes: list[Evidence] = []
        self._index: dict[tuple, int] = {}

    def cite(self, sources: Any) -> str:
        if sources is None:
            return ""
        if isinstance(sources, Evidence):
            sources = (sources,)
        refs = []
        for ev in sources:
            key = (ev.document_id, ev.start, ev.end)
            if key not in self._index:
                self.notes.append(ev)
                self._index[key] = len(self.notes)
            refs.append(f"[^{self._index[key]}]")
        return Markup("".join(refs))


def _context(dyad: Dyad) -> dict[str, Any]:
    groups = dyad.certainty()
    order = [m for m in MODALITY_LABELS if m in groups] + sorted(m for m in groups if m not in MODALITY_LABELS)
    side_people = {
        side: [p for p in dyad.people if p.country == side] for side in (dyad.a, dyad.b)
    }
    return {
        "d": dyad,
        "certainty": [(m, MODALITY_LABELS.get(m, m), groups[m]) for m in order],
        "side_people": side_people,
        "period": _period(dyad),
    }


def _period(dyad: Dyad) -> str:
    if dyad.since and dyad.until:
        return f"{dyad.since} to {dyad.until}"
    if dyad.since:
        return f"since {dyad.since}"
    if dyad.until:
        return f"until {dyad.until}"
    return "all dates in the store"


def render_html(dyad: Dyad) -> str:
    """One self-contained HTML page."""
    from .svg import agenda_svgs, sparkline_svg, timeline_svg

    from .brief import period_briefs, roster_gaps

    sparks = [sparkline_svg(dyad.glance.trend, i) for i in range(len(dyad.glance.trend.quads))]
    return _env("html").get_template("report.html.j2").render(
        **_context(dyad), timeline=timeline_svg(dyad), agendas=agenda_svgs(dyad, cluster_label), sparks=sparks,
        headlines=roster_gaps(dyad), briefs=period_briefs(dyad),
    )


def render_markdown(dyad: Dyad) -> str:
    """Markdown with footnotes for pasting into notes; every quoted text escaped (``md_escape``)."""
    notes = Footnotes()

    def name(code: str | None) -> Markup:
        return md_escape(dyad.names.get(code, code)) if code else Markup("?")

    body = _env("md").get_template("report.md.j2").render(**_context(dyad), cite=notes.cite, name=name)
    lines = [body.rstrip(), ""]
    for i, ev in enumerate(notes.notes, 1):
        source = f", {md_escape(ev.source)}" if ev.source else ""
        lines.append(f"[^{i}]: *{md_escape(ev.title or ev.document_id)}*{source}, {md_escape(ev.date or 'undated')}: "
                     f"\"{md_escape(ev.text)}\"")
        if web_url(ev.url):
            lines[-1] += f" <{ev.url}>"
    return "\n".join(lines) + "\n"


def render_json(dyad: Dyad) -> str:
    """The dyad as JSON (sorted keys, stable output)."""
    return json.dumps(dyad.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def render(dyad: Dyad, fmt: str = "html") -> str:
    """Render in one of FORMATS.

    Example:
        >>> text = render(dyad, "md")  # doctest: +SKIP
    """
    if fmt == "html":
        return render_html(dyad)
    if fmt in ("md", "markdown"):
        return render_markdown(dyad)
    if fmt == "json":
        return render_json(dyad)
    raise UsageError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_report(dyad: Dyad, fmt: str, path: str | Path | None) -> str:
    """Render and write to ``path`` (when given); returns the text."""
    text = render(dyad, fmt)
    if path is not None:
        target = Path(path)
        if target.parent and not target.parent.exists():
            raise UsageError(f"cannot write {target}: folder {target.parent} does not exist")
        target.write_text(text, encoding="utf-8")
    return text
