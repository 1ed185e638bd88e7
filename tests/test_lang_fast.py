"""Stage 2: the adapter's detector gives exactly what langdetect gives: the same text, n-grams,
probabilities (to the last bit) and language, and lang.detect what the plain code gives."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

from factcheck import lang
from helpers import masked_texts

CANDIDATE_SETS = [
    lang._LATIN_CANDIDATES,
    lang._CYRILLIC_CANDIDATES,
    ("en", "ru", "ar", "zh-cn", "ja", "ko", "vi"),
    ("en", "de", "fr", "es", "it", "uk", "ru", "bg", "mk", "sv", "fi", "tr"),
]

TRICKY = [
    "",
    " ",
    "   leading and trailing spaces   ",
    "NATO and the EU. The IMF's view: GDP (up 3%) — “slower”, said Mr. O'Neil.",
    "ABC DEF GHI jkl MnO pQR",
    "Tiếng Việt có dấu: Hà Nội, Thành phố Hồ Chí Minh",
    "Vie\u0323\u0302t and a\u0300 with combining marks, e\u0301 e\u0303",
    "see https://example.org/path?q=1&x=2 or mail press@example.org today",
    "Москва и Minsk, Kyiv и Київ; США, NATO — ЕС. Путин сказал: «Нет».",
    "Это почти русский текст with a few English words in it and ы э",
    "中文新闻 和 日本語のニュース、한국어 뉴스 ㄅㄆㄇ",
    "ﺍﻟﻌﺮﺑﻴﺔ فارسی یک",
    "Şcoală, ţară, școală, țară: Romanian with both s-comma and s-cedilla.",
    "ǅemal ǈubljana ǋ titlecase letters, ĲSSEL ĳs",
    "a  b\t\tc\n\nd  \u00a0 e\u2003f",
    "x" * 3000,
]

# Other languages, short texts, and texts where the languages are close (the trials may disagree).
LANGUAGES = [
    "Die Regierung kündigte am Dienstag an, den Leitzins um einen halben Punkt zu senken.",
    "Le gouvernement a annoncé mardi qu'il allait baisser le taux directeur d'un demi-point.",
    "Уряд у вівторок заявив, що знизить облікову ставку на пів пункту, повідомили в міністерстві.",
    "Правителството обяви във вторник, че ще намали основния лихвен процент с половин пункт.",
    "El gobierno anunció el martes que recortará la tasa de interés en medio punto.",
    "Il governo ha annunciato martedì che ridurrà il tasso di interesse.",
    "O governo anunciou na terça-feira que vai reduzir a taxa de juros.",
    "De regering heeft dinsdag aangekondigd dat zij de rente zal verlagen.",
    "Rząd ogłosił we wtorek, że obniży stopę procentową o pół punktu.",
    "Regeringen meddelade på tisdagen att räntan sänks med en halv procentenhet.",
    "Hallitus ilmoitti tiistaina laskevansa korkoa puoli prosenttiyksikköä.",
    "Hükümet salı günü faiz oranını yarım puan düşüreceğini açıkladı.",
    "ok", "the", "Привет", "da", "no sí", "Hi!", "Mr. Ivanov", "НАТО", "e", "ab cd",
    "The minister said el gobierno anunció the plan, y el ministro said it would take tres años.",
    "Die Regierung en de regering kündigte aan dat the rates would fall.",
    "Москва заявила, що уряд готовий; Київ сказав, что нет.",
    "Nato und Kremlin: Путин und Scholz trafen sich in Berlin, сообщил ТАСС.",
    "ABC DEF GHI JKL MNO PQR STU VWX",
    "Ελλάδα and Athens, Αθήνα: the government said",
    "中文 English 日本語 Русский 한국어 mixed",
]


def _language_texts() -> list[str]:
    return TRICKY + LANGUAGES + [lang.sample_of(text) for text in masked_texts()] + _fuzz(150)


def _texts() -> list[str]:
    return [lang.sample_of(text) for text in masked_texts()]


def _fuzz(count: int) -> list[str]:
    rng = random.Random(7)
    alphabet = "abcXYZ  ,.'-ÀéßșțАБВгдыэĳǅ\u0301\u0300ñ١ی漢あアㄅ가\u1ea0 ’“”12@http://a.b/ x@y.z\t\n"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200))) for _ in range(count)]


@pytest.mark.parametrize("candidates", CANDIDATE_SETS)
def test_same_text_and_ngrams_as_langdetect(candidates: tuple[str, ...]) -> None:
    factory = lang._factory(candidates)
    fast_detector = lang._detector_class()
    for text in TRICKY + _texts() + _fuzz(500):
        want, got = Detector(factory), fast_detector(factory)
        want.append(text)
        got.append(text)
        assert got.text == want.text, text[:80]
        want.cleaning_text()
        got.cleaning_text()
        assert got.text == want.text, text[:80]
        assert got._extract_ngrams() == want._extract_ngrams(), text[:80]


def _outcome(get: Callable[[], Any]) -> Any:
    try:
        return get()
    except LangDetectException as exc:
        return ("error", exc.code)


@pytest.mark.parametrize("candidates", CANDIDATE_SETS)
def test_same_probabilities_as_langdetect(candidates: tuple[str, ...]) -> None:
    factory = lang._factory(candidates)
    fast_detector = lang._detector_class()
    for text in _language_texts():
        want, got = Detector(factory), fast_detector(factory)
        want.append(text)
        got.append(text)
        expected = _outcome(lambda: [(p.lang, p.prob) for p in want.get_probabilities()])
        assert _outcome(lambda: [(p.lang, p.prob) for p in got.get_probabilities()]) == expected, text[:80]
        # Every probability, not only those over 0.1, and to the last bit (== on floats).
        assert got.langprob == want.langprob, text[:80]


@pytest.mark.parametrize("candidates", CANDIDATE_SETS)
def test_language_from_fewer_trials_is_langdetects(
    candidates: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = lang._factory(candidates)
    fast_detector = lang._detector_class()
    decided = fast_detector._decided
    early = []

    def noting_early(self: Any, langprob: list[float], trials_left: int) -> bool:
        done = bool(decided(self, langprob, trials_left))
        early.append(done and trials_left > 0)
        return done

    monkeypatch.setattr(fast_detector, "_decided", noting_early)
    for text in _language_texts():
        want, got = Detector(factory), fast_detector(factory)
        want.append(text)
        got.append(text)
        assert _outcome(got.language) == _outcome(want.detect), text[:80]
    assert any(early) and not all(early)  # both ways are taken, so the comparison above tests them


def test_draws_are_random_choices() -> None:
    assert lang._same_draws_as_choice(), "this Python draws otherwise: the detector calls random.choice"
    for seed in range(5):
        for size in (1, 2, 7, 64, 65, 1000, 4321):
            items = list(range(size))
            want, got = random.Random(seed), random.Random(seed)
            draw = lang._drawer(got, items)
            assert draw(1) + draw(5) + draw(54) == [want.choice(items) for _ in range(60)]
            assert got.random() == want.random()  # the generator is left in the same state


def test_same_language_as_langdetect() -> None:
    for candidates in CANDIDATE_SETS[:2]:
        factory = lang._factory(candidates)
        for text in TRICKY + _texts():
            want = Detector(factory)
            want.append(text)
            try:
                expected = want.detect()
            except LangDetectException:  # no features: the adapter answers with the first candidate
                expected = candidates[0]
            assert lang._langdetect(text, candidates) == expected


def test_same_language_when_drawing_with_random_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    want = {text: lang._langdetect(text, lang._LATIN_CANDIDATES) for text in LANGUAGES + _fuzz(100)}
    monkeypatch.setattr(lang, "_same_draws_as_choice", lambda: False)
    assert {text: lang._langdetect(text, lang._LATIN_CANDIDATES) for text in want} == want


def test_cleaning_drops_latin_from_mostly_cyrillic_text_like_langdetect() -> None:
    factory = lang._factory(lang._CYRILLIC_CANDIDATES)
    text = "Правительство заявило ab, что ставка снижена"
    want, got = Detector(factory), lang._detector_class()(factory)
    for d in (want, got):
        d.append(text)
        d.cleaning_text()
    assert "ab" not in got.text and got.text == want.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il governo ha annunciato martedì che ridurrà il tasso di interesse di mezzo punto percentuale, "
         "secondo quanto riferito dal ministero dell'economia.", "it"),
        ("O governo anunciou na terça-feira que vai reduzir a taxa de juros em meio ponto percentual, "
         "segundo o ministério da economia.", "pt"),
        ("De regering heeft dinsdag aangekondigd dat zij de rente met een half procentpunt zal verlagen, "
         "aldus het ministerie van financiën.", "nl"),
        ("Rząd ogłosił we wtorek, że obniży stopę procentową o pół punktu procentowego, poinformowało "
         "ministerstwo finansów.", "pl"),
        ("Le gouvernement a annoncé mardi qu'il allait baisser le taux directeur d'un demi-point, a indiqué "
         "le ministère de l'économie.", "fr"),
        # English with Russian names and quotes stays English; Russian quoting English stays Russian.
        ("The minister told reporters that the agreement with «Роснефть» and Gazprom would be signed in "
         "Moscow next week, after talks that lasted several months.", "en"),
        ("Министр сообщил журналистам, что соглашение с компанией Shell будет подписано на следующей неделе "
         "в Москве, после переговоров, которые длились несколько месяцев.", "ru"),
        ("NATO SAID ON TUESDAY THAT THE EXERCISES WOULD CONTINUE. The alliance added that the ships would "
         "return to port by the end of the month.", "en"),
    ],
)
def test_more_languages(text: str, expected: str) -> None:
    assert lang.detect(text) == expected


def _plain_counts(text: str) -> tuple[int, int]:
    cyr = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    lat = sum(1 for ch in text if ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("\u00c0" <= ch <= "\u024f"))
    return cyr, lat


# Each side of the ranges counted, a few from either side of every UTF-8 lead byte, and a surrogate.
EDGES = (
    "@AZ[`az{\x7f\x80\xbf\xc0\xd7\xf7\xff\u0100\u023f\u0240\u024f\u0250\u027f\u0280\u02ff\u0300\u03ff"
    "\u0400\u04ff\u0500\u07ff\u0800\u1e00\uffff\U00010000\U0010ffff\ud800"
)


def test_counts_match_a_plain_loop() -> None:
    rng = random.Random(11)
    edge_texts = ["".join(rng.choice(EDGES) for _ in range(rng.randint(0, 30))) for _ in range(2000)]
    for text in TRICKY + LANGUAGES + _fuzz(300) + edge_texts + list(EDGES):
        assert lang.script_counts(text) == _plain_counts(text), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_counts_match_a_plain_loop_on_any_text(text: str) -> None:
    assert lang.script_counts(text) == _plain_counts(text)


WORDS = st.sampled_from(
    (" ".join(LANGUAGES) + " " + " ".join(TRICKY[3:-1])).split() + ["  ", "\n", "ы", "э", "і", "ў", "ђ", "ќ", "ә", "й"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS | st.text(max_size=8), max_size=80).map(" ".join))
def test_same_text_ngrams_and_probabilities_on_any_text(text: str) -> None:
    for candidates in CANDIDATE_SETS[:2]:
        factory = lang._factory(candidates)
        want, got = Detector(factory), lang._detector_class()(factory)
        want.append(text)
        got.append(text)
        assert got.text == want.text
        expected = _outcome(lambda: [(p.lang, p.prob) for p in want.get_probabilities()])
        assert _outcome(lambda: [(p.lang, p.prob) for p in got.get_probabilities()]) == expected
        assert got.text == want.text and got.langprob == want.langprob


def _plain_detect(text: str) -> str:
    """lang.detect as first written: letters counted one by one, ы/э/і... with str.count, and
    langdetect's own Detector deciding."""
    sample = lang.sample_of(text)
    cyr, lat = _plain_counts(sample)
    other, other_lang = lang._other_script(sample)
    if other > cyr + lat:
        return other_lang if other >= 20 else "und"
    if cyr + lat < 20:
        return "und"
    if cyr < lat:
        return _plain_langdetect(sample, lang._LATIN_CANDIDATES)

    def count(letters: frozenset[str]) -> int:
        return sum(map(sample.count, letters))

    russian = count(lang._RUSSIAN_ONLY)
    if count(lang._KAZAKH) >= 3:
        return "kk"
    if count(lang._BELARUSIAN) >= 2:
        return "be"
    if count(lang._UKRAINIAN) >= 3 and russian < count(lang._UKRAINIAN):
        return "uk"
    if count(lang._MACEDONIAN) >= 2 and russian == 0:
        return "mk"
    if count(lang._SERBIAN) + count(lang._SOUTH_SLAVIC) >= 2 and russian == 0:
        return "sr"
    if russian >= max(2, cyr // 400):
        return "ru"
    return _plain_langdetect(sample, lang._CYRILLIC_CANDIDATES)


def _plain_langdetect(text: str, candidates: tuple[str, ...]) -> str:
    detector = Detector(lang._factory(candidates))
    detector.append(text)
    try:
        return str(detector.detect())
    except LangDetectException:
        return candidates[0]


CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ" + "".join(
    sorted(lang._UKRAINIAN | lang._BELARUSIAN | lang._SERBIAN | lang._MACEDONIAN | lang._SOUTH_SLAVIC | lang._KAZAKH)
)


def test_detect_is_the_plain_detect() -> None:
    rng = random.Random(13)
    cyrillic = ["".join(rng.choice(CYRILLIC + "    ,.") for _ in range(rng.randint(0, 400))) for _ in range(300)]
    for text in TRICKY + LANGUAGES + list(masked_texts()) + _fuzz(300) + cyrillic:
        assert lang.detect(text) == _plain_detect(text), text[:80]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS | st.text(CYRILLIC + " ,.", max_size=12) | st.text(max_size=6), max_size=100).map(" ".join))
def test_detect_is_the_plain_detect_on_any_text(text: str) -> None:
    assert lang.detect(text) == _plain_detect(text)
