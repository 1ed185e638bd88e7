"""Every regular expression the tool compiles means the same on every Python it supports (3.11+).

CPython 3.11.0-3.11.4 match a possessive quantifier on a group wrongly (``(?:ab?c)*+`` matched "a":
CPython gh-106052 and gh-100061, fixed in 3.11.5). Debian 12's python3 is 3.11.2: there the token
pattern of the name finder lost a word in four articles of ten, and which articles depended on the
worker that read them, so the output changed from run to run. A group is made atomic with
``(?>...)`` instead, which those versions match right; a possessive quantifier on one character or
class (``[ \\t]*+``) compiles to another opcode, which they also match right, and stays.

The patterns are collected as the tool compiles them (at import and while it reads the fixtures,
English and Russian), so the ones built at run time from the lexicons are checked too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent

_COLLECT = """
import json, re, sys
seen = {}
compile_ = re._compile
def spy(pattern, flags):
    if isinstance(pattern, str):
        caller = sys._getframe(1)
        if caller.f_globals.get("__name__") == "re":
            caller = caller.f_back
        seen.setdefault((pattern, int(flags)), caller.f_globals.get("__name__", "?"))
    return compile_(pattern, flags)
re._compile = spy
from pathlib import Path
from factcheck.pipeline import compare
for folder in sys.argv[1:]:
    compare(Path(folder))
json.dump([[p, f, m] for (p, f), m in seen.items()], sys.stdout)
"""


def _group_possessives(pattern: str, flags: int) -> list[str]:
    """The possessive quantifiers of ``pattern`` whose operand is more than one character or class."""
    found: list[str] = []

    def walk(items: Any) -> None:
        for op, av in items:
            if op is sre.POSSESSIVE_REPEAT and not _compiler._simple(av[2]):
                found.append(str(av[2]))
            for arg in av if isinstance(av, (tuple, list)) else (av,):
                if isinstance(arg, _parser.SubPattern):
                    walk(arg)
                elif isinstance(arg, list):  # the branches of a BRANCH
                    for branch in arg:
                        if isinstance(branch, _parser.SubPattern):
                            walk(branch)

    walk(_parser.parse(pattern, flags))
    return found


@pytest.fixture(scope="module")
def compiled() -> list[tuple[str, int, str]]:
    """Every pattern compiled by the factcheck modules while comparing the fixture folders."""
    folders = [str(ROOT / "fixtures" / name) for name in ("seeds", "quake", "ratecut")]
    env = {**os.environ, "FACTCHECK_PURE": "1"}  # every module from its source, as the spy sees it
    out = subprocess.run([sys.executable, "-c", _COLLECT, *folders], capture_output=True, text=True,
                         check=True, env=env, cwd=ROOT)
    return [(p, f, m) for p, f, m in json.loads(out.stdout) if m.startswith("factcheck")]


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(?:ab?c)*+", ["[(LITERAL, 97), (MAX_REPEAT, (0, 1, [(LITERAL, 98)])), (LITERAL, 99)]"]),
    (r"(?:x(?:ab?c)?+)*", ["[(LITERAL, 97), (MAX_REPEAT, (0, 1, [(LITERAL, 98)])), (LITERAL, 99)]"]),
    (r"a|(((?!C).)++)", ["[(SUBPATTERN, (2, 0, 0, [(ASSERT_NOT, (1, [(LITERAL, 67)])), (ANY, None)]))]"]),
    (r"[ \t]*+x\w++(?>(?:ab?c)*)", []),
    (r"(?:ab)*", []),
])
def test_group_possessives_are_found(pattern: str, expected: list[str]) -> None:
    assert _group_possessives(pattern, 0) == expected


def test_the_fixtures_compile_the_name_and_claim_patterns(compiled: list[tuple[str, int, str]]) -> None:
    modules = {m for _, _, m in compiled}
    assert {"factcheck.load", "factcheck.names.recognize", "factcheck.claims.tokens"} <= modules
    assert len(compiled) > 50


def test_no_group_is_possessive(compiled: list[tuple[str, int, str]]) -> None:
    bad = [(m, p[:120], found) for p, f, m in compiled if (found := _group_possessives(p, f))]
    assert bad == []
