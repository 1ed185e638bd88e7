"""Renderers of the `entities` and `claims` commands (table and JSON)."""

from __future__ import annotations

import io
import json
from collections import Counter

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from factcheck.model import Report
from factcheck.render import location, value_text
from factcheck.render.json import SCHEMA_VERSION, claim_json, entities_json, problems_json, sources_json


def _console(buf: io.StringIO, width: int) -> Console:
    return Console(file=buf, width=width, color_system=None, force_terminal=False, soft_wrap=False)


def entities_table(report: Report, console: Console) -> None:
    """Every entity: canonical name, kind, each surface form with its sources and count."""
    names = {e.id: e.name for e in report.entities}
    table = Table(title=f"Entities ({len(report.entities)})", box=box.SIMPLE_HEAD, title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("name", overflow="fold", max_width=30)
    table.add_column("kind", no_wrap=True)
    table.add_column("forms (count, sources)", overflow="fold", ratio=1)
    for e in report.entities:
        forms: Counter[str] = Counter(m.text for m in e.mentions)
        srcs: dict[str, set[str]] = {}
        for m in e.mentions:
            srcs.setdefault(m.text, set()).add(m.source)
        cell = Text()
        for i, (form, n) in enumerate(sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))):
            cell.append(("; " if i else "") + form, style="bold")
            cell.append(f" ×{n} " + ",".join(sorted(srcs[form], key=lambda s: int(s[1:]))))
        name = e.name + (f"\n(variant of {names.get(e.variant_of, e.variant_of)})" if e.variant_of else "")
        table.add_row(e.id, Text(name), e.kind, cell)
    console.print(table)


def claims_table(report: Report, console: Console) -> None:
    """Every claim of each file, in text order."""
    for a in report.sources:
        claims = [c for c in report.claims if c.source == a.id]
        pub = str(a.published) if a.published else "undated"
        table = Table(title=Text(f"{a.path} ({a.lang}, {pub}): {len(claims)} claims"), box=box.SIMPLE_HEAD,
                      title_justify="left", expand=True)
        table.add_column("at", no_wrap=True)
        table.add_column("subject", overflow="fold", max_width=24)
        table.add_column("attribute", overflow="fold")
        table.add_column("event", overflow="fold")
        table.add_column("value", overflow="fold", max_width=20)
        table.add_column("as written", overflow="fold", ratio=1)
        for c in claims:
            line, col, _, _ = location(a, c)
            marks = " (hedged)" if c.hedged else ""
            table.add_row(f"{line}:{col}", Text(c.subject_name or "—"), c.attribute, c.event or "—",
                          Text(value_text(c)), Text(c.text + marks))
        console.print(table)
    for p in report.problems:
        console.print(f"{p.severity.value}: {p.path}: {p.message}", markup=False, highlight=False)


def render_entities(report: Report, fmt: str, width: int = 100) -> str:
    """The entities of a report as a table or JSON."""
    if fmt == "json":
        return json.dumps({"schema_version": SCHEMA_VERSION, "sources": sources_json(report),
                           "entities": entities_json(report)}, ensure_ascii=False, indent=2) + "\n"
    buf = io.StringIO()
    entities_table(report, _console(buf, width))
    return buf.getvalue()


def render_claims(report: Report, fmt: str, width: int = 100) -> str:
    """Every claim of a report as tables or JSON."""
    if fmt == "json":
        claims = []
        for c in report.claims:
            item = claim_json(report, c)
            item.update({"subject": c.subject_name or None, "attribute": c.attribute})
            claims.append(item)
        return json.dumps({"schema_version": SCHEMA_VERSION, "sources": sources_json(report), "claims": claims,
                           "problems": problems_json(report)}, ensure_ascii=False, indent=2) + "\n"
    buf = io.StringIO()
    claims_table(report, _console(buf, width))
    return buf.getvalue()
