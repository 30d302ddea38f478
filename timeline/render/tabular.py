"""CSV: one row per event, for spreadsheets and data tools.

Columns are fixed (see ``COLUMNS``); lists are joined with "; ". Lines end with CRLF as RFC 4180
asks, and every field that needs it is quoted by the ``csv`` module.
"""

from __future__ import annotations

import csv
import io

from ..model import Timeline
from .labels import date_label, documents_by_path, event_when, one_line, source_documents

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
        writer.writerow(
            (
                event.id,
                event.date or "",
                date_label(event.date),
                when.start.isoformat() if when else "",
                when.end.isoformat() if when else "",
                when.precision if when else "",
                event.type,
                event.status,
                event.title,
                "; ".join(event.actors),
                event.location or "",
                f"{event.confidence:.2f}",
                len(documents),
                "; ".join(documents),
                "; ".join(outlets),
                one_line(event.sources[0].sentence) if event.sources else "",
                "; ".join(d.date for d in event.disputed),
            )
        )
    return buffer.getvalue()
