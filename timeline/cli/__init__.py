"""Command line: parses options, calls one library function, prints what it returns.

:mod:`.app` is the ``timeline`` group and the entry point, :mod:`.commands` the commands and
:mod:`.options` what they share (consoles, usage checks, output options, progress, report).
"""

from __future__ import annotations

from .app import cli, main
from .commands import (
    build_command,
    cache_command,
    dates_command,
    eval_command,
    inspect_command,
    show_command,
)

for _command in (
    build_command,
    show_command,
    eval_command,
    inspect_command,
    dates_command,
    cache_command,
):
    cli.add_command(_command)

__all__ = ["cli", "main"]
