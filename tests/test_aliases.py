"""Tests for the bundled alias file (factcheck/data/aliases.toml) and user alias files."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from factcheck.data import load_toml
from factcheck.names import cluster, find_mentions, load_aliases
from factcheck.names.recognize import KINDS, alias_norm, bundled_aliases, parse_aliases
from factcheck.names.translit import has_cyrillic

RAW = load_toml("aliases")


def test_format_is_valid() -> None:
    assert set(RAW) == {"entity"}
    for name, body in RAW["entity"].items():
        assert isinstance(name, str) and name.strip() == name and name
        assert set(body) <= {"kind", "aliases", "designators"}, name
        assert isinstance(body["kind"], str), name
        assert isinstance(body["aliases"], list) and all(isinstance(a, str) and a.strip() == a and a
                                                         for a in body["aliases"]), name
        assert all(isinstance(d, str) for d in body.get("designators", [])), name


def test_every_kind_is_allowed() -> None:
    assert {body["kind"] for body in RAW["entity"].values()} <= KINDS


def test_no_alias_listed_twice() -> None:
    seen: dict[str, str] = {}
    for name, body in RAW["entity"].items():
        for a in (name, *body["aliases"]):
            assert a.casefold() not in seen, f"{a!r} in {name!r} and {seen[a.casefold()]!r}"
            seen[a.casefold()] = name


def test_no_alias_points_at_two_entities() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for e in bundled_aliases():
        for a in (e.name, *e.aliases):
            owners[alias_norm(a)].add(e.name)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert not clashes


def test_coverage_of_countries_with_capitals_and_demonyms() -> None:
    countries = [e for e in bundled_aliases() if e.kind == "place"
                 and any(has_cyrillic(a) and a[:1].islower() and a.endswith("ий") for a in e.aliases)]
    assert len(countries) >= 60
    places = {e.name for e in bundled_aliases() if e.kind == "place"}
    for capital in ("Moscow", "Washington", "Caracas", "Beijing", "Kyiv", "Tehran", "Havana", "London"):
        assert capital in places


@pytest.mark.parametrize(
    "name",
    ["United Nations", "NATO", "European Union", "International Monetary Fund", "CIA", "FBI", "OPEC",
     "World Health Organization", "Bank of Russia", "Federal Reserve", "European Central Bank", "State Duma",
     "US Congress", "Kremlin", "The Washington Post", "The Wall Street Journal", "The New York Times", "Reuters",
     "Associated Press", "AFP", "Bloomberg", "BBC", "CNN", "TASS", "RIA Novosti", "Interfax", "Kommersant",
     "The Moscow Times", "Financial Times", "Miami Herald", "Defense News", "Ilyushin", "Sukhoi", "Tupolev",
     "Mikoyan", "Boeing", "Airbus"],
)
def test_required_entries(name: str) -> None:
    assert name in RAW["entity"]


@pytest.mark.parametrize(
    ("surface", "lang", "canonical"),
    [("ООН", "ru", "United Nations"), ("НАТО", "ru", "NATO"), ("ЕС", "ru", "European Union"),
     ("МВФ", "ru", "International Monetary Fund"), ("ЦРУ", "ru", "CIA"), ("ВОЗ", "ru", "World Health Organization"),
     ("ЦБ РФ", "ru", "Bank of Russia"), ("ФРС", "ru", "Federal Reserve"), ("Fed", "en", "Federal Reserve"),
     ("ЕЦБ", "ru", "European Central Bank"), ("Госдумы", "ru", "State Duma"), ("Кремля", "ru", "Kremlin"),
     ("Рейтер", "ru", "Reuters"), ("Би-би-си", "ru", "BBC"), ("РИА Новости", "ru", "RIA Novosti"),
     ("Интерфакс", "ru", "Interfax"), ("Коммерсантъ", "ru", "Kommersant"), ("NYT", "en", "The New York Times"),
     ("американского", "ru", "United States"), ("Venezuelan", "en", "Venezuela"),
     ("венесуэльский", "ru", "Venezuela"), ("Ильюшин", "ru", "Ilyushin"), ("Южный Судан", "ru", "South Sudan"),
     ("Газпром нефть", "ru", "Gazprom Neft"), ("Gazprom Neft", "en", "Gazprom Neft"), ("Сбербанка", "ru", "Sberbank"),
     ("Хезболлы", "ru", "Hezbollah"), ("Хезболлу", "ru", "Hezbollah")],
)
def test_aliases_resolve(surface: str, lang: str, canonical: str) -> None:
    ms = find_mentions(surface, lang, "s")
    assert [m.text for m in ms] == [surface]
    (e,) = cluster(ms)
    assert e.name == canonical


def test_caps_only_aliases_need_capitals() -> None:
    assert [m.text for m in find_mentions("Who told us about it? We asked WHO and the US.", "en", "s")] == ["WHO", "US"]


def test_load_user_alias_file(tmp_path: Path) -> None:
    p = tmp_path / "mine.toml"
    p.write_text('[entity."Zicotrans"]\nkind = "org"\naliases = ["Авиакон Цитотранс", "Aviacon Zitotrans"]\n',
                 encoding="utf-8")
    extra = load_aliases(p)
    assert extra == {"Zicotrans": ["Авиакон Цитотранс", "Aviacon Zitotrans"]}
    ms = find_mentions("Zicotrans flies.", "en", "a") + find_mentions("Летает «Авиакон Цитотранс».", "ru", "b")
    assert len(cluster(ms)) == 2
    (e,) = cluster(ms, extra)
    assert e.name == "Zicotrans" and e.kind == "org"


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError):
        parse_aliases({"entity": {"X": {"kind": "planet", "aliases": []}}})
