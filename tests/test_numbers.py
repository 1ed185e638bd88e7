"""Tests for factcheck.claims.numbers: quantities as intervals with canonical units."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from timing import assert_linear

from factcheck.claims import numbers
from factcheck.claims.numbers import Quantity, find_quantities, parse_quantity

B = 1e9
M = 1e6

# (text, lang, low, high, unit, qualifier) -- the first quantity found in text
ROWS: list[tuple[str, str, float | None, float | None, str | None, str]] = [
    # ---- digits and grouping
    ("2,700 tanks", "en", 2700, 2700, None, "exact"),
    ("2 700 tanks", "en", 2700, 2700, None, "exact"),
    ("2\u2009700 tanks", "en", 2700, 2700, None, "exact"),
    ("2\u00a0700 tanks", "en", 2700, 2700, None, "exact"),
    ("2\u202f700 танков", "ru", 2700, 2700, None, "exact"),
    ("1.000.000 people", "en", 1e6, 1e6, None, "exact"),
    ("1.000.000 человек", "ru", 1e6, 1e6, None, "exact"),
    ("1,5 million people", "en", 1.5e6, 1.5e6, None, "exact"),
    ("1,000 troops", "en", 1000, 1000, None, "exact"),
    ("1,000,000 troops", "en", 1e6, 1e6, None, "exact"),
    ("1,000.5 tonnes", "en", 1000.5, 1000.5, "t", "exact"),
    ("8,5 тонны", "ru", 8.5, 8.5, "t", "exact"),
    ("16,5%", "ru", 16.5, 16.5, "%", "exact"),
    ("1,000 человек", "ru", 1.0, 1.0, None, "exact"),
    ("1,000,000 человек", "ru", 1e6, 1e6, None, "exact"),
    ("2 700,5 тонны", "ru", 2700.5, 2700.5, "t", "exact"),
    ("1 000 000 рублей", "ru", 1e6, 1e6, "RUB", "exact"),
    ("0.5 percent", "en", 0.5, 0.5, "%", "exact"),
    ("12.5%", "ru", 12.5, 12.5, "%", "exact"),
    ("14 missile units", "en", 14, 14, None, "exact"),
    # ---- English words
    ("two tanks", "en", 2, 2, None, "exact"),
    ("eight drones", "en", 8, 8, None, "exact"),
    ("fourteen people", "en", 14, 14, None, "exact"),
    ("forty-nine people", "en", 49, 49, None, "exact"),
    ("twenty four people", "en", 24, 24, None, "exact"),
    ("a dozen drones", "en", 12, 12, None, "exact"),
    ("two dozen drones", "en", 24, 24, None, "exact"),
    ("1.5 million people", "en", 1.5e6, 1.5e6, None, "exact"),
    ("half a million people", "en", 5e5, 5e5, None, "exact"),
    ("$2 billion", "en", 2 * B, 2 * B, "USD", "exact"),
    ("a hundred people", "en", 100, 100, None, "exact"),
    ("three hundred people", "en", 300, 300, None, "exact"),
    ("three hundred and fifty people", "en", 350, 350, None, "exact"),
    ("two thousand five hundred", "en", 2500, 2500, None, "exact"),
    ("one million two hundred thousand", "en", 1.2e6, 1.2e6, None, "exact"),
    ("a thousand people", "en", 1000, 1000, None, "exact"),
    ("two and a half years", "en", 2.5, 2.5, "year", "exact"),
    ("one and a half million", "en", 1.5e6, 1.5e6, None, "exact"),
    ("half an hour", "en", 0.5, 0.5, "hour", "exact"),
    # ---- Russian words in any case
    ("два танка", "ru", 2, 2, None, "exact"),
    ("двух танков", "ru", 2, 2, None, "exact"),
    ("двумя танками", "ru", 2, 2, None, "exact"),
    ("восемь дронов", "ru", 8, 8, None, "exact"),
    ("восьми дронов", "ru", 8, 8, None, "exact"),
    ("пяти самолетов", "ru", 5, 5, None, "exact"),
    ("четырнадцать человек", "ru", 14, 14, None, "exact"),
    ("сорока девяти человек", "ru", 49, 49, None, "exact"),
    ("двадцать четыре человека", "ru", 24, 24, None, "exact"),
    ("полтора года", "ru", 1.5, 1.5, "year", "exact"),
    ("полутора тысяч человек", "ru", 1500, 1500, None, "exact"),
    ("2 млрд долларов", "ru", 2 * B, 2 * B, "USD", "exact"),
    ("5 млн рублей", "ru", 5 * M, 5 * M, "RUB", "exact"),
    ("8,5 тыс. ракет", "ru", 8500, 8500, None, "exact"),
    ("две тысячи человек", "ru", 2000, 2000, None, "exact"),
    ("трехсот солдат", "ru", 300, 300, None, "exact"),
    ("пятеро детей", "ru", 5, 5, None, "exact"),
    ("двое суток", "ru", 2, 2, "day", "exact"),
    ("тысяча человек", "ru", 1000, 1000, None, "exact"),
    ("два с половиной года", "ru", 2.5, 2.5, "year", "exact"),
    ("полмиллиона долларов", "ru", 5e5, 5e5, "USD", "exact"),
    ("полгода", "ru", 0.5, 0.5, "year", "exact"),
    ("5-ти этажей", "ru", 5, 5, None, "exact"),
    ("2-х дней", "ru", 2, 2, None, "exact"),
    # ---- vague
    ("several people", "en", 2, 9, None, "vague"),
    ("a few people", "en", 2, 5, None, "vague"),
    ("a couple of weeks", "en", 14, 21, "day", "vague"),
    ("dozens of people", "en", 24, 99, None, "vague"),
    ("hundreds of people", "en", 200, 999, None, "vague"),
    ("thousands of people", "en", 2000, 9999, None, "vague"),
    ("tens of thousands of refugees", "en", 20000, 99999, None, "vague"),
    ("hundreds of thousands", "en", 200000, 999999, None, "vague"),
    ("millions of dollars", "en", 2e6, 9.99e6, "USD", "vague"),
    ("several hundred soldiers", "en", 200, 999, None, "vague"),
    ("hundreds of kilometres", "en", 200, 999, "km", "vague"),
    ("несколько человек", "ru", 2, 9, None, "vague"),
    ("нескольких дней", "ru", 2, 9, "day", "vague"),
    ("немного людей", "ru", 2, 5, None, "vague"),
    ("десятки человек", "ru", 24, 99, None, "vague"),
    ("сотни домов", "ru", 200, 999, None, "vague"),
    ("тысячи людей", "ru", 2000, 9999, None, "vague"),
    ("десятки тысяч беженцев", "ru", 20000, 99999, None, "vague"),
    ("сотни тысяч", "ru", 200000, 999999, None, "vague"),
    ("миллионы рублей", "ru", 2e6, 9.99e6, "RUB", "vague"),
    ("несколько сотен", "ru", 200, 999, None, "vague"),
    # ---- approx and nearly
    ("about 100 km", "en", 90, 110, "km", "approx"),
    ("around 50 people", "en", 45, 55, None, "approx"),
    ("roughly 40 km", "en", 36, 44, "km", "approx"),
    ("some 300 soldiers", "en", 270, 330, None, "approx"),
    ("approximately 20%", "en", 18, 22, "%", "approx"),
    ("nearly 10%", "en", 9, 10, "%", "approx"),
    ("almost 100 people", "en", 90, 100, None, "approx"),
    ("около 100 км", "ru", 90, 110, "km", "approx"),
    ("примерно 5%", "ru", 4.5, 5.5, "%", "approx"),
    ("порядка 10 млн", "ru", 9 * M, 11 * M, None, "approx"),
    ("почти 10%", "ru", 9, 10, "%", "approx"),
    ("около десятка", "ru", 9, 11, None, "approx"),
    ("10 or so people", "en", 9, 11, None, "approx"),
    # ---- bounds
    ("more than 10%", "en", 10, None, "%", "more_than"),
    ("over 500 people", "en", 500, None, None, "more_than"),
    ("above 3 km", "en", 3, None, "km", "more_than"),
    ("более 10%", "ru", 10, None, "%", "more_than"),
    ("свыше 20 человек", "ru", 20, None, None, "more_than"),
    ("больше 10 км", "ru", 10, None, "km", "more_than"),
    ("более тысячи человек", "ru", 1000, None, None, "more_than"),
    ("сто с лишним человек", "ru", 100, None, None, "more_than"),
    ("at least 5 years", "en", 5, None, "year", "at_least"),
    ("no fewer than 10", "en", 10, None, None, "at_least"),
    ("5 or more people", "en", 5, None, None, "at_least"),
    ("не менее 5 лет", "ru", 5, None, "year", "at_least"),
    ("не меньше 3 дней", "ru", 3, None, "day", "at_least"),
    ("как минимум 3", "ru", 3, None, None, "at_least"),
    ("10 и более", "ru", 10, None, None, "at_least"),
    ("up to 1,000 km", "en", 0, 1000, "km", "up_to"),
    ("as many as 500", "en", 0, 500, None, "up_to"),
    ("до 1000 км", "ru", 0, 1000, "km", "up_to"),
    ("не более 10", "ru", 0, 10, None, "up_to"),
    ("less than 3 hours", "en", 0, 3, "hour", "at_most"),
    ("under 18 years", "en", 0, 18, "year", "at_most"),
    ("fewer than 100", "en", 0, 100, None, "at_most"),
    ("менее 3 часов", "ru", 0, 3, "hour", "at_most"),
    ("меньше 5%", "ru", 0, 5, "%", "at_most"),
    # ---- ranges
    ("from 5 to 10 km", "en", 5, 10, "km", "range"),
    ("5-10 km", "en", 5, 10, "km", "range"),
    ("5–10 km", "en", 5, 10, "km", "range"),
    ("between 5 and 10", "en", 5, 10, None, "range"),
    ("between $1 billion and $2 billion", "en", 1 * B, 2 * B, "USD", "range"),
    ("$5-10 million", "en", 5 * M, 10 * M, "USD", "range"),
    ("30-40%", "en", 30, 40, "%", "range"),
    ("two or three days", "en", 2, 3, "day", "range"),
    ("от 5 до 10 км", "ru", 5, 10, "km", "range"),
    ("от двух до пяти лет", "ru", 2, 5, "year", "range"),
    ("5–7 тысяч", "ru", 5000, 7000, None, "range"),
    ("между 5 и 10", "ru", 5, 10, None, "range"),
    ("с 5 до 10%", "ru", 5, 10, "%", "range"),
    ("два-три дня", "ru", 2, 3, "day", "range"),
    ("about 5-10 km", "en", 4.5, 11, "km", "approx"),
    # ---- compound duration adjectives
    ("three-year financing plan", "en", 3, 3, "year", "exact"),
    ("10-year bonds", "en", 10, 10, "year", "exact"),
    ("plan of three years", "en", 3, 3, "year", "exact"),
    ("a 30-year-old man", "en", 30, 30, "year", "exact"),
    ("24-hour curfew", "en", 24, 24, "hour", "exact"),
    ("two-week visit", "en", 14, 14, "day", "exact"),
    ("пятилетний план", "ru", 5, 5, "year", "exact"),
    ("5-летний срок", "ru", 5, 5, "year", "exact"),
    ("двухлетнего контракта", "ru", 2, 2, "year", "exact"),
    ("трехдневный визит", "ru", 3, 3, "day", "exact"),
    ("двадцатипятилетний", "ru", 25, 25, "year", "exact"),
    # ---- units
    ("10 miles", "en", 16.09344, 16.09344, "km", "exact"),
    ("500 m", "en", 0.5, 0.5, "km", "exact"),
    ("20 kg", "en", 0.02, 0.02, "t", "exact"),
    ("5 million tonnes", "en", 5 * M, 5 * M, "t", "exact"),
    ("15 тыс. т", "ru", 15000, 15000, "t", "exact"),
    ("2 weeks", "en", 14, 14, "day", "exact"),
    ("3 недели", "ru", 21, 21, "day", "exact"),
    ("90 minutes", "en", 1.5, 1.5, "hour", "exact"),
    ("5 лет", "ru", 5, 5, "year", "exact"),
    ("6 months", "en", 6, 6, "month", "exact"),
    ("50 bp", "en", 0.5, 0.5, "pp", "exact"),
    ("25 basis points", "en", 0.25, 0.25, "pp", "exact"),
    ("0.5 percentage points", "en", 0.5, 0.5, "pp", "exact"),
    ("2 п.п.", "ru", 2, 2, "pp", "exact"),
    ("50 б.п.", "ru", 0.5, 0.5, "pp", "exact"),
    ("0,25 процентного пункта", "ru", 0.25, 0.25, "pp", "exact"),
    ("magnitude 7.1", "en", 7.1, 7.1, "magnitude", "exact"),
    ("a 7.1-magnitude quake", "en", 7.1, 7.1, "magnitude", "exact"),
    ("M7.1 quake", "en", 7.1, 7.1, "magnitude", "exact"),
    ("магнитудой 7,1", "ru", 7.1, 7.1, "magnitude", "exact"),
    ("120 km/h", "en", 120, 120, "km/h", "exact"),
    ("100 км/ч", "ru", 100, 100, "km/h", "exact"),
    ("60 mph", "en", 96.56064, 96.56064, "km/h", "exact"),
    ("25°C", "en", 25, 25, "C", "exact"),
    ("-5 °C", "en", -5, -5, "C", "exact"),
    ("минус 5 градусов", "ru", -5, -5, "C", "exact"),
    ("300 square kilometres", "en", 300, 300, "km2", "exact"),
    ("1,5 кв. км", "ru", 1.5, 1.5, "km2", "exact"),
    ("10 bcm of gas", "en", 10 * B, 10 * B, "m3", "exact"),
    ("10 млрд кубометров", "ru", 10 * B, 10 * B, "m3", "exact"),
    ("в 3 раза", "ru", 3, 3, "x", "exact"),
    # ---- money
    ("$1.2bn", "en", 1.2 * B, 1.2 * B, "USD", "exact"),
    ("£3m", "en", 3 * M, 3 * M, "GBP", "exact"),
    ("€500,000", "en", 5e5, 5e5, "EUR", "exact"),
    ("$50k", "en", 5e4, 5e4, "USD", "exact"),
    ("5 million dollars", "en", 5 * M, 5 * M, "USD", "exact"),
    ("US$3 million", "en", 3 * M, 3 * M, "USD", "exact"),
    ("100 euros", "en", 100, 100, "EUR", "exact"),
    ("100 евро", "ru", 100, 100, "EUR", "exact"),
    ("3 млн долларов США", "ru", 3 * M, 3 * M, "USD", "exact"),
    ("500 руб.", "ru", 500, 500, "RUB", "exact"),
    ("10 тыс. рублей", "ru", 10000, 10000, "RUB", "exact"),
    ("2 billion roubles", "en", 2 * B, 2 * B, "RUB", "exact"),
    # ---- quantities next to labels and dates
    ("In 2023, 14 people died", "en", 14, 14, None, "exact"),
    ("up to 2000 people", "en", 0, 2000, None, "up_to"),
    ("Il-76 carried 40 tonnes", "en", 40, 40, "t", "exact"),
    ("в 2024 году погибли 5 человек", "ru", 5, 5, None, "exact"),
    ("26 октября погибли 3 человека", "ru", 3, 3, None, "exact"),
    ("Article 5 lists 3 cases", "en", 3, 3, None, "exact"),
    ("1900 лет назад", "ru", 1900, 1900, "year", "exact"),
]

# Texts that contain no quantity at all
NOTHING: list[tuple[str, str]] = [
    ("Il-76", "en"),
    ("Ил-76", "ru"),
    ("S-300", "en"),
    ("С-300", "ru"),
    ("Su-30MK2", "en"),
    ("Су-30МК2", "ru"),
    ("RA-78765", "en"),
    ("F-16", "en"),
    ("COVID-19", "en"),
    ("G20", "en"),
    ("in 2023", "en"),
    ("since 1952", "en"),
    ("by 2030", "en"),
    ("2025 года", "ru"),
    ("в 2024 году", "ru"),
    ("с 1952 года", "ru"),
    ("2025 г.", "ru"),
    ("26 October", "en"),
    ("October 26", "en"),
    ("October 26, 2025", "en"),
    ("26 October 2025", "en"),
    ("26 октября", "ru"),
    ("26 октября 2025 года", "ru"),
    ("26.10.2025", "ru"),
    ("26.10.2025", "en"),
    ("2025-10-26", "en"),
    ("10/26/2025", "en"),
    ("4th", "en"),
    ("21st", "en"),
    ("third", "en"),
    ("4-й", "ru"),
    ("четвертый", "ru"),
    ("1990-х", "ru"),
    ("the 1990s", "en"),
    ("11:24", "en"),
    ("02:24", "ru"),
    ("at 5 p.m.", "en"),
    ("Article 5", "en"),
    ("статья 5", "ru"),
    ("статьи 5", "ru"),
    ("section 3", "en"),
    ("No. 5", "en"),
    ("№ 5", "ru"),
    ("call +1 202-555-0143", "en"),
    ("звоните +7 (495) 123-45-67", "ru"),
    ("see https://example.com/news/2025/123", "en"),
    ("write to info2025@example.com", "en"),
    ("5G network", "en"),
    ("abc123def", "en"),
    ("from 2020 to 2023", "en"),
    ("between 2020 and 2023", "en"),
    ("в 2022–2023 годах", "ru"),
    ("с 2020 по 2023 год", "ru"),
    ("two-thirds", "en"),
    ("twenty-first century", "en"),
    ("двадцать первый век", "ru"),
    ("won 3-1", "en"),
    ("с 1 по 5 ноября", "ru"),
]

# (text, lang, quantity text, the word noun_start points at)
NOUNS: list[tuple[str, str, str, str]] = [
    ("14 missile units were moved", "en", "14", "missile"),
    ("24 Sukhoi Su-30 MK2 fighter jets", "en", "24", "Sukhoi"),
    ("two Ilyushin Il-76 planes", "en", "two", "Ilyushin"),
    ("thousands of people fled", "en", "thousands", "people"),
    ("up to 1,000 km of roads", "en", "up to 1,000 km", "of"),
    ("a three-year financing plan", "en", "three-year", "financing"),
    ("a 14-member delegation", "en", "14", "member"),
    ("более 1,5 тыс. человек", "ru", "более 1,5 тыс.", "человек"),
    ("двух самолетов Ил-76", "ru", "двух", "самолетов"),
    ("2 млрд долларов помощи", "ru", "2 млрд долларов", "помощи"),
]


def _approx(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def test_table_is_big_enough() -> None:
    assert len(ROWS) >= 120
    assert {row[1] for row in ROWS} == {"en", "ru"}


@pytest.mark.parametrize(("text", "lang", "low", "high", "unit", "qualifier"), ROWS)
def test_quantity(text: str, lang: str, low: float | None, high: float | None, unit: str | None, qualifier: str) -> None:
    q = parse_quantity(text, lang)
    assert q is not None, text
    got = (q.low, q.high, q.unit, q.qualifier)
    assert _approx(q.low, low) and _approx(q.high, high), got
    assert q.unit == unit, got
    assert q.qualifier == qualifier, got
    assert text[q.start : q.stop] == q.text


@pytest.mark.parametrize(("text", "lang"), NOTHING)
def test_not_a_quantity(text: str, lang: str) -> None:
    assert find_quantities(text, lang) == []


@pytest.mark.parametrize(("text", "lang", "span", "noun"), NOUNS)
def test_noun_start(text: str, lang: str, span: str, noun: str) -> None:
    q = parse_quantity(text, lang)
    assert q is not None
    assert q.text == span
    assert text[q.noun_start :].startswith(noun)


def test_span_includes_qualifier_and_unit() -> None:
    text = "Officials said more than 10% of the 2,700 tanks, about $2 billion, were lost."
    found = find_quantities(text, "en")
    assert [q.text for q in found] == ["more than 10%", "2,700", "about $2 billion"]
    assert [q.dimension for q in found] == ["percent", "count", "money"]


def test_dimensions() -> None:
    cases = {
        "5 km": "distance",
        "5 kg": "mass",
        "5%": "percent",
        "5 pp": "pp",
        "5 days": "duration",
        "$5": "money",
        "magnitude 5": "magnitude",
        "5 mph": "speed",
        "5 hectares": "area",
        "5 barrels": "volume",
        "5 degrees Celsius": "temperature",
        "5 people": "count",
    }
    for text, dim in cases.items():
        q = parse_quantity(text, "en")
        assert q is not None and q.dimension == dim, text


def test_sentence_ru() -> None:
    text = "В 2024 году около 300 военнослужащих получили до 5 млн рублей, 26 октября — ещё двое."
    found = find_quantities(text, "ru")
    assert [q.text for q in found] == ["около 300", "до 5 млн рублей", "двое"]


def test_english_never_builds_pymorphy(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(word: str) -> str:
        raise AssertionError(f"lemma called for {word!r}")

    monkeypatch.setattr(numbers, "lemma", boom)
    text = "About 300 soldiers, 2 700 km, thousands of people and forty-nine tanks in 2023."
    assert len(find_quantities(text, "en")) == 4


@pytest.mark.parametrize("piece", ["1,", "1", "1-", "a1 "])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_performance_is_linear(piece: str, lang: str) -> None:
    # A ratio of two runs on one machine, not a wall-clock limit that a loaded machine would break.
    assert_linear(lambda text: find_quantities(text, lang), lambda n: piece * n, 50_000 // len(piece))


# ------------------------------------------------------------------------------ properties


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["en", "ru"]))
def test_never_raises_and_offsets_are_sound(text: str, lang: str) -> None:
    found = find_quantities(text, lang)
    prev_stop = 0
    for q in found:
        assert isinstance(q, Quantity)
        assert 0 <= q.start < q.stop <= len(text)
        assert text[q.start : q.stop] == q.text
        assert q.start >= prev_stop
        assert q.stop <= q.noun_start <= len(text)
        assert q.low is None or q.high is None or q.low <= q.high
        prev_stop = q.stop


_ALPHABET = st.sampled_from(list("0123456789 ,.-–%$€:/+kmKMTtgG") + ["км", "тыс", "млн", " около ", " more than ", "два", "dozen", "\u00a0"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from(["en", "ru"]))
def test_numeric_soup(text: str, lang: str) -> None:
    for q in find_quantities(text, lang):
        assert text[q.start : q.stop] == q.text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_int_round_trip(n: int) -> None:
    for text, lang in (
        (str(n), "en"),
        (f"{n:,}", "en"),
        (str(n), "ru"),
        (f"{n:,}".replace(",", "\u00a0"), "ru"),
        (f"{n:,}".replace(",", " "), "ru"),
    ):
        q = parse_quantity(f"Value: {text} units.", lang)
        assert q is not None, text
        assert q.low == q.high == n, (text, q)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_float_round_trip(x: float) -> None:
    en = f"{x:.2f}"
    value = float(en)
    for text, lang in ((en, "en"), (en.replace(".", ","), "ru"), (f"{x:,.2f}", "en")):
        q = parse_quantity(f"Value: {text} units.", lang)
        assert q is not None, text
        assert q.low == q.high == value, (text, q)
