"""Crash safety: kill -9 the ingest or one of its workers mid-run; the re-run finishes the rest.

After the kill the database opens, holds no half-written document, and the
second run stores every remaining input exactly once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import psutil

from tests.test_concurrency import assert_consistent, finish, start_ingest, stored_texts, write_corpus
from undercurrent.store import Store

CORPUS_SIZE = 60
# Documents committed before the kill: enough to show work was done, far from the end.
KILL_AFTER_DOCUMENTS = 4
# How long to wait for the first commits (s): model loading on a loaded shared machine.
FIRST_COMMITS_TIMEOUT_S = 300
POLL_SECONDS = 0.2
# Time an orphaned pool worker takes to notice its parent is gone (parallel.ORPHAN_CHECK_SECONDS, with slack).
ORPHAN_EXIT_TIMEOUT_S = 15


def wait_for_documents(store: Store, proc, at_least: int) -> int:
    """Poll the document count until it reaches ``at_least`` while ``proc`` runs."""
    deadline = time.monotonic() + FIRST_COMMITS_TIMEOUT_S
    while time.monotonic() < deadline:
        n = store.count("documents")
        if n >= at_least:
            return n
        assert proc.poll() is None, f"ingest ended early: {proc.communicate()[1][-2000:]}"
        time.sleep(POLL_SECONDS)
    proc.kill()
    raise AssertionError(f"fewer than {at_least} documents committed in {FIRST_COMMITS_TIMEOUT_S} s")


def pool_workers(pid: int) -> list[psutil.Process]:
    """The ingest's worker processes (not multiprocessing's helper processes)."""
    out = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(child.cmdline()):
                out.append(child)
        except psutil.NoSuchProcess:
            continue
    return out


def assert_everything_once(store: Store, corpus: list[Path]) -> None:
    texts = stored_texts(store)
    assert len(texts) == len(set(texts)) == CORPUS_SIZE
    assert set(texts) == {p.read_text(encoding="utf-8").strip() for p in corpus}
    assert store.known_origins() == {str(p) for p in corpus}
    assert_consistent(store)


def assert_sqlite_intact(db_url: str) -> None:
    if db_url.startswith("sqlite:///"):
        con = sqlite3.connect(db_url[len("sqlite:///") :])
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()


def test_crash_killed_ingest_resumes_without_loss_or_double(tmp_path, db_url):
    corpus = write_corpus(tmp_path / "corpus", CORPUS_SIZE)
    store = Store.open(db_url)
    proc = start_ingest([str(tmp_path / "corpus")], db_url)
    wait_for_documents(store, proc, KILL_AFTER_DOCUMENTS)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL
    proc.communicate()
    assert_sqlite_intact(db_url)
    stored = store.count("documents")
    assert KILL_AFTER_DOCUMENTS <= stored < CORPUS_SIZE
    assert_consistent(store)  # no half-written document

    rerun = finish(start_ingest([str(tmp_path / "corpus")], db_url))
    assert rerun.returncode == 0, rerun.stderr
    assert_everything_once(store, corpus)
    store.dispose()


def test_crash_killed_worker_is_reported_and_rerun_completes(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'crash.db'}"
    corpus = write_corpus(tmp_path / "corpus", CORPUS_SIZE)
    store = Store.open(db_url)
    proc = start_ingest([str(tmp_path / "corpus")], db_url, "--processes", "2")
    wait_for_documents(store, proc, KILL_AFTER_DOCUMENTS)
    workers = pool_workers(proc.pid)
    assert len(workers) == 2
    workers[0].send_signal(signal.SIGKILL)
    run = finish(proc)
    assert run.returncode == 1
    assert "a worker process died" in run.stderr and "re-run the same command" in run.stderr
    assert "Traceback" not in run.stderr
    assert KILL_AFTER_DOCUMENTS <= store.count("documents") < CORPUS_SIZE
    assert_consistent(store)

    rerun = finish(start_ingest([str(tmp_path / "corpus")], db_url, "--processes", "2"))
    assert rerun.returncode == 0, rerun.stderr
    assert_everything_once(store, corpus)
    store.dispose()


def test_crash_killed_parallel_ingest_leaves_no_orphan_workers(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'orphans.db'}"
    corpus = write_corpus(tmp_path / "corpus", CORPUS_SIZE)
    store = Store.open(db_url)
    proc = start_ingest([str(tmp_path / "corpus")], db_url, "--processes", "2")
    wait_for_documents(store, proc, KILL_AFTER_DOCUMENTS)
    workers = pool_workers(proc.pid)
    assert len(workers) == 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    proc.communicate()
    _, alive = psutil.wait_procs(workers, timeout=ORPHAN_EXIT_TIMEOUT_S)
    for p in alive:  # do not leave them behind even when the assertion fails
        p.kill()
    assert alive == []
    assert_consistent(store)

    rerun = finish(start_ingest([str(tmp_path / "corpus")], db_url, "--processes", "2"))
    assert rerun.returncode == 0, rerun.stderr
    assert_everything_once(store, corpus)
    store.dispose()



def test_crash_killed_ingest_with_bad_inputs_resumes_and_reports_each_bad_input_again(tmp_path):
    from tests.test_bad_input import check_run, write_bad_inputs

    db_url = f"sqlite:///{tmp_path / 'bad.db'}"
    corpus = write_corpus(tmp_path / "corpus", CORPUS_SIZE)
    bad = write_bad_inputs(tmp_path / "corpus" / "zz_bad")  # read after the articles, so the kill comes first
    store = Store.open(db_url)
    proc = start_ingest([str(tmp_path / "corpus")], db_url)
    wait_for_documents(store, proc, KILL_AFTER_DOCUMENTS)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    proc.communicate()
    assert_consistent(store)

    rerun = finish(start_ingest([str(tmp_path / "corpus")], db_url))
    check_run(rerun, bad)
    texts = stored_texts(store)
    assert len(texts) == len(set(texts))
    assert {p.read_text(encoding="utf-8").strip() for p in corpus} <= set(texts)
    assert store.known_origins() >= {str(p) for p in corpus}
    assert_consistent(store)
    store.dispose()
