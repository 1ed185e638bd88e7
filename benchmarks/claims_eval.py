"""Precision and recall of number and date extraction on tests/data/claims_labelled.tsv.

    .venv/bin/python benchmarks/claims_eval.py [--tsv PATH] [--quiet]

The TSV has a header and the columns ``lang, published, sentence, gold``. ``gold`` is a
``;``-separated list of ``kind:text_as_written=low..high[unit]`` items (kind ``q`` = quantity,
``d`` = date; ``inf`` is an open upper bound; dates are ISO days; the ``[unit]`` is left out
when there is none). An empty gold means the sentence must give nothing.

What is measured, per sentence:

* quantities: ``find_quantities(sentence, lang)`` minus any quantity that overlaps a date
  mention, which is what ``factcheck.claims.extract`` does ("two days ago" is a date, not a
  duration of two days);
* dates: ``find_dates(sentence, lang)`` mentions of kind ``date`` resolved with
  ``resolve(m, published, previous=None)``; times of day ("10:30", "9 p.m.") are not dates and
  are left out on both sides.

A found item matches a gold item of the same kind when their spans overlap and their values are
equal (bounds within 1e-6 relative, same unit); each gold item matches at most one found item.
Precision = matched found / all found, recall = matched gold / all gold.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from factcheck.claims.dates import find_dates, resolve  # noqa: E402
from factcheck.claims.numbers import find_quantities  # noqa: E402

TSV = ROOT / "tests" / "data" / "claims_labelled.tsv"
KINDS = ("q", "d")
KIND_NAMES = {"q": "numbers", "d": "dates"}


@dataclass(frozen=True)
class Item:
    """One gold or found value: kind, span in the sentence, text and value."""

    kind: str  # "q" | "d"
    start: int
    stop: int
    text: str
    low: float | dt.date | None
    high: float | dt.date | None
    unit: str | None = None

    def show(self) -> str:
        def b(v: object) -> str:
            if v is None:
                return "inf"
            if isinstance(v, float):
                return f"{v:g}"
            return str(v)

        unit = f"[{self.unit}]" if self.unit else ""
        return f"{self.kind}:{self.text}={b(self.low)}..{b(self.high)}{unit}"


@dataclass(frozen=True)
class Row:
    line: int
    lang: str
    published: dt.date
    sentence: str
    gold: tuple[Item, ...]


class FormatError(ValueError):
    pass


def _num(s: str) -> float | None:
    s = s.strip()
    if s in ("inf", "+inf"):
        return None
    return float(s)


def parse_gold(sentence: str, gold: str, line: int = 0) -> tuple[Item, ...]:
    """Gold items of one sentence, each located in the sentence by its text."""
    items: list[Item] = []
    used: set[tuple[str, int]] = set()
    for raw in filter(None, (p.strip() for p in gold.split(";"))):
        kind, sep, rest = raw.partition(":")
        if not sep or kind not in KINDS:
            raise FormatError(f"line {line}: bad kind in {raw!r}")
        text, sep, value = rest.rpartition("=")
        if not sep or not text:
            raise FormatError(f"line {line}: no '=' in {raw!r}")
        unit = None
        if value.endswith("]"):
            value, _, unit = value[:-1].partition("[")
            if not unit:
                raise FormatError(f"line {line}: empty unit in {raw!r}")
        lo_s, sep, hi_s = value.partition("..")
        if not sep:
            raise FormatError(f"line {line}: no '..' in {raw!r}")
        low: float | dt.date | None
        high: float | dt.date | None
        try:
            if kind == "q":
                low, high = _num(lo_s), _num(hi_s)
            else:
                if unit is not None:
                    raise FormatError(f"line {line}: a date has no unit: {raw!r}")
                low, high = dt.date.fromisoformat(lo_s), dt.date.fromisoformat(hi_s)
        except ValueError as e:
            raise FormatError(f"line {line}: bad value in {raw!r}: {e}") from None
        if low is not None and high is not None and low > high:  # type: ignore[operator]
            raise FormatError(f"line {line}: low > high in {raw!r}")
        # The n-th gold item with the same text takes the n-th occurrence.
        at = sentence.find(text)
        while at >= 0 and (kind, at) in used:
            at = sentence.find(text, at + 1)
        if at < 0:
            raise FormatError(f"line {line}: {text!r} is not in the sentence")
        used.add((kind, at))
        items.append(Item(kind, at, at + len(text), text, low, high, unit))
    return tuple(items)


def load(path: Path = TSV) -> list[Row]:
    """Rows of the labelled TSV; raises FormatError on any malformed line."""
    rows: list[Row] = []
    with path.open(encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["lang", "published", "sentence", "gold"]:
            raise FormatError(f"bad header {header!r}")
        for n, line in enumerate(f, 2):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) != 4:
                raise FormatError(f"line {n}: {len(cols)} columns, expected 4")
            lang, pub, sentence, gold = cols
            if lang not in ("en", "ru"):
                raise FormatError(f"line {n}: bad lang {lang!r}")
            try:
                published = dt.date.fromisoformat(pub)
            except ValueError:
                raise FormatError(f"line {n}: bad published date {pub!r}") from None
            if not sentence.strip():
                raise FormatError(f"line {n}: empty sentence")
            rows.append(Row(n, lang, published, sentence, parse_gold(sentence, gold, n)))
    return rows


def found_items(row: Row) -> list[Item]:
    """What the extractors give for one sentence, as Items."""
    out: list[Item] = []
    mentions = find_dates(row.sentence, row.lang)
    spans = [(m.start, m.stop) for m in mentions]
    for q in find_quantities(row.sentence, row.lang):
        if any(q.start < b and a < q.stop for a, b in spans):
            continue
        out.append(Item("q", q.start, q.stop, q.text, q.low, q.high, q.unit))
    for m in mentions:
        if m.kind != "date":
            continue
        r = resolve(m, row.published, None)
        out.append(Item("d", m.start, m.stop, m.text, r.low if r else None, r.high if r else None))
    return out


def _same(a: float | dt.date | None, b: float | dt.date | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, dt.date) or isinstance(b, dt.date):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-12)


def equal_value(g: Item, f: Item) -> bool:
    return g.kind == f.kind and _same(g.low, f.low) and _same(g.high, f.high) and g.unit == f.unit


def match(gold: tuple[Item, ...], found: list[Item]) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    """(matched pairs, missed gold, false found): overlapping span and equal value."""
    pairs: list[tuple[Item, Item]] = []
    free = list(found)
    missed: list[Item] = []
    for g in gold:
        hit = next((f for f in free if f.start < g.stop and g.start < f.stop and equal_value(g, f)), None)
        if hit is None:
            missed.append(g)
        else:
            free.remove(hit)
            pairs.append((g, hit))
    return pairs, missed, free


@dataclass
class Score:
    tp_found: int = 0
    found: int = 0
    tp_gold: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0


@dataclass
class Report:
    scores: dict[tuple[str, str], Score]  # (kind, lang or "all") -> score
    misses: list[tuple[Row, Item]]
    false_hits: list[tuple[Row, Item, list[Item]]]  # with the gold items of the sentence


def evaluate(rows: list[Row]) -> Report:
    scores: dict[tuple[str, str], Score] = {}
    misses: list[tuple[Row, Item]] = []
    false_hits: list[tuple[Row, Item, list[Item]]] = []
    for row in rows:
        found = found_items(row)
        pairs, missed, extra = match(row.gold, found)
        for lang in (row.lang, "all"):
            for kind in KINDS:
                s = scores.setdefault((kind, lang), Score())
                s.gold += sum(1 for g in row.gold if g.kind == kind)
                s.found += sum(1 for f in found if f.kind == kind)
                s.tp_gold += sum(1 for g, _ in pairs if g.kind == kind)
                s.tp_found += sum(1 for _, f in pairs if f.kind == kind)
        misses.extend((row, g) for g in missed)
        false_hits.extend((row, f, [g for g in row.gold if g.kind == f.kind]) for f in extra)
    return Report(scores, misses, false_hits)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tsv", type=Path, default=TSV)
    ap.add_argument("--quiet", action="store_true", help="figures only, no misses or false hits")
    args = ap.parse_args(argv)
    rows = load(args.tsv)
    rep = evaluate(rows)
    print(f"{len(rows)} sentences ({sum(1 for r in rows if not r.gold)} with empty gold) from {args.tsv}")
    print(f"{'kind':<8} {'lang':<4} {'gold':>5} {'found':>6} {'precision':>10} {'recall':>7}")
    for kind in KINDS:
        for lang in ("en", "ru", "all"):
            s = rep.scores.get((kind, lang))
            if s is None:
                continue
            print(f"{KIND_NAMES[kind]:<8} {lang:<4} {s.gold:>5} {s.found:>6} {s.precision:>10.3f} {s.recall:>7.3f}")
    if not args.quiet:
        print(f"\nMisses ({len(rep.misses)}): gold items with no matching found item")
        for row, g in rep.misses:
            print(f"  [{row.lang} line {row.line}] {g.show()}\n      {row.sentence}")
        print(f"\nFalse hits ({len(rep.false_hits)}): found items matching no gold item")
        for row, f, gold in rep.false_hits:
            near = [g.show() for g in gold if g.start < f.stop and f.start < g.stop]
            note = f"  (gold here: {', '.join(near)})" if near else ""
            print(f"  [{row.lang} line {row.line}] {f.show()}{note}\n      {row.sentence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
