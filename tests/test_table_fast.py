"""The fast table and block writers (factcheck.render.layout) print exactly what rich prints for the same content."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from rich._wrap import divide_line
from rich.console import Console, RenderableType
from rich.text import Text

from factcheck.model import Verdict
from factcheck.pipeline import compare
from factcheck.render import layout, table
from factcheck.render.layout import Blocks, Column, SimpleHeadTable, divide_one_cell

ROOT = Path(__file__).parent.parent


def console(width: int, color: bool) -> tuple[Console, io.StringIO]:
    """A console like render_table's (or a colour one)."""
    buf = io.StringIO()
    return Console(file=buf, width=width, color_system="standard" if color else None, force_terminal=color,
                   legacy_windows=False, soft_wrap=False), buf


def printed(parts: list[RenderableType], width: int, color: bool, crop: bool = True) -> str:
    """The output of printing each part on its own."""
    con, buf = console(width, color)
    for part in parts:
        con.print(part, crop=crop)
    return buf.getvalue()


def check_table(t: SimpleHeadTable, width: int, color: bool) -> None:
    assert printed([t], width, color, crop=False) == printed([t.rich_table()], width, color)


def check_blocks(b: Blocks, width: int, color: bool) -> None:
    assert printed([b], width, color, crop=False) == printed(b.rich_renderables(), width, color)


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize("folder", ["seeds", "quake", "ratecut"])
@pytest.mark.parametrize("color", [False, True])
def test_report_tables_match_rich(folder: str, color: bool) -> None:
    report = compare(ROOT / "fixtures" / folder)
    groups = [g for g in report.groups if g.verdict is not Verdict.SINGLE] or report.groups
    for width in (100, 120, 163, 250):
        check_table(table._sources_table(report), width, color)
        check_table(table._stories_table(report), width, color)
        check_table(table._group_table(report, groups, "Groups"), width, color)
    for width in (40, 60, 99):
        check_blocks(table._sources_blocks(report), width, color)
        check_blocks(table._group_blocks(report, groups, "Groups"), width, color)


# Words long enough to fold, wide (CJK, emoji) characters, Cyrillic, markup and emoji codes, blank lines...
WORDS = ["a", "bb", "word", "Москва", "заявил", "сотрудников", "东京都", "日本語のテキスト", "x" * 30,
         "supercalifragilisticexpialidocious", "1,000", "—", "…", "▸", "👍", "👨‍👩‍👧", "é", "e\u0301", "[bold]",
         "[/]", ":smile:", "\x07", "\u00a0", "  ", ""]
STYLES = ["", "bold", "cyan", "bold red", "dim", "magenta", "bold underline"]


def random_text(rng: random.Random, lines: int = 3) -> Text:
    """A text of a few lines of random words, a base style and styled pieces."""
    text = Text(style=rng.choice(STYLES))
    for n in range(rng.randint(1, lines)):
        if n:
            text.append("\n")
        for _ in range(rng.randint(0, 12)):
            text.append(rng.choice(WORDS) + rng.choice([" ", " ", "", "  "]), style=rng.choice(STYLES))
    return text


def random_cell(rng: random.Random) -> Text | str:
    """A cell: mostly Text, sometimes a str (read as markup), sometimes empty."""
    kind = rng.random()
    if kind < 0.1:
        return ""
    if kind < 0.25:  # "[/]" alone is a markup error
        return " ".join(rng.choice([w for w in WORDS if w != "[/]"]) for _ in range(rng.randint(1, 4)))
    return random_text(rng)


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_match_rich(seed: int) -> None:
    rng = random.Random(seed)
    columns = [
        Column("group", overflow="fold", max_width=20),
        Column("src", no_wrap=True),
        Column("value", overflow="fold", max_width=18),
        Column("claims", justify="right", no_wrap=True),
        Column("title / outlet", overflow="ellipsis", no_wrap=True, ratio=1),
        Column("file", overflow="fold", min_width=12),
        Column("names most of its articles share", overflow="fold", ratio=2),
    ]
    chosen = rng.sample(columns, rng.randint(1, 5))
    t = SimpleHeadTable(rng.choice(["Conflicts (3)", "Sources", "[b]Stories[/b] (2)"]), chosen)
    for _ in range(rng.randint(0, 8)):
        t.add_row(*(random_cell(rng) for _ in chosen))
        if rng.random() < 0.5:
            t.add_section()
    for width in (100, 117, 160):
        for color in (False, True):
            check_table(t, width, color)


@pytest.mark.parametrize("seed", range(40))
def test_random_blocks_match_rich(seed: int) -> None:
    rng = random.Random(seed)
    b = Blocks()
    for _ in range(rng.randint(1, 12)):
        b.add(random_text(rng, lines=2), rng.choice([None, None, 0, 2, 6]))
    b.add(Text(""))
    for width in (30, 60, 99):
        for color in (False, True):
            check_blocks(b, width, color)


def test_tabs_and_own_justify_fall_back_to_rich() -> None:
    t = SimpleHeadTable("Tabs", [Column("a", overflow="fold"), Column("b", justify="center")])
    t.add_row(Text("x\ty\tz", style="cyan"), Text("centred", style="bold"))
    t.add_row(Text("right", justify="right"), "plain")
    b = Blocks()
    b.add(Text("a\tb", style="bold"))
    b.add(Text("centred", justify="center"), 2)
    b.add(Text("no end", end=""), 6)
    for color in (False, True):
        check_table(t, 100, color)
        check_blocks(b, 60, color)


def test_divide_one_cell_is_divide_line() -> None:
    rng = random.Random(7)
    alphabet = "ab cd  efghij\u00a0Жзк…—"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        width = rng.randint(1, 30)
        fold = rng.random() < 0.8
        assert layout.one_cell_chars(text)
        assert divide_one_cell(text, width, fold) == divide_line(text, width, fold), (text, width, fold)


def test_one_cell_chars() -> None:
    assert layout.one_cell_chars("plain ascii\nand Кириллица…")
    for wide in ("東京", "👍", "e\u0301", "a\u200db", "\x1b", "x\ty"):
        assert not layout.one_cell_chars(wide)
