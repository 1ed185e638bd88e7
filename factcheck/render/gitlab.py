"""GitLab Code Quality report: a JSON array with one issue per finding group.

GitLab merges issues with equal fingerprints, so each carries its group's line-free fingerprint;
the location is the group's first claim, the description names every side.
"""

from __future__ import annotations

import json
from typing import Any

from factcheck.findings import RULES
from factcheck.model import Group, Report, Verdict
from factcheck.render import RenderOptions, finding_groups, location, sources_by_id
from factcheck.render.sarif import side_text, topic

SEVERITY = {Verdict.CONFLICT: "major", Verdict.COMPATIBLE: "minor"}


def issue_json(report: Report, group: Group) -> dict[str, Any]:
    """One finding group as a Code Quality issue."""
    rule = RULES[group.verdict]
    by_id = sources_by_id(report)
    sides = []
    for c in group.claims:
        art = by_id[c.source]
        sides.append(f"{c.source} {report.path_of(art)}:{location(art, c)[0]} says {side_text(c)}")
    first = group.claims[0]
    art = by_id[first.source]
    return {
        "description": f"{rule.short}: {topic(group)} ({group.id}): " + "; ".join(sides),
        "check_name": rule.id,
        "fingerprint": group.fingerprint,
        "severity": SEVERITY[group.verdict],
        "location": {"path": report.path_of(art), "lines": {"begin": location(art, first)[0]}},
    }


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    issues = [issue_json(report, g) for g in finding_groups(report, options) if g.verdict in SEVERITY]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
