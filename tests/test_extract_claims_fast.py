"""The fast paths of claim extraction (factcheck.claims.extract) give exactly the claims the plain
code gave.

``PlainExtractor`` below is the extractor as it was before the speed work, kept as an oracle: its
words come from the word regular expression, its lexicon entries from ``PhraseIndex.match`` at
every word, and the methods that were made faster are plain copies of the old ones (hedges and
attribution from a regex word set per sentence, clauses from ``finditer``, mentions from linear
scans, bisect with a Python key). Every test compares it with ``Extractor`` on the fixtures, on
the strings of the claim tests and on generated news-like sentences in both languages with
names, designators, events, hedges, sources, numbers and dates, and the characters that lowercase
oddly ("İ", "Σ", "ё").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_claims_tokens_fast import plain_words
from timing import assert_linear

from factcheck import names, segment
from factcheck.claims import extract, lexicon
from factcheck.claims.extract import (
    _IMPLICIT_EVENTS,
    _KIND_RANK,
    _NP_SKIP_EN,
    _NP_SKIP_RU,
    _NP_STOP_EN,
    _NP_STOP_RU,
    _PARTITIVE,
    _PARTITIVE_MARK,
    _REFERENCE_POINT,
    Context,
    Extractor,
    _Hit,
    _nearest,
)
from factcheck.claims.lexicon import Token, Words
from factcheck.model import Article, Claim, Entity, Mention, Sentence

# These compare with the code they replaced by patching the modules: pure Python only (conftest.py).
pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------------------ the oracle

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"«»“”—–]|\s-\s")


def plain_find(index: lexicon.PhraseIndex, words: Words) -> list[_Hit]:
    """Entries left to right, longest first, trying ``PhraseIndex.match`` at every word."""
    hits = []
    i = 0
    while i < len(words):
        got = index.match(words, i)
        if got:
            ident, n = got
            hits.append(_Hit(ident, words.starts[i], words.stops[i + n - 1], i, n))
            i += n
        else:
            i += 1
    return hits


def plain_in(hits: list[_Hit], start: int, stop: int) -> list[_Hit]:
    i = bisect.bisect_left(hits, start, key=lambda h: h.start)
    out = []
    while i < len(hits) and hits[i].start < stop:
        if hits[i].stop <= stop:
            out.append(hits[i])
        i += 1
    return out


def plain_overlaps(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    i = bisect.bisect_right(spans, (start, float("inf")))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < stop)


def plain_inside(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    i = bisect.bisect_right(spans, (start, float("inf")))
    return any(a <= start and stop <= b for a, b in spans[max(0, i - 8) : i])


class PlainExtractor(Extractor):
    """The extractor before the speed work (see the module docstring)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.lang = ctx.article.lang
        self.text_tokens = extract.tokens_mod.tokenize(ctx.clean)
        self.words = Words.of(plain_words(ctx.clean))
        self.events, self.concepts, self.cues = (plain_find(index, self.words) for index in extract._indexes())
        self.sent_starts = [s.start for s in ctx.sentences]
        self._mentions = sorted(ctx.mentions, key=lambda m: (m.start, m.stop))
        self._mention_starts = [m.start for m in self._mentions]
        self._breaks: dict[int, tuple[list[int], list[int]]] = {}
        self.coref = self._concept_links()
        self._per_sentence: dict[int, tuple[str | None, str | None, Mention | None]] = {}

    def _concept_links(self) -> dict[str, tuple[str, str]]:
        links: dict[str, set[tuple[str, str]]] = {}
        for m in self.ctx.mentions:
            if m.kind != "equipment":
                continue
            e = self.entity(m)
            subj = (e.id, e.name) if e else (m.norm, m.text)
            for h in plain_in(self.concepts, max(0, m.start - 30), m.stop + 40):
                gap = self.ctx.clean[min(h.stop, m.stop) : max(h.start, m.start)]
                if self.count_between(min(h.stop, m.stop), max(h.start, m.start)) <= 2 and not re.search(
                    r"[,;.]", gap
                ):
                    links.setdefault(h.ident, set()).add(subj)
        return {c: next(iter(s)) for c, s in links.items() if len(s) == 1}

    def hedge(self, sent: Sentence, low: str | None = None, words: set[str] | None = None) -> str | None:
        low = sent.text.lower().replace("ё", "е")
        for pattern in lexicon.hedge_filter().candidates(lexicon.words_in(low)):
            m = pattern.search(low)
            if m:
                return sent.text[m.start() : m.end()]
        return None

    def attribution(
        self, sent: Sentence, low: str | None = None, words: set[str] | None = None
    ) -> tuple[str | None, Mention | None]:
        low = sent.text.lower()
        before_cues, verb_cues = lexicon.attribution_filters()
        candidates = [m for m in self.mentions_in(sent.start, sent.stop) if m.kind in ("media", "org", "person")]
        words = lexicon.words_in(low)
        for pattern in before_cues.candidates(words):
            for hit in pattern.finditer(low):
                after = sent.start + hit.end()
                for m in candidates:
                    if 0 <= m.start - after <= 12:
                        return self._name(m), m
                tail = re.match(r"\s+((?:the |an? )?(?:[\w\-]+\.?[ ]?){1,6}?)(?=[,;:]|\.(?:\s|$)|$)", sent.text[hit.end() :])
                if tail:
                    return tail.group(1).strip(), None
        for pattern in verb_cues.candidates(words):
            for hit in pattern.finditer(low):
                verb_at = sent.start + hit.start()
                for m in candidates:
                    if m.kind != "person" and 0 <= verb_at - m.stop <= 3:
                        return self._name(m), m
        return None, None

    def _common(self, sent: Sentence) -> tuple[str | None, str | None, Mention | None]:
        got = self._per_sentence.get(sent.index)
        if got is None:
            got = (self.hedge(sent), *self.attribution(sent))
            self._per_sentence[sent.index] = got
        return got

    def _subject_from_np(self, start: int, sent: Sentence, allow_of: bool) -> tuple[str, str] | None:
        if _PARTITIVE.match(self.ctx.clean, start):
            return _PARTITIVE_MARK
        toks = self.tokens_between(start, sent.stop, limit=8)
        if not toks:
            return None
        if self.ctx.clean[start : toks[0].start].strip(" \u00a0\t-–—\"'«»“”()") != "":
            return None
        np: list[Token] = []
        for t in toks:
            if t.cyrillic:
                if t.key == "из" and not np and allow_of:
                    continue
                if t.key in _NP_STOP_RU:
                    break
                if t.key in _NP_SKIP_RU and not np:
                    continue
            else:
                if t.key == "of" and not np and allow_of:
                    continue
                if t.key in _NP_STOP_EN:
                    break
                if t.key in _NP_SKIP_EN and not np:
                    continue
            np.append(t)
            if len(np) >= 6:
                break
            nxt = self.ctx.clean[t.stop : t.stop + 1]
            if nxt in (",", ";", ":", ".", "!", "?", ")", "(", "\n"):
                break
        if not np:
            return None
        np_start, np_stop = np[0].start, np[-1].stop
        for m in self.ctx.mentions:
            if m.kind == "equipment" and np_start <= m.start < np_stop:
                e = self.entity(m)
                return (e.id, e.name) if e else (m.norm, m.text)
        hits = plain_in(self.concepts, np_start, np_stop)
        if hits:
            h = hits[-1] if not np[0].cyrillic else hits[0]
            return self._resolve_concept(("c:" + h.ident, lexicon.concept_names()[h.ident]))
        head = self._head(np)
        if head is None:
            return None
        return "n:" + head.key, head.text.lower()

    def _subject_in_sentence(
        self,
        sent: Sentence,
        pos: int,
        exclude: tuple[int, int] | None,
        skip: Mention | None,
        kinds: tuple[str, ...],
        anchor: int | None = None,
    ) -> tuple[str, str] | None:
        at = anchor if anchor is not None else pos
        best: tuple[tuple[float, int], tuple[str, str]] | None = None
        for m in self.mentions_in(sent.start, sent.stop):
            if m.kind not in kinds or (skip is not None and m.start == skip.start) or m.kind == "title":
                continue
            e = self.entity(m)
            subj = (e.id, e.name) if e else (m.norm, m.text)
            key = (-(_KIND_RANK.get(m.kind, 0.5) * 10 - self._words_between(m.start, m.stop, at)), m.start)
            if best is None or key < best[0]:
                best = (key, subj)
        if "concept" in kinds:
            for h in plain_in(self.concepts, sent.start, sent.stop):
                if exclude and h.start < exclude[1] and exclude[0] < h.stop:
                    continue
                if _REFERENCE_POINT.search(self.ctx.clean, max(sent.start, h.start - 25), h.start):
                    continue
                key = (-(_KIND_RANK["concept"] * 10 - self._words_between(h.start, h.stop, at)), h.start)
                if best is None or key < best[0]:
                    best = (key, ("c:" + h.ident, lexicon.concept_names()[h.ident]))
        return self._resolve_concept(best[1]) if best else None

    def _agent(self, sent: Sentence, pos: int, skip: Mention | None) -> tuple[str, str] | None:
        best = None
        for m in self.mentions_in(sent.start, pos):
            if m.kind in ("org", "person", "place", "media") and not (skip is not None and m.start == skip.start):
                e = self.entity(m)
                best = (e.id, e.name) if e else (m.norm, m.text)
        return best

    def clause(self, sent: Sentence, start: int, stop: int) -> tuple[int, int]:
        got = self._breaks.get(sent.index)
        if got is None:
            spans = [m.span() for m in _CLAUSE_BREAK.finditer(self.ctx.clean, sent.start, sent.stop)]
            got = self._breaks[sent.index] = ([a for a, _ in spans], [b for _, b in spans])
        starts, ends = got
        i = bisect.bisect_right(ends, start)
        left = ends[i - 1] if i else sent.start
        j = bisect.bisect_left(starts, stop)
        right = starts[j] if j < len(starts) else sent.stop
        return left, right

    def event_near(self, sent: Sentence, start: int, stop: int) -> _Hit | None:
        a, b = self.clause(sent, start, stop)
        hit = _nearest(plain_in(self.events, a, b), start)
        return hit or _nearest(plain_in(self.events, sent.start, sent.stop), start)

    def event_of_date(self, sent: Sentence, start: int, stop: int) -> _Hit | None:
        a, b = self.clause(sent, start, stop)
        hits = plain_in(self.events, a, b)
        before = [h for h in hits if h.stop <= start]
        if before:
            return before[-1]
        after = [h for h in hits if h.start >= stop]
        if after:
            return after[0]
        return _nearest(plain_in(self.events, sent.start, sent.stop), start)

    def attribute_for(self, dimension: str, sent: Sentence, start: int, stop: int) -> str:
        dims = lexicon.attribute_dimensions()
        window = 25
        near = [
            h
            for h in plain_in(self.cues, max(sent.start, start - window), min(sent.stop, stop + window))
            if dims.get(h.ident) == dimension
            and (h.stop <= start or h.start >= stop)
            and not re.search(r"[\d,;]", self.ctx.clean[min(h.stop, stop) : max(h.start, start)])
        ]
        hit = _nearest(near, start)
        if hit:
            return hit.ident
        return lexicon.default_attribute().get(dimension, dimension)

    def _entity_ids(self, sent: Sentence) -> tuple[str, ...]:
        ids = {e.id for m in self.mentions_in(sent.start, sent.stop) if (e := self.entity(m))}
        return tuple(sorted(ids))

    def claims(self) -> list[Claim]:
        art = self.ctx.article
        out: list[Claim] = []
        date_mentions = extract.dates_mod.find_dates(self.ctx.clean, art.lang, self.text_tokens)
        date_spans = [(d.start, d.stop) for d in date_mentions]
        equipment = sorted((m.start, m.stop) for m in self.ctx.mentions if m.kind == "equipment")
        quantities = [
            q
            for q in extract.numbers_mod.find_quantities(self.ctx.clean, art.lang, self.text_tokens)
            if not plain_overlaps(date_spans, q.start, q.stop) and not plain_inside(equipment, q.start, q.stop)
        ]
        counted: set[int] = set()
        for q in quantities:
            claim = self._quantity_claim(q)
            if claim:
                out.append(claim)
                if claim.subject and claim.attribute == "count":
                    counted.add(claim.sentence.index)
        out.extend(self._implicit_ones(counted))
        out.extend(self._date_claims(date_mentions))
        out.sort(key=lambda c: (c.start, c.stop, c.attribute))
        return out


assert _IMPLICIT_EVENTS  # the oracle shares the rules themselves with the extractor
FIRST_WORDS = frozenset(
    p.first for f in (lexicon.hedge_filter(), *lexicon.attribution_filters()) for p in f.phrases if p.first
)

# ------------------------------------------------------------------------------ contexts


def context(text: str, lang: str, published: dt.date | None = dt.date(2025, 10, 27)) -> Context:
    """The extractor's input for one article, as the pipeline makes it (one source)."""
    mentions = tuple(names.find_mentions(text, lang, "S1"))
    entity_of: dict[int, Entity] = {}
    for e in names.cluster(list(mentions)):
        for m in e.mentions:
            entity_of[m.start] = e
    sents = tuple(segment.sentences(text))
    return Context(Article("S1", "a.txt", text, lang, published), text, sents, mentions, entity_of)


def _fixtures() -> list[tuple[str, str]]:
    files = sorted(p for d in ("seeds", "quake", "ratecut") for p in (ROOT / "fixtures" / d).glob("*") if p.is_file())
    out = []
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        out.append((text, "ru" if len(re.findall("[а-яё]", text.lower())) > len(text) // 10 else "en"))
    return out


def agree(ctx: Context) -> None:
    """Both extractors find the same claims, and say the same of every sentence and word."""
    fast, plain = Extractor(ctx), PlainExtractor(ctx)
    assert fast.claims() == plain.claims(), ctx.clean
    fast, plain = Extractor(ctx), PlainExtractor(ctx)
    assert (fast.events, fast.concepts, fast.cues, fast.coref) == (plain.events, plain.concepts, plain.cues, plain.coref)
    for sent in ctx.sentences:
        assert fast._common(sent) == plain._common(sent), sent.text
        # The words read off the tokens hold every phrase first word of the sentence.
        low = sent.text.lower()
        for lowered in (low, low.replace("ё", "е")):
            assert lexicon.words_in(lowered) & FIRST_WORDS <= fast._sentence_words(sent, low), sent.text
        assert fast._entity_ids(sent) == plain._entity_ids(sent)
        lo, hi = bisect.bisect_left(fast.words.starts, sent.start), bisect.bisect_left(fast.words.starts, sent.stop)
        for k in range(lo, hi):
            at, end = fast.words.starts[k], fast.words.stops[k]
            assert fast.clause(sent, at, end) == plain.clause(sent, at, end)
            assert fast._subject_from_np(at, sent, True) == plain._subject_from_np(at, sent, True)
            assert fast._agent(sent, at, None) == plain._agent(sent, at, None)
            assert fast._subject_in_sentence(sent, at, None, None, ("equipment", "concept", "person")) == (
                plain._subject_in_sentence(sent, at, None, None, ("equipment", "concept", "person"))
            )
            assert fast.event_of_date(sent, at, end) == plain.event_of_date(sent, at, end)
            assert fast.attribute_for("distance", sent, at, end) == plain.attribute_for("distance", sent, at, end)


# ------------------------------------------------------------------------------ tests


@pytest.mark.parametrize(("text", "lang"), _fixtures())
def test_fixtures(text: str, lang: str) -> None:
    agree(context(text, lang))


def test_strings_of_the_claim_tests() -> None:
    from test_claims_speed_equivalence import _test_strings

    for text in _test_strings()[::3]:
        lang = "ru" if re.search("[а-яё]", text.lower()) else "en"
        agree(context(text, lang))


_PIECES = [
    # names, designators, sources
    "Reuters", "TASS", "ТАСС", "Интерфакс", "the Pentagon", "Минобороны России", "Vladimir Putin", "Владимир Путин",
    "Il-76", "Ил-76", "Su-35S", "самолет Ил-76", "Il-76 transport aircraft", "two aircraft", "двух самолетов",
    "the ministry", "министерство", "Boeing 737", "the company", "Gazprom", "Газпром",
    # events, concepts, attribute cues
    "arrived", "прибыл", "прибыли", "killed", "погибли", "were injured", "ratified", "ратифицировала", "cut the rate",
    "снизил ставку", "raised", "delivered", "deployed", "a depth of", "на глубине", "magnitude", "магнитудой",
    "earthquake", "землетрясение", "people", "человек", "troops", "treaty", "договор", "range", "payload",
    # hedges and attribution
    "reportedly", "allegedly", "якобы", "возможно", "по данным", "по словам", "according to", "citing", "said",
    "сообщил", "заявил", "is said to", "по неподтверждённым данным", "as reported by", "sources in",
    # numbers, units, dates
    "two", "five", "пять", "из них", "dozens of them", "45", "1,200", "8,5", "10 km", "10 км", "3%", "$45 million",
    "45 млн долларов", "up to", "до", "from 17%", "to 16.5%", "с 17%", "до 16,5%", "on 19 October", "19 октября",
    "last week", "Friday", "в пятницу", "2025", "11:24", "after the main shock", "после",
    # function words and odd characters
    "the", "a", "an", "of", "in", "в", "и", "на", "a_b", "21m", "İstanbul", "İpossibly", "ΣΟΦΙΑ", "ёлка", "Ё", "5G",
]
_SEPS = [" ", " ", " ", ", ", ". ", "; ", " - ", " (", ") ", "\n", ": ", "«", "» ", "-", ""]

texts = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPS)), min_size=3, max_size=40).map(
    lambda parts: "".join(p + s for p, s in parts)
)


@settings(max_examples=120, deadline=None)
@given(texts, st.sampled_from(["en", "ru"]))
def test_generated_articles(text: str, lang: str) -> None:
    agree(context(text, lang))


@settings(max_examples=60, deadline=None)
@given(texts)
def test_sentences_that_are_not_slices_of_the_text(text: str) -> None:
    # A context whose sentence texts differ from the text they point at (the extractor must then
    # read hedges and sources off the sentence text, as it always did).
    ctx = context(text, "en")
    sents = ctx.sentences
    # The next sentence's text, cut or padded to this one's length.
    other = [(sents[(s.index + 1) % len(sents)].text + " " * len(s.text))[: len(s.text)] for s in sents]
    shifted = tuple(Sentence(s.index, s.start, s.stop, other[s.index]) for s in sents)
    agree(Context(ctx.article, ctx.clean, shifted, ctx.mentions, ctx.entity_of))


@settings(max_examples=60, deadline=None)
@given(texts, st.integers(5, 60), st.sampled_from(["en", "ru"]))
def test_sentences_that_cut_words(text: str, width: int, lang: str) -> None:
    # Sentences of a fixed width, which cut through words: a word cut in two is no token.
    ctx = context(text, lang)
    cuts = range(0, len(text), width)
    sents = tuple(Sentence(k, a, min(a + width, len(text)), text[a : a + width]) for k, a in enumerate(cuts))
    agree(Context(ctx.article, ctx.clean, sents, ctx.mentions, ctx.entity_of))


@pytest.mark.parametrize(
    "text",
    [
        # "İ" lowercases to two characters, the second not a word character: "i̇possibly" holds
        # the word "possibly", which no token has.
        "The İpossibly damaged İl-76 arrived with 5 crew, Reuters İsaid.",
        "İAccording to TASS, 40 people died on Friday. İcitingthe ministry, 3 planes arrived.",
        "ΣΟΦΙΑ reportedly saw 5 planes. Σ said 4 ships sank; Σreportedly 7 more.",
        "По неподтверждённым данным, погибли 5 человек. Ёлка якобы стоила 45 млн долларов, сообщил ТАСС.",
        "a_reportedly 5 planes_said arrived; 21m said 4 people died.",
    ],
)
def test_words_that_lowercase_oddly(text: str) -> None:
    for lang in ("en", "ru"):
        agree(context(text, lang))


@settings(max_examples=200, deadline=None)
@given(texts)
def test_phrase_search_is_the_first_whole_word_match(text: str) -> None:
    low = text.lower().replace("ё", "е")
    before, verbs = lexicon.attribution_patterns()
    for p in [p for _, p in lexicon.hedge_patterns()] + list(before) + list(verbs):
        m = re.search(r"(?<!\w)" + re.escape(p.phrase) + r"(?!\w)", low)
        got = p.search(low)
        assert ((got.start(), got.end()) if got else None) == (m.span() if m else None), (p.phrase, low)
        assert got is None or next(p.finditer(low)).start() == got.start()


@pytest.mark.parametrize("piece", ["a-b ", "mother-in-law ", "x-y-z, "])
def test_joined_words_take_linear_time(piece: str) -> None:
    # Merging each chain of joins used to splice the word lists (quadratic on "a-b a-b ..."): a ratio
    # of two runs rather than a wall-clock limit.
    assert_linear(extract.words, lambda n: piece * n, 100_000 // len(piece))
    assert extract.words(piece * 3).texts == [piece.strip(" ,")] * 3
