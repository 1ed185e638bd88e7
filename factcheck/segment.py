"""Stage 3: sentences with offsets. Adapter around razdel.

razdel is run on blocks of lines: each line is its own block (titles and datelines have no
final full stop), except that a long line cut off mid-sentence is joined with the next
non-empty line, because some files break a sentence across a blank line. razdel's rules decide
every boundary, driven here without its per-call overhead (see ``razdel_spans``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from factcheck.model import Sentence

_LINE = re.compile(r"[^\r\n]+")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_ENDS_SENTENCE = re.compile(r"[.!?…:;\"»”)\]]\s*$")
_MAX_BLOCK = 20000
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts
_MAX_DECISIONS = 20_000  # razdel decisions kept (see razdel_spans): a few MB


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
    out: list[Sentence] = []
    for bstart, bstop in blocks(text):
        for cstart, cstop in _split_long(bstart, bstop):
            chunk = text[cstart:cstop]
            for start, stop in razdel_spans(chunk):
                sentence = chunk[start:stop]
                if _ALNUM.search(sentence):
                    out.append(Sentence(len(out), cstart + start, cstart + stop, sentence))
    return out


def razdel_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences razdel's ``sentenize`` finds in ``text`` (but the empty ones).

    razdel's own splitter pattern and rules decide every boundary; only its driver is redone here,
    without the string building and searching it does to return offsets. A delimiter not followed
    by a space is joined at once: razdel's first two rules (``empty_side``, ``no_space_prefix``)
    join it whatever the rest says, and that is a third of all delimiters in news text. The rules
    read only the ``window`` characters either side of a delimiter and, when it is at most
    ``bullet_size`` long, the text since the last boundary: their decision is kept under those.
    """
    parts = _razdel()
    if parts is None:
        from razdel import sentenize

        return [(s.start, s.stop) for s in sentenize(text) if s.text.strip()]
    pattern, window, bullet_size, space_prefix, joins = parts
    out = []
    last = 0
    for m in pattern.finditer(text):
        start, stop = m.span()
        right = text[stop : stop + window]
        if not space_prefix(right):
            continue
        buffer = text[last:start]
        left = text[max(0, start - window) : start]
        key = (left, m.group(1), right, buffer if len(buffer) <= bullet_size else None)
        joined = _DECISIONS.get(key)
        if joined is None:
            if len(_DECISIONS) >= _MAX_DECISIONS:
                _DECISIONS.clear()
            joined = _DECISIONS[key] = joins(left, m.group(1), right, buffer)
        if not joined:
            _add_stripped(out, text, last, stop)
            last = stop
    _add_stripped(out, text, last, len(text))
    return out


def _add_stripped(out: list[tuple[int, int]], text: str, start: int, stop: int) -> None:
    """Add ``start:stop`` without the whitespace ``str.strip`` removes (as razdel strips), if any is left."""
    piece = text[start:stop]
    lead = len(piece) - len(piece.lstrip())
    if lead < len(piece):
        out.append((start + lead, stop - (len(piece) - len(piece.rstrip()))))


_DECISIONS: dict[tuple[str, str, str, str | None], bool] = {}
_RULES = (
    "empty_side", "no_space_prefix", "lower_right", "delimiter_right", "sokr_left", "inside_pair_sokr",
    "initials_left", "list_item", "close_quote", "close_bracket", "dash_right",
)


@cache
def _razdel() -> tuple[re.Pattern[str], int, int, Callable[[str], object], Callable[[str, str, str, str], bool]] | None:
    """The parts of razdel's sentence segmenter that ``razdel_spans`` drives: its delimiter
    pattern, context window, list-item size, space test, and its rules as one function (None
    when razdel's rules are not the ones ``razdel_spans`` was written for)."""
    from razdel.segmenters.sentenize import BULLET_SIZE, SPACE_PREFIX, SentSplit, sentenize

    # razdel_spans relies on what these rules read (see there): another razdel gets its own driver.
    if tuple(rule.name for rule in sentenize.rules) != _RULES:
        return None

    def joins(left: str, delimiter: str, right: str, buffer: str) -> bool:
        split = SentSplit(left, delimiter, right, buffer)
        return bool(sentenize.join(split))

    return sentenize.split.re, sentenize.split.window, BULLET_SIZE, SPACE_PREFIX.match, joins
