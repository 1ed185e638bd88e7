"""End-to-end acceptance on the fixture folders: one test per stated expectation."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from factcheck.model import Group, Report, Verdict
from factcheck.pipeline import compare

FIXTURES = Path(__file__).parent.parent / "fixtures"


@cache
def run(folder: str) -> Report:
    return compare(FIXTURES / folder)


def src(report: Report, prefix: str) -> str:
    """Source id of the file whose name starts with ``prefix``."""
    (a,) = [a for a in report.sources if a.path.startswith(prefix)]
    return a.id


def groups_with(report: Report, attribute: str, subject: str, event: str | None = None) -> list[Group]:
    return [
        g
        for g in report.groups
        if g.attribute == attribute and g.subject_name == subject and (event is None or g.event == event)
    ]


def the_group(report: Report, attribute: str, subject: str, event: str | None = None) -> Group:
    found = groups_with(report, attribute, subject, event)
    assert len(found) == 1, [(g.subject_name, g.attribute, g.event) for g in report.groups]
    return found[0]


def sources_of(report: Report, group: Group, prefixes: list[str]) -> set[str]:
    return {src(report, p) for p in prefixes}


def check_planted(folder: str, attribute: str, subject: str, verdict: Verdict, files: list[str]) -> None:
    """One planted fact of a fixture story: its group has this verdict and exactly these sources."""
    r = run(folder)
    g = the_group(r, attribute, subject)
    assert g.verdict is verdict, g.reason
    assert {c.source for c in g.claims} == {src(r, f) for f in files}


def values(group: Group) -> dict[str, set[tuple[object, object]]]:
    out: dict[str, set[tuple[object, object]]] = {}
    for c in group.claims:
        out.setdefault(c.source, set()).add((c.value.low, c.value.high))
    return out


# -- seeds ---------------------------------------------------------------------------------


def test_seed_metadata() -> None:
    r = run("seeds")
    by = {a.path[:3]: a for a in r.sources}
    for p in ("000", "001", "002", "003"):
        assert str(by[p].published) == "2025-10-31", p
    assert by["002"].date_source == "dateline"
    assert by["004"].published is None
    assert [by[p].lang for p in ("000", "001", "002", "003", "004")] == ["en", "en", "en", "ru", "en"]


def test_seed_exactly_two_conflicts() -> None:
    r = run("seeds")
    conflicts = [g for g in r.groups if g.verdict is Verdict.CONFLICT]
    assert sorted((g.subject_name, g.attribute) for g in conflicts) == [("Il-76", "count"), ("treaty", "date")]


def test_seed_il76_count_conflict() -> None:
    r = run("seeds")
    g = the_group(r, "count", "Il-76", "arrive")
    assert g.verdict is Verdict.CONFLICT
    v = values(g)
    assert v[src(r, "001")] == {(1.0, 1.0)}
    assert v[src(r, "003")] == {(1.0, 1.0)}
    assert v[src(r, "004")] == {(2.0, 2.0)}
    assert all(c.value.implicit for c in g.claims if c.source != src(r, "004"))


def test_seed_treaty_date_conflict() -> None:
    r = run("seeds")
    g = the_group(r, "date", "treaty", "ratify")
    assert g.verdict is Verdict.CONFLICT
    v = values(g)
    assert v[src(r, "000")] == {("2025-10-21", "2025-10-21")}
    assert v[src(r, "001")] == {("2025-10-25", "2025-10-25")}
    assert v[src(r, "003")] == {("2025-10-25", "2025-10-25")}


@pytest.mark.parametrize(
    ("attribute", "subject", "event", "files", "value"),
    [
        ("date", "Il-76", "arrive", ["001", "003"], ("2025-10-26", "2025-10-26")),
        ("range", "drone", None, ["001", "003"], (0, 1000.0)),
        ("percent", "naval forces", None, ["001", "003"], (10.0, None)),
        ("duration", "plan", None, ["002", "004"], (3.0, 3.0)),
    ],
)
def test_seed_agreements(attribute: str, subject: str, event: str | None, files: list[str], value: tuple) -> None:
    r = run("seeds")
    g = the_group(r, attribute, subject, event)
    assert g.verdict in (Verdict.AGREE, Verdict.COMPATIBLE)
    assert {c.source for c in g.claims} == sources_of(r, g, files)
    for c in g.claims:
        assert (c.value.low, c.value.high) == value


def test_seed_range_unit_is_km() -> None:
    g = the_group(run("seeds"), "range", "drone")
    assert {c.value.unit for c in g.claims} == {"km"}


def test_seed_velasquez_visit_compatible() -> None:
    r = run("seeds")
    g = the_group(r, "date", "Ramón Celestino Velásquez", "visit")
    assert g.verdict is Verdict.COMPATIBLE
    assert {c.source for c in g.claims} == sources_of(r, g, ["000", "002"])


def test_seed_su30_one_group_not_conflict() -> None:
    r = run("seeds")
    groups = [g for g in r.groups if g.attribute == "count" and g.subject_name.startswith("Su-30")]
    assert len(groups) == 1
    g = groups[0]
    assert {c.source for c in g.claims} == sources_of(r, g, ["002", "004"])
    assert g.verdict is not Verdict.CONFLICT
    assert {c.text for c in g.claims} == {"several", "24"}


@pytest.mark.parametrize(
    ("name", "files"),
    [
        ("Nicolás Maduro", ["000", "001", "002", "003", "004"]),
        ("Vladimir Putin", ["000", "001", "002", "003"]),
        ("Ramón Celestino Velásquez", ["000", "001", "002", "003"]),
    ],
)
def test_seed_entities(name: str, files: list[str]) -> None:
    r = run("seeds")
    found = [e for e in r.entities if e.name == name]
    assert len(found) == 1
    assert {m.source for m in found[0].mentions} == {src(r, f) for f in files}


def test_seed_velasquez_forms() -> None:
    (e,) = [e for e in run("seeds").entities if e.name == "Ramón Celestino Velásquez"]
    forms = {m.text for m in e.mentions}
    assert {"Ramon Velasquez", "Ramon Celestino Velasquez", "Ramón Celestino Velásquez", "Рамон Селестино Веласкес"} <= forms


def test_seed_undated_relative_dates_unanchored() -> None:
    r = run("seeds")
    s004 = src(r, "004")
    unanchored = [c for c in r.claims if c.source == s004 and c.value.kind == "date"]
    assert unanchored and all(not c.anchored and c.value.low is None for c in unanchored)


def test_seed_hedge_and_attribution_kept() -> None:
    r = run("seeds")
    visit = the_group(r, "date", "Ramón Celestino Velásquez", "visit")
    c000 = [c for c in visit.claims if c.source == src(r, "000")][0]
    assert c000.hedged and c000.hedge == "allegedly"
    il76 = the_group(r, "date", "Il-76", "arrive")
    assert {c.attribution for c in il76.claims} == {"The Washington Post"}


def test_markup_never_leaks_into_claims() -> None:
    r = run("seeds")
    for c in r.claims:
        for junk in ("**", "<u>", "</u>", "Zemlianichenko", "http"):
            assert junk not in c.text and junk not in c.sentence.text


def test_offsets_point_at_the_value() -> None:
    r = run("seeds")
    by = {a.id: a for a in r.sources}
    for c in r.claims:
        assert by[c.source].text[c.start : c.stop] == c.text


# -- a story of our own: fixtures/quake (expectations in fixtures/expected/quake.md) ---------


def test_quake_metadata() -> None:
    r = run("quake")
    by = {a.path: a for a in r.sources}
    assert str(by["a_en_wire.txt"].published) == "2026-03-12"
    assert str(by["b_ru_agency.txt"].published) == "2026-03-12"
    assert str(by["c_en_paper.md"].published) == "2026-03-13"
    assert by["d_ru_blog.txt"].published is None
    assert [by[p].lang for p in sorted(by)] == ["en", "ru", "en", "ru"]


@pytest.mark.parametrize(
    ("attribute", "subject", "verdict", "files"),
    [
        ("magnitude", "earthquake", Verdict.CONFLICT, ["a", "b", "c", "d"]),
        ("depth", "earthquake", Verdict.AGREE, ["a", "b"]),
        ("dead", "people", Verdict.CONFLICT, ["a", "b", "c"]),
        ("count", "Il-76", Verdict.CONFLICT, ["b", "d"]),
        ("money", "World Bank", Verdict.AGREE, ["a", "c"]),
        ("duration", "tsunami", Verdict.AGREE, ["a", "b"]),
        ("evacuated", "people", Verdict.COMPATIBLE, ["a", "c"]),
        ("injured", "people", Verdict.AGREE, ["a", "b"]),
        ("distance", "earthquake", Verdict.COMPATIBLE, ["a", "b"]),
    ],
)
def test_quake_planted_facts(attribute: str, subject: str, verdict: Verdict, files: list[str]) -> None:
    check_planted("quake", attribute, subject, verdict, files)


def test_quake_strike_date() -> None:
    r = run("quake")
    g = the_group(r, "date", "earthquake", "strike")
    assert g.verdict is not Verdict.CONFLICT
    days = {c.source: c.value.low for c in g.claims if c.value.low == c.value.high}
    assert days == {src(r, "a"): "2026-03-10", src(r, "c"): "2026-03-10"}


def test_quake_only_planted_conflicts() -> None:
    r = run("quake")
    conflicts = sorted((g.subject_name, g.attribute) for g in r.groups if g.verdict is Verdict.CONFLICT)
    assert conflicts == [("Il-76", "count"), ("earthquake", "magnitude"), ("people", "dead")]


def test_quake_numbers_that_are_not_claims() -> None:
    r = run("quake")
    texts = {c.text for c in r.claims if c.value.kind == "quantity"}
    for not_a_quantity in ("1960", "2004", "04:17", "12", "555-21-64", "0800-300-2626", "76"):
        assert not_a_quantity not in texts
    times = [c for c in r.claims if c.value.kind == "time"]
    assert times and all(c.attribute == "time" for c in times)


def test_quake_relative_dates() -> None:
    r = run("quake")
    got = {(c.source, c.text): (c.value.low, c.value.high) for c in r.claims if c.value.kind == "date"}
    assert got[(src(r, "a"), "Tuesday")] == ("2026-03-10", "2026-03-10")
    assert got[(src(r, "a"), "Last week")] == ("2026-03-02", "2026-03-08")
    assert got[(src(r, "b"), "Накануне")] == ("2026-03-11", "2026-03-11")
    assert got[(src(r, "c"), "The day before")] == ("2026-03-11", "2026-03-11")
    assert got[(src(r, "d"), "Днем ранее")] == (None, None)


# -- a third story: fixtures/ratecut (expectations in fixtures/expected/ratecut.md) ----------


@pytest.mark.parametrize(
    ("attribute", "subject", "verdict", "files"),
    [
        ("rate_change", "key rate", Verdict.CONFLICT, ["a", "b", "c"]),
        ("percent", "key rate", Verdict.AGREE, ["a", "b", "d"]),
        ("date", "key rate", Verdict.AGREE, ["a", "b", "c"]),
        ("percent", "inflation", Verdict.CONFLICT, ["a", "b", "c"]),
        ("money", "aid", Verdict.AGREE, ["a", "d"]),
        ("count", "members", Verdict.CONFLICT, ["a", "b", "c"]),
        ("duration", "inflation", Verdict.AGREE, ["a", "d"]),
    ],
)
def test_ratecut_planted_facts(attribute: str, subject: str, verdict: Verdict, files: list[str]) -> None:
    check_planted("ratecut", attribute, subject, verdict, files)


def test_ratecut_values() -> None:
    r = run("ratecut")
    cut = values(the_group(r, "rate_change", "key rate"))
    assert cut[src(r, "a")] == cut[src(r, "b")] == {(0.5, 0.5)}
    assert cut[src(r, "c")] == {(1.0, 1.0)}
    rate = values(the_group(r, "percent", "key rate"))
    assert all(v == {(16.5, 16.5)} for v in rate.values())  # «до 16,5%» after «снизил» is the new value
    assert "17%" not in {c.text for c in r.claims}  # "from 17%": the old value


def test_ratecut_only_planted_conflicts() -> None:
    r = run("ratecut")
    conflicts = sorted((g.subject_name, g.attribute) for g in r.groups if g.verdict is Verdict.CONFLICT)
    assert conflicts == [("inflation", "percent"), ("key rate", "rate_change"), ("members", "count")]
