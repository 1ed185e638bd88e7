"""The shortcuts that make name recognition fast change no result.

The alias search rules windows out by the beginnings of alias normal forms (``AliasIndex.starts``)
instead of looking every window up; the token pattern is written so that the regex engine does
not branch on every letter, gives no letters back and tries designators only where one can
start. Each is compared here with the plain version it replaces.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.model import Mention
from factcheck.names import recognize
from factcheck.names.recognize import _MAX_ALIAS_TOKENS, _Recognizer, _Tok, norm_options

# These compare with the code they replaced by patching the modules: pure Python only (conftest.py).
pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*.txt"))

# The token pattern as first written: one branch (letter or stress mark) per letter.
_PLAIN_TOKEN = re.compile(
    rf"(?P<d>{recognize._DESIG})"
    r"|(?P<a>(?<!\w)[A-Z]\.(?:[A-Z]\.?)+)"
    rf"|(?P<w>[^\W\d_]{recognize._WCH}*(?:[{recognize._HY}]{recognize._WCH}+"
    rf"|['’](?=[{recognize._UP}]){recognize._WCH}+)*)"
)


class _Exhaustive(_Recognizer):
    """Looks every window of up to 8 joined tokens up, longest first, as the index lets it skip."""

    def _alias_at(self, i: int, t: _Tok) -> tuple[int, str, str] | None:
        end = i
        while end - i + 1 < _MAX_ALIAS_TOKENS and self.join(end) and self.toks[end + 1].type != "d":
            end += 1
        for j in range(end, i - 1, -1):
            window = self.toks[i:j + 1]
            norm = self.norm(window)
            surface = self.text[window[0].start:window[-1].stop]
            name = self.idx.lookup(norm, surface, strip_the=False)
            if name is None and self.lang == "ru" and any(w.cyr and len(self.tok_options(w)) > 1 for w in window):
                for alt in norm_options(norm, surface)[1:]:
                    if (name := self.idx.lookup(alt, surface, strip_the=False)) is not None:
                        norm = alt
                        break
            if name is not None and (j == i or window[-1].cap or window[-1].cyr):
                return j, name, norm
        return None


def _both(text: str, lang: str) -> tuple[list[Mention], list[Mention]]:
    return _Recognizer(text, lang, "s").run(), _Exhaustive(text, lang, "s").run()


def _aliases() -> list[str]:
    return sorted({a for e in recognize.bundled_aliases() for a in (e.name, *e.aliases)})


def test_alias_index_skips_nothing_in_the_fixtures() -> None:
    for path in FIXTURES:
        text = path.read_text(encoding="utf-8")
        for lang in ("en", "ru"):
            fast, slow = _both(text, lang)
            assert fast == slow, (path.name, lang)


def test_alias_index_skips_nothing_in_word_salad() -> None:
    # Whole aliases and their words, in every case and with Russian endings, joined by spaces,
    # so that many windows begin an alias and some are one or run past one.
    rng = random.Random(5)
    aliases = _aliases()
    words = sorted({w for a in aliases for w in a.split()})
    endings = ["", "а", "у", "ом", "е", "ы", "ой", "ского", "ии"]
    seps = [" ", " ", " ", "\u00a0", "  ", ", ", ". ", "\n", " «", "» ", " the ", " of ", "\u0301 "]
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(1, 30)):
            w = rng.choice(aliases) if rng.random() < 0.3 else rng.choice(words)
            w = rng.choice([w, w, w.lower(), w.upper(), w.capitalize()])
            if re.search("[а-я]$", w) and rng.random() < 0.3:
                w = w[:-1] + rng.choice(endings)
            parts += [w, rng.choice(seps)]
        text = "".join(parts)
        for lang in ("en", "ru"):
            fast, slow = _both(text, lang)
            assert fast == slow, (text, lang)


def test_alias_index_skips_no_reading_of_an_inflected_alias() -> None:
    # Words the dictionary does not know have several readings (Египете: египет, египета); a
    # window must not be ruled out when only another reading of one of its words begins an alias.
    for alias in _aliases():
        if not re.search("[а-я]$", alias):
            continue
        stem = alias[:-1] if alias[-1] in "аяо" else alias
        for ending in ("", "а", "у", "ом", "ем", "е", "ы", "ой", "и", "ии"):
            text = f"Вчера {stem + ending if ending else alias} сообщил."
            fast, slow = _both(text, "ru")
            assert fast == slow, text


def test_alias_index_finds_long_and_inflected_aliases() -> None:
    ms = recognize.find_mentions("Он встретился с Владимиром Путиным и с представителями «Хезболлы».", "ru", "s")
    got = {(m.text, m.kind, m.norm) for m in ms}
    assert {("Владимиром Путиным", "person", "владимир путин"), ("Хезболлы", "org", "хезболла")} <= got
    ms = recognize.find_mentions("Officials at The Washington Post said the International Monetary Fund agreed.",
                                 "en", "s")
    got = {(m.text, m.kind) for m in ms}
    assert {("The Washington Post", "media"), ("International Monetary Fund", "org")} <= got


_PIECES = [*"aZbЖжЁё\u0301-\u2010'’ _1.²é中", "Il-76", "Су-30МК2", "Buk-M2", "\u00a0", "al-", "MK2", "A.B.",
           # around what a designator starts with (_DESIG_START): capitals, up to 5 letters, hyphen or digit
           "S", "Su", "Igla", "Abcdef", "ABCD", "Ил", "С", "30", "7", "TD", "-S", "-M2", " MK2"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_token_pattern_matches_as_first_written(text: str) -> None:
    got = [(m.span(), m.lastgroup) for m in recognize._TOKEN.finditer(text)]
    assert got == [(m.span(), m.lastgroup) for m in _PLAIN_TOKEN.finditer(text)]


_DESIGNATORS = ["Su-30", "Su-30MK2", "Su-30 MK2", "Il-76MD-90A", "Il-76s", "S-300VM", "Су-30МК2", "Ил-76", "С-300В",
                "Buk-M2", "Igla-S", "Abcde-M2", "Abcdef-M2", "Abcdefg-M2", "Abcd-1", "Abcde-1", "ABCD12", "ABCDE12",
                "AB1", "F-16", "T-72B3", "Abcdef‑S", "Su‐30"]


def test_token_pattern_matches_designators_as_first_written() -> None:
    for d in _DESIGNATORS:
        for text in (d, f"the {d} jet", f"{d}-", f"x{d}", f"{d}x"):
            got = [(m.span(), m.lastgroup) for m in recognize._TOKEN.finditer(text)]
            assert got == [(m.span(), m.lastgroup) for m in _PLAIN_TOKEN.finditer(text)], text
