"""Command line: parses options, calls one library function, prints what it returns."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from . import __version__
from .errors import TimelineError
from .evaluate import evaluate
from .pipeline import BuildResult, build
from .render import FORMATS, render, write_atomic
from .render.serial import read_timeline
from .render.terminal import timeline_view


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


class _Group(click.Group):
    """Turns library errors into one-line messages (exit 1) instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as error:
            raise click.ClickException(str(error)) from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="timeline")
def cli() -> None:
    """Turn a folder of news articles into a sourced chronology of diplomatic events.

    Example:

        timeline build data/seeds --format yaml -o out/seeds.yaml
    """


def _report(result: BuildResult, console: Console) -> None:
    for skipped in result.skipped:
        console.print(f"[yellow]skipped[/] {skipped.path}: {skipped.reason}", markup=True)
    for path, note in result.degraded:
        console.print(f"[yellow]note[/] {path}: {note}")


@cli.command("build")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="terminal",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file (atomically) instead of standard output.",
)
@click.option("--model", help="spaCy model name or path (default: en_core_web_sm if installed).")
@click.option(
    "--published", metavar="DATE", help="Document date (YYYY-MM-DD) for documents that state none."
)
@click.option("-q", "--quiet", is_flag=True, help="No notes or progress on standard error.")
def build_command(
    folder: Path,
    fmt: str,
    output: Path | None,
    model: str | None,
    published: str | None,
    quiet: bool,
) -> None:
    """Build the chronology of FOLDER (a folder of .txt/.md articles, or one file).

    Example:

        timeline build data/seeds --format markdown -o chronology.md
    """
    result = build(folder, model=model, published=published)
    if not quiet:
        _report(result, _stderr())
    _emit(result, fmt, output)


def _emit(result: BuildResult, fmt: str, output: Path | None) -> None:
    if fmt == "terminal":
        if output is not None:
            console = Console(file=None, record=True, width=100, color_system=None)
            with console.capture():
                console.print(timeline_view(result.timeline))
            write_atomic(output, console.export_text())
        else:
            Console(highlight=False).print(timeline_view(result.timeline))
        return
    text = render(result.timeline, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


@cli.command("show")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def show_command(file: Path) -> None:
    """Show a saved chronology (YAML or JSON) in the terminal.

    Example:

        timeline show out/seeds.yaml
    """
    timeline = read_timeline(file)
    Console(highlight=False).print(timeline_view(timeline))


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
        click.echo(json.dumps(scores, indent=2, ensure_ascii=False))
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
            click.echo(
                f"  {label:<9} {item['date']!s:<23} {item['type']:<10} {actors}"
                f" @ {item['location']}  [{item['id']}]"
            )


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
    from .events import inspect_document
    from .render.inspect import inspect_view

    rows = inspect_document(file, published=published, model=model)
    Console(highlight=False).print(inspect_view(rows, only_events=events_only))


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="timeline", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
