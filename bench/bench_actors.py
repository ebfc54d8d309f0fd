"""Throughput of actor and role extraction against bare spaCy parsing.

Usage:
    .venv/bin/python bench/bench_actors.py [path/to/bbc_news.jsonl] [N] [model] [rounds]

Parses the first N articles (default 300) with ``nlp.pipe`` (model "md" by default),
in alternating rounds (default 3), bare and followed by ``extract_actors`` on every Doc; prints documents
per CPU second for both (medians) and their ratio (the share of parsing speed kept; aim >= 0.8).
A warm-up pass builds the lexicon matchers and the actor dictionary first, so the
ratio measures steady-state extraction. Also prints how many actors of each kind
were found, as a sanity check.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from _throughput import BATCH_SIZE, DEFAULT_N, DEFAULT_PATH, WARM_UP_DOCS, bare_seconds, ratio_line, read_rows, rounds_of

from undercurrent.extract.actors import extract_actors
from undercurrent.nlp import load_nlp


def timed(nlp, texts: list[str]) -> tuple[float, Counter]:
    """CPU seconds to parse and extract actors from ``texts``; counts of actor kinds."""
    kinds: Counter = Counter()
    start = time.process_time()
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        kinds.update(a.kind for a in extract_actors(doc, as_of="2005-06-30"))
    return time.process_time() - start, kinds


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else DEFAULT_PATH)
    n = int(argv[2]) if len(argv) > 2 else DEFAULT_N
    model = argv[3] if len(argv) > 3 else "md"
    rounds = int(argv[4]) if len(argv) > 4 else 3
    if not path.exists():
        print(f"{path} not found; pass the path of bbc_news.jsonl")
        return 1
    texts = [row["text"] for row in read_rows(path, n)]
    nlp = load_nlp(model)
    timed(nlp, texts[:WARM_UP_DOCS])
    bare, full, ratios, kinds = rounds_of(lambda: bare_seconds(nlp, texts), lambda: timed(nlp, texts), rounds)
    print(f"{len(texts)} articles, model {model}, {rounds} rounds")
    print(f"nlp.pipe only:                 {len(texts) / bare:8.2f} docs per CPU second")
    print(f"nlp.pipe + extract_actors:     {len(texts) / full:8.2f} docs per CPU second")
    print(f"ratio (with / without actors): {ratio_line(ratios)}")
    print("actors found:", dict(sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
