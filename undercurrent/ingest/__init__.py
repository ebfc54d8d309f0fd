"""Ingest: read files, directories, feeds, archives and stdin into RawDocument records.

Everything here streams: one document is read, yielded and forgotten before
the next, so a corpus of any size passes in bounded memory. Nothing raises
for bad input; each problem is one :class:`~undercurrent.records.Rejected`.
A reader that fails in a way nobody foresaw (a parser library's own bug) loses
the rest of that one file, never the files after it, and no document leaves
here with a character the store cannot hold.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..config import Settings
from ..records import RawDocument, Rejected, find_unstorable
from .readers import (
    SNIFF_BYTES,
    _GZIP_ERRORS,
    InputLimit,
    Notify,
    document_from_bytes,
    is_feed,
    iter_feed,
    iter_jsonl,
    iter_warc,
    max_lines_of,
    open_maybe_gzip,
    rejected,
    sniff_format,
)
from .walk import iter_files

__all__ = ["iter_raw_documents"]

STDIN_ORIGIN = "<stdin>"

# File name endings and the format each means; compound endings are matched first.
EXTENSION_FORMATS: dict[str, str] = {
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


def iter_raw_documents(
    paths: list[str], settings: Settings, *, stdin: BinaryIO | None = None, notify: Notify | None = None
) -> Iterator[RawDocument | Rejected]:
    """Read every document under ``paths``; ``-`` reads one text from standard input.

    Args:
        paths: files and directories (walked recursively, sorted), or ``-``.
        settings: uses ``max_doc_bytes``.
        stdin: the byte stream ``-`` reads (defaults to ``sys.stdin.buffer``).
        notify: told ``("reading", message)`` while a long file yields nothing.

    Yields:
        One :class:`RawDocument` per article, or one :class:`Rejected` per file,
        line or item that could not be read.

    Example:
        >>> from undercurrent.config import Settings
        >>> [r.reason for r in iter_raw_documents(["/nonexistent"], Settings())]
        ['no such file or directory']
    """
    for given in paths:
        if given == "-":
            yield _refuse_unstorable(_read_stdin(stdin if stdin is not None else sys.stdin.buffer, settings))
            continue
        for item in iter_files([given]):
            if isinstance(item, Rejected):
                yield item
                continue
            try:
                for found in _read_file(item, settings, notify):
                    yield _refuse_unstorable(found)
            except Exception as exc:  # a parser library's bug on one file must not stop the others
                yield rejected(str(item), f"reading failed ({type(exc).__name__}: {exc}); please report it")


def _refuse_unstorable(item: RawDocument | Rejected) -> RawDocument | Rejected:
    """The item, or a Rejected when a field holds a character no store can hold (a readers' safety net)."""
    if isinstance(item, Rejected):
        return item
    for name in ("text", "html", "title", "url", "source", "author", "published"):
        value = getattr(item, name)
        bad = find_unstorable(value) if value else None
        if bad:
            return rejected(item.origin, f"the document's {name} has a character no database can store ({bad})")
    return item


def _read_stdin(stream: BinaryIO, settings: Settings) -> RawDocument | Rejected:
    data = stream.read(settings.max_doc_bytes + 1)
    if len(data) > settings.max_doc_bytes:
        return rejected(STDIN_ORIGIN, f"input is larger than max_doc_bytes ({settings.max_doc_bytes} bytes)")
    if not data.strip():
        return rejected(STDIN_ORIGIN, "input is empty")
    return document_from_bytes(STDIN_ORIGIN, "stdin", data, sniff_format(data[:SNIFF_BYTES]) == "html")


def _format_of(path: Path) -> tuple[str | None, bool]:
    """(format, gzip-compressed) from the file name; format None means "sniff"."""
    name = path.name.lower()
    compressed = name.endswith(".gz")
    if compressed:
        name = name[: -len(".gz")]
    for ending, fmt in EXTENSION_FORMATS.items():
        if name.endswith(ending):
            return fmt, compressed
    return ("unknown" if "." in name.lstrip(".") else None), compressed


def _read_file(path: Path, settings: Settings, notify: Notify | None = None) -> Iterator[RawDocument | Rejected]:
    origin = str(path)
    fmt, compressed = _format_of(path)
    if fmt == "unknown":
        yield rejected(origin, f"unsupported file type {path.suffix!r}", "skipped")
        return
    try:
        size = path.stat().st_size
        with open_maybe_gzip(path, compressed, settings.max_doc_bytes) as stream:
            head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""
            if size == 0 or (compressed and not head):
                yield rejected(origin, "file is empty")
                return
            if fmt is None:
                fmt = _sniff_unnamed(head)
                if fmt == "gzip":
                    yield rejected(origin, "gzip file without a recognised inner file type", "skipped")
                    return
            if fmt == "warc":
                yield from iter_warc(path, stream, settings)
            elif fmt == "jsonl":
                yield from iter_jsonl(
                    path, stream, settings, max_lines=max_lines_of(path) if compressed else None, notify=notify
                )
            else:
                yield from _read_single(path, stream, fmt, size, settings)
    except PermissionError:
        yield rejected(origin, "permission denied: the file cannot be read")
    except InputLimit as exc:
        yield rejected(origin, str(exc))
    except _GZIP_ERRORS as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            yield rejected(origin, f"cannot read: {exc.strerror or exc}")
        else:  # EOFError, zlib.error, BadGzipFile and TruncatedInput carry no errno
            yield rejected(origin, f"compressed file is truncated or corrupt: {exc}")


def _sniff_unnamed(head: bytes) -> str:
    sniffed = sniff_format(head)
    return sniffed if sniffed is not None else "text"


def _read_single(path: Path, stream: BinaryIO, fmt: str, size: int, settings: Settings) -> Iterator[RawDocument | Rejected]:
    origin = str(path)
    if size > settings.max_doc_bytes:
        yield rejected(origin, f"file is larger than max_doc_bytes ({size} > {settings.max_doc_bytes} bytes)")
        return
    data = stream.read(settings.max_doc_bytes + 1)
    if len(data) > settings.max_doc_bytes:
        yield rejected(origin, f"file is larger than max_doc_bytes once decompressed ({settings.max_doc_bytes} bytes)")
        return
    if fmt == "feed":
        if not is_feed(data) and sniff_format(data[:SNIFF_BYTES]) != "feed":
            yield rejected(origin, "XML file is not an RSS or Atom feed", "skipped")
            return
        yield from iter_feed(path, data)
        return
    yield document_from_bytes(origin, fmt, data, fmt == "html")
