"""Remove page chrome (date lines, section labels, counters, share and comment
prompts, cookie notes, menus) from the head and tail of a plain-text article.

Chrome is looked for only around the body: above the first body paragraph and
below the last one. A short line in the head that is not chrome (the headline)
stays, and so does every line inside the body, however short, so section
headings within an article are never taken for chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..ontology.loader import load_yaml, require_keys
from .dates import parse_date_line

# A body paragraph has at least this many words and ends like a sentence;
# headlines (typically 6 to 14 words) rarely end with a full stop.
MIN_BODY_WORDS = 8
# Non-chrome lines allowed above the body (headline, standfirst, kicker).
MAX_HEAD_KEPT_LINES = 3
# Lines inspected at each end; real page chrome is a handful of lines.
MAX_CHROME_LINES = 15
_SENTENCE_END = re.compile(r"[.!?…:][\"'”’»)\]]*$")


@dataclass(frozen=True, slots=True)
class ChromeResult:
    """The text without chrome and what was learnt from the removed lines."""

    text: str
    removed: tuple[str, ...]
    date: str | None = None
    author: str | None = None
    headline: str | None = None


@dataclass(frozen=True, slots=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], tuple[_Pattern, ...]]:
    data = load_yaml("chrome.yaml")
    labels = frozenset(v.casefold() for v in data["section_labels"]["values"])
    patterns = []
    for entry in data["patterns"]:
        require_keys(entry, ("name", "pattern", "description"), "chrome.yaml")
        patterns.append(_Pattern(entry["name"], re.compile(entry["pattern"], re.IGNORECASE)))
    return labels, tuple(patterns)


# A dated byline ("Analysis by the Review desk, 24 March 2023") is at most this long.
MAX_DATED_BYLINE_CHARS = 100
_DATED_BYLINE = re.compile(r"^(?P<lead>[^.!?]{3,80}?)\s*[,|\u2013\u2014-]\s*(?P<date>[^,|\u2013\u2014]+(?:,\s*\d{4})?)$")


def dated_byline(line: str) -> str | None:
    """The date of a short head line that ends in a full date after a comma, dash or bar.

    Example:
        >>> dated_byline("Analysis by the Meridian Review desk, 24 March 2023")
        '2023-03-24'
        >>> dated_byline("Xi met Putin in Moscow, 21 March 2023.") is None
        True
    """
    if len(line) > MAX_DATED_BYLINE_CHARS or line.rstrip().endswith((".", "!", "?")):
        return None
    match = _DATED_BYLINE.match(line.strip())
    return parse_date_line(match["date"]) if match else None


def _chrome_kind(line: str) -> tuple[str, re.Match[str] | None] | None:
    """("date"|"section"|pattern name, match) when the line is chrome, else None."""
    if parse_date_line(line) or dated_byline(line):
        return "date", None
    labels, patterns = _vocabulary()
    if line.casefold().rstrip(":") in labels:
        return "section", None
    for pattern in patterns:
        match = pattern.regex.fullmatch(line)
        if match:
            return pattern.name, match
    return None


def is_body_line(line: str) -> bool:
    """True for a line that reads like an article paragraph, not a headline or label.

    Example:
        >>> is_body_line("Xi Jinping arrived in Moscow on Monday for a three-day state visit.")
        True
        >>> is_body_line("What is really going on between Russia and China")
        False
    """
    return len(line.split()) >= MIN_BODY_WORDS and bool(_SENTENCE_END.search(line))


def strip_chrome(text: str) -> ChromeResult:
    """Remove chrome lines at the head and tail of normalised text.

    Args:
        text: text already through :func:`~undercurrent.clean.text.normalise_text`.

    Returns:
        A :class:`ChromeResult`; ``removed`` lists the removed lines in text order.

    Example:
        >>> r = strip_chrome("Monday, December 30, 2024\\nNews\\n\\nXi met Putin in Moscow on Tuesday for talks.\\n\\nLeave a comment")
        >>> r.text, r.removed, r.date
        ('Xi met Putin in Moscow on Tuesday for talks.', ('Monday, December 30, 2024', 'News', 'Leave a comment'), '2024-12-30')
    """
    lines = text.split("\n")
    drop: dict[int, tuple[str, re.Match[str] | None]] = {}
    kept_head: list[int] = []
    for index, line in enumerate(lines[:MAX_CHROME_LINES]):
        if not line:
            continue
        kind = _chrome_kind(line)
        if kind:
            drop[index] = kind
        elif is_body_line(line) or len(kept_head) >= MAX_HEAD_KEPT_LINES:
            break
        else:
            kept_head.append(index)
    tail_floor = max(drop, default=-1)
    for index in range(len(lines) - 1, max(len(lines) - 1 - MAX_CHROME_LINES, tail_floor), -1):
        line = lines[index]
        if not line:
            continue
        kind = _chrome_kind(line)
        if not kind or index in kept_head:
            break
        drop[index] = kind
    if len(drop) == sum(1 for line in lines if line):
        drop.clear()  # nothing but "chrome": keep it all rather than return an empty article
    removed = tuple(lines[i] for i in sorted(drop))
    found_date = next(
        (parse_date_line(lines[i]) or dated_byline(lines[i]) for i in sorted(drop) if drop[i][0] == "date"), None
    )
    author = next(
        (m.group("author") for i in sorted(drop) if (m := drop[i][1]) is not None and "author" in m.re.groupindex),
        None,
    )
    # A headline stands alone; a short first line running on into the next is a wrapped paragraph.
    headline = next(
        (lines[i] for i in kept_head if i + 1 >= len(lines) or not lines[i + 1] or i + 1 in drop), None
    )
    body = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return ChromeResult(text=body, removed=removed, date=found_date, author=author, headline=headline)
