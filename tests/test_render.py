"""Golden tests for the renderers (fixed width, no colour) and the line:column helper.

Regenerate after an intended change with: UPDATE_GOLDEN=1 python -m pytest tests/test_render.py
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.pipeline import compare
from factcheck.render import line_col, render
from factcheck.render.table import render_table
from helpers import check_golden

ROOT = Path(__file__).parent.parent




@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(
    ("folder", "width", "show_all"),
    [("seeds", 100, False), ("seeds", 60, False), ("seeds", 120, True), ("quake", 100, False), ("ratecut", 100, False)],
)
def test_table_golden(folder: str, width: int, show_all: bool) -> None:
    report = compare(ROOT / "fixtures" / folder)
    check_golden(f"{folder}_table_{width}{'_all' if show_all else ''}.txt", render_table(report, width, False, show_all))


@pytest.mark.parametrize("folder", ["seeds", "quake", "ratecut"])
def test_json_golden(folder: str) -> None:
    check_golden(f"{folder}.json", render(compare(ROOT / "fixtures" / folder), "json"))


def test_narrow_table_fits_width() -> None:
    out = render_table(compare(ROOT / "fixtures" / "seeds"), 60, False, False)
    assert max(len(line) for line in out.splitlines()) <= 60


def test_no_ansi_codes_without_colour() -> None:
    assert "\x1b[" not in render_table(compare(ROOT / "fixtures" / "seeds"), 100, False, True)


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("abc", 0, (1, 1)),
        ("abc\ndef", 4, (2, 1)),
        ("abc\r\ndef", 5, (2, 1)),
        ("abc\rdef", 4, (2, 1)),
        ("a\n\nb", 3, (3, 1)),
        ("abc\ndef", 6, (2, 3)),
    ],
)
def test_line_col(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert line_col(text, offset) == expected


def test_locations_are_never_split_at_80_columns() -> None:
    import re

    report = compare(ROOT / "fixtures" / "seeds")
    text = render_table(report, width=80)
    for g in report.groups:
        if g.verdict.value in ("conflict", "agree", "compatible"):
            for c in g.claims:
                art = next(a for a in report.sources if a.id == c.source)
                line, col = line_col(art.text, c.start)
                assert re.search(re.escape(f"{art.path}:{line}:{col}") + r"\b", text), (art.path, line, col)
