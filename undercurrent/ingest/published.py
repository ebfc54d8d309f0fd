"""Normalise the publication dates that feeds, JSON Lines and WARC headers carry."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def normalise_published(value: object) -> str | None:
    """Turn an ISO 8601 or RFC 2822 date (or a ``time.struct_time``) into YYYY-MM-DD.

    Returns None when the value is absent or not a real calendar date.

    Example:
        >>> normalise_published("Tue, 21 Mar 2023 10:00:00 GMT")
        '2023-03-21'
        >>> normalise_published("2023-03-21T18:30:00+03:00")
        '2023-03-21'
    """
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        try:
            return date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()  # not strftime: "%Y" drops the leading zeros of a year before 1000
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.match(value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
