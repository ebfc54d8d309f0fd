"""One reader per input format; each yields RawDocument or Rejected, never raises.

Single-document formats (plain text, HTML, feeds) are refused whole when the
file is larger than ``settings.max_doc_bytes``. Container formats that stream
(JSON Lines, WARC) apply the limit to each item, so a large corpus file is fine
while a single oversized article is not.

Compressed input is bounded too, in bytes and in lines, relative to the size of
the compressed file: a small gzip that expands without end (a file of blank
lines compresses a thousandfold) stops with one Rejected instead of keeping the
ingest busy for minutes.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import xml.sax
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ..config import Settings
from ..records import RawDocument, Rejected, find_unstorable
from .decode import decode_bytes, utf16_without_mark
from .published import normalise_published

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
# How many leading bytes are inspected to recognise a format or a declared charset.
SNIFF_BYTES = 4096
# How far into a file named as a feed the root element is looked for: stylesheet
# instructions, licence comments and DOCTYPE declarations can run to many kilobytes.
FEED_PROLOG_BYTES = 1024 * 1024
# Exceptions a damaged gzip stream raises while being read.
_GZIP_ERRORS = (EOFError, OSError, zlib.error)
# A compressed file may expand to this many times its size (plus max_doc_bytes, so one
# document of any allowed size always fits): news text compresses 3 to 10 times, a file of
# one article repeated about 100 times, a file of blank lines about 1,000 times.
MAX_EXPANSION = 100
# A compressed JSON Lines file may hold one line per compressed byte, plus this many: a line
# of a real corpus costs tens of compressed bytes, a repeated short line a thousandth of one.
LINES_ALLOWED_BEYOND_COMPRESSED_BYTES = 100_000
# A long read that yields nothing reports how far it got every this many lines.
PROGRESS_EVERY_LINES = 100_000

Notify = Callable[[str, Any], None]


def rejected(origin: str, reason: str, kind: str = "failed") -> Rejected:
    """A Rejected from the ingest stage; the reason is made one line (library messages span several)."""
    return Rejected(origin=origin, stage="ingest", reason=" ".join(reason.split()), kind=kind)


class InputLimit(Exception):
    """Compressed input expanded beyond its bound; the message is the whole reason."""


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML meta tag, XML prolog or Content-Type header names, if any.

    Example:
        >>> declared_charset(b'<meta charset="windows-1251">')
        'windows-1251'
    """
    match = _CHARSET.search(head) or re.search(rb"""<\?xml[^>]*encoding=["']([A-Za-z0-9_.:-]+)""", head)
    return match.group(1).decode("ascii").lower() if match else None


def markup_text(data: bytes) -> str:
    """Leading bytes as text good enough to read markup in: UTF-16 decoded, anything else as Latin-1.

    Example:
        >>> markup_text('<?xml version="1.0"?><rss>'.encode("utf-16"))[:5]
        '<?xml'
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else utf16_without_mark(data)
    if encoding:
        return data[: len(data) // 2 * 2].decode(encoding, "replace").removeprefix("\ufeff")
    return data.decode("latin-1")


# What may stand before the root element: white space, <?xml ...?> and other processing
# instructions, comments, and a DOCTYPE with or without an internal subset.
_PROLOG_PART = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})


def root_element(text: str) -> str | None:
    """Name of the first element after the XML prolog, lower-cased, or None.

    Example:
        >>> root_element("<?xml version='1.0'?><!-- licence --><rdf:RDF xmlns:rdf='...'>")
        'rdf:rdf'
    """
    pos = 0
    while (part := _PROLOG_PART.match(text, pos)) and part.end() > pos:
        pos = part.end()
    match = _ROOT.match(text, pos)
    return match.group(1).lower() if match else None


def is_feed(data: bytes) -> bool:
    """True when the root element of the XML in ``data`` is an RSS, Atom or RDF feed, in any encoding.

    Example:
        >>> is_feed(b"<?xml version='1.0'?><!--" + b"x" * 5000 + b"--><rss version='2.0'>")
        True
    """
    root = root_element(markup_text(data[:FEED_PROLOG_BYTES]))
    return root is not None and root.rsplit(":", 1)[-1] in _FEED_ROOTS


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
    lowered = markup_text(head).lstrip(" \t\r\n").lower()
    if is_feed(head) or "<rss" in lowered or "<feed" in lowered or "<rdf:rdf" in lowered:
        return "feed"
    if lowered.startswith(("<!doctype html", "<html")) or "<body" in lowered or "<p>" in lowered:
        return "html"
    if lowered.startswith("{"):
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


# The string fields of a JSON Lines item that become part of the document.
_JSONL_STRING_FIELDS = ("text", "html", "title", "url", "source", "author")


def _jsonl_item(origin: str, line: bytes) -> RawDocument | Rejected:
    decoded = decode_bytes(line)
    if decoded.text is None:
        return rejected(origin, f"line is not text: {decoded.problem}")
    try:
        item = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        return rejected(origin, f"line is not valid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return rejected(origin, "line is JSON nested too deeply to read (over about 1,000 levels of [ or {)")
    except ValueError as exc:  # an integer of more than 4,300 digits
        return rejected(origin, f"line is JSON that cannot be read: {exc}")
    if not isinstance(item, dict):
        return rejected(origin, f"line is a JSON {type(item).__name__}, not an object")
    for name in _JSONL_STRING_FIELDS:
        value = item.get(name)
        bad = find_unstorable(value) if isinstance(value, str) else None
        if bad:
            what = "a NUL character" if bad == "U+0000" else f"a lone surrogate escape ({bad}, half of a character)"
            return rejected(origin, f"field {name!r} has {what}: not valid text; fix the program that wrote the file")
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


def iter_jsonl(
    path: Path,
    stream: BinaryIO,
    settings: Settings,
    *,
    max_lines: int | None = None,
    notify: Notify | None = None,
) -> Iterator[RawDocument | Rejected]:
    """One document per line; a bad line is one Rejected and the other lines go on.

    Args:
        max_lines: read at most this many lines (the bound for decompressed input); the
            rest of the file is one Rejected.
        notify: told ``("reading", message)`` every :data:`PROGRESS_EVERY_LINES` lines.
    """
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_mark(head):
        yield rejected(str(path), "JSON Lines file is UTF-16, not UTF-8: convert it (iconv -f UTF-16 -t UTF-8)")
        return
    number = 0
    while True:
        try:
            line, too_long = _read_line(stream, settings.max_doc_bytes)
        except InputLimit as exc:
            yield rejected(str(path), f"{exc}; read stopped after line {number}")
            return
        except _GZIP_ERRORS as exc:
            yield rejected(f"{path}#{number + 1}", f"compressed file is truncated or corrupt after line {number}: {exc}")
            return
        if not line and not too_long:
            return
        if max_lines is not None and number >= max_lines:
            yield rejected(
                str(path),
                f"compressed file holds more than {max_lines:,} lines (one per compressed byte, plus "
                f"{LINES_ALLOWED_BEYOND_COMPRESSED_BYTES:,}): a decompression bomb or not a corpus; read stopped "
                f"after line {number:,}; decompress it (gunzip) to ingest it anyway",
            )
            return
        number += 1
        if notify is not None and number % PROGRESS_EVERY_LINES == 0:
            notify("reading", f"{path}: {number:,} lines read")
        origin = f"{path}#{number}"
        if too_long:
            yield rejected(origin, f"line is larger than max_doc_bytes ({settings.max_doc_bytes} bytes)")
        elif line.strip():
            yield _jsonl_item(origin, line.rstrip(b"\r\n"))


# --------------------------------------------------------------------------- feeds


_XML_ENCODING_DECL = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));?")
# Longest number of significant digits a valid character reference can have (U+10FFFF).
_MAX_REF_DIGITS = {16: 6, 10: 7}


def _is_xml_char(code: int) -> bool:
    """True for a code point XML 1.0 allows in a document (its ``Char`` production)."""
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _feed_bytes(data: bytes) -> tuple[bytes, list[str]]:
    """Feed bytes feedparser can read, and the invalid character references replaced on the way.

    feedparser reads neither UTF-16 (it is re-encoded as UTF-8 here) nor character
    references to a code point XML forbids (``&#xD800;``, ``&#x110000;``, ``&#0;``): it
    raises or hands on a character no store can hold. Each such reference becomes
    U+FFFD, as an HTML parser would make it.
    """
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else utf16_without_mark(data)
    if encoding:
        text = data[: len(data) // 2 * 2].decode(encoding, "replace").removeprefix("\ufeff")
        data = _XML_ENCODING_DECL.sub(r'\1"utf-8"', text, count=1).encode("utf-8", "replace")
    replaced: list[str] = []

    def repair(match: re.Match[bytes]) -> bytes:
        digits, base = (match.group(1), 16) if match.group(1) is not None else (match.group(2), 10)
        significant = digits.lstrip(b"0") or b"0"
        if len(significant) <= _MAX_REF_DIGITS[base] and _is_xml_char(int(significant, base)):
            return match.group(0)
        replaced.append(match.group(0).decode("ascii"))
        return b"&#xFFFD;"

    return _CHAR_REF.sub(repair, data), replaced


def iter_feed(path: Path, data: bytes) -> Iterator[RawDocument | Rejected]:
    """Each item of an RSS or Atom feed, with its content (or summary), title, link and date.

    A feed that is cut off or not well-formed gives the items feedparser recovered
    and one Rejected for the damage: on the last item when that item came out
    empty, otherwise on the feed itself. Invalid character references are read as
    U+FFFD, and named in one Rejected on the feed after its items.
    """
    data, replaced = _feed_bytes(data)
    parsed = feedparser.parse(data)
    problem = parsed.get("bozo_exception")
    damaged = isinstance(problem, xml.sax.SAXException)
    if replaced:
        shown = ", ".join(dict.fromkeys(replaced[:3]))
        bad_refs = (
            f"feed has {len(replaced)} character reference(s) to a character XML does not allow ({shown}), "
            "read as U+FFFD"
        )
    else:
        bad_refs = ""
    if not parsed.entries:
        reason = f"not a readable RSS or Atom feed: {problem}" if problem else "feed has no items"
        yield rejected(str(path), f"{reason}; {bad_refs}" if bad_refs else reason)
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
                if bad_refs:
                    yield rejected(str(path), bad_refs)
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
    damage = f"feed is malformed after {len(parsed.entries)} items were read: {problem}" if damaged else ""
    if damage or bad_refs:
        yield rejected(str(path), "; ".join(part for part in (damage, bad_refs) if part))


# --------------------------------------------------------------------------- WARC


class _StrictArchiveIterator(ArchiveIterator):
    """warcio's iterator, except that damage is an error: a record cut off inside its header
    is not the end of the archive, and a record not followed by its blank lines (a wrong
    Content-Length) raises instead of printing a warning on stderr and reading on misaligned.
    """

    def _next_record(self, next_line: bytes | None) -> ArcWarcRecord:
        try:
            return super()._next_record(next_line)
        except EOFError as exc:
            if next_line and next_line.strip():
                raise TruncatedInput(f"record header cut off after {next_line.strip()[:40]!r}") from exc
            raise

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        # warcio 1.8.1's loop, with its stderr warning turned into an error.
        empty_size = 0
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            if line.strip():
                if empty_size == 0:
                    found = line.strip()[:40]
                    raise ArchiveLoadFailed(
                        f"record is not followed by a blank line but by {found!r}: its Content-Length is wrong"
                    )
                return line, empty_size
            empty_size += len(line)


# A Content-Length is a decimal number of at most this many digits (an exabyte).
_MAX_LENGTH_DIGITS = 18
_DECIMAL = re.compile(r"[0-9]+", re.ASCII)


def _invalid_length(record: ArcWarcRecord) -> str | None:
    """The declared Content-Length when it is not a usable byte count, else None.

    warcio reads a negative or non-numeric length as 0 and goes on from the wrong
    place, so the header is checked here.
    """
    if record.format != "warc":
        return None  # ARC records give their length differently; warcio checks it
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if _DECIMAL.fullmatch(declared) and len(declared.lstrip("0")) <= _MAX_LENGTH_DIGITS:
        return None
    return declared[:40]


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
        except OverflowError:
            yield rejected(
                f"{path}#{number + 1}",
                f"archive is corrupt: record {number + 1} has a Content-Length too large to be true; "
                "the records after it are not read",
            )
            return
        except (ArchiveLoadFailed, *_GZIP_ERRORS, ValueError) as exc:
            yield rejected(f"{path}#{number + 1}", f"archive is truncated or corrupt after record {number}: {exc}")
            return
        number += 1
        if record.length is None:
            yield rejected(f"{path}#{number}", f"archive is truncated or corrupt: record {number} has no Content-Length")
            return
        bad_length = _invalid_length(record)
        if bad_length is not None:
            yield rejected(
                f"{path}#{number}",
                f"archive is corrupt: record {number} has an invalid Content-Length ({bad_length!r}), so where "
                "the next record starts is unknown; the records after it are not read",
            )
            return
        content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if record.rec_type != "response" or "html" not in content_type.lower():
            try:
                if _skip_record(record):
                    yield rejected(f"{path}#{number}", f"archive is truncated or corrupt inside record {number}")
                    return
            except (*_GZIP_ERRORS, ValueError, OverflowError) as exc:
                yield rejected(f"{path}#{number}", f"archive is truncated or corrupt inside record {number}: {exc}")
                return
            continue
        origin = f"{path}#{number}"
        try:
            body = record.content_stream().read(settings.max_doc_bytes + 1)
        except (*_GZIP_ERRORS, ValueError, OverflowError) as exc:
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
    """GzipFile whose truncation error survives libraries that swallow EOFError, and
    whose output is bounded.

    ``read`` hands out everything decompressed before the cut, and raises
    :class:`TruncatedInput` on the next call, so items before it are not lost.
    Past ``max_bytes`` of output every read raises :class:`InputLimit`.
    """

    _cut: str | None = None

    def __init__(self, path: Path, max_bytes: int | None = None) -> None:
        super().__init__(path, "rb")
        self._max_bytes = max_bytes
        self._compressed_bytes = path.stat().st_size
        self._given = 0

    def _count(self, data: bytes) -> bytes:
        self._given += len(data)
        if self._max_bytes is not None and self._given > self._max_bytes:
            raise InputLimit(
                f"compressed file expands more than {MAX_EXPANSION} times (past {self._max_bytes:,} bytes from "
                f"{self._compressed_bytes:,}): a decompression bomb or not a corpus; decompress it (gunzip) to "
                "ingest it anyway"
            )
        return data

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
            chunks.append(self._count(chunk))
            got += len(chunk)
        return b"".join(chunks)

    def read1(self, size: int = -1) -> bytes:
        try:
            return self._count(super().read1(size))
        except EOFError as exc:
            raise TruncatedInput(f"compressed stream ends early ({exc})") from exc

    def readline(self, size: int | None = -1) -> bytes:
        try:
            return self._count(super().readline(size))
        except EOFError as exc:
            raise TruncatedInput(f"compressed stream ends early ({exc})") from exc

    def peek(self, n: int) -> bytes:
        try:
            return super().peek(n)
        except EOFError as exc:
            raise TruncatedInput(f"compressed stream ends early ({exc})") from exc


def open_maybe_gzip(path: Path, compressed: bool, max_doc_bytes: int | None = None) -> BinaryIO:
    """Open a file for binary reading, through gzip when it is compressed.

    With ``max_doc_bytes`` the decompressed output is bounded to
    ``max_doc_bytes + MAX_EXPANSION * compressed size`` bytes.
    """
    if not compressed:
        return open(path, "rb")
    bound = None if max_doc_bytes is None else max_doc_bytes + 1 + MAX_EXPANSION * path.stat().st_size
    return _StrictGzipFile(path, bound)


def max_lines_of(path: Path) -> int:
    """Most lines a compressed JSON Lines file of this size may hold (one per compressed byte, and some)."""
    return path.stat().st_size + LINES_ALLOWED_BEYOND_COMPRESSED_BYTES
