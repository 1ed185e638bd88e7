"""The JSON contract (schema_version 1); documented in docs/json.md and docs/schema.json."""

from __future__ import annotations

import io
import weakref
from bisect import bisect_right
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring  # the C implementation when available
from operator import attrgetter
from typing import Any

from factcheck.model import Article, Claim, Entity, Group, Report
from factcheck.render import (
    RenderOptions, _line_starts, article_of, claim_count, line_col, location, quote,
)

SCHEMA_VERSION = 1


def _num(x: float | str | None) -> float | int | str | None:
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def _float(x: float) -> str:
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    return float.__repr__(x)


def _bool(x: bool) -> str:
    return "true" if x else "false"


def _null(x: None) -> str:
    return "null"


# Exact types only: a subclass (a str Enum) goes through the general path below.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring, int: int.__repr__, float: _float, bool: _bool, type(None): _null,
}
_KEYS: dict[str, str] = {}


def _key(key: Any) -> str:
    got = _KEYS.get(key)
    if got is None:
        if not isinstance(key, str):
            raise TypeError(f"JSON keys must be strings, not {type(key).__name__}")
        got = encode_basestring(key) + ": "
        if len(_KEYS) < 4096:
            _KEYS[key] = got
    return got


_TEMPLATES: dict[tuple[tuple[str, ...], str], str] = {}


def _template(keys: tuple[str, ...], indent: str) -> str:
    """The text of an object with these keys on a line indented by ``indent``: a ``%s`` for each
    value's own text (records of one shape are then written by one ``%`` instead of key by key)."""
    got = _TEMPLATES.get((keys, indent))
    if got is None:
        inner = indent + "  "
        got = "{\n" + ",\n".join(inner + _key(k).replace("%", "%%") + "%s" for k in keys) + "\n" + indent + "}"
        if len(_TEMPLATES) < 4096:
            _TEMPLATES[(keys, indent)] = got
    return got


def _encode(obj: Any, indent: str, out: list[str]) -> None:
    """Append ``obj`` as JSON to ``out`` exactly as ``json.dumps(obj, ensure_ascii=False, indent=2)``
    writes it, ``indent`` being the indentation of the line ``obj`` starts on.

    The standard library falls back to its pure-Python encoder whenever ``indent`` is set; this one
    does the same work with one append per scalar member (no generators) and the C string escaper:
    the JSON of a large archive is written several times faster, byte for byte the same.
    """
    scalar = _SCALARS.get(type(obj))
    if scalar is not None:
        out.append(scalar(obj))
    elif isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        inner = indent + "  "
        values = []
        for value in obj.values():
            scalar = _SCALARS.get(type(value))
            values.append(scalar(value) if scalar is not None else dumps_at(value, inner))
        out.append(_template(tuple(obj), indent) % tuple(values))
    elif isinstance(obj, list | tuple):
        if not obj:
            out.append("[]")
            return
        inner = indent + "  "
        sep = "[\n" + inner
        for value in obj:
            scalar = _SCALARS.get(type(value))
            if scalar is not None:
                out.append(sep + scalar(value))
            else:
                out.append(sep)
                _encode(value, inner, out)
            sep = ",\n" + inner
        out.append("\n" + indent + "]")
    elif isinstance(obj, str):
        out.append(encode_basestring(obj))
    elif isinstance(obj, int):  # bool and int subclasses
        out.append("true" if obj is True else "false" if obj is False else int.__repr__(obj))
    elif isinstance(obj, float):
        out.append(_float(obj))
    else:
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def dumps(obj: Any) -> str:
    """``obj`` as indented JSON, identical to ``json.dumps(obj, ensure_ascii=False, indent=2)``."""
    out: list[str] = []
    _encode(obj, "", out)
    return "".join(out)


_CLAIM_KEYS = ("source", "value", "text", "quote", "line", "column", "end_line", "end_column", "event", "hedged",
               "hedge", "attribution", "anchored", "resolution")
_VALUE_KEYS = ("kind", "low", "high", "unit", "qualifier", "implicit")
_GROUP_KEYS = ("id", "subject", "subject_key", "attribute", "event", "verdict", "reason", "fingerprint", "story",
               "claims")


def _claim_row(article: Article, claim: Claim) -> tuple[Any, ...]:
    """The members of a claim's JSON in ``_CLAIM_KEYS`` order, its value's in ``_VALUE_KEYS`` order
    (``article``: the claim's source)."""
    line, col, end_line, end_col = location(article, claim)
    v = claim.value
    value = (v.kind, _num(v.low), _num(v.high), v.unit, v.qualifier, v.implicit)
    return (claim.source, value, claim.text, quote(claim), line, col, end_line, end_col, claim.event, claim.hedged,
            claim.hedge, claim.attribution, claim.anchored, claim.resolution)


def claim_json(report: Report, claim: Claim) -> dict[str, Any]:
    """One claim as JSON."""
    row = _claim_row(article_of(report, claim.source), claim)
    return {**dict(zip(_CLAIM_KEYS, row)), "value": dict(zip(_VALUE_KEYS, row[1]))}


def _group_row(group: Group) -> tuple[Any, ...]:
    """The members of a group's JSON in ``_GROUP_KEYS`` order, but its claims."""
    return (group.id, group.subject_name, group.subject, group.attribute, group.event, group.verdict.value,
            group.reason, group.fingerprint, group.story)


def group_json(report: Report, group: Group) -> dict[str, Any]:
    """One group with its claims as JSON."""
    return dict(zip(_GROUP_KEYS, _group_row(group)), claims=[claim_json(report, c) for c in group.claims])


def _value(obj: Any, indent: str) -> str:
    """``obj`` as JSON, starting on a line indented by ``indent``."""
    scalar = _SCALARS.get(type(obj))
    return scalar(obj) if scalar is not None else dumps_at(obj, indent)


def _array(items: list[str], indent: str) -> str:
    """A JSON array of items already written, starting on a line indented by ``indent``."""
    if not items:
        return "[]"
    inner = "\n" + indent + "  "
    return "[" + inner + ("," + inner).join(items) + "\n" + indent + "]"


def _texts(values: tuple[Any, ...], indent: str) -> tuple[str, ...]:
    """``_value`` of each of ``values``."""
    scalars = _SCALARS
    return tuple([f(x) if (f := scalars.get(type(x))) is not None else dumps_at(x, indent) for x in values])


_BY_SOURCE: list[Any] = [None, None, None]  # a weak reference to a report, its line starts and its source ids' texts


def _by_source(report: Report) -> tuple[dict[str, tuple[int, ...]], dict[str, str]]:
    """The line starts (the line of an offset is their ``bisect_right``) and the JSON text of every
    source id of the report, by source id (made once per report)."""
    ref, starts, texts = _BY_SOURCE
    if ref is None or ref() is not report:
        starts = {a.id: _line_starts(a.text) for a in report.sources}
        texts = {a.id: _value(a.id, "") for a in report.sources}
        _BY_SOURCE[:] = weakref.ref(report), starts, texts
    return starts, texts


def _claims_template(indent: str) -> str:
    """A claim's text with ``%s`` for its source, value, text, quote, line, column, end line, end
    column and for the text of its remaining members (event to resolution, written by ``_tail``)."""
    inner = indent + "  "
    head = _template(_CLAIM_KEYS, indent)
    cut = head.index(",\n" + inner + _key("event"))
    return head[:cut] % (("%s",) * 8) + "%s\n" + indent + "}"


def _tail(row: tuple[Any, ...], indent: str) -> str:
    """The members of a claim from ``event`` to ``resolution`` (``row``: their values), as written
    after its ``end_column``, one line each."""
    inner = ",\n" + indent + "  "
    return "".join(inner + _key(k) + _value(x, indent + "  ") for k, x in zip(_CLAIM_KEYS[8:], row))


def _groups_texts(report: Report, groups: tuple[Group, ...], indent: str, known: dict[Any, str]) -> list[str]:
    """``dumps_at(group_json(report, g), indent)`` of each of ``groups`` without building the dicts:
    a claim is written by one ``%``, the texts of its value and of its last six members being looked
    up in ``known`` (an archive has a few thousand distinct ones). The keys hold the types of the
    members typed as numbers or flags besides their values, as True == 1 == 1.0 render differently."""
    inner = indent + "  "
    claim_indent, member_indent = inner + "  ", inner + "    "
    template, claim_template = _template(_GROUP_KEYS, indent), _claims_template(claim_indent)
    value_template = _template(_VALUE_KEYS, member_indent)
    starts_of, sources = _by_source(report)
    out = []
    for g in groups:
        claims = []
        for c in g.claims:
            v = c.value
            key = (v.kind, v.low, v.high, v.unit, v.qualifier, v.implicit, type(v.low), type(v.high), type(v.implicit))
            value = known.get(key)
            if value is None:
                value = known[key] = value_template % _texts(
                    (v.kind, _num(v.low), _num(v.high), v.unit, v.qualifier, v.implicit), member_indent + "  ")
            key = (c.event, c.hedged, c.hedge, c.attribution, c.anchored, c.resolution, type(c.hedged), type(c.anchored))
            tail = known.get(key)
            if tail is None:
                tail = known[key] = _tail(key[:6], claim_indent)
            starts, a, b = starts_of[c.source], c.start, c.stop
            line, end_line = bisect_right(starts, a), bisect_right(starts, b)
            claims.append(claim_template % (
                sources[c.source], value, _value(c.text, member_indent),
                encode_basestring(" ".join(c.sentence.text.split())),
                line, a - starts[line - 1] + 1, end_line, b - starts[end_line - 1] + 1, tail))
        out.append(template % (*_texts(_group_row(g), inner), _array(claims, inner)))
    if len(known) > 100_000:  # distinct NaN values never find their keys: keep the cache bounded
        known.clear()
    return out


def sources_json(report: Report) -> list[dict[str, Any]]:
    """The ``sources`` array."""
    return [
        {
            "id": a.id,
            "path": a.path,
            "lang": a.lang,
            "published": a.published.isoformat() if a.published else None,
            "date_source": a.date_source,
            "title": a.title,
            "outlet": a.outlet,
            "claims": claim_count(report, a.id),
        }
        for a in report.sources
    ]


_ENTITY_KEYS = ("id", "name", "kind", "variant_of", "mentions")
_MENTION_KEYS = ("source", "text", "line")
_SOURCE, _TEXT, _START = attrgetter("source"), attrgetter("text"), attrgetter("start")


def _entities_json(report: Report) -> Iterator[dict[str, Any]]:
    by_id = {a.id: a for a in report.sources}
    for e in report.entities:
        yield dict(zip(_ENTITY_KEYS, (e.id, e.name, e.kind, e.variant_of)), mentions=[
            dict(zip(_MENTION_KEYS, (m.source, m.text, line_col(by_id[m.source].text, m.start)[0])))
            for m in e.mentions
        ])


def entities_json(report: Report) -> list[dict[str, Any]]:
    """The ``entities`` array (every mention with its line)."""
    return list(_entities_json(report))


def _entities_texts(report: Report, entities: tuple[Entity, ...], indent: str) -> list[str]:
    """``dumps_at(item, indent)`` of each item of ``_entities_json`` for ``entities`` without building
    the dicts: the entities hold every mention of the archive, each written by C-level maps (no
    Python-level step per mention) and one ``%``. The maps run entity by entity: the mentions
    they read again are still in the processor's cache (a large archive's are spread over memory)."""
    inner = indent + "  "
    template, mention_template = _template(_ENTITY_KEYS, indent), _template(_MENTION_KEYS, inner + "  ")
    starts_of, source_texts = _by_source(report)
    out = []
    for e in entities:
        every = e.mentions
        sources = list(map(_SOURCE, every))
        lines = map(bisect_right, map(starts_of.__getitem__, sources), map(_START, every))
        mentions = list(map(mention_template.__mod__, zip(
            map(source_texts.__getitem__, sources), map(encode_basestring, map(_TEXT, every)), lines)))
        out.append(template % (*_texts((e.id, e.name, e.kind, e.variant_of), inner), _array(mentions, inner)))
    return out


def problems_json(report: Report) -> list[dict[str, Any]]:
    """The ``problems`` array."""
    texts = {a.path: a.text for a in report.sources}
    return [
        {"path": p.path, "severity": p.severity.value, "message": p.message,
         "line": line_col(texts[p.path], p.offset)[0] if p.offset is not None and p.path in texts else None}
        for p in report.problems
    ]


def summary_json(report: Report) -> dict[str, Any]:
    """The ``summary`` object."""
    return {
        "sources": report.summary.sources,
        "skipped": report.summary.skipped,
        "claims": report.summary.claims,
        "groups": report.summary.groups,
        "verdicts": report.summary.verdicts,
        "unanchored": sum(1 for c in report.claims if not c.anchored),
        "suppressed": report.suppressed,
    }


def _baseline_json(report: Report) -> dict[str, Any] | None:
    if report.baseline is None:
        return None
    return {"path": report.baseline.path, "baselined": report.baseline.baselined, "stale": report.baseline.stale}


def _sections(report: Report) -> list[tuple[str, Callable[[], Any], bool]]:
    """(key, value maker, whether the value is an array written item by item) in contract order."""
    return [
        ("schema_version", lambda: SCHEMA_VERSION, False),
        ("sources", lambda: sources_json(report), False),
        ("groups", lambda: (group_json(report, g) for g in report.groups), True),
        ("entities", lambda: _entities_json(report), True),
        ("stories", lambda: [{"id": s.id, "name": s.name, "sources": list(s.sources)} for s in report.stories], False),
        ("problems", lambda: problems_json(report), False),
        ("summary", lambda: summary_json(report), False),
        ("baseline", lambda: _baseline_json(report), False),
    ]


def report_json(report: Report) -> dict[str, Any]:
    """The whole report as a JSON-ready dict."""
    return {key: list(make()) if streamed else make() for key, make, streamed in _sections(report)}


# A report with at least this many mentions has its entities written by a forked child while this
# process writes the groups before them (below it, forking costs more than it saves).
FORK_MIN_MENTIONS = 50_000


def write_json(report: Report, write: Callable[[str], Any]) -> None:
    """Write the report's JSON document piece by piece (one group or entity at a time), so that
    the whole document never has to be held in memory; same text as ``render_json``.

    The entities of a large report (every mention of the archive) are written by one forked child
    while this process writes the groups: the child touches only the mentions' pages, and the other
    core would idle. Workers that wrote the groups too gave no gain (this process waited for them),
    nor did a child that wrote the last groups as well as the entities (measured on 10,000
    articles: what the two processes save, they spend again in copied pages). Where the output is
    a UTF-8 file, the child's text is copied to it as bytes."""
    finish = None
    if sum(len(e.mentions) for e in report.entities) >= FORK_MIN_MENTIONS:
        from factcheck import workers

        _by_source(report)  # made once, before the fork: the groups need them too
        finish = workers.fork_text(lambda out: _write_section(report, "entities", lambda: (), out))
    try:
        sep = "{\n  "
        for key, make, streamed in _sections(report):
            write(sep + encode_basestring(key) + ": ")
            sep = ",\n  "
            if not streamed:
                write(dumps_at(make(), "  "))
                continue
            if key == "entities" and finish is not None:
                done, finish = finish, None
                if done(write, _raw_sink(write)):
                    continue
            _write_section(report, key, make, write)
        write("\n}\n")
    finally:
        if finish is not None:
            finish(None)  # the output failed: the child is stopped, its text not waited for


def _raw_sink(write: Callable[[str], Any]) -> Callable[[bytes], Any] | None:
    """A binary write to the file under ``write`` when that is a UTF-8 text file's write (its text
    buffer flushed first), else None."""
    import codecs

    target = getattr(write, "__self__", None)
    if not isinstance(target, io.TextIOWrapper) or write != target.write:
        return None
    try:
        if codecs.lookup(target.encoding).name != "utf-8" or not hasattr(target, "buffer"):
            return None
    except LookupError:
        return None

    def raw(data: bytes) -> Any:
        target.flush()
        return target.buffer.write(data)

    return raw


def _write_section(report: Report, key: str, make: Callable[[], Any], write: Callable[[str], Any]) -> None:
    """Write a streamed section's array, item by item."""
    item_sep = "[\n    "
    for texts in _item_texts(report, key, make):
        for text in texts:
            write(item_sep + text)
            item_sep = ",\n    "
    write("[]" if item_sep == "[\n    " else "\n  ]")


# Groups or entities whose texts are made at once: only this many items' texts are held.
CHUNK_ITEMS = 1024


def _item_texts(report: Report, key: str, make: Callable[[], Any]) -> Iterator[list[str]]:
    """The texts of the items of a streamed section, ``CHUNK_ITEMS`` at a time (the large sections
    are written without their dicts)."""
    if key == "groups":
        known: dict[Any, str] = {}
        for i in range(0, len(report.groups), CHUNK_ITEMS):
            yield _groups_texts(report, report.groups[i:i + CHUNK_ITEMS], "    ", known)
    elif key == "entities":
        for i in range(0, len(report.entities), CHUNK_ITEMS):
            yield _entities_texts(report, report.entities[i:i + CHUNK_ITEMS], "    ")
    else:
        yield [dumps_at(item, "    ") for item in make()]


def dumps_at(obj: Any, indent: str) -> str:
    """``obj`` as indented JSON starting on a line indented by ``indent``."""
    out: list[str] = []
    _encode(obj, indent, out)
    return "".join(out)


def render_json(report: Report) -> str:
    """The report as one JSON document."""
    buf = io.StringIO()
    write_json(report, buf.write)
    return buf.getvalue()


def render_report(report: Report, options: RenderOptions) -> str:
    """Renderer entry point (see factcheck.render.FORMATS)."""
    return render_json(report)


def write_report(report: Report, options: RenderOptions, write: Callable[[str], Any]) -> None:
    """Streaming renderer entry point: the same text as ``render_report``, written piece by piece."""
    write_json(report, write)
