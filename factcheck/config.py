"""Settings of a run: defaults < config file < CLI flags (file discovery arrives with the CI work)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.judge import Tolerance, Tolerances
from factcheck.load import DEFAULT_MAX_FILE_SIZE


@dataclass(frozen=True)
class Config:
    """Everything that changes what a run reports."""

    assume_date: dt.date | None = None
    aliases: Path | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    follow_symlinks: bool = False
    debug: bool = False  # re-raise internal errors instead of reporting them per file
    tolerances: Tolerances = field(default_factory=lambda: Tolerances({}, Tolerance()))
