"""Stage 2: language of an article. Adapter around langdetect, plus cheap script checks.

The script (Cyrillic, Latin or another) is counted first; letters only some Cyrillic languages
have decide between them (ы/э: Russian, і/ї/є/ґ: Ukrainian, ў: Belarusian, ђ/ћ: Serbian, ѓ/ќ/ѕ:
Macedonian, ә/ғ/қ/ң/ө/ұ/ү/һ: Kazakh); langdetect then chooses only among the languages of that
script, with a fixed seed, so results never vary and only a handful of profiles are loaded (all
55 cost ~0.7 s on first use). Latin-script text in which English function words are a tenth of
the words or more is English without langdetect (data/languages.toml; the other Latin-script
candidates have under 3 % of them). Text mostly in another script (Greek, Arabic, Chinese...) is named by
its script, never guessed as English or Russian from a few Latin or Cyrillic words.

langdetect prepares its text one character at a time in Python, and its trials make a method
call per n-gram drawn; the detector used here does the same preparation in bulk, with the n-grams
of each word computed once, and runs the same trials with the same random draws and the same
float operations, so the probabilities are langdetect's to the last bit; it stops once the trials
left cannot change the language (tests/test_lang_fast.py compares all of it with langdetect's).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import Any, TypeVar

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
_MARKED = re.compile(  # any of the letters above (_cyrillic counts them)
    "[%s]"
    % "".join(sorted(_UKRAINIAN | _BELARUSIAN | _RUSSIAN_ONLY | _SERBIAN | _MACEDONIAN | _SOUTH_SLAVIC | _KAZAKH))
)
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
_SPACE_RUN = re.compile("  +")  # as " {2,}", but the engine skips ahead to two spaces: 4x faster
_ASCII_LETTERISH = re.compile("[A-z]+")  # langdetect's "Latin": "A" <= ch <= "z", six signs included


def _byte_classes(classes: dict[str, Iterable[int]]) -> bytes:
    """A ``bytes.translate`` table turning each byte in one of the ranges into its class letter, others into "."."""
    table = bytearray(b"." * 256)
    for letter, codes in classes.items():
        for code in codes:
            table[code] = ord(letter)
    return bytes(table)


# Characters are counted in their UTF-8 bytes: one translate and a count per class, instead of a
# regex building a string per word. Each character has one lead byte (never 80-BF), which tells
# its range: D0-D3 start U+0400-U+04FF (Cyrillic), C3-C8 U+00C0-U+023F, C9 U+0240-U+027F, and
# CC-F7 every character from U+0300 up.
_SCRIPT_BYTES = _byte_classes(
    {"L": [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC3, 0xC9)], "l": [0xC9], "C": range(0xD0, 0xD4)}
)
_LATIN_C9 = re.compile(b"\xc9[\x80-\x8f]")  # U+0240-U+024F, the end of Latin Extended-B
# langdetect's cleaning counts "A" <= ch <= "z" (six signs included) against every character from U+0300 up.
_CLEANING_BYTES = _byte_classes({"A": range(0x41, 0x7B), "N": range(0xCC, 0xF8)})
_WORD_CACHE = 50_000  # n-gram lists kept per candidate set (news vocabulary repeats a lot): ~15 MB
_T = TypeVar("_T")
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
    """langdetect's Detector with its text preparation done in bulk instead of per character, and
    its trials without a method call per n-gram.

    ``append``, ``cleaning_text`` and ``_extract_ngrams`` give exactly what the originals give (the
    same text and the same n-grams in the same order), and ``_detect_block`` the same probabilities
    (tests/test_lang_fast.py); ``language`` is ``detect`` from only the trials that decide it.
    """
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
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
            kinds = self.text.encode("utf-8", "surrogatepass").translate(_CLEANING_BYTES)
            if kinds.count(b"A") * 2 < kinds.count(b"N"):
                self.text = _ASCII_LETTERISH.sub("", self.text)

        def _extract_ngrams(self) -> list[str]:
            known = self.word_lang_prob_map
            grams_of = word_grams.get(id(known))
            if grams_of is None or len(grams_of) > _WORD_CACHE:
                grams_of = word_grams[id(known)] = _WordGrams(known, normalized)
            # NGram starts afresh after every space, so the n-grams of the text between two spaces
            # depend on that text alone (a word with its punctuation, mostly: it repeats a lot).
            *words, last = self.text.split(" ")
            result: list[str] = []
            for grams in map(grams_of.__getitem__, words):
                result += grams  # twice as fast as list(chain(...)), which cannot size the list ahead
            result += _ngrams(last.translate(normalized), grams_of.known)
            return result

        def _detect_block(self) -> None:
            self.langprob = self._trials(until_decided=False)

        def language(self) -> str:
            """What ``detect()`` returns, from only as many trials as decide it (see ``_decided``)."""
            ranked = self._sort_probability(self._trials(until_decided=True))
            return str(ranked[0].lang) if ranked else self.UNKNOWN_LANG

        def _trials(self, until_decided: bool) -> list[float]:
            # Detector._detect_block without a method call per n-gram: the same random draws, the
            # same float operations in the same order, so the same probabilities to the last bit.
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            draw = _drawer(self.random, ngrams)
            word_probs = self.word_lang_prob_map
            n_trial = self.n_trial
            limit = self.ITERATION_LIMIT
            threshold = self.CONV_THRESHOLD
            langprob = [0.0] * len(self.langlist)
            self.random.seed(self.seed)
            for trial in range(n_trial):
                prob = self._init_probability()
                alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                # langdetect normalises after draw 0, then after every fifth (5, 10, ... 1000 at
                # most): the draws between two normalisations are applied in one pass, each
                # probability multiplied by their factors left to right, as the loop one by one did.
                prob = [p * (weight + x) for p, x in zip(prob, word_probs[draw(1)[0]])]
                done = 0
                while True:
                    total = sum(prob)
                    prob = [p / total for p in prob]
                    # max from 0.0 with ">" is _normalize_prob's "if maxp < p" (NaN included).
                    if max(0.0, *prob) > threshold or done >= limit:
                        break
                    a, b, c, d, e = map(word_probs.__getitem__, draw(5))
                    prob = [
                        p * (weight + xa) * (weight + xb) * (weight + xc) * (weight + xd) * (weight + xe)
                        for p, xa, xb, xc, xd, xe in zip(prob, a, b, c, d, e)
                    ]
                    done += 5
                langprob = [sofar + p / n_trial for sofar, p in zip(langprob, prob)]
                if until_decided and self._decided(langprob, n_trial - trial - 1):
                    break
            return langprob

        def _decided(self, langprob: list[float], trials_left: int) -> bool:
            """Whether the trials left cannot change which language leads ``langprob``.

            A trial adds p / n_trial to each language, p its normalised probability, between 0 and 1:
            the factors it multiplies by are positive, alpha being 0.5 + 0.05 * gauss() and gauss()
            never below -8.6 (random() has 53 bits), and five of them cannot take the sum to 0 (no
            error is skipped either). A lead of more than trials_left / n_trial (and a hair for
            rounding) is kept, and is then above the 0.1 a language needs to be named.
            """
            if self.prior_map is not None or self.alpha <= 9 * self.ALPHA_WIDTH:
                return False
            first, second, *_ = sorted(langprob, reverse=True) + [0.0]
            return first - second > trials_left / self.n_trial + 1e-9

    return FastDetector


def _drawer(rng: Any, items: list[_T]) -> Callable[[int], list[_T]]:
    """A function drawing ``k`` of ``items`` as ``k`` calls of ``rng.choice(items)`` would."""
    if not _same_draws_as_choice():
        return lambda k: [rng.choice(items) for _ in range(k)]
    count = len(items)
    bits = count.bit_length()
    getrandbits = rng.getrandbits

    def draw(k: int) -> list[_T]:
        out: list[_T] = []
        while len(out) < k:
            r = getrandbits(bits)
            if r < count:  # else choice draws again
                out.append(items[r])
        return out

    return draw


@cache
def _same_draws_as_choice() -> bool:
    """Whether ``random.Random.choice`` draws as ``_drawer`` does (``getrandbits`` of the length's bit
    count, again while too big), as CPython 3.11 does; if not, ``_drawer`` calls choice itself."""
    import random

    for seed in range(3):
        for size in (1, 2, 3, 5, 8, 100, 1000, 4097):
            want, got = random.Random(seed), random.Random(seed)
            for _ in range(20):
                r = got.getrandbits(size.bit_length())
                while r >= size:
                    r = got.getrandbits(size.bit_length())
                if want.choice(range(size)) != r:
                    return False
    return True


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

    def __init__(self, profiles: dict[str, Any], normalized: _NormalizeTable) -> None:
        super().__init__()
        # Each n-gram of the profiles as itself: one lookup both tests an n-gram and gives the
        # profile's own copy to keep, however many cached words have it.
        self.known = {gram: gram for gram in profiles}
        self._normalized = normalized

    def __missing__(self, word: str) -> list[str]:
        out = self[word] = _ngrams(word.translate(self._normalized) + " ", self.known)
        return out


def _ngrams(text: str, known: dict[str, str]) -> list[str]:
    """The n-grams langdetect's NGram yields for normalised ``text`` from a fresh start (after a
    space) that are in ``known``, in its order: Detector._extract_ngrams over NGram.add_char.

    NGram keeps the last three characters since the last space, the space included, and yields
    the last one, two and three of them after each character (but a lone space), unless the
    character and the one before are both capitals. A second space in a row yields nothing.
    """
    found: list[str] = []
    add = found.append
    before, prev = "", " "
    for ch in text:
        if prev == " ":  # NGram starts afresh: " " + ch
            if ch != " ":
                add(ch)
                add(prev + ch)
        elif not (ch.isupper() and prev.isupper()):
            if ch != " ":
                add(ch)
            add(prev + ch)
            add(before + prev + ch)
        before, prev = prev, ch
    return [gram for gram in map(known.get, found) if gram is not None]


def _langdetect(text: str, candidates: tuple[str, ...]) -> str:
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector = _detector_class()(_factory(candidates))
        detector.append(text)
        return str(detector.language())
    except LangDetectException:
        return candidates[0]


def script_counts(text: str) -> tuple[int, int]:
    """Numbers of Cyrillic and Latin letters in ``text``."""
    data = text.encode("utf-8", "surrogatepass")
    kinds = data.translate(_SCRIPT_BYTES)
    latin = kinds.count(b"L")
    if b"l" in kinds:
        latin += len(_LATIN_C9.findall(data))
    return kinds.count(b"C"), latin


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
    if _clearly_english(sample):
        return "en"
    return _langdetect(sample, _LATIN_CANDIDATES)


@cache
def _english_function_words() -> frozenset[str]:
    from factcheck.data import load_toml

    return frozenset(load_toml("languages")["en"]["function_words"])


_LOWER_WORD = re.compile(r"[^\W\d_]+")
# English prose has 12-20 % of these words, the other Latin-script languages a few percent at most.
EN_FUNCTION_SHARE = 0.10
EN_MIN_WORDS = 40
EN_MIN_DISTINCT = 5  # so that a few words repeated (a short English quote) do not decide
EN_MAX_ACCENTED = 0.02  # words with a letter outside ASCII: every other candidate has more


def _clearly_english(sample: str) -> bool:
    """Whether a Latin-script sample is English by its function words alone (data/languages.toml):
    at least ``EN_MIN_WORDS`` words, ``EN_FUNCTION_SHARE`` of them function words, of at least
    ``EN_MIN_DISTINCT`` kinds, and hardly any word with a letter outside ASCII (the other
    languages' accents, umlauts and æ/ø/å). langdetect's trials cost more than the rest of the
    stage, and would say English anyway."""
    words = _LOWER_WORD.findall(sample.lower())
    n = len(words)
    if n < EN_MIN_WORDS:
        return False
    common = _english_function_words()
    hits = list(filter(common.__contains__, words))
    if len(hits) < EN_FUNCTION_SHARE * n or len(set(hits)) < EN_MIN_DISTINCT:
        return False
    return n - sum(map(str.isascii, words)) <= EN_MAX_ACCENTED * n  # words with a letter outside ASCII


def _cyrillic(sample: str, cyr: int) -> str:
    marked = Counter(_MARKED.findall(sample))

    def count(letters: frozenset[str]) -> int:
        return sum(marked[letter] for letter in letters)

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
