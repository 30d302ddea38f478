"""iCalendar (RFC 5545): one all-day VEVENT per dated event, at the precision the date has.

A day is ``DTSTART;VALUE=DATE`` with the next day as the (exclusive) ``DTEND``; a month spans the
month, a year the year, a range its days. Text values escape ``\\ ; ,`` and newlines, lines end
with CRLF and are folded at 75 octets without splitting a UTF-8 character. UIDs come from event
ids, and ``DTSTAMP`` — required, and meant to be the time the object was created — is derived
from the data (the latest document date in the chronology) rather than the clock, so the same
chronology always gives byte-identical output. Undated events are left out.
"""

from __future__ import annotations

from datetime import date, timedelta

from .. import __version__
from ..model import Event, Timeline
from .labels import date_label, document_name, documents_by_path, event_when, one_line, plural
from .safe import display

PRODID = f"-//timeline//timeline {__version__}//EN"
_STATUS = {"occurred": "CONFIRMED", "planned": "TENTATIVE"}
_EPOCH = "19700101T000000Z"


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped; the other
    control characters, which TEXT may not hold, made visible (``safe.display``)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return (
        display(lines, lines=True)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded into chunks of at most 75 octets, joined by CRLF + space."""
    chunks: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            chunks.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += octets
    chunks.append(current)
    return "\r\n ".join(chunks)


def _stamp(timeline: Timeline) -> str:
    days = sorted(d.dct[:10] for d in timeline.documents if d.dct and len(d.dct) >= 10)
    if not days:
        return _EPOCH
    try:
        day = date.fromisoformat(days[-1])
    except ValueError:
        return _EPOCH
    return f"{day:%Y%m%d}T000000Z"


def _description(event: Event, names: dict[str, str]) -> str:
    lines = [f"{event.type}, {event.status}"]
    if event.actors:
        lines.append("Actors: " + ", ".join(event.actors))
    documents = len({s.document for s in event.sources})
    lines.append(f"{plural(documents, 'source')}, confidence {event.confidence:.2f}")
    if event.disputed:
        others = ", ".join(date_label(d.date) for d in event.disputed)
        lines.append(f"Date disputed: also {others}")
    for source in event.sources:
        name = names.get(source.document, source.document)
        lines.append(f"“{one_line(source.sentence)}” — {name}")
    return "\n".join(lines)


def _day(value: date) -> str:
    return f"{value:%Y%m%d}"


def to_ics(timeline: Timeline, *, name: str = "Chronology") -> str:
    """The chronology as an iCalendar file (text with CRLF line endings)."""
    meta = documents_by_path(timeline)
    names = {path: document_name(m, path) for path, m in meta.items()}
    stamp = _stamp(timeline)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in timeline.events:
        when = event_when(event)
        if when is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.id)}@timeline",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(when.start)}",
            f"DTEND;VALUE=DATE:{_day(when.end + timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.title)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        lines += [
            f"DESCRIPTION:{escape_text(_description(event, names))}",
            f"CATEGORIES:{escape_text(event.type)}",
            f"STATUS:{_STATUS.get(event.status, 'TENTATIVE')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
