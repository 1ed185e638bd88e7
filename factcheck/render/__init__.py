"""Stage 8: renderers. Each turns a Report into one output format; only they compute line:column."""

from __future__ import annotations

import bisect
import operator
import re
import weakref
from collections import Counter
from collections.abc import Callable
from functools import cache
from itertools import accumulate
from typing import Any

from dataclasses import dataclass

from factcheck.model import Article, Claim, Group, Report, Verdict

_NEWLINE = re.compile(r"\r\n|\r|\n")


@cache
def _line_starts(text: str) -> tuple[int, ...]:
    """The offset of every line's first character (\\r\\n, \\r and \\n all end a line)."""
    if "\r" in text:
        return (0, *[m.end() for m in _NEWLINE.finditer(text)])
    # Only \n: line k starts after the k lines before it and their k newlines (no loop in Python).
    lines = text.split("\n")
    return tuple(map(operator.add, accumulate(map(len, lines[:-1]), initial=0), range(len(lines))))


_INDEX: dict[int, tuple[weakref.ref[Report], dict[str, Article], Counter[str], Counter[str]]] = {}


def _index(report: Report) -> tuple[dict[str, Article], Counter[str], Counter[str]]:
    """Sources by id and claim counts per source, built once per report (renderers must stay linear)."""
    got = _INDEX.get(id(report))
    if got is None or got[0]() is not report:
        counts: Counter[str] = Counter(c.source for c in report.claims)
        loose: Counter[str] = Counter(c.source for c in report.claims if not c.anchored)
        if len(_INDEX) > 8:
            _INDEX.clear()
        got = _INDEX[id(report)] = (weakref.ref(report), {a.id: a for a in report.sources}, counts, loose)
    return got[1], got[2], got[3]


def sources_by_id(report: Report) -> dict[str, Article]:
    """Every article of the report by source id (built once per report)."""
    return _index(report)[0]


def article_of(report: Report, source: str) -> Article:
    """The article of a source id."""
    return _index(report)[0][source]


def claim_count(report: Report, source: str, unanchored: bool = False) -> int:
    """How many claims a source has (or how many of them are unanchored relative dates)."""
    return _index(report)[2 if unanchored else 1][source]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (\\r\\n, \\r and \\n all end a line)."""
    starts = _line_starts(text)
    i = bisect.bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


def quote(claim: Claim) -> str:
    """The claim's sentence on one line."""
    return " ".join(claim.sentence.text.split())


def location(article: Article, claim: Claim) -> tuple[int, int, int, int]:
    """(line, column, end line, end column one past the last character) of a claim's value."""
    line, col = line_col(article.text, claim.start)
    end_line, end_col = line_col(article.text, claim.stop)
    return line, col, end_line, end_col


def value_text(claim: Claim) -> str:
    """A claim's value for people: '1', 'up to 1,000 km', '2025-10-21', '2025-10-11..2025-10-20'."""
    v = claim.value
    if v.kind == "date":
        if v.low is None:
            return f"{claim.text} (unanchored)"
        if v.low == v.high:
            return str(v.low)
        lo, hi = str(v.low), str(v.high)
        # Same year: 2025-10-11..10-20.
        return f"{lo}..{hi[5:]}" if lo[:4] == hi[:4] else f"{lo}..{hi}"
    if v.kind == "time":
        return str(v.low)
    unit = f" {v.unit}" if v.unit else ""
    if unit == " %":
        unit = "%"

    def num(x: float | str | None) -> str:
        if not isinstance(x, float | int):
            return str(x)
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"

    if v.low is not None and v.low == v.high:
        core = num(v.low)
    elif v.qualifier == "up_to" and v.high is not None:
        core = f"up to {num(v.high)}"
    elif v.high is None and v.low is not None:
        core = f"more than {num(v.low)}" if v.qualifier == "more_than" else f"at least {num(v.low)}"
    elif v.low is None and v.high is not None:
        core = f"at most {num(v.high)}"
    else:
        core = f"{num(v.low)}–{num(v.high)}"
    return core + unit


@dataclass(frozen=True)
class RenderOptions:
    """What every renderer may be asked for; each format uses the fields that apply to it."""

    width: int = 100
    color: bool = False
    show_all: bool = False
    # Verdicts reported as CI findings (annotations, SARIF results, JUnit failures...).
    findings: frozenset[Verdict] = frozenset({Verdict.CONFLICT})
    view: str = "table"  # table | matrix (terminal only)
    verbosity: int = 0  # -1 quiet, 0 normal, 1 verbose


# Format name -> module under factcheck.render exposing ``render_report(report, options) -> str``.
FORMATS: dict[str, str] = {
    "table": "table",
    "json": "json",
    "jsonl": "jsonl",
    "markdown": "markdown",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
    "html": "html",
}


def finding_groups(report: Report, options: RenderOptions) -> list[Group]:
    """The groups reported as findings, most important first (conflicts, then by id)."""
    rank = {Verdict.CONFLICT: 0, Verdict.COMPATIBLE: 1, Verdict.AGREE: 2, Verdict.SINGLE: 3}
    chosen = [g for g in report.groups if g.verdict in options.findings]
    return sorted(chosen, key=lambda g: (rank[g.verdict], int(g.id[1:]) if g.id[1:].isdigit() else 0, g.id))


def _module(fmt: str) -> Any:
    import importlib

    return importlib.import_module(f"factcheck.render.{FORMATS[fmt]}")


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    """The report in one of ``FORMATS``."""
    return _module(fmt).render_report(report, options or RenderOptions())


def write(report: Report, fmt: str, options: RenderOptions, out: Callable[[str], Any]) -> None:
    """Write the report in one of ``FORMATS`` through ``out``: piece by piece when the format's
    module can stream (``write_report``), so a large archive's output is never held whole."""
    module = _module(fmt)
    if hasattr(module, "write_report"):
        module.write_report(report, options, out)
    else:
        out(module.render_report(report, options))
