"""Named entities in English and Russian news text, normalised into one entity per real-world thing."""

from __future__ import annotations

from factcheck.names.cluster import cluster, same_entity
from factcheck.names.recognize import find_mentions, load_aliases

__all__ = ["cluster", "find_mentions", "load_aliases", "same_entity"]
