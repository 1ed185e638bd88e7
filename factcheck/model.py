"""Frozen records that flow between the pipeline stages.

Every record that points into an article keeps ``start``/``stop`` character offsets into
``Article.text`` (``stop`` is one past the last character). Only renderers turn offsets
into line:column.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from enum import Enum


class Verdict(str, Enum):
    """How the claims of one group relate to each other."""

    AGREE = "agree"
    COMPATIBLE = "compatible"
    CONFLICT = "conflict"
    SINGLE = "single"


class Severity(str, Enum):
    """How serious a reported problem is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """A file that could not be used, or a note about one (never an exception to the user)."""

    path: str
    message: str
    severity: Severity = Severity.WARNING
    offset: int | None = None  # where in the article, when the problem is about a place in it


@dataclass(frozen=True)
class Article:
    """One decoded input file with its metadata."""

    id: str
    path: str
    text: str
    lang: str
    published: dt.date | None = None
    date_source: str | None = None  # marker | dateline | url | assumed
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    # Offsets of markup and credits that must not produce claims (start, stop) pairs.
    masked: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, as offsets into its text."""

    index: int
    start: int
    stop: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A named entity as written in one article."""

    source: str
    start: int
    stop: int
    text: str
    kind: str  # person | place | org | media | equipment | title | other
    norm: str  # normalised form (lemmatised, lowercased) used for matching


@dataclass(frozen=True)
class Entity:
    """One real-world thing, with every mention of it across the sources."""

    id: str
    name: str
    kind: str
    mentions: tuple[Mention, ...]
    variant_of: str | None = None  # id of the family head (Il-76TD -> Il-76)


@dataclass(frozen=True)
class Value:
    """A claim's value as an interval: numbers for quantities, ISO dates for dates.

    ``low``/``high`` of ``None`` is an open bound. ``qualifier`` records the wording
    (exact, approx, more_than, at_least, up_to, at_most, range, vague, implicit).
    """

    kind: str  # quantity | date | time
    low: float | str | None
    high: float | str | None
    unit: str | None = None
    qualifier: str = "exact"
    implicit: bool = False


@dataclass(frozen=True)
class Claim:
    """One checkable fact stated by one source."""

    source: str
    start: int  # the value as written
    stop: int
    text: str
    sentence: Sentence
    subject: str  # key used to align (entity id or concept id)
    subject_name: str  # display name
    attribute: str
    event: str | None
    value: Value
    hedged: bool = False
    hedge: str | None = None
    attribution: str | None = None
    anchored: bool = True  # False for a relative date with nothing to resolve it against
    resolution: str | None = None  # how a relative date was resolved
    entities: tuple[str, ...] = ()  # ids of entities in the sentence


@dataclass(frozen=True)
class Group:
    """Claims from different sources about the same subject and attribute, with a verdict."""

    id: str
    subject: str
    subject_name: str
    attribute: str
    event: str | None
    verdict: Verdict
    claims: tuple[Claim, ...]
    reason: str = ""
    story: str | None = None  # id of the story the group belongs to (see Story)
    fingerprint: str = ""  # stable id of the finding: rule + sorted (path, normalised claim text)


@dataclass(frozen=True)
class Story:
    """Articles of an archive that report the same events (shared entities, close dates)."""

    id: str
    name: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class BaselineStatus:
    """What a baseline file did to a run: findings it hid and entries that matched nothing."""

    path: str
    baselined: int
    stale: int


@dataclass(frozen=True)
class Summary:
    """Counts shown in the last line and in JSON."""

    sources: int
    skipped: int
    claims: int
    groups: int
    verdicts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """Everything the renderers need."""

    sources: tuple[Article, ...]
    claims: tuple[Claim, ...]
    groups: tuple[Group, ...]
    entities: tuple[Entity, ...]
    problems: tuple[Problem, ...]
    summary: Summary
    stories: tuple[Story, ...] = ()
    baseline: BaselineStatus | None = None
    suppressed: int = 0  # claims silenced by inline factcheck comments
    root: str = ""  # the folder as given on the command line; article paths are relative to it

    def path_of(self, article: Article) -> str:
        """The article's path as a user or CI runner sees it: the folder joined with its relative path."""
        if not self.root:
            return article.path
        return posixpath.normpath(posixpath.join(self.root.replace("\\", "/"), article.path))


def source_id(index: int) -> str:
    """The id of the ``index``-th source (0-based) in sorted path order: S1, S2, ..."""
    return f"S{index + 1}"


def source_order(ident: str) -> int:
    """Sort key of a source id (S2 before S10)."""
    return int(ident[1:]) if ident[1:].isdigit() else 0
