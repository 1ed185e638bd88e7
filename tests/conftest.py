"""Test session set-up: where the compiled build is in use, the tests marked ``pure`` (they patch or
subclass module internals, which compiled modules do not allow) are left to tests/test_native.py,
which runs them in a process on the pure-Python build."""

from __future__ import annotations

import pytest

from factcheck import native

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
