"""The clusterer's lazy readings give exactly the keys they replace, less the idle ones.

``_forms`` used to give every Latin name the keys of all its readings; now it keeps only the
readings whose last word is the last word of some Russian key (a Russian group's own, another
reading of a Russian word, a Russian alias), and works out the other words' readings only for
those. A reading is only ever compared with such a key ending in the same word, so the others
could link nothing. The old ``_forms`` is kept below as the oracle: each group's keys must be
its keys minus exactly those readings, in the same order. ``translit.to_latin`` transliterates by
a table instead of a loop, and ``strip_accents`` skips texts with no accented letter: both are
compared with their loops as they were.
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Sequence
from functools import cache
from importlib import import_module

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.model import Mention
from factcheck.names import match
from factcheck.names.match import last_word, reading_keys, reading_keys_ending
from factcheck.names.recognize import alias_norm, bundled_aliases, surface_options
from factcheck.names.translit import _CYR, _LATIN_EXTRA, clean, has_cyrillic, is_cyrillic, strip_accents, to_latin

# These compare with the code they replaced by patching the modules: pure Python only (conftest.py).
pytestmark = pytest.mark.pure

C = import_module("factcheck.names.cluster")

# ----------------------------------------------------------------------------- the oracle
# names/cluster.py's _forms as it was.


def old_forms(g: object, readings: bool = True) -> list[tuple[str, str]]:
    out = [("P", g.key[1])]  # type: ignore[attr-defined]
    seen = {g.key[1]}  # type: ignore[attr-defined]
    latin: list[str] = []
    if readings and g.latin:  # type: ignore[attr-defined]
        latin = sorted({C._display(C._strip_the(t)) for _, _, t in g.spellings if not has_cyrillic(t)})  # type: ignore[attr-defined]
    for surface in latin[:C._MAX_SURFACES]:
        for k in reading_keys(surface):
            if k not in seen:
                seen.add(k)
                out.append(("L", k))
    russian = sorted({(n, t) for _, n, t in g.spellings if has_cyrillic(t)}) if g.cyr else []  # type: ignore[attr-defined]
    for norm, text in russian[:C._MAX_SURFACES]:
        for alt in surface_options(norm, text)[1:]:
            k = C._phonetic_key(alt)
            if k not in seen:
                seen.add(k)
                out.append(("R", k))
    return out


def old_strip_accents(text: str) -> str:
    """names/translit.py's strip_accents as it was."""
    if text.isascii():
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


def old_to_latin(text: str) -> str:
    """names/translit.py's to_latin as it was."""
    out = []
    for ch in clean(text):
        low = ch.lower()
        if low in _CYR:
            lat = _CYR[low]
            out.append(lat.capitalize() if ch != low else lat)
        else:
            out.append(ch)
    return old_strip_accents("".join(out))


def old_words(text: str) -> list[str]:
    """names/match.py's _words as it was."""
    given = match._given_names()
    low = " ".join(given.get(w, w) for w in old_strip_accents(clean(text)).lower().split())
    if low.isascii():
        return list(filter(None, match._NON_ALNUM.split(low.replace("'", ""))))
    if has_cyrillic(low):
        low = match._RU_YE.sub("йе", low)
    return list(filter(None, match._NON_ALNUM.split(old_to_latin(low).replace("'", ""))))


def _all_russian_keys(g: object) -> list[str]:
    """Every key of another reading of the group's Russian forms, before repeats are dropped."""
    russian = sorted({(n, t) for _, n, t in g.spellings if has_cyrillic(t)})  # type: ignore[attr-defined]
    return [C._phonetic_key(alt) for norm, text in russian[:C._MAX_SURFACES]
            for alt in surface_options(norm, text)[1:]]


# ----------------------------------------------------------------------------- inputs

_CRAFTED = [  # (text, norm, kind): names in both scripts, inflected, shortened, misspelt
    ("Olaf Scholz", "olaf scholz", "person"), ("Scholz", "scholz", "person"),
    ("Олаф Шольц", "олаф шольц", "person"), ("Шольца", "шольц", "person"), ("Шольцем", "шольцем", "person"),
    ("Donald Trump", "donald trump", "person"), ("Trump", "trump", "person"), ("Трамп", "трамп", "person"),
    ("Трампа", "трамп", "person"), ("António Guterres", "antonio guterres", "person"),
    ("Гутерриш", "гутерриш", "person"), ("Guterres", "guterres", "person"),
    ("Luiz Inácio Lula da Silva", "luiz inacio lula da silva", "person"),
    ("Луис Инасиу Лула да Силва", "луис инасиу лула да силва", "person"), ("Lula da Silva", "lula da silva", "person"),
    ("Кулебы", "кулеба", "person"), ("Kuleba", "kuleba", "person"), ("Бигок", "бигок", "person"),
    ("Bigok", "bigok", "person"), ("Begok", "begok", "person"), ("Kharkiv", "kharkiv", "place"),
    ("Харьков", "харьков", "place"), ("Xi Jinping", "xi jinping", "person"), ("Си Цзиньпин", "си цзиньпин", "person"),
    ("Moody", "moody", "person"), ("Муди", "муди", "person"), ("Merz", "merz", "person"), ("Мерц", "мерц", "person"),
    ("Kishida", "kishida", "person"), ("Кисида", "кисида", "person"), ("Steinmeier", "steinmeier", "person"),
    ("Штайнмайер", "штайнмайер", "person"), ("Vučić", "vucic", "person"), ("Вучича", "вучич", "person"),
    ("Recep Erdogan", "recep erdogan", "person"), ("Реджеп Эрдоган", "реджеп эрдоган", "person"),
    ("Hunter Biden", "hunter biden", "person"), ("Хантер Байден", "хантер байден", "person"),
    ("Jake Sullivan", "jake sullivan", "person"), ("Джейк Салливан", "джейк салливан", "person"),
    ("John H", "john h", "person"), ("Джон", "джон", "person"), ("Ah", "ah", "other"),
    ("Hartum H", "hartum h", "place"), ("Hartum", "hartum", "place"),  # read as Хартум, an alias of Khartoum
    ("Airbus", "airbus", "org"), ("Эйрбас", "эйрбас", "org"),
    # Капотов is also read as a surname's own form (капотов), the last word of Kapotov read as German.
    ("Dozir Kapotov", "dozir kapotov", "person"), ("Дозир Капотов", "дозир капот", "person"),
    ("Reuters", "reuters", "media"), ("Рейтер", "рейтер", "media"), ("Ёлкин", "елкин", "person"),
    ("Yolkin", "yolkin", "person"), ("Ельцин", "ельцин", "person"), ("Yeltsin", "yeltsin", "person"),
]


@cache
def _pool() -> list[tuple[str, str, str]]:
    """Spellings to build archives from: the crafted ones and some bundled aliases."""
    rnd = random.Random(5)
    entries = list(bundled_aliases())
    picked = rnd.sample(entries, min(60, len(entries)))
    aliases = [(a, alias_norm(a), e.kind) for e in picked for a in (e.name, *e.aliases)]
    return list(dict.fromkeys([*_CRAFTED, *aliases]))


@st.composite
def _archives(draw: st.DrawFn) -> list[Mention]:
    pool = _pool()
    picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=40))
    return [Mention(f"S{n % 5}", 10 * n, 10 * n + len(pool[i][0]), pool[i][0], pool[i][2], pool[i][1])
            for n, i in enumerate(picks)]


def _forms_seen(mentions: Sequence[Mention]) -> list[tuple[object, list[tuple[str, str]]]]:
    """Each phonetic-key group ``cluster_spellings`` made and the keys ``_forms`` gave it."""
    seen: list[tuple[object, list[tuple[str, str]]]] = []
    real = C._forms

    def spy(g: object, *args: object) -> list[tuple[str, str]]:
        out = real(g, *args)
        seen.append((g, out))
        return out

    C._forms = spy
    try:
        C.cluster_spellings(mentions)
    finally:
        C._forms = real
    return seen


def _check(mentions: Sequence[Mention]) -> None:
    seen = _forms_seen(mentions)
    groups = [g for g, _ in seen]
    any_cyrillic = any(has_cyrillic(m.text) for m in mentions)
    # Worked out here from the old keys: the last words a reading must end in to be kept.
    lasts = {last_word(g.key[1]) for g in groups if g.cyr}  # type: ignore[attr-defined]
    lasts |= {last_word(k) for g in groups if g.cyr for k in _all_russian_keys(g)}  # type: ignore[attr-defined]
    lasts |= {last_word(k) for k in C._reading_aliases(C._index(None))[1]}
    for g, got in seen:
        want = [(r, k) for r, k in old_forms(g, any_cyrillic) if r != "L" or last_word(k) in lasts]
        assert got == want, g.key  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- tests


def test_crafted_names_keep_their_useful_readings() -> None:
    mentions = [Mention("S1", 10 * n, 10 * n + len(t), t, k, nm) for n, (t, nm, k) in enumerate(_CRAFTED)]
    _check(mentions)
    forms = {g.key[1]: f for g, f in _forms_seen(mentions)}  # type: ignore[attr-defined]
    assert ("L", "tramp") in forms["trump"]  # Trump read as English is Трамп
    assert not any(r == "L" for r, _ in forms["bigok"])  # no Russian key ends in its readings' words


def test_latin_only_archives_get_no_readings() -> None:
    mentions = [Mention("S1", 10 * n, 10 * n + len(t), t, k, nm)
                for n, (t, nm, k) in enumerate(_CRAFTED) if not has_cyrillic(t)]
    for g, forms in _forms_seen(mentions):
        assert forms == [("P", g.key[1])]  # type: ignore[attr-defined]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_archives())
def test_generated_archives_keep_the_old_keys_but_idle_readings(mentions: list[Mention]) -> None:
    _check(mentions)


_TEXT = st.text(alphabet="abcdeghijklmnopqrstuvwxyzABCHSZ čćšžñçãõőűéöüßøłđ'’-. 0123456789"
                         "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАЕЁЛШіїєґў\u0301", max_size=24)


@settings(max_examples=80, deadline=None)
@given(_TEXT, st.lists(_TEXT, max_size=4))
def test_readings_ending_in_some_words(text: str, others: list[str]) -> None:
    lasts = {last_word(k) for o in others for k in reading_keys(o)}
    lasts |= {last_word(k) for k in reading_keys(text)[1::2]}
    want = tuple(k for k in reading_keys(text) if last_word(k) in lasts)
    assert reading_keys_ending(text, lasts) == want


def test_readings_never_hold_a_space() -> None:
    """The last word of a reading is the last word's reading (checked before the others)."""
    assert all(v.isalnum() for v in match._given_names().values())
    for rules in match._READINGS.values():
        assert not any(any(c.isspace() for c in rep) for _, rep in rules)
    assert not any(any(c.isspace() for c in rep) for _, rep in match._FOLDS)


@settings(max_examples=80, deadline=None)
@given(_TEXT)
def test_transliteration_as_before(text: str) -> None:
    assert to_latin(text) == old_to_latin(text)
    assert strip_accents(text) == old_strip_accents(text)


def test_latin_table_covers_every_character_to_latin_changes() -> None:
    """Outside the table's range no character's lowercase is a Cyrillic letter to_latin knows."""
    missing = [c for c in range(sys.maxunicode + 1) if not 0x400 <= c < 0x530 and chr(c).lower() in _CYR]
    assert missing == []
    for c in range(0x400, 0x530):
        assert to_latin(chr(c)) == old_to_latin(chr(c)), hex(c)


@pytest.mark.parametrize("text", ["Ёлкин Пётр", "Е. Ельцина", "Шольц-Майер", "Łukasz Żółć", "Ǆoković Ǉ",
                                  "İstanbul Şahin", "Нью-Йорк Таймс", "Ѣ Ѳ Ї", "ﬁnn ǅ", "Михаил Сергеевич"])
def test_words_as_before_on_odd_letters(text: str) -> None:
    assert match._words(text) == old_words(text)
    assert to_latin(text) == old_to_latin(text)


@settings(max_examples=80, deadline=None)
@given(_TEXT)
def test_words_as_before(text: str) -> None:
    assert match._words(text) == old_words(text)
