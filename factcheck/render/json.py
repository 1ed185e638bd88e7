"""The JSON contract (schema_version 1); documented in docs/json.md and docs/schema.json."""

from __future__ import annotations

import json
from typing import Any

from factcheck.model import Claim, Group, Report
from factcheck.render import RenderOptions, article_of, claim_count, line_col, location, quote

SCHEMA_VERSION = 1


def _num(x: float | str | None) -> float | int | str | None:
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def claim_json(report: Report, claim: Claim) -> dict[str, Any]:
    """One claim as JSON."""
    article = article_of(report, claim.source)
    line, col, end_line, end_col = location(article, claim)
    v = claim.value
    return {
        "source": claim.source,
        "value": {"kind": v.kind, "low": _num(v.low), "high": _num(v.high), "unit": v.unit, "qualifier": v.qualifier,
                  "implicit": v.implicit},
        "text": claim.text,
        "quote": quote(claim),
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "event": claim.event,
        "hedged": claim.hedged,
        "hedge": claim.hedge,
        "attribution": claim.attribution,
        "anchored": claim.anchored,
        "resolution": claim.resolution,
    }


def group_json(report: Report, group: Group) -> dict[str, Any]:
    """One group with its claims as JSON."""
    return {
        "id": group.id,
        "subject": group.subject_name,
        "subject_key": group.subject,
        "attribute": group.attribute,
        "event": group.event,
        "verdict": group.verdict.value,
        "reason": group.reason,
        "fingerprint": group.fingerprint,
        "story": group.story,
        "claims": [claim_json(report, c) for c in group.claims],
    }


def report_json(report: Report) -> dict[str, Any]:
    """The whole report as a JSON-ready dict."""
    by_id = {a.id: a for a in report.sources}
    texts = {a.path: a.text for a in report.sources}
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": [
            {
                "id": a.id,
                "path": a.path,
                "lang": a.lang,
                "published": a.published.isoformat() if a.published else None,
                "date_source": a.date_source,
                "title": a.title,
                "outlet": a.outlet,
                "claims": claim_count(report, a.id),
            }
            for a in report.sources
        ],
        "groups": [group_json(report, g) for g in report.groups],
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "kind": e.kind,
                "variant_of": e.variant_of,
                "mentions": [
                    {"source": m.source, "text": m.text, "line": line_col(by_id[m.source].text, m.start)[0]}
                    for m in e.mentions
                ],
            }
            for e in report.entities
        ],
        "stories": [{"id": s.id, "name": s.name, "sources": list(s.sources)} for s in report.stories],
        "problems": [
            {"path": p.path, "severity": p.severity.value, "message": p.message,
             "line": line_col(texts[p.path], p.offset)[0] if p.offset is not None and p.path in texts else None}
            for p in report.problems
        ],
        "summary": {
            "sources": report.summary.sources,
            "skipped": report.summary.skipped,
            "claims": report.summary.claims,
            "groups": report.summary.groups,
            "verdicts": report.summary.verdicts,
            "unanchored": sum(1 for c in report.claims if not c.anchored),
            "suppressed": report.suppressed,
        },
        "baseline": None if report.baseline is None else {
            "path": report.baseline.path, "baselined": report.baseline.baselined, "stale": report.baseline.stale,
        },
    }


def render_json(report: Report) -> str:
    """The report as one JSON document."""
    return json.dumps(report_json(report), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    return render_json(report)
