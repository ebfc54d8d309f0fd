"""Clean: RawDocument -> CleanDocument (main text, metadata, chrome removed, language, hash).

Non-English documents are not rejected here: the caller stores them and
reports them skipped with their language named.
"""

from __future__ import annotations

import re

from ..config import Settings
from ..records import CleanDocument, RawDocument, Rejected, make_storable, stable_id
from .chrome import strip_chrome
from .html import extract_html
from .language import detect_language
from .text import MARKDOWN_SUFFIXES, content_hash, markdown_to_text, normalise_text

__all__ = ["clean_document"]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(value: str | None) -> str | None:
    return value[:10] if value and _ISO_DAY.match(value[:10]) else None


def clean_document(raw: RawDocument, settings: Settings) -> CleanDocument | Rejected:
    """Turn one raw document into clean text with what was learnt on the way.

    HTML goes through trafilatura; plain text has its page chrome removed from
    head and tail. A date in the removed chrome becomes ``claimed_date`` when no
    metadata gives one. A failure nobody foresaw (a library's bug on one page)
    is a Rejected that names it, so the other documents go on.

    Args:
        raw: the document as read.
        settings: run settings (nothing in cleaning depends on them yet; passed for symmetry).

    Returns:
        A :class:`CleanDocument`, or a :class:`Rejected` from stage "clean" when no text is left.

    Example:
        >>> from undercurrent.config import Settings
        >>> doc = clean_document(RawDocument(origin="x.txt", fmt="text",
        ...     text="World\\n\\nXi Jinping met Vladimir Putin in Moscow on 21 March 2023.\\n\\n2.3Kviews"), Settings())
        >>> doc.text, doc.removed_chrome
        ('Xi Jinping met Vladimir Putin in Moscow on 21 March 2023.', ('World', '2.3Kviews'))
    """
    try:
        return _clean(raw)
    except Exception as exc:  # one page's surprise must not stop the run; the re-run tries it again
        reason = " ".join(f"cleaning failed ({type(exc).__name__}: {exc}); please report it".split())
        return Rejected(origin=raw.origin, stage="clean", reason=reason, kind="failed")


def _storable(value: str | None) -> str | None:
    """Metadata (from a page or a library) without the characters no store can hold."""
    return (make_storable(value) or None) if value else value


def _clean(raw: RawDocument) -> CleanDocument | Rejected:
    title, author, source, url, meta_date = raw.title, raw.author, raw.source, raw.url, raw.published
    if raw.html is not None and raw.text is None:
        page = extract_html(raw.html, raw.url)
        text = page.text
        title, author = title or page.title, author or page.author
        source, url = source or page.source, page.url or url
        meta_date = meta_date or _day(page.date)
    else:
        text = normalise_text(raw.text or "")
        if raw.origin.lower().endswith(MARKDOWN_SUFFIXES):
            text = markdown_to_text(text)
    chrome = strip_chrome(text)
    if not chrome.text:
        return Rejected(origin=raw.origin, stage="clean", reason="no article text after cleaning", kind="failed")
    digest = content_hash(chrome.text)
    return CleanDocument(
        id=stable_id("doc", digest),
        origin=raw.origin,
        fmt=raw.fmt,
        text=chrome.text,
        content_hash=digest,
        title=_storable(title or chrome.headline),
        url=_storable(url),
        source=_storable(source),
        author=_storable(author or chrome.author),
        claimed_date=_day(meta_date) or chrome.date,
        language=detect_language(chrome.text),
        removed_chrome=chrome.removed,
        encoding=raw.encoding,
    )
