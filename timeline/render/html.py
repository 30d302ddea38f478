"""HTML: one self-contained page to browse, filter and read the chronology.

The page is a template (``assets/page.html``) with its stylesheet and script inlined and the
chronology embedded as JSON in a ``<script type="application/json">`` element; the script
renders it in the browser. Nothing is loaded from anywhere: a Content-Security-Policy allows
no request at all and only the page's own script and style (by hash), so the page works from
``file://`` and an article cannot make it fetch or run anything. Text from documents is only
ever data: ``<``, ``>``, ``&`` and the line separators are escaped inside the JSON, and the
script puts every string into the page with ``textContent``.

What the script needs is computed here, once: date labels at their precision, the year and
month headings, offsets of the trigger and date words inside each evidence sentence, each
type's colour and symbol, and other names of the chronology's actors from the gazetteer.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rich.color import Color, ColorParseError

from ..actors import load_gazetteer
from ..model import STATUSES, Event, Source, Timeline
from ..registry import event_types
from .labels import (
    date_label,
    document_name,
    event_when,
    period,
    source_documents,
    summary,
    year_span,
)
from .safe import escape_json_controls

# The registry's colours are terminal (rich) colour names; as page colours: (on a light
# background, on a dark one).
_PAGE_COLOURS = {
    "cyan": ("#007c89", "#4dd0e1"),
    "green": ("#2e7d32", "#81c784"),
    "bright_green": ("#558b2f", "#c5e1a5"),
    "magenta": ("#8e24aa", "#ce93d8"),
    "bright_magenta": ("#c2185b", "#f48fb1"),
    "yellow": ("#a86a00", "#ffd54f"),
    "blue": ("#1565c0", "#64b5f6"),
    "bright_blue": ("#3949ab", "#9fa8da"),
    "red": ("#c62828", "#ef9a9a"),
    "default": ("#616161", "#bdbdbd"),
}
_MARKERS = ("/*STYLE*/", "/*SCRIPT*/", "@@DATA@@", "@@TITLE@@", "@@CSP@@")
_URL = re.compile(r"^https?://", re.IGNORECASE)
# Escapes that keep JSON inert inside <script>: no "</script>", no "<!--", no entity, and no
# raw line separators (which some JavaScript parsers once took for line ends).
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@dataclass(frozen=True, slots=True)
class TypeStyle:
    """How an event type is drawn: a symbol and a colour for light and for dark pages."""

    symbol: str
    light: str
    dark: str


def type_styles() -> dict[str, TypeStyle]:
    """Each event type's symbol and colours, from the type registry (``data/events.yaml``)."""
    styles = {}
    for name, kind in event_types().items():
        light, dark = page_colours(kind.colour)
        styles[name] = TypeStyle(symbol=kind.symbol, light=light, dark=dark)
    return styles


def page_colours(name: str) -> tuple[str, str]:
    """A rich colour name (or ``#rrggbb``) as page colours for light and dark backgrounds.

    The common names have shades chosen to read on both; any other colour rich knows is used
    as it is on both; an unknown one is grey.
    """
    if name in _PAGE_COLOURS:
        return _PAGE_COLOURS[name]
    try:
        colour = Color.parse(name).get_truecolor().hex
    except ColorParseError:
        return _PAGE_COLOURS["default"]
    return colour, colour


def actor_aliases(actors: Iterable[str]) -> dict[str, list[str]]:
    """Other names the gazetteer knows for each actor (for the page's actor filter)."""
    forms = _gazetteer_forms()
    return {actor: list(forms[actor]) for actor in sorted(set(actors)) if forms.get(actor)}


@cache
def _gazetteer_forms() -> dict[str, tuple[str, ...]]:
    return load_gazetteer().other_names()


def _find(text: str, needle: str, start: int = 0) -> int:
    return text.lower().find(needle.lower(), start) if needle else -1


def evidence_marks(source: Source) -> list[tuple[int, int, str]]:
    """Where the trigger ("t") and the date words ("d") lie in the sentence, sorted, disjoint.

    Offsets are relative to the sentence. The trigger's document offsets are used when they
    fall inside the sentence and spell the trigger; otherwise its first occurrence. The date
    text may be a compound such as "75 years (this year)": each part found is marked.
    """
    sentence = source.sentence
    marks: list[tuple[int, int, str]] = []
    offset = source.trigger_start - source.start
    length = source.trigger_end - source.trigger_start
    spelled = sentence[offset : offset + length].lower() == source.trigger.lower()
    if offset >= 0 and length > 0 and spelled:
        marks.append((offset, offset + length, "t"))
    else:
        found = _find(sentence, source.trigger)
        if found >= 0:
            marks.append((found, found + len(source.trigger), "t"))
    if source.date_text:
        parts = [p.strip() for p in re.split(r"[()]", source.date_text) if p.strip()]
        for part in parts:
            found = _find(sentence, part)
            if found >= 0:
                marks.append((found, found + len(part), "d"))
    kept: list[tuple[int, int, str]] = []
    for mark in sorted(marks):
        if not kept or mark[0] >= kept[-1][1]:
            kept.append(mark)
    return kept


def _event_record(event: Event, documents: Mapping[str, int]) -> dict[str, Any]:
    when = event_when(event)
    year, month = period(event)
    record: dict[str, Any] = {
        "id": event.id,
        "date": date_label(event.date),
        "iso": event.date,
        "group": [year, month],
        "start": when.start.isoformat() if when else None,
        "end": when.end.isoformat() if when else None,
        "type": event.type,
        "status": event.status,
        "title": event.title,
        "actors": list(event.actors),
        "roles": [list(pair) for pair in event.roles],
        "place": event.location,
        "sources": len(source_documents(event)),
        "confidence": round(event.confidence, 2),
        "disputed": [date_label(d.date) for d in event.disputed],
        "inferred": event.date_inferred_from,
        "evidence": [
            [documents[s.document], s.sentence, [list(m) for m in evidence_marks(s)]]
            for s in event.sources
        ],
    }
    return record


def page_data(
    timeline: Timeline, *, aliases: Mapping[str, Iterable[str]] | None = None
) -> dict[str, Any]:
    """Everything the page's script shows, as plain JSON values."""
    documents: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    for meta in timeline.documents:
        documents[meta.path] = len(records)
        url = meta.url if meta.url and _URL.match(meta.url) else None
        records.append(
            {
                "path": meta.path,
                "name": document_name(meta, meta.path),
                "title": meta.title,
                "outlet": meta.outlet,
                "dct": meta.dct,
                "url": url,
            }
        )
    for event in timeline.events:
        for source in event.sources:
            if source.document not in documents:
                documents[source.document] = len(records)
                records.append({"path": source.document, "name": source.document})
    styles = type_styles()
    actors = {a for e in timeline.events for a in (*e.actors, *(a for _r, a in e.roles))}
    if aliases is None:
        aliases = actor_aliases(actors)
    return {
        "title": "Chronology",
        "summary": summary(timeline),
        "types": [
            {"name": n, "symbol": s.symbol, "light": s.light, "dark": s.dark}
            for n, s in styles.items()
        ],
        "statuses": list(STATUSES),
        "documents": records,
        "aliases": {a: sorted(aliases[a]) for a in sorted(actors) if aliases.get(a)},
        "events": [_event_record(e, documents) for e in timeline.events],
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element (nothing in it can close it)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    text = escape_json_controls(text)  # no raw control character in the page's bytes
    for raw, escaped in _JSON_ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


def _asset(name: str) -> str:
    return (resources.files(__package__) / "assets" / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_html(timeline: Timeline, *, aliases: Mapping[str, Iterable[str]] | None = None) -> str:
    """The chronology as a self-contained HTML page (no request of any kind when opened).

    Args:
        aliases: other names of actors for the actor filter (default: from the gazetteer).
    """
    style = _asset("page.css")
    script = _asset("page.js")
    span = year_span(timeline.events)
    title = "Chronology" + (f" {span}" if span else "")
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src {_sha256(style)}; script-src {_sha256(script)}; "
        "base-uri 'none'; form-action 'none'"
    )
    values = {
        "/*STYLE*/": style,
        "/*SCRIPT*/": script,
        "@@DATA@@": script_json(page_data(timeline, aliases=aliases)),
        "@@TITLE@@": _escape_text(title),
        "@@CSP@@": csp,
    }
    page = _asset("page.html")
    # One pass, so that nothing substituted is ever searched for a marker again.
    pattern = re.compile("|".join(re.escape(m) for m in _MARKERS))
    return pattern.sub(lambda match: values[match.group(0)], page)
