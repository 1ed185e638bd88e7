"""Round five of the quantity scanner and the date finder give what the code before gave.

* Russian lemmas are asked of a token as written when pymorphy3 reads it as its lowercase form
  (``numbers._lemma``): the oracle is pymorphy3 itself on the lowercase form, uncached.
* One lookup per token gives both finders their codes (``numbers.token_codes``): the oracle is
  each finder's own map, as before.
* The date finder picks its head tokens in C (``dates._head_tokens``): the oracle is the loop it
  replaced, copied below.
"""

from __future__ import annotations

import dataclasses
import pickle
from itertools import repeat

import pytest
from helpers import masked_texts
from test_claims_numdates_fast import _PIECES, _SEPS
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import morph
from factcheck.claims import dates, numbers, tokens
from factcheck.claims.tokens import D, P

# These compare with the code they replaced by patching the modules: pure Python only (conftest.py).
pytestmark = pytest.mark.pure

# ------------------------------------------------------------------------------ lemmas


def plain_lemma(word: str) -> str:
    """``morph.lemma`` without its cache."""
    try:
        parses = morph._analyzer().parse(word)
    except ValueError:
        return word.lower()
    return parses[0].normal_form.replace("ё", "е") if parses else word.lower()


def _cyrillic_tokens(text: str) -> list[tuple[str, str]]:
    tk = tokens.tokenize(text)
    return sorted({(s, lo) for s, lo, cyr in zip(tk.strs, tk.lowers, tk.cyrillic) if cyr and s != lo})


@pytest.fixture(scope="module")
def written_words() -> list[tuple[str, str]]:
    """The Cyrillic words of the fixtures written other than in lowercase, with their lowercase form."""
    return sorted({pair for text in masked_texts() for pair in _cyrillic_tokens(text)})


def test_a_word_as_written_has_the_lemma_of_its_lowercase_form(written_words: list[tuple[str, str]]) -> None:
    assert len(written_words) > 100
    for s, lo in written_words:
        if len(s) > 1 and lo == s.lower():
            assert plain_lemma(s) == plain_lemma(lo), s  # the word as written is asked
        assert numbers._lemma(s, lo) == plain_lemma(lo), s


# With ё a word is not its lowercase form to pymorphy3: "Её" is read as "ее", but "ее" as "она".
_RU_WORDS = ["Пять", "Тысячи", "Несколько", "Десятки", "Сотни", "Миллиона", "Около", "Свыше", "Ёлка", "Полутора",
             "Москва", "Путин", "Пятилетний", "Двадцатипятидневный", "Е", "Я", "ООО", "Ё", "Щ", "ЖКХ", "Её", "Нём"]
_CASES = [str.capitalize, str.upper, str.title, str.lower]


def _lemma_as_before(s: str) -> None:
    lo = s.lower().replace("ё", "е")
    assert numbers._lemma(s, lo) == plain_lemma(lo), s


def test_known_words_have_the_lemma_of_their_lowercase_form() -> None:
    for word in _RU_WORDS:
        for case in _CASES:
            _lemma_as_before(case(word))


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"),
            min_size=1, max_size=14),
    st.sampled_from(_CASES),
)
def test_any_cyrillic_word_has_the_lemma_of_its_lowercase_form(word: str, case: object) -> None:
    _lemma_as_before(case(word))  # type: ignore[operator]


# ------------------------------------------------------------------------------ token codes


def plain_codes(tk: tokens.Tokens, lang: str) -> tuple[bytes, bytes]:
    """The two maps before: ``_opens`` by token, the date finder's codes by lowercase form."""
    return (bytes(map(numbers._OPENS[lang].__getitem__, tk.strs)),
            bytes(map(dates._dispatch(lang).codes.get, tk.lowers, repeat(0))))


def _codes_agree(text: str) -> None:
    tk = tokens.tokenize(text)
    for lang in ("en", "ru", "en"):
        opens, heads = plain_codes(tk, lang)
        codes = numbers.token_codes(tk, lang)
        assert codes.translate(numbers._OPEN_BITS) == opens, text
        assert codes.translate(numbers.HEAD_BITS) == heads, text
        assert numbers.token_codes(tk, lang) is codes  # kept for the other finder
        assert numbers.digit_tokens(tk) == [i for i, kind in enumerate(tk.kinds) if kind == D], text
    # Other tokens of the same text are not taken for the last ones.
    again = tokens.tokenize(text)
    numbers.token_codes(again, "en")
    assert numbers._LAST[0] is again


def test_one_lookup_gives_both_codes() -> None:
    for text in masked_texts():
        _codes_agree(text)


def test_a_minus_sign_opens_only_before_glued_digits() -> None:
    for lang in ("en", "ru"):
        for sign in numbers._MINUS:
            assert numbers._opens(lang, sign) == numbers._SIGN
        sc = numbers._Scanner("rose - fell -5 and − 3, e-mail 2-3 Il-76 (-8) −7", lang)
        signs = [i for i in sc.openers() if sc.s[i] in numbers._MINUS]
        assert [sc.s[i + 1] for i in signs] == ["5", "8", "7"]


# ------------------------------------------------------------------------------ date heads


def plain_head_tokens(tk: tokens.Tokens, how: dates._Dispatch) -> list[tuple[int, tuple[int, ...]]]:
    """``dates._head_tokens`` before: a Python look at each head word and at each digit token
    (no codes: every letter token that heads a rule is a candidate)."""
    lowers, starts, stops, strs, kinds = tk.lowers, tk.starts, tk.stops, tk.strs, tk.kinds
    by_next = how.by_next
    last = len(lowers) - 1
    digits = [i for i, kind in enumerate(kinds) if kind == D]
    cand = [i for i, w in enumerate(lowers) if kinds[i] != D and w in by_next]
    out = []
    for i in cand:
        if (i and stops[i - 1] == starts[i] and (kinds[i - 1] == D or strs[i - 1] == "_")) or (
            i < last and stops[i] == starts[i + 1] and (kinds[i + 1] == D or strs[i + 1] == "_")
        ):
            continue
        always, if_next = by_next[lowers[i]]
        todo = always if i == last else if_next.get("0" if kinds[i + 1] == D else lowers[i + 1], always)
        if todo:
            out.append((starts[i], todo))
    if how.digit_rules:
        always, if_next = by_next["0"]
        for i in digits:
            if strs[i][0] in "0123456789" and not (i and stops[i - 1] == starts[i] and (kinds[i - 1] != P or strs[i - 1] == "_")):
                todo = always if i == last else if_next.get("0" if kinds[i + 1] == D else lowers[i + 1], always)
                if todo:
                    out.append((starts[i], todo))
    out.sort(key=lambda h: h[0])
    return out


def _heads_agree(text: str) -> None:
    tk = tokens.tokenize(text)
    for lang in ("en", "ru"):
        how = dates._dispatch(lang)
        assert dates._head_tokens(tk, how) == plain_head_tokens(tk, how), (lang, text)


def test_date_heads_as_before_on_the_fixtures() -> None:
    for text in masked_texts():
        _heads_agree(text)


_DATE_PIECES = [
    "5", "05", "2024", "12", "31", "in", "the", "on", "from", "between", "and", "to", "of", "May", "may", "October",
    "Oct.", "Monday", "last", "next", "early", "mid", "late", "ago", "days", "years", "later", "earlier", "st", "th",
    "в", "с", "со", "по", "до", "и", "мая", "октября", "году", "года", "г.", "назад", "спустя", "дня", "лет", "ночь",
    "на", "прошлого", "начале", "конце", "понедельник", "-го", "-", "–", "/", ".", ":", ",", "_", "a.m.", "pm", "x5",
    "5x", "0", "_5", "5_",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_DATE_PIECES), st.sampled_from([" ", "", ", ", "\n"])), max_size=25))
def test_date_heads_as_before_on_generated_texts(parts: list[tuple[str, str]]) -> None:
    _heads_agree("".join(p + s for p, s in parts))


def test_digit_heads_are_looked_at_in_python_when_any_token_may_follow() -> None:
    for lang in ("en", "ru"):
        how = dates._dispatch(lang)
        always, if_next = how.by_next["0"]
        assert how.after_digits == (None if always or "0" in if_next else frozenset(if_next))
        assert how.after_digits is not None  # every digit rule needs its next token


# ------------------------------------------------------------------------------ objects made without __init__


def _made_as_by_init(found: list[object]) -> None:
    for obj in found:
        cls = type(obj)
        assert list(vars(obj)) == [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        again = cls(**vars(obj))
        assert again == obj and pickle.dumps(again) == pickle.dumps(obj) and hash(again) == hash(obj)


def test_mentions_and_quantities_are_what_their_init_makes() -> None:
    texts = masked_texts()
    for text in texts:
        for lang in ("en", "ru"):
            _made_as_by_init(dates.find_dates(text, lang))  # type: ignore[arg-type]
            _made_as_by_init(numbers.find_quantities(text, lang))  # type: ignore[arg-type]
    assert any(dates.find_dates(text, "en") for text in texts)


# ------------------------------------------------------------------------------ the scanner's shortcuts


_PHONE_TEXTS = ["call +7 (495) 123-45-67 or 555-123-4567, 5 km", "тел.: 8(495)123-45-67, 5 раз, -3 °C",
                "www.example.com/5 and a@b.ru 7 km", "+44 20 7946 0958 - 12 - 5", "-555-123-4567 -5"]


def test_masked_tokens_open_nothing() -> None:
    for text in _PHONE_TEXTS + list(masked_texts()):
        for lang in ("en", "ru"):
            sc = numbers._Scanner(text, lang)
            codes = numbers.token_codes(tokens.tokenize(text), lang).translate(numbers._OPEN_BITS)
            assert sc.opens == bytes(c * (1 - m) for c, m in zip(codes, sc.masked)), text
    assert any(numbers._Scanner(text, "en").masked.find(1) >= 0 for text in _PHONE_TEXTS)


def _no_phrase_where_none_starts(text: str, lang: str) -> None:
    """What the scanner's calls of ``match`` rely on where they are left out: no phrase starts at a
    token whose lowercase form starts none, but through the lemma of a Cyrillic word."""
    sc = numbers._Scanner(text, lang)
    lx = sc.lx
    for index in (lx.qualifiers, lx.prefixes, lx.units, lx.half, lx.post_qualifiers, lx.vague):
        for i in range(sc.n + 1):
            if i >= sc.n or sc.lo[i] not in index:
                assert sc.match(i, index, lemmas=False) is None, (text, i)
                if i >= sc.n or not sc.cyrillic[i]:
                    assert sc.match(i, index) is None, (text, i)


def test_no_phrase_where_none_starts() -> None:
    for text in _PHONE_TEXTS + ["more than 5 km", "около пяти тысяч километров", "в 5 раз", "half a million",
                                "5 с половиной", "$5 million dollars", "от 5 до 10 млрд рублей"]:
        for lang in ("en", "ru"):
            _no_phrase_where_none_starts(text, lang)


_SCORE_TEXTS = ["won 2:1", "won 2 :1", "со счетом 4:2", "at 10:30 am", "5:", ":5", "a:5 km", "5:5:5", "x 12:",
                "１:2", "2:１", "٣:5", "ratio 3 : 1", "5\n:3", "3:\n5", "2: 5 km", "5 :2"]


def plain_is_quantity(text: str, q: numbers.Quantity) -> bool:
    """``numbers._is_quantity`` before: both score patterns tried on every quantity."""
    if numbers._SCORE_AFTER.match(text, q.stop) or numbers._SCORE_BEFORE.search(text, max(0, q.start - 2), q.start):
        return False
    if q.dimension == "count" and q.low == q.high == 1 and numbers._ONE_OF.match(text, q.start):
        return False
    if (q.dimension == "count" and q.unit is None and q.qualifier == "exact"
            and numbers._YEAR_BEFORE_NOUN.match(text, q.start) and q.text.isdigit()):
        return False
    return True


def test_scores_without_a_regex_call_first() -> None:
    verdicts = set()
    for text in _SCORE_TEXTS:
        for lang in ("en", "ru"):
            for q in numbers._Scanner(text, lang).run():
                verdicts.add(plain_is_quantity(text, q))
                assert numbers._is_quantity(text, q) == plain_is_quantity(text, q), (text, q)
    assert verdicts == {True, False}


class _Everything(dict):  # type: ignore[type-arg]
    """A phrase index that claims to hold every word: ``match`` is then called wherever the code
    before called it (only its calls ask an index whether it holds a word), and finds the same."""

    def __contains__(self, key: object) -> bool:
        return True


_INDEXES = ("qualifiers", "prefixes", "units", "half", "post_qualifiers", "vague", "after_prefix")


def _as_before(text: str, lang: str) -> None:
    plain = numbers._Scanner(text, lang)
    lx = plain.lx
    plain.lx = dataclasses.replace(lx, **{name: _Everything(getattr(lx, name)) for name in _INDEXES})
    assert numbers._Scanner(text, lang).run() == plain.run(), text


def test_quantities_as_when_every_phrase_was_looked_for() -> None:
    for text in list(masked_texts()) + _PHONE_TEXTS + _SCORE_TEXTS:
        for lang in ("en", "ru"):
            _as_before(text, lang)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPS)), min_size=1, max_size=30).map(
        lambda parts: "".join(p + s for p, s in parts)
    ),
    st.sampled_from(["en", "ru"]),
)
def test_generated_quantities_as_when_every_phrase_was_looked_for(text: str, lang: str) -> None:
    _as_before(text, lang)


def test_mentions_as_their_init_makes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    fast = dates._mention

    def record(text: str, s: int, e: int, rule: str, fields: dict[str, object]) -> dates.DateMention:
        made.append((fast(text, s, e, rule, dict(fields)), text, s, e, rule, dict(fields)))
        return made[-1][0]

    monkeypatch.setattr(dates, "_mention", record)
    for text in masked_texts():
        for lang in ("en", "ru"):
            dates.find_dates(text, lang)
    assert {rule for _, _, _, _, rule, _ in made} >= {"day_month", "year", "time", "weekday"}
    for got, text, s, e, rule, fields in made:
        kind = fields.pop("kind", "date")
        want = dates.DateMention(start=s, stop=e, text=text[s:e], kind=kind, rule=rule, **fields)  # type: ignore[arg-type]
        assert got == want and list(vars(got)) == list(vars(want)) and pickle.dumps(got) == pickle.dumps(want)
