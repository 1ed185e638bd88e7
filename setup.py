"""Build script: everything is in pyproject.toml but the optional compiled build.

mypyc compiles the modules listed in ``factcheck.native.COMPILED`` from their own source (no second
implementation). The build is optional: without mypy, a C compiler or a type-clean source, the
install goes on as pure Python (the same results, slower), with a warning.

* ``FACTCHECK_PURE_BUILD=1``: do not compile.
* ``FACTCHECK_REQUIRE_NATIVE=1``: a failed compile fails the install (CI sets it, so that a type
  error in a compiled module cannot quietly ship the pure build).

On success ``factcheck/_native.txt`` records the size, time and CRC-32 of every source of the
package (mypyc reads the types of all of them); ``factcheck.native`` uses the compiled modules only
while every source still matches.
"""

from __future__ import annotations

import ast
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import CCompilerError, CompileError, ExecError, LinkError, PlatformError

HERE = Path(__file__).resolve().parent
MANIFEST = "_native.txt"
_BUILD_ERRORS = (CCompilerError, CompileError, ExecError, LinkError, PlatformError, OSError)
_fingerprints: dict[str, str] = {}


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def _warn(message: str) -> None:
    if _flag("FACTCHECK_REQUIRE_NATIVE"):
        raise SystemExit(f"factcheck-news: {message} (FACTCHECK_REQUIRE_NATIVE is set)")
    print(f"factcheck-news: {message}; installing the pure-Python build", file=sys.stderr)
    _forget_build()


def _forget_build() -> None:
    """Remove what an earlier build left in the source tree (an editable install builds in place):
    its manifest and its compiled files, so that no old compiled module can be loaded."""
    (HERE / "factcheck" / MANIFEST).unlink(missing_ok=True)
    for old in [*(HERE / "factcheck").rglob("*.so"), *HERE.glob("*__mypyc*.so")]:
        old.unlink(missing_ok=True)


def _compiled_modules() -> list[str]:
    """``COMPILED`` of factcheck/native.py, read without importing the package."""
    tree = ast.parse((HERE / "factcheck" / "native.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise SystemExit("factcheck-news: no COMPILED in factcheck/native.py")


def _extensions() -> list[Any]:
    # PEP 517 also runs this file for the metadata: compile only when extensions are built.
    if len(sys.argv) > 1 and sys.argv[1] in ("egg_info", "dist_info", "sdist"):
        return []
    if _flag("FACTCHECK_PURE_BUILD"):
        print("factcheck-news: FACTCHECK_PURE_BUILD is set; installing the pure-Python build", file=sys.stderr)
        _forget_build()
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as exc:
        _warn(f"mypyc is not available ({exc})")
        return []
    paths = [m.replace(".", "/") + ".py" for m in _compiled_modules()]
    for source in sorted((HERE / "factcheck").rglob("*.py")):
        st = source.stat()
        _fingerprints[source.relative_to(HERE).as_posix()] = f"{st.st_size} {st.st_mtime_ns} {zlib.crc32(source.read_bytes())}"
    try:
        # Type-checks, then writes the C under build/; exits on a type error.
        # The third-party packages are not in the build environment, and only the compiled
        # modules must type-check (the rest of the package is read for their types).
        flags = ["--ignore-missing-imports", "--follow-imports=silent"]
        return list(mypycify([*flags, *paths], opt_level="3", multi_file=True))
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - any failure means the pure build
        _warn(f"mypyc could not compile ({exc!r})")
        return []


class OptionalBuildExt(build_ext):
    """build_ext that falls back to the pure build and writes the manifest of what it compiled."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1

    def _manifest(self) -> str:
        # get_ext_fullpath honours --inplace (an editable install) as well as build_lib (a wheel)
        return os.path.join(os.path.dirname(self.get_ext_fullpath("factcheck.native")), MANIFEST)

    def run(self) -> None:
        _forget_build()  # never keep the manifest or a compiled module of an older build
        manifest = self._manifest()
        if os.path.exists(manifest):
            os.remove(manifest)
        if not self.extensions:
            return
        try:
            super().run()
        except _BUILD_ERRORS as exc:
            _warn(f"the compiled modules could not be built ({exc})")
            return
        os.makedirs(os.path.dirname(manifest), exist_ok=True)
        with open(manifest, "w", encoding="utf-8") as fh:
            fh.writelines(f"{source} {fp}\n" for source, fp in sorted(_fingerprints.items()))

    def get_outputs(self) -> list[str]:
        outputs = list(super().get_outputs())
        if self.extensions and os.path.exists(self._manifest()):
            outputs.append(self._manifest())
        return outputs


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
