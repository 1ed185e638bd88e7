"""factcheck.workers.fork_map: the parent and forked workers share a list's chunks; the results
come back in order, with progress, and a worker's failure or death is an error, never a hang or a
lost chunk."""

from __future__ import annotations

import gc
import os
import signal
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from factcheck import pipeline, workers
from factcheck.config import Config
from factcheck.render import render
from helpers import ROOT, mixed_folder, returns_of

pytestmark = [pytest.mark.skipif(not workers.can_fork(), reason="no fork here"), pytest.mark.usefixtures("collector")]


def _all_waited_for(pids: list[int]) -> bool:
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@pytest.mark.parametrize(("count", "jobs", "size"), [(1, 2, 1), (10, 2, 3), (97, 2, 8), (97, 4, 5), (5, 8, 1),
                                                     (64, 3, 64)])
def test_results_come_in_order_from_this_process_and_the_workers(count: int, jobs: int, size: int) -> None:
    seen: list[int] = []
    got = workers.fork_map(_square_and_pid, list(range(count)), jobs, size, seen.append)
    assert got is not None
    assert [v for v, _ in got] == [x * x for x in range(count)]
    assert seen == sorted(set(seen)) and seen[-1] == count  # rising, ending with every item


def _slow_pid(x: int) -> int:
    time.sleep(0.02)
    return os.getpid()


def test_this_process_and_the_workers_share_the_chunks() -> None:
    got = workers.fork_map(_slow_pid, list(range(24)), 3, 1)
    assert got is not None
    assert os.getpid() in got and len(set(got)) == 3


def test_the_collector_comes_back_and_the_results_are_frozen() -> None:
    gc.enable()
    gc.unfreeze()
    got = workers.fork_map(_square_and_pid, list(range(50)), 2, 5)
    assert gc.isenabled()
    assert got is not None and gc.get_freeze_count() > 0


def _fails_on_7(x: int) -> int:
    if x == 7:
        raise ValueError(f"bad item {x}")
    return x


def test_an_error_in_a_worker_or_here_is_raised_with_the_workers_traceback(forked: list[int]) -> None:
    with pytest.raises(ValueError, match="bad item 7") as info:
        workers.fork_map(_fails_on_7, list(range(40)), 2, 1)
    cause = info.value.__cause__
    # In a worker the cause carries its traceback; here the error is raised as it is.
    assert cause is None or ("_fails_on_7" in str(cause) and isinstance(cause, workers.RemoteTraceback))
    assert gc.isenabled()
    assert forked and _all_waited_for(forked)


def _dies_on_5(x: int) -> int:
    if x == 5 and os.environ.get("FACTCHECK_TEST_PARENT") != str(os.getpid()):
        os.kill(os.getpid(), signal.SIGKILL)  # killed (out of memory...): it sends nothing more
    if x == 5:
        raise KeyError("the parent took item 5")
    return x


def test_a_worker_that_dies_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch, forked: list[int]) -> None:
    monkeypatch.setenv("FACTCHECK_TEST_PARENT", str(os.getpid()))
    with pytest.raises((RuntimeError, KeyError)) as info:  # KeyError: this process took item 5
        workers.fork_map(_dies_on_5, list(range(40)), 2, 1)
    if isinstance(info.value, RuntimeError):
        assert "ended before sending all its results" in str(info.value)
    assert forked and _all_waited_for(forked)


def _dies_in_a_worker(x: int) -> int:
    if os.getpid() != int(os.environ["FACTCHECK_TEST_PARENT"]):
        os._exit(3)  # killed, say by the out-of-memory killer: no error sent
    time.sleep(0.02)
    return x


def test_a_dead_worker_is_found_before_this_process_reads_the_rest_alone(monkeypatch: pytest.MonkeyPatch,
                                                                        forked: list[int]) -> None:
    monkeypatch.setenv("FACTCHECK_TEST_PARENT", str(os.getpid()))
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="ended before sending all its results"):
        workers.fork_map(_dies_in_a_worker, list(range(200)), 2, 1)
    assert time.monotonic() - started < 3  # not the 4 s of the 200 items read here alone
    assert forked and _all_waited_for(forked)


def test_a_worker_killed_while_it_holds_the_counter_does_not_hang_this_process() -> None:
    import multiprocessing

    value = multiprocessing.get_context("fork").Value("i", 0)
    take = workers._counter(value)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the worker that dies with the lock taken
        value.get_lock().acquire()
        os._exit(9)
    os.waitpid(pid, 0)
    checks: list[float] = []

    def check() -> None:
        checks.append(time.monotonic())
        if len(checks) == 2:
            raise RuntimeError("the worker holding the lock is gone")

    with pytest.raises(RuntimeError, match="holding the lock is gone"):
        take(check)
    assert len(checks) == 2


def test_nothing_is_forked_where_fork_is_impossible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert workers.fork_map(_square_and_pid, [1, 2, 3], 2, 1) is None


@pytest.mark.parametrize("folder", ["seeds", "quake", "ratecut"])
def test_the_reading_stage_gives_the_report_of_one_process(folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    root = ROOT / "fixtures" / folder
    one = render(pipeline.compare(root, replace(Config(), jobs=1)), "json")
    mapped = returns_of(monkeypatch, workers, "fork_map")
    seen: list[tuple[str, int, int]] = []
    two = render(pipeline.compare(root, replace(Config(), jobs=2), lambda *a: seen.append(a)), "json")
    assert two == one == (ROOT / "tests" / "golden" / f"{folder}.json").read_text(encoding="utf-8")
    assert mapped and mapped[0] is not None
    reading = [(done, total) for stage, done, total in seen if stage == "reading"]
    assert reading[0][0] == 0 and reading[-1][0] == reading[-1][1] > 1


@pytest.mark.parametrize("fork", [True, False])
def test_the_judging_stage_gives_the_groups_of_one_process(fork: bool, tmp_path: Path, forked: list[int],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    report = pipeline.compare(mixed_folder(tmp_path), replace(Config(), jobs=1))
    claims = list(report.claims)
    story_of = {a.id: s.id for s in report.stories for a in report.sources if a.id in s.sources}
    paths = {a.id: a.path for a in report.sources}
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_CLAIMS", 1)  # the groups are judged by fork_map too
    one = pipeline.build_groups(claims, replace(Config(), jobs=1), paths, story_of)
    if not fork:
        monkeypatch.setattr(workers, "can_fork", lambda: False)  # judged here: no pool, no copy sent
        monkeypatch.setattr(workers, "process_pool", _refused)
    mapped = returns_of(monkeypatch, workers, "fork_map")
    judged = tmp_path / "judged.log"
    real = pipeline._judge_chunk

    def logged(shared: Any, chunk: int) -> Any:
        with judged.open("a") as out:
            out.write(f"{os.getpid()} {chunk}\n")
        return real(shared, chunk)

    monkeypatch.setattr(pipeline, "_judge_chunk", logged)
    two = pipeline.build_groups(claims, replace(Config(), jobs=2), paths, story_of)
    assert two == one == list(report.groups) and len(one) > 1
    assert len(mapped) == 1 and (mapped[0] is not None) == fork
    assert len(forked) == (1 if fork else 0)  # one worker, beside this process
    lines = [line.split() for line in judged.read_text().splitlines()]
    assert sorted(int(c) for _, c in lines) == list(range(len(lines))) and len(lines) == len(report.stories)
    assert {int(pid) for pid, _ in lines} <= {os.getpid(), *forked}


def _refused(*_: object) -> None:
    raise AssertionError("a process pool was made")
