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


def test_eventdates_a_past_act_is_not_dated_after_the_writing_date(nlp):
    # In Geneva on 12 May 2025 the two governments agreed to cut their tariffs from 14 May for 90 days.
    text = "The United States and China agreed to lower their tariffs on each other's goods from 14 May."
    result = _read(nlp, text, "2025-05-12")
    agreed = next(e for e in result.events if e.trigger == "agreed")
    assert agreed.occurred.start == "2025-05-12" and agreed.inherited.basis == "writing_date"


def test_eventdates_seed_later_mentions_of_the_visit_take_its_month(nlp, seed_text):
    # The seed's page says December 2024; its text was written in April 2023 about the March 2023 visit.
    result = _read(nlp, seed_text, "2024-12-30")
    summit = next(e for e in result.events if e.evidence.text.startswith("After the initial Xi-Putin summit"))
    assert summit.occurred.start == "2023-03" and summit.inherited.basis == "happening"
    assert "state visit to Russia last month" in summit.inherited.evidence.text
    assert [m.date.start for m in result.meetings] == ["2023-03"]
