"""Stage 2: language of an article. Adapter around langdetect, plus cheap script checks.

The script (Cyrillic, Latin or another) is counted first; letters only some Cyrillic languages
have decide between them (ы/э: Russian, і/ї/є/ґ: Ukrainian, ў: Belarusian, ђ/ћ: Serbian, ѓ/ќ/ѕ:
Macedonian, ә/ғ/қ/ң/ө/ұ/ү/һ: Kazakh); langdetect then chooses only among the languages of that
script, with a fixed seed, so results never vary and only a handful of profiles are loaded (all
55 cost ~0.7 s on first use). Text mostly in another script (Greek, Arabic, Chinese...) is named by
its script, never guessed as English or Russian from a few Latin or Cyrillic words.

langdetect prepares its text one character at a time in Python (most of its cost); the detector
used here does the same preparation in bulk, with the n-grams of each word computed once, and
gives langdetect's trials exactly the input they would have had (tests/test_lang_fast.py).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from itertools import chain
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
_CYRILLIC = re.compile("[\u0400-\u04ff]+")
_LATIN = re.compile("[a-zA-Z\u00c0-\u024f]+")
_NEITHER = re.compile("[^\x00-\u024f\u0400-\u04ff]")
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
_SPACE_RUN = re.compile(" {2,}")
_ASCII_LETTERISH = re.compile("[A-z]+")  # langdetect's "Latin": "A" <= ch <= "z", six signs included
_FROM_U0300 = re.compile("[^\x00-\u02ff]+")  # every character from U+0300 up
_WORD_CACHE = 50_000  # n-gram lists kept per candidate set (news vocabulary repeats a lot): ~15 MB
SAMPLE = 2500  # characters looked at: plenty for langdetect on news prose, and a bounded cost per file


@cache
def _factory(candidates: tuple[str, ...]) -> Any:
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    profiles = resources.files("langdetect").joinpath("profiles")
    factory.load_json_profile([profiles.joinpath(code).read_text(encoding="utf-8") for code in candidates])
    factory.set_seed(0)
    return factory


@cache
def _detector_class() -> type:
    """langdetect's Detector with its text preparation done in bulk instead of per character.

    Only ``append``, ``cleaning_text`` and ``_extract_ngrams`` are replaced, each giving exactly what
    the original gives (the same text and the same n-grams in the same order, tests/test_lang_fast.py),
    so the seeded random trials that decide the language, which stay langdetect's, see the same input.
    """
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram

    normalized = _NormalizeTable(NGram.normalize)
    word_grams: dict[int, _WordGrams] = {}

    class FastDetector(Detector):  # type: ignore[misc]
        def append(self, text: str) -> None:
            # Each rewrite is skipped when the text lacks what it needs to match: the same text comes out.
            if "://" in text:
                text = self.URL_RE.sub(" ", text)
            if "@" in text:
                text = self.MAIL_RE.sub(" ", text)
            if any(mark in text for mark in NGram.DMARK_CLASS):
                text = NGram.normalize_vi(text)
            text = text[: self.max_text_length]
            self.text += _SPACE_RUN.sub(" ", text) if "  " in text else text

        def cleaning_text(self) -> None:
            # langdetect compares unicode_block()'s number with a block name, so every character from
            # U+0300 up counts as non-Latin; kept as is, the result must not change.
            non_latin = _count(_FROM_U0300, self.text)
            if non_latin and not _has_at_least(_ASCII_LETTERISH, self.text, (non_latin + 1) // 2):
                self.text = _ASCII_LETTERISH.sub("", self.text)

        def _extract_ngrams(self) -> list[str]:
            known = self.word_lang_prob_map
            grams_of = word_grams.get(id(known))
            if grams_of is None or len(grams_of) > _WORD_CACHE:
                grams_of = word_grams[id(known)] = _WordGrams(known, normalized)
            # NGram starts afresh after every space, so the n-grams of the text between two spaces
            # depend on that text alone (a word with its punctuation, mostly: it repeats a lot).
            *words, last = self.text.split(" ")
            result = list(chain.from_iterable(map(grams_of.__getitem__, words)))
            result += _ngrams(last.translate(normalized), known)
            return result

    return FastDetector


class _NormalizeTable(dict[int, str]):
    """A ``str.translate`` table applying langdetect's per-character normalisation, filled on demand."""

    def __init__(self, normalize: Any) -> None:
        super().__init__()
        self._normalize = normalize

    def __missing__(self, code: int) -> str:
        out: str = self._normalize(chr(code))
        self[code] = out
        return out


class _WordGrams(dict[str, list[str]]):
    """The n-grams of words followed by a space, in one set of profiles, computed on demand."""

    def __init__(self, known: dict[str, Any], normalized: _NormalizeTable) -> None:
        super().__init__()
        self._known = known
        self._normalized = normalized

    def __missing__(self, word: str) -> list[str]:
        out = self[word] = _ngrams(word.translate(self._normalized) + " ", self._known)
        return out


def _ngrams(word: str, known: dict[str, Any]) -> list[str]:
    """The n-grams langdetect's NGram yields for normalised text from a fresh start (after a space)
    that are in its profiles. A transcription of NGram.add_char and Detector._extract_ngrams."""
    out: list[str] = []
    grams = " "
    capital = False
    for ch in word:
        last = grams[-1]
        if last == " ":
            grams = " "
            capital = False
            if ch == " ":
                continue
        elif len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        for n in range(1, min(3, len(grams)) + 1):
            gram = grams[-n:]
            if gram != " " and gram in known:
                out.append(sys.intern(gram))  # one copy of each, however many cached words have it
    return out


def _langdetect(text: str, candidates: tuple[str, ...]) -> str:
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector = _detector_class()(_factory(candidates))
        detector.append(text)
        return str(detector.detect())
    except LangDetectException:
        return candidates[0]


def script_counts(text: str) -> tuple[int, int]:
    """Numbers of Cyrillic and Latin letters in ``text``."""
    return _count(_CYRILLIC, text), _count(_LATIN, text)


def _count(runs: re.Pattern[str], text: str) -> int:
    """Number of characters of ``text`` in ``runs``, a pattern matching runs of them."""
    return sum(map(len, runs.findall(text)))


def _has_at_least(runs: re.Pattern[str], text: str, n: int) -> bool:
    """Whether ``text`` has at least ``n`` characters in ``runs``; counting stops there."""
    total = 0
    for m in runs.finditer(text):
        total += m.end() - m.start()
        if total >= n:
            return True
    return total >= n


def _other_script(text: str) -> tuple[int, str]:
    """Letters of ``text`` in neither Cyrillic nor Latin, and the language of their main script."""
    counts: dict[str, int] = {}
    for ch in _NEITHER.findall(text):
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = name.split(" ", 1)[0] if name else ""
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return 0, "und"
    main = max(sorted(counts), key=lambda s: counts[s])
    return sum(counts.values()), _SCRIPTS.get(main, "und")


def _no_urls(text: str) -> str:
    return _URL.sub(" ", text) if "://" in text or "www." in text else text


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def sample_of(text: str, size: int = SAMPLE) -> str:
    """Up to ``size`` characters of ``text`` to judge its language by: the start, or when the start
    has few letters (a megabyte of digits or spaces before the words), windows spread evenly over
    the text up to its end, the ones with letters. Never more than 64 windows are looked at."""
    head = _no_urls(text[:size])
    # Letters in the first fifth are a lower bound, and enough in the usual case.
    if len(text) <= size or _letters(head[: size // 5]) >= size // 10:
        return head
    have = _letters(head)
    if have >= size // 10:
        return head
    parts = [head]
    last = len(text) - size
    count = min(64, last // size + 1)
    for k in range(1, count + 1):
        pos = last * k // count
        window = _no_urls(text[pos : pos + size])
        letters = _letters(window)
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
        return sum(map(sample.count, letters))

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
