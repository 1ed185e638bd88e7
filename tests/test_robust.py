"""The whole pipeline never crashes on arbitrary text, every offset it reports is inside it, and
every verdict follows from the values (issue 7's fuzzing guarantees).

The suite runs a modest number of examples; ``benchmarks/fuzz.py`` imports the strategies and the
oracle (``check_report``) from here and runs thousands.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import load
from factcheck.config import Config
from factcheck.model import Claim, Report, Verdict
from factcheck.pipeline import compare
from factcheck.render import FORMATS, render



WORDS = st.sampled_from(
    "two 24 several more than up to 1,000 km 8,5 16,5% October 26 26 октября the day before Днем ранее "
    "on Sunday last week Il-76 Ил-76 Su-30MK2 Putin Путину Caracas в Каракасе arrived прибыл ratified "
    "треaty 11:24 мск allegedly according to WP , . ; « » ( ) — \n \n\n ** <u> </u> date 2025-10-31".split(" ")
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(WORDS, max_size=80).map(" ".join),
)

# ------------------------------------------------------------------ richer strategies (issue 7)

MONTHS_EN = "January February March April May June July August September October November December".split()
MONTHS_RU = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
NUMBERS = st.one_of(
    st.integers(0, 10**7).map(str),
    st.integers(0, 10**7).map(lambda n: f"{n:,}"),
    st.integers(0, 10**7).map(lambda n: f"{n:,}".replace(",", " ")),
    st.integers(0, 10**7).map(lambda n: f"{n:,}".replace(",", "\u00a0")),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]}"),
    st.tuples(st.integers(0, 100), st.integers(0, 100)).map(lambda t: f"{t[0]}-{t[1]}"),
    st.tuples(st.integers(0, 100), st.integers(0, 100)).map(lambda t: f"{t[0]}–{t[1]}"),
    st.integers(0, 200).map(lambda n: f"{n}%"),
    st.text("0123456789", min_size=1, max_size=40),
    st.sampled_from("one two three dozen hundreds thousand million billion два три десять сотни тысяч млн".split()),
)
DATES = st.one_of(
    st.tuples(st.integers(0, 40), st.sampled_from(MONTHS_EN), st.integers(1900, 2100)).map(
        lambda t: f"{t[1]} {t[0]}, {t[2]}"),
    st.tuples(st.integers(0, 40), st.sampled_from(MONTHS_EN)).map(lambda t: f"{t[0]} {t[1]}"),
    st.tuples(st.integers(0, 40), st.sampled_from(MONTHS_RU), st.integers(1900, 2100)).map(
        lambda t: f"{t[0]} {t[1]} {t[2]} года"),
    st.tuples(st.integers(0, 40), st.integers(0, 14), st.integers(1900, 2100)).map(
        lambda t: f"{t[0]:02}.{t[1]:02}.{t[2]}"),
    st.tuples(st.integers(1900, 2100), st.integers(0, 14), st.integers(0, 40)).map(
        lambda t: f"{t[0]}-{t[1]:02}-{t[2]:02}"),
    st.sampled_from(["on Sunday", "last week", "the day before", "yesterday", "в воскресенье", "накануне",
                     "днем ранее", "в прошлом месяце", "mid-October", "early 2025", "в начале октября",
                     "11:24", "11:24 мск", "at 9 p.m.", "two days later", "через три дня"]),
)
NAMES = st.sampled_from(
    "Putin Путин Путина Maduro Мадуро Velásquez Веласкес Caracas Каракас Moscow Москва Il-76 Ил-76 Su-30MK2 "
    "Су-30МК2 TASS ТАСС Reuters Рейтер Russia Россия Venezuela Венесуэла Gazprom Газпром UN ООН".split()
)
NOUNS = st.sampled_from(
    "planes aircraft people soldiers tonnes km kilometres dollars roubles troops ships drones percent "
    "самолета самолетов человек военных тонн км долларов рублей кораблей беспилотников процентов".split()
)
VERBS = st.sampled_from(
    "arrived delivered killed injured said reported ratified signed fell rose cut прибыли доставили погибли "
    "ранены заявил сообщил ратифицировала подписали снизил выросла".split()
)
PUNCT = st.sampled_from(list(",.;:!?()[]{}«»“”„\"'—–-…/\\*_#<>&%$@") + ["**", "__", "<b>", "</b>", "<!--", "-->",
                                                                        "[bold red]", "[/]", "[link=x]"])
CONTROL = st.sampled_from(
    ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\u200e",
     "\u202e", "\ufeff", "\u0301", "\u00ad", "\ud800", "\r", "\r\n", "\n", "\t", "\u00a0", "\U0001f600"]
)
SCRIPTS = st.one_of(
    st.text(st.characters(min_codepoint=0x41, max_codepoint=0x24F), min_size=1, max_size=12),  # Latin
    st.text(st.characters(min_codepoint=0x400, max_codepoint=0x4FF), min_size=1, max_size=12),  # Cyrillic
    st.text(st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Mn")), min_size=1, max_size=8),
    st.text(st.sampled_from("абвгдеёжзabcdeАБВABC"), min_size=1, max_size=30),  # mixed runs
)
TOKEN = st.one_of(NUMBERS, DATES, NAMES, NOUNS, VERBS, PUNCT, CONTROL, SCRIPTS, WORDS)
SEPARATOR = st.sampled_from([" ", " ", " ", "", "\n", "\r\n", "\r", "\n\n", ". ", ", ", "\t"])
MESSY = st.lists(st.tuples(TOKEN, SEPARATOR), max_size=60).map(lambda ts: "".join(a + b for a, b in ts))


@st.composite
def news(draw: st.DrawFn) -> str:
    """A news-like article: sentences of a subject, a verb, a number of things and a date, in English
    or Russian, so that several articles share subjects and their values agree or conflict."""
    russian = draw(st.booleans())
    head = draw(st.sampled_from(["", "date 2025-10-31 ", "Title line\n\n", "МОСКВА, 31 октября. /ТАСС/. "]))
    sentences = []
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(["Ил-76", "Су-30МК2", "Путин"] if russian else ["Il-76", "Su-30MK2", "Putin"]))
        number = draw(st.sampled_from(["два", "три", "24", "более 10", "до 1000"] if russian
                                      else ["two", "three", "24", "more than 10", "up to 1,000"]))
        day = draw(st.integers(20, 31))
        if russian:
            sentences.append(f"{day} октября 2025 года в Каракас прибыли {number} самолета {name}.")
        else:
            sentences.append(f"{number.capitalize()} {name} planes arrived in Caracas on October {day}, 2025.")
        if draw(st.booleans()):
            sentences.append(draw(MESSY))
    return head + " ".join(sentences) + draw(st.sampled_from(["", "\n", "\r\n", "\n\nOriginal url:\n\nhttps://x.org/2025/10/30/a"]))


ARTICLE = st.one_of(TEXTS, MESSY, news())
ENCODED = st.one_of(
    ARTICLE.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(ARTICLE, st.sampled_from(["cp1251", "koi8-r", "latin-1", "utf-16", "utf-8-sig", "utf-16-be"])).map(
        lambda t: t[0].encode(t[1], "ignore")),
    st.binary(max_size=300),
)


# ------------------------------------------------------------------ the oracle


def _bound(v: float | str | None, low: bool) -> float:
    if v is None:
        return -math.inf if low else math.inf
    if isinstance(v, str):
        if ":" in v:
            h, m = v.split(" ")[0].split(":")[:2]
            return int(h) * 60 + int(m)
        return float(dt.date.fromisoformat(v).toordinal())
    return float(v)


def _interval(c: Claim) -> tuple[float, float]:
    return _bound(c.value.low, True), _bound(c.value.high, False)


def _comparable(a: Claim, b: Claim) -> bool:
    from factcheck.judge import EVENT_BOUND

    if a.value.kind != b.value.kind:
        return False
    return a.attribute not in EVENT_BOUND or a.event is None or b.event is None or a.event == b.event


def expected_verdict(claims: tuple[Claim, ...]) -> Verdict:
    """The verdict computed again from the values alone, with zero tolerance: for each pair of
    sources the best match of their claims (identical, overlapping, apart), then the worst pair."""
    sources = sorted({c.source for c in claims})
    if len(sources) < 2:
        return Verdict.SINGLE
    rank = {Verdict.AGREE: 0, Verdict.COMPATIBLE: 1, Verdict.CONFLICT: 2}
    worst: Verdict | None = None
    for i, sa in enumerate(sources):
        for sb in sources[i + 1:]:
            best: Verdict | None = None
            for a in (c for c in claims if c.source == sa):
                for b in (c for c in claims if c.source == sb):
                    if not _comparable(a, b):
                        continue
                    (alo, ahi), (blo, bhi) = _interval(a), _interval(b)
                    if (alo, ahi) == (blo, bhi):
                        got = Verdict.AGREE
                    elif alo <= bhi and blo <= ahi:
                        got = Verdict.COMPATIBLE
                    else:
                        got = Verdict.CONFLICT
                    if best is None or rank[got] < rank[best]:
                        best = got
            if best is not None and (worst is None or rank[best] > rank[worst]):
                worst = best
    return worst or Verdict.COMPATIBLE  # no comparable pair: different events, not compared


def check_report(report: Report) -> None:
    """Every property issue 7 asks of a report on any input (raises AssertionError)."""
    by = {a.id: a for a in report.sources}
    clean = {a.id: load.mask_markup(a.text, a.masked) for a in report.sources}
    for a in report.sources:
        assert not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in a.text), "control character in a text"
    seen_sentences: set[tuple[str, int]] = set()
    for c in report.claims:
        text = by[c.source].text
        assert 0 <= c.start <= c.stop <= len(text), (c.start, c.stop, len(text))
        # c.text is the value with markup blanked out, so it is the clean text at its offsets.
        assert clean[c.source][c.start : c.stop] == c.text
        s = c.sentence
        assert 0 <= s.start <= c.start and c.stop <= s.stop <= len(text)
        if (c.source, s.index) not in seen_sentences:
            seen_sentences.add((c.source, s.index))
            assert clean[c.source][s.start : s.stop] == s.text
    for e in report.entities:
        for m in e.mentions:
            assert m.source in by
            assert 0 <= m.start < m.stop <= len(by[m.source].text)
            assert clean[m.source][m.start : m.stop] == m.text
    for p in report.problems:
        if p.offset is not None:
            (a,) = [a for a in report.sources if a.path == p.path]
            assert 0 <= p.offset <= len(a.text)
    claim_ids = {id(c) for c in report.claims}
    grouped: set[int] = set()
    for g in report.groups:
        assert g.claims
        for c in g.claims:
            assert id(c) in claim_ids and id(c) not in grouped
            grouped.add(id(c))
            assert (c.subject, c.attribute) == (g.subject, g.attribute) and c.anchored
        assert g.verdict == expected_verdict(g.claims), (g.verdict, g.reason, [c.value for c in g.claims])
        if g.verdict is Verdict.AGREE:  # every two sources that speak of the same event share a value
            sources = sorted({c.source for c in g.claims})
            for i, sa in enumerate(sources):
                for sb in sources[i + 1:]:
                    pairs = [(a, b) for a in g.claims if a.source == sa for b in g.claims if b.source == sb
                             if _comparable(a, b)]
                    assert not pairs or any(_interval(a) == _interval(b) for a, b in pairs)
        if g.verdict is Verdict.CONFLICT:  # some pair of values does not overlap
            assert any(_comparable(a, b) and (_interval(a)[1] < _interval(b)[0] or _interval(b)[1] < _interval(a)[0])
                       for a in g.claims for b in g.claims if a.source != b.source)
    s = report.summary
    assert (s.sources, s.claims, s.groups) == (len(report.sources), len(report.claims), len(report.groups))


def run_texts(files: list[bytes], formats: tuple[str, ...] = ("json", "table")) -> Report:
    """Write ``files`` to a fresh folder, run the pipeline with debug on (an internal error raises),
    check the report and render it in ``formats``."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, data in enumerate(files):
            (root / f"{i}.txt").write_bytes(data)
        report = compare(root, Config(debug=True))
        check_report(report)
        for fmt in formats:
            render(report, fmt)
        return report


# ------------------------------------------------------------------ the properties


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
def test_pipeline_never_crashes(texts: list[str]) -> None:
    run_texts([t.encode("utf-8", "surrogatepass") for t in texts])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(ARTICLE, min_size=1, max_size=4))
def test_messy_text_offsets_and_verdicts(texts: list[str]) -> None:
    run_texts([t.encode("utf-8", "surrogatepass") for t in texts])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(ENCODED, min_size=1, max_size=3))
def test_any_bytes_in_any_encoding(files: list[bytes]) -> None:
    run_texts(files)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(news(), min_size=2, max_size=4))
def test_news_like_verdicts_and_every_format(texts: list[str]) -> None:
    report = run_texts([t.encode("utf-8", "surrogatepass") for t in texts], formats=tuple(FORMATS))
    assert report.sources


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=2000))
def test_decode_never_raises_and_keeps_no_controls(data: bytes) -> None:
    got = load.decode(data)
    if isinstance(got, str):
        return
    assert not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in got.text)
    assert not any("\ud800" <= ch <= "\udfff" for ch in got.text)
    load.mask_markup(got.text, load.read_metadata(got.text).masked)
