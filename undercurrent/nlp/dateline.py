"""Wire datelines ("MOSCOW, March 21 (Reuters) -") at the start of a story.

Shared by the parser component, which ends a sentence after the dateline so that
the place is not parsed as the subject of the first sentence, by the quality stage,
which does not judge a dateline as prose, and by the writing-date stage, which reads
its day.
"""

from __future__ import annotations

import re

DATELINE_RE = re.compile(
    r"\s*(?:[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,3}|[A-Z .'\-]{3,}),\s+"
    r"(?:(?P<m1>[A-Z][a-z]+)\.? (?P<d1>\d{1,2})|(?P<d2>\d{1,2}) (?P<m2>[A-Z][a-z]+))"
    r"(?:,? (?P<y>\d{4}))?\s*(?:\([^)]{1,60}\))?\s*[-\u2013\u2014]",
)
# Characters from the start of the text within which a dateline is looked for (after a headline).
DATELINE_WINDOW = 400


def datelines(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of datelines at the start of a line, within the window."""
    head = text[:DATELINE_WINDOW]
    out = []
    for line_start in [0] + [i + 1 for i, ch in enumerate(head) if ch == "\n"]:
        m = DATELINE_RE.match(text, line_start)
        if m is not None:
            start = line_start + len(m.group(0)) - len(m.group(0).lstrip())
            out.append((start, m.end()))
    return out
