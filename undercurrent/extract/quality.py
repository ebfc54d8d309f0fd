"""Sentence quality: notice garbled text left by machine translation or spinning.

Each prose sentence (a spaCy sentence, further cut at line breaks) gets a set
of grammatical checks; each failed check adds a weighted reason, and a
sentence whose weights reach :data:`FLAG_THRESHOLD` is flagged. Short lines
that stand alone without terminal punctuation are headings (section titles,
page chrome): they are not prose, so they are neither checked nor counted.

The checks are about the shape of English, not a list of known bad phrases:
fragments without a finite verb, stray capitalised words, dangling last
words, lowercase sentence starts, tag sequences English does not allow
("the of", "are can"), and parses full of unattached tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..nlp.dateline import datelines
from ..nlp.sents import sent_of, sentences, text_of
from ..records import FlaggedSentence, Quality

EXTRACTOR = "extract.quality.rules.v1"

# A standalone line of at most this many words without terminal punctuation is a heading;
# section titles and chrome lines in news pages are rarely longer than six or seven words.
HEADING_MAX_WORDS = 8
# Sum of reason weights at which a sentence is flagged: one strong or two weak reasons.
FLAG_THRESHOLD = 1.0
# Share of tokens the parser left as the catch-all "dep" relation above which a parse is broken;
# clean news sentences parsed by the en_core_web pipelines almost never exceed one in ten.
MAX_UNATTACHED_SHARE = 0.1
# Sentences of at most this many words that are complete clauses are judged only by the
# strong checks; the tag-sequence checks need more context than that.
SHORT_SENTENCE_WORDS = 3

# Weight of each reason: 1.0 flags on its own; 0.5 needs a second reason.
REASON_WEIGHTS: dict[str, float] = {
    "lone_word": 1.0,
    "no_finite_verb": 1.0,
    "lowercase_start": 1.0,
    "dangling_end": 1.0,
    "missing_subject": 1.0,
    "stray_capital": 1.0,
    "stray_capital_weak": 0.5,
    "broken_order": 1.0,
    "dangling_end_weak": 0.5,
    "unattached_tokens": 0.5,
    "unterminated": 0.5,
    "verbless_after_colon": 0.5,
}

TERMINAL = frozenset('.!?"\u201d\u2019\')')
# Penn tags of a finite verb or modal.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Closed-class English words by function. Their category does not depend on context, so word
# order among them can be checked without trusting the tagger (which adapts to broken text).
ARTICLES = frozenset({"the", "a", "an"})
PREPOSITIONS = frozenset(
    {"of", "in", "on", "at", "by", "for", "with", "from", "into", "after", "before", "during", "since",
     "towards", "toward", "under", "over", "between", "against", "among", "through", "without", "about",
     "across", "via", "within", "despite", "amid", "upon", "onto"}
)
# Prepositions that are never verb particles, so one without an object mid-sentence is out of place.
NEVER_PARTICLES = frozenset(
    {"of", "at", "from", "into", "during", "between", "among", "via", "within", "despite", "amid", "upon",
     "onto", "with", "towards", "toward"}
)
MODALS = frozenset({"will", "would", "can", "could", "may", "might", "must", "shall", "should"})
FINITE_BE_HAVE = frozenset({"is", "are", "was", "were", "has", "have", "had", "does", "did"})
CONJUNCTIONS = frozenset({"and", "or", "but", "nor"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their", "our", "my", "your"})
# Last words a complete sentence does not end on.
DANGLING_WORDS = ARTICLES | CONJUNCTIONS | SUBJECT_PRONOUNS | POSSESSIVE_PRONOUNS - {"her"} | frozenset(
    {"to", "of", "'s", "\u2019s", "than", "very", "such", "not", "any", "every", "each", "when", "while", "if",
     "because", "although", "unless", "whereas", "whether"}
)
# Last words that end a clause only in inverted or elliptical English ("how tired they were",
# "investigate that"): a second reason is needed.
WEAK_DANGLING_WORDS = frozenset(
    {"is", "are", "was", "were", "been", "being", "has", "have", "had", "that", "which", "who", "whose", "her"}
)
# Auxiliaries that cannot close a clause once the adverbs after them are set aside ("has not formally.").
STRANDED_AUX = frozenset({"do", "does", "did", "has", "have", "had", "will", "would", "can", "could", "shall", "should", "must"})
YEAR = re.compile(r"(?:19|20)\d\d")
MONTHS = frozenset(
    {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"}
)
# Words that may stand right before a year besides prepositions, months, numbers and punctuation.
YEAR_FRAMES = frozenset(
    {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "and", "or", "than", "to", "until",
     "early", "late", "mid", "summer", "spring", "autumn", "winter", "fiscal", "year", "since", "till", "of"}
)
# Words that open a subordinate or relative clause, which must contain a verb.
# ("if", "when", "while" are left out: "if any", "when necessary", "while in Moscow" are fine English.)
CLAUSE_OPENERS = frozenset({"that", "because", "whether", "who", "which"})
# Words that may follow a month name mid-sentence besides numbers.
AFTER_MONTH = frozenset({"and", "or", "to", "of", "through", "until", "when", "after", "before", "last", "this", "next"})
# Prepositions that cannot follow "to" or "of" ("rose to about 40" and "of between" stay fine).
PREPOSITION_AFTER_TO_OF = frozenset({"in", "on", "at", "of", "with", "by", "from", "for", "into", "to", "after", "during"})
# Words that make a fixed phrase with a preposition that has no object ("at least", "of course").
FIXED_AFTER_PREPOSITION = frozenset({"least", "most", "all", "first", "last", "once", "course", "large"})
# Prepositions that can end an English sentence when stranded ("voted against", "looked into") or
# that double as adverbs ("two years before").
STRANDABLE = frozenset(
    {"against", "over", "about", "with", "for", "through", "into", "before", "after", "since", "upon", "on", "in",
     "from", "by", "across", "without"}
)
# Prepositions that double as subordinating conjunctions ("a year before he was appointed").
SUBORDINATING = frozenset({"before", "after", "since", "until", "as", "for", "than", "like", "once"})
# Verbs that in news prose always take an object or complement; ending on one marks a cut.
OBJECT_VERBS = frozenset(
    {"announce", "approve", "adopt", "sign", "host", "hold", "issue", "reach", "become", "include", "make",
     "give", "take", "send", "receive", "accuse", "call", "describe", "mark", "require", "expect", "seek",
     "urge", "deliver", "impose", "lift", "raise", "unveil", "publish", "replace", "appoint", "say", "tell",
     "use", "want", "bring", "provide", "set", "cause", "hit", "reject", "enter", "own", "damage", "halt",
     "sell", "buy", "launch", "fire", "kill", "capture", "attack", "support", "condemn", "criticise",
     "criticize", "summon", "expel", "ban", "block", "elect", "release", "arrest", "detain", "supply",
     "invite", "accept", "extend", "restore", "suspend", "name", "order", "tighten", "pay", "sign", "visit",
     "meet", "discuss", "ratify", "threaten", "reach", "close", "open", "build", "produce", "export", "import",
     "anger", "lodge", "divert", "keep", "train", "resume", "hold", "remain", "deny", "express", "surprise"}
)


def order_violations(words) -> int:
    """Count adjacent word pairs whose closed-class functions cannot follow each other."""
    count = 0
    for prev, tok in zip(words, words[1:]):
        a, b = prev.lower_, tok.lower_
        if a == b and a not in {"that", "had"}:
            count += 1
        elif a in ARTICLES and (
            b in ARTICLES | PREPOSITIONS | MODALS | FINITE_BE_HAVE | CONJUNCTIONS | SUBJECT_PRONOUNS
            or b in POSSESSIVE_PRONOUNS
            or b in {"to", "not"}
        ):
            count += 1
        elif a in PREPOSITIONS | {"to"} and (
            _is_modal(tok)
            or b in FINITE_BE_HAVE - {"have", "do"}
            or b == "of"
            or a == "of" and b in CONJUNCTIONS
            or b in SUBJECT_PRONOUNS and a not in SUBORDINATING
        ):
            count += 1
        elif _is_modal(prev) and (
            b in ARTICLES | PREPOSITIONS | MODALS | FINITE_BE_HAVE - {"have"} | CONJUNCTIONS or b in POSSESSIVE_PRONOUNS
        ):
            count += 1
        elif a in POSSESSIVE_PRONOUNS - {"her"} and (b in ARTICLES | PREPOSITIONS | MODALS | FINITE_BE_HAVE | CONJUNCTIONS or b == "to"):
            count += 1
        elif a in CONJUNCTIONS and b in CONJUNCTIONS and b != a:
            count += 1
        elif a in SUBJECT_PRONOUNS and (b in ARTICLES or b in {"of", "to"} or b in POSSESSIVE_PRONOUNS):
            count += 1
        elif a in FINITE_BE_HAVE and _is_modal(tok):
            count += 1
        elif a in PREPOSITIONS | {"to"} and tok.tag_ in {"VBD", "VBZ"}:
            count += 1
    for tok in words[:-1]:
        if tok.lower_ in NEVER_PARTICLES and not list(tok.children):
            nxt = tok.nbor(1)
            if nxt.pos_ in {"VERB", "AUX", "CCONJ", "SCONJ"} and nxt.lower_ not in FIXED_AFTER_PREPOSITION:
                count += 1
    for prev, tok in zip(words, words[1:]):
        if YEAR.fullmatch(tok.text) and not _frames_year(prev):
            count += 1
        if _month_out_of_place(prev):
            count += 1  # "in March Xi", "April member": a month is followed by a day, a year or a break
        if prev.lower_ in {"to", "of"} and tok.lower_ in PREPOSITION_AFTER_TO_OF:
            count += 1
    count += _verbless_clauses(words)
    return count


def _month_out_of_place(tok) -> bool:
    """A month name mid-sentence followed by neither a number, punctuation nor a linking word.

    "the March meeting" (a month used as a modifier after a determiner) is fine.
    """
    if tok.text not in MONTHS or tok.i == sent_of(tok).start or tok.i + 1 >= len(tok.doc):
        return False
    nxt = tok.nbor(1)
    before = tok.nbor(-1)
    if nxt.pos_ not in {"PROPN", "NOUN", "ADJ"} or nxt.like_num or nxt.lower_ in AFTER_MONTH:
        return False
    return before.lower_ not in ARTICLES | POSSESSIVE_PRONOUNS | {"this", "that", "last", "next", "early", "late", "mid"}


def _frames_year(prev) -> bool:
    """Whether the word before a year is one that introduces or modifies a year in English."""
    return (
        prev.lower_ in YEAR_FRAMES
        or prev.lower_ in PREPOSITIONS
        or prev.is_punct
        or prev.like_num
        or prev.text in MONTHS
        or prev.tag_ == "POS"
    )


def _verbless_clauses(words) -> int:
    """Subordinate clauses opened by a complementiser or relative word that never get a verb."""
    for i, tok in enumerate(words):
        if tok.lower_ in CLAUSE_OPENERS and tok.tag_ in {"IN", "WDT", "WP", "WRB"}:
            if i + 1 < len(words) and words[i + 1].lower_ == "of":
                continue  # "because of" is a preposition
            if not any(t.pos_ in {"VERB", "AUX"} for t in words[i + 1 :]):
                return 1
    return 0


def _is_modal(tok) -> bool:
    """A modal verb; capitalised "May" mid-sentence is the month."""
    return tok.lower_ in MODALS and not (tok.text == "May" and not tok.is_sent_start)


def _has_finite_verb(toks) -> bool:
    """True when a finite verb or modal is present.

    The small model often tags a simple past as a participle (VBN) in short sentences; a root
    participle with a subject and no auxiliary is a simple past.
    """
    for t in toks:
        if t.tag_ in FINITE_TAGS:
            return True
        if t.tag_ == "VB" and t.dep_ == "ROOT" and t.i == next(x.i for x in toks if not x.is_punct):
            return True  # imperative
        if t.tag_ == "VB" and any(c.dep_ == "nsubj" for c in t.children) and not any(
            c.dep_ == "aux" for c in t.children
        ):
            return True  # a present plural the tagger read as a base form ("relations ... make Moscow")
        if t.tag_ != "VBN" or any(c.dep_ in {"aux", "auxpass", "agent"} for c in t.children):
            continue
        if t.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in t.children):
            return True
        # "Some analysts advocated for...": the small model reads a past tense as a reduced
        # relative on a root noun; a reduced relative without an agent and with its own
        # complement is more likely a simple past.
        if t.dep_ == "acl" and t.head.dep_ == "ROOT" and t.head.pos_ in {"NOUN", "PROPN"} and any(
            c.dep_ in {"prep", "dobj", "ccomp", "xcomp"} for c in t.children
        ):
            return True
    return False


# Words that are never proper nouns, so a capital letter mid-sentence marks a break in the text.
CLOSED_CLASS_POS = frozenset({"DET", "AUX", "ADP", "PRON", "CCONJ", "SCONJ", "PART"})
# Tokens after which a capital letter is normal (quotes, colons, dashes, brackets).
CAPITAL_OK_AFTER = frozenset({":", '"', "\u201c", "\u2018", "'", "(", "-", "\u2013", "\u2014", ";"})


@dataclass(frozen=True, slots=True)
class Unit:
    """One stretch of prose to check: a sentence cut at line breaks."""

    tokens: tuple  # spaCy tokens without whitespace tokens
    start: int
    end: int
    starts_line: bool
    ends_line: bool


def iter_units(sdoc) -> Iterator[Unit]:
    """Yield the sentences of ``sdoc`` cut at line breaks, with their line position."""
    text = text_of(sdoc)
    for sent in sentences(sdoc):
        chunk: list = []
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if chunk:
                    yield _unit(text, chunk)
                chunk = []
            elif not tok.is_space:
                chunk.append(tok)
        if chunk:
            yield _unit(text, chunk)


def _unit(text: str, toks: list) -> Unit:
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    return Unit(tuple(toks), start, end, before == "" or before.endswith("\n"), after == "" or after.startswith("\n"))


def is_heading(unit: Unit) -> bool:
    """A whole short line without terminal punctuation (section title or page chrome)."""
    words = [t for t in unit.tokens if not t.is_punct]
    return (
        unit.starts_line
        and unit.ends_line
        and unit.tokens[-1].text[-1] not in TERMINAL
        and len(words) <= HEADING_MAX_WORDS
    )


def sentence_reasons(unit: Unit) -> tuple[str, ...]:
    """The reasons one prose sentence looks garbled (empty when it looks fine).

    Example:
        >>> # "Lures access to Russian technology." -> ("missing_subject",)
    """
    toks = unit.tokens
    words = [t for t in toks if not t.is_punct]
    reasons: list[str] = []
    if not words:
        return ()
    if len(words) == 1:
        return ("lone_word",)
    first = words[0]
    if first.text[0].islower() and first.is_alpha:
        reasons.append("lowercase_start")
    if not _has_finite_verb(toks):
        reasons.append("no_finite_verb")
    elif _lacks_subject(toks):
        reasons.append("missing_subject")
    if toks[-1].text[-1] not in TERMINAL:
        reasons.append("unterminated")
    reasons.extend(_dangling_end(words))
    reasons.extend(_stray_capitals(toks))
    violations = order_violations(words)
    if first.lower_ in MODALS | FINITE_BE_HAVE and toks[-1].text != "?":
        violations += 1  # inverted order belongs to questions
    if violations:
        reasons.extend(["broken_order"] * min(violations, 2))
    if len(words) > SHORT_SENTENCE_WORDS:
        unattached = sum(1 for t in toks if t.dep_ == "dep")
        if unattached >= 2 and unattached / len(toks) > MAX_UNATTACHED_SHARE:
            reasons.append("unattached_tokens")
        if _verbless_after_colon(toks):
            reasons.append("verbless_after_colon")
    return tuple(dict.fromkeys(reasons))


def _lacks_subject(toks) -> bool:
    """A declarative sentence whose main verb is finite, third person, with no subject at all.

    Imperatives ("Let's go.") use the base form (VB) and are not caught; questions start
    with an auxiliary or wh-word.
    """
    roots = [t for t in toks if t.dep_ == "ROOT"]
    if len(roots) != 1:
        return False
    root = roots[0]
    if root.tag_ not in {"VBZ", "VBD", "VBP"} or root.i != toks[0].i:
        return False
    return not any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in root.children)


def _stray_capitals(toks) -> list[str]:
    out: list[str] = []
    for k, (prev, tok) in enumerate(zip(toks, toks[1:])):
        if not tok.is_alpha or not tok.text[0].isupper() or tok.text == "I" or tok.is_upper and len(tok) > 1:
            continue
        if prev.text in CAPITAL_OK_AFTER or prev.is_punct and prev.text not in {",", "."}:
            continue
        if tok.ent_type_ or tok.tag_ in {"NNP", "NNPS"}:
            continue
        if _inside_title_case_name(prev, toks[k + 2] if k + 2 < len(toks) else None):
            continue
        out.append("stray_capital" if tok.pos_ in CLOSED_CLASS_POS else "stray_capital_weak")
    return out


def _inside_title_case_name(prev, nxt) -> bool:
    """A capitalised word between two capitalised words is part of a name as written
    ("the Countering America's Adversaries Through Sanctions Act")."""
    return (
        nxt is not None
        and prev.is_alpha and prev.text[0].isupper()
        and nxt.is_alpha and nxt.text[0].isupper()
    )


def _dangling_end(words) -> list[str]:
    """A last word that leaves the sentence open: article, modal, conjunction, subject pronoun..."""
    last = words[-1]
    # spaCy keeps "a." (and other single letters) as one token with its full stop.
    low = last.lower_.rstrip(".")
    if low in DANGLING_WORDS or last.tag_ == "POS" or _is_modal(last) and low == last.text.lower():
        return ["dangling_end"]
    if low in WEAK_DANGLING_WORDS:
        return ["dangling_end_weak"]
    if low in PREPOSITIONS:
        return ["dangling_end_weak"] if low in STRANDABLE else ["dangling_end"]
    core = [w for w in words if w.tag_ not in {"RB", "RBR"} or w.lower_ == "not"]
    core = [w for w in core if w.lower_ != "not"]
    if core and core[-1].lower_ in STRANDED_AUX and not any(c.dep_ in {"dobj", "attr", "ccomp"} for c in core[-1].children):
        return ["dangling_end"]
    prev = words[-2] if len(words) > 1 else None
    if last.tag_ in {"JJ", "JJS"} and prev is not None and prev.lower_ in ARTICLES | PREPOSITIONS | POSSESSIVE_PRONOUNS:
        return ["dangling_end"]
    if (
        last.pos_ == "VERB"
        and last.lemma_.lower() in OBJECT_VERBS
        and (last.dep_ == "ROOT" or prev is not None and prev.lower_ == "to" and not _in_relative_clause(last))
        and not any(c.dep_ in {"auxpass", "nsubjpass", "dobj", "ccomp", "xcomp"} for c in last.children)
    ):
        return ["dangling_end"]
    return []


def _in_relative_clause(tok) -> bool:
    """Whether a verb sits in a relative clause, whose object is the noun it modifies."""
    return any(a.dep_ in {"relcl", "acl"} for a in [tok, *tok.ancestors])


def _verbless_after_colon(toks) -> bool:
    for i, tok in enumerate(toks):
        if tok.text == ":":
            rest = [t for t in toks[i + 1 :] if not t.is_punct]
            if len(rest) >= 3 and rest[0].text[0].isupper() and not rest[0].ent_type_:
                return not any(t.pos_ in {"VERB", "AUX"} for t in rest)
    return False


def weight(reasons: tuple[str, ...]) -> float:
    """Combined weight of a sentence's reasons, capped at 1."""
    return min(1.0, sum(REASON_WEIGHTS[r] for r in reasons))


def assess_quality(sdoc) -> Quality:
    """Check every prose sentence of a parsed document and score the document.

    ``score`` is 1 minus the weighted share of flagged sentences; headings do
    not count. ``sentence_count`` is the number of prose sentences checked.

    Example:
        >>> q = assess_quality(nlp("Talks began on Monday. became."))  # doctest: +SKIP
        >>> [f.text for f in q.flagged_sentences]  # doctest: +SKIP
        ['became.']
    """
    flagged: list[FlaggedSentence] = []
    total = 0
    lost = 0.0
    lines = datelines(text_of(sdoc))
    for unit in iter_units(sdoc):
        if is_heading(unit) or any(s <= unit.start and unit.end <= e for s, e in lines):
            continue  # a heading or a wire dateline is not prose
        total += 1
        reasons = sentence_reasons(unit)
        w = weight(reasons)
        if w >= FLAG_THRESHOLD:
            lost += w
            flagged.append(FlaggedSentence(text_of(sdoc)[unit.start : unit.end], unit.start, unit.end, reasons))
    score = 1.0 - lost / total if total else 1.0
    return Quality(score=score, flagged_sentences=tuple(flagged), sentence_count=total)
