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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Мы были в Москве, это было быстро и интересно для всех участников встречи.", "ru"),
        ("Влада Србије је саопштила да су авиони стигли у Београд.", "sr"),
        ("Владата соопшти дека авионите пристигнаа во Скопје, ѓубре, ќе.", "mk"),
        ("Καλημέρα σας, η κυβέρνηση ανακοίνωσε σήμερα ότι δύο αεροσκάφη έφτασαν.", "el"),
        ("The 12 34 ", "und"),
    ],
)
def test_detect_issue7(text: str, expected: str) -> None:
    assert lang.detect(text) == expected


def test_cyrillic_without_telling_letters_is_never_macedonian() -> None:
    assert lang.detect("Слово " * 40) in ("ru", "bg")  # no ы/э: langdetect chooses between ru and bg


def test_sample_of_skips_a_junk_start_but_stays_bounded() -> None:
    text = "1 " * 2_000_000 + "The minister said the plan would take three years. " * 20
    sample = lang.sample_of(text)
    assert "minister" in sample and len(sample) <= 2 * lang.SAMPLE
    assert lang.sample_of("short text") == "short text"
