"""Stage 3, second round: sentences made without their frozen __init__, pieces started from the
spaces the delimiter pattern reads, string keys for the usual decisions and lines told apart by
their last character give the sentences the code before them gave (kept here as the oracle)."""

from __future__ import annotations

import pickle
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import segment
from factcheck.model import Sentence
from helpers import masked_texts
from test_segment_fast import LINES, SPLIT_PIECES, TRICKY

# --------------------------------------------------------------------------- oracle (the code before)

_OLD_SPACED = re.compile(
    "(%s)(?=\\s)"
    % "|".join([re.escape(c) + r"-?[)(]{1,3}" for c in "=:;"] + [re.escape(c) for c in ".?!…;\"„'»”’)]}"])
)
_OLD_DECISIONS: dict[tuple[str, int, int, str | None], bool] = {}


def _old_lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in (text.replace("\r", "\n") if "\r" in text else text).split("\n"):
        stop = pos + len(line)
        if line and not line.isspace():
            out.append((pos, stop))
        pos = stop + 1
    return out


def _old_blocks(text: str) -> list[tuple[int, int]]:
    lines = _old_lines(text)
    out = []
    i = 0
    while i < len(lines):
        start, stop = lines[i]
        while i + 1 < len(lines) and segment._looks_cut(text[lines[i][0] : lines[i][1]]):
            i += 1
            stop = lines[i][1]
        out.append((start, stop))
        i += 1
    return out


def _old_scans(text: str) -> list[list[tuple[int, int]]]:
    out, group = [], []
    for start, stop in _old_blocks(text):
        if stop - start <= segment._MAX_BLOCK:
            group.append((start, stop))
            continue
        if group:
            out.append(group)
            group = []
        out.extend([piece] for piece in segment._split_long(start, stop))
    if group:
        out.append(group)
    return out


def _old_spans(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    _, window, bullet_size, joins = segment._razdel()  # type: ignore[misc]
    out: list[tuple[int, int]] = []
    following = iter(regions)
    begin, end = next(following)
    last = begin
    for m in _OLD_SPACED.finditer(text, begin, regions[-1][1]):
        start, stop = m.span()
        while start >= end:
            _old_add_stripped(out, text, last, end)
            begin, end = next(following)
            last = begin
        if stop == end:
            continue
        lo = start - window if start - window > begin else begin
        hi = stop + window if stop + window < end else end
        key = (text[lo:hi], start - lo, stop - start, text[last:start] if start - last <= bullet_size else None)
        joined = _OLD_DECISIONS.get(key)
        if joined is None:
            joined = _OLD_DECISIONS[key] = joins(text[lo:start], m.group(1), text[stop:hi], text[last:start])
        if not joined:
            first = re.compile(r"\S").search(text, last, stop).start()  # type: ignore[union-attr]
            out.append((first, stop))
            last = stop
    _old_add_stripped(out, text, last, end)
    for begin, end in following:
        _old_add_stripped(out, text, begin, end)
    return out


def _old_add_stripped(out: list[tuple[int, int]], text: str, start: int, stop: int) -> None:
    piece = text[start:stop]
    kept = piece.strip()
    if kept:
        first = start + len(piece) - len(piece.lstrip())
        out.append((first, first + len(kept)))


def _old_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for regions in _old_scans(text):
        for start, stop in _old_spans(text, regions):
            if re.compile(r"[^\W_]").search(text, start, stop):
                out.append(Sentence(len(out), start, stop, text[start:stop]))
    return out


# --------------------------------------------------------------------------- tests

PIECES = SPLIT_PIECES + ["\n", "\r\n", "\n\n", "\r", "  \n", ". ", ".\n", " \t", "\u2028", "\u3000", "²", "_", "…"]


def _texts() -> list[str]:
    rng = random.Random(8)
    fuzz = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 90))) for _ in range(3000)]
    return TRICKY + LINES + list(masked_texts()) + fuzz


def _same(text: str) -> None:
    got, want = segment.sentences(text), _old_sentences(text)
    assert got == want, text[:120]
    for g, w in zip(got, want):
        assert type(g) is Sentence and vars(g) == vars(w) and hash(g) == hash(w) and repr(g) == repr(w)


@pytest.mark.parametrize("max_block", [segment._MAX_BLOCK, 9, 40])
@pytest.mark.parametrize("warm", [False, True])
def test_sentences_as_before(max_block: int, warm: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segment, "_MAX_BLOCK", max_block)
    if not warm:  # every decision made afresh, then taken from the cache
        segment._DECISIONS.clear()
        _OLD_DECISIONS.clear()
    for text in _texts():
        _same(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=70).map("".join))
def test_sentences_as_before_on_any_text(text: str) -> None:
    _same(text)


def test_blocks_as_before() -> None:
    for text in _texts():
        assert segment.blocks(text) == _old_blocks(text), text[:120]


def test_sentences_made_without_init_are_sentences() -> None:
    text = "One sentence here. Another one follows! And a third?"
    got = segment.sentences(text)
    assert [s.text for s in got] == ["One sentence here.", "Another one follows!", "And a third?"]
    assert pickle.loads(pickle.dumps(got)) == got
    with pytest.raises(AttributeError):  # still frozen
        got[0].index = 5  # type: ignore[misc]


def test_the_usual_key_is_only_for_a_long_buffer() -> None:
    # The same ten characters either side of the second full stop; the text since the last boundary
    # is exactly as long as a list item can be in the first (razdel's list_item joins it there).
    texts = ["Qq. 1 1 1 1 1 1 1 1 1 1. The end of the story", "Qqqqqqqqqqqqqqqqqqqq 1 1 1 1 1. The end of the story"]
    from razdel import sentenize

    for order in (texts, texts[::-1]):
        segment._DECISIONS.clear()
        for text in order:
            assert segment.razdel_spans(text) == [(s.start, s.stop) for s in sentenize(text) if s.text], text
    joined, split = ([text[a:b] for a, b in segment.razdel_spans(text)][-1] for text in texts)
    assert joined.startswith("1 1") and split == "The end of the story"
