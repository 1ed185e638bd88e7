"""Per-word shortcuts of name recognition change no result.

A word the dictionary does not know is trusted only if data/name_overrides.toml names it, which is
now read from that table instead of from the word's parsed readings (the analyser's slowest path);
the kind of a name and the adjective rule skip unknown words before parsing them. The recogniser
keeps, per word, whether it may begin an alias window, per word of a text whether it is an
ordinary word, lets idle words start no title, and tests joins inline. Each is compared here with
the code it replaces.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import morph
from factcheck.data import load_toml
from factcheck.model import Mention
from factcheck.names import recognize, russian
from factcheck.names.recognize import _Recognizer, _Tok, given_names_ru

# These compare with the code they replaced by patching the modules: pure Python only (conftest.py).
pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".md"))


@pytest.fixture(autouse=True)
def _fast_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    # the token patterns a warm process uses (its first texts take the plain ones)
    monkeypatch.setattr(recognize, "WARM_UP_TEXTS", 0)


def _old_trusted(low: str) -> bool:
    """russian._trusted as first written: the override is seen in the parsed reading's tags."""
    if morph.is_known(low) or not low.isalpha():
        return True
    r = morph.name_reading(low)
    return r is not None and "Override" in r.tags


def _old_is_guessed(word: str) -> bool:
    return not _old_trusted(word.lower())


class _Before(_Recognizer):
    """The recogniser without the per-word shortcuts (their code as it was)."""

    def __init__(self, text: str, lang: str, source: str) -> None:
        super().__init__(text, lang, source)
        # run reads the per-word table before it asks alias_at: empty, every token is asked
        self._may_begin = {}

    def join(self, i: int) -> bool:
        if i + 1 >= len(self.toks):
            return False
        gap = self.text[self.toks[i].stop:self.toks[i + 1].start]
        return 0 < len(gap) <= 3 and gap.strip(" \t\u00a0") == ""

    def alias_at(self, i: int) -> tuple[int, str, str] | None:
        t = self.toks[i]
        if t.type == "d" or not (t.cap or (t.cyr and t.low[:4] in recognize._ru_demonym_prefixes()
                                           and recognize._RU_ADJ.search(t.low))):
            return None
        if i not in self._aliases:
            self._aliases[i] = self._alias_at(i, t)
        return self._aliases[i]

    def title_at(self, i: int) -> int | None:
        t = self.toks[i]
        if t.type != "w":
            return None
        if t.cyr:
            if t.low[:4] not in recognize._ru_title_prefixes():
                return None
        elif t.low not in recognize._lex_union("en.title_heads", "en.title_mods"):
            return None
        if i not in self._titles:
            self._titles[i] = self.ru_title_at(i) if t.cyr else self._en_title_at(i)
        return self._titles[i]

    def ordinary(self, t: _Tok) -> bool:
        return self.ordinary_word(t)

    def adjective_of_name(self, i: int) -> bool:
        t = self.toks[i]
        if not t.cyr or t.type != "w" or not self.join(i):
            return False
        nxt = self.toks[i + 1]
        if not (nxt.cyr and nxt.cap and nxt.type == "w") or nxt.upper:
            return False
        r = morph.name_reading(nxt.clean)
        if r is None or not r.tags & {"Geox", "Orgn"} or _old_is_guessed(nxt.clean):
            return False
        adj = {(r.case, r.number) for r in morph.readings(t.clean)
               if r.pos == "ADJF" and not r.tags & {"Supr", "Apro", "Anum"}}
        if not adj:
            return False
        return any((r.case, r.number) in adj for r in morph.readings(nxt.clean) if r.pos == "NOUN")

    def generic_kind(self, a: int, b: int) -> str:
        toks = self.toks[a:b + 1]
        if not toks[0].cyr:
            return super().generic_kind(a, b)
        prev = self.out[-1] if self.out else None
        after_title = prev is not None and prev.kind == "title" and 0 < toks[0].start - prev.stop <= 2
        tags: set[str] = set()
        for t in toks:
            r = morph.name_reading(t.clean)
            if r is not None and not _old_is_guessed(t.clean):
                tags |= r.tags
        if after_title or tags & {"Name", "Surn", "Patr"} or (len(toks) > 1 and toks[0].low in given_names_ru()):
            return "person"
        if "Geox" in tags:
            return "place"
        if "Orgn" in tags:
            return "org"
        # the word before may have been passed over by the token pattern: read from the text
        # (compared with the token as first written in test_names_ru_tokens_fast)
        if not tags and self.place_word_before(a):
            return "place"
        return "other"


def _both(text: str, lang: str) -> tuple[list[Mention], list[Mention]]:
    return _Recognizer(text, lang, "s").run(), _Before(text, lang, "s").run()


def _words(text: str) -> Iterator[str]:
    for m in recognize._WORD.finditer(text):
        yield m.group()


# ----------------------------------------------------------------------------- trusted words


def test_trusted_as_first_written_on_every_fixture_and_override_word() -> None:
    words = {w for p in FIXTURES for w in _words(p.read_text(encoding="utf-8")) if recognize.has_cyrillic(w)}
    words |= {w for forms in [[k, *v] for k, v in load_toml("name_overrides")["lemmas"].items()]
              for w in forms}
    words |= set(given_names_ru())
    assert len(words) > 300
    for w in sorted(words):
        low = w.lower()
        assert russian._trusted(low) == _old_trusted(low), w
        assert morph.is_overridden(low) == (morph.name_reading(low) is not None and
                                            "Override" in morph.name_reading(low).tags), w


_CYR_WORDS = st.text(alphabet="абвгдежзийклмнопрстуфхцчшщъыьэюяё-\u0301", min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(_CYR_WORDS, st.sampled_from(["", "а", "у", "ом", "ой", "ы", "ого", "ии"]))
def test_trusted_as_first_written(stem: str, ending: str) -> None:
    low = stem + ending
    assert russian._trusted(low) == _old_trusted(low)


def test_a_guessed_word_is_not_parsed_to_be_trusted() -> None:
    word = "кьюзбартолеммы"  # no dictionary word: read by analogy
    assert not morph.is_known(word)
    before = morph.readings.cache_info().currsize
    assert russian.is_guessed(word.capitalize())
    assert morph.readings.cache_info().currsize == before


# ----------------------------------------------------------------------------- recogniser


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixtures_give_the_same_mentions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for lang in ("en", "ru"):
        fast, before = _both(text, lang)
        assert fast == before, lang


_EN = ["The", "Bank", "of", "England", "said", "Rates", "rates", "Minister", "minister", "Foreign", "foreign",
       "prime", "Prime", "the", "for", "President", "Secretary", "State", "Trinidad", "and", "Tobago", "Sukhoi",
       "Su-30", "Moscow", "City", "Court", "de", "la", "van", "Officials", "Running", "U.S.", "WHO", "in"]
_RU = ["Путин", "Путина", "министр", "Министр", "иностранных", "дел", "В", "в", "По", "Как", "Южный", "Судан",
       "Нижний", "Новгород", "российский", "Российские", "Шольца", "шольца", "Моди", "Кулебы", "Кьюзбартоломмы",
       "Сбербанк", "Крупнейший", "Газпром", "штате", "Арагуа", "Верансе", "президент", "глава", "фон", "дер",
       "Ляйен", "Хезболлы", "Рябков", "Рябкова", "США", "первый", "заместитель", "Мадуро", "Стори", "Его"]
_SEPS = [" ", " ", " ", "  ", "   ", "    ", "\t", "\u00a0", ", ", ". ", ".\n", "\n", " «", "» ", "-", " (", ") "]


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(st.sampled_from(words), st.sampled_from(_SEPS)), max_size=30).map(
        lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(_RU + _EN[:12]))
def test_russian_texts_give_the_same_mentions(text: str) -> None:
    fast, before = _both(text, "ru")
    assert fast == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(_EN))
def test_english_texts_give_the_same_mentions(text: str) -> None:
    fast, before = _both(text, "en")
    assert fast == before


def test_the_comparison_can_fail() -> None:
    # "Южный Судан" at the start of a sentence: the adjective joins the place only if the place
    # reading is asked for; a careless shortcut that treats every word as guessed loses it.
    text = "Южный Судан подписал договор. Нижний Новгород принял делегацию."
    fast, before = _both(text, "ru")
    assert fast == before
    assert any(m.text == "Южный Судан" for m in fast)

    class Careless(_Recognizer):
        def adjective_of_name(self, i: int) -> bool:
            return False

    assert Careless(text, "ru", "s").run() != before


def test_words_that_begin_no_alias_are_remembered_per_language() -> None:
    _Recognizer("The Bank of England said. Officials met.", "en", "s").run()
    table = recognize.bundled_index().may_begin("en")
    assert table["Bank"] is True and table["Officials"] is False
    assert all(isinstance(v, bool) for v in table.values())


def test_ordinary_is_asked_once_per_word_of_a_text() -> None:
    rec = _Recognizer("The cat sat. The dog ran. The end.", "en", "s")
    rec.run()
    assert rec._ordinary == {"The": True}


def test_a_word_kept_for_its_first_letters_is_read_back_by_a_name_after_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # No place noun of the lexicon starts like a title word; were "предложение" one, the word
    # that starts nothing would still tell the kind of the unknown name after it (a place).
    lex = recognize._lex
    monkeypatch.setattr(recognize, "_lex", lambda key: lex(key) | {"предложение"} if key == "ru.place_nouns"
                        else lex(key))
    text = "Его видели в предложении Верансе, потом в предложении\u00a0Арагуа. Предложение Кьюзбартоломмы."
    fast, before = _both(text, "ru")
    assert fast == before
    assert [m.kind for m in fast if m.text in ("Верансе", "Арагуа")] == ["place", "place"]


@pytest.mark.parametrize("text, lang", [
    ("Monday came. MONDAY came. Monday went.", "en"),
    ("Rates rose. RATES rose. Rates fell, rates said.", "en"),
    ("Моди приехал. МОДИ приехал. Моди уехал, моди нет.", "ru"),
])
def test_words_in_other_capitals_are_asked_apart(text: str, lang: str) -> None:
    # The same lowercase form written otherwise is another token (all capitals are no ordinary word).
    fast, before = _both(text, lang)
    assert fast == before
