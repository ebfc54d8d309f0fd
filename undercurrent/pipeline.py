"""The only place that knows the order of the stages.

    ingest -> clean -> dedup -> nlp -> extract (quality, dates, time, actors, events,
    between the lines) -> store

``analyse_parsed`` is the per-document extraction contract every extractor
plugs into; ``analyse_documents`` runs spaCy and it over a batch (in this
process or in a worker); ``ingest_paths`` streams files into the store with a
single writer; ``read_path`` analyses one article without a database.
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
from .records import Analysis, CleanDocument, Rejected
from .resolve.happenings import resolve_document


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
    base = Analysis(document=doc, inferred_date=inferred, date_conflict=conflict, republished=republished, quality=quality)
    anchor = base.anchor_date
    timexes = find_timexes(sdoc, anchor)
    actors = extract_actors(sdoc, as_of=anchor, settings=settings)
    events = extract_events(sdoc, actors, timexes, anchor=anchor, reported=doc.claimed_date, quality=quality)
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
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        place = f" at {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where else ""
        return Rejected(doc.origin, "extract", f"extraction failed ({type(exc).__name__}: {exc}{place}); please report it", "failed")


# ----------------------------------------------------------------------------- one article


def read_path(path: str, settings: Settings, date: str | None = None, url: str | None = None) -> Analysis:
    """Analyse the first article in a file (or ``-`` for stdin) without a database."""
    from .clean import clean_document
    from .ingest import iter_raw_documents

    first: Any = None
    for item in iter_raw_documents([path], settings):
        first = item
        break
    if first is None:
        raise InputError(f"{path}: no article found")
    if isinstance(first, Rejected):
        raise InputError(f"{first.origin}: {first.reason}")
    cleaned = clean_document(first, settings)
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
class _Pending:
    doc: CleanDocument
    minhash: bytes
    near_duplicate_of: str | None
    similarity: float | None


Notify = Callable[[str, Any], None]


def _iter_pending(
    paths: list[str],
    settings: Settings,
    store: Any,
    summary: IngestSummary,
    notify: Notify,
    unsaved: dict[str, list[str]],
) -> Iterator[_Pending]:
    """Read, clean and deduplicate; yields documents that need analysis.

    ``unsaved`` maps each yielded document not yet written to the origins of
    its exact copies read since: they are recorded right after it (``_save``),
    because while batches are in flight the document is not in the store yet.
    """
    from .clean import clean_document
    from .clean.dedup import NearDuplicateIndex, minhash_signature
    from .ingest import iter_raw_documents

    index = NearDuplicateIndex(settings)
    signatures: dict[str, bytes] = {}
    for doc_id, sig in store.iter_signatures():
        index.add(doc_id, sig)
        signatures[doc_id] = sig
    done = store.known_origins()
    seen_hashes: dict[str, str] = {}
    for item in iter_raw_documents(paths, settings):
        if isinstance(item, Rejected):
            _reject(item, store, summary, notify)
            continue
        if item.origin in done:
            summary.resumed += 1
            notify("resumed", item.origin)
            continue
        cleaned = clean_document(item, settings)
        if isinstance(cleaned, Rejected):
            _reject(cleaned, store, summary, notify)
            continue
        existing = seen_hashes.get(cleaned.content_hash) or store.document_by_hash(cleaned.content_hash)
        if existing:
            if existing in unsaved:
                unsaved[existing].append(cleaned.origin)
            else:
                store.record_exact_duplicate(cleaned.origin, existing)
            summary.exact_duplicates += 1
            notify("duplicate", f"{cleaned.origin}: same text as {existing}")
            continue
        seen_hashes[cleaned.content_hash] = cleaned.id
        sig = minhash_signature(cleaned.text, settings)
        candidates = index.query(sig)
        index.add(cleaned.id, sig)
        signatures[cleaned.id] = sig
        if cleaned.language and cleaned.language not in settings.language_set:
            reason = f"language {cleaned.language}"
            store.save_skipped(cleaned, reason, minhash=sig)
            summary.skipped[reason] += 1
            notify("skipped", f"{cleaned.origin}: {reason}")
            continue
        near = candidates[0] if candidates else None
        near_sig = signatures.get(near) if near else None
        similarity = round(index.estimate(sig, near_sig), 3) if near_sig else None
        unsaved[cleaned.id] = []
        yield _Pending(cleaned, sig, near, similarity)


def _reject(item: Rejected, store: Any, summary: IngestSummary, notify: Notify) -> None:
    if item.kind == "skipped":
        summary.skipped[item.reason] += 1
    else:
        summary.failed.append((item.origin, item.reason))
    store.record_rejection(item)
    notify(item.kind, f"{item.origin}: {item.reason}")


def _batches(items: Iterable[_Pending], size: int) -> Iterator[list[_Pending]]:
    batch: list[_Pending] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _save(
    store: Any, pending: list[_Pending], analyses: list[Analysis | Rejected], summary: IngestSummary, notify: Notify,
    settings: Settings,
    unsaved: dict[str, list[str]],
) -> None:
    for p, a in zip(pending, analyses):
        if isinstance(a, Rejected):
            _reject(a, store, summary, notify)
            continue
        stored = store.save_analysis(
            a, minhash=p.minhash, near_duplicate_of=p.near_duplicate_of, similarity=p.similarity
        )
        for origin in unsaved.pop(p.doc.id, []):
            store.record_exact_duplicate(origin, p.doc.id)
        if stored:
            summary.ingested += 1
            if p.near_duplicate_of:
                summary.near_duplicates += 1
            _resolve_people(store, a, settings)
            resolve_document(store, p.doc.id)
            notify("ingested", p.doc.origin)
        else:
            summary.exact_duplicates += 1
            notify("duplicate", p.doc.origin)


# A cross-document match must score at least this to be recorded as a merge: the resolver's
# weakest kind of evidence (same given name, country and office; garbled surname) scores 0.6.
MERGE_MIN_SCORE = 0.6


@lru_cache(maxsize=4)
def _dictionary(extra_paths: tuple[str, ...]) -> Any:
    from .ontology.dictionary import ActorDictionary

    return ActorDictionary.load(extra_paths)


def _resolve_people(store: Any, analysis: Analysis, settings: Settings) -> None:
    """Record cross-document matches of people as merge judgements (reversible, nothing overwritten)."""
    from .resolve.people import match_people

    extra = tuple(p.strip() for p in settings.user_dictionaries.split(",") if p.strip())
    dictionary = _dictionary(extra)
    for person in analysis.actors:
        if person.kind != "person":
            continue
        for candidate in store.people_candidates(person):
            match = match_people(person, candidate, dictionary)
            if match is not None and match.score >= MERGE_MIN_SCORE:
                store.record_judgement("merge", person.id, candidate.id, match.score, match.reason)


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
    from .parallel import make_executor

    if not paths:
        raise UsageError("give at least one file or directory to ingest (or - for stdin)")
    notify = notify or (lambda kind, msg: None)
    summary = IngestSummary()
    started = time.perf_counter()
    unsaved: dict[str, list[str]] = {}
    pending = _iter_pending(paths, settings, store, summary, notify, unsaved)
    with make_executor(engine, settings, scheduler) as executor:
        in_flight: deque[tuple[list[_Pending], Any]] = deque()
        for batch in _batches(pending, settings.batch_size):
            in_flight.append((batch, executor.submit([p.doc for p in batch])))
            while len(in_flight) > executor.max_in_flight:
                done_batch, fut = in_flight.popleft()
                _save(store, done_batch, executor.result(fut), summary, notify, settings, unsaved)
        while in_flight:
            done_batch, fut = in_flight.popleft()
            _save(store, done_batch, executor.result(fut), summary, notify, settings, unsaved)
    summary.seconds = time.perf_counter() - started
    return summary

