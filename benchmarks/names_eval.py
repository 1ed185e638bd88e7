"""Measure the cross-language name matcher.

    .venv/bin/python benchmarks/names_eval.py [--repeat N]

Prints precision and recall of factcheck.names.same_entity over tests/data/name_pairs.tsv,
the false merges and misses, and the time per 1,000 mentions of find_mentions + cluster on
the five articles of fixtures/seeds/ repeated N times (best of 3, time.perf_counter).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from factcheck.names import cluster, find_mentions  # noqa: E402
from test_names_eval import evaluate, load_pairs  # noqa: E402

SEEDS = ROOT / "fixtures" / "seeds"


def seed_texts() -> list[tuple[str, str, str]]:
    """(text, lang, source) of the seed articles; seed 003 is Russian, the others English."""
    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        out.append((p.read_text(encoding="utf-8"), "ru" if p.name.startswith("003") else "en", p.stem))
    return out


def run_once(texts: list[tuple[str, str, str]], repeat: int) -> tuple[int, float]:
    t0 = time.perf_counter()
    mentions = []
    for r in range(repeat):
        for text, lang, src in texts:
            mentions.extend(find_mentions(text, lang, f"{src}#{r}"))
    cluster(mentions)
    return len(mentions), time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="copies of the five seed articles (default 20)")
    args = ap.parse_args()

    pairs = load_pairs()
    false_merges, misses, precision, recall = evaluate()
    n_same = sum(p[4] for p in pairs)
    print(f"pairs: {len(pairs)} ({n_same} same, {len(pairs) - n_same} different)")
    print(f"precision: {precision:.3f}  recall: {recall:.3f}")
    print(f"false merges ({len(false_merges)}):")
    for a, la, b, lb in false_merges:
        print(f"  {a} [{la}] = {b} [{lb}]")
    print(f"misses ({len(misses)}):")
    for a, la, b, lb in misses:
        print(f"  {a} [{la}] != {b} [{lb}]")

    texts = seed_texts()
    run_once(texts, 1)  # warm up: loads the Russian analyser and the alias index
    runs = [run_once(texts, args.repeat) for _ in range(3)]
    n, best = runs[0][0], min(t for _, t in runs)
    print(f"find_mentions + cluster: {n} mentions ({len(texts)} articles x {args.repeat}), "
          f"best of 3 {best:.3f} s, {1000 * best / n * 1000:.1f} ms per 1,000 mentions")


if __name__ == "__main__":
    main()
