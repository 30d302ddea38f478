"""The ``timeline inspect`` view: each sentence with its event mentions highlighted."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from ..events import SentenceReport
from ..registry import event_type
from .safe import display, safe_text


def inspect_view(rows: Sequence[SentenceReport], *, only_events: bool = False) -> RenderableType:
    """Sentences with triggers highlighted and one detail line per mention."""
    parts: list[RenderableType] = []
    document = None
    for row in rows:
        if row.document != document:
            document = row.document
            parts.append(safe_text(f"{document}  (document date {row.dct or 'unknown'})", "bold"))
        if only_events and not row.mentions:
            continue
        shown = " ".join(row.text.split()) if not row.mentions else row.text.strip()
        sentence = safe_text(shown, lines=True)
        offset = len(row.text) - len(row.text.lstrip())
        for mention in row.mentions:
            start = mention.trigger_start - row.start - offset
            end = mention.trigger_end - row.start - offset
            if 0 <= start < end <= len(sentence):
                sentence.stylize(f"bold reverse {event_type(mention.type).colour}", start, end)
        style = "" if row.mentions else "dim"
        parts.append(Text.assemble(Text(f"  {row.start:>6}  ", "dim"), Text(style=style), sentence))
        for mention in row.mentions:
            date = mention.date or (mention.date_bound and f"({mention.date_bound})") or "-"
            detail = Text.assemble(
                ("          ", ""),
                (display(f"{mention.trigger!r} "), "bold"),
                (display(mention.type), event_type(mention.type).colour),
                display(f" [{mention.status}]"),
                display(f"  actors: {', '.join(mention.actors) or '-'}"),
                display(f"  place: {mention.location or '-'}"),
                display(f"  date: {date}"),
                display(f" from {mention.date_source}"),
                display(f" ({mention.date_text!r})") if mention.date_text else "",
            )
            parts.append(detail)
            if mention.roles:
                roles = ", ".join(f"{role}={actor}" for role, actor in mention.roles)
                line = f"            roles: {roles}  cameo: {mention.cameo}"
                parts.append(safe_text(line, "dim"))
    return Group(*parts)
