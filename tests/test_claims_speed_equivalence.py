"""The shortcuts that make claim extraction fast give exactly what the plain scans give.

Each shortcut skips work only where the skipped work cannot find anything: date rules tried only
on the words they can start on and only before a token that can follow there (more in
test_claims_numdates_fast.py), phone numbers only where one can start, quantities only where a number, or a qualifier or phrase leading to
one, can begin, lexicon phrases only where their first word occurs. These tests compare each
shortcut with the plain scan it replaces on the fixtures, on random text built from the same
vocabulary, where near misses are frequent, and on generated sentences.
"""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.claims import dates, extract, lexicon, numbers, tokens
from factcheck.data import load_toml

ROOT = Path(__file__).resolve().parent.parent


def _fixture_texts() -> list[str]:
    files = sorted(p for d in ("seeds", "quake", "ratecut") for p in (ROOT / "fixtures" / d).glob("*") if p.is_file())
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def _vocabulary() -> list[str]:
    """Words and phrases of the calendar and numeral lexicons, in several spellings."""
    words: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, str):
            words.add(x)
        elif isinstance(x, dict):
            for k, v in x.items():
                words.add(str(k))
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for name in ("calendar", "numerals"):
        walk(load_toml(name))
    base = sorted(w for w in words if 0 < len(w) < 40)
    return base + [w.upper() for w in base[::3]] + [w.title() for w in base[1::3]]


FILLER = (
    "the in a of by on at from said that и в на с по о не году года Monday понедельник May мая "
    "26 2025 10 1,5 3.5 2:1 11:24 +7 (495) 123-45-67 555-123-4567 10/26/2025 26.10.2025 2025-10-26 "
    "-5 $5 5% km км - – — , . ; ( ) « » \" ' ё Ё \u0301 ſ ı İ \u1c80 www.example.com a@b.ru"
).split()


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocab = _vocabulary() + FILLER
    seps = [" ", " ", " ", "  ", "\n", ", ", ". ", "-", "", "\u00a0"]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(5, 80)):
            parts.append(rng.choice(vocab) if rng.random() < 0.7 else str(rng.randint(0, 3000)))
            parts.append(rng.choice(seps))
        out.append("".join(parts))
    return out


def _date_texts(n: int, seed: int) -> list[str]:
    """Dense runs of the words date rules start on, month and weekday names and numbers."""
    words = sorted({h for lang in ("en", "ru") for *_, heads in dates._rules(lang) for h in heads or ()} - {"0"})
    words += ["October", "Oct.", "октября", "Friday", "пятницу", "2025", "26", "26th", "3", "of", "the",
              "days", "дня", "ago", "назад", "later", "спустя", "year", "году", "week", "недели", "ſ"]
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(rng.randint(20, 120))) for _ in range(n)]


def _test_strings() -> list[str]:
    """The strings of the date, number and claim tests: every expression they cover, and the
    same strings run together, so that one ends where the next begins."""
    out = []
    for name in ("test_dates.py", "test_numbers.py", "test_claims_eval.py"):
        tree = ast.parse((ROOT / "tests" / name).read_text(encoding="utf-8"))
        out += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return out + [" ".join(out[i : i + 7]) for i in range(0, len(out), 3)]


TEXTS = _fixture_texts() + _test_strings() + _random_texts(400, 1) + _date_texts(300, 2)


def _spans(found: list[list[re.Match[str]]]) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in ms] for ms in found]


def _date_paths_agree(text: str, lang: str) -> None:
    norm, back = dates._normalise(text)
    full = _spans(dates._rule_matches(norm, lang, dispatch=False))
    assert _spans(dates._rule_matches(norm, lang)) == full, text
    if back is None:  # the tokens path: head words read off tokens, rules tried before their followers
        assert _spans(dates._rule_matches(norm, lang, tokens=tokens.tokenize(text))) == full, text


# Texts with or without the words a rule needs around its head word, in the forms its pattern accepts.
GATE_TEXTS = [
    "The 19th of October", "19 October", "on 19 Oct. 2025", "May 5", "may 5", "MAY 5", "Mayor 5", "in May 2024",
    "Friday", "friday", "last FRIDAY", "Black Friday", "three days ago", "three days Ago", "3 days later",
    "the end of the month", "the End of October", "mid-October", "early 2024", "the beginning of the year",
    "19-го октября", "19-гооктября", "19октября", "19 окт.", "с 5 по 10 октября", "в октябре", "в начале месяца",
    "в пятницу", "в ночь на пятницу", "ночь с четверга на пятницу", "три дня назад", "три дня тому назад",
    "спустя три дня", "два дня спустя", "полгода назад", "накануне", "в прошлом году", "во второй декаде мая",
    "earlier in the month", "earlier this month", "later in October", "a few days later", "a couple of weeks ago",
]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_date_rules_tried_on_their_head_words_find_what_full_scans_find(lang: str) -> None:
    for text in TEXTS + GATE_TEXTS:
        _date_paths_agree(text, lang)


def test_every_date_rule_starts_on_a_word_it_names() -> None:
    for lang in ("en", "ru"):
        for rule, rx, _handler, heads in dates._rules(lang):
            assert heads, rule
            assert rx.pattern.startswith(("(?<!\\w)", "(?<![\\w", dates.NUM_START)), rule


def test_phone_numbers_found_only_where_one_can_start() -> None:
    for text in TEXTS:
        assert numbers._phones(text) == [m.span() for m in numbers._PHONE_RE.finditer(text)], text


def _plain_run(sc: numbers._Scanner) -> list[numbers.Quantity]:
    """The scanner loop before ``openers``: ``core`` on every unmasked token that may start."""
    out: list[numbers.Quantity] = []
    i = 0
    lx = sc.lx
    while i < sc.n:
        k = sc.kind[i]
        skip = (
            sc.masked[i]
            or (k == numbers._P and sc.s[i] not in numbers._MINUS and sc.lo[i] not in lx.starters)
            or (k == numbers._W and sc.lo[i] not in lx.starters and not (sc.lang == "ru" and sc.cyr(i)))
        )
        res = None if skip else sc.core(i)
        if res is None:
            i += 1
        elif isinstance(res, tuple):
            out.append(res[0])
            i = max(res[1], i + 1)
        else:
            i = max(res, i + 1)
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_quantities_scanned_from_openers_match_the_plain_scan(lang: str) -> None:
    for text in TEXTS:
        assert numbers._Scanner(text, lang).run() == _plain_run(numbers._Scanner(text, lang)), text


def test_followers_are_only_phrase_openers() -> None:
    lx = numbers._lexicon("en")
    assert "billion" in lx.followers["a"] and "few" in lx.followers["a"]
    assert "two" not in lx.followers and "about" not in lx.followers
    sc = numbers._Scanner("a plane, a few planes and a million dollars", "en")
    assert [sc.s[i] for i in sc.openers()] == ["a", "a", "million"]  # not the "a" of "a plane"


def _plain_find(index: lexicon.PhraseIndex, tokens: list[lexicon.Token]) -> list[tuple[str, int, int]]:
    hits = []
    i = 0
    while i < len(tokens):
        got = index.match(tokens, i)
        if got:
            hits.append((got[0], i, got[1]))
            i += got[1]
        else:
            i += 1
    return hits


def _lexicon_paths_agree(text: str) -> None:
    words = extract.words(text)
    marked = extract._find_all(words)  # starts read off the marks of each word
    for index, hits in zip(extract._indexes(), marked, strict=True):
        fast = [(h.ident, h.first, h.count) for h in extract._find(index, words)]
        assert fast == _plain_find(index, words), text
        assert [(h.ident, h.first, h.count) for h in hits] == fast, text


def test_lexicon_entries_found_from_their_first_words() -> None:
    for text in TEXTS:
        _lexicon_paths_agree(text)


def test_phrases_ruled_out_by_their_first_word_do_not_occur() -> None:
    before, verbs = lexicon.attribution_patterns()
    phrases = [p for _, p in lexicon.hedge_patterns()] + list(before) + list(verbs)
    for text in TEXTS:
        low = text.lower().replace("ё", "е")
        words = lexicon.words_in(low)
        for p in phrases:
            if not p.may_occur(words):
                assert p.search(low) is None, (p.phrase, text)
            assert re.search(r"(?<!\w)" + re.escape(p.phrase) + r"(?!\w)", low) is None or p.may_occur(words)
        for f in (lexicon.hedge_filter(), *lexicon.attribution_filters()):
            assert f.candidates(words) == [p for p in f.phrases if p.may_occur(words)]


# ------------------------------------------------------------------------------ generated sentences

_PIECES = [
    "two", "eight", "forty-nine", "восьми", "сорока девяти", "полутора", "8,5", "8.5", "2,700", "2 700",
    "$45 million", "45 млн долларов", "5 km", "10 км", "3%", "a few", "a million", "a plane", "an estimated",
    "about", "около", "more than", "более", "up to", "до", "from 5 to 10", "от 5 до 10", "5-10", "Il-76",
    "on 19 October", "19 октября", "October 19, 2025", "last week", "на прошлой неделе", "three days ago",
    "спустя три дня", "in 2023", "в 2023 году", "11:24", "Friday", "в пятницу", "the day before", "накануне",
    "killed", "arrived", "погибли", "прибыл", "aircraft", "самолет", "treaty", "said", "сообщил", "the", "в",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", ", ", ". ", "-", ""])), min_size=1,
             max_size=30).map(lambda parts: "".join(p + s for p, s in parts)),
    st.sampled_from(["en", "ru"]),
)
def test_fast_paths_on_generated_sentences(text: str, lang: str) -> None:
    _date_paths_agree(text, lang)
    assert numbers._Scanner(text, lang).run() == _plain_run(numbers._Scanner(text, lang)), text
    shared = tokens.tokenize(text)
    assert numbers.find_quantities(text, lang, shared) == numbers.find_quantities(text, lang)
    _lexicon_paths_agree(text)
