"""``explain GROUP``: goldens, the highlighted value, grouping and verdict reasons, unknown ids.

Regenerate the goldens after an intended change with: UPDATE_GOLDEN=1 python -m pytest tests/test_explain.py
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from factcheck.config import Config
from factcheck.judge import Tolerance, Tolerances
from factcheck.render import RenderOptions
from factcheck.render.explain import (
    UnknownGroup,
    find_group,
    group_ids,
    interval_text,
    render_explain,
    unknown_group_message,
)
from helpers import check_golden, report_of

ROOT = Path(__file__).parent.parent
TOL = Config().tolerances






@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(("group", "width"), [("G1", 100), ("G2", 60), ("G2", 120), ("G3", 100), ("G4", 100)])
def test_explain_golden(group: str, width: int) -> None:
    out = render_explain(report_of("seeds"), group, RenderOptions(width=width), TOL)
    check_golden(f"explain_seeds_{group}_{width}.txt", out)


@pytest.mark.parametrize("folder", ["seeds", "quake", "ratecut"])
@pytest.mark.parametrize("width", [60, 100])
def test_every_group_explains_within_width(folder: str, width: int) -> None:
    report = report_of(folder)
    for gid in group_ids(report):
        out = render_explain(report, gid, RenderOptions(width=width), TOL)
        assert max(len(line) for line in out.splitlines()) <= width
        assert "\x1b[" not in out
        group = find_group(report, gid)
        assert group is not None
        assert out.count("[[") >= len(group.claims)  # every value highlighted in its sentence


def test_claims_in_full_with_their_context() -> None:
    out = render_explain(report_of("seeds"), "G2", RenderOptions(width=200), TOL)
    assert "On [[October 21]], the Russian State Duma ratified the strategic partnership and cooperation treaty" in out
    assert "[[Днем ранее]] Москва утвердила новый стратегический договор с Каракасом." in out
    assert "fixtures/seeds/000_560dc9358915ed39.txt:11:4" in out
    assert "language ru, published 2025-10-31 (marker)" in out
    assert "date: day before 2025-10-26 (previous date in text)" in out
    assert "same event: ratify" in out
    assert "S1 vs S2: 2025-10-21 vs 2025-10-25; gap 4 days, allowed 0 days → conflict" in out
    assert "S2 vs S4: 2025-10-25 vs 2025-10-25 → agree (same value)" in out


def test_hedges_attributions_and_entities() -> None:
    g1 = render_explain(report_of("seeds"), "G1", RenderOptions(width=200), TOL)
    assert "according to The Washington Post; implicit value" in g1
    assert "same subject: Il-76 (entity E16, equipment)" in g1
    assert "written in S4 as 'Ил-76'" in g1
    assert "Caracas (E5) in S2, S4, S5" in g1
    g3 = render_explain(report_of("seeds"), "G3", RenderOptions(width=200), TOL)
    assert "hedged: allegedly" in g3
    assert "[2025-10-01, 2025-10-30] vs [2025-10-11, 2025-10-20] → compatible (the intervals overlap)" in g3


def test_different_events_are_not_compared() -> None:
    out = render_explain(report_of("seeds"), "G4", RenderOptions(width=200), TOL)
    assert "events differ (S3 restore; S5 possess)" in out
    assert "not compared (different events (restore vs possess))" in out


def test_tolerance_is_applied_and_shown() -> None:
    tol = Tolerances({"date": Tolerance(absolute=5)})
    out = render_explain(report_of("seeds"), "G2", RenderOptions(width=200), tol)
    assert "tolerance for date: 5 days" in out
    assert "gap 4 days, allowed 5 days → compatible (within tolerance (4 <= 5))" in out
    # A single Tolerance works too.
    assert render_explain(report_of("seeds"), "G2", RenderOptions(width=200), Tolerance(absolute=5)) == out


def test_colour_highlights_without_brackets() -> None:
    out = render_explain(report_of("seeds"), "G2", RenderOptions(width=100, color=True), TOL)
    assert "\x1b[" in out and "[[" not in out
    assert "\x1b[1;7mOctober 21\x1b[0m" in out


def test_unknown_group() -> None:
    report = report_of("seeds")
    with pytest.raises(UnknownGroup) as err:
        render_explain(report, "G99", RenderOptions(), TOL)
    assert str(err.value) == unknown_group_message(report, "G99")
    assert "G99" in str(err.value) and "G1..G18" in str(err.value)
    assert find_group(report, "g2") is find_group(report, "2") is find_group(report, "G2")
    assert find_group(report, "x") is None
    assert unknown_group_message(replace(report, groups=()), "G1").endswith("found no claim groups")


def test_interval_text() -> None:
    claims = {(c.source, c.text): c for c in report_of("seeds").claims}
    assert interval_text(claims[("S2", "more than 10%")]) == "[10, ∞) %"
    assert interval_text(claims[("S2", "up to 1,000 km")]) == "[0, 1,000] km"
    assert interval_text(claims[("S5", "last week")]) == "unanchored (no interval)"


def test_print_explain_on_a_live_console() -> None:
    import io

    from rich.console import Console

    from factcheck.render.explain import print_explain

    buf = io.StringIO()
    print_explain(report_of("seeds"), "g2", Console(file=buf, width=100, color_system=None), TOL)
    assert buf.getvalue() == render_explain(report_of("seeds"), "G2", RenderOptions(width=100), TOL)


def test_no_color_console_keeps_brackets(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from factcheck.render.explain import print_explain

    monkeypatch.setenv("NO_COLOR", "1")
    buf = io.StringIO()
    print_explain(report_of("seeds"), "G2", Console(file=buf, width=100, force_terminal=True), TOL)
    assert "[[October 21]]" in buf.getvalue() and "\x1b[3" not in buf.getvalue()
