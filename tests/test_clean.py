"""Clean: page chrome, HTML extraction, normalisation, language and the content hash."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from undercurrent.clean import clean_document
from undercurrent.clean.chrome import strip_chrome
from undercurrent.clean.text import content_hash, normalise_text
from undercurrent.config import Settings
from undercurrent.records import CleanDocument, RawDocument, Rejected, stable_id

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
PARAGRAPH = "Xi Jinping and Vladimir Putin signed a joint statement in the Kremlin on 21 March 2023."


def clean_text(text: str, **meta) -> CleanDocument | Rejected:
    return clean_document(RawDocument(origin="t.txt", fmt="text", text=text, **meta), Settings())


def test_clean_chrome_page_head_and_tail():
    doc = clean_text((FIXTURES / "chrome_page.txt").read_text(encoding="utf-8"))
    assert doc.removed_chrome == (
        "Tuesday, March 28, 2023", "World", "2.3Kviews", "Leave a comment", "Share this article")
    assert doc.claimed_date == "2023-03-28"
    assert doc.title == "Xi and Putin talk for hours behind closed doors"
    assert doc.text.startswith("Xi and Putin talk for hours behind closed doors\n\nChinese President Xi Jinping ended")
    assert doc.text.endswith("while the Chinese readout did not mention the project.")
    assert "\n\nA friend at a distance\n\n" in doc.text
    assert doc.language == "en"


def test_clean_short_heading_inside_body_is_kept():
    text = f"{PARAGRAPH}\n\nAnalysis\n\n{PARAGRAPH}\n\nShare\n\n{PARAGRAPH}"
    doc = clean_text(text)
    assert doc.removed_chrome == () and doc.text == text


def test_clean_tail_cookie_note_tags_and_copyright():
    text = (
        f"{PARAGRAPH}\n\nTags: Russia, China, diplomacy\n"
        "We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.\n"
        "© 2023 Example Herald. All rights reserved."
    )
    doc = clean_text(text)
    assert doc.text == PARAGRAPH
    assert doc.removed_chrome[0] == "Tags: Russia, China, diplomacy"
    assert len(doc.removed_chrome) == 3


def test_clean_byline_gives_author_and_menu_is_chrome():
    doc = clean_text(f"Home > World > Asia\nBy Anna Petrova\n5 min read\n\n{PARAGRAPH}")
    assert doc.removed_chrome == ("Home > World > Asia", "By Anna Petrova", "5 min read")
    assert doc.author == "Anna Petrova" and doc.text == PARAGRAPH


def test_clean_metadata_date_wins_over_chrome_date():
    doc = clean_text(f"Monday, December 30, 2024\n\n{PARAGRAPH}", published="2023-03-21")
    assert doc.claimed_date == "2023-03-21" and doc.removed_chrome == ("Monday, December 30, 2024",)


def test_clean_hard_wrapped_first_paragraph_is_not_a_headline():
    text = "Xi Jinping and Vladimir Putin signed a joint statement\nin the Kremlin on 21 March 2023 after talks.\n\n" + PARAGRAPH
    doc = clean_text(text)
    assert doc.title is None and doc.text == text and doc.removed_chrome == ()


def test_clean_text_made_only_of_chrome_is_kept_not_emptied():
    assert clean_text("World").text == "World"


def test_clean_empty_text_is_rejected():
    assert clean_text(" \n\u200b\n\t ") == Rejected("t.txt", "clean", "no article text after cleaning", "failed")


def test_clean_exact_duplicates_with_different_chrome_collide():
    a = clean_text(f"Monday, March 27, 2023\nNews\n\n{PARAGRAPH}\n\n{PARAGRAPH}")
    b = clean_text(f"{PARAGRAPH}  \r\n\r\n\r\n{PARAGRAPH.upper()}\n\nLeave a comment\n15 comments")
    assert a.content_hash == b.content_hash and a.id == b.id == stable_id("doc", a.content_hash)
    assert clean_text(PARAGRAPH.replace("21 March", "22 March")).id != a.id


def test_clean_normalises_unicode_keeps_quotes_and_paragraphs():
    raw = "\ufeff“Let\u2019s drive these changes together,”  Xi\u00a0said.\r\n\r\n\r\nPutin replied: \u2018I agree.\u2019 Cafe\u0301"
    assert normalise_text(raw) == "“Let’s drive these changes together,” Xi said.\n\nPutin replied: ‘I agree.’ Café"
    assert unicodedata.is_normalized("NFC", normalise_text(raw))


def test_clean_content_hash_ignores_case_punctuation_and_spacing():
    assert content_hash("Xi met Putin, in Moscow.") == content_hash("xi met putin in   MOSCOW")


def test_clean_html_main_text_and_metadata():
    html = (FIXTURES / "summit.html").read_text(encoding="utf-8")
    doc = clean_document(RawDocument(origin="summit.html", fmt="html", html=html), Settings())
    assert doc.title == "Xi arrives in Moscow for talks with Putin"
    assert (doc.author, doc.source, doc.claimed_date) == ("Anna Petrova", "Example Herald", "2023-03-20")
    assert doc.url == "https://herald.example.org/world/2023/03/20/xi-moscow"
    assert doc.text.split("\n\n")[1].startswith("Chinese President Xi Jinping arrived in Moscow on Monday")
    assert "Business" not in doc.text and "Copyright" not in doc.text


def test_clean_feed_metadata_kept_over_page_metadata():
    raw = RawDocument(origin="f#1", fmt="feed", html=f"<p>{PARAGRAPH}</p>", title="Joint statement signed",
                      url="https://herald.example.org/x", published="2023-03-21", source="Example Herald")
    doc = clean_document(raw, Settings())
    assert (doc.title, doc.claimed_date, doc.source, doc.text) == (
        "Joint statement signed", "2023-03-21", "Example Herald", PARAGRAPH)


def test_clean_other_languages_are_named_not_rejected():
    fr = clean_text("Le président chinois Xi Jinping a été reçu au Kremlin par Vladimir Poutine le 20 mars 2023.")
    ru = clean_text("Председатель КНР Си Цзиньпин прибыл в Москву с государственным визитом 20 марта 2023 года.")
    assert (fr.language, ru.language) == ("fr", "ru")


def test_clean_strip_chrome_counters():
    result = strip_chrome(f"1.2K shares\nViews: 3,041\n\n{PARAGRAPH}\n\n12 comments")
    assert result.removed == ("1.2K shares", "Views: 3,041", "12 comments") and result.text == PARAGRAPH


# --------------------------------------------------------------------------- issue 13: HTML that broke cleaning


def clean_html(html: str) -> CleanDocument | Rejected:
    return clean_document(RawDocument(origin="p.html", fmt="html", html=html), Settings())


def test_clean_html_that_makes_htmldate_assert_keeps_its_text():
    # <MATH><P><P> makes lxml's drop_tree assert inside htmldate (trafilatura's date search)
    assert clean_html(f"<MATH><P><P>{PARAGRAPH}").text == PARAGRAPH
    assert clean_html("<MATH><P><P>") == Rejected("p.html", "clean", "no article text after cleaning", "failed")


def test_clean_html_with_a_control_character_after_a_tag():
    assert clean_html(f"<br>\x01{PARAGRAPH}").text == PARAGRAPH
    assert clean_html(f"<div>x</div>\x01<p>{PARAGRAPH}</p>\x0b").text.endswith(PARAGRAPH)


@pytest.mark.parametrize("depth", [254, 300, 1500, 5000])
def test_clean_deeply_nested_html_keeps_its_text(depth):
    html = "<html><body>" + "<div>" * depth + f"<p>{PARAGRAPH}</p>" + "</div>" * depth + "</body></html>"
    assert clean_html(html).text == PARAGRAPH


def test_clean_html_lone_surrogate_and_metadata_nul_are_made_storable():
    doc = clean_document(RawDocument(origin="p.html", fmt="html", html=f"<p>{PARAGRAPH}\ud800</p>", author="A\x00B"),
                         Settings())
    assert doc.text == PARAGRAPH + "\ufffd" and doc.author == "AB"


def test_clean_library_bug_is_a_rejection_that_names_it(monkeypatch):
    import undercurrent.clean as clean

    def broken(html, url=None):
        raise IndexError("list index out of range")

    monkeypatch.setattr(clean, "extract_html", broken)
    assert clean_html(f"<p>{PARAGRAPH}</p>") == Rejected(
        "p.html", "clean", "cleaning failed (IndexError: list index out of range); please report it", "failed")


# --------------------------------------------------------------------------- properties

# Pieces of markup and text that reach the odd corners of the parsers.
_HTML_PIECES = st.sampled_from([
    "<p>", "</p>", "<P>", "<div>", "</div>", "<MATH>", "<math>", "<table>", "<tr>", "<td>", "<br>", "<b>", "</b>",
    "<script>", "</script>", "<style>", "<nav>", "<html>", "<head>", "<title>", "</title>", "<body>",
    "<meta name='author' content='x'>", "<!--", "-->", "<![CDATA[", "]]>", "<![if", "<!DOCTYPE html>",
    "<?xml version='1.0' encoding='utf-8'?>",
    "&#x110000;", "&#xD800;", "&#0;", "&amp;", "&", "<", ">", "\x00", "\x01", "\x0b", "\x0c", "\x1b", "\ud800", "\ufffe",
    "\n", " ", PARAGRAPH, "Xi", "21 March 2023", "Ж", "中",
])
_TEXTS = st.one_of(st.text(max_size=300), st.lists(_HTML_PIECES, max_size=30).map("".join))


def _storable_fields(doc: CleanDocument) -> None:
    from undercurrent.records import find_unstorable

    for name in ("text", "title", "author", "source", "url", "claimed_date"):
        value = getattr(doc, name)
        assert value is None or find_unstorable(value) is None, (name, value)


@hsettings(max_examples=2000, deadline=None)
@given(body=_TEXTS, as_html=st.booleans(), title=st.none() | st.text(max_size=20),
       origin=st.sampled_from(["a.txt", "a.md", "a.html", "a.jsonl#1"]))
def test_clean_arbitrary_text_and_html_never_raise(body, as_html, title, origin):
    raw = RawDocument(origin=origin, fmt="html" if as_html else "text", text=None if as_html else body,
                      html=body if as_html else None, title=title)
    result = clean_document(raw, Settings())
    if isinstance(result, Rejected):
        assert result.reason == "no article text after cleaning", result.reason  # not "cleaning failed (...)"
        return
    assert result.text and result.text == result.text.strip()
    assert unicodedata.is_normalized("NFC", result.text)
    _storable_fields(result)


_DATE_PIECES = st.sampled_from([
    "2023", "0000", "9999", "99999", "-", "/", ":", "T", "Z", "+03:00", "-99:99", " ", ",", ".", "|", "\u2014",
    "1", "13", "31", "32", "00", "Mar", "March", "Sept", "May", "Tue", "Tuesday", "GMT", "UTC", "MSK", "at", "14:05",
    "25:61", "p.m.", "Published", "Updated on", "by the desk", "\x00", "\ud800", "٣", "\n",
])
_DATE_TEXTS = st.one_of(st.text(max_size=60), st.lists(_DATE_PIECES, max_size=12).map("".join))


@hsettings(max_examples=2000, deadline=None)
@given(value=st.one_of(_DATE_TEXTS, st.none(), st.integers(), st.floats(), st.dates(), st.datetimes(),
                       st.tuples(*[st.integers(-10, 10000)] * 9)))
def test_clean_dates_never_raise_and_give_real_days(value):
    import time
    from datetime import date

    from undercurrent.clean.chrome import dated_byline
    from undercurrent.clean.dates import parse_date_line
    from undercurrent.ingest.published import normalise_published

    if isinstance(value, tuple):
        try:
            value = time.struct_time(value)
        except (TypeError, ValueError, OverflowError):
            return
    days = [normalise_published(value)]
    if isinstance(value, str):
        days += [parse_date_line(value), dated_byline(value)]
    for day in days:
        assert day is None or date.fromisoformat(day).isoformat() == day


def test_clean_seed_article_chrome(seed_text):
    doc = clean_text(seed_text)
    assert len(doc.removed_chrome) == 3 and doc.removed_chrome[-1].endswith("views")
    assert doc.claimed_date == "2024-12-30" and doc.language == "en"
    assert doc.title is not None and doc.text.startswith(doc.title + "\n\n“")


def test_clean_markdown_markup_goes_and_dated_byline_is_chrome():
    from undercurrent.config import Settings
    from undercurrent.records import RawDocument
    from undercurrent.clean import clean_document

    raw = RawDocument(
        origin="notes/roster.md",
        fmt="text",
        text=(
            "# Who sat at the table in Beijing\n\n*Analysis by the Test Desk, 17 May 2024*\n\n"
            "Among the officials on the Russian side were:\n\n- **Andrei Belousov**, defence minister;\n"
            "- **Sergei Lavrov**, foreign minister.\n"
        ),
    )
    doc = clean_document(raw, Settings())
    assert doc.claimed_date == "2024-05-17"
    assert doc.removed_chrome == ("Analysis by the Test Desk, 17 May 2024",)
    assert "**" not in doc.text and "#" not in doc.text
    assert "Andrei Belousov, defence minister;" in doc.text.split("\n")
    assert doc.title == "Who sat at the table in Beijing"
