"""The command line: parse flags, run the pipeline, pick a renderer, map the exit code."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from factcheck import __version__

EXIT_OK = 0
EXIT_CONFLICT = 1
EXIT_USAGE = 2

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

    return Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def compare(
    directory: DirArg,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: OutputOpt = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list single-source claims.")] = False,
    assume_date: AssumeDateOpt = None,
    aliases: AliasesOpt = None,
) -> None:
    """Compare the claims of every article under DIRECTORY: agreements and conflicts."""
    raise typer.Exit(_compare(directory, fmt, output, show_all, assume_date, aliases))


def _compare(
    directory: Path, fmt: Format, output: Path | None, show_all: bool, assume_date: str | None, aliases: Path | None
) -> int:
    from factcheck.config import Config
    from factcheck.pipeline import UsageError
    from factcheck.pipeline import compare as run

    config = Config(assume_date=_parse_date(assume_date), aliases=aliases)
    try:
        report = run(directory, config)
    except UsageError as exc:
        _stderr_console().print(f"[red]error:[/red] {exc}", highlight=False)
        return EXIT_USAGE
    if not report.sources:
        err = _stderr_console()
        for p in report.problems:
            err.print(f"{p.severity.value}: {p.path}: {p.message}", highlight=False, markup=False)
        err.print(f"[red]error:[/red] no readable article under {directory}", highlight=False)
        return EXIT_USAGE
    if fmt is Format.table and output is None:
        from rich.console import Console

        from factcheck.render.table import print_report

        print_report(report, Console(no_color=bool(os.environ.get("NO_COLOR"))), show_all=show_all)
    else:
        from factcheck.render import RenderOptions, render

        _emit(render(report, fmt.value, RenderOptions(show_all=show_all)), output)
    return EXIT_CONFLICT if report.summary.verdicts.get("conflict", 0) else EXIT_OK


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
        _stderr_console().print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    if not report.sources:
        _stderr_console().print(f"[red]error:[/red] no readable article under {directory}", highlight=False)
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
        _stderr_console().print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    from factcheck.render.listing import render_claims

    _emit(render_claims(report, fmt.value, _width()), output)
    raise typer.Exit(EXIT_OK if report.sources else EXIT_USAGE)


def _width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (usage errors are 2, as click reports them)."""
    try:
        app(args=argv, prog_name="factcheck")
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return EXIT_OK
        return code if isinstance(code, int) else EXIT_USAGE
    return EXIT_OK
