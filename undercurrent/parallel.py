"""Where the NLP and extraction run: in this process, in N local processes, or on Dask.

All three take a batch of CleanDocuments and give back Analyses in the same
order; the caller stays the single writer to the store. Each worker loads the
spaCy pipeline once (``load_nlp`` is cached per process).
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .config import Settings
from .errors import UsageError
from .records import Analysis, CleanDocument

# Batches queued per worker beyond the one it is working on: enough to keep
# every worker busy while the writer commits, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2


def _work(docs: list[CleanDocument], settings: Settings) -> list[Analysis]:
    from .pipeline import analyse_documents

    return analyse_documents(docs, settings)


def _warm(settings: Settings) -> None:
    from .nlp import load_nlp

    load_nlp(settings.model)


class InlineExecutor:
    """Runs each batch when its result is asked for, in this process."""

    max_in_flight = 0

    def __init__(self, settings: Settings):
        self.settings = settings

    def submit(self, docs: list[CleanDocument]) -> list[CleanDocument]:
        return docs

    def result(self, handle: list[CleanDocument]) -> list[Analysis]:
        return _work(handle, self.settings)

    def __enter__(self) -> "InlineExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class ProcessExecutor:
    """A pool of worker processes, each with its own spaCy pipeline."""

    def __init__(self, settings: Settings, processes: int):
        self.settings = settings
        self.max_in_flight = processes * IN_FLIGHT_PER_WORKER
        self.pool = ProcessPoolExecutor(max_workers=processes, initializer=_warm, initargs=(settings,))

    def submit(self, docs: list[CleanDocument]) -> Future:
        return self.pool.submit(_work, docs, self.settings)

    def result(self, fut: Future) -> list[Analysis]:
        return fut.result()

    def __enter__(self) -> "ProcessExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Batches sent to a Dask distributed scheduler; results come back to the writer."""

    def __init__(self, settings: Settings, scheduler: Any):
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - distributed is a dependency
            raise UsageError("the dask engine needs the 'distributed' package") from exc
        self.settings = settings
        self.client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        self._own_client = not isinstance(scheduler, Client)
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.max_in_flight = workers * IN_FLIGHT_PER_WORKER

    def submit(self, docs: list[CleanDocument]) -> Any:
        return self.client.submit(_work, docs, self.settings, pure=False)

    def result(self, fut: Any) -> list[Analysis]:
        return fut.result()

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._own_client:
            self.client.close()


def make_executor(engine: str, settings: Settings, scheduler: Any = None) -> Any:
    """The executor for ``engine`` ("local" or "dask")."""
    if engine == "local":
        if settings.processes <= 1:
            return InlineExecutor(settings)
        return ProcessExecutor(settings, settings.processes)
    if engine == "dask":
        if scheduler is None:
            raise UsageError("--engine dask needs --scheduler tcp://HOST:8786")
        return DaskExecutor(settings, scheduler)
    raise UsageError(f"unknown engine {engine!r}: use local or dask")
