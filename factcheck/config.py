"""Settings of a run: defaults < config file < CLI flags.

The file is ``.factcheck.toml`` or the ``[tool.factcheck-news]`` table of a ``pyproject.toml``,
found by walking up from the articles folder to the repository root (the first folder that
holds ``.git``). Unknown keys and bad values are errors, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from factcheck.judge import Tolerance, Tolerances
from factcheck.load import DEFAULT_MAX_FILE_SIZE

CONFIG_FILE = ".factcheck.toml"
PYPROJECT_TABLE = "factcheck-news"  # the distribution name this project owns on PyPI
FAIL_ON = ("conflict", "compatible", "never")
VERDICTS = ("conflict", "compatible", "agree", "single")


class ConfigError(Exception):
    """A configuration file or flag value that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Config:
    """Everything that changes what a run reads, reports and how it exits."""

    assume_date: dt.date | None = None
    aliases: Path | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    follow_symlinks: bool = False
    debug: bool = False  # re-raise internal errors instead of reporting them per file
    tolerances: Tolerances = field(default_factory=lambda: Tolerances({}, Tolerance()))
    fail_on: str = "conflict"
    only: tuple[str, ...] = ()  # verdicts to show; empty shows all
    min_sources: int = 2
    baseline: Path | None = None
    jobs: int = 0  # 0: one process per core
    story: str | None = None


@dataclass(frozen=True)
class Loaded:
    """A configuration with, for each key that is not a default, where it came from."""

    config: Config
    origin: dict[str, str]
    file: Path | None


# Key in the file -> Config field. Dashes as in ruff and mypy; underscores accepted too.
_KEYS = {
    "assume-date": "assume_date",
    "aliases": "aliases",
    "max-file-size": "max_file_size",
    "follow-symlinks": "follow_symlinks",
    "fail-on": "fail_on",
    "only": "only",
    "min-sources": "min_sources",
    "baseline": "baseline",
    "jobs": "jobs",
    "tolerance": "tolerances",
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?\s*$")
_TOL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|d|days?)?\s*$")


def parse_size(value: object) -> int:
    """A size in bytes from ``20M``, ``512K``, ``1G`` or a plain integer."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    m = _SIZE.match(str(value)) if isinstance(value, str) else None
    if not m or float(m.group(1)) <= 0:
        raise ConfigError(f"{value!r} is not a size (use bytes or a K/M/G suffix, e.g. 20M)")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]
    return int(float(m.group(1)) * scale)


def parse_tolerance(spec: object) -> Tolerance:
    """A tolerance from ``5%`` (relative), ``2`` (absolute), ``1d`` (days) or a table
    ``{relative = 0.05, absolute = 1}``."""
    if isinstance(spec, dict):
        unknown = sorted(set(spec) - {"relative", "absolute", "days"})
        if unknown:
            raise ConfigError(f"unknown tolerance key {unknown[0]!r} (use relative, absolute or days)")
        try:
            rel = float(spec.get("relative", 0.0))
            ab = float(spec.get("absolute", spec.get("days", 0.0)))
        except (TypeError, ValueError):
            raise ConfigError(f"tolerance {spec!r}: values must be numbers") from None
        if rel < 0 or ab < 0 or rel > 10:
            raise ConfigError(f"tolerance {spec!r}: values must be >= 0 (relative as a fraction, 0.05 = 5%)")
        return Tolerance(absolute=ab, relative=rel)
    if isinstance(spec, int | float) and not isinstance(spec, bool) and spec >= 0:
        return Tolerance(absolute=float(spec))
    m = _TOL.match(spec) if isinstance(spec, str) else None
    if not m:
        raise ConfigError(f"{spec!r} is not a tolerance (e.g. 5%, 2, 1d)")
    number = float(m.group(1))
    if m.group(2) == "%":
        return Tolerance(relative=number / 100)
    return Tolerance(absolute=number)


def parse_tolerance_flag(item: str) -> tuple[str, Tolerance]:
    """``ATTRIBUTE=SPEC`` from ``--tolerance`` (``default=...`` sets every attribute)."""
    name, sep, spec = item.partition("=")
    if not sep or not name.strip():
        raise ConfigError(f"--tolerance {item!r}: use ATTRIBUTE=SPEC, e.g. distance=5% or date=1d")
    return name.strip(), parse_tolerance(spec.strip())


def with_tolerances(base: Tolerances, items: dict[str, Tolerance]) -> Tolerances:
    """``base`` with the given per-attribute tolerances (``default`` replaces the default)."""
    by_attr = dict(base.by_attribute)
    default = base.default
    for name, tol in items.items():
        if name == "default":
            default = tol
        else:
            by_attr[name] = tol
    return Tolerances(by_attr, default)


def parse_only(value: object) -> tuple[str, ...]:
    """Verdict names from ``conflict,agree`` or a list."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(x, str) for x in items):
        raise ConfigError(f"only: {value!r} must be a list of verdicts")
    out = {x.strip() for x in items if x.strip()}
    bad = sorted(x for x in out if x not in VERDICTS)
    if bad:
        raise ConfigError(f"only: unknown verdict {bad[0]!r} (choose from {', '.join(VERDICTS)})")
    return tuple(v for v in VERDICTS if v in out)


def _value(key: str, raw: object, base: Path) -> object:
    """Check and convert one value from a config file (paths are relative to the file)."""
    if key == "assume_date":
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ConfigError(f"assume-date: {raw!r} is not a date in YYYY-MM-DD form") from None
    if key in ("aliases", "baseline"):
        if not isinstance(raw, str) or not raw:
            raise ConfigError(f"{key}: {raw!r} must be a path")
        return (base / raw) if not Path(raw).is_absolute() else Path(raw)
    if key == "max_file_size":
        return parse_size(raw)
    if key == "follow_symlinks":
        if not isinstance(raw, bool):
            raise ConfigError(f"follow-symlinks: {raw!r} must be true or false")
        return raw
    if key == "fail_on":
        if raw not in FAIL_ON:
            raise ConfigError(f"fail-on: {raw!r} must be one of {', '.join(FAIL_ON)}")
        return raw
    if key == "only":
        return parse_only(raw)
    if key in ("min_sources", "jobs"):
        low = 1 if key == "min_sources" else 0
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < low:
            raise ConfigError(f"{key.replace('_', '-')}: {raw!r} must be an integer >= {low}")
        return raw
    if key == "tolerances":
        if not isinstance(raw, dict):
            raise ConfigError("tolerance must be a table: [tolerance] distance = \"5%\"")
        return with_tolerances(Tolerances({}, Tolerance()), {k: parse_tolerance(v) for k, v in raw.items()})
    raise ConfigError(f"unknown key {key!r}")  # pragma: no cover - _KEYS guards this


def from_table(table: dict[str, Any], where: str, base: Path) -> tuple[dict[str, object], dict[str, str]]:
    """Config values and their origin from a parsed TOML table."""
    values: dict[str, object] = {}
    origin: dict[str, str] = {}
    for raw_key, raw in sorted(table.items()):
        key = _KEYS.get(raw_key.replace("_", "-"))
        if key is None:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown key {raw_key!r} (known keys: {known})")
        try:
            values[key] = _value(key, raw, base)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        origin[key] = where
    return values, origin


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file from ``start`` up to the repository root, with its table."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return own, _read_toml(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get(PYPROJECT_TABLE)
            if isinstance(table, dict):
                return pyproject, table
        if (folder / ".git").exists():
            break
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None


def load_config(start: Path | None, explicit: Path | None = None) -> Loaded:
    """The configuration from ``explicit`` or the nearest file above ``start`` (defaults if none)."""
    found: tuple[Path, dict[str, Any]] | None
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: no such configuration file")
        table = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            table = table.get("tool", {}).get(PYPROJECT_TABLE, {})
        found = (explicit, table)
    else:
        found = find_config(start) if start is not None and start.exists() else None
    if found is None:
        return Loaded(Config(), {}, None)
    path, table = found
    where = str(path) if path.name != "pyproject.toml" else f"{path} [tool.{PYPROJECT_TABLE}]"
    values, origin = from_table(table, where, path.parent)
    return Loaded(replace(Config(), **values), origin, path)  # type: ignore[arg-type]


def override(loaded: Loaded, flags: dict[str, object]) -> Loaded:
    """``loaded`` with the flags the user gave (None means not given)."""
    given = {k: v for k, v in flags.items() if v is not None}
    tol_items: dict[str, Tolerance] | None = given.pop("tolerance_items", None)  # type: ignore[assignment]
    names = {f.name for f in fields(Config)}
    unknown = sorted(set(given) - names)
    if unknown:  # pragma: no cover - a programming error, not a user error
        raise ValueError(f"unknown config fields {unknown}")
    origin = dict(loaded.origin)
    for key in given:
        origin[key] = "command line"
    config = replace(loaded.config, **given)  # type: ignore[arg-type]
    if tol_items:
        config = replace(config, tolerances=with_tolerances(config.tolerances, tol_items))  # type: ignore[arg-type]
        origin["tolerances"] = "command line" if "tolerances" not in loaded.origin else (
            f"{loaded.origin['tolerances']} + command line")
    return Loaded(config, origin, loaded.file)


def describe(loaded: Loaded) -> list[tuple[str, str, str]]:
    """(key, effective value, origin) rows for ``factcheck config``."""
    c = loaded.config
    rows: list[tuple[str, str, str]] = []
    reverse = {v: k for k, v in _KEYS.items()}
    for f in fields(Config):
        if f.name in ("debug", "story"):
            continue
        value: object = getattr(c, f.name)
        if f.name == "tolerances":
            tol: Tolerances = value  # type: ignore[assignment]
            parts = [f"default={_tol_text(tol.default)}"]
            parts += [f"{k}={_tol_text(v)}" for k, v in sorted(tol.by_attribute.items())]
            text = ", ".join(parts)
        elif f.name == "only":
            text = ",".join(value) if value else "(all)"  # type: ignore[arg-type]
        elif f.name == "jobs":
            text = str(value) if value else "0 (one per core)"
        elif value is None:
            text = "(none)"
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = str(value)
        rows.append((reverse.get(f.name, f.name), text, loaded.origin.get(f.name, "default")))
    return rows


def _tol_text(t: Tolerance) -> str:
    if not t.absolute and not t.relative:
        return "exact"
    bits = []
    if t.relative:
        bits.append(f"{t.relative * 100:g}%")
    if t.absolute:
        bits.append(f"{t.absolute:g}")
    return " or ".join(bits)
