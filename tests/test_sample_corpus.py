"""The bundled sample corpus matches its manifest and covers every input format and hard case.

These tests read the files with standard libraries only (json, lxml, feedparser, warcio), not
with undercurrent.ingest, so that the corpus is checked independently of the code that reads it.
"""

from __future__ import annotations

import collections
import datetime as dt
import gzip
import importlib.util
import json
import re
import sys
from pathlib import Path

import feedparser
import pytest
import yaml
from lxml import html as lxml_html
from warcio.archiveiterator import ArchiveIterator

from undercurrent.ontology import country_name

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "undercurrent" / "data" / "sample"
MANIFEST = SAMPLE / "MANIFEST.yaml"
WARC_SCRIPT = REPO / "scripts" / "make_sample_warc.py"

# From the brief for the sample corpus: 18-22 articles of 150-400 words each, under ~200 KB.
MIN_ARTICLES, MAX_ARTICLES = 18, 22
MIN_WORDS, MAX_WORDS = 150, 400
MAX_CORPUS_BYTES = 200_000
# A syndicated copy shares most of its words with the original ("~85-95% the same words").
NEAR_DUP_MIN_OVERLAP, NEAR_DUP_MAX_OVERLAP = 0.85, 0.95
REQUIRED_FORMATS = {"txt", "md", "html", "jsonl", "rss", "atom", "warc"}
JSONL_FIELDS = {"url", "title", "published", "source"}
WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+")


def _manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def _articles() -> list[tuple[dict, dict]]:
    """(file entry, article entry) pairs in manifest order."""
    return [(entry, art) for entry in _manifest()["files"] for art in entry["articles"]]


def _html_text(markup: str | bytes) -> str:
    """Text of the <article> element, or of the whole fragment when there is none."""
    root = lxml_html.fromstring(markup)
    found = root.xpath("//article")
    return (found[0] if found else root).text_content()


def _warc_responses() -> list[tuple[str, str, bytes]]:
    """(target URI, Content-Type, body) of every response record in the sample WARC."""
    out = []
    with (SAMPLE / "crawl_2023.warc.gz").open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                out.append(
                    (
                        record.rec_headers.get_header("WARC-Target-URI"),
                        record.http_headers.get_header("Content-Type"),
                        record.content_stream().read(),
                    )
                )
    return out


def _feed_bodies(path: Path) -> dict[str, str]:
    """Item id (RSS guid / Atom id) -> plain text of the item's full content."""
    parsed = feedparser.parse(path.read_bytes())
    return {e.id: _html_text(e.content[0].value) for e in parsed.entries}


def _article_text(entry: dict, article: dict) -> str:
    """The plain text of one manifest article, read straight from its file."""
    path = SAMPLE / entry["file"]
    fmt = entry["format"]
    if fmt in ("txt", "md"):
        return path.read_bytes().decode(entry["encoding"])
    if fmt == "html":
        return _html_text(path.read_bytes())
    if fmt == "jsonl":
        line_no = int(article["locator"].removeprefix("line "))
        row = json.loads(path.read_text(encoding="utf-8").splitlines()[line_no - 1])
        return row["text"] if "text" in row else _html_text(row["html"])
    if fmt in ("rss", "atom"):
        return _feed_bodies(path)[article["locator"].split(" ", 1)[1]]
    if fmt == "warc":
        bodies = {uri: body for uri, _ctype, body in _warc_responses()}
        return _html_text(bodies[article["locator"]])
    raise AssertionError(f"unknown format {fmt!r} in MANIFEST.yaml")


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def _special(kind: str) -> list[tuple[dict, dict]]:
    return [(e, a) for e, a in _articles() if kind in a["special"]]


def test_sample_corpus_manifest_lists_every_file_and_each_exists():
    listed = [entry["file"] for entry in _manifest()["files"]]
    on_disk = sorted(p.name for p in SAMPLE.iterdir() if p.is_file() and p.name != MANIFEST.name)
    assert len(listed) == len(set(listed))
    assert sorted(listed) == on_disk


def test_sample_corpus_article_count_and_unique_ids():
    ids = [art["id"] for _entry, art in _articles()]
    assert MIN_ARTICLES <= len(ids) <= MAX_ARTICLES
    assert len(ids) == len(set(ids))


def test_sample_corpus_every_format_present_with_matching_extension():
    formats = {entry["format"] for entry in _manifest()["files"]}
    assert REQUIRED_FORMATS <= formats
    for entry in _manifest()["files"]:
        suffix = ".warc.gz" if entry["format"] == "warc" else f".{entry['format']}"
        assert entry["file"].endswith(suffix), entry["file"]


def test_sample_corpus_articles_have_valid_dates_languages_and_countries():
    for _entry, art in _articles():
        dt.date.fromisoformat(art["written"])
        assert re.fullmatch(r"[a-z]{2}", art["language"])
        assert art["summary"].strip()
        assert all(country_name(code) for code in art["countries"]), art["id"]


def test_sample_corpus_article_lengths_are_short_news_pieces():
    for entry, art in _articles():
        count = len(_words(_article_text(entry, art)))
        assert MIN_WORDS <= count <= MAX_WORDS, (art["id"], count)


def test_sample_corpus_total_size_is_small():
    assert sum(p.stat().st_size for p in SAMPLE.iterdir()) < MAX_CORPUS_BYTES


def test_sample_corpus_cp1251_file_is_not_utf8():
    (entry, art), = _special("non_english")
    raw = (SAMPLE / entry["file"]).read_bytes()
    assert entry["encoding"] == "cp1251"
    assert art["language"] == "ru"
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1251")
    assert "Путин" in text and "Си Цзиньпин" in text


def test_sample_corpus_jsonl_lines_parse_with_required_fields():
    lines = (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (entry,) = [e for e in _manifest()["files"] if e["file"] == "articles.jsonl"]
    assert len(lines) == len(entry["articles"]) == 4
    bodies = collections.Counter()
    for line in lines:
        row = json.loads(line)
        assert JSONL_FIELDS <= row.keys()
        assert ("text" in row) != ("html" in row)
        bodies["text" if "text" in row else "html"] += 1
        dt.datetime.fromisoformat(row["published"].replace("Z", "+00:00"))
        assert row["url"].startswith("https://")
    assert bodies == {"text": 3, "html": 1}


def test_sample_corpus_warc_has_two_html_responses():
    responses = _warc_responses()
    assert len(responses) == 2
    assert all(ctype.startswith("text/html") for _uri, ctype, _body in responses)
    (entry,) = [e for e in _manifest()["files"] if e["format"] == "warc"]
    assert sorted(uri for uri, _c, _b in responses) == sorted(a["locator"] for a in entry["articles"])


def test_sample_corpus_warc_matches_its_generator_script(monkeypatch):
    spec = importlib.util.spec_from_file_location("make_sample_warc", WARC_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the script is being executed
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    generated = module.build_warc_bytes()
    assert generated == (SAMPLE / "crawl_2023.warc.gz").read_bytes()
    assert gzip.decompress(generated).startswith(b"WARC/1.")


def test_sample_corpus_feeds_carry_full_content():
    rss = feedparser.parse((SAMPLE / "kremlin_watch.rss").read_bytes())
    atom = feedparser.parse((SAMPLE / "union_state_monitor.atom").read_bytes())
    assert rss.version == "rss20" and len(rss.entries) == 2
    assert atom.version == "atom10" and len(atom.entries) == 1
    for entry in [*rss.entries, *atom.entries]:
        assert entry.published_parsed is not None
        assert len(_words(_html_text(entry.content[0].value))) >= MIN_WORDS


@pytest.mark.parametrize("name", ["putin_beijing_2024.html", "biden_xi_filoli_2023.html", "russia_dprk_treaty_2024.html"])
def test_sample_corpus_html_pages_have_metadata_and_chrome(name):
    root = lxml_html.fromstring((SAMPLE / name).read_bytes())
    assert root.findtext(".//title").strip()
    assert root.xpath("//meta[@name='author']/@content")
    assert root.xpath("//meta[@property='og:site_name']/@content")
    assert root.xpath("//link[@rel='canonical']/@href")[0].startswith("https://")
    assert root.xpath("//nav") and root.xpath("//footer") and len(root.xpath("//article")) == 1
    published = root.xpath("//meta[@property='article:published_time']/@content")[0]
    (art,) = [a for e, a in _articles() if e["file"] == name]
    assert published[:10] == art["written"]


def test_sample_corpus_near_duplicate_shares_most_words():
    (entry, art), = _special("near_duplicate_of")
    (orig_entry, original), = [(e, a) for e, a in _articles() if a["id"] == art["special"]["near_duplicate_of"]]
    assert entry["format"] != orig_entry["format"]
    copy_words = collections.Counter(_words(_article_text(entry, art)))
    orig_words = collections.Counter(_words(_article_text(orig_entry, original)))
    overlap = sum((copy_words & orig_words).values()) / sum((copy_words | orig_words).values())
    assert NEAR_DUP_MIN_OVERLAP <= overlap <= NEAR_DUP_MAX_OVERLAP


def test_sample_corpus_republished_page_date_contradicts_text():
    (entry, art), = _special("republished")
    dates = art["special"]["republished"]
    page_date = dt.date.fromisoformat(dates["page_date"])
    written = dt.date.fromisoformat(dates["written"])
    assert written.isoformat() == art["written"]
    assert (page_date - written).days > 300
    lines = _article_text(entry, art).splitlines()
    assert dt.datetime.strptime(lines[0], "%A, %B %d, %Y").date() == page_date
    assert re.fullmatch(r"\d+views", lines[2])
    assert lines[-1] == "Leave a comment"
    body = "\n".join(lines)
    assert "last month" in body and "On Tuesday" in body


def test_sample_corpus_special_cases_each_present_once():
    kinds = collections.Counter(kind for _e, art in _articles() for kind in art["special"])
    assert kinds == {"near_duplicate_of": 1, "republished": 1, "garbled": 1, "non_english": 1}
    (_entry, garbled), = _special("garbled")
    assert garbled["language"] == "en"
