"""Records that flow between the stages.

``ingest`` yields :class:`Document`; the per-document extraction (``extract``) turns each into a
:class:`DocResult` holding :class:`TimeExpr` and :class:`Mention` records; ``merge`` reduces all
mentions to :class:`Event` records in a :class:`Timeline`, which renderers read. Every record is
a frozen dataclass of plain values so it pickles to worker processes and serialises to the
cache cheaply; conversion to and from plain dicts lives here, in one place.
"""

from __future__ import annotations

import hashlib
import json
import operator
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA = "timeline/1"

# Event types are defined in data/events.yaml (see timeline.registry).
STATUSES = ("occurred", "planned", "proposed")

# How a document's creation date (DCT) was found.
DCT_SOURCES = (
    "manifest",
    "front-matter",
    "option",
    "text",
    "path",
    "inferred",
    "corpus",
    "none",
)


def stable_hash(payload: Any, *, length: int = 12) -> str:
    """Short hex digest of sort-keyed JSON: the same content always gives the same id."""
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the chronology records about a source document (no text)."""

    path: str  # POSIX path relative to the corpus folder
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    dct: str | None = None  # ISO day (or coarser) of publication
    dct_source: str = "none"
    sha256: str = ""
    # Latest stated date of the other documents of the corpus: lets inference choose between
    # the years a year-less weekday date allows. Not part of the output.
    dct_hint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "dct": self.dct,
            "dct_source": self.dct_source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        return cls(
            path=str(data["path"]),
            title=data.get("title"),
            url=data.get("url"),
            outlet=data.get("outlet"),
            dct=None if data.get("dct") is None else str(data["dct"]),
            dct_source=str(data.get("dct_source", "none")),
            sha256=str(data.get("sha256", "")),
        )


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded source document and its metadata."""

    meta: DocumentMeta
    text: str
    notes: tuple[str, ...] = ()  # problems met while reading it (e.g. replaced bytes)

    @property
    def path(self) -> str:
        return self.meta.path


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression: character span in the document text and its TIMEX3 normalisation.

    ``value`` is a TIMEX3 value (``2024-06-19``, ``2023-09``, ``P5Y``, ``PRESENT_REF``, …) or
    ``START/END`` for ranges; ``None`` when the expression could not be resolved.
    """

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str | None
    anchor: str = "none"  # what it was resolved against: none, dct, narrative

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """One event mention in one sentence of one document, with its evidence.

    ``date`` is an ISO value or range; ``date_bound`` a constraint instead of a date
    (``<=2024-06-20`` for "have signed" in a document of that day). Offsets are characters in
    the document's decoded text.
    """

    doc: str
    sent_start: int
    sent_end: int
    trigger_start: int
    trigger_end: int
    trigger: str
    type: str
    status: str
    actors: tuple[str, ...]
    location: str | None = None
    date: str | None = None
    date_text: str | None = None
    # explicit, sentence, dct, narrative, anniversary, recent, bound, none
    date_source: str = "none"
    date_bound: str | None = None
    roles: tuple[tuple[str, str], ...] = ()  # (role, actor), e.g. ("visitor", "Vladimir Putin")
    cameo: str | None = None
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["actors"] = list(self.actors)
        data["roles"] = [list(pair) for pair in self.roles]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["actors"] = tuple(values.get("actors", ()))
        values["roles"] = tuple(tuple(pair) for pair in values.get("roles", ()))
        return cls(**values)


@dataclass(frozen=True, slots=True)
class DocResult:
    """Everything the per-document extraction hands to the merge: compact and cacheable."""

    meta: DocumentMeta
    mentions: tuple[Mention, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": {**self.meta.to_dict(), "sha256": self.meta.sha256},
            "mentions": [m.to_dict() for m in self.mentions],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocResult:
        return cls(
            meta=DocumentMeta.from_dict(data["meta"]),
            mentions=tuple(Mention.from_dict(m) for m in data.get("mentions", ())),
            notes=tuple(data.get("notes", ())),
        )


@dataclass(frozen=True, slots=True)
class Source:
    """Evidence for an event: one sentence of one document."""

    document: str
    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    date_text: str | None
    date: str | None = None  # the date this source gives, before reconciliation

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "date_text": self.date_text,
            "date": self.date,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(
            document=str(data["document"]),
            sentence=str(data.get("sentence", "")),
            start=int(data.get("start", 0)),
            end=int(data.get("end", 0)),
            trigger=str(data.get("trigger", "")),
            trigger_start=int(data.get("trigger_start", 0)),
            trigger_end=int(data.get("trigger_end", 0)),
            date_text=data.get("date_text"),
            date=None if data.get("date") is None else str(data["date"]),
        )


@dataclass(frozen=True, slots=True)
class Dispute:
    """A date one or more sources give that is inconsistent with the event's date."""

    date: str
    documents: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "documents": list(self.documents)}


@dataclass(frozen=True, slots=True)
class Event:
    """A merged event of the chronology."""

    id: str
    date: str | None
    type: str
    status: str
    title: str
    actors: tuple[str, ...]
    location: str | None
    confidence: float
    sources: tuple[Source, ...]
    date_inferred_from: str | None = None  # event id or document a year/date was taken from
    disputed: tuple[Dispute, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()
    cameo: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "date": self.date,
            "type": self.type,
            "status": self.status,
            "title": self.title,
            "actors": list(self.actors),
            "location": self.location,
            "confidence": round(self.confidence, 2),
        }
        if self.roles:
            data["roles"] = {role: actor for role, actor in self.roles}
        if self.cameo:
            data["cameo"] = self.cameo
        if self.date_inferred_from:
            data["date_inferred_from"] = self.date_inferred_from
        if self.disputed:
            data["disputed"] = [d.to_dict() for d in self.disputed]
        data["sources"] = [s.to_dict() for s in self.sources]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        roles = data.get("roles") or {}
        return cls(
            id=str(data.get("id", "")),
            date=None if data.get("date") is None else str(data["date"]),
            type=str(data.get("type", "other")),
            status=str(data.get("status", "occurred")),
            title=str(data.get("title", "")),
            actors=tuple(str(a) for a in data.get("actors") or ()),
            location=data.get("location"),
            confidence=float(data.get("confidence", 0.0)),
            sources=tuple(Source.from_dict(s) for s in data.get("sources") or ()),
            date_inferred_from=data.get("date_inferred_from"),
            disputed=tuple(
                Dispute(str(d["date"]), tuple(d.get("documents", ())))
                for d in data.get("disputed") or ()
            ),
            roles=tuple(sorted((str(k), str(v)) for k, v in roles.items())),
            cameo=data.get("cameo"),
        )


@dataclass(frozen=True, slots=True)
class Timeline:
    """The merged chronology: what every renderer reads."""

    documents: tuple[DocumentMeta, ...]
    events: tuple[Event, ...]
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "documents": [d.to_dict() for d in self.documents],
            "events": [e.to_dict() for e in self.events],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timeline:
        return cls(
            documents=tuple(DocumentMeta.from_dict(d) for d in data.get("documents") or ()),
            events=tuple(Event.from_dict(e) for e in data.get("events") or ()),
        )


@dataclass(frozen=True, slots=True)
class DocumentDates:
    """The temporal expressions of one document (what ``timeline dates`` shows)."""

    path: str
    text: str
    dct: str | None
    dct_source: str
    timexes: tuple[TimeExpr, ...]

    def to_list(self) -> list[dict[str, Any]]:
        return [timex.to_dict() for timex in self.timexes]


def _pickled_by_position(cls: type) -> None:
    """Pickle a record as its class and its field values in order (the dataclass default walks
    ``fields()`` for every object, several times slower): results and events cross process
    boundaries by the hundred thousand in a parallel build and the partitioned merge."""
    get = operator.attrgetter(*(f.name for f in fields(cls) if f.init))

    def __reduce__(self: Any) -> tuple[Any, ...]:
        return cls, get(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]


for _record in (DocumentMeta, Document, TimeExpr, Mention, DocResult, Source, Dispute, Event):
    _pickled_by_position(_record)
