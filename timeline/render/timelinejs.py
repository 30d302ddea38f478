"""TimelineJS JSON (Knight Lab's TimelineJS3 format), so a chronology can be published as is.

A title slide and one slide per dated event: ``start_date`` (and ``end_date`` for intervals)
hold only the parts the date has — a month-precision event has a year and a month, no day —
with ``display_date`` showing it as people write it; ``text`` holds an HTML headline and body
(actors, place, status, quoted evidence and documents, all HTML-escaped); ``group`` is the
event type, ``unique_id`` the event id. Numbers are written as strings, as in Knight Lab's
examples. Undated events cannot be placed on a timeline and are left out.
"""

from __future__ import annotations

import html
import json
from datetime import date
from typing import Any

from ..dates import When, parse_when
from ..errors import TimelineError
from ..model import Event, Timeline
from .labels import (
    date_label,
    document_name,
    documents_by_path,
    event_when,
    one_line,
    plural,
    source_documents,
    summary,
)
from .safe import escape_json_controls


def _date(day: date, precision: str) -> dict[str, str]:
    """The TimelineJS date object of ``day`` at ``precision`` (year, month or day)."""
    value = {"year": str(day.year)}
    if precision in ("month", "day"):
        value["month"] = str(day.month)
    if precision == "day":
        value["day"] = str(day.day)
    return value


def _bounds(when: When) -> tuple[dict[str, str], dict[str, str] | None]:
    precision = when.precision
    if precision in ("day", "month", "year"):
        return _date(when.start, precision), None
    if precision == "range":
        first, _, last = when.value.partition("/")
        a, b = parse_when(first), parse_when(last)
        pa = a.precision if a is not None and a.precision in ("day", "month", "year") else "day"
        pb = b.precision if b is not None and b.precision in ("day", "month", "year") else "day"
        return _date(when.start, pa), _date(when.end, pb)
    # Seasons, quarters, weeks, decades: the interval's first and last day, at month precision
    # (day for weeks) — the nearest the format can say.
    unit = "day" if precision == "week" else "month"
    return _date(when.start, unit), _date(when.end, unit)


def _body(event: Event, names: dict[str, str]) -> str:
    facts = []
    if event.actors:
        facts.append(html.escape(", ".join(event.actors)))
    if event.location:
        facts.append(f"in {html.escape(event.location)}")
    if event.status != "occurred":
        facts.append(f"<strong>{html.escape(event.status)}</strong>")
    facts.append(plural(len(source_documents(event)), "source"))
    if event.disputed:
        others = ", ".join(date_label(d.date) for d in event.disputed)
        facts.append(html.escape(f"date disputed: also {others}"))
    parts = [f"<p>{' · '.join(facts)}</p>"]
    for source in event.sources:
        name = names.get(source.document, source.document)
        parts.append(
            f"<blockquote>{html.escape(one_line(source.sentence))}"
            f"<br><cite>{html.escape(name)}</cite></blockquote>"
        )
    return "".join(parts)


def to_timelinejs_data(timeline: Timeline, *, title: str = "Chronology") -> dict[str, Any]:
    """The TimelineJS data object (``{"title": …, "events": […]}``)."""
    meta = documents_by_path(timeline)
    names = {path: document_name(m, path) for path, m in meta.items()}
    events: list[dict[str, Any]] = []
    for event in timeline.events:
        when = event_when(event)
        if when is None:
            continue
        start, end = _bounds(when)
        slide: dict[str, Any] = {"start_date": start}
        if end is not None:
            slide["end_date"] = end
        slide["display_date"] = date_label(event.date)
        slide["text"] = {"headline": html.escape(event.title), "text": _body(event, names)}
        slide["group"] = event.type
        slide["unique_id"] = f"event-{event.id}"
        events.append(slide)
    return {
        "title": {"text": {"headline": html.escape(title), "text": html.escape(summary(timeline))}},
        "events": events,
    }


def to_timelinejs(timeline: Timeline) -> str:
    """TimelineJS JSON text; at least one dated event is needed (TimelineJS rejects none)."""
    data = to_timelinejs_data(timeline)
    if not data["events"]:
        raise TimelineError(
            "TimelineJS needs at least one dated event and the chronology has none; "
            "loosen the filters or choose another --format"
        )
    return escape_json_controls(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
