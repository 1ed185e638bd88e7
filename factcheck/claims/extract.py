"""Stage 5: claims. Quantities and dates found in each sentence, given a subject, an attribute,
an event, hedges and an attribution."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, compress
from operator import attrgetter
from typing import NamedTuple

from factcheck.claims import dates as dates_mod
from factcheck.claims import lexicon
from factcheck.claims import numbers as numbers_mod
from factcheck.claims import tokens as tokens_mod
from factcheck.claims.lexicon import Token, Words
from factcheck.claims.tokens import Tokens, WordCache
from factcheck.model import Article, Claim, Entity, Mention, Sentence, Value

# A word: letter runs joined by a hyphen or an apostrophe ("forty-nine", "country’s"). Built from
# the shared tokens (``words``), where a letter run is one token and a joiner another.
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_JOINERS = frozenset("-'’")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Words that end the noun phrase after a number (prepositions, auxiliaries, conjunctions).
_NP_STOP_EN = frozenset(
    "in on at to from with for by that which who whom whose was were is are be been being has have had "
    "and or but as than into onto over under after before during since until about against between per "
    "will would could should may might can did do does not also while when where if so".split()
)
_NP_SKIP_EN = frozenset("the a an our their its his her your my of these those this that".split())
_NP_STOP_RU = frozenset(
    "в во на с со к ко по из от до за для при о об у и или а но что который как чем через между над под "
    "был была было были будет это также".split()
)
_NP_SKIP_RU = frozenset("наш ваш их его ее свой этот тот весь".split())
_ARTICLE_ONE = frozenset(("a", "an"))
_PARTITIVE = re.compile(r"\s*(?:(?:of\s+)?(?:them|those|these|whom|which)|из\s+(?:них|которых))\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"«»“”—–]|\s-\s")
_CLAUSE_SPLIT = re.compile(f"({_CLAUSE_BREAK.pattern})")  # the same, for re.split
_PARTITIVE_MARK = ("", "")
_REFERENCE_POINT = re.compile(
    r"(?i)\b(?:after|before|since|following|после|спустя|до|перед)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?$"
)
# Punctuation that keeps a concept from naming the designator next to it ("самолет, Ил-76").
_LINK_BREAK = re.compile(r"[,;.]")
# What stands between an attribute cue and its value: the cue is not this value's.
_CUE_BREAK = re.compile(r"[\d,;]")
# The source named after "according to" when no mention of it is found.
_SOURCE_TAIL = re.compile(r"\s+((?:the |an? )?(?:[\w\-]+\.?[ ]?){1,6}?)(?=[,;:]|\.(?:\s|$)|$)")
# Events after which a single designator with no number counts as one (a plane arrived).
_IMPLICIT_EVENTS = frozenset(("arrive", "depart", "deliver", "deploy", "strike"))
_STORY = "story"

_KIND_RANK = {"equipment": 4.0, "concept": 3.0, "person": 2.5, "org": 1.5, "media": 1.0, "place": 1.0}


@dataclass(frozen=True)
class Context:
    """What the extractor knows about one article besides its text."""

    article: Article
    clean: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    entity_of: dict[int, Entity]  # mention start -> entity (family head for variants)


def _word_key(word: str) -> tuple[str, bool]:
    """The matching key of a word (lowercase, or the lemma of a Russian word) and whether it is Cyrillic."""
    if not word.isascii() and _CYRILLIC.search(word) is not None:
        from factcheck.morph import lemma  # the analyser itself is built only on the first Russian word

        return lemma(word.replace("\u0301", "")), True
    return word.lower().replace("’", "'"), False


def _indexes() -> tuple[lexicon.PhraseIndex, ...]:
    """The phrase indexes matched on every article: events, concepts, attribute cues."""
    return lexicon.events(), lexicon.concepts(), lexicon.attribute_cues()


# What ``_find_all`` needs to know of an index a word may start an entry of: the index's bit,
# its table for the word's script, the length of the longest entry starting with the word, and
# the one-word entry that is the word itself (None if there is none).
_Start = tuple[int, dict[tuple[str, ...], str], int, str | None]


def _word_info(word: str) -> tuple[str, bool, int, tuple[_Start, ...]]:
    """``_word_key`` of a word, the bit set of the ``_indexes`` that have an entry starting with
    it (where ``_find`` must look), and for each of them a ``_Start``."""
    key, cyrillic = _word_key(word)
    marks = 0
    starts: list[_Start] = []
    for bit, index in enumerate(_indexes()):
        if index.may_start(key, cyrillic):
            marks |= 1 << bit
            table, longest = index.tables(cyrillic)
            starts.append((bit, table, longest[key], table.get((key,))))
    return key, cyrillic, marks, tuple(starts)


_WORD_INFO = WordCache(_word_info)
# The marks of ``_WORD_INFO`` on their own, so that the marks of all words are one C-level map.
_WORD_MARKS = WordCache(lambda word: _WORD_INFO[word][2])


def _joins(text: str, tk: Tokens) -> list[int]:
    """Indices of the joiner tokens that glue two letter runs into one word, in order."""
    # Joiners are rare (a few per article): find them in the text rather than testing every token.
    at: list[int] = []
    for ch in _JOINERS:
        i = text.find(ch)
        while i >= 0:
            at.append(i)
            i = text.find(ch, i + 1)
    if not at:
        return []
    at.sort()
    starts, stops, kinds = tk.starts, tk.stops, tk.kinds
    last = len(kinds) - 1
    out = []
    for pos in at:
        i = bisect.bisect_left(starts, pos)  # a joiner is a one-character token of its own
        if (
            0 < i < last
            and kinds[i - 1] == tokens_mod.W
            and kinds[i + 1] == tokens_mod.W
            and stops[i - 1] == pos
            and starts[i + 1] == pos + 1
        ):
            out.append(i)
    return out


def words(text: str, tokens: Tokens | None = None) -> Words:
    """Words of ``text`` (the same as ``_WORD.finditer``) with matching keys (Russian words
    lemmatised), marked with the ``_indexes`` they may start an entry of; ``tokens``: the text's
    tokens, when the caller has them already."""
    tk = tokens if tokens is not None else tokens_mod.tokenize(text)
    # Each letter run is a word, unless joiners glue it to the runs around it.
    is_run = tk.mask(tokens_mod.W)
    texts = list(compress(tk.strs, is_run))
    starts = list(compress(tk.starts, is_run))
    stops = list(compress(tk.stops, is_run))
    # Chains of joins ("mother-in-law": two joins two tokens apart) make one word: each chain's
    # runs are merged into one, copying the runs between chains once (linear in the words).
    chains: list[list[int]] = []
    for i in _joins(text, tk):
        if chains and chains[-1][-1] == i - 2:
            chains[-1].append(i)
        else:
            chains.append([i])
    if chains:
        merged_texts: list[str] = []
        merged_starts: list[int] = []
        merged_stops: list[int] = []
        done = 0  # runs before this index are copied or merged
        for chain in chains:
            first = bisect.bisect_left(starts, tk.starts[chain[0] - 1])  # the run before the first join
            last = first + len(chain)  # the run after the last join
            merged_texts.extend(texts[done:first])
            merged_starts.extend(starts[done:first])
            merged_stops.extend(stops[done:first])
            merged_texts.append(text[starts[first] : stops[last]])
            merged_starts.append(starts[first])
            merged_stops.append(stops[last])
            done = last + 1
        merged_texts.extend(texts[done:])
        merged_starts.extend(starts[done:])
        merged_stops.extend(stops[done:])
        texts, starts, stops = merged_texts, merged_starts, merged_stops
    # Keys and Cyrillic flags are read off _WORD_INFO for the few words something looks at.
    return Words(starts, stops, texts, marks=list(map(_WORD_MARKS.__getitem__, texts)), info=_WORD_INFO)


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` as Tokens with matching keys (Russian words lemmatised)."""
    w = words(text)
    return w.tokens(0, len(w))


class _Hit(NamedTuple):
    """A lexicon entry found in the text."""

    ident: str
    start: int
    stop: int
    first: int  # token index
    count: int  # type: ignore[assignment]  # a field, where tuple has a method


# A _Hit made from a tuple in C: the NamedTuple constructor is a Python function.
_new_hit = partial(tuple.__new__, _Hit)


def _find(index: lexicon.PhraseIndex, words: Words, starts: list[int] | None = None) -> list[_Hit]:
    """Entries left to right, longest first; a word inside one found entry starts no other.
    ``starts``: the words that may start an entry, when known (else ``index.starts``)."""
    hits = []
    after = 0  # the first word after the last entry found
    for i in index.starts(words) if starts is None else starts:
        if i < after:
            continue
        got = index.match(words, i)
        if got:
            ident, n = got
            hits.append(_Hit(ident, words.starts[i], words.stops[i + n - 1], i, n))
            after = i + n
    return hits


def _find_all(words: Words) -> list[list[_Hit]]:
    """``_find`` for each of the ``_indexes``, starting only where ``words`` marks them."""
    # One pass over the marked words for all the indexes, with ``PhraseIndex.match`` worked out
    # ahead for each word (``_word_info``): the keys of the words after a marked one are looked
    # up only where a longer entry may start.
    info = _WORD_INFO
    texts, marks, starts, stops = words.texts, words.marks, words.starts, words.stops
    n = len(texts)
    found: list[list[_Hit]] = [[] for _ in _indexes()]
    after = [0] * len(found)  # per index, the first word after the last entry found
    for i in compress(range(n), marks):
        key, _, _, entries = info[texts[i]]
        keys: list[str] | None = None
        for bit, table, longest, single in entries:
            if i < after[bit]:
                continue
            ident, m = single, 1
            if longest > 1 and n - i > 1:
                if keys is None:
                    keys = [key, *(info[t][0] for t in texts[i + 1 : i + lexicon.MAX_PHRASE])]
                for m in range(min(lexicon.MAX_PHRASE, n - i, longest), 0, -1):
                    ident = table.get(tuple(keys[:m])) if m > 1 else single
                    if ident is not None:
                        break
            if ident is not None:
                found[bit].append(_new_hit((ident, starts[i], stops[i + m - 1], i, m)))
                after[bit] = i + m
    return found


_HIT_START = attrgetter("start")  # a C-level key for bisect
_SPAN = attrgetter("start", "stop")


def _in(hits: list[_Hit], start: int, stop: int) -> list[_Hit]:
    """Hits inside [start, stop); ``hits`` are in text order (``_find``), so bisect to the first."""
    i = bisect.bisect_left(hits, start, key=_HIT_START)
    out = []
    while i < len(hits) and hits[i].start < stop:
        if hits[i].stop <= stop:
            out.append(hits[i])
        i += 1
    return out


_INF = float("inf")


def _overlaps(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether [start, stop) overlaps one of ``spans`` (sorted and not overlapping each other)."""
    i = bisect.bisect_right(spans, (start, _INF))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < stop)


def _inside(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether [start, stop) lies inside one of ``spans`` (sorted by start)."""
    i = bisect.bisect_right(spans, (start, _INF))
    for a, b in spans[max(0, i - 8) : i]:
        if a <= start and stop <= b:
            return True
    return False


def _nearest(hits: list[_Hit], pos: int) -> _Hit | None:
    best = None
    for h in hits:
        d = h.start - pos if h.start >= pos else pos - h.stop
        # Ties go to the word before the value: "arrived ... on October 26".
        key = (d, 0 if h.start < pos else 1)
        if best is None or key < best[0]:
            best = (key, h)
    return best[1] if best else None


class Extractor:
    """Finds the claims of one article."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.lang = ctx.article.lang
        # One tokenisation serves the lexicon, the quantity scanner and the date finder.
        self.text_tokens = tokens_mod.tokenize(ctx.clean)
        self.words = words(ctx.clean, self.text_tokens)
        self.events, self.concepts, self.cues = _find_all(self.words)
        self.sent_starts = [s.start for s in ctx.sentences]
        self._mentions = sorted(ctx.mentions, key=_SPAN)
        self._mention_starts = [m.start for m in self._mentions]
        self._breaks: dict[int, tuple[list[int], list[int]]] = {}  # sentence index -> break starts, ends
        self.coref = self._concept_links()
        self._per_sentence: dict[int, tuple[str | None, str | None, Mention | None]] = {}
        self._sentence_mentions: dict[int, list[Mention]] = {}
        self._token_words = lexicon.hedge_filter().token_words and all(
            f.token_words for f in lexicon.attribution_filters()
        )
        self._ids: dict[int, tuple[str, ...]] = {}  # sentence index -> ids of the entities named in it
        self._sentence_events: dict[int, list[_Hit]] = {}  # sentence index -> events inside it
        self._sentence_concepts: dict[int, list[_Hit]] = {}  # sentence index -> concepts inside it
        self._sentence_subjects: dict[int, list[_Hit]] = {}  # the same, less reference points
        # Equipment mentions by start, each with its place in ctx.mentions (the first one wins).
        equipment = sorted((m.start, k, m) for k, m in enumerate(ctx.mentions) if m.kind == "equipment")
        self._equipment = [m for _, _, m in equipment]
        self._equipment_order = [k for _, k, _ in equipment]
        self._equipment_starts = [m.start for m in self._equipment]

    # -- helpers -------------------------------------------------------------------------

    def _concept_links(self) -> dict[str, tuple[str, str]]:
        """Concepts that name one designator in this article ("самолет Ил-76", "Il-76 transport
        aircraft"): later bare mentions of the concept ("двух самолетов") mean that designator."""
        links: dict[str, set[tuple[str, str]]] = {}
        for m in self.ctx.mentions:
            if m.kind != "equipment":
                continue
            e = self.entity(m)
            subj = (e.id, e.name) if e else (m.norm, m.text)
            for h in _in(self.concepts, max(0, m.start - 30), m.stop + 40):
                gap = self.ctx.clean[min(h.stop, m.stop) : max(h.start, m.start)]
                if self.count_between(min(h.stop, m.stop), max(h.start, m.start)) <= 2 and not _LINK_BREAK.search(gap):
                    links.setdefault(h.ident, set()).add(subj)
        return {c: next(iter(s)) for c, s in links.items() if len(s) == 1}

    def _resolve_concept(self, subject: tuple[str, str] | None) -> tuple[str, str] | None:
        if subject and subject[0].startswith("c:") and subject[0][2:] in self.coref:
            return self.coref[subject[0][2:]]
        return subject

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence containing offset ``pos``."""
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        if i >= 0 and self.ctx.sentences[i].start <= pos < self.ctx.sentences[i].stop:
            return self.ctx.sentences[i]
        return None

    def _range(self, start: int, stop: int) -> tuple[int, int]:
        """Indices [i, j) of the words fully inside [start, stop)."""
        i = bisect.bisect_left(self.words.starts, start)
        # Words are in order and do not overlap, so their stops are sorted too.
        return i, max(i, bisect.bisect_right(self.words.stops, stop, i))

    def tokens_between(self, start: int, stop: int, limit: int | None = None) -> list[Token]:
        """Tokens fully inside [start, stop) (the first ``limit`` of them)."""
        i, j = self._range(start, stop)
        return self.words.tokens(i, j if limit is None else min(j, i + limit))

    def _before(self, sent: Sentence, pos: int, last: int) -> list[Token]:
        """The last ``last`` tokens of the 60 characters of ``sent`` before ``pos``."""
        i, j = self._range(max(sent.start, pos - 60), pos)
        return self.words.tokens(max(i, j - last), j)

    def count_between(self, start: int, stop: int) -> int:
        """How many words lie fully inside [start, stop)."""
        i, j = self._range(start, stop)
        return j - i

    def mentions_in(self, start: int, stop: int) -> list[Mention]:
        """Name mentions inside [start, stop)."""
        i = bisect.bisect_left(self._mention_starts, start)
        out = []
        while i < len(self._mentions) and self._mentions[i].start < stop:
            if self._mentions[i].stop <= stop:
                out.append(self._mentions[i])
            i += 1
        return out

    def _mentions_of(self, sent: Sentence) -> list[Mention]:
        """``mentions_in`` the whole sentence (remembered)."""
        got = self._sentence_mentions.get(sent.index)
        if got is None:
            got = self._sentence_mentions[sent.index] = self.mentions_in(sent.start, sent.stop)
        return got

    def entity(self, m: Mention) -> Entity | None:
        """The entity a mention belongs to."""
        return self.ctx.entity_of.get(m.start)

    # -- hedges and attribution ------------------------------------------------------------

    def hedge(self, sent: Sentence, low: str | None = None, words: set[str] | None = None) -> str | None:
        """The hedge word of a sentence, if any; ``low``, ``words``: its text lowercased and the
        ``words_in`` that, when the caller has them (``_common``)."""
        if low is None:
            low = sent.text.lower()
        if "ё" in low:
            low = low.replace("ё", "е")
            words = None
        if words is None:
            words = lexicon.words_in(low)
        for pattern in lexicon.hedge_filter().candidates(words):
            m = pattern.search(low)
            if m:
                return sent.text[m.start() : m.end()]
        return None

    def attribution(
        self, sent: Sentence, low: str | None = None, words: set[str] | None = None
    ) -> tuple[str | None, Mention | None]:
        """Who a sentence cites (canonical name) and the mention of it; ``low``, ``words``: as
        for ``hedge``."""
        if low is None:
            low = sent.text.lower()
        before_cues, verb_cues = lexicon.attribution_filters()
        candidates = [m for m in self._mentions_of(sent) if m.kind in ("media", "org", "person")]
        if words is None:
            words = lexicon.words_in(low)
        for pattern in before_cues.candidates(words):
            for hit in pattern.finditer(low):
                after = sent.start + hit.end()
                for m in candidates:
                    if 0 <= m.start - after <= 12:
                        return self._name(m), m
                tail = _SOURCE_TAIL.match(sent.text, hit.end())
                if tail:
                    return tail.group(1).strip(), None
        for pattern in verb_cues.candidates(words):
            for hit in pattern.finditer(low):
                verb_at = sent.start + hit.start()
                for m in candidates:
                    if m.kind != "person" and 0 <= verb_at - m.stop <= 3:
                        return self._name(m), m
        return None, None

    def _name(self, m: Mention) -> str:
        e = self.entity(m)
        return e.name if e else m.text

    # -- subject ---------------------------------------------------------------------------

    def _subject_from_np(self, start: int, sent: Sentence, allow_of: bool) -> tuple[str, str] | None:
        """Subject of the noun phrase that starts at ``start`` (what a number counts)."""
        if _PARTITIVE.match(self.ctx.clean, start):
            return _PARTITIVE_MARK
        i, j = self._range(start, sent.stop)
        if i == j:
            return None
        w, clean = self.words, self.ctx.clean
        # The noun phrase must follow the number closely.
        if clean[start : w.starts[i]].strip(" \u00a0\t-–—\"'«»“”()") != "":
            return None
        stop_en, skip_en = _NP_STOP_EN, _NP_SKIP_EN
        np: list[Token] = []
        for k in range(i, min(j, i + 8)):
            key, cyrillic = w.key(k)
            if cyrillic:
                if key == "из" and not np and allow_of:
                    continue  # «пять из семи членов»
                if key in _NP_STOP_RU:
                    break
                if key in _NP_SKIP_RU and not np:
                    continue
            else:
                if key == "of" and not np and allow_of:
                    continue
                if key in stop_en:
                    break
                if key in skip_en and not np:
                    continue
            np.append(Token(w.starts[k], w.stops[k], w.texts[k], key, cyrillic))
            if len(np) >= 6:
                break
            # Stop at punctuation right after this word.
            nxt = clean[w.stops[k] : w.stops[k] + 1]
            if nxt in (",", ";", ":", ".", "!", "?", ")", "(", "\n"):
                break
        if not np:
            return None
        np_start, np_stop = np[0].start, np[-1].stop
        a = bisect.bisect_left(self._equipment_starts, np_start)
        b = bisect.bisect_left(self._equipment_starts, np_stop, a)
        if a < b:
            k = min(range(a, b), key=self._equipment_order.__getitem__)  # the first in ctx.mentions
            m = self._equipment[k]
            e = self.entity(m)
            return (e.id, e.name) if e else (m.norm, m.text)
        hits = _in(self.concepts, np_start, np_stop)
        if hits:
            h = hits[-1] if not np[0].cyrillic else hits[0]
            return self._resolve_concept(("c:" + h.ident, lexicon.concept_names()[h.ident]))
        head = self._head(np)
        if head is None:
            return None
        return "n:" + head.key, head.text.lower()

    def _head(self, np: list[Token]) -> Token | None:
        if np[0].cyrillic:
            from factcheck.morph import readings

            for t in np:
                rs = readings(t.text)
                if rs and rs[0].pos == "NOUN":
                    return t
            return None
        # No tagger for English: the first plural-looking word is the counted noun ("two
        # countries establishes" -> countries), else the last word of the phrase.
        plural = [t for t in np[:4] if t.key.endswith("s") and not t.key.endswith("ss") and t.text[:1].islower()]
        head = plural[0] if plural else np[-1]
        if head.text[:1].isupper() or len(head.text) < 3:
            return None
        return head

    def _subject_in_sentence(
        self,
        sent: Sentence,
        pos: int,
        exclude: tuple[int, int] | None,
        skip: Mention | None,
        kinds: tuple[str, ...],
        anchor: int | None = None,
    ) -> tuple[str, str] | None:
        """The best subject in the sentence: equipment > concept > person > org > place, near the event."""
        # Distance counts in words from the event when there is one (the event's actor or theme),
        # else from the value.
        at = anchor if anchor is not None else pos
        best: tuple[tuple[float, int], tuple[str, str]] | None = None
        for m in self._mentions_of(sent):
            if m.kind not in kinds or (skip is not None and m.start == skip.start) or m.kind == "title":
                continue
            e = self.entity(m)
            subj = (e.id, e.name) if e else (m.norm, m.text)
            key = (-(_KIND_RANK.get(m.kind, 0.5) * 10 - self._words_between(m.start, m.stop, at)), m.start)
            if best is None or key < best[0]:
                best = (key, subj)
        if "concept" in kinds:
            for h in self._subject_concepts(sent):
                if exclude and h.start < exclude[1] and exclude[0] < h.stop:
                    continue
                key = (-(_KIND_RANK["concept"] * 10 - self._words_between(h.start, h.stop, at)), h.start)
                if best is None or key < best[0]:
                    best = (key, ("c:" + h.ident, lexicon.concept_names()[h.ident]))
        return self._resolve_concept(best[1]) if best else None

    def _words_between(self, start: int, stop: int, at: int) -> int:
        if start <= at < stop:
            return 0
        a, b = (stop, at) if stop <= at else (at, start)
        return self.count_between(a, b)

    def _agent(self, sent: Sentence, pos: int, skip: Mention | None) -> tuple[str, str] | None:
        """The nearest organisation, person or country before a value in its sentence (who pays)."""
        best = None
        for m in self._mentions_of(sent):
            if m.start >= pos or m.stop > pos:
                continue  # mentions_in(sent.start, pos): the sentence's mentions that end by pos
            if m.kind in ("org", "person", "place", "media") and not (skip is not None and m.start == skip.start):
                e = self.entity(m)
                best = (e.id, e.name) if e else (m.norm, m.text)
        return best

    # -- attribute and event -------------------------------------------------------------

    def clause(self, sent: Sentence, start: int, stop: int) -> tuple[int, int]:
        """The clause around a value: the sentence cut at commas, brackets, quotes and dashes."""
        got = self._breaks.get(sent.index)
        if got is None:
            # Pieces alternate text, break, text ...: running sums of their lengths give where
            # each break starts and ends, without a match object per break.
            pieces = _CLAUSE_SPLIT.split(self.ctx.clean[sent.start : sent.stop])
            ends = list(accumulate(map(len, pieces), initial=sent.start))
            got = self._breaks[sent.index] = (ends[1:-1:2], ends[2:-1:2])
        starts, ends = got
        i = bisect.bisect_right(ends, start)  # breaks that end at or before the value
        left = ends[i - 1] if i else sent.start
        j = bisect.bisect_left(starts, stop)  # the first break that starts at or after its end
        right = starts[j] if j < len(starts) else sent.stop
        return left, right

    def event_near(self, sent: Sentence, start: int, stop: int) -> _Hit | None:
        """The event word nearest to a value, in its clause if there is one there."""
        a, b = self.clause(sent, start, stop)
        events = self._events_in(sent)
        hit = _nearest(self._in_clause(events, a, b), start)
        return hit or _nearest(events, start)

    @staticmethod
    def _in_clause(hits: list[_Hit], a: int, b: int) -> list[_Hit]:
        """``_in(hits, a, b)`` for the hits of a sentence and a clause of it (which lies inside it)."""
        return [h for h in hits if a <= h.start < b and h.stop <= b]

    def _concepts_in(self, sent: Sentence) -> list[_Hit]:
        """The concepts inside a sentence (remembered)."""
        got = self._sentence_concepts.get(sent.index)
        if got is None:
            got = self._sentence_concepts[sent.index] = _in(self.concepts, sent.start, sent.stop)
        return got

    def _subject_concepts(self, sent: Sentence) -> list[_Hit]:
        """The concepts inside a sentence that may be its subject (remembered)."""
        got = self._sentence_subjects.get(sent.index)
        if got is None:
            clean = self.ctx.clean
            got = self._sentence_subjects[sent.index] = [
                h
                for h in self._concepts_in(sent)
                # "three hours after the main shock": a reference point, not the subject
                if not _REFERENCE_POINT.search(clean, max(sent.start, h.start - 25), h.start)
            ]
        return got

    def _events_in(self, sent: Sentence) -> list[_Hit]:
        """The events inside a sentence (remembered)."""
        got = self._sentence_events.get(sent.index)
        if got is None:
            got = self._sentence_events[sent.index] = _in(self.events, sent.start, sent.stop)
        return got

    def event_of_date(self, sent: Sentence, start: int, stop: int) -> _Hit | None:
        """The event a date belongs to: the nearest before it in its clause ("arrived ... on
        October 26"), else after it ("On October 21, the Duma ratified"), else in the sentence."""
        a, b = self.clause(sent, start, stop)
        hits = self._in_clause(self._events_in(sent), a, b)
        before = [h for h in hits if h.stop <= start]
        if before:
            return before[-1]
        after = [h for h in hits if h.start >= stop]
        if after:
            return after[0]
        return _nearest(self._events_in(sent), start)

    def reported_on(self, sent: Sentence, start: int, stop: int) -> bool:
        """A date that only says when something was reported ("the agency said Friday")."""
        verbs = lexicon.reporting_verbs()
        i, j = self._range(max(sent.start, start - 20), min(sent.stop, stop + 20))
        w = self.words
        said = any(
            w.texts[k].lower() in verbs and (w.stops[k] <= start or w.starts[k] >= stop) for k in range(i, j)
        )
        if not said:
            return False
        ev = self.event_near(sent, start, stop)
        if ev is None:
            return True
        a, b = self.clause(sent, start, stop)
        return not (a <= ev.start < b)

    def attribute_for(self, dimension: str, sent: Sentence, start: int, stop: int) -> str:
        """The attribute of a quantity: a cue near the value, else the dimension's default."""
        dims = lexicon.attribute_dimensions()
        # A cue must stand right by the value: "a depth of 35 km", "на глубине 35 км", "35 km deep".
        window = 25
        near = [
            h
            for h in _in(self.cues, max(sent.start, start - window), min(sent.stop, stop + window))
            if dims.get(h.ident) == dimension
            and (h.stop <= start or h.start >= stop)
            and not _CUE_BREAK.search(self.ctx.clean, min(h.stop, stop), max(h.start, start))
        ]
        hit = _nearest(near, start)
        if hit:
            return hit.ident
        return lexicon.default_attribute().get(dimension, dimension)

    # -- claims ----------------------------------------------------------------------------

    def claims(self) -> list[Claim]:
        """Every claim of the article."""
        art = self.ctx.article
        out: list[Claim] = []
        date_mentions = dates_mod.find_dates(self.ctx.clean, art.lang, self.text_tokens)
        date_spans = [(d.start, d.stop) for d in date_mentions]  # sorted, not overlapping
        equipment = sorted((m.start, m.stop) for m in self.ctx.mentions if m.kind == "equipment")
        quantities = [
            q
            for q in numbers_mod.find_quantities(self.ctx.clean, art.lang, self.text_tokens)
            if not _overlaps(date_spans, q.start, q.stop) and not _inside(equipment, q.start, q.stop)
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

    def _common(self, sent: Sentence) -> tuple[str | None, str | None, Mention | None]:
        """Hedge, attribution and cited mention of a sentence, computed once per sentence."""
        got = self._per_sentence.get(sent.index)
        if got is None:
            low = sent.text.lower()
            words = self._sentence_words(sent, low)
            got = (self.hedge(sent, low, words), *self.attribution(sent, low, words))
            self._per_sentence[sent.index] = got
        return got

    def _sentence_words(self, sent: Sentence, low: str) -> set[str]:
        """``words_in(low)`` (``low``: the sentence lowercased), or the lowercase forms of the
        sentence's tokens, which hold every phrase first word that ``words_in`` has (a superset
        is as good to ``PhraseFilter.candidates``: a phrase whose first word is missing cannot occur)."""
        # The lowercase text has the words of the tokens when it lowercases letter by letter (not
        # so for "İ" only, which becomes two characters), no token crosses the sentence's ends,
        # and the first words are letter runs written as token forms are (``token_words``).
        text, start, stop = sent.text, sent.start, sent.stop
        tk = self.text_tokens
        if (
            len(low) == len(text) == stop - start
            and self._token_words
            and self.ctx.clean.startswith(text, start)
        ):
            i = bisect.bisect_left(tk.starts, start)
            j = bisect.bisect_left(tk.starts, stop, i)
            if (i == 0 or tk.stops[i - 1] <= start) and (j == 0 or tk.stops[j - 1] <= stop):
                return set(tk.lowers[i:j])
        return lexicon.words_in(low)

    def _quantity_claim(self, q: numbers_mod.Quantity) -> Claim | None:
        sent = self.sentence_at(q.start)
        if sent is None or q.stop > sent.stop:
            return None
        hedge, attribution, cited = self._common(sent)
        event_hit = self.event_near(sent, q.start, q.stop)
        event = event_hit.ident if event_hit else None
        attribute = self.attribute_for(q.dimension, sent, q.start, q.stop)
        subject: tuple[str, str] | None = None
        exclude = (event_hit.start, event_hit.stop) if event_hit else None
        if q.dimension == "count":
            subject = self._subject_from_np(q.noun_start, sent, allow_of=True)
            if subject == _PARTITIVE_MARK:
                return None  # "dozens of them": a part of a number given before
            ev_attr = lexicon.event_attributes().get(event or "")
            if ev_attr and (subject is None or subject[0] in ("c:people", "c:troops") or subject[0].startswith("n:")):
                attribute = ev_attr
                subject = subject if subject and subject[0].startswith("c:") else ("c:people", "people")
        else:
            if q.dimension in ("percent", "money", "mass"):
                subject = self._subject_from_np(q.noun_start, sent, allow_of=True)
                if subject is not None and (subject == _PARTITIVE_MARK or subject[0].startswith("n:")):
                    subject = None
            if subject is None and attribute == "magnitude":
                subject = ("c:earthquake", lexicon.concept_names().get("earthquake", "earthquake"))
            if subject is None and q.dimension == "money":
                subject = self._agent(sent, q.start, cited)
            if subject is None:
                subject = self._subject_in_sentence(sent, q.start, exclude, cited, ("equipment", "concept"))
            if subject is None and sent.index > 0:
                # The thing measured is often named in the sentence before ("... a tsunami
                # warning. The warning was lifted three hours later").
                prev = self.ctx.sentences[sent.index - 1]
                subject = self._subject_in_sentence(prev, prev.stop, None, None, ("equipment", "concept"))
            if subject is None and attribute in ("depth", "magnitude"):
                subject = (_STORY, "(the story)")
        low, high, qualifier = q.low, q.high, q.qualifier
        # The words just before the value matter for two rare cases only: read them then.
        if qualifier == "up_to" and q.text[:2].lower() == "до" and any(
            t.key in lexicon.to_target_ru() for t in self._before(sent, q.start, 8)
        ):
            low, qualifier = high, "exact"  # «снизил ставку до 16,5%»: the new value
        change = event in ("cut_rate", "raise")
        if change and qualifier != "range" and (before := self._before(sent, q.start, 2)):
            last = self.ctx.clean[before[-1].stop : q.start].strip()
            prev_words = " ".join(t.text.lower() for t in before[-2:])
            if not last and (before[-1].text.lower() in lexicon.from_previous() or prev_words in lexicon.from_previous()):
                return None  # "to 16.5% from 17%": the old value is not what the article claims
        value = Value("quantity", low, high, q.unit, qualifier)
        return Claim(
            source=self.ctx.article.id,
            start=q.start,
            stop=q.stop,
            text=q.text,
            sentence=sent,
            subject=subject[0] if subject else "",
            subject_name=subject[1] if subject else "",
            attribute=attribute,
            event=event,
            value=value,
            hedged=hedge is not None,
            hedge=hedge,
            attribution=attribution,
            entities=self._entity_ids(sent),
        )

    def _entity_ids(self, sent: Sentence) -> tuple[str, ...]:
        got = self._ids.get(sent.index)
        if got is None:
            entity_of = self.ctx.entity_of
            ids = {e.id for m in self._mentions_of(sent) if (e := entity_of.get(m.start))}
            got = self._ids[sent.index] = tuple(sorted(ids))
        return got

    def _implicit_ones(self, counted_sentences: set[int]) -> list[Claim]:
        """"A Russian Il-76 ... arrived" / «прибыл ... самолет Ил-76»: a count of one."""
        out = []
        seen: set[tuple[int, str]] = set()
        for m in self.ctx.mentions:
            if m.kind != "equipment":
                continue
            sent = self.sentence_at(m.start)
            if sent is None or sent.index in counted_sentences:
                continue
            ev = self.event_near(sent, m.start, m.stop)
            if ev is None or ev.ident not in _IMPLICIT_EVENTS or abs(ev.start - m.start) > 80:
                continue
            before = self.tokens_between(max(sent.start, m.start - 40), m.start)
            if m.text[:1].isascii():
                if not before or not any(t.key in _ARTICLE_ONE for t in before[-3:]):
                    continue
                start = next(t.start for t in reversed(before[-3:]) if t.key in _ARTICLE_ONE)
            else:
                if not self._singular_verb(ev):
                    continue
                start = m.start
                if before and before[-1].cyrillic and self._is_noun(before[-1]):
                    start = before[-1].start
            e = self.entity(m)
            subject = (e.id, e.name) if e else (m.norm, m.text)
            if (sent.index, subject[0]) in seen:
                continue
            seen.add((sent.index, subject[0]))
            hedge, attribution, _ = self._common(sent)
            out.append(
                Claim(
                    source=self.ctx.article.id,
                    start=start,
                    stop=m.stop,
                    text=self.ctx.clean[start : m.stop],
                    sentence=sent,
                    subject=subject[0],
                    subject_name=subject[1],
                    attribute="count",
                    event=ev.ident,
                    value=Value("quantity", 1.0, 1.0, None, "implicit", implicit=True),
                    hedged=hedge is not None,
                    hedge=hedge,
                    attribution=attribution,
                    entities=self._entity_ids(sent),
                )
            )
        return out

    def _singular_verb(self, hit: _Hit) -> bool:
        from factcheck.morph import readings

        tok = self.words.token(hit.first)
        rs = readings(tok.text)
        return bool(rs) and rs[0].pos in ("VERB", "PRTS") and rs[0].number == "sing"

    def _is_noun(self, tok: Token) -> bool:
        from factcheck.morph import readings

        rs = readings(tok.text)
        return bool(rs) and rs[0].pos == "NOUN"

    def _date_claims(self, mentions: list[dates_mod.DateMention]) -> list[Claim]:
        art = self.ctx.article
        out = []
        previous: tuple[dt.date, int] | None = None  # last single-day date and its sentence
        for dm in mentions:
            sent = self.sentence_at(dm.start)
            if sent is None or dm.stop > sent.stop:
                continue  # a "date" across two lines or sentences is not one
            if dm.kind == "date" and self.reported_on(sent, dm.start, dm.stop):
                continue
            hedge, attribution, cited = self._common(sent)
            event_hit = self.event_of_date(sent, dm.start, dm.stop)
            exclude = (event_hit.start, event_hit.stop) if event_hit else None
            subject = self._subject_in_sentence(
                sent, dm.start, exclude, cited, ("equipment", "concept", "person", "org", "place"),
                anchor=event_hit.start if event_hit else None,
            )
            if dm.kind == "time":
                shown = dates_mod.format_time(dm)
                value = Value("time", shown, shown, None, "exact")
                anchored, how = True, None
            else:
                # "The day before" refers to a date in the same or the previous sentence;
                # further away, the publication date is the better anchor.
                near = previous[0] if previous and sent.index - previous[1] <= 1 else None
                resolved = dates_mod.resolve(dm, art.published, near)
                if resolved is None:
                    value = Value("date", None, None, None, "unanchored")
                    anchored, how = False, "relative date in an undated source: not resolved"
                else:
                    if resolved.low == resolved.high:
                        previous = (resolved.low, sent.index)
                    exact = resolved.low == resolved.high
                    value = Value("date", resolved.low.isoformat(), resolved.high.isoformat(), None,
                                  "exact" if exact else "range")
                    anchored, how = True, resolved.how
            out.append(
                Claim(
                    source=art.id,
                    start=dm.start,
                    stop=dm.stop,
                    text=dm.text,
                    sentence=sent,
                    subject=subject[0] if subject else "",
                    subject_name=subject[1] if subject else "",
                    attribute="time" if dm.kind == "time" else "date",
                    event=event_hit.ident if event_hit else None,
                    value=value,
                    hedged=hedge is not None,
                    hedge=hedge,
                    attribution=attribution,
                    anchored=anchored,
                    resolution=how,
                    entities=self._entity_ids(sent),
                )
            )
        return out


def extract(ctx: Context) -> list[Claim]:
    """Every claim of one article."""
    return Extractor(ctx).claims()
