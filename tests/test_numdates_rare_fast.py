"""Round six of the quantity and date finders, checked against the code before it.

* ``numbers._Scanner._mask`` no longer scans the text for "@" and "://" nor the tokens for "www",
  and ``numbers._phone_starts`` no longer scans the text for "+" and "(": those tokens are marked
  ``numbers._RARE`` in the token codes. The oracle is ``plain_mask`` (URLs, e-mail addresses and
  phone numbers by ``finditer`` over the whole text) and ``_PHONE_RE.finditer``.
* ``numbers.digit_tokens`` reads the digit tokens off the token codes (``numbers._DIGITS``) when
  they are at hand, instead of making bytes of the token kinds; the oracle is the kinds.
* ``dates._head_tokens`` finds the heads followed by a word they need with ``_before_followers``
  (two big integers ANDed) instead of a pattern, and "the" has follower codes of its own. The
  oracle is ``plain_head_tokens`` (tests/test_numdates_fast.py), which uses no codes at all.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_claims_numdates_fast import plain_mask
from test_numdates_fast import plain_head_tokens

from factcheck.claims import dates, numbers, tokens
from factcheck.claims.tokens import D

_RARE_PIECES = [
    "@", "/", "//", ":", "://", "http", "https", "www", "WWW", "Www", "wWw", ".", "+", "(", ")", "example",
    "com", "ru", "mail", "495", "123", "45", "67", "7", "8", "1", "2024", "555", "0199", "-", "–", "5 km",
    "about 20", "более 30", "тел.", "site", "e", "x",
]
_SEPS = ["", "", " ", "  ", "\n", "-", "."]


def _texts() -> st.SearchStrategy[str]:
    piece = st.tuples(st.sampled_from(_RARE_PIECES), st.sampled_from(_SEPS)).map("".join)
    return st.lists(piece, max_size=14).map("".join)


_FIXED = [
    "Call +7 (495) 123-45-67 or visit www.example.com today: 5 km.",
    "See http://example.com/a/b and write to a@b.ru; 20 people came.",
    "WWW.EXAMPLE.COM has 3 pages; Www.x.ru has (4) and 1-800-555-0199.",
    "Звоните +7 495 123-45-67, более 30 человек; сайт https://site.ru/5",
    "no rare tokens here, only 12 km and 2024",
    "a / b = 5, 10 / 2, (5) +3",
]


def _mask_agrees(text: str) -> None:
    for lang in ("en", "ru"):
        tk = tokens.tokenize(text)
        sc = numbers._Scanner(text, lang, tk)
        assert sc.masked == plain_mask(sc), (lang, text)
        punct = [i for i, s in enumerate(tk.strs) if s in numbers._PHONE_PUNCT]
        assert numbers._phones(text, tk, punct) == [m.span() for m in numbers._PHONE_RE.finditer(text)], text


def test_rare_tokens_mask_as_before_on_fixed_texts() -> None:
    for text in _FIXED:
        _mask_agrees(text)


@settings(max_examples=80, deadline=None)
@given(_texts())
def test_rare_tokens_mask_as_before(text: str) -> None:
    _mask_agrees(text)


def test_rare_tokens_open_nothing_and_are_marked() -> None:
    # The mark takes the place of ``_opens``, which must be 0 for every rare token.
    for lang in ("en", "ru"):
        for s in ("@", "/", "www", "WWW", "Www", "+", "("):
            assert numbers._opens(lang, s) == 0
            assert numbers._CODES[lang][s] & 7 == numbers._RARE
            assert numbers._RARE_CODE.fullmatch(bytes([numbers._CODES[lang][s]]))
        tk = tokens.tokenize("http://x.ru a@b +7 (495) WWW.x")
        rare = [m.start() for m in numbers._RARE_CODE.finditer(numbers.token_codes(tk, lang))]
        assert [tk.strs[i] for i in rare] == ["/", "/", "@", "+", "(", "WWW"]


@settings(max_examples=60, deadline=None)
@given(_texts(), st.sampled_from(["en", "ru"]))
def test_digit_tokens_read_off_the_codes(text: str, lang: str) -> None:
    # The codes mark the digit tokens (``numbers._DIGITS``) and still say that they open a number.
    tk = tokens.tokenize(text)
    plain = [i for i, kind in enumerate(tk.kinds) if kind == D]
    codes = numbers.token_codes(tk, lang)
    assert numbers.digit_tokens(tk) == plain, text
    assert [c for c in codes.translate(numbers._OPEN_BITS)] == [numbers._OPENS[lang][s] for s in tk.strs], text
    numbers.token_codes(tokens.tokenize("5"), lang)  # other tokens last: the kinds are read instead
    again = tokens.tokenize(text)
    assert numbers.digit_tokens(again) == plain, text


_HEAD_PIECES = [
    "the", "The", "of", "in", "on", "from", "over", "after", "for", "this", "last", "next", "year", "years",
    "weeks", "day", "end", "beginning", "May", "October", "Monday", "weekend", "5", "2024", "ago", "earlier",
    "в", "начале", "этом", "году", "после", "нескольких", "лет", "на", "прошлой", "неделе", "мая", "с",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_HEAD_PIECES), max_size=16).map(" ".join))
def test_heads_before_common_followers_as_before(text: str) -> None:
    tk = tokens.tokenize(text)
    for lang in ("en", "ru"):
        how = dates._dispatch(lang)
        assert dates._head_tokens(tk, how) == plain_head_tokens(tk, how), (lang, text)
        # Every head before a word its rule needs is among what ``_before_followers`` finds.
        codes = numbers.token_codes(tk, lang).translate(numbers.HEAD_BITS)
        pairs = {i for i in range(len(tk) - 1) if (tk.lowers[i], tk.lowers[i + 1]) in how.word_pairs}
        assert pairs <= set(dates._before_followers(codes)), (lang, text)


def test_the_is_passed_over_after_heads_that_do_not_need_it() -> None:
    # A test that can fail: with "the" an ordinary follower, "of the" and "in the" are found.
    tk = tokens.tokenize("one of the best in the city on the day")
    codes = numbers.token_codes(tk, "en").translate(numbers.HEAD_BITS)
    found = [tk.lowers[i] for i in dates._before_followers(codes)]
    assert "on" in found and "of" not in found and "in" not in found, found
