"""Stage 2, second round: the trials unrolled for eight languages, the script checks done on bytes
and the detector copied give what the code before them gave (kept here as oracles)."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import lang
from helpers import masked_texts

# --------------------------------------------------------------------------- oracles (the code before)

_OLD_NEITHER = re.compile("[^\x00-\u024f\u0400-\u04ff]")


def _old_other_script(text: str) -> tuple[int, str]:
    counts: dict[str, int] = {}
    for ch in _OLD_NEITHER.findall(text):
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = name.split(" ", 1)[0] if name else ""
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return 0, "und"
    main = max(sorted(counts), key=lambda s: counts[s])
    return sum(counts.values()), lang._SCRIPTS.get(main, "und")


def _old_sample_of(text: str, size: int = lang.SAMPLE) -> str:
    head = lang._no_urls(text[:size])
    if len(text) <= size or lang._letters(head[: size // 5]) >= size // 10:
        return head
    have = lang._letters(head)
    if have >= size // 10:
        return head
    parts = [head]
    last = len(text) - size
    count = min(64, last // size + 1)
    for k in range(1, count + 1):
        pos = last * k // count
        window = lang._no_urls(text[pos : pos + size])
        letters = lang._letters(window)
        if letters:
            parts.append(window)
            have += letters
        if have >= size // 2:
            break
    return " ".join(parts)[: size * 2]


def _old_trial(
    prob: list[float], weight: float, vectors: list[list[float]], j: int, threshold: float, limit: int
) -> tuple[list[float], int]:
    """langdetect's loop of one trial, a draw at a time (Detector._detect_block)."""
    prob = list(prob)
    i = 0
    while True:
        for k, x in enumerate(vectors[j]):
            prob[k] *= weight + x
        j += 1
        if i % 5 == 0:
            total = sum(prob)
            maxp = 0.0
            for k in range(len(prob)):
                p = prob[k] / total
                if maxp < p:
                    maxp = p
                prob[k] = p
            if maxp > threshold or i >= limit:
                return prob, j
        i += 1


# --------------------------------------------------------------------------- texts

# Characters either side of every range the byte checks tell apart, and a surrogate.
EDGES = (
    "aZ\x7f\xc0\u00ff\u0100\u023f\u0240\u024f\u0250\u027f\u0280\u02ff\u0370\u03a9\u03ff\u0400\u0481\u0482"
    "\u0489\u04ff\u0500\u05d0\u0627\u07ff\u0800\u0e01\u1e00\u1fff\u2000\u2014\u201c\u2026\u206f\u2070\u2071"
    "\u207f\u2080\u2090\u2116\u2122\u2190\u2bff\u2c00\u3042\u4e2d\uac00\uffff\U00010000\U0001d400\ud800"
)
ALPHABET = EDGES + "abc АБВ ы  ,.\n\t—“”"


def _texts() -> list[str]:
    rng = random.Random(21)
    fuzz = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 120))) for _ in range(3000)]
    return list(masked_texts()) + [lang.sample_of(text) for text in masked_texts()] + fuzz + list(EDGES)


# --------------------------------------------------------------------------- tests


def _scripts_checked(text: str) -> tuple[int, str]:
    data = text.encode("utf-8", "surrogatepass")
    kinds = data.translate(lang._SCRIPT_BYTES)
    return lang._other_script(text) if lang._maybe_other_script(data, kinds) else (0, "und")


def test_other_scripts_as_before() -> None:
    for text in _texts():
        assert _scripts_checked(text) == _old_other_script(text), repr(text[:80])
        assert lang._other_script(text) == _old_other_script(text), repr(text[:80])


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_other_scripts_as_before_on_any_text(text: str) -> None:
    assert _scripts_checked(text) == _old_other_script(text)


def test_letter_counts_as_before() -> None:
    for text in _texts():
        for count in (0, 1, 5, 50, 250):
            assert lang._letters_at_least(text, count) == (lang._letters(text) >= count), repr(text[:80])


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET) | st.text(), st.integers(0, 30))
def test_letter_counts_as_before_on_any_text(text: str, count: int) -> None:
    assert lang._letters_at_least(text, count) == (lang._letters(text) >= count)


def test_samples_as_before() -> None:
    rng = random.Random(4)
    junk = ["".join(rng.choice("0123456789 .\n") for _ in range(rng.randint(0, 9000))) for _ in range(40)]
    texts = list(masked_texts()) + [j + t + j for j, t in zip(junk, masked_texts())] + junk
    for text in texts:
        assert lang.sample_of(text) == _old_sample_of(text)


VECTOR = st.lists(st.floats(0.0, 1.0), min_size=8, max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(VECTOR, min_size=1, max_size=40),
    st.floats(1e-7, 1e-3),
    st.sampled_from([0.99999, 0.9, 0.5, 2.0]),
    st.sampled_from([1000, 0, 5, 10]),
)
def test_unrolled_trial_is_the_trial(vectors: list[list[float]], weight: float, threshold: float, limit: int) -> None:
    # Draws from a stream over these vectors, repeated as the trial reads on.
    draws = lang._Draws(lang._stream(0), range(len(vectors)), vectors)
    prob = [1.0 / 8] * 8
    first = draws.first_after(4)
    try:
        want = _old_trial(prob, weight, _Endless(draws), first, threshold, limit)
    except ZeroDivisionError:  # every factor underflowed: the trials fail alike
        return
    assert lang._trial(prob, weight, draws, first, threshold, limit) == want
    assert lang._trial8(prob, weight, draws, first, threshold, limit) == want


class _Endless:
    """``draws.vectors`` read on demand (as the trials read them), for the draw-at-a-time oracle."""

    def __init__(self, draws: lang._Draws) -> None:
        self._draws = draws

    def __getitem__(self, index: int) -> list[float]:
        self._draws.more(index + 1)
        return self._draws.vectors[index]


def test_trials_on_real_texts_are_langdetects_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    # The eight Latin candidates go through _trial8: each trial is compared with the oracle.
    seen = []
    unrolled = lang._trial8

    def checked(
        prob: list[float], weight: float, draws: lang._Draws, j: int, threshold: float, limit: int
    ) -> tuple[list[float], int]:
        got = unrolled(prob, weight, draws, j, threshold, limit)
        assert got == _old_trial(prob, weight, _Endless(draws), j, threshold, limit)
        seen.append(got)
        return got

    monkeypatch.setattr(lang, "_trial8", checked)
    for text in [lang.sample_of(t) for t in masked_texts()][:80]:
        lang._langdetect(text, lang._LATIN_CANDIDATES)
    assert len(seen) > 100


def test_copied_detectors_are_fresh_detectors() -> None:
    fresh = lang._detector_class()(lang._factory(lang._LATIN_CANDIDATES))
    first = lang._new_detector(lang._LATIN_CANDIDATES)
    first.append("Some text here")
    second = lang._new_detector(lang._LATIN_CANDIDATES)
    assert type(second) is type(fresh) and second.text == "" and second.langprob is None
    assert {k: v for k, v in vars(second).items() if k != "random"} == {
        k: v for k, v in vars(fresh).items() if k != "random"
    }
    assert first.text == "Some text here"


def test_marked_letter_sets_do_not_overlap() -> None:
    assert len(lang._SET_NAMES) == sum(len(letters) for letters in lang._SETS.values())
    assert set(map(chr, lang._SET_NAMES)) == set(lang._MARKED.pattern[1:-1])
