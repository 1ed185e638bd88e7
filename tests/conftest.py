"""Test session set-up: where the compiled build is in use, the tests marked ``pure`` (they patch or
subclass module internals, which compiled modules do not allow) are left to tests/test_native.py,
which runs them in a process on the pure-Python build. Hypothesis has no per-example deadline."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from factcheck import native

# Property tests check what the code returns; how fast it is, tests/timing.py checks. Hypothesis's
# default deadline (200 ms an example) fails as "flaky" when a loaded CI machine slows the first
# example, which also builds the patterns, and not its rerun.
settings.register_profile("factcheck", deadline=None)
settings.load_profile("factcheck")

PURE_FILES: set[str] = set()  # the files that hold tests marked ``pure`` (for tests/test_native.py)


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``pure`` marker."""
    config.addinivalue_line("markers", "pure: needs the pure-Python build (patches module internals)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the ``pure`` tests in a process that runs the compiled modules."""
    pure = [item for item in items if item.get_closest_marker("pure")]
    PURE_FILES.update(str(item.path) for item in pure)
    if not native.active():
        return
    skip = pytest.mark.skip(reason="compiled build in use: test_native.py runs this on the pure build")
    for item in pure:
        item.add_marker(skip)


@pytest.fixture()
def collector() -> Iterator[None]:
    """The cyclic collector's state as the test found it, restored after it; nothing left frozen."""
    was = gc.isenabled()
    try:
        yield
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


@pytest.fixture()
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the processes forked during the test (as the parent sees them)."""
    pids: list[int] = []
    real = os.fork

    def spy() -> int:
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", spy)
    return pids
