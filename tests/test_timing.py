"""The scaling check of tests/timing.py tells linear from quadratic work."""

from __future__ import annotations

import pytest
from timing import assert_linear


def _linear(text: str) -> int:
    return sum(1 for ch in text if ch == "a")


def _quadratic(text: str) -> int:
    # Counts over every prefix, one per 20 characters: (n / 20) scans of up to n characters.
    return sum(text.count("a", 0, i) for i in range(0, len(text), 20))


def test_linear_work_passes() -> None:
    assert_linear(_linear, lambda n: "ab" * (n // 2), 100_000)


def test_quadratic_work_fails() -> None:
    with pytest.raises(AssertionError, match="four times the text"):
        assert_linear(_quadratic, lambda n: "ab" * (n // 2), 40_000)
