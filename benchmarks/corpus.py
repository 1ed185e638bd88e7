"""Deterministic synthetic news corpus with planted agreements and conflicts.

    .venv/bin/python benchmarks/corpus.py OUT_DIR --articles N [--seed S] [--check [K]]

Writes N articles (``.txt``, 60 % English, 40 % Russian, 300-900 words each) across about N/5.6
stories of 3-8 articles, under ``OUT_DIR/<story>/``, and the expected verdicts of the planted
facts to the sibling file ``OUT_DIR.expected.json`` (outside the folder, so the tool never
reads it). The same seed and N always give byte-identical files.

Every story has its own made-up names (people, towns, a country, an organisation and an
equipment designator, each in matching English and Russian spellings), a publication date per
article (a ``date YYYY-MM-DD`` marker or a dateline), filler sentences with no claim, numbers
that are not planted (casualties, shares, times of day, years, phone numbers; the same in every
article of a story) and planted facts about the story's own equipment designator: stated alike
in 2 or more articles (expected agree), or with a different value in one article (expected
conflict). Values are written as digits or words, absolute or relative dates, in both languages.

``--check K`` runs ``factcheck claims`` on the first K stories and reports, per template and
language, how often the extractor gives the planted subject, attribute, event and value.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FACTCHECK = ROOT / ".venv" / "bin" / "factcheck"

# ----------------------------------------------------------------------------- names

# One Latin letter per Cyrillic letter, so that transliterating the Russian form gives the English one.
_LAT_TO_CYR = {
    "a": "а", "b": "б", "d": "д", "e": "е", "g": "г", "i": "и", "k": "к", "l": "л", "m": "м",
    "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "z": "з",
}
_CONSONANTS = "bdgklmnprstvz"
_VOWELS = "aeiou"
_SURNAME_ENDS = ("esko", "aro", "ado", "enko", "uk", "ov", "in")
_PLACE_ENDS = ("sk", "ovo", "ar", "in", "el", "ok")
_COUNTRY_ENDS = ("ia", "ona", "ara", "esia")
_ORG_KINDS = (  # (English, Russian) - the made-up name goes in front in English, in quotes in Russian
    ("Development Fund", "Фонд развития"),
    ("Reconstruction Agency", "Агентство восстановления"),
    ("Industrial Bank", "Промышленный банк"),
    ("Relief Foundation", "Фонд помощи"),
)
REAL_COUNTRIES = (
    ("Russia", "Россия", "России"), ("China", "Китай", "Китая"), ("India", "Индия", "Индии"),
    ("Turkey", "Турция", "Турции"), ("Brazil", "Бразилия", "Бразилии"), ("Egypt", "Египет", "Египта"),
    ("Iran", "Иран", "Ирана"), ("Germany", "Германия", "Германии"), ("France", "Франция", "Франции"),
)
REAL_CITIES = (  # English, Russian prepositional, Russian genitive
    ("Moscow", "Москве", "Москвы"), ("Beijing", "Пекине", "Пекина"), ("Ankara", "Анкаре", "Анкары"),
    ("Cairo", "Каире", "Каира"), ("Berlin", "Берлине", "Берлина"), ("Paris", "Париже", "Парижа"),
    ("New Delhi", "Нью-Дели", "Нью-Дели"),
)


# Designator prefixes the generator never uses: in English or in their Russian spelling they are
# words the tool reads as units, numbers, dates or times ("20 Min-926" would be 20 minutes, "3 Nov-745"
# the 3rd of November). The list is fixed here, not read from the tool's data files, so that a
# corpus stays the same for a seed whatever the tool's lexicons become. It was made by checking every
# possible prefix against factcheck/data/{units,calendar,numerals}.toml and month, weekday and
# time-unit abbreviations in both languages.
RESERVED_PREFIXES = frozenset(
    "bad bare bez big but deg dek dom gate god goda gode godu kak kilo kod kub late let line lot love mar mere "
    "mes mid mile mili min mon more mos ned nil nine nos not nov page para paru per pol raz raza rel ris rub rule "
    "sat sek semi sen sep some sun sut tel ten time tom tomu ton vek vol zal zero zone".split()
)


def cyr(latin: str) -> str:
    """The Cyrillic spelling of a made-up Latin name (letter for letter, case kept)."""
    return "".join(_LAT_TO_CYR[c.lower()].upper() if c.isupper() else _LAT_TO_CYR.get(c, c) for c in latin)


def _syllable(rng: random.Random, closed: bool) -> str:
    s = rng.choice(_CONSONANTS) + rng.choice(_VOWELS)
    return s + rng.choice(_CONSONANTS) if closed else s


@dataclass(frozen=True)
class Place:
    """A made-up town: English name and Russian case forms (nominative, genitive, prepositional, instrumental)."""

    en: str
    ru: str
    ru_gen: str
    ru_prep: str
    ru_ins: str


@dataclass(frozen=True)
class Country:
    """A made-up country: English name and the Russian case forms the templates use."""

    en: str
    ru: str
    ru_gen: str
    ru_dat: str
    ru_prep: str


@dataclass(frozen=True)
class Person:
    """A made-up person with a role."""

    first: str
    last: str
    role_en: str
    role_ru: str

    @property
    def en(self) -> str:
        """Full English name."""
        return f"{self.first} {self.last}"

    @property
    def ru(self) -> str:
        """Full Russian name (nominative)."""
        return f"{cyr(self.first)} {cyr(self.last)}"


@dataclass(frozen=True)
class Equipment:
    """A kind of equipment with the English and Russian noun forms the templates need (all masculine)."""

    en_sg: str
    en_pl: str
    ru_nom: str  # один самолет
    ru_gen: str  # два самолета
    ru_gen_pl: str  # пять самолетов
    range_ru: str  # "дальность полета" | "дальность хода" | "дальность плавания"


EQUIPMENT = (
    Equipment("transport aircraft", "transport aircraft", "транспортный самолет", "транспортных самолета",
              "транспортных самолетов", "дальность полета"),
    Equipment("helicopter", "helicopters", "вертолет", "вертолета", "вертолетов", "дальность полета"),
    Equipment("drone", "drones", "беспилотник", "беспилотника", "беспилотников", "дальность полета"),
    Equipment("patrol boat", "patrol boats", "патрульный катер", "патрульных катера", "патрульных катеров",
              "дальность плавания"),
    Equipment("armoured vehicle", "armoured vehicles", "бронеавтомобиль", "бронеавтомобиля",
              "бронеавтомобилей", "дальность хода"),
    Equipment("locomotive", "locomotives", "локомотив", "локомотива", "локомотивов", "дальность хода"),
)


class NameBank:
    """Unique made-up names for the whole corpus (no two stories share a surname, town, country,
    organisation or designator)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _fresh(self, make: Callable[[], str]) -> str:
        for _ in range(10000):
            name = make()
            key = name.lower()
            if key not in self.used:
                self.used.add(key)
                return name
        raise RuntimeError("name space exhausted")

    def given(self) -> str:
        """A first name (repeats across stories are fine)."""
        r = self.rng
        return (_syllable(r, False) + _syllable(r, True)).capitalize()

    def surname(self) -> str:
        """A surname not used elsewhere in the corpus."""
        r = self.rng
        return self._fresh(lambda: (_syllable(r, False) + _syllable(r, True) + r.choice(_SURNAME_ENDS)).capitalize())

    def person(self, role_en: str, role_ru: str) -> Person:
        """A new person with a role."""
        return Person(self.given(), self.surname(), role_en, role_ru)

    def place(self) -> Place:
        """A new town."""
        r = self.rng
        en = self._fresh(lambda: (_syllable(r, False) + _syllable(r, False)[0] + r.choice(_PLACE_ENDS)).capitalize())
        ru = cyr(en)
        if ru.endswith("ово"):  # indeclinable, as many such names are used in the news
            return Place(en, ru, ru, ru, ru)
        return Place(en, ru, ru + "а", ru + "е", ru + "ом")

    def country(self) -> Country:
        """A new country."""
        r = self.rng
        en = self._fresh(lambda: (_syllable(r, False) + _syllable(r, True) + r.choice(_COUNTRY_ENDS)).capitalize())
        ru = cyr(en)
        if ru.endswith("иа"):  # Latin -ia is Russian -ия
            stem = ru[:-2]
            ru = stem + "ия"
            return Country(en, ru, stem + "ии", stem + "ии", stem + "ии")
        stem = ru[:-1]
        return Country(en, ru, stem + "ы", stem + "е", stem + "е")

    def designator(self) -> str:
        """A new equipment designator such as Tarv-214: a 3-4 letter prefix that is never a unit,
        number or calendar word in either spelling ("20 Min-926" would read as 20 minutes and
        "3 Nov-745" as 3 November), and a number; the whole designator is never reused."""
        r = self.rng

        def make() -> str:
            while True:
                prefix = _syllable(r, True) if r.random() < 0.5 else _syllable(r, False) + _syllable(r, False)
                if prefix not in RESERVED_PREFIXES:
                    return f"{prefix.capitalize()}-{r.randint(10, 989)}"

        name = self._fresh(make)
        self.used.add(name.split("-")[0].lower())  # no other name may be spelt like the bare prefix
        return name

    def org(self) -> tuple[str, str]:
        """A new organisation: (English, Russian)."""
        r = self.rng
        word = self._fresh(lambda: (_syllable(r, False) + _syllable(r, True)).capitalize())
        kind_en, kind_ru = r.choice(_ORG_KINDS)
        return f"{word} {kind_en}", f"{kind_ru} «{cyr(word)}»"


# ----------------------------------------------------------------------------- numbers and dates in words

EN_WORDS = {
    2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
    11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty", 30: "thirty", 40: "forty", 50: "fifty",
}
RU_WORDS = {
    2: "два", 3: "три", 4: "четыре", 5: "пять", 6: "шесть", 7: "семь", 8: "восемь", 9: "девять", 10: "десять",
    11: "одиннадцать", 12: "двенадцать", 15: "пятнадцать", 20: "двадцать", 30: "тридцать", 40: "сорок",
    50: "пятьдесят",
}
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
RU_MONTHS_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                 "ноября", "декабря")
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
RU_WEEKDAYS_ACC = ("в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу",
                   "в воскресенье")


def ru_plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian noun form that goes with the number ``n``."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def en_num(n: int, rng: random.Random, words: bool = True) -> str:
    """``n`` in English: a word when there is one (sometimes), else digits with thousands commas."""
    if words and n in EN_WORDS and rng.random() < 0.5:
        return EN_WORDS[n]
    return f"{n:,}"


def ru_num(n: int, rng: random.Random, words: bool = True) -> str:
    """``n`` in Russian: a word when there is one (sometimes), else digits (thousands with a space)."""
    if words and n in RU_WORDS and rng.random() < 0.5:
        return RU_WORDS[n]
    return f"{n:,}".replace(",", "\u00a0" if rng.random() < 0.5 else " ") if n >= 10000 else str(n)


def en_date(event: dt.date, pub: dt.date, rng: random.Random) -> str:
    """How an English article dates ``event``: absolute or relative to ``pub`` (event <= pub)."""
    delta = (pub - event).days
    options = [f"on {EN_MONTHS[event.month - 1]} {event.day}", f"on {event.day} {EN_MONTHS[event.month - 1]}"]
    if 0 <= delta <= 6:
        options.append(f"on {EN_WEEKDAYS[event.weekday()]}")
    if delta == 1:
        options.append("yesterday")
    if delta == 0:
        options.append("today")
    return rng.choice(options)


def ru_date(event: dt.date, pub: dt.date, rng: random.Random) -> str:
    """How a Russian article dates ``event``: absolute or relative to ``pub``."""
    delta = (pub - event).days
    options = [f"{event.day} {RU_MONTHS_GEN[event.month - 1]}"]
    if 0 <= delta <= 6:
        options.append(RU_WEEKDAYS_ACC[event.weekday()])
    if delta == 1:
        options.append("вчера")
    if delta == 0:
        options.append("сегодня")
    return rng.choice(options)


# ----------------------------------------------------------------------------- stories


@dataclass
class Story:
    """One story: its random stream, date, equipment and made-up names, and its unplanted numbers."""

    id: str
    rng: random.Random
    date: dt.date
    equipment: Equipment
    designator: str
    country: Country
    places: list[Place]
    people: list[Person]
    org: tuple[str, str]
    real_country: tuple[str, str, str]
    real_city: tuple[str, str, str]
    noise: dict[str, int] = field(default_factory=dict)


@dataclass
class ArticleDraft:
    """An article being planned: its path, language and publication date."""

    path: str
    lang: str
    pub: dt.date


@dataclass(frozen=True)
class Rendered:
    """A planted value as written, with the value the tool should read."""

    sentence: str
    text: str  # the value as written
    kind: str  # quantity | date
    low: float | str
    high: float | str
    unit: str | None


@dataclass(frozen=True)
class FactTemplate:
    """A kind of planted fact: its attribute and how to state and vary it."""

    id: str
    attribute: str
    subject: str  # what the fact is about; every template here is about the story's designator
    value: Callable[[random.Random], int]
    other: Callable[[random.Random, int], int]
    en: Callable[[Story, int, dt.date, random.Random], Rendered]
    ru: Callable[[Story, int, dt.date, random.Random], Rendered]
    event: str | None = None  # the event every statement of the fact must carry, when it matters


def _q(sentence: str, text: str, n: float, unit: str | None) -> Rendered:
    return Rendered(sentence, text, "quantity", n, n, unit)


def _other_int(lo_factor: float, hi_factor: float) -> Callable[[random.Random, int], int]:
    def other(rng: random.Random, v: int) -> int:
        for _ in range(100):
            w = int(round(v * rng.uniform(lo_factor, hi_factor)))
            if w != v and w > 0:
                return w
        return v + 1

    return other


# --- count of equipment delivered (subject: the designator, event: deliver)


def _count_en(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d, e = s.designator, s.equipment
    num = en_num(n, rng)
    noun = e.en_sg if n == 1 else e.en_pl
    p = s.people[0]
    forms = [  # every form carries the "deliver" event, so counts of other events are not compared
        f"The manufacturer has delivered {num} {d} {noun} to {s.country.en} under the contract, "
        f"{p.role_en} {p.en} said.",
        f"A total of {num} {d} {noun} have been delivered to {s.country.en} so far, according to the ministry.",
        f"The manufacturer delivered {num} {d} {noun} to the armed forces of {s.country.en}.",
    ]
    return _q(rng.choice(forms), num, n, None)


def _count_ru(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d, e = s.designator, s.equipment
    num = ru_num(n, rng)
    noun = ru_plural(n, e.ru_nom, e.ru_gen, e.ru_gen_pl)
    dr = cyr(d)
    forms = [
        f"Производитель поставил {s.country.ru_dat} {num} {noun} {dr}, сообщили в министерстве.",
        f"По контракту {s.country.ru_dat} уже передали {num} {noun} {dr}.",
        f"Всего в {s.country.ru_prep} доставлено {num} {noun} {dr}, говорится в сообщении ведомства.",
    ]
    return _q(rng.choice(forms), num, n, None)


# --- range in km (subject: the designator, attribute: range)


def _range_en(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = s.designator
    text = rng.choice([f"{n} km", f"{n:,} kilometres", f"{n} kilometers"])
    forms = [
        f"The {d} has a range of {text}, which allows it to reach the northern provinces.",
        f"According to the manufacturer, the {d} has a maximum range of {text}.",
        f"With a range of {text}, the {d} can cover the whole coastline without refuelling.",
    ]
    return _q(rng.choice(forms), text, n, "km")


def _range_ru(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = cyr(s.designator)
    text = rng.choice([f"{n} км", f"{n} {ru_plural(n, 'километр', 'километра', 'километров')}"])
    cue = s.equipment.range_ru
    forms = [
        f"{d} имеет {cue} {text}, что позволяет ему добраться до северных провинций.",
        f"По данным производителя, у {d} {cue} — {text}.",
        f"У {d} {cue} — {text}.",
    ]
    return _q(rng.choice(forms), text, n, "km")


# --- payload in tonnes (attribute: payload)


def _payload_en(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = s.designator
    text = rng.choice([f"{n} tonnes", f"{n} metric tons", f"{n} tonnes"])
    forms = [
        f"The {d} carries a payload of {text}, the company said.",
        f"Each {d} has a payload of {text} and a crew of three.",
    ]
    return _q(rng.choice(forms), text, n, "t")


def _payload_ru(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = cyr(s.designator)
    text = f"{n} {ru_plural(n, 'тонна', 'тонны', 'тонн')}"
    forms = [
        f"У {d} грузоподъемность — {text}, сообщили в компании.",
        f"{d} имеет грузоподъемность {text}.",
    ]
    return _q(rng.choice(forms), text, n, "t")


# --- top speed in km/h (attribute: speed)


def _speed_en(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = s.designator
    text = rng.choice([f"{n} km/h", f"{n} kilometres per hour"])
    forms = [
        f"The {d} has a top speed of {text}.",
        f"In trials the {d} reached a top speed of {text}, engineers said.",
    ]
    return _q(rng.choice(forms), text, n, "km/h")


def _speed_ru(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = cyr(s.designator)
    text = f"{n} км/ч"
    forms = [
        f"Максимальная скорость {d} составляет {text}.",
        f"На испытаниях {d} развил скорость {text}, рассказали инженеры.",
    ]
    return _q(rng.choice(forms), text, n, "km/h")


# --- trials duration in days (attribute: duration)


def _trials_en(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = s.designator
    num = en_num(n, rng)
    text = f"{num} days"
    forms = [
        f"Field trials of the {d} lasted {text} near {s.places[1].en}.",
        f"The {d} completed {text} of field trials before the handover.",
    ]
    return _q(rng.choice(forms), text, n, "day")


def _trials_ru(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = cyr(s.designator)
    num = ru_num(n, rng)
    text = f"{num} {ru_plural(n, 'день', 'дня', 'дней')}"
    forms = [
        f"Полевые испытания {d} продолжались {text} под {s.places[1].ru_ins}.",
        f"Испытания {d} длились {text}.",
    ]
    return _q(rng.choice(forms), text, n, "day")


# --- value of the contract (subject: the designator, attribute: money)


def _money_en(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = s.designator
    text = rng.choice([f"${n} million", f"{n} million dollars", f"${n}m"])
    forms = [
        f"The contract for the {d} {s.equipment.en_pl} is worth {text}, officials said.",
        f"The {d} contract is worth {text} and includes spare parts and training.",
    ]
    return _q(rng.choice(forms), text, n * 1_000_000, "USD")


def _money_ru(s: Story, n: int, pub: dt.date, rng: random.Random) -> Rendered:
    d = cyr(s.designator)
    text = rng.choice([f"{n} млн долларов", f"${n} млн", "words"])
    if text == "words":
        text = f"{n} {ru_plural(n, 'миллион', 'миллиона', 'миллионов')} долларов"
    forms = [
        f"Контракт на {d} оценивается в {text}, сообщили чиновники.",
        f"Стоимость контракта на {d} составляет {text}, включая запчасти и обучение.",
    ]
    return _q(rng.choice(forms), text, n * 1_000_000, "USD")


# --- date the first one arrived (subject: the designator, attribute: date, event: arrive)


def _arrive_en(s: Story, day: int, pub: dt.date, rng: random.Random) -> Rendered:
    event = s.date - dt.timedelta(days=day)
    text = en_date(event, pub, rng)
    d, e = s.designator, s.equipment
    forms = [
        f"The first {d} {e.en_sg} arrived in {s.places[0].en} {text}.",
        f"The first {d} arrived at the base near {s.places[0].en} {text}.",
    ]
    iso = event.isoformat()
    return Rendered(rng.choice(forms), text.removeprefix("on "), "date", iso, iso, None)


def _arrive_ru(s: Story, day: int, pub: dt.date, rng: random.Random) -> Rendered:
    event = s.date - dt.timedelta(days=day)
    text = ru_date(event, pub, rng)
    d = cyr(s.designator)
    forms = [
        f"Первый {s.equipment.ru_nom} {d} прибыл в {s.places[0].ru} {text}.",
        f"{text[0].upper() + text[1:]} первый {d} прибыл на базу под {s.places[0].ru_ins}.",
    ]
    iso = event.isoformat()
    return Rendered(rng.choice(forms), text, "date", iso, iso, None)


def _other_day(rng: random.Random, day: int) -> int:
    return day + rng.choice((1, 2)) if day < 2 else day - rng.choice((1, 2))


TEMPLATES: tuple[FactTemplate, ...] = (
    FactTemplate("count", "count", "designator", lambda r: r.choice((2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 36)),
                 _other_int(0.4, 1.8), _count_en, _count_ru, "deliver"),
    FactTemplate("range", "range", "designator", lambda r: r.randrange(150, 2500, 10), _other_int(0.6, 1.5),
                 _range_en, _range_ru),
    FactTemplate("payload", "payload", "designator", lambda r: r.randint(2, 40), _other_int(0.5, 1.6),
                 _payload_en, _payload_ru),
    FactTemplate("speed", "speed", "designator", lambda r: r.randrange(60, 900, 10), _other_int(0.7, 1.4),
                 _speed_en, _speed_ru),
    FactTemplate("trials", "duration", "designator", lambda r: r.choice((5, 6, 7, 8, 9, 10, 11, 12, 15, 20, 30)),
                 _other_int(0.5, 1.7), _trials_en, _trials_ru),
    FactTemplate("money", "money", "designator", lambda r: r.randint(5, 400), _other_int(0.5, 1.8),
                 _money_en, _money_ru),
    FactTemplate("arrive", "date", "designator", lambda r: r.randint(0, 2), _other_day, _arrive_en, _arrive_ru,
                 "arrive"),
)

# ----------------------------------------------------------------------------- filler

# Filler: whole sentences, and sentences built from a speaker, what they did and where, so that
# long articles do not repeat themselves. No numbers, dates, event words or units.
FILLER_EN = (
    "The decision was welcomed by local business leaders, who had lobbied for it for years.",
    "The ministry said the programme would continue as planned.",
    "Analysts said the move reflected a broader shift in the region.",
    "The government of {country} has faced growing pressure over the issue.",
    "Talks with {real_country} on the matter are expected to continue.",
    "Local media reported long queues outside government offices.",
    "Engineers from the manufacturer will stay in {place0} to train the crews.",
    "Some experts questioned whether the timetable was realistic.",
    "The head of the regional administration praised the work of the rescue teams.",
    "The {org} has not commented on the reports.",
    "Several roads around {place1} were closed to traffic.",
    "The announcement came after weeks of speculation in the local press.",
    "{person1} said the government would publish a full report.",
    "The programme is part of a wider effort to modernise the armed forces of {country}.",
    "Observers noted that the previous government had abandoned a similar plan.",
    "The prime minister of {country} is expected to address the nation.",
    "Officials stressed that the work was being carried out in line with international rules.",
    "{person0} did not answer questions from reporters after the briefing.",
)
SPEAKERS_EN = (
    "Officials in {place0}", "Residents of {place1}", "Opposition politicians", "Local business owners",
    "Analysts", "Diplomats in {real_city}", "Trade union leaders", "Engineers", "Farmers in the valley",
    "Several lawmakers", "Human rights groups", "Teachers in {place1}", "Representatives of the {org}",
    "Regional officials", "Critics of the government",
)
ACTS_EN = (
    "said the work should continue without interruption", "called for an independent inquiry",
    "questioned whether the timetable was realistic", "welcomed the decision",
    "declined to comment further", "warned that the costs could rise",
    "complained that they had not been consulted", "asked for more information about the programme",
    "urged the government to publish the contract", "praised the quality of the work",
    "expressed concern about the environmental impact", "said they were following the situation closely",
    "demanded clearer rules for public spending", "promised to study the proposal carefully",
    "argued that the money should be spent on schools and hospitals",
)
TAILS_EN = (
    "", "", " in a statement", " at a briefing", " in an interview with a local newspaper",
    " on social media", " during a public meeting", " in a letter to the government",
)
FILLER_RU = (
    "Решение приветствовали местные предприниматели, которые добивались его несколько лет.",
    "В министерстве сообщили, что программа будет продолжена.",
    "Аналитики считают, что этот шаг отражает более широкие перемены в регионе.",
    "Правительство {country_gen} находится под растущим давлением.",
    "Переговоры с представителями {real_country_gen} по этому вопросу будут продолжены.",
    "Делегация из {real_city_gen} ожидается в регионе позднее.",
    "Местные СМИ сообщают об очередях у государственных учреждений.",
    "Инженеры производителя останутся в {place0_prep}, чтобы обучить экипажи.",
    "Некоторые эксперты усомнились в реалистичности сроков.",
    "Глава региональной администрации высоко оценил работу спасателей.",
    "{org} пока не комментирует эти сообщения.",
    "Несколько дорог вокруг {place1_gen} закрыты для движения.",
    "Заявление прозвучало после нескольких недель слухов в местной прессе.",
    "{person1} пообещал, что правительство опубликует полный доклад.",
    "Программа является частью более широких усилий по модернизации армии {country_gen}.",
    "Наблюдатели напоминают, что предыдущее правительство отказалось от похожего плана.",
    "Ожидается, что премьер-министр {country_gen} выступит с обращением к нации.",
    "{person0} не стал отвечать на вопросы журналистов после брифинга.",
)
SPEAKERS_RU = (
    "Чиновники в {place0_prep}", "Жители {place1_gen}", "Оппозиционные политики", "Местные предприниматели",
    "Аналитики", "Дипломаты в {real_city_prep}", "Лидеры профсоюзов", "Инженеры", "Фермеры долины",
    "Несколько депутатов", "Правозащитники", "Учителя в {place1_prep}", "Эксперты",
    "Региональные чиновники", "Критики правительства",
)
ACTS_RU = (
    "заявили, что работа должна продолжаться без перерывов", "призвали провести независимое расследование",
    "усомнились в реалистичности сроков", "приветствовали это решение",
    "отказались от дальнейших комментариев", "предупредили, что расходы могут вырасти",
    "пожаловались, что с ними никто не советовался", "попросили больше информации о программе",
    "призвали правительство опубликовать контракт", "высоко оценили качество работы",
    "выразили обеспокоенность последствиями для природы", "заявили, что внимательно следят за ситуацией",
    "потребовали более понятных правил расходования бюджетных средств",
    "пообещали внимательно изучить предложение",
    "считают, что деньги лучше потратить на школы и больницы",
)
TAILS_RU = (
    "", "", " в своем заявлении", " на брифинге", " в интервью местной газете", " в социальных сетях",
    " на общественных слушаниях", " в письме правительству",
)


def filler_sentence(s: Story, lang: str, rng: random.Random) -> str:
    """A sentence with no claim: a stock one or speaker + act + where."""
    if rng.random() < 0.3:
        return _fill(rng.choice(FILLER_EN if lang == "en" else FILLER_RU), s, lang)
    if lang == "en":
        return _fill(f"{rng.choice(SPEAKERS_EN)} {rng.choice(ACTS_EN)}{rng.choice(TAILS_EN)}.", s, lang)
    act, tail = rng.choice(ACTS_RU), rng.choice(TAILS_RU)
    if "," in act and tail:  # «заявили в своем заявлении, что ...»: the place goes before the clause
        verb, rest = act.split(",", 1)
        return _fill(f"{rng.choice(SPEAKERS_RU)} {verb}{tail},{rest}.", s, lang)
    return _fill(f"{rng.choice(SPEAKERS_RU)} {act}{tail}.", s, lang)


# Numbers that are not planted: the same in every article of a story (so a story agrees with
# itself), but different between stories, with generic subjects (people, inflation...). They are
# what a tool that mixes stories would pair up.
NOISE_EN = (
    ("dead", "At least {dead} people were killed in the floods that hit {place1} earlier in the year."),
    ("inflation", "Inflation in {country} reached {inflation} percent, the central bank said."),
    ("none", "The briefing started at 10:30 local time."),
    ("none", "The programme was first announced in 2019."),
    ("none", "A hotline has been set up for relatives: +7 (495) 555-{phone}."),
    ("none", "It was the second such decision this year."),
)
NOISE_RU = (
    ("dead", "В результате наводнения в {place1_prep} в начале года погибли не менее {dead} человек."),
    ("inflation", "Инфляция в {country_prep} достигла {inflation}%, сообщил центральный банк."),
    ("none", "Брифинг начался в 10:30 по местному времени."),
    ("none", "Впервые о программе объявили в 2019 году."),
    ("none", "Для родственников открыта горячая линия: +7 (495) 555-{phone}."),
    ("none", "Это уже второе подобное решение в этом году."),
)

ROLES = (
    ("defence minister", "министр обороны"),
    ("transport minister", "министр транспорта"),
    ("governor", "губернатор"),
    ("finance minister", "министр финансов"),
    ("mayor", "мэр"),
)
TITLES_EN = (
    "{country} takes delivery of new {noun_pl}",
    "First {designator} arrives in {place0}",
    "{country} expands fleet amid regional tensions",
    "{person1} pledges money for {place0}",
    "What we know about the {designator} programme",
)
TITLES_RU = (
    "{country} получила новые {designator}",
    "Первый {designator} прибыл в {place0}",
    "{country} расширяет парк техники",
    "Что известно о программе {designator}",
)
AGENCIES = ("Pacifica Press", "Meridian News", "Coastline Wire", "Northstar Media")


def _slots(s: Story) -> dict[str, str]:
    p0, p1 = s.people
    return {
        "place0": s.places[0].en, "place1": s.places[1].en, "country": s.country.en,
        "person0": p0.en, "person1": p1.en, "org": s.org[0], "designator": s.designator,
        "noun_pl": s.equipment.en_pl, "real_country": s.real_country[0], "real_city": s.real_city[0],
        "place0_prep": s.places[0].ru_prep, "place1_prep": s.places[1].ru_prep, "place0_gen": s.places[0].ru_gen,
        "place1_gen": s.places[1].ru_gen,
        "country_gen": s.country.ru_gen, "country_prep": s.country.ru_prep, "real_country_gen": s.real_country[2],
        "real_city_prep": s.real_city[1], "real_city_gen": s.real_city[2],
        "ru_person0": p0.ru, "ru_person1": p1.ru, "ru_org": s.org[1],
    }


def _fill(template: str, s: Story, lang: str) -> str:
    slots = _slots(s)
    if lang == "ru":
        slots = {**slots, "person0": slots["ru_person0"], "person1": slots["ru_person1"], "org": slots["ru_org"],
                 "place0": s.places[0].ru, "place1": s.places[1].ru, "country": s.country.ru,
                 "designator": cyr(s.designator)}
    return template.format(**slots, **{k: str(v) for k, v in s.noise.items()})


# ----------------------------------------------------------------------------- the corpus


@dataclass
class Planted:
    """A planted fact and what each article says of it."""

    id: str
    story: str
    template: str
    attribute: str
    event: str | None
    subject_en: str
    subject_ru: str
    expected: str  # agree | conflict
    values: dict[str, Rendered]
    odd_one: str | None  # the article with the different value (conflict)


def _new_story(index: int, rng: random.Random, names: NameBank, start: dt.date) -> Story:
    srng = random.Random(rng.getrandbits(64))
    date = start + dt.timedelta(days=srng.randint(0, 700))
    roles = srng.sample(ROLES, 2)
    story = Story(
        id=f"story{index:05d}",
        rng=srng,
        date=date,
        equipment=srng.choice(EQUIPMENT),
        designator=names.designator(),
        country=names.country(),
        places=[names.place(), names.place()],
        people=[names.person(*roles[0]), names.person(*roles[1])],
        org=names.org(),
        real_country=srng.choice(REAL_COUNTRIES),
        real_city=srng.choice(REAL_CITIES),
    )
    story.noise = {"dead": srng.randint(3, 90), "inflation": srng.randint(3, 30), "phone": srng.randint(1000, 9999)}
    return story


def _sizes(n: int, rng: random.Random) -> list[int]:
    """Story sizes (3-8 articles) summing to ``n`` (a smaller corpus is one story)."""
    if n <= 8:
        return [n]
    sizes: list[int] = []
    left = n
    while left > 0:
        k = rng.randint(3, 8)
        if left - k < 3 and left - k != 0:
            k = left if left <= 8 else left - 3
        sizes.append(k)
        left -= k
    return sizes


def _header(a: ArticleDraft, s: Story, rng: random.Random) -> str:
    """The first lines: a date marker or a dateline, sometimes a title and an agency."""
    lang = a.lang
    title = ""
    if rng.random() < 0.4:
        title = _fill(rng.choice(TITLES_EN if lang == "en" else TITLES_RU), s, lang) + "\n\n"
    city = s.places[0].en if lang == "en" else s.places[0].ru
    agency = rng.choice(AGENCIES)
    style = rng.random()
    if style < 0.55:
        # date marker on its own line (then an optional title)
        return f"date {a.pub.isoformat()}\n{title}"
    if style < 0.8:
        # marker and dateline on the first line, as in fixtures/seeds
        if lang == "en":
            return f"date {a.pub.isoformat()} {city.upper()}, {EN_MONTHS[a.pub.month - 1]} {a.pub.day}. /{agency}/. "
        return f"date {a.pub.isoformat()} {city.upper()}, {a.pub.day} {RU_MONTHS_GEN[a.pub.month - 1]}. /{agency}/. "
    # a dateline with the year, no marker
    if lang == "en":
        return f"{title}{city.upper()}, {EN_MONTHS[a.pub.month - 1]} {a.pub.day}, {a.pub.year} — "
    return f"{title}{city.upper()}, {a.pub.strftime('%d.%m.%Y')} — "


def _write_article(a: ArticleDraft, s: Story, planted: list[str], rng: random.Random) -> str:
    """Planted sentences spread among filler and noise, in paragraphs, to a length of 300-900 words."""
    target = rng.randint(300, 880)
    noise = [t for _, t in (NOISE_EN if a.lang == "en" else NOISE_RU)]
    pending = list(planted) + [_fill(t, s, a.lang) for t in rng.sample(noise, rng.randint(2, len(noise)))]
    words = sum(len(x.split()) for x in pending)
    body: list[str] = []
    seen: set[str] = set()
    misses = 0
    while words < target:
        sent = filler_sentence(s, a.lang, rng)
        if sent in seen and misses < 1000:
            misses += 1
            continue
        seen.add(sent)
        body.append(sent)
        words += len(sent.split())
    # Planted facts lean towards the top of the article, as in news; noise anywhere.
    for k, sent in enumerate(pending):
        top = len(body) if k >= len(planted) else max(1, len(body) * 2 // 3)
        body.insert(rng.randint(0, top), sent)
    paras: list[str] = []
    j = 0
    while j < len(body):
        k = rng.randint(2, 5)
        paras.append(" ".join(body[j : j + k]))
        j += k
    return _header(a, s, rng) + "\n\n".join(paras) + "\n"


def generate(out: Path, n: int, seed: int) -> dict[str, Any]:
    """Write the corpus to ``out`` and return the expected verdicts (also written next to it)."""
    rng = random.Random(seed)
    names = NameBank(random.Random(rng.getrandbits(64)))
    start = dt.date(2024, 1, 1)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise SystemExit(f"{out} is not empty")
    stories_out: list[dict[str, Any]] = []
    facts_out: list[dict[str, Any]] = []
    article_no = 0
    for si, size in enumerate(_sizes(n, rng)):
        s = _new_story(si, rng, names, start)
        srng = s.rng
        drafts = []
        for _ in range(size):
            lang = "en" if srng.random() < 0.6 else "ru"
            pub = s.date + dt.timedelta(days=srng.randint(0, 3))
            drafts.append(ArticleDraft(f"{s.id}/{article_no:06d}_{lang}.txt", lang, pub))
            article_no += 1
        planted_text: dict[str, list[str]] = defaultdict(list)
        story_facts: list[Planted] = []
        if size >= 2:
            kinds = srng.sample(TEMPLATES, srng.randint(3, min(5, len(TEMPLATES))))
            for t in kinds:
                members = srng.sample(drafts, srng.randint(2, size))
                base = t.value(srng)
                conflict = srng.random() < 0.4
                odd = srng.choice(members) if conflict else None
                other = t.other(srng, base) if conflict else base
                values: dict[str, Rendered] = {}
                for a in members:
                    v = other if a is odd else base
                    r = (t.en if a.lang == "en" else t.ru)(s, v, a.pub, srng)
                    values[a.path] = r
                    planted_text[a.path].append(r.sentence)
                subj_en, subj_ru = s.designator, cyr(s.designator)
                story_facts.append(Planted(f"{s.id}.{t.id}", s.id, t.id, t.attribute, t.event, subj_en, subj_ru,
                                           "conflict" if conflict else "agree", values,
                                           odd.path if odd else None))
        for a in drafts:
            text = _write_article(a, s, planted_text[a.path], srng)
            path = out / a.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        stories_out.append({
            "id": s.id, "date": s.date.isoformat(), "designator": s.designator,
            "people": [p.en for p in s.people], "places": [p.en for p in s.places], "country": s.country.en,
            "articles": [{"path": a.path, "lang": a.lang, "published": a.pub.isoformat()} for a in drafts],
        })
        for f in story_facts:
            facts_out.append({
                "id": f.id, "story": f.story, "template": f.template, "attribute": f.attribute, "event": f.event,
                "subject": f.subject_en, "subject_ru": f.subject_ru, "expected": f.expected, "odd_one": f.odd_one,
                "values": {p: {"text": r.text, "kind": r.kind, "low": r.low, "high": r.high, "unit": r.unit}
                           for p, r in f.values.items()},
            })
    expected = {"seed": seed, "articles": n, "stories": stories_out, "facts": facts_out}
    expected_path(out).write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return expected


def expected_path(out: Path) -> Path:
    """Where the expected verdicts of the corpus in ``out`` are written (a sibling file)."""
    return out.parent / (out.name + ".expected.json")


# ----------------------------------------------------------------------------- template check


def same_value(claim_value: dict[str, Any], want: dict[str, Any]) -> bool:
    """Whether a claim's value (JSON) is the planted value."""
    if claim_value.get("kind") != want["kind"] or claim_value.get("unit") != want["unit"]:
        return False
    lo, hi = claim_value.get("low"), claim_value.get("high")
    if want["kind"] == "date":
        return lo == want["low"] and hi == want["high"]
    return (isinstance(lo, int | float) and isinstance(hi, int | float)
            and abs(lo - want["low"]) <= 1e-6 * max(1.0, abs(want["low"]))
            and abs(hi - want["high"]) <= 1e-6 * max(1.0, abs(want["high"])))


def check(out: Path, expected: dict[str, Any], stories: int) -> dict[str, Counter[str]]:
    """Run ``factcheck claims`` on the first stories; count planted values read right, per template and language."""
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    facts_by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in expected["facts"]:
        facts_by_story[f["story"]].append(f)
    for story in expected["stories"][:stories]:
        paths = [str(out / a["path"]) for a in story["articles"]]
        res = subprocess.run([str(FACTCHECK), "claims", *paths, "--format", "json"], capture_output=True,
                             text=True, check=False)
        data = json.loads(res.stdout)
        by_path = {s["id"]: s["path"] for s in data["sources"]}
        claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in data["claims"]:
            rel = Path(by_path[c["source"]]).relative_to(out).as_posix()
            claims[rel].append(c)
        lang_of = {a["path"]: a["lang"] for a in story["articles"]}
        for f in facts_by_story[story["id"]]:
            for path, want in f["values"].items():
                key = f"{f['template']}/{lang_of[path]}"
                tally[key]["total"] += 1
                names = {f["subject"].lower(), f["subject_ru"].lower(), f["subject"].split()[-1].lower()}
                got = [c for c in claims[path] if same_value(c["value"], want)]
                if not got:
                    tally[key]["no value"] += 1
                    print(f"  no value   {path} {f['template']}: {want['text']!r}", file=sys.stderr)
                    continue
                ok = [c for c in got if c["attribute"] == f["attribute"] and (c["subject"] or "").lower() in names
                      and (f["event"] is None or c["event"] == f["event"])]
                if ok:
                    tally[key]["ok"] += 1
                else:
                    tally[key]["wrong subject/attribute"] += 1
                    c = got[0]
                    print(f"  wrong      {path} {f['template']}: {want['text']!r} -> subject {c['subject']!r} "
                          f"attribute {c['attribute']!r} event {c['event']!r} | {c['quote'][:110]}", file=sys.stderr)
    return tally


def main(argv: list[str] | None = None) -> int:
    """Generate a corpus (and optionally check that its planted facts are extracted)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder to write (must be empty or missing)")
    ap.add_argument("--articles", "-n", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", type=int, nargs="?", const=20, default=0, metavar="STORIES",
                    help="run `factcheck claims` on the first STORIES stories (default 20)")
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles must be at least 1")
    expected = generate(args.out, args.articles, args.seed)
    kinds = Counter(f["expected"] for f in expected["facts"])
    print(f"{args.articles} articles, {len(expected['stories'])} stories, {len(expected['facts'])} planted facts "
          f"({kinds['agree']} agree, {kinds['conflict']} conflict) -> {args.out}, {expected_path(args.out)}")
    if args.check:
        tally = check(args.out, expected, args.check)
        print("| template/lang | values | read right | no value | wrong subject/attribute/event |")
        print("|---|---:|---:|---:|---:|")
        for key in sorted(tally):
            t = tally[key]
            print(f"| {key} | {t['total']} | {t['ok']} | {t['no value']} | {t['wrong subject/attribute']} |")
        total = sum(t["total"] for t in tally.values())
        ok = sum(t["ok"] for t in tally.values())
        print(f"| all | {total} | {ok} ({ok / max(total, 1):.1%}) | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
