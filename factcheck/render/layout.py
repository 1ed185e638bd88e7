"""Fast writers for the terminal report: rich's SIMPLE_HEAD tables and indented text blocks, same lines and styles.

rich renders every table cell through Padding, Text.wrap, Lines and Segment.split_and_crop_lines, and
measures every cell twice; on a 10,000-article archive that is most of the run. These writers take the
column widths from rich itself (a rich Table holding only the cells that reach each column's extremes)
and then lay the rows out directly, wrapping text with rich's own divide_line and cell functions and
the same span arithmetic as Text.divide / truncate / rstrip_end, so the output is byte for byte
rich's, styles and segment boundaries included. A cell whose text needs anything else (tabs,
centred or full justification) is handed to rich whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich import box as rich_box
from rich._wrap import divide_line
from rich.cells import cell_len, get_character_cell_size, set_cell_size
from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style, StyleType
from rich.table import Table
from rich.text import Text

# (start, end, style) of a styled run in one output line; a line's base style comes first, over the whole line.
Span3 = tuple[int, int, StyleType]
# One output line of a cell: its characters and its style spans.
Line = tuple[str, list[Span3]]
# A piece of output and its style (None: unstyled), a Segment to be.
Run = tuple[str, Style | None]
# Part of an output line: unstyled text, segments, unstyled text. Lines are put together from pieces,
# each stretch of unstyled text as one segment (the same output as rich's, with far fewer segments).
Piece = tuple[str, list[Segment], str]

_MISSING = object()

# Characters known to take exactly one cell: in a text made only of them, cells are characters
# (rich's cell_len, chop_cells and set_cell_size all reduce to len and slicing). Line feeds are
# not, but texts are split into lines before any length is taken.
_ONE_CELL: set[str] = {"\n", *map(chr, range(0x20, 0x7F))}
_ASCII_NOT_ONE_CELL = re.compile(r"[^\n\x20-\x7e]")
_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap.re_word


def one_cell_chars(text: str) -> bool:
    """Whether every character of ``text`` but line feeds is one cell wide (rich.cells.get_character_cell_size)."""
    if text.isascii() and not _ASCII_NOT_ONE_CELL.search(text):
        return True
    chars = set(text)
    if chars <= _ONE_CELL:
        return True
    new = chars - _ONE_CELL
    # Zero-width joiners and variation selectors change their neighbours' widths: not one cell each.
    if "\u200d" in new or "\ufe0f" in new or any(get_character_cell_size(ch) != 1 for ch in new):
        return False
    _ONE_CELL.update(new)
    return True


def divide_one_cell(text: str, width: int, fold: bool = True) -> list[int]:
    """rich._wrap.divide_line for a text of one-cell characters (cell lengths are lengths)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start = match.start()
        word = match.group()
        word_length = len(word.rstrip())
        if width - offset >= word_length:
            offset += len(word)
        elif word_length > width:
            if fold:
                # chop_cells: pieces of ``width`` characters, the last one starting the new line.
                chunks = range(0, len(word), width)
                for chunk_start in chunks:
                    if start + chunk_start:
                        breaks.append(start + chunk_start)
                offset = len(word) - chunks[-1]
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def _trim(spans: list[Span3], size: int) -> list[Span3]:
    """Spans cut at ``size`` characters (Text._trim_spans)."""
    return [(s, e if e < size else min(size, e), st) for s, e, st in spans if s < size]


def _slice(spans: list[Span3], start: int, end: int) -> list[Span3]:
    """The non-empty parts of ``spans`` within [start, end), relative to start (Text.divide)."""
    out = []
    for s, e, st in spans:
        a, b = max(0, s - start), min(e - start, end - start)
        if b > a:
            out.append((a, b, st))
    return out


def _truncate(plain: str, spans: list[Span3], width: int, overflow: str, pad: bool,
              cells: Callable[[str], int] = cell_len) -> Line:
    """Text.truncate: crop (or end with an ellipsis) past ``width`` cells, pad with spaces up to it."""
    length = cells(plain)
    if length > width:
        old = len(plain)
        plain = set_cell_size(plain, width - 1) + "…" if overflow == "ellipsis" else set_cell_size(plain, width)
        if len(plain) < old:
            spans = _trim(spans, len(plain))
    if pad and length < width:
        plain += " " * (width - length)
    return plain, spans


def wrap(text: Text, width: int, justify: str, overflow: str, no_wrap: bool, *, one_cell: bool | None = None,
         styled: bool = True) -> list[Line] | None:
    """The lines of ``text`` as Text.wrap gives them (same breaks, padding and spans), or None when only rich can.

    ``justify`` is "left" (padded to ``width``, as in a table cell), "right" or "default" (not padded);
    ``one_cell`` is ``one_cell_chars(text.plain)`` when known; ``styled`` False leaves the spans out.
    """
    plain = text.plain
    spans: list[Span3] = text.spans if styled else []  # type: ignore[assignment]
    if (width < 1 or "\t" in plain or justify not in ("left", "right", "default") or overflow == "ignore"
            or any(e > len(plain) or s > e for s, e, _ in spans)):
        return None
    base = text.style if styled else None
    if one_cell is None:
        one_cell = one_cell_chars(plain)
    cells: Callable[[str], int] = len if one_cell else cell_len
    divide = divide_one_cell if one_cell else divide_line
    if "\n" in plain:
        pieces = []
        start = 0
        for raw in plain.split("\n"):
            end = start + len(raw)
            pieces.append((raw, _slice(spans, start, end)))
            start = end + 1
    else:
        pieces = [(plain, spans)]
    out: list[Line] = []
    for raw, raw_spans in pieces:
        if no_wrap:
            parts = [(raw, raw_spans)]
        else:
            offsets = divide(raw, width, fold=overflow == "fold") if cells(raw) > width else []
            if offsets:
                bounds = [0, *offsets, len(raw)]
                parts = [(raw[a:b], _slice(raw_spans, a, b)) for a, b in pairwise(bounds)]
            else:
                parts = [(raw, raw_spans)]
            # Text.rstrip_end: whitespace past the width (counted in characters) goes.
            for i, (part, part_spans) in enumerate(parts):
                if len(part) > width:
                    stripped = len(part) - len(part.rstrip())
                    if stripped:
                        size = len(part) - min(stripped, len(part) - width)
                        parts[i] = (part[:size], _trim(part_spans, size))
        # Lines.justify, then Text.truncate (which leaves a justified line, exactly ``width`` cells, as it is).
        for part, part_spans in parts:
            if justify == "left":
                part, part_spans = _truncate(part, part_spans, width, overflow, True, cells)
            elif justify == "right":
                stripped = part.rstrip()
                if len(stripped) < len(part):
                    part, part_spans = stripped, _trim(part_spans, len(stripped))
                part, part_spans = _truncate(part, part_spans, width, overflow, False, cells)
                shift = width - cells(part)
                if shift > 0:
                    part = " " * shift + part
                    part_spans = [(s + shift, e + shift, st) for s, e, st in part_spans]
            else:
                part, part_spans = _truncate(part, part_spans, width, overflow, False, cells)
            if base:
                part_spans = [(0, len(part), base), *part_spans]
            out.append((part, part_spans))
    return out


class _Styles:
    """Styled runs of wrapped lines for one console, style combinations cached (as Text.render makes them)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._combined: dict[tuple[StyleType, ...], Style | None] = {}

    def combine(self, styles: tuple[StyleType, ...]) -> Style | None:
        """The style of a run under ``styles`` (earlier ones first); None when it styles nothing."""
        got = self._combined.get(styles, _MISSING)
        if got is _MISSING:
            get = self.console.get_style
            null = Style.null()
            got = self._combined[styles] = Style.combine([null, *(get(s, default=null) for s in styles)]) or None
        return got  # type: ignore[return-value]

    def runs(self, line: Line) -> list[Run]:
        """The runs of one line, cut wherever a style span starts or ends (the segments Text.render yields)."""
        plain, spans = line
        if not spans:
            return [(plain, None)]
        combine = self.combine
        n = len(plain)
        if len(spans) == 1:
            start, end, style = spans[0]
            if start >= end:  # an empty span cuts nothing but unstyled text here
                return [(plain, None)]
            runs = [(plain[start:end], combine((style,)))]
            if start:
                runs.insert(0, (plain[:start], None))
            if end < n:
                runs.append((plain[end:], None))
            return runs
        cuts = sorted({0, n, *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
        return [(plain[a:b], combine(tuple([st for s, e, st in spans if s <= a and e >= b])))
                for a, b in pairwise(cuts)]

    def piece(self, prefix: str, line: Line, suffix: str) -> Piece:
        """Unstyled ``prefix``, the line, unstyled ``suffix``, as a piece."""
        plain, spans = line
        if not spans:
            return prefix + plain + suffix, [], ""
        if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(plain):
            style = self.combine((spans[0][2],))
            return (prefix, [Segment(plain, style)], suffix) if style else (prefix + plain + suffix, [], "")
        runs = self.runs(line)
        first, last = 0, len(runs)
        while first < last and runs[first][1] is None:
            first += 1
        if first == last:
            return prefix + plain + suffix, [], ""
        while runs[last - 1][1] is None:
            last -= 1
        return (prefix + "".join([t for t, _ in runs[:first]]),
                [Segment(t, style) for t, style in runs[first:last]],
                "".join([t for t, _ in runs[last:]]) + suffix)


def _segments(pieces: Iterable[Piece], end: str = "") -> list[Segment]:
    """The segments of a line put together from ``pieces``, then ``end``."""
    out: list[Segment] = []
    pending = ""
    for lead, middle, trail in pieces:
        if middle:
            pending += lead
            if pending:
                out.append(Segment(pending))
            out.extend(middle)
            pending = trail
        else:
            pending += lead + trail
    pending += end
    if pending:
        out.append(Segment(pending))
    return out


def _styled(text: str, style: Style | None) -> Piece:
    """A piece of ``text`` in ``style``."""
    return (text, [], "") if style is None else ("", [Segment(text, style)], "")


def _cropped(segments: Iterable[Segment], width: int) -> Iterable[Segment]:
    """The lines of ``segments`` cut at ``width`` cells, as ``console.print(crop=True)`` cuts them."""
    for line in Segment.split_and_crop_lines(segments, width, pad=False):
        yield from line


def _plain_output(console: Console) -> bool:
    """Whether styles cannot reach the output, so lines may be written as bare strings."""
    return console.color_system is None and not console.record


@dataclass(frozen=True)
class Column:
    """The rich Column options the report's tables use."""

    header: str
    justify: JustifyMethod = "left"
    overflow: OverflowMethod = "ellipsis"
    no_wrap: bool = False
    min_width: int | None = None
    max_width: int | None = None
    ratio: int | None = None


def _measure(plain: str, one_cell: bool) -> tuple[int, int]:
    """Text.__rich_measure__, normalised: (longest word, longest line) in cells."""
    cells: Callable[[str], int] = len if one_cell else cell_len
    lines = plain.splitlines()
    longest = max(map(cells, lines)) if lines else 0
    words = plain.split()
    shortest = max(map(cells, words)) if words else longest
    return min(max(0, shortest), longest), longest


class SimpleHeadTable:
    """A rich ``Table(title=..., box=SIMPLE_HEAD, title_justify="left", expand=True)``, drawn line by line.

    Its lines never run past ``options.max_width`` (it crops them as ``console.print`` would), so it can
    be printed with ``crop=False``, sparing the console a pass over every segment.
    """

    def __init__(self, title: str, columns: Sequence[Column]) -> None:
        self.title = title
        self.columns = list(columns)
        self.rows: list[tuple[Text | str, ...]] = []
        self.section_ends: set[int] = set()

    def add_row(self, *cells: Text | str) -> None:
        """Add a row, one cell per column."""
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(cells)

    def add_section(self) -> None:
        """Draw a separator after the last row added."""
        if self.rows:
            self.section_ends.add(len(self.rows) - 1)

    def rich_table(self, rows: bool = True) -> Table:
        """The rich Table this one draws like (without its rows if ``rows`` is False)."""
        table = Table(title=self.title, box=rich_box.SIMPLE_HEAD, show_lines=False, title_justify="left",
                      expand=True)
        for c in self.columns:
            table.add_column(c.header, justify=c.justify, overflow=c.overflow, no_wrap=c.no_wrap,
                             min_width=c.min_width, max_width=c.max_width, ratio=c.ratio)
        if rows:
            for index, row in enumerate(self.rows):
                table.add_row(*row, end_section=index in self.section_ends)
        return table

    def _widths(self, console: Console, options: ConsoleOptions, rows: list[list[Text]],
                one_cell: list[list[bool]]) -> tuple[Table, list[int]]:
        """Column widths as rich computes them, which depend only on each column's widest cells."""
        table = self.rich_table(rows=False)
        if rows:
            best: list[list[tuple[int, Text]]] = [[(-1, t), (-1, t)] for t in rows[0]]
            for row, ones in zip(rows, one_cell):
                for i, (cell, one) in enumerate(zip(row, ones)):
                    lo, hi = _measure(cell.plain, one)
                    b = best[i]
                    if lo > b[0][0]:
                        b[0] = (lo, cell)
                    if hi > b[1][0]:
                        b[1] = (hi, cell)
            table.add_row(*(b[0][1] for b in best))
            table.add_row(*(b[1][1] for b in best))
        # Private in rich, but it is the computation itself; tests/test_table_fast.py compares with Table.
        widths = table._calculate_column_widths(console, options.update_width(options.max_width - table._extra_width))
        return table, widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        markup = options.markup
        texts: dict[str, Text] = {}

        def as_text(cell: Text | str) -> Text:
            """A str cell as rich reads it (markup and emoji codes), once per distinct string."""
            if not isinstance(cell, str):
                return cell
            got = texts.get(cell)
            if got is None:
                plain = "[" not in cell and ":" not in cell  # nothing for markup or emoji codes to replace
                got = texts[cell] = Text(cell) if plain else console.render_str(cell, markup=markup, highlight=False)
            return got

        rows = [[as_text(c) for c in row] for row in self.rows]
        one_cell = [[one_cell_chars(t.plain) for t in row] for row in rows]
        table, widths = self._widths(console, options, rows, one_cell)
        table_width = sum(widths) + table._extra_width
        if table_width > options.max_width:
            # Columns that cannot shrink enough: rich draws it, cropped as console.print would crop it.
            yield from _cropped(console.render(self.rich_table(), options), options.max_width)
            return
        render_options = options.update(width=table_width, highlight=False, height=None)
        title = console.render_str(self.title, style="table.title", highlight=False)
        yield from console.render(title, render_options.update(justify="left"))

        box = rich_box.SIMPLE_HEAD.substitute(options, safe=console.safe_box)
        border = (console.get_style("") + console.get_style("")) or None
        plain = _plain_output(console)
        styles = _Styles(console)
        head = console.get_style("table.header") + console.get_style("")
        pad_style = console.get_style("none") or None
        cell_options = [
            render_options.update(width=w, justify=c.justify, no_wrap=c.no_wrap, overflow=c.overflow, height=None,
                                  highlight=False)
            for w, c in zip(widths, self.columns)
        ]

        def cell_lines(col: int, text: Text, style: Style | None, one: bool | None = None
                       ) -> list[Piece] | list[str]:
            """One cell as rich's Table draws it: Padding (0, 1) around the wrapped text, each line full width."""
            c = self.columns[col]
            justify = text.justify or c.justify
            overflow = text.overflow or c.overflow
            no_wrap = c.no_wrap if text.no_wrap is None else text.no_wrap
            # A cell justified otherwise would be padded outside its text (unstyled): rich draws it.
            lines = wrap(text, widths[col] - 2, justify, overflow, no_wrap, one_cell=one, styled=not plain) \
                if justify in ("left", "right") else None
            if lines is None:
                rendered = console.render_lines(Padding(text, (0, 1)), cell_options[col], style=style)
                if plain:
                    return ["".join(s.text for s in line) for line in rendered]
                return [("", line, "") for line in rendered]
            if plain:
                return [f" {line[0]} " for line in lines]
            if style or pad_style:
                pad = (" ", pad_style)
                return [("", [Segment(t, style + st if style else st) for t, st in [pad, *styles.runs(line), pad]], "")
                        for line in lines]
            return [styles.piece(" ", line, " ") for line in lines]

        def draw(cells: list[list[Piece]] | list[list[str]], edges: tuple[str, str, str], header: bool,
                 blank_style: Style | None) -> Iterable[Segment]:
            """The lines of one row, shorter cells filled with blank lines (at the bottom; the top for the header)."""
            left, right, divider = edges
            height = max(len(c) for c in cells)
            filled: list = []
            for w, c in zip(widths, cells):
                if len(c) < height:
                    blank = " " * w if plain else _styled(" " * w, blank_style)
                    c = [blank] * (height - len(c)) + c if header else c + [blank] * (height - len(c))
                filled.append(c)
            if plain:
                yield Segment("".join(f"{left}{divider.join(c[n] for c in filled)}{right}\n" for n in range(height)))
                return
            left_piece, right_piece, divider_piece = _styled(left, border), _styled(right, border), \
                _styled(divider, border)
            for n in range(height):
                pieces = [left_piece]
                for i, c in enumerate(filled):
                    if i:
                        pieces.append(divider_piece)
                    pieces.append(c[n])
                pieces.append(right_piece)
                yield from _segments(pieces, "\n")

        def rule(line: str) -> list[Segment]:
            """A line of box characters."""
            return _segments([_styled(line, border)], "\n")

        yield from rule(box.get_top(widths))
        headers = [console.render_str(c.header, markup=markup, highlight=False) for c in self.columns]
        header_cells = [cell_lines(i, t, head) for i, t in enumerate(headers)]
        yield from draw(header_cells, (box.head_left, box.head_right, box.head_vertical), True, head)
        yield from rule(box.get_row(widths, "head", edge=True))
        separator = box.get_row(widths, "row", edge=True)
        last = len(rows) - 1
        for index, row in enumerate(rows):
            edges = (box.foot_left, box.foot_right, box.foot_vertical) if index == last else \
                (box.mid_left, box.mid_right, box.mid_vertical)
            ones = one_cell[index]
            yield from draw([cell_lines(i, t, None, ones[i]) for i, t in enumerate(row)], edges, False, None)
            if index in self.section_ends and index != last:
                yield from rule(separator)
        yield from rule(box.get_bottom(widths))


class Blocks:
    """Texts printed one under the other, each alone (``console.print(text)``) or indented
    (``console.print(Padding(text, (0, 0, 0, indent)))``), written in one go.

    Like SimpleHeadTable, it never writes past ``options.max_width``: print it with ``crop=False``.
    """

    def __init__(self) -> None:
        self.items: list[tuple[Text, int | None]] = []

    def add(self, text: Text, indent: int | None = None) -> None:
        """Add a text, printed as it is (``indent`` None) or padded on the left by ``indent`` columns."""
        self.items.append((text, indent))

    def rich_renderables(self) -> list[Text | Padding]:
        """What rich would be given to print, one ``console.print`` each, for the same output."""
        return [text if indent is None else Padding(text, (0, 0, 0, indent)) for text, indent in self.items]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = _plain_output(console)
        styles = _Styles(console)
        width = options.max_width
        pad_style = console.get_style("none") or None
        justify = options.justify or "default"
        overflow = options.overflow or "fold"
        for text, indent in self.items:
            room = width - (indent or 0)
            # console.print(text) prints a copy without the text's own justify, overflow, no_wrap and end;
            # an indented text that sets them is left to rich.
            own = indent is not None and (text.justify or text.overflow or text.no_wrap is not None
                                          or text.end != "\n")
            one_cell = one_cell_chars(text.plain)
            cells: Callable[[str], int] = len if one_cell else cell_len
            lines = None if own else wrap(text, room, justify, overflow, bool(options.no_wrap), one_cell=one_cell,
                                          styled=not plain)
            if lines is None:
                part = Text(" ").join([text]) if indent is None else Padding(text, (0, 0, 0, indent))
                yield from _cropped(console.render(part, options), width)
            elif plain:
                if indent is None:
                    yield Segment("".join(f"{line}\n" for line, _ in lines))
                else:
                    yield Segment("".join(f"{' ' * indent}{line}{' ' * (room - cells(line))}\n" for line, _ in lines))
            else:
                for line in lines:
                    if indent is None:
                        yield from _segments([styles.piece("", line, "")], "\n")
                    elif pad_style is None:
                        yield from _segments([styles.piece(" " * indent, line, " " * (room - cells(line[0])))], "\n")
                    else:
                        fill = " " * (room - cells(line[0]))
                        yield from _segments([_styled(" " * indent, pad_style), styles.piece("", line, ""),
                                              _styled(fill, pad_style)], "\n")
