"""Adapter around pymorphy3: Russian lemmas and readings, built lazily on first use."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Reading:
    """One morphological reading of a Russian word."""

    lemma: str
    pos: str | None
    tags: frozenset[str]
    case: str | None
    number: str | None
    score: float


@cache
def _analyzer() -> Any:
    import pymorphy3  # heavy: import only when a Russian word is analysed

    # Name the dictionary directly: without a path, pymorphy3 scans every installed package's
    # entry points to find it (importlib.metadata, ~30 ms of a ~0.5 s cold start). Same
    # dictionary, same analyser; PYMORPHY2_DICT_PATH still wins when it is set.
    if pymorphy3.MorphAnalyzer.DICT_PATH_ENV_VARIABLE not in os.environ:
        try:
            import pymorphy3_dicts_ru
        except ImportError:
            pass
        else:
            return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")
    return pymorphy3.MorphAnalyzer()


@cache
def readings(word: str) -> tuple[Reading, ...]:
    """All readings of ``word`` (lowercase lemmas), best first."""
    out = []
    try:
        parses = _analyzer().parse(word)
    except ValueError:  # pymorphy3 calls unicodedata.name(), which has no name for some letters (Tangut)
        return ()
    for p in parses:
        pos, grams, case, number = _tag_facts(p.tag)
        out.append(Reading(p.normal_form.replace("ё", "е"), pos, grams, case, number, p.score))
    return tuple(out)


_TAG_FACTS: dict[str, tuple[str | None, frozenset[str], str | None, str | None]] = {}


def _tag_facts(tag: Any) -> tuple[str | None, frozenset[str], str | None, str | None]:
    """(part of speech, grammemes, case, number) of a pymorphy3 tag, worked out once per tag:
    the same few hundred tags recur in every word's readings."""
    key = str(tag)
    got = _TAG_FACTS.get(key)
    if got is None:
        got = _TAG_FACTS[key] = (tag.POS, frozenset(key.replace(" ", ",").split(",")), tag.case, tag.number)
    return got


@cache
def is_known(word: str) -> bool:
    """Whether the dictionary has the word (False: every reading of it is a guess)."""
    return bool(_analyzer().word_is_known(word.lower()))


@cache
def lemma(word: str) -> str:
    """Lowercase dictionary form of a Russian word (ё folded to е): the lemma of ``readings(word)[0]``."""
    # Most words only ever need their lemma: skip building every reading and parsing its tags.
    try:
        got = _top_normal_form(word)
    except ValueError:  # see readings()
        return word.lower()
    return got.replace("ё", "е") if got is not None else word.lower()


@cache
def _lemma_units() -> tuple[Any, ...] | None:
    """What ``_top_normal_form`` reads of the analyser: its units, whether its P(tag|word) table
    may know a word (by the prefix "word:"), the dictionary, its letter substitutes, the unit
    class it unrolls and that unit's splits. None when the analyser is not built as the pymorphy3
    2.x this reading was tested with: ``lemma`` then takes the first of all the parses."""
    import pymorphy3

    a = _analyzer()
    try:
        from pymorphy3.units.by_analogy import UnknownPrefixAnalyzer
        from pymorphy3.utils import word_splits

        if not pymorphy3.__version__.startswith("2.") or \
                not all(isinstance(pair, tuple) and len(pair) == 2 for pair in a._units) or \
                not callable(getattr(a.dictionary.words, "similar_items", None)):
            return None
    except (ImportError, AttributeError, TypeError):
        return None
    if a.prob_estimator is None:
        known: Callable[[str], bool] = lambda prefix: False  # noqa: E731 - nothing is ever sorted
    else:
        # Whether the table has a key "word:tag" for the word: with no such method (pure-Python
        # DAWGs), take every word as known to it and sort as ``parse`` does.
        known = getattr(a.prob_estimator.p_t_given_w, "has_keys_with_prefix", lambda prefix: True)
    return a._units, known, a.dictionary, a.char_substitutes, UnknownPrefixAnalyzer, word_splits


def _top_normal_form(word: str) -> str | None:
    """``_analyzer().parse(word)[0].normal_form`` (None if there is no parse), without the parses
    that cannot come first. Tested against pymorphy3 itself (tests/test_claims_lemma_fast.py)."""
    # ``parse`` runs its units in order until a terminal one has found something, then, if the
    # P(tag|word) table knows the word, sorts the parses by it. Most words of an archive are
    # names the table does not know: their order stays, so the first parse of the first unit to
    # find any is the answer, and neither the units after it nor the sort need to run. Of those,
    # the unknown-prefix guesser ("Тимамов": т + имамов) answers for half the names: its first
    # parse is the first productive dictionary reading of the longest remainder (nothing was seen
    # before it, since no unit before it found anything), so the suffix guesser after it in its
    # group is skipped too. It cannot raise: every unit that can (the shape units) runs as in
    # ``parse``. Relies on pymorphy3's units (``_units``), pinned with it in the environment.
    got = _lemma_units()
    if got is None:
        parses = _analyzer().parse(word)
        return parses[0].normal_form if parses else None
    units, known, dictionary, substitutes, unknown_prefix, word_splits = got
    low = word.lower()
    ordered = not known(low + ":")
    res: list[Any] = []
    seen: set[Any] = set()
    for unit, terminal in units:
        if ordered and type(unit) is unknown_prefix:
            for prefix, rest in word_splits(low):
                for fixed, found in dictionary.words.similar_items(rest, substitutes):
                    for para_id, idx in found:
                        if dictionary.build_tag_info(para_id, idx).is_productive():
                            return prefix + dictionary.build_normal_form(para_id, idx, fixed)
            continue
        res.extend(unit.parse(word, low, seen))
        if res and terminal:
            break
    if not ordered:
        res = _analyzer().prob_estimator.apply_to_parses(word, low, res)
    return res[0][2] if res else None


def _fold(word: str) -> str:
    return word.replace("\u0301", "").replace("ё", "е").replace("Ё", "Е")


@cache
def _overrides() -> dict[str, str]:
    from factcheck.data import load_toml

    out: dict[str, str] = {}
    for lem, forms in load_toml("name_overrides").get("lemmas", {}).items():
        for form in [lem, *forms]:
            out[_fold(form).lower()] = _fold(lem).lower()
    return out


def _name_rank(r: Reading, word: str) -> int:
    # The top reading of "Мадуро" is an adjective ("мадурый"), its name reading is third.
    # Name readings beat places, which beat organisations; an indeclinable reading that
    # keeps the word as written beats oblique-case place guesses ("Стори" is not "сторь").
    if r.tags & {"Name", "Surn", "Patr"}:
        return 1 if "femn" in r.tags else 0
    if "Fixd" in r.tags and r.lemma == word:
        return 2
    if "Geox" in r.tags:
        return 3
    if r.tags & {"Orgn", "Trad"}:
        return 4
    if "Fixd" in r.tags:
        return 5
    if r.pos == "NOUN":
        return 6
    return 7


@cache
def is_overridden(word: str) -> bool:
    """Whether data/name_overrides.toml gives the word's lemma (its ``name_reading`` is tagged Override)."""
    return _fold(word).lower() in _overrides()


@cache
def name_reading(word: str) -> Reading | None:
    """The reading of a capitalised word that a name would have (None if unknown)."""
    folded = _fold(word).lower()
    # data/name_overrides.toml fixes names the dictionary gets wrong (Рябков is not "рябок").
    if folded in _overrides():
        return Reading(_overrides()[folded], "NOUN", frozenset({"NOUN", "Fixd", "Override"}), None, None, 1.0)
    rs = readings(folded)
    if not rs:
        return None
    best = min(enumerate(rs), key=lambda ir: (_name_rank(ir[1], folded), ir[0]))[1]
    if _name_rank(best, folded) == 7 and best.pos in ("VERB", "INFN"):
        # Only verb guesses ("Киньонес" -> "киньонести"): a foreign name as written.
        return Reading(folded, "NOUN", frozenset({"NOUN", "Fixd", "Guess"}), None, None, 0.0)
    return best


@cache
def name_lemma(word: str) -> str:
    """Dictionary form of a capitalised word, preferring name, place and indeclinable readings."""
    r = name_reading(word)
    return r.lemma if r is not None else _fold(word).lower()


def is_loaded() -> bool:
    """Whether the analyser has been built in this process (for tests of laziness)."""
    return _analyzer.cache_info().currsize > 0
