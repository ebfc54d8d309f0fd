"""Undated events inherit the date of the happening they belong to, or the writing date."""

from __future__ import annotations

from undercurrent.config import Settings
from undercurrent.pipeline import analyse_parsed
from undercurrent.records import CleanDocument


def _read(nlp, text, claimed):
    doc = CleanDocument(id="d1", origin="test", fmt="txt", text=text, content_hash="h", claimed_date=claimed)
    return analyse_parsed(doc, nlp(text), Settings())


def test_eventdates_signing_inherits_the_state_visit_date(nlp):
    # Putin's state visit to China began on Thursday, 16 May 2024; the joint statement was signed that day.
    text = (
        "Russian President Vladimir Putin arrived in Beijing on Thursday for a two-day state visit to China. "
        "Xi Jinping and Vladimir Putin signed a joint statement on deepening the partnership between Russia and China."
    )
    result = _read(nlp, text, "2024-05-17")
    signing = next(e for e in result.events if e.trigger == "signed")
    assert (signing.occurred.start, signing.occurred.granularity) == ("2024-05-16", "day")
    assert signing.inherited.basis == "happening"
    assert "on Thursday" in signing.inherited.evidence.text
    visit = next(e for e in result.events if e.type == "CONSULT")
    assert visit.occurred.start == "2024-05-16" and visit.inherited is None


def test_eventdates_a_statement_without_a_date_takes_the_writing_date(nlp):
    # North Korea fired a ballistic missile over Japan on 4 October 2022; Tokyo protested the same day.
    text = "Japan condemns North Korea's launch of a ballistic missile over Hokkaido."
    result = _read(nlp, text, "2022-10-04")
    event = next(e for e in result.events if e.trigger == "condemns")
    assert event.occurred.start == "2022-10-04"
    assert event.inherited.basis == "writing_date" and event.inherited.evidence is None
    assert event.to_json()["inherited"] == {"basis": "writing_date", "evidence": None}


def test_eventdates_background_and_a_year_only_writing_date_stay_undated(nlp):
    text = "Japan condemns North Korea's launch of a ballistic missile over Hokkaido."
    result = _read(nlp, text, None)
    event = next(e for e in result.events if e.trigger == "condemns")
    assert event.occurred.start is None and event.inherited is None


def test_eventdates_a_planned_event_takes_no_past_date(nlp):
    text = (
        "Indian Prime Minister Narendra Modi met US President Joe Biden at the White House on 22 June 2023. "
        "Narendra Modi will visit Egypt to discuss trade with Egyptian President Abdel Fattah el-Sisi."
    )
    result = _read(nlp, text, "2023-06-23")
    planned = [e for e in result.events if e.modality == "planned"]
    assert planned and all(e.occurred.start is None and e.inherited is None for e in planned)
