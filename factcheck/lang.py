"""Stage 2: language of an article. Adapter around langdetect, plus cheap script checks.

The script (Cyrillic, Latin or another) is counted first; letters only some Cyrillic languages
have decide between them (ы/э: Russian, і/ї/є/ґ: Ukrainian, ў: Belarusian, ђ/ћ: Serbian, ѓ/ќ/ѕ:
Macedonian, ә/ғ/қ/ң/ө/ұ/ү/һ: Kazakh); langdetect then chooses only among the languages of that
script, with a fixed seed, so results never vary and only a handful of profiles are loaded (all
55 cost ~0.7 s on first use). Text mostly in another script (Greek, Arabic, Chinese...) is named by
its script, never guessed as English or Russian from a few Latin or Cyrillic words.

langdetect prepares its text one character at a time in Python, and its trials make a method
call per n-gram drawn; the detector used here does the same preparation in bulk, with the n-grams
of each word computed once, and runs the same trials with the same random draws (replayed from the
words its seeded generator gives, made once) and the same float operations, so the probabilities
are langdetect's to the last bit; it stops once the trials left cannot change the language
(tests/test_lang_fast.py and tests/test_lang_fast2.py compare all of it with langdetect's).
"""

from __future__ import annotations

import math
import random
import re
import struct
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from itertools import compress
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
_MARKED = re.compile(  # any of the letters above (_cyrillic counts them)
    "[%s]"
    % "".join(sorted(_UKRAINIAN | _BELARUSIAN | _RUSSIAN_ONLY | _SERBIAN | _MACEDONIAN | _SOUTH_SLAVIC | _KAZAKH))
)


def _letterless(first: int, last: int) -> str:
    """``first-last`` as a regex range when no character in it is a letter (in this Python's Unicode), else ""."""
    return "" if any(chr(code).isalpha() for code in range(first, last + 1)) else f"{chr(first)}-{chr(last)}"


# Dashes, quotes and the like (General Punctuation, U+2000-U+206F) are common in news text, and have
# no letter: finding them only to drop them cost more than the rest of _other_script.
_PUNCTUATION = _letterless(0x2000, 0x206F)
# Neither Latin nor Cyrillic, nor in a block without letters.
_NEITHER = re.compile("[^\x00-\u024f\u0400-\u04ff%s%s]" % (_PUNCTUATION, _letterless(0x2190, 0x2BFF)))
# Each letter of the sets above -> a letter naming its set (_cyrillic counts the names).
_SETS = {
    "r": _RUSSIAN_ONLY, "k": _KAZAKH, "b": _BELARUSIAN, "u": _UKRAINIAN, "m": _MACEDONIAN, "s": _SERBIAN,
    "j": _SOUTH_SLAVIC,
}
_SET_NAMES = str.maketrans({letter: name for name, letters in _SETS.items() for letter in letters})
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
# its range: D0-D3 start U+0400-U+04FF (Cyrillic), C3-C8 U+00C0-U+023F, C9 U+0240-U+027F, CA-CF
# U+0280-U+03FF, D4-DF U+0500-U+07FF, E2 U+2000-U+2FFF, and E0-EF U+0800-U+FFFF, F0-F4 the rest.
# "X" marks the lead bytes of characters _NEITHER finds, "E" those of General Punctuation and more.
_SCRIPT_BYTES = _byte_classes(
    {
        "L": [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC3, 0xC9)], "l": [0xC9], "C": range(0xD0, 0xD4),
        "X": [*range(0xCA, 0xD0), *range(0xD4, 0xE2), *range(0xE3, 0xF8)], ("E" if _PUNCTUATION else "X"): [0xE2],
    }
)
_AFTER_PUNCTUATION = re.compile(b"\xe2(?:[\x82-\xbf]|\x81[\xb0-\xbf])")  # U+2070-U+2FFF
# Bytes that start a letter, whatever follows: ASCII letters and D0, D1 (U+0400-U+047F, all letters).
_CYRILLIC_LETTERS = all(chr(code).isalpha() for code in range(0x400, 0x480))
_LETTER_BYTES = _byte_classes(
    {"a": [*range(0x41, 0x5B), *range(0x61, 0x7B), *((0xD0, 0xD1) if _CYRILLIC_LETTERS else ())]}
)
_LATIN_C9 = re.compile(b"\xc9[\x80-\x8f]")  # U+0240-U+024F, the end of Latin Extended-B
# langdetect's cleaning counts "A" <= ch <= "z" (six signs included) against every character from U+0300 up.
_CLEANING_BYTES = _byte_classes({"A": range(0x41, 0x7B), "N": range(0xCC, 0xF8)})
_WORD_CACHE = 50_000  # words' n-grams kept per candidate set (news vocabulary repeats a lot): ~8 MB
_TWOPI = 2.0 * math.pi  # as random.py has it
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
            grams = self._word_grams().grams
            return [grams[number] for number in self._ngram_numbers()]

        def _word_grams(self) -> _WordGrams:
            known = self.word_lang_prob_map
            grams_of = word_grams.get(id(known))
            if grams_of is None:
                grams_of = word_grams[id(known)] = _WordGrams(known, normalized)
            elif len(grams_of) > _WORD_CACHE:
                grams_of.clear()
            return grams_of

        def _ngram_numbers(self) -> memoryview:
            """The numbers (see ``_WordGrams``) of the n-grams ``Detector._extract_ngrams`` gives, in order."""
            grams_of = self._word_grams()
            # NGram starts afresh after every space, so the n-grams of the text between two spaces
            # depend on that text alone (a word with its punctuation, mostly: it repeats a lot).
            words = self.text.split(" ")
            last = grams_of.pack(words.pop().translate(normalized))
            return memoryview(b"".join([*map(grams_of.__getitem__, words), last])).cast("I")

        def _detect_block(self) -> None:
            self.langprob = self._trials(until_decided=False)

        def language(self) -> str:
            """What ``detect()`` returns, from only as many trials as decide it (see ``_decided``)."""
            ranked = self._sort_probability(self._trials(until_decided=True))
            return str(ranked[0].lang) if ranked else self.UNKNOWN_LANG

        def _trials(self, until_decided: bool) -> list[float]:
            # Detector._detect_block without a method call per n-gram: the same random numbers (read
            # from _Stream), the same float operations in the same order, so the same probabilities
            # to the last bit.
            if self.seed is None or not _stream_is_random():  # seeded from the clock: nothing to replay
                super()._detect_block()
                return list(self.langprob)
            self.cleaning_text()
            numbers = self._ngram_numbers()
            if not numbers:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            stream = _stream(self.seed)
            draws = _Draws(stream, numbers, self._word_grams().vectors)
            n_trial = self.n_trial
            limit = self.ITERATION_LIMIT
            threshold = self.CONV_THRESHOLD
            langprob = [0.0] * len(self.langlist)
            pos = 0  # where the stream is: Detector seeds its generator just before the trials
            spare = None  # random.gauss makes two numbers at a time and keeps the second
            run = _trial8 if len(self.langlist) == 8 else _trial
            start = self._init_probability()  # the trials read it, never change it
            for trial in range(n_trial):
                if spare is None:
                    gauss, spare = stream.gauss_pair(pos)
                    pos += 4
                else:
                    gauss, spare = spare, None
                alpha = self.alpha + (0.0 + gauss * 1.0) * self.ALPHA_WIDTH  # as gauss(0.0, 1.0) returns it
                weight = alpha / self.BASE_FREQ
                prob, j = run(start, weight, draws, draws.first_after(pos), threshold, limit)
                langprob = [sofar + p / n_trial for sofar, p in zip(langprob, prob)]
                pos = draws.positions[j - 1] + 1  # the words read so far
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


class _Stream:
    """The 32-bit words ``random.Random(seed)`` gives one by one, made in bulk and kept: langdetect
    seeds its generator afresh for every text, so every text reads the same words from the start."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self.words: list[int] = []
        self._tops: dict[int, list[int]] = {}

    def _grow(self, size: int) -> None:
        k = max(size - len(self.words), 1024)
        # getrandbits(32 * k) is k words, the first one drawn in the lowest bits.
        self.words += struct.unpack(f"<{k}I", self._rng.getrandbits(32 * k).to_bytes(4 * k, "little"))

    def tops(self, bits: int, size: int) -> list[int]:
        """The first ``bits`` bits of the first ``size`` words (or more): ``getrandbits(bits)`` of each."""
        top = self._tops.setdefault(bits, [])
        if len(top) < size:
            if len(self.words) < size:
                self._grow(size)
            top += [word >> (32 - bits) for word in self.words[len(top) :]]
        return top

    def gauss_pair(self, pos: int) -> tuple[float, float]:
        """The number ``gauss()`` returns and the one it keeps for next time, from the words at ``pos``
        on (random.py's gauss, of two random(), each of two words)."""
        if len(self.words) < pos + 4:
            self._grow(pos + 4)
        a, b, c, d = self.words[pos : pos + 4]
        first = ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0)
        second = ((c >> 5) * 67108864.0 + (d >> 6)) * (1.0 / 9007199254740992.0)
        x2pi = first * _TWOPI
        g2rad = math.sqrt(-2.0 * math.log(1.0 - second))
        return math.cos(x2pi) * g2rad, math.sin(x2pi) * g2rad


@cache
def _stream(seed: int) -> _Stream:
    return _Stream(seed)


class _Draws:
    """What ``random.choice(ngrams)`` gives at each word of a stream: ``getrandbits`` of the count's
    bit length, or nothing when that is not below the count (choice then reads the next word).
    ``positions`` are the words that give an n-gram, ``vectors`` its probabilities in each language
    (``numbers`` are the n-grams, as numbers into ``vectors``)."""

    def __init__(self, stream: _Stream, numbers: Sequence[int], vectors: list[list[float]]) -> None:
        self._stream = stream
        self._numbers = numbers
        self._vectors = vectors
        self._bits = len(numbers).bit_length()
        self._seen = 0
        self.positions: list[int] = []
        self.vectors: list[list[float]] = []

    def more(self, size: int) -> None:
        """Read on until there are at least ``size`` draws."""
        below = len(self._numbers).__gt__
        while len(self.vectors) < size:
            lo = self._seen
            hi = self._seen = lo + max(lo // 2, 128)
            tops = self._stream.tops(self._bits, hi)[lo:hi]
            self.positions += compress(range(lo, hi), map(below, tops))
            self.vectors += map(self._vectors.__getitem__, map(self._numbers.__getitem__, filter(below, tops)))

    def first_after(self, pos: int) -> int:
        """The index of the first draw from the word at ``pos`` on (there is one)."""
        while self._seen <= pos:
            self.more(len(self.vectors) + 1)
        at = bisect_left(self.positions, pos)
        self.more(at + 1)
        return at


@cache
def _stream_is_random() -> bool:
    """Whether ``_Stream`` and ``_Draws`` give what ``random.Random`` gives (``choice`` as
    ``getrandbits`` of the length's bit count, again while too big, and random.py's ``gauss``), as
    CPython 3.11 does; if not, the detector leaves the trials to langdetect."""
    streams = [_Stream(seed) for seed in range(3)]
    for size in (1, 2, 3, 5, 8, 100, 1000, 4097, 9000):  # any count below 2 ** 32 draws alike: a word each
        items = range(size)
        vectors = [[float(i)] for i in items]
        for seed, stream in enumerate(streams):
            draws = _Draws(stream, items, vectors)
            want = random.Random(seed)
            pos, spare = 0, None
            for step in range(40):
                if step % 8 == 0:  # a trial starts (gauss) every few draws
                    if spare is None:
                        got, spare = stream.gauss_pair(pos)
                        pos += 4
                    else:
                        got, spare = spare, None
                    if want.gauss(0.0, 1.0) != 0.0 + got * 1.0:
                        return False
                at = draws.first_after(pos)
                if want.choice(items) != items[int(draws.vectors[at][0])]:
                    return False
                pos = draws.positions[at] + 1
    return True


def _trial(
    prob: list[float], weight: float, draws: _Draws, j: int, threshold: float, limit: int
) -> tuple[list[float], int]:
    """One of langdetect's trials from draw ``j`` on: the probabilities it ends with, normalised, and
    the draw after its last (Detector._detect_block's loop, with ``prob`` from _init_probability).

    langdetect multiplies by the factors of draw 0 and normalises, then of every fifth (5, 10, ...
    1000 at most): the draws between two normalisations are applied in one pass here, each
    probability multiplied by their factors left to right, as the loop one by one did, and
    normalising is fused into that pass: p / total there is the p it would have stored.
    """
    vectors = draws.vectors
    prob = [p * (weight + x) for p, x in zip(prob, vectors[j])]
    j += 1
    done = 0
    while True:
        total = sum(prob)
        # Every p is >= 0 (a product of positive factors): the largest p / total is the largest p
        # divided by total, as the quotient only grows with p, also once rounded.
        if max(prob) / total > threshold or done >= limit:
            return [p / total for p in prob], j
        if j + 5 > len(vectors):
            draws.more(j + 5)
        a, b, c, d, e = vectors[j : j + 5]
        prob = [
            p / total * (weight + xa) * (weight + xb) * (weight + xc) * (weight + xd) * (weight + xe)
            for p, xa, xb, xc, xd, xe in zip(prob, a, b, c, d, e)
        ]
        j += 5
        done += 5


def _trial8(
    prob: list[float], weight: float, draws: _Draws, j: int, threshold: float, limit: int
) -> tuple[list[float], int]:
    """``_trial`` for eight languages (the Latin candidates), each probability a local variable: a
    list and a tuple per language and pass cost as much as the arithmetic (tests/test_lang_fast2.py)."""
    vectors = draws.vectors
    p0, p1, p2, p3, p4, p5, p6, p7 = prob
    x0, x1, x2, x3, x4, x5, x6, x7 = vectors[j]
    p0, p1, p2, p3 = p0 * (weight + x0), p1 * (weight + x1), p2 * (weight + x2), p3 * (weight + x3)
    p4, p5, p6, p7 = p4 * (weight + x4), p5 * (weight + x5), p6 * (weight + x6), p7 * (weight + x7)
    j += 1
    done = 0
    while True:
        total = sum((p0, p1, p2, p3, p4, p5, p6, p7))
        if max(p0, p1, p2, p3, p4, p5, p6, p7) / total > threshold or done >= limit:
            return [p / total for p in (p0, p1, p2, p3, p4, p5, p6, p7)], j
        if j + 5 > len(vectors):
            draws.more(j + 5)
        a, b, c, d, e = vectors[j : j + 5]
        a0, a1, a2, a3, a4, a5, a6, a7 = a
        b0, b1, b2, b3, b4, b5, b6, b7 = b
        c0, c1, c2, c3, c4, c5, c6, c7 = c
        d0, d1, d2, d3, d4, d5, d6, d7 = d
        e0, e1, e2, e3, e4, e5, e6, e7 = e
        p0 = p0 / total * (weight + a0) * (weight + b0) * (weight + c0) * (weight + d0) * (weight + e0)
        p1 = p1 / total * (weight + a1) * (weight + b1) * (weight + c1) * (weight + d1) * (weight + e1)
        p2 = p2 / total * (weight + a2) * (weight + b2) * (weight + c2) * (weight + d2) * (weight + e2)
        p3 = p3 / total * (weight + a3) * (weight + b3) * (weight + c3) * (weight + d3) * (weight + e3)
        p4 = p4 / total * (weight + a4) * (weight + b4) * (weight + c4) * (weight + d4) * (weight + e4)
        p5 = p5 / total * (weight + a5) * (weight + b5) * (weight + c5) * (weight + d5) * (weight + e5)
        p6 = p6 / total * (weight + a6) * (weight + b6) * (weight + c6) * (weight + d6) * (weight + e6)
        p7 = p7 / total * (weight + a7) * (weight + b7) * (weight + c7) * (weight + d7) * (weight + e7)
        j += 5
        done += 5


class _NormalizeTable(dict[int, str]):
    """A ``str.translate`` table applying langdetect's per-character normalisation, filled on demand."""

    def __init__(self, normalize: Any) -> None:
        super().__init__()
        self._normalize = normalize

    def __missing__(self, code: int) -> str:
        out: str = self._normalize(chr(code))
        self[code] = out
        return out


class _WordGrams(dict[str, bytes]):
    """The n-grams of words followed by a space, in one set of profiles, computed on demand.

    Each n-gram of the profiles has a number (``grams[number]`` is the n-gram, ``vectors[number]``
    its probabilities), and a word's n-grams are kept as their numbers in machine ints: the n-grams
    of a text are then joined as bytes, without touching a Python object per n-gram.
    """

    def __init__(self, profiles: dict[str, list[float]], normalized: _NormalizeTable) -> None:
        super().__init__()
        self.grams = list(profiles)
        self.vectors = list(profiles.values())
        self._numbers = {gram: number for number, gram in enumerate(self.grams)}
        self._normalized = normalized

    def __missing__(self, word: str) -> bytes:
        out = self[word] = self.pack(word.translate(self._normalized) + " ")
        return out

    def pack(self, text: str) -> bytes:
        """The numbers of the n-grams of normalised ``text`` from a fresh start, in machine ints."""
        return array("I", _ngrams(text, self._numbers)).tobytes()


def _ngrams(text: str, known: dict[str, int]) -> list[int]:
    """The numbers ``known`` gives the n-grams langdetect's NGram yields for normalised ``text`` from a
    fresh start (after a space), for those it has, in its order: Detector._extract_ngrams over
    NGram.add_char.

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
    return [number for number in map(known.get, found) if number is not None]


def _langdetect(text: str, candidates: tuple[str, ...]) -> str:
    from langdetect.lang_detect_exception import LangDetectException

    try:
        detector = _new_detector(candidates)
        detector.append(text)
        return str(detector.language())
    except LangDetectException:
        return candidates[0]


def _new_detector(candidates: tuple[str, ...]) -> Any:
    """A detector as ``Detector.__init__`` makes it, but copied from one made once: ``__init__`` seeds
    a random.Random from the system each time (11 µs), which only langdetect's own trials would use,
    after seeding it again (the copies share it, one at a time)."""
    template = _template(candidates)
    detector = object.__new__(type(template))
    detector.__dict__.update(template.__dict__)
    return detector


@cache
def _template(candidates: tuple[str, ...]) -> Any:
    return _detector_class()(_factory(candidates))


def script_counts(text: str) -> tuple[int, int]:
    """Numbers of Cyrillic and Latin letters in ``text``."""
    data = text.encode("utf-8", "surrogatepass")
    return _script_counts(data, data.translate(_SCRIPT_BYTES))


def _script_counts(data: bytes, kinds: bytes) -> tuple[int, int]:
    """``script_counts`` of the text in UTF-8 ``data``, ``kinds`` being ``data.translate(_SCRIPT_BYTES)``."""
    latin = kinds.count(b"L")
    if b"l" in kinds:
        latin += len(_LATIN_C9.findall(data))
    return kinds.count(b"C"), latin


def _maybe_other_script(data: bytes, kinds: bytes) -> bool:
    """Whether the text in UTF-8 ``data`` may have a character _NEITHER finds (kinds as in ``_script_counts``)."""
    return b"X" in kinds or b"l" in kinds or (b"E" in kinds and _AFTER_PUNCTUATION.search(data) is not None)


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


def _letters_at_least(text: str, count: int) -> bool:
    """Whether ``_letters(text) >= count``, counting the sure letters in bulk first (enough, mostly)."""
    sure = text.encode("utf-8", "surrogatepass").translate(_LETTER_BYTES).count(b"a")
    return sure >= count or _letters(text) >= count


def sample_of(text: str, size: int = SAMPLE) -> str:
    """Up to ``size`` characters of ``text`` to judge its language by: the start, or when the start
    has few letters (a megabyte of digits or spaces before the words), windows spread evenly over
    the text up to its end, the ones with letters. Never more than 64 windows are looked at."""
    head = _no_urls(text[:size])
    # Letters in the first fifth are a lower bound, and enough in the usual case.
    if len(text) <= size or _letters_at_least(head[: size // 5], size // 10):
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
    data = sample.encode("utf-8", "surrogatepass")
    kinds = data.translate(_SCRIPT_BYTES)
    cyr, lat = _script_counts(data, kinds)
    other, other_lang = _other_script(sample) if _maybe_other_script(data, kinds) else (0, "und")
    if other > cyr + lat:
        return other_lang if other >= 20 else "und"
    if cyr + lat < 20:
        return "und"
    if cyr >= lat:
        return _cyrillic(sample, cyr)
    return _langdetect(sample, _LATIN_CANDIDATES)


def _cyrillic(sample: str, cyr: int) -> str:
    # The marked letters, each as the name of its set (one translate and a count per set).
    marked = "".join(_MARKED.findall(sample)).translate(_SET_NAMES)
    russian = marked.count("r")
    if marked.count("k") >= 3:
        return "kk"
    if marked.count("b") >= 2:
        return "be"
    if marked.count("u") >= 3 and russian < marked.count("u"):
        return "uk"
    if marked.count("m") >= 2 and russian == 0:
        return "mk"
    if marked.count("s") + marked.count("j") >= 2 and russian == 0:
        return "sr"
    # ы and э are common in Russian (~2% of letters) and absent from Bulgarian and Macedonian.
    if russian >= max(2, cyr // 400):
        return "ru"
    return _langdetect(sample, _CYRILLIC_CANDIDATES)
