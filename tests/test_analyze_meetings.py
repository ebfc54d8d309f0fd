"""One summit read in several articles is one meeting in the report."""

from __future__ import annotations

from undercurrent.analyze.meetings import is_same_meeting, merge_meetings
from undercurrent.analyze.model import DyadMeeting, MeetingPerson


def meeting(event_id, date, people, outcomes=(), gap=False):
    return DyadMeeting(
        event_id, date, "Moscow", ("RUS",), ("CHN",),
        tuple(MeetingPerson(n, side, sector, f"person:{n}", None) for n, side, sector in people),
        (), (), tuple(outcomes), gap, "roster says defense" if gap else None, (),
    )


def test_analyze_meetings_merges_two_readings_of_one_visit():
    wire = meeting("e1", "2023-03-21", [("Xi Jinping", "CHN", "head_of_state"), ("Vladimir Putin", "RUS", "head_of_state")],
                   outcomes=("2 joint statements",))
    roster = meeting("e2", "2023-03", [("Vladimir Putin", "RUS", "head_of_state"), ("Sergei Shoigu", "RUS", "defense"),
                                      ("Yuri Borisov", "RUS", "space")], gap=True)
    merged = merge_meetings((wire, roster))
    assert len(merged) == 1
    m = merged[0]
    assert m.date == "2023-03-21"
    assert [p.name for p in m.participants] == ["Vladimir Putin", "Sergei Shoigu", "Yuri Borisov", "Xi Jinping"]
    assert m.declared_outcomes == ("2 joint statements",)
    assert m.declared_gap is True
    assert ("RUS", "defense", 1, 0.333) in m.agenda


def test_analyze_meetings_keeps_apart_visits_a_year_apart_or_other_sides():
    a = meeting("e1", "2023-03-21", [("Xi Jinping", "CHN", "head_of_state")])
    b = meeting("e2", "2024-05-16", [("Xi Jinping", "CHN", "head_of_state")])
    c = DyadMeeting("e3", "2023-03-22", "Minsk", ("BLR",), ("RUS",), (), (), (), (), False, None, ())
    assert not is_same_meeting(a, b)
    assert not is_same_meeting(a, c)
    assert len(merge_meetings((a, b, c))) == 3


def test_analyze_meetings_month_reading_only_joins_within_its_month():
    march = meeting("e1", "2023-03-21", [("Xi Jinping", "CHN", "head_of_state")])
    april = meeting("e2", "2023-04", [("Li Shangfu", "CHN", "defense")])
    unknown_host = DyadMeeting("e3", "2023-03-22", None, (), ("CHN", "RUS"), (), (), (), (), False, None, ())
    assert not is_same_meeting(march, april)
    assert is_same_meeting(march, unknown_host)
