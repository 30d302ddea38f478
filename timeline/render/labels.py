"""Human labels shared by the renderers: dates at their precision, symbols and counts.

A date is shown with exactly the precision it has: ``2019`` → "2019", ``2000-07`` → "Jul 2000",
``2024-06-18/2024-06-19`` → "Jun 18–19, 2024". Nothing here invents a day or a month.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..dates import When, parse_when
from ..model import DocumentMeta, Event, Timeline

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SEASON_NAMES = {
    "SP": "Spring",
    "SU": "Summer",
    "FA": "Autumn",
    "AU": "Autumn",
    "WI": "Winter",
    "Q1": "Q1",
    "Q2": "Q2",
    "Q3": "Q3",
    "Q4": "Q4",
    "H1": "H1",
    "H2": "H2",
}
UNDATED = "undated"


def _day(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _range_label(start: date, end: date) -> str:
    if start.year != end.year:
        return f"{_day(start)} – {_day(end)}"
    if start.month != end.month:
        return (
            f"{MONTHS[start.month - 1]} {start.day} – {MONTHS[end.month - 1]} {end.day}, {end.year}"
        )
    return f"{MONTHS[start.month - 1]} {start.day}–{end.day}, {end.year}"


def _part_label(value: str, when: When) -> str:
    """Labels for the rarer precisions: seasons, quarters, weeks, decades, centuries."""
    precision = when.precision
    if precision == "season":
        code = value[5:]
        return f"{_SEASON_NAMES.get(code, code)} {value[:4]}"
    if precision == "week":
        return f"week {int(value[6:])}, {value[:4]}"
    if precision == "decade":
        return f"{value[:3]}0s"
    return f"{value[:2]}00s"


def when_label(when: When) -> str:
    """The date as a person writes it, at the precision it has."""
    precision = when.precision
    if precision == "day":
        return _day(when.start)
    if precision == "month":
        return f"{MONTHS[when.start.month - 1]} {when.start.year}"
    if precision == "year":
        return str(when.start.year)
    if precision == "range":
        first, _, last = when.value.partition("/")
        a, b = parse_when(first), parse_when(last)
        if a is not None and b is not None and a.precision == b.precision == "day":
            return _range_label(when.start, when.end)
        if a is not None and b is not None:
            return f"{when_label(a)} – {when_label(b)}"
        return when.value
    return _part_label(when.value, when)


def date_label(value: str | None) -> str:
    """``when_label`` of an ISO value; the raw value if it cannot be parsed; "undated" for None."""
    if value is None:
        return UNDATED
    when = parse_when(value)
    return when_label(when) if when is not None else value


def event_when(event: Event) -> When | None:
    return parse_when(event.date)


def period(event: Event) -> tuple[str, str | None]:
    """(year heading, month heading or None) under which an event is listed."""
    when = event_when(event)
    if when is None:
        return UNDATED, None
    year = str(when.start.year)
    if when.precision in ("day", "month", "week", "range") and (
        when.start.month == when.end.month and when.start.year == when.end.year
    ):
        return year, MONTH_NAMES[when.start.month - 1]
    if when.precision == "day" or (when.precision == "range" and when.days <= 31):
        return year, MONTH_NAMES[when.start.month - 1]
    return year, None


def source_documents(event: Event) -> list[str]:
    """Distinct documents cited by an event, in first-cited order: its number of sources."""
    return list(dict.fromkeys(source.document for source in event.sources))


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def year_span(events: Iterable[Event]) -> str | None:
    """The span of years of the dated events ("1962–2024", "2024"), None if none is dated."""
    whens = [w for w in (event_when(e) for e in events) if w is not None]
    if not whens:
        return None
    first = min(w.start.year for w in whens)
    last = max(w.end.year for w in whens)
    return str(first) if first == last else f"{first}–{last}"


def summary(timeline: Timeline, *, total_events: int | None = None) -> str:
    """One line: events (of how many, when filtered), documents and the span of years."""
    shown = len(timeline.events)
    events = plural(shown, "event")
    if total_events is not None and total_events != shown:
        events = f"{shown} of {total_events} events"
    parts = [events, plural(len(timeline.documents), "document")]
    span = year_span(timeline.events)
    if span is not None:
        parts.append(span)
    return " · ".join(parts)


def document_name(meta: DocumentMeta | None, path: str) -> str:
    """Title, outlet and date of a document — what is known; the path stands in for a title."""
    if meta is None:
        return path
    return ", ".join(part for part in (meta.title or path, meta.outlet, meta.dct) if part)


def documents_by_path(timeline: Timeline) -> dict[str, DocumentMeta]:
    return {meta.path: meta for meta in timeline.documents}


def one_line(text: str) -> str:
    """Collapse all whitespace (newlines from the document's layout) to single spaces."""
    return " ".join(text.split())
