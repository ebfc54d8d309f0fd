"""Turn bytes into text, choosing the encoding by evidence rather than by guess.

UTF-8 (with or without a byte-order mark) is tried first because nearly all
current news is UTF-8. Otherwise a short list of legacy encodings common in
news archives, plus charset-normalizer's best guess, are each decoded and the
most plausible reading wins. Plausibility is scored on the decoded text: a
word mixing Latin and Cyrillic letters, case flipping inside a word, C1
control characters and rare symbols all count against a reading. This is
what separates cp1251 Russian from its KOI8-R misreading and latin-1 French
from its cp1250 misreading, which charset-normalizer alone gets wrong on
short texts.

UTF-16 is recognised by its byte-order mark, or without one by NUL bytes on
every other position. Almost any even run of bytes decodes as UTF-16, so a
UTF-16 reading must also look like writing (:func:`is_plausible_utf16`): no
unassigned or private-use characters, and letters that stay in one script
from one to the next, which random bytes never do.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

# Legacy encodings tried for non-UTF-8 bytes, in order of preference on a tie:
# Western European and Russian cover most of our non-UTF-8 news archives.
LEGACY_ENCODINGS: tuple[str, ...] = ("cp1252", "cp1251", "koi8_r", "cp1250", "iso8859_7")
# Share of C0 control bytes (other than tab, newline, carriage return, form
# feed, escape) above which bytes are binary; text files have none at all.
MAX_CONTROL_BYTE_SHARE = 0.01
# Penalty per letter above which no reading is text; mojibake scores about 0.3
# to 0.8 per letter, clean text below 0.15, random bytes above 1.
MAX_PENALTY_PER_LETTER = 0.5
# Only this many leading bytes are handed to charset-normalizer (it samples anyway).
DETECTION_SAMPLE_BYTES = 64 * 1024

_WORD = re.compile(r"[^\W\d_]+")
_COMMON_LATIN = frozenset(
    "àâäáãåæçèéêëìíîïñòóôöõøùúûüýÿœßÀÂÄÁÃÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÖÕØÙÚÛÜÝŸŒ"
)
_COMMON_CYRILLIC_EXTRA = frozenset("ЁёІіЇїЄєҐґЎў")
# Symbols that real prose uses rarely but mojibake and binary data produce often.
_RARE_SYMBOLS = frozenset("¤¦¨ª¬¯±²³´µ¶·¸¹º¼½¾¿×÷þÞðÐ†‡‰™•§©®°€‹›\xad")
# Box drawing, maths and private-use characters: what mojibake of binary data looks like.
_ODD_CATEGORIES = frozenset({"So", "Sm", "Sk", "Co", "Cn", "Cc", "Cs"})
_CONTROL_BYTES = bytes(sorted(frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}))
# Share of NUL bytes, all on odd (or all on even) positions, from which bytes without a
# byte-order mark are read as UTF-16: Latin text in UTF-16 is half NULs, CJK text has few,
# so a CJK file without a mark is not recognised (it is refused as binary, not misread).
MIN_UTF16_NUL_SHARE = 0.25
# In real writing the script changes at most at word boundaries; in random bytes decoded as
# UTF-16 it changes between most neighbouring letters (about 3 in 4). One change per four
# letters leaves room for mixed-script text (Japanese kana and kanji count as one script).
MAX_SCRIPT_CHANGES_PER_LETTER = 0.25
# Unassigned, private-use or control characters allowed per character of a UTF-16 reading:
# none in a text under a hundred characters; random bytes give about one in seven.
MAX_ODD_CHAR_SHARE_UTF16 = 0.01
# Letters below which a UTF-16 reading carries no evidence of being text (an article has
# far more; random bytes give a short plausible-looking run one time in three).
MIN_UTF16_LETTERS = 8
_UTF16_WHITESPACE = frozenset("\t\n\r\x0c")
# Name prefixes that belong to one writing system for the script-change count.
_SAME_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK", "IDEOGRAPHIC": "CJK"}


@dataclass(frozen=True, slots=True)
class Decoded:
    """The result of decoding: either ``text`` and ``encoding``, or ``problem``."""

    text: str | None
    encoding: str | None
    problem: str | None = None


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250:
        return "latin"
    if 0x370 <= code < 0x400:
        return "greek"
    if 0x400 <= code < 0x530:
        return "cyrillic"
    return "other"


def _letter_penalty(ch: str) -> float:
    if ch.isascii():
        return 0.0
    if ch in _COMMON_LATIN:
        return 0.25
    script = _script(ch)
    if script == "latin":
        return 0.75  # Central European letters: real in Polish or Czech, mojibake elsewhere
    if script == "cyrillic":
        return 0.0 if ("\u0410" <= ch <= "\u044f" or ch in _COMMON_CYRILLIC_EXTRA) else 1.0
    if script == "greek":
        return 0.0
    name = unicodedata.name(ch, "")
    if name.startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "ARABIC", "HEBREW")):
        return 0.0
    return 1.0


def implausibility(text: str) -> tuple[float, int]:
    """Score how unlike real text a decoding is.

    Returns:
        (penalty, letters): the summed penalty and the number of letters seen.

    Example:
        >>> implausibility("Déjà vu")[0] < implausibility("Dйjа vu")[0]
        True
    """
    penalty = 0.0
    letters = 0
    for ch in text:
        code = ord(ch)
        if 0x80 <= code < 0xA0:
            penalty += 3.0
        elif ch in _RARE_SYMBOLS:
            penalty += 1.0
        elif ch == "\ufffd":
            penalty += 3.0
        elif code > 0x7F and unicodedata.category(ch) in _ODD_CATEGORIES:
            penalty += 1.0
    for word in _WORD.findall(text):
        letters += len(word)
        if len({_script(c) for c in word}) > 1:
            penalty += 3.0
        penalty += sum(1.0 for a, b in zip(word, word[1:]) if a.islower() and b.isupper())
        penalty += sum(_letter_penalty(c) for c in word if not c.isascii())
    return penalty, letters


def _script_of_letter(ch: str) -> str:
    first = unicodedata.name(ch, "?").split(" ", 1)[0]
    return _SAME_SCRIPT.get(first, first)


def is_plausible_utf16(text: str) -> bool:
    """True when text decoded from UTF-16 looks like writing rather than random bytes.

    Example:
        >>> is_plausible_utf16("Президент прибыл в Москву.")
        True
        >>> is_plausible_utf16(bytes(range(40, 240, 3))[:66].decode("utf-16-le"))
        False
    """
    odd = 0
    for ch in text:
        category = unicodedata.category(ch)
        odd += category in ("Co", "Cn", "Cs") or (category == "Cc" and ch not in _UTF16_WHITESPACE)
    if odd > MAX_ODD_CHAR_SHARE_UTF16 * len(text):
        return False
    scripts = [_script_of_letter(ch) for ch in text if ch.isalpha()]
    if len(scripts) < MIN_UTF16_LETTERS:
        return False
    if not any(ch.isspace() or unicodedata.category(ch).startswith("P") for ch in text):
        return False  # writing has spaces, line breaks or punctuation; random bytes almost never
    changes = sum(1 for a, b in zip(scripts, scripts[1:]) if a != b)
    return changes <= MAX_SCRIPT_CHANGES_PER_LETTER * len(scripts)


def utf16_without_mark(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the NUL bytes of ``data`` sit on every other position."""
    sample = data[:DETECTION_SAMPLE_BYTES]
    nuls = sample.count(0)
    if not nuls or nuls < MIN_UTF16_NUL_SHARE * len(sample):
        return None
    if sample[1::2].count(0) == nuls:
        return "utf-16-le"
    if sample[0::2].count(0) == nuls:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str) -> Decoded:
    text = _try_decode(data, encoding)
    if text is None:
        return Decoded(None, None, "bytes look like UTF-16 but are not valid UTF-16")
    text = text.removeprefix("\ufeff")
    if not is_plausible_utf16(text[:DETECTION_SAMPLE_BYTES]):
        return Decoded(None, None, "bytes decode as UTF-16 but the result is not text (binary or damaged file)")
    return Decoded(text, "utf-16")


def _try_decode(data: bytes, encoding: str) -> str | None:
    """The text, or None when the bytes are not valid in that (or an unknown) encoding."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _label(encoding: str, data: bytes) -> str:
    if encoding == "cp1252" and not any(0x80 <= b < 0xA0 for b in data):
        return "latin-1"  # bytes never use cp1252's extra range, so this is plain ISO-8859-1
    return encoding.replace("_", "-")


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode bytes of one document, or say why they are not text.

    Args:
        data: the raw bytes.
        declared: an encoding named by the container (HTTP header, XML prolog), tried
            after UTF-8 and before detection.

    Returns:
        A :class:`Decoded` with text and encoding, or with ``problem`` set.

    Example:
        >>> decode_bytes("Привет, мир".encode("cp1251")).encoding
        'cp1251'
    """
    if not data:
        return Decoded(None, None, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data, "utf-16")
    if b"\x00" in data:
        unmarked = utf16_without_mark(data)
        if unmarked is None:
            return Decoded(None, None, "binary file (contains NUL bytes)")
        return _decode_utf16(data, unmarked)
    sample = data[:DETECTION_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_BYTE_SHARE * len(sample):
        return Decoded(None, None, "binary file (contains control bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            return Decoded(None, None, "invalid bytes after a UTF-8 byte-order mark")
    utf8 = _try_decode(data, "utf-8")
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    candidates: list[str] = []
    if declared:
        candidates.append(declared.lower())
    candidates.extend(LEGACY_ENCODINGS)
    best_guess = charset_normalizer.from_bytes(sample).best()
    if best_guess is not None:
        candidates.append(best_guess.encoding)
    best: tuple[float, int, str, str] | None = None
    for rank, encoding in enumerate(dict.fromkeys(candidates)):
        text = _try_decode(data, encoding)
        if text is None:
            continue
        penalty, letters = implausibility(text[:DETECTION_SAMPLE_BYTES])
        score = penalty / max(letters, 1)
        if best is None or (score, rank) < (best[0], best[1]):
            best = (score, rank, encoding, text)
    if best is None or best[0] > MAX_PENALTY_PER_LETTER:
        return Decoded(None, None, "invalid bytes: not text in UTF-8 or any supported legacy encoding")
    return Decoded(best[3], _label(best[2], data))
