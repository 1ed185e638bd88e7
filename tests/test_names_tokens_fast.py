"""The fast token list changes no mention.

English text is tokenised by ``_en_token_pattern``, which passes over the lowercase words no rule
reads; the main loop skips lowercase words that start nothing by a per-word flag (``idle``);
the Title Case lines and the words of an English text come from one pass; a Russian text looks
a lowercase word up in its text instead of building the set of its words; a quoted name's first
token is found by bisection; the endings of an English word are cached. Each is compared here
with the plain version it replaces: every word a token, the skip test, the word sets, the
quote lookup and the endings as first written.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.model import Mention
from factcheck.names import recognize
from factcheck.names.recognize import _Recognizer, _Tok

# These compare with the code they replaced by patching the modules: pure Python only (conftest.py).
pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".md"))

# ----------------------------------------------------------------------------- the plain versions

# The token pattern as first written: one branch (letter or stress mark) per letter.
_PLAIN_TOKEN = re.compile(
    rf"(?P<d>{recognize._DESIG})"
    r"|(?P<a>(?<!\w)[A-Z]\.(?:[A-Z]\.?)+)"
    rf"|(?P<w>[^\W\d_]{recognize._WCH}*(?:[{recognize._HY}]{recognize._WCH}+"
    rf"|['’](?=[{recognize._UP}]){recognize._WCH}+)*)"
)
_PLAIN_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


@pytest.fixture(autouse=True)
def _fast_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text here takes the fast token patterns (a process's first texts take the plain ones)."""
    monkeypatch.setattr(recognize, "WARM_UP_TEXTS", 0)


def _plain_title_case_lines(text: str, lang: str) -> list[tuple[int, int]]:
    if lang != "en":
        return []
    small = recognize._lex("en.stopwords")
    out = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in _PLAIN_LONG_WORD.findall(line) if w.lower() not in small]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _plain_tokens(text: str, lang: str) -> list[_Tok]:
    """Every word a token; ``idle`` set so that the main loop skips what it first skipped: the
    lowercase Latin words that are not title words."""
    en_title_words = recognize._lex_union("en.title_heads", "en.title_mods")
    masked = [(m.start(), m.end()) for m in recognize._URL.finditer(text)]
    titles = _plain_title_case_lines(text, lang)
    out: list[_Tok] = []
    mi = ti = 0
    for m in _PLAIN_TOKEN.finditer(text):
        s, e = m.span()
        if masked:
            while mi < len(masked) and masked[mi][1] <= s:
                mi += 1
            if mi < len(masked) and masked[mi][0] <= s:
                continue
        word = m.group()
        typ = m.lastgroup or "w"
        cyr, first_cap, article, upper, cleaned, low = recognize._word_facts(word)[:6]
        if cyr and lang != "ru" and typ != "d":
            continue
        if lang == "en" and typ == "w" and not word.isalpha():
            cut = recognize._HYPHEN_LOWER.search(word)
            korean = cut is not None and recognize._KOREAN_SYLLABLE.fullmatch(word[cut.end():]) is not None and \
                bool(out) and out[-1].cap and out[-1].type == "w" and text[out[-1].stop:s] == " "
            if cut and first_cap and not korean:
                word = word[:cut.start()]
                e = s + len(word)
                cyr, first_cap, article, upper, cleaned, low = recognize._word_facts(word)[:6]
        cap = first_cap or (typ == "w" and article)
        ambiguous = False
        if cap:
            while ti < len(titles) and titles[ti][1] < s:
                ti += 1
            ambiguous = (ti < len(titles) and titles[ti][0] <= s) or recognize._ambiguous_at(text, s)
        idle = not cyr and low not in en_title_words
        out.append(_Tok(s, e, word, typ, cap, upper, cyr, ambiguous, cleaned, low, idle))
    return out


def _plain_en_forms(low: str) -> set[str]:
    stems = {low}
    for suf, rep in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", "")):
        if low.endswith(suf) and len(low) > len(suf) + 2:
            stems.add(low[: -len(suf)] + rep)
    return stems | {s + suf for s in stems for suf in ("s", "es", "ed", "d", "ing", "ly")}


class _Plain(_Recognizer):
    """The recogniser on the plain token list, word set, quote lookup and English endings."""

    def __init__(self, text: str, lang: str, source: str) -> None:
        super().__init__(text, lang, source)
        self.toks = _plain_tokens(text, lang)
        self.mid_caps = {t.low for t in self.toks if t.cap and not t.ambiguous and t.type == "w"}
        self._plain_lower_forms = {w for w in recognize._WORD.findall(text) if w[:1].islower()}

    @property
    def lower_forms(self) -> set[str]:
        return self._plain_lower_forms

    def has_lower_word(self, word: str) -> bool:
        return word in self.lower_forms

    def token_at(self, pos: int) -> int | None:
        return {t.start: n for n, t in enumerate(self.toks)}.get(pos)

    def ordinary(self, t: _Tok) -> bool:
        if t.cyr or t.upper or t.type != "w":
            return super().ordinary(t)
        low = t.low
        if low in recognize._lex("en.stopwords"):
            return True
        if low in self.mid_caps:
            return False
        if _plain_en_forms(low) & self.lower_forms:
            return True
        return len(low) > 5 and low.endswith(("ing", "ly", "ed"))


def _both(text: str, lang: str) -> tuple[list[Mention], list[Mention]]:
    return _Recognizer(text, lang, "s").run(), _Plain(text, lang, "s").run()


def _plain_word(t: _Tok) -> bool:
    """What _en_token_pattern may pass over: a plain lowercase word that is no title word, or (see
    ``_en_opener``) a stopword whose capital says nothing."""
    if t.cap:
        return t.ambiguous and t.text.isalpha() and t.low in recognize._lex("en.stopwords")
    return re.fullmatch("[a-z]+", t.text) is not None and t.low not in recognize._lex_union(
        "en.title_heads", "en.title_mods")


def _check_tokens(text: str) -> None:
    """The English token list is the plain one without some plain words, token for token."""
    fast = [(t.start, t.stop, t.text, t.type, t.cap, t.ambiguous) for t in _Recognizer(text, "en", "s").toks]
    plain = _plain_tokens(text, "en")
    assert set(fast) <= {(t.start, t.stop, t.text, t.type, t.cap, t.ambiguous) for t in plain}
    kept = {f[0] for f in fast}
    assert all(_plain_word(t) for t in plain if t.start not in kept)


# ----------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixtures_give_the_plain_mentions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for lang in ("en", "ru"):
        fast, plain = _both(text, lang)
        assert fast == plain, lang
    _check_tokens(text)


def test_most_english_words_are_passed_over() -> None:
    text = (ROOT / "fixtures/quake/a_en_wire.txt").read_text(encoding="utf-8")
    assert len(_Recognizer(text, "en", "s").toks) < 0.5 * len(_plain_tokens(text, "en"))


def test_the_comparison_can_fail() -> None:
    # Without the words of aliases, "and" of "Trinidad and Tobago" is passed over and the alias
    # is lost: the comparison above would see it.
    text = "The minister flew to Trinidad and Tobago on Monday."
    fast, plain = _both(text, "en")
    assert fast == plain
    assert any(m.text == "Trinidad and Tobago" for m in fast)

    class Careless(_Recognizer):
        def __init__(self, text: str, lang: str, source: str) -> None:
            super().__init__(text, lang, source)
            titles, _ = recognize._title_lines_and_words(text)
            self.toks = recognize._tokens(text, lang, recognize._en_token_pattern(frozenset()), titles)

    assert Careless(text, "en", "s").run() != plain


_EXAMPLES = [
    "The Bank\u00a0of\u00a0England said. Rates at the Bank\tof England rose; the bank of England fell.",
    "He flew to Trinidad  and   Tobago, then to Trinidad    and Tobago, Trinidad   and Tobago.",
    "The Bank   of   England, the Bank\u00a0 of England and the Bank    of England.",
    "Officials at The Washington Post said the International Monetary Fund agreed.",
    "Ludwig van Beethoven met Ursula von der Leyen and Luiz Inacio Lula da Silva in the City of London.",
    "The Minister of the Interior and the foreign minister met the Secretary of State.",
    "Talks with Kim Jong-un, said Jong-un, and Moon Jae-in; the Russian-made and US-backed jets.",
    "Sukhoi Su-30MK2 and a Boeing 737-800 flew; the Il-76 and Su-30 MK2 too.",
    "Rates Rise Across Europe As Prices Climb\nrates rose. Running late, officials said. Rated highly.",
    "See http://example.com/Bank_of_England and www.Test.org for the President of France.",
    "Компания «5 Звёзд Авиакон» и «-Цитотранс Групп» заявили, что «Газпром нефть» растёт.",
    "Министр иностранных дел России Сергей Лавров встретился с Урсулой фон дер Ляйен в штате Арагуа.",
    "Российские военные и российский Су-30МК2, Ил-76; Южный Судан и Нижний Новгород. По словам Шольца.",
]


@pytest.mark.parametrize("text", _EXAMPLES)
def test_examples_give_the_plain_mentions(text: str) -> None:
    for lang in ("en", "ru"):
        fast, plain = _both(text, lang)
        assert fast == plain, lang
    _check_tokens(text)


def test_alias_salad_gives_the_plain_mentions() -> None:
    # Whole aliases, their words written in any case and joined by any gap (joinable or not),
    # so that many windows begin an alias, go on with lowercase words or stop at a gap.
    rng = random.Random(11)
    aliases = sorted({a for e in recognize.bundled_aliases() for a in (e.name, *e.aliases)})
    words = sorted({w for a in aliases for w in a.split()} | {"the", "of", "said", "minister", "de", "van"})
    gaps = [" ", " ", " ", "\u00a0", "\t", "  ", "   ", "    ", ", ", ". ", "\n", "-", " «", "» "]
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(1, 25)):
            w = rng.choice(aliases) if rng.random() < 0.4 else rng.choice(words)
            w = rng.choice([w, w, w.lower(), w.upper(), w.capitalize()])
            parts += [w.replace(" ", rng.choice(gaps)), rng.choice(gaps)]
        text = "".join(parts)
        for lang in ("en", "ru"):
            fast, plain = _both(text, lang)
            assert fast == plain, (text, lang)
        _check_tokens(text)


# ----------------------------------------------------------------------------- generated texts

_EN_WORDS = [
    "Bank", "bank", "England", "of", "Of", "the", "The", "for", "and", "in", "a", "on", "said", "says", "rates",
    "Rates", "rated", "Running", "running", "Washington", "Post", "New", "York", "Times", "Trinidad", "Tobago",
    "International", "Monetary", "Fund", "Organization", "Security", "Co-operation", "Europe", "minister",
    "Minister", "Foreign", "foreign", "prime", "Prime", "deputy", "president", "President", "Secretary", "State",
    "chief", "executive", "Moscow", "City", "Court", "Region", "Gazprom", "Neft", "van", "de", "la", "der", "al",
    "al-Assad", "bin", "Ludwig", "Beethoven", "Kim", "Jong-un", "Moon", "Jae-in", "Russian-made", "US-backed",
    "U.S.", "US", "WHO", "Su-30", "Su-30MK2", "Sukhoi", "Boeing", "Il-76", "Igla-S", "café", "Café", "École",
    "don't", "O'Brien", "it’s", "x", "i", "iPhone", "well-known", "co\u0301de", "Reuters", "Officials", "Monday",
    "d’Estaing", "l'Aquila", "al-Qaeda", "bin-Salman", "el-Sisi",
]
_RU_WORDS = [
    "Путин", "Путина", "Владимир", "Владимира", "министр", "Министр", "иностранных", "дел", "России", "Россия",
    "российский", "российские", "в", "В", "штате", "Арагуа", "Москве", "фон", "дер", "Ляйен", "да", "Силва",
    "аль-Асад", "Ил-76", "Су-30МК2", "С-300", "заявил", "Газпром", "Газпрома", "компания", "компании", "Южный",
    "Судан", "Шольц", "Шольца", "шольца", "сообщил", "ТАСС", "Сбербанк", "президент", "Президент", "глава",
    "МИД", "ёлка", "Ёж", "уда\u0301р", "Хезболлы", "и", "на", "по", "По", "Как", "как", "Моди", "моди",
    "Авиакон", "Цитотранс", "Верансе", "первый", "вице-премьер", "Евросоюза", "европейские",
]
_SEPS = [" ", " ", " ", " ", "  ", "   ", "    ", "\t", "\u00a0", ", ", ". ", ".\n", "\n", "\n\n", " - ", "-", "'",
         " «", "» ", "«", "»", "\"", " “", "” ", " (", ") ", ": ", " http://example.com/Bank_of ", " www.Test.org ",
         " 5 ", "7", "—"]

_TEXTS = st.lists(st.tuples(st.sampled_from(_EN_WORDS + _RU_WORDS), st.sampled_from(_SEPS)), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts))
_EN_TEXTS = st.lists(st.tuples(st.sampled_from(_EN_WORDS), st.sampled_from(_SEPS)), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_mixed_texts_give_the_plain_mentions(text: str) -> None:
    for lang in ("en", "ru"):
        fast, plain = _both(text, lang)
        assert fast == plain, lang
    _check_tokens(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EN_TEXTS)
def test_english_texts_give_the_plain_mentions(text: str) -> None:
    fast, plain = _both(text, "en")
    assert fast == plain
    _check_tokens(text)


_PIECES = [*"aZbЖжЁё\u0301-\u2010'’ _1.²é中\t\n", "\u00a0", "  ", "the", "of", "and", "said", "minister",
           "Bank", "al-", "Il-76", "Су-30МК2", "Buk-M2", "A.B.", "http://a.b/C "]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_odd_texts_give_the_plain_tokens(text: str) -> None:
    _check_tokens(text)
    fast, plain = _both(text, "en")
    assert fast == plain


# ----------------------------------------------------------------------------- the pieces


@given(st.text(max_size=300))
def test_title_lines_and_words_as_first_written(text: str) -> None:
    titles, words = recognize._title_lines_and_words(text)
    assert titles == _plain_title_case_lines(text, "en")
    assert words == set(recognize._WORD.findall(text))


@given(st.lists(st.sampled_from(["Officials", "Said", "Monday", "the", "of", "Rates", "Rise", "Across", "Europe",
                                 "growing", "Prices", "é", "\n", " ", "  ", "-", "."]), max_size=60).map("".join))
def test_title_lines_of_headline_like_texts_as_first_written(text: str) -> None:
    assert recognize._title_lines_and_words(text)[0] == _plain_title_case_lines(text, "en")


@given(st.text(alphabet="abdeilnsgyr", max_size=12))
def test_english_endings_as_first_written(low: str) -> None:
    assert recognize._en_forms(low) == _plain_en_forms(low)


_SOME_WORDS = ["шольца", "Шольца", "моди", "ёлка", "елка", "уда", "р", "аль-асад", "аль", "a", "ab", "b", "ba", "é",
               "i\u0307", "x1", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_SOME_WORDS, " ", "-", "\u0301", "1", "ё", "\n"]), max_size=30).map("".join))
def test_lower_words_found_in_the_text_as_in_the_set(text: str) -> None:
    rec = _Recognizer(text, "ru", "s")
    lower = {w for w in recognize._WORD.findall(text) if w[:1].islower()}
    pieces = {text[i:j] for i in range(len(text)) for j in range(i + 1, min(len(text), i + 8) + 1)}
    for word in {*_SOME_WORDS, *recognize._WORD.findall(text), *pieces}:
        assert rec.has_lower_word(word) == (word in lower), word


def test_idle_words_start_nothing() -> None:
    # The main loop skips idle lowercase words: alias_at and title_at have nothing for them.
    for path in FIXTURES:
        text = path.read_text(encoding="utf-8")
        for lang in ("en", "ru"):
            rec = _Recognizer(text, lang, "s")
            for i, t in enumerate(rec.toks):
                if t.idle and not t.cap and t.type == "w":
                    assert rec.alias_at(i) is None and rec.title_at(i) is None, (path.name, t.text)


_RUNS = ["a ", "a", " ", "the of ", "Bank of ", "minister ", "x-", "well-known ", "a1", "a\u0301", "a'A", "of\t\t\t\tof ",
         "Abc ", "Trinidad and ", "said the\u00a0"]


@pytest.mark.parametrize("run", _RUNS)
def test_passing_over_stays_linear(run: str) -> None:
    # Every match starts where the last one ended, so no text makes the engine start over
    # inside a run of words: 200 KB of any run take a few hundredths of a second.
    pattern = recognize._en_token_pattern(recognize.bundled_index().latin_later_words())
    text = run * (200_000 // len(run))
    start = time.process_time()
    for _ in pattern.finditer(text):
        pass
    assert time.process_time() - start < 2.0
    _check_tokens(run * (5_000 // len(run)))
