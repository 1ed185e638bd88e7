"""A Markdown report for a pull-request comment or $GITHUB_STEP_SUMMARY (GitHub-flavoured tables).

Every piece of article text is escaped, so markup in an article (``<script>``, ``|``, backticks)
is shown as text and never reaches the reader as HTML or breaks a table. The output stays under
GitHub's 1 MiB limit for a job summary: past ``MAX_BYTES`` it is cut at a group with a note.
"""

from __future__ import annotations

import re

from factcheck.model import Claim, Group, Report, Verdict, source_order
from factcheck.render import RenderOptions, article_of, claim_count, finding_groups, location, quote, value_text
from factcheck.render.sarif import shown_path

MAX_BYTES = 1024 * 1024 - 1024  # GitHub's job-summary limit is 1 MiB; keep a little room
_NOTE_ROOM = 512

# Inline Markdown syntax; line-start syntax (#, -, >, 1.) cannot occur because text never starts a line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_SPACE = re.compile(r"\s+")
_ORDER = (Verdict.CONFLICT, Verdict.COMPATIBLE, Verdict.AGREE, Verdict.SINGLE)


def escape(text: str) -> str:
    """Text safe inside Markdown and table cells: one line, Markdown punctuation and HTML escaped."""
    text = _SPACE.sub(" ", text).strip()
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def code(text: str, in_table: bool = False) -> str:
    """Text as an inline code span (shown literally, so no HTML or Markdown escaping is needed)."""
    text = _SPACE.sub(" ", text).strip()
    if not text:
        return ""
    if in_table:
        # GFM splits table cells on | before it parses code spans.
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _topic(group: Group) -> str:
    return " · ".join(escape(p) for p in (group.subject_name, group.attribute, group.event) if p)


def _marks(claim: Claim) -> str:
    parts = []
    if claim.value.implicit:
        parts.append("implicit")
    if claim.hedged:
        parts.append(f"hedged: {escape(claim.hedge or '')}")
    if claim.attribution:
        parts.append(f"per {escape(claim.attribution)}")
    return f" ({'; '.join(parts)})" if parts else ""


def _where(report: Report, claim: Claim, in_table: bool = False) -> str:
    art = article_of(report, claim.source)
    line, col, _, _ = location(art, claim)
    return code(f"{report.path_of(art)}:{line}:{col}", in_table)


def _finding_block(report: Report, group: Group) -> str:
    lines = [f"#### {escape(group.id)} {group.verdict.value}: {_topic(group)}", ""]
    if group.reason:
        lines += [escape(group.reason), ""]
    for c in group.claims:
        value = f"{escape(value_text(c))} (“{escape(c.text)}”)"
        lines.append(f"- **{escape(c.source)}** {value} at {_where(report, c)}{_marks(c)}")
        lines.append(f"  > {escape(quote(c))}")
    return "\n".join(lines) + "\n"


def _table_row(report: Report, group: Group) -> str:
    values = "<br>".join(
        f"{escape(c.source)}: {escape(value_text(c))} ({_where(report, c, True)})" for c in group.claims
    )
    event = escape(group.event) if group.event else ""
    return (
        f"| {escape(group.id)} | {group.verdict.value} | {escape(group.subject_name)} | {escape(group.attribute)} "
        f"| {event} | {values} |\n"
    )


def _head(report: Report, findings: list[Group]) -> str:
    counts = {v: sum(1 for g in findings if g.verdict is v) for v in Verdict}
    what = []
    if counts[Verdict.CONFLICT] or not findings:
        what.append(_plural(counts[Verdict.CONFLICT], "conflict"))
    if counts[Verdict.COMPATIBLE]:
        what.append(_plural(counts[Verdict.COMPATIBLE], "compatible difference"))
    title = " and ".join(what).replace("0 conflicts", "no conflicts")
    s = report.summary
    verdicts = ", ".join(f"{s.verdicts.get(v.value, 0)} {v.value}" for v in _ORDER)
    lines = [
        f"## factcheck: {title} in {_plural(s.sources, 'source')}",
        "",
        f"{_plural(s.sources, 'source')}, {_plural(s.claims, 'claim')}, {_plural(s.groups, 'group')}: {verdicts}"
        + (f"; {s.skipped} skipped" if s.skipped else ""),
    ]
    if report.suppressed:
        lines.append(f"\n{_plural(report.suppressed, 'claim')} silenced by inline `factcheck: ignore` comments.")
    if report.baseline:
        b = report.baseline
        lines.append(
            f"\nBaseline {code(b.path)}: {_plural(b.baselined, 'finding')} hidden, "
            f"{_plural(b.stale, 'stale entry', 'stale entries')}."
        )
    lines += ["", "### Sources", "", "| id | file | lang | published | claims | title / outlet |"]
    lines.append("|---|---|---|---|---|---|")
    for a in sorted(report.sources, key=lambda a: source_order(a.id)):
        claims = claim_count(report, a.id)
        published = f"{a.published.isoformat()} ({escape(a.date_source or '')})" if a.published else "undated"
        about = " / ".join(escape(x) for x in (a.title, a.outlet) if x)
        path = code(report.path_of(a), True)
        lines.append(f"| {escape(a.id)} | {path} | {escape(a.lang)} | {published} | {claims} | {about} |")
    if report.problems:
        lines += ["", "### Problems", ""]
        for p in sorted(report.problems, key=lambda p: (p.path, p.message)):
            lines.append(f"- {p.severity.value}: {code(shown_path(report, p.path))}: {escape(p.message)}")
    return "\n".join(lines) + "\n"


def render_markdown(report: Report, options: RenderOptions, max_bytes: int = MAX_BYTES) -> str:
    """The report as GitHub-flavoured Markdown of at most ``max_bytes`` UTF-8 bytes."""
    findings = finding_groups(report, options)
    chosen = {g.id for g in findings}
    rest = [
        g for g in report.groups
        if g.id not in chosen and (g.verdict is not Verdict.SINGLE or options.show_all)
    ]
    title = "Conflicts" if all(g.verdict is Verdict.CONFLICT for g in findings) else "Findings"
    blocks: list[tuple[str, str]] = [("", _head(report, findings))]
    if findings:
        blocks.append(("", f"\n### {title} ({len(findings)})\n"))
        blocks += [(g.id, "\n" + _finding_block(report, g)) for g in findings]
    else:
        blocks.append(("", "\nNo conflicts found.\n"))
    if rest:
        label = f"Other groups ({len(rest)})" if options.show_all else f"Agreements ({len(rest)}: agree or compatible)"
        blocks.append(("", f"\n### {label}\n\n| group | verdict | subject | attribute | event | values |\n"
                           "|---|---|---|---|---|---|\n"))
        blocks += [(g.id, _table_row(report, g)) for g in rest]
    hidden = sum(1 for g in report.groups if g.verdict is Verdict.SINGLE and g.id not in chosen)
    if hidden and not options.show_all:
        blocks.append(("", f"\n{_plural(hidden, 'single-source claim group')} not shown (--all lists them).\n"))
    out: list[str] = []
    size = 0
    for i, (_, block) in enumerate(blocks):
        n = len(block.encode("utf-8"))
        if size + n > max_bytes - _NOTE_ROOM:
            left = sum(1 for gid, _ in blocks[i:] if gid)
            out.append(
                f"\n**Output truncated** to stay under the {max_bytes // 1024} KiB summary limit: "
                f"{_plural(left, 'more group')} not shown; use `--format json` for the full report.\n"
            )
            break
        out.append(block)
        size += n
    return "".join(out)


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    return render_markdown(report, options)
