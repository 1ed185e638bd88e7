"""Cold start of ``factcheck compare``: median wall and CPU time over runs, and where the time goes.

Usage::

    .venv/bin/python benchmarks/coldstart.py                   # 11 runs on fixtures/seeds/
    .venv/bin/python benchmarks/coldstart.py --runs 21 --breakdown
    .venv/bin/python benchmarks/coldstart.py --pycache         # also with a bytecode cache

Each run is a fresh process (interpreter start included). Wall time is what the issue's target
is about; the child's CPU time (user + sys, from ``os.wait4``) is printed next to it because it
is much less disturbed by other work on a shared machine. ``--breakdown`` runs the command N more
times, each in a fresh process that calls the CLI in-process with timers wrapped around the
stages and the one-off builders, and prints the median exclusive time of each (a builder's time
is not counted again in the stage that called it; what the timers do not cover, interpreter
start and exit included, is the difference to the wall time of the process).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
FACTCHECK = ROOT / ".venv" / "bin" / "factcheck"
DEFAULT_DIR = ROOT / "fixtures" / "seeds"


def timed_run(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Run ``cmd`` once: (wall seconds, child CPU seconds, exit code)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode


def measure(cmd: Sequence[str], runs: int, env: dict[str, str] | None = None) -> dict[str, float]:
    """Median and minimum wall time and median CPU time of ``runs`` fresh runs (after one warm-up)."""
    timed_run(cmd, env)  # warm the page cache (and the bytecode cache when one is used)
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        wall, cpu, _ = timed_run(cmd, env)
        walls.append(wall)
        cpus.append(cpu)
    return {
        "wall_median": statistics.median(walls),
        "wall_min": min(walls),
        "cpu_median": statistics.median(cpus),
        "runs": runs,
    }


def load_note() -> str:
    """The 1-minute load average and the core count, to say how busy the machine was."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


# ----------------------------------------------------------------------------- breakdown (child)


class StageTimer:
    """Exclusive wall time per label for nested wrapped calls."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[float] = []

    def wrap(self, owner: Any, name: str, label: str) -> None:
        """Replace ``owner.name`` by a timed wrapper counted under ``label`` (if it exists)."""
        fn = getattr(owner, name, None)
        if fn is None:
            return

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            self._stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t0
                inner = self._stack.pop()
                self.totals[label] += elapsed - inner
                self.calls[label] += 1
                if self._stack:
                    self._stack[-1] += elapsed

        setattr(owner, name, wrapper)

    def block(self, label: str, fn: Callable[[], Any]) -> Any:
        """Time a top-level block (an import) under ``label``."""
        t0 = time.perf_counter()
        try:
            return fn()
        finally:
            self.totals[label] += time.perf_counter() - t0
            self.calls[label] += 1


def pure_build() -> None:
    """Make this process run the pure-Python build (FACTCHECK_PURE): the stage timers wrap module
    functions, which the compiled build calls directly, unseen (see factcheck.native)."""
    if "factcheck" not in sys.modules:
        os.environ["FACTCHECK_PURE"] = "1"


def _child(directory: str) -> None:
    """Run compare in this process with stage timers; print the totals as JSON."""
    import importlib

    pure_build()
    timer = StageTimer()
    timer.block("import typer", lambda: importlib.import_module("typer"))
    timer.block("import factcheck.cli", lambda: importlib.import_module("factcheck.cli"))
    timer.block("import factcheck.pipeline (+ stage modules)", lambda: importlib.import_module("factcheck.pipeline"))

    from factcheck import lang, load, morph, names, pipeline, segment
    from factcheck.claims import dates, lexicon, numbers
    from factcheck.cli import main

    timer.wrap(load, "read_file", "load: read + decode")
    timer.wrap(load, "read_metadata", "load: metadata")
    timer.wrap(load, "mask_markup", "load: mask markup")
    timer.wrap(lang, "detect", "lang: detect")
    timer.wrap(lang, "_factory", "lang: langdetect import + profiles")
    timer.wrap(segment, "sentences", "segment: razdel")
    timer.wrap(names, "find_mentions", "names: find mentions")
    timer.wrap(names, "cluster", "names: cluster")
    timer.wrap(morph, "_analyzer", "morph: pymorphy3 import + MorphAnalyzer()")
    timer.wrap(pipeline, "extract", "claims: extract")
    timer.wrap(dates, "_rules", "claims: date rules (regex build)")
    timer.wrap(dates, "find_dates", "claims: find dates")
    timer.wrap(numbers, "_lexicon", "claims: number lexicon build")
    timer.wrap(numbers, "find_quantities", "claims: find quantities")
    for builder in ("concepts", "events", "attribute_cues", "_ru_index"):
        timer.wrap(lexicon, builder, "claims: phrase lexicons build")
    timer.wrap(pipeline, "build_groups", "align + judge")
    timer.wrap(pipeline, "analyse", "pipeline (other)")
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.json")
        t0 = time.perf_counter()
        main(["compare", directory, "--format", "json", "-o", out])
        run_total = time.perf_counter() - t0
    accounted = sum(v for k, v in timer.totals.items() if not k.startswith("import"))
    timer.totals["cli: typer parse, config, stories, render + rest"] = run_total - accounted
    print(json.dumps(dict(timer.totals)))


def breakdown(directory: Path, runs: int, env: dict[str, str] | None) -> dict[str, float]:
    """Median exclusive seconds per stage over ``runs`` fresh in-process runs."""
    samples: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r});"
            f"import coldstart; coldstart._child({str(directory)!r})"
        )
        t0 = time.perf_counter()
        out = subprocess.run([str(VENV_PY), "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                             check=True)
        wall = time.perf_counter() - t0
        data = json.loads(out.stdout.strip().splitlines()[-1])
        inside = sum(data.values())
        data["interpreter start + exit (+ this script's imports)"] = wall - inside
        for k, v in data.items():
            samples[k].append(v)
    return {k: statistics.median(v) for k, v in samples.items()}


def main(argv: list[str] | None = None) -> int:
    """Print cold-start figures for ``factcheck compare DIR``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--breakdown", action="store_true", help="time the stages in-process")
    ap.add_argument("--pycache", action="store_true",
                    help="also measure with a bytecode cache (PYTHONPYCACHEPREFIX in a temp dir)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = ap.parse_args(argv)

    envs: list[tuple[str, dict[str, str]]] = [("as configured", dict(os.environ))]
    if args.pycache:
        cached = dict(os.environ)
        cached.pop("PYTHONDONTWRITEBYTECODE", None)
        cached["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "factcheck-bench-pycache")
        envs.append(("bytecode cache", cached))

    results: dict[str, Any] = {"machine": load_note(), "bytecode_env": os.environ.get("PYTHONDONTWRITEBYTECODE")}
    rows = []
    for env_name, env in envs:
        for what, cmd in (
            ("python -c pass", [str(VENV_PY), "-c", "pass"]),
            ("import factcheck.cli", [str(VENV_PY), "-c", "import factcheck.cli"]),
            (f"factcheck compare {Path(args.directory).name}/", [str(FACTCHECK), "compare", args.directory]),
        ):
            m = measure(cmd, args.runs, env)
            rows.append({"env": env_name, "command": what, **m})
    results["runs"] = rows
    if args.breakdown:
        results["breakdown"] = {name: breakdown(Path(args.directory), args.runs, env) for name, env in envs}
    results["machine_after"] = load_note()

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"machine: {results['machine']} (before), {results['machine_after']} (after); "
          f"PYTHONDONTWRITEBYTECODE={results['bytecode_env']}\n")
    print("| bytecode | command | median wall s | min wall s | median CPU s | runs |")
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['env']} | `{r['command']}` | {r['wall_median']:.3f} | {r['wall_min']:.3f} | "
              f"{r['cpu_median']:.3f} | {r['runs']} |")
    for env_name, parts in results.get("breakdown", {}).items():
        print(f"\nBreakdown ({env_name}), median exclusive ms over {args.runs} runs:\n")
        print("| part | ms |")
        print("|---|---:|")
        for k, v in sorted(parts.items(), key=lambda kv: -kv[1]):
            print(f"| {k} | {v * 1000:.0f} |")
        print(f"| **total** | {sum(parts.values()) * 1000:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
