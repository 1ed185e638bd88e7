"""Story grouping with the pairs counted in C (factcheck.stories.group_stories) gives the stories
of the pair loop it replaced, kept here as the oracle."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import stories as stories_mod
from factcheck.model import Story
from factcheck.stories import Profile


def _old_group_stories(profiles: list[Profile], entity_names: dict[str, str]) -> tuple[list[Story], dict[str, str]]:
    """The pair loop before the postings were counted in C (the oracle)."""
    if not profiles:
        return [], {}
    n = len(profiles)
    df: Counter[str] = Counter()
    for p in profiles:
        df.update(set(p.names))
    cap = max(stories_mod.POSTING_CAP_MIN, n // 50)
    weight = {e: math.log(1 + n / d) for e, d in df.items()}
    # A name in one article cannot pair it with another: leaving it out of the weights keeps
    # an article full of local names from looking unlike the rest of its story.
    usable = {e for e, d in df.items() if 2 <= d <= cap}
    postings: dict[str, list[int]] = defaultdict(list)
    totals: list[float] = []
    for i, p in enumerate(profiles):
        mine = sorted(set(p.names) & usable)
        totals.append(sum(weight[e] for e in mine))
        for e in mine:
            postings[e].append(i)
    # Pair (i, j), i < j, keyed i * n + j -> [weight shared, names shared]; the weights of a pair
    # are added in the order of the names, so the sums do not depend on anything else.
    shared: dict[int, list[float]] = {}
    for e in sorted(postings):
        members = postings[e]
        w = weight[e]
        for x, i in enumerate(members):
            base = i * n
            for j in members[x + 1 :]:
                acc = shared.get(base + j)
                if acc is None:
                    shared[base + j] = [w, 1]
                else:
                    acc[0] += w
                    acc[1] += 1
    union = stories_mod._Union([p.source for p in profiles])
    # The stories are the connected pairs, whatever the order of the joins.
    for key, (w, count) in shared.items():
        i, j = divmod(key, n)
        a, b = profiles[i], profiles[j]
        if a.published and b.published and abs((a.published - b.published).days) > stories_mod.MAX_DAYS_APART:
            continue
        smaller = min(totals[i], totals[j])
        if smaller <= 0:
            continue
        few_names = min(len(a.names), len(b.names)) <= 2
        if w / smaller >= stories_mod.MIN_SCORE and (count >= 2 or few_names):
            union.join(a.source, b.source)
    members_of: dict[str, list[str]] = defaultdict(list)
    for p in profiles:
        members_of[union.find(p.source)].append(p.source)
    by_source = {p.source: p for p in profiles}
    key = stories_mod._source_key
    clusters = sorted(members_of.values(), key=lambda ms: (-len(ms), key(min(ms, key=key))))
    stories: list[Story] = []
    story_of: dict[str, str] = {}
    for k, ms in enumerate(clusters, 1):
        ms = sorted(ms, key=key)
        ident = f"T{k}"
        stories.append(Story(ident, stories_mod._story_name([by_source[s] for s in ms], entity_names, df), tuple(ms)))
        for s in ms:
            story_of[s] = ident
    return stories, story_of


_NAMES = [f"E{k}" for k in range(12)] + ["k:abcde", "v:count:37:", "d:2025-01-02"]


@st.composite
def _profiles(draw: st.DrawFn) -> list[Profile]:
    n = draw(st.integers(0, 40))
    out = []
    for i in range(n):
        names = draw(st.lists(st.sampled_from(_NAMES), max_size=6, unique=True))
        day = draw(st.none() | st.integers(0, 60))
        out.append(Profile(f"S{i + 1}", None if day is None else dt.date(2025, 1, 1) + dt.timedelta(days=day),
                           tuple(sorted(names))))
    return out


@settings(max_examples=80, deadline=None)
@given(_profiles(), st.integers(1, 45))
def test_same_stories_as_the_pair_loop(profiles: list[Profile], cap: int) -> None:
    saved = stories_mod.POSTING_CAP_MIN
    stories_mod.POSTING_CAP_MIN = cap  # small caps leave frequent names out, as in a large archive
    try:
        names = {e: e.lower() for e in _NAMES}
        assert stories_mod.group_stories(profiles, names) == _old_group_stories(profiles, names)
    finally:
        stories_mod.POSTING_CAP_MIN = saved


def test_same_stories_on_a_story_of_few_names() -> None:
    """An article with two names or fewer pairs on one shared name."""
    day = dt.date(2025, 3, 1)
    profiles = [Profile("S1", day, ("E1",)), Profile("S2", day, ("E1", "E2", "E3")),
                Profile("S3", day, ("E2", "E3", "E4")), Profile("S4", day, ("E4", "E5", "E6")),
                Profile("S5", day + dt.timedelta(days=40), ("E1", "E2", "E3"))]
    got = stories_mod.group_stories(profiles, {})
    assert got == _old_group_stories(profiles, {})
    assert got[1]["S1"] == got[1]["S2"] == got[1]["S3"] != got[1]["S5"]
