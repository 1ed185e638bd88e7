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
# Runs of word characters instead of digit and letter runs: the same pieces, but for the few runs
# that mix letters with digits or "_" ("21m", "5G", "a_b"), which ``_TOKEN_SPLIT`` cuts further.
# It is a third cheaper to run: one branch fewer to try at every token.
_RUN_SPLIT = re.compile(r"(\w++|\S)")
_MIXED = 0  # the kind ``_piece`` gives a run of word characters that holds several tokens
_CYR_RE = re.compile(r"[а-яё]")

V = TypeVar("V")
# For each kind, a bytes.translate table that maps it to 1 and every other kind to 0.
_MASKS = {kind: bytes(int(k == kind) for k in range(256)) for kind in (D, W, P)}


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


def _piece(s: str) -> tuple[int, str, bool]:
    """``_describe`` of a piece of ``_RUN_SPLIT``, or kind ``_MIXED`` if it holds several tokens."""
    if len(_TOKEN_SPLIT.split(s)) > 3:
        return _MIXED, s, False
    return _DESCRIBE[s]


_PIECE = WordCache(_piece)
_KIND, _LOWER, _CYRILLIC = itemgetter(0), itemgetter(1), itemgetter(2)  # the fields of a description


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
        pieces = _RUN_SPLIT.split(text)
        strs = pieces[1::2]
        # What a token is depends on its text alone: worked out once per distinct token.
        described = list(map(_PIECE.__getitem__, strs))
        kinds = list(map(_KIND, described))
        if _MIXED in kinds:
            # Cut the runs that mix letters and digits into their tokens (glued: no gap between
            # them), copying the pieces between them in slices: linear however many there are.
            # The descriptions are spliced the same way: only the new tokens are looked up.
            cut: list[str] = []
            redone: list[tuple[int, str, bool]] = []
            done = 0
            for k in compress(range(len(kinds)), map(_MIXED.__eq__, kinds)):
                at = 2 * k + 1
                cut += pieces[done:at]
                glued = _TOKEN_SPLIT.split(pieces[at])[1:-1]
                cut += glued
                redone += described[done // 2 : k]
                redone += map(_PIECE.__getitem__, glued[::2])
                done = at + 1
            cut += pieces[done:]
            redone += described[done // 2 :]
            pieces = cut
            strs = pieces[1::2]
            described = redone
            kinds = list(map(_KIND, described))
        lowers = list(map(_LOWER, described))
        # An ASCII text has no Cyrillic letter (str.isascii is a flag, not a scan): no column to read.
        cyrillic = [False] * len(strs) if text.isascii() else list(map(_CYRILLIC, described))
        ends = list(accumulate(map(len, pieces)))
        self.starts: list[int] = ends[0:-1:2]
        self.stops: list[int] = ends[1::2]
        self.strs: list[str] = strs
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
        return list(compress(range(len(self.kinds)), self.mask(kind)))

    def mask(self, kind: int) -> bytes:
        """For each token, 1 if it is of kind ``kind``, else 0 (for ``itertools.compress``)."""
        # bytes() and translate() run over the kinds in C without a call per token.
        table = _MASKS.get(kind)
        if table is None:
            return bytes(len(self.kinds))  # no token is of another kind
        return bytes(self.kinds).translate(table)


def columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """The columns of ``rows`` (tuples of ``width`` items), as lists."""
    # itemgetter maps run in C; zip(*rows) is several times slower on long texts.
    return [list(map(itemgetter(k), rows)) for k in range(width)]


def tokenize(text: str) -> Tokens:
    """The tokens of ``text``."""
    return Tokens(text)
