"""The terminal report (rich): sources, conflicts, agreements, single-source claims, summary."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from factcheck.model import Article, Claim, Group, Problem, Report, Severity, Verdict
from factcheck.render import RenderOptions, claim_count, line_col, location, sources_by_id, value_text
from factcheck.render.layout import Blocks, Column, SimpleHeadTable

_STYLE = {
    Verdict.CONFLICT: "bold red",
    Verdict.COMPATIBLE: "yellow",
    Verdict.AGREE: "green",
    Verdict.SINGLE: "dim",
}
_QUOTE_WIDTH = 110
NARROW = 100  # below this many columns, stacked blocks: a table column would split file:line:col


def _snippet_parts(claim: Claim) -> tuple[str, str, str]:
    """The sentence around the value, shortened: (before the value, the value, after it)."""
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
    return left, mid, right


def _snippet(claim: Claim) -> Text:
    """The sentence around the value, shortened, with the value in bold."""
    left, mid, right = _snippet_parts(claim)
    out = Text(left)
    out.append(mid, style="bold underline")
    out.append(right)
    return out


def marks(claim: Claim) -> list[str]:
    """Who the claim is cited from and how it is worded: 'according to The Washington Post', 'hedged: allegedly'."""
    parts = []
    if claim.attribution:
        parts.append(f"according to {claim.attribution}")
    if claim.hedged:
        parts.append(f"hedged: {claim.hedge}" if claim.hedge else "hedged")
    if claim.value.implicit:
        parts.append("implicit value")
    return parts


def _marks_text(claim: Claim) -> Text | None:
    parts = marks(claim)
    if not parts:
        return None
    return Text("▸ " + "; ".join(parts), style="magenta")


def _evidence(art: Article, claim: Claim) -> Text:
    line, col, _, _ = location(art, claim)
    evidence = Text(f"{art.path}:{line}:{col}", style="cyan")
    mark = _marks_text(claim)
    if mark:
        evidence.append("\n")
        evidence.append_text(mark)
    # The snippet appended piece by piece: the same text and spans as append_text(_snippet(claim)).
    left, mid, right = _snippet_parts(claim)
    evidence.append("\n" + left)
    evidence.append(mid, style="bold underline")
    evidence.append(right)
    return evidence


def _value(claim: Claim, group: Group) -> Text:
    return Text(value_text(claim), style=_STYLE[group.verdict] if group.verdict is Verdict.CONFLICT else "")


_GROUP_COLUMNS = (
    Column("group", overflow="fold", max_width=20),
    Column("src", no_wrap=True),
    Column("value", overflow="fold", max_width=18),
    Column("evidence", overflow="fold", ratio=1),
)


def _group_table(report: Report, groups: list[Group], title: str) -> SimpleHeadTable:
    by_id = sources_by_id(report)
    table = SimpleHeadTable(title, _GROUP_COLUMNS)
    for g in groups:
        for i, c in enumerate(g.claims):
            head = _group_head(g, len(report.stories) > 1) if i == 0 else ""
            table.add_row(head, c.source, _value(c, g), _evidence(by_id[c.source], c))
        table.add_section()
    return table


def _group_head(g: Group, stories: bool = False) -> Text:
    head = Text(f"{g.id} ", style=_STYLE[g.verdict])
    head.append(g.verdict.value, style=_STYLE[g.verdict])
    head.append(f"\n{g.subject_name}\n{g.attribute}" + (f" · {g.event}" if g.event else ""))
    if stories and g.story:
        head.append(f"\nstory {g.story}", style="dim")
    return head


def _group_blocks(report: Report, groups: list[Group], title: str) -> Blocks:
    """Groups one under the other, for narrow terminals: a heading per group, an indented block per claim."""
    by_id = sources_by_id(report)
    out = Blocks()
    out.add(Text(title, style="bold"))
    out.add(Text(""))
    for g in groups:
        head = Text(f"{g.id} {g.verdict.value}", style=_STYLE[g.verdict])
        head.append(f" · {g.subject_name} · {g.attribute}" + (f" · {g.event}" if g.event else ""), style="bold")
        if len(report.stories) > 1 and g.story:
            head.append(f" · story {g.story}", style="dim")
        out.add(head)
        for c in g.claims:
            art = by_id[c.source]
            line, col, _, _ = location(art, c)
            top = Text(f"{c.source}  ")
            top.append_text(_value(c, g))
            top.append(f"  {art.path}:{line}:{col}", style="cyan")
            out.add(top, 2)
            mark = _marks_text(c)
            if mark:
                out.add(mark, 6)
            out.add(_snippet(c), 6)
        out.add(Text(""))
    return out


_SOURCE_COLUMNS = (
    Column("id", no_wrap=True),
    Column("file", overflow="fold", min_width=12),
    Column("lang", no_wrap=True),
    Column("published", overflow="fold", max_width=12),
    Column("claims", justify="right", no_wrap=True),
    Column("title / outlet", overflow="ellipsis", no_wrap=True, ratio=1),
)


def _sources_table(report: Report) -> SimpleHeadTable:
    table = SimpleHeadTable("Sources", _SOURCE_COLUMNS)
    for a in report.sources:
        n = claim_count(report, a.id)
        pub = Text(str(a.published)) if a.published else Text("undated", style="yellow")
        if a.published:
            pub.append(f"\n{a.date_source}", style="dim")
        label = " — ".join(x for x in (a.title, a.outlet) if x)
        table.add_row(a.id, Text(a.path), a.lang, pub, str(n), Text(label))
    return table


def _sources_blocks(report: Report) -> Blocks:
    """The sources one under the other, for narrow terminals."""
    out = Blocks()
    out.add(Text("Sources", style="bold"))
    for a in report.sources:
        n = claim_count(report, a.id)
        top = Text(f"{a.id}  {a.lang}  ")
        if a.published:
            top.append(f"{a.published} ({a.date_source})")
        else:
            top.append("undated", style="yellow")
        top.append(f"  {n} claim{'s' if n != 1 else ''}")
        out.add(top, 2)
        out.add(Text(a.path, style="cyan"), 6)
        label = " — ".join(x for x in (a.title, a.outlet) if x)
        if label:
            out.add(Text(label, style="dim"), 6)
    out.add(Text(""))
    return out


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


_STORY_COLUMNS = (
    Column("id", no_wrap=True),
    Column("sources", overflow="fold", ratio=1),
    Column("names most of its articles share", overflow="fold", ratio=2),
)


def _stories_table(report: Report) -> SimpleHeadTable:
    table = SimpleHeadTable(f"Stories ({len(report.stories)})", _STORY_COLUMNS)
    for st in report.stories:
        table.add_row(st.id, Text(" ".join(st.sources)), Text(st.name))
    return table


def _problem_text(report: Report, p: Problem) -> Text:
    where = p.path
    if p.offset is not None:
        art = next((a for a in report.sources if a.path == p.path), None)
        if art is not None:
            where += f":{line_col(art.text, p.offset)[0]}"
    return Text(f"{p.severity.value}: {where}: {p.message}", style="yellow")


def print_report(report: Report, console: Console, show_all: bool = False, verbosity: int = 0) -> None:
    """Print the whole terminal report on ``console`` (stacked blocks below NARROW columns, tables above).

    ``verbosity`` -1 (quiet) prints only the conflicts and the summary line; 1 adds informational notes.
    """
    narrow = console.width < NARROW
    quiet = verbosity < 0
    # The layout writers never draw past the console's width: nothing for console.print to crop.

    def groups_out(groups: list[Group], title: str) -> None:
        if narrow:
            console.print(_group_blocks(report, groups, title), crop=False)
        else:
            console.print(_group_table(report, groups, title), crop=False)

    if not quiet:
        if narrow:
            console.print(_sources_blocks(report), crop=False)
        else:
            console.print(_sources_table(report), crop=False)
        if len(report.stories) > 1:
            console.print(_stories_table(report), crop=False)
        for p in report.problems:
            if p.severity is not Severity.INFO or verbosity > 0 or p.offset is not None:
                console.print(_problem_text(report, p))
        undated = [a for a in report.sources if a.published is None and a.lang in ("en", "ru")]
        for a in undated:
            n = claim_count(report, a.id, unanchored=True)
            if n:
                console.print(
                    Text(f"note: {a.id} {a.path} is undated: {n} relative date(s) left unanchored "
                         "(give --assume-date YYYY-MM-DD to resolve them)", style="yellow")
                )
        if report.baseline is not None:
            b = report.baseline
            console.print(Text(f"baseline {b.path}: {b.baselined} finding(s) baselined, {b.stale} "
                               f"entr{'y' if b.stale == 1 else 'ies'} no longer match anything", style="dim"))
        if report.suppressed:
            console.print(Text(f"{report.suppressed} claim(s) silenced by factcheck comments", style="dim"))
    conflicts = [g for g in report.groups if g.verdict is Verdict.CONFLICT]
    agreements = [g for g in report.groups if g.verdict in (Verdict.AGREE, Verdict.COMPATIBLE)]
    singles = [g for g in report.groups if g.verdict is Verdict.SINGLE]
    if conflicts:
        groups_out(conflicts, f"Conflicts ({len(conflicts)})")
    else:
        console.print(Text("No conflicts.", style="green"))
    if agreements and not quiet:
        groups_out(agreements, f"Agreements ({len(agreements)}: agree or compatible)")
    if show_all and singles and not quiet:
        groups_out(singles, f"Single-source claims ({len(singles)} groups)")
    elif singles and not quiet:
        console.print(Text(f"{len(singles)} single-source claim groups not shown (--all lists them).", style="dim"))
    console.print(Text(summary_line(report), style="bold"))


def render_table(report: Report, width: int = 100, color: bool = False, show_all: bool = False,
                 verbosity: int = 0) -> str:
    """The terminal report as a string (for tests and files)."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system="standard" if color else None, force_terminal=color,
                      legacy_windows=False, soft_wrap=False)
    print_report(report, console, show_all=show_all, verbosity=verbosity)
    return buf.getvalue()


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS); ``options.view == "matrix"`` gives the matrix view."""
    if options.view == "matrix":
        from factcheck.render.matrix import render_matrix

        return render_matrix(report, options)
    return render_table(report, width=options.width, color=options.color, show_all=options.show_all,
                        verbosity=options.verbosity)
