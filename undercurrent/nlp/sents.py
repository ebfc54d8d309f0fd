"""Sentences and text of a parsed Doc, computed once per Doc.

spaCy rebuilds ``Doc.text`` from every token on each access, and ``Token.sent``
first checks the whole Doc for sentence boundaries; called for each mention,
trigger and date, both made extraction quadratic in the length of a document
(43% of extraction time on 300 BBC articles). Like every per-Doc result the
extractors share, they are kept in ``doc.user_data`` (see :func:`doc_memo`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def doc_memo(doc: Any, key: str | tuple, compute: Callable[[], T]) -> T:
    """``compute()`` once per Doc and key, kept in ``doc.user_data`` for the other stages that ask."""
    full = ("undercurrent", key)
    if full not in doc.user_data:
        doc.user_data[full] = compute()
    return doc.user_data[full]


def _sentences(doc: Any) -> tuple[list[Any], list[int], str]:
    def compute() -> tuple[list[Any], list[int], str]:
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        return sents, [s.start for s in sents], doc.text

    return doc_memo(doc, "sentences", compute)


def sentences(doc: Any) -> list[Any]:
    """The Doc's sentence spans, in order (the same spans as ``doc.sents``)."""
    return _sentences(doc)[0]


def sent_of(tok: Any) -> Any:
    """The sentence span holding a token (``tok.sent``, without a pass over the Doc)."""
    sents, starts, _ = _sentences(tok.doc)
    return sents[bisect_right(starts, tok.i) - 1]


def text_of(doc: Any) -> str:
    """The Doc's text (``doc.text`` joins every token again on each call)."""
    return _sentences(doc)[2]
