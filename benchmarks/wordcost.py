"""What one Python pass over every word of a corpus costs, next to the read-and-split floor.

    python benchmarks/wordcost.py DIR

CPU milliseconds per article (best of 3) for: the floor (read every .txt file and split it into
words with one regular expression), the split alone, one dict lookup per word, one match object
per word, and one small token object per word. The tool has to do more than one such pass per
article, which bounds how close to the floor plain Python can get (docs/performance.md).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

_WORD = re.compile(r"\w+")


class _Token:
    __slots__ = ("start", "stop", "text")

    def __init__(self, start: int, stop: int, text: str) -> None:
        self.start = start
        self.stop = stop
        self.text = text


def main(argv: list[str] | None = None) -> int:
    """Print the cost per article of each pass over the corpus under the given folder."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    files = sorted(Path(args[0]).rglob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]

    def floor() -> int:
        return sum(len(_WORD.findall(f.read_text(encoding="utf-8"))) for f in files)

    def split() -> int:
        return sum(len(_WORD.findall(t)) for t in texts)

    def lookup() -> int:
        seen: dict[str, int] = {}
        for t in texts:
            for w in _WORD.findall(t):
                if seen.get(w) is None:
                    seen[w] = 1
        return len(seen)

    def matches() -> int:
        n = 0
        for t in texts:
            for m in _WORD.finditer(t):
                m.group()
                m.start()
                n += 1
        return n

    def objects() -> int:
        return sum(len([_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(t)]) for t in texts)

    passes: list[tuple[str, Callable[[], int]]] = [
        ("floor: read + findall", floor), ("findall, texts in memory", split), ("+ a dict lookup per word", lookup),
        ("a match object per word (finditer, group, start)", matches), ("a slotted token object per word", objects),
    ]
    print(f"{len(files):,} articles, {split():,} words")
    print("| pass | ms per article |\n|---|---:|")
    for name, run in passes:
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            run()
            best = min(best, time.process_time() - t0)
        print(f"| {name} | {best * 1000 / max(1, len(files)):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
