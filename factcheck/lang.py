"""Stage 2: language of an article. Adapter around langdetect, plus cheap script checks.

The script (Cyrillic or Latin) is counted first; langdetect then chooses only among the
languages of that script, with a fixed seed, so results never vary and only a handful of
profiles are loaded (all 55 cost ~0.7 s on first use).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

SUPPORTED = ("en", "ru")
_LATIN_CANDIDATES = ("en", "es", "de", "fr", "it", "pt", "nl", "pl")
_CYRILLIC_CANDIDATES = ("ru", "uk", "bg", "mk")
_UKRAINIAN = frozenset("іїєґІЇЄҐ")
_BELARUSIAN = frozenset("ўЎ")
_URL = re.compile(r"https?://\S+|www\.\S+")
LANG_NAMES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "bg": "Bulgarian",
    "mk": "Macedonian", "es": "Spanish", "de": "German", "fr": "French", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "und": "undetermined",
}


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


def detect(text: str) -> str:
    """ISO code of the article's language (``und`` when there are no letters to judge)."""
    sample = _URL.sub(" ", text[:6000])
    cyr, lat = script_counts(sample)
    if cyr + lat < 20:
        return "und"
    if cyr >= lat:
        if sum(ch in _BELARUSIAN for ch in sample) >= 2:
            return "be"
        if sum(ch in _UKRAINIAN for ch in sample) >= 3:
            return "uk"
        return _langdetect(sample, _CYRILLIC_CANDIDATES)
    return _langdetect(sample, _LATIN_CANDIDATES)
