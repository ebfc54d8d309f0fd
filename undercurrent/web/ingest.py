"""Adding one document over HTTP: the posted body becomes a RawDocument and goes through
``pipeline.Ingester``, the same way in as ``undercurrent ingest`` and ``Corpus.add``."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, model_validator

from ..config import Settings
from ..records import RawDocument

# One writer at a time: ingests over HTTP queue here instead of contending for the database lock.
_WRITER = threading.Lock()


class IngestPayload(BaseModel):
    """Body of ``POST /api/v1/documents``: the article as text or HTML, with what is known about it."""

    text: str | None = Field(None, description="Plain article text.")
    html: str | None = Field(None, description="The article's HTML page (main text is extracted).")
    title: str | None = None
    url: str | None = None
    source: str | None = Field(None, description="Outlet name.")
    author: str | None = None
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Page date YYYY-MM-DD.")

    @model_validator(mode="after")
    def _one_body(self) -> "IngestPayload":
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of text and html")
        return self

    def to_raw(self) -> RawDocument:
        """The posted article as read input (``pipeline.raw_from_memory``; InputError when it is not one)."""
        from ..pipeline import raw_from_memory

        return raw_from_memory("api", **self.model_dump())


@dataclass(frozen=True, slots=True)
class IngestResult:
    document_id: str
    stored: bool  # False: the same text was already in the store
    status: str  # analysed, skipped (stored, not analysed: another language), duplicate
    events: int
    near_duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class IngestRefusal:
    """The document was not stored: why, in the words the CLI's summary uses."""

    reason: str


def ingest_payload(payload: IngestPayload, settings: Settings, store: Any, state: Any) -> IngestResult | IngestRefusal:
    """Clean, deduplicate, analyse and store one posted article, one request at a time.

    ``state`` is where the app keeps its Ingester (``app.state``): its near-duplicate index is
    read from the store at the first ingest and then kept up to date by the ingests that follow.

    Raises:
        InputError: the payload is not one article (``pipeline.raw_from_memory``).

    Example:
        >>> ingest_payload(IngestPayload(text="Xi Jinping met Vladimir Putin."), settings, store, app.state)  # doctest: +SKIP
    """
    from ..pipeline import Ingester

    raw = payload.to_raw()
    with _WRITER:
        ingester = getattr(state, "ingester", None)
        if ingester is None:
            ingester = state.ingester = Ingester(settings, store)
        outcome = ingester.ingest(raw)
    if outcome.status == "ingested":
        return IngestResult(outcome.document_id, True, "analysed", outcome.events, outcome.near_duplicate_of)
    if outcome.status == "duplicate":
        return IngestResult(outcome.document_id, False, "duplicate", 0, None)
    if outcome.status == "skipped" and outcome.document_id:
        return IngestResult(outcome.document_id, True, "skipped", 0, None)
    return IngestRefusal(outcome.reason or "not stored")
