"""A long fuzzing campaign over the whole pipeline, and the slow-text attacks at full size (issue 7).

    .venv/bin/python benchmarks/fuzz.py [--examples N] [--seed S] [--random N] [--attacks] [--mb X]

Three parts, each optional:

* ``--examples N`` (default 5000): the hypothesis strategies of ``tests/test_robust.py`` (arbitrary
  text, mixed scripts, numbers, dates, punctuation, control characters, markup, news-like
  articles that agree and conflict, any bytes in any encoding), N examples each for the two
  whole-pipeline properties. Every report is checked by ``check_report`` (offsets inside the text,
  verdicts recomputed from the values); failures are collected, not raised, so the campaign runs
  to the end and reports every distinct finding.
* ``--random N`` (default 2000): a seeded generator independent of hypothesis (so it explores
  without hypothesis' bias towards small and repeated values): articles of up to 8 KB spliced
  from news sentences, numbers, dates, names, markup, control characters and random bytes.
* ``--attacks``: the slow-text attacks of tests/test_regex_linear.py at ``--mb`` megabytes
  (default 1) through the whole pipeline, with seconds per MB.

It prints how many inputs were tried, the verdicts seen, and the findings (exception or failed
property, with the smallest input that showed it). Exit code 1 when something was found.
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_robust as props  # noqa: E402
from factcheck.config import Config  # noqa: E402
from factcheck.pipeline import compare  # noqa: E402

Finding = tuple[str, str]  # (kind of failure, where) -> smallest input


class Campaign:
    """Counts inputs and verdicts; keeps the smallest input for each distinct failure."""

    def __init__(self) -> None:
        self.tried = 0
        self.files = 0
        self.bytes = 0
        self.verdicts: collections.Counter[str] = collections.Counter()
        self.sources = 0
        self.claims = 0
        self.findings: dict[Finding, list[bytes]] = {}
        self.counts: collections.Counter[Finding] = collections.Counter()

    def run(self, files: list[bytes]) -> None:
        self.tried += 1
        self.files += len(files)
        self.bytes += sum(len(f) for f in files)
        try:
            report = props.run_texts(files, formats=("json", "table", "markdown", "html", "junit"),
                                     tolerate_known=False)
        except Exception as exc:  # noqa: BLE001 - a finding, recorded
            tb = traceback.extract_tb(exc.__traceback__)
            where = next((f"{Path(fr.filename).name}:{fr.lineno} {fr.name}" for fr in reversed(tb)
                          if "factcheck" in fr.filename or "test_robust" in fr.filename), "?")
            # One finding per kind of failure and place: numbers in messages (positions) vary.
            key = (f"{type(exc).__name__}: {re.sub(r'[0-9]+', 'N', str(exc))[:120]}", where)
            self.counts[key] += 1
            if key not in self.findings or sum(map(len, files)) < sum(map(len, self.findings[key])):
                self.findings[key] = files
            return
        self.sources += len(report.sources)
        self.claims += len(report.claims)
        self.verdicts.update(g.verdict.value for g in report.groups)

    def print(self, title: str, seconds: float) -> None:
        print(f"\n== {title}: {self.tried:,} inputs ({self.files:,} files, {self.bytes / 1e6:.1f} MB) in {seconds:.0f} s")
        print(f"   read {self.sources:,} sources, {self.claims:,} claims; groups by verdict: "
              + ", ".join(f"{v} {n:,}" for v, n in sorted(self.verdicts.items())))
        if not self.findings:
            print("   findings: none")
        for key, files in sorted(self.findings.items(), key=lambda kv: -self.counts[kv[0]]):
            print(f"   FINDING x{self.counts[key]}: {key[0]}\n      at {key[1]}\n      smallest input: {files!r:.300}")


def hypothesis_campaign(n: int, seed: int) -> Campaign:
    camp = Campaign()
    common = dict(max_examples=n, deadline=None, database=None, derandomize=False,
                  phases=(Phase.generate,), suppress_health_check=list(HealthCheck))

    @settings(**common)
    @given(texts=st.lists(props.ARTICLE, min_size=1, max_size=4))
    def texts(texts: list[str]) -> None:
        camp.run([t.encode("utf-8", "surrogatepass") for t in texts])

    @settings(**common)
    @given(files=st.lists(props.ENCODED, min_size=1, max_size=3))
    def encoded(files: list[bytes]) -> None:
        camp.run(files)

    @settings(**{**common, "max_examples": max(1, n // 5)})
    @given(texts=st.lists(props.news(), min_size=2, max_size=5))
    def news(texts: list[str]) -> None:
        camp.run([t.encode("utf-8", "surrogatepass") for t in texts])

    random.seed(seed)
    for prop in (texts, encoded, news):
        prop()
    return camp


# ------------------------------------------------------------------ the seeded generator

_PIECES = [
    "Two Il-76 planes arrived in Caracas on October 26, 2025.", "26 октября 2025 года в Каракас прибыли два самолета Ил-76.",
    "more than 10% of naval forces", "до 1000 км", "up to 1,000 km", "Днем ранее", "the day before", "on Sunday",
    "Putin", "Путину", "Maduro", "Velásquez", "TASS", "/ТАСС/.", "WASHINGTON, October 31. /TASS/.", "date 2025-10-31 ",
    "**Ivan Petrov / Pool / TASS**", "Photo: Reuters", "<b>", "</b>", "<!-- factcheck: ignore -->", "# ", "\n", "\r\n",
    "\r", "\t", "«", "»", "—", "(", ")", "[bold]", "[/]", "1,1,1,1,1", "0" * 30, "12 000", "8,5", "16,5%", "11:24 мск",
    "2025-10-21", "21.10.2025", "mid-October", "в начале октября", "\x00", "\x1b[2J", "\u202e", "\u0301", "\ufeff",
    "Original url:\n\nhttps://example.org/2025/10/31/x", "ыэ", "іїє", "ў", "Ђ", "Σ", "中文", "😀",
]


def random_article(rng: random.Random) -> bytes:
    parts = []
    for _ in range(rng.randint(1, 120)):
        r = rng.random()
        if r < 0.6:
            parts.append(rng.choice(_PIECES))
        elif r < 0.75:
            parts.append(str(rng.choice([rng.randint(0, 100), rng.randint(0, 10**9), rng.random() * 1000])))
        elif r < 0.9:
            parts.append("".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0x400, 0x4FF),
                                                 rng.randint(0xA0, 0x24F), rng.randint(0, 0x10FFFF)]))
                                 for _ in range(rng.randint(1, 40))))
        else:
            parts.append(rng.choice([" ", "  ", ". ", ", ", "\n\n"]))
        parts.append(rng.choice([" ", "", "\n", ". "]))
    text = "".join(parts)[: rng.randint(10, 8000)]
    data = text.encode("utf-8", "surrogatepass")
    choice = rng.random()
    if choice < 0.1:
        data = text.encode(rng.choice(["cp1251", "koi8-r", "latin-1", "utf-16"]), "ignore")
    elif choice < 0.15:
        data = bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 2000)))
    elif choice < 0.2 and data:
        i = rng.randrange(len(data))
        data = data[:i] + bytes([rng.randint(0, 255)]) + data[i + 1:]
    return data


def random_campaign(n: int, seed: int) -> Campaign:
    camp = Campaign()
    rng = random.Random(seed)
    for _ in range(n):
        camp.run([random_article(rng) for _ in range(rng.randint(1, 4))])
    return camp


# ------------------------------------------------------------------ attacks at full size


def attacks(mb: float) -> None:
    import test_regex_linear as lin

    size = int(mb * 1_000_000)
    rng = random.Random(3)
    full = {
        "digits in a row": lambda: "1" * size,
        '"1,1,1,1"': lambda: "1," * (size // 2),
        "nested brackets": lambda: "(" * (size // 2) + ")" * (size // 2),
        "capitalised words": lambda: lin._capitalised(size // 7),
        "Cyrillic/Latin mixed runs": lambda: lin._mixed_runs(size),
        "a line of spaces": lambda: " " * size,
        "dashes": lambda: "-" * size,
        '"1 1 1 1" (one claim per 2 characters)': lambda: "1 " * (size // 2),
        "dates and numbers": lambda: " ".join(f"{d % 28 + 1} October {1990 + d % 40} {d} km"
                                              for d in range(size // 20))[:size],
        "10 MB line of prose (--mb ignored)": lambda: ("The weather was calm and the streets of the old town were "
                                                      "quiet as people went about their day. ") * 102_000,
        "random words": lambda: " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 9)))
                                         for _ in range(size // 6)),
    }
    print(f"\n== attacks through the whole pipeline (English article around each; --mb {mb})")
    for name, make in full.items():
        attack = make()
        text = lin.PREFIX["en"] + attack + "\n" + lin.PREFIX["en"][:2000]
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "a.txt").write_text(text, encoding="utf-8")
            start = time.perf_counter()
            report = compare(Path(tmp), Config())
            elapsed = time.perf_counter() - start
        size_mb = len(text.encode("utf-8")) / 1e6
        print(f"   {name:42s} {size_mb:6.2f} MB {elapsed:8.2f} s {elapsed / size_mb:8.2f} s/MB"
              f"  ({len(report.claims):,} claims, lang {report.sources[0].lang if report.sources else '-'})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=5000, help="hypothesis examples per property (0: skip)")
    parser.add_argument("--random", type=int, default=2000, help="inputs of the seeded generator (0: skip)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--attacks", action="store_true", help="time the slow-text attacks at --mb")
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args(argv)
    found: set[Finding] = set()
    total = 0
    if args.examples:
        start = time.perf_counter()
        camp = hypothesis_campaign(args.examples, args.seed)
        camp.print("hypothesis strategies of tests/test_robust.py", time.perf_counter() - start)
        found.update(camp.findings)
        total += camp.tried
    if args.random:
        start = time.perf_counter()
        camp = random_campaign(args.random, args.seed)
        camp.print(f"seeded generator (seed {args.seed})", time.perf_counter() - start)
        found.update(camp.findings)
        total += camp.tried
    if args.attacks:
        attacks(args.mb)
    print(f"\n{total:,} inputs tried, {len(found)} distinct finding(s) (kind of failure and place)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
