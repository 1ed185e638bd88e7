"""The JSON contract (schema_version 1); documented in docs/json.md and docs/schema.json."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring  # the C implementation when available
from typing import Any

from factcheck.model import Claim, Group, Report
from factcheck.render import RenderOptions, article_of, claim_count, line_col, location, quote

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
        sep = "{\n" + inner
        for key, value in obj.items():
            scalar = _SCALARS.get(type(value))
            if scalar is not None:
                out.append(sep + _key(key) + scalar(value))
            else:
                out.append(sep + _key(key))
                _encode(value, inner, out)
            sep = ",\n" + inner
        out.append("\n" + indent + "}")
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


def claim_json(report: Report, claim: Claim) -> dict[str, Any]:
    """One claim as JSON."""
    article = article_of(report, claim.source)
    line, col, end_line, end_col = location(article, claim)
    v = claim.value
    return {
        "source": claim.source,
        "value": {"kind": v.kind, "low": _num(v.low), "high": _num(v.high), "unit": v.unit, "qualifier": v.qualifier,
                  "implicit": v.implicit},
        "text": claim.text,
        "quote": quote(claim),
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "event": claim.event,
        "hedged": claim.hedged,
        "hedge": claim.hedge,
        "attribution": claim.attribution,
        "anchored": claim.anchored,
        "resolution": claim.resolution,
    }


def group_json(report: Report, group: Group) -> dict[str, Any]:
    """One group with its claims as JSON."""
    return {
        "id": group.id,
        "subject": group.subject_name,
        "subject_key": group.subject,
        "attribute": group.attribute,
        "event": group.event,
        "verdict": group.verdict.value,
        "reason": group.reason,
        "fingerprint": group.fingerprint,
        "story": group.story,
        "claims": [claim_json(report, c) for c in group.claims],
    }


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


def _entities_json(report: Report) -> Iterator[dict[str, Any]]:
    by_id = {a.id: a for a in report.sources}
    for e in report.entities:
        yield {
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "variant_of": e.variant_of,
            "mentions": [
                {"source": m.source, "text": m.text, "line": line_col(by_id[m.source].text, m.start)[0]}
                for m in e.mentions
            ],
        }


def entities_json(report: Report) -> list[dict[str, Any]]:
    """The ``entities`` array (every mention with its line)."""
    return list(_entities_json(report))


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


def write_json(report: Report, write: Callable[[str], Any]) -> None:
    """Write the report's JSON document piece by piece (one group or entity at a time), so that
    the whole document never has to be held in memory; same text as ``render_json``."""
    sep = "{\n  "
    for key, make, streamed in _sections(report):
        write(sep + encode_basestring(key) + ": ")
        sep = ",\n  "
        if not streamed:
            write(dumps_at(make(), "  "))
            continue
        item_sep = "[\n    "
        for item in make():
            write(item_sep + dumps_at(item, "    "))
            item_sep = ",\n    "
        write("[]" if item_sep == "[\n    " else "\n  ]")
    write("\n}\n")


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
