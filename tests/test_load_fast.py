"""Stage 1: the shortcuts of reading, decoding and masking give what the plain ways give."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from factcheck import load


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


def test_first_lines_are_the_first_non_blank_lines() -> None:
    for text in ["", "\n\n", "a", "a\r\nb\rc\nd", "\n  \na\n\t\nb\r\n\rc\nd\ne\nf\n", "x\n" * 10 + "y"]:
        every = []
        pos = 0
        for m in load._NEWLINE.finditer(text):
            every.append((pos, m.start()))
            pos = m.end()
        every.append((pos, len(text)))
        want = [(a, b) for a, b in every if text[a:b].strip()][:5]
        assert load._first_lines(text, 5) == want


def test_masking_skips_only_texts_a_pattern_cannot_match() -> None:
    for rx, needles in load._MASKS:
        for m in rx.finditer(MARKUP):
            assert not needles or any(needle in m.group() for needle in needles), rx.pattern
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
