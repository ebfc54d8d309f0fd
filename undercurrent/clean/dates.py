"""Recognise a line that is only a date (page chrome) and read the date from it."""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_PREFIX = r"(?:(?:published|updated|posted|last\s+updated|first\s+published)\s*(?:on|:)?\s+)?"
_TIME = r"(?:\s*(?:[,|•·-]|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:gmt|utc|bst|cet|cest|msk|est|edt|pst|[+-]\d{2}:?\d{2}))?)?"
_DATE_LINE = re.compile(
    r"^" + _PREFIX + _WEEKDAY + r"(?:"
    + _MONTH + r"\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year1>\d{4})"
    + r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.replace("month", "month2") + r",?\s+(?P<year2>\d{4})"
    + r"|(?P<year3>\d{4})-(?P<month3>\d{2})-(?P<day3>\d{2})"
    + r")" + _TIME + r"$",
    re.IGNORECASE,
)


def parse_date_line(line: str) -> str | None:
    """The date (YYYY-MM-DD) when the whole line is a date, else None.

    Example:
        >>> parse_date_line("Monday, December 30, 2024")
        '2024-12-30'
        >>> parse_date_line("Updated 21 March 2023, 14:05 GMT")
        '2023-03-21'
        >>> parse_date_line("On 21 March 2023 Xi arrived.") is None
        True
    """
    match = _DATE_LINE.match(line.strip())
    if not match:
        return None
    if match["year1"]:
        year, month, day = int(match["year1"]), MONTHS[match["month"].lower()], int(match["day1"])
    elif match["year2"]:
        year, month, day = int(match["year2"]), MONTHS[match["month2"].lower()], int(match["day2"])
    else:
        year, month, day = int(match["year3"]), int(match["month3"]), int(match["day3"])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
