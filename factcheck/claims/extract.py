"""Stage 5: claims. Quantities and dates found in each sentence, given a subject, an attribute,
an event, hedges and an attribution."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from itertools import compress

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
_PARTITIVE_MARK = ("", "")
_REFERENCE_POINT = re.compile(
    r"(?i)\b(?:after|before|since|following|после|спустя|до|перед)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?$"
)
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


def _word_info(word: str) -> tuple[str, bool, int]:
    """``_word_key`` of a word, and the bit set of the ``_indexes`` that have an entry starting
    with it (where ``_find`` must look)."""
    key, cyrillic = _word_key(word)
    starts = 0
    for bit, index in enumerate(_indexes()):
        if index.may_start(key, cyrillic):
            starts |= 1 << bit
    return key, cyrillic, starts


_WORD_INFO = WordCache(_word_info)


def words(text: str, tokens: Tokens | None = None) -> Words:
    """Words of ``text`` (the same as ``_WORD.finditer``) with matching keys (Russian words
    lemmatised), marked with the ``_indexes`` they may start an entry of; ``tokens``: the text's
    tokens, when the caller has them already."""
    tk = tokens if tokens is not None else tokens_mod.tokenize(text)
    # Each letter run is a word, unless joiners glue it to the runs around it.
    runs = tk.indices(tokens_mod.W)
    texts = list(map(tk.strs.__getitem__, runs))
    starts = list(map(tk.starts.__getitem__, runs))
    stops = list(map(tk.stops.__getitem__, runs))
    kinds, glued = tk.kinds, tk.glued
    joins = [
        i
        for i in compress(range(len(tk)), map(_JOINERS.__contains__, tk.strs))
        if 0 < i < len(tk) - 1 and kinds[i - 1] == kinds[i + 1] == tokens_mod.W and glued(i - 1, i) and glued(i, i + 1)
    ]
    # Chains of joins ("mother-in-law": two joins two tokens apart) make one word; merge each
    # chain's runs into one, last chain first so that the positions of earlier ones hold.
    chains: list[list[int]] = []
    for i in joins:
        if chains and chains[-1][-1] == i - 2:
            chains[-1].append(i)
        else:
            chains.append([i])
    for chain in reversed(chains):
        first = bisect.bisect_left(runs, chain[0] - 1)  # the run before the first join
        last = first + len(chain)  # the run after the last join
        start, stop = starts[first], stops[last]
        texts[first : last + 1] = [text[start:stop]]
        starts[first : last + 1] = [start]
        stops[first : last + 1] = [stop]
    keys, cyrillic, marks = tokens_mod.columns(list(map(_WORD_INFO.__getitem__, texts)), 3)
    return Words(starts, stops, texts, keys, cyrillic, marks)


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` as Tokens with matching keys (Russian words lemmatised)."""
    w = words(text)
    return w.tokens(0, len(w))


@dataclass(frozen=True)
class _Hit:
    """A lexicon entry found in the text."""

    ident: str
    start: int
    stop: int
    first: int  # token index
    count: int


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
    marks = words.marks
    marked = list(compress(range(len(marks)), marks))
    return [_find(index, words, [i for i in marked if marks[i] >> bit & 1]) for bit, index in enumerate(_indexes())]


def _in(hits: list[_Hit], start: int, stop: int) -> list[_Hit]:
    """Hits inside [start, stop); ``hits`` are in text order (``_find``), so bisect to the first."""
    i = bisect.bisect_left(hits, start, key=lambda h: h.start)
    out = []
    while i < len(hits) and hits[i].start < stop:
        if hits[i].stop <= stop:
            out.append(hits[i])
        i += 1
    return out


def _overlaps(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether [start, stop) overlaps one of ``spans`` (sorted and not overlapping each other)."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < stop)


def _inside(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether [start, stop) lies inside one of ``spans`` (sorted by start)."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    return any(a <= start and stop <= b for a, b in spans[max(0, i - 8) : i])


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
        self._mentions = sorted(ctx.mentions, key=lambda m: (m.start, m.stop))
        self._mention_starts = [m.start for m in self._mentions]
        self._breaks: dict[int, tuple[list[int], list[int]]] = {}  # sentence index -> break starts, ends
        self.coref = self._concept_links()
        self._per_sentence: dict[int, tuple[str | None, str | None, Mention | None]] = {}

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
                if self.count_between(min(h.stop, m.stop), max(h.start, m.start)) <= 2 and not re.search(
                    r"[,;.]", gap
                ):
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

    def entity(self, m: Mention) -> Entity | None:
        """The entity a mention belongs to."""
        return self.ctx.entity_of.get(m.start)

    # -- hedges and attribution ------------------------------------------------------------

    def hedge(self, sent: Sentence) -> str | None:
        """The hedge word of a sentence, if any."""
        low = sent.text.lower().replace("ё", "е")
        for pattern in lexicon.hedge_filter().candidates(lexicon.words_in(low)):
            m = pattern.search(low)
            if m:
                return sent.text[m.start() : m.end()]
        return None

    def attribution(self, sent: Sentence) -> tuple[str | None, Mention | None]:
        """Who a sentence cites (canonical name) and the mention of it."""
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

    def _name(self, m: Mention) -> str:
        e = self.entity(m)
        return e.name if e else m.text

    # -- subject ---------------------------------------------------------------------------

    def _subject_from_np(self, start: int, sent: Sentence, allow_of: bool) -> tuple[str, str] | None:
        """Subject of the noun phrase that starts at ``start`` (what a number counts)."""
        if _PARTITIVE.match(self.ctx.clean, start):
            return _PARTITIVE_MARK
        toks = self.tokens_between(start, sent.stop, limit=8)
        if not toks:
            return None
        # The noun phrase must follow the number closely.
        if self.ctx.clean[start : toks[0].start].strip(" \u00a0\t-–—\"'«»“”()") != "":
            return None
        stop_en, skip_en = _NP_STOP_EN, _NP_SKIP_EN
        np: list[Token] = []
        for t in toks:
            if t.cyrillic:
                if t.key == "из" and not np and allow_of:
                    continue  # «пять из семи членов»
                if t.key in _NP_STOP_RU:
                    break
                if t.key in _NP_SKIP_RU and not np:
                    continue
            else:
                if t.key == "of" and not np and allow_of:
                    continue
                if t.key in stop_en:
                    break
                if t.key in skip_en and not np:
                    continue
            np.append(t)
            if len(np) >= 6:
                break
            # Stop at punctuation right after this word.
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
        for m in self.mentions_in(sent.start, sent.stop):
            if m.kind not in kinds or (skip is not None and m.start == skip.start) or m.kind == "title":
                continue
            e = self.entity(m)
            subj = (e.id, e.name) if e else (m.norm, m.text)
            key = (-(_KIND_RANK.get(m.kind, 0.5) * 10 - self._words_between(m.start, m.stop, at)), m.start)
            if best is None or key < best[0]:
                best = (key, subj)
        if "concept" in kinds:
            for h in _in(self.concepts, sent.start, sent.stop):
                if exclude and h.start < exclude[1] and exclude[0] < h.stop:
                    continue
                if _REFERENCE_POINT.search(self.ctx.clean, max(sent.start, h.start - 25), h.start):
                    continue  # "three hours after the main shock": a reference point, not the subject
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
        for m in self.mentions_in(sent.start, pos):
            if m.kind in ("org", "person", "place", "media") and not (skip is not None and m.start == skip.start):
                e = self.entity(m)
                best = (e.id, e.name) if e else (m.norm, m.text)
        return best

    # -- attribute and event -------------------------------------------------------------

    def clause(self, sent: Sentence, start: int, stop: int) -> tuple[int, int]:
        """The clause around a value: the sentence cut at commas, brackets, quotes and dashes."""
        got = self._breaks.get(sent.index)
        if got is None:
            spans = [m.span() for m in _CLAUSE_BREAK.finditer(self.ctx.clean, sent.start, sent.stop)]
            got = self._breaks[sent.index] = ([a for a, _ in spans], [b for _, b in spans])
        starts, ends = got
        i = bisect.bisect_right(ends, start)  # breaks that end at or before the value
        left = ends[i - 1] if i else sent.start
        j = bisect.bisect_left(starts, stop)  # the first break that starts at or after its end
        right = starts[j] if j < len(starts) else sent.stop
        return left, right

    def event_near(self, sent: Sentence, start: int, stop: int) -> _Hit | None:
        """The event word nearest to a value, in its clause if there is one there."""
        a, b = self.clause(sent, start, stop)
        hit = _nearest(_in(self.events, a, b), start)
        return hit or _nearest(_in(self.events, sent.start, sent.stop), start)

    def event_of_date(self, sent: Sentence, start: int, stop: int) -> _Hit | None:
        """The event a date belongs to: the nearest before it in its clause ("arrived ... on
        October 26"), else after it ("On October 21, the Duma ratified"), else in the sentence."""
        a, b = self.clause(sent, start, stop)
        hits = _in(self.events, a, b)
        before = [h for h in hits if h.stop <= start]
        if before:
            return before[-1]
        after = [h for h in hits if h.start >= stop]
        if after:
            return after[0]
        return _nearest(_in(self.events, sent.start, sent.stop), start)

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
            and not re.search(r"[\d,;]", self.ctx.clean[min(h.stop, stop) : max(h.start, start)])
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
            got = (self.hedge(sent), *self.attribution(sent))
            self._per_sentence[sent.index] = got
        return got

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
        ids = {e.id for m in self.mentions_in(sent.start, sent.stop) if (e := self.entity(m))}
        return tuple(sorted(ids))

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
