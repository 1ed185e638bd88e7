"""The one place where the stages are wired together:
load -> language -> sentences -> names -> claims -> alignment -> verdicts -> Report."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

from factcheck import align as align_mod
from factcheck import judge as judge_mod
from factcheck import lang as lang_mod
from factcheck import findings, load, names, segment, workers
from factcheck.claims.extract import Context, extract
from factcheck.config import Config
from factcheck.model import (
    Article,
    Claim,
    Entity,
    Group,
    Mention,
    Problem,
    Report,
    Sentence,
    Severity,
    Story,
    Summary,
    Verdict,
    source_id,
)
from factcheck.names.cluster import Spelling, cluster_spellings

VERDICT_ORDER = {Verdict.CONFLICT: 0, Verdict.COMPATIBLE: 1, Verdict.AGREE: 2, Verdict.SINGLE: 3}


class UsageError(Exception):
    """The run cannot start (missing folder, nothing to read)."""


def collect(root: Path, config: Config, skipped: list[Problem] | None = None) -> list[tuple[Path, str]]:
    """Article files under ``root`` with the path shown for each (relative to ``root``); what
    discovery left out (links not followed, loops, unreadable folders...) is added to ``skipped``."""
    if not root.exists():
        raise UsageError(f"{root}: no such file or directory")
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory (give the folder that holds the articles)")
    found = load.scan(root, config.follow_symlinks)
    if skipped is not None:
        skipped.extend(found.problems)
    return [(p, load.display_path(r)) for p, r in zip(found.files, found.relative, strict=True)]


def collect_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """Files named on the command line, shown as given."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or directory")
    return [(p, load.display_path(p.as_posix())) for p in paths]


Progress = Callable[[str, int, int], None]  # (stage, done, total)

# Below this many files forking workers costs more than it saves.
PARALLEL_MIN_FILES = 24


@dataclass(frozen=True)
class Prepared:
    """Stages 1, 2 and 4 of one file: the article (or why it cannot be used) and its names.

    Sentences are split in the claims stage, in the worker that needs them: the parent never holds
    them, and the text crosses between processes once (the claims workers inherit it).
    """

    article: Article | None
    mentions: tuple[Mention, ...]
    problems: tuple[Problem, ...]
    readable: bool = False  # whether the claims stage should read it (supported language, no error)


def prepare(path: Path, shown: str, config: Config, ident: str) -> Prepared:
    """Load, detect the language and find names in one file (never raises for bad input;
    internal errors become a Problem unless ``config.debug``)."""
    got = load.read_file(path, config.max_file_size)
    if isinstance(got, Problem):
        return Prepared(None, (), (replace(got, path=shown),))
    text = got.text
    meta = load.read_metadata(text)
    clean = load.mask_markup(text, meta.masked)
    lang = lang_mod.detect(clean)
    published, date_source = meta.published, meta.date_source
    if published is None and config.assume_date is not None:
        published, date_source = config.assume_date, "assumed"
    article = Article(
        id=ident, path=shown, text=text, lang=lang, published=published, date_source=date_source,
        title=meta.title, outlet=meta.outlet, url=meta.url, masked=meta.masked,
    )
    problems: list[Problem] = []
    if got.encoding not in ("utf-8", "utf-8-sig"):
        problems.append(Problem(shown, f"decoded as {got.encoding}", Severity.INFO))
    if lang not in lang_mod.SUPPORTED:
        name = lang_mod.LANG_NAMES.get(lang, lang)
        problems.append(Problem(shown, f"language {name} ({lang}) is not supported: no claims read", Severity.WARNING))
        return Prepared(article, (), tuple(problems))
    try:
        mentions = tuple(names.find_mentions(clean, lang, ident))
    except Exception as exc:  # noqa: BLE001 - one bad article must not lose the rest of the run
        if config.debug:
            raise
        problems.append(Problem(shown, f"internal error, no claims read: {exc!r}", Severity.ERROR))
        return Prepared(article, (), tuple(problems))
    return Prepared(article, mentions, tuple(problems), readable=True)


def _prepare_one(args: tuple[Path, str, Config, str]) -> Prepared:
    return prepare(*args)


@dataclass(frozen=True)
class ClaimWork:
    """What the claims stage needs of one article (made in the process that reads it)."""

    article: Article
    mentions: tuple[Mention, ...]
    entity_of: dict[int, Entity]  # mention start -> entity (family head for variants)
    debug: bool


_Split = tuple[str, tuple[Sentence, ...]] | Exception  # an article's masked text and sentences, or what failed


def _split(article: Article) -> _Split:
    """Stage 3 of one article: its masked text and its sentences (what failed, if anything did,
    for ``_extract_one`` to report as it reports its own errors)."""
    try:
        clean = load.mask_markup(article.text, article.masked)
        return clean, tuple(segment.sentences(clean))
    except Exception as exc:  # noqa: BLE001 - reported by _extract_one
        return exc


def _extract_one(work: ClaimWork, split: _Split | None = None) -> tuple[list[Claim], Problem | None]:
    """Stages 3 and 5 of one article: split its sentences (unless ``split`` is given: what
    ``_split`` gave), then read its claims."""
    article = work.article
    try:
        if split is None:
            split = _split(article)
        if isinstance(split, Exception):
            raise split
        clean, sents = split
        if not sents:
            return [], None
        return extract(Context(article, clean, sents, work.mentions, work.entity_of)), None
    except Exception as exc:  # noqa: BLE001 - one bad article must not lose the rest of the run
        # A split that failed is raised from this frame, which its traceback then holds: dropped
        # here, it makes no cycle for a collector that may be paused (``collector_paused``).
        split = None
        if work.debug:
            raise
        return [], Problem(article.path, f"internal error, no claims read: {exc!r}", Severity.ERROR)


@dataclass(frozen=True)
class _ClaimsStage:
    """What the claims workers read, inherited when they are forked (never pickled)."""

    ready: list[Prepared]  # the readable articles with their mentions
    entity_at: dict[Spelling, int]  # a mention's (kind, norm, text) -> its entity's position
    targets: list[Entity] | dict[int, Entity]  # by entity position: what its mentions stand for in claims
    story_heads: list[str | None] | dict[int, str | None]  # by entity position: the id that pairs stories
    chunks: list[range]  # positions in ``ready`` of each worker task
    debug: bool


class _Read(NamedTuple):
    """What the claims stage sends back for one article."""

    claims: list[Claim]
    problem: Problem | None
    names: frozenset[str]  # the story features of its names (see stories.name_features)
    features: tuple[str, ...] = ()  # all its story features, sorted: its names' and its claims' values


def _chunks(total: int, jobs: int) -> list[range]:
    """Positions of the articles of each claims task."""
    size = max(1, min(64, total // (jobs * 8) or 1))
    return [range(a, min(a + size, total)) for a in range(0, total, size)]


def _fork_claims(ready: list[Prepared], config: Config) -> workers.EarlyChunks | None:
    """The claims workers, forked before clustering (None where they are not forked): one fewer
    than the jobs, they split the sentences of their first articles while this process clusters
    the names, on the core that would idle, then read claims alongside this process once they are
    given the entities (``_extract_all``)."""
    jobs = _jobs(config, len(ready))
    chunks = _chunks(len(ready), jobs)
    stage = _ClaimsStage(ready, {}, [], [], chunks, config.debug)
    return workers.fork_early(_split_chunk, _read_chunk, stage, len(chunks), jobs)


def _extract_all(ready: list[Prepared], entities: list[Entity], entity_at: dict[Spelling, int], config: Config,
                 progress: Progress | None, early: workers.EarlyChunks | None = None) -> list[_Read]:
    """Stages 3 and 5 for every readable article, in input order, in this process and forked
    workers that inherit the articles, their mentions and the entities and send back only claims
    and story features (``early``: the workers forked by ``_fork_claims``, which are sent the
    entities instead)."""
    from factcheck import stories as stories_mod

    # Workers need an entity's id, name and kind, not its mentions across the whole archive; a
    # variant (Il-76TD) stands for its family head (Il-76) when the head is there.
    light = [Entity(e.id, e.name, e.kind, (), e.variant_of) for e in entities]
    position = {e.id: i for i, e in enumerate(entities)}
    targets = [light[position[e.variant_of]] if e.variant_of and e.variant_of in position else light[i]
               for i, e in enumerate(entities)]
    # A variant pairs stories as its family (by the head's id, whether or not the head is there).
    story_heads = [(e.variant_of or e.id) if e.kind in stories_mod.STORY_KINDS else None for e in entities]
    total = len(ready)
    jobs = _jobs(config, total)
    chunks = _chunks(total, jobs)
    stage = _ClaimsStage(ready, entity_at, targets, story_heads, chunks, config.debug)
    if jobs > 1 and not workers.can_fork():  # (early workers are forked: there are none here)
        # Spawned workers inherit nothing: each task carries its own articles and the entities
        # they name, so that no worker receives the whole archive.
        done = [0, *accumulate(map(len, chunks))]  # articles read once k tasks are done

        def by_article(name: str, k: int, _tasks: int) -> None:
            if progress:
                progress(name, done[k], total)

        own = _map(_extract_own, [_own_stage(stage, c) for c in chunks], jobs, "claims", by_article)
        return [r for part in own for r in part]
    if progress:
        progress("claims", 0, total)
    parts = early.results((entity_at, targets, story_heads)) if early is not None else \
        workers.fork_imap(_extract_chunk, stage, len(chunks), jobs)
    out: list[_Read] = []
    # Reading claims makes no reference cycles (none found on 1,000 articles, either build), and
    # what is read lives to the end: no collection needs to walk it, here or in the workers.
    with workers.collector_paused(early is not None or workers.forks(jobs, len(chunks))):
        for part in parts:
            out.extend(part)
            if progress:
                progress("claims", len(out), total)
    return out


def _own_stage(stage: _ClaimsStage, chunk: range) -> _ClaimsStage:
    """The part of ``stage`` that the articles of ``chunk`` read, as a stage of one chunk."""
    ready = stage.ready[chunk.start:chunk.stop]
    spellings = {(m.kind, m.norm, m.text) for p in ready for m in p.mentions}
    entity_at = {s: stage.entity_at[s] for s in spellings}
    positions = set(entity_at.values())
    return _ClaimsStage(ready, entity_at, {k: stage.targets[k] for k in positions},
                        {k: stage.story_heads[k] for k in positions}, [range(len(ready))], stage.debug)


def _extract_own(stage: _ClaimsStage) -> list[_Read]:
    """``_extract_chunk`` of a stage of one chunk (``_own_stage``), for a spawned worker."""
    return _extract_chunk(stage, 0)


_Late = tuple[dict[Spelling, int], list[Entity] | dict[int, Entity], list[str | None] | dict[int, str | None]]


def _extract_chunk(stage: _ClaimsStage, chunk: int) -> list[_Read]:
    """Claims and story features of the articles of one chunk."""
    return _read_chunk(stage, (stage.entity_at, stage.targets, stage.story_heads), _split_chunk(stage, chunk), chunk)


def _split_chunk(stage: _ClaimsStage, chunk: int) -> list[_Split]:
    """``_split`` of each article of one chunk (what needs no entity)."""
    return [_split(p.article) for p in stage.ready[stage.chunks[chunk].start:stage.chunks[chunk].stop]]  # type: ignore[arg-type]


def _read_chunk(stage: _ClaimsStage, late: _Late, splits: list[_Split], chunk: int) -> list[_Read]:
    """Claims and story features of the articles of one chunk, split as ``splits`` (``late``: the
    stage's entity positions, targets and story heads)."""
    from factcheck.stories import name_features, value_key

    entity_at, targets, story_heads = late
    out: list[_Read] = []
    for p, split in zip(stage.ready[stage.chunks[chunk].start:stage.chunks[chunk].stop], splits):
        assert p.article is not None
        at_of = [entity_at[m.kind, m.norm, m.text] for m in p.mentions]
        claims, problem = _extract_one(ClaimWork(p.article, p.mentions, _entity_of(p.mentions, at_of, targets),
                                                 stage.debug), split)
        named = {(head, m.text) for m, at in zip(p.mentions, at_of) if (head := story_heads[at]) is not None}
        names = name_features(named)
        values = {key for c in claims if (key := value_key(c))}
        out.append(_Read(claims, problem, names, tuple(sorted(names.union(values)))))
    return out


def _entity_of(mentions: tuple[Mention, ...], at_of: list[int],
               targets: list[Entity] | dict[int, Entity]) -> dict[int, Entity]:
    """Mention start -> what the entity of its mention (at position ``at_of[k]`` for the k-th
    mention) stands for; where two mentions start at one place, the later entity's."""
    best: dict[int, int] = {}
    for m, at in zip(mentions, at_of):
        if best.get(m.start, -1) < at:
            best[m.start] = at
    return {start: targets[at] for start, at in best.items()}


def _jobs(config: Config, n: int) -> int:
    wanted = config.jobs or os.cpu_count() or 1
    return 1 if n < PARALLEL_MIN_FILES else max(1, min(wanted, n))


def _map(func: Callable[[Any], Any], work: list[Any], jobs: int, stage: str, progress: Progress | None) -> list[Any]:
    """``func`` over ``work`` in order, in ``jobs`` processes; results in input order."""
    total = len(work)
    if progress:
        progress(stage, 0, total)
    if jobs <= 1:
        out = []
        for i, item in enumerate(work, 1):
            out.append(func(item))
            if progress:
                progress(stage, i, total)
        return out
    chunk = max(1, min(64, total // (jobs * 8) or 1))

    def done(n: int) -> None:
        if progress:
            progress(stage, n, total)

    forked = workers.fork_map(func, work, jobs, chunk, done)
    if forked is not None:
        return forked
    results: list[Any] = []
    with workers.process_pool(jobs) as pool, workers.collector_paused():
        for i, got in enumerate(pool.map(func, work, chunksize=chunk), 1):
            results.append(got)
            if progress and (i % chunk == 0 or i == total):
                progress(stage, i, total)
    return results


def _prepare_all(items: list[tuple[Path, str]], config: Config, progress: Progress | None) -> list[Prepared]:
    """Stages 1, 2 and 4 for every file, in parallel when worth it; ids S1... in input order of the
    usable ones."""
    jobs = _jobs(config, len(items))
    # Each file is given the id it gets if every file before it is usable; only the files after
    # an unusable one are renumbered.
    work = [(path, shown, config, source_id(i)) for i, (path, shown) in enumerate(items)]
    raw: list[Prepared] = _map(_prepare_one, work, jobs, "reading", progress)
    out: list[Prepared] = []
    n = 0
    for p in raw:
        if p.article is None:
            out.append(p)
            continue
        ident = source_id(n)
        n += 1
        if p.article.id != ident:
            p = replace(p, article=replace(p.article, id=ident),
                        mentions=tuple(replace(m, source=ident) for m in p.mentions))
        out.append(p)
    return out


def compare(root: Path, config: Config | None = None, progress: Progress | None = None) -> Report:
    """Run the whole pipeline on the articles under ``root``."""
    config = config or Config()
    skipped: list[Problem] = []
    items = collect(root, config, skipped)
    return replace(analyse(items, config, progress, skipped), root=root.as_posix())


def analyse(items: list[tuple[Path, str]], config: Config, progress: Progress | None = None,
            skipped: list[Problem] | tuple[Problem, ...] = ()) -> Report:
    """Run the whole pipeline on the given files (``skipped``: what discovery left out)."""
    prepared = _prepare_all(items, config, progress)
    problems = [*skipped, *(x for p in prepared for x in p.problems)]
    ready = [p for p in prepared if p.article is not None]
    try:
        extra = names.load_aliases(config.aliases) if config.aliases else None
    except (OSError, ValueError) as exc:  # unreadable, not UTF-8 or TOML, or of another shape
        raise UsageError(f"{config.aliases}: not a usable alias file ({exc})") from None
    all_mentions = [m for p in ready for m in p.mentions]
    readable = [p for p in ready if p.readable]
    early = _fork_claims(readable, config)
    try:
        with workers.collector_paused():  # the entities live to the end: no collection walks them
            entities, entity_at = cluster_spellings(all_mentions, extra)
        extracted = _extract_all(readable, entities, entity_at, config, progress, early)
    finally:
        if early is not None:
            early.close()
    claims: list[Claim] = []
    names_of: dict[str, frozenset[str]] = {}
    features: dict[str, tuple[str, ...]] = {}
    for p, got in zip(readable, extracted):
        claims.extend(got.claims)
        if got.problem:
            problems.append(got.problem)
        names_of[p.article.id] = got.names  # type: ignore[union-attr]
        features[p.article.id] = got.features  # type: ignore[union-attr]
    sources = tuple(p.article for p in ready if p.article is not None)
    claims, suppressed, unused = _suppress(claims, sources)
    problems.extend(unused)
    # The workers' features count every claim's value: not those of suppressed claims.
    stories, story_of = _stories(sources, names_of, entities, claims, None if suppressed else features)
    groups = build_groups(claims, config, {a.id: a.path for a in sources}, story_of)
    report = Report(
        sources, tuple(claims), tuple(groups), tuple(entities),
        tuple(sorted(problems, key=lambda p: (p.path, p.offset or 0, p.message))),
        _summary(sources, problems, claims, groups), stories=tuple(stories), suppressed=suppressed,
    )
    if config.story:
        report = only_story(report, config.story)
    return report


def _summary(sources: tuple[Article, ...], problems: list[Problem] | tuple[Problem, ...], claims: list[Claim] | tuple[Claim, ...],
             groups: list[Group] | tuple[Group, ...]) -> Summary:
    verdicts = Counter(g.verdict.value for g in groups)
    return Summary(
        sources=len(sources),
        skipped=sum(1 for p in problems if p.severity is not Severity.INFO and "no claims" not in p.message
                    and p.offset is None),
        claims=len(claims),
        groups=len(groups),
        verdicts={v.value: verdicts.get(v.value, 0) for v in Verdict},
    )


def _suppress(claims: list[Claim], sources: tuple[Article, ...]) -> tuple[list[Claim], int, list[Problem]]:
    """Claims not silenced by inline comments, how many were, and the unused comments."""
    from factcheck import suppress

    table = {a.id: suppress.find(a.text) for a in sources}
    if not any(table.values()):
        return claims, 0, []
    used: set[tuple[str, int]] = set()
    kept: list[Claim] = []
    for c in claims:
        hit = next((s for s in table[c.source] if s.start <= c.start < s.stop), None)
        if hit is None:
            kept.append(c)
        else:
            used.add((c.source, hit.offset))
    problems = []
    for a in sources:
        for s in table[a.id]:
            if s.kind == "enable":
                problems.append(Problem(a.path, "'factcheck: enable' with no 'disable' before it", Severity.WARNING,
                                        s.offset))
            elif (a.id, s.offset) not in used:
                problems.append(Problem(a.path, f"unused suppression 'factcheck: {s.kind}' (no claim there)",
                                        Severity.WARNING, s.offset))
    return kept, len(claims) - len(kept), problems


def _stories(sources: tuple[Article, ...], names_of: dict[str, frozenset[str]], entities: list[Entity],
             claims: list[Claim], features: dict[str, tuple[str, ...]] | None = None
             ) -> tuple[list[Story], dict[str, str]]:
    """Group the usable articles into stories by the names (``names_of``: the story features of each
    source's names) and the precise values they share (``features``, if given: both already
    together, sorted, by source, as the claims workers found them)."""
    from factcheck import stories as stories_mod

    display = {e.id: e.name for e in entities}
    if features is not None:
        profiles = [stories_mod.Profile(a.id, a.published, features.get(a.id, ()))
                    for a in sources if a.lang in lang_mod.SUPPORTED]
        return stories_mod.group_stories(profiles, display)
    values: dict[str, set[str]] = {}
    value_key = stories_mod.value_key
    for c in claims:
        key = value_key(c)
        if key:
            got = values.get(c.source)
            if got is None:
                got = values[c.source] = set()
            got.add(key)
    none: frozenset[str] = frozenset()
    profiles = [
        stories_mod.Profile(a.id, a.published, tuple(sorted(names_of.get(a.id, none).union(values.get(a.id, none)))))
        for a in sources if a.lang in lang_mod.SUPPORTED
    ]
    return stories_mod.group_stories(profiles, display)


def only_story(report: Report, story: str) -> Report:
    """The report restricted to one story's sources, claims and groups."""
    chosen = next((s for s in report.stories if s.id == story), None)
    if chosen is None:
        known = ", ".join(s.id for s in report.stories) or "none"
        raise UsageError(f"no story {story!r} (stories: {known})")
    keep = set(chosen.sources)
    claims = tuple(c for c in report.claims if c.source in keep)
    groups = tuple(g for g in report.groups if g.story == story)
    return replace(report, claims=claims, groups=groups, stories=(chosen,),
                   summary=_summary(report.sources, report.problems, claims, groups))


def select(report: Report, only: tuple[str, ...] = (), min_sources: int = 2) -> Report:
    """The groups a user asked to see: by verdict (``only``) and by how many sources they have."""
    def keep(g: Group) -> bool:
        n = len({c.source for c in g.claims})
        if g.verdict is not Verdict.SINGLE and n < min_sources:
            return False
        return not only or g.verdict.value in only

    groups = tuple(g for g in report.groups if keep(g))
    return report if len(groups) == len(report.groups) else with_groups(report, groups)


def with_groups(report: Report, groups: tuple[Group, ...]) -> Report:
    """``report`` showing only ``groups``, with the summary counted again."""
    verdicts = Counter(g.verdict.value for g in groups)
    summary = replace(report.summary, groups=len(groups), verdicts={v.value: verdicts.get(v.value, 0) for v in Verdict})
    return replace(report, groups=groups, summary=summary)


def _display_name(claims: list[Claim]) -> str:
    names_ = Counter(c.subject_name for c in claims)
    return sorted(names_.items(), key=lambda kv: (not kv[0].isascii(), -kv[1], kv[0]))[0][0]


# Below this many claims, judging in one process is as quick as forking a worker to judge beside
# it (runs in turn, 12 each: 10,705 claims 0.159 s alone, 0.125 s forked; 3,000-6,600 claims
# within 5 ms either way; 1,065 claims 0.014 s alone, 0.020 s forked).
PARALLEL_MIN_CLAIMS = 8_000

_Row = tuple[Verdict, str, str, str, tuple[str, str, str], list[int], str, str, str]


def build_groups(claims: list[Claim], config: Config, paths: dict[str, str] | None = None,
                 story_of: dict[str, str] | None = None) -> list[Group]:
    """Stages 6-7: align claims within each story and judge each group; ids follow the shown order."""
    story_of = story_of or {}
    by_story: dict[str, list[Claim]] = {}
    for c in claims:
        by_story.setdefault(story_of.get(c.source, ""), []).append(c)
    stories = sorted(by_story, key=lambda s: (len(s), s))
    jobs = _jobs(config, len(story_of)) if len(claims) >= PARALLEL_MIN_CLAIMS else 1
    chunks = workers.balanced_chunks([len(by_story[s]) for s in stories], jobs * 4) if jobs > 1 else [range(len(stories))]
    shared = (by_story, stories, chunks, config, paths or {})
    # Forked, this process judges chunks alongside jobs - 1 workers that inherit the claims.
    forked = workers.fork_map(partial(_judge_chunk, shared), list(range(len(chunks))), jobs, 1) if jobs > 1 else None
    parts = forked if forked is not None else [_judge_chunk(shared, i) for i in range(len(chunks))]
    rows = [row for part in parts for row in part]
    rows.sort(key=lambda r: (VERDICT_ORDER[r[0]], r[1].lower(), r[2], r[3], r[4], len(r[7]), r[7]))
    out = []
    for i, (verdict, name, attribute, event, key, members, reason, story, fingerprint) in enumerate(rows, 1):
        picked = by_story[story]
        out.append(Group(f"G{i}", key[0], name, attribute, event or None, verdict, tuple(picked[k] for k in members),
                         reason, story or None, fingerprint=fingerprint))
    return out


def _judge_chunk(shared: tuple[dict[str, list[Claim]], list[str], list[range], Config, dict[str, str]],
                 chunk: int) -> list[_Row]:
    """Align and judge the stories of one chunk: a row per group, its claims as positions in
    their story's list (so that a worker sends back numbers, not claims)."""
    by_story, stories, chunks, config, paths = shared
    out: list[_Row] = []
    for n in chunks[chunk]:
        story = stories[n]
        position = {id(c): k for k, c in enumerate(by_story[story])}
        for key, members in align_mod.align(by_story[story]).items():
            subject, attribute, _ = key
            verdict, reason = judge_mod.judge(members, config.tolerances.get(attribute))
            events = {c.event for c in members}
            event = key[2] or None if members[0].value.kind in ("date", "time") else (
                events.pop() if len(events) == 1 else None
            )
            name = _display_name(members)
            draft = Group("", subject, name, attribute, event or None, verdict, tuple(members), reason, story or None)
            out.append((verdict, name, attribute, event or "", key, [position[id(c)] for c in members], reason,
                        story, findings.fingerprint(draft, paths)))
    return out
