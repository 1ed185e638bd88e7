"""The matrix view: one row per claim group, one column per source, cells coloured by agreement.

Each cell holds what the source says (its values, one a line), with a mark that survives
without colour: none for the majority value, ``~`` for a value compatible with it (overlapping,
vague, or about another event), ``!`` for a value that disagrees, ``*`` after a hedged or
attributed value, ``?`` after a relative date left unanchored. A blank cell: the source is silent.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from factcheck.judge import Tolerance, Tolerances, comparable, compare_pair, interval
from factcheck.model import Claim, Group, Report, Verdict
from factcheck.render import RenderOptions, value_text

# Agreement of one source's cell with the group's majority.
MAJORITY = "majority"
COMPATIBLE = "compatible"
DISAGREE = "disagree"
SINGLE = "single"

STYLE = {MAJORITY: "green", COMPATIBLE: "yellow", DISAGREE: "bold red", SINGLE: ""}
MARK = {MAJORITY: "", COMPATIBLE: "~", DISAGREE: "!", SINGLE: ""}
_VERDICT_STYLE = {
    Verdict.CONFLICT: "bold red",
    Verdict.COMPATIBLE: "yellow",
    Verdict.AGREE: "green",
    Verdict.SINGLE: "dim",
}
_RANK = {Verdict.AGREE: 0, Verdict.COMPATIBLE: 1, Verdict.CONFLICT: 2}
_GROUP_MAX = 22  # widest the group column gets
_GROUP_MIN = 10


def _key(claim: Claim) -> tuple[float, float, str | None]:
    lo, hi = interval(claim)
    return lo, hi, claim.value.unit


def _tolerance(group: Group, tolerances: Tolerances | Tolerance | None) -> Tolerance:
    if tolerances is None:
        return Tolerance()
    if isinstance(tolerances, Tolerance):
        return tolerances
    return tolerances.get(group.attribute)


def _best(mine: list[Claim], theirs: list[Claim], tol: Tolerance) -> Verdict | None:
    best: Verdict | None = None
    for a in mine:
        for b in theirs:
            if not comparable(a, b):
                continue
            verdict, _ = compare_pair(a, b, tol)
            if best is None or _RANK[verdict] < _RANK[best]:
                best = verdict
    return best


def by_source(group: Group) -> dict[str, list[Claim]]:
    """The group's claims per source id, in the group's order."""
    out: dict[str, list[Claim]] = {}
    for c in group.claims:
        out.setdefault(c.source, []).append(c)
    return out


def majority_key(group: Group) -> tuple[float, float, str | None] | None:
    """The value (interval and unit) stated by the most sources, or None on a tie or a single source."""
    claims = by_source(group)
    if len(claims) < 2:
        return None
    counts = Counter(k for cs in claims.values() for k in {_key(c) for c in cs})
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def source_status(group: Group, tolerances: Tolerances | Tolerance | None = None) -> dict[str, str]:
    """How each source of a group stands against the majority value: majority, compatible, disagree or single."""
    # Without a majority (a tie) a source disagrees when its best match with some other source is a
    # conflict. A source never disagrees in a group whose verdict is not a conflict (the tolerance
    # may have made it compatible), and a vague value is at best compatible.
    claims = by_source(group)
    if len(claims) < 2 or group.verdict is Verdict.SINGLE:
        return {s: SINGLE for s in claims}
    tol = _tolerance(group, tolerances)
    key = majority_key(group)
    out: dict[str, str] = {}
    for src, mine in claims.items():
        if key is not None:
            if any(_key(c) == key for c in mine):
                status = MAJORITY
            else:
                ref = [c for cs in claims.values() for c in cs if _key(c) == key]
                got = _best(mine, ref, tol)
                status = DISAGREE if got is Verdict.CONFLICT else COMPATIBLE
        else:
            verdicts = [_best(mine, theirs, tol) for other, theirs in claims.items() if other != src]
            if Verdict.CONFLICT in verdicts:
                status = DISAGREE
            elif group.verdict is Verdict.AGREE:
                status = MAJORITY
            else:
                status = COMPATIBLE
        if status == DISAGREE and group.verdict is not Verdict.CONFLICT:
            status = COMPATIBLE
        if status == MAJORITY and all(c.value.qualifier == "vague" for c in mine):
            status = COMPATIBLE
        out[src] = status
    return out


def shown_groups(report: Report, show_all: bool) -> list[Group]:
    """The groups the matrix shows: every multi-source group, and single-source ones with ``show_all``."""
    return [g for g in report.groups if show_all or g.verdict is not Verdict.SINGLE]


def _common_year(groups: list[Group]) -> str | None:
    years = Counter(
        str(x)[:4] for g in groups for c in g.claims if c.value.kind == "date" for x in (c.value.low, c.value.high) if x
    )
    return years.most_common(1)[0][0] if years else None


def cell_value(claim: Claim, year: str | None = None) -> str:
    """A claim's value for a matrix cell; dates drop ``year`` when it is theirs ('10-21', '10-01..10-30')."""
    v = claim.value
    if v.kind == "date" and v.low is None:
        return f"{' '.join(claim.text.split())}?"
    text = value_text(claim)
    if v.kind == "date" and year:
        lo, hi = str(v.low), str(v.high)
        if lo[:4] == year and hi[:4] == year:
            text = lo[5:] if lo == hi else f"{lo[5:]}..{hi[5:]}"
    if claim.hedged or claim.attribution:
        text += "*"
    return text


def _wrap(text: str, width: int) -> list[str]:
    """Greedy wrap at spaces and after '..' (a range may break after its first date)."""
    out: list[str] = []
    for para in text.split("\n"):
        pieces = [p for p in re.split(r"(?<=\.\.)|(?<=[ –])", para) if p]
        line = ""
        for piece in pieces:
            if line and len((line + piece).rstrip()) > width:
                out.append(line.rstrip())
                line = ""
            while len(piece.rstrip()) > width:
                out.append(piece[:width])
                piece = piece[width:]
            line += piece
        out.append(line.rstrip())
    return out


def _min_width(text: str) -> int:
    pieces = [p.rstrip() for para in text.split("\n") for p in re.split(r"(?<=\.\.)|(?<=[ –])", para)]
    return max((len(p) for p in pieces), default=1)


def _natural_width(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


class _Row:
    """One group's cells as plain strings with their styles."""

    def __init__(
        self, group: Group, sources: list[str], year: str | None, tolerances: Tolerances | Tolerance | None
    ) -> None:
        self.group = group
        self.label = f"{group.id} {group.verdict.value}"
        self.about = f"{group.subject_name} · {group.attribute}" + (f" · {group.event}" if group.event else "")
        status = source_status(group, tolerances)
        claims = by_source(group)
        self.cells: dict[str, tuple[str, str]] = {}
        for src in sources:
            if src not in claims:
                continue
            values: list[str] = []
            for c in claims[src]:
                v = cell_value(c, year)
                if v not in values:
                    values.append(v)
            self.cells[src] = (MARK[status[src]] + "\n".join(values), STYLE[status[src]])


def _layout(rows: list[_Row], sources: list[str], width: int) -> tuple[int, list[list[tuple[str, int]]]]:
    """The group column width and the source columns per block, each (source id, width)."""
    texts = {s: [r.cells[s][0] for r in rows if s in r.cells] for s in sources}
    natural = {s: max([len(s), *(_natural_width(t) for t in texts[s])]) for s in sources}
    least = {s: max([len(s), *(_min_width(t) for t in texts[s])]) for s in sources}
    label_w = max(len(r.label) for r in rows)  # 'G12 compatible' is never cut
    about_w = max(min(len(r.about), _GROUP_MAX) for r in rows)
    group_w = max(label_w, min(about_w, max(_GROUP_MIN, width // 4)))

    def total(ws: list[int]) -> int:
        # Columns are separated by a space of padding and a blank divider.
        cols = [group_w, *ws]
        return sum(cols) + 2 * (len(cols) - 1)

    widths = dict(natural)
    # Shrink the widest columns toward their least width until the table fits.
    while total(list(widths.values())) > width:
        wide = [s for s in sources if widths[s] > least[s]]
        if not wide:
            break
        s = max(wide, key=lambda x: (widths[x], -sources.index(x)))
        widths[s] -= 1
    blocks: list[list[tuple[str, int]]] = []
    block: list[tuple[str, int]] = []
    for s in sources:
        if block and total([w for _, w in block] + [widths[s]]) > width:
            blocks.append(block)
            block = []
        block.append((s, widths[s]))
    if block:
        blocks.append(block)
    return group_w, blocks


def _table(
    rows: list[_Row], block: list[tuple[str, int]], group_w: int, langs: dict[str, str], title: str | None
) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), title=title,
                  title_justify="left")
    table.add_column("group", width=group_w, no_wrap=True)
    for src, w in block:
        table.add_column(Text(f"{src}\n{langs.get(src, '')}"), width=w, no_wrap=True)
    for r in rows:
        head = Text(r.label, style=_VERDICT_STYLE[r.group.verdict])
        for line in _wrap(r.about, group_w):
            head.append("\n" + line)
        cells: list[Text] = [head]
        for src, w in block:
            if src in r.cells:
                text, style = r.cells[src]
                cells.append(Text("\n".join(_wrap(text, w)), style=style))
            else:
                cells.append(Text(""))
        table.add_row(*cells)
        table.add_section()
    return table


def _legend(report: Report, year: str | None, width: int) -> list[Table | Text]:
    marks = Table.grid(padding=(0, 1, 0, 2))
    marks.add_column(no_wrap=True)
    marks.add_column(overflow="fold")
    for mark, meaning, style in (
        ("plain", "the majority value (or all agree)", STYLE[MAJORITY]),
        ("~", "compatible with it: overlapping, vague, or another event", STYLE[COMPATIBLE]),
        ("!", "disagrees with it", STYLE[DISAGREE]),
        ("*", "hedged or attributed (explain GROUP tells who)", ""),
        ("?", "relative date left unanchored", ""),
        ("blank", "the source says nothing about it", ""),
    ):
        marks.add_row(Text(mark, style=style), meaning)
    if year:
        marks.add_row("MM-DD", f"a date in {year} (other years are written out)")
    sources: list[Text] = []
    for a in report.sources:
        pub = a.published.isoformat() if a.published else "undated"
        line = f"{a.id}  {a.lang}  {pub:<10}  {a.path}"
        label = " — ".join(x for x in (a.title, a.outlet) if x)
        sources.append(Text(line))
        if label:
            room = max(10, width - 4)
            sources.append(Text("    " + (label if len(label) <= room else label[: room - 1] + "…"), style="dim"))
    return [Text("Legend", style="bold"), marks, Text("Sources", style="bold"), *sources]


def print_matrix(
    report: Report, console: Console, show_all: bool = False, tolerances: Tolerances | Tolerance | None = None
) -> None:
    """Print the matrix view on ``console`` (fitted to its width)."""
    groups = shown_groups(report, show_all)
    sources = [a.id for a in report.sources]
    langs = {a.id: a.lang for a in report.sources}
    year = _common_year(groups)
    rows = [_Row(g, sources, year, tolerances) for g in groups]
    console.print(Text(f"Matrix: {len(rows)} groups × {len(sources)} sources", style="bold"))
    if not rows:
        console.print(Text("No claims." if show_all else "No claim is made by two sources."))
    else:
        group_w, blocks = _layout(rows, sources, console.width)
        for i, block in enumerate(blocks):
            title = None
            if len(blocks) > 1:
                first, last = block[0][0], block[-1][0]
                span = first if first == last else f"{first}–{last}"
                title = f"Sources {span} ({i + 1}/{len(blocks)})"
            console.print(_table(rows, block, group_w, langs, title))
    singles = sum(1 for g in report.groups if g.verdict is Verdict.SINGLE)
    if singles and not show_all:
        console.print(Text(f"{singles} single-source groups not shown (--all lists them).", style="dim"))
    for line in _legend(report, year, console.width):
        console.print(line)


def render_matrix(report: Report, options: RenderOptions, tolerances: Tolerances | Tolerance | None = None) -> str:
    """The matrix view as a string: groups by sources, each cell the source's value(s)."""
    buf = io.StringIO()
    console = Console(file=buf, width=options.width, color_system="standard" if options.color else None,
                      force_terminal=options.color, legacy_windows=False, soft_wrap=False, highlight=False)
    print_matrix(report, console, options.show_all, tolerances)
    return buf.getvalue()
