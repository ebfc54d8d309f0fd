"""Time expressions: recognition in sentences and the normalisation table."""

from __future__ import annotations

import pytest

from undercurrent.extract.timecalc import parse_iso
from undercurrent.extract.timex import find_timexes, normalise

# (expression, writing-date anchor, narrative reference, start, end, granularity, timex value, kind, anchor kind)
TABLE = [
    ("September 2014", "2023-04", None, "2014-09", "2014-09", "month", "2014-09", "date", "absolute"),
    ("2014", None, None, "2014", "2014", "year", "2014", "date", "absolute"),
    ("24 February", "2023-04-15", None, "2023-02-24", "2023-02-24", "day", "2023-02-24", "date", "document"),
    ("24 February", "2023-04", None, "2023-02-24", "2023-02-24", "day", "2023-02-24", "date", "document"),
    ("March 22, 2013", None, None, "2013-03-22", "2013-03-22", "day", "2013-03-22", "date", "absolute"),
    ("Monday, December 30, 2024", None, None, "2024-12-30", "2024-12-30", "day", "2024-12-30", "date", "absolute"),
    ("Sept. 30, 1989", None, None, "1989-09-30", "1989-09-30", "day", "1989-09-30", "date", "absolute"),
    ("last month", "2023-04", None, "2023-03", "2023-03", "month", "2023-03", "date", "document"),
    ("last month", "2023-01-10", None, "2022-12", "2022-12", "month", "2022-12", "date", "document"),
    ("this year", "2023-04", None, "2023", "2023", "year", "2023", "date", "document"),
    ("last year", "1989-11-02", None, "1988", "1988", "year", "1988", "date", "document"),
    ("next year", "1989-11-02", None, "1990", "1990", "year", "1990", "date", "document"),
    ("yesterday", "2023-04-15", None, "2023-04-14", "2023-04-14", "day", "2023-04-14", "date", "document"),
    ("yesterday", "2023-04", None, None, None, None, None, "date", "document"),
    ("today", "1998-03-05", None, "1998-03-05", "1998-03-05", "day", "1998-03-05", "date", "document"),
    ("tomorrow", "1998-03-03", None, "1998-03-04", "1998-03-04", "day", "1998-03-04", "date", "document"),
    ("Tuesday", "2023-04-13", None, "2023-04-11", "2023-04-11", "day", "2023-04-11", "date", "document"),
    ("Friday", "1998-02-27", None, "1998-02-27", "1998-02-27", "day", "1998-02-27", "date", "document"),
    ("March", "2023-04", None, "2023-03", "2023-03", "month", "2023-03", "date", "document"),
    ("March", None, None, None, None, None, "XXXX-03", "date", "document"),
    ("last May", "1998-03-22", None, "1997-05", "1997-05", "month", "1997-05", "date", "document"),
    ("last week", "1998-03-22", None, "1998-03-09", "1998-03-15", "interval", "1998-W11", "date", "document"),
    ("a decade ago", "2023-04", None, "2013", "2013", "year", "2013", "date", "document"),
    ("two years ago", "1998-04-24", None, "1996", "1996", "year", "1996", "date", "document"),
    ("several years ago", "1998-04-24", None, None, None, None, "PAST_REF", "date", "document"),
    ("eight months later", "2023-04", "2014-09", "2015-05", "2015-05", "month", "2015-05", "date", "narrative"),
    ("eight months later", "2023-04", "2014", None, None, None, None, "date", "narrative"),
    ("a year on", "2023-04", "2022-02-24", "2023", "2023", "year", "2023", "date", "narrative"),
    ("the following day", None, "2023-03-20", "2023-03-21", "2023-03-21", "day", "2023-03-21", "date", "narrative"),
    ("the following day", None, "2014-09", None, None, None, None, "date", "narrative"),
    ("two days later", None, "2021-09-15", "2021-09-17", "2021-09-17", "day", "2021-09-17", "date", "narrative"),
    ("later that year", None, "2014-09", "2014", "2014", "year", "2014", "date", "narrative"),
    ("the same day", None, "2023-03-20", "2023-03-20", "2023-03-20", "day", "2023-03-20", "date", "narrative"),
    ("a year earlier", None, "1989-10", "1988-01-01"[:4], "1988", "year", "1988", "date", "narrative"),
    ("20-22 March 2023", None, None, "2023-03-20", "2023-03-22", "interval", "2023-03-20/2023-03-22", "date", "absolute"),
    ("from 19 to 21 May 2023", None, None, "2023-05-19", "2023-05-21", "interval", "2023-05-19/2023-05-21", "date", "absolute"),
    ("March 20-22", "2023-04", None, "2023-03-20", "2023-03-22", "interval", "2023-03-20/2023-03-22", "date", "document"),
    ("last weekend", "2023-04-13", None, "2023-04-08", "2023-04-09", "interval", "2023-W14-WE", "date", "document"),
    ("this weekend", "2023-04-13", None, "2023-04-15", "2023-04-16", "interval", "2023-W15-WE", "date", "document"),
    ("mid-2015", None, None, "2015-05", "2015-08", "interval", "2015", "date", "absolute"),
    ("early 2020", None, None, "2020-01", "2020-04", "interval", "2020", "date", "absolute"),
    ("late 2019", None, None, "2019-09", "2019-12", "interval", "2019", "date", "absolute"),
    ("the 1990s", None, None, "1990", "1999", "interval", "199", "date", "absolute"),
    ("the early 2000s", None, None, "2000", "2003", "interval", "200", "date", "absolute"),
    ("summer 2015", None, None, "2015-06", "2015-08", "interval", "2015-SU", "date", "absolute"),
    ("winter 2022", None, None, "2022-12", "2023-02", "interval", "2022-WI", "date", "absolute"),
    ("last summer", "1998-03-04", None, "1997-06", "1997-08", "interval", "1997-SU", "date", "document"),
    ("this summer", "1998-03-04", None, "1998-06", "1998-08", "interval", "1998-SU", "date", "document"),
    ("the third quarter", "1989-11-02", None, "1989-07", "1989-09", "interval", "1989-Q3", "date", "document"),
    ("the fourth quarter of 2015", None, None, "2015-10", "2015-12", "interval", "2015-Q4", "date", "absolute"),
    ("Q1 2021", None, None, "2021-01", "2021-03", "interval", "2021-Q1", "date", "absolute"),
    ("a decade", None, None, None, None, None, "P10Y", "duration", "absolute"),
    ("eight months", None, None, None, None, None, "P8M", "duration", "absolute"),
    ("the past two months", None, None, None, None, None, "P2M", "duration", "absolute"),
    ("one-year", None, None, None, None, None, "P1Y", "duration", "absolute"),
    ("three hours", None, None, None, None, None, "PT3H", "duration", "absolute"),
    ("the next three quarters", None, None, None, None, None, "P9M", "duration", "absolute"),
    ("decades", None, None, None, None, None, "PXY", "duration", "absolute"),
    ("now", "2023-04", None, None, None, None, "PRESENT_REF", "date", "document"),
    ("recently", "2023-04", None, None, None, None, "PAST_REF", "date", "document"),
    ("every year", None, None, None, None, None, "P1Y", "set", "absolute"),
    ("Friday morning", "1998-02-27", None, "1998-02-27", "1998-02-27", "day", "1998-02-27TMO", "time", "document"),
]


@pytest.mark.parametrize("row", TABLE, ids=[f"{r[0]}@{r[1] or r[2]}" for r in TABLE])
def test_timex_normalise_table(row):
    text, anchor, narrative, start, end, grain, timex, kind, anchor_kind = row
    norm = normalise(text, parse_iso(anchor), parse_iso(narrative))
    assert norm is not None
    got = (norm.value.start, norm.value.end, norm.value.granularity) if norm.value else (None, None, None)
    assert got == (start, end, grain)
    assert (norm.timex, norm.kind, norm.anchor) == (timex, kind, anchor_kind)


def test_timex_table_is_large_enough():
    assert len(TABLE) >= 40


def _by_text(timexes):
    return {t.span.text: t for t in timexes}


def test_timex_recognises_and_resolves_a_narrative(nlp):
    text = (
        "In September 2014, Russia sold its S-400 system to China. The deal was not disclosed until "
        "eight months later. China has relied on Russian arms since the 1990s."
    )
    found = _by_text(find_timexes(nlp(text), "2023-04"))
    assert set(found) == {"September 2014", "eight months later", "the 1990s"}
    later = found["eight months later"]
    assert (later.value.start, later.value.granularity, later.anchor) == ("2015-05", "month", "narrative")
    decade = found["the 1990s"]
    assert (decade.value.start, decade.value.end, decade.timex_value) == ("1990", "1999", "199")
    assert text[later.span.start : later.span.end] == "eight months later"


def test_timex_document_relative_expressions(nlp):
    text = "Xi Jinping visited Moscow last month. Li Shangfu was appointed defence minister in March."
    found = find_timexes(nlp(text), "2023-04")
    assert [(t.span.text, t.value.start, t.anchor) for t in found] == [
        ("last month", "2023-03", "document"),
        ("March", "2023-03", "document"),
    ]


def test_timex_without_anchor_keeps_expression_without_value(nlp):
    found = find_timexes(nlp("The ministers met last month."), None)
    assert [(t.span.text, t.value, t.anchor) for t in found] == [("last month", None, "document")]


def test_timex_year_parts_and_seasons_in_text(nlp):
    text = "Sanctions were tightened in mid-2015 and again in early 2020, before talks in the summer of 2021."
    found = _by_text(find_timexes(nlp(text), "2023-04"))
    assert found["mid-2015"].value.start == "2015-05"
    assert found["early 2020"].value.end == "2020-04"
    assert found["the summer of 2021"].timex_value == "2021-SU"


def test_timex_future_tense_prefers_the_coming_date(nlp):
    found = find_timexes(nlp("The two presidents will meet on Friday."), "2023-04-12")
    assert [(t.span.text, t.value.start) for t in found] == [("Friday", "2023-04-14")]


def test_timex_weekday_in_the_simple_present_is_a_schedule_and_in_the_past_looks_back(nlp):
    # 4 April 2024 was a Thursday; Lavrov was in Beijing on 8-9 April 2024.
    ahead = find_timexes(nlp("Lavrov leaves for Beijing on Monday."), "2024-04-04")
    back = find_timexes(nlp("Lavrov left for Beijing on Monday."), "2024-04-04")
    assert [t.value.start for t in ahead] == ["2024-04-08"] and [t.value.start for t in back] == ["2024-04-01"]


def test_timex_this_weekend_in_the_present_perfect_is_the_one_just_past(nlp):
    # 2 August 2022 was a Tuesday: the weekend "has ... this weekend" speaks of is 30-31 July.
    found = find_timexes(nlp("Blinken has met his Omani counterpart this weekend."), "2022-08-02")
    assert [(t.value.start, t.value.end) for t in found] == [("2022-07-30", "2022-07-31")]


def test_timex_ignores_may_as_a_verb_and_numbers(nlp):
    found = find_timexes(nlp("The Kremlin may go public with the deal, worth 2000 tanks."), "2023-04")
    assert found == []


def test_timex_spaces_are_offsets_into_the_text(nlp):
    text = "A year on, the ministers met again."
    doc = nlp(text)
    found = find_timexes(doc, "2023-04")
    assert [(t.span.text, t.span.start, t.span.end) for t in found] == [("A year on", 0, 9)]
    assert found[0].value is None  # nothing earlier in the narrative to count from


def test_timex_seed_resolution(nlp, seed_text):
    found = find_timexes(nlp(seed_text), "2023-04")
    values = {(t.span.text, t.value.start if t.value else None, t.value.granularity if t.value else None) for t in found}
    assert ("last month", "2023-03", "month") in values
    assert ("September 2014", "2014-09", "month") in values
    assert ("eight months later", "2015-05", "month") in values
    assert ("24 February", "2023-02-24", "day") in values
    assert ("2019", "2019", "year") in values
    decade = next(t for t in found if t.span.text == "the 1990s")
    assert seed_text[decade.span.start - 6 : decade.span.start] == "since "
    assert (decade.value.start, decade.value.end, decade.value.granularity) == ("1990", "1999", "interval")


def test_timex_odd_text_does_not_crash():
    import spacy
    from hypothesis import given, settings
    from hypothesis import strategies as st

    blank = spacy.blank("en")

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("0123456789 -,.:aMmyeorsthFbJnuldk\n")) , max_size=40))
    def check(text):
        for tx in find_timexes(blank(text), "2023-04-15"):
            assert text[tx.span.start : tx.span.end] == tx.span.text

    check()
    assert normalise("5 p.m. EST Nov. 9", parse_iso("1989-11-02")) is not None


def test_timex_tempeval_scorer_on_our_own_document(nlp, tmp_path):
    import json

    from undercurrent.evaluate.timex import score_tempeval

    text = "The talks ended last month. Ministers will meet again in June 2023, officials said."
    gold = [
        {"start": 16, "end": 26, "text": "last month", "type": "DATE", "value": "2023-03"},
        {"start": 57, "end": 66, "text": "June 2023", "type": "DATE", "value": "2023-06"},
        {"start": 0, "end": 3, "text": "The", "type": "DATE", "value": "2023"},
    ]
    path = tmp_path / "mini.jsonl"
    path.write_text(json.dumps({"dct": {"value": "2023-04-15"}, "text": text, "timexes": gold}) + "\n", encoding="utf-8")
    figures = score_tempeval(path, nlp)
    assert (figures["gold"], figures["system"]) == (3, 2)
    assert figures["strict_p"] == 100.0
    assert figures["strict_r"] == 66.67
    assert figures["value_f1"] == 80.0
    assert figures["type_accuracy"] == 100.0
