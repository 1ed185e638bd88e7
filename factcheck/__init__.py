"""factcheck: cross-check numbers, quantities and dates across English and Russian news articles."""

from __future__ import annotations

__version__ = "0.1.0"
