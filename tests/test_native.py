"""The optional compiled build (factcheck.native, setup.py): when its modules are used, and that they
give what the pure-Python build gives."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from factcheck import native

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_dir() and p.name != "expected")
compiled_only = pytest.mark.skipif(not native.active(), reason="the compiled build is not in use here")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    env.update(extra)
    return env


@pytest.mark.parametrize(("text", "expected"), [
    ("factcheck/segment.py 10 20 30\n", {"factcheck/segment.py": (10, 20, 30)}),
    ("a/b.py 1 2 3\nc/d.py 4 5 6\n", {"a/b.py": (1, 2, 3), "c/d.py": (4, 5, 6)}),
    ("", None),  # nothing built
    ("a/b.py 1 2\n", None),  # a field missing
    ("a/b.py 1 x 3\n", None),  # not a number
    ("a/b.py 1 2 3 4\n", None),  # a field too many
])
def test_manifest_lines(tmp_path: Path, text: str, expected: dict[str, tuple[int, int, int]] | None) -> None:
    path = tmp_path / native.MANIFEST
    path.write_text(text, encoding="utf-8")
    assert native.read_manifest(str(path)) == expected


def test_no_manifest_means_no_compiled_modules(tmp_path: Path) -> None:
    assert native.read_manifest(str(tmp_path / native.MANIFEST)) is None
    assert not native.compiled_in_use(None, str(tmp_path), env={})


def _module(tmp_path: Path, text: bytes) -> tuple[str, Path]:
    src = tmp_path / "pkg" / "mod.py"
    src.parent.mkdir(exist_ok=True)
    src.write_bytes(text)
    return "pkg/mod.py", src


def test_a_source_is_current_until_its_text_changes(tmp_path: Path) -> None:
    module, src = _module(tmp_path, b"x = 1\n")
    recorded = native.fingerprint(str(src))
    assert recorded[2] == zlib.crc32(b"x = 1\n")
    root = str(tmp_path)
    assert native.is_current(module, recorded, root)
    os.utime(src, ns=(recorded[1] + 10**9, recorded[1] + 10**9))  # a checkout: new time, same text
    assert native.is_current(module, recorded, root)
    src.write_bytes(b"x = 2\n")  # same size, other text
    assert not native.is_current(module, recorded, root)
    src.write_bytes(b"x = 10\n")
    assert not native.is_current(module, recorded, root)
    src.unlink()
    assert not native.is_current(module, recorded, root)


def test_stale_or_unwanted_compiled_modules_are_not_used(tmp_path: Path) -> None:
    module, src = _module(tmp_path, b"x = 1\n")
    manifest = {module: native.fingerprint(str(src))}
    root, compiled = str(tmp_path), ("pkg.mod",)
    assert native.compiled_in_use(manifest, root, env={}, compiled=compiled)
    assert native.compiled_in_use(manifest, root, env={native.PURE_ENV: "0"}, compiled=compiled)
    assert not native.compiled_in_use(manifest, root, env={native.PURE_ENV: "1"}, compiled=compiled)
    src.write_bytes(b"x = 2\n")
    assert not native.compiled_in_use(manifest, root, env={}, compiled=compiled)


def test_a_manifest_must_name_every_compiled_module(tmp_path: Path) -> None:
    module, src = _module(tmp_path, b"x = 1\n")
    manifest = {module: native.fingerprint(str(src))}
    assert native.compiled_in_use(manifest, str(tmp_path), env={}, compiled=("pkg.mod",))
    assert not native.compiled_in_use(manifest, str(tmp_path), env={}, compiled=("pkg.mod", "pkg.other"))


def test_the_source_finder_gives_the_modules_their_source(tmp_path: Path) -> None:
    _, src = _module(tmp_path, b"x = 1\n")
    (tmp_path / "pkg" / "sub").mkdir()
    finder = native._SourceFinder("pkg", str(tmp_path))
    spec = finder.find_spec("pkg.mod")
    assert spec is not None and spec.origin == str(src) and spec.loader is not None
    assert finder.find_spec("other.mod") is None  # not of the package
    assert finder.find_spec("pkg.gone") is None  # no source: the usual finders decide
    assert finder.find_spec("pkg.sub") is None  # a package: the usual finders find its __init__
    assert native._SourceFinder("pkg", str(tmp_path), frozenset({"pkg.mod"})).find_spec("pkg.mod") is None


def test_the_compiled_list_names_sorted_modules_with_sources() -> None:
    assert list(native.COMPILED) == sorted(set(native.COMPILED))
    for module in native.COMPILED:
        assert Path(native.source_of(module, str(ROOT))).is_file(), module
    # setup.py reads the list from the source, without importing the package
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.FunctionDef) and n.name == "_compiled_modules" for n in tree.body)


@pytest.mark.skipif(not os.environ.get("FACTCHECK_REQUIRE_NATIVE"), reason="only where the compiled build is required")
def test_the_required_compiled_build_is_in_use() -> None:
    # CI installs with FACTCHECK_REQUIRE_NATIVE=1: the suite must then test the compiled modules.
    assert native.active()
    from factcheck.names import recognize

    assert not recognize.__file__.endswith(".py")


@compiled_only
def test_the_manifest_covers_every_source_of_the_package() -> None:
    # mypyc compiled against the types of every module: a change to any of them is noticed.
    manifest = native.read_manifest(str(ROOT / "factcheck" / native.MANIFEST))
    assert manifest is not None
    assert sorted(manifest) == sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "factcheck").rglob("*.py"))


_CHECK = ("import importlib, factcheck.native as n\n"
          "print(n.active(), all(importlib.import_module(m).__file__.endswith('.py') for m in n.COMPILED))")


@compiled_only
def test_pure_env_imports_every_listed_module_from_source(tmp_path: Path) -> None:
    # (run outside the checkout, so that the child imports the package this process imported)
    def check(**extra: str) -> list[str]:
        return subprocess.run([sys.executable, "-c", _CHECK], env=_env(**extra), cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout.split()

    assert check() == ["True", "False"]
    assert check(**{native.PURE_ENV: "1"}) == ["False", "True"]


@compiled_only
@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_compiled_and_pure_builds_give_the_same_report(folder: Path, tmp_path: Path) -> None:
    def run(**extra: str) -> tuple[bytes, bytes]:
        code = ("import sys, factcheck.native as n\nfrom factcheck.cli import main\n"
                "sys.stderr.write(f'compiled: {n.active()}\\n')\nraise SystemExit(main(sys.argv[1:]))")
        cmd = [sys.executable, "-c", code, "compare", str(folder), "--format", "json", "--jobs", "1"]
        done = subprocess.run(cmd, env=_env(**extra), capture_output=True, cwd=tmp_path)
        return done.stdout, done.stderr

    compiled, said = run()
    assert said.startswith(b"compiled: True\n") and compiled.startswith(b"{")
    pure, said = run(**{native.PURE_ENV: "1"})
    assert said.startswith(b"compiled: False\n")
    assert compiled == pure


@compiled_only
def test_tests_that_patch_module_internals_pass_on_the_pure_build() -> None:
    from conftest import PURE_FILES

    if not PURE_FILES:
        pytest.skip("no test marked pure was collected in this session")
    cmd = [sys.executable, "-m", "pytest", "-m", "pure", "-q", "-o", "addopts=", "-p", "no:cacheprovider",
           *sorted(PURE_FILES)]
    done = subprocess.run(cmd, env=_env(**{native.PURE_ENV: "1"}), capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
