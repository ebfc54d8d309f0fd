"""The notebook API: open a store, ingest, and look at a pair of states.

Example:
    >>> from undercurrent import Corpus  # doctest: +SKIP
    >>> corpus = Corpus.open("sqlite:///news.db")  # doctest: +SKIP
    >>> corpus.ingest(["articles/"])  # doctest: +SKIP
    >>> corpus.add("Xi Jinping met Vladimir Putin in Moscow.", title="Talks").status  # doctest: +SKIP
    >>> rc = corpus.dyad("Russia", "PRC", since="2023-01-01")  # doctest: +SKIP
    >>> rc.events_frame().groupby("type").size()  # doctest: +SKIP
    >>> rc.report(format="html", path="rc.html")  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .analyze.model import Dyad

if TYPE_CHECKING:
    import pandas as pd

    from .config import Settings
    from .store import Store


def _first(sources: tuple) -> Any:
    return sources[0] if sources else None


@dataclass(frozen=True)
class DyadView:
    """A :class:`Dyad` with pandas views of its parts and a report method."""

    dyad: Dyad

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "dyad":
            raise AttributeError(name)
        return getattr(self.dyad, name)

    def events_frame(self) -> "pd.DataFrame":
        """One row per canonical event, with its first evidence sentence and its number of sources."""
        import pandas as pd

        rows = []
        for e in self.dyad.events:
            ev = _first(e.sources)
            rows.append({
                "event_id": e.id, "type": e.type, "mode": e.mode, "quad": e.quad, "actors": "; ".join(e.actors),
                "recipients": "; ".join(e.recipients), "occurred": e.occurred, "reported": e.reported,
                "disclosed": e.disclosed, "lag_days": e.lag_days, "modality": e.modality, "attributed_to": e.attributed_to,
                "item": e.item, "quantity": e.quantity, "confidence": e.confidence, "sources": len(e.sources),
                "sentence": ev.text if ev else None, "document": ev.title if ev else None,
            })
        return pd.DataFrame(rows, columns=_EVENT_COLUMNS)

    def meetings_frame(self) -> "pd.DataFrame":
        """One row per meeting participant (meetings without a roster get one row with no participant)."""
        import pandas as pd

        rows = []
        for m in self.dyad.meetings:
            base = {"event_id": m.event_id, "date": m.date, "place": m.place, "declared_gap": m.declared_gap,
                    "declared_outcomes": "; ".join(m.declared_outcomes)}
            for p in m.participants or (None,):
                rows.append({**base, "participant": p.name if p else None, "side": p.side if p else None,
                             "sector": p.sector if p else None})
        return pd.DataFrame(rows, columns=_MEETING_COLUMNS)

    def dependencies_frame(self) -> "pd.DataFrame":
        """One row per (dependent, on, domain), with its cues and number of stories."""
        import pandas as pd

        rows = [
            {"dependent": d.dependent, "on": d.on, "domain": d.domain, "cues": "; ".join(d.cues),
             "modalities": "; ".join(d.modalities), "stories": d.stories, "sentence": _first(d.sources).text}
            for d in self.dyad.dependencies
        ]
        return pd.DataFrame(rows, columns=_DEPENDENCY_COLUMNS)

    def people_frame(self) -> "pd.DataFrame":
        """One row per (person, role held in the period); people without a known role get one row."""
        import pandas as pd

        rows = []
        for p in self.dyad.people:
            for r in p.roles or (None,):
                rows.append({
                    "actor_id": p.actor_id, "name": p.name, "country": p.country, "sectors": "; ".join(p.sectors),
                    "title": r.title if r else None, "organization": r.organization if r else None,
                    "sector": r.sector if r else None, "start": r.start if r else None, "end": r.end if r else None,
                })
        return pd.DataFrame(rows, columns=_PEOPLE_COLUMNS)

    def sources_frame(self) -> "pd.DataFrame":
        """One row per document, with its story cluster, dates and flagged sentences."""
        import pandas as pd

        rows = [
            {"document_id": s.document_id, "title": s.title, "source": s.source, "url": s.url, "story_id": s.cluster_id,
             "copy_of": s.near_duplicate_of, "claimed_date": s.claimed_date, "inferred_date": s.inferred_date,
             "date_conflict": s.date_conflict, "republished": s.republished, "sentences": s.sentence_count,
             "flagged": s.flagged}
            for s in self.dyad.sources.documents
        ]
        return pd.DataFrame(rows, columns=_SOURCE_COLUMNS)

    def report(self, format: str = "html", path: str | Path | None = None) -> str:  # noqa: A002 - the brief's name
        """Render the report (html, md or json); writes it to ``path`` when given and returns the text."""
        from .report.render import write_report

        return write_report(self.dyad, format, path)

    def _repr_markdown_(self) -> str:
        g = self.dyad.glance
        quads = ", ".join(f"{q.label.lower()} {q.count}" for q in g.quads)
        return f"**{self.dyad.a_name} and {self.dyad.b_name}**: {len(self.dyad.events)} events ({quads}). {g.asymmetry.verdict}"


_EVENT_COLUMNS = ["event_id", "type", "mode", "quad", "actors", "recipients", "occurred", "reported", "disclosed",
                  "lag_days", "modality", "attributed_to", "item", "quantity", "confidence", "sources", "sentence", "document"]
_MEETING_COLUMNS = ["event_id", "date", "place", "declared_gap", "declared_outcomes", "participant", "side", "sector"]
_DEPENDENCY_COLUMNS = ["dependent", "on", "domain", "cues", "modalities", "stories", "sentence"]
_PEOPLE_COLUMNS = ["actor_id", "name", "country", "sectors", "title", "organization", "sector", "start", "end"]
_SOURCE_COLUMNS = ["document_id", "title", "source", "url", "story_id", "copy_of", "claimed_date", "inferred_date",
                   "date_conflict", "republished", "sentences", "flagged"]


class Corpus:
    """A store of analysed articles, for notebooks."""

    def __init__(self, store: "Store", settings: "Settings"):
        self.store = store
        self.settings = settings

    @classmethod
    def open(cls, url: str | None = None, **settings: Any) -> "Corpus":
        """Open (and migrate) the database at ``url`` (a URL or a SQLite file path)."""
        from .config import db_url_from, load_settings
        from .store import Store

        s = load_settings(db_url=db_url_from(url), **settings) if url else load_settings(**settings)
        return cls(Store.open(s.db_url), s)

    def ingest(self, paths: list[str] | str, **kwargs: Any):
        """Read files and folders into the store; returns the ingest summary."""
        from .pipeline import ingest_paths

        if isinstance(paths, (str, Path)):
            paths = [str(paths)]
        return ingest_paths([str(p) for p in paths], self.settings, self.store, **kwargs)

    def add(self, text: str | None = None, *, html: str | None = None, title: str | None = None,
            url: str | None = None, source: str | None = None, author: str | None = None,
            published: str | None = None) -> Any:
        """Clean, deduplicate, analyse and store one article held in memory; returns its IngestOutcome.

        The same per-document path as ``undercurrent ingest`` and ``POST /api/v1/documents``
        (``pipeline.Ingester``): ``outcome.status`` is ingested, duplicate, skipped or failed,
        with the reason; only store errors and a malformed call (InputError) raise.

        Example:
            >>> corpus.add("Xi Jinping met Vladimir Putin in Moscow on 21 March 2023.", published="2023-03-21").status  # doctest: +SKIP
            'ingested'
        """
        from .pipeline import Ingester, raw_from_memory

        raw = raw_from_memory("python", text=text, html=html, title=title, url=url, source=source, author=author,
                              published=published)
        return Ingester(self.settings, self.store).ingest(raw)

    def dyad(self, a: str, b: str, since: str | None = None, until: str | None = None) -> DyadView:
        """Everything the store says about two states (names or codes) over a period."""
        from .analyze.dyad import build_dyad

        with self.store.engine.connect() as conn:
            return DyadView(build_dyad(conn, a, b, since=since, until=until))

    def export(self, format: str, path: str | Path, dyad: tuple[str, str] | None = None) -> dict[str, int]:  # noqa: A002
        """Export the store (or one pair) in one of undercurrent.export.FORMATS."""
        from .analyze.dyad import resolve_state
        from .export import export

        pair = (resolve_state(dyad[0]), resolve_state(dyad[1])) if dyad else None
        return export(self.store, format, path, pair=pair)

    def close(self) -> None:
        self.store.dispose()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
