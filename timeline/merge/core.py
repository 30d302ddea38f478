"""The merge's four steps over all mentions: cluster, disputes, anchoring, reconcile."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from datetime import timedelta

from ..dates import When, from_interval
from ..model import (
    DocResult,
    DocumentMeta,
    Mention,
    Timeline,
)
from ..registry import non_recurring_families
from .dating import (
    BOUND_WINDOW_DAYS,
    DISPUTE_WINDOW_DAYS,
    RECENT_DAYS,
    RECENT_WINDOW_DAYS,
    bound_years,
    near_bound,
    parse_bound,
    parse_date,
    parse_yearless,
    satisfies_bound,
    yearless_in,
)
from .index import (
    Affiliation,
    Cluster,
    Index,
    Probe,
    best_cluster,
    compatibility,
    enclosing,
    family,
    memoised,
    no_affiliation,
)
from .reconcile import build_event, sort_key, with_ids


def merge_mentions(
    mentions: Iterable[Mention],
    *,
    documents: Sequence[DocumentMeta] = (),
    affiliation: Affiliation | None = None,
) -> Timeline:
    """Merge mention records into a sorted :class:`Timeline`.

    Args:
        mentions: the mentions of every document, in any order.
        documents: metadata of the documents, listed in the output.
        affiliation: maps an actor to itself plus what it stands for (a head of state to their
            state), so "Putin" and "Russia" can be the same party; identity by default.
    """
    # The merge makes many objects and no garbage cycles: the cyclic collector would only
    # walk them over and over (a growing share of the time as the corpus grows).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _merge(mentions, documents, memoised(affiliation or no_affiliation))
    finally:
        if collecting:
            gc.enable()


def _merge(
    mentions: Iterable[Mention], documents: Sequence[DocumentMeta], affiliation: Affiliation
) -> Timeline:
    dated: list[tuple[Mention, When]] = []
    undated: list[Mention] = []
    for mention in mentions:
        when = parse_date(mention.date) if mention.date else None
        if when is not None:
            dated.append((mention, when))
        else:
            undated.append(mention)
    # Most precise first, so coarse mentions join the events precise ones found.
    dated.sort(
        key=lambda pair: (pair[1].days, pair[0].doc, pair[0].sent_start, pair[0].trigger_start)
    )

    index = Index(affiliation)
    cluster_dated(index, dated, affiliation)
    attach_disputes(index, affiliation)
    for mention in sorted(undated, key=lambda m: (m.doc, m.sent_start, m.trigger_start)):
        anchor_mention(index, mention, affiliation)

    live = [c for c in index.clusters if c.mentions]
    events = with_ids(sorted((build_event(c, affiliation) for c in live), key=sort_key))
    return Timeline(documents=tuple(sorted(documents, key=lambda d: d.path)), events=tuple(events))


def cluster_dated(
    index: Index, dated: Iterable[tuple[Mention, When]], affiliation: Affiliation
) -> None:
    """Step 1: each dated mention, most precise first, joins its best cluster or founds one."""
    for mention, when in dated:
        fam = family(mention.type)
        probe = Probe(mention, affiliation)
        target = best_cluster(index.joinable(fam, when, probe.names), probe, when, affiliation)
        if target is None:
            cluster = Cluster(len(index.clusters), fam, when)
            cluster.add(mention, when, affiliation)
            index.register(cluster)
        else:
            index.add(target, mention, when, probe.names)


def _same_description(cluster: Cluster, mention: Mention) -> bool:
    """Whether a mention and an event may be one event the sources date differently. A year
    counted from an anniversary describes its event by the trigger word alone ("75 years of
    diplomatic relations", "the 75th anniversary of the agreement"): a year apart, a different
    word is a different event (relations established, then a first treaty)."""
    aged = mention.date_source == "anniversary" or any(
        m.date_source == "anniversary" for m in cluster.mentions
    )
    if not aged:
        return True
    return mention.trigger.lower() in {m.trigger.lower() for m in cluster.mentions}


def attach_disputes(index: Index, affiliation: Affiliation) -> None:
    """Fold single-source clusters of non-recurring events into the same event a little apart."""
    # (by key, each cluster fetched when its turn comes: a spilled index holds a few)
    order = index.sorted(
        (len({m.doc for m in c.mentions}), c.when.days, c.key)
        for c in index.clusters
        if c.family in non_recurring_families()
    )
    for *_rank, key in order:
        cluster = index.clusters[key]
        if len(cluster.mentions) != 1 or not cluster.mentions[0].actors:
            continue
        mention = cluster.mentions[0]
        widen = DISPUTE_WINDOW_DAYS // 365 + 1
        candidates = [
            c
            # Only clusters with the same actors qualify: look them up by one of them.
            for c in index.named_candidates(
                cluster.family, cluster.when, mention.actors[0], widen=widen
            )
            if c.key != cluster.key
            and c.mentions
            and not c.when.overlaps(cluster.when)
            and abs((c.when.start - cluster.when.start).days) <= DISPUTE_WINDOW_DAYS
            and set(c.actors) == set(mention.actors)
            and (c.locations.keys() == {mention.location} if mention.location else True)
            and c.when.precision == cluster.when.precision
            and _same_description(c, mention)
        ]
        if not candidates:
            continue
        target = min(candidates, key=lambda c: (-len(c.mentions), c.key))
        target.disputes.append((cluster.when, mention))
        target.mentions.append(mention)
        target.docs.add(mention.doc)
        target.whens.append(None)
        index.holds(target, mention)
        cluster.mentions.clear()
        index.changed(cluster)


def anchor_mention(
    index: Index,
    mention: Mention,
    affiliation: Affiliation,
) -> None:
    """Give a year-less or bound-only mention the date of a coreferent event, if any."""
    parts = parse_yearless(mention.date)
    bound = parse_bound(mention.date_bound)
    if parts is None and bound is None:
        return
    if parts is None and _inherit(index, mention, bound, affiliation):
        return
    probe = Probe(mention, affiliation)
    best = _coreferent(index, mention, probe, parts, bound, affiliation)
    if best is None:
        if parts is None and bound is not None and mention.date_source == "recent":
            _found_recent(index, mention, bound, affiliation)
        return
    cluster, when = best
    index.add(cluster, mention, when if parts is not None else None, probe.names)
    if parts is not None and cluster.inferred_from is None:
        donor = next((m.doc for m in cluster.mentions if m.doc != mention.doc), None)
        cluster.inferred_from = donor
        index.changed(cluster)


def _coreferent(
    index: Index,
    mention: Mention,
    probe: Probe,
    parts: tuple[int, int | None, int | None, int | None] | None,
    bound: tuple[str, When] | None,
    affiliation: Affiliation,
) -> tuple[Cluster, When] | None:
    """The event a year-less or bound-only mention describes, with the date it takes there."""
    fam = family(mention.type)
    best: tuple[tuple[int, int, int], Cluster, When] | None = None
    # The best score any event can reach: every actor shared and the place agreeing. The
    # events that hold all of them are tried first, in creation order; the first to reach it
    # wins (a later one could only tie, and ties go to the earlier event), so the full list
    # is only searched when none does.
    top = (len(mention.actors) + (2 if mention.location else 0), len(mention.actors))
    # A bound-only mention joins only an event near its bound: the years around it.
    years = bound_years(bound) if parts is None and bound is not None else None
    for group in index.anchor_candidates(fam, mention, years):
        for cluster in group:
            if cluster.family != fam or not cluster.mentions:
                continue
            when = _date_there(cluster, parts, bound, mention.date_source == "recent")
            if when is None:
                continue
            score = compatibility(cluster, probe, affiliation)
            if score is None or score[0] <= 0:
                continue
            if parts is None and mention.actors and score[1] <= 0:
                # An undated past mention says nothing about when: a shared place is not enough.
                continue
            rank = (score[0], score[1], -cluster.key)
            if best is None or rank > best[0]:
                best = (rank, cluster, when)
                if score == top:
                    break
        if best is not None and best[0][:2] == top:
            break
    return None if best is None else (best[1], best[2])


def _date_there(
    cluster: Cluster,
    parts: tuple[int, int | None, int | None, int | None] | None,
    bound: tuple[str, When] | None,
    recent: bool = False,
) -> When | None:
    """The date a year-less (``parts``) or bound-only mention takes in an event, if it fits."""
    if parts is not None:
        when = yearless_in(parts, cluster.when.start.year)
        return when if when is not None and when.overlaps(cluster.when) else None
    if bound is None:
        return None
    window = RECENT_WINDOW_DAYS if recent else BOUND_WINDOW_DAYS
    if not satisfies_bound(cluster.when, bound) or not near_bound(cluster.when, bound, window):
        return None
    return cluster.when


def _inherit(
    index: Index, mention: Mention, bound: tuple[str, When] | None, affiliation: Affiliation
) -> bool:
    """Give an undated sub-event ("will hold talks with Y", "he also met Z") the dates of the
    enclosing event its document reports apart from it (a visit of one of its actors), as an
    event of its own; whether one was found. The nearest enclosing event before it wins."""
    probe = Probe(mention, affiliation)
    best: tuple[tuple[int, int], Cluster] | None = None
    # (only a cluster holding a mention of the same document can enclose it)
    for cluster in index.holding(mention.doc):
        if not cluster.mentions or not enclosing(cluster, mention):
            continue
        when = cluster.extent()
        if bound is not None and not satisfies_bound(when, bound):
            continue
        if probe.names.isdisjoint(cluster.expanded):
            continue
        starts = [m.sent_start for m in cluster.mentions if m.doc == mention.doc]
        before = [s for s in starts if s < mention.sent_start]
        rank = (1, max(before)) if before else (0, -min(starts))
        if best is None or rank > best[0]:
            best = (rank, cluster)
    if best is None:
        return False
    when = best[1].extent()
    sibling = _sibling(index, mention, when, best[1])
    if sibling is not None:
        index.add(sibling, mention, when, probe.names)
        return True
    cluster = Cluster(len(index.clusters), family(mention.type), when)
    cluster.add(mention, when, affiliation)
    index.register(cluster)
    return True


def _sibling(index: Index, mention: Mention, when: When, outer: Cluster) -> Cluster | None:
    """The event another mention of the same type and parties already took from the same
    enclosing event ("X and Y will discuss trade", then "the leaders will discuss security"):
    one sub-event told twice, not two."""
    mine = set(mention.actors)
    for cluster in index.holding(mention.doc):
        if cluster is outer or not cluster.mentions or cluster.when != when:
            continue
        if any(m.type != mention.type for m in cluster.mentions):
            continue
        theirs = set(cluster.actors)
        if len(mine & theirs) >= 2 or (mine and (mine <= theirs or theirs <= mine)):
            return cluster
    return None


def _found_recent(
    index: Index, mention: Mention, bound: tuple[str, When], affiliation: Affiliation
) -> None:
    """An event of its own for a mention of the recent past ("have signed", in a report of
    that day) that no dated event takes: the day its report names, else the week up to its
    bound."""
    if not mention.actors:
        return
    op, limit = bound
    # bounded by the day a report names ("have signed, X said on Monday"): that day; by the
    # document's date alone: the week up to it
    days = 1 if mention.date_text and limit.precision == "day" else RECENT_DAYS
    if op in ("<=", "<"):
        when = from_interval(limit.end - timedelta(days=days - 1), limit.end)
    else:
        when = from_interval(limit.start, limit.start + timedelta(days=days - 1))
    cluster = Cluster(len(index.clusters), family(mention.type), when)
    cluster.add(mention, when, affiliation)
    index.register(cluster)


def merge_results(
    results: Iterable[DocResult], *, affiliation: Affiliation | None = None
) -> Timeline:
    """Merge the per-document results of a corpus."""
    results = list(results)
    return merge_mentions(
        (m for r in results for m in r.mentions),
        documents=[r.meta for r in results],
        affiliation=affiliation,
    )


__all__ = ["family", "merge_mentions", "merge_results"]
