"""The command line: parse flags, run the pipeline, pick a renderer, map the exit code."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from factcheck import __version__

EXIT_OK = 0
EXIT_CONFLICT = 1
EXIT_USAGE = 2
SUPPORTED_LANGS = ("en", "ru")  # kept here so that the CLI need not import the language stage

app = typer.Typer(
    name="factcheck",
    help="Cross-check numbers, quantities and dates across English and Russian news articles.",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    """Output formats of ``compare``."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    gitlab = "gitlab"
    html = "html"


class View(str, Enum):
    """Terminal views of ``compare``."""

    table = "table"
    matrix = "matrix"


class FailOn(str, Enum):
    """Which verdicts make ``compare`` exit 1."""

    conflict = "conflict"
    compatible = "compatible"
    never = "never"


OutputOpt = Annotated[
    Optional[Path], typer.Option("--output-file", "-o", help="Write the output to this file instead of stdout.")
]
AliasesOpt = Annotated[
    Optional[Path], typer.Option("--aliases", help="Extra alias file (TOML, same format as the bundled one).")
]
AssumeDateOpt = Annotated[
    Optional[str],
    typer.Option("--assume-date", metavar="YYYY-MM-DD", help="Publication date for sources that have none."),
]
ConfigOpt = Annotated[
    Optional[Path],
    typer.Option("--config", metavar="FILE",
                 help="Read this config file instead of looking for .factcheck.toml / pyproject.toml."),
]
ToleranceOpt = Annotated[
    Optional[list[str]],
    typer.Option("--tolerance", metavar="ATTR=SPEC",
                 help="Allowed difference per attribute: distance=5%, count=0, date=1d, default=2%. Repeatable."),
]
MaxSizeOpt = Annotated[
    Optional[str],
    typer.Option("--max-file-size", metavar="SIZE", help="Skip files larger than this (bytes, or 512K, 20M; default 20M)."),
]
FollowOpt = Annotated[
    Optional[bool],
    typer.Option("--follow-symlinks/--no-follow-symlinks", help="Follow symbolic links under DIR (default: no)."),
]
JobsOpt = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", min=0, help="Processes for the per-article stages (0: one per core, the default)."),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show a traceback for internal errors instead of skipping the file.")]
StoryOpt = Annotated[Optional[str], typer.Option("--story", metavar="ID", help="Only the story with this id (T1, T2...).")]
DirArg = Annotated[Path, typer.Argument(help="Folder of .txt/.md articles (read recursively).")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Cross-check numbers, quantities and dates across English and Russian news articles."""


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")), highlight=False, soft_wrap=True)


def _error(message: str) -> int:
    _stderr_console().print(f"[red]error:[/red] {escape(message)}")
    return EXIT_USAGE


def escape(text: str) -> str:
    """Text safe to print through rich markup."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _emit(text: str, output: Path | None) -> None:
    _emit_with(lambda write: write(text), output)


def _emit_with(produce: Callable[[Callable[[str], object]], None], output: Path | None) -> None:
    """Run ``produce(write)`` into stdout or into ``output``; the file appears whole or not at all.
    An output that cannot be written (a folder in the way, no permission, a full disk) is an error
    (exit 2), not a traceback; a closed pipe is left to click, which ends the run quietly."""
    with _writing(output):
        if output is None:
            produce(sys.stdout.write)
            sys.stdout.flush()
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.{os.getpid()}.partial")
        try:
            with open(partial, "w", encoding="utf-8") as fh:
                produce(fh.write)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)


@contextmanager
def _writing(output: Path | None) -> Iterator[None]:
    """Turn an error writing ``output`` (stdout if None) into an error line and exit 2; a closed
    pipe (BrokenPipeError) goes on to click."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = "the report" if output is None else str(output)
        if isinstance(exc, (FileExistsError, NotADirectoryError)) and exc.filename:
            reason = f"{exc.filename} is not a folder"
        else:
            reason = exc.strerror.lower() if exc.strerror else str(exc)
        raise typer.Exit(_error(f"cannot write {where}: {reason}")) from None


def _utf8_stdout() -> None:
    """Make stdout able to write every character: a pipe or a file gets UTF-8 whatever the locale
    (JSON, SARIF and the rest are UTF-8 by definition), and a terminal whose encoding lacks a
    character (a C or Latin-1 locale) shows it as "?" instead of failing."""
    out = sys.stdout
    encoding = getattr(out, "encoding", None)
    if not encoding or not hasattr(out, "reconfigure"):
        return
    import codecs

    try:
        if codecs.lookup(encoding).name == "utf-8":
            return
    except LookupError:
        pass
    try:
        if out.isatty():
            out.reconfigure(errors="replace")
        else:
            out.reconfigure(encoding="utf-8")
    except (OSError, ValueError):  # a closed or detached stream: left as it is
        pass


def _settings(directory: Path | None, config_file: Path | None, flags: dict[str, object]):  # type: ignore[no-untyped-def]
    """The effective configuration: defaults < config file < flags."""
    from factcheck.config import load_config, override, parse_size, parse_tolerance_flag

    if flags.get("max_file_size") is not None:
        flags["max_file_size"] = parse_size(flags["max_file_size"])
    items = flags.pop("tolerance", None)
    if items:
        flags["tolerance_items"] = dict(parse_tolerance_flag(x) for x in items)  # type: ignore[union-attr]
    if flags.get("only") is not None:
        from factcheck.config import parse_only

        flags["only"] = parse_only(flags["only"])
    return override(load_config(directory, config_file), flags)


def _progress(quiet: bool):  # type: ignore[no-untyped-def]
    """A progress callback drawing a bar on stderr, or None when stderr is not a terminal."""
    if quiet or not sys.stderr.isatty() or os.environ.get("CI"):
        return None, None
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description:>8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=_stderr_console(), transient=True)
    tasks: dict[str, int] = {}
    started = time.monotonic()

    def update(stage: str, done: int, total: int) -> None:
        # Only for runs that take more than a moment: a bar that flashes is noise.
        if time.monotonic() - started < 0.5 and stage not in tasks:
            return
        if not bar.live.is_started:
            bar.start()
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return update, bar


@app.command()
def compare(
    directory: DirArg,
    fmt: Annotated[Optional[Format], typer.Option("--format", "-f", help="Output format.")] = None,
    output: OutputOpt = None,
    view: Annotated[View, typer.Option("--view", help="Terminal view: tables, or a matrix of groups by source.")] = View.table,
    show_all: Annotated[bool, typer.Option("--all", help="Also list single-source claims.")] = False,
    only: Annotated[Optional[str], typer.Option("--only", metavar="VERDICTS",
                                                help="Show only these verdicts: conflict,compatible,agree,single.")] = None,
    min_sources: Annotated[Optional[int], typer.Option("--min-sources", min=1, metavar="N",
                                                       help="A group needs N sources to count (default 2).")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 on conflicts (default), on "
                                                      "conflicts or compatible differences, or never.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings (2 still "
                                            "means a usage error).")] = False,
    tolerance: ToleranceOpt = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", metavar="FILE",
                                                     help="Hide the findings recorded in this baseline.")] = None,
    write_baseline: Annotated[Optional[Path], typer.Option("--write-baseline", metavar="FILE",
                                                           help="Record today's findings in FILE and exit 0.")] = None,
    config_file: ConfigOpt = None,
    assume_date: AssumeDateOpt = None,
    aliases: AliasesOpt = None,
    max_file_size: MaxSizeOpt = None,
    follow_symlinks: FollowOpt = None,
    jobs: JobsOpt = None,
    story: StoryOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the conflicts and the summary line.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Everything, single-source claims included.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Compare the claims of every article under DIRECTORY: agreements and conflicts."""
    flags: dict[str, object] = {
        "assume_date": _parse_date(assume_date), "aliases": aliases, "max_file_size": max_file_size,
        "follow_symlinks": follow_symlinks, "fail_on": fail_on.value if fail_on else None, "only": only,
        "min_sources": min_sources, "baseline": baseline, "jobs": jobs, "story": story, "tolerance": tolerance,
        "debug": debug or None,
    }
    raise typer.Exit(_compare(directory, config_file, flags, fmt, output, view, show_all or verbose, exit_zero,
                              write_baseline, -1 if quiet else (1 if verbose else 0)))


def _compare(directory: Path, config_file: Path | None, flags: dict[str, object], fmt: Format | None,
             output: Path | None, view: View, show_all: bool, exit_zero: bool, write_baseline: Path | None,
             verbosity: int) -> int:
    from factcheck.baseline import BaselineError, apply_baseline, baseline_json, read_baseline
    from factcheck.config import ConfigError
    from factcheck.pipeline import UsageError, select
    from factcheck.pipeline import compare as run
    from factcheck.render import RenderOptions, finding_groups
    from factcheck.render import write as write_report

    for target in (output, write_baseline):
        if target is not None and directory.is_dir() and _inside(target, directory):
            return _error(f"{target}: refusing to write inside the articles folder {directory} "
                          "(factcheck never changes its input)")
    try:
        config = _settings(directory, config_file, flags).config
        progress, bar = _progress(verbosity < 0)
        try:
            report = run(directory, config, progress)
        finally:
            if bar is not None and bar.live.is_started:
                bar.stop()
        if _KEPT is not None:
            _KEPT.append(report)
        if not any(a.lang in SUPPORTED_LANGS for a in report.sources):
            err = _stderr_console()
            for p in report.problems:
                err.print(escape(f"{p.severity.value}: {p.path}: {p.message}"))
            what = "in English or Russian " if report.sources else ""
            return _error(f"no readable article {what}under {directory}")
        findings = _finding_verdicts(config.fail_on)
        if write_baseline is not None:
            options = RenderOptions(findings=findings or _finding_verdicts("conflict"))
            chosen = finding_groups(report, options)
            _emit(baseline_json(report, chosen), write_baseline)
            _stderr_console().print(escape(f"wrote {len(chosen)} finding(s) to the baseline {write_baseline}"))
            return EXIT_OK
        if config.baseline is not None:
            report = apply_baseline(report, read_baseline(config.baseline), str(config.baseline))
        report = select(report, config.only, config.min_sources)
    except (UsageError, ConfigError, BaselineError) as exc:
        return _error(str(exc))
    options = RenderOptions(width=_width(), color=False, show_all=show_all,
                            findings=findings or _finding_verdicts("conflict"), view=view.value, verbosity=verbosity)
    fmt = fmt or Format.table
    if fmt is Format.table and output is None:
        with _writing(None):
            _print_terminal(report, options)
            sys.stdout.flush()
    else:
        _emit_with(lambda out: write_report(report, fmt.value, options, out), output)
        _log_problems(report, verbosity)
    if exit_zero or not findings:
        return EXIT_OK
    return EXIT_CONFLICT if any(g.verdict in findings for g in report.groups) else EXIT_OK


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is (or would be created) under ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _finding_verdicts(fail_on: str) -> frozenset:  # type: ignore[type-arg]
    from factcheck.model import Verdict

    return {
        "conflict": frozenset({Verdict.CONFLICT}),
        "compatible": frozenset({Verdict.CONFLICT, Verdict.COMPATIBLE}),
        "never": frozenset(),
    }[fail_on]


def _print_terminal(report, options) -> None:  # type: ignore[no-untyped-def]
    """The rich report on stdout (colour when stdout is a terminal and NO_COLOR is not set)."""
    from rich.console import Console

    console = Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False)
    if options.view == "matrix":
        from factcheck.render.matrix import print_matrix

        print_matrix(report, console, show_all=options.show_all)
        return
    from factcheck.render.table import print_report

    print_report(report, console, show_all=options.show_all, verbosity=options.verbosity)


def _log_problems(report, verbosity: int) -> None:  # type: ignore[no-untyped-def]
    """Skipped files and baseline figures on stderr, for machine formats (stdout stays clean)."""
    if verbosity < 0:
        return
    from factcheck.render import line_col

    err = _stderr_console()
    texts = {a.path: a.text for a in report.sources}
    for p in report.problems:
        if p.severity.value == "info" and verbosity < 1:
            continue
        where = p.path
        if p.offset is not None and p.path in texts:
            where += f":{line_col(texts[p.path], p.offset)[0]}"
        err.print(escape(f"{p.severity.value}: {where}: {p.message}"))
    if report.baseline is not None:
        b = report.baseline
        err.print(escape(f"baseline {b.path}: {b.baselined} finding(s) baselined, "
                         f"{b.stale} entr{'y' if b.stale == 1 else 'ies'} no longer match anything"))


class ListFormat(str, Enum):
    """Output formats of ``entities`` and ``claims``."""

    table = "table"
    json = "json"


@app.command()
def entities(
    directory: DirArg,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    output: OutputOpt = None,
    aliases: AliasesOpt = None,
) -> None:
    """List the named entities of the articles under DIRECTORY, with every form they take."""
    from factcheck.config import Config
    from factcheck.pipeline import UsageError, analyse, collect

    config = Config(aliases=aliases)
    try:
        report = analyse(collect(directory, config), config)
    except UsageError as exc:
        _stderr_console().print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    if not report.sources:
        _stderr_console().print(f"[red]error:[/red] no readable article under {escape(str(directory))}", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    from factcheck.render.listing import render_entities

    _emit(render_entities(report, fmt.value, _width()), output)
    raise typer.Exit(EXIT_OK)


@app.command()
def claims(
    files: Annotated[list[Path], typer.Argument(help="Article files (.txt/.md) to read.")],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    output: OutputOpt = None,
    assume_date: AssumeDateOpt = None,
) -> None:
    """List every claim of each FILE: subject, attribute, event, value, and where it is."""
    from factcheck.config import Config
    from factcheck.pipeline import UsageError, analyse, collect_files

    config = Config(assume_date=_parse_date(assume_date))
    try:
        report = analyse(collect_files(files), config)
    except UsageError as exc:
        _stderr_console().print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    from factcheck.render.listing import render_claims

    _emit(render_claims(report, fmt.value, _width()), output)
    raise typer.Exit(EXIT_OK if report.sources else EXIT_USAGE)


@app.command()
def explain(
    directory: DirArg,
    group_id: Annotated[str, typer.Argument(metavar="GROUP_ID", help="A group id shown by compare (G1, G2...).")],
    config_file: ConfigOpt = None,
    tolerance: ToleranceOpt = None,
    assume_date: AssumeDateOpt = None,
    aliases: AliasesOpt = None,
    story: StoryOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Explain one group: every claim with its sentence, why they were grouped, why the verdict."""
    from factcheck.config import ConfigError
    from factcheck.pipeline import UsageError
    from factcheck.pipeline import compare as run
    from factcheck.render.explain import find_group, print_explain, unknown_group_message

    flags: dict[str, object] = {"assume_date": _parse_date(assume_date), "aliases": aliases, "tolerance": tolerance,
                                "jobs": jobs, "story": story}
    try:
        config = _settings(directory, config_file, flags).config
        report = run(directory, config)
    except (UsageError, ConfigError) as exc:
        raise typer.Exit(_error(str(exc))) from None
    group = find_group(report, group_id)
    if group is None:
        raise typer.Exit(_error(unknown_group_message(report, group_id)))
    from rich.console import Console

    console = Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False)
    print_explain(report, group.id, console, config.tolerances)
    raise typer.Exit(EXIT_OK)


@app.command("config")
def show_config(
    directory: Annotated[Path, typer.Argument(help="Folder the configuration is looked up from.")] = Path("."),
    config_file: ConfigOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
) -> None:
    """Print the effective configuration and where each value comes from."""
    from factcheck.config import ConfigError, describe, load_config

    try:
        loaded = load_config(directory, config_file)
    except ConfigError as exc:
        raise typer.Exit(_error(str(exc))) from None
    rows = describe(loaded)
    if fmt is ListFormat.json:
        import json

        doc = {"file": str(loaded.file) if loaded.file else None,
               "settings": [{"key": k, "value": v, "origin": o} for k, v, o in rows]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(EXIT_OK)
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Configuration ({loaded.file or 'no file found: defaults'})", box=box.SIMPLE_HEAD,
                  title_justify="left")
    for col in ("key", "value", "from"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False, width=_width()).print(table)
    raise typer.Exit(EXIT_OK)


def _width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (usage errors are 2, as click reports them)."""
    _utf8_stdout()
    try:
        app(args=argv, prog_name="factcheck")
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return EXIT_OK
        return code if isinstance(code, int) else EXIT_USAGE
    return EXIT_OK


# Reports of this run that are never freed (see ``console``): a list only the console script fills.
_KEPT: list[object] | None = None


def console() -> None:
    """The console script: ``main`` with the garbage collector set for a short-lived CLI, and an
    exit that leaves the run's memory to the operating system."""
    import atexit
    import gc

    global _KEPT
    # The pipeline makes many small objects and few cycles: collecting less often saves time
    # on large folders.
    gc.set_threshold(100_000, 50, 100)
    _KEPT = []
    code = main()
    # Freeing a large archive's report object by object, then the interpreter's teardown, costs
    # more than the operating system takes to drop the whole process: once the output is flushed,
    # only the exit handlers (a subprocess's coverage, for one) are left to run.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: the interpreter reports it as usual
        gc.freeze()
        sys.exit(code)
    atexit._run_exitfuncs()
    os._exit(code)
