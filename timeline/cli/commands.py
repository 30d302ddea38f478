"""The commands: build, show, eval, inspect, dates and cache. Each parses its options, calls one
library function and prints what it returns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from ..errors import IncompleteInput, TimelineError
from ..evaluate import evaluate
from ..ingest import DEFAULT_LANGUAGES, DEFAULT_MAX_BYTES
from ..pipeline import build
from ..render.report import build_report
from ..render.safe import display, escape_json_controls
from ..render.serial import read_timeline
from .options import (
    BuildProgress,
    check_jobs,
    check_model,
    checked_build_options,
    emit,
    format_of_output,
    languages_option,
    megabytes,
    output_options,
    print_report,
    selection_of,
    stderr_console,
)


@click.command("build")
@click.argument("folder", type=click.Path())  # a str: with --scheduler, also a URL
@output_options
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
    type=click.Path(file_okay=False),  # a str: with --scheduler, also a URL
    help="Folder of the incremental cache (default: the user's cache folder; with "
    "--scheduler, also a URL the workers reach, e.g. s3://bucket/cache).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the incremental cache.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read symbolic links to outside FOLDER (reported); by default they are skipped.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Extract on a Dask cluster: tcp://HOST:PORT or 'local' (FOLDER may then be a URL, "
    "e.g. s3://bucket/prefix/; --jobs is not used).",
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
    cache_dir: str | None,
    no_cache: bool,
    follow_links: bool,
    scheduler: str | None,
    cluster_workers: int | None,
    quiet: bool,
    **filters: Any,
) -> None:
    """Build the chronology of FOLDER (articles as .txt, .md, .html, .json or .jsonl), or one file.

    Skipped files and documents read with a loss are reported on standard error. Symbolic
    links to outside FOLDER are skipped unless --follow-links; -o inside FOLDER is refused
    (the next build would read its own output). -o - writes to standard output.

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
    selection = selection_of(filters)
    fmt = format_of_output(ctx, fmt, output)
    published = checked_build_options(folder, output, published, encoding, model)
    if cluster_workers is not None and scheduler != "local":
        raise click.BadParameter("only with --scheduler local", param_hint="--cluster-workers")
    languages = languages_option(lang)
    stderr = stderr_console()
    if not quiet:
        check_jobs(jobs, stderr)
    progress = BuildProgress(stderr) if not quiet and stderr.is_terminal else None
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
            follow_links=follow_links,
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
        print_report(result, stderr)
    emit(
        result.timeline,
        fmt,
        output,
        details=details,
        selection=selection,
        datasette_metadata=datasette_metadata,
    )


@click.command("show")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@output_options
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
    selection = selection_of(filters)
    fmt = format_of_output(ctx, fmt, output)
    timeline = read_timeline(file)
    emit(
        timeline,
        fmt,
        output,
        details=details,
        selection=selection,
        datasette_metadata=datasette_metadata,
    )


@click.command("eval")
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


@click.command("inspect")
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
    from ..inspect import inspect_document
    from ..render.inspect import inspect_view

    check_model(model)
    rows = inspect_document(file, published=published, model=model)
    Console(highlight=False).print(inspect_view(rows, only_events=events_only))


@click.command("dates")
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
    from ..inspect import document_dates
    from ..render.dates import dates_view

    check_model(model)
    result = document_dates(file, published=published, model=model)
    if fmt == "json":
        click.echo(escape_json_controls(json.dumps(result.to_list(), indent=2, ensure_ascii=False)))
        return
    Console(highlight=False).print(dates_view(result))


@click.command("cache")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),  # a str: also a URL
    help="Folder of the incremental cache, or the URL of a cluster build's cache, e.g. "
    "s3://bucket/cache (default: the user's cache folder).",
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
def cache_command(cache_dir: str | None, unused_days: float | None, max_size: str | None) -> None:
    """Show the size of the incremental cache, or prune it.

    Entries are never asked for again once the document, the model, the rule files or the
    tool's version change, so a cache only grows; a build marks the entries it reads as used.
    Only the cache's own entries are counted and removed, in a folder or at a URL (a cluster
    build's --cache-dir). Entries that cannot be removed (a read-only cache) are reported,
    with exit status 1.

    Example:

    \b
        timeline cache --unused-days 30 --max-size 500
        timeline cache --cache-dir s3://bucket/timeline-cache --max-size 2000
    """
    from ..cache import default_cache_dir, prune_cache

    location = cache_dir if cache_dir is not None else str(default_cache_dir())
    usage = prune_cache(
        location,
        unused_days=unused_days,
        max_size=megabytes(max_size) if max_size is not None else None,
    )
    if usage.removed:
        click.echo(f"removed {usage.removed:,} entries ({usage.freed / 1e6:.1f} MB)")
    click.echo(f"{display(location)}: {usage.entries:,} entries, {usage.size / 1e6:.1f} MB")
    if usage.failed:
        raise TimelineError(
            f"{location}: {usage.failed:,} entries could not be removed (is the cache read-only?)"
        )
