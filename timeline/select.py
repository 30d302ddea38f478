"""Filters on a chronology: the ``--since/--until/--actor/--type/--status/--min-*`` options.

:func:`parse_selection` validates what the user typed (raising :class:`TimelineError` with a
message that names the option and the fix) and returns a :class:`Selection`;
:func:`select` applies it to a :class:`Timeline` and returns a new, smaller one. The documents
of the chronology are kept whole: filtering events does not change the corpus.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .dates import When, parse_when
from .errors import TimelineError
from .model import STATUSES, Event, Timeline
from .registry import type_names

_BOUND = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Latin letters that Unicode decomposition leaves alone ("Støre" should match "Store").
_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ı": "i"}
)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which events to keep; every criterion given must hold (an empty selection keeps all)."""

    since: When | None = None
    until: When | None = None
    actors: tuple[str, ...] = ()  # any of them, matched loosely (see ``actor_matches``)
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    min_sources: int = 0
    min_confidence: float = 0.0

    @property
    def is_empty(self) -> bool:
        return self == Selection()


def parse_bound(option: str, text: str) -> When:
    """A ``--since``/``--until`` value: YYYY, YYYY-MM or YYYY-MM-DD."""
    when = parse_when(text.strip()) if _BOUND.match(text.strip()) else None
    if when is None:
        raise TimelineError(f"{option}: {text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return when


def _choices(option: str, values: Iterable[str], allowed: Sequence[str]) -> tuple[str, ...]:
    chosen: list[str] = []
    for raw in values:
        for item in raw.split(","):
            value = item.strip().lower()
            if not value:
                continue
            if value not in allowed:
                close = difflib.get_close_matches(value, allowed, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise TimelineError(
                    f"{option}: {item.strip()!r} is not known; {hint}choose from "
                    f"{', '.join(allowed)}"
                )
            if value not in chosen:
                chosen.append(value)
    return tuple(chosen)


def parse_selection(
    *,
    since: str | None = None,
    until: str | None = None,
    actors: Iterable[str] = (),
    types: Iterable[str] = (),
    statuses: Iterable[str] = (),
    min_sources: int | None = None,
    min_confidence: float | None = None,
) -> Selection:
    """Validate filter options as typed on the command line (lists may be comma-separated)."""
    low = parse_bound("--since", since) if since is not None else None
    high = parse_bound("--until", until) if until is not None else None
    if low is not None and high is not None and high.end < low.start:
        raise TimelineError(
            f"--until {until} is before --since {since}; swap them or widen the range"
        )
    if min_sources is not None and min_sources < 0:
        raise TimelineError(f"--min-sources: {min_sources} is negative; use 0 or more")
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise TimelineError(
            f"--min-confidence: {min_confidence} is out of range; use a number from 0 to 1"
        )
    names = tuple(dict.fromkeys(a.strip() for raw in actors for a in raw.split(",") if a.strip()))
    return Selection(
        since=low,
        until=high,
        actors=names,
        types=_choices("--type", types, type_names()),
        statuses=_choices("--status", statuses, STATUSES),
        min_sources=min_sources or 0,
        min_confidence=min_confidence or 0.0,
    )


def _fold(text: str) -> str:
    """Case, accents, hyphens and punctuation folded away: "Kim Jong-un" → "kim jong un"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", plain.casefold()).split())


def actor_matches(
    query: str, actor: str, aliases: Mapping[str, Iterable[str]] | None = None
) -> bool:
    """Whether the user's ``--actor`` text names this actor of the chronology.

    Case-insensitive and loose about hyphens and accents: the query matches when it is a
    substring of the actor's name ("putin" ~ "Vladimir Putin") or the actor's name is a whole
    word sequence inside the query ("Vladimir Putin" ~ "Putin"). ``aliases`` maps a canonical
    actor to other names for it (from a gazetteer), which are tried the same way.
    """
    q = _fold(query)
    if not q:
        return False
    names = [actor, *(aliases or {}).get(actor, ())]
    for name in names:
        n = _fold(name)
        if not n:
            continue
        if q in n or f" {n} " in f" {q} ":
            return True
    return False


def _matches(
    event: Event, selection: Selection, aliases: Mapping[str, Iterable[str]] | None
) -> bool:
    when = parse_when(event.date)
    if selection.since is not None and (when is None or when.end < selection.since.start):
        return False
    if selection.until is not None and (when is None or when.start > selection.until.end):
        return False
    if selection.types and event.type not in selection.types:
        return False
    if selection.statuses and event.status not in selection.statuses:
        return False
    if selection.min_sources and len({s.document for s in event.sources}) < selection.min_sources:
        return False
    if selection.min_confidence and event.confidence + 1e-9 < selection.min_confidence:
        return False
    if selection.actors:
        names = [*event.actors, *(actor for _role, actor in event.roles)]
        if not any(actor_matches(q, name, aliases) for q in selection.actors for name in names):
            return False
    return True


def select(
    timeline: Timeline,
    selection: Selection,
    *,
    aliases: Mapping[str, Iterable[str]] | None = None,
) -> Timeline:
    """The chronology with only the events the selection keeps (same documents, same order).

    An event is kept by ``since``/``until`` when its date interval overlaps the bound's
    interval on that side; undated events are dropped as soon as a date bound is given.
    ``min_sources`` counts distinct documents, not sentences.
    """
    if selection.is_empty:
        return timeline
    kept = tuple(e for e in timeline.events if _matches(e, selection, aliases))
    return replace(timeline, events=kept)
