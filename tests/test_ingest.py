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


# Pieces of every format, so that random files reach past the first check of each reader.
_PIECES = st.sampled_from([
    b"<?xml version='1.0' encoding='utf-16'?>", b"<rss version='2.0'>", b"<channel>", b"<item>", b"</item>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<entry>", b"<title>", b"</title>", b"<description>",
    b"</description>", b"&#x110000;", b"&#xD800;", b"&#0;", b"&#99999999999999999999;", b"<![CDATA[", b"]]>",
    b"<!--", b"-->", b"<html>", b"<p>", b"<MATH><P><P>", b'{"text": "', b'", "title": "', b'\\ud800', b'"}', b"[[[[",
    b'"n": 1' + b"0" * 4400 + b",", b"\n", b"\r\n", b"\x00", b"\x01", b"\x1b[31m", b"\xff\xfe", b"\xef\xbb\xbf",
    b"\x80\xe9",
    b"WARC/1.0\r\n", b"WARC-Type: response\r\n", b"Content-Length: -5\r\n", b"Content-Length: 40\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", SUMMIT.encode(),
])
_FILES = st.one_of(st.binary(max_size=400), st.lists(_PIECES, max_size=25).map(b"".join))
_SUFFIXES = st.sampled_from(["", ".txt", ".md", ".html", ".jsonl", ".xml", ".rss", ".warc", ".warc.gz", ".jsonl.gz",
                             ".txt.gz"])


@hsettings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_FILES, suffix=_SUFFIXES, compress=st.booleans())
def test_ingest_arbitrary_bytes_never_raise(tmp_path, data, suffix, compress):
    from undercurrent.records import find_unstorable

    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") and compress else data)
    for item in iter_raw_documents([str(path)], Settings()):
        assert isinstance(item, (RawDocument, Rejected))
        if isinstance(item, Rejected):
            assert item.reason and "\n" not in item.reason
            assert not item.reason.startswith("reading failed"), item.reason  # the safety net caught a bug
        else:
            for name in ("text", "html", "title", "url", "source", "author"):
                value = getattr(item, name)
                assert value is None or find_unstorable(value) is None, (name, value)


# --------------------------------------------------------------------------- issue 13: bad input never stops the run


def test_ingest_jsonl_line_nested_too_deep_is_one_rejection_and_the_next_line_is_read(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 5000 + "]" * 5000 + "\n" + json.dumps({"text": SUMMIT}) + "\n", encoding="utf-8")
    deep, doc = read([path])
    assert deep == Rejected(f"{path}#1", "ingest",
                            "line is JSON nested too deeply to read (over about 1,000 levels of [ or {)", "failed")
    assert doc.text == SUMMIT


def test_ingest_jsonl_line_with_a_huge_integer_is_one_rejection(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text('{"text": "x", "n": 1' + "0" * 5000 + "}\n" + json.dumps({"text": SUMMIT}) + "\n", encoding="utf-8")
    huge, doc = read([path])
    assert huge.reason.startswith("line is JSON that cannot be read: Exceeds the limit (4300 digits)")
    assert doc.text == SUMMIT


@pytest.mark.parametrize("field", ["title", "source", "author", "text"])
def test_ingest_jsonl_lone_surrogate_escape_is_rejected_not_sent_to_the_store(tmp_path, field):
    path = tmp_path / "s.jsonl"
    item = {"text": SUMMIT, field: "Moscow \ud800 desk"}
    path.write_text(json.dumps(item) + "\n" + json.dumps({"text": "Second."}) + "\n", encoding="ascii")
    bad, good = read([path])
    assert bad.origin == f"{path}#1" and bad.kind == "failed"
    assert bad.reason == (f"field {field!r} has a lone surrogate escape (U+D800, half of a character): "
                          "not valid text; fix the program that wrote the file")
    assert good.text == "Second."


def test_ingest_jsonl_nul_escape_in_a_field_is_rejected(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps({"text": SUMMIT, "author": "A\u0000B"}) + "\n", encoding="ascii")
    assert only(read([path])).reason.startswith("field 'author' has a NUL character")


def _feed(body: str, encoding: str = "UTF-8") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>Wire</title>'
            f"<item><title>Talks {body}</title><description>{SUMMIT} {body}</description></item></channel></rss>")


@pytest.mark.parametrize("reference", ["&#x110000;", "&#xD800;", "&#55296;", "&#0;", "&#x1;", "&#99999999999999999999;",
                                       "&#x110000"])
def test_ingest_feed_with_an_invalid_character_reference_keeps_its_items_and_says_so(tmp_path, reference):
    path = tmp_path / "f.rss"
    path.write_text(_feed(reference), encoding="utf-8")
    item, note = read([path])
    assert item.origin == f"{path}#1" and item.title == "Talks \ufffd"
    assert item.text == f"{SUMMIT} \ufffd"
    assert note.origin == str(path) and note.kind == "failed"
    assert note.reason == (f"feed has 2 character reference(s) to a character XML does not allow ({reference}), "
                           "read as U+FFFD")


def test_ingest_feed_valid_character_references_are_left_alone(tmp_path):
    path = tmp_path / "f.rss"
    path.write_text(_feed("&#x00041; &#233; &#x1F600;"), encoding="utf-8")
    assert only(read([path])).title == "Talks A é 😀"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_ingest_utf16_feed_is_read_not_skipped(tmp_path, encoding):
    path = tmp_path / "f.rss"
    path.write_bytes(_feed("", "UTF-16").encode(encoding))
    item = only(read([path]))
    assert (item.origin, item.title, item.text) == (f"{path}#1", "Talks", SUMMIT)


def test_ingest_utf16_feed_without_extension_is_sniffed(tmp_path):
    path = tmp_path / "feed"
    path.write_bytes(_feed("", "UTF-16").encode("utf-16"))
    assert only(read([path])).fmt == "feed"


def test_ingest_feed_with_more_than_4_kb_before_the_root_is_read(tmp_path):
    path = tmp_path / "f.xml"
    prolog = '<?xml-stylesheet href="feed.xsl"?><!-- ' + "licence " * 1000 + "-->"
    path.write_text(_feed("").replace("<rss", prolog + "<!DOCTYPE rss [<!ENTITY a 'b'>]><rss", 1), encoding="utf-8")
    assert only(read([path])).title == "Talks"


def test_ingest_utf16_text_with_and_without_mark(tmp_path):
    text = "Президент России встретился с председателем КНР в Кремле.\n"
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "le.txt").write_bytes(SUMMIT.encode("utf-16-le"))
    marked, unmarked = read([tmp_path / "bom.txt", tmp_path / "le.txt"])
    assert (marked.text, marked.encoding) == (text, "utf-16")
    assert (unmarked.text, unmarked.encoding) == (SUMMIT, "utf-16")


@pytest.mark.parametrize("tail", [bytes(range(40, 240, 3))[:66], b"\x00\x01\x02\x03", b"\x89PNG\r\n\x1a\n" * 8])
def test_ingest_bytes_after_a_utf16_mark_that_are_not_text_are_rejected(tmp_path, tail):
    path = tmp_path / "g.txt"
    path.write_bytes(b"\xff\xfe" + tail)
    assert only(read([path])).reason == "bytes decode as UTF-16 but the result is not text (binary or damaged file)"


def test_ingest_utf16_jsonl_is_one_rejection_not_one_per_line(tmp_path):
    path = tmp_path / "u.jsonl"
    path.write_bytes((json.dumps({"text": SUMMIT}) + "\n").encode("utf-16") * 3)
    assert only(read([path])).reason == "JSON Lines file is UTF-16, not UTF-8: convert it (iconv -f UTF-16 -t UTF-8)"


def test_ingest_non_utf8_file_name_is_one_rejection_with_the_name_escaped(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    try:
        (tmp_path / name).write_text(SUMMIT, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    (tmp_path / "ok.txt").write_text(SUMMIT, encoding="utf-8")
    bad, good = read([tmp_path])
    assert bad == Rejected(f"{tmp_path}/caf\\xe9.txt", "ingest",
                           "file name is not valid UTF-8 (bytes shown as \\xNN): rename it to read it", "failed")
    assert bad.origin.encode("utf-8") and good.origin == str(tmp_path / "ok.txt")


def _blank_lines_gz(path: Path, lines: int) -> None:
    path.write_bytes(gzip.compress(b"\n" * lines, 9))


def test_ingest_gzip_of_blank_lines_stops_at_the_line_bound_with_progress(tmp_path):
    path = tmp_path / "blank.jsonl.gz"
    _blank_lines_gz(path, 3_000_000)
    bound = path.stat().st_size + 100_000
    seen: list[tuple[str, str]] = []
    item = only(list(iter_raw_documents([str(path)], Settings(), notify=lambda kind, msg: seen.append((kind, msg)))))
    assert item.origin == str(path) and item.kind == "failed"
    assert item.reason.startswith(f"compressed file holds more than {bound:,} lines")
    assert item.reason.endswith(f"read stopped after line {bound:,}; decompress it (gunzip) to ingest it anyway")
    assert seen[0] == ("reading", f"{path}: 100,000 lines read") and len(seen) == bound // 100_000


def test_ingest_uncompressed_jsonl_has_no_line_bound(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_bytes(b"\n" * 200_000 + json.dumps({"text": SUMMIT}).encode() + b"\n")
    assert only(read([path])).origin == f"{path}#200001"


def test_ingest_gzip_that_expands_too_far_is_one_rejection(tmp_path):
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"text": SUMMIT}).encode() + b"\n" + b"x" * 2_000_000, 9))
    first, bomb = read([path], Settings(max_doc_bytes=1000))
    assert first.text == SUMMIT
    assert bomb.origin == str(path) and bomb.reason.startswith("compressed file expands more than 100 times")


def test_ingest_gzip_warc_record_that_expands_too_far_is_one_rejection(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://x.example/p.png", "response",
                                                      payload=io.BytesIO(b"\0" * 3_000_000), http_headers=headers))
    item = only(read([path], Settings(max_doc_bytes=1000)))
    assert item.origin == str(path) and item.reason.startswith("compressed file expands more than 100 times")


def _warc_record(body: bytes, declared: str | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    length = str(len(http)) if declared is None else declared
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://herald.example.org/a\r\n"
            b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Length: " + length.encode() + b"\r\n\r\n" + http + b"\r\n\r\n")


@pytest.mark.parametrize("declared", ["-5", "-1", "abc", "1e3", "99999999999999999999999999999"])
def test_ingest_warc_invalid_content_length_is_one_rejection_and_nothing_on_stderr(tmp_path, capfd, declared):
    path = tmp_path / "neg.warc"
    path.write_bytes(_warc_record(_html_page(SUMMIT)) + _warc_record(_html_page("Second."), declared)
                     + _warc_record(_html_page("Third.")))
    first, bad = read([path])
    assert SUMMIT in first.html
    assert bad.origin == f"{path}#2" and bad.kind == "failed"
    assert ("invalid Content-Length" in bad.reason or "too large to be true" in bad.reason), bad.reason
    assert capfd.readouterr().err == ""


def test_ingest_warc_record_with_a_wrong_length_is_one_rejection_and_nothing_on_stderr(tmp_path, capfd):
    path = tmp_path / "short.warc"
    path.write_bytes(_warc_record(_html_page(SUMMIT)) + _warc_record(_html_page("Second."), "10"))
    first, bad = read([path])
    assert bad.origin == f"{path}#3" and "its Content-Length is wrong" in bad.reason
    assert capfd.readouterr().err == ""


def test_ingest_reader_bug_on_one_file_is_one_rejection_and_the_next_file_is_read(tmp_path, monkeypatch):
    import undercurrent.ingest as ingest

    def broken(path, data):
        raise KeyError("surprise")

    monkeypatch.setattr(ingest, "iter_feed", broken)
    (tmp_path / "a.rss").write_text(_feed(""), encoding="utf-8")
    (tmp_path / "b.txt").write_text(SUMMIT, encoding="utf-8")
    bad, good = read([tmp_path])
    assert bad == Rejected(str(tmp_path / "a.rss"), "ingest", "reading failed (KeyError: 'surprise'); please report it")
    assert good.text == SUMMIT


def test_ingest_reason_is_always_one_line():
    from undercurrent.ingest.readers import rejected

    assert rejected("x", "line one\r\n  line two\n").reason == "line one line two"
