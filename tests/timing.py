"""Shared by the tests that bound how cost grows with the text: CPU time of this process, runs in turn.

Wall-clock time counts the moments a loaded machine (another pytest worker, another CI job) gives the
core to someone else; a ratio of two wall-clock runs then measures the load, not the code (CI once
saw 3.5x for twice a linear text). CPU time of this process does not count those moments, the
collector's pauses are left out, and the two sizes are measured in turn so a slow minute hits both.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def cpu_time(work: Callable[[], object]) -> float:
    """CPU seconds this process spends on WORK, with the garbage collector off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.process_time()
        work()
        return time.process_time() - start
    finally:
        if enabled:
            gc.enable()


def least_times(small: Callable[[], object], large: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """The least CPU time of SMALL and of LARGE over REPEAT runs taken in turn."""
    best_small = best_large = float("inf")
    for _ in range(repeat):
        best_small = min(best_small, cpu_time(small))
        best_large = min(best_large, cpu_time(large))
    return best_small, best_large


def assert_linear(run: Callable[[str], object], text: Callable[[int], str], size: int) -> None:
    """RUN on TEXT(4 * SIZE) costs about four times RUN on TEXT(SIZE), far from sixteen (quadratic)."""
    small_text, large_text = text(size), text(4 * size)
    small, large = least_times(lambda: run(small_text), lambda: run(large_text))
    assert large < 8.0 * small + 0.05, f"{small:.4f} s -> {large:.4f} s for four times the text"
