"""Stage 2: language detection is right, seeded and stable."""

from __future__ import annotations

import pytest

from factcheck import lang

CASES = [
    ("The government said on Tuesday that it would cut the key interest rate by half a point.", "en"),
    ("Правительство во вторник заявило, что снизит ключевую ставку на половину пункта.", "ru"),
    ("Уряд у вівторок заявив, що знизить облікову ставку на пів пункту, повідомили в міністерстві.", "uk"),
    ("Правителството обяви във вторник, че ще намали основния лихвен процент с половин пункт.", "bg"),
    ("El gobierno anunció el martes que recortará la tasa de interés en medio punto.", "es"),
    ("Die Regierung kündigte am Dienstag an, den Leitzins um einen halben Punkt zu senken.", "de"),
    ("Урад у аўторак заявіў, што знізіць стаўку на паўпункта, паведамілі ў міністэрстве ўрада.", "be"),
    ("12 34 56", "und"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detect(text: str, expected: str) -> None:
    assert lang.detect(text) == expected


def test_detect_is_stable() -> None:
    text = "Share. Original url: the report was published."
    assert len({lang.detect(text) for _ in range(30)}) == 1


def test_url_does_not_break_detection() -> None:
    assert lang.detect("https://example.org/a/b/c " * 3 + "The minister said the plan would take three years.") == "en"


def test_script_counts() -> None:
    assert lang.script_counts("abc где") == (3, 3)
