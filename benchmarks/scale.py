"""Scale benchmark: ``factcheck compare`` on synthetic corpora of growing size.

    .venv/bin/python benchmarks/scale.py --sizes 10,100,1000 [--seed 1] [--jobs N] [--workdir DIR]
                                         [--json FILE] [-- EXTRA COMPARE ARGS]
    .venv/bin/python benchmarks/scale.py --stages 1000 [--jobs 1]
    .venv/bin/python benchmarks/scale.py --profile [1000]

For each size N the corpus of ``benchmarks/corpus.py`` (seed S) is generated once and cached in
``WORKDIR/corpus-N-sS-<hash of corpus.py>/``; then ``factcheck compare DIR --format json -o OUT``
runs as a child process and the runner reports:

* wall time, CPU time (user + sys of the child and the children it waited for, from
  ``os.wait4``), peak RSS (``ru_maxrss``: the largest single process) and the peak memory of the
  whole process tree (PSS summed over the parent and its workers, sampled from /proc every second),
  articles per second;
* the scaling exponent between successive sizes, log(t2/t1) / log(n2/n1), on wall and CPU time;
* verdict accuracy on the planted facts (a planted fact is matched to the output group that
  holds most of its planted values, by source path, attribute and value; a planted conflict is
  right when that group is a conflict holding the odd value, a planted agreement when it is agree
  or compatible), false conflicts, groups mixing stories, and the tool's stories against the
  planted ones;
* a bare floor: a Python child that reads every file and splits it into words with one regular
  expression, and the tool's cost as a ratio to it.

``--stages N`` runs compare on the N-article corpus in this process (workers as usual) and prints
the wall time of each stage; with ``--jobs 1`` the per-article stages are split too.
``--profile N`` runs it in this process under pyinstrument when it is installed, else cProfile
(with ``--jobs 1`` so that the profiler sees every stage), and prints the top 25 costs. Both run
the pure-Python build (FACTCHECK_PURE=1): the compiled build's functions call one another
directly, where no timer or profiler sees them; the size runs use the build as installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
FACTCHECK = ROOT / ".venv" / "bin" / "factcheck"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)

FLOOR_CODE = r"""
import os, re, sys
root = sys.argv[1]
words = files = 0
for dirpath, dirnames, filenames in os.walk(root):
    dirnames.sort()
    for name in sorted(filenames):
        if name.endswith((".txt", ".md")):
            with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                words += len(re.findall(r"\w+", fh.read()))
            files += 1
print(files, words)
"""


@dataclass
class Run:
    """What one child process cost."""

    wall: float
    cpu: float
    maxrss_mb: float
    tree_pss_mb: float
    returncode: int
    stdout: str = ""
    stderr: str = ""


def _tree_pids(root_pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
        except OSError:
            continue
        parents[int(entry)] = int(stat[stat.rfind(")") + 2 :].split()[1])
    out = []
    for pid in parents:
        p = pid
        while p and p != root_pid:
            p = parents.get(p, 0)
        if p == root_pid:
            out.append(pid)
    return out


def _tree_memory_kb(root_pid: int) -> int:
    """Proportional set size (PSS: shared pages split between the processes that share them) of a
    process tree, in KiB; forked workers share most of the parent's pages, so summing their RSS
    would count those pages once per worker."""
    total = 0
    for pid in _tree_pids(root_pid):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def run_child(cmd: list[str], sample_tree: bool = False) -> Run:
    """Run ``cmd``, returning its wall time, CPU time and peak memory."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        peak_tree = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(1.0):
                try:
                    peak_tree[0] = max(peak_tree[0], _tree_memory_kb(proc.pid))
                except (OSError, ValueError):
                    pass

        sampler = threading.Thread(target=sample, daemon=True)
        if sample_tree:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        stop.set()
        if sample_tree:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak_tree[0] / 1024,
                   proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


# ----------------------------------------------------------------------------- accuracy


@dataclass
class Accuracy:
    """How the tool's verdicts compare with the planted ones."""

    facts: int = 0
    correct: int = 0
    planted_conflicts: int = 0
    conflicts_found: int = 0  # planted conflicts reported as conflict
    planted_agrees: int = 0
    agrees_found: int = 0  # planted agreements reported as agree or compatible
    predicted_conflicts: int = 0  # planted facts (either kind) reported as conflict
    missing: int = 0  # planted facts whose values did not meet in one group
    output_conflicts: int = 0  # conflict groups in the whole output
    unplanted_conflicts: int = 0  # conflict groups holding no planted value
    groups: int = 0
    mixed_groups: int = 0  # groups with claims from more than one story
    tool_stories: int | None = None  # stories the tool found (None: it reports none)
    stories_exact: int = 0  # planted stories the tool found with exactly their articles
    story_pair_precision: float = math.nan  # article pairs put together by the tool that belong together
    story_pair_recall: float = math.nan  # article pairs that belong together and were put together
    by_template: dict[str, list[int]] = field(default_factory=dict)  # template -> [right, total]

    @property
    def accuracy(self) -> float:
        """Share of planted facts with the expected verdict."""
        return self.correct / self.facts if self.facts else math.nan

    @property
    def conflict_recall(self) -> float:
        """Share of planted conflicts reported as conflicts."""
        return self.conflicts_found / self.planted_conflicts if self.planted_conflicts else math.nan

    @property
    def conflict_precision(self) -> float:
        """Share of planted facts reported as conflict that are planted conflicts."""
        return self.conflicts_found / self.predicted_conflicts if self.predicted_conflicts else math.nan


def score(report: dict[str, Any], expected: dict[str, Any]) -> Accuracy:
    """Match planted facts to the report's groups and count right and wrong verdicts."""
    path_of = {s["id"]: s["path"] for s in report["sources"]}
    story_of = {a["path"]: st["id"] for st in expected["stories"] for a in st["articles"]}
    acc = Accuracy()
    # Index the report's claims by (path, attribute) so each fact looks only at its own articles.
    index: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    planted_groups: set[int] = set()
    for gi, g in enumerate(report["groups"]):
        stories = set()
        for c in g["claims"]:
            path = path_of[c["source"]]
            index[(path, g["attribute"])].append((gi, c))
            stories.add(story_of.get(path))
        acc.groups += 1
        acc.mixed_groups += len(stories) > 1
        acc.output_conflicts += g["verdict"] == "conflict"
    for f in expected["facts"]:
        acc.facts += 1
        hits: dict[int, set[str]] = defaultdict(set)
        for path, want in f["values"].items():
            for gi, c in index.get((path, f["attribute"]), ()):
                if corpus.same_value(c["value"], want):
                    hits[gi].add(path)
        best = max(hits.items(), key=lambda kv: (len(kv[1]), -kv[0]), default=None)
        if best is None or len(best[1]) < 2:
            verdict = "missing"
            acc.missing += 1
        else:
            planted_groups.add(best[0])
            verdict = report["groups"][best[0]]["verdict"]
            if f["expected"] == "conflict" and f["odd_one"] not in best[1]:
                verdict = "agree" if verdict == "conflict" else verdict  # the odd value went elsewhere
        right = verdict == "conflict" if f["expected"] == "conflict" else verdict in ("agree", "compatible")
        acc.correct += right
        acc.predicted_conflicts += verdict == "conflict"
        if f["expected"] == "conflict":
            acc.planted_conflicts += 1
            acc.conflicts_found += verdict == "conflict"
        else:
            acc.planted_agrees += 1
            acc.agrees_found += right
        t = acc.by_template.setdefault(f["template"], [0, 0])
        t[0] += right
        t[1] += 1
    _score_stories(report, expected, path_of, acc)
    acc.unplanted_conflicts = sum(
        1 for gi, g in enumerate(report["groups"]) if g["verdict"] == "conflict" and gi not in planted_groups
    )
    return acc


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def _score_stories(report: dict[str, Any], expected: dict[str, Any], path_of: dict[str, str], acc: Accuracy) -> None:
    """Compare the tool's stories with the planted ones: exact matches and pairwise precision/recall."""
    if not report.get("stories"):
        return
    planted = {a["path"]: st["id"] for st in expected["stories"] for a in st["articles"]}
    planted_sets = {st["id"]: frozenset(a["path"] for a in st["articles"]) for st in expected["stories"]}
    tool_sets = [frozenset(path_of[s] for s in t["sources"]) for t in report["stories"]]
    acc.tool_stories = len(tool_sets)
    found = set(tool_sets)
    acc.stories_exact = sum(1 for ps in planted_sets.values() if ps in found)
    together = sum(_pairs(len(t)) for t in tool_sets)
    truth = sum(_pairs(len(p)) for p in planted_sets.values())
    both = 0
    for t in tool_sets:
        counts: dict[str, int] = defaultdict(int)
        for path in t:
            counts[planted.get(path, "?")] += 1
        both += sum(_pairs(k) for k in counts.values())
    acc.story_pair_precision = both / together if together else math.nan
    acc.story_pair_recall = both / truth if truth else math.nan


# ----------------------------------------------------------------------------- runner


@dataclass
class SizeResult:
    """Figures for one corpus size."""

    articles: int
    stories: int
    words: int
    megabytes: float
    wall: float
    cpu: float
    maxrss_mb: float
    tree_pss_mb: float
    articles_per_s: float
    exponent: float | None
    cpu_exponent: float | None
    floor_wall: float
    floor_cpu: float
    ratio_wall: float
    ratio_cpu: float
    returncode: int
    accuracy: dict[str, Any]
    walls: list[float] = field(default_factory=list)  # every run's wall time (--repeat), in order
    floor_walls: list[float] = field(default_factory=list)
    pair_floors: list[float] = field(default_factory=list)  # per tool run: the mean floor before and after it


def generator_version() -> str:
    """A short hash of benchmarks/corpus.py, so a changed generator never reuses an old corpus."""
    return hashlib.sha1(Path(corpus.__file__).read_bytes()).hexdigest()[:8]


def ensure_corpus(workdir: Path, n: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The corpus of ``n`` articles for ``seed``, generated on first use (cached by size, seed and generator)."""
    out = workdir / f"corpus-{n}-s{seed}-{generator_version()}"
    exp = corpus.expected_path(out)
    if not exp.exists():
        if out.exists():
            for p in sorted(out.rglob("*"), reverse=True):
                p.unlink() if p.is_file() else p.rmdir()
            out.rmdir()
        corpus.generate(out, n, seed)
    return out, json.loads(exp.read_text(encoding="utf-8"))


def supports_jobs() -> bool:
    """Whether this checkout's ``compare`` has a --jobs option."""
    res = subprocess.run([str(FACTCHECK), "compare", "--help"], capture_output=True, text=True, check=False,
                         env={**os.environ, "COLUMNS": "200"})
    return "--jobs" in res.stdout


def _median_run(runs: list[Run]) -> Run:
    """The run of median wall time (of an even number, the faster middle one), with the largest
    memory any run reached."""
    mid = sorted(runs, key=lambda r: r.wall)[(len(runs) - 1) // 2]
    return Run(mid.wall, statistics.median(r.cpu for r in runs), max(r.maxrss_mb for r in runs),
               max(r.tree_pss_mb for r in runs), mid.returncode, mid.stdout, mid.stderr)


def measure_size(n: int, seed: int, workdir: Path, extra: list[str], previous: SizeResult | None,
                 sample_tree: bool, repeat: int = 1) -> SizeResult:
    """Generate (or reuse) the corpus of ``n`` articles, run the tool and the floor, and score.

    With ``repeat`` > 1, the floor and the tool run in turn that many times each, after one read of
    the corpus that is not timed (the same warm file cache for both), and the medians are kept: on
    a shared VM one run of each can be 10-30 % off, and the ratio of two single runs twice that.
    The floor runs once more after the last tool run, and each tool run is paired with the mean of
    the floors just before and just after it: a floor run lasts a second, the tool's twenty, so
    one floor alone samples the VM's speed over a twentieth of the minutes it is compared with."""
    directory, expected = ensure_corpus(workdir, n, seed)
    out_json = workdir / f"out-{n}-s{seed}.json"
    floor_cmd = [str(VENV_PY), "-c", FLOOR_CODE, str(directory)]
    tool_cmd = [str(FACTCHECK), "compare", str(directory), "--format", "json", "-o", str(out_json), *extra]
    floors: list[Run] = []
    tools: list[Run] = []
    if repeat > 1:
        run_child(floor_cmd)
    for _ in range(max(1, repeat)):
        if repeat > 1:
            floors.append(run_child(floor_cmd))
        tools.append(run_child(tool_cmd, sample_tree))
        if tools[-1].returncode not in (0, 1):
            raise SystemExit(f"factcheck failed on {directory} (exit {tools[-1].returncode}):\n"
                             f"{tools[-1].stderr[-3000:]}")
    floors.append(run_child(floor_cmd))
    tool, floor = _median_run(tools), _median_run(floors)
    files, words = (int(x) for x in floor.stdout.split())
    size_mb = sum(p.stat().st_size for p in directory.rglob("*.txt")) / 1e6
    report = json.loads(out_json.read_text(encoding="utf-8"))
    acc = score(report, expected)
    exponent = cpu_exponent = None
    if previous is not None and previous.articles != n:
        exponent = math.log(tool.wall / previous.wall) / math.log(n / previous.articles)
        cpu_exponent = math.log(tool.cpu / previous.cpu) / math.log(n / previous.articles)
    return SizeResult(
        articles=files,
        stories=len(expected["stories"]),
        words=words,
        megabytes=round(size_mb, 2),
        wall=tool.wall,
        cpu=tool.cpu,
        maxrss_mb=tool.maxrss_mb,
        tree_pss_mb=tool.tree_pss_mb,
        articles_per_s=files / tool.wall,
        exponent=exponent,
        cpu_exponent=cpu_exponent,
        floor_wall=floor.wall,
        floor_cpu=floor.cpu,
        ratio_wall=tool.wall / floor.wall,
        ratio_cpu=tool.cpu / floor.cpu if floor.cpu else math.nan,
        returncode=tool.returncode,
        walls=[r.wall for r in tools],
        floor_walls=[r.wall for r in floors],
        pair_floors=[(a.wall + b.wall) / 2 for a, b in zip(floors, floors[1:])] if repeat > 1 else [],
        accuracy={**asdict(acc), "accuracy": acc.accuracy, "conflict_recall": acc.conflict_recall,
                  "conflict_precision": acc.conflict_precision},
    )


def _f(x: float | None, fmt: str) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, fmt)


def markdown(results: list[SizeResult], note: str) -> str:
    """The results as Markdown tables."""
    lines = [note, "",
             "| articles | stories | words | wall s | CPU s | peak RSS MB (largest process) | articles/s | "
             "exponent wall (CPU) | floor s | cost / floor (wall) | cost / floor (CPU) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        rss = f"{r.maxrss_mb:.0f}" + (f" (tree PSS {r.tree_pss_mb:.0f})" if r.tree_pss_mb > r.maxrss_mb * 1.05 else "")
        lines.append(
            f"| {r.articles:,} | {r.stories:,} | {r.words:,} | {r.wall:.2f} | {r.cpu:.2f} | {rss} | "
            f"{r.articles_per_s:.1f} | {_f(r.exponent, '.2f')} ({_f(r.cpu_exponent, '.2f')}) | {r.floor_wall:.3f} | "
            f"{r.ratio_wall:.0f}x | "
            f"{_f(r.ratio_cpu, '.0f')}x |")
    for r in results:
        if len(r.walls) > 1:
            pairs = [t / f for t, f in zip(r.walls, r.pair_floors or r.floor_walls)]
            lines.append(f"\n{r.articles:,} articles, {len(r.walls)} runs in turn: tool "
                         + ", ".join(f"{w:.2f}" for w in r.walls) + " s; floor "
                         + ", ".join(f"{w:.3f}" for w in r.floor_walls) + " s (before, between and after them); "
                         "cost / floor of each tool run against the mean of the floors around it "
                         + ", ".join(f"{x:.1f}x" for x in pairs) + f", median {statistics.median(pairs):.1f}x "
                         "(the table gives the ratio of the medians; on a VM whose speed drifts, the median pair "
                         "compares runs made in the same minutes)")
    lines += ["", "| articles | planted facts | accuracy | conflict recall | conflict precision | agree kept | "
              "missing | conflict groups (unplanted) | groups mixing stories | stories found (exact) | "
              "story pairs P / R |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        a = r.accuracy
        agree = a["agrees_found"] / a["planted_agrees"] if a["planted_agrees"] else math.nan
        lines.append(
            f"| {r.articles:,} | {a['facts']} ({a['planted_conflicts']} conflicts) | {_f(a['accuracy'], '.3f')} | "
            f"{_f(a['conflict_recall'], '.3f')} | {_f(a['conflict_precision'], '.3f')} | {_f(agree, '.3f')} | "
            f"{a['missing']} | {a['output_conflicts']} ({a['unplanted_conflicts']}) | "
            f"{a['mixed_groups']} of {a['groups']} | "
            + (f"{a['tool_stories']} of {r.stories} ({a['stories_exact']}) | "
               f"{_f(a['story_pair_precision'], '.3f')} / {_f(a['story_pair_recall'], '.3f')} |"
               if a["tool_stories"] is not None else "– | – |"))
    if results:
        last = results[-1].accuracy["by_template"]
        lines += ["", f"Per template at {results[-1].articles:,} articles (right / planted): "
                  + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(last.items()))]
    return "\n".join(lines)


def profile(n: int, seed: int, workdir: Path, extra: list[str], top: int = 25) -> str:
    """Profile ``compare`` on the n-article corpus in this process; the top cumulative costs."""
    directory, _ = ensure_corpus(workdir, n, seed)
    out_json = str(workdir / f"profile-{n}-s{seed}.json")
    from coldstart import pure_build  # benchmarks/coldstart.py

    pure_build()  # a profiler sees no function of the compiled build
    from factcheck.cli import main as cli_main

    argv = ["compare", str(directory), "--format", "json", "-o", out_json, *extra]
    try:
        from pyinstrument import Profiler  # optional, not a dependency
    except ImportError:
        Profiler = None  # noqa: N806
    if Profiler is not None:
        prof = Profiler()
        prof.start()
        cli_main(argv)
        prof.stop()
        return str(prof.output_text(unicode=True, color=False))
    import cProfile
    import io
    import pstats

    pr = cProfile.Profile()
    t0 = time.perf_counter()
    pr.enable()
    cli_main(argv)
    pr.disable()
    wall = time.perf_counter() - t0
    buf = io.StringIO()
    stats = pstats.Stats(pr, stream=buf)
    # Leave out the CLI framework's wrappers (typer/click), which are cumulative for everything.
    ours = r"factcheck/|langdetect/|razdel/|pymorphy3/|rapidfuzz/|json/"
    stats.sort_stats("cumulative").print_stats(ours, top)
    buf.write("\n--- by own time (tottime) ---\n")
    stats.sort_stats("tottime").print_stats(top)
    return f"cProfile of `factcheck {' '.join(argv)}` ({wall:.1f} s wall under the profiler)\n{buf.getvalue()}"


def stages(n: int, seed: int, workdir: Path, extra: list[str]) -> str:
    """Run compare on the n-article corpus in this process with timers around the pipeline's stages;
    exclusive wall seconds per stage (the per-article stages run in worker processes as usual)."""
    from coldstart import StageTimer, pure_build  # benchmarks/coldstart.py

    pure_build()
    from factcheck import names, pipeline, render
    from factcheck.cli import main as cli_main

    directory, _ = ensure_corpus(workdir, n, seed)
    timer = StageTimer()
    original_map = pipeline._map

    def timed_map(func: Any, work: list[Any], jobs: int, stage: str, progress: Any) -> list[Any]:
        label = f"per-article stage '{stage}' (jobs={jobs})" + (": other" if jobs == 1 else "")
        t0 = time.perf_counter()
        timer._stack.append(0.0)
        try:
            return original_map(func, work, jobs, stage, progress)
        finally:
            elapsed = time.perf_counter() - t0
            inner = timer._stack.pop()
            timer.totals[label] += elapsed - inner
            if timer._stack:
                timer._stack[-1] += elapsed

    pipeline._map = timed_map  # type: ignore[assignment]
    # Per-article stages: timed here only with --jobs 1 (in worker processes the timers are lost and
    # their time shows under the per-article stage lines).
    from factcheck import lang, load, segment
    from factcheck.claims import dates, numbers, tokens

    for owner, name, label in (
        (load, "read_file", "  load: read + decode"), (load, "read_metadata", "  load: metadata"),
        (load, "mask_markup", "  load: mask markup"), (lang, "detect", "  lang: detect"),
        (segment, "sentences", "  segment: sentences"), (names, "find_mentions", "  names: find mentions"),
        (pipeline, "extract", "  claims: extract (rest)"), (tokens, "tokenize", "  claims: tokenize"),
        (dates, "find_dates", "  claims: find dates"), (numbers, "find_quantities", "  claims: find quantities"),
    ):
        timer.wrap(owner, name, label)
    timer.wrap(pipeline, "_prepare_all", "prepare: renumber sources")
    timer.wrap(pipeline, "cluster_spellings", "names: cluster (all mentions)")
    timer.wrap(pipeline, "_extract_all", "per-article stage 'claims': other")
    timer.wrap(pipeline, "_suppress", "suppress")
    timer.wrap(pipeline, "_stories", "stories: group articles")
    timer.wrap(pipeline, "build_groups", "align + judge")
    timer.wrap(pipeline, "analyse", "analyse: other serial work")
    timer.wrap(render, "write", "render")
    out_json = workdir / f"stages-{n}-s{seed}.json"
    t0 = time.perf_counter()
    cli_main(["compare", str(directory), "--format", "json", "-o", str(out_json), *extra])
    total = time.perf_counter() - t0
    timer.totals["cli and the rest"] = total - sum(timer.totals.values())
    lines = [f"Stages of `factcheck compare` on {n:,} articles ({total:.1f} s wall in-process; "
             f"load average {os.getloadavg()[0]:.2f}):", "", "| stage | wall s | share |", "|---|---:|---:|"]
    for k, v in sorted(timer.totals.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {k.strip()} | {v:.2f} | {v / total:.0%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 epilog="Arguments after -- (or unknown ones) go to `factcheck compare`.")
    ap.add_argument("--sizes", default="10,100,1000", help="comma-separated article counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None, help="pass --jobs N to compare")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-scale")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    ap.add_argument("--profile", type=int, nargs="?", const=1000, default=0, metavar="N",
                    help="profile compare on the N-article corpus (default 1000) instead of the size runs")
    ap.add_argument("--stages", type=int, default=0, metavar="N",
                    help="time the pipeline's stages in-process on the N-article corpus instead of the size runs")
    ap.add_argument("--no-tree-memory", action="store_true", help="do not sample the process tree's memory")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="run the floor and the tool in turn N times each and keep the medians")
    args, extra = ap.parse_known_args(argv)
    extra = [x for x in extra if x != "--"]
    if args.jobs is not None:
        extra = ["--jobs", str(args.jobs), *extra]
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.stages:
        print(stages(args.stages, args.seed, args.workdir, extra))
        return 0
    if args.profile:
        if args.jobs is None and supports_jobs():
            extra = ["--jobs", "1", *extra]  # the profiler sees only this process
        print(profile(args.profile, args.seed, args.workdir, extra))
        return 0
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    results: list[SizeResult] = []
    load_before = os.getloadavg()[0]
    for n in sizes:
        t0 = time.perf_counter()
        directory, _ = ensure_corpus(args.workdir, n, args.seed)
        gen = time.perf_counter() - t0
        r = measure_size(n, args.seed, args.workdir, extra, results[-1] if results else None,
                         not args.no_tree_memory, args.repeat)
        results.append(r)
        print(f"[{n} articles: corpus ready in {gen:.1f} s, compare {r.wall:.2f} s wall, exit {r.returncode}]",
              file=sys.stderr, flush=True)
    note = (f"seed {args.seed}; compare args: {' '.join(extra) or '(defaults)'}; {os.cpu_count()} cores; "
            f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(markdown(results, note))
    if args.json:
        args.json.write_text(json.dumps({"note": note, "results": [asdict(r) for r in results]}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
