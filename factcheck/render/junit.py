"""JUnit XML for GitLab, Jenkins and other test-report viewers: one failing test case per finding.

Names are unique (group id, topic and fingerprint prefix) because GitLab keeps only the first of
duplicate names. With no findings one passing test case says so, so the CI page shows the check ran.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from factcheck.findings import RULES
from factcheck.model import Group, Report, Verdict
from factcheck.render import RenderOptions, article_of, finding_groups, location, quote, sources_by_id
from factcheck.render.sarif import side_text, topic

SUITE = "factcheck"
# Characters XML 1.0 cannot carry, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Text that XML 1.0 can hold: invalid control characters become U+FFFD."""
    return _INVALID_XML.sub("\ufffd", text)


def case_name(group: Group) -> str:
    """A unique, readable test-case name for a finding group."""
    return f"{group.id} {topic(group)} [{group.fingerprint[:8]}]"


def _failure_body(report: Report, group: Group) -> str:
    by_id = sources_by_id(report)
    lines = []
    for c in group.claims:
        art = by_id[c.source]
        line, col, _, _ = location(art, c)
        lines.append(f"{c.source} {report.path_of(art)}:{line}:{col}: {side_text(c)}")
        lines.append(f"    {quote(c)}")
    lines.append(f"fingerprint: {group.fingerprint}")
    return "\n".join(lines) + "\n"


def _testcase(parent: ET.Element, report: Report, group: Group) -> None:
    rule = RULES[group.verdict]
    first = group.claims[0]
    art = article_of(report, first.source)
    case = ET.SubElement(
        parent,
        "testcase",
        {"classname": f"factcheck.{rule.id}", "name": clean(case_name(group)), "file": clean(report.path_of(art)),
         "time": "0"},
    )
    values = "; ".join(f"{c.source} says {side_text(c)}" for c in group.claims)
    message = f"{rule.short}: {topic(group)}: {values}"
    failure = ET.SubElement(case, "failure", {"type": rule.id, "message": clean(message)})
    failure.text = clean(_failure_body(report, group))


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    findings = [g for g in finding_groups(report, options) if g.verdict in RULES]
    tests = max(1, len(findings))
    counts = {"tests": str(tests), "failures": str(len(findings)), "errors": "0", "skipped": "0", "time": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    for g in findings:
        _testcase(suite, report, g)
    if not findings:
        what = "no conflicts" if options.findings == {Verdict.CONFLICT} else "no findings"
        ET.SubElement(suite, "testcase", {"classname": "factcheck", "name": what, "time": "0"})
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
