"""Adding one document over HTTP: the same stages as ``undercurrent ingest``, for one body."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, model_validator

from ..config import Settings
from ..errors import InputError
from ..records import RawDocument, Rejected

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


@dataclass(frozen=True, slots=True)
class IngestResult:
    document_id: str
    stored: bool  # False: the same text was already in the store
    status: str  # analysed, skipped, duplicate
    events: int
    near_duplicate_of: str | None


def ingest_payload(payload: IngestPayload, settings: Settings, store: Any) -> IngestResult:
    """Clean, deduplicate, analyse and store one posted article.

    Raises:
        InputError: when no article text is left after cleaning.

    Example:
        >>> ingest_payload(IngestPayload(text="Xi Jinping met Vladimir Putin."), settings, store)  # doctest: +SKIP
    """
    from ..clean import clean_document
    from ..clean.dedup import estimate_jaccard, minhash_signature
    from ..pipeline import analyse_documents

    body = (payload.text if payload.text is not None else payload.html) or ""
    origin = "api:" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    raw = RawDocument(
        origin=origin, fmt="html" if payload.html is not None else "text", text=payload.text, html=payload.html,
        title=payload.title, url=payload.url, source=payload.source, author=payload.author, published=payload.published,
    )
    cleaned = clean_document(raw, settings)
    if isinstance(cleaned, Rejected):
        raise InputError(cleaned.reason)
    with _WRITER:
        existing = store.document_by_hash(cleaned.content_hash)
        if existing:
            store.record_exact_duplicate(cleaned.origin, existing)
            return IngestResult(existing, False, "duplicate", 0, None)
        sig = minhash_signature(cleaned.text, settings)
        scored = sorted(
            ((-estimate_jaccard(sig, other), doc_id) for doc_id, other in store.iter_signatures() if len(other) == len(sig)),
        )
        near, similarity = None, None
        if scored and -scored[0][0] >= settings.near_dup_threshold:
            near, similarity = scored[0][1], round(-scored[0][0], 3)
        if cleaned.language and cleaned.language not in settings.language_set:
            store.save_skipped(cleaned, f"language {cleaned.language}", minhash=sig)
            return IngestResult(cleaned.id, True, "skipped", 0, near)
        analysis = analyse_documents([cleaned], settings)[0]
        stored = store.save_analysis(analysis, minhash=sig, near_duplicate_of=near, similarity=similarity)
    return IngestResult(cleaned.id, stored, "analysed" if stored else "duplicate", len(analysis.events), near)
