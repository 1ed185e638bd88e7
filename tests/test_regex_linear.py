"""Issue 7: text designed to be slow. Every attack goes through the whole pipeline (or, for the
patterns of load.py, through the stage that runs them) with a bound in seconds per MB.

The bounds are generous (several times the measured cost on a 2-core machine, see
docs/robustness.md) so a loaded CI machine does not fail them; a regular expression that turns
quadratic blows through them by orders of magnitude (the old ``_URL_LINE`` took 11 s on a 40 KB
line of spaces, and about an hour on 1 MB). ``benchmarks/fuzz.py --attacks`` runs the same attacks
at 1 MB and more and prints seconds per MB.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck import lang, load
from factcheck.config import Config
from factcheck.pipeline import compare
from timing import assert_linear, cpu_time

# An English and a Russian paragraph, repeated past langdetect's 6,000-character sample, so the
# attack that follows them is read as part of an English or Russian article, not skipped as
# "language undetermined".
EN = ("The ministry said on Tuesday that two planes arrived in Caracas on October 26, 2025, carrying "
      "40 tonnes of cargo. ")
RU = ("Министерство сообщило во вторник, что два самолета прибыли в Каракас 26 октября 2025 года с грузом "
      "40 тонн. ")
PREFIX = {"en": EN * 60, "ru": RU * 60}


def _mixed_runs(n: int) -> str:
    rng = random.Random(7)
    letters = "абвгдежзиклмнопрстaeiouxyzbcdkmnpABCDEАБВГДЕ"
    out, size = [], 0
    while size < n:
        word = "".join(rng.choice(letters) for _ in range(rng.randint(20, 400)))
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def _capitalised(n: int) -> str:
    rng = random.Random(11)
    vowels, consonants = "aeiou", "bcdfghklmnprstvz"
    words = []
    for _ in range(n):
        k = rng.randint(2, 4)
        words.append("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(k)).capitalize())
    return " ".join(words)


# name -> (text of the attack, language of the article it is put in, bound in seconds per MB)
ATTACKS: dict[str, tuple[Callable[[], str], str, float]] = {
    "100,000 digits in a row": (lambda: "1" * 100_000, "en", 30.0),
    "nested brackets": (lambda: "(" * 25_000 + "[«" * 5_000 + "»]" * 5_000 + ")" * 25_000, "en", 60.0),
    "10,000 capitalised words": (lambda: _capitalised(10_000), "en", 200.0),
    "Cyrillic/Latin mixed runs (en)": (lambda: _mixed_runs(100_000), "en", 60.0),
    "Cyrillic/Latin mixed runs (ru)": (lambda: _mixed_runs(100_000), "ru", 60.0),
    # Thousands of claims in one sentence: the costliest text per MB (see docs/robustness.md).
    "dates and numbers without end": (
        lambda: " ".join(f"{d % 28 + 1} October {1990 + d % 40} {d} km" for d in range(2000))[:8_000], "en", 400.0),
}


def _run(tmp_path: Path, text: str) -> float:
    (tmp_path / "attack.txt").write_text(text, encoding="utf-8")
    start = time.perf_counter()
    report = compare(tmp_path, Config(debug=True))
    elapsed = time.perf_counter() - start
    assert len(report.sources) == 1
    return elapsed


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_through_the_whole_pipeline(tmp_path: Path, name: str) -> None:
    make, language, per_mb = ATTACKS[name]
    attack = make()
    text = PREFIX[language] + attack + "\n" + PREFIX[language][:2000]
    assert lang.detect(text) == language  # the attack is read as part of a supported article
    elapsed = _run(tmp_path, text)
    mb = len(text.encode("utf-8")) / 1e6
    bound = 2.0 + per_mb * mb
    assert elapsed < bound, f"{name}: {elapsed:.2f} s for {mb:.2f} MB ({elapsed / mb:.1f} s/MB), bound {bound:.1f} s"


# Attacks on the patterns of load.py, run on 1 MB through the functions that use them; each was
# quadratic or worse before (see docs/robustness.md) or is the worst case of a bounded repeat.
LOAD_ATTACKS = {
    "a line of spaces": "Title\n" + " " * 1_000_000 + "x\n",
    "a line of tabs": "Title\n" + "\t" * 1_000_000 + "x\n",
    "spaces before a URL label": "Title\n" + " \t" * 500_000 + "Source: x\n",
    "a URL that never ends": "Original url: https://" + "a" * 1_000_000 + " x\n",
    "bold credit without end": "**" + "a/" * 500_000,
    "credits without end": ("**" + "x/" * 150 + "\n") * 3_300,
    "tags without end": "<a " * 333_333,
    "comments without end": "<!--" * 250_000,
    "headings": "# " * 500_000,
    "photo lines": "Photo:\r" * 140_000,
    "capital datelines": ("WASHINGTON " * 30 + "\n") * 3_000,
}


@pytest.mark.parametrize("name", list(LOAD_ATTACKS))
def test_load_patterns_are_linear(name: str) -> None:
    text = LOAD_ATTACKS[name]
    found: list[str] = []

    def work() -> None:
        clean = load.mask_markup(text, load.read_metadata(text).masked)
        lang.detect(clean)
        found.append(clean)

    elapsed = cpu_time(work)
    clean = found[0]
    mb = len(text) / 1e6
    assert len(clean) == len(text)
    # Measured 0.04-0.64 s per MB (docs/robustness.md).
    assert elapsed < 0.5 + 5 * mb, f"{name}: {elapsed:.2f} s for {mb:.2f} MB"


def test_load_patterns_scale_linearly() -> None:
    """Four times the text costs about four times as much, never sixteen (quadratic)."""
    assert_linear(lambda text: load.mask_markup(text, load.read_metadata(text).masked),
                  lambda n: "Title\n" + " " * n + "x\n" + "**" + "a/" * n + "\n" + "<a " * n, 50_000)
