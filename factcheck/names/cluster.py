"""Group mentions from all sources into one entity per real-world thing."""

from __future__ import annotations

import bisect
import gc
import re
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, islice
from itertools import count as numbers
from operator import and_, attrgetter, eq, ge, not_

from factcheck.model import Entity, Mention
from factcheck.names.match import (
    could_match,
    keys_match,
    last_word,
    longest_match,
    matching_keys,
    phonetic_key,
    reading_keys,
    reading_keys_ending,
    same_length_could_match,
)
from factcheck.names.recognize import (
    DESIGNATOR,
    AliasEntry,
    AliasIndex,
    build_index,
    bundled_aliases,
    bundled_index,
    caps_only,
    designator_key,
    surface_options,
)
from factcheck.names.translit import clean, has_cyrillic, to_latin

_KIND_ORDER = ("person", "place", "org", "media", "equipment", "title", "other")
_FAMILY = re.compile(r"[A-Z]+\d+")


# Roles of a group's keys: "P" its phonetic key; "L" the key of a reading of a Latin spelling
# (Trump read as English: tramp); "R" another reading of a Russian word the dictionary does not
# know (Шольца: шольц or шольца). L and R keys are only compared across scripts (see _compatible).
_MAX_SURFACES = 4  # distinct Latin surfaces or Russian forms per group whose readings are used


@dataclass(slots=True)
class _Group:
    """Mentions sharing one exact key: an alias, a designator or a phonetic key."""

    key: tuple[str, str]  # ("A", canonical) | ("D", designator key) | ("K", phonetic key) | ("T", title key)
    index: int = 0  # its position in the sorted groups
    latin: bool = False  # has a Latin-script mention
    cyr: bool = False  # has a Cyrillic mention
    forms: list[tuple[str, str]] = field(default_factory=list)  # (role, key), the "P" key first
    # (kind, norm, text) -> how many mentions, in order of first mention: an archive repeats a few
    # spellings thousands of times, so votes and names are counted over these, not the mentions.
    spellings: dict[tuple[str, str, str], int] = field(default_factory=dict)

    @property
    def words(self) -> list[str]:
        return self.key[1].split()


def _strip_the(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


def _russian_keys(g: _Group) -> list[str]:
    """The keys of the other readings of a group's Russian forms, in order, repeats and all."""
    russian = sorted({(n, t) for _, n, t in g.spellings if has_cyrillic(t)})
    return [_phonetic_key(alt) for norm, text in russian[:_MAX_SURFACES] for alt in surface_options(norm, text)[1:]]


def _forms(g: _Group, lasts: set[str] | None, russian: Sequence[str]) -> list[tuple[str, str]]:
    """The keys a phonetic-key group is compared by, with their roles: its own, the readings of
    its Latin spellings that end in a word of ``lasts`` (none if None), then ``russian``.

    A reading is only ever compared with a Russian key (a Russian group's own or another
    reading) or a Russian alias that ends in the same word, so a reading that ends in no such
    word is left out: it could link nothing, and the others keep their order.
    """
    out = [("P", g.key[1])]
    seen = {g.key[1]}
    # g.latin and g.cyr say whether any text is in that script: most groups have one script only.
    if lasts is not None and g.latin:
        latin = sorted({_display(_strip_the(t)) for _, _, t in g.spellings if not has_cyrillic(t)})
        for surface in latin[:_MAX_SURFACES]:
            for k in reading_keys_ending(surface, lasts):
                if k not in seen:
                    seen.add(k)
                    out.append(("L", k))
    for k in russian:
        if k not in seen:
            seen.add(k)
            out.append(("R", k))
    return out


def _compatible(ga: _Group, ra: str, gb: _Group, rb: str) -> bool:
    """Whether keys of these roles may be compared: readings only across scripts."""
    if ra == "P" and rb == "P":
        return True

    def cyrillic(g: _Group, r: str) -> bool:
        return r == "R" or (r == "P" and g.cyr)

    if ra == "L":
        return cyrillic(gb, rb)
    if rb == "L":
        return cyrillic(ga, ra)
    return cyrillic(ga, ra) and cyrillic(gb, rb)


# Methods, not functions nested in ``_cluster``: compiled, those form a cycle with its scope, and
# all that clustering makes would wait for the cyclic collector instead of reference counts.
class _UnionFind:
    """Sets of groups; two sets with different canonical aliases never merge (``join``)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.alias_of: dict[int, str] = {}  # root -> canonical alias

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def roots(self) -> list[int]:
        """The root of every element, in one pass: a parent is never after its child."""
        parent = self.parent
        for x, p in enumerate(parent):
            parent[x] = parent[p]
        return parent.copy()

    def join(self, a: int, b: int) -> bool:
        """Merge the sets of ``a`` and ``b`` unless their aliases differ; whether they are one now."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        alias_of = self.alias_of
        if ra in alias_of and rb in alias_of and alias_of[ra] != alias_of[rb]:
            return False
        name = alias_of.get(ra) or alias_of.get(rb)
        self.union(ra, rb)
        if name is not None:
            alias_of[self.find(ra)] = name
        return True


class _Votes:
    """The kind each set of groups votes for by its mentions, as of the last ``regroup``."""

    def __init__(self, uf: _UnionFind, groups: list[_Group]) -> None:
        self.uf = uf
        self.groups = groups
        self.members: dict[int, list[int]] = defaultdict(list)
        self.kinds: dict[int, str] = {}

    def regroup(self) -> None:
        """Take the sets as they are now."""
        self.members.clear()
        self.kinds.clear()
        for n, root in enumerate(self.uf.roots()):
            self.members[root].append(n)

    def kind_of(self, n: int) -> str:
        """The kind the set of group ``n`` votes for."""
        r = self.uf.find(n)
        kinds = self.kinds
        if r not in kinds:
            counts: dict[str, int] = {}
            for x in self.members[r]:
                for (kind, _, _), c in self.groups[x].spellings.items():
                    counts[kind] = counts.get(kind, 0) + c
            kinds[r] = _vote_counts(counts)
        return kinds[r]


def _index(extra_aliases: dict[str, list[str]] | None) -> AliasIndex:
    if not extra_aliases:
        return bundled_index()
    extra = [AliasEntry(name, "other", tuple(al)) for name, al in sorted(extra_aliases.items())]
    return build_index([*bundled_aliases(), *extra])


@lru_cache(maxsize=1 << 16)
def _phonetic_key(text: str) -> str:
    """``phonetic_key``, once per text: the lemmas of one name's spellings and the other readings
    of its Russian forms are often the same words."""
    return phonetic_key(text)


def _group_key(kind: str, norm: str, text: str, idx: AliasIndex) -> tuple[str, str]:
    if kind == "equipment":
        d = DESIGNATOR.search(text)
        return ("D", designator_key(d.group() if d else norm))
    name = idx.lookup(norm, text)
    if name is not None:
        return ("A", name)
    norm = norm[4:] if norm.startswith("the ") else norm
    key = _phonetic_key(norm)
    if kind == "title":
        return ("T", key)
    # The phonetic key is script-independent, so an inflection-free alias may still hit.
    name = _key_aliases(idx).get(key)
    if name is not None and len(key) >= 4:
        return ("A", name)
    return ("K", key)


def _reading_aliases(idx: AliasIndex) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Keys for linking readings to aliases (keys of ≥ 5 characters -> canonical names).

    The first table holds the readings of Latin aliases (Airbus read as English: eirbas), for
    Russian names; the second the keys of Russian aliases, for the readings of Latin names.
    """
    if idx.reading_names is None:
        latin: dict[str, set[str]] = defaultdict(set)
        cyr: dict[str, set[str]] = defaultdict(set)
        for e in idx.entries.values():
            for a in (e.name, *e.aliases):
                if caps_only(a):
                    continue
                if has_cyrillic(a):
                    if a[:1].isupper() and len(k := phonetic_key(clean(a))) >= 5:
                        cyr[k].add(e.name)
                    continue
                for k in reading_keys(clean(a))[1:]:
                    if len(k) >= 5:
                        latin[k].add(e.name)
        idx.reading_names = (dict(latin), dict(cyr))
    return idx.reading_names


def _key_aliases(idx: AliasIndex) -> dict[str, str]:
    """Phonetic key -> canonical name, for keys that point at exactly one entity."""
    if idx.key_names is None:
        seen: dict[str, set[str]] = defaultdict(set)
        for e in idx.entries.values():
            for a in (e.name, *e.aliases):
                if has_cyrillic(a) and a[:1].islower():
                    continue  # inflected Russian adjectives are matched by lemma only
                seen[phonetic_key(clean(a))].add(e.name)
        idx.key_names = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
    return idx.key_names


# Counts here are plain dicts filled with get(): a Counter's += on a new key calls __missing__.

def _kind_counts(spellings: dict[tuple[str, str, str], int]) -> dict[str, int]:
    """How many mentions of each kind these spellings stand for."""
    counts: dict[str, int] = {}
    for (kind, _, _), n in spellings.items():
        counts[kind] = counts.get(kind, 0) + n
    return counts


def _vote_counts(counts: dict[str, int]) -> str:
    """The most frequent kind other than "other" (ties: person, place, org...), else "other"."""
    kinds = [k for k in counts if k != "other" and counts[k] > 0]
    if not kinds:
        return "other"
    return min(kinds, key=lambda k: (-counts[k], _KIND_ORDER.index(k)))


def _is_latin(text: str) -> bool:
    return not has_cyrillic(text) and any(map(str.isalpha, text))


def _accents(text: str) -> int:
    if text.isascii():
        return 0
    return sum(1 for c in text if c.isalpha() and not c.isascii())


def _norm_counts(spellings: dict[tuple[str, str, str], int]) -> dict[str, int]:
    """How many mentions each normal form of these spellings stands for."""
    counts: dict[str, int] = {}
    for (_, norm, _), n in spellings.items():
        counts[norm] = counts.get(norm, 0) + n
    return counts


@lru_cache(maxsize=1 << 16)
def _display(text: str) -> str:
    return " ".join(clean(text).split())


def _name_for(ms: Sequence[Mention], spellings: dict[tuple[str, str, str], int], alias: str | None,
              designator: bool, kind: str) -> str:
    """The display name of an entity: its mentions ``ms`` in order, counted by ``spellings``."""
    if alias is not None:
        return alias
    texts: dict[str, int] = {}
    for (_, _, text), n in spellings.items():
        texts[text] = texts.get(text, 0) + n
    if kind == "title":
        titles: dict[str, int] = {}
        for text, n in texts.items():
            f = _display(text)
            titles[f] = titles.get(f, 0) + n
        latin = [f for f in titles if _is_latin(f)]
        if len(latin) == 1:
            return latin[0]
        if latin:
            return min(latin, key=lambda f: (-titles[f], f))
        norms = _norm_counts(spellings)
        return min(norms, key=lambda n: (-norms[n], n))
    if designator:
        forms: dict[str, int] = {}
        for text, n in texts.items():
            d = DESIGNATOR.search(text)
            f = _display(d.group() if d else text)
            forms[f] = forms.get(f, 0) + n
        latin = [f for f in forms if _is_latin(f)]
        if not latin:
            # A Russian-only designator is shown as its Latin twin (Ил-76ТД -> Il-76TD).
            latin_forms: dict[str, int] = {}
            for f, n in forms.items():
                lf = to_latin(f)
                latin_forms[lf] = latin_forms.get(lf, 0) + n
            forms, latin = latin_forms, list(latin_forms)
        return min(latin, key=lambda f: (-forms[f], f.count(" "), f))
    surfaces: dict[str, int] = {}
    for text, n in texts.items():
        f = _display(text)
        surfaces[f] = surfaces.get(f, 0) + n
    latin = [f for f in surfaces if _is_latin(f)]
    if len(latin) == 1:
        return latin[0]
    if latin:
        return min(latin, key=lambda f: (-len(f.split()), -_accents(f), -surfaces[f], -len(f), f))
    # Russian only: the nominative, i.e. the lemma, in title case.
    norms = _norm_counts(spellings)
    best = min(norms, key=lambda n: (-len(n.split()), -norms[n], n))
    # The first such surface in mention order.
    for m in ms:
        f = _display(m.text)
        if f.lower() == best:
            return f
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in best.split())


@lru_cache(maxsize=None)
def _shortest_match(length: int) -> int:
    """The shortest key length ``could_match`` accepts next to a key of ``length``; the lengths it
    accepts run from this one to ``longest_match(length)``."""
    other = length
    while other > 0 and could_match(length, other - 1):
        other -= 1
    return other


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(keys_match(w, x) for x in it) for w in short)


_ORDER = attrgetter("source", "start", "stop", "text")
_PLACE = attrgetter("source", "start", "stop")
_SOURCE = attrgetter("source")
_START = attrgetter("start")
_SPELLING = attrgetter("kind", "norm", "text")


def _in_order(mentions: Sequence[Mention]) -> tuple[list[Mention], bool]:
    """The mentions stably sorted by (source, start, stop, text), and whether no two of them
    share a source, start and stop."""
    n = len(mentions)
    if n == 0:
        return [], True
    # The pipeline passes each article's mentions in order of start, article after article, but
    # ids sort as strings (S10 < S2). If every source's mentions form one run with rising starts,
    # sorting the runs by source gives the sorted list without a key for each mention.
    sources = list(map(_SOURCE, mentions))
    starts = list(map(_START, mentions))
    same = list(map(eq, sources, islice(sources, 1, None)))  # same[i]: i and i + 1 share a source
    if not any(map(and_, same, map(ge, starts, islice(starts, 1, None)))):
        cuts = [0, *(i + 1 for i in compress(range(n - 1), map(not_, same))), n]
        runs = sorted((sources[a], a, b) for a, b in zip(cuts, islice(cuts, 1, None)))
        if len({source for source, _, _ in runs}) == len(runs):
            return list(chain.from_iterable(mentions[a:b] for _, a, b in runs)), True
    ordered = sorted(mentions, key=_ORDER)
    places = list(map(_PLACE, ordered))  # two mentions at one place are next to each other
    return ordered, not any(map(eq, places, islice(places, 1, None)))


Spelling = tuple[str, str, str]  # a mention's (kind, norm, text): all mentions of one spelling are one entity's


def cluster(mentions: Sequence[Mention], extra_aliases: dict[str, list[str]] | None = None) -> list[Entity]:
    """Group mentions into entities; deterministic ids E1, E2... in order of canonical name."""
    return cluster_spellings(mentions, extra_aliases)[0]


def cluster_spellings(mentions: Sequence[Mention], extra_aliases: dict[str, list[str]] | None = None
                      ) -> tuple[list[Entity], dict[Spelling, int]]:
    """``cluster``, and the position in its list of the entity of every spelling (kind, norm, text)
    of the mentions: what a mention's entity is without a lookup per mention of the archive."""
    # Clustering an archive makes hundreds of thousands of small containers (keys, forms, votes)
    # that form no cycles and die when it returns; every collection on the way would walk them
    # all (a tenth of the time on 10,000 articles), so the cyclic collector waits.
    if not gc.isenabled():
        return _cluster(mentions, extra_aliases)
    gc.disable()
    try:
        return _cluster(mentions, extra_aliases)
    finally:
        gc.enable()


def _cluster(mentions: Sequence[Mention], extra_aliases: dict[str, list[str]] | None
             ) -> tuple[list[Entity], dict[Spelling, int]]:
    idx = _index(extra_aliases)
    ordered, distinct = _in_order(mentions)
    # An archive repeats the same few spellings thousands of times: key each spelling (kind, norm,
    # text) once. A spelling is known by the position of its first mention, so each mention only
    # costs a lookup (no tuple of it is kept) and a group's spellings keep the order of mentions.
    first: dict[tuple[str, str, str], int] = {}
    spelling_of = list(map(first.setdefault, map(_SPELLING, ordered), numbers()))
    counts = Counter(spelling_of)
    by_key: dict[tuple[str, str], _Group] = {}
    group_of: list[_Group] = []  # the group of each spelling, in the order of ``first``
    for spelling, at in first.items():
        gk = _group_key(*spelling, idx)
        g = by_key.get(gk)
        if g is None:
            g = by_key[gk] = _Group(gk)
        group_of.append(g)
        g.spellings[spelling] = counts[at]
        if has_cyrillic(spelling[2]):
            g.cyr = True
        else:
            g.latin = True
    groups = [by_key[k] for k in sorted(by_key)]
    for n, g in enumerate(groups):
        g.index = n
    uf = _UnionFind(len(groups))
    alias_of = uf.alias_of
    for n, g in enumerate(groups):
        if g.key[0] == "A":
            alias_of[n] = g.key[1]

    names = [n for n, g in enumerate(groups) if g.key[0] == "K"]
    # Readings of Latin names are only compared with Russian names: none needed without any.
    any_cyrillic = any(g.cyr for g in groups)
    russian = {n: _russian_keys(groups[n]) for n in names if groups[n].cyr}
    lasts: set[str] | None = None
    if any_cyrillic:
        # The last words of every key a reading could be compared with: the Russian groups' own,
        # the other readings of their words, the Russian aliases'.
        lasts = {last_word(groups[n].key[1]) for n in russian}
        lasts.update(map(last_word, chain.from_iterable(russian.values())))
        lasts.update(map(last_word, _reading_aliases(idx)[1]))
    for n in names:
        groups[n].forms = _forms(groups[n], lasts, russian.get(n, ()))

    # 1a. Fuzzy match of distinct phonetic keys, blocked by first letter and sorted by length
    #     so each key is compared only with keys short enough to reach the threshold.
    blocks: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for n in names:
        key = groups[n].key[1]
        blocks[key[:1]].append((len(key), key, n))
    # Alias keys by first letter, sorted by length: (lengths, keys, names).
    alias_blocks: dict[str, tuple[list[int], list[str], list[str]]] = defaultdict(lambda: ([], [], []))
    for length, ak, name in sorted((len(ak), ak, name) for ak, name in _key_aliases(idx).items() if len(ak) >= 5):
        block = alias_blocks[ak[:1]]
        block[0].append(length)
        block[1].append(ak)
        block[2].append(name)
    alias_group = {g.key[1]: n for n, g in enumerate(groups) if g.key[0] == "A"}
    for letter, items in sorted(blocks.items()):
        items.sort()
        lengths = [it[0] for it in items]
        keys = [it[1] for it in items]
        for x, (lx, kx, nx) in enumerate(items):
            # The keys after x as long as could_match allows (the lengths are sorted), from the first
            # longer one if no other key of this length can match.
            start = x + 1 if same_length_could_match(lx) else bisect.bisect_right(lengths, lx, x + 1)
            stop = bisect.bisect_right(lengths, longest_match(lx), start)
            if stop > start:
                for y in matching_keys(kx, keys[start:stop]):
                    uf.join(nx, items[start + y][2])
            # A misspelt or unlisted form of a known name links only if that name is in the story.
            alengths, akeys, anames = alias_blocks[letter]
            lo = bisect.bisect_left(alengths, _shortest_match(lx))
            hi = bisect.bisect_right(alengths, longest_match(lx), lo)
            if hi == lo:
                continue
            hits = {anames[lo + y] for y in matching_keys(kx, akeys[lo:hi])}
            if len(hits) == 1 and (name := hits.pop()) in alias_group:
                uf.join(nx, alias_group[name])

    # 1b. Other readings of Russian words, matched exactly: Шольца read as a masculine name is Шольц.
    by_form: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for n in names:
        for role, k in groups[n].forms:
            by_form[k].append((n, role))
    cross: list[tuple[int, int]] = []  # (Latin group, Russian group) linked by a reading of the Latin
    for k in sorted(k for k, entries in by_form.items() if len(entries) > 1):
        entries = by_form[k]
        for x, (na, role_a) in enumerate(entries):
            for nb, role_b in entries[x + 1:]:
                if na == nb or (role_a == "P" and role_b == "P") or not _compatible(groups[na], role_a, groups[nb], role_b):
                    continue
                if role_a == "L" or role_b == "L":
                    cross.append((na, nb) if role_a == "L" else (nb, na))
                else:
                    uf.join(na, nb)

    # 1c. Readings of Latin names, matched exactly: Trump read as English is Трамп, Guterres read
    #     as Portuguese is Гутерриш. A guessed pronunciation is weaker evidence than a spelling, so
    #     across a whole archive it links only one Latin name to one Russian name, and never a
    #     name that already has a spelling of its own in the other script (Бигок is Bigok, so a
    #     Begok read as English does not take it).
    latin_root = {uf.find(n) for n in names if groups[n].latin}
    anchored = {uf.find(n) for n in names if groups[n].cyr and uf.find(n) in latin_root}
    to_cyr: dict[int, set[int]] = defaultdict(set)
    to_lat: dict[int, set[int]] = defaultdict(set)
    for na, nb in cross:
        ra, rb = uf.find(na), uf.find(nb)
        if ra != rb and ra not in anchored and rb not in anchored:
            to_cyr[ra].add(rb)
            to_lat[rb].add(ra)
    for ra, rbs in sorted(to_cyr.items()):
        if len(rbs) == 1 and len(to_lat[rb := next(iter(rbs))]) == 1:
            uf.join(ra, rb)
    readings, cyr_keys = _reading_aliases(idx)
    for n in names:
        g = groups[n]
        hits = set()
        for role, k in g.forms:
            got = cyr_keys.get(k) if role == "L" else readings.get(k) if g.cyr else None
            if got:
                hits |= got
        if len(hits) == 1 and (name := hits.pop()) in alias_group:
            uf.join(n, alias_group[name])

    # 2. Shorter forms of a person's name: Ramon Velasquez ⊂ Ramón Celestino Velásquez. Only
    #    names of people: a place or organisation with an extra word is another one
    #    (Gazprom Neft is not Gazprom, South Sudan is not Sudan).
    votes = _Votes(uf, groups)
    votes.regroup()

    multi = [n for n in names if len(groups[n].words) > 1]
    by_last: dict[str, list[tuple[int, str, list[str]]]] = defaultdict(list)
    for n in multi:
        if votes.kind_of(n) not in ("person", "other"):
            continue
        for role, k in groups[n].forms:
            words = k.split()
            if len(words) > 1:
                by_last[words[-1]].append((n, role, words))
    for last in sorted(last for last, named in by_last.items() if len(named) > 1):
        named = by_last[last]
        if len({len(wa) for _, _, wa in named}) == 1:
            continue  # only names of different lengths are compared
        for x, (na, role_a, wa) in enumerate(named):
            for nb, role_b, wb in named[x + 1:]:
                if na == nb or len(wa) == len(wb) or not _compatible(groups[na], role_a, groups[nb], role_b):
                    continue
                a, b = sorted((wa, wb), key=len)
                if keys_match(a[0], b[0]) and _is_subsequence(a[1:-1], b[1:-1]):
                    uf.join(na, nb)

    # 3. The last words of a person's name link to the unique longer person they end:
    #    Lula da Silva ⊂ Luiz Inácio Lula da Silva, bin Laden ⊂ Osama bin Laden.
    votes.regroup()
    person_forms: dict[str, list[tuple[int, str, list[str]]]] = defaultdict(list)
    for n in multi:
        if votes.kind_of(n) == "person":
            for role, k in groups[n].forms:
                words = k.split()
                person_forms[words[-1]].append((n, role, words))
    for n in multi:
        g = groups[n]
        if votes.kind_of(n) not in ("person", "other"):
            continue
        roots = set()
        for role, k in g.forms:
            words = k.split()
            for nb, role_b, wb in person_forms.get(words[-1], ()):
                if len(wb) <= len(words) or uf.find(nb) == uf.find(n) or not _compatible(g, role, groups[nb], role_b):
                    continue
                tail = wb[-len(words):]
                exact = role == "P" and role_b == "P"
                if tail == words or (exact and all(keys_match(a, b) for a, b in zip(words, tail))):
                    roots.add(uf.find(nb))
        if len(roots) == 1:
            uf.join(n, roots.pop())

    # 4. A surname alone links to the unique multi-word person with that last word.
    votes.regroup()
    person_lasts: dict[str, list[tuple[int, str]]] = defaultdict(list)  # last word -> (group, role)
    fuzzy_lasts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))  # P keys only
    multi_roots = set()
    for n in multi:
        multi_roots.add(uf.find(n))
        if votes.kind_of(n) == "person":
            for role, k in groups[n].forms:
                last = k.split()[-1]
                person_lasts[last].append((n, role))
                if role == "P":
                    fuzzy_lasts[last[:1]][last].append(n)
    fuzzy_keys = {letter: list(lasts) for letter, lasts in fuzzy_lasts.items()}
    for n in names:
        g = groups[n]
        if len(g.words) != 1 or uf.find(n) in multi_roots:
            continue
        if any(kind not in ("person", "other") for kind, _, _ in g.spellings):
            continue
        roots = set()
        for role, word in g.forms:
            for nb, role_b in person_lasts.get(word, ()):
                if _compatible(g, role, groups[nb], role_b):
                    roots.add(uf.find(nb))
            if role == "P" and (near := fuzzy_keys.get(word[:1])):
                for y in matching_keys(word, near):
                    if near[y] != word:
                        roots.update(uf.find(nb) for nb in fuzzy_lasts[word[:1]][near[y]])
        if len(roots) == 1:
            uf.join(n, roots.pop())

    # 5. Build entities.
    members: dict[int, list[int]] = defaultdict(list)
    root_of = uf.roots()
    for n, root in enumerate(root_of):
        members[root].append(n)
    # Each entity's mentions in sorted order: deal the sorted mentions out to their entities' lists
    # (list.append mapped over them, so the loop runs in C).
    entity_mentions: list[list[Mention]] = [[] for _ in members]
    mentions_of = {n: ms for ms, ns in zip(entity_mentions, members.values()) for n in ns}  # by group
    list_of = dict(zip(first.values(), [mentions_of[g.index] for g in group_of]))  # by spelling
    deque(map(list.append, map(list_of.__getitem__, spelling_of), ordered), maxlen=0)
    built = []
    for ms, (root, ns) in zip(entity_mentions, members.items()):
        if len(ns) == 1:
            spellings = groups[ns[0]].spellings
        else:
            if not distinct:
                # Mentions at one place (source, start, stop) keep the order of their groups, then
                # their sorted order; elsewhere the sorted order is the order by place.
                group_at = {spelling: n for n in ns for spelling in groups[n].spellings}
                ms.sort(key=lambda m: (m.source, m.start, m.stop, group_at[m.kind, m.norm, m.text]))
            spellings = {}
            for n in ns:
                for spelling, count in groups[n].spellings.items():
                    spellings[spelling] = spellings.get(spelling, 0) + count
        alias = alias_of.get(root)
        dkeys = sorted({groups[n].key[1] for n in ns if groups[n].key[0] == "D"})
        if alias is not None:
            kind = idx.kind(alias)
            if kind == "other":
                kind = _vote_counts(_kind_counts(spellings))
        elif dkeys:
            kind = "equipment"
        else:
            kind = _vote_counts(_kind_counts(spellings))
        name = _name_for(ms, spellings, alias, bool(dkeys), kind)
        built.append((name, kind, ms, dkeys[0] if dkeys and len(dkeys) == 1 else None, root))
    built.sort(key=lambda b: (b[0], b[1], b[2][0].source, b[2][0].start))
    ids = {i: f"E{i + 1}" for i in range(len(built))}
    by_dkey = {b[3]: ids[i] for i, b in enumerate(built) if b[3] is not None}
    out = []
    for i, (name, kind, ms, dkey, _) in enumerate(built):
        variant_of = None
        if dkey is not None:
            fam = _FAMILY.match(dkey)
            if fam and fam.group() != dkey:
                variant_of = by_dkey.get(fam.group())
        out.append(Entity(ids[i], name, kind, tuple(ms), variant_of))
    position = {b[4]: i for i, b in enumerate(built)}  # root group -> entity
    return out, {spelling: position[root_of[g.index]] for spelling, g in zip(first, group_of)}


def same_entity(a: str, lang_a: str, b: str, lang_b: str) -> bool:
    """Whether two surface forms (each in its language) would be clustered into one entity."""
    from factcheck.names.recognize import find_mentions

    picked = []
    for text, lang, src in ((a, lang_a, "a"), (b, lang_b, "b")):
        ms = find_mentions(text, lang, src)
        if not ms:
            return False
        picked.append(max(ms, key=lambda m: (m.stop - m.start, -m.start)))
    ents = cluster(picked)
    return len(ents) == 1
