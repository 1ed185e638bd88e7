"""Find named entities (people, places, organisations, media, equipment, titles) in one text."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from factcheck import morph
from factcheck.data import load_toml
from factcheck.model import Mention
from factcheck.names import russian
from factcheck.names.translit import clean, has_cyrillic, strip_accents, to_latin

KINDS = frozenset({"person", "place", "org", "media", "equipment", "title", "other"})

_HY_CHARS = "-\u2010\u2011"  # hyphens
_HY = re.escape(_HY_CHARS)  # the same, inside a character class
_WCH = r"(?:[^\W\d_]|\u0301)"
# Any number of _WCH, written so that the regex engine runs through letters without branching
# (possessive and atomic: a word token ends the pattern, so nothing could make it give letters
# back). A group is made atomic with (?>...), never possessive: see tests/test_regex_portable.py.
_WCHS = r"[^\W\d_]*+(?>(?:\u0301[^\W\d_]*+)*)"
_UP = "A-ZА-ЯЁ"
_DESIG = (
    rf"(?<![\w{_HY}])(?:[{_UP}][A-Za-zА-Яа-яЁё]{{0,4}}[{_HY}]\d{{1,5}}|[{_UP}]{{1,4}}\d{{1,5}})"
    rf"(?:[{_UP}0-9]{{1,4}}(?![a-zа-яё]))?"  # Il-76TD, Су-30МК2, S-300VM; "Il-76s" stops at 76
    rf"(?:[{_HY}][{_UP}0-9]{{1,4}}(?!\w))*"  # Il-76MD-90A
    rf"(?:[ \u00a0][{_UP}]{{1,3}}\d{{1,2}}(?!\w))?"  # Su-30 MK2
    rf"|(?<![\w{_HY}])[{_UP}][a-zа-яё]{{1,5}}[{_HY}][{_UP}]{{1,2}}\d?(?![\w{_HY}])"  # Buk-M2, Igla-S
)
DESIGNATOR = re.compile(_DESIG)
# What every designator starts with: a capital, at most 5 letters, a hyphen or digit. Checked
# first, it spares the engine _DESIG's branches at nearly every word.
_DESIG_START = rf"(?=[{_UP}][A-Za-zА-Яа-яЁё]{{0,5}}+[\d{_HY}])"
_TOKEN = re.compile(
    r"(?=[^\W\d_])"  # every token starts with a letter: lets the engine skip other characters fast
    rf"(?:(?P<d>{_DESIG_START}(?:{_DESIG}))"
    r"|(?P<a>(?<!\w)[A-Z]\.(?:[A-Z]\.?)+)"
    rf"|(?P<w>[^\W\d_]{_WCHS}(?>(?:[{_HY}]{_WCH}{_WCHS}|['’](?=[{_UP}]){_WCH}{_WCHS})*)))"
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_WORD = re.compile(r"[^\W\d_]+")
_QUOTED = re.compile(r"«([^«»\n]{1,80})»|„([^„“\n]{1,80})“|“([^“”\n]{1,80})”|\"([^\"\n]{1,80})\"")
_SKIP_BACK = set(" \t\u00a0\"'«“„‘(*_#>[")
_SENTENCE_END = set(".!?…:\n\r")
_RU_ADJ = re.compile(r"(?:ий|ый|ой|ая|яя|ое|ее|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ые|ие|ых|их|ыми|ими)$")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Override"})
_MAX_ALIAS_TOKENS = 8
_MAX_NAME_TOKENS = 8
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "PRED", "ADVB", "COMP", "NUMR"})
_SPACES = re.compile(r"[ \u00a0]+")
_ARTICLE_NAME = re.compile(rf"(?:al|el|ad|an|ar|as|ash|at|az|ibn|bin|аль|эль|ад|ан|ар|ас|аш|ат|аз|ибн|бин)[{_HY}][{_UP}]")
# One romanised Korean syllable (un, in, il, yeol, myung, hee): the second half of a given name.
_KOREAN_SYLLABLE = re.compile(
    r"(?:ch|kk|tt|pp|ss|jj|[bcdghjkmnprstw])?[wy]?(?:ae|eo|eu|oe|ui|ee|a|e|i|o|u)(?:ng|[klmnpt])?")
_MAKER_NUMBER = re.compile(r"[ \u00a0](\d{2,4}(?:-\d{1,4})?[A-Z]{0,3})\b")  # Boeing 737-800
_HYPHEN_LOWER = re.compile(rf"[{_HY}](?=[a-z])")


# ----------------------------------------------------------------------------- aliases


@dataclass(frozen=True)
class AliasEntry:
    """One canonical thing from an alias file."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    designators: tuple[str, ...] = ()
    maker: bool = False  # has a ``designators`` list: joins a following model (Sukhoi Su-30MK2)


def parse_aliases(data: Mapping[str, Any]) -> list[AliasEntry]:
    """Entries of a parsed alias TOML document (``[entity."Name"] kind, aliases``); ValueError
    for a document of another shape."""
    entities = data.get("entity", {})
    if not isinstance(entities, Mapping):
        raise ValueError("'entity' must be a table of names")
    out = []
    for name, body in entities.items():
        if not isinstance(body, Mapping):
            raise ValueError(f"alias entry {name!r}: must be a table (kind, aliases)")
        kind = body.get("kind", "other")
        if not isinstance(kind, str) or kind not in KINDS:
            raise ValueError(f"alias entry {name!r}: unknown kind {kind!r}")
        out.append(AliasEntry(name, kind, _strings(name, body, "aliases"), _strings(name, body, "designators"),
                              "designators" in body))
    return out


def _strings(name: str, body: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """The list of strings ``body[key]`` of alias entry ``name`` (empty when absent)."""
    values = body.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"alias entry {name!r}: {key} must be a list of strings")
    return tuple(values)


@cache
def bundled_aliases() -> tuple[AliasEntry, ...]:
    """The aliases shipped in factcheck/data/aliases.toml."""
    return tuple(parse_aliases(load_toml("aliases")))


def load_aliases(path: Path) -> dict[str, list[str]]:
    """Read a user's alias file (same TOML format as the bundled one): canonical name -> aliases."""
    with open(path, "rb") as fh:
        return {e.name: list(e.aliases) for e in parse_aliases(tomllib.load(fh))}


@cache
def lexicon() -> dict[str, Any]:
    """Word lists for recognition (data/name_lexicon.toml), as sets."""
    raw = load_toml("name_lexicon")
    return {f"{lang}.{k}": frozenset(v) for lang in ("en", "ru", "given_names") for k, v in raw[lang].items()}


@cache
def _lex(key: str) -> frozenset[str]:
    # cached although lexicon() is: the rules ask for their word lists at nearly every token
    return lexicon()[key]


@cache
def _lex_union(*keys: str) -> frozenset[str]:
    return frozenset().union(*(_lex(k) for k in keys))


@cache
def given_names_ru() -> frozenset[str]:
    """Russian spellings of foreign given names (data/given_names.toml), lowercase."""
    return frozenset(clean(f).lower() for forms in load_toml("given_names")["names"].values() for f in forms)


@lru_cache(maxsize=1 << 16)
def en_token_norm(word: str) -> str:
    """Normal form of a Latin-script word: lowercase, accents stripped."""
    return strip_accents(clean(word)).replace("’", "'").lower()


def ru_token_norm(word: str) -> str:
    """Normal form of a Cyrillic word in a name: its name-preferring lemma (see names/russian.py)."""
    low = clean(word).lower()
    if low in given_names_ru():
        return low  # Кир is Keir, not a form of Кира; Джорджа is Giorgia
    return russian.name_lemma(clean(word))


@lru_cache(maxsize=1 << 16)
def ru_token_options(word: str) -> tuple[str, ...]:
    """Every plausible dictionary form of a Cyrillic word in a name, best first (Шольца: шольц, шольца)."""
    return russian.lemma_options(clean(word))


_MAX_OPTIONS = 8


def _combinations(norm: str, surface: str, options: Callable[[str], Iterable[str]]) -> tuple[str, ...]:
    """``norm`` and the forms it takes when each Cyrillic word of ``surface`` may also be read as
    ``options`` says; at most ``_MAX_OPTIONS`` forms, the norm first."""
    words = norm.split()
    toks = list(_TOKEN.finditer(clean(surface)))
    if len(toks) != len(words) or not has_cyrillic(surface):
        return (norm,)
    combos: list[list[str]] = [[]]
    for w, m in zip(words, toks):
        opts = [w]
        if m.lastgroup == "w" and has_cyrillic(m.group()):
            opts += [o for o in options(m.group()) if o != w]
        combos = [c + [o] for c in combos for o in opts][:_MAX_OPTIONS]
    return tuple(dict.fromkeys(" ".join(c) for c in combos))


@lru_cache(maxsize=1 << 16)
def norm_options(norm: str, surface: str) -> tuple[str, ...]:
    """A Russian name's normal form and the forms it has if its words are read otherwise.

    Only words the dictionary does not know have more than one reading (names/russian.py):
    "Луис Инасиу Лула да Силва" is also "... лула да силва". At most 8 forms, the norm first.
    """
    return _combinations(norm, surface, ru_token_options)


@lru_cache(maxsize=1 << 16)
def surface_options(norm: str, surface: str) -> tuple[str, ...]:
    """Like ``norm_options`` but without the analyser (for the clusterer, which may run in a
    process that never analysed these words): each Cyrillic word may also be read by its
    ending alone (names/russian.py ``guess_options``). The norm comes first."""
    return _combinations(norm, surface, russian.guess_options)


@lru_cache(maxsize=1 << 17)
def _token_norm(word: str, lang: str) -> str:
    if has_cyrillic(word):
        return ru_token_norm(word) if lang == "ru" else clean(word).lower()
    return en_token_norm(word)


def _is_upper(text: str) -> bool:
    if text.isascii():
        return text.isupper()  # the same: every ASCII letter has a case, and nothing else has
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def caps_only(alias: str) -> bool:
    """Short all-capital aliases (US, WHO, ЦБ) match only text in capitals."""
    return _is_upper(alias) and sum(c.isalpha() for c in alias) <= 3


def alias_norm(alias: str) -> str:
    """The normal form an alias is matched by (lemmas for Russian, lowercase for Latin)."""
    lang = "ru" if has_cyrillic(alias) else "en"
    return " ".join(_token_norm(m.group(), lang) for m in _TOKEN.finditer(clean(alias)))


@dataclass
class AliasIndex:
    """Alias normal forms -> (canonical name, kind, caps only), per script."""

    entries: dict[str, AliasEntry]
    latin: dict[str, tuple[str, bool]] = field(default_factory=dict)
    cyrillic_raw: dict[str, tuple[str, bool]] = field(default_factory=dict)
    _cyrillic: dict[str, tuple[str, bool]] | None = None
    makers: dict[str, str] = field(default_factory=dict)  # lowercase maker word or prefix -> canonical
    key_names: dict[str, str] | None = None  # phonetic key -> canonical, filled by the clusterer
    # reading keys -> canonical names, filled by the clusterer (names/cluster.py _reading_aliases)
    reading_names: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None
    # beginnings of alias normal forms, per language of the text (see starts())
    _starts: dict[str, dict[str, bool]] = field(default_factory=dict, repr=False, compare=False)
    _latin_later_words: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _may_begin: dict[str, dict[str, bool]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def cyrillic(self) -> dict[str, tuple[str, bool]]:
        """Cyrillic aliases by lemma (built on first use: needs the Russian analyser).

        An alias whose last word the dictionary does not know is also filed under that word's
        other readings (Хезболла: хезболл, хезболла), unless another alias has that form.
        """
        if self._cyrillic is None:
            table = {alias_norm(a): v for a, v in self.cyrillic_raw.items()}
            for a, v in self.cyrillic_raw.items():
                for alt in norm_options(alias_norm(a), a)[1:]:
                    table.setdefault(alt, v)
            self._cyrillic = table
        return self._cyrillic

    def starts(self, lang: str) -> dict[str, bool]:
        """Each beginning of an alias normal form that ends before a space ("vladimir" of
        "vladimir putin") -> False, and each whole normal form -> True: the tables a window of
        ``lang`` text is looked up in (English: Latin; Russian: both).

        A window none of whose readings is in here starts no alias, nor does any longer window.
        """
        got = self._starts.get(lang)
        if got is None:
            keys = list(self.latin) + (list(self.cyrillic) if lang == "ru" else [])
            got = {k[:n]: False for k in keys for n, c in enumerate(k) if c == " "}
            got.update(dict.fromkeys(keys, True))
            self._starts[lang] = got
        return got

    def may_begin(self, lang: str) -> dict[str, bool]:
        """A table of which words of ``lang`` text may begin an alias window, kept with the index
        and filled by the recogniser (``_Recognizer.may_begin_alias``)."""
        got = self._may_begin.get(lang)
        if got is None or len(got) > 1 << 17:  # a bound on memory: it is only a cache
            got = self._may_begin[lang] = {}
        return got

    def latin_later_words(self) -> frozenset[str]:
        """Every word but the first of a Latin alias normal form: what an alias window of English
        text (which starts at a capitalised word) can go on with."""
        if self._latin_later_words is None:
            self._latin_later_words = frozenset(w for k in self.latin for w in k.split(" ")[1:])
        return self._latin_later_words

    def lookup(self, norm: str, surface: str, strip_the: bool = True, alts: tuple[str, ...] = ()) -> str | None:
        """Canonical name for a mention's norm (or one of its other readings ``alts``), or None."""
        table = self.cyrillic if has_cyrillic(norm) else self.latin
        hit = table.get(norm)
        for alt in alts:
            if hit is not None:
                break
            hit = table.get(alt)
        if hit is None and strip_the and norm.startswith("the "):
            hit = table.get(norm[4:])
        if hit is None or (hit[1] and not _is_upper(surface)):
            return None
        return hit[0]

    def kind(self, name: str) -> str:
        """Kind of a canonical name (other for names only known from a user's file)."""
        e = self.entries.get(name)
        return e.kind if e else "other"


def build_index(entries: Iterable[AliasEntry]) -> AliasIndex:
    """Index alias entries; later entries win over earlier ones for the same alias."""
    idx = AliasIndex(entries={})
    for e in entries:
        old = idx.entries.get(e.name)
        if old is not None:
            e = AliasEntry(e.name, old.kind if e.kind == "other" else e.kind, old.aliases + e.aliases,
                           old.designators + e.designators, old.maker or e.maker)
        idx.entries[e.name] = e
        for a in (e.name, *e.aliases):
            a = clean(a)
            if has_cyrillic(a):
                idx.cyrillic_raw[a] = (e.name, caps_only(a))
            else:
                idx.latin[alias_norm(a)] = (e.name, caps_only(a))
        if e.maker:
            for a in (e.name, *e.aliases):
                idx.makers[clean(a).lower()] = e.name
    return idx


@cache
def bundled_index() -> AliasIndex:
    """Index of the bundled aliases."""
    return build_index(bundled_aliases())


@cache
def _ru_demonym_prefixes() -> frozenset[str]:
    return frozenset(a[:4] for a in bundled_index().cyrillic_raw if a[:1].islower())


@cache
def _ru_title_prefixes() -> frozenset[str]:
    return frozenset(w[:4] for w in _lex_union("ru.title_heads", "ru.title_mods"))


# ----------------------------------------------------------------------------- tokens


class _Tok:
    """One token of the text (a plain slotted class: texts have hundreds of them)."""

    __slots__ = ("start", "stop", "text", "type", "cap", "upper", "cyr", "ambiguous", "clean", "low", "idle")

    def __init__(self, start: int, stop: int, text: str, type: str, cap: bool, upper: bool, cyr: bool,
                 ambiguous: bool, clean: str, low: str, idle: bool) -> None:
        self.start = start
        self.stop = stop
        self.text = text
        self.type = type  # d designator | a dotted acronym | w word
        self.cap = cap
        self.upper = upper
        self.cyr = cyr
        # Sentence-initial or in a title-case line: the capital says nothing. Only read for
        # capitalised tokens, so it is only worked out for them.
        self.ambiguous = ambiguous
        self.clean = clean  # text without stress marks, ё folded (translit.clean)
        self.low = low  # clean, lowercase
        self.idle = idle  # if not capitalised, it starts no alias or title (see _word_facts)


@lru_cache(maxsize=1 << 16)
def _word_facts(word: str) -> tuple[bool, bool, bool, bool, str, str, bool]:
    """(has Cyrillic, starts with a capital, starts with an Arabic article, all capitals,
    clean form, clean lowercase form, idle) of a token's text.

    Idle: written in lower case, the word starts no alias (only Russian demonyms do, see
    ``_Recognizer.alias_at``) and no title (``_Recognizer.title_at``), so it starts nothing.
    """
    cleaned = clean(word)
    cyr = has_cyrillic(word)
    low = cleaned.lower()
    if cyr:
        idle = not (low[:4] in _ru_demonym_prefixes() and _RU_ADJ.search(low)) and low[:4] not in _ru_title_prefixes()
    else:
        idle = low not in _lex_union("en.title_heads", "en.title_mods")
    return (cyr, word[:1].isupper(), _ARTICLE_NAME.match(word) is not None,
            _is_upper(word) and len(word) > 1, cleaned, low, idle)


@lru_cache(maxsize=1 << 16)
def _readings(word: str, lang: str, options: bool) -> tuple[str, ...] | None:
    """A word's normal form and, with ``options``, its other readings: what alias windows with
    it are looked up under. None if a reading is empty or has a space, so that it would not
    line up with one word of an alias's normal form."""
    got = (_token_norm(word, lang), *(ru_token_options(word) if options else ()))
    return None if any(r.split() != [r] for r in got) else got


@lru_cache(maxsize=1 << 12)
def _en_forms(low: str) -> frozenset[str]:
    """A lowercase English word with its endings taken off and others put on (rates: rate, rated)."""
    stems = {low}
    for suf, rep in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", "")):
        if low.endswith(suf) and len(low) > len(suf) + 2:
            stems.add(low[: -len(suf)] + rep)
    return frozenset(stems | {s + suf for s in stems for suf in ("s", "es", "ed", "d", "ing", "ly")})


@lru_cache(maxsize=1 << 16)
def _ru_ordinary_word(word: str) -> bool | None:
    """The rest of ``ordinary_word`` for a capitalised Cyrillic word (``clean``), which depends on
    the word alone: whether the analyser makes it an ordinary word; None if the dictionary does
    not know it (then the text decides)."""
    r = morph.name_reading(word)
    if r is None or "Override" in r.tags:
        return False
    rs = morph.readings(_case_free(word))
    if rs and rs[0].pos in _FUNCTION_POS:
        return True  # "По", "Как": a name reading exists but is far-fetched
    if russian.is_guessed(word):
        return None
    return not (r.tags & _NAME_TAGS)


@lru_cache(maxsize=1 << 16)
def _kind_tags(word: str) -> frozenset[str]:
    """The analyser's tags of a word of a Russian name, as its kind is read from them."""
    # The analyser's guesses for words it does not know (Кулебы: an organisation?) say nothing
    # about the kind of a foreign name (so they are not even made).
    if russian.is_guessed(word) or (r := morph.name_reading(word)) is None:
        return frozenset()
    return r.tags


def _case_free(word: str) -> str:
    """``word`` in lower case if the Russian analyser reads it the same (pymorphy3 lowercases a word
    before it looks it up or guesses; only single-letter initials and the parts of hyphenated words
    are read by their case), so that a capitalised word and its lowercase spelling share one parse."""
    return word.lower() if len(word) > 1 and word.isalpha() else word


def _ambiguous_at(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in _SKIP_BACK:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


# Every ASCII character that is not a letter (of ``_WORD``) but the newline, to a space: on an
# ASCII text, the words of a line are then those of ``str.split`` (C speed, no regex per line).
_ASCII_NON_LETTERS = str.maketrans({i: " " for i in range(128) if not chr(i).isalpha() and chr(i) != "\n"})


class _LongWords(dict[str, int]):
    """Word -> what it counts for in a Title Case test: 0 short or a stopword, 1 a long word
    that starts in lower case, ``_LONG_UP`` a long word with a capital (filled on first use)."""

    def __missing__(self, word: str) -> int:
        if len(self) > 1 << 17:
            self.clear()  # a bound on memory: it is only a cache
        code = self[word] = 0 if len(word) <= 3 or word.lower() in _lex("en.stopwords") else \
            _LONG_UP if word[0].isupper() else 1
        return code


_LONG_UP = 1 << 32  # more than the words of any line: a sum of codes counts both kinds
_LONG_WORDS = _LongWords()


def _title_lines_and_words(text: str) -> tuple[list[tuple[int, int]], set[str]]:
    """The lines of an English text written in Title Case (headlines, where capitals mark no
    names) and the set of all its words (``_WORD``), from one pass over the text."""
    code = _LONG_WORDS.__getitem__
    out = []
    words: set[str] = set()
    pos = 0
    if text.isascii():
        # the same lines (translate keeps every character in place) and the same words
        split: Callable[[str], list[str]] = str.split
        lines = text.translate(_ASCII_NON_LETTERS).split("\n")
    else:
        split, lines = _WORD.findall, text.split("\n")
    for line in lines:
        found = split(line)
        words.update(found)
        if len(found) >= 3:
            # of the long words that are no stopwords, at least 3, 70% of them capitalised
            up, low = divmod(sum(map(code, found)), _LONG_UP)
            if up + low >= 3 and up >= 0.7 * (up + low):
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out, words


def _word_trie(words: Iterable[str], fold: bool = False) -> str:
    """A regex for exactly one of ``words``, written as a trie so that the engine tries each
    letter once rather than each word (never matches if there are no words); with ``fold``, an
    е of a word also matches ё (words given as ``translit.clean`` leaves them)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def letter(ch: str) -> str:
        return "[её]" if fold and ch == "е" else re.escape(ch)

    def walk(node: dict[str, Any]) -> str:
        alts = [letter(ch) + walk(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(trie) if trie else "(?!)"


@lru_cache(maxsize=4)
def _en_token_pattern(window_words: frozenset[str], ascii: bool = False) -> re.Pattern[str]:
    """``_TOKEN`` for English text, but passing over the lowercase words no rule reads inside the
    regex engine, so that Python never sees them; ``window_words``: what an alias window can go
    on with (``AliasIndex.latin_later_words``).

    Only plain words are passed over (lowercase ASCII letters and nothing joined to them: no
    capital, article or designator), and only idle ones (no title words), which start nothing.
    Such a word is read only as the continuation of a name (particles, of, for, the), a title
    (title words, of, for, the) or an alias window (``window_words``), and only if it is
    joinable to the token before it (``_joinable``: 1-3 spaces) and that token is read too. So
    an idle word is passed over unless it is one of those continuations and joined to the kept
    token before it. A passed-over word leaves letters between its neighbours, which are then
    not joinable: no rule goes on past it, as none would have gone on from the word itself.

    Each match runs from the end of the last one over passed-over words and the gaps after them
    to the next kept token (or to the end of the text, with no token), so the engine never
    starts a match inside a word and tokens start and end where ``_TOKEN`` has them.

    With ``ascii``, the pattern is compiled with ``re.ASCII``: on a text of ASCII characters
    only it matches the same (the pattern's classes, ``\\w``, ``\\d`` and letters, agree on ASCII
    characters; it has no ``\\s`` or ``\\b``), and the engine tests characters faster.
    """
    def lower_ascii(words: Iterable[str]) -> set[str]:
        return {w for w in words if re.fullmatch("[a-z]+", w)}

    title = lower_ascii(_lex_union("en.title_heads", "en.title_mods"))
    goes_on = lower_ascii(window_words | _lex("en.particles") | {"of", "for", "the"}) - title
    plain = rf"[a-z]++(?![^\W\d_]|\u0301|[{_HY}](?:[^\W\d_]|\u0301)|['’][{_UP}])"  # see _TOKEN's "w"
    idle = rf"(?!(?:{_word_trie(title)})(?![a-z])){plain}"
    joined = r"[ \t\u00a0]{1,3}+(?=[^\W\d_])"  # the gap of _joinable, before a token
    gap = r"[\W\d_]*+"
    # after a kept token: the gap to the first word, which is kept if joined to it and going on
    first = rf"(?:{joined}(?!(?:{_word_trie(goes_on)})(?![a-z]))|(?!{joined}){gap})"
    return re.compile(rf"(?>(?:{first}(?>(?:{idle}{gap})+))?){gap}(?:{_TOKEN.pattern}|\Z)", re.ASCII if ascii else 0)


# A plain lowercase Russian word: Cyrillic letters only and nothing joined to it (see _TOKEN's "w").
_RU_PLAIN = rf"[а-яё]++(?![^\W\d_]|\u0301|[{_HY}](?:[^\W\d_]|\u0301)|['’][{_UP}])"


@lru_cache(maxsize=8)
def _ru_token_pattern(goes_on: frozenset[str]) -> re.Pattern[str]:
    """``_TOKEN`` for Russian text, but passing over the lowercase words no rule reads inside the
    regex engine (as ``_en_token_pattern`` does for English); ``goes_on``: the plain words known
    to continue something (``_ru_goes_on``).

    Only plain words are passed over (lowercase Russian letters, nothing joined to them) and only
    idle ones (see ``_word_facts``; any word whose first four letters, or all if fewer, are those
    of a title word or of a lowercase alias is kept). Such a word starts nothing. Forward, it is
    read only as the continuation of the token before it, and only if it is joinable to that
    token (``_joinable``): an alias window (its readings go on with an alias), a title (its lemma
    is a title word or complement), a name (a particle) -- ``_ru_goes_on`` says which words
    these are. Backward, only the kind of a name reads the word before it (``generic_kind``),
    which finds a passed-over word in the text (``place_word_before``). So an idle word is passed
    over unless it goes on and is joined to the kept token before it. A passed-over word leaves
    letters between its neighbours, which are then not joinable:
    no rule goes on past it, as none would have gone on from the word itself. (A title that
    meets a word that is not a title word stops there, as it stops at a gap, because no title
    modifier is also a title head: see the tests.)

    A passed-over word joined to the kept token before it is captured (group ``x``): ``goes_on``
    is only what is known so far, and the caller checks each such word (``_tokens``).
    """
    prefixes = {p for p in _ru_title_prefixes() | _ru_demonym_prefixes() if re.fullmatch("[а-яе]+", p)}
    long = _word_trie((p for p in prefixes if len(p) == 4), fold=True)
    short = _word_trie((p for p in prefixes if len(p) < 4), fold=True)
    idle = rf"(?!{long}|{short}(?![а-яё])){_RU_PLAIN}"
    joined = r"[ \t\u00a0]{1,3}+(?=[^\W\d_])"  # the gap of _joinable, before a token
    gap = r"[\W\d_]*+"
    # after a kept token: the gap to the first word, which is kept if joined to it and going on
    first = rf"(?:{joined}(?!{_word_trie(goes_on)}(?![а-яё]))(?=(?P<x>{_RU_PLAIN}))|(?!{joined}){gap})"
    return re.compile(rf"(?>(?:{first}(?>(?:{idle}{gap})+))?){gap}(?:{_TOKEN.pattern}|\Z)")


_LETTER = re.compile(r"[^\W\d_]|\u0301")  # what a word token is made of (see _TOKEN's "w")
_CYR_LOWER = frozenset("абвгдежзийклмнопрстуфхцчшщъыьэюяё")


def _place_word(low: str, cyrillic: str | None) -> bool:
    """Whether a word (lowercase; ``cyrillic``: its clean form if it is Cyrillic) is a place
    preposition or a place noun (в Верансе, штате Арагуа)."""
    return low in _lex("ru.place_prepositions") or \
        (cyrillic is not None and morph.lemma(_case_free(cyrillic)) in _lex("ru.place_nouns"))


def _plain_word_before(text: str, pos: int) -> str | None:
    """The plain lowercase Russian word that ends 1-3 spaces, tabs or no-break spaces before
    ``pos`` (the gap of ``_joinable``), if it is a whole word token of the text (nothing joined to
    it, not in a URL): the word a name at ``pos`` reads back when the token pattern passed over it."""
    e = pos
    while e > 0 and pos - e < 3 and text[e - 1] in " \t\u00a0":
        e -= 1
    if e == pos or (e > 0 and text[e - 1] in " \t\u00a0"):
        return None  # no gap, or one longer than three
    b = e
    while b > 0 and text[b - 1] in _CYR_LOWER:
        b -= 1
    if b == e or (b > 0 and _LETTER.match(text, b - 1)) or \
            (b > 1 and text[b - 1] in _HY_CHARS and _LETTER.match(text, b - 2)):
        return None  # no word, or part of a longer one
    run = b
    while run > 0 and not text[run - 1].isspace():
        run -= 1
    if "http://" in text[run:b] or "https://" in text[run:b] or "www." in text[run:b]:
        return None  # in a URL (_URL): no token
    return text[b:e]


_RU_PLAIN_WORD = re.compile("[а-яё]+")


@lru_cache(maxsize=1 << 16)
def _ru_starts_nothing(word: str) -> bool:
    """Whether a plain lowercase Russian word that ``_word_facts`` finds not idle (its first four
    letters are those of a title word or a demonym) still starts nothing: its lemma is no title
    word (``ru_title_at``) and it is no demonym (``_Recognizer.alias_at``)."""
    if not _RU_PLAIN_WORD.fullmatch(word):
        return False
    low = clean(word)
    if low[:4] in _ru_demonym_prefixes() and _RU_ADJ.search(low):
        return False
    return morph.lemma(low) not in _lex_union("ru.title_mods", "ru.title_heads")


@lru_cache(maxsize=1 << 16)
def _ru_may_go_on(word: str) -> bool:
    """``_ru_goes_on``, or known to go on (``_RU_GOES_ON``): what ``_ru_token_pattern`` keeps
    after a token it is joined to."""
    return word in _RU_GOES_ON or _ru_goes_on(word)


_EN_PLAIN_WORD = re.compile("[a-z]+")


@cache
def _en_read_on() -> frozenset[str]:
    """The lowercase words a name or title goes on with whatever came before: particles, of,
    for, the (see ``run`` and ``_en_title_at``)."""
    return _lex("en.particles") | {"of", "for", "the"}


@cache
def _latin_pairs() -> frozenset[tuple[str, str]]:
    """Each pair of words next to each other in a Latin alias normal form: what an alias window
    of English text can go on with from a word (``_alias_at``)."""
    pairs: set[tuple[str, str]] = set()
    for k in bundled_index().latin:
        words = k.split(" ")
        pairs.update(zip(words, words[1:]))
    return frozenset(pairs)


def _en_read_after(before: str, word: str) -> bool:
    """Whether a plain idle lowercase word may be read as going on from the token ``before`` it
    (its text; joined to it): as a particle, of, for or the, or as the next word of an alias whose
    words so far end with ``before`` (or ``before`` reads as no single word, which rules nothing out)."""
    if word in _en_read_on():
        return True
    got = _readings(before, "en", False)
    return got is None or (got[0], word) in _latin_pairs()


@lru_cache(maxsize=1 << 14)
def _en_opener(word: str) -> bool:
    """Whether a capitalised word of English text, where its capital says nothing (sentence-initial
    or in a Title Case line), is read by no rule, so that it need not be a token (Analysts, The).

    Such a word is an ordinary word whatever the text (an English stopword, not in capitals: see
    ``ordinary_word``), so it starts no name and stops any name before it; and it is no maker, no
    title word (``_en_title_at`` also reads of, for and the, whatever their case), no particle, and
    no word an alias begins with or goes on with, so no alias window starts at it or spans it.
    Without it, the words on either side are not joined: no rule reads past it either way, as none
    would have read past it.
    """
    low = clean(word).lower()
    if not word.isalpha() or not word[:1].isupper() or (_is_upper(word) and len(word) > 1) or \
            low not in _lex("en.stopwords") or low in _lex_union("en.title_heads", "en.title_mods") or \
            low in _en_read_on() or low in bundled_index().makers:
        return False
    got = _readings(word, "en", False)
    return got is not None and got[0] not in bundled_index().starts("en") and \
        got[0] not in bundled_index().latin_later_words()


# Plain words known to go on (_ru_goes_on) or not, per process: _ru_tokens learns them from texts.
_RU_GOES_ON: set[str] = set()
_RU_STAYS: set[str] = set()


@cache
def _ru_later_words() -> frozenset[str]:
    """Every word but the first of an alias normal form a Russian window is looked up in."""
    idx = bundled_index()
    return frozenset(w for k in (*idx.latin, *idx.cyrillic) for w in k.split(" ")[1:])


def _ru_goes_on(word: str) -> bool:
    """Whether a plain lowercase Russian word can continue the token before it: a particle of a
    name, a word of a title (``ru_title_at``), or a word with a reading that goes on with an alias
    (``_alias_at``; or a reading that does not split into one word, which rules nothing out)."""
    if clean(word).lower() in _lex("ru.particles") or \
            morph.lemma(clean(word)) in _lex_union("ru.title_mods", "ru.title_heads", "ru.title_complements"):
        return True
    got = _readings(word, "ru", True)
    return got is None or not _ru_later_words().isdisjoint(got)


def _ru_genitive(noun: str) -> str:
    """The genitive singular of a Russian noun by its ending (развитие: развития, правительство:
    правительства); an adjective or an unusual ending as it is."""
    if len(noun) < 3 or noun.endswith(("ый", "ий", "ой", "ое", "ая")):
        return noun
    for end, gen in (("ие", "ия"), ("ия", "ии"), ("о", "а"), ("е", "я"), ("ь", "и"), ("я", "и")):
        if noun.endswith(end):
            return noun[:-len(end)] + gen
    if noun.endswith("а"):
        return noun[:-1] + ("и" if noun[-2:-1] in "гкхжшчщ" else "ы")
    if noun[-1:] in "бвгджзклмнпрстфхцчшщ":
        return noun + "а"
    return noun


def _ru_tokens(text: str, quotes: list[tuple[int, int]]) -> list[_Tok]:
    """The tokens of a Russian text that ``_ru_token_pattern`` keeps; in ``quotes`` (the bodies
    ``quoted`` reads) every word is a token."""
    if not _RU_GOES_ON:
        # known before any text: words that may go on as they are written in the lexicons, and the
        # genitives of the title complements (министр развития): each word learnt later costs a
        # compile of the pattern, and a word known here that does not go on only costs a token
        complements = _lex("ru.title_complements")
        _RU_GOES_ON.update(w for w in (*_lex("ru.particles"), *_lex_union("ru.title_mods", "ru.title_heads",
                                                                        "ru.title_complements"),
                                       *_ru_later_words(), *map(_ru_genitive, complements))
                           if re.fullmatch("[а-яё]+", w))
    while True:
        found: set[str] = set()
        toks = _tokens(text, "ru", _ru_token_pattern(frozenset(_RU_GOES_ON)), [], quotes, found)
        if not found:
            return toks
        _RU_GOES_ON.update(found)  # words passed over that go on: find the tokens again


def _tokens(text: str, lang: str, pattern: re.Pattern[str], titles: list[tuple[int, int]],
            full: Iterable[tuple[int, int]] = (), found: set[str] | None = None) -> list[_Tok]:
    """The tokens of a text that ``pattern`` (``_TOKEN``, ``_en_token_pattern`` or
    ``_ru_token_pattern``) keeps; capitalised ones in ``titles`` (Title Case lines) are ambiguous.

    The spans ``full`` are read with ``_TOKEN``. The words ``_ru_token_pattern`` passed over
    right after a kept token (group ``x``) that go on (``_ru_goes_on``) are added to ``found``:
    the pattern did not know them, and the tokens must be found again with them.

    An English pattern (not ``_TOKEN``) keeps an idle plain word joined to the token before it if
    it is a word any name, title or alias may go on with; it is passed over here unless it goes
    on from that very token (``_en_read_after``), since nothing else reads it. With such a pattern,
    a capitalised word whose capital says nothing is passed over too if no rule reads it
    (``_en_opener``: Analysts, The); words after it still see it as the token before them.

    The words ``_ru_token_pattern`` keeps only for their first four letters (see ``_word_facts``) are
    passed over here, as the pattern passes over idle words, if they start nothing after all
    (``_ru_starts_nothing``): unless they go on and are joined to the token kept before them.
    """
    has_url = "http" in text or "www." in text  # what every _URL match has: most texts have none
    masked = [(m.start(), m.end()) for m in _URL.finditer(text)] if has_url else []
    out: list[_Tok] = []
    mi = ti = 0
    # The token before (kept, or an opener passed over): its end (-4 if none: never joined), text,
    # and whether it is a capitalised word.
    prev_stop, prev_text, prev_cap_word = -4, "", False
    segments = []
    pos = 0
    for s, e in full:
        segments += [(pattern, pos, s), (_TOKEN, s, e)]
        pos = e
    segments.append((pattern, pos, len(text)))
    for pat, seg_start, seg_stop in segments:
        check = "x" in pat.groupindex
        en_fast = lang == "en" and pat is not _TOKEN
        for m in pat.finditer(text, seg_start, seg_stop):
            if check:
                x = m.group("x")
                if x is not None and x not in _RU_STAYS:
                    if _ru_goes_on(x):
                        found.add(x)  # type: ignore[union-attr]
                    else:
                        _RU_STAYS.add(x)
            typ = m.lastgroup
            if typ is None or typ == "x":
                continue  # the empty match at the end of the text (English, Russian pattern)
            s, e = m.span(typ)
            if masked:
                while mi < len(masked) and masked[mi][1] <= s:
                    mi += 1
                if mi < len(masked) and masked[mi][0] <= s:
                    continue
            word = text[s:e]
            cyr, first_cap, article, upper, cleaned, low, idle = _word_facts(word)
            if cyr and lang != "ru" and typ != "d":
                continue  # English text never reaches the Russian analyser
            if lang == "en" and typ == "w" and not word.isalpha():
                # "Russian-made", "US-backed": the name is the capitalised part only. A Korean given
                # name inside a full name keeps its second syllable (Kim Jong-un, Moon Jae-in).
                cut = _HYPHEN_LOWER.search(word)
                korean = cut is not None and _KOREAN_SYLLABLE.fullmatch(word[cut.end():]) is not None and \
                    prev_cap_word and text[prev_stop:s] == " "
                if cut and first_cap and not korean:
                    word = word[:cut.start()]
                    e = s + len(word)
                    cyr, first_cap, article, upper, cleaned, low, idle = _word_facts(word)
            # An Arabic article joined to a name is part of it: al-Assad, bin-Salman, аль-Асад.
            cap = first_cap or (typ == "w" and article)
            if check and not cap and not idle and typ == "w" and _ru_starts_nothing(word) and \
                    not (0 < s - prev_stop <= 3 and not text[prev_stop:s].strip(" \t\u00a0")
                         and _ru_may_go_on(word)):
                continue
            if en_fast and idle and not cap and typ == "w" and _EN_PLAIN_WORD.fullmatch(word) and \
                    not (0 < s - prev_stop <= 3 and not text[prev_stop:s].strip(" \t\u00a0")
                         and _en_read_after(prev_text, word)):
                continue
            ambiguous = False
            if cap:
                while ti < len(titles) and titles[ti][1] < s:
                    ti += 1
                ambiguous = (ti < len(titles) and titles[ti][0] <= s) or _ambiguous_at(text, s)
                if ambiguous and en_fast and typ == "w" and _en_opener(word):
                    prev_stop, prev_text, prev_cap_word = e, word, True
                    continue
            out.append(_Tok(s, e, word, typ, cap, upper, cyr, ambiguous, cleaned, low, idle))
            prev_stop, prev_text, prev_cap_word = e, word, cap and typ == "w"
    return out


_start = attrgetter("start")


def _joinable(text: str, a: _Tok, b: _Tok) -> bool:
    s, e = a.stop, b.start
    return 0 < e - s <= 3 and not text[s:e].strip(" \t\u00a0")


# ----------------------------------------------------------------------------- recogniser


# Texts per language a process reads with the plain token patterns before the faster ones.
WARM_UP_TEXTS = 24
_TEXTS_SEEN: dict[str, int] = {}


class _Recognizer:
    """One pass over one text: quoted names first, then tokens left to right."""

    def __init__(self, text: str, lang: str, source: str) -> None:
        self.text = text
        self.lang = lang
        self.source = source
        self.idx = bundled_index()
        self._lower_forms: set[str] | None = None  # see lower_forms
        self._words: set[str] | None = None  # all words of an English text (see ordinary)
        # The faster Russian token pattern costs a regex compile (again for each word learnt) that
        # pays for itself over a few dozen texts, so the first Russian texts of a process (a small
        # folder, a cold start) take the slower path; both read the same tokens. English texts
        # always take a fast pattern: the one for ASCII text when they are ASCII (one compile either
        # way, and the faster one).
        seen = _TEXTS_SEEN[lang] = _TEXTS_SEEN.get(lang, 0) + 1
        warm = seen > WARM_UP_TEXTS
        if lang == "en":
            titles, self._words = _title_lines_and_words(text)
            # lowercase words no rule reads are not made tokens at all (see _en_token_pattern)
            pattern = _en_token_pattern(self.idx.latin_later_words(), text.isascii())
            self.toks = _tokens(text, lang, pattern, titles)
        else:
            self._quotes = [(m, m.span(m.lastindex)) for m in _QUOTED.finditer(text)]  # type: ignore[arg-type]
            # lowercase words no rule reads are not made tokens at all (see _ru_token_pattern)
            self.toks = _ru_tokens(text, [span for _, span in self._quotes]) if warm else \
                _tokens(text, lang, _TOKEN, [])
        self.out: list[Mention] = []
        # alias_at and title_at are asked about the same token again while a name grows
        self._aliases: dict[int, tuple[int, str, str] | None] = {}
        self._titles: dict[int, int | None] = {}
        self._may_begin = self.idx.may_begin(lang)
        self._ordinary: dict[str, bool] = {}
        self.mid_caps = {t.low for t in self.toks if t.cap and not t.ambiguous and t.type == "w"}
        self._mid_cap_lemmas: frozenset[str] | None = None

    # -- helpers
    @property
    def lower_forms(self) -> set[str]:
        """The words (``_WORD``) of the text that start with a lowercase letter (for English text
        found with its Title Case lines, for Russian text on first use)."""
        if self._lower_forms is None:
            words = self._words if self._words is not None else set(_WORD.findall(self.text))
            self._lower_forms = {w for w in words if w[:1].islower()}
        return self._lower_forms

    def has_lower_word(self, word: str) -> bool:
        """Whether ``word`` is in ``lower_forms``; looked for in the text if that set is not built
        (a Russian text asks once or twice: too few times to find all its words for)."""
        if self._lower_forms is not None:
            return word in self._lower_forms
        if not word[:1].islower() or not _WORD.fullmatch(word):
            return False
        text, n = self.text, len(word)
        p = text.find(word)
        while p >= 0:
            # a whole _WORD: no letter on either side
            if (p == 0 or not _WORD.match(text, p - 1, p)) and not _WORD.match(text, p + n, p + n + 1):
                return True
            p = text.find(word, p + 1)
        return False

    def norm(self, toks: list[_Tok]) -> str:
        lang = self.lang
        return " ".join([_token_norm(t.text, lang) for t in toks])  # tok_norm of each

    def tok_options(self, t: _Tok) -> tuple[str, ...]:
        """Every plausible normal form of a token (more than one only for unknown Russian words)."""
        if not t.cyr or t.type != "w" or self.lang != "ru":
            return ()
        return ru_token_options(t.text)

    def tok_norm(self, t: _Tok) -> str:
        return _token_norm(t.text, self.lang)

    def readings(self, t: _Tok) -> tuple[str, ...] | None:
        """The forms an alias window looks a token up under (see ``_readings``)."""
        return _readings(t.text, self.lang, t.cyr and t.type == "w" and self.lang == "ru")

    def emit(self, a: int, b: int, kind: str, norm: str | None = None) -> None:
        if a == b:  # most names are one word
            t = self.toks[a]
            s, e = t.start, t.stop
            if norm is None:
                norm = _token_norm(t.text, self.lang)  # norm of [t]
        else:
            toks = self.toks[a:b + 1]
            s, e = toks[0].start, toks[-1].stop
            if norm is None:
                norm = self.norm(toks)
        self.out.append(Mention(self.source, s, e, self.text[s:e], kind, norm))

    def join(self, i: int) -> bool:
        toks = self.toks
        if i + 1 >= len(toks):
            return False
        s, e = toks[i].stop, toks[i + 1].start  # _joinable, inlined: asked at most tokens
        return 0 < e - s <= 3 and not self.text[s:e].strip(" \t\u00a0")

    def lemma(self, t: _Tok) -> str:
        return morph.lemma(_case_free(t.clean))

    # -- alias windows
    def alias_at(self, i: int) -> tuple[int, str, str] | None:
        """Longest alias starting at token i: (last token index, canonical name, normal form).

        The normal form is the reading of the window that is the alias (Хезболлу: хезболла).
        """
        t = self.toks[i]
        may = self._may_begin.get(t.text)
        if may is None:
            may = self._may_begin[t.text] = self.may_begin_alias(t)
        if not may:
            return None
        if i not in self._aliases:
            self._aliases[i] = self._alias_at(i, t)
        return self._aliases[i]

    def may_begin_alias(self, t: _Tok) -> bool:
        """Whether an alias window may start at token ``t``: a capitalised word (or a Russian
        demonym) one of whose readings begins an alias. Depends on the token's text alone (which
        fixes its type and facts), so the answer is kept per text language and word."""
        if t.type == "d" or not (t.cap or (t.cyr and t.low[:4] in _ru_demonym_prefixes() and _RU_ADJ.search(t.low))):
            return False
        first = self.readings(t)
        if first is None:
            return True
        starts = self.idx.starts(self.lang)
        return any(r in starts for r in first)

    def _alias_at(self, i: int, t: _Tok) -> tuple[int, str, str] | None:
        # Every window is looked up under its norm and the readings of its words (norm_options),
        # so it can only be an alias if some combination of its words' readings is one. Those
        # that begin an alias are tracked as the window grows: once there are none, no longer
        # window can be an alias either. None: a word's readings do not split into words, so
        # nothing is ruled out.
        starts = self.idx.starts(self.lang)
        first = self.readings(t)
        begun = None if first is None else {r for r in first if r in starts}
        if begun is not None and not begun:
            return None
        could_be = [begun is None or any(starts[r] for r in begun)]  # per window length
        end = i
        while end - i + 1 < _MAX_ALIAS_TOKENS and self.join(end) and self.toks[end + 1].type != "d":
            if begun is not None:
                more = self.readings(self.toks[end + 1])
                begun = None if more is None else {w for b in begun for r in more if (w := f"{b} {r}") in starts}
                if begun is not None and not begun:
                    break
            end += 1
            could_be.append(begun is None or any(starts[r] for r in begun))
        for j in range(end, i - 1, -1):
            if not could_be[j - i]:
                continue
            window = self.toks[i:j + 1]
            norm = self.norm(window)
            surface = self.text[window[0].start:window[-1].stop]
            name = self.idx.lookup(norm, surface, strip_the=False)
            if name is None and self.lang == "ru" and any(w.cyr and len(self.tok_options(w)) > 1 for w in window):
                for alt in norm_options(norm, surface)[1:]:
                    if (name := self.idx.lookup(alt, surface, strip_the=False)) is not None:
                        norm = alt
                        break
            if name is not None and (j == i or window[-1].cap or window[-1].cyr):
                return j, name, norm
        return None

    # -- titles
    def title_at(self, i: int) -> int | None:
        """Last token index of a title (Transportation Minister, министр транспорта) at i."""
        t = self.toks[i]
        if t.type != "w" or t.idle:
            return None  # idle words are no title words (see _word_facts)
        # Most words start no title: rule them out before anything is worked out or remembered.
        if t.cyr:
            if t.low[:4] not in _ru_title_prefixes():
                return None
        elif t.low not in _lex_union("en.title_heads", "en.title_mods"):
            return None
        if i not in self._titles:
            self._titles[i] = self.ru_title_at(i) if t.cyr else self._en_title_at(i)
        return self._titles[i]

    def _en_title_at(self, i: int) -> int | None:
        heads, mods = _lex("en.title_heads"), _lex("en.title_mods")
        words = _lex_union("en.title_heads", "en.title_mods")
        cap = self.toks[i].cap
        j, last_head = i, None
        while True:
            w = self.toks[j]
            if w.type != "w" or w.cyr or w.cap != cap or w.low not in words:
                break
            if w.low in heads and (cap or w.low in _lex("en.title_heads_lower")):
                last_head = j
            if not self.join(j):
                break
            j += 1
        if last_head is None:
            return None
        # Minister of Foreign Affairs, Secretary of State
        k = last_head
        if self.join(k) and self.toks[k + 1].low in ("of", "for"):
            m = k + 1
            if self.join(m) and self.toks[m + 1].low == "the":
                m += 1
            n = m
            while self.join(n) and self.toks[n + 1].cap == cap and self.toks[n + 1].low in mods and not self.toks[n + 1].cyr:
                n += 1
            if n > m:
                k = n
        return k

    def title_norm(self, i: int, end: int) -> str:
        """Titles keep their genitive complements: министр иностранных дел, first deputy prime minister."""
        words = []
        heads = _lex_union("ru.title_heads", "ru.title_mods")
        in_head = True
        for t in self.toks[i:end + 1]:
            if not t.cyr:
                words.append(en_token_norm(t.text))
                continue
            lem = self.lemma(t)
            in_head = in_head and lem in heads
            words.append(lem if in_head else t.low)
        return " ".join(words)

    def ru_title_at(self, i: int) -> int | None:
        heads, mods, comps = _lex("ru.title_heads"), _lex("ru.title_mods"), _lex("ru.title_complements")
        j = i
        while self.lemma(self.toks[j]) in mods and self.join(j):
            j += 1
        if self.lemma(self.toks[j]) not in heads:
            return None
        while self.join(j):
            nxt = self.toks[j + 1]
            if nxt.cap or not nxt.cyr or (self.lemma(nxt) not in comps and self.lemma(nxt) not in heads):
                break
            j += 1
        return j

    # -- ordinary capitalised words
    def ordinary(self, t: _Tok) -> bool:
        """Whether a capitalised word at an ambiguous position is an ordinary word."""
        # The same words open many sentences of a text ("The", "Он"); the answer depends on the
        # word (its text fixes every fact of the token) and the text only.
        got = self._ordinary.get(t.text)
        if got is None:
            got = self._ordinary[t.text] = self.ordinary_word(t)
        return got

    def ordinary_word(self, t: _Tok) -> bool:
        """``ordinary`` worked out (not remembered)."""
        low = t.low
        if t.upper or t.type != "w":
            return False
        if t.cyr:
            if low in _lex("ru.stopwords"):
                return True
            if low in self.mid_caps:
                return False
            if low in given_names_ru() or self.tok_norm(t) in given_names_ru() or \
                    self.tok_norm(t) in self.mid_cap_lemmas():
                return False  # a given name (Олаф), or the same name capitalised mid-sentence
            got = _ru_ordinary_word(t.clean)
            # A word the dictionary does not know (Шольца, Моди) is a name, unless the text also
            # has it in lower case.
            return self.has_lower_word(low) if got is None else got
        if low in _lex("en.stopwords"):
            return True
        if low in self.mid_caps:
            return False
        # Every form of low starts with its first letter: if that is lowercase, a word of the text
        # that is one of them is in lower_forms, and the set of all words answers as well.
        if self._words is not None:
            if low[:1].islower() and not self._words.isdisjoint(_en_forms(low)):
                return True
        elif not self.lower_forms.isdisjoint(_en_forms(low)):
            return True
        return len(low) > 5 and low.endswith(("ing", "ly", "ed"))

    def mid_cap_lemmas(self) -> frozenset[str]:
        """Normal forms of the Cyrillic words capitalised mid-sentence (Шольца there names Шольц here)."""
        if self._mid_cap_lemmas is None:
            self._mid_cap_lemmas = frozenset(self.tok_norm(t) for t in self.toks
                                             if t.cyr and t.cap and not t.ambiguous and t.type == "w")
        return self._mid_cap_lemmas

    def adjective_of_name(self, i: int) -> bool:
        """Whether Russian token i is an adjective agreeing with a place or body after it.

        "Южный Судан", "Нижний Новгород": at the start of a sentence the adjective's capital
        says nothing, but a name of a place or organisation right after it, in the same case,
        makes it part of that name (South Sudan is not Sudan).
        """
        t = self.toks[i]
        if not t.cyr or t.type != "w" or not self.join(i):
            return False
        nxt = self.toks[i + 1]
        if not (nxt.cyr and nxt.cap and nxt.type == "w") or nxt.upper:
            return False
        if russian.is_guessed(nxt.clean):
            return False
        r = morph.name_reading(nxt.clean)
        if r is None or not r.tags & {"Geox", "Orgn"}:
            return False
        # Not superlatives, pronouns or ordinals: "Крупнейший Сбербанк" is no name of its own.
        adj = {(r.case, r.number) for r in morph.readings(_case_free(t.clean))
               if r.pos == "ADJF" and not r.tags & {"Supr", "Apro", "Anum"}}
        if not adj:
            return False
        return any((r.case, r.number) in adj for r in morph.readings(_case_free(nxt.clean)) if r.pos == "NOUN")

    # -- kinds
    def generic_kind(self, a: int, b: int) -> str:
        toks = self.toks[a:b + 1]
        prev = self.out[-1] if self.out else None
        after_title = prev is not None and prev.kind == "title" and 0 < toks[0].start - prev.stop <= 2
        if toks[0].cyr:
            tags: frozenset[str] = frozenset().union(*[_kind_tags(t.clean) for t in toks])
            if after_title or tags & {"Name", "Surn", "Patr"} or (len(toks) > 1 and toks[0].low in given_names_ru()):
                return "person"
            if "Geox" in tags:
                return "place"
            if "Orgn" in tags:
                return "org"
            if not tags and self.place_word_before(a):
                return "place"  # в Верансе, штате Арагуа: a name the dictionary does not know
            return "other"
        if a == b:  # one word: no head and no given name before it
            return "person" if after_title else "other"
        last = en_token_norm(toks[-1].text)
        if last in _lex("en.org_heads"):
            return "org"
        if last in _lex("en.place_heads"):
            return "place"
        if after_title or en_token_norm(toks[0].text) in _lex("given_names.latin"):
            return "person"
        return "other"

    def place_word_before(self, a: int) -> bool:
        """Whether the word before token ``a``, joined to it, is a place preposition or place noun.

        That word is token ``a - 1``, or else a plain lowercase Russian word the token pattern
        passed over (``_ru_token_pattern``: it starts nothing and goes on with nothing, so no
        other rule reads it), which is then found in the text.
        """
        toks, text = self.toks, self.text
        if a > 0 and _joinable(text, toks[a - 1], toks[a]):
            prev = toks[a - 1]
            return _place_word(prev.low, prev.clean if prev.cyr else None)
        word = _plain_word_before(text, toks[a].start)
        # lowercase already: its clean form is also its low one, as the token would have them
        return word is not None and _place_word(clean(word), clean(word))

    def qualified(self, start: int, end: int, name: str) -> tuple[int, str]:
        """The end and kind of an alias followed by a capitalised qualifier (Gazprom Neft).

        A known organisation followed by more capitalised name words is another organisation
        (Gazprom Neft is not Gazprom); a place named by its own name (not a demonym) followed by a
        place or organisation head is another place or body (Moscow Region, Moscow City Court).
        Anything else ends at the alias.
        """
        kind = self.idx.kind(name)
        if kind not in ("org", "media", "place") or not self.toks[end].cap:
            return end, kind
        if kind == "place" and en_token_norm(self.text[self.toks[start].start:self.toks[end].stop]) != \
                en_token_norm(name):
            return end, kind
        j = end
        while self.join(j) and j - end < 3:
            nxt = self.toks[j + 1]
            if nxt.type != "w" or nxt.cyr != self.toks[end].cyr or nxt.ambiguous or not nxt.cap or nxt.upper \
                    or self.stops_name(j + 1) or self.alias_at(j + 1) is not None:
                break
            j += 1
        if j == end:
            return end, kind
        if kind == "place":
            last = en_token_norm(self.toks[j].text)
            if last in _lex("en.place_heads"):
                return j, "place"
            if last in _lex("en.org_heads"):
                return j, "org"
            return end, kind
        return j, kind

    def stops_name(self, k: int) -> bool:
        """Whether token k cannot continue a name span."""
        t = self.toks[k]
        if t.type == "d" or not t.cap or t.low in _lex("en.never"):
            return True
        if t.ambiguous and self.ordinary(t):
            return True
        if self.title_at(k) is not None:
            return True
        hit = self.alias_at(k)
        return hit is not None and (hit[0] > k or t.upper)

    # -- quoted Russian names
    def quoted(self) -> set[int]:
        """Russian names in quotes («Авиакон Цитотранс»); returns the token indices used."""
        used: set[int] = set()
        if self.lang != "ru":
            return used
        for m, (s, e) in self._quotes:
            g = m.lastindex
            body = m.group(g)  # type: ignore[arg-type]  # one of the groups matched: g is set
            lead = len(body) - len(body.lstrip())
            s += lead
            e = s + len(body.strip())
            a = self.token_at(s)
            if s >= e or a is None or re.search(r"[.!?;:,]", self.text[s:e]):
                continue
            b = a
            while b + 1 < len(self.toks) and self.toks[b + 1].stop <= e:
                b += 1
            toks = self.toks[a:b + 1]
            if toks[-1].stop != e or not toks[0].cap or len(toks) > 5:
                continue
            norm = self.norm(toks)
            name = None
            for cand in norm_options(norm, self.text[s:e]):
                if (name := self.idx.lookup(cand, self.text[s:e])) is not None:
                    norm = cand
                    break
            kind = self.idx.kind(name) if name else "org"
            if name is None:
                before = _WORD.findall(self.text[max(0, m.start() - 40):m.start()].split("\n")[-1])
                org_word = bool(before) and before[-1][:1].islower() and self.lemma_word(before[-1]) in _lex("ru.org_words")
                all_caps = all(t.cap for t in toks)
                if not org_word and not (all_caps and (len(toks) > 1 or not self.ordinary(toks[0]))):
                    continue
            self.out.append(Mention(self.source, s, e, self.text[s:e], kind, norm))
            used.update(range(a, b + 1))
        self.out.sort(key=lambda x: x.start)
        return used

    def token_at(self, pos: int) -> int | None:
        """Index of the token that starts at ``pos``, if one does."""
        k = bisect_left(self.toks, pos, key=_start)
        return k if k < len(self.toks) and self.toks[k].start == pos else None

    def lemma_word(self, word: str) -> str:
        return morph.lemma(clean(word))

    # -- main loop
    def run(self) -> list[Mention]:
        used = self.quoted()
        quoted = self.out
        self.out = []
        toks, n = self.toks, len(self.toks)
        may_begin, ordinary, never = self._may_begin, self._ordinary, _lex("en.never")
        i = 0
        while i < n:
            if used and i in used:
                i += 1
                continue
            t = toks[i]
            if t.idle and not t.cap and t.type == "w":
                i += 1  # most words: a lowercase word that starts no alias or title starts no name
                continue
            # maker + designator: Ilyushin Il-76, Sukhoi Su-30MK2; Boeing 737
            if t.type == "w" and t.cap and t.low in self.idx.makers:
                if self.join(i) and toks[i + 1].type == "d":
                    self.emit(i, i + 1, "equipment", designator_norm(toks[i + 1].text))
                    i += 2
                    continue
                num = _MAKER_NUMBER.match(self.text, t.stop)
                if num:
                    s, e = t.start, num.end()
                    self.out.append(Mention(self.source, s, e, self.text[s:e], "equipment",
                                            en_token_norm(t.text) + " " + num.group(1).lower()))
                    while i < n and toks[i].start < e:
                        i += 1
                    continue
            if t.type == "d":
                self.emit(i, i, "equipment", designator_norm(t.text))
                i += 1
                continue
            # most words are known not to begin an alias (alias_at asks the same table first)
            hit = self.alias_at(i) if may_begin.get(t.text, True) else None
            if hit is not None:
                end, kind = self.qualified(i, hit[0], hit[1])
                self.emit(i, end, kind, hit[2] if end == hit[0] else None)
                i = end + 1
                continue
            title_end = self.title_at(i)
            if title_end is not None:
                self.emit(i, title_end, "title", self.title_norm(i, title_end))
                i = title_end + 1
                continue
            if not t.cap or t.low in never or len(t.text) < 2 or \
                    (t.ambiguous and (ordinary.get(t.text) or self.ordinary(t)) and
                     not (t.cyr and self.adjective_of_name(i))):
                i += 1
                continue
            j = i
            while self.join(j) and j + 1 not in used and j - i < _MAX_NAME_TOKENS:
                nxt = toks[j + 1]
                if nxt.cyr and not nxt.cap and nxt.low in _lex("ru.particles"):
                    # фон дер Ляйен, да Силва, бен Сальман: lowercase particles before a name word
                    k = j + 1
                    while toks[k].cyr and not toks[k].cap and toks[k].low in _lex("ru.particles") and self.join(k):
                        k += 1
                    if k > j + 1 and toks[k].cyr and toks[k].cap and toks[k].type == "w" and not self.stops_name(k):
                        j = k
                        continue
                    break
                if not nxt.cyr and not nxt.cap and (nxt.low in _lex("en.particles") or nxt.low in ("of", "for")):
                    k = j + 2 if nxt.low in _lex("en.particles") or toks[j].low in _lex("en.of_heads") else -1
                    # "de la", "of the": further lowercase particles before the next name word
                    while 0 < k < n and (toks[k].low in _lex("en.particles") or toks[k].low == "the") \
                            and not toks[k].cap and _joinable(self.text, toks[k - 1], toks[k]):
                        k += 1
                    if 0 < k < n and _joinable(self.text, toks[k - 1], toks[k]) and not self.stops_name(k):
                        j = k
                        continue
                    break
                if self.stops_name(j + 1):
                    break
                j += 1
            self.emit(i, j, self.generic_kind(i, j))
            i = j + 1
        if not quoted:
            return self.out  # made in text order
        return sorted(self.out + quoted, key=_start)


@lru_cache(maxsize=1 << 12)
def designator_norm(text: str) -> str:
    """Normal form of a designator: Latin letters, lowercase, prefix-digits joined (su-30mk2)."""
    lat = to_latin(text).lower()
    m = re.match(rf"([a-z]+)[{_HY} ]?(\d+)(.*)", lat)
    if not m:
        return re.sub(r"\s+", "", lat)
    return f"{m.group(1)}-{m.group(2)}{_SPACES.sub('', m.group(3))}"


def designator_key(text: str) -> str:
    """Comparison key of a designator: Latin capitals and digits only (SU30MK2)."""
    return re.sub(r"[^A-Z0-9]", "", to_latin(text).upper())


def find_mentions(text: str, lang: str, source: str) -> list[Mention]:
    """Named-entity mentions in ``text`` (lang "en" or "ru"), sorted by start, non-overlapping."""
    return _Recognizer(text, "ru" if lang == "ru" else "en", source).run()
