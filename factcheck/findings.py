"""Findings for CI: which groups are reported, under which rule, and their stable fingerprints.

A fingerprint is a hash of the rule id and the sorted (path, normalised claim text) of the
group's sides. It holds no line numbers, so it survives edits that move lines; SARIF, GitLab,
JUnit and the baseline all use this one value.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from factcheck.model import Claim, Group, Verdict

FINGERPRINT_VERSION = 1


@dataclass(frozen=True)
class Rule:
    """One kind of finding, with the texts that SARIF and the docs show."""

    id: str
    name: str
    level: str  # SARIF level: error | warning | note
    short: str
    full: str
    help: str


RULES: dict[Verdict, Rule] = {
    Verdict.CONFLICT: Rule(
        id="conflict",
        name="SourcesContradict",
        level="error",
        short="Sources contradict each other on a checkable fact",
        full="Two or more sources state values for the same subject, attribute and event whose "
        "intervals do not overlap, even after the configured tolerance.",
        help="Check each source's sentence and correct the wrong one; if the disagreement is known "
        "and accepted, add it to a baseline (--write-baseline) or mark the line with "
        "<!-- factcheck: ignore -->.",
    ),
    Verdict.COMPATIBLE: Rule(
        id="compatible",
        name="SourcesDifferCompatibly",
        level="warning",
        short="Sources give different but compatible values",
        full="The sources' values differ but overlap (a vague quantity, a range, a relative date) or "
        "differ by less than the configured tolerance.",
        help="Usually fine; reported as a finding only with --fail-on compatible. Make the values "
        "precise if the articles should say the same thing.",
    ),
}

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as compared for fingerprints: NFC, case-folded, stress marks dropped, spaces collapsed."""
    text = unicodedata.normalize("NFD", text)
    text = text.replace("\u0301", "").replace("\u0300", "")
    text = unicodedata.normalize("NFC", text).casefold()
    return _SPACE.sub(" ", text).strip()


def claim_text(claim: Claim) -> str:
    """The normalised text of one claim: its attribute, event, value as written and sentence.

    Entity ids (E12) are left out on purpose: they are numbered per run and shift when an
    unrelated name is added; the sentence already says what the claim is about.
    """
    head = _normalised(f"{claim.attribute} {claim.event or ''} {claim.text}")
    return f"{head} | {_normalised(claim.sentence.text)}"


@functools.lru_cache(maxsize=1 << 15)
def _normalised(text: str) -> str:
    """``normalise``, once per text: a 20,000-character sentence may hold thousands of claims, and an
    archive repeats a few thousand attribute-event-value heads."""
    return normalise(text)


def fingerprint(group: Group, paths: dict[str, str]) -> str:
    """The stable fingerprint of a group (``paths`` maps source ids to shown paths)."""
    rule = RULES.get(group.verdict)
    rule_id = rule.id if rule else group.verdict.value
    sides = sorted({(paths.get(c.source, c.source), claim_text(c)) for c in group.claims})
    payload = "\x1f".join([rule_id, *(f"{p}\x1e{t}" for p, t in sides)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
