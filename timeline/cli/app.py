"""The ``timeline`` command group: library errors become one-line messages."""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import __version__
from ..errors import TimelineError
from ..render.safe import display


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
