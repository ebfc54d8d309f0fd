"""Ingest: every input format, and every kind of bad input giving one Rejected."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from undercurrent.clean import clean_document
from undercurrent.config import Settings
from undercurrent.ingest import iter_raw_documents
from undercurrent.records import CleanDocument, RawDocument, Rejected

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SUMMIT = "Chinese President Xi Jinping arrived in Moscow on 20 March 2023 for a state visit to Russia."


def read(paths: list[str | Path], settings: Settings | None = None, **kwargs) -> list[RawDocument | Rejected]:
    return list(iter_raw_documents([str(p) for p in paths], settings or Settings(), **kwargs))


def only(items: list) -> RawDocument | Rejected:
    assert len(items) == 1, items
    return items[0]


# --------------------------------------------------------------------------- formats


def test_ingest_plain_text_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SUMMIT, encoding="utf-8")
    doc = only(read([path]))
    assert doc == RawDocument(origin=str(path), fmt="text", text=SUMMIT, encoding="utf-8")


def test_ingest_markdown_is_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Summit\n\n" + SUMMIT, encoding="utf-8")
    doc = only(read([path]))
    assert (doc.fmt, doc.text) == ("text", "# Summit\n\n" + SUMMIT)


def test_ingest_html_keeps_raw_html():
    doc = only(read([FIXTURES / "summit.html"]))
    assert doc.fmt == "html" and doc.text is None
    assert doc.html.startswith("<!DOCTYPE html>") and "<nav>" in doc.html


def test_ingest_jsonl_lines_and_bad_lines():
    path = FIXTURES / "articles.jsonl"
    items = read([path])
    assert [i.origin for i in items] == [f"{path}#{n}" for n in (1, 2, 3, 5, 6)]
    first, broken, second, array, empty = items
    assert first == RawDocument(
        origin=f"{path}#1", fmt="jsonl", text=SUMMIT, title="Xi in Moscow", url="https://herald.example.org/a",
        source="Example Herald", published="2023-03-20", encoding="utf-8",
    )
    assert isinstance(broken, Rejected) and broken.reason.startswith("line is not valid JSON")
    assert second.html.startswith("<html>") and second.text is None and second.published == "2023-04-04"
    assert array.reason == "line is a JSON list, not an object"
    assert empty.reason == "line has neither a non-empty 'text' nor 'html' field"
    assert {i.stage for i in (broken, array, empty)} == {"ingest"}


def test_ingest_rss_items():
    path = FIXTURES / "feed.rss"
    first, second = read([path])
    assert first.origin == f"{path}#1" and first.fmt == "feed"
    assert first.title == "Xi and Putin sign joint statement"
    assert first.url == "https://herald.example.org/world/2023/03/21/joint-statement"
    assert first.published == "2023-03-21" and first.source == "Example Herald: World"
    assert first.html.startswith("<p>Xi Jinping and Vladimir Putin signed") and first.text is None
    assert second.origin == f"{path}#2" and second.published == "2023-04-04"
    assert second.text.startswith("Finland became the 31st member of NATO")


def test_ingest_atom_entry():
    path = FIXTURES / "feed.atom"
    entry = only(read([path]))
    assert (entry.origin, entry.title, entry.published, entry.author) == (
        f"{path}#1", "Xi leaves Moscow after three-day visit", "2023-03-22", "Anna Petrova")
    assert entry.url == "https://herald.example.org/diplomacy/2023/03/22/xi-leaves"
    assert entry.html == "<p>Chinese President Xi Jinping left Moscow on Wednesday at the end of a three-day state visit to Russia.</p>"


def test_ingest_truncated_feed_keeps_earlier_items(tmp_path):
    path = tmp_path / "cut.rss"
    data = (FIXTURES / "feed.rss").read_bytes()
    path.write_bytes(data[: data.index(b"<description>Finland") + 20])
    first, cut = read([path])
    assert first.title == "Xi and Putin sign joint statement"
    assert cut.origin == f"{path}#2" and cut.reason.startswith("feed is truncated or malformed inside this item")


def test_ingest_feed_sniffed_without_extension(tmp_path):
    path = tmp_path / "feed"
    shutil.copy(FIXTURES / "feed.rss", path)
    assert [i.origin for i in read([path])] == [f"{path}#1", f"{path}#2"]


def test_ingest_xml_that_is_not_a_feed_is_skipped(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><catalog><book>War and Peace</book></catalog>", encoding="utf-8")
    assert only(read([path])) == Rejected(str(path), "ingest", "XML file is not an RSS or Atom feed", "skipped")


def _html_page(body: str) -> bytes:
    return f"<html><head><title>t</title></head><body><p>{body}</p></body></html>".encode("utf-8")


def _write_warc(path: Path, gzipped: bool) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        pages = [
            ("https://herald.example.org/xi", "text/html; charset=utf-8", _html_page(SUMMIT)),
            ("https://herald.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://herald.example.org/nato", "text/html", _html_page("Finland joined NATO on 4 April 2023.")),
        ]
        for uri, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


@pytest.mark.parametrize("name,gzipped", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_ingest_warc_html_responses_only(tmp_path, name, gzipped):
    path = tmp_path / name
    _write_warc(path, gzipped)
    first, second = read([path])
    assert (first.origin, first.fmt, first.url) == (f"{path}#1", "warc", "https://herald.example.org/xi")
    assert SUMMIT in first.html
    assert (second.origin, second.url) == (f"{path}#3", "https://herald.example.org/nato")


def test_ingest_truncated_warc_gz_keeps_earlier_records(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 60])
    items = read([path])
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejected"]
    assert items[0].url == "https://herald.example.org/xi"
    assert "truncated or corrupt" in items[1].reason and items[1].kind == "failed"


def test_ingest_truncated_jsonl_gz_keeps_earlier_lines(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    lines = [json.dumps({"text": f"{SUMMIT} Item {n}."}) for n in range(200)]
    data = gzip.compress("\n".join(lines).encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    items = read([path])
    assert all(isinstance(i, RawDocument) for i in items[:-1]) and len(items) > 10
    assert isinstance(items[-1], Rejected) and "truncated or corrupt" in items[-1].reason


def test_ingest_truncated_gzip_text_is_rejected(tmp_path):
    path = tmp_path / "a.txt.gz"
    data = gzip.compress((SUMMIT * 50).encode("utf-8"))
    path.write_bytes(data[:40])
    item = only(read([path]))
    assert isinstance(item, Rejected) and item.reason.startswith("compressed file is truncated or corrupt")


def test_ingest_stdin_text_and_html():
    doc = only(read(["-"], stdin=io.BytesIO(SUMMIT.encode("utf-8"))))
    assert (doc.origin, doc.fmt, doc.text) == ("<stdin>", "stdin", SUMMIT)
    page = only(read(["-"], stdin=io.BytesIO(_html_page(SUMMIT))))
    assert page.html is not None and page.text is None


# --------------------------------------------------------------------------- directories


def test_ingest_directory_is_recursive_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(SUMMIT, encoding="utf-8")
    (tmp_path / "b" / "a.txt").write_text(SUMMIT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(SUMMIT, encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    items = read([tmp_path])
    assert [Path(i.origin).relative_to(tmp_path).as_posix() for i in items] == ["a.txt", "b/a.txt", "b/z.txt", "c.pdf"]
    assert items[-1] == Rejected(str(tmp_path / "c.pdf"), "ingest", "unsupported file type '.pdf'", "skipped")


def test_ingest_symlink_loop_reported_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(SUMMIT, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "sub" / "up")
    items = read([tmp_path])
    loops = [i for i in items if isinstance(i, Rejected)]
    assert [i.origin for i in items if isinstance(i, RawDocument)] == [str(tmp_path / "sub" / "a.txt")]
    assert len(loops) == 1 and loops[0].origin == str(tmp_path / "sub" / "up")
    assert loops[0].reason.startswith("symbolic link loop")


def test_ingest_self_referencing_symlink(tmp_path):
    os.symlink(tmp_path / "loop.txt", tmp_path / "loop.txt")
    item = only(read([tmp_path / "loop.txt"]))
    assert item.reason == "symbolic link loop: the link resolves to itself"


# --------------------------------------------------------------------------- bad input


def test_ingest_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert only(read([path])) == Rejected(str(path), "ingest", "file is empty", "failed")


def test_ingest_binary_file_with_nul_bytes(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert only(read([path])).reason == "binary file (contains NUL bytes)"


def test_ingest_invalid_bytes(tmp_path):
    path = tmp_path / "noise.html"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    item = only(read([path]))
    assert item.reason == "invalid bytes: not text in UTF-8 or any supported legacy encoding"


def test_ingest_file_over_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(SUMMIT * 10, encoding="utf-8")
    item = only(read([path], Settings(max_doc_bytes=100)))
    assert item.reason == f"file is larger than max_doc_bytes ({len(SUMMIT) * 10} > 100 bytes)"


def test_ingest_jsonl_line_over_size_limit(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": SUMMIT * 5}) + "\n" + json.dumps({"text": "Short."}) + "\n", encoding="utf-8")
    big, small = read([path], Settings(max_doc_bytes=200))
    assert big.reason == "line is larger than max_doc_bytes (200 bytes)" and small.text == "Short."


def test_ingest_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SUMMIT, encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read a mode-000 file")
        assert only(read([path])).reason == "permission denied: the file cannot be read"
    finally:
        path.chmod(0o644)


def test_ingest_missing_path(tmp_path):
    assert only(read([tmp_path / "nope.txt"])).reason == "no such file or directory"


def test_ingest_malformed_html_still_gives_text(tmp_path):
    path = tmp_path / "broken.html"
    path.write_bytes(b"<html><body><div><p>Putin met Xi in the Kremlin.<p><b>Talks went on for hours</div")
    doc = clean_document(only(read([path])), Settings())
    assert doc.text == "Putin met Xi in the Kremlin.\n\nTalks went on for hours"


def test_ingest_html_without_text_is_rejected_by_clean(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"<html><head><script>var a = 1;</script></head><body>   </body></html>")
    result = clean_document(only(read([path])), Settings())
    assert result == Rejected(str(path), "clean", "no article text after cleaning", "failed")


# --------------------------------------------------------------------------- encodings


def test_ingest_cp1251_russian(tmp_path):
    text = "Президент России Владимир Путин встретился в Кремле с председателем КНР Си Цзиньпином."
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    doc = only(read([path]))
    assert (doc.text, doc.encoding) == (text, "cp1251")


def test_ingest_latin1_french(tmp_path):
    text = "Le président chinois a été reçu à Moscou; la délégation française n'était pas présente."
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("latin-1"))
    doc = only(read([path]))
    assert (doc.text, doc.encoding) == (text, "latin-1")


def test_ingest_utf8_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SUMMIT.encode("utf-8"))
    doc = only(read([path]))
    assert (doc.text, doc.encoding) == (SUMMIT, "utf-8-sig")


def test_ingest_html_meta_charset(tmp_path):
    path = tmp_path / "ru.html"
    body = "<html><head><meta charset='windows-1251'></head><body><p>Москва, Кремль</p></body></html>"
    path.write_bytes(body.encode("cp1251"))
    doc = only(read([path]))
    assert (doc.encoding, "Москва, Кремль" in doc.html) == ("windows-1251", True)


# --------------------------------------------------------------------------- properties


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".xml", ".warc.gz"]))
def test_ingest_arbitrary_bytes_never_raise(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in iter_raw_documents([str(path)], Settings()):
        assert isinstance(item, (RawDocument, Rejected))
        if isinstance(item, RawDocument):
            assert isinstance(clean_document(item, Settings()), (CleanDocument, Rejected))
        else:
            assert item.reason and "\n" not in item.reason
