"""Inline suppressions: ``<!-- factcheck: ignore -->`` on a line, or a ``disable``/``enable`` pair.

An ``ignore`` comment silences the claims on its own line; alone on its line, it silences the
next line that has text. ``disable`` silences everything up to the next ``enable`` (or the end).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIRECTIVE = re.compile(r"<!--[ \t]*factcheck:[ \t]*(ignore|disable|enable)[ \t]*-->", re.IGNORECASE)
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Suppression:
    """A stretch of an article (character offsets) silenced by the directive at ``offset``."""

    offset: int
    kind: str  # ignore | disable | enable (an enable with no disable before it)
    start: int
    stop: int


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    m = _LINE_END.search(text, pos)
    return start, m.start() if m else len(text)


def find(text: str) -> list[Suppression]:
    """Every suppression directive of ``text`` with the stretch it silences."""
    out: list[Suppression] = []
    if "factcheck" not in text:
        return out
    open_at: int | None = None
    for m in DIRECTIVE.finditer(text):
        kind = m.group(1).lower()
        if kind == "ignore":
            start, stop = _line_bounds(text, m.start())
            rest = (text[start : m.start()] + text[m.end() : stop]).strip()
            if not rest:  # alone on its line: the next line with text
                nxt = re.compile(r"\S").search(text, stop)
                if nxt:
                    start, stop = _line_bounds(text, nxt.start())
            out.append(Suppression(m.start(), kind, start, stop))
        elif kind == "disable":
            if open_at is None:
                open_at = m.start()
        else:
            if open_at is None:
                out.append(Suppression(m.start(), "enable", m.start(), m.start()))
            else:
                out.append(Suppression(open_at, "disable", open_at, m.start()))
                open_at = None
    if open_at is not None:
        out.append(Suppression(open_at, "disable", open_at, len(text)))
    return out
