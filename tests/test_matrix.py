"""The matrix view: goldens at 60 and 120 columns, fitting the width, marks without colour, majority logic.

Regenerate the goldens after an intended change with: UPDATE_GOLDEN=1 python -m pytest tests/test_matrix.py
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from factcheck.judge import Tolerance, Tolerances
from factcheck.model import Verdict
from factcheck.render import RenderOptions
from factcheck.render.matrix import (
    COMPATIBLE,
    DISAGREE,
    MAJORITY,
    SINGLE,
    cell_value,
    majority_key,
    render_matrix,
    shown_groups,
    source_status,
)
from helpers import check_golden, report_of

ROOT = Path(__file__).parent.parent






@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(("width", "show_all"), [(60, False), (120, False), (120, True)])
def test_matrix_golden(width: int, show_all: bool) -> None:
    out = render_matrix(report_of("seeds"), RenderOptions(width=width, show_all=show_all))
    check_golden(f"matrix_seeds_{width}{'_all' if show_all else ''}.txt", out)


@pytest.mark.parametrize("folder", ["seeds", "quake", "ratecut"])
@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("show_all", [False, True])
def test_matrix_fits_width(folder: str, width: int, show_all: bool) -> None:
    out = render_matrix(report_of(folder), RenderOptions(width=width, show_all=show_all))
    assert max(len(line) for line in out.splitlines()) <= width
    # Every shown group and every source id appears.
    for g in shown_groups(report_of(folder), show_all):
        assert f"{g.id} {g.verdict.value}" in out
    for a in report_of(folder).sources:
        assert a.id in out


def test_one_row_per_group_and_one_column_per_source() -> None:
    out = render_matrix(report_of("seeds"), RenderOptions(width=120))
    header = next(line for line in out.splitlines() if "S1" in line and "S5" in line)
    assert header.split() == ["S1", "S2", "S3", "S4", "S5"]
    g1 = next(line for line in out.splitlines() if line.startswith("G1 conflict"))
    # Il-76 count: S2 and S4 say 1 (the majority), S5 says 2 (marked), S1 and S3 are silent.
    assert g1.split() == ["G1", "conflict", "1*", "1*", "!2"]
    g2 = next(line for line in out.splitlines() if line.startswith("G2 conflict"))
    assert g2.split() == ["G2", "conflict", "!10-21", "10-25", "10-25"]


def test_colour_only_when_asked() -> None:
    plain = render_matrix(report_of("seeds"), RenderOptions(width=100))
    coloured = render_matrix(report_of("seeds"), RenderOptions(width=100, color=True))
    assert "\x1b[" not in plain
    assert "\x1b[1;31m!2" in coloured  # red: disagrees with the majority
    assert "\x1b[32m10-25" in coloured  # green: the majority value


def test_status_against_majority() -> None:
    groups = {g.id: g for g in report_of("seeds").groups}
    assert source_status(groups["G1"]) == {"S2": MAJORITY, "S4": MAJORITY, "S5": DISAGREE}
    assert source_status(groups["G2"]) == {"S1": DISAGREE, "S2": MAJORITY, "S4": MAJORITY}
    # A tie between overlapping ranges: no majority, both compatible.
    assert majority_key(groups["G3"]) is None
    assert source_status(groups["G3"]) == {"S1": COMPATIBLE, "S3": COMPATIBLE}
    assert set(source_status(groups["G5"]).values()) == {MAJORITY}
    single = next(g for g in report_of("seeds").groups if g.verdict is Verdict.SINGLE)
    assert set(source_status(single).values()) == {SINGLE}


def test_tolerance_softens_disagreement() -> None:
    g2 = next(g for g in report_of("seeds").groups if g.id == "G2")
    tol = Tolerances({"date": Tolerance(absolute=7)})
    assert source_status(g2, tol)["S1"] == COMPATIBLE


def test_cell_values() -> None:
    claims = {(c.source, c.text): c for c in report_of("seeds").claims}
    assert cell_value(claims[("S1", "October 21")], "2025") == "10-21"
    assert cell_value(claims[("S1", "October 21")], "2024") == "2025-10-21"
    assert cell_value(claims[("S1", "earlier in October")], "2025") == "10-01..10-30*"  # hedged
    assert cell_value(claims[("S5", "last week")]) == "last week?"


def test_empty_report() -> None:
    report = replace(report_of("seeds"), groups=())
    out = render_matrix(report, RenderOptions(width=60))
    assert "No claim is made by two sources." in out


def test_table_format_with_matrix_view() -> None:
    from factcheck.render import render

    options = RenderOptions(width=80, view="matrix")
    assert render(report_of("seeds"), "table", options) == render_matrix(report_of("seeds"), options)


def test_print_matrix_on_a_live_console() -> None:
    import io

    from rich.console import Console

    from factcheck.render.matrix import print_matrix

    buf = io.StringIO()
    print_matrix(report_of("seeds"), Console(file=buf, width=60, color_system=None), show_all=False)
    assert buf.getvalue() == render_matrix(report_of("seeds"), RenderOptions(width=60))
