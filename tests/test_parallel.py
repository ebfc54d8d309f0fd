"""Engines: N local processes and a Dask cluster store exactly what one process stores."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from undercurrent.cli import app
from undercurrent.config import load_settings
from undercurrent.errors import UsageError
from undercurrent.parallel import InlineExecutor, ProcessExecutor, make_executor
from undercurrent.pipeline import analyse_documents, ingest_paths
from undercurrent.store import Store
from undercurrent.store import schema as t

SAMPLE = Path(__file__).resolve().parents[1] / "undercurrent" / "data" / "sample"
COMPARED_TABLES = ("documents", "document_origins", "events", "event_participants", "actors", "roles", "mentions",
                   "claims")
# Columns that hold the wall-clock time of the write, the only thing allowed to differ.
TIMESTAMP_COLUMNS = frozenset({"ingested_at", "seen_at", "first_seen", "created_at", "applied_at"})


def table_rows(db_url: str) -> dict[str, list[tuple]]:
    """Every row of the compared tables, timestamps left out, sorted."""
    store = Store.open(db_url, migrate=False)
    out: dict[str, list[tuple]] = {}
    with store.engine.connect() as conn:
        for name in COMPARED_TABLES:
            table = t.metadata.tables[name]
            cols = [c for c in table.c if c.name not in TIMESTAMP_COLUMNS]
            out[name] = sorted(tuple(map(repr, row)) for row in conn.execute(select(*cols)))
    store.dispose()
    return out


def ingest_sample(tmp_path: Path, name: str, **kwargs) -> tuple[str, object]:
    db_url = f"sqlite:///{tmp_path / name}"
    settings = load_settings(env={}, db_url=db_url, model="sm", batch_size=2, processes=kwargs.pop("processes", 1))
    store = Store.open(db_url)
    summary = ingest_paths([str(SAMPLE)], settings, store, **kwargs)
    store.dispose()
    return db_url, summary


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    """The sample corpus ingested in this process: the reference for every engine."""
    return ingest_sample(tmp_path_factory.mktemp("one"), "one.db")


def test_parallel_two_processes_store_what_one_stores(one_process, tmp_path):
    one_url, one_summary = one_process
    two_url, two_summary = ingest_sample(tmp_path, "two.db", processes=2)
    assert two_summary.rows() == one_summary.rows()
    one_rows, two_rows = table_rows(one_url), table_rows(two_url)
    assert one_rows["documents"] and one_rows["events"] and one_rows["actors"]  # a real comparison
    for name in COMPARED_TABLES:
        assert two_rows[name] == one_rows[name], name


def test_parallel_dask_cluster_stores_what_one_process_stores(one_process, tmp_path):
    distributed = pytest.importorskip("distributed")
    one_url, one_summary = one_process
    # One in-process worker thread over TCP: batches and results are serialised as on a real cluster.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  dashboard_address=None) as cluster:
        dask_url, dask_summary = ingest_sample(tmp_path, "dask.db", engine="dask", scheduler=cluster.scheduler_address)
    assert dask_summary.rows() == one_summary.rows()
    one_rows, dask_rows = table_rows(one_url), table_rows(dask_url)
    for name in COMPARED_TABLES:
        assert dask_rows[name] == one_rows[name], name


def test_parallel_executor_choice():
    settings = load_settings(env={}, model="sm")
    assert isinstance(make_executor("local", settings, work=analyse_documents), InlineExecutor)
    with make_executor("local", settings.with_(processes=2), work=analyse_documents) as executor:
        assert isinstance(executor, ProcessExecutor)
        assert executor.max_in_flight == 4
    with pytest.raises(UsageError, match="--scheduler"):
        make_executor("dask", settings, work=analyse_documents)
    with pytest.raises(UsageError, match="unknown engine 'spark'"):
        make_executor("spark", settings, work=analyse_documents)


def test_parallel_cli_dask_without_scheduler_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--db", str(tmp_path / "x.db"), "--engine", "dask"])
    assert result.exit_code == 2
    assert "--scheduler tcp://HOST:8786" in result.output


@pytest.mark.parametrize("processes", [1, 2])
def test_parallel_copy_of_a_document_still_in_flight_is_recorded_after_it(tmp_path, processes):
    from tests.test_concurrency import write_corpus

    corpus = write_corpus(tmp_path / "in", 3)
    copy = tmp_path / "in" / "article_002_copy.txt"  # read right after article_002, same batch
    copy.write_text(corpus[2].read_text(encoding="utf-8"), encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'dup.db'}"
    settings = load_settings(env={}, db_url=db_url, model="sm", batch_size=4, processes=processes)
    store = Store.open(db_url)
    summary = ingest_paths([str(tmp_path / "in")], settings, store)
    assert (summary.ingested, summary.exact_duplicates, summary.failed) == (3, 1, [])
    with store.engine.connect() as conn:
        origins = dict(conn.execute(select(t.document_origins.c.origin, t.document_origins.c.relation)).all())
    assert origins[str(copy)] == "exact_duplicate"
    assert store.count("documents") == 3
    store.dispose()


class _DeadFuture:
    """A future whose worker is gone."""

    def __init__(self, exc: BaseException):
        self.exc = exc

    def result(self):
        raise self.exc


def test_parallel_dead_worker_is_a_worker_error_on_both_engines():
    from concurrent.futures.process import BrokenProcessPool

    from distributed import KilledWorker

    from undercurrent.parallel import DaskExecutor, WorkerError

    settings = load_settings(env={}, model="sm")
    process = ProcessExecutor.__new__(ProcessExecutor)  # no pool needed to map the failure
    with pytest.raises(WorkerError, match="re-run the same command"):
        process.result(_DeadFuture(BrokenProcessPool("a child process terminated abruptly")))
    dask = DaskExecutor.__new__(DaskExecutor)
    dask.settings = settings
    with pytest.raises(WorkerError, match="Dask gave up"):
        dask.result(_DeadFuture(KilledWorker("batch-1", SimpleNamespace(address="tcp://127.0.0.1:40000"), 3)))
