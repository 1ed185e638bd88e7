"""The shared tokenisation of claim extraction (factcheck.claims.tokens) gives exactly what the
per-module regular expressions it replaced gave: the quantity scanner's tokens, the lexicon's
words with their keys, and the words the date rules start on.

The plain versions below are copies of the code before the shared tokens; each test compares
the fast path with them on the fixtures, on the strings of the claim tests and on generated
sentences that mix numbers in digits and words, dates, units and the joiners of words.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_claims_speed_equivalence import TEXTS

from factcheck.claims import dates, extract, tokens
from factcheck.claims.lexicon import Token
from factcheck.model import Article, Sentence

# ------------------------------------------------------------------------------ plain copies

_PLAIN_TOKEN_RE = re.compile(r"(\d+)|([^\W\d_]+)|(\S)")
_PLAIN_CYR_RE = re.compile(r"[а-яё]")
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def plain_tokens(text: str) -> list[tuple[int, int, str, int, str, bool]]:
    """The quantity scanner's tokens as ``_Scanner.__init__`` made them: offsets, text, kind,
    lowercase form and Cyrillic or not."""
    out = []
    for m in _PLAIN_TOKEN_RE.finditer(text):
        s, kind = m.group(), m.lastindex or 3
        lo = s.lower().replace("ё", "е") if kind == 2 else s
        cyr = kind == 2 and _PLAIN_CYR_RE.search(lo) is not None
        out.append((m.start(), m.end(), s, kind, lo, cyr))
    return out


def plain_words(text: str) -> list[Token]:
    """The lexicon's words as the old ``extract.tokenize`` made them."""
    out = []
    for m in _PLAIN_WORD.finditer(text):
        key, cyr = extract._word_key(m.group())
        out.append(Token(m.start(), m.end(), m.group(), key, cyr))
    return out


def plain_heads(norm: str, lang: str) -> list[tuple[int, tuple[int, ...]]]:
    """Where date rules are tried, as ``_rule_matches`` found it: every run of ``\\w`` of the
    lowercased text that heads a rule (all rules, no gates), with the rules that can match
    before the token that follows the head's first token (``dates._follows``)."""
    how = dates._dispatch(lang)
    follows = dates._follows(lang)
    low = norm.lower()
    out = []
    for run in re.finditer(r"\w+", low):
        word = run.group()
        digits = word[0] in "0123456789"
        todo = how.digit_rules if digits else how.table.get(word)
        if not todo:
            continue
        head = "0" if digits else word
        nxt = _PLAIN_TOKEN_RE.search(low, _PLAIN_TOKEN_RE.match(low, run.start()).end())
        key = None if nxt is None else "0" if nxt.lastindex == 1 else nxt.group()
        todo = tuple(i for i in todo if follows[i].get(head) is None or key in follows[i][head])
        if todo:
            out.append((run.start(), todo))
    return out


# ------------------------------------------------------------------------------ generated text

_PIECES = [
    # numbers in digits and words, units, qualifiers (English and Russian)
    "two", "eight", "forty-nine", "восьми", "сорока девяти", "двое", "полутора", "8,5", "8.5", "2,700",
    "2 700", "1.000.000", "$45 million", "45 млн долларов", "45 млн", "5 km", "10 км", "3%", "a few",
    "a million", "an estimated", "dozens of", "десятки тысяч", "about", "около", "more than", "более",
    "up to", "до", "from 5 to 10", "от 5 до 10", "5-10", "Il-76", "Ил-76", "COVID-19", "M5.0",
    # dates
    "on 19 October", "19 октября", "19-го октября", "19-гооктября", "October 19, 2025", "Oct. 19",
    "last week", "на прошлой неделе", "two days later", "спустя три дня", "three years ago", "год назад",
    "in 2023", "в 2023 году", "2020-2023", "26.10.2025", "10/26/2025", "2025-10-26", "11:24", "3 p.m.",
    "the beginning of October", "в начале октября", "mid-October", "Friday", "в пятницу", "May", "may",
    "Mayor", "the day before", "накануне", "earlier this month", "the 19th of October",
    # joined words, apostrophes, glued letters and digits, odd characters
    "country's", "country’s", "mother-in-law", "so-called", "O'Brien", "a-b-", "-x", "'s", "x1y", "_",
    "a_b", "5G", "30MK2", "ё", "Ёлка", "е\u0301", "ſ", "İstanbul", "\u00ad", "№5", "#3", "+7 (495) 123-45-67",
    "the", "a", "an", "in", "в", "с", "of", "and", "и", "said", "сообщил",
]
_SEPS = [" ", " ", " ", ", ", ". ", "-", "", "\n", "\u00a0", "’", "'"]

sentences = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPS)), min_size=1, max_size=25).map(
    lambda parts: "".join(p + s for p, s in parts)
)
any_text = st.one_of(sentences, st.text(max_size=80))


# ------------------------------------------------------------------------------ tests


def _tokens_of(text: str) -> list[tuple[int, int, str, int, str, bool]]:
    tk = tokens.tokenize(text)
    return list(zip(tk.starts, tk.stops, tk.strs, tk.kinds, tk.lowers, tk.cyrillic, strict=True))


def _words_of(text: str, shared: bool) -> list[Token]:
    w = extract.words(text, tokens.tokenize(text) if shared else None)
    return w.tokens(0, len(w))


def _heads_of(text: str, lang: str) -> list[tuple[int, tuple[int, ...]]]:
    return dates._head_tokens(tokens.tokenize(text), dates._dispatch(lang))


@pytest.mark.parametrize("text", TEXTS[:400])
def test_tokens_match_the_scanner_regex(text: str) -> None:
    assert _tokens_of(text) == plain_tokens(text)


@pytest.mark.parametrize("text", TEXTS[:400])
def test_words_match_the_word_regex(text: str) -> None:
    assert _words_of(text, shared=True) == plain_words(text)
    assert _words_of(text, shared=False) == plain_words(text)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_date_head_words_read_off_tokens(lang: str) -> None:
    for text in TEXTS:
        norm, back = dates._normalise(text)
        if back is None and not dates._CASE_ODD.search(norm):
            assert _heads_of(text, lang) == plain_heads(norm, lang), text


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_tokens_and_words_on_generated_text(text: str) -> None:
    assert _tokens_of(text) == plain_tokens(text)
    assert _words_of(text, shared=True) == plain_words(text)


@settings(max_examples=300, deadline=None)
@given(sentences, st.sampled_from(["en", "ru"]))
def test_date_heads_on_generated_text(text: str, lang: str) -> None:
    norm, back = dates._normalise(text)
    if back is None and not dates._CASE_ODD.search(norm):
        assert _heads_of(text, lang) == plain_heads(norm, lang)


def plain_tokens_between(words: list[Token], start: int, stop: int) -> list[Token]:
    """``Extractor.tokens_between`` as it was: from the first word at or after ``start``, the
    words that end by ``stop``."""
    i = next((k for k, t in enumerate(words) if t.start >= start), len(words))
    out = []
    while i < len(words) and words[i].stop <= stop:
        out.append(words[i])
        i += 1
    return out


@settings(max_examples=150, deadline=None)
@given(sentences, st.lists(st.tuples(st.integers(0, 400), st.integers(0, 400)), min_size=1, max_size=8))
def test_words_between_offsets(text: str, spans: list[tuple[int, int]]) -> None:
    ctx = extract.Context(Article("S1", "a.txt", text, "en"), text, (Sentence(0, 0, len(text), text),), (), {})
    ex = extract.Extractor(ctx)
    plain = plain_words(text)
    for a, b in spans:
        want = plain_tokens_between(plain, a, b)
        assert ex.tokens_between(a, b) == want
        assert ex.tokens_between(a, b, limit=3) == want[:3]
        assert ex.count_between(a, b) == len(want)
        assert ex._before(ctx.sentences[0], b, 2) == plain_tokens_between(plain, max(0, b - 60), b)[-2:]


def test_a_joined_word_is_one_word() -> None:
    got = [(t.text, t.key) for t in _words_of("The mother-in-law’s so-called 5-year plan, O'Brien-", shared=True)]
    assert got == [("The", "the"), ("mother-in-law’s", "mother-in-law's"), ("so-called", "so-called"),
                   ("year", "year"), ("plan", "plan"), ("O'Brien", "o'brien")]


def test_word_cache_stays_bounded() -> None:
    calls = []
    cache = tokens.WordCache(lambda w: calls.append(w) or w.upper(), limit=3)
    assert list(map(cache.__getitem__, ["a", "b", "a", "c", "d", "a"])) == ["A", "B", "A", "C", "D", "A"]
    assert len(cache) <= 3 and calls == ["a", "b", "c", "d", "a"]
