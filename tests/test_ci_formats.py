"""CI output formats: goldens on the seeds, SARIF schema validation, escaping and fingerprint stability.

Regenerate the goldens after an intended change with:
UPDATE_GOLDEN=1 python -m pytest tests/test_ci_formats.py

tests/data/sarif-schema-2.1.0.json is the official OASIS SARIF 2.1.0 errata01 schema (draft-04, id
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json), vendored
unchanged from oasis-tcs/sarif-spec (Schemata/sarif-schema-2.1.0.json).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

from factcheck import __version__
from factcheck.findings import RULES
from factcheck.model import Report, Verdict
from factcheck.pipeline import compare
from factcheck.render import RenderOptions, finding_groups, render
from factcheck.render.github import command, escape_data, escape_property
from factcheck.render.markdown import code, escape, render_markdown
from factcheck.render.sarif import FINGERPRINT_KEY, artifact_uri
from helpers import check_golden

ROOT = Path(__file__).parent.parent
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
BOTH = RenderOptions(findings=frozenset({Verdict.CONFLICT, Verdict.COMPATIBLE}))




@cache
def seeds() -> Report:
    """The seed report with paths as a CI runner in the repository root sees them."""
    return dataclasses.replace(compare(ROOT / "fixtures" / "seeds"), root="fixtures/seeds")


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("jsonl", "seeds.jsonl"),
        ("markdown", "seeds.md"),
        ("sarif", "seeds.sarif"),
        ("github", "seeds.github.txt"),
        ("junit", "seeds.junit.xml"),
        ("gitlab", "seeds.gitlab.json"),
    ],
)
def test_golden(fmt: str, golden: str) -> None:
    check_golden(golden, render(seeds(), fmt, RenderOptions()))


@pytest.mark.parametrize("fmt", ["jsonl", "markdown", "sarif", "github", "junit", "gitlab"])
def test_deterministic(fmt: str) -> None:
    again = dataclasses.replace(compare(ROOT / "fixtures" / "seeds"), root="fixtures/seeds")
    assert render(seeds(), fmt, BOTH) == render(again, fmt, BOTH) == render(seeds(), fmt, BOTH)


# --- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_lines_are_the_json_groups() -> None:
    lines = render(seeds(), "jsonl").splitlines()
    objs = [json.loads(line) for line in lines]
    full = json.loads(render(seeds(), "json"))
    assert [o for o in objs if o["type"] == "group"] == [{"type": "group", **g} for g in full["groups"]]
    summary = objs[-1]
    assert summary["type"] == "summary" and [o["type"] for o in objs[:-1]] == ["group"] * len(full["groups"])
    assert summary["verdicts"] == full["summary"]["verdicts"]
    assert summary["findings"] == ["G1", "G2"]
    assert summary["source_paths"]["S2"] == "fixtures/seeds/001_73b844b10df2d745.txt"
    assert all(line == json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":")) for line in lines)


# --- SARIF --------------------------------------------------------------------------------------


def _sarif(options: RenderOptions = BOTH) -> dict:
    return json.loads(render(seeds(), "sarif", options))


def test_sarif_validates_against_the_oasis_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/errata01/os/schemas/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema)
    for options in (RenderOptions(), BOTH):
        errors = sorted(validator.iter_errors(_sarif(options)), key=str)
        assert not errors, "\n".join(str(e) for e in errors[:3])


def test_sarif_meets_github_code_scanning_requirements() -> None:
    log = _sarif()
    assert log["version"] == "2.1.0" and log["$schema"].startswith("https://")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "factcheck" and driver["semanticVersion"] == __version__
    assert run["columnKind"] == "unicodeCodePoints"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.id for r in RULES.values()]
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
        assert rule["id"] and rule["help"]["markdown"].strip()
        assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["conflict", "conflict", "compatible", "compatible"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == rules[result["ruleIndex"]]["defaultConfiguration"]["level"]
        assert result["message"]["text"].strip()
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and "://" not in uri and " " not in uri and "\\" not in uri
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
        assert len(result["partialFingerprints"][FINGERPRINT_KEY]) == 32
        # Every related location is linked from the message, ids 1..n.
        ids = [loc["id"] for loc in result["relatedLocations"]]
        assert ids == list(range(1, len(ids) + 1))
        for i in ids:
            assert f"]({i})" in result["message"]["text"]


def test_sarif_first_result_points_at_the_values() -> None:
    result = _sarif(RenderOptions())["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 17, "startColumn": 15, "endLine": 17, "endColumn": 30}
    text = (ROOT / "fixtures/seeds/001_73b844b10df2d745.txt").read_text(encoding="utf-8").splitlines()[16]
    assert text[region["startColumn"] - 1 : region["endColumn"] - 1] == "a Russian Il-76"
    assert "Il-76" in result["message"]["text"] and "count" in result["message"]["text"]
    assert [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in result["relatedLocations"]] == [
        "fixtures/seeds/003_1491b579087721c9.txt",
        "fixtures/seeds/004_fffc7c21f827b99c.txt",
    ]


@pytest.mark.parametrize(
    ("path", "uri", "base"),
    [
        ("fixtures/seeds/a.txt", "fixtures/seeds/a.txt", "%SRCROOT%"),
        ("news/my file #1.txt", "news/my%20file%20%231.txt", "%SRCROOT%"),
        ("новости/ё.txt", "%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%D1%91.txt", "%SRCROOT%"),
        ("a:b/c.txt", "a%3Ab/c.txt", "%SRCROOT%"),
        ("news\\win.txt", "news/win.txt", "%SRCROOT%"),
        ("/abs/path x.txt", "file:///abs/path%20x.txt", None),
        ("C:/data/a.txt", "file:///C:/data/a.txt", None),
    ],
)
def test_sarif_uri(path: str, uri: str, base: str | None) -> None:
    assert artifact_uri(path) == (uri, base)


# --- GitHub annotations -------------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_property("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext%3A a%2C b"
    got = command("error", "50% of 2,000: done\nline 2\r", file="news/a,b:c.txt", line=3, title="x: y, 10%")
    assert got == "::error file=news/a%2Cb%3Ac.txt,line=3,title=x%3A y%2C 10%25::50%25 of 2,000: done%0Aline 2%0D"
    assert command("notice", "plain") == "::notice::plain"


def test_github_annotations() -> None:
    lines = render(seeds(), "github", BOTH).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error"] * 2 + ["::warning"] * 2 + ["::notice::factcheck:"]
    first = lines[0]
    where = "file=fixtures/seeds/001_73b844b10df2d745.txt,line=17,endLine=17,col=15,endColumn=30,"
    assert first.startswith("::error " + where)
    props, message = first[len("::error ") :].split("::", 1)
    assert "title=factcheck conflict%3A Il-76" in props
    # The other sides are named with path:line and value.
    assert "S4 fixtures/seeds/003_1491b579087721c9.txt:17:86 says 1" in message
    assert 'S5 fixtures/seeds/004_fffc7c21f827b99c.txt:4:248 says 2 ("two")' in message
    assert "\n" not in message and "%0A" in message
    assert lines[-1] == "::notice::factcheck: 2 conflicts and 2 compatible differences in 5 sources"
    assert render(seeds(), "github").splitlines()[-1] == "::notice::factcheck: 2 conflicts in 5 sources"


# --- JUnit --------------------------------------------------------------------------------------


def test_junit_parses_with_unique_names() -> None:
    for options in (RenderOptions(), BOTH):
        out = render(seeds(), "junit", options)
        assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
        root = ET.fromstring(out.encode("utf-8"))
        suite = root.find("testsuite")
        assert root.tag == "testsuites" and suite is not None and suite.get("name") == "factcheck"
        cases = suite.findall("testcase")
        names = [c.get("name") for c in cases]
        assert len(names) == len(set(names)) == int(suite.get("tests", "0"))
        findings = finding_groups(seeds(), options)
        failures = suite.findall("testcase/failure")
        assert len(failures) == int(suite.get("failures", "-1")) == len(findings)
        assert suite.get("errors") == "0" and suite.get("skipped") == "0"
        for case, group in zip(cases, findings):
            assert case.get("classname") == f"factcheck.{RULES[group.verdict].id}"
            assert group.id in case.get("name", "") and group.fingerprint[:8] in case.get("name", "")
            assert case.get("file", "").startswith("fixtures/seeds/") and case.get("time") == "0"
    conflicts = seeds().summary.verdicts["conflict"]
    root = ET.fromstring(render(seeds(), "junit").encode("utf-8"))
    assert len(root.findall("testsuite/testcase/failure")) == conflicts == 2
    body = root.findall("testsuite/testcase/failure")[0].text or ""
    assert "fixtures/seeds/004_fffc7c21f827b99c.txt:4:248: 2" in body and "Ilyushin Il-76" in body


def test_junit_without_findings_has_one_passing_case() -> None:
    quiet = dataclasses.replace(seeds(), groups=tuple(g for g in seeds().groups if g.verdict is not Verdict.CONFLICT))
    root = ET.fromstring(render(quiet, "junit").encode("utf-8"))
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["no conflicts"]
    assert root.find("testsuite/testcase/failure") is None and root.get("failures") == "0"


# --- GitLab -------------------------------------------------------------------------------------


def test_gitlab_code_quality() -> None:
    issues = json.loads(render(seeds(), "gitlab", BOTH))
    assert isinstance(issues, list) and len(issues) == 4
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["description"].strip() and issue["check_name"] in ("conflict", "compatible")
        assert issue["severity"] == {"conflict": "major", "compatible": "minor"}[issue["check_name"]]
        assert issue["location"]["path"].startswith("fixtures/seeds/")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert [i["fingerprint"] for i in issues] == [g.fingerprint for g in finding_groups(seeds(), BOTH)]
    quiet = dataclasses.replace(seeds(), groups=())
    assert render(quiet, "gitlab") == "[]\n"


# --- Markdown -----------------------------------------------------------------------------------


def test_markdown_escape() -> None:
    assert escape("<b>a</b> & b|c `d` *e* _f_ [g](h) \\") == (
        "&lt;b&gt;a&lt;/b&gt; &amp; b\\|c \\`d\\` \\*e\\* \\_f\\_ \\[g\\](h) \\\\"
    )
    assert escape("two\nlines") == "two lines"
    assert code("a|b", in_table=True) == "`a\\|b`"
    assert code("a`b") == "``a`b``"
    assert code("`a") == "`` `a ``"


def test_markdown_sections() -> None:
    out = render(seeds(), "markdown")
    assert out.startswith("## factcheck: 2 conflicts in 5 sources\n")
    assert out.index("### Sources") < out.index("### Conflicts (2)") < out.index("### Agreements (7")
    assert "G10" not in out and "9 single-source claim groups not shown" in out
    full = render(seeds(), "markdown", RenderOptions(show_all=True))
    assert "### Other groups (16)" in full and "| G18 | single |" in full


def test_markdown_is_truncated_under_the_limit() -> None:
    out = render_markdown(seeds(), RenderOptions(show_all=True), max_bytes=3000)
    assert len(out.encode("utf-8")) <= 3000
    assert "**Output truncated**" in out and "more groups not shown" in out
    assert len(render(seeds(), "markdown").encode("utf-8")) < 1024 * 1024


# --- Article HTML never reaches the reader --------------------------------------------------------


def _html_articles(folder: Path) -> Report:
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Il-76 arrivals <script>alert(1)</script> & more | `x`\n"
        "Published: October 1, 2025\n\n"
        "Two Il-76 aircraft arrived in Caracas on Sunday <script>alert(1)</script> <b>bold</b> "
        "<scr<b></b>ipt>alert(2)</script> & x|y `code` [link](javascript:alert(3)).\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Published: October 1, 2025\n\nOne Il-76 aircraft arrived in Caracas on Sunday, officials said.\n",
        encoding="utf-8",
    )
    return compare(folder)


def test_article_html_is_escaped(tmp_path: Path) -> None:
    report = _html_articles(tmp_path / "html")
    conflicts = [g for g in report.groups if g.verdict is Verdict.CONFLICT]
    assert len(conflicts) == 1 and {c.text for c in conflicts[0].claims} == {"Two", "One"}
    assert "<script>" in (report.sources[0].title or "")  # the raw title still holds the markup

    md = render(report, "markdown")
    assert "<script" not in md and "<b>" not in md and "<scr" not in md and "</" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md  # the title, shown as text
    assert "&lt;scr ipt&gt;alert(2)" in md and "&amp; x\\|y \\`code\\`" in md and "\\[link\\](javascript" in md
    # Only the renderer's own <br> tags are HTML.
    assert md.replace("<br>", "").count("<") == 0

    xml = render(report, "junit")
    assert "<script" not in xml and "<scr " not in xml and "&lt;scr ipt&gt;alert(2)" in xml
    failure = ET.fromstring(xml.encode("utf-8")).find("testsuite/testcase/failure")
    assert failure is not None and "<scr ipt>alert(2) & x|y `code`" in (failure.text or "")


def test_junit_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    report = seeds()
    group = report.groups[0]
    claim = group.claims[0]
    bad = dataclasses.replace(claim, sentence=dataclasses.replace(claim.sentence, text="bell \x07 and nul \x00 here"))
    group = dataclasses.replace(group, claims=(bad, *group.claims[1:]))
    xml = render(dataclasses.replace(report, groups=(group,)), "junit")
    failure = ET.fromstring(xml.encode("utf-8")).find("testsuite/testcase/failure")
    assert failure is not None and "bell \ufffd and nul \ufffd here" in (failure.text or "")


# --- Fingerprints ---------------------------------------------------------------------------------


def _conflicts(report: Report) -> dict[tuple[str, str, str | None], str]:
    conflicts = (g for g in report.groups if g.verdict is Verdict.CONFLICT)
    return {(g.subject_name, g.attribute, g.event): g.fingerprint for g in conflicts}


def _line_of(report: Report, group_key: tuple[str, str, str | None], source_path: str) -> int:
    from factcheck.render import location

    group = next(g for g in report.groups if (g.subject_name, g.attribute, g.event) == group_key)
    art = next(a for a in report.sources if a.path == source_path)
    claim = next(c for c in group.claims if c.source == art.id)
    return location(art, claim)[0]


def _move_lines(folder: Path, name: str, paragraph: str) -> None:
    """Blank lines before the date marker of one seed article, and a new paragraph after its first line."""
    path = folder / name
    first, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text("\n\n\n" + first + "\n\n" + paragraph + "\n" + rest, encoding="utf-8")


def _sarif_fingerprints(report: Report) -> list[str]:
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]


def test_fingerprints_survive_moved_lines(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "fixtures" / "seeds", folder)
    before = compare(folder)
    name = "001_73b844b10df2d745.txt"
    _move_lines(folder, name, "This story was updated with more detail after publication.")
    after = compare(folder)
    key = ("Il-76", "count", "arrive")
    assert _line_of(after, key, name) == _line_of(before, key, name) + 5
    assert _conflicts(after) == _conflicts(before) and len(_conflicts(before)) == 2
    assert _sarif_fingerprints(after) == _sarif_fingerprints(before)


def test_fingerprints_survive_a_new_name_elsewhere(tmp_path: Path) -> None:
    # A new name ("Editor") renumbers the run's entity ids (E16 -> E17); fingerprints must not use them.
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "fixtures" / "seeds", folder)
    before = compare(folder)
    _move_lines(folder, "001_73b844b10df2d745.txt", "Editor's note: this story was updated with more detail.")
    assert _conflicts(compare(folder)) == _conflicts(before)


def test_fingerprint_changes_with_the_value(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "fixtures" / "seeds", folder)
    before = _conflicts(compare(folder))
    path = folder / "004_fffc7c21f827b99c.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count("arrival of two Ilyushin") == 1
    path.write_text(text.replace("arrival of two Ilyushin", "arrival of three Ilyushin"), encoding="utf-8")
    after = _conflicts(compare(folder))
    key = ("Il-76", "count", "arrive")
    assert key in after and after[key] != before[key]
    assert after[("treaty", "date", "ratify")] == before[("treaty", "date", "ratify")]
