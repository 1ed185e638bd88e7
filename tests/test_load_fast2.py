"""Stage 1, second round: mask_markup looking for each needle's first character once, and for URL
labels only in texts with a line ending in a colon, blanks what it blanked before (kept here as
the oracle)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import load
from helpers import masked_texts

_OLD_MASKS = (
    (load._CREDIT_BOLD, ("**",)), (load._CREDIT_LINE, ()), (load._HTML_COMMENT, ("<!--",)), (load._HTML_TAG, ("<",)),
    (load._BOLD, ("**", "__")), (load._HEADING, ("#",)), (load._URL_LINE, ("://",)), (load._URL_LABEL, (":",)),
)


def _old_mask_markup(text: str, extra: tuple[tuple[int, int], ...] = ()) -> str:
    spans: list[tuple[int, int]] = []
    probe = load._lf(text)
    for rx, needles in _OLD_MASKS:
        if not needles or any(needle[0] in probe and needle in probe for needle in needles):
            found = load._line_spans(rx, probe) if rx.flags & re.M else (m.span() for m in rx.finditer(probe))
            spans.extend(span for span in found if span[1] > span[0])
    m = load._MARKER.match(text)
    if m:
        spans.append(m.span())
    spans.extend((max(0, a), min(len(text), b)) for a, b in extra if b > a)
    if not spans:
        return text
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, stop in spans:
        start = max(start, pos)
        if stop <= start:
            continue
        out.append(text[pos:start])
        out.append(load._BLANK.sub(" ", text[start:stop]))
        pos = stop
    out.append(text[pos:])
    return "".join(out)


PIECES = [
    "**", "__", "*", "_", "<!--", "-->", "<b>", "</p>", "<", ">", "#", "## ", "://", "http://x.y/2024/01/02/a",
    "Source:", "URL :", "source", "Original url:", "Источник:", "Photo:", "Фото —", "Credit by", "Image -",
    ":", "\n", "\r\n", "\r", " ", "\t", "  ", "a", "Word", "слово", "date 2024-01-02 ", "/TASS/",
    "**Name / Pool / TASS**",
]


def _texts() -> list[str]:
    rng = random.Random(12)
    fuzz = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(4000)]
    raw = []
    for folder in ("fixtures", "tests"):
        for path in sorted((Path(__file__).parent.parent / folder).rglob("*.txt")):
            got = load.read_file(path)
            if isinstance(got, load.Decoded):
                raw.append(got.text)
    return raw + list(masked_texts()) + fuzz


def test_masks_as_before() -> None:
    changed = 0
    for text in _texts():
        extra = load.read_metadata(text).masked
        for spans in ((), extra):
            got = load.mask_markup(text, spans)
            assert got == _old_mask_markup(text, spans), repr(text[:120])
            changed += got != text
    assert changed > 1000  # the masks were at work


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=40).map("".join))
def test_masks_as_before_on_any_text(text: str) -> None:
    assert load.mask_markup(text) == _old_mask_markup(text)


def test_a_url_label_is_found_wherever_its_line_ends() -> None:
    for text in ("Source:", "x\nSource: \t", "x\r\nURL :\r\nhttp://a.b/c", "Источник:\n", "a: b\nSource:\nc"):
        assert load.mask_markup(text) == _old_mask_markup(text) != text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=40).map("".join))
def test_gates_are_found_where_their_pattern_matches(text: str) -> None:
    probe = load._lf(text)
    for rx, _, gate, _ in load._MASKS:
        if gate is not None and rx.search(probe):
            assert gate.search(probe), (rx.pattern, text)


def _old_first_lines(text: str, count: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    probe = load._lf(text)
    pos = 0
    while len(out) < count:
        end = probe.find("\n", pos)
        stop = len(probe) if end < 0 else end
        if probe[pos:stop].strip():
            out.append((pos, stop))
        if end < 0:
            break
        pos = end + 1
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "\u3000", "\x0b", "\u2028"]) | st.text(max_size=3), max_size=30).map("".join))
def test_first_lines_as_before(text: str) -> None:
    for count in (1, 5):
        assert load._first_lines(text, count) == _old_first_lines(text, count)


def test_first_lines_as_before_on_files() -> None:
    for text in _texts()[:400]:
        assert load._first_lines(text, 5) == _old_first_lines(text, 5)
