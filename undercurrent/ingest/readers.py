"""One reader per input format; each yields RawDocument or Rejected, never raises.

Single-document formats (plain text, HTML, feeds) are refused whole when the
file is larger than ``settings.max_doc_bytes``. Container formats that stream
(JSON Lines, WARC) apply the limit to each item, so a large corpus file is fine
while a single oversized article is not.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import xml.sax
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ..config import Settings
from ..records import RawDocument, Rejected
from .decode import decode_bytes
from .published import normalise_published

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
# How many leading bytes are inspected to recognise a format or a declared charset.
SNIFF_BYTES = 4096
# Exceptions a damaged gzip stream raises while being read.
_GZIP_ERRORS = (EOFError, OSError, zlib.error)


def rejected(origin: str, reason: str, kind: str = "failed") -> Rejected:
    """A Rejected from the ingest stage."""
    return Rejected(origin=origin, stage="ingest", reason=reason, kind=kind)


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML meta tag, XML prolog or Content-Type header names, if any.

    Example:
        >>> declared_charset(b'<meta charset="windows-1251">')
        'windows-1251'
    """
    match = _CHARSET.search(head) or re.search(rb"""<\?xml[^>]*encoding=["']([A-Za-z0-9_.:-]+)""", head)
    return match.group(1).decode("ascii").lower() if match else None


def sniff_format(head: bytes) -> str | None:
    """Guess a format from leading bytes: "warc", "feed", "html", "jsonl", "gzip" or None.

    Example:
        >>> sniff_format(b"<?xml version='1.0'?><rss version='2.0'>")
        'feed'
    """
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
        return "feed"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered or b"<p>" in lowered:
        return "html"
    if lowered.startswith(b"{"):
        return "jsonl"
    return None


def document_from_bytes(origin: str, fmt: str, data: bytes, as_html: bool, **meta: str | None) -> RawDocument | Rejected:
    """Decode one document's bytes into a RawDocument (text or html), or say why not."""
    decoded = decode_bytes(data, declared_charset(data[:SNIFF_BYTES]) if as_html else None)
    if decoded.text is None:
        return rejected(origin, decoded.problem or "cannot decode")
    if not decoded.text.strip():
        return rejected(origin, "file has no text (only whitespace)")
    if as_html:
        return RawDocument(origin=origin, fmt=fmt, html=decoded.text, encoding=decoded.encoding, **meta)
    return RawDocument(origin=origin, fmt=fmt, text=decoded.text, encoding=decoded.encoding, **meta)


# --------------------------------------------------------------------------- JSON Lines


def _read_line(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Read one line of at most ``limit`` bytes; (line, too_long). The rest of a long line is skipped."""
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, False
    while True:
        chunk = stream.readline(1024 * 1024)
        if not chunk or chunk.endswith(b"\n"):
            return b"", True


def _jsonl_item(origin: str, line: bytes) -> RawDocument | Rejected:
    decoded = decode_bytes(line)
    if decoded.text is None:
        return rejected(origin, f"line is not text: {decoded.problem}")
    try:
        item = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        return rejected(origin, f"line is not valid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(item, dict):
        return rejected(origin, f"line is a JSON {type(item).__name__}, not an object")
    text, html = item.get("text"), item.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        return rejected(origin, "line has neither a non-empty 'text' nor 'html' field")

    def field(name: str) -> str | None:
        value = item.get(name)
        return value if isinstance(value, str) and value.strip() else None

    has_text = isinstance(text, str) and bool(text.strip())
    return RawDocument(
        origin=origin,
        fmt="jsonl",
        text=text if has_text else None,
        html=None if has_text else html,
        title=field("title"),
        url=field("url"),
        source=field("source"),
        author=field("author"),
        published=normalise_published(item.get("published") or item.get("date")),
        encoding=decoded.encoding,
    )


def iter_jsonl(path: Path, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | Rejected]:
    """One document per line; a bad line is one Rejected and the other lines go on."""
    number = 0
    while True:
        try:
            line, too_long = _read_line(stream, settings.max_doc_bytes)
        except _GZIP_ERRORS as exc:
            yield rejected(f"{path}#{number + 1}", f"compressed file is truncated or corrupt after line {number}: {exc}")
            return
        if not line and not too_long:
            return
        number += 1
        origin = f"{path}#{number}"
        if too_long:
            yield rejected(origin, f"line is larger than max_doc_bytes ({settings.max_doc_bytes} bytes)")
        elif line.strip():
            yield _jsonl_item(origin, line.rstrip(b"\r\n"))


# --------------------------------------------------------------------------- feeds


def iter_feed(path: Path, data: bytes) -> Iterator[RawDocument | Rejected]:
    """Each item of an RSS or Atom feed, with its content (or summary), title, link and date.

    A feed that is cut off or not well-formed gives the items feedparser recovered
    and one Rejected for the damage: on the last item when that item came out
    empty, otherwise on the feed itself.
    """
    parsed = feedparser.parse(data)
    problem = parsed.get("bozo_exception")
    damaged = isinstance(problem, xml.sax.SAXException)
    if not parsed.entries:
        reason = f"not a readable RSS or Atom feed: {problem}" if problem else "feed has no items"
        yield rejected(str(path), reason)
        return
    source = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        origin = f"{path}#{number}"
        body, body_type = None, ""
        if entry.get("content"):
            body, body_type = entry.content[0].get("value"), entry.content[0].get("type", "")
        elif entry.get("summary"):
            body = entry.summary
            body_type = entry.get("summary_detail", {}).get("type", "")
        if not body or not body.strip():
            if damaged and number == len(parsed.entries):
                yield rejected(origin, f"feed is truncated or malformed inside this item: {problem}")
                return
            yield rejected(origin, "feed item has no content or summary")
            continue
        # feedparser labels every RSS description text/html; only real markup needs HTML cleaning.
        is_html = "html" in body_type and bool(_TAG.search(body))
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        yield RawDocument(
            origin=origin,
            fmt="feed",
            text=None if is_html else body,
            html=body if is_html else None,
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            source=source,
            author=entry.get("author") or None,
            published=normalise_published(published),
            encoding=parsed.get("encoding"),
        )
    if damaged:
        yield rejected(str(path), f"feed is malformed after {len(parsed.entries)} items were read: {problem}")


# --------------------------------------------------------------------------- WARC


class _StrictArchiveIterator(ArchiveIterator):
    """warcio's iterator, except that a record cut off inside its header is an error, not the end."""

    def _next_record(self, next_line: bytes | None) -> ArcWarcRecord:
        try:
            return super()._next_record(next_line)
        except EOFError as exc:
            if next_line and next_line.strip():
                raise TruncatedInput(f"record header cut off after {next_line.strip()[:40]!r}") from exc
            raise


def _skip_record(record: ArcWarcRecord) -> bool:
    """Read past a record that is not an article; True when its body ends early."""
    stream = record.raw_stream
    for _chunk in iter(lambda: stream.read(64 * 1024), b""):
        continue  # the body is read only to reach the next record
    return bool(getattr(stream, "limit", 0))


def iter_warc(path: Path, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | Rejected]:
    """HTML responses in a WARC archive; other records are not articles and are passed over.

    ``stream`` yields the uncompressed archive (the caller decompresses .warc.gz
    with :func:`open_maybe_gzip`, which reports truncation that warcio would hide).
    """
    number = 0
    records = iter(_StrictArchiveIterator(stream))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except AttributeError:
            # warcio raises AttributeError on a header block cut off mid-line
            yield rejected(f"{path}#{number + 1}", f"archive is truncated or corrupt after record {number}: incomplete record header")
            return
        except (ArchiveLoadFailed, *_GZIP_ERRORS, ValueError) as exc:
            yield rejected(f"{path}#{number + 1}", f"archive is truncated or corrupt after record {number}: {exc}")
            return
        number += 1
        if record.length is None:
            yield rejected(f"{path}#{number}", f"archive is truncated or corrupt: record {number} has no Content-Length")
            return
        content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if record.rec_type != "response" or "html" not in content_type.lower():
            try:
                if _skip_record(record):
                    yield rejected(f"{path}#{number}", f"archive is truncated or corrupt inside record {number}")
                    return
            except (*_GZIP_ERRORS, ValueError) as exc:
                yield rejected(f"{path}#{number}", f"archive is truncated or corrupt inside record {number}: {exc}")
                return
            continue
        origin = f"{path}#{number}"
        try:
            body = record.content_stream().read(settings.max_doc_bytes + 1)
        except (*_GZIP_ERRORS, ValueError) as exc:
            yield rejected(origin, f"archive is truncated or corrupt inside record {number}: {exc}")
            return
        if len(body) <= settings.max_doc_bytes and getattr(record.raw_stream, "limit", 0):
            yield rejected(origin, f"archive is truncated or corrupt inside record {number}: body ends early")
            return
        if len(body) > settings.max_doc_bytes:
            yield rejected(origin, f"response is larger than max_doc_bytes ({settings.max_doc_bytes} bytes)")
            continue
        if not body.strip():
            yield rejected(origin, "HTML response has an empty body")
            continue
        charset = declared_charset(content_type.encode("latin-1", "replace"))
        decoded = decode_bytes(body, charset or declared_charset(body[:SNIFF_BYTES]))
        if decoded.text is None:
            yield rejected(origin, decoded.problem or "cannot decode")
            continue
        yield RawDocument(
            origin=origin,
            fmt="warc",
            html=decoded.text,
            url=record.rec_headers.get_header("WARC-Target-URI"),
            encoding=decoded.encoding,
        )


class TruncatedInput(OSError):
    """A compressed stream ended early. Not an EOFError, which warcio takes for a clean end."""


class _StrictGzipFile(gzip.GzipFile):
    """GzipFile whose truncation error survives libraries that swallow EOFError.

    ``read`` hands out everything decompressed before the cut, and raises
    :class:`TruncatedInput` on the next call, so items before it are not lost.
    """

    _cut: str | None = None

    def read(self, size: int | None = -1) -> bytes:
        if self._cut is not None:
            raise TruncatedInput(self._cut)
        size = -1 if size is None else size
        chunks: list[bytes] = []
        got = 0
        while size < 0 or got < size:
            try:
                chunk = super().read1(size - got if size >= 0 else io.DEFAULT_BUFFER_SIZE)
            except EOFError as exc:
                self._cut = f"compressed stream ends early ({exc})"
                if chunks:
                    break
                raise TruncatedInput(self._cut) from exc
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def read1(self, size: int = -1) -> bytes:
        try:
            return super().read1(size)
        except EOFError as exc:
            raise TruncatedInput(f"compressed stream ends early ({exc})") from exc

    def readline(self, size: int | None = -1) -> bytes:
        try:
            return super().readline(size)
        except EOFError as exc:
            raise TruncatedInput(f"compressed stream ends early ({exc})") from exc

    def peek(self, n: int) -> bytes:
        try:
            return super().peek(n)
        except EOFError as exc:
            raise TruncatedInput(f"compressed stream ends early ({exc})") from exc


def open_maybe_gzip(path: Path, compressed: bool) -> BinaryIO:
    """Open a file for binary reading, through gzip when it is compressed."""
    return _StrictGzipFile(path, "rb") if compressed else open(path, "rb")
