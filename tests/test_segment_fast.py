"""Stage 3: the adapter's own driver of razdel's rules finds exactly razdel's sentences."""

from __future__ import annotations

import importlib
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from razdel import sentenize
from razdel.segmenters.sentenize import SentSplit

from factcheck import segment
from helpers import masked_texts

RAZDEL = importlib.import_module("razdel.segmenters.sentenize")  # the module (sentenize is also its segmenter)

TRICKY = [
    "",
    "   ",
    "No delimiter at all",
    "Mr. Smith went to the U.S. in 2024. He said: \"It's fine.\" Then he left!",
    "Он приехал в г. Москву, т.е. в столицу. См. стр. 5. И т.д. и т. п. Всё.",
    "1. First item. 2) Second item. a) third. IV. Fourth. 8.1. Sub-item.",
    "She smiled :-) and left ;) Then =((( happened. Ok.",
    "«Мы готовы», — сказал он. «Нет!» — ответила она. (Это важно.) [Примечание.] Конец.",
    "He wrote “Done.” She replied ‘ok’. The end… Or not?! Maybe.",
    "A. B. Smith and J.R.R. Tolkien met Ph.D. students at 10 a.m. on Jan. 5. Later they left.",
    "Prices rose 3.5 per cent.The next day - they fell. Next — they rose – again.",
    "word " * 30 + "end.  Next\u00a0sentence. \tTabbed.\nNew line.",
]


def _texts() -> list[str]:
    out = []
    for text in masked_texts():
        out.append(text)
        out.extend(text[a:b] for a, b in segment.blocks(text))
    return out


def _fuzz(count: int) -> list[str]:
    rng = random.Random(3)
    pieces = [
        "Mr.", "U.S.", " ", "  ", "\n", "т.е.", "см.", "1.", "2)", "a)", "IV.", "«", "»", "“", "”", '"', "'", "’",
        "(", ")", "[", "]", "—", " - ", "–", "...", "…", "!", "?", ";", ":-)", ";)", "=(((", "word", "Word",
        "слово", "Слово", "A.", "Б.", "т. к.", "и т.д.", "3.5", "e.g.", "ул.", "г.", "8.1.", "§", "\u00a0", "x",
    ]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))) for _ in range(count)]


def test_same_spans_as_razdel() -> None:
    for text in TRICKY + _texts() + _fuzz(4000):
        want = [(s.start, s.stop) for s in sentenize(text) if s.text]
        assert segment.razdel_spans(text) == want, text[:120]


def test_sentences_are_razdel_sentences_of_each_block() -> None:
    for text in TRICKY:
        want = [
            (a + s.start, a + s.stop)
            for a, b in segment.blocks(text)
            for s in sentenize(text[a:b])
            if any(ch.isalnum() for ch in s.text)
        ]
        assert [(s.start, s.stop) for s in segment.sentences(text)] == want


def test_another_razdel_falls_back_to_its_own_sentenize(monkeypatch: pytest.MonkeyPatch) -> None:
    want = {text: [(s.start, s.stop) for s in segment.sentences(text)] for text in TRICKY + LINES}
    monkeypatch.setattr(segment, "_razdel", lambda: None)  # as if razdel's rules had changed
    for text in TRICKY:
        assert segment.razdel_spans(text) == [(s.start, s.stop) for s in sentenize(text) if s.text]
    assert {text: [(s.start, s.stop) for s in segment.sentences(text)] for text in want} == want


def _razdel_joins(left: str, delimiter: str, right: str, buffer: str) -> bool:
    return bool(sentenize.join(SentSplit(left, delimiter, right, buffer)))


def _real_splits() -> list[tuple[str, str, str, str]]:
    """What razdel's splitter gives its rules on the fixture texts: (left, delimiter, right, buffer)."""
    out = []
    for text in masked_texts() + tuple(TRICKY):
        parts = list(sentenize.split(text))
        buffer = parts[0]
        for i in range(1, len(parts) - 1, 2):
            split, right = parts[i], parts[i + 1]
            out.append((split.left, split.delimiter, split.right, buffer))
            joined = _razdel_joins(split.left, split.delimiter, split.right, buffer)
            buffer = buffer + split.delimiter + right if joined else right
    return out


SPLIT_PIECES = [
    "Mr", "U.S", " ", "  ", "\n", "т.е", "см", "1", "2)", "a)", "IV", "«", "»", "“", "”", '"', "'", "’", "(", ")",
    "[", "]", "—", " - ", "–", "‑", "-", "...", "…", "!", "?", ";", ":-)", ";)", "=(((", "word", "Word", "слово",
    "Слово", "A", "Б", "т. к", "и т.д", "3.5", "e.g", "ул", "г", "8.1", "§", "\u00a0", "x", ".", "т", "п", "д",
    "ед", "ч", "дж", "Дж", "al", "Inc", "б", "V", "e", "с", "ш", "a.m", "p", "m", "XIV", "г.", "вв", "_", "7",
]
DELIMITERS = list(".?!…;\"„'»”’)]}") + [":)", ";-)", "=((", ":(((", "=)"]


def _fuzz_splits(count: int) -> list[tuple[str, str, str, str]]:
    rng = random.Random(17)

    def piece(n: int) -> str:
        return "".join(rng.choice(SPLIT_PIECES) for _ in range(rng.randint(0, n)))

    def right() -> str:  # mostly after a space, as the delimiters razdel_spans asks about
        return (rng.choice(" \n\u00a0") + piece(6))[:10] if rng.random() < 0.9 else piece(6)[:10]

    return [(piece(6)[-10:], rng.choice(DELIMITERS), right(), piece(8)) for _ in range(count)]


def test_rules_are_razdels() -> None:
    joins = segment._rules(RAZDEL)
    splits = _real_splits() + _fuzz_splits(30_000)
    decided = {joins(*split) for split in splits}
    assert decided == {True, False}
    for split in splits:
        assert joins(*split) == _razdel_joins(*split), split


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=10),
    st.sampled_from(DELIMITERS),
    st.text(max_size=10) | st.lists(st.sampled_from(SPLIT_PIECES), max_size=5).map(lambda p: (" " + "".join(p))[:10]),
    st.text(max_size=25) | st.lists(st.sampled_from(SPLIT_PIECES), max_size=6).map("".join),
)
def test_rules_are_razdels_on_any_split(left: str, delimiter: str, right: str, buffer: str) -> None:
    joins = segment._rules(RAZDEL)
    assert joins(left, delimiter, right, buffer) == _razdel_joins(left, delimiter, right, buffer)


def test_delimiters_followed_by_a_space_are_razdels() -> None:
    razdel_pattern = sentenize.split.re
    for text in TRICKY + _texts() + _fuzz(4000):
        want = [
            (m.span(), m.group(1)) for m in razdel_pattern.finditer(text) if text[m.end() : m.end() + 1].isspace()
        ]
        assert [(m.span(), m.group(1)) for m in segment._SPACED_DELIMITER.finditer(text)] == want, text[:120]


def _plain_blocks(text: str) -> list[tuple[int, int]]:
    """segment.blocks as first written: lines found by a regex, the end of a line by another."""
    ends_sentence = re.compile(r"[.!?…:;\"»”)\]]\s*$")

    def looks_cut(line: str) -> bool:
        if ends_sentence.search(line):
            return False
        words = segment._WORD.findall(line)
        return len(words) >= 8 and sum(1 for w in words if len(w) >= 4 and w[0].islower()) >= 2

    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", text) if m.group().strip()]
    out = []
    i = 0
    while i < len(lines):
        start, stop = lines[i]
        while i + 1 < len(lines) and looks_cut(text[lines[i][0] : lines[i][1]]):
            i += 1
            stop = lines[i][1]
        out.append((start, stop))
        i += 1
    return out


def _plain_sentences(text: str) -> list[tuple[int, int]]:
    """segment.sentences as razdel's sentenize finds them in each block, or piece of a long block."""
    return [
        (start + s.start, start + s.stop)
        for bstart, bstop in _plain_blocks(text)
        for start, stop in segment._split_long(bstart, bstop)
        for s in sentenize(text[start:stop])
        if any(ch.isalnum() for ch in s.text)
    ]


# Lines cut mid-sentence (joined with the next), titles, blank lines, "\r" and "\r\n" line ends.
LINES = [
    "Title Of The Piece\n\nthe minister said on tuesday that the government would cut the rate\n\nby half. Next.",
    "A line\r\nanother line.\rthird;\n\n\n  \t \n last one!",
    "\n\n  leading blank lines. Then text.  \n",
    "word " * 30 + "\n" + "cut here and there without a final stop in the long line of words here\nnext line.",
    "«Мы готовы», — сказал он.\nТ.е. нет.\n\u2028 странный разделитель. Конец.",
]
LINE_PIECES = st.sampled_from(
    SPLIT_PIECES + ["\n", "\r", "\r\n", "\n\n", " \t ", "\u2028", "\x0b", "government", "minister said"]
)


def test_blocks_are_the_plain_blocks() -> None:
    for text in TRICKY + LINES + list(masked_texts()) + _fuzz(2000):
        assert segment.blocks(text) == _plain_blocks(text), text[:120]


@pytest.mark.parametrize("max_block", [segment._MAX_BLOCK, 7, 40])
def test_sentences_are_razdels_in_each_block(max_block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segment, "_MAX_BLOCK", max_block)  # long blocks are cut into pieces
    rng = random.Random(5)
    lined = ["".join(rng.choice(SPLIT_PIECES + ["\n", "\r\n", "\n\n", "\r"]) for _ in range(80)) for _ in range(800)]
    for text in TRICKY + LINES + list(masked_texts()) + lined:
        assert [(s.start, s.stop) for s in segment.sentences(text)] == _plain_sentences(text), text[:120]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE_PIECES | st.text(max_size=5), max_size=60).map("".join), st.sampled_from([20000, 9, 33]))
def test_sentences_are_razdels_on_any_text(text: str, max_block: int) -> None:
    saved = segment._MAX_BLOCK
    segment._MAX_BLOCK = max_block
    try:
        got = segment.sentences(text)
    finally:
        segment._MAX_BLOCK = saved
    assert [(s.start, s.stop) for s in got] == _plain_sentences_with(text, max_block)
    assert all(s.text == text[s.start : s.stop] and s.index == i for i, s in enumerate(got))


def _plain_sentences_with(text: str, max_block: int) -> list[tuple[int, int]]:
    saved = segment._MAX_BLOCK
    segment._MAX_BLOCK = max_block
    try:
        return _plain_sentences(text)
    finally:
        segment._MAX_BLOCK = saved


def test_decisions_depend_on_a_short_buffer() -> None:
    # The same ten characters either side of the second full stop, but the text since the last
    # boundary is a list item's number in the first text only (razdel's list_item joins it).
    texts = ["Qq. Б b c d e 1. The end", "Qqz Б b c d e 1. The end"]
    segment._DECISIONS.clear()
    for text in texts + texts[::-1]:
        assert segment.razdel_spans(text) == [(s.start, s.stop) for s in sentenize(text) if s.text], text
    assert segment.razdel_spans(texts[0]) != segment.razdel_spans(texts[1])
