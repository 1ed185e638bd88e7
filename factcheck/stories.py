"""Stories: articles of an archive that report the same events.

Two articles belong to one story when the names they share carry most of their weight
(names frequent across the archive weigh little) and their dates are close. Candidate pairs
come from an inverted index of names, and a name found in very many articles is not used to
pair, so the work stays linear in the size of the archive (no all-pairs comparison).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from factcheck.model import Claim, Story
from factcheck.names.translit import clean, strip_accents, to_latin

# Kinds of names that identify a story. Media are cited by every story; titles are generic.
STORY_KINDS = frozenset(("person", "place", "org", "equipment", "other"))
MIN_SCORE = 0.34  # share of the smaller article's name weight that both must share
MAX_DAYS_APART = 21
POSTING_CAP_MIN = 40  # a name in more articles than max(this, 2% of them) does not pair articles


@dataclass(frozen=True)
class Profile:
    """What story grouping needs to know about one article."""

    source: str
    published: dt.date | None
    names: tuple[str, ...]  # entity ids, each once


_WORD = re.compile(r"[^\W\d_]{4,}")
# Spelling differences across languages that do not change a name (Quiñones/Киньонес, Chávez/Чавес).
_FOLD = (("qu", "k"), ("ck", "k"), ("ch", "k"), ("kh", "k"), ("sh", "s"), ("zh", "s"), ("ph", "f"), ("c", "k"),
         ("x", "ks"), ("w", "v"), ("y", "i"), ("j", "i"), ("z", "s"), ("h", ""), ("'", ""))
KEY_LETTERS = 5


@lru_cache(maxsize=1 << 16)
def name_keys(text: str) -> frozenset[str]:
    """Loose spelling keys of a name's words (first letters after folding), for story pairing only."""
    out = set()
    for word in _WORD.findall(text):
        latin = to_latin(strip_accents(clean(word))).lower()
        for a, b in _FOLD:
            latin = latin.replace(a, b)
        latin = re.sub(r"(.)\1+", r"\1", latin)
        if len(latin) >= KEY_LETTERS:
            out.add("k:" + latin[:KEY_LETTERS])
    return frozenset(out)


def name_features(named: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The story features of an article's names, given as (entity id, text as written) pairs:
    the ids and the spelling keys of the texts."""
    out: set[str] = set()
    for ident, text in named:
        out.add(ident)
        out.update(name_keys(text))
    return frozenset(out)


def value_key(claim: Claim) -> str | None:
    """A precise value shared by articles of one story (16.5%, magnitude 6.8, 2025-10-26), or None."""
    v = claim.value
    if v.low is None or v.low != v.high or v.qualifier not in ("exact", "approx"):
        return None
    if v.kind == "date":
        return f"d:{v.low}"
    if v.kind != "quantity" or not isinstance(v.low, float | int):
        return None
    x = float(v.low)
    # Small or round numbers (two, 10, 100) are said by every story; 16.5 or 37 are not.
    if x.is_integer() and (abs(x) < 10 or x % 10 == 0):
        return None
    return f"v:{claim.attribute}:{x:g}:{v.unit or ''}"


class _Union:
    def __init__(self, items: list[str]) -> None:
        self.parent = {x: x for x in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller id wins, so the result does not depend on the order of joins.
            lo, hi = sorted((ra, rb), key=_source_key)
            self.parent[hi] = lo


def _source_key(ident: str) -> tuple[int, str]:
    return (int(ident[1:]) if ident[1:].isdigit() else 0, ident)


def group_stories(profiles: list[Profile], entity_names: dict[str, str]) -> tuple[list[Story], dict[str, str]]:
    """Stories (largest first) and the story id of every source."""
    if not profiles:
        return [], {}
    n = len(profiles)
    df: Counter[str] = Counter()
    for p in profiles:
        df.update(set(p.names))
    cap = max(POSTING_CAP_MIN, n // 50)
    weight = {e: math.log(1 + n / d) for e, d in df.items()}
    # A name in one article cannot pair it with another: leaving it out of the weights keeps
    # an article full of local names from looking unlike the rest of its story.
    usable = {e for e, d in df.items() if 2 <= d <= cap}
    postings: dict[str, list[int]] = defaultdict(list)
    totals: list[float] = []
    usable_of: list[list[str]] = []
    for i, p in enumerate(profiles):
        mine = sorted(usable.intersection(p.names))
        usable_of.append(mine)
        totals.append(sum([weight[e] for e in mine]))
        for e in mine:
            postings[e].append(i)
    few_names = {i for i, p in enumerate(profiles) if len(p.names) <= 2}
    union = _Union([p.source for p in profiles])
    # The stories are the connected pairs, whatever the order of the joins. The articles an article
    # shares names with, and how many, are counted in C from the postings of its names: a pair
    # sharing one name only (most pairs) needs no Python step unless one of them has few names.
    for i, mine in enumerate(usable_of):
        shared = Counter(chain.from_iterable([postings[e] for e in mine]))
        if i in few_names:
            others = [j for j in shared if j > i]
        else:
            others = [j for j, count in shared.items() if j > i and (count >= 2 or j in few_names)]
        a = profiles[i]
        for j in others:
            b = profiles[j]
            if a.published and b.published and abs((a.published - b.published).days) > MAX_DAYS_APART:
                continue
            smaller = min(totals[i], totals[j])
            if smaller <= 0 or union.find(a.source) == union.find(b.source):
                continue
            # The weights of the shared names added in the order of the names, as the totals are:
            # the sums do not depend on anything else.
            theirs = set(usable_of[j])
            if sum([weight[e] for e in mine if e in theirs]) / smaller >= MIN_SCORE:
                union.join(a.source, b.source)
    members_of: dict[str, list[str]] = defaultdict(list)
    for p in profiles:
        members_of[union.find(p.source)].append(p.source)
    by_source = {p.source: p for p in profiles}
    clusters = sorted(members_of.values(), key=lambda ms: (-len(ms), _source_key(min(ms, key=_source_key))))
    stories: list[Story] = []
    story_of: dict[str, str] = {}
    for k, ms in enumerate(clusters, 1):
        ms = sorted(ms, key=_source_key)
        ident = f"T{k}"
        stories.append(Story(ident, _story_name([by_source[s] for s in ms], entity_names, df), tuple(ms)))
        for s in ms:
            story_of[s] = ident
    return stories, story_of


def _story_name(members: list[Profile], entity_names: dict[str, str], df: Counter[str]) -> str:
    """The names most of the story's articles share, rarest in the archive first among equals."""
    counts: Counter[str] = Counter()
    for p in members:
        counts.update(set(p.names))
    # Spelling keys and values pair articles but do not name a story.
    ranked = sorted((e for e in counts if e[:2] not in ("k:", "v:", "d:")),
                    key=lambda e: (-counts[e], df[e], entity_names.get(e, e)))
    names = [entity_names.get(e, e) for e in ranked[:3]]
    return " · ".join(names) if names else "(no names)"
