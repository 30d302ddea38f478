"""Corpus-level merge: all mention records → one chronology of :class:`Event` records.

A reduce over the outputs of the per-document extraction. Mentions are blocked by type family
and year so that no step compares all pairs of the corpus; within a block, a mention joins an
event when its date interval is compatible and its actors and place agree (a missing argument
is compatible, a different one is not). The merged date is the most precise one consistent
with the sources; sources that contradict it are kept as disputes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .dates import When, parse_when
from .model import DocResult, DocumentMeta, Event, Mention, Source, Timeline, stable_hash

FAMILIES = {"visit": "contact", "meeting": "contact", "summit": "contact", "talks": "contact"}
# When a cluster mixes types of one family, the most specific wins.
_TYPE_RANK = {"visit": 0, "summit": 1, "meeting": 2, "talks": 3}
_STATUS_RANK = {"occurred": 0, "reported": 1, "planned": 2, "proposed": 3}


def family(kind: str) -> str:
    return FAMILIES.get(kind, kind)


@dataclass
class _Cluster:
    family: str
    mentions: list[Mention] = field(default_factory=list)
    whens: list[When] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)

    def accepts(self, mention: Mention, when: When) -> bool:
        if not all(when.overlaps(other) for other in self.whens):
            return False
        if mention.location and self.locations and mention.location not in self.locations:
            return False
        if mention.actors and self.actors:
            return bool(self.actors.intersection(mention.actors))
        return True

    def add(self, mention: Mention, when: When) -> None:
        self.mentions.append(mention)
        self.whens.append(when)
        self.actors.update(mention.actors)
        if mention.location:
            self.locations.add(mention.location)


def _reconcile(whens: Sequence[When]) -> When:
    """The most precise value consistent with every source (their intersection)."""
    merged = whens[0]
    for when in whens[1:]:
        merged = merged.intersection(when) or merged
    return merged


def _title(kind: str, actors: Sequence[str], location: str | None) -> str:
    who = " and ".join(actors[:2]) if actors else "Unknown parties"
    verb = {
        "visit": "visit",
        "meeting": "meeting",
        "summit": "summit",
        "talks": "talks",
        "agreement": "agreement",
        "invitation": "invitation",
        "call": "call",
        "statement": "statement",
    }.get(kind, "event")
    where = f" in {location}" if location else ""
    return f"{who}: {verb}{where}"


def _event(cluster: _Cluster) -> Event:
    mentions = sorted(cluster.mentions, key=lambda m: (m.doc, m.sent_start, m.trigger_start))
    kind = min((m.type for m in mentions), key=lambda t: (_TYPE_RANK.get(t, 9), t))
    when = _reconcile(cluster.whens)
    actor_counts = Counter(a for m in mentions for a in dict.fromkeys(m.actors))
    actors = tuple(sorted(actor_counts, key=lambda a: (-actor_counts[a], a)))
    location_counts = Counter(m.location for m in mentions if m.location)
    location = (
        min(location_counts, key=lambda loc: (-location_counts[loc], loc))
        if location_counts
        else None
    )
    status = min((m.status for m in mentions), key=lambda s: (_STATUS_RANK.get(s, 9), s))
    sources = tuple(
        Source(
            document=m.doc,
            sentence=m.sentence,
            start=m.sent_start,
            end=m.sent_end,
            trigger=m.trigger,
            trigger_start=m.trigger_start,
            trigger_end=m.trigger_end,
            date_text=m.date_text,
            date=m.date,
        )
        for m in mentions
    )
    documents = {m.doc for m in mentions}
    confidence = min(1.0, 0.4 + 0.2 * len(documents) + (0.1 if when.precision == "day" else 0))
    event_id = stable_hash(
        {"type": family(kind), "date": when.value, "actors": sorted(actors)[:2]}, length=10
    )
    return Event(
        id=event_id,
        date=when.value,
        type=kind,
        status=status,
        title=_title(kind, actors, location),
        actors=actors,
        location=location,
        confidence=confidence,
        sources=sources,
    )


def _months(when: When) -> range:
    """Month numbers (year × 12 + month − 1) that the interval of ``when`` touches."""
    first = when.start.year * 12 + when.start.month - 1
    return range(first, when.end.year * 12 + when.end.month)


def merge_mentions(
    mentions: Iterable[Mention], *, documents: Sequence[DocumentMeta] = ()
) -> Timeline:
    """Merge mention records into a sorted :class:`Timeline`."""
    blocks: dict[tuple[str, int], list[tuple[Mention, When]]] = defaultdict(list)
    for mention in mentions:
        when = parse_when(mention.date)
        if when is None:
            continue
        blocks[(family(mention.type), when.start.year)].append((mention, when))
    events: list[Event] = []
    for (fam, _year), items in sorted(blocks.items()):
        items.sort(key=lambda pair: (pair[1].days, pair[0].doc, pair[0].sent_start))
        clusters: list[_Cluster] = []
        # Indexes that narrow the clusters a mention is compared with, without changing which
        # one it joins (the first, in creation order, that accepts it): a cluster accepts only
        # dates overlapping its first date, so it is listed under that date's months; and only
        # mentions sharing an actor, unless one side has none, so it is listed under each of
        # its actors, or as actorless while it has none.
        by_month: dict[int, list[int]] = defaultdict(list)
        by_actor: dict[str, list[int]] = defaultdict(list)
        actorless: list[int] = []
        for mention, when in items:
            months = _months(when)
            candidates = set().union(*(by_month.get(month, ()) for month in months))
            if mention.actors and candidates:
                sharing = set(actorless).union(*(by_actor.get(a, ()) for a in mention.actors))
                candidates &= sharing
            index = next(
                (i for i in sorted(candidates) if clusters[i].accepts(mention, when)), None
            )
            if index is None:
                index = len(clusters)
                clusters.append(_Cluster(fam))
                for month in months:
                    by_month[month].append(index)
                if not mention.actors:
                    actorless.append(index)
            target = clusters[index]
            for actor in mention.actors:
                if actor not in target.actors:
                    by_actor[actor].append(index)
            target.add(mention, when)
        events.extend(_event(c) for c in clusters)
    events.sort(key=lambda e: (parse_when(e.date).start if e.date else None, e.type, e.id))  # type: ignore[union-attr]
    return Timeline(documents=tuple(sorted(documents, key=lambda d: d.path)), events=tuple(events))


def merge_results(results: Iterable[DocResult]) -> Timeline:
    """Merge the per-document results of a corpus."""
    results = list(results)
    return merge_mentions(
        (m for r in results for m in r.mentions), documents=[r.meta for r in results]
    )
