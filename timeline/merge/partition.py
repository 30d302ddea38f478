"""The merge in partitions: the same chronology as :func:`.core.merge_results`, computed by
tasks that each hold a bounded share of the mentions, so it can run on a cluster.

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
   components, so the clusters of a family are put back in their global creation order
   (the order of their founding mentions), indexed again, and these two steps run as in the
   single-process merge; the few clusters they change or found become events there.
3. **Events** (one task per partition): every other cluster becomes an event.
4. **Order** (here): the events, in the global creation order of their clusters, are sorted
   and given their ids exactly as the single-process merge does.

``submit(fn, *args)`` runs a task: by default at once, in this process; on a Dask cluster
``client.submit`` (futures of the first stage are handed to the second without coming back).
``scatter`` sends each partition to the workers once; the clustering
tasks send on only their clusters' members (positions), and the later tasks replay the joins
from the mentions they already hold — moving pickled Clusters between the workers cost as
much as the merge itself.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..dates import When
from ..model import DocResult, DocumentMeta, Event, Mention, Timeline
from .core import anchor_mention, attach_disputes, cluster_dated
from .dating import parse_date
from .index import Affiliation, Cluster, Index, family, memoised, no_affiliation
from .reconcile import build_event, sort_key, with_ids

PARTITION_MENTIONS = 20_000  # dated mentions per clustering task (a component is never cut)

# A mention's place in the single-process merge's order: the sort key it uses, then the
# mention's position in the input (its sort is stable).
Order = tuple[Any, ...]
Submit = Callable[..., Any]
Gather = Callable[[list[Any]], list[Any]]
Scatter = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Partition:
    """The dated mentions of one clustering task (or the undated ones of a family), each with
    its place in the global order."""

    family: str
    mentions: tuple[tuple[Order, Mention], ...]


# What a clustering task sends on: each cluster as its founder's order and its members (their
# positions in the partition, in the order they joined). The tasks that need the clusters again
# replay the joins (:func:`_clusters`) instead of receiving them: a Cluster holds counters and
# sets, and pickles slowly.
Clustered = list[tuple[Order, tuple[int, ...]]]


def run_now(fn: Callable[..., Any], *args: Any) -> Any:
    """The default ``submit``: the task's result, computed in this process."""
    return fn(*args)


def same(data: Any) -> Any:
    """The default ``scatter``: the data itself."""
    return data


def merge_results_partitioned(
    results: Iterable[DocResult],
    *,
    affiliation: Affiliation | None = None,
    submit: Submit = run_now,
    gather: Gather = list,
    scatter: Scatter = same,
    partition_mentions: int = PARTITION_MENTIONS,
) -> Timeline:
    """:func:`.core.merge_results`, by partitions (see the module's description).

    Args:
        results: the per-document results, in path order (as for ``merge_results``).
        affiliation: as for ``merge_results``; must pickle when ``submit`` sends tasks away.
        submit: runs ``fn(*args)`` as a task and returns its result or a handle on it.
        gather: the results of a list of handles.
        scatter: a handle on data to send to the workers once (``client.scatter``).
        partition_mentions: dated mentions per clustering task (whole components).
    """
    results = list(results)
    mentions = (m for r in results for m in r.mentions)
    events = merge_partitioned(
        mentions,
        affiliation=affiliation,
        submit=submit,
        gather=gather,
        scatter=scatter,
        partition_mentions=partition_mentions,
    )
    return timeline_of(events, [r.meta for r in results])


def merge_partitioned(
    mentions: Iterable[Mention],
    *,
    affiliation: Affiliation | None = None,
    submit: Submit = run_now,
    gather: Gather = list,
    scatter: Scatter = same,
    partition_mentions: int = PARTITION_MENTIONS,
) -> list[tuple[Order, Event]]:
    """The events of the merge, each with its cluster's place in the global creation order."""
    affiliation = affiliation or no_affiliation
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
    handles = []
    for fam in sorted(dated.keys() | undated.keys()):
        # The mentions go to the workers once (scatter); the tasks pass handles on them.
        parts = [scatter(part) for part in partitions(fam, dated.pop(fam, []), partition_mentions)]
        clustered = [submit(cluster_partition, part, affiliation) for part in parts]
        left = scatter(Partition(fam, tuple(undated.pop(fam, []))))
        reconciled = submit(reconcile_family, fam, parts, clustered, left, affiliation)
        handles.append(reconciled)
        handles.extend(
            submit(events_of_partition, part, members, reconciled, affiliation)
            for part, members in zip(parts, clustered, strict=True)
        )
    return [
        pair
        for found in gather(handles)
        for pair in (found.events if isinstance(found, Reconciled) else found)
    ]


def timeline_of(
    events: Sequence[tuple[Order, Event]], documents: Sequence[DocumentMeta]
) -> Timeline:
    """The chronology of events in their clusters' creation order: sorted, with ids."""
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


def cluster_partition(partition: Partition, affiliation: Affiliation) -> Clustered:
    """Step 1 on one partition: its clusters, each as its founding mention's order and its
    members."""
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
        return [
            (
                partition.mentions[positions[id(c.mentions[0])]][0],
                tuple(positions[id(m)] for m in c.mentions),
            )
            for c in index.clusters
        ]


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


def reconcile_family(
    fam: str,
    partitions: list[Partition],
    clustered: list[Clustered],
    undated: Partition,
    affiliation: Affiliation,
) -> Reconciled:
    """Steps 2–3 for one family: disputes and anchoring over its clusters put back in their
    global creation order; the events of the clusters these steps changed or founded (the
    others are made by :func:`events_of_partition`, in parallel)."""
    with _no_cyclic_gc():
        lookup = memoised(affiliation)
        index = Index(lookup)
        founded = sorted(
            (
                pair
                for part, members in zip(partitions, clustered, strict=True)
                for pair in _clusters(part, members, lookup)
            ),
            key=lambda p: p[0],
        )
        orders: list[Order] = []
        for key, (order, cluster) in enumerate(founded):
            cluster.key = key
            _register_as_founded(index, cluster)
            orders.append(order)
        sizes = [len(cluster.mentions) for _order, cluster in founded]
        attach_disputes(index, lookup)
        for order, mention in sorted(undated.mentions, key=lambda pair: pair[0]):
            before = len(index.clusters)
            anchor_mention(index, mention, lookup)
            # A mention of the recent past that no event took founds one of its own.
            orders.extend((1, order) for _ in range(len(index.clusters) - before))
        touched = [
            c for c in index.clusters if c.key >= len(sizes) or len(c.mentions) != sizes[c.key]
        ]
        return Reconciled(
            events=tuple(
                (_global(orders[c.key], c.key < len(sizes)), build_event(c, lookup))
                for c in touched
                if c.mentions
            ),
            touched=frozenset(orders[c.key] for c in touched if c.key < len(sizes)),
        )


def events_of_partition(
    partition: Partition, clustered: Clustered, reconciled: Reconciled, affiliation: Affiliation
) -> list[tuple[Order, Event]]:
    """Step 4 on one partition: an event per cluster the boundary step left as it was."""
    with _no_cyclic_gc():
        lookup = memoised(affiliation)
        return [
            (_global(order, True), build_event(cluster, lookup))
            for order, cluster in _clusters(partition, clustered, lookup)
            if order not in reconciled.touched
        ]


def _global(order: Order, dated: bool) -> Order:
    """A cluster's place in the single-process merge's creation order: the clusters of dated
    mentions first (by their founders), then those of the recent past."""
    return (0, order) if dated else order


def _register_as_founded(index: Index, cluster: Cluster) -> None:
    """Index a cluster under the date it was founded with (its founder's), as the
    single-process merge did; its names and places are the ones it holds now."""
    now = cluster.when
    founded = parse_date(cluster.mentions[0].date or "") if cluster.mentions else None
    cluster.when = founded or now
    index.register(cluster)
    cluster.when = now
