"""Stage 1: the shortcuts of reading, decoding and masking give what the plain ways give."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import load

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("size", [1, 4095, 65535, 65536, 65537, 200_000])
def test_read_file_reads_every_byte(tmp_path: Path, size: int) -> None:
    data = (b"The minister said so. " * (size // 22 + 1))[:size]
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    got = load.read_file(path)
    assert isinstance(got, load.Decoded) and got.text == data.decode()


def test_read_all_stops_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 300_000)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert len(load._read_all(fd, 100_001, 10)) == 100_001
    finally:
        os.close(fd)


def test_controls_found_in_bytes_as_in_text() -> None:
    rng = random.Random(5)
    pieces = ["a", "я", "\t", "\r\n", "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x85", "\x9f",
              "\xa0", "«", "»", "\u2028", "€", "😀"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        data = text.encode("utf-8")
        decoded = load.Decoded(text, "utf-8")
        assert load._has_controls(decoded, data) == bool(load._CONTROL_RE.search(text)), repr(text)


def _plain_first_lines(text: str, count: int) -> list[tuple[int, int]]:
    every = []
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        every.append((pos, m.start()))
        pos = m.end()
    every.append((pos, len(text)))
    return [(a, b) for a, b in every if text[a:b].strip()][:count]


def test_first_lines_are_the_first_non_blank_lines() -> None:
    tricky = ["", "\n\n", "a", "a\r\nb\rc\nd", "\n  \na\n\t\nb\r\n\rc\nd\ne\nf\n", "x\n" * 10 + "y", "\r\n\r\n a \r\n"]
    for text in tricky:
        assert load._first_lines(text, 5) == _plain_first_lines(text, 5), repr(text)
    for text in _raw_texts() + _fuzz(2000):
        for count in (1, 5):
            assert load._first_lines(text, count) == _plain_first_lines(text, count), text[:80]


def test_masking_skips_only_texts_a_pattern_cannot_match() -> None:
    for rx, needles, gate, _ in load._MASKS:
        for m in rx.finditer(MARKUP):
            assert not needles or any(needle in m.group() for needle in needles), rx.pattern
            assert gate is None or gate.search(MARKUP), rx.pattern
    assert load.mask_markup(MARKUP) != MARKUP


MARKUP = """# Heading
## Sub **bold** and __under__
<!-- a comment --> <b>tag</b> <img src="x.png"/>
**Name / Pool / TASS**
Photo: Someone / Agency
Фото: Кто-то
Source: https://example.org/2024/05/01/story
Original url:
https://example.org/x
Text after.
"""


def _raw_texts() -> list[str]:
    """Every readable article file under fixtures/ and tests/, as read (before masking)."""
    paths = sorted(ROOT.joinpath("fixtures").rglob("*")) + sorted(ROOT.joinpath("tests").rglob("*"))
    out = [MARKUP, MARKUP.replace("\n", "\r\n"), MARKUP.replace("\n", "\r"), "\n" + MARKUP]
    for path in paths:
        if path.suffix in (".txt", ".md") and path.is_file():
            got = load.read_file(path)
            if isinstance(got, load.Decoded):
                out.append(got.text)
    return out


MARKUP_PIECES = [
    "# ", "## ", "   ### ", "#", "**", "__", "*", "_", "<b>", "</b>", "<img src=\"x\"/>", "<!--", "-->", "<", ">",
    "Photo: ", "photo by ", "PICTURE - ", "Фото: ", "фото — ", "Иллюстрация:", "Credit:", "IMAGE:",
    "Source: ", "source:", "URL:", "Источник:", "Original url:", "Original url", "https://example.org/2024/05/01/x",
    "http://a.b", "://", ":", "/", " / ", "Name / Pool / TASS", "date 2024-05-01 ", "\n", "\r", "\r\n", "\n\n",
    " ", "\t", "  ", "word", "Слово", ".", "\u2028", "\x0c", "\u0130", "\u212a", "ı",
]


def _fuzz(count: int) -> list[str]:
    rng = random.Random(23)
    return ["".join(rng.choice(MARKUP_PIECES) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def _plain_mask(text: str, extra: tuple[tuple[int, int], ...] = ()) -> str:
    """mask_markup as first written: every pattern searched for in every text."""
    spans: list[tuple[int, int]] = []
    probe = text.replace("\r", "\n")
    for rx, *_ in load._MASKS:
        spans.extend(m.span() for m in rx.finditer(probe) if m.end() > m.start())
    m = load._MARKER.match(text)
    if m:
        spans.append(m.span())
    spans.extend((max(0, a), min(len(text), b)) for a, b in extra if b > a)
    out = list(text)
    for start, stop in spans:
        for i in range(start, stop):
            if out[i] not in "\r\n":
                out[i] = " "
    return "".join(out)


def test_masking_is_the_plain_masking() -> None:
    for text in _raw_texts() + _fuzz(3000):
        masked = load.read_metadata(text).masked
        assert load.mask_markup(text) == _plain_mask(text), text[:80]
        assert load.mask_markup(text, masked) == _plain_mask(text, masked), text[:80]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MARKUP_PIECES) | st.text(max_size=4), max_size=50).map("".join))
def test_masking_is_the_plain_masking_on_any_text(text: str) -> None:
    assert load.mask_markup(text) == _plain_mask(text)


def test_line_matches_are_the_matches_of_the_pattern() -> None:
    patterns = [rx for rx, *_ in load._MASKS if rx.flags & re.M]
    assert len(patterns) == 4
    for text in _raw_texts() + _fuzz(3000):
        probe = load._lf(text)
        for rx in patterns:
            want = [(m.span(), m.groups()) for m in rx.finditer(probe)]
            got = [(m.span(), m.groups()) for m in load._line_matches(rx, probe)]
            # A match after the first line starts with the line end before it.
            assert [((a + (probe[a] == "\n"), b), groups) for (a, b), groups in got] == want, (rx.pattern, text[:80])
            assert list(load._line_spans(rx, probe)) == [span for span, _ in want]


def test_url_is_the_last_url_line() -> None:
    for text in _raw_texts() + _fuzz(3000):
        urls = [m.group(1) for m in load._URL_LINE.finditer(load._lf(text))]
        assert load.read_metadata(text).url == (urls[-1] if urls else None), text[:80]
