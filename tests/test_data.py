"""Data files are tested like code: format, duplicates, conflicts."""

from __future__ import annotations

from collections import Counter

import pytest

from factcheck.claims import lexicon
from factcheck.data import load_toml

PHRASE_FILES = [("concepts", "concept"), ("events", "event"), ("attributes", "attribute")]


@pytest.mark.parametrize(("name", "section"), PHRASE_FILES)
def test_entries_have_known_keys(name: str, section: str) -> None:
    allowed = {"name", "en", "ru", "attribute", "dimension"}
    data = load_toml(name)[section]
    assert data
    for ident, entry in data.items():
        assert ident == ident.lower() and " " not in ident
        assert set(entry) <= allowed, (ident, set(entry) - allowed)
        for lang in ("en", "ru"):
            for phrase in entry.get(lang, []):
                assert phrase == phrase.strip() and phrase, (ident, phrase)
                assert "ё" not in phrase, (ident, phrase)
                if lang == "en":
                    assert phrase == phrase.lower() and phrase.isascii(), (ident, phrase)


@pytest.mark.parametrize(("name", "section"), PHRASE_FILES)
def test_no_phrase_in_two_entries(name: str, section: str) -> None:
    data = load_toml(name)[section]
    for lang in ("en", "ru"):
        counts = Counter(p for entry in data.values() for p in set(entry.get(lang, [])))
        dupes = [p for p, n in counts.items() if n > 1]
        assert not dupes, (name, lang, dupes)
        for ident, entry in data.items():
            phrases = entry.get(lang, [])
            assert len(phrases) == len(set(phrases)), (ident, lang)


def test_inflected_english_forms_do_not_collide_across_events() -> None:
    owners: dict[str, str] = {}
    for ident, entry in load_toml("events")["event"].items():
        for phrase in entry.get("en", []):
            for form in lexicon.en_forms(phrase):
                assert owners.setdefault(form, ident) == ident or form in _KNOWN_SHARED, (form, owners[form], ident)


_KNOWN_SHARED: set[str] = set()


@pytest.mark.parametrize(("name", "section"), PHRASE_FILES)
def test_russian_phrases_lemmatise_without_collisions(name: str, section: str) -> None:
    owners: dict[str, set[str]] = {}
    for ident, entry in load_toml(name)[section].items():
        for phrase in entry.get("ru", []):
            owners.setdefault(lexicon._ru_key(phrase), set()).add(ident)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert not clashes, clashes


def test_event_attributes_are_known() -> None:
    known = set(load_toml("attributes")["attribute"]) | {"dead", "injured", "evacuated", "rescued", "missing", "arrested"}
    for attr in lexicon.event_attributes().values():
        assert attr in known


def test_every_attribute_has_a_dimension_default() -> None:
    defaults = lexicon.default_attribute()
    for dim in set(lexicon.attribute_dimensions().values()):
        assert dim in defaults, dim


def test_hedges_lowercase_and_unique() -> None:
    en, ru = lexicon.hedges()
    for phrases in (en, ru):
        assert len(phrases) == len(set(phrases))
        assert all(p == p.lower() for p in phrases)


def _entries(name: str, section: str) -> list[tuple[str, str, str]]:
    data = load_toml(name)[section]
    return [(ident, lang, phrase) for ident in sorted(data) for lang in ("en", "ru") for phrase in data[ident].get(lang, [])]


@pytest.mark.parametrize(
    ("index", "name", "section", "verbs"),
    [
        (lexicon.events, "events", "event", True),
        (lexicon.concepts, "concepts", "concept", False),
        (lexicon.attribute_cues, "attributes", "attribute", False),
    ],
)
def test_every_entry_is_recognised_in_text(index: object, name: str, section: str, verbs: bool) -> None:
    from factcheck.claims.extract import tokenize

    from factcheck.morph import lemma

    idx = index()  # type: ignore[operator]
    for ident, lang, phrase in _entries(name, section):
        forms = sorted(lexicon.en_forms(phrase, verbs)) if lang == "en" else [phrase]
        for form in forms[:3]:
            tokens = tokenize(form if lang == "en" else form)
            if lang == "ru":
                # Russian entries are lemmas: the lemma of each word must lead back to the entry.
                tokens = [t.__class__(t.start, t.stop, t.text, lemma(t.text), True) for t in tokens]
            got = idx.match(tokens, 0) if tokens else None
            assert got is not None and got[0] == ident and got[1] == len(tokens), (name, ident, lang, form, got)
