"""The streaming JSON writer: the same bytes as the standard library, written piece by piece."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.render import RenderOptions, write
from factcheck.render import json as render_json
from helpers import ROOT, report_of

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_dumps_matches_the_standard_library(doc: object) -> None:
    assert render_json.dumps(doc) == json.dumps(doc, ensure_ascii=False, indent=2)


def test_dumps_rejects_what_json_rejects() -> None:
    for bad in ({1: "x"}, {"x": object()}, [b"bytes"]):
        try:
            render_json.dumps(bad)
        except TypeError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_streamed_report_is_the_document_of_report_json() -> None:
    for folder in ("seeds", "quake", "ratecut"):
        report = report_of(folder)
        pieces: list[str] = []
        write(report, "json", RenderOptions(), pieces.append)
        assert len(pieces) > len(report.groups)  # written group by group, not as one string
        expected = json.dumps(render_json.report_json(report), ensure_ascii=False, indent=2) + "\n"
        assert "".join(pieces) == expected


def test_output_file_is_written_whole_and_leaves_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.json"
    run = subprocess.run([sys.executable, "-m", "factcheck", "compare", str(ROOT / "fixtures" / "seeds"),
                          "--format", "json", "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["verdicts"]["conflict"] >= 1
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.json"]


def test_json_is_written_in_this_process_whatever_the_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Forked workers cost more than the writing (they copy the pages of the report they read).
    from factcheck import workers

    report = report_of("seeds")
    alone: list[str] = []
    write(report, "json", RenderOptions(), alone.append)

    def refused(*args: Any) -> Any:
        raise AssertionError("the JSON writer forked workers")

    monkeypatch.setattr(workers, "fork_imap", refused)
    monkeypatch.setattr(workers, "process_pool", refused)
    monkeypatch.setattr(render_json, "CHUNK_ITEMS", 2)
    forked: list[str] = []
    write(report, "json", RenderOptions(), forked.append)
    assert "".join(forked) == "".join(alone)
