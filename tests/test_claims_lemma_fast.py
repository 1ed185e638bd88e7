"""``morph.lemma`` reads only the first parse pymorphy3 would give (``morph._top_normal_form``):
the same lemma as the code before, which built every parse.

The oracle below is that code, uncached. It is compared with the fast path on every word of the
fixtures and of the claim tests, on the words of the lexicons, on words the analyser guesses in
each of its ways (names, known and unknown prefixes, suffixes, hyphens, initials, Latin, Roman
numerals, ё) and on generated words.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_claims_speed_equivalence import TEXTS

from factcheck import morph
from factcheck.claims import lexicon


def plain_lemma(word: str) -> str:
    """``morph.lemma`` as it was: the normal form of the first of all of pymorphy3's parses."""
    try:
        parses = morph._analyzer().parse(word)
    except ValueError:
        return word.lower()
    return parses[0].normal_form.replace("ё", "е") if parses else word.lower()


fast_lemma = morph.lemma.__wrapped__  # uncached

_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\w+")

# One or more words of each way pymorphy3 reads a word, and some it reads in none.
_KINDS = [
    "кошка", "кошки", "всё", "все", "Всё", "ёлка", "елка", "Артём", "шёл", "людей", "лучше",  # dictionary, ё
    "В", "Я", "А", "Ё", "Ж", "ь",  # initials next to one-letter words
    "псевдокошка", "авиаудары", "антитеррор", "Гиперзвуковые",  # known prefixes
    "байткод", "Тимамов", "Кекораро", "Бипоком", "Сасад",  # unknown prefixes
    "бутявкать", "Китеденко", "Гетепеско", "Пулоке", "Зотском", "ДАДИН", "САРОВО",  # suffixes
    "из-за", "кто-то", "по-русски", "Санкт-Петербург", "Ил-76", "ракета-носитель", "северо-восток",  # hyphens
    "iPhone", "XIV", "MMXX", "Moscow", "mixедword", "Ilюшин", "123", "12ый", "_", "",  # shapes
    "Мадуро", "Рябков", "Киньонес", "Стори", "Шойгу", "Зеленский",  # names the analyser misreads
    "ну", "бпла", "рлс", "сво", "мчс", "\u0301ударил", "уда\u0301рил", "ＡＢＣ", "Ǆemal", "𗀀",
]


def _lexicon_words() -> set[str]:
    """Every word of the Russian and English lexicon phrases."""
    out: set[str] = set()
    for name, section in (("events", "event"), ("concepts", "concept"), ("attributes", "attribute")):
        data = lexicon.load_toml(name)[section]
        for entry in data.values():
            for phrase in (*entry.get("ru", []), *entry.get("en", [])):
                out.update(phrase.split())
    return out


def _words() -> list[str]:
    words = set(_KINDS) | _lexicon_words()
    for text in TEXTS:
        words.update(_WORDS.findall(text))
    # The same words lowercased, capitalised and in capitals, as a text writes them.
    return sorted(words | {f(w) for w in words for f in (str.lower, str.capitalize, str.upper)})


def test_lemma_equals_the_first_parse_on_known_words() -> None:
    words = _words()
    assert len(words) > 1000
    assert [fast_lemma(w) for w in words] == [plain_lemma(w) for w in words]


@pytest.mark.parametrize("word", _KINDS)
def test_lemma_of_each_kind_of_word(word: str) -> None:
    assert fast_lemma(word) == plain_lemma(word)


_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИКЛМНОПРСТУЯ"
_PIECES = ["по", "наи", "пере", "анти", "авиа", "ов", "ами", "ский", "ая", "ого", "енко", "-", "то", "ё"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([*_LETTERS, *_PIECES, "a", "x", "I", "1"]), min_size=1, max_size=9))
def test_lemma_equals_the_first_parse_on_generated_words(parts: list[str]) -> None:
    word = "".join(parts)
    for w in (word, word.capitalize(), word.upper()):
        assert fast_lemma(w) == plain_lemma(w)


def test_lemma_is_cached_and_public_results_unchanged() -> None:
    assert morph.lemma("Тимамов") == plain_lemma("Тимамов")
    assert morph.lemma("кошками") == "кошка"
    assert morph.readings("кошками")[0].lemma == morph.lemma("кошками")


def test_an_analyser_built_otherwise_takes_every_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where pymorphy3's units are not as this reading expects (another major version), ``lemma``
    falls back to the first of all the parses: the same lemmas."""
    monkeypatch.setattr(morph, "_lemma_units", lambda: None)
    for word in _KINDS:
        assert fast_lemma(word) == plain_lemma(word), word
