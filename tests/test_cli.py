"""The console script as a user runs it: exit codes, flags, determinism, the JSON contract."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from factcheck import __version__
from factcheck.cli import EXIT_CONFLICT, EXIT_OK, EXIT_USAGE, app, main

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
SCHEMA = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args], capture_output=True, text=True, env=full_env, cwd=ROOT
    )


def test_exit_codes_are_named() -> None:
    assert (EXIT_OK, EXIT_CONFLICT, EXIT_USAGE) == (0, 1, 2)


def test_version() -> None:
    got = run_cli("--version")
    assert got.returncode == 0
    assert got.stdout.strip() == f"factcheck {__version__}"


@pytest.mark.parametrize("command", [[], ["compare"], ["entities"], ["claims"], ["explain"], ["config"]])
def test_help_on_every_command(command: list[str]) -> None:
    got = run_cli(*command, "--help")
    assert got.returncode == 0
    assert "Usage" in got.stdout


def test_compare_seeds_exits_one_and_is_byte_identical(tmp_path: Path) -> None:
    first = run_cli("compare", "fixtures/seeds/")
    second = run_cli("compare", "fixtures/seeds/", env={"PYTHONHASHSEED": "123"})
    assert first.returncode == EXIT_CONFLICT
    assert first.stdout == second.stdout
    assert "Conflicts (2)" in first.stdout


def test_json_is_valid_and_deterministic() -> None:
    a = run_cli("compare", "fixtures/seeds", "--format", "json")
    b = run_cli("compare", "fixtures/seeds", "--format", "json", env={"PYTHONHASHSEED": "7"})
    assert a.returncode == EXIT_CONFLICT
    assert a.stdout == b.stdout
    doc = json.loads(a.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["schema_version"] == 1
    assert doc["summary"]["verdicts"]["conflict"] == 2
    assert doc["summary"]["sources"] == 5


def test_json_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    assert main(["compare", str(SEEDS), "--format", "json", "-o", str(out)]) == EXIT_CONFLICT
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), SCHEMA)


def test_json_range_claim_shape() -> None:
    doc = json.loads(run_cli("compare", "fixtures/seeds", "--format", "json").stdout)
    (g,) = [g for g in doc["groups"] if g["subject"] == "drone" and g["attribute"] == "range"]
    for c in g["claims"]:
        assert c["value"] == {**c["value"], "kind": "quantity", "low": 0, "high": 1000, "unit": "km"}
        assert c["line"] >= 1 and c["column"] >= 1


def test_missing_dir_is_usage_error(tmp_path: Path) -> None:
    assert main(["compare", str(tmp_path / "nope")]) == EXIT_USAGE


def test_file_instead_of_dir_is_usage_error() -> None:
    assert main(["compare", str(SEEDS / "000_560dc9358915ed39.txt")]) == EXIT_USAGE


def test_empty_dir_is_usage_error(tmp_path: Path) -> None:
    assert main(["compare", str(tmp_path)]) == EXIT_USAGE


def test_unreadable_files_are_skipped_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        "date 2025-01-10 The ministry said two planes arrived in Oslo on January 8.", encoding="utf-8"
    )
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    got = run_cli("compare", str(tmp_path), "--format", "json")
    assert got.returncode == EXIT_OK
    doc = json.loads(got.stdout)
    assert [s["path"] for s in doc["sources"]] == ["good.txt"]
    assert {p["path"] for p in doc["problems"]} == {"bad.txt", "empty.md"}


def test_only_bad_files_is_usage_error(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    got = run_cli("compare", str(tmp_path))
    assert got.returncode == EXIT_USAGE
    assert "bad.txt" in got.stderr and "Traceback" not in got.stderr


def test_bad_option_value_is_usage_error() -> None:
    assert main(["compare", str(SEEDS), "--assume-date", "yesterday"]) == EXIT_USAGE
    assert main(["compare", str(SEEDS), "--format", "xml"]) == EXIT_USAGE


def test_assume_date_anchors_undated_source(tmp_path: Path) -> None:
    doc = json.loads(run_cli("compare", "fixtures/seeds", "--format", "json", "--assume-date", "2025-10-31").stdout)
    s004 = [s for s in doc["sources"] if s["path"].startswith("004")][0]
    assert s004["published"] == "2025-10-31" and s004["date_source"] == "assumed"
    assert doc["summary"]["unanchored"] == 0


def test_input_folder_is_never_written(tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in SEEDS.rglob("*")}
    run_cli("compare", "fixtures/seeds", "--format", "json")
    assert {p: p.read_bytes() for p in SEEDS.rglob("*")} == before


def _options(command: object) -> list[str]:
    import typer.main

    click_cmd = typer.main.get_command(app)
    sub = click_cmd.commands[command]  # type: ignore[attr-defined]
    return [opt for p in sub.params for opt in getattr(p, "opts", []) if opt.startswith("--")]


@pytest.mark.parametrize("command", ["compare", "entities", "claims", "explain", "config"])
def test_every_option_is_documented(command: str) -> None:
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    section = usage[usage.index(f"## `factcheck {command}`") :] if command != "compare" else usage
    for opt in _options(command):
        assert re.search(re.escape(opt) + r"\b", section), f"{command} {opt} is not documented in docs/usage.md"


def test_entities_json() -> None:
    got = run_cli("entities", "fixtures/seeds", "--format", "json")
    assert got.returncode == EXIT_OK
    doc = json.loads(got.stdout)
    names = {e["name"] for e in doc["entities"]}
    assert {"Nicolás Maduro", "Vladimir Putin", "Il-76"} <= names


def test_claims_json_for_files() -> None:
    got = run_cli("claims", "fixtures/seeds/003_1491b579087721c9.txt", "--format", "json")
    assert got.returncode == EXIT_OK
    doc = json.loads(got.stdout)
    texts = {c["text"]: c for c in doc["claims"]}
    assert texts["до 1000 км"]["value"]["high"] == 1000
    assert texts["Днем ранее"]["value"]["low"] == "2025-10-25"


def test_claims_missing_file_is_usage_error() -> None:
    assert run_cli("claims", "no/such/file.txt").returncode == EXIT_USAGE


def test_readme_opens_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash)?\n(.*?)```", readme, re.S)
    assert block, "README has no code block"
    lines = [ln for ln in block.group(1).splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(lines) == 2
    assert "factcheck compare fixtures/seeds/" in lines[0]
    assert "pytest" in lines[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1].replace(" --quiet", "") in ci.replace(" --quiet", "")
