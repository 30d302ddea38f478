"""Command line: parses options, calls one library function, prints what it returns."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from . import __version__
from .decoding import canonical_encoding
from .errors import IncompleteInput, TimelineError
from .evaluate import evaluate
from .ingest import DEFAULT_LANGUAGES, DEFAULT_MAX_BYTES
from .pipeline import BuildResult, build
from .render import FORMATS, render, write_atomic
from .render.report import build_report
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
    bad = [code for code in codes if not (code.isascii() and code.isalpha() and len(code) <= 3)]
    if bad:
        raise click.BadParameter(
            f"{', '.join(bad)}: use ISO 639-1 codes such as en,fr, or 'any'", param_hint="--lang"
        )
    return codes


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
@click.option("-q", "--quiet", is_flag=True, help="No notes or progress on standard error.")
def build_command(
    folder: Path,
    fmt: str,
    output: Path | None,
    model: str | None,
    published: str | None,
    encoding: str | None,
    max_bytes: int,
    lang: str,
    strict: bool,
    quiet: bool,
) -> None:
    """Build the chronology of FOLDER (articles as .txt, .md, .html, .json or .jsonl), or one file.

    Skipped files and documents read with a loss are reported on standard error.

    Example:

        timeline build data/seeds --format markdown -o chronology.md
    """
    if encoding is not None and canonical_encoding(encoding) is None:
        raise click.BadParameter(f"unknown encoding {encoding!r}", param_hint="--encoding")
    try:
        result = build(
            folder,
            model=model,
            published=published,
            encoding=encoding,
            max_bytes=max_bytes,
            languages=_languages(lang),
            strict=strict,
        )
    except IncompleteInput as error:
        if not quiet:
            for line in build_report(
                documents=None,
                skipped=error.skipped,
                degraded=error.degraded,
                notes=error.notes,
            ):
                _stderr().print(line, soft_wrap=True)
        raise
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
