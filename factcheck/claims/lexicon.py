"""Bilingual lexicons (concepts, events, attribute cues, hedges) indexed for token matching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from factcheck.data import load_toml

MAX_PHRASE = 4


@dataclass(frozen=True)
class Token:
    """A word of an article with its offsets and its matching key (lowercase, or a Russian lemma)."""

    start: int
    stop: int
    text: str
    key: str
    cyrillic: bool


def en_forms(phrase: str, verbs: bool = True) -> set[str]:
    """Regular inflections of an English phrase's last word: plurals, and for verbs -s/-ed/-ing."""
    words = phrase.lower().split()
    last = words[-1]
    if not verbs:
        forms = {last, last + "s"}
        if last.endswith(("s", "x", "ch", "sh")):
            forms.add(last + "es")
        if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
            forms.add(last[:-1] + "ies")
        return {" ".join(words[:-1] + [f]) for f in forms}
    forms = {last, last + "s", last + "es", last + "ed", last + "d", last + "ing"}
    if last.endswith("e"):
        forms.add(last[:-1] + "ing")
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms |= {last[:-1] + "ies", last[:-1] + "ied"}
    if len(last) >= 3 and last[-1] not in "aeiouywx" and last[-2] in "aeiou" and last[-3] not in "aeiou":
        forms |= {last + last[-1] + "ed", last + last[-1] + "ing"}
    if last.endswith(("s", "x", "ch", "sh")):
        forms.add(last + "es")
    return {" ".join(words[:-1] + [f]) for f in forms}


@cache
def _ru_key(phrase: str) -> str:
    from factcheck.morph import lemma

    return " ".join(lemma(w) for w in phrase.lower().replace("ё", "е").split())


@dataclass(frozen=True)
class PhraseIndex:
    """Maps tuples of token keys to an entry id, separately for English and Russian."""

    source: tuple[str, str]  # (section, data file name)
    en: dict[tuple[str, ...], str]

    def ru(self) -> dict[tuple[str, ...], str]:
        """The Russian side, lemmatised (builds the analyser on first Russian use)."""
        return _ru_index(*self.source)

    def match(self, tokens: list[Token], i: int) -> tuple[str, int] | None:
        """The longest entry starting at token ``i``: (entry id, number of tokens)."""
        table = self.ru() if tokens[i].cyrillic else self.en
        for n in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            key = tuple(t.key for t in tokens[i : i + n])
            if key in table:
                return table[key], n
        return None


@cache
def _ru_index(section: str, name: str) -> dict[tuple[str, ...], str]:
    data = load_toml(name)[section]
    out: dict[tuple[str, ...], str] = {}
    for ident in sorted(data):
        for phrase in data[ident].get("ru", []):
            out.setdefault(tuple(_ru_key(phrase).split()), ident)
    return out


def _build(section: str, name: str, verbs: bool) -> PhraseIndex:
    data = load_toml(name)[section]
    en: dict[tuple[str, ...], str] = {}
    for ident in sorted(data):
        for phrase in data[ident].get("en", []):
            forms = en_forms(phrase, verbs)
            for form in sorted(forms):
                en.setdefault(tuple(form.split()), ident)
    return PhraseIndex((section, name), en)


@cache
def concepts() -> PhraseIndex:
    """Subject nouns (treaty, aircraft, people...)."""
    return _build("concept", "concepts", verbs=False)


@cache
def concept_names() -> dict[str, str]:
    """Display name of each concept."""
    return {k: v["name"] for k, v in load_toml("concepts")["concept"].items()}


@cache
def events() -> PhraseIndex:
    """Event verbs and nouns (arrive, ratify, kill...)."""
    return _build("event", "events", verbs=True)


@cache
def event_attributes() -> dict[str, str]:
    """Attribute a count takes when carried by an event (kill -> dead)."""
    return {k: v["attribute"] for k, v in load_toml("events")["event"].items() if "attribute" in v}


@cache
def attribute_cues() -> PhraseIndex:
    """Cue words selecting an attribute (range, depth, payload...)."""
    return _build("attribute", "attributes", verbs=False)


@cache
def attribute_dimensions() -> dict[str, str]:
    """Dimension of each attribute."""
    return {k: v["dimension"] for k, v in load_toml("attributes")["attribute"].items()}


@cache
def default_attribute() -> dict[str, str]:
    """The attribute a dimension gets when no cue selects another."""
    out: dict[str, str] = {}
    for ident, entry in load_toml("attributes")["attribute"].items():
        if "en" not in entry and "ru" not in entry:
            out.setdefault(entry["dimension"], ident)
    return out


@cache
def hedges() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Hedge phrases: (English, Russian)."""
    h = load_toml("hedges")["hedges"]
    return tuple(h["en"]), tuple(h["ru"])


@cache
def attribution() -> dict[str, tuple[str, ...]]:
    """Attribution cue phrases by position and language."""
    return {k: tuple(v) for k, v in load_toml("hedges")["attribution"].items()}


@cache
def to_target_ru() -> frozenset[str]:
    """Russian lemmas after which «до N» is the new value, not an upper bound."""
    return frozenset(load_toml("grammar")["to_target"]["ru"])


@cache
def from_previous() -> frozenset[str]:
    """Words after which a value is the old one ("from 17%", «с 17%»)."""
    g = load_toml("grammar")["from_previous"]
    return frozenset(g["en"] + g["ru"])


def _word_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


@cache
def hedge_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Hedge phrases, longest first, with their compiled whole-word patterns."""
    en, ru = hedges()
    return tuple((p, _word_pattern(p)) for p in sorted(en + ru, key=lambda p: (-len(p), p)))


@cache
def attribution_patterns() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """Compiled attribution cues: (phrases before a source, verbs after a source)."""
    cues = attribution()
    before = tuple(_word_pattern(p) for p in cues["en_before"] + cues["ru_before"])
    verbs = tuple(_word_pattern(p) for p in cues["en_verbs"] + cues["ru_verbs"])
    return before, verbs


@cache
def reporting_verbs() -> frozenset[str]:
    """Verbs a source uses to report ("said", «сообщил»)."""
    cues = attribution()
    return frozenset(cues["en_verbs"] + cues["ru_verbs"])
