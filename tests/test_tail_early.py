"""The claims workers forked before clustering (factcheck.workers.fork_early, pipeline._fork_claims):
they split sentences ahead, are then given the entities, and give what the workers forked after
clustering gave, in order."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from factcheck import pipeline, stories, workers
from factcheck.config import Config
from factcheck.render import render
from helpers import ROOT, returns_of

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="no fork here")


def _prepare(shared: list[int], i: int) -> tuple[int, int]:
    return os.getpid(), shared[i] * 10


def _finish(shared: list[int], late: dict[str, int], pre: tuple[int, int], i: int) -> tuple[int, int, int, int]:
    return pre[0], os.getpid(), pre[1] + late["add"], i


def test_fork_early_prepares_before_the_late_data_and_keeps_the_order() -> None:
    shared = list(range(40))
    early = workers.fork_early(_prepare, _finish, shared, len(shared), 2)
    assert early is not None
    try:
        time.sleep(0.05)  # the workers prepare their share meanwhile
        got = list(early.results({"add": 7}))
    finally:
        early.close()
    assert [(x, i) for _, _, x, i in got] == [(s * 10 + 7, i) for i, s in enumerate(shared)]
    assert all(a == b != os.getpid() for a, b, _, _ in got)  # prepared and finished in one worker
    assert len({a for a, _, _, _ in got}) <= 2


def test_fork_early_runs_nothing_where_it_cannot_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    assert workers.fork_early(_prepare, _finish, [1, 2], 2, 1) is None
    assert workers.fork_early(_prepare, _finish, [1], 1, 2) is None
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert workers.fork_early(_prepare, _finish, [1, 2], 2, 2) is None


def _fails(shared: list[int], late: Any, pre: Any, i: int) -> Any:
    if i == 3:
        raise ValueError(f"chunk {i}")
    return i


def test_an_error_in_a_worker_is_raised_in_the_parent_and_close_ends_the_workers() -> None:
    early = workers.fork_early(_prepare, _fails, list(range(8)), 8, 2)
    assert early is not None
    pids = list(early.pids)
    try:
        with pytest.raises(ValueError, match="chunk 3"):
            list(early.results(None))
    finally:
        early.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped


def test_close_before_results_ends_the_waiting_workers() -> None:
    early = workers.fork_early(_prepare, _finish, list(range(8)), 8, 2)
    assert early is not None
    pids = list(early.pids)
    early.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("folder", ["seeds", "quake", "ratecut"])
@pytest.mark.parametrize("size", [3])
def test_early_workers_give_the_claims_of_one_process(folder: str, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    root = ROOT / "fixtures" / folder
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(pipeline, "_chunks", lambda total, jobs: [range(a, min(a + size, total))
                                                                  for a in range(0, total, size)])
    one = render(pipeline.compare(root, replace(Config(), jobs=1)), "json")
    forked = returns_of(monkeypatch, workers, "fork_early")
    seen: list[tuple[str, int, int]] = []
    two = render(pipeline.compare(root, replace(Config(), jobs=2), lambda *a: seen.append(a)), "json")
    assert two == one == (ROOT / "tests" / "golden" / f"{folder}.json").read_text(encoding="utf-8")
    assert len(forked) == 1 and forked[0] is not None
    claims = [(done, total) for stage, done, total in seen if stage == "claims"]
    assert claims[0][0] == 0 and claims[-1][0] == claims[-1][1] > 1


def test_an_article_that_fails_to_split_is_reported_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck import segment

    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    real = segment.sentences

    def broken(text: str) -> Any:
        if " the " in text:
            raise RuntimeError("split failed")
        return real(text)

    monkeypatch.setattr(segment, "sentences", broken)
    root = ROOT / "fixtures" / "seeds"
    one = pipeline.compare(root, replace(Config(), jobs=1))
    two = pipeline.compare(root, replace(Config(), jobs=2))
    assert render(one, "json") == render(two, "json")
    assert any("internal error, no claims read: RuntimeError('split failed')" in p.message for p in one.problems)


def _dies(shared: list[int], late: Any, pre: Any, i: int) -> Any:
    if i == 5:
        os._exit(3)  # a worker killed (out of memory...) sends nothing more
    return i


def test_a_worker_that_dies_is_an_error_not_missing_chunks() -> None:
    early = workers.fork_early(_prepare, _dies, list(range(8)), 8, 2)
    assert early is not None
    try:
        with pytest.raises(RuntimeError, match="ended unexpectedly"):
            list(early.results(None))
    finally:
        early.close()


def test_a_worker_killed_while_it_waits_is_an_error_not_a_hang() -> None:
    """A worker killed while it waits for ``late`` (the out-of-memory killer, say) must not leave
    the parent waiting for it: the wait is on a pipe, which a dead process cannot hold up."""
    import signal

    def too_long(*_: Any) -> None:
        raise TimeoutError("the parent hangs")

    early = workers.fork_early(_prepare, _finish, list(range(8)), 8, 2)
    assert early is not None
    old = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(20)
    try:
        time.sleep(0.5)  # both workers have prepared their share and wait
        os.kill(early.pids[0], signal.SIGKILL)
        with pytest.raises(RuntimeError, match="ended unexpectedly"):
            list(early.results({"add": 0}))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        early.close()


def test_an_error_in_a_worker_carries_the_workers_traceback() -> None:
    early = workers.fork_early(_prepare, _fails, list(range(8)), 8, 2)
    assert early is not None
    try:
        with pytest.raises(ValueError) as got:
            list(early.results(None))
    finally:
        early.close()
    assert isinstance(got.value.__cause__, workers.RemoteTraceback)
    assert "in _fails" in str(got.value.__cause__)


def test_the_workers_features_make_the_stories_of_the_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(jobs=1)
    seen: list[Any] = []
    real = stories.group_stories
    monkeypatch.setattr(stories, "group_stories", lambda profiles, names: seen.append(profiles) or real(profiles, names))
    for folder in ("seeds", "quake", "ratecut"):
        prepared = pipeline._prepare_all(pipeline.collect(ROOT / "fixtures" / folder, config), config, None)
        ready = [p for p in prepared if p.article is not None]
        entities, entity_at = pipeline.cluster_spellings([m for p in ready for m in p.mentions])
        readable = [p for p in ready if p.readable]
        got = pipeline._extract_all(readable, entities, entity_at, config, None)
        names_of = {p.article.id: r.names for p, r in zip(readable, got)}  # type: ignore[union-attr]
        features = {p.article.id: r.features for p, r in zip(readable, got)}  # type: ignore[union-attr]
        claims = [c for r in got for c in r.claims]
        sources = tuple(p.article for p in ready if p.article is not None)
        seen.clear()
        assert (pipeline._stories(sources, names_of, entities, claims, features)
                == pipeline._stories(sources, names_of, entities, claims))
        assert seen[0] == seen[1] and any(e.startswith(("v:", "d:")) for p in seen[0] for e in p.names)
