"""CSV: one row per event, for spreadsheets and data tools.

Columns are fixed (see ``COLUMNS``); lists are joined with "; ". Lines end with CRLF as RFC 4180
asks, and every field that needs it is quoted by the ``csv`` module. A spreadsheet runs a cell
that begins with ``= + - @`` (or a tab or carriage return before one) as a formula, so such a
cell gets a leading ``'`` (OWASP's advice on CSV injection) and reads as text; control
characters in a cell are made visible (``safe.display``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..model import Timeline
from .labels import date_label, documents_by_path, event_when, one_line, source_documents
from .safe import display

# First characters that make a spreadsheet read a cell as a formula (with the full-width forms
# some locales' spreadsheets also accept).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

COLUMNS = (
    "id",
    "date",
    "date_label",
    "start",
    "end",
    "precision",
    "type",
    "status",
    "title",
    "actors",
    "location",
    "confidence",
    "sources",
    "documents",
    "outlets",
    "evidence",
    "disputed",
)


def literal(value: object) -> str:
    """``value`` as text a spreadsheet does not run: a ``'`` before a formula's first character
    (also after leading white space, which some spreadsheets skip)."""
    text = str(value)
    return "'" + text if text.lstrip(" \t\r\n").startswith(FORMULA_STARTS) else text


def _joined(values: Iterable[object]) -> str:
    """A list in one cell; each item made literal, since a spreadsheet in a locale whose list
    separator is ``;`` splits the cell there."""
    return "; ".join(literal(value) for value in values)


def cell(value: object) -> str:
    """A CSV field that a spreadsheet shows as text: never a formula, no control character."""
    return display(literal(value), lines=True)


def to_csv(timeline: Timeline) -> str:
    """The chronology as CSV text with a header row."""
    meta = documents_by_path(timeline)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in timeline.events:
        when = event_when(event)
        documents = source_documents(event)
        outlets = dict.fromkeys(
            m.outlet for m in (meta.get(d) for d in documents) if m is not None and m.outlet
        )
        row = (
            event.id,
            event.date or "",
            date_label(event.date),
            when.start.isoformat() if when else "",
            when.end.isoformat() if when else "",
            when.precision if when else "",
            event.type,
            event.status,
            event.title,
            _joined(event.actors),
            event.location or "",
            f"{event.confidence:.2f}",
            len(documents),
            _joined(documents),
            _joined(outlets),
            one_line(event.sources[0].sentence) if event.sources else "",
            _joined(d.date for d in event.disputed),
        )
        writer.writerow(cell(value) for value in row)
    return buffer.getvalue()
