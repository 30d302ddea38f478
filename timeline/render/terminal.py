"""The terminal view: a rich renderable of the chronology, coloured by event type."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.text import Text

from ..model import Timeline

COLOURS = {
    "visit": "cyan",
    "meeting": "green",
    "summit": "bright_green",
    "talks": "green",
    "agreement": "magenta",
    "invitation": "yellow",
    "call": "blue",
    "statement": "white",
    "other": "white",
}


def timeline_view(timeline: Timeline) -> RenderableType:
    rows: list[RenderableType] = []
    year = None
    for event in timeline.events:
        event_year = (event.date or "undated")[:4]
        if event_year != year:
            year = event_year
            rows.append(Text(year, style="bold underline"))
        colour = COLOURS.get(event.type, "white")
        line = Text.assemble(
            (f"  {event.date:<23}", "bold"),
            (f"{event.type:<11}", colour),
            escape(event.title),
            (f"  [{event.status}]" if event.status != "occurred" else "", "italic dim"),
            (f"  ({len(event.sources)} src)", "dim"),
        )
        rows.append(line)
    rows.append(
        Text(f"{len(timeline.events)} events from {len(timeline.documents)} documents", style="dim")
    )
    return Group(*rows)
