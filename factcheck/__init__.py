"""factcheck: cross-check numbers, quantities and dates across English and Russian news articles."""

from __future__ import annotations

from factcheck import native as _native  # first: it decides whether the compiled modules are used

__version__ = "0.1.0"
