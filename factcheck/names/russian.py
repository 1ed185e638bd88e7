"""Dictionary forms of Russian words in names, including foreign surnames the dictionary lacks.

pymorphy3 (through ``factcheck.morph``) knows Russian names, and guesses the rest by analogy
with common words: Шольца becomes "шолец" (like отца/отец), Стармер "стармера", Моди "модь".
For a word the dictionary does not know, the ending is read the way a foreign name declines
instead: a consonant-final word is a nominative (Стармер, Вучич), -ом/-ем is the instrumental of
one (Шольцем), -а/-у/-е may belong to a masculine (Шольца, Шольцу) or a feminine name (Кулеба,
Кулебу), -ы/-ой only to a feminine one, and other vowels end indeclinable names (Моди, Фицо).
Where the ending is ambiguous, ``lemma_options`` lists every reading, best first; the clusterer
compares them all, so Шольца finds Шольц and Кулебы finds Кулеба.
"""

from __future__ import annotations

import re
from functools import cache

from factcheck import morph
from factcheck.names.translit import clean

_CONS = "бвгджзклмнпрстфхцчшщ"
_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
# Adjectival surnames and place names: Сырского -> сырский, Залужного -> залужный.
_ADJ_SKY = re.compile(r"(?<=[сц]к)(?:ого|ому|им|ом)$")
_ADJ_SKAYA = re.compile(r"(?<=[сц]к)(?:ой|ую)$")
_ADJ_NY = re.compile(r"(?<=н)(?:ого|ому|ым)$")
# Slavic surnames in -ов/-ев/-ин/-ын: Умеровым -> умеров.
_OV_INSTR = re.compile(r"(?<=[оеё]в|[иы]н)ым$")
_OBLIQUE_M = re.compile(r"(?:ом|ем|ым|им)$")
_MASC = re.compile(rf"(?<=[{_CONS}])(?:ом|ем)$")
_A = re.compile(rf"(?<=[{_CONS}])а$")
_U_E = re.compile(rf"(?<=[{_CONS}])([уе])$")
_IYA = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])(?:ии|ию|ией)$")
_FEM = re.compile(rf"(?<=[{_CONS}])(?:ы|ой)$|(?<=[гкхжшчщ])и$")


def _guess(low: str) -> tuple[str, ...]:
    """Possible dictionary forms of an unknown lowercase word, most likely first."""
    if len(low) < 4:
        return (low,)
    if m := _ADJ_SKY.search(low):
        adj = low[:m.start()] + "ий"
        # -ском is also the instrumental of a town (Покровском).
        return (adj, low[:m.start()]) if m.group() == "ом" else (adj,)
    for pat, ending in ((_ADJ_SKAYA, "ая"), (_ADJ_NY, "ый"), (_OV_INSTR, "")):
        if m := pat.search(low):
            return (low[:m.start()] + ending,)
    if m := _IYA.search(low):
        return (low[:m.start()] + "ия", low)  # Арвении, Арвению, Арвенией (of Арвения)
    if m := _FEM.search(low):
        return (low[:m.start()] + "а", low)  # Кулебы, Кулебой, Ортеги (or indeclinable Такаичи)
    if low[-1] in _CONS + "йь" and not _OBLIQUE_M.search(low):
        return (low,)  # a nominative: Стармер, Вучич, Пашинян
    if m := _MASC.search(low):
        # Шольцем, Байденом; a few names end so in the nominative (Росатом).
        return (low[:m.start()], low)
    if _A.search(low):
        return (low[:-1], low)  # Шольца (of Шольц) or Кулеба
    if m := _U_E.search(low):
        stem = low[:-1]
        # -е also ends indeclinable names (Рютте, Кобахидзе), the likeliest reading of a word alone.
        # -у also ends indeclinable names (Тинубу, Сигэру), read last.
        return (low, stem, stem + "а") if m.group(1) == "е" else (stem, stem + "а", low)
    return (low,)  # indeclinable: Моди, Мелони, Фицо, Хаменеи


def _trusted(low: str) -> bool:
    """Whether the analyser's reading of a word can be used as it is."""
    if morph.is_known(low) or not low.isalpha():
        return True  # dictionary words; hyphenated and odd words go to the analyser as before
    # Only an override gives a reading the Override tag: no need to parse the word (by analogy,
    # the analyser's slowest path) to find out.
    return morph.is_overridden(low)


@cache
def lemma_options(word: str) -> tuple[str, ...]:
    """Possible dictionary forms of a Cyrillic word in a name (lowercase), best first."""
    low = word.lower()
    if _trusted(low):
        return (morph.name_lemma(word),)
    if word.isupper():
        return (low,)  # an acronym (ПДВСА) does not decline in writing
    return _guess(low)


@cache
def guess_options(word: str) -> tuple[str, ...]:
    """Possible dictionary forms of a Cyrillic word read by its ending alone (no analyser)."""
    low = clean(word).lower()
    if word.isupper() or not low.isalpha():
        return ()  # acronyms and hyphenated names: only the analyser's reading
    return _guess(low)


def name_lemma(word: str) -> str:
    """The most likely dictionary form of a Cyrillic word in a name (lowercase)."""
    return lemma_options(word)[0]


def is_guessed(word: str) -> bool:
    """Whether the dictionary does not know this capitalised word: then it is most likely a name."""
    low = word.lower()
    return not _trusted(low)


def has_name_reading(word: str) -> bool:
    """Whether the analyser reads the word as a name, place or organisation (or it is overridden)."""
    r = morph.name_reading(word)
    return r is not None and bool(r.tags & (_NAME_TAGS | {"Override"}))
