"""Russian lowercase words that no rule reads are passed over in the regex engine; no mention changes.

Russian text is tokenised by ``_ru_token_pattern``, which drops plain idle lowercase words unless
they may be read back by the token after them or go on from the kept token before them; the
words it has not been told about are checked with ``_ru_goes_on`` and the text is read again if
one goes on. Words kept only for their first four letters that start nothing after all are
passed over in ``_tokens`` on the same terms. The recogniser on every word a token (``_TOKEN``,
as first written) is the oracle.
Also here: ``morph.readings`` with its per-tag facts against the readings as first built.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import morph
from factcheck.model import Mention
from factcheck.names import recognize
from factcheck.names.recognize import _Recognizer

# These compare with the code they replaced by patching the modules: pure Python only (conftest.py).
pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".md"))


@pytest.fixture(autouse=True)
def _fast_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text here takes the fast token patterns (a process's first texts take the plain ones)."""
    monkeypatch.setattr(recognize, "WARM_UP_TEXTS", 0)


class _Full(_Recognizer):
    """The recogniser on every word a token (the Russian token list as first written)."""

    def __init__(self, text: str, lang: str, source: str) -> None:
        super().__init__(text, lang, source)
        if lang == "ru":
            self.toks = recognize._tokens(text, lang, recognize._TOKEN, [])
            self.mid_caps = {t.low for t in self.toks if t.cap and not t.ambiguous and t.type == "w"}

    def place_word_before(self, a: int) -> bool:
        # as first written: the token before, which every word has
        prev = self.toks[a - 1] if a > 0 else None
        return prev is not None and recognize._joinable(self.text, prev, self.toks[a]) and \
            (prev.low in recognize._lex("ru.place_prepositions") or
             (prev.cyr and self.lemma(prev) in recognize._lex("ru.place_nouns")))


def _both(text: str) -> tuple[list[Mention], list[Mention]]:
    return _Recognizer(text, "ru", "s").run(), _Full(text, "ru", "s").run()


def _check_tokens(text: str) -> None:
    """The fast token list is the full one without some plain lowercase Russian words that start
    nothing: idle ones, and those only their first four letters kept (no title word, no demonym)."""
    def key(t: recognize._Tok) -> tuple[object, ...]:
        return t.start, t.stop, t.text, t.type, t.cap, t.ambiguous, t.idle

    fast = [key(t) for t in _Recognizer(text, "ru", "s").toks]
    full = recognize._tokens(text, "ru", recognize._TOKEN, [])
    assert fast == sorted(set(fast)) and set(fast) <= {key(t) for t in full}
    kept = {f[0] for f in fast}
    for t in full:
        if t.start not in kept:
            assert re.fullmatch("[а-яё]+", t.text) and not t.cap and t.type == "w", t.text
            assert t.idle or (
                morph.lemma(t.clean) not in recognize._lex_union("ru.title_mods", "ru.title_heads")
                and not (t.low[:4] in recognize._ru_demonym_prefixes() and recognize._RU_ADJ.search(t.low))), t.text


def _same(text: str) -> None:
    fast, full = _both(text)
    assert fast == full, text
    _check_tokens(text)


# ----------------------------------------------------------------------------- fixtures and examples


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixtures_give_the_full_mentions(path: Path) -> None:
    _same(path.read_text(encoding="utf-8"))


_EXAMPLES = [
    "Министр иностранных дел России Сергей Лавров встретился с Урсулой фон дер Ляйен в штате Арагуа.",
    "министр иностранных дел и первый заместитель министра финансов; глава министерства обороны.",
    "Это сообщил первый вице-премьер. Временный поверенный в делах прибыл в Верансе, а потом в штате Арагуа.",
    "Встреча в Министерстве иностранных дел Российской Федерации и в Тринидаде и Тобаго прошла тихо.",
    "Компания «Газпром нефть» и «Авиакон Цитотранс» заявили; издание «новая газета» сообщило.",
    "Российские военные и российский Су-30МК2, Ил-76; Южный Судан и Нижний Новгород. По словам Шольца.",
    "Луис Инасиу Лула да Силва и Мухаммед бен Сальман; в аль-Асаде, из Ёлкино, под Москвой.",
    "Председатель правительства по делам национальностей, председатель Центрального банка России.",
    "ещё  раз   в\u00a0Москве,\tво Франции; возле Киева и около Днепра. уда\u0301р по Харькову.",
    "Генеральный прокурор и государственный секретарь США; верховный главнокомандующий сказал.",
]


@pytest.mark.parametrize("text", _EXAMPLES)
def test_examples_give_the_full_mentions(text: str) -> None:
    _same(text)


def test_most_russian_words_are_passed_over() -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in FIXTURES if "ru" in p.name)
    if not text:
        pytest.skip("no Russian fixture")
    assert len(_Recognizer(text, "ru", "s").toks) < 0.7 * len(recognize._tokens(text, "ru", recognize._TOKEN, []))


def test_no_title_modifier_is_a_title_head() -> None:
    # _ru_token_pattern relies on it: a title whose modifier meets a passed-over word stops at the
    # modifier, which must then start no title either (as it would not have with the word there).
    assert not recognize._lex("ru.title_mods") & recognize._lex("ru.title_heads")


def test_words_found_to_go_on_are_learnt(monkeypatch: pytest.MonkeyPatch) -> None:
    # Known only as written in the lexicons, "иностранных" is found to go on ("дел" is kept anyway:
    # a capitalised word follows it) and the text is read again.
    monkeypatch.setattr(recognize, "_RU_GOES_ON", set())
    monkeypatch.setattr(recognize, "_RU_STAYS", set())
    text = "Заявил министр иностранных дел Лавров, а пресс-секретарь министерства обороны молчал."
    _same(text)
    assert "иностранных" in recognize._RU_GOES_ON
    assert "молчал" not in recognize._RU_GOES_ON


def test_the_comparison_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # If no word were found to go on, the complements of a title would be passed over and the
    # title would end at its head: the comparison above would see it.
    text = "Заявил министр иностранных дел Лавров."
    fast, full = _both(text)
    assert fast == full
    assert any(m.text == "министр иностранных дел" for m in full)
    monkeypatch.setattr(recognize, "_RU_GOES_ON", {"x"})
    monkeypatch.setattr(recognize, "_RU_STAYS", set())
    monkeypatch.setattr(recognize, "_ru_goes_on", lambda word: False)
    assert _Recognizer(text, "ru", "s").run() != full


def test_word_salad_gives_the_full_mentions() -> None:
    # Aliases, title words, particles, prepositions and place nouns, in several cases and any
    # capitalisation, joined by any gap, so that many windows and titles go on and stop.
    rng = random.Random(7)
    aliases = sorted({a for e in recognize.bundled_aliases() for a in (e.name, *e.aliases) if re.search("[а-я]", a)})
    lex = sorted(recognize._lex_union("ru.title_heads", "ru.title_mods", "ru.title_complements", "ru.particles",
                                      "ru.place_prepositions", "ru.place_nouns", "ru.org_words"))
    endings = ["", "", "а", "у", "ом", "е", "ы", "ой", "ого", "ых", "ами", "ии"]
    gaps = [" ", " ", " ", "\u00a0", "\t", "  ", "   ", "    ", ", ", ". ", "\n", "-", " «", "» ", " «", "»"]
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(1, 25)):
            w = rng.choice(aliases) if rng.random() < 0.3 else rng.choice(lex) + rng.choice(endings)
            w = rng.choice([w, w, w.lower(), w.upper(), w.capitalize(), w.replace("е", "ё")])
            parts += [w.replace(" ", rng.choice(gaps)), rng.choice(gaps)]
        _same("".join(parts))


# ----------------------------------------------------------------------------- generated texts

_RU_WORDS = [
    "Путин", "Путина", "министр", "Министр", "министра", "иностранных", "дел", "дела", "России", "российский",
    "в", "В", "во", "из", "под", "штате", "штат", "городе", "Москве", "фон", "дер", "да", "Силва", "Ляйен",
    "аль-Асад", "Ил-76", "заявил", "сообщил", "и", "на", "по", "правительства", "первый", "первого",
    "заместитель", "Газпром", "нефть", "банк", "банка", "центрального", "Центрального", "Южный", "Судан",
    "ёлка", "ещё", "уда\u0301р", "Шольца", "президент", "глава", "МИД", "Тринидад", "Тобаго", "народный",
    "фронт", "Верансе", "Арагуа", "компания", "газета", "«", "»", "США", "obama", "Trump", "Х",
]
_SEPS = [" ", " ", " ", " ", "  ", "   ", "    ", "\t", "\u00a0", ", ", ". ", ".\n", "\n", " - ", "-", " «", "» ",
         "«", "»", "\"", " (", ") ", ": ", " 5 ", "7", "—", " http://example.com/a_b "]

_TEXTS = st.lists(st.tuples(st.sampled_from(_RU_WORDS), st.sampled_from(_SEPS)), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_russian_texts_give_the_full_mentions(text: str) -> None:
    _same(text)


_PIECES = [*"аяЖжЁё\u0301-\u2010'’ _1.²éі中\t\n«»", "\u00a0", "  ", "в", "и", "дел", "министр", "Москва", "аль-",
           "Ил-76", "Су-30МК2", "A.B.", "http://a.b/В ", "фон", "по"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_odd_texts_give_the_full_tokens(text: str) -> None:
    _same(text)


# ----------------------------------------------------------------------------- morph


def _plain_readings(word: str) -> tuple[morph.Reading, ...]:
    """morph.readings as first written: every reading's tag facts worked out anew."""
    out = []
    try:
        parses = morph._analyzer().parse(word)
    except ValueError:
        return ()
    for p in parses:
        grams = frozenset(str(p.tag).replace(" ", ",").split(","))
        out.append(morph.Reading(p.normal_form.replace("ё", "е"), p.tag.POS, grams, p.tag.case, p.tag.number, p.score))
    return tuple(out)


def test_readings_as_first_written() -> None:
    words = {w.lower() for p in FIXTURES for w in recognize._WORD.findall(p.read_text(encoding="utf-8"))
             if re.search("[а-яё]", w)}
    words |= {"москвы", "шольца", "стали", "", "-", "\u0301", "су-30", "ёлки", "𖽐"}
    for w in sorted(words):
        assert morph.readings.__wrapped__(w) == _plain_readings(w), w


def test_a_process_first_texts_take_the_plain_patterns_and_find_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES] + _EXAMPLES
    fast = [_Recognizer(t, "ru", "s").run() for t in texts]
    monkeypatch.setattr(recognize, "WARM_UP_TEXTS", 3)
    monkeypatch.setattr(recognize, "_TEXTS_SEEN", {})
    compiled = []
    real = recognize._ru_tokens
    monkeypatch.setattr(recognize, "_ru_tokens", lambda *a: compiled.append(1) or real(*a))
    assert [_Recognizer(t, "ru", "s").run() for t in texts] == fast
    assert len(compiled) == len(texts) - 3  # the first three read every word
