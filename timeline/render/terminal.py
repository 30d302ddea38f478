"""The terminal view: a rich renderable of the chronology, grouped by year and month.

Each year opens with a rule, each month with its name; events hang off a vertical line, one
entry per event: the date at its precision, a coloured symbol and the type, the title, then a
second line with actors, place, status and the number of source documents. ``details`` adds
the evidence sentences and the documents they come from. Text taken from documents only ever
goes into ``rich.text.Text`` objects, which never parse markup (a ``[b]`` in a quote stays
literal, as if passed through ``rich.markup.escape``), and wraps inside its column, so the view
reads well from 60 to 200 columns. Whether to style at all is the console's business: the CLI
prints plain text when output is not a terminal or ``NO_COLOR`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ..model import Event, Timeline
from ..registry import event_type
from .labels import (
    date_label,
    document_name,
    documents_by_path,
    one_line,
    period,
    plural,
    source_documents,
    summary,
)
from .safe import display, safe_text

STATUS_STYLES = {
    "occurred": "",
    "planned": "bold yellow",
    "proposed": "bold yellow",
}
RAIL = "│"
_BODY_WIDTH_MAX = 100
_DATE_WIDTH_MAX = 20  # "Jan 30 – Feb 2, 2023"; longer labels break after the dash


def _head(event: Event) -> Text:
    colour = event_type(event.type).colour
    planned = event.status in ("planned", "proposed")
    line = Text()
    line.append(f"{event_type(event.type).symbol} {display(event.type)}", style=f"bold {colour}")
    line.append("  ")
    line.append(display(event.title), style="italic" if planned else "bold")
    return line


class _Facts:
    """Short facts joined by " · ", wrapped between facts rather than inside one when possible."""

    def __init__(self, parts: list[Text], style: str) -> None:
        self.parts = parts
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        line = Text(style=self.style)
        for part in self.parts:
            if line.plain and line.cell_len + 3 + part.cell_len > width:
                yield line
                line = Text(style=self.style)
            if line.plain:
                line.append(" · ")
            line.append_text(part)
        yield line  # a single fact longer than the width still wraps, inside itself


def _facts(event: Event) -> _Facts:
    parts: list[Text] = []
    if event.actors:
        parts.append(safe_text(", ".join(event.actors)))
    if event.location:
        parts.append(safe_text(f"in {event.location}"))
    if event.status != "occurred":
        parts.append(safe_text(f"[{event.status}]", STATUS_STYLES.get(event.status, "")))
    documents = len(source_documents(event))
    parts.append(Text(plural(documents, "source"), style="dim"))
    if event.disputed:
        others = ", ".join(date_label(d.date) for d in event.disputed)
        parts.append(safe_text(f"date disputed: also {others}", "red"))
    return _Facts(parts, "dim" if event.status == "occurred" else "")


def _details(event: Event, names: dict[str, str]) -> list[RenderableType]:
    """Each cited document once, by name, with the sentences it gives indented beneath."""
    rows: list[RenderableType] = []
    by_document: dict[str, list[str]] = {}
    for source in event.sources:
        sentences = by_document.setdefault(source.document, [])
        sentence = one_line(source.sentence)
        if sentence not in sentences:
            sentences.append(sentence)
    for document, sentences in by_document.items():
        heading = Table.grid(padding=(0, 1))
        heading.add_column(width=1, no_wrap=True)
        heading.add_column(ratio=1)
        heading.add_row("▸", safe_text(names.get(document, document), "italic"))
        rows.append(heading)
        for sentence in sentences:
            quote = Text("“", style="dim")
            quote.append(display(sentence))
            quote.append("”", style="dim")
            rows.append(Padding(quote, (0, 0, 0, 2)))
    if event.date_inferred_from:
        rows.append(safe_text(f"date inferred from {event.date_inferred_from}", "dim"))
    return rows


def _label_lines(label: str, width: int) -> list[str]:
    """A date label in lines of at most ``width``: ranges break after their dash."""
    if len(label) <= width:
        return [label]
    first, dash, last = label.partition(" – ")
    if dash and len(first) + 2 <= width and len(last) <= width:
        return [f"{first} –", last]
    return [label[: width - 1] + "…"]


class _Entry:
    """One row of the view: a right-aligned label, the rail, and a body that wraps beside it.

    The rail is drawn on every line of the body, so wrapped text never breaks the line; lines
    are not padded, so plain-text output carries no trailing spaces.
    """

    def __init__(
        self, label: Text, rail: Text, body: Sequence[RenderableType], label_width: int
    ) -> None:
        self.label = label
        self.rail = rail
        self.body = body
        self.label_width = label_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        label_width = min(self.label_width, max(4, width // 3))
        # Text lines longer than ~100 characters are hard to read: wide terminals get margin.
        body_width = min(width - label_width - 3, _BODY_WIDTH_MAX)
        label_style = console.get_style(self.label.style, default="")
        label_lines = _label_lines(self.label.plain, label_width)
        rail = Segment(self.rail.plain, console.get_style(self.rail.style, default=""))
        body: RenderableType = Group(*self.body) if self.body else Text()
        lines = console.render_lines(body, options.update_width(max(body_width, 10)), pad=False)
        while len(lines) < len(label_lines):
            lines.append([])
        for index, line in enumerate(lines or [[]]):
            if index < len(label_lines):
                yield Segment(label_lines[index].rjust(label_width), label_style)
            else:
                yield Segment(" " * label_width)
            yield Segment(" ")
            yield rail
            if line and any(segment.text.strip() for segment in line):
                yield Segment(" ")
                while line and not line[-1].text.strip():
                    line = line[:-1]
                last = line[-1]
                yield from line[:-1]
                yield Segment(last.text.rstrip(), last.style, last.control)
            yield Segment.line()


def timeline_view(
    timeline: Timeline, *, details: bool = False, total_events: int | None = None
) -> RenderableType:
    """The chronology as a rich renderable (print it with a ``rich.console.Console``).

    Args:
        details: add the evidence sentences and the names of their documents.
        total_events: number of events before filtering, for the summary line.
    """
    meta = documents_by_path(timeline)
    names = {path: document_name(m, path) for path, m in meta.items()}
    width = min(_DATE_WIDTH_MAX, max((len(date_label(e.date)) for e in timeline.events), default=4))
    parts: list[RenderableType] = []
    year: str | None = None
    month: str | None = None
    previous: str | None = None
    for event in timeline.events:
        event_year, event_month = period(event)
        if event_year != year:
            previous = None
            if parts:
                parts.append(Text())
            parts.append(Rule(Text(event_year, style="bold"), align="left", style="dim"))
            year, month = event_year, None
        if event_month != month:
            month = event_month
            previous = None
            if month is not None:
                parts.append(_Entry(Text(month, style="bold"), Text(RAIL, style="dim"), [], width))
        planned = event.status in ("planned", "proposed")
        shown = date_label(event.date)
        # In a run of events on the same date, repeats of the date are dimmed.
        style = "italic yellow" if planned else ("dim" if shown == previous else "bold")
        label = safe_text(shown, style)
        previous = shown
        rail = Text(RAIL, style=event_type(event.type).colour)
        body: list[RenderableType] = [_head(event), _facts(event)]
        if details:
            body += _details(event, names)
        parts.append(_Entry(label, rail, body, width))
        parts.append(_Entry(Text(), Text(RAIL, style="dim"), [], width))
    if not timeline.events:
        parts.append(Text("No events match.", style="yellow"))
    else:
        parts.append(Text())
    parts.append(Text(summary(timeline, total_events=total_events), style="dim"))
    return Group(*parts)
