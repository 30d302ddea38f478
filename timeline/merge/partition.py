"""The merge in partitions: the same chronology as :func:`.core.merge_results`, computed by
tasks, so it can run on a cluster. A clustering task holds one partition (whole components,
about ``PARTITION_MENTIONS``). The boundary task of a family reads the family's partitions one
at a time and rebuilds its clusters (from their mentions: no counters or sets are sent); a
family of more than ``SPILL_MENTIONS`` mentions keeps them on disk (:mod:`.store`), with at
most ``store.CAPACITY`` in memory, so no task's memory grows with the archive beyond the size
of its largest partition.

The single-process merge is greedy and order-dependent, so the partitions are cut where the
order provably does not matter:

1. **Clustering** (one task per partition). A dated mention only ever joins a cluster of its
   own type family whose date overlaps its own, and a cluster's date only narrows from its
   founder's. Within a family, the mentions whose dates are connected by overlap (a month
   links its days, a year its months) form a component that no other mention can reach;
   partitions are runs of whole components (each component has an overlapping neighbour
   inside it, never across a cut), packed up to a target size. Each partition is clustered in
   the global order restricted to it, which is the order the single-process merge meets them.
2. **Boundaries** (one task per family). The disputes (the same non-recurring event dated up
   to two years apart) and the anchoring of year-less and bound-only mentions reach across
   components (through the frequent names, nearly all of a family's events), so the clusters
   of a family are put back in their global creation order (the order of their founding
   mentions; sorted on disk when spilled), indexed again, and these two steps run as in the
   single-process merge; the few clusters they change or found become events there.
3. **Events** (in the clustering task): each cluster becomes an event there, and the
   events of the clusters step 2 changed replace theirs.
4. **Order** (here): the events, in the global creation order of their clusters, are sorted
   and given their ids exactly as the single-process merge does.

The tasks run where :class:`Tasks` puts them: by default at once, in this process; on a Dask
cluster as futures (those of the first stage are handed to the second without coming back;
the boundary task receives them unread, :meth:`Tasks.defer`, and fetches one at a time).
Each partition is sent once to the worker that clusters it, the workers getting about as many
mentions. A clustering task's result is split where it was made: the boundary task takes only
its clusters' members (positions) and replays the joins from the mentions it reads — moving
pickled Clusters between the workers cost as much as the merge itself — and only the events
come back to the client.
"""

from __future__ import annotations

import functools
import gc
import pickle
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from ..dates import When
from ..model import DocResult, DocumentMeta, Event, Mention, Timeline
from .core import anchor_mention, attach_disputes, cluster_dated
from .dating import parse_date
from .index import Affiliation, Cluster, Index, family, memoised, no_affiliation
from .reconcile import build_event, sort_key, with_ids
from .store import CAPACITY, Spill

PARTITION_MENTIONS = 20_000  # dated mentions per clustering task (a component is never cut)
# A family with more mentions than this has its boundary step spilled to disk (.store), with at
# most ``store.CAPACITY`` clusters in memory; below it, the step runs in memory (faster).
SPILL_MENTIONS = 600_000  # (about 450 MB of a boundary step's state: some 0.75 KB a mention)
RECORD_BYTES = 400  # about what a mention, or an event with its sources, pickles to

# A mention's place in the single-process merge's order: the sort key it uses, then the
# mention's position in the input (its sort is stable).
Order = tuple[Any, ...]
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True, slots=True)
class Partition:
    """The dated mentions of one clustering task (or the undated ones of a family), each with
    its place in the global order."""

    family: str
    mentions: tuple[tuple[Order, Mention], ...]


@dataclass(frozen=True, slots=True)
class Bulk(Generic[T]):
    """A large value that crosses between processes (a partition, the members of its
    clusters, their events). It is unpickled with the cyclic collector paused: left on, the
    collector walks the growing heap again and again while a hundred thousand records are
    rebuilt, which took three quarters of the time of unpickling the events."""

    value: T

    def __reduce__(self) -> tuple[Any, ...]:
        return _unpickled, (pickle.dumps(self.value, protocol=pickle.HIGHEST_PROTOCOL),)

    def __sizeof__(self) -> int:
        # What a scheduler weighs moving it by (Dask asks sys.getsizeof): about the bytes it
        # pickles to. Left at the wrapper's own size, a task that only splits a result was
        # sent to an idle worker, and the result with it.
        value: Any = self.value
        records = value.mentions if isinstance(value, Partition) else value
        records = records.events if isinstance(records, Reconciled) else records
        return RECORD_BYTES * (1 + len(records))


def _unpickled(blob: bytes) -> Bulk[Any]:
    with _no_cyclic_gc():
        return Bulk(pickle.loads(blob))


# What a clustering task sends on: each cluster as its founder's order and its members (their
# positions in the partition, in the order they joined). The tasks that need the clusters again
# replay the joins (:func:`_clusters`) instead of receiving them: a Cluster holds counters and
# sets, and pickles slowly.
Clustered = list[tuple[Order, tuple[int, ...]]]


class Tasks(Protocol):
    """Where the merge's tasks run: :class:`InProcess`, or the workers of a Dask cluster
    (``timeline.cluster.tasks.DaskTasks``). A task may be placed on one of ``places``
    workers, with the data it reads put there, so no partition moves between workers
    before it is clustered."""

    @property
    def places(self) -> int: ...

    def put(self, items: Sequence[tuple[Any, int]]) -> list[Any]:
        """Handles on data, each sent once to its worker: ``(data, place)`` pairs."""

    def submit(self, place: int | None, fn: Callable[..., Any], *args: Any) -> Any:
        """A handle on ``fn(*args)``, run on the worker ``place`` (``None``: where its
        inputs mostly are); the args may be handles."""

    def gather(self, handles: list[Any]) -> list[Any]:
        """The values of the handles."""

    def defer(self, handles: list[Any]) -> list[Any]:
        """The handles, passed to a task unread: the task reads each one's ``value`` when it
        needs it, so it never holds them all (the boundary step reads one partition at a
        time). What they name is kept until :meth:`gather` returns."""


class InProcess:
    """The tasks run at once, in this process."""

    places = 1

    def put(self, items: Sequence[tuple[Any, int]]) -> list[Any]:
        return [data for data, _place in items]

    def submit(self, place: int | None, fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)

    def gather(self, handles: list[Any]) -> list[Any]:
        return list(handles)

    def defer(self, handles: list[Any]) -> list[Any]:
        return list(handles)  # (the Bulks themselves: their value is at hand)


def merge_results_partitioned(
    results: Iterable[DocResult],
    *,
    affiliation: Affiliation | None = None,
    tasks: Tasks | None = None,
    partition_mentions: int = PARTITION_MENTIONS,
    spill: Spilling | None = None,
) -> Timeline:
    """:func:`.core.merge_results`, by partitions (see the module's description).

    Args:
        results: the per-document results, in path order (as for ``merge_results``).
        affiliation: as for ``merge_results``; must pickle when the tasks run elsewhere.
        tasks: where the tasks run; in this process by default.
        partition_mentions: dated mentions per clustering task (whole components).
        spill: when a family's boundary step keeps its clusters on disk, and how many it
            holds in memory then.
    """
    results = list(results)
    mentions = (m for r in results for m in r.mentions)
    events = merge_partitioned(
        mentions,
        affiliation=affiliation,
        tasks=tasks,
        partition_mentions=partition_mentions,
        spill=spill,
    )
    return timeline_of(events, [r.meta for r in results])


@dataclass(frozen=True, slots=True)
class Spilling:
    """A family's boundary step runs on disk when the family has more than ``over`` mentions,
    with at most ``capacity`` clusters in memory (and a partition of ``PARTITION_MENTIONS``
    being read)."""

    over: int = SPILL_MENTIONS
    capacity: int = CAPACITY


def merge_partitioned(
    mentions: Iterable[Mention],
    *,
    affiliation: Affiliation | None = None,
    tasks: Tasks | None = None,
    partition_mentions: int = PARTITION_MENTIONS,
    spill: Spilling | None = None,
) -> list[tuple[Order, Event]]:
    """The events of the merge, each with its cluster's place in the global creation order."""
    with _no_cyclic_gc():  # (as the single-process merge; it covers the gathering too)
        return _merge_partitioned(
            mentions,
            affiliation or no_affiliation,
            tasks or InProcess(),
            partition_mentions,
            spill or Spilling(),
        )


def _merge_partitioned(
    mentions: Iterable[Mention],
    affiliation: Affiliation,
    tasks: Tasks,
    partition_mentions: int,
    spill: Spilling,
) -> list[tuple[Order, Event]]:
    dated: dict[str, list[tuple[Order, Mention, When]]] = defaultdict(list)
    undated: dict[str, list[tuple[Order, Mention]]] = defaultdict(list)
    for position, mention in enumerate(mentions):
        when = parse_date(mention.date) if mention.date else None
        fam = family(mention.type)
        order: Order
        if when is not None:
            order = (when.days, mention.doc, mention.sent_start, mention.trigger_start, position)
            dated[fam].append((order, mention, when))
        else:
            order = (mention.doc, mention.sent_start, mention.trigger_start, position)
            undated[fam].append((order, mention))
    families = {
        fam: (
            list(partitions(fam, dated.pop(fam, []), partition_mentions)),
            # (in the order the boundary step anchors them, in runs of a partition's size)
            _runs(fam, sorted(undated.pop(fam, []), key=lambda pair: pair[0]), partition_mentions),
        )
        for fam in sorted(dated.keys() | undated.keys())
    }
    places = placed([part for parts, _ in families.values() for part in parts], tasks.places)
    # The largest families first: their boundary steps are the longest, and wait for the most.
    ranked = sorted(families, key=lambda fam: -sum(len(p.mentions) for p in families[fam][0]))
    # The mentions go to the workers once, all before the first task (a worker busy with a
    # task receives slowly), each partition to the worker that clusters it, the undated ones
    # of a family to the worker of most of its partitions.
    at = {fam: [places[id(part)] for part in families[fam][0]] for fam in ranked}
    items: list[tuple[Any, int]] = []
    for fam in ranked:
        parts, left = families[fam]
        items.extend((Bulk(part), place) for part, place in zip(parts, at[fam], strict=True))
        items.extend((Bulk(run), _most_common(at[fam])) for run in left)
    sent = iter(tasks.put(items))
    reconciled_handles: list[Any] = []
    event_handles: list[Any] = []
    for fam in ranked:
        parts, left = families[fam]
        handles = [next(sent) for _ in parts]
        undated_handles = [next(sent) for _ in left]
        clusterings = [
            tasks.submit(place, cluster_partition, handle, affiliation)
            for handle, place in zip(handles, at[fam], strict=True)
        ]
        # Split where they were made: the boundary step takes only the members, the client
        # only the events.
        members = [
            tasks.submit(place, members_of, clustering)
            for clustering, place in zip(clusterings, at[fam], strict=True)
        ]
        event_handles.extend(
            tasks.submit(place, events_of, clustering)
            for clustering, place in zip(clusterings, at[fam], strict=True)
        )
        size = sum(len(p.mentions) for p in parts) + sum(len(run.mentions) for run in left)
        capacity = spill.capacity if size > spill.over else None
        reconciled_handles.append(
            tasks.submit(
                # (its inputs are read unresolved: placed by hand, where most of them are)
                _most_common(at[fam]),
                reconcile_family,
                fam,
                tasks.defer(handles),
                tasks.defer(members),
                tasks.defer(undated_handles),
                affiliation,
                capacity,
            )
        )
    found = [bulk.value for bulk in tasks.gather([*reconciled_handles, *event_handles])]
    reconciled: list[Reconciled] = found[: len(reconciled_handles)]
    touched = frozenset().union(*(r.touched for r in reconciled))
    return [pair for r in reconciled for pair in r.events] + [
        (_global(order, True), event)
        for events in found[len(reconciled_handles) :]
        for order, event in events
        if order not in touched
    ]


def _most_common(places: list[int]) -> int:
    """The place most of a family's partitions went to (the first of the ties)."""
    return min(set(places), key=lambda place: (-places.count(place), place), default=0)


def placed(parts: list[Partition], places: int) -> dict[int, int]:
    """The worker of each partition (by ``id``): the largest first, each to the worker with
    the fewest mentions so far, so the workers get about as many."""
    load = [0] * places
    found: dict[int, int] = {}
    for part in sorted(parts, key=lambda p: -len(p.mentions)):
        place = min(range(places), key=lambda i: (load[i], i))
        found[id(part)] = place
        load[place] += len(part.mentions)
    return found


def timeline_of(
    events: Sequence[tuple[Order, Event]], documents: Sequence[DocumentMeta]
) -> Timeline:
    """The chronology of events in their clusters' creation order: sorted, with ids."""
    with _no_cyclic_gc():
        ordered = [event for _order, event in sorted(events, key=lambda pair: pair[0])]
        return Timeline(
            documents=tuple(sorted(documents, key=lambda d: d.path)),
            events=tuple(with_ids(sorted(ordered, key=sort_key))),
        )


def partitions(
    fam: str, dated: list[tuple[Order, Mention, When]], size: int
) -> Iterator[Partition]:
    """Runs of whole components (mentions connected by overlapping dates) of about ``size``."""
    dated.sort(key=lambda item: (item[2].start, item[0]))
    run: list[tuple[Order, Mention]] = []
    end = None
    for order, mention, when in dated:
        if end is not None and when.start > end and len(run) >= size:
            yield Partition(fam, tuple(run))
            run = []
        end = when.end if end is None or when.start > end else max(end, when.end)
        run.append((order, mention))
    if run:
        yield Partition(fam, tuple(run))


def _runs(fam: str, ordered: list[tuple[Order, Mention]], size: int) -> list[Partition]:
    """The mentions in runs of ``size`` (at least one run, maybe empty)."""
    return [
        Partition(fam, tuple(ordered[start : start + size]))
        for start in range(0, max(1, len(ordered)), size)
    ]


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The merge makes many objects and no cycles (see ``merge_mentions``)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Clustering:
    """What a clustering task found: each cluster as its founding mention's order and its
    members (their positions in the partition, in the order they joined), and the event each
    cluster makes if the boundary step leaves it as it is."""

    members: Bulk[Clustered]
    events: Bulk[tuple[tuple[Order, Event], ...]]

    def __sizeof__(self) -> int:
        return sys.getsizeof(self.members) + sys.getsizeof(self.events)


def cluster_partition(bulk: Bulk[Partition], affiliation: Affiliation) -> Clustering:
    """Steps 1 and 3 on one partition: its clusters, and the event of each."""
    partition = bulk.value
    with _no_cyclic_gc():
        lookup = memoised(affiliation)
        index = Index(lookup)
        positions: dict[int, int] = {}
        dated = []
        ordered = sorted(range(len(partition.mentions)), key=lambda i: partition.mentions[i][0])
        for position in ordered:
            mention = partition.mentions[position][1]
            when = parse_date(mention.date or "")
            if when is None:  # (the client parsed it; only a different parser could differ)
                continue
            positions[id(mention)] = position
            dated.append((mention, when))
        cluster_dated(index, dated, lookup)
        orders = [partition.mentions[positions[id(c.mentions[0])]][0] for c in index.clusters]
        return Clustering(
            members=Bulk(
                [
                    (order, tuple(positions[id(m)] for m in c.mentions))
                    for order, c in zip(orders, index.clusters, strict=True)
                ]
            ),
            events=Bulk(
                tuple(
                    (order, build_event(c, lookup))
                    for order, c in zip(orders, index.clusters, strict=True)
                )
            ),
        )


def members_of(clustering: Clustering) -> Bulk[Clustered]:
    return clustering.members


def events_of(clustering: Clustering) -> Bulk[tuple[tuple[Order, Event], ...]]:
    return clustering.events


def _clusters(
    partition: Partition, clustered: Clustered, lookup: Affiliation
) -> list[tuple[Order, Cluster]]:
    """The clusters of step 1 again, from their members: each founded by its first mention
    and joined by the others in order, as :func:`.core.cluster_dated` built them."""
    mentions = partition.mentions
    found: list[tuple[Order, Cluster]] = []
    for order, members in clustered:
        first = mentions[members[0]][1]
        when = parse_date(first.date or "")
        assert when is not None  # (step 1 clustered dated mentions only)
        cluster = Cluster(len(found), family(first.type), when)
        for position in members:
            mention = mentions[position][1]
            cluster.add(mention, parse_date(mention.date or ""), lookup)
        found.append((order, cluster))
    return found


@dataclass(frozen=True, slots=True)
class Reconciled:
    """What the boundary step of a family changed: the events of the clusters it changed or
    founded, and the orders of every cluster it touched (whose first-stage state is stale)."""

    events: tuple[tuple[Order, Event], ...]
    touched: frozenset[Order]


class Readable(Protocol[T_co]):
    """An input of the boundary step (:meth:`Tasks.defer`): a :class:`Bulk`, or a handle
    that fetches one when its value is read."""

    @property
    def value(self) -> T_co: ...


def reconcile_family(
    fam: str,
    partitions: Sequence[Readable[Partition]],
    clustered: Sequence[Readable[Clustered]],
    undated: Sequence[Readable[Partition]],
    affiliation: Affiliation,
    capacity: int | None = None,
) -> Bulk[Reconciled]:
    """Step 2 for one family: disputes and anchoring over its clusters put back in their
    global creation order; the events of the clusters these steps changed or founded (they
    replace the ones :func:`cluster_partition` made of them). The inputs are read one at a
    time (``undated``: the family's undated mentions in order, in runs). With ``capacity``,
    the clusters and the index are kept on disk (:mod:`.store`), at most ``capacity``
    clusters in memory: what the step holds is then bounded, whatever the family's size."""
    with _no_cyclic_gc():
        if capacity is None:
            return Bulk(_reconcile(partitions, clustered, undated, memoised(affiliation), None))
        # (the names an archive holds grow with it: spilled, only the recent ones are kept)
        lookup = functools.lru_cache(maxsize=capacity)(affiliation)
        with Spill(capacity) as spill:
            return Bulk(_reconcile(partitions, clustered, undated, lookup, spill))


def _reconcile(
    partitions: Sequence[Readable[Partition]],
    clustered: Sequence[Readable[Clustered]],
    undated: Sequence[Readable[Partition]],
    lookup: Affiliation,
    spill: Spill | None,
) -> Reconciled:
    index = Index(lookup, joining=False, spill=spill)
    # Each cluster's founder's order, and its size after step 1 (by key).
    founders: Any = [] if spill is None else spill.sequence("founders")
    founded = _founded(partitions, clustered, lookup, spill)
    for key, (order, cluster) in enumerate(founded):
        cluster.key = key
        _register_as_founded(index, cluster)
        founders.append((order, len(cluster.mentions)))
    dated = len(founders)
    attach_disputes(index, lookup)
    for run in undated:
        for order, mention in run.value.mentions:
            before = len(index.clusters)
            anchor_mention(index, mention, lookup)
            # A mention of the recent past that no event took founds one of its own.
            for _ in range(len(index.clusters) - before):
                founders.append(((1, order), 0))
    events: list[tuple[Order, Event]] = []
    touched: list[Order] = []
    for cluster in index.clusters:
        key = cluster.key
        order, size = founders[key]
        if key < dated and len(cluster.mentions) == size:
            continue
        if key < dated:
            touched.append(order)
        if cluster.mentions:
            events.append((_global(order, key < dated), build_event(cluster, lookup)))
    return Reconciled(events=tuple(events), touched=frozenset(touched))


def _founded(
    partitions: Sequence[Readable[Partition]],
    clustered: Sequence[Readable[Clustered]],
    lookup: Affiliation,
    spill: Spill | None,
) -> Iterator[tuple[Order, Cluster]]:
    """The clusters of step 1 in their global creation order: rebuilt a partition at a time,
    and sorted (on disk if spilled)."""
    pairs = (
        pair
        for part, members in zip(partitions, clustered, strict=True)
        for pair in _clusters(part.value, members.value, lookup)
    )
    if spill is None:
        return iter(sorted(pairs, key=lambda pair: pair[0]))
    return spill.sorted(pairs, key=lambda pair: pair[0])


def _global(order: Order, dated: bool) -> Order:
    """A cluster's place in the single-process merge's creation order: the clusters of dated
    mentions first (by their founders), then those of the recent past."""
    return (0, order) if dated else order


def _register_as_founded(index: Index, cluster: Cluster) -> None:
    """Index a cluster under the date it was founded with (its founder's), as the
    single-process merge did; its names and places are the ones it holds now."""
    founded = parse_date(cluster.mentions[0].date or "") if cluster.mentions else None
    index.register(cluster, founded)
