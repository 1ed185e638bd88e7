"""The fast JSON writers of groups and entities (factcheck.render.json) write exactly what the code
they replaced wrote, and what the standard library writes for the contract's dicts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.model import Article, Claim, Entity, Group, Mention, Report, Sentence, Summary, Value, Verdict
from factcheck.render import RenderOptions, line_col, sources_by_id, write
from factcheck.render import json as render_json
from factcheck.render.json import (
    _CLAIM_KEYS, _ENTITY_KEYS, _GROUP_KEYS, _MENTION_KEYS, _VALUE_KEYS, _array, _claim_row, _group_row, _template,
    _texts, _value, encode_basestring,
)
from helpers import report_of


# The code replaced (kept as the oracle): one claim and one mention at a time.
def old_group_text(report: Report, group: Group, indent: str) -> str:
    """``dumps_at(group_json(report, group), indent)`` without building the dicts of its claims."""
    inner, claim_indent = indent + "  ", indent + "    "
    member_indent, value_indent = claim_indent + "  ", claim_indent + "    "
    claim_template = _template(_CLAIM_KEYS, claim_indent)
    value_template = _template(_VALUE_KEYS, member_indent)
    articles = sources_by_id(report)
    claims = []
    for c in group.claims:
        row = _claim_row(articles[c.source], c)
        value = value_template % _texts(row[1], value_indent)
        claims.append(claim_template % (_value(row[0], member_indent), value, *_texts(row[2:], member_indent)))
    members = [_value(x, inner) for x in _group_row(group)]
    members.append(_array(claims, inner))
    return _template(_GROUP_KEYS, indent) % tuple(members)


def old_entities_text(report: Report, indent: str) -> Iterator[str]:
    """``dumps_at(item, indent)`` of each item of ``_entities_json`` without building the dicts."""
    inner = indent + "  "
    mention_template = _template(_MENTION_KEYS, inner + "  ")
    texts = {a.id: a.text for a in report.sources}
    sources: dict[str, str] = {}
    for e in report.entities:
        mentions = []
        for m in e.mentions:
            source = sources.get(m.source)
            if source is None:
                source = sources[m.source] = _value(m.source, "")
            line = line_col(texts[m.source], m.start)[0]
            mentions.append(mention_template % (source, encode_basestring(m.text), line))
        members = [_value(x, inner) for x in (e.id, e.name, e.kind, e.variant_of)]
        members.append(_array(mentions, inner))
        yield _template(_ENTITY_KEYS, indent) % tuple(members)


def fast_texts(report: Report, key: str) -> list[str]:
    """The texts of a streamed section's items as the fast writers make them (small chunks)."""
    return [text for chunk in render_json._item_texts(report, key, lambda: None) for text in chunk]


def document(report: Report) -> str:
    """The report's JSON written by ``render.write``."""
    pieces: list[str] = []
    write(report, "json", RenderOptions(), pieces.append)
    return "".join(pieces)


def check(report: Report) -> None:
    assert fast_texts(report, "groups") == [old_group_text(report, g, "    ") for g in report.groups]
    assert fast_texts(report, "entities") == list(old_entities_text(report, "    "))
    assert document(report) == json.dumps(render_json.report_json(report), ensure_ascii=False, indent=2) + "\n"


def test_fixture_reports_match_the_old_writers() -> None:
    for folder in ("seeds", "quake", "ratecut"):
        check(report_of(folder))


# Numbers that are equal but written differently (True == 1 == 1.0; 1e16 == 10**16; -0.0 == 0): the
# caches of the fast writer must keep them apart.
numbers = st.one_of(
    st.sampled_from([1, 1.0, True, False, 0, -0.0, 0.0, 10**16, 1e16, 2.0**53, 2**53, float("nan"),
                     float("inf"), float("-inf"), 1.5, None, "2025-10-21", ""]),
    st.integers(min_value=-(10**18), max_value=10**18), st.floats(allow_nan=True, allow_infinity=True),
)
flags = st.sampled_from([True, False, 1, 0])
few = st.sampled_from(["a", None, "%s"])  # members drawn from few values, so that claims share their texts
words = st.text(max_size=8) | st.sampled_from(["a", "Москва", 'q"\\', "\x00\x1f\n", "", "%s", "%%"])
maybe_words = st.none() | words
texts = st.text(alphabet=st.sampled_from("ab Я\n\r\t\x85\u2028 ,."), max_size=60)


@st.composite
def reports(draw: Any) -> Report:
    """A report of a few articles, with groups of claims and entities of mentions at random offsets."""
    articles = [Article(id=f"S{i}", path=f"a{i}.txt", text=draw(texts), lang="en")
                for i in range(draw(st.integers(1, 4)))]
    small = st.integers(min_value=-2, max_value=70)

    def claim(_: int) -> Claim:
        source = draw(st.sampled_from(articles))
        sentence = Sentence(index=0, start=0, stop=1, text=draw(texts))
        value = Value(kind=draw(words | few), low=draw(numbers), high=draw(numbers), unit=draw(maybe_words | few),
                      qualifier=draw(words | few), implicit=draw(flags))
        return Claim(source=source.id, start=draw(small), stop=draw(small), text=draw(words), sentence=sentence,
                     subject="E1", subject_name=draw(words), attribute=draw(words), event=draw(maybe_words | few),
                     value=value, hedged=draw(flags), hedge=draw(maybe_words | few),
                     attribution=draw(maybe_words | few), anchored=draw(flags), resolution=draw(maybe_words | few))

    groups = tuple(
        Group(id=f"G{i}", subject=draw(words), subject_name=draw(words), attribute=draw(words),
              event=draw(maybe_words), verdict=draw(st.sampled_from(list(Verdict))),
              claims=tuple(map(claim, range(draw(st.integers(0, 4))))), reason=draw(words),
              story=draw(maybe_words), fingerprint=draw(words))
        for i in range(draw(st.integers(0, 5)))
    )

    def mention(_: int) -> Mention:
        return Mention(source=draw(st.sampled_from(articles)).id, start=draw(small), stop=0, text=draw(words),
                       kind="person", norm="")

    entities = tuple(
        Entity(id=f"E{i}", name=draw(words), kind=draw(words), variant_of=draw(maybe_words),
               mentions=tuple(map(mention, range(draw(st.integers(0, 4))))))
        for i in range(draw(st.integers(0, 4)))
    )
    claims = tuple(c for g in groups for c in g.claims)
    return Report(sources=tuple(articles), claims=claims, groups=groups, entities=entities, problems=(),
                  summary=Summary(sources=len(articles), skipped=0, claims=len(claims), groups=len(groups)))


@settings(max_examples=300, deadline=None)
@given(reports(), st.sampled_from([1, 2, 1024]))
def test_generated_reports_match_the_old_writers(report: Report, chunk: int) -> None:
    render_json.CHUNK_ITEMS, saved = chunk, render_json.CHUNK_ITEMS
    try:
        check(report)
    finally:
        render_json.CHUNK_ITEMS = saved


def test_equal_numbers_and_flags_of_other_types_are_written_apart() -> None:
    article = Article(id="S1", path="a.txt", text="one\ntwo\r\nthree", lang="en")
    sentence = Sentence(index=0, start=0, stop=3, text="one")

    def claim(low: Any, flag: Any) -> Claim:
        return Claim(source="S1", start=1, stop=9, text="1", sentence=sentence, subject="E1", subject_name="x",
                     attribute="count", event=None, value=Value(kind="quantity", low=low, high=low, implicit=flag),
                     hedged=flag, anchored=flag)

    claims = tuple(claim(low, flag) for low in (1, 1.0, True, 10**16, 1e16, -0.0, 0) for flag in (True, 1))
    report = Report(sources=(article,), claims=claims, problems=(), entities=(),
                    groups=(Group(id="G1", subject="E1", subject_name="x", attribute="count", event=None,
                                  verdict=Verdict.AGREE, claims=claims),),
                    summary=Summary(sources=1, skipped=0, claims=len(claims), groups=1))
    check(report)
