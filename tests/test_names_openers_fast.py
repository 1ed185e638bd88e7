"""Round-six shortcuts of name recognition change no mention.

English sentence openers that no rule reads (``_en_opener``: The, Analysts) are no tokens; the
kind of a one-word English name skips the head and given-name tables; the word-only part of
``ordinary_word`` for Russian words is remembered per word (``_ru_ordinary_word``); a
capitalised Russian word shares the parse of its lowercase spelling (``_case_free``); ASCII text
is tested for capitals with ``str.isupper``; the Russian token pattern knows the genitives of the
title complements from the start. Each is compared here with the code it replaces.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import morph
from factcheck.model import Mention
from factcheck.names import recognize, russian
from factcheck.names.recognize import _Recognizer, _Tok, en_token_norm, given_names_ru

# These compare with the code they replaced by patching the modules: pure Python only (conftest.py).
pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".md"))


@pytest.fixture(autouse=True)
def _fast_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    # the token patterns a warm process uses (its first texts take the plain ones)
    monkeypatch.setattr(recognize, "WARM_UP_TEXTS", 0)


def _old_is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class _Before(_Recognizer):
    """The recogniser as it was before these shortcuts."""

    def __init__(self, text: str, lang: str, source: str) -> None:
        with mock.patch.object(recognize, "_en_opener", lambda word: False):
            super().__init__(text, lang, source)

    def ordinary_word(self, t: _Tok) -> bool:
        if not (t.cyr and t.type == "w" and not t.upper):
            return super().ordinary_word(t)
        low = t.low
        if low in recognize._lex("ru.stopwords"):
            return True
        if low in self.mid_caps:
            return False
        if low in given_names_ru() or self.tok_norm(t) in given_names_ru() or \
                self.tok_norm(t) in self.mid_cap_lemmas():
            return False
        r = morph.name_reading(t.clean)
        if r is None or "Override" in r.tags:
            return False
        rs = morph.readings(t.clean)
        if rs and rs[0].pos in recognize._FUNCTION_POS:
            return True
        if russian.is_guessed(t.clean):
            return self.has_lower_word(low)
        return not (r.tags & recognize._NAME_TAGS)

    def generic_kind(self, a: int, b: int) -> str:
        toks = self.toks[a:b + 1]
        if toks[0].cyr:
            return super().generic_kind(a, b)
        prev = self.out[-1] if self.out else None
        after_title = prev is not None and prev.kind == "title" and 0 < toks[0].start - prev.stop <= 2
        words = [en_token_norm(t.text) for t in toks]
        if words[-1] in recognize._lex("en.org_heads") and len(words) > 1:
            return "org"
        if words[-1] in recognize._lex("en.place_heads") and len(words) > 1:
            return "place"
        if after_title or (len(words) > 1 and words[0] in recognize._lex("given_names.latin")):
            return "person"
        return "other"

    def lemma(self, t: _Tok) -> str:
        return morph.lemma(t.clean)


def _both(text: str, lang: str) -> tuple[list[Mention], list[Mention]]:
    return _Recognizer(text, lang, "s").run(), _Before(text, lang, "s").run()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixtures_give_the_same_mentions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for lang in ("en", "ru"):
        fast, before = _both(text, lang)
        assert fast == before, lang


_EN = ["The", "the", "Analysts", "Several", "Officials", "A", "It", "In", "At", "Of", "of", "For", "for", "And",
       "Bank", "England", "said", "Minister", "Foreign", "Prime", "President", "Secretary", "State", "Sukhoi",
       "Su-30", "Boeing", "737", "Moscow", "City", "Court", "de", "la", "Kim", "Jong-un", "U.S.", "WHO", "Hague",
       "Netherlands", "United", "Nations", "Some", "Each", "Critics", "Residents", "John", "Smith", "Street",
       "New", "York", "Delhi", "Times", "Washington", "Post", "People", "Today", "Who", "Republic", "China"]
_RU = ["Путин", "Путина", "министр", "Министр", "иностранных", "дел", "В", "в", "По", "Как", "Южный", "Судан",
       "Шольца", "шольца", "Моди", "Кулебы", "Аналитики", "Эксперты", "правительства", "Председатель",
       "развития", "экономического", "Сбербанк", "Газпром", "штате", "Арагуа", "Верансе", "глава", "США"]
_SEPS = [" ", " ", " ", "  ", "   ", "    ", "\t", "\u00a0", ", ", ". ", ".\n", "\n", " «", "» ", "-", " (", ") ",
         ": ", "! "]


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(st.sampled_from(words), st.sampled_from(_SEPS)), max_size=30).map(
        lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(_EN))
def test_english_texts_give_the_same_mentions(text: str) -> None:
    fast, before = _both(text, "en")
    assert fast == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(_RU + _EN[:10]))
def test_russian_texts_give_the_same_mentions(text: str) -> None:
    fast, before = _both(text, "ru")
    assert fast == before


def test_openers_are_no_tokens_and_the_comparison_can_fail() -> None:
    text = "Analysts said so. The Netherlands ruled. New York. Several Officials met John Smith. Of The Union Bank."
    fast, before = _both(text, "en")
    assert fast == before
    toks = {t.text for t in _Recognizer(text, "en", "s").toks}
    assert "Analysts" not in toks and "Several" not in toks and "The" in toks and "Of" in toks

    with mock.patch.object(recognize, "_en_opener", lambda word: word.isalpha()):  # a careless rule
        assert _Recognizer(text, "en", "s").run() != before


@pytest.mark.parametrize("word", ["The", "Of", "For", "Analysts", "ANALYSTS", "Bank", "Minister", "Sukhoi"])
def test_opener_words(word: str) -> None:
    # "The" begins an alias (The Hague), of and for are read by titles, capitals are no ordinary word
    assert recognize._en_opener(word) == (word == "Analysts")


def test_capitalised_russian_words_are_parsed_as_their_lowercase_spelling() -> None:
    words = {w for p in FIXTURES for w in recognize._WORD.findall(p.read_text(encoding="utf-8"))
             if recognize.has_cyrillic(w) and w[:1].isupper()}
    assert len(words) > 100
    for w in sorted(words):
        w = recognize.clean(w)
        assert recognize._case_free(w) == w.lower() or len(w) < 2
        assert morph.readings(w) == morph.readings(recognize._case_free(w)), w
        assert morph.lemma(w) == morph.lemma(recognize._case_free(w)), w
    assert recognize._case_free("Т-банк") == "Т-банк" and recognize._case_free("В") == "В"


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="aBcXYZ zЁёÉé1-'ⓐǅ\u0301", max_size=8))
def test_is_upper_as_first_written(text: str) -> None:
    assert recognize._is_upper(text) == _old_is_upper(text)


def test_genitives_known_from_the_start() -> None:
    assert recognize._ru_genitive("правительство") == "правительства"
    assert recognize._ru_genitive("развитие") == "развития"
    assert recognize._ru_genitive("экономика") == "экономики"
    assert recognize._ru_genitive("иностранный") == "иностранный"
    recognize._ru_tokens("Министр правительства.", [])
    assert "правительства" in recognize._RU_GOES_ON


@pytest.mark.parametrize("text", [
    "Кьюзбартоломмы пришли. Потом кьюзбартоломмы ушли.",  # unknown, and in lower case too: ordinary
    "Кьюзбартоломмы пришли. Потом ушли.",  # unknown: a name
    "Аналитики ждут. Южный Судан подписал. По словам Шольца, Моди приехал.",
])
def test_sentence_initial_russian_words(text: str) -> None:
    fast, before = _both(text, "ru")
    assert fast == before


class _Full(_Recognizer):
    """The recogniser with every word of a Russian text a token (as first written)."""

    def __init__(self, text: str, lang: str, source: str) -> None:
        super().__init__(text, lang, source)
        self.toks = recognize._tokens(text, lang, recognize._TOKEN, [])
        self.mid_caps = {t.low for t in self.toks if t.cap and not t.ambiguous and t.type == "w"}

    def place_word_before(self, a: int) -> bool:
        # as first written: the token before, which every word has
        prev = self.toks[a - 1] if a > 0 else None
        return prev is not None and recognize._joinable(self.text, prev, self.toks[a]) and \
            (prev.low in recognize._lex("ru.place_prepositions") or
             (prev.cyr and self.lemma(prev) in recognize._lex("ru.place_nouns")))


@pytest.mark.parametrize("before", [
    "в ", "в\t", "в\u00a0", "в    ", "городе ", "штате  ", "Его видели в городе ",
    "видели в http://example.com/городе ",
    "видели www.site.ru/в ", "в https://a.b/c-в ", "x http:/в ", "видели 5-городе ", "в горо\u0301де ", "городе, ",
    "в «городе» ", "северо-городе ", "СЕВЕРОгороде ", "Су-30городе ", "ёлке ", "под ", "городе\n",
])
def test_a_place_word_passed_over_is_read_back_from_the_text(before: str) -> None:
    for name in ("Верансе", "Арагуа"):
        text = f"{before}{name} и {before}{name}."
        assert _Recognizer(text, "ru", "s").run() == _Full(text, "ru", "s").run(), text
