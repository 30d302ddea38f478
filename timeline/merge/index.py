"""Clusters of mentions and the index that finds the clusters a mention may join:
blocked by type family and date (years, months, days), then by actor and place."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Protocol

from ..dates import When
from ..model import (
    Mention,
)
from ..registry import encloses, reported_apart
from ..registry import family as type_family
from .dating import EXTENT_SOURCES
from .store import Sequence, Spill

Affiliation = Callable[[str], frozenset[str]]


def family(kind: str) -> str:
    return type_family(kind)


def no_affiliation(name: str) -> frozenset[str]:
    return frozenset((name,))


def memoised(affiliation: Affiliation) -> Affiliation:
    """The same function, asked once per name: the merge asks it millions of times."""
    known: dict[str, frozenset[str]] = {}

    def lookup(name: str) -> frozenset[str]:
        found = known.get(name)
        if found is None:
            found = known[name] = affiliation(name)
        return found

    return lookup


@dataclass
class Cluster:
    key: int
    family: str
    when: When
    mentions: list[Mention] = field(default_factory=list)
    whens: list[When | None] = field(default_factory=list)
    actors: Counter[str] = field(default_factory=Counter)
    expanded: set[str] = field(default_factory=set)
    # What each actor stands for (the affiliation of every key of ``actors``).
    affiliated: dict[str, frozenset[str]] = field(default_factory=dict)
    locations: Counter[str] = field(default_factory=Counter)
    disputes: list[tuple[When, Mention]] = field(default_factory=list)
    inferred_from: str | None = None
    # The documents of its mentions (of every mention it ever held: a superset).
    docs: set[str] = field(default_factory=set)

    def add(self, mention: Mention, when: When | None, affiliation: Affiliation) -> None:
        self.mentions.append(mention)
        self.docs.add(mention.doc)
        self.whens.append(when)
        if when is not None:
            self.when = self.when.intersection(when) or self.when
        actors = self.actors
        for actor in dict.fromkeys(mention.actors):
            if actor in actors:
                actors[actor] += 1
            else:
                actors[actor] = 1
                names = self.affiliated[actor] = affiliation(actor)
                self.expanded.update(names)
        if mention.location:
            self.locations[mention.location] += 1

    def extent(self) -> When:
        """The event's date: what the explicit sources say, refined by the deictic ones only
        when the explicit ones are coarser than a month. "Today" in a report written during a
        two-day visit names a day inside the visit, not the visit's extent."""
        explicit = [
            w
            for w, m in zip(self.whens, self.mentions, strict=True)
            if w is not None and m.date_source in EXTENT_SOURCES
        ]
        if not explicit:
            return self.when
        merged = explicit[0]
        for when in explicit[1:]:
            merged = merged.intersection(when) or merged
        return merged if merged.days <= 31 else self.when


class Probe:
    """What a mention brings to every comparison, worked out once per mention: its actors,
    what each stands for, their union, its place and what that place lies in."""

    __slots__ = ("actors", "inside", "location", "mention", "mine", "names")

    def __init__(self, mention: Mention, affiliation: Affiliation) -> None:
        self.mention = mention
        self.actors = mention.actors
        self.mine = [affiliation(a) for a in mention.actors]
        self.names: frozenset[str] = frozenset().union(*self.mine)
        self.location = mention.location
        self.inside = affiliation(mention.location) if mention.location else frozenset()


def kept_apart(cluster: Cluster, mention: Mention) -> bool:
    """Whether the event holds a mention that the mention's document reports apart from it in
    another sentence: a visit, and a meeting held during it (``apart`` in data/events.yaml)."""
    return mention.doc in cluster.docs and any(
        m.doc == mention.doc
        and m.sent_start != mention.sent_start
        and reported_apart(m.type, mention.type)
        for m in cluster.mentions
    )


def enclosing(cluster: Cluster, mention: Mention) -> bool:
    """Whether the event holds another mention of the mention's document of a type that holds
    events of the mention's type: a visit, for the talks held during it ("visited X, where he
    met Y")."""
    return mention.doc in cluster.docs and any(
        m.doc == mention.doc
        and m.trigger_start != mention.trigger_start
        and encloses(m.type, mention.type)
        for m in cluster.mentions
    )


def _actors_agree(cluster: Cluster, probe: Probe) -> int:
    """How strongly the actors agree: -1 disagree, 0 one side has none, n shared names."""
    if not probe.actors or not cluster.actors:
        return 0
    expanded = cluster.expanded
    mine_all = probe.names
    if mine_all.isdisjoint(expanded):
        return -1
    # Contacts between A and B and between A and C are different events: a party on each side
    # that the other side lacks means different counterparts.
    mine_extra = any(m.isdisjoint(expanded) for m in probe.mine)
    if mine_extra and any(t.isdisjoint(mine_all) for t in cluster.affiliated.values()):
        return -1
    theirs = cluster.actors
    shared = sum(1 for actor in probe.actors if actor in theirs)
    if not shared and _people_only(probe, cluster):
        # "Wang Yi" and "Xi Jinping": two people of one state are no evidence of one event
        return 0
    return max(1, shared)


def _people_only(probe: Probe, cluster: Cluster) -> bool:
    """Whether both sides name only people (each stands for more than itself), none of them
    the other's: their states are all they share."""
    return (
        all(len(names) > 1 for names in probe.mine)
        and all(len(names) > 1 for names in cluster.affiliated.values())
        and not any(actor in cluster.expanded for actor in probe.actors)
    )


def _location_agrees(cluster: Cluster, probe: Probe, affiliation: Affiliation) -> int:
    """1 same place (or one inside the other), 0 one side has none, -1 different places."""
    place = probe.location
    if not place or not cluster.locations:
        return 0
    if place in cluster.locations:
        return 1
    inside = probe.inside
    if all(loc in inside or place in affiliation(loc) for loc in cluster.locations):
        return 1
    return -1


def compatibility(
    cluster: Cluster, probe: Probe, affiliation: Affiliation
) -> tuple[int, int] | None:
    actors = _actors_agree(cluster, probe)
    if actors < 0:
        return None
    location = _location_agrees(cluster, probe, affiliation)
    if location < 0:
        return None
    if actors == 0 and location == 0 and cluster.actors and cluster.locations:
        # Nothing ties the mention to this event but its date and type.
        return None
    return actors + 2 * location, actors


class Clusters(Protocol):
    """The clusters of an index, by key: a list, or a :class:`.store.Sequence` on disk."""

    def __len__(self) -> int: ...
    def __getitem__(self, key: int) -> Cluster: ...
    def __iter__(self) -> Iterator[Cluster]: ...
    def append(self, cluster: Cluster) -> None: ...


class Index:
    """Clusters blocked by (family, year) and, inside a block, by month and by name."""

    # Coarse values (decades, long ranges) are registered in at most this many year blocks.
    YEARS = 5
    # Dates up to this long are also indexed by day.
    SHORT_DAYS = 31
    # Mentions of up to this many months look their clusters up by month and name.
    MONTHS_BY_NAME = 3

    def __init__(
        self,
        affiliation: Affiliation = no_affiliation,
        *,
        joining: bool = True,
        spill: Spill | None = None,
    ) -> None:
        """``joining``: whether mentions will join clusters (:meth:`joinable`); the steps
        after clustering only look clusters up by name, place and document, and an index
        without the date keys registers its clusters in a third of the time. ``spill``: keep
        the clusters and the lists of those steps on disk (only without ``joining``); whoever
        changes a cluster then tells the index (:meth:`changed`)."""
        assert spill is None or not joining, "only the steps after clustering spill"
        self.affiliation = affiliation
        self.joining = joining
        self._spill = spill
        self._disk: Sequence[Cluster] | None = None if spill is None else spill.sequence("clusters")
        self.clusters: Clusters = [] if self._disk is None else self._disk
        self._by_block: dict[tuple[str, int], list[int]] = defaultdict(list)
        # Finer keys for the clustering step, which compares each mention only with clusters
        # of its blocks that could take it: those whose first date shares a day (both dates
        # short) or a month with the mention's, or — when that list is longer — those sharing a
        # name (or what a name stands for) with the mention or having no actors. A cluster's
        # date only narrows and its names only grow (and are indexed as they come), so either
        # list holds every cluster of the blocks that can accept the mention.
        self._by_month: dict[tuple[str, int], list[int]] = defaultdict(list)
        self._by_day: dict[tuple[str, int], list[int]] = defaultdict(list)
        self._long_by_month: dict[tuple[str, int], list[int]] = defaultdict(list)
        self._by_name: dict[tuple[str, int, str], list[int]] = defaultdict(list)
        # ... and by month and name, for a mention of a month or a few days: a month of a dense
        # archive holds hundreds of events, a name's share of them a few.
        self._by_month_name: dict[tuple[str, int, str], list[int]] = defaultdict(list)
        self._actorless: dict[tuple[str, int], list[int]] = defaultdict(list)
        # For anchoring, over all years: clusters by name and by place (under every name a
        # place stands for, so a city is found from its country and the country from the city).
        self._by_any_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
        # ... and by year, for a mention that may only join events near a date (a bound): by
        # name in ``_by_name``, by place here; the clusters longer than their year blocks
        # (see ``YEARS``) under every year.
        self._by_place_year: dict[tuple[str, int, str], list[int]] = defaultdict(list)
        self._long_by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._long_by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
        # Each cluster's blocks, fixed when it is registered: its years, whether it is longer
        # than them, and its months (for the clustering step).
        self._blocks: list[tuple[range, bool, range]] = []
        # For the undated sub-events of a document (core._inherit): clusters by the documents
        # of their mentions, so a mention is compared with its own document's events only.
        self._by_doc: dict[str, set[int]] = defaultdict(set)
        if spill is not None:
            self._spilled(spill)

    def _spilled(self, spill: Spill) -> None:
        """The lists the steps after clustering use, on disk."""
        lists: Any = spill.lists
        self._by_any_name = lists("any_name")
        self._by_place = lists("place")
        self._by_name = lists("name")
        self._by_place_year = lists("place_year")
        self._long_by_name = lists("long_name")
        self._long_by_place = lists("long_place")
        self._by_doc = spill.sets("doc")  # type: ignore[assignment]
        self._blocks = spill.sequence("blocks")  # type: ignore[assignment]

    def sorted(self, rows: Iterable[tuple[int, ...]]) -> Iterator[tuple[int, ...]]:
        """Rows about the clusters (each holding a key), sorted (on disk if spilled)."""
        if self._spill is None:
            return iter(sorted(rows))
        return self._spill.sorted(rows, key=lambda row: row)

    def changed(self, cluster: Cluster) -> None:
        """Record that a cluster was changed outside :meth:`add` (kept on disk if spilled)."""
        if self._disk is not None:
            self._disk.changed(cluster.key, cluster)

    @classmethod
    def _years(cls, when: When) -> range:
        last = min(when.end.year, when.start.year + cls.YEARS - 1)
        return range(when.start.year, last + 1)

    @classmethod
    def _months(cls, when: When) -> range:
        first = when.start.year * 12 + when.start.month - 1
        if when.end.year > when.start.year + cls.YEARS - 1:
            return range(first, (when.start.year + cls.YEARS) * 12)
        return range(first, when.end.year * 12 + when.end.month)

    @staticmethod
    def _days(when: When) -> range:
        return range(when.start.toordinal(), when.end.toordinal() + 1)

    def register(self, cluster: Cluster, when: When | None = None) -> None:
        """Index a new cluster (after its first mention was added) under its date, or
        ``when`` (the date it was founded with, if it holds more mentions now)."""
        when = when or cluster.when
        self.clusters.append(cluster)
        window = self._years(when)
        months = self._months(when) if self.joining else range(0)
        self._blocks.append((window, when.end.year > window[-1], months))
        if self.joining:
            self._register_dates(cluster, when, window)
        self.named(cluster, cluster.expanded)
        self.placed(cluster, cluster.locations)
        for mention in cluster.mentions:
            self._by_doc[mention.doc].add(cluster.key)

    def _register_dates(self, cluster: Cluster, when: When, window: range) -> None:
        for year in window:
            self._by_block[(cluster.family, year)].append(cluster.key)
            if not cluster.actors:
                self._actorless[(cluster.family, year)].append(cluster.key)
        short = when.days <= self.SHORT_DAYS
        for month in self._months(when):
            self._by_month[(cluster.family, month)].append(cluster.key)
            if not short:
                self._long_by_month[(cluster.family, month)].append(cluster.key)
        if short:
            for day in self._days(when):
                self._by_day[(cluster.family, day)].append(cluster.key)

    def named(self, cluster: Cluster, names: Iterable[str]) -> None:
        """Index the names a cluster has gained."""
        window, long, months = self._blocks[cluster.key]
        for name in names:
            self._by_any_name[(cluster.family, name)].append(cluster.key)
            for year in window:
                self._by_name[(cluster.family, year, name)].append(cluster.key)
            for month in months:
                self._by_month_name[(cluster.family, month, name)].append(cluster.key)
            if long:
                self._long_by_name[(cluster.family, name)].append(cluster.key)

    def placed(self, cluster: Cluster, places: Iterable[str]) -> None:
        """Index the places a cluster has gained."""
        window, long, _months = self._blocks[cluster.key]
        for place in places:
            for name in self.affiliation(place):
                self._by_place[(cluster.family, name)].append(cluster.key)
                for year in window:
                    self._by_place_year[(cluster.family, year, name)].append(cluster.key)
                if long:
                    self._long_by_place[(cluster.family, name)].append(cluster.key)

    def add(
        self,
        cluster: Cluster,
        mention: Mention,
        when: When | None,
        names: frozenset[str] | None = None,
    ) -> None:
        """Add a mention to an indexed cluster, indexing the names and place it brings
        (``names``: its actors and what they stand for, if already known)."""
        if names is None:
            names = frozenset().union(*(self.affiliation(a) for a in mention.actors))
        gained = names - cluster.expanded
        new_place = mention.location is not None and mention.location not in cluster.locations
        cluster.add(mention, when, self.affiliation)
        self._by_doc[mention.doc].add(cluster.key)
        self.named(cluster, gained)
        if new_place and mention.location is not None:
            self.placed(cluster, (mention.location,))
        if self._disk is not None:
            self._disk.changed(cluster.key, cluster)

    def holds(self, cluster: Cluster, mention: Mention) -> None:
        """Record that a cluster took a mention outside :meth:`add` (a dispute)."""
        self._by_doc[mention.doc].add(cluster.key)
        self.changed(cluster)

    def holding(self, doc: str) -> list[Cluster]:
        """The clusters that hold (or held) a mention of the document, in creation order: a
        superset of those holding one now."""
        return [self.clusters[key] for key in sorted(self._by_doc.get(doc, ()))]

    def anchor_candidates(
        self, fam: str, mention: Mention, years: range | None = None
    ) -> Iterator[Iterator[Cluster]]:
        """Clusters that could share a name or a place with the mention (a superset of those
        :func:`compatibility` scores above 0), in creation order; preceded by those that hold
        every one of its actors and its place. Lazily: a cluster is only fetched when the
        caller reaches it (a spilled index holds a few), and the second, longer list is only
        made if the caller asks for it. ``years``: only those dated in these years are needed
        (the list may hold others)."""

        def named(name: str) -> Iterable[int]:
            if years is None:
                return self._by_any_name.get((fam, name), ())
            return chain(
                self._long_by_name.get((fam, name), ()),
                *(self._by_name.get((fam, year, name), ()) for year in years),
            )

        def placed(name: str) -> Iterable[int]:
            if years is None:
                return self._by_place.get((fam, name), ())
            return chain(
                self._long_by_place.get((fam, name), ()),
                *(self._by_place_year.get((fam, year, name), ()) for year in years),
            )

        by_actor = [
            set().union(*(named(name) for name in self.affiliation(a))) for a in mention.actors
        ]
        if mention.location:
            by_actor.append(
                set().union(*(placed(name) for name in self.affiliation(mention.location)))
            )
        if not by_actor:
            return
        every = set.intersection(*by_actor)
        yield (self.clusters[key] for key in sorted(every))
        anyone = set().union(*by_actor)
        yield (self.clusters[key] for key in sorted(anyone))

    def candidates(self, fam: str, when: When, *, widen: int = 0) -> Iterator[Cluster]:
        seen: set[int] = set()
        start = when.start.year - widen
        end = min(when.end.year, when.start.year + self.YEARS - 1) + widen
        for year in range(start, end + 1):
            for key in self._by_block.get((fam, year), ()):
                if key not in seen:
                    seen.add(key)
                    yield self.clusters[key]

    def named_candidates(
        self, fam: str, when: When, name: str, *, widen: int = 0
    ) -> Iterator[Cluster]:
        """The clusters among :meth:`candidates` that have ``name`` among their names."""
        seen: set[int] = set()
        start = when.start.year - widen
        end = min(when.end.year, when.start.year + self.YEARS - 1) + widen
        for year in range(start, end + 1):
            for key in self._by_name.get((fam, year, name), ()):
                if key not in seen:
                    seen.add(key)
                    yield self.clusters[key]

    def joinable(self, fam: str, when: When, names: frozenset[str]) -> list[Cluster]:
        """The clusters among :meth:`candidates` that a mention with these names (its actors
        and what they stand for) could join: a superset, in creation order."""
        assert self.joining, "an index made with joining=False has no date keys"
        if when.days <= self.SHORT_DAYS:
            by_date = [self._by_day.get((fam, d), ()) for d in self._days(when)]
            by_date += [self._long_by_month.get((fam, m), ()) for m in self._months(when)]
        else:
            by_date = [self._by_month.get((fam, m), ()) for m in self._months(when)]
        lists = by_date
        if names:
            actorless = [self._actorless.get((fam, year), ()) for year in self._years(when)]
            by_name = [
                self._by_name.get((fam, year, name), ())
                for year in self._years(when)
                for name in names
            ] + actorless
            size = sum(map(len, by_date))
            if sum(map(len, by_name)) < size:
                lists, size = by_name, sum(map(len, by_name))
            months = self._months(when)
            if len(months) <= self.MONTHS_BY_NAME:
                by_month_name = [
                    self._by_month_name.get((fam, month, name), ())
                    for month in months
                    for name in names
                ] + actorless
                if sum(map(len, by_month_name)) < size:
                    lists = by_month_name
        if lists is by_date and len(by_date) == 2 and when.days == 1:
            # A day and its month: short clusters by day, long ones by month, each list in
            # creation order and no cluster in both.
            keys = sorted(chain(*by_date))
        else:
            keys = sorted(set().union(*lists))
        clusters = self.clusters
        found = [clusters[key] for key in keys]
        if names and lists is by_date:
            found = [c for c in found if not c.actors or not names.isdisjoint(c.expanded)]
        return found


def _unrelated(cluster: Cluster, mention: Mention) -> bool:
    """Whether nothing but the date ties a mention to another document's event: no shared
    party or place, and not the same type ("the last summit was held in New Delhi" is not
    "a visit by X last month" another report tells)."""
    return mention.doc not in cluster.docs and all(m.type != mention.type for m in cluster.mentions)


def best_cluster(
    candidates: Iterable[Cluster], probe: Probe, when: When, affiliation: Affiliation
) -> Cluster | None:
    """The cluster a dated mention joins: dates overlap, the cluster is not much coarser (a
    year may take a month; an event spanning decades may not swallow a precise mention unless
    the mention is at most a month long), and the arguments agree best."""
    best: tuple[tuple[int, int, int, int], Cluster] | None = None
    start, end, days = when.start, when.end, when.days
    coarse_ok = max(days, 366)
    short = days <= 31
    for cluster in candidates:
        theirs = cluster.when
        if not (theirs.start <= end and start <= theirs.end):
            continue
        if not short and theirs.days > coarse_ok:
            continue
        if kept_apart(cluster, probe.mention):
            continue
        score = compatibility(cluster, probe, affiliation)
        if score is None or (score[0] <= 0 and _unrelated(cluster, probe.mention)):
            continue
        rank = (score[0], score[1], -cluster.when.days, -cluster.key)
        if best is None or rank > best[0]:
            best = (rank, cluster)
    return None if best is None else best[1]
