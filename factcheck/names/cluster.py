"""Group mentions from all sources into one entity per real-world thing."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from factcheck.model import Entity, Mention
from factcheck.names.match import could_match, keys_match, phonetic_key
from factcheck.names.recognize import (
    DESIGNATOR,
    AliasEntry,
    AliasIndex,
    build_index,
    bundled_aliases,
    bundled_index,
    designator_key,
)
from factcheck.names.translit import clean, has_cyrillic, to_latin

_KIND_ORDER = ("person", "place", "org", "media", "equipment", "title", "other")
_FAMILY = re.compile(r"[A-Z]+\d+")


@dataclass
class _Group:
    """Mentions sharing one exact key: an alias, a designator or a phonetic key."""

    key: tuple[str, str]  # ("A", canonical) | ("D", designator key) | ("K", phonetic key) | ("T", title key)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return self.key[1].split()


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _index(extra_aliases: dict[str, list[str]] | None) -> AliasIndex:
    if not extra_aliases:
        return bundled_index()
    extra = [AliasEntry(name, "other", tuple(al)) for name, al in sorted(extra_aliases.items())]
    return build_index([*bundled_aliases(), *extra])


def _group_key(m: Mention, idx: AliasIndex) -> tuple[str, str]:
    if m.kind == "equipment":
        d = DESIGNATOR.search(m.text)
        return ("D", designator_key(d.group() if d else m.norm))
    name = idx.lookup(m.norm, m.text)
    if name is not None:
        return ("A", name)
    norm = m.norm[4:] if m.norm.startswith("the ") else m.norm
    key = phonetic_key(norm)
    if m.kind == "title":
        return ("T", key)
    # The phonetic key is script-independent, so an inflection-free alias may still hit.
    name = _key_aliases(idx).get(key)
    if name is not None and len(key) >= 4:
        return ("A", name)
    return ("K", key)


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


def _vote_kind(ms: Sequence[Mention]) -> str:
    counts = Counter(m.kind for m in ms if m.kind != "other")
    if not counts:
        return "other"
    return min(counts, key=lambda k: (-counts[k], _KIND_ORDER.index(k)))


def _is_latin(text: str) -> bool:
    return not has_cyrillic(text) and any(c.isalpha() for c in text)


def _accents(text: str) -> int:
    return sum(1 for c in text if c.isalpha() and not c.isascii())


def _display(text: str) -> str:
    return " ".join(clean(text).split())


def _name_for(ms: Sequence[Mention], alias: str | None, designator: bool, kind: str) -> str:
    if alias is not None:
        return alias
    if kind == "title":
        titles = Counter(_display(m.text) for m in ms)
        latin = [f for f in titles if _is_latin(f)]
        if latin:
            return min(latin, key=lambda f: (-titles[f], f))
        norms = Counter(m.norm for m in ms)
        return min(norms, key=lambda n: (-norms[n], n))
    if designator:
        forms: Counter[str] = Counter()
        for m in ms:
            d = DESIGNATOR.search(m.text)
            forms[_display(d.group() if d else m.text)] += 1
        latin = [f for f in forms if _is_latin(f)]
        if not latin:
            # A Russian-only designator is shown as its Latin twin (Ил-76ТД -> Il-76TD).
            latin_forms: Counter[str] = Counter()
            for f, n in forms.items():
                latin_forms[to_latin(f)] += n
            forms, latin = latin_forms, list(latin_forms)
        return min(latin, key=lambda f: (-forms[f], f.count(" "), f))
    surfaces = Counter(_display(m.text) for m in ms)
    latin = [f for f in surfaces if _is_latin(f)]
    if latin:
        return min(latin, key=lambda f: (-len(f.split()), -_accents(f), -surfaces[f], -len(f), f))
    # Russian only: the nominative, i.e. the lemma, in title case.
    norms = Counter(m.norm for m in ms)
    best = min(norms, key=lambda n: (-len(n.split()), -norms[n], n))
    for f in surfaces:
        if f.lower() == best:
            return f
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in best.split())


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(keys_match(w, x) for x in it) for w in short)


def cluster(mentions: Sequence[Mention], extra_aliases: dict[str, list[str]] | None = None) -> list[Entity]:
    """Group mentions into entities; deterministic ids E1, E2... in order of canonical name."""
    idx = _index(extra_aliases)
    by_key: dict[tuple[str, str], _Group] = {}
    for m in sorted(mentions, key=lambda m: (m.source, m.start, m.stop, m.text)):
        k = _group_key(m, idx)
        by_key.setdefault(k, _Group(k)).mentions.append(m)
    groups = [by_key[k] for k in sorted(by_key)]
    uf = _UnionFind(len(groups))
    alias_of: dict[int, str] = {}  # root -> canonical alias, so two aliases never merge

    def join(a: int, b: int) -> bool:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            return True
        if ra in alias_of and rb in alias_of and alias_of[ra] != alias_of[rb]:
            return False
        name = alias_of.get(ra) or alias_of.get(rb)
        uf.union(ra, rb)
        if name is not None:
            alias_of[uf.find(ra)] = name
        return True

    for n, g in enumerate(groups):
        if g.key[0] == "A":
            alias_of[n] = g.key[1]

    # 1. Fuzzy match of distinct phonetic keys, blocked by first letter and sorted by length
    #    so each key is compared only with keys short enough to reach the threshold.
    names = [n for n, g in enumerate(groups) if g.key[0] == "K"]
    blocks: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for n in names:
        key = groups[n].key[1]
        blocks[key[:1]].append((len(key), key, n))
    alias_blocks: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ak, name in sorted(_key_aliases(idx).items()):
        if len(ak) >= 5:
            alias_blocks[ak[:1]].append((ak, name))
    alias_group = {g.key[1]: n for n, g in enumerate(groups) if g.key[0] == "A"}
    for letter, items in sorted(blocks.items()):
        items.sort()
        for x, (lx, kx, nx) in enumerate(items):
            for ly, ky, ny in items[x + 1:]:
                if not could_match(lx, ly):
                    break
                if keys_match(kx, ky):
                    join(nx, ny)
            # A misspelt or unlisted form of a known name links only if that name is in the story.
            hits = {name for ak, name in alias_blocks[letter] if could_match(lx, len(ak)) and keys_match(kx, ak)}
            if len(hits) == 1 and (name := hits.pop()) in alias_group:
                join(nx, alias_group[name])

    # 2. Shorter forms of a multi-word name: Ramon Velasquez ⊂ Ramón Celestino Velásquez.
    multi = [n for n in names if len(groups[n].words) > 1]
    by_last: dict[str, list[int]] = defaultdict(list)
    for n in multi:
        by_last[groups[n].words[-1]].append(n)
    for last, ns in sorted(by_last.items()):
        for x in range(len(ns)):
            for y in range(x + 1, len(ns)):
                a, b = sorted((groups[ns[x]].words, groups[ns[y]].words), key=len)
                if len(a) < len(b) and keys_match(a[0], b[0]) and _is_subsequence(a[1:-1], b[1:-1]):
                    join(ns[x], ns[y])

    # 3. A surname alone links to the unique multi-word person with that last word.
    root_mentions: dict[int, list[Mention]] = defaultdict(list)
    for n, g in enumerate(groups):
        root_mentions[uf.find(n)].extend(g.mentions)
    person_roots: dict[str, set[int]] = defaultdict(set)
    kinds: dict[int, str] = {}
    for n in multi:
        r = uf.find(n)
        if r not in kinds:
            kinds[r] = _vote_kind(root_mentions[r])
        if kinds[r] == "person":
            person_roots[groups[n].words[-1]].add(r)
    lasts = sorted(person_roots)
    for n in names:
        g = groups[n]
        if len(g.words) != 1 or uf.find(n) in kinds:
            continue
        if any(m.kind not in ("person", "other") for m in g.mentions):
            continue
        word = g.words[0]
        roots = {uf.find(r) for last in lasts if last[:1] == word[:1] and keys_match(last, word)
                 for r in person_roots[last]}
        if len(roots) == 1:
            join(n, roots.pop())

    # 4. Build entities.
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(groups)):
        members[uf.find(n)].append(n)
    built = []
    for root, ns in members.items():
        ms = sorted((m for n in ns for m in groups[n].mentions), key=lambda m: (m.source, m.start, m.stop))
        alias = alias_of.get(root)
        dkeys = sorted({groups[n].key[1] for n in ns if groups[n].key[0] == "D"})
        if alias is not None:
            kind = idx.kind(alias)
            if kind == "other":
                kind = _vote_kind(ms)
        elif dkeys:
            kind = "equipment"
        else:
            kind = _vote_kind(ms)
        name = _name_for(ms, alias, bool(dkeys), kind)
        built.append((name, kind, ms, dkeys[0] if dkeys and len(dkeys) == 1 else None))
    built.sort(key=lambda b: (b[0], b[1], b[2][0].source, b[2][0].start))
    ids = {i: f"E{i + 1}" for i in range(len(built))}
    by_dkey = {b[3]: ids[i] for i, b in enumerate(built) if b[3] is not None}
    out = []
    for i, (name, kind, ms, dkey) in enumerate(built):
        variant_of = None
        if dkey is not None:
            fam = _FAMILY.match(dkey)
            if fam and fam.group() != dkey:
                variant_of = by_dkey.get(fam.group())
        out.append(Entity(ids[i], name, kind, tuple(ms), variant_of))
    return out


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
