"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one result per finding group.

A result sits at the first claim of its group; the other claims are related locations that its
message links as ``[text](id)``. Columns count Unicode code points (``columnKind``), and
``partialFingerprints`` carry the group's line-free fingerprint so alerts survive edits.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any
from urllib.parse import quote as url_quote

from factcheck import __version__
from factcheck.findings import FINGERPRINT_VERSION, RULES, Rule
from factcheck.model import Article, Claim, Group, Problem, Report, Severity, source_order
from factcheck.render import RenderOptions, finding_groups, line_col, location, sources_by_id, value_text

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = f"factcheckFinding/v{FINGERPRINT_VERSION}"
SRCROOT = "%SRCROOT%"

_NOTIFICATION_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Command-line flags and HTML comments in rule help, shown as code in Markdown.
_CODE = re.compile(r"<!--.*?-->|--[a-z][a-z-]*(?: compatible)?")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:/")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(text: str) -> str:
    """Plain rule text as Markdown: punctuation backslash-escaped, HTML as entities."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shown_path(report: Report, path: str) -> str:
    """A path relative to the compared folder as a CI runner sees it (like ``Report.path_of``)."""
    if not report.root:
        return path
    return posixpath.normpath(posixpath.join(report.root.replace("\\", "/"), path))


def problem_line(report: Report, problem: Problem) -> int | None:
    """The line a problem points at, when it is about a place in a loaded article."""
    art = next((a for a in report.sources if a.path == problem.path), None)
    return line_col(art.text, problem.offset)[0] if art is not None and problem.offset is not None else None


def artifact_uri(path: str) -> tuple[str, str | None]:
    """A file path as a SARIF URI and its uriBaseId: repo-relative under %SRCROOT%, absolute as file://."""
    path = path.replace("\\", "/")
    if _WINDOWS_DRIVE.match(path):
        return "file:///" + path[:2] + url_quote(path[2:], safe="/"), None
    if path.startswith("/"):
        return "file://" + url_quote(path, safe="/"), None
    return url_quote(posixpath.normpath(path), safe="/"), SRCROOT


def _help_markdown(rule: Rule) -> str:
    parts = []
    last = 0
    for m in _CODE.finditer(rule.help):
        parts.append(_md(rule.help[last : m.start()]))
        parts.append(f"`{m.group(0)}`")
        last = m.end()
    parts.append(_md(rule.help[last:]))
    return f"**{_md(rule.short)}.**\n\n{_md(rule.full)}\n\n{''.join(parts)}"


def rule_json(rule: Rule) -> dict[str, Any]:
    """One rule as a SARIF reportingDescriptor."""
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.help, "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": rule.level},
        "properties": {"tags": ["factcheck", rule.id]},
    }


def _escape_text(text: str) -> str:
    # SARIF plain-text messages treat [ and ] as link syntax; literal ones are backslash-escaped.
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _physical(report: Report, article: Article, claim: Claim) -> dict[str, Any]:
    uri, base = artifact_uri(report.path_of(article))
    artifact: dict[str, Any] = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    line, col, end_line, end_col = location(article, claim)
    region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}
    return {"artifactLocation": artifact, "region": region}


def side_text(claim: Claim) -> str:
    """A claim's value for a message: the value and, when it differs, the words the source used."""
    value = value_text(claim)
    written = " ".join(claim.text.split())
    return value if written == value else f'{value} ("{written}")'


def topic(group: Group) -> str:
    """What a group is about: subject, attribute and event."""
    return " · ".join(p for p in (group.subject_name, group.attribute, group.event) if p)


def result_json(report: Report, group: Group, rule_index: dict[str, int]) -> dict[str, Any]:
    """One finding group as a SARIF result located at its first claim."""
    by_id = sources_by_id(report)
    rule = RULES[group.verdict]
    first, others = group.claims[0], group.claims[1:]
    art = by_id[first.source]
    related = []
    links = []
    for i, claim in enumerate(others, 1):
        other = by_id[claim.source]
        line = location(other, claim)[0]
        label = f"{claim.source} {report.path_of(other)}:{line}"
        related.append(
            {
                "id": i,
                "physicalLocation": _physical(report, other, claim),
                "message": {"text": f"{claim.source} says {side_text(claim)}"},
            }
        )
        links.append(f"[{_escape_text(label)}]({i}) says {_escape_text(side_text(claim))}")
    verb = "contradict each other" if rule.id == "conflict" else "differ compatibly"
    sides = [f"{first.source} here says {_escape_text(side_text(first))}", *links]
    text = f"Sources {verb} on {_escape_text(topic(group))} ({group.id}): " + "; ".join(sides) + "."
    return {
        "ruleId": rule.id,
        "ruleIndex": rule_index[rule.id],
        "level": rule.level,
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": _physical(report, art, first),
                "message": {"text": f"{first.source} says {side_text(first)}"},
            }
        ],
        "relatedLocations": related,
        "partialFingerprints": {FINGERPRINT_KEY: group.fingerprint},
        "properties": {
            "group": group.id,
            "subject": group.subject_name,
            "attribute": group.attribute,
            "event": group.event,
            "sources": sorted({c.source for c in group.claims}, key=source_order),
        },
    }


def sarif_json(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The report as a SARIF log (a JSON-ready dict)."""
    rules = list(RULES.values())
    rule_index = {r.id: i for i, r in enumerate(rules)}
    notifications = []
    for p in sorted(report.problems, key=lambda p: (p.path, p.message)):
        uri, base = artifact_uri(shown_path(report, p.path))
        artifact: dict[str, Any] = {"uri": uri}
        if base:
            artifact["uriBaseId"] = base
        physical: dict[str, Any] = {"artifactLocation": artifact}
        line = problem_line(report, p)
        if line is not None:
            physical["region"] = {"startLine": line}
        notifications.append(
            {
                "level": _NOTIFICATION_LEVEL[p.severity],
                "message": {"text": f"{shown_path(report, p.path)}: {p.message}"},
                "locations": [{"physicalLocation": physical}],
            }
        )
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {
            "driver": {
                "name": "factcheck",
                "semanticVersion": __version__,
                "rules": [rule_json(r) for r in rules],
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        # line_col ends a line at \r\n, \n and a lone \r alike.
        "newlineSequences": ["\r\n", "\n", "\r"],
        "results": [result_json(report, g, rule_index) for g in finding_groups(report, options) if g.verdict in RULES],
    }
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    return json.dumps(sarif_json(report, options), ensure_ascii=False, indent=2) + "\n"
