"""The faster English path changes no mention.

An ASCII text's Title Case lines and words come from ``str.translate`` and ``str.split`` instead
of a regex per line; its tokens come from ``_en_token_pattern`` compiled with ``re.ASCII``; and
``ordinary`` looks the forms of a word up in the set of all words of the text instead of the set
of its lowercase words. Each is compared here with the version it replaces, on the fixtures and
on generated texts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.names import recognize
from factcheck.names.recognize import _Recognizer, _Tok

# These compare with the code they replaced by patching the modules: pure Python only (conftest.py).
pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".md"))

# ----------------------------------------------------------------------------- the old versions


@pytest.fixture(autouse=True)
def _fast_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text here takes the fast token patterns (a process's first texts take the plain ones)."""
    monkeypatch.setattr(recognize, "WARM_UP_TEXTS", 0)


def _old_title_lines_and_words(text: str) -> tuple[list[tuple[int, int]], set[str]]:
    """As first written: a ``_WORD`` regex over every line."""
    small = recognize._lex("en.stopwords")
    out = []
    words: set[str] = set()
    pos = 0
    for line in text.split("\n"):
        found = recognize._WORD.findall(line)
        words.update(found)
        if len(found) >= 3:
            long = [w for w in found if len(w) > 3 and w.lower() not in small]
            if len(long) >= 3 and len([w for w in long if w[0].isupper()]) >= 0.7 * len(long):
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out, words


class _Old(_Recognizer):
    """The recogniser with the Unicode token pattern and ``ordinary`` on the lowercase words."""

    def __init__(self, text: str, lang: str, source: str) -> None:
        super().__init__(text, lang, source)
        if lang == "en":
            titles, words = _old_title_lines_and_words(text)
            self._words = None
            self._lower_forms = {w for w in words if w[:1].islower()}
            self.toks = recognize._tokens(text, lang, _unicode_pattern(), titles)
            self.mid_caps = {t.low for t in self.toks if t.cap and not t.ambiguous and t.type == "w"}

    def ordinary(self, t: _Tok) -> bool:
        if t.cyr or t.upper or t.type != "w":
            return super().ordinary(t)
        low = t.low
        if low in recognize._lex("en.stopwords"):
            return True
        if low in self.mid_caps:
            return False
        if not self.lower_forms.isdisjoint(recognize._en_forms(low)):
            return True
        return len(low) > 5 and low.endswith(("ing", "ly", "ed"))


def _unicode_pattern() -> re.Pattern[str]:
    return recognize._en_token_pattern(recognize.bundled_index().latin_later_words())


def _ascii_pattern() -> re.Pattern[str]:
    return recognize._en_token_pattern(recognize.bundled_index().latin_later_words(), True)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[str | None, tuple[int, int]]]:
    return [(m.lastgroup, m.span(m.lastgroup) if m.lastgroup else m.span()) for m in pattern.finditer(text)]


def _check(text: str) -> None:
    assert _Recognizer(text, "en", "s").run() == _Old(text, "en", "s").run()
    assert recognize._title_lines_and_words(text) == _old_title_lines_and_words(text)
    if text.isascii():
        assert _matches(_ascii_pattern(), text) == _matches(_unicode_pattern(), text)


# ----------------------------------------------------------------------------- fixtures


def _asciified(text: str) -> str:
    return text.encode("ascii", "replace").decode("ascii").replace("?", " ")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixtures_give_the_old_mentions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _check(text)
    _check(_asciified(text))  # most fixtures are not ASCII: read them once more as if they were


def test_ascii_table_blanks_exactly_the_non_letters() -> None:
    for i in range(128):
        ch = chr(i)
        blank = ch.translate(recognize._ASCII_NON_LETTERS) == " "
        assert blank == (recognize._WORD.fullmatch(ch) is None and ch != "\n"), repr(ch)


# ----------------------------------------------------------------------------- generated texts

_ASCII_PIECES = ["Officials", "Said", "Monday", "the", "of", "and", "Rates", "Rise", "Across", "Europe", "growing",
                 "rates", "rate", "rated", "Rated", "Running", "running", "Bank", "England", "Trinidad", "Tobago",
                 "minister", "Minister", "Foreign", "Affairs", "Kim", "Jong-un", "al-Assad", "US-backed", "Il-76",
                 "Su-30", "MK2", "Boeing", "737-800", "A.B.", "NATO", "US", "x", "I", "'", "O'Neill", "http://a.b/C ",
                 "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\t", " ", "  ", "-", ".", ",", ":", "_", "1", "\""]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_ASCII_PIECES), max_size=60).map(" ".join))
def test_ascii_texts_give_the_old_mentions(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*_ASCII_PIECES, "é", "Édouard", "’", "\u00a0", "\u2028", "\x85", "ǅ", "²", "中",
                                 "Жжё"]), max_size=40).map("".join))
def test_other_texts_give_the_old_mentions(text: str) -> None:
    _check(text)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=300))
def test_any_ascii_text_has_the_old_title_lines_words_and_tokens(text: str) -> None:
    assert recognize._title_lines_and_words(text) == _old_title_lines_and_words(text)
    assert _matches(_ascii_pattern(), text) == _matches(_unicode_pattern(), text)


@given(st.text(max_size=300))
def test_any_text_has_the_old_title_lines_and_words(text: str) -> None:
    assert recognize._title_lines_and_words(text) == _old_title_lines_and_words(text)


def test_the_comparison_can_fail() -> None:
    # "Rates" opens a sentence and "rates" is in the text: an ordinary word, no name. A
    # recogniser that saw no lowercase words would call it a name, and the comparison sees it.
    text = "Officials met on Monday. Rates rose, and rates fell."
    assert _Recognizer(text, "en", "s").run() == _Old(text, "en", "s").run()

    class Careless(_Recognizer):
        def __init__(self, text: str, lang: str, source: str) -> None:
            super().__init__(text, lang, source)
            self._words = set()

    assert Careless(text, "en", "s").run() != _Old(text, "en", "s").run()


def test_a_capital_with_no_lowercase_stays_a_name() -> None:
    # ϒ is a capital whose lowercase is itself: "ϒpsilon" is no lowercase word of the text, so a
    # sentence that opens with it opens with a name, although the set of all words has it.
    text = "Officials met. ϒpsilon rose. ϒpsilon fell on Monday."
    got = _Recognizer(text, "en", "s").run()
    assert got == _Old(text, "en", "s").run()
    assert any(m.text == "ϒpsilon" for m in got)
