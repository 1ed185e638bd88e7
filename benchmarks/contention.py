"""How much slower one process works while another keeps the other core busy.

Usage::

    .venv/bin/python benchmarks/contention.py                  # 8 pairs, 300 articles
    .venv/bin/python benchmarks/contention.py --pairs 12 --articles 500

Each pair times the reading stage (load, language, names) of the same articles in this process,
once alone and once while a forked copy of this process runs the same stage over and over on the
other core, and prints the CPU time of both and their ratio. On a machine whose cores are truly
independent the ratio is about 1; where they share a physical core or its memory bandwidth (as
the two vCPUs of a small VM may, whatever ``lscpu`` says), each process does its work more
slowly while the other runs, so that moving work onto a core that would idle also slows the
process it runs beside. The corpus is the scale benchmark's (``scale.py``), made if missing.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import ensure_corpus  # noqa: E402 - the benchmarks folder is not a package

from factcheck import pipeline  # noqa: E402
from factcheck.config import Config  # noqa: E402


def stage_cpu(items: list[tuple[Path, str]], config: Config) -> float:
    """CPU seconds of this process for the reading stage of ``items``."""
    start = time.process_time()
    pipeline._prepare_all(items, config, None)
    return time.process_time() - start


def busy_sibling(items: list[tuple[Path, str]], config: Config) -> int:
    """Fork a process that runs the reading stage until it is killed; its pid."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - killed by the parent
        while True:
            stage_cpu(items, config)
    return pid


def main(argv: list[str] | None = None) -> int:
    """Print each pair's CPU times alone and beside a busy sibling, and the median ratio."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=8)
    ap.add_argument("--articles", type=int, default=300, help="of the 1,000-article corpus")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-scale")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    directory, _ = ensure_corpus(args.workdir, 1000, args.seed)
    config = Config(jobs=1)
    items = pipeline.collect(directory, config)[: args.articles]
    stage_cpu(items, config)  # warm: the lexicons and the language profiles are built once
    ratios: list[float] = []
    print(f"{len(items)} articles, reading stage, CPU seconds; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f}")
    print("| pair | alone | beside a busy sibling | ratio |\n|---:|---:|---:|---:|")
    for k in range(1, args.pairs + 1):
        alone = stage_cpu(items, config)
        pid = busy_sibling(items, config)
        try:
            time.sleep(0.3)  # the sibling is past its start
            beside = stage_cpu(items, config)
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        ratios.append(beside / alone)
        print(f"| {k} | {alone:.3f} | {beside:.3f} | {beside / alone:.2f} |")
    print(f"\nmedian ratio {statistics.median(ratios):.2f} (range {min(ratios):.2f}–{max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
