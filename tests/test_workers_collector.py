"""The parent reads workers' results with the cyclic collector paused (factcheck.workers.kept): the
collector's state comes back, the results are frozen out of its reach, and workers forked meanwhile
still collect."""

from __future__ import annotations

import gc

import pytest

from factcheck import workers


def _collector_state(shared: None, i: int) -> tuple[bool, tuple[int, int, int]]:
    return gc.isenabled(), gc.get_threshold()


@pytest.mark.parametrize("enabled", [True, False])
def test_kept_pauses_the_collector_and_restores_it(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with workers.kept():
            assert not gc.isenabled()
            made = [[i] for i in range(1000)]
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() >= len(made)  # the results are out of the collector's reach
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


def test_kept_restores_the_collector_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), workers.kept():
        raise ValueError("a worker failed")
    assert gc.isenabled()
    gc.unfreeze()


@pytest.mark.skipif(not workers.can_fork(), reason="no fork here")
@pytest.mark.parametrize("enabled", [True, False])
def test_pool_workers_forked_while_results_are_kept_collect_as_the_parent_did(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        # fork_imap's pool forks its workers at the first task, inside ``kept``.
        got = list(workers.fork_imap(_collector_state, None, 4, 2))
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
    assert [state for state, _ in got] == [enabled] * 4
    assert {threshold for _, threshold in got} == {gc.get_threshold()}
