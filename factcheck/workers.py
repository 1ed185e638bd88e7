"""Forked worker processes: work split into chunks, run by processes that inherit the parent's
data (the claims stage's articles and entities, the claims to judge) instead of receiving a
pickled copy of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pool machinery is imported only when a pool is made (cold start)
    from concurrent.futures import ProcessPoolExecutor

_SHARED: Any = None  # what the workers read: inherited when they are forked, never pickled


def _call_shared(args: tuple[Callable[[Any, int], Any], int]) -> Any:
    func, i = args
    return func(_SHARED, i)


def can_fork() -> bool:
    """Whether workers can be forked here (they cannot on Windows; on macOS, where forking a
    process that has used system frameworks is unsafe, they are spawned as Python does by default)."""
    import multiprocessing
    import sys

    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def process_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes, forked where possible (spawned elsewhere).

    What the parent holds when it is made lives until the end of the run: it is frozen out of the
    collector's reach first, so the workers' collections neither walk it nor copy its pages.
    """
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    gc.freeze()
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork" if can_fork() else "spawn"))


def fork_imap(func: Callable[[Any, int], Any], shared: Any, count: int, jobs: int) -> Iterator[Any]:
    """``func(shared, i)`` for i in range(count), yielded in order, computed in ``jobs`` forked
    processes that inherit ``shared``; in this process when ``jobs`` is 1 or forking is impossible
    (a spawned worker would need its own pickled copy of all of ``shared``).
    ``func`` must be a module-level function (it is sent by name)."""
    if jobs <= 1 or count <= 1 or not can_fork():
        for i in range(count):
            yield func(shared, i)
        return
    global _SHARED
    _SHARED = shared
    try:
        with process_pool(min(jobs, count)) as pool:
            yield from pool.map(_call_shared, [(func, i) for i in range(count)])
    finally:
        _SHARED = None


def balanced_chunks(sizes: list[int], count: int) -> list[range]:
    """Consecutive ranges of ``sizes``' indices, at most ``count`` of them, of similar total size."""
    total = sum(sizes) or 1
    out: list[range] = []
    start, acc = 0, 0
    for i, size in enumerate(sizes):
        acc += size
        if acc * count >= total * (len(out) + 1) or i == len(sizes) - 1:
            out.append(range(start, i + 1))
            start = i + 1
    return out or [range(0)]
