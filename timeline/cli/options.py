"""What the commands share: consoles, usage checks, the output and filter options, the progress
bar, the build report and writing a chronology where ``-o`` says."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..errors import ModelNotFound, TimelineError
from ..ingest import is_inside, parse_published
from ..ingest.decoding import canonical_encoding
from ..ingest.langid import known_languages
from ..model import STATUSES, Timeline
from ..pipeline import BuildResult
from ..registry import type_names
from ..render import (
    BINARY_FORMATS,
    FORMATS,
    format_for,
    render,
    render_text,
    write_atomic,
    write_output,
)
from ..render.report import build_report
from ..render.safe import display
from ..render.terminal import timeline_view
from ..select import Selection, parse_selection, select
from ..workers import default_jobs


def _stdout() -> Console:
    """Standard output: colour on a terminal; plain text (no styles at all) when it is not a
    terminal or NO_COLOR is set (https://no-color.org)."""
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(highlight=False, color_system=None if plain else "auto")


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def print_report(result: BuildResult, console: Console) -> None:
    lines = build_report(
        documents=len(result.results),
        skipped=result.skipped,
        degraded=result.degraded,
        notes=result.notes,
    )
    for line in lines:
        console.print(line, soft_wrap=True)


def languages_option(value: str) -> tuple[str, ...] | None:
    codes = tuple(code.strip().lower() for code in value.split(",") if code.strip())
    if not codes or "any" in codes or "all" in codes:
        return None
    known = known_languages()
    bad = [code for code in codes if code not in known]
    if bad:
        raise click.BadParameter(
            f"{display(', '.join(bad))}: not a language the identifier knows; use ISO 639-1 "
            f"codes such as en,fr (it knows {len(known)}), or 'any' to read every language",
            param_hint="--lang",
        )
    return codes


class _UsageError(click.ClickException):
    """A mistake in the options: one line naming the problem and the fix, exit code 2."""

    exit_code = 2


def check_model(model: str | None) -> None:
    """An unknown ``--model`` is a usage error, found before any work (the default model
    missing is not: that is the installation's problem, exit 1)."""
    if model is None:
        return
    from ..nlp import model_meta_path

    try:
        model_meta_path(model)
    except ModelNotFound as error:
        raise _UsageError(display(error)) from error


def check_jobs(jobs: int | None, console: Console) -> None:
    """A note when ``--jobs`` asks for more processes than there are cores."""
    cores = default_jobs()
    if jobs is not None and jobs > cores:
        console.print(
            Text(
                f"{'note':<9} --jobs {jobs} is more than the {cores} cores this process may use; "
                "extra processes only share them",
                style="dim",
            ),
            soft_wrap=True,
        )


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that prints a chronology: format, file, filters."""
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="terminal",
            show_default=True,
            help="Output format (default from the -o file's extension: .yaml .json .md .csv "
            ".ics .html .db .txt, .timelinejs.json).",
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Write to this file (atomically; folders are created; a symbolic link's target "
            "is replaced, a device or FIFO written to; - is standard output).",
        ),
        click.option(
            "--details", is_flag=True, help="Terminal view: add evidence quotes and documents."
        ),
        click.option(
            "--datasette-metadata",
            is_flag=True,
            help="With sqlite: also write Datasette labels to NAME.metadata.json beside it.",
        ),
        click.option(
            "--since", metavar="DATE", help="Only events on or after DATE (YYYY[-MM[-DD]])."
        ),
        click.option(
            "--until", metavar="DATE", help="Only events on or before DATE (YYYY[-MM[-DD]])."
        ),
        click.option(
            "--actor",
            "actors",
            multiple=True,
            metavar="NAME",
            help="Only events involving NAME (any part of a name, any case; repeatable).",
        ),
        click.option(
            "--type",
            "types",
            multiple=True,
            metavar="TYPE",
            help=f"Only events of TYPE ({', '.join(type_names())}; repeatable or comma-separated).",
        ),
        click.option(
            "--status",
            "statuses",
            multiple=True,
            metavar="STATUS",
            help=f"Only events with STATUS ({', '.join(STATUSES)}; repeatable or comma-separated).",
        ),
        click.option(
            "--min-sources",
            type=click.IntRange(min=0),
            metavar="N",
            help="Only events cited by at least N documents.",
        ),
        click.option(
            "--min-confidence",
            type=click.FloatRange(0.0, 1.0),
            metavar="X",
            help="Only events with confidence of at least X (0 to 1).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def selection_of(options: dict[str, Any]) -> Selection:
    try:
        return parse_selection(
            since=options["since"],
            until=options["until"],
            actors=options["actors"],
            types=options["types"],
            statuses=options["statuses"],
            min_sources=options["min_sources"],
            min_confidence=options["min_confidence"],
        )
    except TimelineError as error:
        raise _UsageError(str(error)) from error


def format_of_output(ctx: click.Context, fmt: str, output: Path | None) -> str:
    """--format if given, else the one the output file's extension names, else terminal."""
    source = ctx.get_parameter_source("fmt")
    if output is not None and source is not click.core.ParameterSource.COMMANDLINE:
        return format_for(output) or fmt
    return fmt


class BuildProgress:
    """A rich progress bar on standard error: documents done, rate and time left.

    Only shown for builds of more than a few documents, and only when standard error is a
    terminal (never in logs or pipes).
    """

    MIN_DOCUMENTS = 4

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar: Progress | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.MIN_DOCUMENTS:
                return
            self.bar = Progress(
                TextColumn("extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("documents"),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.bar.add_task("extracting", total=total, rate="")
        task = self.bar.tasks[0]
        elapsed = task.elapsed or 0.0
        rate = f"{done / elapsed:.1f} docs/s" if elapsed > 0 else ""
        self.bar.update(task.id, completed=done, rate=rate)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def checked_build_options(
    folder: str,
    output: Path | None,
    published: str | None,
    encoding: str | None,
    model: str | None,
) -> str | None:
    """Usage errors of ``build`` before any work: returns ``--published`` normalised."""
    if published is not None:
        try:
            published = parse_published(published)
        except TimelineError as error:
            raise _UsageError(str(error)) from error
    if encoding is not None and canonical_encoding(encoding) is None:
        raise click.BadParameter(f"unknown encoding {encoding!r}", param_hint="--encoding")
    check_model(model)
    if output is not None and _writes_into(output, Path(folder)):
        raise click.BadParameter(
            f"{output} is inside the input folder {folder}: the next build would read it "
            "as a document; write it outside the folder",
            param_hint="-o/--output",
        )
    return published


def emit(
    timeline: Timeline,
    fmt: str,
    output: Path | None,
    *,
    details: bool = False,
    selection: Selection | None = None,
    datasette_metadata: bool = False,
) -> None:
    if fmt in BINARY_FORMATS and (output is None or _is_stdout(output)):
        raise _UsageError(f"--format {fmt} writes a file: give one with -o, e.g. -o chronology.db")
    if datasette_metadata and fmt != "sqlite":
        raise _UsageError("--datasette-metadata goes with --format sqlite (or -o FILE.db)")
    total = len(timeline.events)
    if selection is not None:
        timeline = select(timeline, selection)
    if fmt == "terminal" and output is None:
        _stdout().print(timeline_view(timeline, details=details, total_events=total))
        return
    if fmt == "terminal":
        text = render_text(timeline, details=details, total_events=total)
    elif output is not None and not _is_stdout(output):
        write_output(timeline, fmt, output, datasette_metadata=datasette_metadata)
        return
    else:
        text = render(timeline, fmt)
    if output is None or _is_stdout(output):
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


def _writes_into(output: Path, folder: Path) -> bool:
    """Whether the output file would lie in the folder a build reads."""
    return not _is_stdout(output) and folder.is_dir() and is_inside(output, folder)


def _is_stdout(output: Path) -> bool:
    """``-o -``: standard output."""
    return str(output) == "-"


def megabytes(value: str) -> int:
    try:
        megabytes = float(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number of megabytes") from None
    if megabytes < 0:
        raise click.BadParameter("must be 0 or more")
    return int(megabytes * 1_000_000)
