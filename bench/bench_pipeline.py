"""Throughput of the whole extraction (quality, dates, time, actors, events, between the lines)
against bare spaCy parsing, same texts, same model, one process, in one run.

Usage:
    .venv/bin/python bench/bench_pipeline.py [path/to/bbc_news.jsonl] [N] [model] [rounds]

Prints documents per CPU second for ``nlp.pipe`` alone and for ``nlp.pipe`` followed
by ``analyse_parsed`` on every Doc, and their ratio (aim: at least 0.75; median of 3 rounds by
default). The baseline runs without our paragraph-break component: bare spaCy. CPU seconds
rather than wall time, because the machine is shared while we measure.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

from _throughput import BATCH_SIZE, DEFAULT_N, DEFAULT_PATH, WARM_UP_DOCS, bare_seconds, ratio_line, read_rows, rounds_of

from undercurrent.config import load_settings
from undercurrent.nlp import load_nlp
from undercurrent.pipeline import analyse_parsed
from undercurrent.records import CleanDocument


def read_docs(path: Path, limit: int) -> list[CleanDocument]:
    out = []
    for row in read_rows(path, limit):
        h = hashlib.sha256(row["text"].encode()).hexdigest()
        out.append(CleanDocument(id=h[:16], origin=str(row["id"]), fmt="jsonl", text=row["text"],
                                 content_hash=h, title=row.get("title"), claimed_date="2005-06-30", language="en"))
    return out


def run(nlp, docs, settings) -> tuple[float, Counter]:
    """CPU seconds to parse and analyse ``docs``, and what was found."""
    counts: Counter = Counter()
    start = time.process_time()
    for doc, sdoc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=BATCH_SIZE)):
        a = analyse_parsed(doc, sdoc, settings)
        counts.update(actors=len(a.actors), events=len(a.events), meetings=len(a.meetings),
                      dependencies=len(a.dependencies), flagged=len(a.quality.flagged_sentences))
    return time.process_time() - start, counts


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else DEFAULT_PATH)
    n = int(argv[2]) if len(argv) > 2 else DEFAULT_N
    model = argv[3] if len(argv) > 3 else "md"
    rounds = int(argv[4]) if len(argv) > 4 else 3
    if not path.exists():
        print(f"{path} not found; pass the path of bbc_news.jsonl")
        return 1
    docs = read_docs(path, n)
    settings = load_settings(env={}, model=model)
    nlp = load_nlp(model)
    run(nlp, docs[:WARM_UP_DOCS], settings)
    texts = [d.text for d in docs]
    bare, full, ratios, counts = rounds_of(lambda: bare_seconds(nlp, texts), lambda: run(nlp, docs, settings), rounds)
    words = sum(len(d.text.split()) for d in docs)
    print(f"{len(docs)} articles ({words} words), model {model}, {rounds} rounds")
    print(f"nlp.pipe only:              {len(docs) / bare:8.2f} docs/CPU s  {words / bare:8.0f} words/CPU s")
    print(f"nlp.pipe + all extractors:  {len(docs) / full:8.2f} docs/CPU s  {words / full:8.0f} words/CPU s")
    print(f"ratio (with / without):     {ratio_line(ratios)}")
    print("found:", dict(sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
