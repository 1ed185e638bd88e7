"""Stage 7: verdicts. Interval comparison with tolerances; judging never prints."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from factcheck.model import Claim, Verdict
from factcheck.native import mypyc_attr

_RANK = {Verdict.AGREE: 0, Verdict.COMPATIBLE: 1, Verdict.CONFLICT: 2}


@mypyc_attr(native_class=False)  # in the pickled Config
@dataclass(frozen=True)
class Tolerance:
    """How far apart two values may be and still be compatible: max(absolute, relative * size)."""

    absolute: float = 0.0
    relative: float = 0.0


@mypyc_attr(native_class=False)  # in the pickled Config
@dataclass(frozen=True)
class Tolerances:
    """Tolerance per attribute; dates in days."""

    by_attribute: dict[str, Tolerance] = field(default_factory=dict)
    default: Tolerance = Tolerance()

    def get(self, attribute: str) -> Tolerance:
        """The tolerance of an attribute."""
        return self.by_attribute.get(attribute, self.default)


def _num(v: float | str | None, low: bool) -> float:
    if v is None:
        return -math.inf if low else math.inf
    if isinstance(v, str):
        if ":" in v:
            h, m = v.split(" ")[0].split(":")[:2]
            return int(h) * 60 + int(m)
        return float(dt.date.fromisoformat(v).toordinal())
    return float(v)


def interval(claim: Claim) -> tuple[float, float]:
    """The claim's value as a numeric interval (dates as day ordinals)."""
    return _num(claim.value.low, True), _num(claim.value.high, False)


def allowed_gap(a: Claim, b: Claim, tol: Tolerance) -> float:
    """The largest gap between two claims' intervals that the tolerance accepts.

    Dates and times take only the absolute part (days, minutes): a relative tolerance of a
    day ordinal would mean nothing.
    """
    if a.value.kind in ("date", "time"):
        return tol.absolute
    ends = [x for x in (*interval(a), *interval(b)) if math.isfinite(x)]
    size = max((abs(x) for x in ends), default=0.0)
    return max(tol.absolute, tol.relative * size)


def compare_pair(a: Claim, b: Claim, tol: Tolerance) -> tuple[Verdict, str]:
    """Verdict for two claims with comparable values, and why."""
    return _compare(a, interval(a), b, interval(b), tol)


def _compare(a: Claim, a_interval: tuple[float, float], b: Claim, b_interval: tuple[float, float],
             tol: Tolerance) -> tuple[Verdict, str]:
    """``compare_pair`` with the claims' intervals already computed."""
    a_lo, a_hi = a_interval
    b_lo, b_hi = b_interval
    if a_interval == b_interval:
        return Verdict.AGREE, "same value"
    if a_lo <= b_hi and b_lo <= a_hi:
        return Verdict.COMPATIBLE, "the intervals overlap"
    gap = b_lo - a_hi if a_hi < b_lo else a_lo - b_hi
    allowed = allowed_gap(a, b, tol)
    if allowed and gap <= allowed:
        return Verdict.COMPATIBLE, f"within tolerance ({gap:g} <= {allowed:g})"
    return Verdict.CONFLICT, "the intervals do not overlap"


@dataclass(frozen=True)
class PairResult:
    """How two claims of different sources compared (for ``explain``)."""

    a: Claim
    b: Claim
    verdict: Verdict | None  # None: not comparable (different events)
    reason: str
    allowed: float


def pair_results(claims: list[Claim], tol: Tolerance) -> list[PairResult]:
    """Every cross-source pair of a group's claims with its comparison, in source order."""
    out: list[PairResult] = []
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if a.source == b.source:
                continue
            if not comparable(a, b):
                out.append(PairResult(a, b, None, f"different events ({a.event or '-'} vs {b.event or '-'})", 0.0))
                continue
            verdict, reason = compare_pair(a, b, tol)
            out.append(PairResult(a, b, verdict, reason, allowed_gap(a, b, tol)))
    return out


# How many and how long depend on the event (delivered vs owned); a magnitude, a depth or a
# range is a property of the thing itself, and a sum of money is rarely stated twice for two
# different events of one subject, whatever verb carries it.
EVENT_BOUND = frozenset(("count", "percent", "rate_change", "duration", "mass"))


def comparable(a: Claim, b: Claim) -> bool:
    """Whether two claims of one group speak of the same event (None matches any)."""
    if a.value.kind != b.value.kind:
        return False
    if a.attribute not in EVENT_BOUND:
        return True
    return a.event is None or b.event is None or a.event == b.event


_Side = list[tuple[Claim, tuple[float, float]]]  # a source's claims in a group, with their intervals


def _pair_of_sources(mine: _Side, theirs: _Side, tol: Tolerance) -> tuple[Verdict, str] | None:
    """Two sources agree as well as their best-matching claims do: a source may state several
    values of one thing (five of the seven members), and one shared value is enough."""
    best: tuple[Verdict, Claim, Claim, str] | None = None
    for a, a_interval in mine:
        for b, b_interval in theirs:
            if not comparable(a, b):
                continue
            verdict, reason = _compare(a, a_interval, b, b_interval, tol)
            if best is None or _RANK[verdict] < _RANK[best[0]]:
                best = (verdict, a, b, reason)
    if best is None:
        return None
    verdict, a, b, reason = best
    return verdict, f"{a.source} {a.text!r} vs {b.source} {b.text!r}: {reason}"


def judge(claims: list[Claim], tol: Tolerance) -> tuple[Verdict, str]:
    """The verdict of a group: over every pair of sources, the worst of their best matches."""
    by_source: dict[str, _Side] = {}
    for c in claims:
        by_source.setdefault(c.source, []).append((c, interval(c)))
    if len(by_source) < 2:
        return Verdict.SINGLE, "one source only"
    ids = sorted(by_source, key=lambda s: (len(s), s))
    worst: tuple[Verdict, str] | None = None
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            got = _pair_of_sources(by_source[a], by_source[b], tol)
            if got and (worst is None or _RANK[got[0]] > _RANK[worst[0]]):
                worst = got
    if worst is None:
        events = sorted({c.event or "-" for c in claims})
        return Verdict.COMPATIBLE, "different events (" + ", ".join(events) + "): values not compared"
    return worst
