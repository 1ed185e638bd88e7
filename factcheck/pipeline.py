"""The one place where the stages are wired together:
load -> language -> sentences -> names -> claims -> alignment -> verdicts -> Report."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

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
    Severity,
    Story,
    Summary,
    Verdict,
    source_id,
)

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
    return [(p, load.display_path(p.relative_to(root).as_posix())) for p in found.files]


def collect_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """Files named on the command line, shown as given."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or directory")
    return [(p, load.display_path(p.as_posix())) for p in paths]


Progress = Callable[[str, int, int], None]  # (stage, done, total)

# Below this many files the process pool costs more than it saves.
PARALLEL_MIN_FILES = 24


@dataclass(frozen=True)
class Prepared:
    """Stages 1, 2 and 4 of one file: the article (or why it cannot be used) and its names.

    Sentences are split in the claims stage, in the worker that needs them: the parent never holds
    them, and the text crosses between processes once each way instead of three times.
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
    """What the claims stage needs of one article (sent to a worker process)."""

    article: Article
    mentions: tuple[Mention, ...]
    entity_of: dict[int, Entity]  # mention start -> entity (family head for variants)
    debug: bool


def _extract_one(work: ClaimWork) -> tuple[list[Claim], Problem | None]:
    """Stages 3 and 5 of one article: split its sentences, then read its claims."""
    article = work.article
    try:
        clean = load.mask_markup(article.text, article.masked)
        sents = tuple(segment.sentences(clean))
        if not sents:
            return [], None
        return extract(Context(article, clean, sents, work.mentions, work.entity_of)), None
    except Exception as exc:  # noqa: BLE001 - one bad article must not lose the rest of the run
        if work.debug:
            raise
        return [], Problem(article.path, f"internal error, no claims read: {exc!r}", Severity.ERROR)


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
    results: list[Any] = []
    with workers.process_pool(jobs) as pool:
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
    extra = names.load_aliases(config.aliases) if config.aliases else None
    all_mentions = [m for p in ready for m in p.mentions]
    entities = names.cluster(all_mentions, extra)
    heads = {e.id: e for e in entities}
    # Workers need an entity's id, name and kind, not its mentions across the whole archive.
    light = {e.id: Entity(e.id, e.name, e.kind, (), e.variant_of) for e in entities}
    entity_of: dict[str, dict[int, Entity]] = {}  # source -> mention start -> entity
    for e in entities:
        target = light[heads[e.variant_of].id] if e.variant_of and e.variant_of in heads else light[e.id]
        for m in e.mentions:
            got = entity_of.get(m.source)
            if got is None:
                got = entity_of[m.source] = {}
            got[m.start] = target
    work = []
    for p in ready:
        article = p.article
        assert article is not None
        if not p.readable:
            continue
        mine = entity_of.get(article.id, {})
        work.append(ClaimWork(article, p.mentions, {m.start: mine[m.start] for m in p.mentions if m.start in mine},
                              config.debug))
    extracted = _map(_extract_one, work, _jobs(config, len(work)), "claims", progress)
    claims: list[Claim] = []
    for got, problem in extracted:
        claims.extend(got)
        if problem:
            problems.append(problem)
    sources = tuple(p.article for p in ready if p.article is not None)
    claims, suppressed, unused = _suppress(claims, sources)
    problems.extend(unused)
    stories, story_of = _stories(ready, entities, claims)
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


def _stories(ready: list[Prepared], entities: list[Entity], claims: list[Claim]) -> tuple[list[Story], dict[str, str]]:
    """Group the usable articles into stories by the names and the precise values they share."""
    from factcheck import stories as stories_mod

    heads = {e.id: (e.variant_of or e.id) for e in entities}
    features: dict[str, set[str]] = {p.article.id: set() for p in ready if p.article}
    name_keys = stories_mod.name_keys
    for e in entities:
        if e.kind not in stories_mod.STORY_KINDS:
            continue
        head = heads[e.id]
        # An entity is mostly the same few spellings in each source: each pair is added once.
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
        for p in ready if p.article and p.article.lang in lang_mod.SUPPORTED
    ]
    display = {e.id: e.name for e in entities}
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


# Below this many claims, judging in one process is quicker than starting workers.
PARALLEL_MIN_CLAIMS = 20_000

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
    rows = [row for part in workers.fork_imap(_judge_chunk, shared, len(chunks), jobs) for row in part]
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
