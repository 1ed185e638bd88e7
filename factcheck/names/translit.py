"""Cyrillic-to-Latin transliteration and accent stripping (no third-party library)."""

from __future__ import annotations

import re
import unicodedata

STRESS = "\u0301"

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian and Belarusian letters, so their names still get a key.
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}

# Latin letters that Unicode does not decompose into a base letter plus a mark.
_LATIN_EXTRA = {"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"}


def is_cyrillic(ch: str) -> bool:
    """Whether a character is a Cyrillic letter."""
    return "\u0400" <= ch <= "\u04ff"


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    """Whether the text contains any Cyrillic letter."""
    return not text.isascii() and _CYRILLIC.search(text) is not None


def clean(text: str) -> str:
    """Remove stress marks and fold ё to е (done before anything else)."""
    if text.isascii():
        return text
    return text.replace(STRESS, "").replace("\u0300", "").replace("ё", "е").replace("Ё", "Е")


# Characters strip_accents may change: anything but ASCII and Cyrillic letters. Most texts and
# names are one or the other, and the loop below looks at every character in Python.
_ACCENTED = re.compile(r"[^\x00-\x7f\u0400-\u04ff]")


def strip_accents(text: str) -> str:
    """Drop diacritics from Latin letters, leaving Cyrillic letters (й, ё) intact."""
    if _ACCENTED.search(text) is None:
        return text
    out = []
    for ch in text:
        if is_cyrillic(ch) or ch.isascii():
            out.append(ch)
        elif ch in _LATIN_EXTRA:
            out.append(_LATIN_EXTRA[ch])
        else:
            out.append("".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)))
    return "".join(out)


def _latin_table() -> dict[int, str]:
    """Each character ``to_latin`` transliterates -> its Latin spelling (capitalised for a capital):
    the characters whose lowercase is a letter of ``_CYR``, all in U+0400-U+052F (a test checks)."""
    table: dict[int, str] = {}
    for code in range(0x400, 0x530):
        ch = chr(code)
        low = ch.lower()
        if low in _CYR:
            table[code] = _CYR[low].capitalize() if ch != low else _CYR[low]
    return table


_LATIN = _latin_table()


def to_latin(text: str) -> str:
    """Transliterate Cyrillic letters to Latin, keeping the case of each letter."""
    return strip_accents(clean(text).translate(_LATIN))  # one table lookup per character, in C
