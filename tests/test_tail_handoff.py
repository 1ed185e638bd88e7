"""The serial tail, faster: what the claims workers work out for themselves is what the parent
used to send them, and the console script's quick exit loses nothing.

The claims stage's workers inherit the articles, their mentions and the entities (forked, not
pickled) and work out each article's mention -> entity map and the story features of its names;
the parent used to build both itself, walking every entity's mentions. That code is kept below,
unchanged but for names, as the oracle, and compared on the fixtures and on generated archives
(mentions at one place, variants of a family, kinds that do and do not pair stories).
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import cli, lang, pipeline
from factcheck import stories as stories_mod
from factcheck.config import Config
from factcheck.model import Article, Claim, Entity, Mention, Story
from factcheck.names.cluster import cluster_spellings

ROOT = Path(__file__).parent.parent
FIXTURES = ["seeds", "quake", "ratecut"]


# ----------------------------------------------------------------------------- the oracle

def _old_entity_maps(ready: list[pipeline.Prepared], entities: list[Entity]) -> dict[str, dict[int, Entity]]:
    """Each readable article's mention start -> entity, as ``analyse`` built it before."""
    heads = {e.id: e for e in entities}
    light = {e.id: Entity(e.id, e.name, e.kind, (), e.variant_of) for e in entities}
    entity_of: dict[str, dict[int, Entity]] = {}
    for e in entities:
        target = light[heads[e.variant_of].id] if e.variant_of and e.variant_of in heads else light[e.id]
        for m in e.mentions:
            got = entity_of.get(m.source)
            if got is None:
                got = entity_of[m.source] = {}
            got[m.start] = target
    out = {}
    for p in ready:
        assert p.article is not None
        if not p.readable:
            continue
        mine = entity_of.get(p.article.id, {})
        out[p.article.id] = {m.start: mine[m.start] for m in p.mentions if m.start in mine}
    return out


def _old_stories(ready: list[pipeline.Prepared], entities: list[Entity],
                 claims: list[Claim]) -> tuple[list[Story], dict[str, str]]:
    """``pipeline._stories`` as it was, features from every entity's mentions."""
    heads = {e.id: (e.variant_of or e.id) for e in entities}
    features: dict[str, set[str]] = {p.article.id: set() for p in ready if p.article}
    name_keys = stories_mod.name_keys
    for e in entities:
        if e.kind not in stories_mod.STORY_KINDS:
            continue
        head = heads[e.id]
        for source, text in {(m.source, m.text) for m in e.mentions}:
            got = features.get(source)
            if got is not None:
                got.add(head)
                got.update(name_keys(text))
    for c in claims:
        key = stories_mod.value_key(c)
        if key and c.source in features:
            features[c.source].add(key)
    profiles = [
        stories_mod.Profile(p.article.id, p.article.published, tuple(sorted(features[p.article.id])))
        for p in ready if p.article and p.article.lang in lang.SUPPORTED
    ]
    display = {e.id: e.name for e in entities}
    return stories_mod.group_stories(profiles, display)


# ----------------------------------------------------------------------------- the new hand-off

def _handoff(ready: list[pipeline.Prepared], monkeypatch: pytest.MonkeyPatch,
             claims_of: dict[str, list[Claim]] | None = None
             ) -> tuple[dict[str, dict[int, Entity]], list[Entity], list[pipeline._Read]]:
    """What the claims stage's workers hand ``extract`` (each article's entity map) and send back."""
    entities, entity_at = cluster_spellings([m for p in ready for m in p.mentions])
    seen: dict[str, dict[int, Entity]] = {}

    def spy(work: pipeline.ClaimWork, split: Any = None) -> tuple[list[Claim], None]:
        seen[work.article.id] = work.entity_of
        return (claims_of or {}).get(work.article.id, []), None

    monkeypatch.setattr(pipeline, "_extract_one", spy)
    readable = [p for p in ready if p.readable]
    got = pipeline._extract_all(readable, entities, entity_at, Config(jobs=1), None)
    assert len(got) == len(readable)
    return seen, entities, got


def _assert_same(ready: list[pipeline.Prepared], monkeypatch: pytest.MonkeyPatch,
                 claims_of: dict[str, list[Claim]] | None = None) -> None:
    seen, entities, got = _handoff(ready, monkeypatch, claims_of)
    expected = _old_entity_maps(ready, entities)
    assert list(seen) == list(expected)
    for source, mine in expected.items():
        # Same starts in the same order, each to an equal entity with no mentions.
        assert list(seen[source].items()) == list(mine.items()), source
    readable = [p for p in ready if p.readable]
    names_of = {p.article.id: r.names for p, r in zip(readable, got)}  # type: ignore[union-attr]
    claims = [c for r in got for c in r.claims]
    sources = tuple(p.article for p in ready if p.article is not None)
    assert pipeline._stories(sources, names_of, entities, claims) == _old_stories(ready, entities, claims)
    features = {p.article.id: r.features for p, r in zip(readable, got)}  # type: ignore[union-attr]
    assert pipeline._stories(sources, names_of, entities, claims, features) == _old_stories(ready, entities, claims)


@pytest.mark.parametrize("folder", FIXTURES)
def test_fixtures_hand_off_as_before(folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(jobs=1)
    ready = [p for p in pipeline._prepare_all(pipeline.collect(ROOT / "fixtures" / folder, config), config, None)
             if p.article is not None]
    assert any(p.mentions for p in ready)
    # The real claims too, for the values that pair stories.
    with monkeypatch.context() as m:
        real, _, _ = _handoff(ready, m)
    claims_of = {p.article.id: pipeline._extract_one(pipeline.ClaimWork(p.article, p.mentions, real[p.article.id],
                                                                        False))[0]
                 for p in ready if p.readable and p.article is not None}
    assert any(claims_of.values())
    _assert_same(ready, monkeypatch, claims_of)


_POOL = [  # (text, norm, kind): a family and its variant, kinds that pair stories and kinds that do not
    ("Il-76", "il-76", "equipment"), ("Il-76TD", "il-76td", "equipment"), ("Ил-76ТД", "ил-76тд", "equipment"),
    ("Donald Trump", "donald trump", "person"), ("Trump", "trump", "person"), ("Трамп", "трамп", "person"),
    ("Трампа", "трамп", "person"), ("Reuters", "reuters", "media"), ("Рейтер", "рейтер", "media"),
    ("president", "president", "title"), ("Caracas", "caracas", "place"), ("Каракас", "каракас", "place"),
    ("Gazprom", "gazprom", "org"), ("Gazprom Neft", "gazprom neft", "org"), ("Acme Widgets", "acme widgets", "other"),
    ("Maria Quiñones", "maria quinones", "person"), ("Киньонес", "киньонес", "person"),
]


@st.composite
def _archives(draw: st.DrawFn) -> list[pipeline.Prepared]:
    """Articles S1..Sn with mentions in order of start, several of them at one place now and then."""
    out = []
    for i in range(1, draw(st.integers(1, 8)) + 1):
        source = f"S{i}"
        picks = draw(st.lists(st.tuples(st.integers(0, 40), st.integers(0, len(_POOL) - 1)), max_size=14))
        mentions = []
        for start, k in sorted(picks, key=lambda x: x[0]):
            text, norm, kind = _POOL[k]
            mentions.append(Mention(source, start * 10, start * 10 + len(text), text, kind, norm))
        article = Article(source, f"{source}.txt", "", draw(st.sampled_from(["en", "ru", "fr"])))
        # As prepare() leaves them: no names in an article the claims stage does not read (a
        # language not supported, or an internal error).
        readable = article.lang != "fr" and draw(st.integers(0, 5)) > 0
        out.append(pipeline.Prepared(article, tuple(mentions) if readable else (), (), readable=readable))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_archives())
def test_generated_archives_hand_off_as_before(ready: list[pipeline.Prepared]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _assert_same(ready, monkeypatch)


def test_two_mentions_at_one_place_take_the_later_entity() -> None:
    trump = Entity("E1", "Trump", "person", ())
    reuters = Entity("E2", "Reuters", "media", ())
    ms = (Mention("S1", 0, 5, "Trump", "person", "trump"), Mention("S1", 0, 7, "Reuters", "media", "reuters"),
          Mention("S1", 9, 14, "Trump", "person", "trump"))
    assert pipeline._entity_of(ms, [1, 0, 0], [trump, reuters]) == {0: reuters, 9: trump}
    assert pipeline._entity_of(ms[:2][::-1], [0, 1], [trump, reuters]) == {0: reuters}


# ----------------------------------------------------------------------------- the console script's exit

def _console(*args: str, cwd: Path = ROOT, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = f"import sys; {prelude}sys.argv = ['factcheck', *{list(args)!r}]; from factcheck.cli import console; console()"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=env)


def test_console_exit_flushes_everything_and_keeps_the_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    seeds = str(ROOT / "fixtures" / "seeds")
    assert cli.main(["compare", seeds, "--format", "json"]) == cli.EXIT_CONFLICT
    expected = capsys.readouterr().out
    assert cli._KEPT is None  # main() alone keeps nothing
    got = _console("compare", seeds, "--format", "json")
    assert got.returncode == cli.EXIT_CONFLICT, got.stderr
    assert got.stdout == expected
    out = tmp_path / "report.json"
    got = _console("compare", seeds, "--format", "json", "-o", str(out), "--exit-zero")
    assert got.returncode == cli.EXIT_OK, got.stderr
    assert out.read_text(encoding="utf-8") == expected
    got = _console("compare", str(tmp_path / "missing"))
    assert got.returncode == cli.EXIT_USAGE and "no such file" in got.stderr


def test_console_exit_runs_the_exit_handlers() -> None:
    prelude = "import atexit; atexit.register(lambda: print('handler ran', file=sys.stderr)); "
    got = _console("compare", str(ROOT / "fixtures" / "seeds"), "-q", prelude=prelude)
    assert got.returncode == cli.EXIT_CONFLICT
    assert got.stderr.endswith("handler ran\n")


def test_console_keeps_the_report(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    exits: list[int] = []
    monkeypatch.setattr(os, "_exit", exits.append)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: None)
    monkeypatch.setattr(sys, "argv", ["factcheck", "compare", str(ROOT / "fixtures" / "seeds"), "-q"])
    try:
        cli.console()
        kept: Any = cli._KEPT
    finally:
        monkeypatch.setattr(cli, "_KEPT", None)
    assert exits == [cli.EXIT_CONFLICT]
    assert len(kept) == 1 and kept[0].sources
