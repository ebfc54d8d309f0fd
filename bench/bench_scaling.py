"""Scaling: throughput of 1 against 2 processes, Dask against local processes, worker memory.

Usage:
    .venv/bin/python bench/bench_scaling.py [path/to/bbc_news.jsonl] [--docs 300]
        [--memory-docs 2225] [--model md]

Runs the whole ingest (read, clean, dedup, NLP and extraction, store) of the
first ``--docs`` BBC articles into a fresh SQLite file with one process, with
``processes=2``, and on a Dask LocalCluster of two single-threaded worker
processes; then ``--memory-docs`` articles with ``processes=2`` while sampling
each worker's resident memory (the peak up to the 1,000th stored document and
the peak over the whole run). Articles beyond the file's 2,225 are the same
texts cycled with a numbered suffix line, so each one is new to the store.

Each run is a fresh interpreter (no run inherits a loaded model). Prints
wall-clock rates (whole run, and steady state from the first to the last stored
document, which leaves out model loading), the CPU seconds of all the run's
processes (what the work costs whatever share of a shared machine it got), load
averages, the reader's and the writer's cost per document, events and store
bytes per document. Exits 0 with a message when the input file is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from undercurrent.clean import clean_document
from undercurrent.clean.dedup import minhash_signature
from undercurrent.config import load_settings
from undercurrent.ingest import iter_raw_documents
from undercurrent.pipeline import ingest_paths
from undercurrent.records import RawDocument
from undercurrent.store import Store

DEFAULT_PATH = "/work/shared/bench/bbc_news/bbc_news.jsonl"
# The memory figure is read at this many stored documents and at the end of the run.
MEMORY_CHECKPOINT = 1000
# Interval between worker memory samples (s); workers grow slowly, a batch takes longer than this.
SAMPLE_SECONDS = 0.5


def write_input(source: Path, count: int, out: Path) -> None:
    """The first ``count`` articles as JSON Lines, cycling with a suffix past the end of the file."""
    lines = source.read_text(encoding="utf-8").splitlines()
    with out.open("w", encoding="utf-8") as f:
        for i in range(count):
            item = json.loads(lines[i % len(lines)])
            if i >= len(lines):
                item["id"] = f"{item.get('id', i)}#{i // len(lines)}"
                item["text"] = f"{item['text']}\n\nCopy {i // len(lines)} of this article."
            f.write(json.dumps(item, ensure_ascii=False) + "\n")


class Timeline:
    """Times of stored documents, from the pipeline's notifications."""

    def __init__(self) -> None:
        self.stored: list[float] = []

    def notify(self, kind: str, _message: object) -> None:
        if kind == "ingested":
            self.stored.append(time.perf_counter())

    def steady_rate(self) -> float:
        if len(self.stored) < 2:
            return 0.0
        return (len(self.stored) - 1) / (self.stored[-1] - self.stored[0])


class WorkerMemory:
    """Samples the resident memory of this process's worker children in a thread."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        self.peak_at_checkpoint: dict[int, int] = {}
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "WorkerMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(SAMPLE_SECONDS):
            for child in me.children(recursive=True):
                try:
                    if "resource_tracker" in " ".join(child.cmdline()):
                        continue
                    rss = child.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
                self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)
                if len(self.timeline.stored) <= MEMORY_CHECKPOINT:
                    self.peak_at_checkpoint[child.pid] = self.peak[child.pid]


def run_ingest(jsonl: Path, workdir: Path, name: str, model: str, processes: int = 1,
               engine: str = "local", scheduler: object = None, memory: bool = False) -> dict[str, object]:
    db = workdir / f"{name}.db"
    settings = load_settings(env={}, db_url=f"sqlite:///{db}", model=model, processes=processes)
    store = Store.open(settings.db_url)
    writer_seconds: list[float] = []
    save = store.save_analysis

    def timed_save(*args: object, **kwargs: object) -> bool:
        started = time.perf_counter()
        try:
            return save(*args, **kwargs)
        finally:
            writer_seconds.append(time.perf_counter() - started)

    store.save_analysis = timed_save  # type: ignore[method-assign]
    timeline = Timeline()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    if memory:
        with WorkerMemory(timeline) as mem:
            summary = ingest_paths([str(jsonl)], settings, store, notify=timeline.notify, engine=engine,
                                   scheduler=scheduler)
    else:
        mem = None
        summary = ingest_paths([str(jsonl)], settings, store, notify=timeline.notify, engine=engine,
                               scheduler=scheduler)
    seconds = time.perf_counter() - started
    events = store.count("events")
    store.dispose()
    db_bytes = sum(p.stat().st_size for p in workdir.glob(f"{name}.db*"))
    result: dict[str, object] = {
        "run": name,
        "stored": summary.ingested,
        "seconds": round(seconds, 1),
        "docs_per_s": round(summary.ingested / seconds, 2),
        "steady_docs_per_s": round(timeline.steady_rate(), 2),
        "events_per_doc": round(events / max(summary.ingested, 1), 2),
        "writer_ms_per_doc": round(1000 * statistics.mean(writer_seconds), 1) if writer_seconds else None,
        "db_bytes_per_doc": round(db_bytes / max(summary.ingested, 1)),
        "load_avg_1min": (round(load_before, 1), round(os.getloadavg()[0], 1)),
    }
    if mem is not None:
        mib = 1024 * 1024
        result["worker_peak_mib_at_1000"] = sorted(round(v / mib) for v in mem.peak_at_checkpoint.values())
        result["worker_peak_mib_at_end"] = sorted(round(v / mib) for v in mem.peak.values())
    return result


def reader_cost(jsonl: Path, model: str) -> float:
    """Milliseconds per document for reading, cleaning and the MinHash signature (the writer's share).

    The second of two passes is timed, so one-off imports and model loads are left out.
    """
    settings = load_settings(env={}, model=model)
    for _pass in range(2):
        started = time.perf_counter()
        n = 0
        for item in iter_raw_documents([str(jsonl)], settings):
            if isinstance(item, RawDocument):
                cleaned = clean_document(item, settings)
                minhash_signature(getattr(cleaned, "text", ""), settings)
                n += 1
    return round(1000 * (time.perf_counter() - started) / max(n, 1), 2)


def measure_one(run: str, jsonl: Path, work: Path, model: str) -> dict[str, object]:
    """One configuration, in this (fresh) process."""
    if run == "one":
        return run_ingest(jsonl, work, "one_process", model)
    if run == "two":
        return run_ingest(jsonl, work, "two_processes", model, processes=2)
    if run == "dask":
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster) as client:
                return run_ingest(jsonl, work, "dask_2_workers", model, engine="dask", scheduler=client)
    if run == "memory":
        return run_ingest(jsonl, work, f"memory_{jsonl.stem}", model, processes=2, memory=True)
    if run == "reader":
        return {"run": "reader", "reader_ms_per_doc": reader_cost(jsonl, model)}
    raise SystemExit(f"unknown run {run!r}")


def spawn(run: str, jsonl: Path, work: Path, model: str) -> dict[str, object]:
    """Measure ``run`` in a fresh interpreter, so no run inherits a loaded model from another."""
    cmd = [sys.executable, __file__, str(jsonl), "--model", model, "--measure", run, "--workdir", str(work)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"run {run} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # CPU of every process of the run (imports and model loads included): what the work costs,
    # whatever share of the shared cores it was given.
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    result["cpu_s"] = round(cpu, 1)
    if result.get("stored"):
        result["cpu_ms_per_doc"] = round(1000 * cpu / result["stored"], 1)
    print(result, flush=True)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=DEFAULT_PATH)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--memory-docs", type=int, default=2225)
    parser.add_argument("--model", default="md")
    parser.add_argument("--skip", default="", help="comma-separated runs to leave out: one,two,dask,memory")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one run in a fresh process
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv[1:])
    source = Path(args.path)
    if args.measure:
        result = measure_one(args.measure, source, Path(args.workdir), args.model)
        own = resource.getrusage(resource.RUSAGE_SELF)
        result["main_process_cpu_s"] = round(own.ru_utime + own.ru_stime, 1)  # reader, writer (and Dask scheduler)
        print(json.dumps(result))
        return 0
    if not source.exists():
        print(f"{source} not found: nothing to measure")
        return 0
    skip = set(filter(None, args.skip.split(",")))
    by: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="uc-scaling-") as tmp:
        work = Path(tmp)
        small = work / "small.jsonl"
        write_input(source, args.docs, small)
        by["reader"] = spawn("reader", small, work, args.model)
        for run in ("one", "two", "dask"):
            if run not in skip:
                by[run] = spawn(run, small, work, args.model)
        if "memory" not in skip:
            big = work / f"docs{args.memory_docs}.jsonl"
            write_input(source, args.memory_docs, big)
            by["memory"] = spawn("memory", big, work, args.model)
    if "one" in by and "two" in by:
        for key in ("docs_per_s", "steady_docs_per_s"):
            print(f"2 processes / 1 process ({key}): {by['two'][key] / by['one'][key]:.2f}x")
    if "two" in by and "dask" in by:
        for key in ("docs_per_s", "steady_docs_per_s"):
            overhead = by["two"][key] / by["dask"][key] - 1
            print(f"Dask time overhead against --processes 2 ({key}): {100 * overhead:+.1f}%")
        ratio = by["dask"]["cpu_ms_per_doc"] / by["two"]["cpu_ms_per_doc"]
        print(f"Dask CPU per document against --processes 2: {ratio:.2f}x")
    if "one" in by and "two" in by:
        ratio = by["two"]["cpu_ms_per_doc"] / by["one"]["cpu_ms_per_doc"]
        print(f"CPU per document, 2 processes / 1 process: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
