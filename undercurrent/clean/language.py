"""Language identification with py3langid (the model loads on first use, not at import)."""

from __future__ import annotations

from functools import lru_cache

import py3langid

# langid (Lui and Baldwin 2012) is reliable on tweet-length text; 1,000 characters of an
# article settle the language, and classifying more was 60% of cleaning time in bench_ingest.
LANGUAGE_SAMPLE_CHARS = 1000
# Below this many letters no language guess is reliable.
MIN_LETTERS_FOR_LANGUAGE = 20


# Languages a news article here is told in. langid's full model also knows dialects and
# pidgins that short English wire copy gets mistaken for (a 110-character English sentence came
# out as Nigerian Pidgin), so the guess is limited to national languages of the press.
NEWS_LANGUAGES = (
    "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr",
    "he", "hi", "hr", "hu", "hy", "id", "it", "ja", "ka", "kk", "ko", "lt", "lv", "mk", "ms", "nl", "no",
    "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "th", "tr", "uk", "ur", "uz", "vi", "zh",
)


@lru_cache(maxsize=1)
def _restrict_languages() -> None:
    from py3langid import langid

    known = set(langid._get_identifier().nb_classes)
    langid.set_languages([code for code in NEWS_LANGUAGES if code in known])


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short.

    Example:
        >>> detect_language("The two leaders signed a joint statement on economic cooperation.")
        'en'
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS_FOR_LANGUAGE:
        return None
    _restrict_languages()
    language, _score = py3langid.classify(sample)
    return str(language)
