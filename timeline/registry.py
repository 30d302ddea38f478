"""The event-type registry: every event type defined once, in ``data/events.yaml``.

The extractor reads a type's triggers from the same file (:mod:`timeline.events`); everything
else about a type — the family whose members can be one event, the rank that names a mixed
event, whether it recurs, its codes in the CAMEO and PLOVER event schemes, the verb phrase of a
title, the colour and symbol of the renderers — is read here, so that adding a type is an edit
of that file alone. Importing this module does not import spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import DataFileError
from .resources import data_dir, load_data

_FALLBACK = "other"


@dataclass(frozen=True, slots=True)
class EventType:
    """What the tool knows of one event type, apart from its triggers."""

    name: str
    family: str
    rank: int
    recurring: bool
    title: str  # verb phrase: "X and Y <title>"
    colour: str  # a rich colour name
    symbol: str  # one terminal cell
    cameo: str | None
    plover: tuple[tuple[str, str], ...]  # (key, value) pairs: category, mode
    # types one document reports apart from this one in another sentence (a visit's meetings)
    apart: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, name: str, spec: Any) -> EventType:
        """One entry of ``types:``; raises :class:`DataFileError` naming it when malformed."""
        path = data_dir() / "events.yaml"
        if not isinstance(spec, dict):
            raise DataFileError(path, f"types.{name}", "expected a mapping")
        try:
            symbol = str(spec.get("symbol", "·"))
            if len(symbol) != 1:
                raise ValueError(f"symbol {symbol!r} is not one character")
            plover = spec.get("plover") or {}
            if not isinstance(plover, dict):
                raise ValueError("plover: expected a mapping (category, mode)")
            apart = spec.get("apart") or []
            if not isinstance(apart, list):
                raise ValueError("apart: expected a list of type names")
            return cls(
                name=name,
                family=str(spec.get("family", name)),
                rank=int(spec.get("rank", 9)),
                recurring=bool(spec.get("recurring", True)),
                title=str(spec.get("title", name)),
                colour=str(spec.get("colour", "default")),
                symbol=symbol,
                cameo=None if spec.get("cameo") is None else str(spec["cameo"]),
                plover=tuple(sorted((str(k), str(v)) for k, v in plover.items())),
                apart=tuple(str(a) for a in apart),
            )
        except (TypeError, ValueError) as error:
            raise DataFileError(path, f"types.{name}", str(error)) from error


@lru_cache(maxsize=1)
def event_types() -> dict[str, EventType]:
    """Every event type by name, in the file's order (loaded once)."""
    types = load_data("events.yaml").get("types")
    if not isinstance(types, dict) or not types:
        raise DataFileError(data_dir() / "events.yaml", "types", "expected a mapping of types")
    return {str(name): EventType.from_data(str(name), spec) for name, spec in types.items()}


def event_type(name: str) -> EventType:
    """The type of that name; an unknown name (an old chronology) reads as ``other``."""
    types = event_types()
    return types.get(name) or types.get(_FALLBACK) or EventType.from_data(name, {})


def encloses(outer: str, inner: str) -> bool:
    """Whether an event of type ``outer`` holds events of type ``inner`` (a visit, its talks)."""
    kind = event_types().get(outer)
    return kind is not None and inner in kind.apart


def reported_apart(first: str, second: str) -> bool:
    """Whether one document reports events of these two types apart (either way round)."""
    types = event_types()
    one, two = types.get(first), types.get(second)
    return (one is not None and second in one.apart) or (two is not None and first in two.apart)


def type_names() -> tuple[str, ...]:
    """The names of the event types, in the file's order."""
    return tuple(event_types())


def family(name: str) -> str:
    """The family of a type: types of one family can describe one event."""
    return event_type(name).family if name in event_types() else name


@lru_cache(maxsize=1)
def non_recurring_families() -> frozenset[str]:
    """Families of events that do not recur between the same parties within a short time
    (``recurring: false``): sources that disagree on their date describe one event (shown as
    disputed), not two."""
    return frozenset(t.family for t in event_types().values() if not t.recurring)
