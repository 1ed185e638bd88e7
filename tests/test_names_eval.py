"""Precision and recall of the cross-language name matcher on a labelled set of name pairs.

The pairs are in tests/data/name_pairs.tsv (a, lang_a, b, lang_b, same). The matcher must never
merge two different things (precision 1.0) and must find at least 95% of the same-entity pairs,
the aim of issue 3 (see docs/names.md for the measured figures and the remaining misses).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from factcheck.names import same_entity

PAIRS = Path(__file__).resolve().parent / "data" / "name_pairs.tsv"
HEADER = ["a", "lang_a", "b", "lang_b", "same"]
# Issue 3 asks for recall >= 0.95. Measured: 0.956 (259/271) on 436 pairs; the floor is that figure
# rounded down to 2 decimals, which is also the aim. Raise it as the matcher improves.
MIN_RECALL = 0.95


def load_pairs(path: Path = PAIRS) -> list[tuple[str, str, str, str, bool]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == HEADER
    return [(r[0], r[1], r[2], r[3], r[4] == "1") for r in rows[1:]]


@cache
def evaluate() -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]], float, float]:
    """(false merges, misses, precision, recall) of same_entity over the labelled pairs."""
    tp = 0
    false_merges, misses = [], []
    for a, la, b, lb, same in load_pairs():
        got = same_entity(a, la, b, lb)
        if got and same:
            tp += 1
        elif got:
            false_merges.append((a, la, b, lb))
        elif same:
            misses.append((a, la, b, lb))
    precision = tp / (tp + len(false_merges)) if tp + len(false_merges) else 1.0
    recall = tp / (tp + len(misses)) if tp + len(misses) else 1.0
    return false_merges, misses, precision, recall


def test_pairs_file_format() -> None:
    with open(PAIRS, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == HEADER
    seen: set[frozenset[tuple[str, str]]] = set()
    for n, r in enumerate(rows[1:], start=2):
        assert len(r) == 5, f"line {n}: {len(r)} columns"
        a, la, b, lb, same = r
        assert a.strip() == a and b.strip() == b and a and b, f"line {n}: empty or padded name"
        assert la in {"en", "ru"} and lb in {"en", "ru"}, f"line {n}: language"
        assert same in {"0", "1"}, f"line {n}: same={same!r}"
        key = frozenset({(a, la), (b, lb)})
        assert key not in seen, f"line {n}: duplicate pair {a!r} / {b!r}"
        seen.add(key)
    pairs = load_pairs()
    assert len(pairs) >= 430
    assert sum(not p[4] for p in pairs) >= 160
    langs = {tuple(sorted((p[1], p[3]))) for p in pairs}
    assert langs == {("en", "en"), ("en", "ru"), ("ru", "ru")}


def test_no_false_merge() -> None:
    false_merges, _, precision, _ = evaluate()
    assert not false_merges, f"false merges: {false_merges}"
    assert precision == 1.0


def test_recall() -> None:
    _, misses, _, recall = evaluate()
    assert recall >= MIN_RECALL, f"recall {recall:.3f} < {MIN_RECALL}; misses: {misses}"
