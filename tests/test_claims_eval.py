"""Precision and recall of number and date extraction on a hand-labelled set of news sentences.

The data is tests/data/claims_labelled.tsv; the matching rules are in benchmarks/claims_eval.py
(which also prints the misses and false hits: ``.venv/bin/python benchmarks/claims_eval.py``).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("claims_eval", ROOT / "benchmarks" / "claims_eval.py")
assert _spec is not None and _spec.loader is not None
ev = importlib.util.module_from_spec(_spec)
sys.modules["claims_eval"] = ev
_spec.loader.exec_module(ev)

MIN_PRECISION = 0.95
MIN_RECALL = 0.90


@pytest.fixture(scope="module")
def rows() -> list:
    return ev.load(ev.TSV)


@pytest.fixture(scope="module")
def report(rows: list):
    return ev.evaluate(rows)


# ------------------------------------------------------------------------------- format


def test_tsv_format(rows: list) -> None:
    assert len(rows) >= 120
    langs = {r.lang for r in rows}
    assert langs == {"en", "ru"}
    assert sum(1 for r in rows if not r.gold) >= 25, "at least 25 trap sentences with empty gold"
    assert sum(1 for r in rows if any(g.kind == "q" for g in r.gold)) >= 40
    assert sum(1 for r in rows if any(g.kind == "d" for g in r.gold)) >= 30
    for r in rows:
        for g in r.gold:
            assert r.sentence[g.start : g.stop] == g.text
            if g.kind == "d":
                assert isinstance(g.low, dt.date) and isinstance(g.high, dt.date)


def test_sentences_are_unique(rows: list) -> None:
    seen = [r.sentence for r in rows]
    assert len(seen) == len(set(seen))


def test_parse_gold_item() -> None:
    s = "More than 300 died on Tuesday, and 2.5% more than 300 fled."
    items = ev.parse_gold(s, "q:More than 300=300..inf;d:on Tuesday=2026-03-10..2026-03-10;q:2.5%=2.5..2.5[%]")
    assert [(i.kind, i.text, i.low, i.high, i.unit) for i in items] == [
        ("q", "More than 300", 300.0, None, None),
        ("d", "on Tuesday", dt.date(2026, 3, 10), dt.date(2026, 3, 10), None),
        ("q", "2.5%", 2.5, 2.5, "%"),
    ]
    assert items[0].start == 0 and items[1].start == s.index("on Tuesday")
    assert ev.parse_gold("No numbers.", "") == ()


@pytest.mark.parametrize(
    "gold",
    [
        "x:300=300..300",  # unknown kind
        "q:300=300",  # no range
        "q:400=400..400",  # text not in sentence
        "q:300=400..300",  # low > high
        "d:300=2026-13-01..2026-13-01",  # bad date
        "q:300=abc..300",  # bad number
    ],
)
def test_parse_gold_rejects(gold: str) -> None:
    with pytest.raises(ev.FormatError):
        ev.parse_gold("About 300 people.", gold)


def test_matching_needs_overlap_and_value() -> None:
    g = ev.Item("q", 0, 9, "about 300", 270.0, 330.0)
    assert ev.match((g,), [ev.Item("q", 6, 9, "300", 270.0, 330.0)])[0]
    assert not ev.match((g,), [ev.Item("q", 6, 9, "300", 300.0, 300.0)])[0]  # value differs
    assert not ev.match((g,), [ev.Item("q", 20, 23, "300", 270.0, 330.0)])[0]  # no overlap
    assert not ev.match((g,), [ev.Item("q", 6, 9, "300", 270.0, 330.0, "km")])[0]  # unit differs


# ------------------------------------------------------------------------------- figures


@pytest.mark.parametrize("kind", ["q", "d"])
def test_precision(report, kind: str) -> None:
    s = report.scores[(kind, "all")]
    assert s.precision >= MIN_PRECISION, f"{ev.KIND_NAMES[kind]} precision {s.precision:.3f}"


@pytest.mark.parametrize("kind", ["q", "d"])
def test_recall(report, kind: str) -> None:
    s = report.scores[(kind, "all")]
    assert s.recall >= MIN_RECALL, f"{ev.KIND_NAMES[kind]} recall {s.recall:.3f}"


def test_traps_give_almost_nothing(rows: list) -> None:
    """Sentences with empty gold: at most a handful of false hits over all of them."""
    traps = [r for r in rows if not r.gold]
    hits = [(r.sentence, f.text) for r in traps for f in ev.found_items(r)]
    assert len(hits) <= max(1, len(traps) // 10), hits
