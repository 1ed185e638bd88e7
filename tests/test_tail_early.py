"""The claims workers forked before clustering (factcheck.workers.fork_early, pipeline._fork_claims):
one fewer than the jobs, they split sentences ahead, are then given the entities, and read claims
alongside the parent; the results come in order, as one process gives them."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from factcheck import pipeline, stories, workers
from factcheck.config import Config
from factcheck.render import render
from helpers import ROOT, returns_of

pytestmark = [pytest.mark.skipif(not workers.can_fork(), reason="no fork here"), pytest.mark.usefixtures("collector")]


class _Shared(NamedTuple):
    log: Path  # a line for each chunk prepared: the pid that prepared it and the chunk
    values: list[int]
    parent: int = 0  # for _finish_after_the_parent: the process that calls results()


def _prepare(shared: _Shared, i: int) -> tuple[int, int]:
    with shared.log.open("a") as out:
        out.write(f"{os.getpid()} {i}\n")
    return os.getpid(), shared.values[i] * 10


def _finish(shared: _Shared, late: dict[str, int], pre: tuple[int, int], i: int) -> tuple[int, int, int, int]:
    return pre[0], os.getpid(), pre[1] + late["add"], i


def _prepared(shared: _Shared, count: int) -> list[tuple[int, int]]:
    """The (pid, chunk) of the first ``count`` chunks prepared, once they are (the workers' start
    and their preparing ahead are waited for, not assumed from a sleep)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        lines = shared.log.read_text().splitlines() if shared.log.exists() else []
        if len(lines) >= count:
            return [(int(pid), int(i)) for pid, i in (line.split() for line in lines[:count])]
        time.sleep(0.01)
    raise TimeoutError(f"fewer than {count} chunks prepared")


def _early(tmp_path: Path, count: int, finish: Any = None) -> tuple[_Shared, workers.EarlyChunks]:
    shared = _Shared(tmp_path / "prepared.log", list(range(count)))
    early = workers.fork_early(_prepare, finish or _finish, shared, count, 2)
    assert early is not None
    return shared, early


def _finish_after_the_parent(shared: _Shared, late: dict[str, int], pre: tuple[int, int], i: int) -> Any:
    """``_finish``, where a worker waits until the parent has finished a chunk of its own (so that
    the parent surely takes one, however the two are scheduled)."""
    mark = shared.log.with_suffix(".parent")
    if os.getpid() == shared.parent:
        mark.touch()
    else:
        deadline = time.monotonic() + 20
        while not mark.exists() and time.monotonic() < deadline:
            time.sleep(0.001)
    return _finish(shared, late, pre, i)


def test_fork_early_prepares_before_the_late_data_then_shares_the_chunks_in_order(tmp_path: Path) -> None:
    shared = _Shared(tmp_path / "prepared.log", list(range(40)), os.getpid())
    early = workers.fork_early(_prepare, _finish_after_the_parent, shared, 40, 2)
    assert early is not None
    try:
        # With this process the workers are two: the one worker prepares its half ahead, no more.
        ahead = _prepared(shared, 20)
        time.sleep(0.05)
        assert len(shared.log.read_text().splitlines()) == 20  # and no more before the late data
        got = list(early.results({"add": 7}))
    finally:
        early.close()
    assert [(x, i) for _, _, x, i in got] == [(s * 10 + 7, i) for i, s in enumerate(shared.values)]
    assert all(a == b for a, b, _, _ in got)  # each chunk prepared and finished in one process
    worker = {pid for pid, _ in ahead}
    assert len(worker) == 1 and os.getpid() not in worker and sorted(i for _, i in ahead) == list(range(20))
    assert {a for a, _, _, _ in got} == {os.getpid(), *worker}  # this process took chunks too


def test_fork_early_runs_nothing_where_it_cannot_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = _Shared(tmp_path / "prepared.log", [1, 2])
    assert workers.fork_early(_prepare, _finish, shared, 2, 1) is None
    assert workers.fork_early(_prepare, _finish, shared, 1, 2) is None
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert workers.fork_early(_prepare, _finish, shared, 2, 2) is None
    assert not shared.log.exists()


def _fails(shared: _Shared, late: Any, pre: Any, i: int) -> Any:
    if i == 3:
        raise ValueError(f"chunk {i}")
    return i


def test_an_error_in_a_worker_is_raised_here_with_its_traceback_and_close_ends_the_workers(tmp_path: Path) -> None:
    shared, early = _early(tmp_path, 8, _fails)
    pids = list(early.pids)
    try:
        assert sorted(i for _, i in _prepared(shared, 4)) == [0, 1, 2, 3]  # chunk 3 is the worker's
        with pytest.raises(ValueError, match="chunk 3") as got:
            list(early.results(None))
    finally:
        early.close()
    assert isinstance(got.value.__cause__, workers.RemoteTraceback)
    assert "in _fails" in str(got.value.__cause__)
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped


def test_close_before_results_ends_the_waiting_workers(tmp_path: Path) -> None:
    _, early = _early(tmp_path, 8)
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


def _dies(shared: _Shared, late: Any, pre: Any, i: int) -> Any:
    if i == 0:
        os._exit(3)  # a worker killed (out of memory...) sends nothing more
    return i


def test_a_worker_that_dies_is_an_error_not_missing_chunks(tmp_path: Path) -> None:
    shared, early = _early(tmp_path, 8, _dies)
    try:
        assert 0 in {i for _, i in _prepared(shared, 4)}  # chunk 0 is the worker's
        with pytest.raises(RuntimeError, match="ended before sending all its results"):
            list(early.results(None))
    finally:
        early.close()


def test_a_worker_killed_while_it_waits_is_an_error_not_a_hang(tmp_path: Path) -> None:
    """A worker killed while it waits for ``late`` (the out-of-memory killer, say) must not leave
    the parent waiting for it: the wait is on a pipe, which a dead process cannot hold up."""
    import signal

    def too_long(*_: Any) -> None:
        raise TimeoutError("the parent hangs")

    shared, early = _early(tmp_path, 8)
    old = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(20)
    try:
        _prepared(shared, 4)  # the worker has prepared its share and waits
        os.kill(early.pids[0], signal.SIGKILL)
        with pytest.raises(RuntimeError, match="ended before sending all its results"):
            list(early.results({"add": 0}))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        early.close()


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
