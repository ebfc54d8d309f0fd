"""The only place that knows the order of the stages.

    ingest -> clean -> dedup -> nlp -> extract (quality, dates, time, actors, events,
    between the lines) -> store

``analyse_parsed`` is the per-document extraction contract every extractor
plugs into; ``analyse_documents`` runs spaCy and it over a batch (in this
process or in a worker); ``Ingester`` takes one document through clean, dedup,
analysis, store and people resolution, the one way in for the CLI
(``ingest_paths``, which batches the analyses), ``POST /api/v1/documents`` and
``Corpus.add``; ``read_path`` analyses one article without a database.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .config import Settings
from .errors import InputError, UsageError
from .parallel import make_executor
from .records import Analysis, CleanDocument, RawDocument, Rejected
from .resolve.happenings import resolve_document


def analyse_parsed(doc: CleanDocument, sdoc: Any, settings: Settings) -> Analysis:
    """Run every extractor over one parsed document.

    ``sdoc`` is the spaCy Doc of ``doc.text`` (offsets are shared). Order
    matters: the writing date is inferred first so that relative time
    expressions resolve against it; actors before events; events, then the
    dates undated events inherit, before meetings and agreements.
    """
    from .extract.actors import extract_actors
    from .extract.between import extract_between_lines
    from .extract.dating import infer_writing_date
    from .extract.eventdates import inherit_event_dates
    from .extract.events import extract_events
    from .extract.quality import assess_quality
    from .extract.timex import find_timexes

    quality = assess_quality(sdoc)
    inferred, conflict, republished = infer_writing_date(sdoc, doc.claimed_date, settings.date_conflict_days)
    base = Analysis(document=doc, inferred_date=inferred, date_conflict=conflict, republished=republished, quality=quality)
    anchor = base.anchor_date
    timexes = find_timexes(sdoc, anchor)
    actors = extract_actors(sdoc, as_of=anchor, settings=settings)
    events = extract_events(sdoc, actors, timexes, anchor=anchor, reported=doc.claimed_date, quality=quality)
    events = inherit_event_dates(sdoc, events, anchor)
    meetings, agreements, dependencies, analogies = extract_between_lines(sdoc, actors, events, timexes, anchor=anchor)
    return replace(
        base,
        actors=tuple(actors),
        events=tuple(events),
        meetings=tuple(meetings),
        agreements=tuple(agreements),
        dependencies=tuple(dependencies),
        analogies=tuple(analogies),
    )


def analyse_documents(docs: list[CleanDocument], settings: Settings) -> list[Analysis | Rejected]:
    """Parse a batch with ``nlp.pipe`` and run the extractors on each Doc.

    An extractor that fails on one document turns that document into a
    Rejected (stage "extract", the error named), so the rest of the batch and
    of the run go on; the re-run after a fix analyses it again.
    """
    from .nlp import load_nlp

    nlp = load_nlp(settings.model)
    sdocs = nlp.pipe((d.text for d in docs), batch_size=settings.batch_size)
    return [_analyse_guarded(d, s, settings) for d, s in zip(docs, sdocs)]


def _analyse_guarded(doc: CleanDocument, sdoc: Any, settings: Settings) -> Analysis | Rejected:
    try:
        return analyse_parsed(doc, sdoc, settings)
    except Exception as exc:  # a bug in one extractor must not lose the other documents
        return _failure(doc.origin, "extract", "extraction", exc)


def clean_guarded(raw: RawDocument, settings: Settings) -> CleanDocument | Rejected:
    """``clean_document``, with an unexpected error (a parser's assertion) turned into a Rejected."""
    from .clean import clean_document

    try:
        return clean_document(raw, settings)
    except Exception as exc:  # a bug in cleaning must not lose the other documents
        return _failure(raw.origin, "clean", "cleaning", exc)


# ----------------------------------------------------------------------------- one article


def raw_from_memory(
    scheme: str,
    *,
    text: str | None = None,
    html: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    author: str | None = None,
    published: str | None = None,
) -> RawDocument:
    """An article handed over in memory (an HTTP body, a notebook string) as read input.

    Its origin is ``scheme:`` and the body's hash, so the same body posted twice is one origin.

    Raises:
        InputError: not exactly one of ``text`` and ``html``, ``published`` not a calendar date
            YYYY-MM-DD, or a NUL character in the metadata (cleaning drops it from the text;
            PostgreSQL refuses it).

    Example:
        >>> raw_from_memory("python", text="Xi Jinping met Vladimir Putin.").origin
        'python:4ab9323cbdbfd230'
    """
    import hashlib
    from datetime import date

    if (text is None) == (html is None):
        raise InputError("give exactly one of text and html")
    if published is not None:
        try:
            ok = len(published) == 10 and date.fromisoformat(published).isoformat() == published
        except ValueError:
            ok = False
        if not ok:
            raise InputError(f"published: {published!r} is not a calendar date YYYY-MM-DD")
    meta = {"title": title, "url": url, "source": source, "author": author}
    for name, value in meta.items():
        if value is not None and "\x00" in value:
            raise InputError(f"{name}: holds a NUL character (\\u0000)")
    body = text if text is not None else html or ""
    origin = f"{scheme}:" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    return RawDocument(origin=origin, fmt="html" if html is not None else "text", text=text, html=html,
                       published=published, **meta)


def read_path(path: str, settings: Settings, date: str | None = None, url: str | None = None) -> Analysis:
    """Analyse the first article in a file (or ``-`` for stdin) without a database."""
    from .ingest import iter_raw_documents

    first: Any = None
    for item in iter_raw_documents([path], settings):
        first = item
        break
    if first is None:
        raise InputError(f"{path}: no article found")
    if isinstance(first, Rejected):
        raise InputError(f"{first.origin}: {first.reason}")
    cleaned = clean_guarded(first, settings)
    if isinstance(cleaned, Rejected):
        raise InputError(f"{cleaned.origin}: {cleaned.reason}")
    if url:
        cleaned = replace(cleaned, url=url)
    if date and not cleaned.claimed_date:
        cleaned = replace(cleaned, claimed_date=date)
    if cleaned.language and cleaned.language not in settings.language_set:
        return Analysis(document=cleaned)
    result = analyse_documents([cleaned], settings)[0]
    if isinstance(result, Rejected):
        raise InputError(f"{result.origin}: {result.reason}")
    return result


# ----------------------------------------------------------------------------- ingest

# What can happen to one input; every entry point reports one of these.
OUTCOMES = ("ingested", "duplicate", "resumed", "skipped", "failed")


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What became of one input: the value the CLI counts, the web answers and the Python API returns.

    ``status`` is one of OUTCOMES. ``document_id`` is the stored document (for a duplicate, the one
    already stored); ``reason`` says why an input was skipped or failed.
    """

    origin: str
    status: str
    document_id: str | None = None
    reason: str | None = None
    events: int = 0
    near_duplicate_of: str | None = None

    @property
    def message(self) -> str:
        if self.reason:
            return f"{self.origin}: {self.reason}"
        if self.status == "duplicate" and self.document_id:
            return f"{self.origin}: same text as {self.document_id}"
        return self.origin


@dataclass
class IngestSummary:
    """What an ingest did, counted; every input is in exactly one bucket."""

    ingested: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    resumed: int = 0  # already in the store from an earlier run
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    failed: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def count(self, outcome: IngestOutcome) -> None:
        if outcome.status == "ingested":
            self.ingested += 1
            self.near_duplicates += outcome.near_duplicate_of is not None
        elif outcome.status == "duplicate":
            self.exact_duplicates += 1
        elif outcome.status == "resumed":
            self.resumed += 1
        elif outcome.status == "skipped":
            self.skipped[outcome.reason] += 1
        else:
            self.failed.append((outcome.origin, outcome.reason or "failed"))

    def rows(self) -> list[tuple[str, int]]:
        out = [
            ("ingested", self.ingested),
            ("  of which near-duplicates", self.near_duplicates),
            ("exact duplicates", self.exact_duplicates),
            ("already stored (resumed)", self.resumed),
        ]
        out += [(f"skipped: {reason}", n) for reason, n in sorted(self.skipped.items())]
        out.append(("failed", len(self.failed)))
        return out


@dataclass(frozen=True, slots=True)
class Admitted:
    """A cleaned, deduplicated document waiting for its analysis."""

    doc: CleanDocument
    minhash: bytes
    near_duplicate_of: str | None
    similarity: float | None


Notify = Callable[[str, Any], None]


class Ingester:
    """One writer's way into the store; every entry point ingests through it.

    ``admit`` takes one read item as far as the analysis (clean, exact and near duplicates,
    language); ``finish`` stores the analysis and records cross-document merges of people;
    ``ingest`` does both for one document. ``undercurrent ingest`` batches the analyses of
    admitted documents between the two; ``POST /api/v1/documents`` and ``Corpus.add`` call
    ``ingest``. Each step turns a problem with the input into an :class:`IngestOutcome`, so the
    three behave alike on success and failure; only store errors raise.

    The near-duplicate index holds the store's documents as they were when the Ingester was made,
    plus those it admitted since. With ``resume``, origins already handled in an earlier run are
    passed over (re-running a file ingest after a crash finishes the rest).

    Example:
        >>> outcome = Ingester(settings, store).ingest(RawDocument("note", "text", text="..."))  # doctest: +SKIP
        >>> outcome.status  # doctest: +SKIP
        'ingested'
    """

    def __init__(self, settings: Settings, store: Any, *, resume: bool = False):
        from .clean.dedup import NearDuplicateIndex

        self.settings = settings
        self.store = store
        self.index = NearDuplicateIndex(settings)
        self.signatures: dict[str, bytes] = {}
        for doc_id, sig in store.iter_signatures():
            self.index.add(doc_id, sig)
            self.signatures[doc_id] = sig
        self.done = store.known_origins() if resume else set()
        self.seen_hashes: dict[str, str] = {}
        # Admitted documents not stored yet -> origins of exact copies read since: recorded right
        # after the document (in ``finish``), because while batches are in flight it is not in the store.
        self.unsaved: dict[str, list[str]] = {}

    def admit(self, item: RawDocument | Rejected) -> Admitted | IngestOutcome:
        """Clean and deduplicate one item; an Admitted document needs analysis, an outcome is final."""
        from .clean.dedup import minhash_signature

        if isinstance(item, Rejected):
            return self._reject(item)
        if item.origin in self.done:
            return IngestOutcome(item.origin, "resumed")
        cleaned = clean_guarded(item, self.settings)
        if isinstance(cleaned, Rejected):
            return self._reject(cleaned)
        existing = self.seen_hashes.get(cleaned.content_hash) or self.store.document_by_hash(cleaned.content_hash)
        if existing:
            if existing in self.unsaved:
                self.unsaved[existing].append(cleaned.origin)
            else:
                self.store.record_exact_duplicate(cleaned.origin, existing)
            return IngestOutcome(cleaned.origin, "duplicate", existing)
        self.seen_hashes[cleaned.content_hash] = cleaned.id
        sig = minhash_signature(cleaned.text, self.settings)
        candidates = self.index.query(sig)
        self.index.add(cleaned.id, sig)
        self.signatures[cleaned.id] = sig
        if cleaned.language and cleaned.language not in self.settings.language_set:
            reason = f"language {cleaned.language}"
            self.store.save_skipped(cleaned, reason, minhash=sig)
            return IngestOutcome(cleaned.origin, "skipped", cleaned.id, reason)
        near = candidates[0] if candidates else None
        near_sig = self.signatures.get(near) if near else None
        similarity = round(self.index.estimate(sig, near_sig), 3) if near_sig else None
        self.unsaved[cleaned.id] = []
        return Admitted(cleaned, sig, near, similarity)

    def finish(self, admitted: Admitted, analysis: Analysis | Rejected) -> IngestOutcome:
        """Store one analysis (one transaction) and record merges of its people with stored ones."""
        doc = admitted.doc
        copies = self.unsaved.pop(doc.id, [])
        if isinstance(analysis, Rejected):
            # Not stored: the copies read meanwhile stay unrecorded (a re-run reads them again) and
            # later copies are admitted afresh.
            self.seen_hashes.pop(doc.content_hash, None)
            return self._reject(analysis)
        stored = self.store.save_analysis(
            analysis, minhash=admitted.minhash, near_duplicate_of=admitted.near_duplicate_of,
            similarity=admitted.similarity,
        )
        for origin in copies:
            self.store.record_exact_duplicate(origin, doc.id)
        if not stored:
            return IngestOutcome(doc.origin, "duplicate", doc.id)
        self._resolve_people(analysis)
        resolve_document(self.store, doc.id)
        return IngestOutcome(doc.origin, "ingested", doc.id, events=len(analysis.events),
                             near_duplicate_of=admitted.near_duplicate_of)

    def ingest(self, item: RawDocument | Rejected) -> IngestOutcome:
        """Admit, analyse and store one document."""
        admitted = self.admit(item)
        if isinstance(admitted, IngestOutcome):
            return admitted
        return self.finish(admitted, analyse_documents([admitted.doc], self.settings)[0])

    def _reject(self, item: Rejected) -> IngestOutcome:
        self.store.record_rejection(item)
        return IngestOutcome(item.origin, "skipped" if item.kind == "skipped" else "failed", reason=item.reason)

    def _resolve_people(self, analysis: Analysis) -> None:
        """Record cross-document matches of people as merge judgements (reversible, nothing overwritten)."""
        from .resolve.people import match_people

        extra = tuple(p.strip() for p in self.settings.user_dictionaries.split(",") if p.strip())
        dictionary = _dictionary(extra)
        for person in analysis.actors:
            if person.kind != "person":
                continue
            for candidate in self.store.people_candidates(person):
                match = match_people(person, candidate, dictionary)
                if match is not None and match.score >= MERGE_MIN_SCORE:
                    self.store.record_judgement("merge", person.id, candidate.id, match.score, match.reason)


def _failure(origin: str, stage: str, doing: str, exc: Exception) -> Rejected:
    """A Rejected naming an unexpected error and where it was raised (for the bug report)."""
    where = exc.__traceback__
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    place = f" at {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where else ""
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return Rejected(origin, stage, f"{doing} failed ({detail}{place}); please report it", "failed")


# A cross-document match must score at least this to be recorded as a merge: the resolver's
# weakest kind of evidence (same given name, country and office; garbled surname) scores 0.6.
MERGE_MIN_SCORE = 0.6


@lru_cache(maxsize=4)
def _dictionary(extra_paths: tuple[str, ...]) -> Any:
    from .ontology.dictionary import ActorDictionary

    return ActorDictionary.load(extra_paths)


def _batches(items: Iterable[Admitted], size: int) -> Iterator[list[Admitted]]:
    batch: list[Admitted] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_paths(
    paths: list[str],
    settings: Settings,
    store: Any,
    *,
    notify: Notify | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> IngestSummary:
    """Stream files into the store: one transaction per document, a single writer.

    ``engine`` is "local" (``settings.processes`` worker processes; 1 means
    in-process) or "dask" (a Dask distributed cluster at ``scheduler``).
    Re-running after a crash skips what is stored and finishes the rest.
    """
    from .ingest import iter_raw_documents

    if not paths:
        raise UsageError("give at least one file or directory to ingest (or - for stdin)")
    notify = notify or (lambda kind, msg: None)
    summary = IngestSummary()
    started = time.perf_counter()
    ingester = Ingester(settings, store, resume=True)

    def report(outcome: IngestOutcome) -> None:
        summary.count(outcome)
        notify(outcome.status, outcome.message)

    def admitted() -> Iterator[Admitted]:
        for item in iter_raw_documents(paths, settings, notify=notify):
            result = ingester.admit(item)
            if isinstance(result, IngestOutcome):
                report(result)
            else:
                yield result

    def finish(batch: list[Admitted], analyses: list[Analysis | Rejected]) -> None:
        for one, analysis in zip(batch, analyses):
            report(ingester.finish(one, analysis))

    with make_executor(engine, settings, scheduler, work=analyse_documents) as executor:
        in_flight: deque[tuple[list[Admitted], Any]] = deque()
        for batch in _batches(admitted(), settings.batch_size):
            in_flight.append((batch, executor.submit([a.doc for a in batch])))
            while len(in_flight) > executor.max_in_flight:
                finish(*_result(executor, in_flight.popleft()))
        while in_flight:
            finish(*_result(executor, in_flight.popleft()))
    summary.seconds = time.perf_counter() - started
    return summary


def _result(executor: Any, entry: tuple[list[Admitted], Any]) -> tuple[list[Admitted], list[Analysis | Rejected]]:
    batch, handle = entry
    return batch, executor.result(handle)
