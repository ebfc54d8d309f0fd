"""Throughput of actor and role extraction against bare spaCy parsing.

Usage:
    .venv/bin/python bench/bench_actors.py [path/to/bbc_news.jsonl] [N] [model]

Parses the first N articles (default 300) with ``nlp.pipe`` (model "md" by default),
once bare and once followed by ``extract_actors`` on every Doc, and prints documents
per CPU second for both and their ratio (the share of parsing speed kept; aim >= 0.8).
A warm-up pass builds the lexicon matchers and the actor dictionary first, so the
ratio measures steady-state extraction. Also prints how many actors of each kind
were found, as a sanity check.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections import Counter, deque
from pathlib import Path

from undercurrent.extract.actors import extract_actors
from undercurrent.nlp import load_nlp
from undercurrent.nlp.model import PARAGRAPHS

DEFAULT_PATH = "/work/shared/bench/bbc_news/bbc_news.jsonl"
DEFAULT_N = 300
# Articles parsed before timing, to load the model caches, matchers and dictionary.
WARM_UP_DOCS = 5
BATCH_SIZE = 16


def read_texts(path: Path, limit: int) -> list[str]:
    """The text of the first ``limit`` articles of a JSON Lines file."""
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line)["text"] for line in itertools.islice(stream, limit)]


def timed(nlp, texts: list[str], extract: bool) -> tuple[float, Counter]:
    """CPU seconds to parse (and optionally extract from) ``texts``; counts of actor kinds."""
    kinds: Counter = Counter()
    start = time.process_time()
    if not extract:
        # the baseline is bare spaCy: our own pipeline component (paragraph breaks) counts as ours
        with nlp.select_pipes(disable=[PARAGRAPHS]):
            deque(nlp.pipe(texts, batch_size=BATCH_SIZE), maxlen=0)
        return time.process_time() - start, kinds
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        kinds.update(a.kind for a in extract_actors(doc, as_of="2005-06-30"))
    return time.process_time() - start, kinds


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else DEFAULT_PATH)
    n = int(argv[2]) if len(argv) > 2 else DEFAULT_N
    model = argv[3] if len(argv) > 3 else "md"
    if not path.exists():
        print(f"{path} not found; pass the path of bbc_news.jsonl")
        return 1
    texts = read_texts(path, n)
    nlp = load_nlp(model)
    timed(nlp, texts[:WARM_UP_DOCS], extract=True)
    bare, _ = timed(nlp, texts, extract=False)
    full, kinds = timed(nlp, texts, extract=True)
    print(f"{len(texts)} articles, model {model}")
    print(f"nlp.pipe only:                 {len(texts) / bare:8.2f} docs per CPU second")
    print(f"nlp.pipe + extract_actors:     {len(texts) / full:8.2f} docs per CPU second")
    print(f"ratio (with / without actors): {bare / full:8.3f}")
    print("actors found:", dict(sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
