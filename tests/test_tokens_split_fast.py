"""Tokens, round six: the description columns read one by one (none for the Cyrillic flags of an
ASCII text) and the descriptions of runs that mix letters and digits spliced instead of looked up
again give the attributes the code before gave (kept here as the oracle)."""

from __future__ import annotations

from itertools import accumulate, compress

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.claims import tokens
from helpers import masked_texts

# --------------------------------------------------------------------------- oracle (the code before)


def _old_columns(text: str) -> tuple[list[int], list[int], list[str], list[int], list[str], list[bool]]:
    pieces = tokens._RUN_SPLIT.split(text)
    strs = pieces[1::2]
    kinds, lowers, cyrillic = tokens.columns(list(map(tokens._PIECE.__getitem__, strs)), 3)
    if tokens._MIXED in kinds:
        cut: list[str] = []
        done = 0
        for k in compress(range(len(kinds)), map(tokens._MIXED.__eq__, kinds)):
            at = 2 * k + 1
            cut += pieces[done:at]
            cut += tokens._TOKEN_SPLIT.split(pieces[at])[1:-1]
            done = at + 1
        cut += pieces[done:]
        pieces = cut
        strs = pieces[1::2]
        kinds, lowers, cyrillic = tokens.columns(list(map(tokens._PIECE.__getitem__, strs)), 3)
    ends = list(accumulate(map(len, pieces)))
    return ends[0:-1:2], ends[1::2], strs, kinds, lowers, cyrillic


def _columns(text: str) -> tuple[list[int], list[int], list[str], list[int], list[str], list[bool]]:
    tk = tokens.Tokens(text)
    got = (tk.starts, tk.stops, tk.strs, tk.kinds, tk.lowers, tk.cyrillic)
    assert all(type(column) is list for column in got)
    return got


def _same(text: str) -> None:
    want = _old_columns(text)
    got = _columns(text)
    assert got == want, text[:120]
    # The flags are the same objects (True and False), not merely equal values.
    assert all(type(flag) is bool for flag in got[5])


# --------------------------------------------------------------------------- the tests

_EXTRA = [
    "",
    " ",
    "21m 5G a_b COVID-19 278m",
    "Рост на 5% до 21млн руб. и 3G-сети",
    "ascii only, no Cyrillic: 12m and 3.5bn",
    "mixed 2m at the end2",
    "2m",
    "ёлка Ёж 1ё2 x_y_z __ 9_9",
    "½ ² ٣ 3٣ x²",
]


def test_fixtures_and_corner_cases() -> None:
    for text in list(masked_texts()) + _EXTRA:
        _same(text)


_PIECES = st.sampled_from([
    " ", "  ", "\n", "\t", "\u00a0", "word", "Слово", "ёж", "12", "3.5", "21m", "5G", "a_b", "_", "m2", "Ж7",
    ",", ".", "-", "—", "«", "»", "%", "$", "²", "½", "x", "1", "k",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=40).map("".join))
def test_generated_text(text: str) -> None:
    _same(text)
