"""The optional compiled build: mypyc compiles the hottest modules from this same source at install
time (see setup.py), and this module decides at start-up whether their compiled forms are used.

They are used only when the build's manifest (``_native.txt``, written by setup.py next to them)
says that every source of the package is the one they were compiled against (mypyc reads the
types of all of them), and ``FACTCHECK_PURE`` is not set. Otherwise every compiled module is
imported from its ``.py``: an edited source never runs as its old compiled form, and no compiled
module calls into another's old code or relies on types that have changed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import TypeVar

T = TypeVar("T")

try:  # present wherever mypyc ran (mypy needs it); a no-op stand-in elsewhere
    from mypy_extensions import mypyc_attr
except ImportError:  # pragma: no cover - depends on what is installed
    def mypyc_attr(*attrs: str, **kwattrs: object) -> Callable[[T], T]:  # type: ignore[misc]
        """Mark a class for mypyc (no effect without it)."""
        return lambda cls: cls

# What setup.py compiles (read there with ast): the per-article stages and the parent's heaviest.
# A module here must type-check with mypy; a class built with object.__new__ or pickled between
# processes is marked @mypyc_attr(native_class=False) so that it stays a Python class.
COMPILED = (
    "factcheck.align",
    "factcheck.claims.dates",
    "factcheck.claims.extract",
    "factcheck.claims.lexicon",
    "factcheck.claims.numbers",
    "factcheck.claims.tokens",
    "factcheck.judge",
    "factcheck.load",
    "factcheck.morph",
    "factcheck.names.cluster",
    "factcheck.names.match",
    "factcheck.names.recognize",
    "factcheck.names.russian",
    "factcheck.names.translit",
    "factcheck.segment",
    "factcheck.stories",
)
MANIFEST = "_native.txt"
PURE_ENV = "FACTCHECK_PURE"
_HERE = os.path.dirname(os.path.abspath(__file__))


def read_manifest(path: str) -> dict[str, tuple[int, int, int]] | None:
    """Source path (relative to the folder that holds the package, with ``/``) -> its size,
    mtime_ns and CRC-32 when the build ran; None without a manifest or with a malformed one."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    out: dict[str, tuple[int, int, int]] = {}
    for line in lines:
        parts = line.split()
        if len(parts) != 4:
            return None
        try:
            out[parts[0]] = (int(parts[1]), int(parts[2]), int(parts[3]))
        except ValueError:
            return None
    return out or None


def fingerprint(path: str) -> tuple[int, int, int]:
    """(size, mtime_ns, crc32) of a file, as the manifest records it."""
    import zlib

    st = os.stat(path)
    with open(path, "rb") as fh:
        return st.st_size, st.st_mtime_ns, zlib.crc32(fh.read())


def source_of(module: str, root: str) -> str:
    """The ``.py`` of a (non-package) module of this package under ``root``, the folder that holds
    the package."""
    return os.path.join(root, *module.split(".")) + ".py"


def is_current(source: str, recorded: tuple[int, int, int], root: str) -> bool:
    """Whether a source (a manifest path) is still the one the build read."""
    path = os.path.join(root, *source.split("/"))
    try:
        st = os.stat(path)
    except OSError:
        return False
    size, mtime_ns, crc = recorded
    if st.st_size != size:
        return False
    if st.st_mtime_ns == mtime_ns:
        return True  # untouched since the build: no need to read it
    return fingerprint(path)[2] == crc  # a checkout or an install rewrites the time, not the text


def compiled_in_use(manifest: dict[str, tuple[int, int, int]] | None, root: str,
                    env: Mapping[str, str] | None = None,
                    compiled: tuple[str, ...] = COMPILED) -> bool:
    """Whether the compiled modules may be used, given the build's ``manifest``: it must name the
    source of each of ``compiled``, and every source it names must be unchanged."""
    env = os.environ if env is None else env
    if manifest is None or env.get(PURE_ENV, "") not in ("", "0"):
        return False
    if any(m.replace(".", "/") + ".py" not in manifest for m in compiled):
        return False
    return all(is_current(source, rec, root) for source, rec in manifest.items())


class _SourceFinder:
    """Finds the ``.py`` of the package's modules, ahead of any compiled file beside it: of every
    module but ``keep`` (the compiled modules in use, if any)."""

    def __init__(self, package: str, root: str, keep: frozenset[str] = frozenset()) -> None:
        self.prefix = package + "."
        self.root = root
        self.keep = keep

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        """The spec of a module's source (None for a package, or where there is no source: the
        usual finders decide)."""
        if not fullname.startswith(self.prefix) or fullname in self.keep:
            return None
        src = source_of(fullname, self.root)
        if not os.path.isfile(src):
            return None
        from importlib.machinery import SourceFileLoader
        from importlib.util import spec_from_file_location

        return spec_from_file_location(fullname, src, loader=SourceFileLoader(fullname, src))

    def invalidate_caches(self) -> None:
        """Nothing is cached."""


def active() -> bool:
    """Whether this process runs the compiled modules."""
    return _ACTIVE


def _choose() -> bool:
    root = os.path.dirname(_HERE)
    use = compiled_in_use(read_manifest(os.path.join(_HERE, MANIFEST)), root)
    # A compiled file that is not in use (no manifest: a pure install or a failed build; a stale
    # one; a file an older build left for a module no longer compiled) must never be loaded: every
    # other module of the package is imported from its source.
    sys.meta_path.insert(0, _SourceFinder(__name__.rpartition(".")[0], root, frozenset(COMPILED) if use else frozenset()))
    return use


_ACTIVE = _choose()
