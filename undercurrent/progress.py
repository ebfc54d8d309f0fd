"""Progress for long work: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn

# Plain-line mode prints one line per this many documents (and every problem).
PLAIN_EVERY = 50


class Progress:
    """Receives (kind, message) notifications from the pipeline."""

    def __init__(self, console: Console):
        self.console = console
        self.tty = console.is_terminal
        self.counts: dict[str, int] = {}
        self.started = time.perf_counter()
        self._bar: RichProgress | None = None
        self._task: Any = None

    def __enter__(self) -> "Progress":
        if self.tty:
            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(bar_width=None),
                TextColumn("{task.completed} documents"),
                TextColumn("{task.fields[rate]:.1f} docs/s"),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("ingest", total=None, rate=0.0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    def notify(self, kind: str, message: Any) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        done = sum(self.counts.values())
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        if kind in {"failed", "skipped", "duplicate"}:
            self.console.print(f"{kind}: {message}", markup=False, highlight=False)
        if self._bar is not None:
            self._bar.update(self._task, completed=done, rate=rate)
        elif done % PLAIN_EVERY == 0:
            self.console.print(f"{done} documents handled, {rate:.1f} docs/s", markup=False, highlight=False)
