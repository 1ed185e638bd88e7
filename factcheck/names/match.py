"""Cross-script matching keys and fuzzy comparison (the only module that imports rapidfuzz).

Two kinds of key:

* ``phonetic_key``: one script-independent key per name (transliterate, lowercase, fold similar
  sounds, given names in one spelling from data/given_names.toml). Spellings in one script, and
  names that Russian transliterates letter for letter, are compared on it.
* ``reading_keys``: a Latin-script name is pronounced by the rules of its language, and Russian
  writes what it hears (Trump = Трамп, Guterres = Гутерриш, Steinmeier = Штайнмайер, Kishida =
  Кисида). So a Latin name also gets the keys of its plausible readings (English, German, French,
  Spanish, Portuguese, Italian, Polish, Japanese, Turkish, Ukrainian, Arabic, Chinese, Serbian).
  The clusterer compares them only with keys of Russian names, exactly, and links one Latin name
  to one Russian name at most (names/cluster.py), so two Latin spellings never merge through a
  guessed pronunciation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from factcheck.names.translit import clean, has_cyrillic, strip_accents, to_latin

THRESHOLD = 93.0

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\d+")
# Ordered: longer clusters first. Upper-case placeholders stand for one sound each:
# S = ш, J = ж/дж, C = ц, H = ч, X = х.
_FOLDS = (
    ("shch", "S"), ("sch", "S"), ("sh", "S"),
    ("dzh", "J"), ("dj", "J"), ("zh", "J"),
    ("tsz", "J"),  # Chinese цз (Цзиньпин = Jinping)
    ("ts", "C"), ("tz", "C"), ("cz", "C"),
    ("kh", "X"), ("chr", "kr"), ("ch", "H"), ("ph", "f"), ("th", "t"), ("ck", "k"),
)
# Whether any of the folds applies to a word at all.
_FOLDS_ANY = re.compile("|".join(re.escape(a) for a, _ in _FOLDS))
_SOFT_C = re.compile(r"c(?=[eiy])")
_DOUBLE = re.compile(r"(.)\1+")
# German z after l, n, r at the end of a word is ц (Scholz = Шольц, Merz = Мерц, Lorenz = Лоренц);
# Spanish z after a vowel stays с (Martinez = Мартинес).
_FINAL_TS = re.compile(r"(?<=[lnr])z$")


@lru_cache(maxsize=1 << 16)
def _fold_word(w: str) -> str:
    # English and Dutch oo is a long u: Moody = Муди, not Modi.
    w = w.replace("oo", "u")
    # Each step only where it can change the word: this runs for every new word of an archive.
    if "z" in w:
        w = _FINAL_TS.sub("C", w)
    if _FOLDS_ANY.search(w):
        for a, b in _FOLDS:
            w = w.replace(a, b)
    # Pinyin x is Russian с (Xi = Си); elsewhere x is ks.
    if w.startswith("x"):
        w = "s" + w[1:]
    if "x" in w or "q" in w:
        w = w.replace("x", "ks").replace("qu", "k").replace("q", "k")
    if "c" in w:
        w = _SOFT_C.sub("s", w).replace("c", "k")
    w = w.replace("w", "v").replace("h", "")
    w = w.replace("z", "s").replace("y", "i").replace("j", "i").replace("J", "i")
    if w.endswith("ng"):
        w = w[:-1]
    return _DOUBLE.sub(r"\1", w) if _DOUBLE.search(w) else w  # a sub with a template costs more


@cache
def _given_names() -> dict[str, str]:
    """Any spelling of a given name (lowercase, Latin or Russian) -> its canonical Latin spelling.

    From data/given_names.toml: Michael = Майкл, Stephen = Steven = Стивен.
    """
    from factcheck.data import load_toml

    out: dict[str, str] = {}
    for canonical, forms in load_toml("given_names")["names"].items():
        for f in (canonical, *forms):
            out[strip_accents(clean(f)).lower()] = canonical.lower()
    return out


def _canonical_words(text: str) -> list[str]:
    """Lowercase words of a text, accents stripped, given names in their canonical Latin spelling."""
    given = _given_names()
    words = strip_accents(clean(text)).lower().split()
    return list(map(given.get, words, words))


# Russian е at the start of a word or after a vowel is written ye in Latin (Yeltsin = Ельцин,
# Yermak = Ермак, Tokayev = Токаев).
_RU_YE = re.compile(r"(?:^|(?<=[\s\-аеиоуыэюяьъ]))е")


def _words(text: str) -> list[str]:
    """Lowercase Latin words of a text (transliterated, given names canonical)."""
    low = " ".join(_canonical_words(text))
    if low.isascii():  # to_latin leaves ASCII text as it is
        return list(filter(None, _NON_ALNUM.split(low.replace("'", ""))))
    if has_cyrillic(low):
        low = _RU_YE.sub("йе", low)
    return list(filter(None, _NON_ALNUM.split(to_latin(low).replace("'", ""))))


@cache
def phonetic_key(text: str) -> str:
    """Script-independent matching key: transliterate, lowercase, fold similar sounds."""
    return " ".join(map(_fold_word, _words(text)))


# ----------------------------------------------------------------------------- readings
# Each rule list respells a lowercase, accent-free Latin word the way Russian writes it when the
# word is read by that language's rules. Rules are (pattern, replacement), applied in order.

def _rules(*pairs: tuple[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), r) for p, r in pairs)


_V = "aeiouy"
_C = "bcdfgjklmnpqrstvwxz"
# h sounds as х at the start of a word and between vowels (Hunter = Хантер, Netanyahu =
# Нетаньяху); elsewhere it is silent or part of a digraph (John = Джон, Sarah = Сара).
_H = _rules((r"^h(?=[aeiouy])", "X"), (rf"(?<=[{_V}])h(?=[{_V}])", "X"))

_READINGS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "en": _rules(
        (r"^kn", "n"), (r"^wr", "r"), (r"igh", "ai"), (r"c(?=[eiy])", "s"), (r"ow(?=[aeiu])", "au"),
        # u in a closed syllable is а: Trump = Трамп, Hunter = Хантер, Buckley = Бакли.
        (rf"u(?=[{_C}]{{2}}|[{_C}]$)(?!r)", "a"),
        (r"ee", "i"), (r"ai|ay(?=[^aeiou]|$)", "ei"),
        (rf"^([{_C}]*)[iy](?=[{_C}][{_V}])", r"\1ai"),  # Biden = Байден, Tyson = Тайсон
        (rf"^([{_C}]*)a(?=[{_C}][eiy])", r"\1ei"),  # Jake = Джейк, Haley = Хейли
        (r"^wh?a", "uo"), (r"^wh?(?=[eiy])", "u"),  # Walker = Уокер, William = Уильям
        (r"al(?=[lkt])", "ol"),  # Hall = Холл, Walter
        (rf"(?<![{_V}])[ui]r(?=[{_C}])", "er"),  # Burns = Бёрнс
        (r"ow$", "ou"), (r"ew$", "iu"), (r"ey$", "i"), (r"ie$", "i"),
        (rf"(?<=[{_C}o])e(s?)$", r"\1"),  # silent e: Joe = Джо, Mike = Майк, James = Джеймс
    ),
    "de": _rules(
        (r"^s(?=[tp])", "sh"), (r"tsch", "ch"), (r"(?<![ae])ie", "i"), (r"ei|ai|ey|ay", "ai"), (r"ae", "e"),
        (r"eu|au(?=e)", "oi"), (r"ch", "kh"), (r"^v", "f"), (r"z", "ts"), (rf"(?<=[{_V}])h", ""),
    ),
    "fr": _rules(
        (r"eau|au", "o"), (r"ou", "u"), (r"oi", "ua"), (r"ch", "sh"), (r"^j", "zh"),
        (r"gn", "n"), (r"qu", "k"), (r"ier$", "ie"), (rf"(?<=[{_V}])[stdxz]$", ""),
        (r"(?<=[^aeiou])e$", ""), (r"(?<=[^aeiou])es$", ""),
    ),
    "es": _rules((r"j", "X"), (r"g(?=[ei])", "X"), (r"ll", "i"), (r"^h", "")),
    "pt": _rules(
        (r"lh", "l"), (r"nh", "n"), (r"ao$", "an"), (r"ou", "o"),
        (rf"s(?=[{_C}])", "sh"), (r"es$", "ish"), (r"os$", "ush"), (r"(?<=[aeiu])s$", "sh"),
        (r"o$", "u"), (r"^de$", "di"),
    ),
    "it": _rules(
        (r"ch", "k"), (r"gh", "g"), (r"sc(?=[ei])", "sh"), (r"gi(?=[aou])", "J"), (r"ci(?=[aou])", "H"),
        (r"c(?=[ei])", "H"), (r"g(?=[ei])", "J"), (r"gn", "n"), (r"z", "ts"),
    ),
    "pl": _rules((r"sz", "sh"), (r"cz", "ch"), (r"rz", "zh"), (r"ie", "e"), (r"w", "v")),
    # Russian writes Japanese by Polivanov's system: Kishida = Кисида, Takaichi = Такаити.
    "ja": _rules((r"shi", "si"), (r"chi", "ti"), (r"ji", "dzi"), (r"sh", "s"), (r"ch", "t"), (r"j", "dz")),
    "tr": _rules((r"c(?!h)", "J"),),  # Turkish c is дж: Recep = Реджеп
    "uk": _rules((r"^h", "g"), (r"iv$", "ov"), (r"ivka$", "ovka")),  # Kharkiv = Харьков, Horlivka = Горловка
    "ar": _rules((r"(?<=[aeiou])h$", "kh"), (r"ou", "u")),  # Rafah = Рафах, Masoud = Масуд
    "zh": _rules((r"^q", "ts"), (r"^c(?=[aeiou])", "ts"), (r"^zh", "chzh")),  # Pinyin: Li Qiang = Ли Цян
    "sr": _rules((r"c(?!h)", "ch"),),  # Serbian and Croatian written without marks: Vucic = Вучич
}

# Latin letters whose marks carry a sound that plain accent stripping would lose (Vučić = Вучич).
_MARKED = {"č": "ch", "ć": "ch", "š": "sh", "ś": "sh", "ž": "zh", "ź": "zh", "ż": "zh", "đ": "dj",
           "ñ": "n", "ç": "s", "ã": "an", "õ": "on", "ő": "o", "ű": "u"}


def _base(text: str) -> str:
    """Lowercase Latin text with sound-bearing marks spelt out, other marks stripped."""
    low = clean(text).lower()
    if low.isascii():
        return low
    return strip_accents("".join(_MARKED.get(ch, ch) for ch in low))


_READING_RULES = (None, *_READINGS.values())
# One search per rule list tells whether any of its rules applies to a word at all.
_READING_ANY = tuple(None if rules is None else re.compile("|".join(f"(?:{p.pattern})" for p, _ in rules))
                     for rules in _READING_RULES)


@cache
def _word_readings(w: str) -> tuple[str, ...]:
    """The folded key of one lowercase Latin word under each reading (plain first)."""
    given = _given_names()
    if w in given:
        return (_fold_word(given[w]),) * len(_READING_RULES)  # a known given name has one key
    out = []
    plain: str | None = None  # the key of the word as it is, shared by the readings that leave it so
    for rules, trigger in zip(_READING_RULES, _READING_ANY):
        if rules is None or trigger is None or not trigger.search(w):
            if plain is None:
                plain = _fold_word(_read_h(w))
            out.append(plain)
            continue
        v = w
        for pat, rep in rules:
            v = pat.sub(rep, v)
        out.append(_fold_word(_read_h(v)))
    return tuple(out)


def _read_h(w: str) -> str:
    """``w`` with h read as х where it is sounded (the ``_H`` rules)."""
    if "h" not in w:
        return w
    for pat, rep in _H:
        w = pat.sub(rep, w)
    return w


@cache
def reading_keys(text: str) -> tuple[str, ...]:
    """Keys of the plausible readings of a Latin-script name (for comparing with Cyrillic keys).

    The first is the plain key with h read as х; the others are the readings that differ from it.
    A Cyrillic text gets only its phonetic key.
    """
    if has_cyrillic(text):
        return (phonetic_key(text),)
    words = [_word_readings(w) for w in _NON_ALNUM.split(_base(text).replace("'", "")) if w]
    if not words:
        return ("",)
    # zip(*words): the words' keys under each reading in turn; dict.fromkeys drops repeats in order.
    return tuple(dict.fromkeys(map(" ".join, zip(*words))))


def last_word(key: str) -> str:
    """The last word of a key (the key itself if it has none): the clusterer only compares
    readings with keys that end in the same word."""
    words = key.split()
    return words[-1] if words else key


def reading_keys_ending(text: str, lasts: set[str]) -> tuple[str, ...]:
    """The ``reading_keys`` of ``text`` whose ``last_word`` is in ``lasts``, in their order.

    Only the last word's readings are worked out when none of them is in ``lasts``: most Latin
    names of an archive have no Russian twin, and their other words need no readings then.
    """
    if not has_cyrillic(text):
        words = [w for w in _NON_ALNUM.split(_base(text).replace("'", "")) if w]
        if words:
            ends = _word_readings(words[-1])
            # A reading that folds the last word away ends in an earlier word: check it in full.
            if all(ends) and lasts.isdisjoint(ends):
                return ()
    return tuple(k for k in reading_keys(text) if last_word(k) in lasts)


@lru_cache(maxsize=1 << 16)
def digits(text: str) -> tuple[str, ...]:
    """The digit sequences of a text, in order (for the digit guard)."""
    return tuple(_DIGITS.findall(text))


def keys_match(a: str, b: str) -> bool:
    """Whether two phonetic keys name the same thing: same digits and ratio ≥ THRESHOLD."""
    if a == b:
        return True
    if digits(a) != digits(b):
        return False
    return fuzz.ratio(a, b, score_cutoff=THRESHOLD) >= THRESHOLD


def matching_keys(key: str, candidates: Sequence[str]) -> list[int]:
    """Indices, in order, of the ``candidates`` that ``keys_match(key, candidate)`` accepts; the
    similarity of them all is computed in one call into rapidfuzz (a Python loop over a large
    archive's names was most of the time of clustering them)."""
    hits = process.extract(key, candidates, scorer=fuzz.ratio, processor=None, score_cutoff=THRESHOLD, limit=None)
    if not hits:
        return []
    want = digits(key)
    return sorted(i for c, _, i in hits if c == key or digits(c) == want)


@cache
def longest_match(length: int) -> int:
    """The longest key length ``could_match`` accepts next to a key of ``length``."""
    other = length
    while could_match(length, other + 1):
        other += 1
    return other


def could_match(la: int, lb: int) -> bool:
    """Cheap length filter: keys this different in length can never reach the threshold."""
    return 2 * min(la, lb) * 100 >= THRESHOLD * (la + lb)


@cache
def same_length_could_match(length: int) -> bool:
    """Whether two different keys of this length can reach the threshold: they are at least two
    Indel edits apart (one out, one in), so their ratio is at most 100 * (1 - 2 / (2 * length))."""
    return 100 * (length - 1) >= THRESHOLD * length
