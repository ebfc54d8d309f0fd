"""The spaCy stage: the pipeline we load and what we add to it."""

from __future__ import annotations


def test_nlp_blank_line_ends_a_sentence(nlp):
    # A heading or a stray word on its own line must not pull the next paragraph's subject into it.
    doc = nlp("Weapons\n\nChina has relied on Russian arms since the 1990s. It buys fewer now.\n\nIndia too")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Weapons", "China has relied on Russian arms since the 1990s.", "It buys fewer now.", "India too"]
    china = next(t for t in doc if t.text == "China")
    assert china.dep_ == "nsubj" and china.head.text == "relied"


def test_nlp_paragraph_rule_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("undercurrent_paragraphs") < names.index("parser")
