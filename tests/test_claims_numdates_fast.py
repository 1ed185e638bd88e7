"""The shortcuts of the quantity scanner and the date finder give what the plain code gave.

Dates: a rule is tried at a head word only when the token after it is one that can follow the
head in a match (``dates._follows``). The oracle is the plain scan (``finditer`` of every rule);
matches are drawn from each rule's own pattern (hypothesis ``from_regex``), so every branch of
every rule is exercised, and each match is checked against the follower map directly.

Quantities: openers found by a regex over the opener codes, phone numbers tried only at digit
tokens followed by a separator or "(" and at "+" and "(", URLs looked for only with a "www"
token, "a percentage point" only where "point" is. The plain copies below are the code before
these changes; the tests compare them on the fixtures, on the strings of the claim tests, on
random vocabulary and on generated sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import compress

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_claims_speed_equivalence import GATE_TEXTS, TEXTS

from factcheck.claims import dates, numbers, tokens
from factcheck.claims.tokens import D, P, describe

# ------------------------------------------------------------------------------ dates


def _full(norm: str, lang: str) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in ms] for ms in dates._rule_matches(norm, lang, dispatch=False)]


def _fast(text: str, norm: str, lang: str) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in ms] for ms in dates._rule_matches(norm, lang, tokens=tokens.tokenize(text))]


def _followers_allow(text: str, lang: str) -> None:
    """Every match of the plain scan starts on a head token followed by a token its rule allows."""
    norm, back = dates._normalise(text)
    if back is not None or dates._CASE_ODD.search(norm):
        return
    tk = tokens.tokenize(text)
    follows = dates._follows(lang)
    for i, spans in enumerate(_full(norm, lang)):
        for s, _e in spans:
            k = bisect_right(tk.starts, s) - 1
            assert tk.starts[k] == s, (text, s)
            head = "0" if tk.kinds[k] == D else tk.lowers[k]
            nxt = None if k + 1 >= len(tk) else "0" if tk.kinds[k + 1] == D else tk.lowers[k + 1]
            after = follows[i].get(head)
            assert after is None or nxt in after, (dates._rules(lang)[i][0], head, nxt, text)


def _date_paths_agree(text: str, lang: str) -> None:
    norm, back = dates._normalise(text)
    if back is None:
        assert _fast(text, norm, lang) == _full(norm, lang), text
    _followers_allow(text, lang)


def test_follower_maps_name_only_heads_of_their_rule() -> None:
    for lang in ("en", "ru"):
        assert len(dates._follows(lang)) == len(dates._rules(lang))
        for (rule, _rx, _h, heads), follow in zip(dates._rules(lang), dates._follows(lang), strict=True):
            assert heads is not None and set(follow) <= heads, (lang, rule, set(follow) - (heads or set()))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_followers_allow_every_match_of_the_plain_scan(lang: str) -> None:
    for text in TEXTS + GATE_TEXTS:
        _date_paths_agree(text, lang)


# Around a drawn match: nothing, or the words and characters that most often stand next to one.
_AROUND = st.sampled_from(["", " ", "\n", ". ", ", ", "(", " the ", " в ", " 5 ", " 2025 ", "-", "on ", "с "])


@st.composite
def _rule_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A text with one to three matches drawn from the patterns of the date rules of a language."""
    lang = draw(st.sampled_from(["en", "ru"]))
    rules = dates._rules(lang)
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        rx = rules[draw(st.integers(0, len(rules) - 1))][1]
        parts += [draw(_AROUND), draw(st.from_regex(rx, fullmatch=True)), draw(_AROUND)]
    return "".join(parts), lang


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_rule_texts())
def test_matches_drawn_from_each_rule_are_found_after_their_followers(case: tuple[str, str]) -> None:
    text, lang = case
    _date_paths_agree(text, lang)


# Each needs a follower of a different kind: a glued ordinal, a dash, a comma, a glued ending, a
# second phrase word, digits after a word, a year word glued to digits, a time's ":" or "p".
KNOWN = {
    "en": ["the 19th of October", "19-21 October 2025", "Friday, October 3", "between the 5th and 7th of May",
           "Oct. 19", "October of 2024", "in 2025", "the end of 2024", "mid-October", "late 2023",
           "earlier this month", "last Friday", "a couple of weeks ago", "3 days later", "11:24", "3 p.m.",
           "2025-10-26", "26/10/2025", "the day before yesterday", "yesterday", "from 2020 to 2023"],
    "ru": ["19 октября", "19-го октября", "19октября", "в пятницу, 3 октября", "с 5 по 10 октября",
           "в октябре 2024 года", "в 2020г.", "2020-го года", "2020 году", "1990-х", "в начале октября",
           "в ночь с четверга на пятницу", "ранее, в октябре", "три дня назад", "полгода назад",
           "неделю назад", "спустя три дня", "11:24", "26.10.2025", "накануне", "в прошлом году"],
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_known_expressions_are_tried_and_found(lang: str) -> None:
    for text in KNOWN[lang]:
        norm, _ = dates._normalise(text)
        assert any(_full(norm, lang)), text
        _date_paths_agree(text, lang)
        _date_paths_agree(f"Officials said on {text}, after that", lang)


def test_every_ending_and_year_word_after_a_russian_year() -> None:
    # The glued forms are too many to draw: «2020-го года», «2020гг.», «2020егоду», «2020 м году» ...
    words = dates._data()["ru"]["year_words"]
    for ending in ("", "-", "м", "го", "й", "х", "е", "-м", "-го", "-е"):
        for glue in ("", " "):
            for word in words:
                for text in (f"2020{ending}{glue}{word}", f"с 2020{ending}{glue}{word}", f"2020–2023{ending}{glue}{word}"):
                    _date_paths_agree(text, "ru")


def test_every_ending_and_month_after_a_russian_day() -> None:
    lex = dates._lex("ru")
    for ending in ("", "-", "го", "е", "ое", "м", "-го", "-е", "-ое", "-м"):
        for glue in ("", " "):
            for month in lex["month_of"]:
                for text in (f"19{ending}{glue}{month}", f"19{ending}{glue}{month}. 2025", f"5–19{ending}{glue}{month}",
                             f"с 5{ending} по 19{ending}{glue}{month}"):
                    _date_paths_agree(text, "ru")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aя Ё—€№\u0130\u0131\u017f\u1c80\u1c84\u1c88é"), max_size=20))
def test_case_odd_letters_found_without_a_regex_search(text: str) -> None:
    assert dates._case_odd(text) == (dates._CASE_ODD.search(text) is not None)


def test_no_case_odd_letter_is_ascii_or_in_the_cyrillic_code_page() -> None:
    odd = [chr(c) for c in range(0x10000) if dates._CASE_ODD.fullmatch(chr(c))]
    assert len(odd) == 12 and all(dates._case_odd(c) for c in odd)
    for text in TEXTS:
        assert dates._case_odd(text) == (dates._CASE_ODD.search(text) is not None)


def test_heads_before_the_wrong_token_are_not_tried() -> None:
    # A test that can fail: without followers "the", "in" and numbers would head several rules each.
    names = [r for r, *_ in dates._rules("en")]
    heads = dates._head_tokens(tokens.tokenize("in Moscow the plane in 2025 the 5th"), dates._dispatch("en"))
    tried = [(s, sorted({names[i] for i in todo})) for s, todo in heads]
    assert tried == [(20, ["year"]), (28, ["day_month"]), (32, ["day_month"])]


# ------------------------------------------------------------------------------ quantities: plain copies


def plain_opens(lang: str, s: str) -> int:
    """``_opens`` before: 2 (a number, or a phrase), 1 (a qualifier), 0."""
    kind, lo, _ = describe(s)
    lx = numbers._lexicon(lang)
    if kind == D or lo in lx.part_starters or (lo in numbers._MINUS if kind == P else lang == "ru" and numbers._ru_may_open(lo)):
        return 2
    return 1 if lo in lx.starters else 0


def plain_mask(sc: numbers._Scanner) -> bytearray:
    """``_Scanner._mask`` before: phone numbers by ``finditer`` over the whole text."""
    spans: list[tuple[int, int]] = []
    text = sc.text
    if "@" in text or "://" in text or "www." in text.lower():
        for m in numbers._CHUNK_RE.finditer(text):
            c = m.group()
            if "@" in c or "://" in c or c.lower().startswith("www."):
                spans.append(m.span())
    spans.extend(m.span() for m in numbers._PHONE_RE.finditer(text))
    masked = bytearray(sc.n)
    for a, b in spans:
        i = bisect_right(sc.en, a)
        while i < sc.n and sc.st[i] < b:
            masked[i] = 1
            i += 1
    return masked


def plain_openers(sc: numbers._Scanner) -> list[int]:
    """``_Scanner.openers`` before: a Python pass over every token that opens something."""
    lx, lo, n = sc.lx, sc.lo, sc.n
    masked = plain_mask(sc)
    opens = [plain_opens(sc.lang, s) for s in sc.s]
    ru = sc.lang == "ru"
    out = []
    for i in compress(range(n), opens):
        if masked[i]:
            continue
        if opens[i] == 2:
            after = lx.followers.get(lo[i])
            if after is None or (i + 1 < n and (lo[i + 1] in after or (ru and sc.cyrillic[i + 1]))):
                out.append(i)
            continue
        if not any(opens[j] == 2 and not masked[j] for j in range(i + 1, min(n, i + 1 + lx.lead))):
            continue
        m = sc.match(i, lx.qualifiers, lemmas=False)
        j = i if m is None else m[1]
        if j < n and lo[j] in lx.openers:
            j += 1
        elif m is None:
            continue
        if j < n and opens[j] == 2 and not masked[j]:
            out.append(i)
    return out


def plain_find_quantities(text: str, lang: str) -> list[numbers.Quantity]:
    """``find_quantities`` before: the plain mask and openers, "a percentage point" looked for everywhere."""
    sc = numbers._Scanner(text, lang)
    sc.masked = plain_mask(sc)
    out: list[numbers.Quantity] = []
    resume = 0
    for i in plain_openers(sc):
        if i < resume:
            continue
        res = sc.core(i)
        if res is None:
            continue
        if isinstance(res, tuple):
            out.append(res[0])
            resume = max(res[1], i + 1)
        else:
            resume = max(res, i + 1)
    found = [q for q in out if numbers._is_quantity(text, q)]
    if lang != "ru":
        for m in numbers._ONE_POINT.finditer(text):
            if any(q.start < m.end() and m.start() < q.stop for q in found):
                continue
            value = 1.0 if m.group(1).lower() == "percentage" else 0.01
            found.append(numbers.Quantity(m.start(), m.end(), m.group(), value, value, "pp", "pp", "exact", m.end()))
        found.sort(key=lambda q: q.start)
    return found


def _quantity_paths_agree(text: str, lang: str) -> None:
    tk = tokens.tokenize(text)
    sc = numbers._Scanner(text, lang, tk)
    assert sc.masked == plain_mask(sc), text
    fast, plain = sc.openers(), plain_openers(sc)
    # A minus sign is left out unless digits are glued to it: ``core`` finds nothing there.
    assert set(fast) <= set(plain) and fast == sorted(fast), text
    assert all(sc.s[i] in numbers._MINUS and sc.core(i) is None for i in set(plain) - set(fast)), text
    assert numbers._phones(text, tk) == [m.span() for m in numbers._PHONE_RE.finditer(text)], text
    assert numbers._ONE_POINT.search(text) is None or numbers._may_have_point(text), text
    assert numbers.find_quantities(text, lang, tk) == plain_find_quantities(text, lang), text


# ------------------------------------------------------------------------------ quantities: tests


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_quantities_match_the_plain_scan(lang: str) -> None:
    for text in TEXTS:
        _quantity_paths_agree(text, lang)


_PIECES = [
    # numbers in digits and words, qualifiers, phrases led by "a", ranges (English and Russian)
    "5", "2,700", "2 700", "1.000.000", "8,5", "-5", "−3", "two", "forty-nine", "a few", "a million", "a plane",
    "an estimated", "a handful of", "a dozen", "about", "around", "in the region of", "in excess of", "in",
    "not more than", "no fewer than", "in the region of between", "по крайней мере от", "more than", "up to", "at least", "at", "from", "between", "and", "to",
    "around about", "восьми", "сорока девяти", "полутора", "несколько", "около", "более", "не менее",
    "по крайней мере", "в районе", "в", "до", "от", "с", "между", "и", "a", "an", "Richter", "magnitude",
    "US", "$", "U", ".", "млн", "тысяч", "km", "км", "%", "percent", "процентов",
    # masked: phones, URLs and e-mail, codes
    "+7 (495) 123-45-67", "555-123-4567", "(800) 555-1234", "+44 20 7946 0958", "8(495)1234567", "8(495)123-45-67",
    "555.123.4567", "1 (800) 555-1234",
    "www.example.com", "WwW.Example.com/5", "awww.b5", "x.www.y", "www", "http://x.ru/5", "a@b.ru", "Il-76", "COVID-19", "#3", "№5",
    # "a percentage point", in odd cases and spellings
    "a percentage point", "one basis point", "A FULL Percentage Points", "a whole basis poınt", "a basis POİNT",
    "points", "point",
]
_SEPS = [" ", " ", " ", ", ", ". ", "-", "", "\n", "\u00a0"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPS)), min_size=1, max_size=30).map(
        lambda parts: "".join(p + s for p, s in parts)
    ),
    st.sampled_from(["en", "ru"]),
)
def test_quantities_on_generated_sentences(text: str, lang: str) -> None:
    _quantity_paths_agree(text, lang)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 +()-.pointPOINTİıſ\n"), max_size=60), st.sampled_from(["en", "ru"]))
def test_quantities_on_digits_and_punctuation(text: str, lang: str) -> None:
    _quantity_paths_agree(text, lang)


PHONES = ["+7 (495) 123-45-67", "8(495)123-45-67", "8 (495) 123-45-67", "8-495-123-45-67", "495 123-45-67",
          "495.123-45-67", "(495) 123-45-67", "555-123-4567", "555.123.4567", "555 123-4567", "1-800-555-1234",
          "1 (800) 555-1234", "1(800)555-1234", "(800) 555-1234", "+1 800 555 1234", "+44 20 7946 0958", "+380441234567"]


def test_every_shape_of_phone_number_is_masked() -> None:
    for phone in PHONES:
        for text in (phone, f"call {phone}.", f"тел.: {phone}, 5 раз", f"x{phone}"):
            assert numbers._PHONE_RE.search(text) or text.startswith("x"), text
            _quantity_paths_agree(text, "en")
            _quantity_paths_agree(text, "ru")


def test_the_longest_lead_before_a_number() -> None:
    # A qualifier of the most tokens and a range opener: the number is ``lead`` tokens on.
    for text, lang in (("in the region of between 5 and 10 km", "en"), ("on the order of from 5 to 10", "en"),
                       ("по крайней мере от 5 до 10 км", "ru"), ("не менее чем от 5 до 7", "ru")):
        sc = numbers._Scanner(text, lang)
        assert sc.openers()[0] == 0 and sc.openers() == plain_openers(sc), text
        assert numbers.find_quantities(text, lang)[0].start == 0, text


def test_only_texts_with_point_are_searched_for_percentage_points() -> None:
    assert not numbers._may_have_point("rates rose by a quarter")
    for text in ("a percentage point", "A Percentage POINT", "a basis poınt", "a basis POİNT"):
        assert numbers._may_have_point(text) and numbers._ONE_POINT.search(text), text
    # The gate knows every letter that IGNORECASE matches to a letter of "point" but lower() does not.
    letter = re.compile("[point]", re.IGNORECASE)
    odd = {c for c in map(chr, range(0x10000)) if letter.fullmatch(c) and c.lower() not in "point"}  # all in the BMP
    assert odd == {"\u0130", "\u0131"}


def test_phrase_openers_need_their_next_word() -> None:
    sc = numbers._Scanner("a plane, a few planes, a million and an estimated 5", "en")
    assert [sc.s[i] for i in sc.openers()] == ["a", "a", "million", "an", "estimated", "5"]
