"""JSON Lines: one compact object per group (the group object of the JSON contract plus
``"type": "group"``), then one ``"type": "summary"`` line with the counts and the source paths."""

from __future__ import annotations

import json
from typing import Any

from factcheck.model import Report, source_order
from factcheck.render import RenderOptions, finding_groups
from factcheck.render.json import SCHEMA_VERSION, group_json, problems_json
from factcheck.render.json import summary_json as contract_summary


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def summary_json(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The last line: the JSON contract's summary and problems, the finding group ids and source paths."""
    baseline = report.baseline
    return {
        "type": "summary",
        "schema_version": SCHEMA_VERSION,
        **contract_summary(report),
        "suppressed": report.suppressed,
        "findings": [g.id for g in finding_groups(report, options)],
        "problems": problems_json(report),
        "baseline": (
            {"path": baseline.path, "baselined": baseline.baselined, "stale": baseline.stale} if baseline else None
        ),
        "source_paths": {a.id: report.path_of(a) for a in sorted(report.sources, key=lambda a: source_order(a.id))},
    }


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    lines = [_line({"type": "group", **group_json(report, g)}) for g in report.groups]
    lines.append(_line(summary_json(report, options)))
    return "\n".join(lines) + "\n"
