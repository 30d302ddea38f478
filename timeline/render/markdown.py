"""Markdown chronology: a heading per year, a bullet per event, footnotes quoting the evidence."""

from __future__ import annotations

from ..model import Timeline


def to_markdown(timeline: Timeline) -> str:
    lines = ["# Chronology", ""]
    notes: list[str] = []
    year = None
    for event in timeline.events:
        event_year = (event.date or "undated")[:4]
        if event_year != year:
            year = event_year
            lines += [f"## {year}", ""]
        refs = []
        for source in event.sources:
            notes.append(
                f'[^{len(notes) + 1}]: "{" ".join(source.sentence.split())}" ({source.document})'
            )
            refs.append(f"[^{len(notes)}]")
        status = "" if event.status == "occurred" else f" *({event.status})*"
        lines.append(f"- **{event.date}** {event.title}{status} {''.join(refs)}")
    lines.append("")
    return "\n".join(lines + notes) + "\n"
