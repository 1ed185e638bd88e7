"""Bilingual lexicons (concepts, events, attribute cues, hedges) indexed for token matching."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from operator import itemgetter
from typing import Any

from factcheck.data import load_toml

MAX_PHRASE = 4


# Not frozen: an article has about a thousand tokens, and a frozen dataclass costs four times as
# much to build. Nothing changes a token once it is made.
@dataclass(slots=True)
class Token:
    """A word of an article with its offsets and its matching key (lowercase, or a Russian lemma)."""

    start: int
    stop: int
    text: str
    key: str
    cyrillic: bool


class Words:
    """The words of a text as parallel sequences (offsets, text, matching key, Cyrillic or not).

    Matching lexicon phrases only reads keys, so a ``Token`` is built only for a word that
    something else reads (``token``): most words of an article are never looked at again. The
    keys and Cyrillic flags are either given or read off ``info`` (a mapping from a word's text to
    its key and Cyrillic flag, first) when something asks for them.
    """

    __slots__ = ("starts", "stops", "texts", "_keys", "_cyrillic", "marks", "info")

    def __init__(self, starts: list[int], stops: list[int], texts: list[str], keys: Sequence[str] | None = None,
                 cyrillic: Sequence[bool] | None = None, marks: Sequence[int] = (),
                 info: Mapping[str, tuple[Any, ...]] | None = None) -> None:
        if (keys is None or cyrillic is None) and info is None:
            raise ValueError("Words need keys and Cyrillic flags, or the info to read them from")
        self.starts = starts
        self.stops = stops
        self.texts = texts
        self._keys = keys
        self._cyrillic = cyrillic
        self.info = info
        self.marks = marks  # for each word, a bit set its maker chose (extract: indexes it may start)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def keys(self) -> Sequence[str]:
        """The matching key of each word."""
        if self._keys is None:
            assert self.info is not None
            self._keys = list(map(itemgetter(0), map(self.info.__getitem__, self.texts)))
        return self._keys

    @property
    def cyrillic(self) -> Sequence[bool]:
        """Whether each word has a Cyrillic letter."""
        if self._cyrillic is None:
            assert self.info is not None
            self._cyrillic = list(map(itemgetter(1), map(self.info.__getitem__, self.texts)))
        return self._cyrillic

    @property
    def any_cyrillic(self) -> bool:
        """Whether some word has a Cyrillic letter."""
        return True in self.cyrillic

    def key(self, i: int) -> tuple[str, bool]:
        """The matching key of word ``i`` and whether it is Cyrillic."""
        if self.info is not None:
            got = self.info[self.texts[i]]
            return got[0], got[1]
        assert self._keys is not None and self._cyrillic is not None
        return self._keys[i], self._cyrillic[i]

    def token(self, i: int) -> Token:
        """Word ``i`` as a Token."""
        return Token(self.starts[i], self.stops[i], self.texts[i], *self.key(i))

    def tokens(self, i: int, j: int) -> list[Token]:
        """Words ``i`` to ``j - 1`` as Tokens."""
        if self.info is None:
            return [self.token(k) for k in range(i, j)]
        info, texts = self.info, self.texts
        return [
            Token(start, stop, text, (got := info[text])[0], got[1])
            for start, stop, text in zip(self.starts[i:j], self.stops[i:j], texts[i:j])
        ]

    @classmethod
    def of(cls, tokens: Words | Sequence[Token]) -> Words:
        """``tokens`` as Words (Words as they are)."""
        if isinstance(tokens, Words):
            return tokens
        return cls([t.start for t in tokens], [t.stop for t in tokens], [t.text for t in tokens],
                   [t.key for t in tokens], [t.cyrillic for t in tokens])


def en_forms(phrase: str, verbs: bool = True) -> set[str]:
    """Regular inflections of an English phrase's last word: plurals, and for verbs -s/-ed/-ing."""
    words = phrase.lower().split()
    last = words[-1]
    if not verbs:
        forms = {last, last + "s"}
        if last.endswith(("s", "x", "ch", "sh")):
            forms.add(last + "es")
        if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
            forms.add(last[:-1] + "ies")
        return {" ".join(words[:-1] + [f]) for f in forms}
    forms = {last, last + "s", last + "es", last + "ed", last + "d", last + "ing"}
    if last.endswith("e"):
        forms.add(last[:-1] + "ing")
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms |= {last[:-1] + "ies", last[:-1] + "ied"}
    if len(last) >= 3 and last[-1] not in "aeiouywx" and last[-2] in "aeiou" and last[-3] not in "aeiou":
        forms |= {last + last[-1] + "ed", last + last[-1] + "ing"}
    if last.endswith(("s", "x", "ch", "sh")):
        forms.add(last + "es")
    return {" ".join(words[:-1] + [f]) for f in forms}


@cache
def _ru_key(phrase: str) -> str:
    from factcheck.morph import lemma

    return " ".join(lemma(w) for w in phrase.lower().replace("ё", "е").split())


def _longest(table: dict[tuple[str, ...], str]) -> dict[str, int]:
    """For each first key of a table, the length of its longest entry."""
    out: dict[str, int] = {}
    for key in table:
        if key and len(key) > out.get(key[0], 0):
            out[key[0]] = len(key)
    return out


@dataclass(frozen=True)
class PhraseIndex:
    """Maps tuples of token keys to an entry id, separately for English and Russian."""

    source: tuple[str, str]  # (section, data file name)
    en: dict[tuple[str, ...], str]
    en_longest: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.en_longest and self.en:
            object.__setattr__(self, "en_longest", _longest(self.en))

    def ru(self) -> dict[tuple[str, ...], str]:
        """The Russian side, lemmatised (builds the analyser on first Russian use)."""
        return _ru_index(*self.source)

    def tables(self, cyrillic: bool) -> tuple[dict[tuple[str, ...], str], dict[str, int]]:
        """The entries of one side (Russian for Cyrillic words) and the longest entry per first key."""
        if cyrillic:
            return self.ru(), _ru_longest(*self.source)
        return self.en, self.en_longest

    def match(self, words: Words | Sequence[Token], i: int) -> tuple[str, int] | None:
        """The longest entry starting at word ``i``: (entry id, number of words)."""
        words = Words.of(words)
        keys = words.keys
        if words.cyrillic[i]:
            table, longest = self.ru(), _ru_longest(*self.source)
        else:
            table, longest = self.en, self.en_longest
        # Most words start no entry: skip them without building any key.
        most = longest.get(keys[i])
        if most is None:
            return None
        for n in range(min(MAX_PHRASE, len(keys) - i, most), 0, -1):
            key = tuple(keys[i : i + n])
            if key in table:
                return table[key], n
        return None

    def may_start(self, key: str, cyrillic: bool) -> bool:
        """Whether a word with this key can begin an entry (``match`` can find one there)."""
        return key in (_ru_longest(*self.source) if cyrillic else self.en_longest)

    def starts(self, words: Words | Sequence[Token]) -> list[int]:
        """Indices of the words that begin some entry (where ``match`` can find one)."""
        words = Words.of(words)
        keys, cyrillic = words.keys, words.cyrillic
        every = range(len(keys))
        found = compress(every, map(self.en_longest.__contains__, keys))
        if not words.any_cyrillic:
            return list(found)  # the Russian side is built on the first Russian word only
        ru = _ru_longest(*self.source)
        latin = [i for i in found if not cyrillic[i]]
        russian = [i for i in compress(every, map(ru.__contains__, keys)) if cyrillic[i]]
        return sorted(latin + russian)


@cache
def _ru_index(section: str, name: str) -> dict[tuple[str, ...], str]:
    data = load_toml(name)[section]
    out: dict[tuple[str, ...], str] = {}
    for ident in sorted(data):
        for phrase in data[ident].get("ru", []):
            out.setdefault(tuple(_ru_key(phrase).split()), ident)
    return out


@cache
def _ru_longest(section: str, name: str) -> dict[str, int]:
    return _longest(_ru_index(section, name))


def _build(section: str, name: str, verbs: bool) -> PhraseIndex:
    data = load_toml(name)[section]
    en: dict[tuple[str, ...], str] = {}
    for ident in sorted(data):
        for phrase in data[ident].get("en", []):
            forms = en_forms(phrase, verbs)
            for form in sorted(forms):
                en.setdefault(tuple(form.split()), ident)
    return PhraseIndex((section, name), en)


@cache
def concepts() -> PhraseIndex:
    """Subject nouns (treaty, aircraft, people...)."""
    return _build("concept", "concepts", verbs=False)


@cache
def concept_names() -> dict[str, str]:
    """Display name of each concept."""
    return {k: v["name"] for k, v in load_toml("concepts")["concept"].items()}


@cache
def events() -> PhraseIndex:
    """Event verbs and nouns (arrive, ratify, kill...)."""
    return _build("event", "events", verbs=True)


@cache
def event_attributes() -> dict[str, str]:
    """Attribute a count takes when carried by an event (kill -> dead)."""
    return {k: v["attribute"] for k, v in load_toml("events")["event"].items() if "attribute" in v}


@cache
def attribute_cues() -> PhraseIndex:
    """Cue words selecting an attribute (range, depth, payload...)."""
    return _build("attribute", "attributes", verbs=False)


@cache
def attribute_dimensions() -> dict[str, str]:
    """Dimension of each attribute."""
    return {k: v["dimension"] for k, v in load_toml("attributes")["attribute"].items()}


@cache
def default_attribute() -> dict[str, str]:
    """The attribute a dimension gets when no cue selects another."""
    out: dict[str, str] = {}
    for ident, entry in load_toml("attributes")["attribute"].items():
        if "en" not in entry and "ru" not in entry:
            out.setdefault(entry["dimension"], ident)
    return out


@cache
def hedges() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Hedge phrases: (English, Russian)."""
    h = load_toml("hedges")["hedges"]
    return tuple(h["en"]), tuple(h["ru"])


@cache
def attribution() -> dict[str, tuple[str, ...]]:
    """Attribution cue phrases by position and language."""
    return {k: tuple(v) for k, v in load_toml("hedges")["attribution"].items()}


@cache
def to_target_ru() -> frozenset[str]:
    """Russian lemmas after which «до N» is the new value, not an upper bound."""
    return frozenset(load_toml("grammar")["to_target"]["ru"])


@cache
def from_previous() -> frozenset[str]:
    """Words after which a value is the old one ("from 17%", «с 17%»)."""
    g = load_toml("grammar")["from_previous"]
    return frozenset(g["en"] + g["ru"])


class Span:
    """Where a phrase was found: ``start()`` and ``end()``, as on a regex match."""

    __slots__ = ("_start", "_end")

    def __init__(self, start: int, end: int) -> None:
        self._start = start
        self._end = end

    def start(self) -> int:
        """Offset of the first character."""
        return self._start

    def end(self) -> int:
        """Offset one past the last character."""
        return self._end


def _is_word_char(ch: str) -> bool:
    # Exactly what ``\w`` matches in a str pattern: alphanumerics (str.isalnum) and the underscore.
    return ch.isalnum() or ch == "_"


_RUN = re.compile(r"\w+")


def words_in(text: str) -> set[str]:
    r"""The words (runs of ``\w``) of a text, to rule out phrases before searching for them."""
    return set(_RUN.findall(text))


class WordPhrase:
    r"""A literal phrase found on word boundaries; the same matches as the regex
    ``(?<!\w)phrase(?!\w)``, without compiling one regex per phrase at start-up."""

    __slots__ = ("phrase", "first")

    def __init__(self, phrase: str) -> None:
        self.phrase = phrase
        # A match starts on a word boundary, so the text has the phrase's first word as a whole
        # word (its end is a non-word character of the phrase, or the phrase's own end).
        head = _RUN.match(phrase)
        self.first = head.group() if head else None

    def may_occur(self, words: set[str]) -> bool:
        """False when the phrase cannot occur in a text with these ``words_in``."""
        return self.first is None or self.first in words

    def finditer(self, text: str) -> Iterator[Span]:
        """Non-overlapping occurrences, left to right."""
        p, n = self.phrase, len(self.phrase)
        if not n:
            return
        i = text.find(p)
        while i >= 0:
            j = i + n
            if (i == 0 or not _is_word_char(text[i - 1])) and (j == len(text) or not _is_word_char(text[j])):
                yield Span(i, j)
                i = text.find(p, j)
            else:
                i = text.find(p, i + 1)

    def search(self, text: str) -> Span | None:
        """The first occurrence, or None."""
        # ``finditer``'s first occurrence, without making a generator for it.
        p, n = self.phrase, len(self.phrase)
        if not n:
            return None
        i = text.find(p)
        while i >= 0:
            j = i + n
            if (i == 0 or not _is_word_char(text[i - 1])) and (j == len(text) or not _is_word_char(text[j])):
                return Span(i, j)
            i = text.find(p, i + 1)
        return None


_LETTERS = re.compile(r"[^\W\d_]+")
# Letters a token's lowercase form never has (ё is folded) or that depend on the letters around
# them (final sigma).
_UNFOLDED = re.compile("[ёσς]")


class PhraseFilter:
    """Phrases in a fixed order, indexed by their first words."""

    def __init__(self, phrases: Iterable[WordPhrase]) -> None:
        self.phrases = tuple(phrases)
        self._always = [i for i, p in enumerate(self.phrases) if p.first is None]
        self._by_word: dict[str, list[int]] = {}
        self._known: dict[frozenset[str], list[WordPhrase]] = {}  # first words present -> candidates
        for i, p in enumerate(self.phrases):
            if p.first is not None:
                self._by_word.setdefault(p.first, []).append(i)
        self._firsts = frozenset(self._by_word)
        # Whether a superset of a text's words may stand for them: every first word is a letter
        # run as a token's lowercase form is, so it is one (see ``Extractor._sentence_words``).
        self.token_words = all(_LETTERS.fullmatch(w) and not _UNFOLDED.search(w) for w in self._firsts)

    def candidates(self, words: set[str]) -> list[WordPhrase]:
        """The phrases that may occur in a text with these ``words_in``, in their order."""
        # Few first words occur in one sentence, and the same few again and again: remember the
        # answer for each set of them.
        firsts = self._firsts.intersection(words)
        got = self._known.get(firsts)
        if got is None:
            found = list(self._always)
            for w in firsts:
                found.extend(self._by_word[w])
            found.sort()
            got = [self.phrases[i] for i in found]
            if len(self._known) >= 4096:
                self._known.clear()
            self._known[firsts] = got
        return list(got)


@cache
def hedge_filter() -> PhraseFilter:
    """The matchers of ``hedge_patterns``, in their order."""
    return PhraseFilter(p for _, p in hedge_patterns())


@cache
def attribution_filters() -> tuple[PhraseFilter, PhraseFilter]:
    """The matchers of ``attribution_patterns``: (before a source, verbs after a source)."""
    before, verbs = attribution_patterns()
    return PhraseFilter(before), PhraseFilter(verbs)


@cache
def hedge_patterns() -> tuple[tuple[str, WordPhrase], ...]:
    """Hedge phrases, longest first, with their whole-word matchers."""
    en, ru = hedges()
    return tuple((p, WordPhrase(p)) for p in sorted(en + ru, key=lambda p: (-len(p), p)))


@cache
def attribution_patterns() -> tuple[tuple[WordPhrase, ...], tuple[WordPhrase, ...]]:
    """Whole-word matchers of attribution cues: (phrases before a source, verbs after a source)."""
    cues = attribution()
    before = tuple(WordPhrase(p) for p in cues["en_before"] + cues["ru_before"])
    verbs = tuple(WordPhrase(p) for p in cues["en_verbs"] + cues["ru_verbs"])
    return before, verbs


@cache
def reporting_verbs() -> frozenset[str]:
    """Verbs a source uses to report ("said", «сообщил»)."""
    cues = attribution()
    return frozenset(cues["en_verbs"] + cues["ru_verbs"])
