"""The terminal report (rich): sources, conflicts, agreements, single-source claims, summary."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from factcheck.model import Claim, Group, Report, Verdict
from factcheck.render import RenderOptions, location, value_text

_STYLE = {
    Verdict.CONFLICT: "bold red",
    Verdict.COMPATIBLE: "yellow",
    Verdict.AGREE: "green",
    Verdict.SINGLE: "dim",
}
_QUOTE_WIDTH = 110


def _snippet(claim: Claim) -> Text:
    """The sentence around the value, shortened, with the value in bold."""
    sent = claim.sentence
    text = sent.text
    a, b = claim.start - sent.start, claim.stop - sent.start
    left, mid, right = text[:a], text[a:b], text[b:]
    left, mid, right = (" ".join(left.split()) + (" " if left[-1:].isspace() else ""), " ".join(mid.split()),
                        (" " if right[:1].isspace() else "") + " ".join(right.split()))
    room = max(20, _QUOTE_WIDTH - len(mid))
    if len(left) + len(right) > room:
        keep_left = min(len(left), room // 2)
        keep_right = room - keep_left
        if len(right) < keep_right:
            keep_left = room - len(right)
        if keep_left < len(left):
            cut = left[len(left) - keep_left :]
            cut = cut[cut.find(" ") + 1 :] if " " in cut[:-1] else cut
            left = "…" + cut
        if keep_right < len(right):
            cut = right[:keep_right]
            cut = cut[: cut.rfind(" ")] if " " in cut[1:] else cut
            right = cut + "…"
    out = Text(left)
    out.append(mid, style="bold underline")
    out.append(right)
    return out


def _marks(claim: Claim) -> str:
    parts = []
    if claim.value.implicit:
        parts.append("implicit")
    if claim.hedged:
        parts.append(f"hedged: {claim.hedge}")
    if claim.attribution:
        parts.append(f"per {claim.attribution}")
    return "; ".join(parts)


def _group_table(report: Report, groups: list[Group], title: str) -> Table:
    by_id = {a.id: a for a in report.sources}
    table = Table(title=title, box=box.SIMPLE_HEAD, show_lines=False, title_justify="left", expand=True)
    table.add_column("group", overflow="fold", max_width=20)
    table.add_column("src", no_wrap=True)
    table.add_column("value", overflow="fold", max_width=18)
    table.add_column("evidence", overflow="fold", ratio=1)
    for g in groups:
        head = Text(f"{g.id} ", style=_STYLE[g.verdict])
        head.append(g.verdict.value, style=_STYLE[g.verdict])
        head.append(f"\n{g.subject_name}\n{g.attribute}" + (f" · {g.event}" if g.event else ""))
        for i, c in enumerate(g.claims):
            art = by_id[c.source]
            line, col, _, _ = location(art, c)
            value = Text(value_text(c), style=_STYLE[g.verdict] if g.verdict is Verdict.CONFLICT else "")
            marks = _marks(c)
            evidence = Text(f"{art.path}:{line}:{col}", style="cyan")
            if marks:
                evidence.append(f"  [{marks}]", style="magenta")
            evidence.append("\n")
            evidence.append_text(_snippet(c))
            table.add_row(head if i == 0 else "", c.source, value, evidence)
        table.add_section()
    return table


def _sources_table(report: Report) -> Table:
    table = Table(title="Sources", box=box.SIMPLE_HEAD, title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("file", overflow="fold", min_width=12)
    table.add_column("lang", no_wrap=True)
    table.add_column("published", overflow="fold", max_width=12)
    table.add_column("claims", justify="right", no_wrap=True)
    table.add_column("title / outlet", overflow="ellipsis", no_wrap=True, ratio=1)
    for a in report.sources:
        n = sum(1 for c in report.claims if c.source == a.id)
        pub = Text(str(a.published)) if a.published else Text("undated", style="yellow")
        if a.published:
            pub.append(f"\n{a.date_source}", style="dim")
        label = " — ".join(x for x in (a.title, a.outlet) if x)
        table.add_row(a.id, a.path, a.lang, pub, str(n), label)
    return table


def summary_line(report: Report) -> str:
    """One line: what was read and what was found."""
    s = report.summary
    v = s.verdicts
    skipped = f", {s.skipped} skipped" if s.skipped else ""
    return (
        f"{s.sources} sources{skipped}, {s.claims} claims, {s.groups} groups: "
        f"{v.get('conflict', 0)} conflict, {v.get('compatible', 0)} compatible, "
        f"{v.get('agree', 0)} agree, {v.get('single', 0)} single"
    )


def print_report(report: Report, console: Console, show_all: bool = False) -> None:
    """Print the whole terminal report on ``console``."""
    console.print(_sources_table(report))
    for p in report.problems:
        console.print(Text(f"{p.severity.value}: {p.path}: {p.message}", style="yellow"))
    undated = [a for a in report.sources if a.published is None and a.lang in ("en", "ru")]
    for a in undated:
        n = sum(1 for c in report.claims if c.source == a.id and not c.anchored)
        if n:
            console.print(
                Text(f"note: {a.id} {a.path} is undated: {n} relative date(s) left unanchored "
                     "(give --assume-date YYYY-MM-DD to resolve them)", style="yellow")
            )
    conflicts = [g for g in report.groups if g.verdict is Verdict.CONFLICT]
    agreements = [g for g in report.groups if g.verdict in (Verdict.AGREE, Verdict.COMPATIBLE)]
    singles = [g for g in report.groups if g.verdict is Verdict.SINGLE]
    if conflicts:
        console.print(_group_table(report, conflicts, f"Conflicts ({len(conflicts)})"))
    else:
        console.print(Text("No conflicts.", style="green"))
    if agreements:
        console.print(_group_table(report, agreements, f"Agreements ({len(agreements)}: agree or compatible)"))
    if show_all and singles:
        console.print(_group_table(report, singles, f"Single-source claims ({len(singles)} groups)"))
    elif singles:
        console.print(Text(f"{len(singles)} single-source claim groups not shown (--all lists them).", style="dim"))
    console.print(Text(summary_line(report), style="bold"))


def render_table(report: Report, width: int = 100, color: bool = False, show_all: bool = False) -> str:
    """The terminal report as a string (for tests and files)."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system="standard" if color else None, force_terminal=color,
                      legacy_windows=False, soft_wrap=False)
    print_report(report, console, show_all=show_all)
    return buf.getvalue()


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    return render_table(report, width=options.width, color=options.color, show_all=options.show_all)
