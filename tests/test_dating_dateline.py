"""A wire dateline states the day of writing; relative days resolve against it."""

from __future__ import annotations

from undercurrent.extract.dating import infer_writing_date
from undercurrent.extract.timex import find_timexes


def test_dating_yearless_dateline_takes_year_from_other_evidence(nlp):
    text = (
        "Lavrov in Beijing for talks\n\n"
        "BEIJING, April 9 (Test Wire) - Russian Foreign Minister Sergei Lavrov held talks with "
        "Chinese Foreign Minister Wang Yi on Tuesday. The visit follows Putin's re-election "
        "in March 2024."
    )
    inferred, conflict, _ = infer_writing_date(nlp(text), None, 90)
    assert inferred.value == "2024-04-09"
    assert inferred.evidence[0].text == "BEIJING, April 9 (Test Wire) -"
    tuesday = [t for t in find_timexes(nlp(text), inferred.value) if t.span.text == "Tuesday"]
    assert tuesday[0].value.start == "2024-04-09"


def test_dating_dateline_with_year_and_conflicting_page_date(nlp):
    text = "MINSK, 25 March 2023 - Putin said Russia would station tactical nuclear weapons in Belarus."
    inferred, conflict, republished = infer_writing_date(nlp(text), "2024-06-01", 90)
    assert inferred.value == "2023-03-25"
    assert conflict and republished


def test_dating_no_dateline_in_plain_prose(nlp):
    text = "Officials in Moscow, March and April were busy months, said nothing about the talks."
    inferred, _, _ = infer_writing_date(nlp(text), None, 90)
    assert inferred is None or "Moscow" not in inferred.evidence[0].text


def test_dating_yearless_dateline_takes_the_page_year_not_a_background_year(nlp):
    # Greece and Turkey quarrelled over Aegean oil exploration in March 1987.
    text = (
        "ATHENS, March 27 (Test Wire) - Greece said it would not accept Turkish survey work in the "
        "Aegean, citing the Bern declaration signed by both countries in 1976."
    )
    inferred, conflict, republished = infer_writing_date(nlp(text), "1987-03-27", 90)
    assert inferred.value == "1987-03-27"
    assert (conflict, republished) == (False, False)
