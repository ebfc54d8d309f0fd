"""Where the NLP and extraction run: in this process, in N local processes, or on Dask.

All three take a batch of CleanDocuments and give back what the caller's
``work`` function makes of it (``pipeline.analyse_documents``: an Analysis or a
Rejected per document, in order); the caller stays the single writer to the
store. Each worker loads the spaCy pipeline once (``load_nlp`` is cached per
process). The work function is handed in, so this module imports no stage.

Reading, cleaning and deduplication stay with the writer on every engine: the
exact-hash and MinHash indexes must see documents in input order for the
result to be deterministic, and cleaning costs a small fraction of the NLP
(docs/scaling.md gives the measured ratio). Workers only parse and extract.

A worker that dies (killed, out of memory) ends the ingest with a
``WorkerError``; every document committed before stays, and re-running the
same command finishes the rest.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Callable
from typing import Any

from .config import Settings
from .errors import UndercurrentError, UsageError
from .records import Analysis, CleanDocument, Rejected

# What a worker runs on one batch: a module-level function, so that it pickles by name.
Work = Callable[[list[CleanDocument], Settings], list[Analysis | Rejected]]

# Batches queued per worker beyond the one it is working on: enough to keep
# every worker busy while the writer commits, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2

# How often an idle worker checks that its parent ingest is still alive (s):
# a parent killed with SIGKILL cannot stop its pool, and orphans hold a model each.
ORPHAN_CHECK_SECONDS = 1.0

WORKER_DIED = (
    "a worker process died while analysing a batch ({cause}); documents stored before "
    "are kept: re-run the same command to finish the rest (fewer --processes if memory is short)"
)


class WorkerError(UndercurrentError):
    """A worker process or Dask worker died; what was committed stays, re-running resumes."""


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)


def _warm(settings: Settings) -> None:
    from .nlp import load_nlp

    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    load_nlp(settings.model)


class InlineExecutor:
    """Runs each batch when its result is asked for, in this process."""

    max_in_flight = 0

    def __init__(self, settings: Settings, work: Work):
        self.settings = settings
        self.work = work

    def submit(self, docs: list[CleanDocument]) -> list[CleanDocument]:
        return docs

    def result(self, handle: list[CleanDocument]) -> list[Analysis | Rejected]:
        return self.work(handle, self.settings)

    def __enter__(self) -> "InlineExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class ProcessExecutor:
    """A pool of worker processes, each with its own spaCy pipeline."""

    def __init__(self, settings: Settings, processes: int, work: Work):
        self.settings = settings
        self.work = work
        self.max_in_flight = processes * IN_FLIGHT_PER_WORKER
        self.pool = ProcessPoolExecutor(max_workers=processes, initializer=_warm, initargs=(settings,))

    def submit(self, docs: list[CleanDocument]) -> Future:
        try:
            return self.pool.submit(self.work, docs, self.settings)
        except BrokenProcessPool as exc:
            raise WorkerError(WORKER_DIED.format(cause="the process pool broke")) from exc

    def result(self, fut: Future) -> list[Analysis | Rejected]:
        try:
            return fut.result()
        except BrokenProcessPool as exc:
            raise WorkerError(WORKER_DIED.format(cause="the process pool broke")) from exc

    def __enter__(self) -> "ProcessExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Batches sent to a Dask distributed scheduler; results come back to the writer."""

    def __init__(self, settings: Settings, scheduler: Any, work: Work):
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - distributed is a dependency
            raise UsageError("the dask engine needs the 'distributed' package") from exc
        self.settings = settings
        self.work = work
        self.client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        self._own_client = not isinstance(scheduler, Client)
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.max_in_flight = workers * IN_FLIGHT_PER_WORKER

    def submit(self, docs: list[CleanDocument]) -> Any:
        return self.client.submit(self.work, docs, self.settings, pure=False)

    def result(self, fut: Any) -> list[Analysis | Rejected]:
        from distributed import KilledWorker

        try:
            return fut.result()
        except KilledWorker as exc:
            raise WorkerError(WORKER_DIED.format(cause=f"Dask gave up on the task: {exc}")) from exc

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._own_client:
            self.client.close()


def make_executor(engine: str, settings: Settings, scheduler: Any = None, *, work: Work) -> Any:
    """The executor for ``engine`` ("local" or "dask") that runs ``work`` on each batch."""
    if engine == "local":
        if settings.processes <= 1:
            return InlineExecutor(settings, work)
        return ProcessExecutor(settings, settings.processes, work)
    if engine == "dask":
        if scheduler is None:
            raise UsageError("--engine dask needs --scheduler tcp://HOST:8786")
        return DaskExecutor(settings, scheduler, work)
    raise UsageError(f"unknown engine {engine!r}: use local or dask")
