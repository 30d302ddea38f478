"""The terminal view of ``timeline dates``: the document text with its temporal expressions
highlighted and their TIMEX3 values beside them (control characters made visible)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ..model import DocumentDates
from .safe import display, safe_text

STYLES = {"DATE": "bold cyan", "TIME": "bold green", "DURATION": "bold yellow", "SET": "magenta"}


def dates_view(result: DocumentDates) -> RenderableType:
    header = safe_text(
        f"{result.path}  document date: {result.dct or 'unknown'} ({result.dct_source})", "bold"
    )
    body = Text()
    position = 0
    for timex in result.timexes:
        if timex.start < position:
            continue
        body.append(display(result.text[position : timex.start], lines=True))
        expression = display(result.text[timex.start : timex.end], lines=True)
        body.append(expression, style=STYLES.get(timex.type, "bold"))
        body.append(display(f" [{timex.type} {timex.value or '?'}]"), style="dim")
        position = timex.end
    body.append(display(result.text[position:], lines=True))
    return Group(header, Text(""), body, Text(""), Text(f"{len(result.timexes)} expressions"))
