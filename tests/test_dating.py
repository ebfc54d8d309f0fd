"""The true date of writing: clues in the text against the page's claimed date."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from undercurrent.evaluate.dating import score_dating
from undercurrent.extract.dating import infer_writing_date
from undercurrent.extract.timex import find_timexes

GOLD = Path(__file__).resolve().parent / "fixtures" / "dating_gold.yaml"
# Share of gold texts whose inferred month must lie within one month of the truth.
GOLD_FLOOR = 0.85
CONFLICT_DAYS = 90  # the packaged default of settings.date_conflict_days


def test_dating_seed_is_a_republished_copy(nlp, seed_text):
    inferred, conflict, republished = infer_writing_date(nlp(seed_text), "2024-12-30", CONFLICT_DAYS)
    assert inferred is not None
    assert inferred.value[:7] in ("2023-03", "2023-04")
    assert (conflict, republished) == (True, True)
    assert any("last month" in e.text for e in inferred.evidence)
    for span in inferred.evidence:
        assert seed_text[span.start : span.end] == span.text


def test_dating_seed_relative_expressions_use_the_inferred_date(nlp, seed_text):
    doc = nlp(seed_text)
    inferred, _, _ = infer_writing_date(doc, "2024-12-30", CONFLICT_DAYS)
    found = find_timexes(doc, inferred.value)
    by_text = {}
    for t in found:
        by_text.setdefault(t.span.text, t)
    assert by_text["last month"].value.start == "2023-03"
    assert by_text["24 February"].value.start == "2023-02-24"
    assert by_text["eight months later"].value.start == "2015-05"


def test_dating_no_evidence_gives_nothing(nlp):
    doc = nlp("The ministers discussed trade and energy. They agreed to meet again.")
    assert infer_writing_date(doc, "2024-01-05", CONFLICT_DAYS) == (None, False, False)


def test_dating_last_month_next_to_a_known_event(nlp):
    doc = nlp("Finland joined NATO last month, doubling the alliance's border with Russia.")
    inferred, conflict, republished = infer_writing_date(doc, "2023-05-10", CONFLICT_DAYS)
    assert inferred.value == "2023-05"
    assert (conflict, republished) == (False, False)


def test_dating_relative_expression_tied_to_an_explicit_date(nlp):
    doc = nlp("Two years ago, in 2021, the two leaders met in Geneva.")
    inferred, _, _ = infer_writing_date(doc, None, CONFLICT_DAYS)
    assert inferred.value == "2023"


def test_dating_lower_bound_only_is_no_conflict_with_a_later_page(nlp):
    doc = nlp("Kherson was retaken by Ukrainian troops on 11 November 2022.")
    inferred, conflict, republished = infer_writing_date(doc, "2024-06-01", CONFLICT_DAYS)
    assert inferred.value == "2022-11-11"
    assert (conflict, republished) == (False, False)


def test_dating_future_dates_are_not_lower_bounds(nlp):
    doc = nlp("Ukraine was hit by drones on 3 May 2023. Elections will be held by 2026.")
    inferred, _, _ = infer_writing_date(doc, None, CONFLICT_DAYS)
    assert inferred.value == "2023-05-03"


def test_dating_hedged_dates_are_not_lower_bounds_but_the_month_may_is(nlp):
    # "may sell ... in mid-2024" can lie after writing; "31 May 2024" is a month, not the modal
    doc = nlp("Russia sold jets to Egypt on 2 March 2023. Russia may sell more jets to Egypt in mid-2024.")
    inferred, conflict, _ = infer_writing_date(doc, "2023-03-22", CONFLICT_DAYS)
    assert inferred.value == "2023-03-02" and conflict is False
    doc = nlp("Dong Jun met Lloyd Austin on Friday, 31 May 2024, in Singapore.")
    assert infer_writing_date(doc, None, CONFLICT_DAYS)[0].value == "2024-05-31"


def test_dating_gold_set_gate(nlp):
    docs = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["documents"]
    assert len(docs) >= 20
    result = score_dating(nlp, GOLD, CONFLICT_DAYS)
    share = result["within_month"]
    print(f"\ndating gold: {result['hits']}/{len(docs)} = {share:.2%} within one month; "
          f"flags {result['flags_ok']}/{result['flags_total']}; misses {result['misses']}")
    assert share >= GOLD_FLOOR
    assert result["flags_ok"] == result["flags_total"]


@pytest.mark.parametrize("claimed", [None, "not a date"])
def test_dating_claimed_missing_or_odd(nlp, claimed):
    inferred, conflict, republished = infer_writing_date(nlp("Talks were held on 4 April 2023."), claimed, CONFLICT_DAYS)
    assert inferred.value == "2023-04-04"
    assert (conflict, republished) == (False, False)


def test_dating_works_without_a_parser():
    import spacy

    doc = spacy.blank("en")("Finland joined NATO last month.\nTalks resumed on 2 May 2023.")
    inferred, conflict, republished = infer_writing_date(doc, "2023-05-20", CONFLICT_DAYS)
    assert inferred.value == "2023-05"
    assert [e.text for e in inferred.evidence][0] == "Finland joined NATO last month."
    assert (conflict, republished) == (False, False)


def test_dating_an_explicitly_dated_event_is_not_last_month(nlp):
    doc = nlp("Finland, which joined NATO in April 2023, held air drills with Sweden last month.")
    inferred, _, _ = infer_writing_date(doc, None, CONFLICT_DAYS)
    assert inferred.value == "2023-04-04"  # a lower bound only, not "May 2023"


def test_dating_anniversary_of_a_known_event(nlp):
    doc = nlp("Crowds gathered in Kyiv on the second anniversary of Russia's invasion of Ukraine.")
    inferred, _, _ = infer_writing_date(doc, None, CONFLICT_DAYS)
    assert inferred.value == "2024-02"


def test_dating_yearless_day_range_tied_to_a_known_event(nlp):
    # Xi visited Moscow in June 2019 and in March 2023; "20-22 March" picks the March visit
    doc = nlp("The paperwork from Xi Jinping's state visit to Moscow on 20-22 March looks civilian.")
    inferred, _, _ = infer_writing_date(doc, None, CONFLICT_DAYS)
    assert inferred.value == "2023-03"


def test_dating_a_target_year_never_outweighs_the_page_date(nlp):
    # Saudi Arabia's Vision 2030 was launched in 2016; a 2022 article about it is not from 2030.
    doc = nlp("The crown prince reviewed progress towards the targets of Saudi Vision 2030 with foreign investors.")
    inferred, conflict, republished = infer_writing_date(doc, "2022-07-16", CONFLICT_DAYS)
    assert (conflict, republished) == (False, False)
    assert inferred.decision.startswith("page date stands")


def test_dating_an_anniversary_year_never_outweighs_the_page_date(nlp):
    # The Korean War armistice was signed on 27 July 1953; its 70th anniversary fell in July 2023.
    doc = nlp("Seoul and Washington marked the 70th anniversary of the 1953 armistice that ended the Korean War fighting.")
    inferred, conflict, republished = infer_writing_date(doc, "2023-07-27", CONFLICT_DAYS)
    assert (conflict, republished) == (False, False)
    assert inferred.value == "1953" and inferred.bound_only


def test_dating_a_dated_past_event_after_the_page_date_is_a_conflict_not_a_copy(nlp):
    doc = nlp("Kim Jong Un and Vladimir Putin met at the Vostochny Cosmodrome on Wednesday, 13 September 2023.")
    inferred, conflict, republished = infer_writing_date(doc, "2019-04-25", CONFLICT_DAYS)
    assert inferred.value == "2023-09-13"
    assert (conflict, republished) == (True, False)
    assert "too early" in inferred.decision


def test_dating_text_alone_takes_the_latest_dated_event_not_the_largest_year(nlp):
    doc = nlp("Finland joined NATO on 4 April 2023. Its army has bought artillery since 1995 and plans more by 2030.")
    inferred, _, _ = infer_writing_date(doc, None, CONFLICT_DAYS)
    assert inferred.value == "2023-04-04" and inferred.bound_only


def test_dating_the_end_of_a_day_range_is_no_deadline():
    from undercurrent.extract.dating import _is_future_context

    sentence = "Leaders of the Group of Seven met in Hiroshima from 19 to 21 May 2023."
    start = sentence.index("21 May")
    assert not _is_future_context(sentence, start, start + len("21 May 2023"))
    plan = "Ukraine wants to join the alliance by 2030."
    assert _is_future_context(plan, plan.index("2030"), len(plan) - 1)
