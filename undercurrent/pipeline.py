"""The only place that knows the order of the stages.

    ingest -> clean -> nlp -> extract (quality, time, actors, events, between the lines) -> store

``analyse_parsed`` is the per-document extraction contract every extractor
plugs into; ``read_file`` and ``ingest`` (in ``undercurrent.run``) call it.
"""

from __future__ import annotations

from typing import Any

from .config import Settings
from .records import Analysis, CleanDocument


def analyse_parsed(doc: CleanDocument, sdoc: Any, settings: Settings) -> Analysis:
    """Run every extractor over one parsed document.

    ``sdoc`` is the spaCy Doc of ``doc.text`` (offsets are shared). Order
    matters: the writing date is inferred first so that relative time
    expressions resolve against it; actors before events; events before
    meetings and agreements.
    """
    from .extract.actors import extract_actors
    from .extract.between import extract_between_lines
    from .extract.dating import infer_writing_date
    from .extract.events import extract_events
    from .extract.quality import assess_quality
    from .extract.timex import find_timexes

    quality = assess_quality(sdoc)
    inferred, conflict, republished = infer_writing_date(sdoc, doc.claimed_date, settings.date_conflict_days)
    analysis = Analysis(
        document=doc, inferred_date=inferred, date_conflict=conflict, republished=republished, quality=quality
    )
    anchor = analysis.anchor_date
    timexes = find_timexes(sdoc, anchor)
    actors = extract_actors(sdoc, as_of=anchor, settings=settings)
    events = extract_events(sdoc, actors, timexes, anchor=anchor, reported=doc.claimed_date, quality=quality)
    meetings, agreements, dependencies, analogies = extract_between_lines(sdoc, actors, events, timexes, anchor=anchor)
    return Analysis(
        document=doc,
        inferred_date=inferred,
        date_conflict=conflict,
        republished=republished,
        quality=quality,
        actors=actors,
        events=events,
        meetings=meetings,
        agreements=agreements,
        dependencies=dependencies,
        analogies=analogies,
    )
