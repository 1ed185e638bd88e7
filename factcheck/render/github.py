"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding group.

GitHub shows at most 10 errors and 10 warnings per step, so findings come most important first;
a final ``::notice`` gives the totals. Escaping follows the runner's rules: in the message
% \\r \\n are percent-encoded, in property values also : and ,.
"""

from __future__ import annotations

from factcheck.findings import RULES
from factcheck.model import Claim, Group, Report, Severity, Verdict
from factcheck.render import RenderOptions, article_of, finding_groups, location
from factcheck.render.sarif import problem_line, shown_path, side_text, topic

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}
_PROBLEM = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A workflow-command message with %, \\r and \\n percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow-command property value: like a message, plus : and , percent-encoded."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: str | int) -> str:
    """One workflow command line, e.g. ``::error file=a.txt,line=3::message``."""
    args = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{name}{' ' + args if args else ''}::{escape_data(message)}"


def _where(report: Report, claim: Claim) -> str:
    art = article_of(report, claim.source)
    line, col, _, _ = location(art, claim)
    return f"{report.path_of(art)}:{line}:{col}"


def annotation(report: Report, group: Group) -> str:
    """The annotation of one finding group, at its first claim, naming every other side."""
    rule = RULES[group.verdict]
    first = group.claims[0]
    art = article_of(report, first.source)
    line, col, end_line, end_col = location(art, first)
    props: dict[str, str | int] = {"file": report.path_of(art), "line": line, "endLine": end_line}
    if line == end_line:
        # GitHub accepts columns only for a single-line range.
        props |= {"col": col, "endColumn": end_col}
    props["title"] = f"factcheck {rule.id}: {topic(group)} ({group.id})"
    verb = "contradicts" if group.verdict is Verdict.CONFLICT else "differs compatibly from"
    lines = [f"{first.source} says {side_text(first)} here; it {verb}:"]
    lines += [f"{c.source} {_where(report, c)} says {side_text(c)}" for c in group.claims[1:]]
    return command(_COMMAND[rule.level], "\n".join(lines), **props)


def _total(report: Report, findings: list[Group]) -> str:
    conflicts = sum(1 for g in findings if g.verdict is Verdict.CONFLICT)
    compatible = sum(1 for g in findings if g.verdict is Verdict.COMPATIBLE)
    parts = []
    if conflicts or not compatible:
        parts.append("no conflicts" if not conflicts else f"{conflicts} conflict{'s' if conflicts != 1 else ''}")
    if compatible:
        parts.append(f"{compatible} compatible difference{'s' if compatible != 1 else ''}")
    n = report.summary.sources
    return f"factcheck: {' and '.join(parts)} in {n} source{'s' if n != 1 else ''}"


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    findings = [g for g in finding_groups(report, options) if g.verdict in RULES]
    out = [annotation(report, g) for g in findings]
    for p in sorted(report.problems, key=lambda p: (p.path, p.message)):
        props: dict[str, str | int] = {"file": shown_path(report, p.path)}
        line = problem_line(report, p)
        if line is not None:
            props["line"] = line
        out.append(command(_PROBLEM[p.severity], p.message, **props, title="factcheck"))
    out.append(command("notice", _total(report, findings)))
    return "\n".join(out) + "\n"
