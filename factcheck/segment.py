"""Stage 3: sentences with offsets. Adapter around razdel.

razdel is run on blocks of lines: each line is its own block (titles and datelines have no
final full stop), except that a long line cut off mid-sentence is joined with the next
non-empty line, because some files break a sentence across a blank line.
"""

from __future__ import annotations

import re

from factcheck.model import Sentence

_LINE = re.compile(r"[^\r\n]+")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_ENDS_SENTENCE = re.compile(r"[.!?…:;\"»”)\]]\s*$")
_MAX_BLOCK = 20000


def _looks_cut(line: str) -> bool:
    """A line that stops mid-sentence: long, no final punctuation, and not a Title Case headline."""
    if _ENDS_SENTENCE.search(line):
        return False
    words = _WORD.findall(line)
    if len(words) < 8:
        return False
    lowercase_long = sum(1 for w in words if len(w) >= 4 and w[0].islower())
    return lowercase_long >= 2


def blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text to split into sentences independently."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        start, stop = lines[i]
        while i + 1 < len(lines) and _looks_cut(text[lines[i][0] : lines[i][1]]):
            i += 1
            stop = lines[i][1]
        out.append((start, stop))
        i += 1
    return out


def _split_long(start: int, stop: int) -> list[tuple[int, int]]:
    # razdel is fine on paragraphs; a 10 MB single line is cut into bounded chunks at spaces first.
    out = []
    pos = start
    while stop - pos > _MAX_BLOCK:
        cut = pos + _MAX_BLOCK
        out.append((pos, cut))
        pos = cut
    out.append((pos, stop))
    return out


def sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` (already masked), with offsets into it."""
    from razdel import sentenize

    out: list[Sentence] = []
    for bstart, bstop in blocks(text):
        for cstart, cstop in _split_long(bstart, bstop):
            chunk = text[cstart:cstop]
            for s in sentenize(chunk):
                if not s.text.strip() or not any(ch.isalnum() for ch in s.text):
                    continue
                start = cstart + s.start
                stop = cstart + s.stop
                out.append(Sentence(len(out), start, stop, text[start:stop]))
    return out
