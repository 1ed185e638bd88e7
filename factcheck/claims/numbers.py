"""Quantities in English and Russian news text, as intervals with a canonical unit.

``find_quantities`` returns every number expression that states an amount: digits in any
common grouping ("2,700", "2 700", "1.000.000", Russian "8,5"), number words in any case
("forty-nine", "сорока девяти", "полутора"), multipliers ("$2 billion", "2 млрд долларов"),
qualifiers ("about", "более", "up to"), ranges ("from 5 to 10", "от 5 до 10", "5-10") and vague
amounts ("dozens", "тысячи"). Labels are not amounts and are skipped: designators and codes
(Il-76, Су-30МК2, COVID-19, G20), years used as dates ("in 2023", "2025 года"), day numbers
inside dates, ordinals, times of day, article numbers, phone numbers, URLs and digits glued
inside words.

Intervals: ``low``/``high`` are inclusive except for ``more_than`` (low is exclusive), and
``None`` is an open bound. Qualifiers:

====================  ==========================================  =========================
qualifier             words                                       interval for N
====================  ==========================================  =========================
exact                 (none)                                      [N, N]
approx                about, around, some, около, примерно ...     [0.9 N, 1.1 N]
approx (nearly)       nearly, almost, почти, без малого            [0.9 N, N]
more_than             more than, over, более, свыше, больше        (N, None)
at_least              at least, не менее, как минимум, "5 or more" [N, None]
up_to                 up to, as many as, до, не более, максимум    [0, N]
at_most               less than, fewer than, under, менее, меньше  [0, N]  (strictly below)
range                 from N to M, от N до M, between, N-M         [N, M]
vague                 the words in the table below                 widened, never dropped
====================  ==========================================  =========================

Vague amounts (the same in both languages, so translations of one report overlap):

==========================================  ==============================
words                                       interval
==========================================  ==============================
a couple of                                 [2, 3]
a few, a handful of, немного                [2, 5]
several, multiple, несколько                [2, 9]
tens (of)                                   [20, 99]
dozens, десятки                             [24, 99]
scores                                      [40, 199]
hundreds, сотни                             [200, 999]
thousands, тысячи                           [2000, 9999]
millions, миллионы                          [2e6, 9.99e6]
billions, миллиарды                         [2e9, 9.99e9]
V followed by scale words of product S      [low * S, (high + 1) * S - 1], where dozens/
                                            десятки start at 20: "tens of thousands",
                                            "десятки тысяч" = [20000, 99999], "several
                                            hundred" = [200, 999], "сотни тысяч" =
                                            [200000, 999999]
==========================================  ==============================

Canonical units (one per dimension, except duration, which keeps year, month, day and hour
apart because months and years have no fixed length in days): km, t, %, pp (1 bp = 0.01 pp),
year (decades x10), month, day (weeks x7), hour (minutes /60), money by ISO code without
conversion, magnitude, km/h, km2, m3, C (Fahrenheit converted), x (times, "в 3 раза").

Number formats: in English "1,000" is a thousand and "1,5" is 1.5; in Russian a comma is a
decimal comma unless several 3-digit groups follow it ("1,000,000"); a dot followed by exactly
three digits is a decimal point unless more dot groups follow ("1.000.000").

Years: a bare 1800-2100 integer with no unit is a year (skipped) after in/since/by/of/from/until,
в/с/до/к/году/года and the like, after a month name, or before год/года/году/г.; so is the
other end of "2020-2023" or "from 2020 to 2023".

All regular expressions are linear (no nested quantifiers that can backtrack); most of the
work is done on a token list by hand-written, forward-only code.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from itertools import compress, repeat
from typing import Any, NamedTuple

from factcheck.claims.tokens import D as _D
from factcheck.claims.tokens import P as _P
from factcheck.claims.tokens import TOKEN_RE as _TOKEN_RE
from factcheck.claims.tokens import W as _W
from factcheck.claims.tokens import Tokens, WordCache, describe
from factcheck.data import load_toml
from factcheck.morph import lemma
from factcheck.native import mypyc_attr

__all__ = ["Quantity", "find_quantities", "parse_quantity"]


@mypyc_attr(native_class=False)
@dataclass(frozen=True)
class Quantity:
    """One quantity expression: offsets into the text, its interval, unit and qualifier."""

    start: int
    stop: int
    text: str
    low: float | None
    high: float | None
    unit: str | None
    dimension: str
    qualifier: str
    noun_start: int


# ------------------------------------------------------------------------------------ regexes

# Tokens (factcheck.claims.tokens): a digit run, a letter run, or one other non-space character.
_CYR_RE = re.compile(r"[а-яё]")
_CHUNK_RE = re.compile(r"\S+")
# Phone numbers; every quantifier is bounded, so the work per start position is constant.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+?\d{1,3}[ .\-]?)?(?:\(\d{2,5}\)[ .\-]?|\d{3,5}[ .\-])\d{2,3}-\d{2}-\d{2}(?!\w)"
    r"|(?<![\w+])(?:\+?1[ .\-]?)?(?:\(\d{3}\) ?|\d{3}[ .\-])\d{3}[.\-]\d{4}(?!\w)"
    r"|(?<![\w+])\+\d{1,3}[ .\-]?\(?\d{1,5}\)?(?:[ .\-]?\d{2,4}){2,4}(?!\w)"
)

_SPACE_SEPS = frozenset(" \u00a0\u2009\u202f")
_HYPHENS = frozenset("-‐‑‒–—−")
_MINUS = frozenset("-−")
_MAX_INT_DIGITS = 15
_MONTH_ENDINGS = frozenset(("", "ь", "я", "е", "ю", "ем", "а", "у", "ом", "й"))


# ------------------------------------------------------------------------------------ lexicon


class _Unit(NamedTuple):
    canonical: str
    dimension: str
    factor: float
    offset: float


class _Vague(NamedTuple):
    low: float
    high: float
    scaled_low: float


class _Collective(NamedTuple):
    scale: float
    vague: _Vague
    plural: bool
    ambiguous: bool


_Index = dict[str, list[tuple[tuple[str, ...], Any]]]


def _tokenize_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(m.group().lower().replace("ё", "е") for m in _TOKEN_RE.finditer(phrase))


def _add(index: _Index, phrase: str, value: Any) -> None:
    toks = _tokenize_phrase(phrase)
    if toks:
        index.setdefault(toks[0], []).append((toks, value))


def _sort(index: _Index) -> _Index:
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@dataclass
class _Lang:
    """Everything the scanner needs for one language."""

    units: _Index
    prefixes: _Index
    after_prefix: _Index
    unit_by_spelling: dict[str, _Unit]
    words: dict[str, tuple[float, str]]
    scales: dict[str, float]
    attached_scales: dict[str, float]
    vague: _Index
    vague_scales: dict[str, float]
    collectives: dict[str, _Collective]
    qualifiers: _Index
    post_qualifiers: _Index
    half: _Index
    openers: dict[str, str]
    connectors: frozenset[str]
    between_connectors: frozenset[str]
    from_connectors: frozenset[str]
    sign_minus: frozenset[str]
    year_before: frozenset[str]
    year_after: frozenset[str]
    months: frozenset[str]
    month_stems: tuple[str, ...]
    designators: frozenset[str]
    ordinal_suffixes: frozenset[str]
    cardinal_suffixes: frozenset[str]
    ordinal_lemmas: frozenset[str]
    one_stop_before: frozenset[str]
    one_stop_after: frozenset[str]
    time_after: frozenset[str]
    hyphen_stop: frozenset[str]
    comparatives: frozenset[str]
    of: frozenset[str]
    fused: dict[str, tuple[float, _Unit | None]]
    stems: tuple[tuple[str, float], ...]
    compound_suffixes: tuple[tuple[str, _Unit], ...]
    starters: frozenset[str]
    part_starters: frozenset[str]  # the first tokens of a number in _Scanner.part (no qualifier)
    lead: int  # most tokens before the number: the longest qualifier and a range opener
    lemma_starters: frozenset[str]  # lemmas that can open a quantity (prefix units, vague, numbers)
    # Words that open a quantity only as the first word of a longer phrase ("a few", "a million"):
    # the words that can follow them there.
    followers: dict[str, frozenset[str]]
    # The same pairs as (first word, next word), for a lookup of both at once.
    follower_pairs: frozenset[tuple[str, str]]
    # First word of a qualifier -> the second words of its phrases (None: a one-word phrase too).
    qualifier_next: dict[str, frozenset[str] | None]
    # The words that ``openers`` looks at after whatever next word: the first words of one-word
    # qualifiers, and range openers. The others need the next word of a qualifier they start:
    # those pairs of words.
    qualifier_free: frozenset[str]
    qualifier_pairs: frozenset[tuple[str, str]]


@cache
def _lexicon(lang: str) -> _Lang:
    """Build the lookup tables for ``lang`` from units.toml and numerals.toml (once)."""
    units_data = load_toml("units")
    num = load_toml("numerals")[lang]
    ctx = num.get("context", {})

    units: _Index = {}
    prefixes: _Index = {}
    after_prefix: _Index = {}
    by_spelling: dict[str, _Unit] = {}
    for entry in units_data["unit"]:
        unit = _Unit(entry["canonical"], entry["dimension"], float(entry["factor"]), float(entry.get("offset", 0.0)))
        for spelling in entry.get(lang, []) + entry.get("any", []):
            _add(units, spelling, unit)
            by_spelling.setdefault(spelling, unit)
        for spelling in entry.get(f"prefix_{lang}", []) + entry.get("prefix_any", []):
            _add(prefixes, spelling, unit)
        for spelling in entry.get(f"{lang}_after_prefix", []):
            _add(after_prefix, spelling, unit)

    vague: _Index = {}
    for phrase, (low, high, scaled_low) in num.get("vague", {}).items():
        _add(vague, phrase, _Vague(float(low), float(high), float(scaled_low)))

    collectives: dict[str, _Collective] = {}
    for spec in num.get("collectives", {}).values():
        v = _Vague(*(float(x) for x in spec["vague"]))
        ambiguous = set(spec["ambiguous"])
        for form in spec["singular"]:
            collectives[form] = _Collective(float(spec["scale"]), v, False, form in ambiguous)
        for form in spec["plural"]:
            collectives[form] = _Collective(float(spec["scale"]), v, True, form in ambiguous)

    qualifiers: _Index = {}
    for qual, phrases in num.get("qualifiers", {}).items():
        for phrase in phrases:
            _add(qualifiers, phrase, qual)
    post: _Index = {}
    for qual, phrases in num.get("post_qualifiers", {}).items():
        for phrase in phrases:
            _add(post, phrase, qual)
    half: _Index = {}
    for phrase in ctx.get("half", []):
        _add(half, phrase, 0.5)

    fused: dict[str, tuple[float, _Unit | None]] = {}
    for word, (value, spelling) in num.get("fused", {}).items():
        fused[word] = (float(value), by_spelling[spelling] if spelling else None)
    stems = tuple(sorted(((k, float(v)) for k, v in num.get("compound_stems", {}).items()), key=lambda kv: -len(kv[0])))
    suffixes = tuple((k, by_spelling[v]) for k, v in num.get("compound_suffixes", {}).items())

    rng = num.get("range", {})
    words = {k: (float(v), str(kind)) for k, (v, kind) in num.get("words", {}).items()}
    scales = {k: float(v) for k, v in num.get("scales", {}).items()}
    attached = {k: float(v) for k, v in num.get("attached_scales", {}).items()}
    vague_scales = {k: float(v) for k, v in num.get("vague_scales", {}).items()}
    sign_minus = frozenset(ctx.get("sign_minus", []))
    # first tokens that can open an expression; lets the scanner skip other words cheaply
    part_starters = frozenset(
        set(words) | set(vague) | set(collectives) | set(prefixes) | sign_minus | set(fused)
        | {"a", "an", "half", "m", "mw", "м"}
    )
    starters = part_starters | set(qualifiers) | set(rng.get("openers", {}))

    def fs(key: str) -> frozenset[str]:
        return frozenset(x.lower() for x in ctx.get(key, []))

    followers = _followers(lang, part_starters, words, scales, collectives, fused, sign_minus,
                           frozenset(rng.get("openers", {})), (qualifiers, vague, prefixes))
    qualifier_next = _next_words(qualifiers)

    return _Lang(
        units=_sort(units),
        prefixes=_sort(prefixes),
        after_prefix=_sort(after_prefix),
        unit_by_spelling=by_spelling,
        words=words,
        scales=scales,
        attached_scales=attached,
        vague=_sort(vague),
        vague_scales=vague_scales,
        collectives=collectives,
        qualifiers=_sort(qualifiers),
        post_qualifiers=_sort(post),
        half=_sort(half),
        openers=dict(rng.get("openers", {})),
        connectors=frozenset(rng.get("connectors", [])),
        between_connectors=frozenset(rng.get("between_connectors", [])),
        from_connectors=frozenset(rng.get("from_connectors", [])),
        sign_minus=sign_minus,
        year_before=fs("year_before"),
        year_after=fs("year_after"),
        months=fs("months"),
        month_stems=tuple(ctx.get("month_stems", [])),
        designators=fs("designators"),
        ordinal_suffixes=fs("ordinal_suffixes"),
        cardinal_suffixes=fs("cardinal_suffixes"),
        ordinal_lemmas=fs("ordinal_lemmas"),
        one_stop_before=fs("one_stop_before"),
        one_stop_after=fs("one_stop_after"),
        time_after=fs("time_after"),
        hyphen_stop=fs("hyphen_stop"),
        comparatives=fs("comparatives"),
        of=fs("of"),
        fused=fused,
        stems=stems,
        compound_suffixes=suffixes,
        starters=starters,
        part_starters=part_starters,
        lead=max((len(toks) for entries in qualifiers.values() for toks, _ in entries), default=0) + 1,
        lemma_starters=frozenset(set(prefixes) | set(vague) | set(words)),
        followers=followers,
        follower_pairs=frozenset((w, f) for w, after in followers.items() for f in after),
        qualifier_next=qualifier_next,
        qualifier_free=frozenset(w for w, after in qualifier_next.items() if after is None)
        | frozenset(rng.get("openers", {})),
        qualifier_pairs=frozenset((w, x) for w, after in qualifier_next.items() if after for x in after),
    )


def _next_words(index: _Index) -> dict[str, frozenset[str] | None]:
    """First word -> the second words of the phrases of ``index`` it starts; None where one of
    them is the first word alone."""
    return {
        first: None if any(len(toks) < 2 for toks, _ in entries) else frozenset(toks[1] for toks, _ in entries)
        for first, entries in index.items()
    }


def _followers(
    lang: str,
    part_starters: frozenset[str],
    words: dict[str, tuple[float, str]],
    scales: dict[str, float],
    collectives: dict[str, _Collective],
    fused: dict[str, tuple[float, _Unit | None]],
    sign_minus: frozenset[str],
    openers: frozenset[str],
    phrases: tuple[_Index, ...],
) -> dict[str, frozenset[str]]:
    """For each word of ``part_starters`` that ``_Scanner.core`` can only read as the first word of
    a phrase of two or more tokens (a qualifier, a vague amount, a unit written first) or, in
    English, as "a"/"an" before a multiplier ("a million"), the second words of those phrases.

    ``core`` reads nothing else at such a word: it is no number word, no minus, no range opener,
    and not Cyrillic (a Russian word is also read through its lemma)."""
    out: dict[str, frozenset[str]] = {}
    for w in part_starters:
        if (
            w in words or w in scales or w in collectives or w in fused or w in sign_minus or w in openers
            or w in ("half", "m", "mw", "м") or _CYR_RE.search(w) is not None
        ):
            continue
        entries = [toks for index in phrases for toks, _ in index.get(w, ())]
        if any(len(toks) < 2 for toks in entries):
            continue
        second = {toks[1] for toks in entries}
        if lang == "en" and w in ("a", "an"):
            second |= {k for k, (_, cat) in words.items() if cat in ("scale", "hundred", "dozen")}
        out[w] = frozenset(second)
    return out


# ------------------------------------------------------------------------------------ scanner


@dataclass(slots=True)
class _Part:
    """One side of a quantity: a number with its multiplier and unit, in token indices."""

    i0: int
    i1: int
    low: float = 0.0
    high: float = 0.0
    vague: bool = False
    has_scale: bool = False
    mult: float = 1.0
    plain: int | None = None  # the integer, when written as bare digits (year and day checks)
    unit: _Unit | None = None
    prefix: bool = False  # unit written before the number ("$5")
    hyphen_adj: bool = False  # "three-year", "14-member": nothing can follow as a range
    noun_tok: int | None = None
    post_qual: str | None = None
    skip: str | None = None  # not a quantity: "year", "day" or "label"; i1 is where to resume


def _skip(i0: int, i1: int, kind: str = "label") -> _Part:
    return _Part(i0, i1, skip=kind)


_new = object.__new__
_set = object.__setattr__


def _clean(x: float) -> float:
    if x.is_integer() and abs(x) < 1e15:
        return x
    # 12 significant digits hides binary noise such as 1.609344 * 5 = 8.046719999999999
    return float(f"{x:.12g}")


class _Scanner:
    """Walks the tokens of one text left to right, emitting quantities."""

    def __init__(self, text: str, lang: str, tokens: Tokens | None = None) -> None:
        self.text = text
        self.lang = lang
        self.lx = _lexicon(lang)
        tk = tokens if tokens is not None else Tokens(text)
        self.st, self.en, self.s = tk.starts, tk.stops, tk.strs
        self.kind, self.lo, self.cyrillic = tk.kinds, tk.lowers, tk.cyrillic
        self.n = len(tk)
        codes = token_codes(tk, lang)
        # The few tokens that hint at a URL, an e-mail address or a phone number, found in C.
        rare = [m.start() for m in _RARE_CODE.finditer(codes)]
        self.masked = self._mask(tk, rare)
        opens = codes.translate(_OPEN_BITS)
        if self.masked.find(1) >= 0:  # a masked token opens nothing: its runs are cleared, not each token
            kept = bytearray(opens)
            for m in _MASKED_RUN.finditer(self.masked):
                kept[m.start() : m.end()] = bytes(m.end() - m.start())
            opens = bytes(kept)
        self.opens = opens
        self.last_skip: tuple[int, str] = (-10, "")

    # ---------------------------------------------------------------------------- helpers

    def _mask(self, tk: Tokens, rare: list[int]) -> bytearray:
        """Mark tokens inside URLs, e-mail addresses and phone numbers; ``rare``: the indices of
        the tokens whose code is marked ``_RARE``, in order."""
        spans: list[tuple[int, int]] = []
        text = self.text
        # "@" and "/" are tokens of their own, so the text has "@" or "://" only if ``rare`` holds
        # an "@" or a "/"; a chunk that starts with "www." (in any case) starts with the letter
        # token "www". Most texts have none: no scan of the text or of its tokens for them.
        seen = set(map(tk.lowers.__getitem__, rare))
        if "@" in seen or "www" in seen or ("/" in seen and "://" in text):
            for m in _CHUNK_RE.finditer(text):
                c = m.group()
                if "@" in c or "://" in c or c.lower().startswith("www."):
                    spans.append(m.span())
        spans.extend(_phones(text, tk, [i for i in rare if tk.strs[i] in _PHONE_PUNCT]))
        masked = bytearray(self.n)
        st, en, n = self.st, self.en, self.n
        for a, b in spans:
            i = bisect_right(en, a)  # the first token that ends after the span starts
            while i < n and st[i] < b:
                masked[i] = 1
                i += 1
        return masked

    def adj(self, a: int, b: int) -> bool:
        """Tokens ``a`` and ``b`` touch (no space between)."""
        return 0 <= a < self.n and 0 <= b < self.n and self.en[a] == self.st[b]

    def cyr(self, i: int) -> bool:
        """Token ``i`` is a word with a Cyrillic letter."""
        return self.cyrillic[i]

    def lem(self, i: int) -> str:
        """Lemma of a Cyrillic word token (pymorphy3 only runs for Cyrillic words)."""
        if self.lang == "ru" and self.cyrillic[i]:
            return _LEMMAS[self.s[i]]
        return self.lo[i]

    def keys(self, i: int) -> tuple[str, ...]:
        lo = self.lo[i]
        if self.lang == "ru" and self.kind[i] == _W and self.cyr(i):
            lm = self.lem(i)
            return (lo,) if lm == lo else (lo, lm)
        return (lo,)

    def match(self, i: int, index: _Index, lemmas: bool = True) -> tuple[Any, int] | None:
        """Longest phrase of ``index`` starting at token ``i``: (value, end token)."""
        if i >= self.n or self.masked[i]:
            return None
        # Most tokens start no phrase: only a Russian word's lemma can, besides its own form.
        lo = self.lo[i]
        if lemmas and self.cyrillic[i] and self.lang == "ru":
            lm = self.lem(i)
            if lo not in index and lm not in index:
                return None
            keys: tuple[str, ...] = (lo,) if lm == lo else (lo, lm)
        elif lo not in index:
            return None
        else:
            keys = (lo,)
        best: tuple[Any, int] | None = None
        for key in keys:
            for toks, value in index.get(key, ()):
                end = i + len(toks)
                if end > self.n or (best is not None and end <= best[1]):
                    continue
                ok = True
                for t in range(1, len(toks)):
                    p = i + t
                    if self.masked[p] or self.st[p] - self.en[p - 1] > 3:
                        ok = False
                        break
                    if toks[t] == "." and not self.adj(p - 1, p):
                        ok = False
                        break
                    want = toks[t]
                    if want != self.lo[p] and not (lemmas and want in self.keys(p)):
                        ok = False
                        break
                if ok:
                    best = (value, end)
        return best

    def is_month(self, i: int) -> bool:
        if i < 0 or i >= self.n or self.kind[i] != _W:
            return False
        lo = self.lo[i]
        if self.lang == "en":
            return lo in self.lx.months and self.s[i][0].isupper()
        for stem in self.lx.month_stems:
            if lo.startswith(stem) and lo[len(stem) :] in _MONTH_ENDINGS:
                return True
        return False

    def prev_word(self, i: int) -> int:
        """Index of the word before token ``i``, stepping over a glued abbreviation dot."""
        j = i - 1
        if j >= 1 and self.s[j] == "." and self.adj(j - 1, j) and self.kind[j - 1] == _W:
            j -= 1
        return j

    # ---------------------------------------------------------------------------- main loop

    def openers(self) -> list[int]:
        """Tokens where ``core`` can find something: digits, a minus, a first word of an
        expression, or a Russian word that can open one (``_ru_may_open``); none masked.

        ``core`` reads at most a qualifier and a range opener ("more than", "from") before the
        number itself (``part``), so a word that only opens a qualifier needs them to be followed
        by a token where a number can begin. A word that only opens longer phrases ("a few") needs
        the second word of one of them next (``_Lang.followers``)."""
        lx, lo, opens, n = self.lx, self.lo, self.opens, self.n
        # The codes (masked tokens have none) are searched in C: every number opener is one.
        out = [m.start() for m in _NUMBER_CODE.finditer(opens)]
        # "a" opens "a few" or "a million", not "a plane": look at the next word.
        phrase = [m.start() for m in _PHRASE_CODE.finditer(opens)]
        if phrase and phrase[-1] == n - 1:
            phrase.pop()
        if self.lang == "ru":
            cyr = self.cyrillic
            out += [i for i in phrase if lo[i + 1] in lx.followers[lo[i]] or cyr[i + 1]]
        elif phrase:
            pairs = zip(map(lo.__getitem__, phrase), map(lo.__getitem__, map((1).__add__, phrase)))
            out += compress(phrase, map(lx.follower_pairs.__contains__, pairs))
        # A minus sign (a hyphen, a dash) opens a number only with digits glued after it, and not
        # glued after a word or after digits ("Il-76", "2-3"): the test of ``part``.
        kind, st, en = self.kind, self.st, self.en
        for m in _SIGN_CODE.finditer(opens):
            i = m.start()
            if (
                i + 1 < n and kind[i + 1] == _D and en[i] == st[i + 1]
                and not (i > 0 and (kind[i - 1] == _D or (en[i - 1] == st[i] and kind[i - 1] == _W)))
            ):
                out.append(i)
        # A qualifier, or a range opener ("from"), then a number: what core reads first. Both
        # together are at most ``lead`` tokens, so only qualifiers with a number that close count.
        nxt = lx.qualifier_next
        worth: set[int] = set()
        quals = [m.start() for m in _opener_codes(lx.lead).finditer(opens)]  # each has a token after it
        if quals:
            # Only a one-word qualifier, a range opener, or the first word of a qualifier before
            # its second word can lead to a number ("in 2024" cannot): picked in C.
            heads = list(map(lo.__getitem__, quals))
            worth.update(compress(quals, map(lx.qualifier_free.__contains__, heads)))
            pairs = zip(heads, map(lo.__getitem__, map((1).__add__, quals)))
            worth.update(compress(quals, map(lx.qualifier_pairs.__contains__, pairs)))
        for i in worth:
            after = nxt.get(lo[i], None)
            if after is not None and (i + 1 >= n or lo[i + 1] not in after):
                q = None  # the second word of every qualifier it starts is missing
            else:
                q = self.match(i, lx.qualifiers, lemmas=False)
            j = i if q is None else q[1]
            if j < n and lo[j] in lx.openers:
                j += 1
            elif q is None:
                continue
            if j < n and opens[j] >= _NUMBER:
                out.append(i)
        out.sort()
        return out

    def run(self) -> list[Quantity]:
        out: list[Quantity] = []
        resume = 0  # the first token after the last expression or skipped label
        for i in self.openers():
            if i < resume:
                continue
            res = self.core(i)
            if res is None:
                continue
            if isinstance(res, tuple):
                out.append(res[0])
                resume = max(res[1], i + 1)
            else:
                resume = max(res, i + 1)
        return out

    def core(self, i: int) -> tuple[Quantity, int] | int | None:
        """Parse a whole expression at token ``i``: (Quantity, next token), a token to skip to, or None."""
        lx = self.lx
        qual: str | None = None
        j = i
        # Most expressions have no qualifier: no call to look for one where no phrase starts.
        m = self.match(i, lx.qualifiers, lemmas=False) if self.lo[i] in lx.qualifiers else None
        if m is not None:
            qual, j = m
        opener: str | None = None
        if j < self.n and self.lo[j] in lx.openers:
            opener = lx.openers[self.lo[j]]
            j += 1
        p1 = self.part(j, after_qual=qual is not None or opener is not None)
        if p1 is None:
            return None
        if p1.skip:
            self.last_skip = (p1.i1, p1.skip)
            return p1.i1
        start_tok = i if qual is not None else p1.i0
        parts = [p1]
        base = "vague" if p1.vague else "exact"
        range_low, range_high, range_unit = p1.low, p1.high, p1.unit
        if not p1.vague and not p1.hyphen_adj and p1.post_qual is None:
            conn = self.connector(p1.i1, opener)
            if conn is not None:
                p2 = self.part(conn, after_qual=True, in_range=True)
                if p2 is not None and p2.skip and p1.plain is not None and p1.unit is None and not p1.has_scale:
                    if (p2.skip == "year" and 1800 <= p1.plain <= 2100) or (p2.skip == "day" and 1 <= p1.plain <= 31):
                        self.last_skip = (p2.i1, p2.skip)
                        return p2.i1
                if p2 is not None and not p2.skip and not p2.vague:
                    merged = self.merge(p1, p2)
                    if merged == "score":
                        return p2.i1
                    if isinstance(merged, tuple):
                        parts = [p1, p2]
                        base = "range"
                        range_low, range_high, range_unit = merged
        last = parts[-1]
        if base == "range" and all(p.plain is not None for p in parts) and last.unit is None and not last.has_scale:
            lo_v, hi_v = parts[0].plain, parts[1].plain
            assert lo_v is not None and hi_v is not None
            if hi_v <= 31 and self.is_month(last.i1):
                self.last_skip = (last.i1, "day")
                return last.i1
            if 1800 <= lo_v <= 2100 and 1800 <= hi_v <= 2100 and last.i1 < self.n and self.lo[last.i1] in lx.year_after:
                self.last_skip = (last.i1 + 1, "year")
                return last.i1 + 1
        if opener is not None and base == "range":
            start_tok = i  # "from 5 to 10 km" includes "from"
        end_tok = last.i1
        noun_tok = last.noun_tok if last.noun_tok is not None else end_tok
        post = p1.post_qual
        if qual is None and post is None:
            pm = None
            if end_tok < self.n and self.lo[end_tok] in lx.post_qualifiers:
                pm = self.match(end_tok, lx.post_qualifiers, lemmas=False)
            if pm is not None and self.s[end_tok] == "+" and not self.adj(end_tok - 1, end_tok):
                pm = None  # "50+" is at least 50, "5 + 3" is not
            if pm is not None:
                post, end_tok = pm
                noun_tok = end_tok
        if post is not None and qual is None:
            qual = post
        # interval in the unit of the expression, then canonical
        if base == "range":
            low, high, unit = range_low, range_high, range_unit
        else:
            low, high, unit = p1.low, p1.high, p1.unit
        q_low: float | None = low
        q_high: float | None = high
        qualifier = base
        if qual is not None:
            if qual == "approx":
                a, b = 0.9 * low, 1.1 * high
                q_low, q_high = min(a, b), max(a, b)
            elif qual == "nearly":
                a = 0.9 * low
                q_low, q_high = min(a, high), max(a, high)
                qual = "approx"
            elif qual in ("more_than", "at_least"):
                q_low, q_high = low, None
            else:  # up_to, at_most
                q_low, q_high = (0.0 if high >= 0 else None), high
            qualifier = qual
        if unit is not None:
            q_low = None if q_low is None else q_low * unit.factor + unit.offset
            q_high = None if q_high is None else q_high * unit.factor + unit.offset
        stop_char = self.en[end_tok - 1]
        start_char = self.st[start_tok]
        if noun_tok < self.n and self.lo[noun_tok] in lx.of and last.vague:
            noun_tok += 1
        noun_start = self.st[noun_tok] if noun_tok < self.n else len(self.text)
        noun_start = max(noun_start, stop_char)
        # Quantity(start=..., ...), made as copy and pickle make one: its frozen __init__ sets each
        # field through object.__setattr__, at three times the cost.
        q = _new(Quantity)
        _set(q, "__dict__", {
            "start": start_char,
            "stop": stop_char,
            "text": self.text[start_char:stop_char],
            "low": None if q_low is None else _clean(q_low),
            "high": None if q_high is None else _clean(q_high),
            "unit": unit.canonical if unit is not None else None,
            "dimension": unit.dimension if unit is not None else "count",
            "qualifier": qualifier,
            "noun_start": noun_start,
        })
        return q, end_tok

    def connector(self, k: int, opener: str | None) -> int | None:
        """Token index after a range connector at ``k`` ("-", "to", "до" after "от" ...), or None."""
        if k >= self.n or self.masked[k]:
            return None
        lo = self.lo[k]
        lx = self.lx
        if self.s[k] in _HYPHENS:
            return k + 1
        if lo in lx.connectors:
            return k + 1
        if opener == "between" and lo in lx.between_connectors:
            return k + 1
        if opener == "from" and lo in lx.from_connectors:
            return k + 1
        return None

    def merge(self, p1: _Part, p2: _Part) -> tuple[float, float, _Unit | None] | str | None:
        """The range p1-p2 as (low, high, unit), sharing multiplier and unit; "score" if reversed."""
        u1, u2 = p1.unit, p2.unit
        if u1 is not None and u2 is not None and u1.canonical != u2.canonical:
            return None
        low, high = p1.low, p2.high
        # "5-10 million": the multiplier of the second number applies to the first
        if not p1.has_scale and p2.mult != 1.0 and low <= p2.low / p2.mult:
            low *= p2.mult
        unit = u2 if u2 is not None else u1
        if u1 is not None and u2 is not None and u1 != u2:
            # different spellings of one dimension ("5 miles to 10 km"): low in the unit of p2
            low = (low * u1.factor + u1.offset - u2.offset) / u2.factor
        if low > high:
            return "score"
        return low, high, unit

    # ---------------------------------------------------------------------------- one side

    def part(self, j: int, after_qual: bool = False, in_range: bool = False) -> _Part | None:
        """Parse [sign] [prefix unit] number [half] [multiplier] [unit] at token ``j``."""
        n = self.n
        if j >= n or self.masked[j]:
            return None
        lx = self.lx
        k = j
        sign = 1.0
        if self.lo[k] in lx.sign_minus and k + 1 < n:
            sign = -1.0
            k += 1
        elif (
            self.s[k] in _MINUS
            and k + 1 < n
            and self.kind[k + 1] == _D
            and self.adj(k, k + 1)
            and not (k > 0 and (self.kind[k - 1] == _D or (self.adj(k - 1, k) and self.kind[k - 1] == _W)))
            and not in_range
        ):
            sign = -1.0
            k += 1
        prefix_unit: _Unit | None = None
        glued_ok = False
        pm = self.match(k, lx.prefixes) if self.lo[k] in lx.prefixes or self.cyrillic[k] else None
        if pm is not None and pm[1] < n:
            prefix_unit, k = pm
        elif (
            k + 1 < n
            and self.s[k] in ("M", "Mw", "М")
            and self.kind[k + 1] == _D
            and self.adj(k, k + 1)
            and not self.adj(k - 1, k)
        ):
            prefix_unit = lx.unit_by_spelling.get("magnitude") or _Unit("magnitude", "magnitude", 1.0, 0.0)
            k += 1
            glued_ok = True
        if prefix_unit is not None and k < n and self.s[k] in _MINUS and self.kind[k] == _P and self.adj(k, k + 1):
            sign = -sign
            k += 1
        p = self.number(k, after_qual, glued_ok, in_range)
        if p is None:
            return None
        if p.skip:
            return p
        p.i0 = j
        if glued_ok and p.plain is not None:
            return _skip(j, p.i1)  # "M5" is a road or a model; magnitudes are written "M5.0"
        if prefix_unit is not None:
            p.unit = prefix_unit
            p.prefix = True
        if sign < 0:
            p.low, p.high = -p.high, -p.low
            p.plain = None
        return self.tail(p)

    def tail(self, p: _Part) -> _Part:
        """Everything after the number: halves, multipliers, units, hyphen adjectives, checks."""
        lx = self.lx
        n = self.n
        k = p.i1
        if p.vague:
            # "thousands of kilometres", "десятки километров"
            if p.unit is None:
                kk = k + 1 if k < n and self.lo[k] in lx.of else k
                um = self.match(kk, lx.units)
                if um is not None:
                    p.unit, p.i1 = um
            return p
        hm = self.match(k, lx.half, lemmas=False) if k < n and self.lo[k] in lx.half else None
        if hm is not None:
            p.low += 0.5
            p.high += 0.5
            p.plain = None
            k = p.i1 = hm[1]
        pq = self.match(k, lx.post_qualifiers, lemmas=False) if k < n and self.lo[k] in lx.post_qualifiers else None
        if pq is not None and pq[0] == "more_than":  # "сто с лишним человек"
            p.post_qual = "more_than"
            k = p.i1 = pq[1]
        # years before год/года: leave them to the date parser
        if p.plain is not None and 1800 <= p.plain <= 2100 and p.unit is None and k < n and self.lo[k] in lx.year_after:
            end = k + 1
            if end < n and self.s[end] == "." and self.adj(k, end):
                end += 1
            return _skip(p.i0, end, "year")
        if k < n and self.kind[k - 1] == _D and self.kind[k] == _W and self.adj(k - 1, k):
            lo = self.lo[k]
            if lo in lx.ordinal_suffixes or lo in ("s", "x", "g", "d"):
                return _skip(p.i0, k + 1)
        # multiplier
        if not p.has_scale and k < n:
            s = self.scale(k, money=p.unit is not None and p.unit.dimension == "money")
            if s is not None:
                mult, k = s
                p.mult = mult
                p.low *= mult
                p.high *= mult
                p.has_scale = True
                p.plain = None
                p.i1 = k
        # A unit at k: looked for only where a phrase of units can start (a Cyrillic word through its lemma).
        um = self.match(k, lx.units) if k < n and (self.lo[k] in lx.units or self.cyrillic[k]) else None
        # digits glued to a word that is no unit: part of a code or a word ("5G", "30MK2")
        if um is None and k < n and self.kind[k - 1] == _D and self.kind[k] == _W and self.adj(k - 1, k):
            return _skip(p.i0, k + 1)
        # unit
        if p.unit is None:
            if um is not None:
                if self.adj(k - 1, k) and um[1] < n and self.adj(um[1] - 1, um[1]) and self.kind[um[1]] in (_D, _W):
                    return _skip(p.i0, um[1] + 1)  # "9M723": a code, not 9 metres
                p.unit, k = um
                p.i1 = k
        elif p.prefix:
            # "магнитудой 7 баллов", "$5 million dollars": absorb a repeated unit
            um = self.match(k, lx.after_prefix) or um
            if um is not None and um[0].canonical == p.unit.canonical:
                k = p.i1 = um[1]
        # hyphen adjectives and suffixes: "10-year", "5-летний", "4-й", "5-ти", "14-member"
        if k < n and self.s[k] in _HYPHENS and self.adj(k - 1, k) and k + 1 < n and self.kind[k + 1] == _W and self.adj(k, k + 1):
            res = self.hyphen(p, k)
            if res is not None:
                return res
        # time of day
        if p.plain is not None and p.unit is None and k < n:
            lo = self.lo[k]
            if lo in lx.time_after or (lo in ("a", "p") and k + 2 < n and self.s[k + 1] == "." and self.lo[k + 2] == "m"):
                return _skip(p.i0, k + 1)
        if p.plain is not None and p.unit is None and not p.has_scale:
            v = p.plain
            prev = self.prev_word(p.i0)
            if 1 <= v <= 31 and (self.is_month(k) or self.is_month(prev)):
                return _skip(p.i0, k, "day")
            if 1800 <= v <= 2100:
                if prev >= 0 and (self.lo[prev] in lx.year_before or self.is_month(prev)):
                    if self.lo[prev] not in lx.openers or self.year_partner(k, lx.openers[self.lo[prev]]):
                        return _skip(p.i0, k, "year")
                if self.after_date(p.i0):
                    return _skip(p.i0, k, "year")
            elif 1 <= v <= 31 and self.last_skip[1] == "day" and self.after_date(p.i0):
                return _skip(p.i0, k, "day")
        if k < n and self.kind[k] == _W and self.kind[k - 1] == _W and self.lem(k) in lx.ordinal_lemmas:
            return _skip(p.i0, k + 1)  # "двадцать первый", "twenty first"
        if self.lang == "en" and self.lo[p.i0] == "one" and p.unit is None:
            prev = p.i0 - 1
            if (prev >= 0 and self.lo[prev] in lx.one_stop_before) or (k < n and self.lo[k] in lx.one_stop_after):
                return _skip(p.i0, k)  # "no one", "the one", "one another"
        return p

    def year_partner(self, k: int, opener: str) -> bool:
        """After "from 2000": is the other end (if any) a year too? "from 2000 to 3000 troops" is not."""
        conn = self.connector(k, opener)
        if conn is None or conn >= self.n or self.kind[conn] != _D:
            return True
        s = self.s[conn]
        return len(s) == 4 and 1800 <= int(s) <= 2100 and not (conn + 1 < self.n and self.adj(conn, conn + 1) and self.s[conn + 1] in ",.")

    def after_date(self, i: int) -> bool:
        """Token ``i`` follows a skipped year or day with only connectors in between."""
        e, kind = self.last_skip
        if kind not in ("year", "day") or not 0 <= i - e <= 2:
            return False
        lx = self.lx
        return all(
            self.s[t] in _HYPHENS or self.s[t] == "," or self.lo[t] in lx.connectors
            or self.lo[t] in lx.between_connectors or self.lo[t] in lx.from_connectors
            for t in range(e, i)
        )

    def hyphen(self, p: _Part, k: int) -> _Part | None:
        """Handle "-word" glued after a number at hyphen token ``k``; None if it is not ours."""
        lx = self.lx
        w = k + 1
        lo = self.lo[w]
        if lo in lx.words or lo in lx.collectives or (self.lang == "ru" and self.cyr(w) and self.lem(w) in lx.words):
            return None  # "два-три": a range, not an adjective
        if p.unit is None:
            um = self.match(w, lx.units)
            if um is not None:
                p.unit, p.i1 = um
                p.hyphen_adj = True
                return p
        if self.lang == "ru":
            for suffix, unit in lx.compound_suffixes:
                if lo.startswith(suffix):
                    if p.unit is None:
                        p.unit = unit
                    p.i1 = w + 1
                    p.hyphen_adj = True
                    return p
            if self.kind[k - 1] == _D:
                if lo == "х" and p.plain is not None and p.plain >= 10 and p.plain % 10 == 0:
                    return _skip(p.i0, w + 1)  # "1990-х", "20-х"
                if lo in lx.cardinal_suffixes:
                    p.i1 = w + 1
                    return p
                if lo in lx.ordinal_suffixes:
                    return _skip(p.i0, w + 1)
        if lo in lx.hyphen_stop:
            return _skip(p.i0, w + 1)
        if p.unit is None and not p.has_scale:
            p.hyphen_adj = True
            p.noun_tok = w
            return p
        return None

    def scale(self, k: int, money: bool) -> tuple[float, int] | None:
        """A multiplier word at ``k`` ("million", "bn", "млрд", "тысяч"): (factor, end)."""
        lx = self.lx
        lo = self.lo[k]
        if self.kind[k] != _W or self.masked[k]:
            return None
        if lo in lx.scales:
            end = k + 1
            if end < self.n and self.s[end] == "." and self.adj(k, end) and len(lo) <= 4 and self.lang == "ru":
                end += 1
            return lx.scales[lo], end
        if lo in lx.collectives:
            return lx.collectives[lo].scale, k + 1
        if self.adj(k - 1, k) and self.kind[k - 1] == _D and lo in lx.attached_scales and (lo != "m" or money):
            return lx.attached_scales[lo], k + 1
        if self.lang == "en" and lo in lx.words and lx.words[lo][1] in ("scale", "hundred"):
            return lx.words[lo][0], k + 1
        return None

    # ---------------------------------------------------------------------------- numbers

    def number(self, k: int, after_qual: bool, glued_ok: bool, in_range: bool = False) -> _Part | None:
        """A number in digits or words at ``k``."""
        if k >= self.n or self.masked[k]:
            return None
        kind = self.kind[k]
        if kind == _D:
            return self.digits(k, glued_ok, in_range)
        if kind == _W:
            if self.lang == "en":
                return self.en_words(k)
            if self.cyr(k):
                return self.ru_words(k, after_qual)
        return None

    def digits(self, k: int, glued_ok: bool, in_range: bool = False) -> _Part | None:
        """A number written in digits at ``k``, or a skip for labels, dates, times and codes."""
        n = self.n
        s = self.s
        lx = self.lx
        # what is glued before the digits
        if k > 0 and self.adj(k - 1, k):
            pk = self.kind[k - 1]
            ps = s[k - 1]
            if pk == _W and not glued_ok:
                return _skip(k, k + 1)
            if pk == _P:
                if ps in _HYPHENS and not in_range and k >= 2 and self.adj(k - 2, k - 1) and self.kind[k - 2] in (_W, _D):
                    return _skip(k, k + 1)  # Il-76, COVID-19, 3-1
                if ps in ".,/:" and k >= 2 and self.adj(k - 2, k - 1) and self.kind[k - 2] == _D:
                    return _skip(k, k + 1)  # the tail of a list such as 1,1,1
                if ps in "#№_/\\:":
                    return _skip(k, k + 1)
        if k > 0 and s[k - 1] in ("#", "№"):
            return _skip(k, k + 1)
        pw = self.prev_word(k)
        if pw >= 0 and self.kind[pw] == _W and not self.masked[pw]:
            if self.lo[pw] in lx.designators or (self.lang == "ru" and self.cyr(pw) and self.lem(pw) in lx.designators):
                return _skip(k, k + 1)
        g0 = s[k]
        # dates and times written with digits only
        if k + 2 < n and self.kind[k + 2] == _D and self.adj(k, k + 1) and self.adj(k + 1, k + 2):
            sep = s[k + 1]
            if sep == ":" and len(g0) <= 2 and len(s[k + 2]) == 2:
                end = k + 3
                if end + 1 < n and s[end] == ":" and self.adj(end - 1, end) and self.kind[end + 1] == _D and self.adj(end, end + 1):
                    end += 2
                return _skip(k, end)
            if sep == "/":
                end = k + 3
                if end + 1 < n and s[end] == "/" and self.adj(end - 1, end) and self.kind[end + 1] == _D and self.adj(end, end + 1):
                    end += 2
                return _skip(k, end)
            if k + 4 < n and s[k + 3] == sep and self.kind[k + 4] == _D and self.adj(k + 2, k + 3) and self.adj(k + 3, k + 4):
                g1, g2 = s[k + 2], s[k + 4]
                if sep in "./" and len(g0) <= 2 and len(g1) <= 2 and len(g2) in (2, 4):
                    return _skip(k, k + 5, "day")
                if sep in _HYPHENS and len(g0) == 4 and len(g1) <= 2 and len(g2) <= 2:
                    return _skip(k, k + 5, "day")
        # Russian writes decimals with a comma, so "26.10" is a day and a month
        if (
            self.lang == "ru"
            and k + 2 < n
            and s[k + 1] == "."
            and self.kind[k + 2] == _D
            and self.adj(k, k + 1)
            and self.adj(k + 1, k + 2)
            and len(g0) <= 2
            and len(s[k + 2]) == 2
            and 1 <= int(g0) <= 31
            and 1 <= int(s[k + 2]) <= 12
        ):
            return _skip(k, k + 3, "day")
        if len(g0) > _MAX_INT_DIGITS:
            return _skip(k, k + 1)
        int_str = g0
        e = k + 1
        grouped_sep = ""
        if len(g0) <= 3 and e < n:
            sep = ""
            if (
                s[e] in ",."
                and e + 1 < n
                and self.adj(k, e)
                and self.adj(e, e + 1)
                and self.kind[e + 1] == _D
                and len(s[e + 1]) == 3
            ):
                sep = s[e]
            elif self.space_group(e):
                sep = " "
            if sep:
                groups: list[str] = []
                t = e
                while True:
                    if sep == " ":
                        if t < n and self.space_group(t):
                            groups.append(s[t])
                            t += 1
                            continue
                        break
                    if (
                        t + 1 < n
                        and s[t] == sep
                        and self.adj(t - 1, t)
                        and self.adj(t, t + 1)
                        and self.kind[t + 1] == _D
                        and len(s[t + 1]) == 3
                    ):
                        groups.append(s[t + 1])
                        t += 2
                        continue
                    break
                if len(groups) >= 2 or sep == " " or (sep == "," and self.lang == "en"):
                    int_str += "".join(groups)
                    e = t
                    grouped_sep = sep
        if len(int_str) > _MAX_INT_DIGITS:
            return _skip(k, e)
        frac = ""
        dec_seps = {"": ".,", ",": ".", ".": ",", " ": ".,"}[grouped_sep]
        if e + 1 < n and s[e] in dec_seps and self.adj(e - 1, e) and self.adj(e, e + 1) and self.kind[e + 1] == _D:
            frac = s[e + 1][:30]
            e += 2
            # "1.2.3", "1,1,1": a version number or a list, not one amount
            if e + 1 < n and s[e] in ".," and self.adj(e - 1, e) and self.adj(e, e + 1) and self.kind[e + 1] == _D:
                t = e
                while t + 1 < n and s[t] in ".," and self.adj(t - 1, t) and self.adj(t, t + 1) and self.kind[t + 1] == _D:
                    t += 2
                return _skip(k, t)
        value = float(int_str + ("." + frac if frac else ""))
        plain = int(g0) if not grouped_sep and not frac and len(g0) <= 4 else None
        return _Part(k, e, value, value, plain=plain)

    def space_group(self, t: int) -> bool:
        """Token ``t`` is a 3-digit group after a single (thin, no-break) space."""
        if t >= self.n or t == 0 or self.kind[t] != _D or len(self.s[t]) != 3 or self.kind[t - 1] != _D:
            return False
        gap = self.st[t] - self.en[t - 1]
        if gap != 1 or self.text[self.en[t - 1]] not in _SPACE_SEPS:
            return False
        nxt = t + 1
        # "5 100-mm shells": a group glued to a hyphen or a word is a number of its own
        return not (nxt < self.n and self.adj(t, nxt) and (self.kind[nxt] == _W or self.s[nxt] in _HYPHENS))

    def en_words(self, k: int) -> _Part | None:
        """English number words, vague amounts and "half a million" at ``k``."""
        lx = self.lx
        n = self.n
        lo = self.lo
        vm = self.match(k, lx.vague, lemmas=False)
        if vm is not None:
            return self.vague_part(k, vm[0], vm[1])
        if lo[k] == "half" and k + 2 < n and lo[k + 1] in ("a", "an"):
            w = lx.words.get(lo[k + 2])
            if w is not None and w[1] in ("scale", "hundred", "dozen"):
                v = 0.5 * w[0]
                return _Part(k, k + 3, v, v, has_scale=True)
            um = self.match(k + 2, lx.units, lemmas=False)
            if um is not None:
                return _Part(k, um[1], 0.5, 0.5, unit=um[0])
            return None
        total = 0.0
        cur = 0.0
        last = ""
        last_scale = float("inf")
        e = k
        if lo[k] in ("a", "an"):
            if k + 1 < n and lo[k + 1] in lx.words and lx.words[lo[k + 1]][1] in ("scale", "hundred", "dozen"):
                cur = 1.0
                last = "a"
                e = k + 1
            else:
                return None
        while e < n and self.kind[e] == _W and not self.masked[e]:
            w = lx.words.get(lo[e])
            step = 1
            if w is None:
                # "three hundred and fifty"
                if lo[e] == "and" and last in ("hundred", "scale") and e + 1 < n:
                    w2 = lx.words.get(lo[e + 1])
                    if w2 is not None and w2[1] in ("unit", "teen", "tens"):
                        e += 1
                        continue
                break
            v, cat = w
            if cat in ("unit", "teen"):
                if last not in ("", "hundred", "scale", "tens") or (last == "tens" and cat == "teen"):
                    break
                cur += v
            elif cat == "tens":
                if last not in ("", "hundred", "scale"):
                    break
                cur += v
                # "forty-nine"
                if e + 2 < n and self.s[e + 1] in _HYPHENS and self.adj(e, e + 1) and self.adj(e + 1, e + 2):
                    w2 = lx.words.get(lo[e + 2])
                    if w2 is not None and w2[1] == "unit":
                        cur += w2[0]
                        step = 3
                        cat = "unit"
            elif cat == "hundred":
                if last not in ("", "a", "unit", "teen"):
                    break
                cur = (cur or 1.0) * 100
            elif cat == "dozen":
                if last not in ("", "a", "unit", "teen"):
                    break
                cur = (cur or 1.0) * 12
            else:  # scale
                if v >= last_scale or last == "":
                    if last == "" and e == k:
                        cur = 1.0  # "million" on its own
                    else:
                        break
                total += (cur or 1.0) * v
                cur = 0.0
                last_scale = v
            last = cat
            e += step
        if last in ("", "a"):
            return None
        value = total + cur
        return _Part(k, e, value, value, has_scale=last in ("scale", "hundred", "dozen"))

    def ru_words(self, k: int, after_qual: bool) -> _Part | None:
        """Russian number words (any case, through lemmas), vague and fused words at ``k``."""
        lx = self.lx
        n = self.n
        lo = self.lo[k]
        if lo in lx.fused:
            v, unit = lx.fused[lo]
            return _Part(k, k + 1, v, v, has_scale=unit is None, unit=unit)
        compound = self.ru_compound(lo)
        if compound is not None:
            v, unit = compound
            return _Part(k, k + 1, v, v, unit=unit, hyphen_adj=True)
        coll = lx.collectives.get(lo)
        if coll is not None:
            prev = k - 1
            qualified = after_qual or (prev >= 0 and self.lo[prev] in ("с", "со", "от", "из", "около", "до"))
            if coll.plural and not (coll.ambiguous and qualified):
                return self.vague_part(k, coll.vague, k + 1)
            return self.ru_number_words(k) or _Part(k, k + 1, coll.scale, coll.scale, has_scale=True)
        lm = self.lem(k)
        vg = self.match(k, lx.vague)
        if vg is not None:
            if lm == "немного" or lo == "немного":
                nxt = k + 1
                if nxt >= n or not self.cyr(nxt) or self.lo[nxt] in lx.comparatives:
                    return None
            return self.vague_part(k, vg[0], vg[1])
        return self.ru_number_words(k)

    def ru_number_words(self, k: int) -> _Part | None:
        lx = self.lx
        n = self.n
        total = 0.0
        cur = 0.0
        last = ""
        last_scale = float("inf")
        e = k
        while e < n and self.cyr(e) and not self.masked[e]:
            lo = self.lo[e]
            scale = lx.collectives[lo].scale if lo in lx.collectives else lx.scales.get(lo)
            if scale is not None:
                if scale >= last_scale:
                    break
                total += (cur or 1.0) * scale
                cur = 0.0
                last = "scale"
                last_scale = scale
                e += 1
                if lo in lx.scales and e < n and self.s[e] == "." and self.adj(e - 1, e):
                    e += 1
                continue
            w = lx.words.get(self.lem(e))
            if w is None:
                break
            v, cat = w
            allowed = {
                "hundreds": ("", "scale"),
                "tens": ("", "scale", "hundreds"),
                "teen": ("", "scale", "hundreds"),
                "unit": ("", "scale", "hundreds", "tens"),
            }[cat]
            if last not in allowed:
                break
            cur += v
            last = cat
            e += 1
        if last == "":
            return None
        value = total + cur
        return _Part(k, e, value, value, has_scale=last == "scale")

    def ru_compound(self, lo: str) -> tuple[float, _Unit] | None:
        """"пятилетний" -> (5, year), "двадцатипятидневный" -> (25, day)."""
        return _compound(self.lang, lo)

    def vague_part(self, k: int, v: _Vague, e: int) -> _Part:
        """A vague amount ending at ``e``, widened by following scale words."""
        lx = self.lx
        n = self.n
        mult = 1.0
        while e < n and not self.masked[e]:
            t = e
            if self.lo[t] in lx.of and t + 1 < n:
                t += 1
            lo = self.lo[t]
            s = lx.vague_scales.get(lo)
            if s is None and lo in lx.collectives:
                s = lx.collectives[lo].scale
            if s is None and lo in lx.scales:
                s = lx.scales[lo]
            if s is None:
                break
            mult *= s
            e = t + 1
        if mult == 1.0:
            low, high = v.low, v.high
        else:
            low, high = v.scaled_low * mult, (v.high + 1) * mult - 1
        return _Part(k, e, low, high, vague=True, has_scale=True)


# Words repeat across articles: these pure functions of one word are worth remembering.
_WORD_CACHE = 1 << 16


@lru_cache(maxsize=_WORD_CACHE)
def _compound(lang: str, lo: str) -> tuple[float, _Unit] | None:
    """The number and unit of a compound adjective ("пятилетний" -> (5, year)), or None."""
    if len(lo) > 40 or len(lo) < 6:
        return None
    lx = _lexicon(lang)
    for suffix, unit in lx.compound_suffixes:
        idx = lo.find(suffix, 2)
        if idx <= 0:
            continue
        prefix = lo[:idx]
        total = 0.0
        pos = 0
        while pos < len(prefix):
            for stem, v in lx.stems:
                if prefix.startswith(stem, pos):
                    total += v
                    pos += len(stem)
                    break
            else:
                break
        if pos == len(prefix) and total > 0:
            return total, unit
    return None


def _lemma(s: str, lo: str) -> str:
    """``lemma(lo)`` of a Cyrillic word token ``s`` (``lo``: its lowercase form, ё folded), asked
    of ``s`` itself when that is the same word to pymorphy3: it lowercases a word before every
    analyser but the one for initials (single capital letters) reads it, so a word of several
    letters with no ё has the lemma of its lowercase form. The claims stage has already asked
    for the lemma of each word as written (``extract.words``): a capitalised word costs no
    second parse of its lowercase form (tests/test_numdates_fast.py)."""
    return lemma(s if len(s) > 1 and lo == s.lower() else lo)


# ``_lemma`` of a token, by the token as written (its lowercase form is ``describe``'s): one
# lookup for a word the scanner has seen before, in any article.
_LEMMAS = WordCache(lambda s: _lemma(s, describe(s)[1]), _WORD_CACHE)


@lru_cache(maxsize=_WORD_CACHE)
def _ru_may_open(lo: str, s: str | None = None) -> bool:
    """Whether a lowercase word outside ``starters`` can open a quantity in Russian text: only a
    Cyrillic word can, when its lemma opens a prefix unit, a vague amount or a number, when it is
    a scale word, or a compound adjective. On every other word ``_Scanner.core`` returns None.
    ``s``: the token as written, when ``lo`` is the lowercase form of one (see ``_lemma``)."""
    if _CYR_RE.search(lo) is None:
        return False
    lx = _lexicon("ru")
    return (
        lo in lx.scales or _lemma(s or lo, lo) in lx.lemma_starters or _compound("ru", lo) is not None
    )


# What a token can open (``_Scanner.openers``): only a qualifier before a number, a number
# (``part``), a number only as the first word of a longer phrase (``_Lang.followers``), or a
# number only before digits glued to it (a minus sign).
_QUALIFIER, _NUMBER, _PHRASE, _SIGN = 1, 2, 3, 4


def _opens(lang: str, s: str) -> int:
    """What token ``s`` can open in ``lang``: ``_PHRASE``, ``_NUMBER``, ``_SIGN``, ``_QUALIFIER`` or 0 (nothing)."""
    kind, lo, _ = describe(s)
    lx = _lexicon(lang)
    if kind == _P and lo in _MINUS and lo not in lx.part_starters:
        # ``core`` reads a minus sign only before digits glued to it (``part``), unless it starts a
        # qualifier or a range ("from") too: then it is a number opener like any other.
        return _NUMBER if lo in lx.starters else _SIGN
    if kind == _D or lo in lx.part_starters or (kind != _P and lang == "ru" and _ru_may_open(lo, s)):
        return _PHRASE if lo in lx.followers else _NUMBER
    return _QUALIFIER if lo in lx.starters else 0


# In ``bytes`` of the codes of a text's tokens (``_Scanner.opens``): the number, phrase and sign openers.
_NUMBER_CODE = re.compile(b"\x02")
_PHRASE_CODE = re.compile(b"\x03")
_SIGN_CODE = re.compile(b"\x04")


@cache
def _opener_codes(lead: int) -> re.Pattern[bytes]:
    """The qualifiers worth a look: those with a number or phrase opener at most ``lead`` tokens
    after them (a qualifier and a range opener are at most ``lead`` tokens)."""
    return re.compile(b"\x01(?=[\x00\x01]{0,%d}[\x02-\x04])" % (lead - 1))


_OPENS = {lang: WordCache(partial(_opens, lang)) for lang in ("en", "ru")}


def _code(lang: str, s: str) -> int:
    """``_opens`` of token ``s`` in bits 0-2 (``_RARE`` for one of ``_RARE_TOKENS``, ``_DIGITS``
    for digits) and the date finder's code of it in bits 3-7."""
    from factcheck.claims import dates  # which imports this module

    kind, lo, _ = describe(s)
    opens = _OPENS[lang][s]
    # ``_opens`` takes the values 0 to 4: the other three have room for marks, of tokens that
    # open nothing (rare ones) and of those that open a number (digits).
    if lo in _RARE_TOKENS:
        if opens:
            raise ValueError(f"{s!r} opens a quantity in {lang}: it cannot be marked as rare")
        opens = _RARE
    elif kind == _D:
        if opens != _NUMBER:
            raise ValueError(f"{s!r} does not open a number in {lang}: it cannot be marked as digits")
        opens = _DIGITS
    return opens | dates.head_code(lang, lo) << 3


# The tokens (lowercase) that ``_Scanner._mask`` looks for: those of e-mail addresses and URLs
# ("@", the "/" of "://", "www") and the punctuation a phone number can start with.
_PHONE_PUNCT = ("+", "(")
_RARE_TOKENS = frozenset(("@", "/", "www", *_PHONE_PUNCT))
_RARE = 5  # what a code has in place of ``_opens`` (which is 0 there) to mark them
_DIGITS = 6  # what the code of a digit token has in place of ``_opens`` (which is _NUMBER there)


def byte_class(keep: Callable[[int], bool]) -> re.Pattern[bytes]:
    """A bytes pattern of one byte: any code (0-255) for which ``keep`` holds."""
    return re.compile(b"[" + b"".join(re.escape(bytes([c])) for c in range(256) if keep(c)) + b"]")


# The codes with ``_RARE`` or ``_DIGITS`` in place of ``_opens``.
_RARE_CODE = byte_class(lambda c: c & 7 == _RARE)
_DIGIT_TOKEN_CODE = byte_class(lambda c: c & 7 == _DIGITS)
_CODES = {lang: WordCache(partial(_code, lang)) for lang in ("en", "ru")}
# The bits of a code (``token_codes``) that are ``_opens``, and those that are the date finder's.
_OPEN_BITS = bytes({_RARE: 0, _DIGITS: _NUMBER}.get(c & 7, c & 7) for c in range(256))
HEAD_BITS = bytes(c >> 3 for c in range(256))
_LAST: list[Any] = [None, "", b""]  # the last tokens asked for, their language and their codes


def token_codes(tokens: Tokens, lang: str) -> bytes:
    """For each token of ``tokens`` (in ``lang``, "en" or "ru"), what it opens here (``_opens``;
    ``_RARE`` for the tokens ``_Scanner._mask`` looks for, ``_DIGITS`` for digits: ``_OPEN_BITS``
    turns the code back into ``_opens``) in bits 0-2 and what it heads for the date finder
    (``dates.head_code``) in bits 3-7.

    Both finders read the same tokens of an article one after the other: one lookup per token
    serves the two, and the codes of the last tokens are kept for the second."""
    last = _LAST
    if last[0] is tokens and last[1] == lang:
        return last[2]  # type: ignore[no-any-return]
    codes = bytes(map(_CODES[lang].__getitem__, tokens.strs))
    last[0], last[1], last[2] = tokens, lang, codes
    return codes


_LAST_DIGITS: list[Any] = [None, []]  # the last tokens asked for and their digit tokens


def digit_tokens(tokens: Tokens) -> list[int]:
    """The indices of the digit tokens of ``tokens``, in order (kept for the last tokens, as in
    ``token_codes``: the list is shared, not to be changed)."""
    last = _LAST_DIGITS
    if last[0] is not tokens:
        # The codes of the tokens, when they are the last asked for, mark the digits: no bytes
        # made of the kinds, one int at a time.
        codes = _LAST[2] if _LAST[0] is tokens else None
        if codes is not None:
            found = _DIGIT_TOKEN_CODE.finditer(codes)
        else:
            found = _DIGIT_CODE.finditer(bytes(tokens.kinds))
        last[0], last[1] = tokens, [m.start() for m in found]
    return last[1]  # type: ignore[no-any-return]


# Where a phone number can start: a digit, "+" or "(" after no word character and no "+".
_PHONE_START = re.compile(r"[\d+(](?<![\w+].)")


_DIGIT_CODE = re.compile(b"\x01")  # a digit token in ``bytes(Tokens.kinds)``
_MASKED_RUN = re.compile(b"\x01+")  # a run of masked tokens in ``_Scanner.masked``


# What follows the first run of digits of a phone number: a separator or an area code.
_PHONE_AFTER_DIGITS = (" ", ".", "-", "(")


def _phone_starts(text: str, tokens: Tokens | None, punct: list[int] | None = None) -> list[int]:
    """Offsets where a phone number may start (a superset of where ``_PHONE_START`` matches, with
    tokens): the starts of the digit tokens (a digit after no ``\\w`` starts one) followed by a
    separator or "(", and every "+" and "("; ``punct``: the indices of the "+" and "(" tokens,
    when the caller has them (each such character is a token of its own)."""
    if tokens is None:
        return [m.start() for m in _PHONE_START.finditer(text)]
    runs = digit_tokens(tokens)
    # The starts of the digit tokens whose end is followed by one of _PHONE_AFTER_DIGITS, all in C.
    followed = map(text.startswith, repeat(_PHONE_AFTER_DIGITS), map(tokens.stops.__getitem__, runs))
    out = list(compress(map(tokens.starts.__getitem__, runs), followed))
    digits = len(out)
    if punct is not None:
        out += map(tokens.starts.__getitem__, punct)
    else:
        for c in _PHONE_PUNCT:
            i = text.find(c)
            while i >= 0:
                out.append(i)
                i = text.find(c, i + 1)
    if len(out) > digits:
        out.sort()
    return out


def _phones(text: str, tokens: Tokens | None = None, punct: list[int] | None = None) -> list[tuple[int, int]]:
    """Spans of ``_PHONE_RE.finditer(text)``, trying the pattern only where a number can start;
    ``tokens``: the tokens of ``text``, when the caller has them, and ``punct``: the indices of
    its "+" and "(" tokens (``_phone_starts``)."""
    out = []
    resume = 0
    match = _PHONE_RE.match
    # Every branch of _PHONE_RE starts like _PHONE_START, so trying it at more offsets finds
    # nothing more; from digits, each reads the whole digit run and then one of " .-(".
    for start in _phone_starts(text, tokens, punct):
        if start < resume:
            continue
        pm = match(text, start)
        if pm is not None:
            out.append(pm.span())
            resume = max(pm.end(), start + 1)
    return out


# ------------------------------------------------------------------------------------ API


# "one of the reasons", «одна из причин»: a selection, not a count.
_ONE_OF = re.compile(r"(?i)(?:one|один|одна|одно|одного|одной|одним|одну)\s+(?:of|из)\b")
# "the 1960 quake": a year written before a singular noun.
_YEAR_BEFORE_NOUN = re.compile(r"(?:1[89]\d\d|20\d\d)\s+[a-z]+(?<!s)\b")


# "won 2:1", «со счетом 4:2»: a score (times of day are the date parser's).
_SCORE_AFTER = re.compile(r":\d")
_SCORE_BEFORE = re.compile(r"\d:$")


def _is_quantity(text: str, q: Quantity) -> bool:
    # Both patterns read a colon next to the quantity: looked for first, without a regex call.
    if (text.startswith(":", q.stop) and _SCORE_AFTER.match(text, q.stop)) or (
        text.endswith(":", 0, q.start) and _SCORE_BEFORE.search(text, max(0, q.start - 2), q.start)
    ):
        return False
    if q.dimension == "count" and q.low == q.high == 1 and _ONE_OF.match(text, q.start):
        return False
    if (q.dimension == "count" and q.unit is None and q.qualifier == "exact"
            and _YEAR_BEFORE_NOUN.match(text, q.start) and q.text.isdigit()):
        return False
    return True


# "a full percentage point", "one basis point": a unit with an article for its number.
_ONE_POINT = re.compile(r"(?i)\b(?:a|one)\s+(?:full\s+|whole\s+)?(percentage|basis)\s+points?\b")


def _may_have_point(text: str) -> bool:
    """Whether ``_ONE_POINT`` can match in ``text``: only where "point" is, in any case; the only
    letters other than "I" that IGNORECASE matches to "i" are "İ" and "ı" (which lower() keeps apart)."""
    return "point" in text.lower() or "\u0130" in text or "\u0131" in text


def find_quantities(text: str, lang: str, tokens: Tokens | None = None) -> list[Quantity]:
    """Every quantity in ``text`` (``lang`` "en" or "ru"), sorted by start and non-overlapping;
    ``tokens``: the text's tokens, when the caller has them already."""
    found = [q for q in _Scanner(text, "ru" if lang == "ru" else "en", tokens).run() if _is_quantity(text, q)]
    if lang != "ru" and _may_have_point(text):
        for m in _ONE_POINT.finditer(text):
            if any(q.start < m.end() and m.start() < q.stop for q in found):
                continue
            value = 1.0 if m.group(1).lower() == "percentage" else 0.01
            found.append(Quantity(m.start(), m.end(), m.group(), value, value, "pp", "pp", "exact", m.end()))
        found.sort(key=lambda q: q.start)
    return found


def parse_quantity(text: str, lang: str) -> Quantity | None:
    """The first quantity in ``text``, or None."""
    found = find_quantities(text, lang)
    return found[0] if found else None
