"""Shared by the golden-file tests: the fixture reports and the golden comparison."""

from __future__ import annotations

import os
from dataclasses import replace
from functools import cache
from pathlib import Path

from factcheck.model import Report
from factcheck.pipeline import compare

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, got: str) -> None:
    """Compare with tests/golden/NAME, or rewrite it when UPDATE_GOLDEN is set."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8")


@cache
def report_of(folder: str) -> Report:
    """The report of fixtures/FOLDER with paths as seen from the repository root (computed once)."""
    return replace(compare(ROOT / "fixtures" / folder), root=f"fixtures/{folder}")
