"""The terminal view of ``timeline dates``: the document text with its temporal expressions
highlighted and their TIMEX3 values beside them."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ..model import DocumentDates

STYLES = {"DATE": "bold cyan", "TIME": "bold green", "DURATION": "bold yellow", "SET": "magenta"}


def dates_view(result: DocumentDates) -> RenderableType:
    header = Text(f"{result.path}  document date: {result.dct or 'unknown'} ({result.dct_source})")
    header.stylize("bold")
    body = Text()
    position = 0
    for timex in result.timexes:
        if timex.start < position:
            continue
        body.append(result.text[position : timex.start])
        body.append(result.text[timex.start : timex.end], style=STYLES.get(timex.type, "bold"))
        body.append(f" [{timex.type} {timex.value or '?'}]", style="dim")
        position = timex.end
    body.append(result.text[position:])
    return Group(header, Text(""), body, Text(""), Text(f"{len(result.timexes)} expressions"))
