"""Main text and metadata from an HTML page, via trafilatura (one call per page).

Pages are parsed here, not by trafilatura, so that deep nesting survives:
libxml2 stops at 255 levels unless asked for a "huge" tree, and then at about
2,000, and loses the whole text past that depth. trafilatura, and the libraries
under it, can fail on odd markup (htmldate asserts on ``<MATH><P><P>``); the
page is then read again without metadata, and at worst as plain text, so one
page never loses its words to a library's bug.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.etree
import lxml.html
import trafilatura

from .text import normalise_text

# Elements whose text is never article text, dropped by the plain fallbacks.
_NON_TEXT_TAGS = ("script", "style", "noscript", "template", "svg", "head", "nav", "footer")
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li blockquote section article header tr br pre dd dt figcaption".split()
)
# Characters an XML tree cannot hold (lxml refuses them): C0 controls other than tab, line
# feed and carriage return, lone surrogates, and the two non-characters U+FFFE and U+FFFF.
# Form feed and vertical tab are white space in HTML; the rest carry nothing.
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")
_HTML_SPACE_CONTROLS = str.maketrans("\x0b\x0c", "  ")
# The parser trafilatura uses, plus huge_tree: 2,000 levels of nesting instead of 255.
_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
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


def xml_safe(html: str) -> str:
    """The page without the characters an XML tree cannot hold (a lone surrogate becomes U+FFFD).

    Example:
        >>> xml_safe("<p>\\x01Xi\\x0bmet\\ud800Putin</p>")
        '<p>Xi met\ufffdPutin</p>'
    """
    html = html.translate(_HTML_SPACE_CONTROLS)
    return _NOT_XML.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", html)


def _parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html, parser=_PARSER)
    except ValueError:  # a string with an XML encoding declaration is parsed as bytes
        try:
            return lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
        except (lxml.etree.ParserError, ValueError):
            return None
    except lxml.etree.ParserError:
        return None


def _tree_text(html: str) -> str:
    """Every text node outside scripts and navigation, one paragraph per block element."""
    root = _parse(html)
    if root is None:
        return ""
    lxml.etree.strip_elements(root, *_NON_TEXT_TAGS, with_tail=False)
    parts: list[str] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            if event == "end" and element.tail:
                parts.append(element.tail)  # a comment's tail is text of its parent
            continue
        if event == "start":
            if element.tag in _BLOCK_TAGS:
                parts.append("\n\n")
            parts.append(element.text or "")
        else:
            if element.tag in _BLOCK_TAGS:
                parts.append("\n\n")
            parts.append(element.tail or "")
    return normalise_text("".join(parts))


class _TextCollector(HTMLParser):
    """Text of a page read as a stream of tags: no tree, so no limit on nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _NON_TEXT_TAGS:
            self._hidden[tag] = self._hidden.get(tag, 0) + 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self._hidden.get(tag):
            self._hidden[tag] -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not any(self._hidden.values()):
            self.parts.append(data)


def _stream_text(html: str) -> str:
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except AssertionError:  # the standard library's parser asserts on some broken <![ ... ]> sections
        return normalise_text("".join(collector.parts))  # the text read up to there
    return normalise_text("".join(collector.parts))


def _plain_text(html: str) -> str:
    """Used when trafilatura finds no main text (very short, malformed or very deep pages)."""
    return _tree_text(html) or _stream_text(html)


def _trafilatura(html: str, url: str | None, with_metadata: bool) -> object | None:
    tree = _parse(html)
    if tree is None:
        return None
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=with_metadata,
        include_comments=False,
        include_images=False,
        favor_precision=False,
        fast=True,
    )


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
    html = xml_safe(html)
    trafilatura_logger = logging.getLogger("trafilatura")
    previous = trafilatura_logger.level
    trafilatura_logger.setLevel(logging.CRITICAL)  # it logs every short page as an error
    found = None
    try:
        for with_metadata in (True, False):
            try:
                found = _trafilatura(html, url, with_metadata)
                break
            except Exception:  # a bug in trafilatura or a library under it, on this one page
                found = None  # try once more without metadata (htmldate's date search fails most)
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
