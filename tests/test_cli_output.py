"""Where the report goes: an output that cannot be written is an error (exit 2), not a traceback;
stdout in a locale that cannot encode every character still gets the whole report."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import cli

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "fixtures" / "seeds"


def _run(*args: str, encoding: str | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.pop("PYTHONIOENCODING", None)
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True, env=env, cwd=ROOT)


def test_an_output_under_a_file_is_an_error(tmp_path: Path) -> None:
    under = "a-file/deeper/report.json"
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    got = _run("compare", str(SEEDS), "-f", "json", "-o", str(tmp_path / under))
    err = got.stderr.decode()
    assert got.returncode == cli.EXIT_USAGE
    assert "cannot write" in err and "is not a folder" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # no partial file left


def test_a_baseline_under_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    got = _run("compare", str(SEEDS), "--write-baseline", str(tmp_path / "a-file" / "b.json"))
    assert got.returncode == cli.EXIT_USAGE
    assert b"cannot write" in got.stderr and b"Traceback" not in got.stderr


def test_machine_formats_are_utf8_whatever_the_locale() -> None:
    encoding = "ascii"  # no letter beyond ASCII: every Cyrillic one would fail
    plain = _run("compare", str(SEEDS), "-f", "json")
    got = _run("compare", str(SEEDS), "-f", "json", encoding=encoding)
    assert (got.returncode, got.stderr) == (plain.returncode, b"")
    assert got.stdout == plain.stdout
    assert any("\u0400" <= c <= "\u04ff" for c in got.stdout.decode("utf-8"))


def test_the_table_is_written_whatever_the_locale() -> None:
    got = _run("compare", str(SEEDS), encoding="latin-1")
    assert got.returncode == cli.EXIT_CONFLICT
    assert got.stderr == b""
    text = got.stdout.decode("utf-8")  # a pipe: UTF-8
    assert "Sources" in text and any("\u0400" <= c <= "\u04ff" for c in text)


class _Stream(io.TextIOWrapper):
    def __init__(self, encoding: str, tty: bool) -> None:
        super().__init__(io.BytesIO(), encoding=encoding)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(("encoding", "tty", "written"), [
    ("latin-1", False, "Ил-76 — 2".encode()),
    ("latin-1", True, "?\u002d76 ? 2".replace("?\u002d", "??-").encode("latin-1")),
    ("utf-8", True, "Ил-76 — 2".encode()),
])
def test_stdout_is_made_to_write_every_character(encoding: str, tty: bool, written: bytes,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _Stream(encoding, tty)
    monkeypatch.setattr(sys, "stdout", stream)
    cli._utf8_stdout()
    stream.write("Ил-76 — 2")
    stream.flush()
    assert stream.buffer.getvalue() == written  # type: ignore[attr-defined]


_FULL = Path("/dev/full")


@pytest.mark.skipif(not (_FULL.exists() and _FULL.is_char_device()), reason="no /dev/full here")
@pytest.mark.parametrize("args", [(), ("-f", "json")])
def test_a_full_disk_is_an_error(args: tuple[str, ...]) -> None:
    with open(_FULL, "w", encoding="utf-8") as full:
        got = subprocess.run([sys.executable, "-m", "factcheck", "compare", str(SEEDS), "--exit-zero", *args],
                             stdout=full, stderr=subprocess.PIPE, cwd=ROOT)
    assert got.returncode == cli.EXIT_USAGE
    assert b"no space left" in got.stderr and b"Traceback" not in got.stderr
