"""What the two extraction benchmarks share: reading the BBC rows, the bare-spaCy baseline, and
alternating rounds of bare and full runs reported as medians (single runs on this shared
machine spread by about 0.25 in ratio)."""

from __future__ import annotations

import itertools
import json
import statistics
import time
from collections import Counter, deque
from collections.abc import Callable
from pathlib import Path

from undercurrent.nlp.model import PARAGRAPHS

DEFAULT_PATH = "/work/shared/bench/bbc_news/bbc_news.jsonl"
DEFAULT_N = 300
WARM_UP_DOCS = 5  # parsed first so caches, matchers and dictionaries are built before timing
BATCH_SIZE = 16


def read_rows(path: Path, limit: int) -> list[dict]:
    """The first ``limit`` rows of a JSON Lines file."""
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in itertools.islice(stream, limit)]


def bare_seconds(nlp, texts: list[str]) -> float:
    """CPU seconds of bare spaCy on ``texts``: our own pipeline component counts as ours, so it is off."""
    start = time.process_time()
    with nlp.select_pipes(disable=[PARAGRAPHS]):
        deque(nlp.pipe(texts, batch_size=BATCH_SIZE), maxlen=0)
    return time.process_time() - start


def rounds_of(bare: Callable[[], float], full: Callable[[], tuple[float, Counter]], rounds: int
              ) -> tuple[float, float, list[float], Counter]:
    """Median bare and full seconds, every round's ratio, and the last full run's counts."""
    bares, fulls, ratios, counts = [], [], [], Counter()
    for _ in range(rounds):
        b = bare()
        f, counts = full()
        bares.append(b)
        fulls.append(f)
        ratios.append(b / f)
    return statistics.median(bares), statistics.median(fulls), ratios, counts


def ratio_line(ratios: list[float]) -> str:
    return f"{statistics.median(ratios):8.3f}  (median of {len(ratios)}; rounds {min(ratios):.3f}-{max(ratios):.3f})"
