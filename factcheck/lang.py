"""Stage 2: language of an article. Adapter around langdetect, plus cheap script checks.

The script (Cyrillic, Latin or another) is counted first; letters only some Cyrillic languages
have decide between them (ы/э: Russian, і/ї/є/ґ: Ukrainian, ў: Belarusian, ђ/ћ: Serbian, ѓ/ќ/ѕ:
Macedonian, ә/ғ/қ/ң/ө/ұ/ү/һ: Kazakh); langdetect then chooses only among the languages of that
script, with a fixed seed, so results never vary and only a handful of profiles are loaded (all
55 cost ~0.7 s on first use). Text mostly in another script (Greek, Arabic, Chinese...) is named by
its script, never guessed as English or Russian from a few Latin or Cyrillic words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

SUPPORTED = ("en", "ru")
_LATIN_CANDIDATES = ("en", "es", "de", "fr", "it", "pt", "nl", "pl")
_CYRILLIC_CANDIDATES = ("ru", "bg")
_UKRAINIAN = frozenset("іїєґІЇЄҐ")
_BELARUSIAN = frozenset("ўЎ")
_RUSSIAN_ONLY = frozenset("ыэЫЭ")  # not in Ukrainian, Bulgarian, Macedonian or Serbian
_SERBIAN = frozenset("ђћЂЋ")
_MACEDONIAN = frozenset("ѓќѕЃЌЅ")
_SOUTH_SLAVIC = frozenset("јљњџЈЉЊЏ")  # Serbian and Macedonian
_KAZAKH = frozenset("әғқңөұүһӘҒҚҢӨҰҮҺ")
_URL = re.compile(r"https?://\S+|www\.\S+")
# First word of a letter's Unicode name -> language code for text in that script.
_SCRIPTS = {
    "GREEK": "el", "ARABIC": "ar", "HEBREW": "he", "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja",
    "HANGUL": "ko", "DEVANAGARI": "hi", "THAI": "th", "GEORGIAN": "ka", "ARMENIAN": "hy", "BENGALI": "bn",
    "TAMIL": "ta",
}
LANG_NAMES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "bg": "Bulgarian",
    "mk": "Macedonian", "sr": "Serbian", "kk": "Kazakh", "es": "Spanish", "de": "German", "fr": "French",
    "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "el": "Greek", "ar": "Arabic",
    "he": "Hebrew", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "hi": "Hindi", "th": "Thai",
    "ka": "Georgian", "hy": "Armenian", "bn": "Bengali", "ta": "Tamil", "und": "undetermined",
}
SAMPLE = 2500  # characters looked at: plenty for langdetect on news prose, and a bounded cost per file


@cache
def _factory(candidates: tuple[str, ...]) -> Any:
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    profiles = resources.files("langdetect").joinpath("profiles")
    factory.load_json_profile([profiles.joinpath(code).read_text(encoding="utf-8") for code in candidates])
    factory.set_seed(0)
    return factory


def _langdetect(text: str, candidates: tuple[str, ...]) -> str:
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector = _factory(candidates).create()
        detector.append(text)
        return str(detector.detect())
    except LangDetectException:
        return candidates[0]


def script_counts(text: str) -> tuple[int, int]:
    """Numbers of Cyrillic and Latin letters in ``text``."""
    cyr = lat = 0
    for ch in text:
        if "\u0400" <= ch <= "\u04ff":
            cyr += 1
        elif ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("\u00c0" <= ch <= "\u024f"):
            lat += 1
    return cyr, lat


def _other_script(text: str) -> tuple[int, str]:
    """Letters of ``text`` in neither Cyrillic nor Latin, and the language of their main script."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha() and not ("\u0400" <= ch <= "\u04ff" or ch <= "\u024f"):
            name = unicodedata.name(ch, "")
            script = name.split(" ", 1)[0] if name else ""
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return 0, "und"
    main = max(sorted(counts), key=lambda s: counts[s])
    return sum(counts.values()), _SCRIPTS.get(main, "und")


def sample_of(text: str, size: int = SAMPLE) -> str:
    """Up to ``size`` characters of ``text`` to judge its language by: the start, or when the start
    has few letters (a megabyte of digits or spaces before the words), windows spread evenly over
    the text up to its end, the ones with letters. Never more than 64 windows are looked at."""
    head = _URL.sub(" ", text[:size])
    if len(text) <= size or sum(1 for ch in head if ch.isalpha()) >= size // 10:
        return head
    parts = [head]
    have = sum(1 for ch in head if ch.isalpha())
    last = len(text) - size
    count = min(64, last // size + 1)
    for k in range(1, count + 1):
        pos = last * k // count
        window = _URL.sub(" ", text[pos : pos + size])
        letters = sum(1 for ch in window if ch.isalpha())
        if letters:
            parts.append(window)
            have += letters
        if have >= size // 2:
            break
    return " ".join(parts)[: size * 2]


def detect(text: str) -> str:
    """ISO code of the article's language (``und`` when there are no letters to judge)."""
    sample = sample_of(text)
    cyr, lat = script_counts(sample)
    other, other_lang = _other_script(sample)
    if other > cyr + lat:
        return other_lang if other >= 20 else "und"
    if cyr + lat < 20:
        return "und"
    if cyr >= lat:
        return _cyrillic(sample, cyr)
    return _langdetect(sample, _LATIN_CANDIDATES)


def _cyrillic(sample: str, cyr: int) -> str:
    def count(letters: frozenset[str]) -> int:
        return sum(1 for ch in sample if ch in letters)

    russian = count(_RUSSIAN_ONLY)
    if count(_KAZAKH) >= 3:
        return "kk"
    if count(_BELARUSIAN) >= 2:
        return "be"
    if count(_UKRAINIAN) >= 3 and russian < count(_UKRAINIAN):
        return "uk"
    if count(_MACEDONIAN) >= 2 and russian == 0:
        return "mk"
    if count(_SERBIAN) + count(_SOUTH_SLAVIC) >= 2 and russian == 0:
        return "sr"
    # ы and э are common in Russian (~2% of letters) and absent from Bulgarian and Macedonian.
    if russian >= max(2, cyr // 400):
        return "ru"
    return _langdetect(sample, _CYRILLIC_CANDIDATES)
