"""Stage 1: decoding, masking and metadata (table-driven)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factcheck import load
from factcheck.model import Problem

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


@pytest.mark.parametrize(
    ("text", "published", "source"),
    [
        (" date 2025-10-31 WASHINGTON, October 31. /TASS/. Venezuela asked.", dt.date(2025, 10, 31), "marker"),
        ("date 2026-03-12 Body text starts here.", dt.date(2026, 3, 12), "marker"),
        ("\n\nTitle of the piece\n\nOctober 31, 2025\n\nBody.", dt.date(2025, 10, 31), "dateline"),
        ("Заголовок\n\n30.07.2025\n\nТекст.", dt.date(2025, 7, 30), "dateline"),
        ("Заголовок статьи\n12 марта 2026 года\nТекст.", dt.date(2026, 3, 12), "dateline"),
        ("Title\n\nBody with no date.\n\nOriginal url:\n\nhttps://example.org/2025/10/31/slug-a1", dt.date(2025, 10, 31), "url"),
        ("Title\n\nBody with no date at all.", None, None),
        ("Headline here\nLONDON, 3 March 2024 - Body.", dt.date(2024, 3, 3), "dateline"),
    ],
)
def test_publication_date(text: str, published: dt.date | None, source: str | None) -> None:
    meta = load.read_metadata(text)
    assert meta.published == published
    assert meta.date_source == source


def test_title_is_first_short_line_without_full_stop() -> None:
    meta = load.read_metadata("Russia Reaffirms Backing\nCARACAS – Russia has said.")
    assert meta.title == "Russia Reaffirms Backing"
    assert load.read_metadata(" date 2025-10-31 Body sentence.").title is None


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Caption, May 7. **Alexander Zemlianichenko / Pool / TASS**\n", "Zemlianichenko", "May 7."),
        ("The Post <u>reported</u> Friday", "<u>", "reported"),
        ("# Heading line\nBody", "#", "Heading line"),
        ("Photo: Ivan Petrov / Reuters\nBody 5 planes.", "Petrov", "5 planes"),
        ("Фото: ТАСС\nТекст", "ТАСС", "Текст"),
        ("Original url:\n\nhttps://example.org/2025/10/31/x", "https", ""),
        (" date 2025-10-31 First sentence.", "2025-10-31", "First sentence."),
        ("Plain <!-- factcheck: ignore --> text", "factcheck", "Plain"),
    ],
)
def test_mask_keeps_offsets(text: str, gone: str, kept: str) -> None:
    masked = load.mask_markup(text)
    assert len(masked) == len(text)
    assert gone not in masked
    assert kept in masked


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Привет, мир".encode("utf-8"), "Привет, мир"),
        (b"\xef\xbb\xbf" + "Hello".encode("utf-8"), "Hello"),
        (b"\xff\xfe" + "Hello".encode("utf-16-le"), "Hello"),
        (b"\xfe\xff" + "Привет".encode("utf-16-be"), "Привет"),
        ("Правительство сообщило о росте цен на пять процентов".encode("cp1251"), "Правительство сообщило о росте цен на пять процентов"),
        ("Правительство сообщило о росте цен на пять процентов".encode("koi8-r"), "Правительство сообщило о росте цен на пять процентов"),
        ("Café owners said prices rose".encode("latin-1"), "Café owners said prices rose"),
    ],
)
def test_decode(data: bytes, expected: str) -> None:
    got = load.decode(data)
    assert not isinstance(got, str)
    assert got.text == expected


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00", b"abc\x00def", b"\xff\xfe\x00\xd8"])
def test_decode_rejects_binary(data: bytes) -> None:
    assert isinstance(load.decode(data), str)


def test_read_file_problems(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert isinstance(load.read_file(empty), Problem)
    big = tmp_path / "big.txt"
    big.write_text("word " * 100, encoding="utf-8")
    assert isinstance(load.read_file(big, max_size=10), Problem)
    assert isinstance(load.read_file(tmp_path), Problem)


def test_discover_sorted_recursive(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/z.md", "a.txt", "b/a.TXT", "skip.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    got = [p.relative_to(tmp_path).as_posix() for p in load.discover(tmp_path)]
    assert got == ["a.txt", "b/a.TXT", "b/z.md"]


def test_seeds_are_byte_identical_to_shared() -> None:
    shared = Path(__file__).parent.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for f in sorted(shared.iterdir()):
        assert (SEEDS / f.name).read_bytes() == f.read_bytes()


# --------------------------------------------------------------------------- issue 7: decoding and masking


@pytest.mark.parametrize(
    ("data", "expected", "encoding"),
    [
        ("Hello there, the plan is ready".encode("utf-16-le"), "Hello there, the plan is ready", "utf-16-le"),
        ("Hello there, the plan is ready".encode("utf-16-be"), "Hello there, the plan is ready", "utf-16-be"),
        ("He said \u201cno\u201d \u2014 twice\u2026".encode("cp1252"), "He said \u201cno\u201d \u2014 twice\u2026", "cp1252"),
        ("ПРАВИТЕЛЬСТВО СООБЩИЛО".encode("koi8-r"), "ПРАВИТЕЛЬСТВО СООБЩИЛО", "koi8-r"),
        ("ПРАВИТЕЛЬСТВО СООБЩИЛО".encode("cp1251"), "ПРАВИТЕЛЬСТВО СООБЩИЛО", "cp1251"),
        ("Prices rose. «Цены выросли», сказал он. More words.".encode("cp1251"),
         "Prices rose. «Цены выросли», сказал он. More words.", "cp1251"),
        ("Москва и Каракас подписали договор. ".encode() * 3 + b"\xff",
         "Москва и Каракас подписали договор. " * 3 + "\ufffd", "utf-8 with 1 invalid byte replaced"),
        (b"\xff\xfe" + "\ufeffBOM twice".encode("utf-16-le"), "BOM twice", "utf-16-le"),
    ],
)
def test_decode_more_encodings(data: bytes, expected: str, encoding: str) -> None:
    got = load.decode(data)
    assert not isinstance(got, str), got
    assert (got.text, got.encoding) == (expected, encoding)


def test_decode_replaces_control_characters_one_for_one() -> None:
    got = load.decode(b"a\x1b[31mb\x07c\x0cd\x7fe\r\nf\tg")
    assert not isinstance(got, str)
    assert got.text == "a\ufffd[31mb\ufffdc d\ufffde\r\nf\tg"
    assert load.decode(b"a\x00b") == "binary file (contains NUL bytes)"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_mask_line_patterns_with_any_line_end(newline: str) -> None:
    text = newline.join(["# Heading", "Photo: Ivan Petrov / Reuters", "Body 5 planes.", "Original url:", "",
                         "https://example.org/2025/10/31/x", "Tail 7 ships."])
    masked = load.mask_markup(text)
    assert len(masked) == len(text)
    assert "Petrov" not in masked and "https" not in masked and "#" not in masked
    assert "Body 5 planes." in masked and "Tail 7 ships." in masked  # a credit line stops at its line end
    assert load.read_metadata(text).url == "https://example.org/2025/10/31/x"


def test_display_path_escapes_what_a_terminal_would_obey() -> None:
    assert load.display_path("a b/Новости.txt") == "a b/Новости.txt"
    assert load.display_path("new\nline\x1b[31m.txt") == "new\\nline\\u001b[31m.txt"
    assert load.display_path("caf\udce9.txt") == "caf\\xe9.txt"


def test_scan_reports_and_discover_agrees(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "b.md").write_text("x", encoding="utf-8")
    found = load.scan(tmp_path, max_depth=1)
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == ["a.txt"]
    assert [(p.path, p.message) for p in found.problems] == [("deep/er", "skipped folder: deeper than 1 levels")]
    assert load.discover(tmp_path) == list(load.scan(tmp_path).files)
