"""Stage 3: sentences with offsets. Adapter around razdel.

razdel is run on blocks of lines: each line is its own block (titles and datelines have no
final full stop), except that a long line cut off mid-sentence is joined with the next
non-empty line, because some files break a sentence across a blank line. razdel's rules decide
every boundary, driven here without its per-call overhead (see ``_spans``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from factcheck.model import Sentence

_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_FINAL_PUNCTUATION = tuple('.!?…:;"»”)]')  # a line ending with one (then spaces maybe) is not cut
_FINAL_CHARS = frozenset(_FINAL_PUNCTUATION)
_MAX_BLOCK = 20000
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts
_MAX_DECISIONS = 20_000  # razdel decisions kept (see _spans): a few MB


def _looks_cut(line: str) -> bool:
    """A line that stops mid-sentence: long, no final punctuation, and not a Title Case headline."""
    if line.rstrip().endswith(_FINAL_PUNCTUATION):
        return False
    words = _WORD.findall(line)
    if len(words) < 8:
        return False
    lowercase_long = sum(1 for w in words if len(w) >= 4 and w[0].islower())
    return lowercase_long >= 2


def blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text to split into sentences independently."""
    out: list[tuple[int, int]] = []
    start = stop = -1  # the block so far: its first line's start and its last line's end
    last = ""  # its last line
    pos = 0
    # The lines, runs of characters other than "\r" and "\n", those not blank: str.split finds
    # "\n" far faster than a regex walks the characters between; "\r" is made "\n", keeping every
    # offset. A line is joined with the next when it looks cut; most end with final punctuation,
    # which tells they are not without a copy.
    for line in (text.replace("\r", "\n") if "\r" in text else text).split("\n"):
        end = pos + len(line)
        if line and not line.isspace():
            if start < 0:
                start = pos
            elif text[stop - 1] in _FINAL_CHARS or not _looks_cut(last):
                out.append((start, stop))
                start = pos
            last, stop = line, end
        pos = end + 1
    if start >= 0:
        out.append((start, stop))
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
    alnum = _ALNUM.search
    new = object.__new__
    for regions in _scans(text):
        for start, stop in _spans(text, regions):
            # A sentence starts with a character other than a space, mostly a letter: no search then.
            if text[start].isalnum() or alnum(text, start, stop):
                # Sentence(len(out), start, stop, text[start:stop]), as pickle and copy make one: its
                # frozen __init__ sets each field through object.__setattr__, at twice the cost.
                sentence = new(Sentence)
                fields = sentence.__dict__
                fields["index"] = len(out)
                fields["start"] = start
                fields["stop"] = stop
                fields["text"] = text[start:stop]
                out.append(sentence)
    return out


def _scans(text: str) -> Iterator[list[tuple[int, int]]]:
    """The blocks of ``text`` in groups that ``_spans`` can take at once: blocks have a line end
    between them, but the pieces of a long one (``_split_long``) touch, and go one by one."""
    group: list[tuple[int, int]] = []
    for start, stop in blocks(text):
        if stop - start <= _MAX_BLOCK:
            group.append((start, stop))
            continue
        if group:
            yield group
            group = []
        for piece in _split_long(start, stop):
            yield [piece]
    if group:
        yield group


def razdel_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences razdel's ``sentenize`` finds in ``text`` (but the empty ones)."""
    return _spans(text, [(0, len(text))])


def _spans(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans (offsets into ``text``) of the sentences razdel's ``sentenize`` finds in each region
    ``text[begin:end]``, but the empty ones; ``regions`` are in order, with whitespace between them.

    razdel's own splitter pattern and rules decide every boundary; only its driver is redone here,
    without the string building and searching it does to return offsets, and with one search for
    all the regions. A delimiter not followed by a space is joined whatever the rest says (razdel's
    first two rules, ``empty_side`` and ``no_space_prefix``), and that is a third of all delimiters
    in news text: the pattern used here finds only the others. The rules read only the ``window``
    characters either side of a delimiter and, when it is at most ``bullet_size`` long, the text
    since the last boundary: their decision is kept under those.
    """
    parts = _razdel()
    if parts is None:
        from razdel import sentenize

        return [
            (begin + s.start, begin + s.stop)
            for begin, end in regions
            for s in sentenize(text[begin:end])
            if s.text.strip()
        ]
    spaced, window, bullet_size, joins = parts
    decisions = _DECISIONS
    decided = decisions.get
    out: list[tuple[int, int]] = []
    append = out.append
    following = iter(regions)
    begin, end = next(following)
    last = begin  # where the piece since the last boundary starts (razdel's buffer)
    first = -1  # where its text starts (past the spaces after the boundary), -1 until known
    # The pattern has no anchors or lookbehinds, and no delimiter spans whitespace: one search
    # through all the regions finds what a search of each region alone finds, but a delimiter at
    # the very end of a region, which is followed by a space here and by nothing there.
    for m in spaced.finditer(text, begin, regions[-1][1]):
        start, stop = m.span()
        while start >= end:  # in a later region: the last piece of this one is a sentence
            _add_stripped(out, text, last, end, first)
            begin, end = next(following)
            last, first = begin, -1
        if stop == end:
            continue
        lo = start - window
        hi = stop + window
        key: str | tuple[str, int, int, str | None]
        if lo >= begin and hi <= end and start - last > bullet_size:
            # The usual case, both windows whole and no short buffer: the length tells the delimiter's.
            key = text[lo:hi]
        else:
            lo = max(lo, begin)
            hi = min(hi, end)
            # The left context, the delimiter and the right context as one string and two lengths.
            key = (text[lo:hi], start - lo, stop - start, text[last:start] if start - last <= bullet_size else None)
        joined = decided(key)
        if joined is None:
            if len(decisions) >= _MAX_DECISIONS:
                decisions.clear()
            joined = decisions[key] = joins(text[lo:start], m.group(1), text[stop:hi], text[last:start])
        if not joined:
            # The piece ends with its delimiter; after a boundary it starts with the spaces that follow one.
            if first < 0:
                first = _NON_SPACE.search(text, last, stop).start()  # type: ignore[union-attr]
            append((first, stop))
            last, first = stop, m.end(2)
    _add_stripped(out, text, last, end, first)
    for begin, end in following:
        _add_stripped(out, text, begin, end)
    return out


def _add_stripped(out: list[tuple[int, int]], text: str, start: int, stop: int, first: int = -1) -> None:
    """Add ``start:stop`` without the whitespace ``str.strip`` removes (as razdel strips), if any is left;
    ``first`` is where that starts when known (past the spaces after a boundary: a character that is
    not a space, unless at ``stop`` or after)."""
    if first >= 0:
        if first < stop:
            out.append((first, first + len(text[first:stop].rstrip())))
        return
    piece = text[start:stop]
    kept = piece.strip()
    if kept:
        first = start + len(piece) - len(piece.lstrip())
        out.append((first, first + len(kept)))


_NON_SPACE = re.compile(r"\S")
_DECISIONS: dict[str | tuple[str, int, int, str | None], bool] = {}
_RULES = (
    "empty_side", "no_space_prefix", "lower_right", "delimiter_right", "sokr_left", "inside_pair_sokr",
    "initials_left", "list_item", "close_quote", "close_bracket", "dash_right",
)
_DELIMITER = r"""([=:;]-?[)(]{1,3}|[\.\?!…;"„'»”’\)\]\}])"""


@cache
def _razdel() -> tuple[re.Pattern[str], int, int, Callable[[str, str, str, str], bool]] | None:
    """The parts of razdel's sentence segmenter that ``_spans`` drives: its delimiter pattern
    (followed by a space), context window, list-item size, and its rules as one function (None
    when razdel's pattern or rules are not the ones ``_spans`` was written for)."""
    # The module (razdel.segmenters.sentenize is also the name of the segmenter in it).
    razdel = importlib.import_module("razdel.segmenters.sentenize")
    # _spans relies on these rules and this pattern (see there): another razdel gets its own driver.
    segmenter = razdel.sentenize
    if tuple(rule.name for rule in segmenter.rules) != _RULES or segmenter.split.pattern != _DELIMITER:
        return None
    return _SPACED_DELIMITER, segmenter.split.window, razdel.BULLET_SIZE, _rules(razdel)


def _rules(razdel: Any) -> Callable[[str, str, str, str], bool]:
    """razdel's sentence rules (module ``razdel``) as one function: whether the delimiter between
    ``left`` and ``right`` (the window either side) is inside a sentence, ``buffer`` being the text
    since the last boundary.

    The rules, in razdel's order, are transcribed with razdel's own patterns, lists and tests: each
    either joins or has no say, and a delimiter is joined when one of them joins it. razdel's
    SentSplit computes the same things through a cached property each, and costs twice as much
    (tests/test_segment_fast.py compares the two).
    """
    last_token, first_token = razdel.LAST_TOKEN.search, razdel.FIRST_TOKEN.match
    space_prefix, space_suffix = razdel.SPACE_PREFIX.match, razdel.SPACE_SUFFIX.search
    smile_prefix, pair_sokr, word = razdel.SMILE_PREFIX.match, razdel.PAIR_SOKR.search, razdel.WORD.search
    tokens = razdel.TOKEN.findall
    is_lower_alpha, is_sokr, is_bullet = razdel.is_lower_alpha, razdel.is_sokr, razdel.is_bullet
    head_pair_sokrs, pair_sokrs = razdel.HEAD_PAIR_SOKRS, razdel.PAIR_SOKRS
    head_sokrs, sokrs, initials = razdel.HEAD_SOKRS, razdel.SOKRS, razdel.INITIALS
    bullet_bounds, bullet_size = razdel.BULLET_BOUNDS, razdel.BULLET_SIZE
    quotes, close_quotes, generic_quotes = razdel.QUOTES, razdel.CLOSE_QUOTES, razdel.GENERIC_QUOTES
    close_brackets, dashes = razdel.CLOSE_BRACKETS, razdel.DASHES
    delimiters, endings = razdel.DELIMITERS, razdel.ENDINGS

    # What the rules read of each side, by its text: a window's text is new to the cache of
    # decisions far more often than either of its sides (in news, a sixth as many lefts, or rights,
    # as pairs of them).
    lefts: dict[str, tuple[str | None, tuple[str, str] | None, bool]] = {}
    rights: dict[str, tuple[str | None, bool, bool]] = {}

    def left_side(left: str) -> tuple[str | None, tuple[str, str] | None, bool]:
        """The last token of ``left``, the pair of a pair abbreviation ending it (lowercase), and whether
        it ends with a space."""
        if len(lefts) >= _MAX_DECISIONS:
            lefts.clear()
        match = last_token(left)
        pair = pair_sokr(left) if "." in left else None  # the pattern has a full stop
        lefts[left] = side = (
            match.group(1) if match else None,
            (pair.group(1).lower(), pair.group(2).lower()) if pair else None,
            bool(space_suffix(left)),
        )
        return side

    def right_side(right: str) -> tuple[str | None, bool, bool]:
        """The first token of ``right``, and whether it starts with a space, and with a smile."""
        if len(rights) >= _MAX_DECISIONS:
            rights.clear()
        match = first_token(right)
        rights[right] = side = (
            match.group(1) if match else None, bool(space_prefix(right)), bool(smile_prefix(right))
        )
        return side

    def sokr_left(pair: tuple[str, str] | None, left_token: str, right_token: str) -> bool:
        if pair:
            if pair in head_pair_sokrs:
                return True
            if pair in pair_sokrs:
                return bool(is_sokr(right_token))
        token = left_token.lower()
        return token in head_sokrs or (token in sokrs and bool(is_sokr(right_token)))

    def joins(left: str, delimiter: str, right: str, buffer: str) -> bool:
        left_token, pair, spaced_left = lefts.get(left) or left_side(left)
        right_token, spaced_right, smile = rights.get(right) or right_side(right)
        if not left_token or not right_token:  # empty_side
            return True
        if not spaced_right:  # no_space_prefix
            return True
        if is_lower_alpha(right_token):  # lower_right
            return True
        if right_token not in generic_quotes and (right_token in delimiters or smile):
            return True  # delimiter_right
        if delimiter == ".":
            if sokr_left(pair, left_token, right_token):  # sokr_left
                return True
            if (left_token.lower(), right_token.lower()) in pair_sokrs:  # inside_pair_sokr
                return True
            if (left_token.isupper() and len(left_token) == 1) or left_token.lower() in initials:
                return True  # initials_left
        if delimiter in bullet_bounds and len(buffer) <= bullet_size:  # list_item
            if all(is_bullet(token) for token in tokens(buffer)):
                return True
        if delimiter in quotes:  # close_quote
            if delimiter in close_quotes:
                if left_token not in endings:
                    return True
            elif delimiter in generic_quotes and (spaced_left or left_token not in endings):
                return True
        if delimiter in close_brackets and left_token not in endings:  # close_bracket
            return True
        if right_token in dashes:  # dash_right
            match = word(right)
            if match and is_lower_alpha(match.group(1)):
                return True
        return False

    return joins


# razdel's delimiter pattern (_DELIMITER) with each alternative starting with its own character, so
# that the regex engine skips ahead to those characters instead of trying every position (a
# quarter of the time); then only the delimiters followed by a space (the others are joined), with
# those spaces as group 2 (the next piece's text starts after them). The pattern cannot match a
# shorter delimiter where razdel's matched a longer one: a smile's characters are followed by more
# of it, not by a space. tests/test_segment_fast.py compares them.
_SPACED_DELIMITER = re.compile(
    "(%s)(?=(\\s+))"
    % "|".join([re.escape(c) + r"-?[)(]{1,3}" for c in "=:;"] + [re.escape(c) for c in ".?!…;\"„'»”’)]}"])
)
