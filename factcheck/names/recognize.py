"""Find named entities (people, places, organisations, media, equipment, titles) in one text."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from factcheck.data import load_toml
from factcheck.model import Mention
from factcheck.names.translit import clean, has_cyrillic, strip_accents, to_latin

KINDS = frozenset({"person", "place", "org", "media", "equipment", "title", "other"})

_HY = "\\-\u2010\u2011"
_WCH = r"(?:[^\W\d_]|\u0301)"
_UP = "A-ZА-ЯЁ"
_DESIG = (
    rf"(?<![\w{_HY}])(?:[{_UP}][A-Za-zА-Яа-яЁё]{{0,4}}[{_HY}]\d{{1,5}}|[{_UP}]{{1,4}}\d{{1,5}})"
    rf"(?:[{_UP}0-9]{{1,4}}(?![a-zа-яё]))?"  # Il-76TD, Су-30МК2, S-300VM; "Il-76s" stops at 76
    rf"(?:[{_HY}][{_UP}0-9]{{1,4}}(?!\w))*"  # Il-76MD-90A
    rf"(?:[ \u00a0][{_UP}]{{1,3}}\d{{1,2}}(?!\w))?"  # Su-30 MK2
    rf"|(?<![\w{_HY}])[{_UP}][a-zа-яё]{{1,5}}[{_HY}][{_UP}]{{1,2}}\d?(?![\w{_HY}])"  # Buk-M2, Igla-S
)
DESIGNATOR = re.compile(_DESIG)
_TOKEN = re.compile(
    rf"(?P<d>{_DESIG})"
    r"|(?P<a>(?<!\w)[A-Z]\.(?:[A-Z]\.?)+)"
    rf"|(?P<w>[^\W\d_]{_WCH}*(?:[{_HY}]{_WCH}+|['’](?=[{_UP}]){_WCH}+)*)"
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
_MAKER_NUMBER = re.compile(r"[ \u00a0](\d{2,4}(?:-\d{1,4})?[A-Z]{0,3})\b")  # Boeing 737-800


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
    """Entries of a parsed alias TOML document (``[entity."Name"] kind, aliases``)."""
    out = []
    for name, body in data.get("entity", {}).items():
        kind = body.get("kind", "other")
        if kind not in KINDS:
            raise ValueError(f"alias entry {name!r}: unknown kind {kind!r}")
        out.append(AliasEntry(name, kind, tuple(body.get("aliases", ())), tuple(body.get("designators", ())),
                              "designators" in body))
    return out


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


def _lex(key: str) -> frozenset[str]:
    return lexicon()[key]


def en_token_norm(word: str) -> str:
    """Normal form of a Latin-script word: lowercase, accents stripped."""
    return strip_accents(clean(word)).replace("’", "'").lower()


def ru_token_norm(word: str) -> str:
    """Normal form of a Cyrillic word in a name: its name-preferring lemma."""
    from factcheck import morph

    return morph.name_lemma(clean(word))


def _token_norm(word: str, lang: str) -> str:
    if has_cyrillic(word):
        return ru_token_norm(word) if lang == "ru" else clean(word).lower()
    return en_token_norm(word)


def _is_upper(text: str) -> bool:
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

    @property
    def cyrillic(self) -> dict[str, tuple[str, bool]]:
        """Cyrillic aliases by lemma (built on first use: needs the Russian analyser)."""
        if self._cyrillic is None:
            self._cyrillic = {alias_norm(a): v for a, v in self.cyrillic_raw.items()}
        return self._cyrillic

    def lookup(self, norm: str, surface: str, strip_the: bool = True) -> str | None:
        """Canonical name for a mention's norm, or None."""
        table = self.cyrillic if has_cyrillic(norm) else self.latin
        hit = table.get(norm)
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
    return frozenset(w[:4] for w in _lex("ru.title_heads") | _lex("ru.title_mods"))


# ----------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    start: int
    stop: int
    text: str
    type: str  # d designator | a dotted acronym | w word
    cap: bool
    upper: bool
    cyr: bool
    ambiguous: bool  # sentence-initial or in a title-case line: capital says nothing

    @property
    def low(self) -> str:
        return clean(self.text).lower()


def _ambiguous_at(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in _SKIP_BACK:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _title_case_lines(text: str, lang: str) -> list[tuple[int, int]]:
    """Headline lines written in Title Case, where capitals mark no names."""
    if lang != "en":
        return []
    small = _lex("en.stopwords")
    out = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in _WORD.findall(line) if len(w) > 3 and w.lower() not in small]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _tokens(text: str, lang: str) -> list[_Tok]:
    masked = [(m.start(), m.end()) for m in _URL.finditer(text)]
    titles = _title_case_lines(text, lang)
    out: list[_Tok] = []
    mi = ti = 0
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        while mi < len(masked) and masked[mi][1] <= s:
            mi += 1
        if mi < len(masked) and masked[mi][0] <= s:
            continue
        word = m.group()
        cyr = has_cyrillic(word)
        if cyr and lang != "ru" and m.lastgroup != "d":
            continue  # English text never reaches the Russian analyser
        while ti < len(titles) and titles[ti][1] < s:
            ti += 1
        in_title = ti < len(titles) and titles[ti][0] <= s
        typ = m.lastgroup or "w"
        if lang == "en" and typ == "w":
            # "Russian-made", "US-backed": the name is the capitalised part only.
            cut = re.search(rf"[{_HY}](?=[a-z])", word)
            if cut and word[:1].isupper():
                word = word[:cut.start()]
                e = s + len(word)
        out.append(_Tok(s, e, word, typ, word[:1].isupper(), _is_upper(word) and len(word) > 1, cyr,
                        in_title or _ambiguous_at(text, s)))
    return out


def _joinable(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.stop:b.start]
    return 0 < len(gap) <= 3 and gap.strip(" \t\u00a0") == ""


# ----------------------------------------------------------------------------- recogniser


class _Recognizer:
    """One pass over one text: quoted names first, then tokens left to right."""

    def __init__(self, text: str, lang: str, source: str) -> None:
        self.text = text
        self.lang = lang
        self.source = source
        self.toks = _tokens(text, lang)
        self.idx = bundled_index()
        self.out: list[Mention] = []
        self._norms: dict[int, str] = {}
        words = _WORD.findall(text)
        self.lower_forms = {w for w in words if w[:1].islower()}
        self.mid_caps = {t.low for t in self.toks if t.cap and not t.ambiguous and t.type == "w"}

    # -- helpers
    def norm(self, toks: list[_Tok]) -> str:
        return " ".join(self.tok_norm(t) for t in toks)

    def tok_norm(self, t: _Tok) -> str:
        got = self._norms.get(t.start)
        if got is None:
            got = self._norms[t.start] = _token_norm(t.text, self.lang)
        return got

    def emit(self, a: int, b: int, kind: str, norm: str | None = None) -> None:
        toks = self.toks[a:b + 1]
        s, e = toks[0].start, toks[-1].stop
        self.out.append(Mention(self.source, s, e, self.text[s:e], kind, norm if norm is not None else self.norm(toks)))

    def join(self, i: int) -> bool:
        return i + 1 < len(self.toks) and _joinable(self.text, self.toks[i], self.toks[i + 1])

    def lemma(self, t: _Tok) -> str:
        from factcheck import morph

        return morph.lemma(clean(t.text))

    # -- alias windows
    def alias_at(self, i: int) -> tuple[int, str] | None:
        """Longest alias starting at token i: (last token index, canonical name)."""
        t = self.toks[i]
        if t.type == "d" or not (t.cap or (t.cyr and t.low[:4] in _ru_demonym_prefixes() and _RU_ADJ.search(t.low))):
            return None
        end = i
        while end - i + 1 < _MAX_ALIAS_TOKENS and self.join(end) and self.toks[end + 1].type != "d":
            end += 1
        for j in range(end, i - 1, -1):
            window = self.toks[i:j + 1]
            name = self.idx.lookup(self.norm(window), self.text[window[0].start:window[-1].stop], strip_the=False)
            if name is not None and (j == i or window[-1].cap or window[-1].cyr):
                return j, name
        return None

    # -- titles
    def title_at(self, i: int) -> int | None:
        """Last token index of a title (Transportation Minister, министр транспорта) at i."""
        t = self.toks[i]
        if t.type != "w":
            return None
        if t.cyr:
            return self.ru_title_at(i)
        heads, mods = _lex("en.title_heads"), _lex("en.title_mods")
        cap = t.cap
        j, last_head = i, None
        while True:
            w = self.toks[j]
            if w.type != "w" or w.cyr or w.cap != cap or w.low not in heads | mods:
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
        heads = _lex("ru.title_heads") | _lex("ru.title_mods")
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
        t = self.toks[i]
        if t.low[:4] not in _ru_title_prefixes():
            return None
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
        low = t.low
        if t.upper or t.type != "w":
            return False
        if t.cyr:
            if low in _lex("ru.stopwords"):
                return True
            if low in self.mid_caps:
                return False
            from factcheck import morph

            r = morph.name_reading(clean(t.text))
            if r is None or "Override" in r.tags:
                return False
            rs = morph.readings(clean(t.text))
            if rs and rs[0].pos in _FUNCTION_POS:
                return True  # "По", "Как": a name reading exists but is far-fetched
            return not (r.tags & _NAME_TAGS)
        if low in _lex("en.stopwords"):
            return True
        if low in self.mid_caps:
            return False
        stems = {low}
        for suf, rep in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", "")):
            if low.endswith(suf) and len(low) > len(suf) + 2:
                stems.add(low[: -len(suf)] + rep)
        forms = stems | {s + suf for s in stems for suf in ("s", "es", "ed", "d", "ing", "ly")}
        if forms & self.lower_forms:
            return True
        return len(low) > 5 and low.endswith(("ing", "ly", "ed"))

    # -- kinds
    def generic_kind(self, a: int, b: int) -> str:
        toks = self.toks[a:b + 1]
        prev = self.out[-1] if self.out else None
        after_title = prev is not None and prev.kind == "title" and 0 < toks[0].start - prev.stop <= 2
        if toks[0].cyr:
            from factcheck import morph

            tags: set[str] = set()
            for t in toks:
                r = morph.name_reading(clean(t.text))
                if r is not None:
                    tags |= r.tags
            if after_title or tags & {"Name", "Surn", "Patr"}:
                return "person"
            if "Geox" in tags:
                return "place"
            if "Orgn" in tags:
                return "org"
            return "other"
        words = [en_token_norm(t.text) for t in toks]
        if words[-1] in _lex("en.org_heads") and len(words) > 1:
            return "org"
        if words[-1] in _lex("en.place_heads") and len(words) > 1:
            return "place"
        if after_title or (len(words) > 1 and words[0] in _lex("given_names.latin")):
            return "person"
        return "other"

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
        starts = {t.start: n for n, t in enumerate(self.toks)}
        for m in _QUOTED.finditer(self.text):
            g = next(k for k in range(1, 5) if m.group(k) is not None)
            s, e = m.span(g)
            body = m.group(g)
            lead = len(body) - len(body.lstrip())
            s += lead
            e = s + len(body.strip())
            if s >= e or s not in starts or re.search(r"[.!?;:,]", self.text[s:e]):
                continue
            a = starts[s]
            b = a
            while b + 1 < len(self.toks) and self.toks[b + 1].stop <= e:
                b += 1
            toks = self.toks[a:b + 1]
            if toks[-1].stop != e or not toks[0].cap or len(toks) > 5:
                continue
            norm = self.norm(toks)
            name = self.idx.lookup(norm, self.text[s:e])
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

    def lemma_word(self, word: str) -> str:
        from factcheck import morph

        return morph.lemma(clean(word))

    # -- main loop
    def run(self) -> list[Mention]:
        used = self.quoted()
        quoted = self.out
        self.out = []
        toks, n = self.toks, len(self.toks)
        i = 0
        while i < n:
            if i in used:
                i += 1
                continue
            t = toks[i]
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
            hit = self.alias_at(i)
            if hit is not None:
                self.emit(i, hit[0], self.idx.kind(hit[1]))
                i = hit[0] + 1
                continue
            end = self.title_at(i)
            if end is not None:
                self.emit(i, end, "title", self.title_norm(i, end))
                i = end + 1
                continue
            if not t.cap or t.low in _lex("en.never") or len(t.text) < 2 or (t.ambiguous and self.ordinary(t)):
                i += 1
                continue
            j = i
            while self.join(j) and j + 1 not in used and j - i < _MAX_NAME_TOKENS:
                nxt = toks[j + 1]
                if not nxt.cyr and not nxt.cap and nxt.low in _lex("en.particles") | {"of", "for"}:
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
        merged = sorted(self.out + quoted, key=lambda x: x.start)
        return merged


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
