"""Stage 6: alignment. Claims from different sources about the same thing are blocked by key,
so the work stays linear in the number of claims (no all-pairs comparison)."""

from __future__ import annotations

from collections import defaultdict

from factcheck.model import Claim, source_order

GroupKey = tuple[str, str, str]


def key_of(claim: Claim) -> GroupKey | None:
    """The alignment key of a claim, or None when it cannot be aligned.

    Dates are keyed by their event (the date of what?); quantities by their unit, and
    their events are compared by the judge instead.
    """
    if not claim.subject or not claim.anchored:
        return None
    if claim.value.kind in ("date", "time"):
        if not claim.event:
            return None  # the date of what? too loose to compare
        return (claim.subject, claim.attribute, claim.event)
    return (claim.subject, claim.attribute, claim.value.unit or "")


def align(claims: list[Claim]) -> dict[GroupKey, list[Claim]]:
    """Claims grouped by key; every group's claims sorted by source and position."""
    groups: dict[GroupKey, list[Claim]] = defaultdict(list)
    for claim in claims:
        key = key_of(claim)
        if key is not None:
            groups[key].append(claim)
    return {k: sorted(v, key=lambda c: (source_order(c.source), c.start, c.stop)) for k, v in groups.items()}
