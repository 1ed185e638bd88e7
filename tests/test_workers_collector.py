"""The parent reads workers' results with the cyclic collector paused
(factcheck.workers.collector_paused): the collector's state comes back, the results are frozen
out of its reach (not after an error), and workers forked meanwhile collect as the parent did."""

from __future__ import annotations

import gc

import pytest

from factcheck import workers


def _collector_state(shared: None, i: int) -> bool:
    return gc.isenabled()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_then_restored_and_the_results_frozen(enabled: bool, collector: None) -> None:
    (gc.enable if enabled else gc.disable)()
    gc.unfreeze()
    with workers.collector_paused():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]
    assert gc.isenabled() is enabled
    assert gc.get_freeze_count() >= len(made)  # frozen here: the count was 0 before
    assert not any(x is made[0] for x in gc.get_objects())


def test_nothing_is_frozen_after_an_error_and_the_collector_comes_back(collector: None) -> None:
    gc.enable()
    gc.unfreeze()
    with pytest.raises(ValueError), workers.collector_paused():
        raise ValueError("a worker failed")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_an_inactive_pause_changes_nothing(collector: None) -> None:
    gc.enable()
    gc.unfreeze()
    with workers.collector_paused(False):
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.skipif(not workers.can_fork(), reason="no fork here")
@pytest.mark.parametrize("enabled", [True, False])
def test_pool_workers_forked_while_the_collector_is_paused_collect_as_the_parent_did(
        enabled: bool, collector: None) -> None:
    (gc.enable if enabled else gc.disable)()
    pool = workers.process_pool(2)  # forks its workers at the first task, below
    with pool, workers.collector_paused():
        got = list(pool.map(_collector_state, [None] * 4, [0] * 4))
    assert got == [enabled] * 4
    assert gc.isenabled() is enabled


def test_forks_says_where_fork_imap_runs_its_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not workers.forks(1, 8)
    assert not workers.forks(2, 1)
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    assert workers.forks(2, 8)
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert not workers.forks(2, 8)
