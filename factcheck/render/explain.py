"""``explain GROUP``: every claim of one group in full, why the claims were grouped, why the verdict.

Without colour the value is shown inside ``[[`` and ``]]`` in its sentence; with colour it is
highlighted (bold, reversed) instead.
"""

from __future__ import annotations

import datetime as dt
import io
import math

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.text import Text

from factcheck.judge import PairResult, Tolerance, Tolerances, interval, pair_results
from factcheck.model import Claim, Entity, Group, Report, Verdict
from factcheck.render import RenderOptions, article_of, location, value_text
from factcheck.render.table import marks

_STYLE = {
    Verdict.CONFLICT: "bold red",
    Verdict.COMPATIBLE: "yellow",
    Verdict.AGREE: "green",
    Verdict.SINGLE: "dim",
}
HIGHLIGHT_OPEN = "[["
HIGHLIGHT_CLOSE = "]]"


class UnknownGroup(LookupError):
    """The asked-for group id is not in the report; ``str()`` is the message for the user."""


def group_ids(report: Report) -> list[str]:
    """The ids of every group of the report, in report order (G1, G2, ...)."""
    return [g.id for g in report.groups]


def find_group(report: Report, group_id: str) -> Group | None:
    """The group with this id ('G2', 'g2' and '2' all name G2), or None."""
    want = group_id.strip().upper()
    if want.isdigit():
        want = f"G{int(want)}"
    return next((g for g in report.groups if g.id.upper() == want), None)


def unknown_group_message(report: Report, group_id: str) -> str:
    """What to tell the user when ``group_id`` names no group of this run."""
    ids = group_ids(report)
    if not ids:
        return f"no group {group_id!r}: this run found no claim groups"
    multi = [g.id for g in report.groups if g.verdict is not Verdict.SINGLE]
    span = ids[0] if len(ids) == 1 else f"{ids[0]}..{ids[-1]}"
    shared = f" ({len(multi)} of them with two or more sources)" if multi else ""
    return (f"no group {group_id!r} in this run; its groups are {span}{shared}. "
            "`factcheck compare DIR --all` lists every group with its id")


def _day(x: float) -> str:
    return dt.date.fromordinal(int(x)).isoformat()


def _number(x: float) -> str:
    if float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.6g}"


def _point(claim: Claim, x: float) -> str:
    if not math.isfinite(x):
        return "-∞" if x < 0 else "∞"
    if claim.value.kind == "date":
        return _day(x)
    if claim.value.kind == "time":
        return f"{int(x) // 60:02d}:{int(x) % 60:02d}"
    return _number(x)


def interval_text(claim: Claim) -> str:
    """The interval a claim's value stands for: '2025-10-21', '[2025-10-11, 2025-10-20]', '(10, ∞) %'."""
    if claim.value.kind == "date" and claim.value.low is None:
        return "unanchored (no interval)"
    lo, hi = interval(claim)
    unit = f" {claim.value.unit}" if claim.value.unit else ""
    if lo == hi:
        return _point(claim, lo) + unit
    left = "(" if not math.isfinite(lo) else "["
    right = ")" if not math.isfinite(hi) else "]"
    return f"{left}{_point(claim, lo)}, {_point(claim, hi)}{right}{unit}"


def _units(claim: Claim) -> str:
    if claim.value.kind == "date":
        return "days"
    if claim.value.kind == "time":
        return "minutes"
    return claim.value.unit or ""


def _amount(claim: Claim, x: float) -> str:
    units = _units(claim)
    if claim.value.kind == "date" and x == 1:
        units = "day"
    return f"{_number(x)} {units}".rstrip()


def _gap(a: Claim, b: Claim) -> float:
    a_lo, a_hi = interval(a)
    b_lo, b_hi = interval(b)
    if a_hi < b_lo:
        return b_lo - a_hi
    if b_hi < a_lo:
        return a_lo - b_hi
    return 0.0


def _tolerance(group: Group, tolerance: Tolerance | Tolerances) -> Tolerance:
    return tolerance.get(group.attribute) if isinstance(tolerance, Tolerances) else tolerance


def _tolerance_text(group: Group, tol: Tolerance) -> str:
    kinds = {c.value.kind for c in group.claims}
    if kinds <= {"date", "time"}:
        unit = "days" if "date" in kinds else "minutes"
        return (f"tolerance for {group.attribute}: {_number(tol.absolute)} {unit} "
                "(dates and times use only the absolute part)")
    return (f"tolerance for {group.attribute}: the larger of {_number(tol.absolute)} (absolute) and "
            f"{tol.relative:.0%} of the largest end (relative)")


def sentence_text(claim: Claim, highlight: bool) -> Text:
    """The claim's whole sentence on one line with the value highlighted (bracketed when ``highlight`` is off)."""
    sent = claim.sentence
    a, b = claim.start - sent.start, claim.stop - sent.start
    left, mid, right = sent.text[:a], sent.text[a:b], sent.text[b:]
    left = " ".join(left.split()) + (" " if left[-1:].isspace() else "")
    mid = " ".join(mid.split())
    right = (" " if right[:1].isspace() else "") + " ".join(right.split())
    out = Text(left)
    if highlight:
        out.append(mid, style="bold reverse")
    else:
        out.append(f"{HIGHLIGHT_OPEN}{mid}{HIGHLIGHT_CLOSE}", style="bold")
    out.append(right)
    return out


def _source_key(ident: str) -> int:
    return int(ident[1:]) if ident[1:].isdigit() else 0


def _entity_map(report: Report) -> dict[str, Entity]:
    return {e.id: e for e in report.entities}


def _subject_lines(report: Report, group: Group) -> list[str]:
    sources = sorted({c.source for c in group.claims}, key=_source_key)
    ent = _entity_map(report).get(group.subject)
    if ent is not None:
        lines = [f"same subject: {ent.name} (entity {ent.id}, {ent.kind})"]
        for src in sources:
            forms = sorted({" ".join(m.text.split()) for m in ent.mentions if m.source == src})
            if forms:
                lines.append(f"  written in {src} as " + ", ".join(repr(f) for f in forms))
        return lines
    if group.subject.startswith("c:"):
        return [f"same subject: {group.subject_name} (concept {group.subject[2:]!r} from the word lists)"]
    if group.subject.startswith("n:"):
        return [f"same subject: {group.subject_name} (the noun {group.subject[2:]!r} in each sentence)"]
    return [f"same subject: {group.subject_name} ({group.subject})"]


def _shared_entities(report: Report, group: Group) -> list[str]:
    """Other entities named in the sentences of two or more of the group's sources."""
    ents = _entity_map(report)
    seen: dict[str, set[str]] = {}
    for c in group.claims:
        for e in c.entities:
            if e != group.subject and e in ents:
                seen.setdefault(e, set()).add(c.source)
    shared = [(e, srcs) for e, srcs in seen.items() if len(srcs) > 1]
    shared.sort(key=lambda x: (-len(x[1]), ents[x[0]].name.lower(), x[0]))
    return [f"{ents[e].name} ({e}) in " + ", ".join(sorted(srcs, key=_source_key))
            for e, srcs in shared]


def _grouping(report: Report, group: Group) -> list[RenderableType]:
    out: list[RenderableType] = [Text("Why these claims are grouped", style="bold")]
    lines = _subject_lines(report, group)
    lines.append(f"same attribute: {group.attribute}")
    kinds = {c.value.kind for c in group.claims}
    if kinds <= {"date", "time"}:
        lines.append(f"same event: {group.event or '-'} (dates are grouped by subject, attribute and event)")
    else:
        units = sorted({c.value.unit or "none" for c in group.claims})
        lines.append(f"same unit: {', '.join(units)} (quantities are grouped by subject, attribute and unit)")
        named = sorted({c.event for c in group.claims if c.event})
        silent = sorted({c.source for c in group.claims if not c.event}, key=_source_key)
        if not named:
            lines.append("event: none named (any event matches)")
        elif len(named) == 1 and not silent:
            lines.append(f"event: {named[0]} in every claim")
        elif len(named) == 1:
            lines.append(f"event: {named[0]}; {', '.join(silent)} name{'s' if len(silent) == 1 else ''} "
                         "no event, which matches any")
        else:
            per = "; ".join(f"{c.source} {c.event or '-'}" for c in group.claims)
            lines.append(f"events differ ({per}): the judge compares only claims about the same event")
    shared = _shared_entities(report, group)
    if shared:
        lines.append("also named together: " + "; ".join(shared))
    elif len({c.source for c in group.claims}) > 1:
        lines.append("no other entity is named in the sentences of two sources")
    for line in lines:
        out.append(Padding(Text(line), (0, 0, 0, 2)))
    return out


def _pair_line(p: PairResult) -> Text:
    head = Text()
    head.append(f"{p.a.source} vs {p.b.source}: ", style="bold")
    head.append(f"{interval_text(p.a)} vs {interval_text(p.b)}")
    if p.verdict is None:
        head.append(f" → not compared ({p.reason})", style="dim")
        return head
    gap = _gap(p.a, p.b)
    detail = f"; gap {_amount(p.a, gap)}, allowed {_amount(p.a, p.allowed)}" if gap else ""
    head.append(detail)
    head.append(" → ")
    head.append(p.verdict.value, style=_STYLE[p.verdict])
    head.append(f" ({p.reason})")
    return head


def _verdict(group: Group, tol: Tolerance) -> list[RenderableType]:
    out: list[RenderableType] = [Text("Why the verdict", style="bold")]
    pairs = pair_results(list(group.claims), tol)
    if not pairs:
        out.append(Padding(Text("one source only: nothing to compare"), (0, 0, 0, 2)))
        return out
    out.append(Padding(Text(_tolerance_text(group, tol)), (0, 0, 0, 2)))
    for p in pairs:
        out.append(Padding(_pair_line(p), (0, 0, 0, 2)))
    rule = Text("group verdict: ")
    rule.append(group.verdict.value, style=_STYLE[group.verdict])
    rule.append(" — each pair of sources counts its best-matching claims, and the worst pair decides")
    out.append(Padding(rule, (0, 0, 0, 2)))
    return out


def _date_line(report: Report, claim: Claim) -> str | None:
    if claim.value.kind != "date":
        return None
    if not claim.anchored:
        why = claim.resolution or "relative date with nothing to resolve it against"
        return f"date: unanchored — {why} (give --assume-date YYYY-MM-DD to resolve it)"
    if claim.resolution:
        return f"date: {claim.resolution}"
    return "date: written out in full"


def _claim_block(report: Report, claim: Claim, highlight: bool) -> list[RenderableType]:
    art = article_of(report, claim.source)
    line, col, _, _ = location(art, claim)
    head = Text()
    head.append(f"{claim.source}  ", style="bold")
    head.append(value_text(claim), style="bold")
    head.append(f"  {report.path_of(art)}:{line}:{col}", style="cyan")
    pub = f"published {art.published} ({art.date_source})" if art.published else "undated"
    about = [f"language {art.lang}, {pub}"]
    label = " — ".join(x for x in (art.title, art.outlet) if x)
    if label:
        about.append(f"article: {label}")
    date = _date_line(report, claim)
    if date:
        about.append(date)
    cited = marks(claim)
    about.append("; ".join(cited) if cited else "stated by the source itself, not hedged")
    out: list[RenderableType] = [head]
    for i, text in enumerate(about):
        style = "magenta" if i == len(about) - 1 and cited else ("dim" if label and text.endswith(label) else "")
        out.append(Padding(Text(text, style=style), (0, 0, 0, 4)))
    out.append(Padding(sentence_text(claim, highlight), (0, 0, 0, 4)))
    return out


def explain_parts(
    report: Report, group: Group, tolerance: Tolerance | Tolerances, highlight: bool
) -> list[RenderableType]:
    """The explanation of one group as rich renderables (for printing on a live console)."""
    tol = _tolerance(group, tolerance)
    title = Text()
    title.append(f"{group.id} ", style="bold")
    title.append(group.verdict.value, style=_STYLE[group.verdict])
    title.append(f" · {group.subject_name} · {group.attribute}" + (f" · {group.event}" if group.event else ""),
                 style="bold")
    out: list[RenderableType] = [title]
    if group.reason:
        out.append(Text(f"reason: {group.reason}"))
    if not highlight:
        out.append(Text(f"(each value is shown between {HIGHLIGHT_OPEN} and {HIGHLIGHT_CLOSE} in its sentence)",
                        style="dim"))
    out.append(Text(""))
    sources = len({c.source for c in group.claims})
    out.append(Text(f"Claims ({len(group.claims)} from {sources} source{'s' if sources != 1 else ''})", style="bold"))
    for c in group.claims:
        out.extend(Padding(r, (0, 0, 0, 2)) for r in _claim_block(report, c, highlight))
    out.append(Text(""))
    out.extend(_grouping(report, group))
    out.append(Text(""))
    out.extend(_verdict(group, tol))
    return out


def print_explain(report: Report, group_id: str, console: Console, tolerance: Tolerance | Tolerances) -> None:
    """Print the explanation of group ``group_id`` on ``console``; raises UnknownGroup if there is none."""
    # The value is highlighted with colour when the console has colour, bracketed otherwise.
    group = find_group(report, group_id)
    if group is None:
        raise UnknownGroup(unknown_group_message(report, group_id))
    highlight = console.color_system is not None and not console.no_color
    for part in explain_parts(report, group, tolerance, highlight=highlight):
        console.print(part, highlight=False)


def render_explain(report: Report, group_id: str, options: RenderOptions, tolerance: Tolerance | Tolerances) -> str:
    """The explanation of group ``group_id`` as text; raises UnknownGroup (message for the user) if there is none."""
    # ``tolerance`` is the group's tolerance, or the run's Tolerances (the group's attribute picks one).
    buf = io.StringIO()
    console = Console(file=buf, width=options.width, color_system="standard" if options.color else None,
                      force_terminal=options.color, legacy_windows=False, soft_wrap=False, highlight=False)
    print_explain(report, group_id, console, tolerance)
    return buf.getvalue()
