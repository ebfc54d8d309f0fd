"""A readable plain-text summary of one analysed document (for `undercurrent read`)."""

from __future__ import annotations

from .records import Analysis, DateValue


def _date(d: DateValue | None) -> str:
    if d is None or d.start is None and d.end is None:
        return "undated"
    if d.start is None or d.end is None:
        return f"{d.start or ''}..{d.end or ''}"  # open interval: "1989.." from 1989, "..2014-09" until then
    if d.end and d.end != d.start:
        return f"{d.start}..{d.end}"
    return d.start


# Evidence for the writing date is shown up to this many characters a sentence (the JSON has it whole).
EVIDENCE_CHARS = 90


def _clip(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 3] + "..."


# How an inherited event date is marked next to it.
_INHERITED = {"happening": " (inherited from an earlier dated event)", "writing_date": " (the writing date)"}


def render_analysis_text(a: Analysis) -> str:
    """Headline facts first, then each list with its evidence sentence."""
    d = a.document
    lines = [
        f"{d.title or '(untitled)'}",
        f"  origin: {d.origin}   format: {d.fmt}   language: {d.language or '?'}",
        f"  source: {d.source or '-'}   url: {d.url or '-'}",
        f"  claimed date: {d.claimed_date or '-'}   inferred: {a.inferred_date.value if a.inferred_date else '-'}"
        + ("   DATE CONFLICT" if a.date_conflict else "")
        + ("   (republished copy)" if a.republished else ""),
        *([f"  writing date: {a.inferred_date.decision}; evidence: "
           + " | ".join(_clip(e.text) for e in a.inferred_date.evidence)] if a.inferred_date and a.inferred_date.decision else []),
        f"  quality: {a.quality.score:.2f} ({len(a.quality.flagged_sentences)} of {a.quality.sentence_count} sentences flagged)",
    ]
    if d.removed_chrome:
        lines.append("  removed chrome: " + " | ".join(d.removed_chrome))
    if d.language and not a.actors and not a.events and d.language != "en":
        lines.append(f"  not analysed: language {d.language}")
    names = {x.id: x.name for x in a.actors}
    if a.actors:
        lines.append("")
        lines.append(f"Actors ({len(a.actors)})")
        for x in a.actors:
            roles = "; ".join(
                f"{r.title or '?'}{' (' + r.sector + ')' if r.sector else ''}{' [' + r.status + ']' if r.status != 'current' else ''}"
                for r in x.roles
            )
            lines.append(f"  {x.kind:<12} {x.name}  {x.country or ''}  {roles}")
    if a.events:
        lines.append("")
        lines.append(f"Events ({len(a.events)})")
        for e in a.events:
            who = ", ".join(names.get(i, i) for i in e.actors)
            whom = ", ".join(names.get(i, i) for i in e.recipients)
            extra = f" disclosed {_date(e.disclosed)} (+{e.disclosure_lag_days} days)" if e.disclosed else ""
            when = _date(e.occurred) + (_INHERITED[e.inherited.basis] if e.inherited else "")
            lines.append(f"  {e.type}/{e.mode or '-'} {who} -> {whom or '-'}  {when}  [{e.modality}]{extra}")
            lines.append(f"      \u201c{e.evidence.text}\u201d")
    for m in a.meetings:
        lines.append("")
        lines.append(f"Meeting {_date(m.date)} {m.place or ''}: {len(m.participants)} participants")
        for p in m.participants:
            lines.append(f"  {p.side or '?'} {p.name} ({p.sector or '?'})")
        for r in m.agenda_reasons:
            lines.append(f"  agenda: {r}")
        if m.declared_gap:
            lines.append(f"  GAP: {m.declared_gap_reason}")
    if a.agreements:
        lines.append("")
        lines.append("Agreements")
        for g in a.agreements:
            lines.append(f"  {g.count or ''} {g.kind} {g.title or ''} parties {', '.join(g.parties)} disclosed={g.disclosed}")
    if a.dependencies or a.analogies:
        lines.append("")
        lines.append("Dependence")
        for x in a.dependencies:
            lines.append(f"  {x.dependent} depends on {x.on} ({x.domain}, {x.modality}): {x.cue}")
        for x in a.analogies:
            lines.append(f"  analogy: {x.senior} senior to {x.junior}")
    return "\n".join(lines)
