"""Progress for long work: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import re
import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn

# Plain-line mode prints one line per this many documents (and every problem).
PLAIN_EVERY = 50
# Kinds of notification that are a document's outcome (the rest report reading in progress).
OUTCOMES = frozenset({"ingested", "duplicate", "skipped", "failed", "resumed"})

# What a terminal would act on rather than show: C0 and C1 controls (escape sequences start
# with ESC or CSI), DEL, bidirectional overrides that reorder a line, and lone surrogates,
# which cannot be written at all. File names and reasons from inputs may hold any of them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    r"""``text`` safe to print: each control or direction character written as an escape.

    Example:
        >>> printable("failed: \x1b[31mred.txt")
        'failed: \\x1b[31mred.txt'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


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
        if kind not in OUTCOMES:
            self._reading(str(message))
            return
        self.counts[kind] = self.counts.get(kind, 0) + 1
        done = sum(self.counts.values())
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        if kind in {"failed", "skipped", "duplicate"}:
            self.console.print(printable(f"{kind}: {message}"), markup=False, highlight=False)
        if self._bar is not None:
            self._bar.update(self._task, description="ingest", completed=done, rate=rate)
        elif done % PLAIN_EVERY == 0:
            self.console.print(f"{done} documents handled, {rate:.1f} docs/s", markup=False, highlight=False)

    def _reading(self, message: str) -> None:
        """A reader busy on one long file: shown on the bar, or as a line of its own."""
        if self._bar is not None:
            self._bar.update(self._task, description=printable(f"ingest ({message})"))
        else:
            self.console.print(printable(message), markup=False, highlight=False)
