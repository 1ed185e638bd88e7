"""A shareable HTML report: one self-contained file (inline CSS and SVG, no script, no network).

Sections: summary, sources, conflicts (first), a timeline of every date claim per source,
agreements, single-source claims. Every piece of article text goes through ``html.escape``;
the output has no timestamp, so the same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from factcheck import __version__
from factcheck.judge import Tolerance, Tolerances, interval
from factcheck.model import Article, Claim, Group, Report, Verdict
from factcheck.render import RenderOptions, claim_count, location, value_text
from factcheck.render.matrix import COMPATIBLE, DISAGREE, MAJORITY, SINGLE, source_status
from factcheck.render.table import marks, summary_line

_LANG = re.compile(r"^[a-z]{2,3}$")
_STATUS_LABEL = {
    MAJORITY: "majority value",
    COMPATIBLE: "compatible",
    DISAGREE: "disagrees",
    SINGLE: "only source",
}
_STATUS_CLASS = {MAJORITY: "v-agree", COMPATIBLE: "v-compatible", DISAGREE: "v-conflict"}


def e(text: object) -> str:
    """Text escaped for HTML content and attribute values (quotes included)."""
    return escape(str(text), quote=True)


def _lang(code: str) -> str:
    return f' lang="{e(code)}"' if _LANG.match(code) else ""


def _vclass(v: Verdict) -> str:
    return f"v-{v.value}"


# ---------------------------------------------------------------- style

_CSS = """
:root {
  --fg: #1d2330; --muted: #5d6675; --bg: #f6f7f9; --card: #ffffff; --line: #dde1e7;
  --conflict: #c62828; --conflict-bg: #fdecec; --compatible: #a86400; --compatible-bg: #fff4dc;
  --agree: #2e7d32; --agree-bg: #e8f5e9; --single: #6b7280; --single-bg: #f0f1f3;
  --mark: #ffe08a; --accent: #2a5db0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6e8ec; --muted: #a2a9b5; --bg: #15181d; --card: #1e232a; --line: #323843;
    --conflict: #ff6b6b; --conflict-bg: #3a1f22; --compatible: #f0b44c; --compatible-bg: #3a2f1a;
    --agree: #6cc070; --agree-bg: #1d3320; --single: #9aa1ac; --single-bg: #262b33;
    --mark: #8a6d1a; --accent: #7fa7ff;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
main { max-width: 1180px; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0; }
a { color: var(--accent); }
code, .path { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .85em; }
.lede { color: var(--muted); margin: 0 0 1rem; }
nav.toc { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .6rem 0 0; font-size: .9rem; }
.counts { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0 0; padding: 0; list-style: none; }
.counts li { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: .45rem .9rem; min-width: 6.5rem; }
.counts b { display: block; font-size: 1.5rem; line-height: 1.2; }
.counts span { color: var(--muted); font-size: .85rem; }
.counts .v-conflict { border-color: var(--conflict); background: var(--conflict-bg); }
.counts .v-conflict b { color: var(--conflict); }
.counts .v-compatible b { color: var(--compatible); }
.counts .v-agree b { color: var(--agree); }
table.sources { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
table.sources th, table.sources td { text-align: left; padding: .45rem .7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.sources th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
table.sources tr:last-child td { border-bottom: 0; }
table.sources td.num { text-align: right; }
table.sources td.path { overflow-wrap: anywhere; min-width: 8rem; }
.scroll { overflow-x: auto; }
.undated { color: var(--compatible); font-weight: 600; }
.notes { margin: .8rem 0 0; padding-left: 1.2rem; color: var(--muted); font-size: .9rem; }
.group { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--single); border-radius: 10px; padding: .9rem 1rem 1rem; margin: 0 0 1rem; }
.group.v-conflict { border-left-color: var(--conflict); }
.group.v-compatible { border-left-color: var(--compatible); }
.group.v-agree { border-left-color: var(--agree); }
.group-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem .6rem; }
.group-head .about { color: var(--muted); font-weight: 400; }
.badge { display: inline-block; border-radius: 999px; padding: .05rem .6rem; font-size: .78rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; }
.badge.v-conflict { background: var(--conflict); color: #fff; }
.badge.v-compatible { background: var(--compatible-bg); color: var(--compatible); border: 1px solid var(--compatible); }
.badge.v-agree { background: var(--agree-bg); color: var(--agree); border: 1px solid var(--agree); }
.badge.v-single { background: var(--single-bg); color: var(--single); border: 1px solid var(--single); }
.reason { color: var(--muted); margin: .35rem 0 .7rem; font-size: .9rem; }
.quotes { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: .75rem; }
.quote { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: .6rem .75rem; display: flex; flex-direction: column; gap: .35rem; }
.quote.s-majority { border-top: 4px solid var(--agree); }
.quote.s-compatible { border-top: 4px solid var(--compatible); }
.quote.s-disagree { border-top: 4px solid var(--conflict); background: var(--conflict-bg); }
.quote.s-single { border-top: 4px solid var(--single); }
.quote figcaption { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .55rem; }
.src { font-weight: 700; background: var(--fg); color: var(--card); border-radius: 5px; padding: 0 .4rem; font-size: .85rem; }
.value { font-weight: 700; font-size: 1.05rem; }
.s-disagree .value { color: var(--conflict); }
.status { font-size: .78rem; color: var(--muted); }
.where { color: var(--muted); font-size: .8rem; width: 100%; overflow-wrap: anywhere; }
.nw { white-space: nowrap; }
blockquote { margin: 0; font-size: .95rem; }
mark { background: var(--mark); color: inherit; padding: 0 .15em; border-radius: 3px; font-weight: 600; }
.marks { margin: 0; display: flex; flex-wrap: wrap; gap: .3rem; }
.cite, .hedge, .implicit { font-size: .78rem; border-radius: 5px; padding: .05rem .45rem; }
.cite { background: #e9e4fb; color: #4b2a9b; }
.hedge { background: #fde9d9; color: #8a3b00; }
.implicit { background: var(--single-bg); color: var(--single); }
@media (prefers-color-scheme: dark) { .cite { background: #33294d; color: #cbb8ff; } .hedge { background: #43301f; color: #ffc38f; } }
.mini { width: 100%; max-width: 44rem; height: auto; display: block; margin: 0 0 .7rem; }
.timeline { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: .6rem; overflow-x: auto; }
.timeline svg { width: 100%; min-width: 760px; height: auto; display: block; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; fill: var(--fg); }
svg .muted { fill: var(--muted); }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .row-bg { fill: var(--bg); }
svg .pub { stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 2 3; }
svg .brk { fill: var(--card); stroke: var(--muted); }
svg .v-conflict { fill: var(--conflict); stroke: var(--conflict); }
svg .v-compatible { fill: var(--compatible); stroke: var(--compatible); }
svg .v-agree { fill: var(--agree); stroke: var(--agree); }
svg .v-single, svg .v-none { fill: var(--single); stroke: var(--single); }
svg rect.span { fill-opacity: .28; stroke-width: 1.5; }
svg text.lbl { stroke: none; font-size: 11px; }
svg text.lbl.v-conflict { font-weight: 700; }
svg text.lbl.inside { fill: var(--fg); font-weight: 600; }
svg .guide { stroke: var(--conflict); stroke-width: 1.5; stroke-dasharray: 5 4; fill: none; }
svg .guide-lbl { fill: var(--conflict); font-size: 11px; font-weight: 700; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; font-size: .85rem; color: var(--muted); margin: .5rem 0 0; padding: 0; list-style: none; }
.legend i { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%; margin-right: .3rem; vertical-align: -.1rem; }
.legend i.v-conflict { background: var(--conflict); } .legend i.v-compatible { background: var(--compatible); }
.legend i.v-agree { background: var(--agree); } .legend i.v-single { background: var(--single); }
details > summary { cursor: pointer; font-weight: 600; margin: .4rem 0 .8rem; }
footer { color: var(--muted); font-size: .8rem; margin-top: 2.5rem; }
@media print { body { background: #fff; } .group, .quote { break-inside: avoid; } }
""".strip()


# ---------------------------------------------------------------- pieces


def _quote_html(claim: Claim) -> str:
    """The claim's sentence on one line, escaped, with the value in <mark>."""
    sent = claim.sentence
    a, b = claim.start - sent.start, claim.stop - sent.start
    left, mid, right = sent.text[:a], sent.text[a:b], sent.text[b:]
    left = " ".join(left.split()) + (" " if left[-1:].isspace() else "")
    right = (" " if right[:1].isspace() else "") + " ".join(right.split())
    return f"{e(left)}<mark>{e(' '.join(mid.split()))}</mark>{e(right)}"


def _marks_html(claim: Claim) -> str:
    spans = []
    if claim.attribution:
        spans.append(f'<span class="cite">according to {e(claim.attribution)}</span>')
    if claim.hedged:
        spans.append(f'<span class="hedge">hedged: {e(claim.hedge or "yes")}</span>')
    if claim.value.implicit:
        spans.append('<span class="implicit">implicit value</span>')
    return f'<p class="marks">{"".join(spans)}</p>' if spans else ""


def _claim_html(report: Report, art: Article, claim: Claim, status: str) -> str:
    line, col, _, _ = location(art, claim)
    pub = art.published.isoformat() if art.published else "undated"
    where = f"{art.path}:{line}:{col}"
    date = ""
    if claim.value.kind == "date" and claim.resolution:
        date = f'<span class="where">date: {e(claim.resolution)}</span>'
    return (
        f'<figure class="quote s-{status}">'
        f'<figcaption><span class="src">{e(claim.source)}</span>'
        f'<span class="value">{e(value_text(claim))}</span>'
        f'<span class="status">{e(_STATUS_LABEL[status])}</span>'
        f'<span class="where"><span class="path" title="{e(report.path_of(art))}">{e(where)}</span>'
        f' <span class="nw">· {e(art.lang)} · {e(pub)}</span></span>{date}</figcaption>'
        f"<blockquote{_lang(art.lang)}>{_quote_html(claim)}</blockquote>"
        f"{_marks_html(claim)}</figure>"
    )


def _group_html(report: Report, group: Group, tolerances: Tolerances | Tolerance | None) -> str:
    by_id = {a.id: a for a in report.sources}
    status = source_status(group, tolerances)
    about = f"{group.attribute}" + (f" · {group.event}" if group.event else "")
    quotes = "".join(_claim_html(report, by_id[c.source], c, status[c.source]) for c in group.claims)
    mini = _mini_timeline(group, status) if group.verdict is not Verdict.SINGLE else ""
    return (
        f'<article class="group {_vclass(group.verdict)}" id="{e(group.id)}">'
        f'<header class="group-head"><span class="badge {_vclass(group.verdict)}">{e(group.verdict.value)}</span>'
        f'<h3>{e(group.id)} · {e(group.subject_name)} <span class="about">{e(about)}</span></h3></header>'
        f'<p class="reason">{e(group.reason)}</p>{mini}'
        f'<div class="quotes">{quotes}</div></article>'
    )


def _groups_section(report: Report, groups: list[Group], ident: str, title: str, empty: str,
                    tolerances: Tolerances | Tolerance | None) -> str:
    body = "".join(_group_html(report, g, tolerances) for g in groups) or f"<p>{e(empty)}</p>"
    return f'<section id="{ident}"><h2>{e(title)}</h2>{body}</section>'


def _sources_html(report: Report) -> str:
    rows = []
    for a in report.sources:
        n = claim_count(report, a.id)
        pub = (f"{e(a.published.isoformat())} <small>({e(a.date_source or '')})</small>" if a.published
               else '<span class="undated">undated</span>')
        label = " — ".join(x for x in (a.title, a.outlet) if x)
        url = f'<br><small class="path">{e(a.url)}</small>' if a.url else ""
        rows.append(
            f'<tr id="src-{e(a.id)}"><td><span class="src">{e(a.id)}</span></td>'
            f'<td class="path">{e(report.path_of(a))}</td>'
            f"<td>{e(a.lang)}</td><td>{pub}</td><td class=\"num\">{n}</td><td{_lang(a.lang)}>{e(label)}{url}</td></tr>"
        )
    notes = [f"{e(p.severity.value)}: <span class=\"path\">{e(p.path)}</span>: {e(p.message)}" for p in report.problems]
    for a in report.sources:
        n = claim_count(report, a.id, unanchored=True)
        if a.published is None and n:
            notes.append(f"{e(a.id)} is undated: {n} relative date(s) left unanchored "
                         "(give <code>--assume-date YYYY-MM-DD</code> to resolve them)")
    notes_html = f'<ul class="notes">{"".join(f"<li>{x}</li>" for x in notes)}</ul>' if notes else ""
    return (
        '<section id="sources"><h2>Sources</h2><div class="scroll"><table class="sources">'
        "<thead><tr><th>id</th><th>file</th>"
        "<th>lang</th><th>published</th><th>claims</th><th>title / outlet</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>{notes_html}</section>"
    )


def _counts_html(report: Report) -> str:
    s = report.summary
    v = s.verdicts
    items = [
        ("", s.sources, "sources"),
        ("", s.claims, "claims"),
        ("", s.groups, "groups"),
        ("v-conflict", v.get("conflict", 0), "conflicts"),
        ("v-compatible", v.get("compatible", 0), "compatible"),
        ("v-agree", v.get("agree", 0), "agree"),
        ("v-single", v.get("single", 0), "single-source"),
    ]
    if s.skipped:
        items.insert(1, ("", s.skipped, "skipped"))
    lis = "".join(f'<li class="{cls}"><b>{n}</b><span>{e(label)}</span></li>' for cls, n, label in items)
    return f'<ul class="counts" aria-label="summary">{lis}</ul>'


# ---------------------------------------------------------------- timelines


def _day(x: float) -> str:
    return dt.date.fromordinal(int(x)).isoformat()


def _text_width(text: str, size: float = 11.0) -> float:
    """A rough width of ``text`` in SVG units (no font metrics offline)."""
    return len(text) * size * 0.6


def _label_side(x0: float, x1: float, width: float, low: float, high: float) -> str:
    """Where a mark's label goes: right of it, left of it, or (a long bar) inside it."""
    if x1 + 9 + width <= high:
        return "right"
    if x0 - 9 - width >= low:
        return "left"
    return "inside"


def _occupied(x0: float, x1: float, width: float, side: str) -> tuple[float, float]:
    """The horizontal extent a mark and its label take up."""
    if side == "right":
        return x0 - 7, x1 + 9 + width
    if side == "left":
        return x0 - 9 - width, x1 + 7
    return x0 - 7, max(x1, x0 + 12 + width) + 7


def _label(text: str, cls: str, x0: float, x1: float, cy: float, side: str) -> str:
    if side == "right":
        return f'<text class="{cls}" x="{x1 + 9:.1f}" y="{cy + 4:.1f}">{e(text)}</text>'
    if side == "left":
        return f'<text class="{cls}" x="{x0 - 9:.1f}" y="{cy + 4:.1f}" text-anchor="end">{e(text)}</text>'
    return f'<text class="{cls} inside" x="{x0 + 12:.1f}" y="{cy + 4:.1f}">{e(text)}</text>'


@dataclass(frozen=True)
class _Mark:
    """One date claim placed on the overall timeline."""

    claim: Claim
    group: Group | None
    lo: float
    hi: float
    label: str


class _Axis:
    """A compressed date axis: every date that occurs gets a tick; a gap of g days takes 1 + ln(1 + g) steps."""

    def __init__(self, days: Iterable[float], x0: float, x1: float) -> None:
        self.days = sorted(set(days))
        steps = [0.0]
        for a, b in zip(self.days, self.days[1:]):
            steps.append(steps[-1] + 1 + math.log1p(b - a))
        span = steps[-1] or 1.0
        self.pos = {d: x0 + (x1 - x0) * (s / span if steps[-1] else 0.5) for d, s in zip(self.days, steps)}

    def x(self, day: float) -> float:
        """The x of a day that is one of the axis's dates."""
        return self.pos[day]

    def breaks(self) -> list[float]:
        """Where the axis skips more than a month (between two consecutive ticks)."""
        return [(self.pos[a] + self.pos[b]) / 2 for a, b in zip(self.days, self.days[1:]) if b - a > 31]


def _date_marks(report: Report) -> list[_Mark]:
    group_of = {id(c): g for g in report.groups for c in g.claims}
    out = []
    for c in report.claims:
        if c.value.kind != "date" or c.value.low is None or not c.anchored:
            continue
        lo, hi = interval(c)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            continue
        g = group_of.get(id(c))
        name = g.subject_name if g else (c.subject_name or " ".join(c.text.split()))
        label = f"{g.id} {name}" if g else name
        if len(label) > 28:
            label = label[:27] + "…"
        out.append(_Mark(c, g, lo, hi, label))
    return out


def _timeline_html(report: Report) -> str:
    marks_ = _date_marks(report)
    unanchored = [c for c in report.claims if c.value.kind == "date" and (c.value.low is None or not c.anchored)]
    if not marks_:
        body = "<p>No claim in these articles gives a date that can be placed.</p>"
        return f'<section id="timeline"><h2>Timeline of date claims</h2>{body}{_unanchored_html(unanchored)}</section>'
    left, right, top = 120.0, 985.0, 36.0
    pubs = {a.id: float(a.published.toordinal()) for a in report.sources if a.published}
    days = [d for m in marks_ for d in (m.lo, m.hi)] + list(pubs.values())
    axis = _Axis(days, left + 10, right - 10)
    lane_h, row_pad = 20.0, 8.0
    rows: list[tuple[Article, list[tuple[_Mark, int]], int]] = []
    for art in report.sources:
        mine = sorted((m for m in marks_ if m.claim.source == art.id),
                      key=lambda m: (axis.x(m.lo), axis.x(m.hi), m.label))
        lanes: list[float] = []
        placed: list[tuple[_Mark, int]] = []
        for m in mine:
            side = _label_side(axis.x(m.lo), axis.x(m.hi), _text_width(m.label), left + 4, 995)
            x0, x1 = _occupied(axis.x(m.lo), axis.x(m.hi), _text_width(m.label), side)
            lane = next((i for i, end in enumerate(lanes) if end <= x0), None)
            if lane is None:
                lanes.append(x1)
                lane = len(lanes) - 1
            else:
                lanes[lane] = x1
            placed.append((m, lane))
        rows.append((art, placed, max(1, len(lanes))))
    height = top + sum(n * lane_h + 2 * row_pad for _, _, n in rows) + 78
    parts: list[str] = []
    # Conflicting date groups: a dashed guide through every row at each of their values.
    conflict_days: dict[float, list[str]] = {}
    for m in marks_:
        if m.group is not None and m.group.verdict is Verdict.CONFLICT:
            for d in {m.lo, m.hi}:
                conflict_days.setdefault(d, [])
                if m.group.id not in conflict_days[d]:
                    conflict_days[d].append(m.group.id)
    axis_y = height - 70
    for d in sorted(axis.days):
        x = axis.x(d)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{top - 6:.1f}" x2="{x:.1f}" y2="{axis_y:.1f}"/>')
    y = top
    for i, (art, placed, n) in enumerate(rows):
        h = n * lane_h + 2 * row_pad
        if i % 2 == 0:
            parts.append(f'<rect class="row-bg" x="0" y="{y:.1f}" width="1000" height="{h:.1f}"/>')
        pub = art.published.isoformat() if art.published else "undated"
        base = y + row_pad + 14
        parts.append(f'<text x="8" y="{base:.1f}" font-size="13" font-weight="700">{e(art.id)}</text>'
                     f'<text class="muted" x="38" y="{base:.1f}" font-size="11">{e(art.lang)} · {e(pub)}</text>')
        if art.id in pubs:
            x = axis.x(pubs[art.id])
            parts.append(f'<line class="pub" x1="{x:.1f}" y1="{y + 2:.1f}" x2="{x:.1f}" y2="{y + h - 2:.1f}">'
                         f"<title>{e(art.id)} published {e(pub)}</title></line>")
        if not placed:
            parts.append(f'<text class="muted" x="{left + 10:.1f}" y="{y + row_pad + 14:.1f}" font-size="11">'
                         "no dated claim</text>")
        for m, lane in placed:
            cy = y + row_pad + lane * lane_h + lane_h / 2
            v = _vclass(m.group.verdict) if m.group else "v-none"
            x0, x1 = axis.x(m.lo), axis.x(m.hi)
            tip = (f"{m.claim.source} {m.label}: {value_text(m.claim)} — “{' '.join(m.claim.text.split())}”"
                   + (f" ({m.group.verdict.value})" if m.group else " (not grouped)"))
            shape = (f'<circle class="{v}" cx="{x0:.1f}" cy="{cy:.1f}" r="5"/>' if x0 == x1 else
                     f'<rect class="span {v}" x="{x0:.1f}" y="{cy - 5:.1f}" width="{x1 - x0:.1f}" height="10" rx="5"/>')
            href = f' href="#{e(m.group.id)}"' if m.group else ""
            side = _label_side(x0, x1, _text_width(m.label), left + 4, 995)
            lbl = _label(m.label, f"lbl {v}", x0, x1, cy, side)
            parts.append(f'<a{href}><g class="mark"><title>{e(tip)}</title>{shape}{lbl}</g></a>')
        y += h
    for d, ids in sorted(conflict_days.items()):
        x = axis.x(d)
        parts.append(f'<line class="guide" x1="{x:.1f}" y1="{top - 4:.1f}" x2="{x:.1f}" y2="{axis_y:.1f}"/>')
        parts.append(f'<text class="guide-lbl" x="{x:.1f}" y="{top - 10:.1f}" text-anchor="middle">'
                     f"{e(' '.join(ids))} ≠</text>")
    # The axis: a tick at every date, labels where there is room, a zigzag where it skips a month or more.
    parts.append(f'<line class="axis" x1="{left:.1f}" y1="{axis_y:.1f}" x2="{right:.1f}" y2="{axis_y:.1f}"/>')
    last = -1e9
    for d in axis.days:
        x = axis.x(d)
        parts.append(f'<line class="axis" x1="{x:.1f}" y1="{axis_y:.1f}" x2="{x:.1f}" y2="{axis_y + 5:.1f}"/>')
        if x - last >= 15:
            parts.append(f'<text class="muted" font-size="10" text-anchor="end" '
                         f'transform="translate({x + 3:.1f},{axis_y + 10:.1f}) rotate(-40)">{_day(d)}</text>')
            last = x
    for x in axis.breaks():
        parts.append(f'<path class="brk" d="M{x - 5:.1f},{axis_y + 5:.1f} l4,-10 l2,0 l-4,10 z '
                     f'M{x + 1:.1f},{axis_y + 5:.1f} l4,-10 l2,0 l-4,10 z"/>')
    svg = (
        f'<svg viewBox="0 0 1000 {height:.0f}" role="img" aria-labelledby="tl-title tl-desc" '
        f'><title id="tl-title">Date claims per source</title>'
        f'<desc id="tl-desc">One row per source; a dot is a day, a bar a span of days; dashed red lines mark '
        f'the values of conflicting date groups.</desc>{"".join(parts)}</svg>'
    )
    legend = (
        '<ul class="legend"><li><i class="v-conflict"></i>conflict</li><li><i class="v-compatible"></i>compatible</li>'
        '<li><i class="v-agree"></i>agree</li><li><i class="v-single"></i>one source / not grouped</li>'
        "<li>dotted line: publication date</li><li>red dashes: values of a conflicting date group</li>"
        "<li>axis not to scale: every date that occurs has a tick, longer gaps are compressed "
        "(zigzag: more than a month)</li></ul>"
    )
    return (f'<section id="timeline"><h2>Timeline of date claims</h2><div class="timeline">{svg}</div>{legend}'
            f"{_unanchored_html(unanchored)}</section>")


def _unanchored_html(claims: list[Claim]) -> str:
    if not claims:
        return ""
    items = "".join(f"<li>{e(c.source)} “{e(' '.join(c.text.split()))}”: {e(c.resolution or 'unanchored')}</li>"
                    for c in claims)
    return ('<p class="lede">Not on the timeline (relative dates with nothing to resolve them against):</p>'
            f'<ul class="notes">{items}</ul>')


def _mini_timeline(group: Group, status: dict[str, str]) -> str:
    """A to-scale strip of one date group's claims, one row per claim, so a gap between dates shows."""
    claims = [c for c in group.claims if c.value.kind == "date" and c.value.low is not None]
    if len(claims) < 2:
        return ""
    spans = [interval(c) for c in claims]
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    pad = max(1.0, (hi - lo) * 0.08)
    lo, hi = lo - pad, hi + pad
    left, right, row_h, top = 40.0, 540.0, 22.0, 8.0
    scale = (right - left) / (hi - lo)
    parts = []
    for i, (c, (a, b)) in enumerate(zip(claims, spans)):
        cy = top + i * row_h + row_h / 2
        cls = _STATUS_CLASS.get(status[c.source], "v-single")
        x0, x1 = left + (a - lo) * scale, left + (b - lo) * scale
        parts.append(f'<text x="4" y="{cy + 4:.1f}" font-size="12" font-weight="700">{e(c.source)}</text>')
        if a == b:
            parts.append(f'<circle class="{cls}" cx="{x0:.1f}" cy="{cy:.1f}" r="5"/>')
        else:
            parts.append(f'<rect class="span {cls}" x="{x0:.1f}" y="{cy - 5:.1f}" width="{x1 - x0:.1f}" '
                         'height="10" rx="5"/>')
        label = value_text(c)
        parts.append(_label(label, "lbl", x0, x1, cy, _label_side(x0, x1, _text_width(label), left, 598)))
    axis_y = top + len(claims) * row_h + 4
    parts.append(f'<line class="axis" x1="{left:.1f}" y1="{axis_y:.1f}" x2="{right:.1f}" y2="{axis_y:.1f}"/>')
    for d, anchor in ((lo + pad, "start"), (hi - pad, "end")):
        x = left + (d - lo) * scale
        parts.append(f'<line class="axis" x1="{x:.1f}" y1="{axis_y:.1f}" x2="{x:.1f}" y2="{axis_y + 4:.1f}"/>')
        parts.append(f'<text class="muted" x="{x:.1f}" y="{axis_y + 15:.1f}" font-size="10" text-anchor="{anchor}">'
                     f"{_day(d)}</text>")
    height = axis_y + 20
    return (f'<svg class="mini" viewBox="0 0 600 {height:.0f}" role="img" aria-label="{e(group.id)} dates to scale" '
            f'>{"".join(parts)}</svg>')


# ---------------------------------------------------------------- page


def render_html(report: Report, options: RenderOptions, tolerances: Tolerances | Tolerance | None = None) -> str:
    """The whole report as one self-contained HTML5 page."""
    conflicts = [g for g in report.groups if g.verdict is Verdict.CONFLICT]
    agreements = [g for g in report.groups if g.verdict in (Verdict.COMPATIBLE, Verdict.AGREE)]
    singles = [g for g in report.groups if g.verdict is Verdict.SINGLE]
    where = report.root or ", ".join(a.path for a in report.sources[:3])
    single_body = "".join(_group_html(report, g, tolerances) for g in singles)
    singles_html = (
        f'<section id="single"><h2>Single-source claims ({len(singles)})</h2>'
        f'<details{" open" if options.show_all else ""}>'
        f"<summary>Show the {len(singles)} claim groups stated by one source only"
        f"</summary>{single_body}</details></section>" if singles else ""
    )
    toc = ('<nav class="toc"><a href="#conflicts">Conflicts</a><a href="#timeline">Timeline</a>'
           '<a href="#agreements">Agreements</a>' + ('<a href="#single">Single-source</a>' if singles else "")
           + '<a href="#sources">Sources</a></nav>')
    body = (
        f"<header><h1>Fact-check report</h1>"
        f'<p class="lede">{e(summary_line(report))} — articles in <span class="path">{e(where)}</span></p>'
        f"{_counts_html(report)}{toc}</header>"
        + _groups_section(report, conflicts, "conflicts", f"Conflicts ({len(conflicts)})",
                          "No conflicts: no two sources state incompatible values.", tolerances)
        + _timeline_html(report)
        + _groups_section(report, agreements, "agreements", f"Agreements ({len(agreements)}: agree or compatible)",
                          "No value is stated by two sources in agreement.", tolerances)
        + singles_html
        + _sources_html(report)
        + f"<footer>Made by factcheck {e(__version__)} from the articles alone, offline. "
        "Values are highlighted in their sentences; hover a timeline mark for its quote.</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Fact-check report — {e(where)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    return render_html(report, options)
