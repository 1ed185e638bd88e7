"""The one place where the stages are wired together:
load -> language -> sentences -> names -> claims -> alignment -> verdicts -> Report."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from factcheck import align as align_mod
from factcheck import judge as judge_mod
from factcheck import lang as lang_mod
from factcheck import findings, load, names, segment
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
    Summary,
    Verdict,
    source_id,
)

VERDICT_ORDER = {Verdict.CONFLICT: 0, Verdict.COMPATIBLE: 1, Verdict.AGREE: 2, Verdict.SINGLE: 3}


class UsageError(Exception):
    """The run cannot start (missing folder, nothing to read)."""


def collect(root: Path, config: Config) -> list[tuple[Path, str]]:
    """Article files under ``root`` with the path shown for each (relative to ``root``)."""
    if not root.exists():
        raise UsageError(f"{root}: no such file or directory")
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory (give the folder that holds the articles)")
    return [(p, p.relative_to(root).as_posix()) for p in load.discover(root, config.follow_symlinks)]


def collect_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """Files named on the command line, shown as given."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or directory")
    return [(p, p.as_posix()) for p in paths]


def load_articles(items: list[tuple[Path, str]], config: Config) -> tuple[list[tuple[Article, str]], list[Problem]]:
    """Stages 1-2: every readable article with its masked text, and the problems met."""
    articles: list[tuple[Article, str]] = []
    problems: list[Problem] = []
    for path, shown in items:
        got = load.read_file(path, config.max_file_size)
        if isinstance(got, Problem):
            problems.append(replace(got, path=shown))
            continue
        text = got.text
        meta = load.read_metadata(text)
        clean = load.mask_markup(text, meta.masked)
        lang = lang_mod.detect(clean)
        published, date_source = meta.published, meta.date_source
        if published is None and config.assume_date is not None:
            published, date_source = config.assume_date, "assumed"
        article = Article(
            id=source_id(len(articles)),
            path=shown,
            text=text,
            lang=lang,
            published=published,
            date_source=date_source,
            title=meta.title,
            outlet=meta.outlet,
            url=meta.url,
            masked=meta.masked,
        )
        if got.encoding not in ("utf-8", "utf-8-sig"):
            problems.append(Problem(shown, f"decoded as {got.encoding}", Severity.INFO))
        if lang not in lang_mod.SUPPORTED:
            name = lang_mod.LANG_NAMES.get(lang, lang)
            problems.append(Problem(shown, f"language {name} ({lang}) is not supported: no claims read", Severity.WARNING))
        articles.append((article, clean))
    return articles, problems


def compare(root: Path, config: Config | None = None) -> Report:
    """Run the whole pipeline on the articles under ``root``."""
    config = config or Config()
    return replace(analyse(collect(root, config), config), root=root.as_posix())


def analyse(items: list[tuple[Path, str]], config: Config) -> Report:
    """Run the whole pipeline on the given files."""
    loaded, problems = load_articles(items, config)
    extra = names.load_aliases(config.aliases) if config.aliases else None
    per_article: list[tuple[Article, str, tuple, list[Mention]]] = []
    all_mentions: list[Mention] = []
    for article, clean in loaded:
        if article.lang not in lang_mod.SUPPORTED:
            per_article.append((article, clean, (), []))
            continue
        try:
            sents = tuple(segment.sentences(clean))
            mentions = names.find_mentions(clean, article.lang, article.id)
        except Exception as exc:  # noqa: BLE001 - one bad article must not lose the rest of the run
            if config.debug:
                raise
            problems.append(Problem(article.path, f"internal error, no claims read: {exc!r}", Severity.ERROR))
            per_article.append((article, clean, (), []))
            continue
        per_article.append((article, clean, sents, mentions))
        all_mentions.extend(mentions)
    entities = names.cluster(all_mentions, extra)
    heads = {e.id: e for e in entities}
    entity_of: dict[tuple[str, int], Entity] = {}
    for e in entities:
        target = heads.get(e.variant_of, e) if e.variant_of else e
        for m in e.mentions:
            entity_of[(m.source, m.start)] = target
    claims: list[Claim] = []
    for article, clean, sents, mentions in per_article:
        if not sents:
            continue
        ctx = Context(
            article, clean, sents, tuple(mentions), {m.start: entity_of[(article.id, m.start)] for m in mentions
                                                     if (article.id, m.start) in entity_of}
        )
        try:
            claims.extend(extract(ctx))
        except Exception as exc:  # noqa: BLE001 - one bad article must not lose the rest of the run
            if config.debug:
                raise
            problems.append(Problem(article.path, f"internal error, no claims read: {exc!r}", Severity.ERROR))
    sources = tuple(a for a, _ in loaded)
    groups = build_groups(claims, config, {a.id: a.path for a in sources})
    verdicts = Counter(g.verdict.value for g in groups)
    summary = Summary(
        sources=len(sources),
        skipped=sum(1 for p in problems if p.severity is not Severity.INFO and "no claims" not in p.message),
        claims=len(claims),
        groups=len(groups),
        verdicts={v.value: verdicts.get(v.value, 0) for v in Verdict},
    )
    return Report(sources, tuple(claims), tuple(groups), tuple(entities), tuple(sorted(problems, key=lambda p: p.path)), summary)


def _display_name(claims: list[Claim]) -> str:
    names_ = Counter(c.subject_name for c in claims)
    return sorted(names_.items(), key=lambda kv: (not kv[0].isascii(), -kv[1], kv[0]))[0][0]


def build_groups(claims: list[Claim], config: Config, paths: dict[str, str] | None = None) -> list[Group]:
    """Stages 6-7: align claims and judge each group; ids follow the shown order."""
    raw = []
    for key, members in align_mod.align(claims).items():
        subject, attribute, _ = key
        tol = config.tolerances.get(attribute)
        verdict, reason = judge_mod.judge(members, tol)
        events = {c.event for c in members}
        event = key[2] or None if members[0].value.kind in ("date", "time") else (
            events.pop() if len(events) == 1 else None
        )
        raw.append((verdict, _display_name(members), attribute, event or "", key, members, reason))
    raw.sort(key=lambda r: (VERDICT_ORDER[r[0]], r[1].lower(), r[2], r[3], r[4]))
    out = []
    for i, (verdict, name, attribute, event, key, members, reason) in enumerate(raw, 1):
        group = Group(f"G{i}", key[0], name, attribute, event or None, verdict, tuple(members), reason)
        out.append(replace(group, fingerprint=findings.fingerprint(group, paths or {})))
    return out
