"""Throughput and memory of ingest + clean + near-duplicate indexing.

Usage:
    .venv/bin/python bench/bench_ingest.py [path/to/bbc_news.jsonl]

Streams the first 500, 1000 and all documents of the JSON Lines file through
``iter_raw_documents`` -> ``clean_document`` -> ``minhash_signature`` ->
``NearDuplicateIndex.query``/``add`` and prints documents per second (wall clock, and per
CPU second, which is what counts on a shared machine), the ratio against just reading and JSON-decoding the same lines, and peak memory
(tracemalloc peak from a second, traced pass, and the process's ru_maxrss).
"""

from __future__ import annotations

import itertools
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from undercurrent.clean import clean_document
from undercurrent.clean.dedup import NearDuplicateIndex, minhash_signature
from undercurrent.config import Settings
from undercurrent.ingest import iter_raw_documents
from undercurrent.records import CleanDocument, RawDocument

DEFAULT_PATH = "/work/shared/bench/bbc_news/bbc_news.jsonl"
SIZES = (500, 1000, 2225)


def run_pipeline(path: Path, limit: int, settings: Settings) -> tuple[int, int, int]:
    """Process the first ``limit`` items; (documents, rejected, near-duplicate hits)."""
    index = NearDuplicateIndex(settings)
    docs = rejected = near = 0
    for item in itertools.islice(iter_raw_documents([str(path)], settings), limit):
        result = clean_document(item, settings) if isinstance(item, RawDocument) else item
        if not isinstance(result, CleanDocument):
            rejected += 1
            continue
        signature = minhash_signature(result.text, settings)
        near += bool(index.query(signature))
        index.add(result.id, signature)
        docs += 1
    return docs, rejected, near


def run_baseline(path: Path, limit: int) -> int:
    """Read and JSON-decode the same lines, nothing else."""
    count = 0
    with open(path, "rb") as stream:
        for line in itertools.islice(stream, limit):
            json.loads(line)
            count += 1
    return count


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else DEFAULT_PATH)
    if not path.exists():
        print(f"benchmark data not found: {path} (pass the path of bbc_news.jsonl)", file=sys.stderr)
        return 1
    settings = Settings()
    run_pipeline(path, 20, settings)  # load the language model and trafilatura before timing
    print(f"{'docs':>6} {'rejected':>8} {'near-dup':>8} {'docs/s':>8} {'cpu docs/s':>10} {'baseline/s':>10} {'ratio':>7} {'tracemalloc MB':>14} {'maxrss MB':>9}")
    for size in SIZES:
        start, cpu_start = time.perf_counter(), time.process_time()
        docs, rejected, near = run_pipeline(path, size, settings)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        start = time.perf_counter()
        lines = run_baseline(path, size)
        baseline = lines / (time.perf_counter() - start)
        tracemalloc.start()
        run_pipeline(path, size, settings)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rate = (docs + rejected) / elapsed
        maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cpu_rate = (docs + rejected) / cpu
        print(f"{docs:>6} {rejected:>8} {near:>8} {rate:>8.0f} {cpu_rate:>10.0f} {baseline:>10.0f} {rate / baseline:>7.4f} {peak / 2**20:>14.1f} {maxrss_mb:>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
