"""One tokenisation of an article, shared by the quantity scanner, the date finder and the
lexicon matcher: digit runs, letter runs and single other characters, with offsets.

Each of them used to run its own regular expression over the whole text; the three views they
need can all be read off these tokens (``words`` for lexicon phrases; ``dates`` reads word
boundaries from them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate, compress
from operator import itemgetter
from typing import Any, Generic, TypeVar

D, W, P = 1, 2, 3  # token kinds: digits, word (letters), punctuation (any other non-space character)

# A digit run, a letter run, or one other non-space character.
TOKEN_RE = re.compile(r"(\d+)|([^\W\d_]+)|(\S)")
# The same tokens as one capturing group, for ``re.split``: tokens at the odd indices.
_TOKEN_SPLIT = re.compile(r"(\d+|[^\W\d_]+|\S)")
_CYR_RE = re.compile(r"[а-яё]")

V = TypeVar("V")


class WordCache(dict[str, V], Generic[V]):
    """A function of one word, remembered: ``cache[word]``, or ``map(cache.__getitem__, words)``,
    which looks up known words without running any Python code. Emptied when it grows past
    ``limit`` words, so that a long run on ever new numbers and names stays bounded."""

    def __init__(self, func: Callable[[str], V], limit: int = 1 << 16) -> None:
        super().__init__()
        self.func = func
        self.limit = limit

    def __missing__(self, word: str) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.func(word)
        return value


def _describe(s: str) -> tuple[int, str, bool]:
    """Kind, lowercase form (ё folded to е) and whether a token is a word with a Cyrillic letter."""
    m = TOKEN_RE.match(s)
    kind = (m.lastindex if m else None) or P
    if kind != W:
        return kind, s, False
    lo = s.lower().replace("ё", "е")
    return kind, lo, _CYR_RE.search(lo) is not None


_DESCRIBE = WordCache(_describe)


def describe(s: str) -> tuple[int, str, bool]:
    """Kind, lowercase form (ё folded to е) and Cyrillic or not of token ``s`` (remembered)."""
    return _DESCRIBE[s]


class Tokens:
    """The tokens of a text as parallel sequences: offsets, text, kind, lowercase form, Cyrillic."""

    __slots__ = ("text", "starts", "stops", "strs", "kinds", "lowers", "cyrillic")

    def __init__(self, text: str) -> None:
        self.text = text
        # One split and running sums of the piece lengths, all in C, instead of a match object per
        # token: pieces alternate gap, token, gap ..., so a token starts where the pieces before it end.
        pieces = _TOKEN_SPLIT.split(text)
        ends = list(accumulate(map(len, pieces)))
        self.starts: list[int] = ends[0:-1:2]
        self.stops: list[int] = ends[1::2]
        self.strs: list[str] = pieces[1::2]
        # What a token is depends on its text alone: worked out once per distinct token.
        kinds, lowers, cyrillic = columns(list(map(_DESCRIBE.__getitem__, self.strs)), 3)
        self.kinds: list[int] = kinds
        self.lowers: list[str] = lowers
        self.cyrillic: list[bool] = cyrillic

    def __len__(self) -> int:
        return len(self.strs)

    def glued(self, a: int, b: int) -> bool:
        """Tokens ``a`` and ``b`` touch (no space between)."""
        return self.stops[a] == self.starts[b]

    def indices(self, kind: int) -> list[int]:
        """Indices of the tokens of one kind, in order."""
        return list(compress(range(len(self.kinds)), map(kind.__eq__, self.kinds)))


def columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """The columns of ``rows`` (tuples of ``width`` items), as lists."""
    # itemgetter maps run in C; zip(*rows) is several times slower on long texts.
    return [list(map(itemgetter(k), rows)) for k in range(width)]


def tokenize(text: str) -> Tokens:
    """The tokens of ``text``."""
    return Tokens(text)
