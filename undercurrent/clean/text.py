"""Unicode and whitespace normalisation, and the content hash used to spot exact duplicates."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Invisible characters that only break tokens: BOM, zero-width spaces and joiners, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_INLINE_SPACE = re.compile(r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_HASH_FOLD = re.compile(r"[\W_]+")


def normalise_text(text: str) -> str:
    """NFC, one space between words, stripped lines, at most one blank line between paragraphs.

    Curly quotes, dashes and line structure are kept: offsets later point into this text.

    Example:
        >>> normalise_text("  Xi\\u00a0met  Putin.\\r\\n\\r\\n\\r\\n“Yes.”  ")
        'Xi met Putin.\\n\\n“Yes.”'
    """
    text = _LINE_BREAKS.sub("\n", text.translate(_INVISIBLE))
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    lines = [_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def content_hash(text: str) -> str:
    """SHA-256 of the text folded to lower-case words, so copies differing in case,
    punctuation or whitespace collide.

    Example:
        >>> content_hash("Xi met Putin.") == content_hash("xi  met putin")
        True
    """
    folded = _HASH_FOLD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


MARKDOWN_SUFFIXES = (".md", ".markdown")
# Markup that carries no words: heading hashes, list bullets, emphasis, links, images, code ticks.
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M), ""),
    (re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+", re.M), ""),
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)


def markdown_to_text(text: str) -> str:
    r"""Plain text of a Markdown article: the words stay, the markup goes, lines stay lines.

    Example:
        >>> markdown_to_text("# Title\n\n- **Sergei Shoigu**, defence minister;\n*By the desk, 24 March 2023*")
        'Title\n\nSergei Shoigu, defence minister;\nBy the desk, 24 March 2023'
    """
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text
