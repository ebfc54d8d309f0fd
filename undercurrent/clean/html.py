"""Main text and metadata from an HTML page, via trafilatura (one call per page)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

from .text import normalise_text

# Elements whose text is never article text, dropped by the plain fallback.
_NON_TEXT_TAGS = ("script", "style", "noscript", "template", "svg", "head", "nav", "footer")
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li blockquote section article header tr br pre dd dt figcaption".split()
)


@dataclass(frozen=True, slots=True)
class HtmlText:
    """What an HTML page yielded: text (paragraphs separated by blank lines) and metadata."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None


def _plain_text(html: str) -> str:
    """Every text node outside scripts and navigation, one line per block element.

    Used when trafilatura finds no main text (very short or malformed pages).
    """
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    lxml.etree.strip_elements(root, *_NON_TEXT_TAGS, with_tail=False)
    lxml.etree.strip_tags(root, lxml.etree.Comment)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
    return normalise_text(root.text_content())


def extract_html(html: str, url: str | None = None) -> HtmlText:
    """Extract the main text and metadata of an HTML page.

    Args:
        html: the page.
        url: where it came from, which helps trafilatura resolve the canonical URL.

    Returns:
        An :class:`HtmlText`; ``text`` is empty when the page has no readable text.

    Example:
        >>> extract_html("<html><body><p>Xi met Putin.</p></body></html>").text
        'Xi met Putin.'
    """
    trafilatura_logger = logging.getLogger("trafilatura")
    previous = trafilatura_logger.level
    trafilatura_logger.setLevel(logging.CRITICAL)  # it logs every short page as an error
    try:
        found = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            favor_precision=False,
            fast=True,
        )
    except (ValueError, TypeError, lxml.etree.LxmlError):
        found = None
    finally:
        trafilatura_logger.setLevel(previous)
    text = normalise_text("\n\n".join((found.text or "").split("\n"))) if found is not None else ""
    if not text:
        return HtmlText(text=_plain_text(html), url=url)
    return HtmlText(
        text=text,
        title=found.title or None,
        author=found.author or None,
        date=found.date or None,
        source=found.sitename or None,
        url=found.url or url,
    )
