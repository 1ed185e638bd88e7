"""Stage 7: verdicts. Interval comparison with tolerances; judging never prints."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from factcheck.model import Claim, Verdict

_RANK = {Verdict.AGREE: 0, Verdict.COMPATIBLE: 1, Verdict.CONFLICT: 2}


@dataclass(frozen=True)
class Tolerance:
    """How far apart two values may be and still be compatible: max(absolute, relative * size)."""

    absolute: float = 0.0
    relative: float = 0.0


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


def compare_pair(a: Claim, b: Claim, tol: Tolerance) -> tuple[Verdict, str]:
    """Verdict for two claims with comparable values, and why."""
    a_lo, a_hi = interval(a)
    b_lo, b_hi = interval(b)
    if (a_lo, a_hi) == (b_lo, b_hi):
        return Verdict.AGREE, "same value"
    if a_lo <= b_hi and b_lo <= a_hi:
        return Verdict.COMPATIBLE, "the intervals overlap"
    gap = b_lo - a_hi if a_hi < b_lo else a_lo - b_hi
    size = max(abs(x) for x in (a_lo, a_hi, b_lo, b_hi) if math.isfinite(x))
    allowed = max(tol.absolute, tol.relative * size)
    if gap <= allowed:
        return Verdict.COMPATIBLE, f"within tolerance ({gap:g} <= {allowed:g})"
    return Verdict.CONFLICT, "the intervals do not overlap"


# How many, how much and how long depend on the event (delivered vs owned); a magnitude, a
# depth or a range is a property of the thing itself, whatever verb carries it.
EVENT_BOUND = frozenset(("count", "money", "percent", "rate_change", "duration", "mass"))


def comparable(a: Claim, b: Claim) -> bool:
    """Whether two claims of one group speak of the same event (None matches any)."""
    if a.value.kind != b.value.kind:
        return False
    if a.attribute not in EVENT_BOUND:
        return True
    return a.event is None or b.event is None or a.event == b.event


def judge(claims: list[Claim], tol: Tolerance) -> tuple[Verdict, str]:
    """The verdict of a group: the worst over all comparable pairs from different sources."""
    sources = {c.source for c in claims}
    if len(sources) < 2:
        return Verdict.SINGLE, "one source only"
    worst: Verdict | None = None
    why = ""
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if a.source == b.source or not comparable(a, b):
                continue
            verdict, reason = compare_pair(a, b, tol)
            if worst is None or _RANK[verdict] > _RANK[worst]:
                worst, why = verdict, f"{a.source} {a.text!r} vs {b.source} {b.text!r}: {reason}"
    if worst is None:
        events = sorted({c.event or "-" for c in claims})
        return Verdict.COMPATIBLE, "different events (" + ", ".join(events) + "): values not compared"
    return worst, why
