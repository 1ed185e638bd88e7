"""Shared by the tests: the fixture reports, the golden comparison, a spy on a function, and a folder of three stories."""

from __future__ import annotations

import os
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

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


@cache
def masked_texts() -> tuple[str, ...]:
    """The masked text of every readable .txt file under fixtures/ and tests/ (as the pipeline sees it)."""
    from factcheck import load

    files = sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "tests").rglob("*.txt"))
    out = []
    for path in files:
        got = load.read_file(path)
        if isinstance(got, load.Decoded):
            out.append(load.mask_markup(got.text, load.read_metadata(got.text).masked))
    return tuple(out)


def returns_of(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    """What each call of ``owner.name`` returns during the test, in order (the function still runs)."""
    returned: list[Any] = []
    real = getattr(owner, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        got = real(*args, **kwargs)
        returned.append(got)
        return got

    monkeypatch.setattr(owner, name, spy)
    return returned


def mixed_folder(tmp_path: Path) -> Path:
    """An archive of three stories: the three fixture folders copied under ``tmp_path``."""
    import shutil

    root = tmp_path / "archive"
    for story in ("seeds", "quake", "ratecut"):
        shutil.copytree(ROOT / "fixtures" / story, root / story)
    return root
