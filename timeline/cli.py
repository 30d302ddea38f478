"""Command line: parses options, calls one library function, prints what it returns."""

from __future__ import annotations

import json
import os
import sys
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

from . import __version__
from .decoding import canonical_encoding
from .errors import IncompleteInput, ModelNotFound, TimelineError
from .evaluate import evaluate
from .ingest import DEFAULT_LANGUAGES, DEFAULT_MAX_BYTES, parse_published
from .langid import known_languages
from .model import STATUSES, Timeline
from .pipeline import BuildResult, build
from .registry import type_names
from .render import (
    BINARY_FORMATS,
    FORMATS,
    format_for,
    render,
    render_text,
    write_atomic,
    write_output,
)
from .render.report import build_report
from .render.safe import display, escape_json_controls
from .render.serial import read_timeline
from .render.terminal import timeline_view
from .select import Selection, parse_selection, select
from .workers import default_jobs


def _stdout() -> Console:
    """Standard output: colour on a terminal; plain text (no styles at all) when it is not a
    terminal or NO_COLOR is set (https://no-color.org)."""
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(highlight=False, color_system=None if plain else "auto")


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


class _Group(click.Group):
    """Turns library errors into one-line messages (exit 1) instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as error:
            # Messages name files and quote documents: no control character reaches stderr.
            raise click.ClickException(display(error)) from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="timeline")
def cli() -> None:
    """Turn a folder of news articles into a sourced chronology of diplomatic events.

    Example:

        timeline build data/seeds --format yaml -o out/seeds.yaml
    """


def _report(result: BuildResult, console: Console) -> None:
    lines = build_report(
        documents=len(result.results),
        skipped=result.skipped,
        degraded=result.degraded,
        notes=result.notes,
    )
    for line in lines:
        console.print(line, soft_wrap=True)


def _languages(value: str) -> tuple[str, ...] | None:
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


def _check_model(model: str | None) -> None:
    """An unknown ``--model`` is a usage error, found before any work (the default model
    missing is not: that is the installation's problem, exit 1)."""
    if model is None:
        return
    from .nlp import model_meta_path

    try:
        model_meta_path(model)
    except ModelNotFound as error:
        raise _UsageError(display(error)) from error


def _check_jobs(jobs: int | None, console: Console) -> None:
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


def _output_options(command: Callable[..., Any]) -> Callable[..., Any]:
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
            help="Write to this file (atomically; folders are created) instead of the screen.",
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


def _selection(options: dict[str, Any]) -> Selection:
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


def _format(ctx: click.Context, fmt: str, output: Path | None) -> str:
    """--format if given, else the one the output file's extension names, else terminal."""
    source = ctx.get_parameter_source("fmt")
    if output is not None and source is not click.core.ParameterSource.COMMANDLINE:
        return format_for(output) or fmt
    return fmt


class _Progress:
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


@cli.command("build")
@click.argument("folder", type=click.Path())  # a str: with --scheduler, also a URL
@_output_options
@click.option("--model", help="spaCy model name or path (default: en_core_web_sm if installed).")
@click.option(
    "--published", metavar="DATE", help="Document date (YYYY-MM-DD) for documents that state none."
)
@click.option(
    "--encoding",
    metavar="NAME",
    help="Encoding of files that declare none, e.g. latin-1 (default: UTF-8, else detected).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Skip files larger than this (for .jsonl: records larger than this).",
)
@click.option(
    "--lang",
    "lang",
    default=",".join(DEFAULT_LANGUAGES),
    show_default=True,
    metavar="CODES",
    help="Languages to read (ISO 639-1, comma-separated, or 'any'); others are skipped.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1, output untouched) if any file is skipped or read with a loss.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes for the extraction (default: every core; 1 runs in this process).",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the incremental cache (default: the user's cache folder).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the incremental cache.")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Extract on a Dask cluster: tcp://HOST:PORT or 'local' (FOLDER may then be a URL, "
    "e.g. s3://bucket/prefix/; --jobs and the cache are not used).",
)
@click.option(
    "--cluster-workers",
    type=click.IntRange(min=1),
    help="Worker processes of --scheduler local (default: every core).",
)
@click.option("-q", "--quiet", is_flag=True, help="No notes or progress on standard error.")
@click.pass_context
def build_command(
    ctx: click.Context,
    folder: str,
    fmt: str,
    output: Path | None,
    details: bool,
    datasette_metadata: bool,
    model: str | None,
    published: str | None,
    encoding: str | None,
    max_bytes: int,
    lang: str,
    strict: bool,
    jobs: int | None,
    cache_dir: Path | None,
    no_cache: bool,
    scheduler: str | None,
    cluster_workers: int | None,
    quiet: bool,
    **filters: Any,
) -> None:
    """Build the chronology of FOLDER (articles as .txt, .md, .html, .json or .jsonl), or one file.

    Skipped files and documents read with a loss are reported on standard error.

    Prints a colour timeline, or writes YAML, JSON, Markdown, CSV, TimelineJS, iCalendar, an
    HTML page or an SQLite database (--format, or the -o file's extension). Filters keep only
    some events.

    Example:

    \b
        timeline build data/seeds --format markdown -o chronology.md
        timeline build data/seeds -o chronology.html
        timeline build data/seeds --since 2023 --actor putin --type visit,summit
        timeline build s3://bucket/articles/ --scheduler tcp://10.0.0.5:8786 -o out.yaml
    """
    selection = _selection(filters)
    fmt = _format(ctx, fmt, output)
    if published is not None:
        try:
            published = parse_published(published)
        except TimelineError as error:
            raise _UsageError(str(error)) from error
    if encoding is not None and canonical_encoding(encoding) is None:
        raise click.BadParameter(f"unknown encoding {encoding!r}", param_hint="--encoding")
    if cluster_workers is not None and scheduler != "local":
        raise click.BadParameter("only with --scheduler local", param_hint="--cluster-workers")
    _check_model(model)
    languages = _languages(lang)
    stderr = _stderr()
    if not quiet:
        _check_jobs(jobs, stderr)
    progress = _Progress(stderr) if not quiet and stderr.is_terminal else None
    try:
        result = build(
            folder,
            model=model,
            published=published,
            encoding=encoding,
            max_bytes=max_bytes,
            languages=languages,
            strict=strict,
            progress=progress,
            jobs=jobs,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            scheduler=scheduler,
            cluster_workers=cluster_workers,
        )
    except IncompleteInput as error:
        if not quiet:
            for line in build_report(
                documents=None,
                skipped=error.skipped,
                degraded=error.degraded,
                notes=error.notes,
            ):
                stderr.print(line, soft_wrap=True)
        raise
    finally:
        if progress is not None:
            progress.stop()
    if not quiet:
        _report(result, stderr)
    _emit(
        result.timeline,
        fmt,
        output,
        details=details,
        selection=selection,
        datasette_metadata=datasette_metadata,
    )


def _emit(
    timeline: Timeline,
    fmt: str,
    output: Path | None,
    *,
    details: bool = False,
    selection: Selection | None = None,
    datasette_metadata: bool = False,
) -> None:
    if fmt in BINARY_FORMATS and output is None:
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
    elif output is not None:
        write_output(timeline, fmt, output, datasette_metadata=datasette_metadata)
        return
    else:
        text = render(timeline, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


@cli.command("show")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_output_options
@click.pass_context
def show_command(
    ctx: click.Context,
    file: Path,
    fmt: str,
    output: Path | None,
    details: bool,
    datasette_metadata: bool,
    **filters: Any,
) -> None:
    """Show a saved chronology (YAML or JSON), or convert it to another format.

    Takes the same output options and filters as build, without re-reading the documents.

    Example:

    \b
        timeline show out/seeds.yaml --details --since 2024-06
        timeline show out/seeds.yaml -o out/seeds.ics
        timeline show out/seeds.yaml -o out/seeds.db --datasette-metadata
    """
    selection = _selection(filters)
    fmt = _format(ctx, fmt, output)
    timeline = read_timeline(file)
    _emit(
        timeline,
        fmt,
        output,
        details=details,
        selection=selection,
        datasette_metadata=datasette_metadata,
    )


@cli.command("eval")
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("predicted", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_command(gold: Path, predicted: Path, as_json: bool) -> None:
    """Score a PREDICTED chronology against a GOLD one (precision, recall, F1, …).

    Example:

        timeline eval data/seeds.gold.yaml out/seeds.yaml
    """
    scores = evaluate(gold, predicted)
    if as_json:
        click.echo(escape_json_controls(json.dumps(scores, indent=2, ensure_ascii=False)))
        return
    tiers = scores["tiers"]
    click.echo(
        f"precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  "
        f"F1 {scores['f1']:.3f}\n"
        f"core recall {tiers['core']['recall']:.3f} ({tiers['core']['matched']}/"
        f"{tiers['core']['gold']})  hard recall {tiers['hard']['recall']:.3f} "
        f"({tiers['hard']['matched']}/{tiers['hard']['gold']})  optional matched "
        f"{tiers['optional']['matched']}/{tiers['optional']['gold']}\n"
        f"date_exact {scores['date_exact']:.3f}  location_accuracy "
        f"{scores['location_accuracy']:.3f}  duplicates {scores['duplicates']}  "
        f"predicted {scores['predicted']}  true positives {scores['true_positives']}  "
        f"false positives {scores['false_positives']}"
    )
    for label, key in (
        ("missed", "missed"),
        ("spurious", "spurious"),
        ("duplicate", "duplicate_predictions"),
    ):
        for item in scores[key]:
            actors = ", ".join(item["actors"])
            line = (
                f"  {label:<9} {item['date']!s:<23} {item['type']:<10} {actors}"
                f" @ {item['location']}  [{item['id']}]"
            )
            click.echo(display(line))


@cli.command("inspect")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--published", metavar="DATE", help="Document date (YYYY-MM-DD) if the file states none."
)
@click.option("--model", help="spaCy model name or path (default: en_core_web_sm if installed).")
@click.option("--events-only", is_flag=True, help="Print only the sentences with mentions.")
def inspect_command(
    file: Path, published: str | None, model: str | None, events_only: bool
) -> None:
    """Print each sentence of FILE with its event mentions highlighted.

    Shows for each mention its trigger, type, status, actors, place, date, where the date came
    from and the date text: the tool for seeing why an event was or wasn't found.

    Example:

        timeline inspect data/seeds/004_cc6f9320afe1e69c.txt --published 2024-06-17
    """
    from .inspect import inspect_document
    from .render.inspect import inspect_view

    _check_model(model)
    rows = inspect_document(file, published=published, model=model)
    Console(highlight=False).print(inspect_view(rows, only_events=events_only))


@cli.command("dates")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--published", metavar="DATE", help="Document date (YYYY-MM-DD); wins over the text's own."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", "json"]),
    default="terminal",
    show_default=True,
    help="Highlighted text, or JSON [{start, end, text, type, value}] (character offsets).",
)
@click.option("--model", help="spaCy model name or path (default: en_core_web_sm if installed).")
def dates_command(file: Path, published: str | None, fmt: str, model: str | None) -> None:
    """Show the temporal expressions of FILE with their TIMEX3 types and values.

    Example:

        timeline dates article.txt --published 2024-06-20 --format json
    """
    from .inspect import document_dates
    from .render.dates import dates_view

    _check_model(model)
    result = document_dates(file, published=published, model=model)
    if fmt == "json":
        click.echo(escape_json_controls(json.dumps(result.to_list(), indent=2, ensure_ascii=False)))
        return
    Console(highlight=False).print(dates_view(result))


def _megabytes(value: str) -> int:
    try:
        megabytes = float(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number of megabytes") from None
    if megabytes < 0:
        raise click.BadParameter("must be 0 or more")
    return int(megabytes * 1_000_000)


@cli.command("cache")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the incremental cache (default: the user's cache folder).",
)
@click.option(
    "--unused-days",
    type=click.FloatRange(min=0),
    metavar="DAYS",
    help="Remove the entries no build has used for this many days.",
)
@click.option(
    "--max-size",
    metavar="MB",
    help="Then remove the longest unused entries until the rest takes at most this many MB "
    "(0 empties the cache).",
)
def cache_command(cache_dir: Path | None, unused_days: float | None, max_size: str | None) -> None:
    """Show the size of the incremental cache, or prune it.

    Entries are never asked for again once the document, the model, the rule files or the
    tool's version change, so a cache only grows; a build marks the entries it reads as used.

    Example:

        timeline cache --unused-days 30 --max-size 500
    """
    from .cache import default_cache_dir, prune_cache

    folder = cache_dir if cache_dir is not None else default_cache_dir()
    usage = prune_cache(
        folder,
        unused_days=unused_days,
        max_size=_megabytes(max_size) if max_size is not None else None,
    )
    if usage.removed:
        click.echo(f"removed {usage.removed:,} entries ({usage.freed / 1e6:.1f} MB)")
    click.echo(f"{folder}: {usage.entries:,} entries, {usage.size / 1e6:.1f} MB")


def main() -> None:
    """Console-script entry point: exit 0, 1 on an error, 2 on a usage error, 130 on Ctrl-C."""
    # Not click's standalone mode, which turns Ctrl-C into "Aborted!" and exit 1.
    try:
        code = cli.main(prog_name="timeline", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("interrupted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
