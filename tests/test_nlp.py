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


def test_nlp_cached_sentences_and_text_agree_with_spacy(nlp):
    from undercurrent.nlp.sents import sent_of, sentences, text_of

    docs = [nlp("Putin met Xi in Moscow. They signed 14 documents.\n\nLater, Xi left."), nlp("One sentence only")]
    for doc in docs * 2:  # the second pass reads the cache
        assert text_of(doc) == doc.text
        assert [(s.start, s.end) for s in sentences(doc)] == [(s.start, s.end) for s in doc.sents]
        assert all((sent_of(t).start, sent_of(t).end) == (t.sent.start, t.sent.end) for t in doc)
    assert text_of(docs[1]) == "One sentence only"


def test_nlp_wire_dateline_is_a_sentence_of_its_own(nlp):
    from undercurrent.extract.quality import assess_quality

    text = "Talks in Moscow\n\nMOSCOW, March 21 (Wire) - Xi Jinping and Vladimir Putin signed two statements."
    doc = nlp(text)
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Talks in Moscow", "MOSCOW, March 21 (Wire) -", "Xi Jinping and Vladimir Putin signed two statements."]
    signed = next(t for t in doc if t.text == "signed")
    subject = next(c for c in signed.children if c.dep_ == "nsubj")
    assert subject.text in ("Jinping", "Putin")  # not MOSCOW, with the leaders in apposition to it
    q = assess_quality(doc)
    assert q.flagged_sentences == () and q.sentence_count == 1  # the dateline is not judged as prose
