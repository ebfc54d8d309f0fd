"""Language identification with py3langid (the model loads on first use, not at import)."""

from __future__ import annotations

import py3langid

# langid (Lui and Baldwin 2012) is reliable on tweet-length text; 1,000 characters of an
# article settle the language, and classifying more was 60% of cleaning time in bench_ingest.
LANGUAGE_SAMPLE_CHARS = 1000
# Below this many letters no language guess is reliable.
MIN_LETTERS_FOR_LANGUAGE = 20


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short.

    Example:
        >>> detect_language("The two leaders signed a joint statement on economic cooperation.")
        'en'
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS_FOR_LANGUAGE:
        return None
    language, _score = py3langid.classify(sample)
    return str(language)
