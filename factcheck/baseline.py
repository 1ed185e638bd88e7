"""Baselines: accept today's findings by fingerprint, report only new ones later.

The file holds fingerprints (no line numbers count), plus subject, values and lines for the
people who read it in review.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from factcheck import __version__
from factcheck.findings import FINGERPRINT_VERSION, RULES
from factcheck.model import BaselineStatus, Group, Report

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read (exit code 2)."""


def baseline_json(report: Report, groups: list[Group]) -> str:
    """The baseline document for ``groups`` (sorted by fingerprint, stable across runs)."""
    from factcheck.render import line_col, value_text

    by_id = {a.id: a for a in report.sources}
    entries = []
    for g in sorted(groups, key=lambda g: g.fingerprint):
        rule = RULES.get(g.verdict)
        sides = []
        for c in g.claims:
            article = by_id[c.source]
            sides.append({"path": article.path, "line": line_col(article.text, c.start)[0], "value": value_text(c)})
        entries.append({
            "fingerprint": g.fingerprint,
            "rule": rule.id if rule else g.verdict.value,
            "subject": g.subject_name,
            "attribute": g.attribute,
            "event": g.event,
            "sides": sides,
        })
    doc = {
        "version": BASELINE_VERSION,
        "fingerprint_version": FINGERPRINT_VERSION,
        "tool": f"factcheck {__version__}",
        "findings": entries,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def read_baseline(path: Path) -> set[str]:
    """The fingerprints recorded in a baseline file."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a factcheck baseline: {exc}") from None
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"{path}: not a factcheck baseline (version {BASELINE_VERSION} expected)")
    out = set()
    for entry in doc["findings"]:
        fp = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fp, str):
            raise BaselineError(f"{path}: an entry has no fingerprint")
        out.add(fp)
    return out


def apply_baseline(report: Report, fingerprints: set[str], path: str) -> Report:
    """``report`` without the groups the baseline accepts, and how many it hid or no longer matched."""
    from factcheck.pipeline import with_groups

    present = {g.fingerprint for g in report.groups}
    kept = tuple(g for g in report.groups if g.fingerprint not in fingerprints)
    status = BaselineStatus(path, len(report.groups) - len(kept), len(fingerprints - present))
    return replace(with_groups(report, kept), baseline=status)
