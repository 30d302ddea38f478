"""Corpus-level merge: all mention records → one chronology of :class:`Event` records.

A reduce over the outputs of the per-document extraction, in four steps:

1. **Cluster** dated mentions into events. Mentions are blocked by type family and year (and
   within a block indexed by actor), so no step compares all pairs of the corpus. A mention
   joins the best compatible event: date intervals overlap, actors agree (a shared name, or a
   person and the state they serve), places agree (a missing argument is compatible, a
   different one is not).
2. **Disputes**: a mention whose date contradicts an event with the very same non-recurring
   description (an agreement between the same parties a year apart) joins it as a dispute
   instead of founding a second event.
3. **Anchoring**: a mention with a year-less date (``XXXX-06-18``) or only a bound ("on or
   before the document date") takes its date from a coreferent event, and says so.
4. **Reconcile** each event: the most precise date consistent with its sources, the status
   over time (a planned event that a later source reports becomes occurred), confidence from
   independent sources, date explicitness and argument agreement, a stable id and a title.
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import chain

from .dates import When, from_interval, parse_when
from .model import (
    STATUSES,
    Dispute,
    DocResult,
    DocumentMeta,
    Event,
    Mention,
    Source,
    Timeline,
    stable_hash,
)
from .registry import event_type, event_types
from .registry import family as type_family

_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
_DISPUTE_WINDOW_DAYS = 800
# Date sources from most to least explicit (how a mention's date was found).
_EXPLICITNESS = {
    "explicit": 1.0,
    "sentence": 0.9,
    "narrative": 0.8,
    # a year counted back from an anniversary ("the 30th anniversary of the treaty")
    "anniversary": 0.8,
    "dct": 0.7,
    "corpus": 0.6,
    "recent": 0.5,
    "bound": 0.4,
    "none": 0.3,
}
# Dates stated by the text itself give an event's extent; deictic ones a day inside it.
_EXTENT_SOURCES = frozenset({"explicit", "sentence", "narrative", "anniversary"})
# An event's year-less or bound-only mentions may join events at most this many days apart.
_YEARLESS = re.compile(r"^XXXX-(\d{2})(?:-(\d{2}))?(?:/XXXX-(\d{2})(?:-(\d{2}))?)?$")
# A bound-only mention joins events at most this far from its bound, and otherwise founds an
# event spanning the week up to (or from) it.
_BOUND_WINDOW_DAYS = 366
_RECENT_DAYS = 7
_BOUND = re.compile(r"^(<=|>=|<|>)\s*(\S+)$")

Affiliation = Callable[[str], frozenset[str]]


@lru_cache(maxsize=1 << 17)
def _parse(value: str) -> When | None:
    """:func:`parse_when`, memoised: a large merge meets each date string many times (When
    values are immutable, so sharing them is safe)."""
    return parse_when(value)


def family(kind: str) -> str:
    return type_family(kind)


def _non_recurring(family_name: str) -> bool:
    """Events of the family do not recur between the same parties within a short time (per
    ``recurring`` in data/events.yaml): sources that disagree on their date describe one event
    (shown as disputed), not two."""
    return any(t.family == family_name and not t.recurring for t in event_types().values())


def _no_affiliation(name: str) -> frozenset[str]:
    return frozenset((name,))


def _memoised(affiliation: Affiliation) -> Affiliation:
    """The same function, asked once per name: the merge asks it millions of times."""
    known: dict[str, frozenset[str]] = {}

    def lookup(name: str) -> frozenset[str]:
        found = known.get(name)
        if found is None:
            found = known[name] = affiliation(name)
        return found

    return lookup


# --- clusters ---------------------------------------------------------------------------------


@dataclass
class _Cluster:
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

    def add(self, mention: Mention, when: When | None, affiliation: Affiliation) -> None:
        self.mentions.append(mention)
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
            if w is not None and m.date_source in _EXTENT_SOURCES
        ]
        if not explicit:
            return self.when
        merged = explicit[0]
        for when in explicit[1:]:
            merged = merged.intersection(when) or merged
        return merged if merged.days <= 31 else self.when


class _Probe:
    """What a mention brings to every comparison, worked out once per mention: its actors,
    what each stands for, their union, its place and what that place lies in."""

    __slots__ = ("actors", "inside", "location", "mine", "names")

    def __init__(self, mention: Mention, affiliation: Affiliation) -> None:
        self.actors = mention.actors
        self.mine = [affiliation(a) for a in mention.actors]
        self.names: frozenset[str] = frozenset().union(*self.mine)
        self.location = mention.location
        self.inside = affiliation(mention.location) if mention.location else frozenset()


def _actors_agree(cluster: _Cluster, probe: _Probe) -> int:
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
    return max(1, sum(1 for actor in probe.actors if actor in theirs))


def _location_agrees(cluster: _Cluster, probe: _Probe, affiliation: Affiliation) -> int:
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


def _compatibility(
    cluster: _Cluster, probe: _Probe, affiliation: Affiliation
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


class _Index:
    """Clusters blocked by (family, year) and, inside a block, by month and by name."""

    # Coarse values (decades, long ranges) are registered in at most this many year blocks.
    YEARS = 5
    # Dates up to this long are also indexed by day.
    SHORT_DAYS = 31

    def __init__(self, affiliation: Affiliation = _no_affiliation) -> None:
        self.affiliation = affiliation
        self.clusters: list[_Cluster] = []
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
        self._actorless: dict[tuple[str, int], list[int]] = defaultdict(list)
        self._windows: list[range] = []
        # For anchoring, over all years: clusters by name and by place (under every name a
        # place stands for, so a city is found from its country and the country from the city).
        self._by_any_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._by_place: dict[tuple[str, str], list[int]] = defaultdict(list)

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

    def register(self, cluster: _Cluster) -> None:
        """Index a new cluster (after its first mention was added)."""
        self.clusters.append(cluster)
        window = self._years(cluster.when)
        self._windows.append(window)
        for year in window:
            self._by_block[(cluster.family, year)].append(cluster.key)
            if not cluster.actors:
                self._actorless[(cluster.family, year)].append(cluster.key)
        short = cluster.when.days <= self.SHORT_DAYS
        for month in self._months(cluster.when):
            self._by_month[(cluster.family, month)].append(cluster.key)
            if not short:
                self._long_by_month[(cluster.family, month)].append(cluster.key)
        if short:
            for day in self._days(cluster.when):
                self._by_day[(cluster.family, day)].append(cluster.key)
        self.named(cluster, cluster.expanded)
        self.placed(cluster, cluster.locations)

    def named(self, cluster: _Cluster, names: Iterable[str]) -> None:
        """Index the names a cluster has gained."""
        for name in names:
            self._by_any_name[(cluster.family, name)].append(cluster.key)
            for year in self._windows[cluster.key]:
                self._by_name[(cluster.family, year, name)].append(cluster.key)

    def placed(self, cluster: _Cluster, places: Iterable[str]) -> None:
        """Index the places a cluster has gained."""
        for place in places:
            for name in self.affiliation(place):
                self._by_place[(cluster.family, name)].append(cluster.key)

    def add(
        self,
        cluster: _Cluster,
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
        self.named(cluster, gained)
        if new_place and mention.location is not None:
            self.placed(cluster, (mention.location,))

    def anchor_candidates(self, fam: str, mention: Mention) -> Iterator[list[_Cluster]]:
        """Clusters that could share a name or a place with the mention (a superset of those
        :func:`_compatibility` scores above 0), in creation order; preceded by those that hold
        every one of its actors and its place. Lazily: the second, longer list is only made
        if the caller asks for it."""
        by_actor = [
            set().union(*(self._by_any_name.get((fam, name), ()) for name in self.affiliation(a)))
            for a in mention.actors
        ]
        if mention.location:
            by_actor.append(
                set().union(
                    *(
                        self._by_place.get((fam, name), ())
                        for name in self.affiliation(mention.location)
                    )
                )
            )
        if not by_actor:
            return
        every = set.intersection(*by_actor)
        yield [self.clusters[key] for key in sorted(every)]
        anyone = set().union(*by_actor)
        yield [self.clusters[key] for key in sorted(anyone)]

    def candidates(self, fam: str, when: When, *, widen: int = 0) -> Iterator[_Cluster]:
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
    ) -> Iterator[_Cluster]:
        """The clusters among :meth:`candidates` that have ``name`` among their names."""
        seen: set[int] = set()
        start = when.start.year - widen
        end = min(when.end.year, when.start.year + self.YEARS - 1) + widen
        for year in range(start, end + 1):
            for key in self._by_name.get((fam, year, name), ()):
                if key not in seen:
                    seen.add(key)
                    yield self.clusters[key]

    def joinable(self, fam: str, when: When, names: frozenset[str]) -> list[_Cluster]:
        """The clusters among :meth:`candidates` that a mention with these names (its actors
        and what they stand for) could join: a superset, in creation order."""
        if when.days <= self.SHORT_DAYS:
            by_date = [self._by_day.get((fam, d), ()) for d in self._days(when)]
            by_date += [self._long_by_month.get((fam, m), ()) for m in self._months(when)]
        else:
            by_date = [self._by_month.get((fam, m), ()) for m in self._months(when)]
        lists = by_date
        if names:
            by_name = [
                self._by_name.get((fam, year, name), ())
                for year in self._years(when)
                for name in names
            ]
            by_name += [self._actorless.get((fam, year), ()) for year in self._years(when)]
            if sum(map(len, by_name)) < sum(map(len, by_date)):
                lists = by_name
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


def _best(
    candidates: Iterable[_Cluster], probe: _Probe, when: When, affiliation: Affiliation
) -> _Cluster | None:
    """The cluster a dated mention joins: dates overlap, the cluster is not much coarser (a
    year may take a month; an event spanning decades may not swallow a precise mention unless
    the mention is at most a month long), and the arguments agree best."""
    best: tuple[tuple[int, int, int, int], _Cluster] | None = None
    start, end, days = when.start, when.end, when.days
    coarse_ok = max(days, 366)
    short = days <= 31
    for cluster in candidates:
        theirs = cluster.when
        if not (theirs.start <= end and start <= theirs.end):
            continue
        if not short and theirs.days > coarse_ok:
            continue
        score = _compatibility(cluster, probe, affiliation)
        if score is None:
            continue
        rank = (score[0], score[1], -cluster.when.days, -cluster.key)
        if best is None or rank > best[0]:
            best = (rank, cluster)
    return None if best is None else best[1]


# --- dates of mentions ------------------------------------------------------------------------


def _yearless(value: str | None) -> tuple[int, int | None, int | None, int | None] | None:
    """(month, day, end month, end day) of a year-less value such as ``XXXX-06-18``."""
    if not value:
        return None
    m = _YEARLESS.match(value)
    if not m:
        return None
    return (
        int(m[1]),
        int(m[2]) if m[2] else None,
        int(m[3]) if m[3] else None,
        int(m[4]) if m[4] else None,
    )


def _with_year(parts: tuple[int, int | None, int | None, int | None], year: int) -> When | None:
    month, day, end_month, end_day = parts
    start_value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    value = start_value
    if end_month:
        value += f"/{year:04d}-{end_month:02d}" + (f"-{end_day:02d}" if end_day else "")
    return _parse(value)


def _bound(value: str | None) -> tuple[str, When] | None:
    if not value:
        return None
    m = _BOUND.match(value.strip())
    if not m:
        return None
    when = _parse(m[2])
    return None if when is None else (m[1], when)


def _satisfies(when: When, bound: tuple[str, When]) -> bool:
    op, limit = bound
    if op in ("<=", "<"):
        return when.start <= limit.end
    return when.end >= limit.start


# --- reconciliation ---------------------------------------------------------------------------


def _title(kind: str, actors: Sequence[str], roles: Mapping[str, str], location: str | None) -> str:
    """One line: who did what where ("Vladimir Putin visits Pyongyang")."""
    where = f" in {location}" if location else ""
    if kind == "visit":
        visitor = roles.get("visitor") or (actors[0] if actors else "Delegation")
        target = location or roles.get("host") or next((a for a in actors if a != visitor), "")
        return f"{visitor} visits {target}" if target else f"Visit by {visitor}"
    if kind == "invitation":
        inviter = roles.get("inviter") or (actors[0] if actors else "")
        invitee = roles.get("invitee") or next((a for a in actors if a != inviter), "")
        return f"{inviter} invites {invitee}".strip() + where
    if kind == "statement":
        return f"Statement by {actors[0]}" if actors else "Statement"
    if len(actors) == 1:
        return f"{actors[0]}: {kind}{where}"
    who = " and ".join(actors[:2]) if actors else "Delegations"
    return f"{who} {event_type(kind).title}{where}"


def _majority_date(whens: Sequence[tuple[When, str]]) -> When:
    """The date most sources support (intersection of the largest consistent group)."""
    best: tuple[tuple[int, int], When] | None = None
    for anchor, _doc in whens:
        group = [w for w, _ in whens if w.overlaps(anchor)]
        merged = group[0]
        for other in group[1:]:
            merged = merged.intersection(other) or merged
        documents = {d for w, d in whens if w.overlaps(anchor)}
        rank = (len(documents), -merged.days)
        if best is None or rank > best[0]:
            best = (rank, merged)
    assert best is not None
    return best[1]


def _confidence(
    mentions: Sequence[Mention], location: str | None, actors: Sequence[str], disputed: bool
) -> float:
    documents = len({m.doc for m in mentions})
    sources = 1.0 - 0.5**documents
    explicit = max(_EXPLICITNESS.get(m.date_source, 0.5) for m in mentions)
    main = set(actors[:2])
    agree = sum(
        1
        for m in mentions
        if (m.location is None or m.location == location)
        and (not m.actors or not main or main.intersection(m.actors))
    ) / len(mentions)
    value = 0.45 * sources + 0.35 * explicit + 0.2 * agree
    if disputed:
        value *= 0.8
    return round(min(1.0, value), 2)


def _event(cluster: _Cluster, affiliation: Affiliation) -> Event:
    order = sorted(
        range(len(cluster.mentions)),
        key=lambda i: (
            cluster.mentions[i].doc,
            cluster.mentions[i].sent_start,
            cluster.mentions[i].trigger_start,
        ),
    )
    mentions = [cluster.mentions[i] for i in order]
    kind = min((m.type for m in mentions), key=lambda t: (event_type(t).rank, t))

    dated = [(w, m.doc) for w, m in zip(cluster.whens, cluster.mentions, strict=True) if w]
    disputes = [(w, m.doc) for w, m in cluster.disputes]
    when = _majority_date(dated + disputes) if disputes else cluster.extent()
    disputed: dict[str, set[str]] = defaultdict(set)
    for other, doc in dated + disputes:
        if not other.overlaps(when):
            disputed[other.value].add(doc)

    actors = tuple(sorted(cluster.actors, key=lambda a: (-cluster.actors[a], a)))
    location = _most_specific_place(cluster.locations, affiliation)
    role_votes: Counter[tuple[str, str]] = Counter(r for m in mentions for r in m.roles)
    roles: dict[str, str] = {}
    for (role, actor), _count in sorted(role_votes.items(), key=lambda kv: (-kv[1], kv[0])):
        roles.setdefault(role, actor)
    for role, actor in list(roles.items()):
        # A state in a role is better named by the person of the event who represents it.
        person = next((a for a in actors if a != actor and actor in affiliation(a)), None)
        if person is not None and person not in roles.values():
            roles[role] = person

    status = _status(mentions)
    cameo = Counter(m.cameo for m in mentions if m.cameo).most_common(1)
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
    return Event(
        id="",
        date=when.value,
        type=kind,
        status=status,
        title=_title(kind, actors, roles, location),
        actors=actors,
        location=location,
        confidence=_confidence(mentions, location, actors, bool(disputed)),
        sources=sources,
        date_inferred_from=cluster.inferred_from,
        disputed=tuple(
            Dispute(value, tuple(sorted(docs))) for value, docs in sorted(disputed.items())
        ),
        roles=tuple(sorted(roles.items())),
        cameo=cameo[0][0] if cameo else None,
    )


def _most_specific_place(places: Counter[str], affiliation: Affiliation) -> str | None:
    """The place named most often among those no other named place lies inside."""
    if not places:
        return None
    innermost = [p for p in places if not any(p != q and p in affiliation(q) for q in places)]
    return min(innermost or places, key=lambda p: (-places[p], p))


def _status(mentions: Sequence[Mention]) -> str:
    """Occurred if any source reports it so; otherwise the most definite status given."""
    statuses = {m.status for m in mentions}
    if "occurred" in statuses:
        return "occurred"
    return min(statuses, key=lambda s: (_STATUS_RANK.get(s, 9), s))


def _stable_id(event: Event) -> str:
    when = _parse(event.date)
    year = when.start.year if when else None
    main = sorted(event.actors[:2])
    return stable_hash(
        {"type": family(event.type), "year": year, "actors": main, "location": event.location},
        length=10,
    )


def _with_ids(events: list[Event]) -> list[Event]:
    from dataclasses import replace

    seen: Counter[str] = Counter()
    result = []
    for event in events:
        base = _stable_id(event)
        seen[base] += 1
        suffix = "" if seen[base] == 1 else f"-{seen[base]}"
        result.append(replace(event, id=base + suffix))
    return result


def _sort_key(event: Event) -> tuple[date, date, str, str, str]:
    when = _parse(event.date)
    assert when is not None
    return when.start, when.end, event.type, event.title, event.sources[0].document


# --- the reduce -------------------------------------------------------------------------------


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
        return _merge(mentions, documents, _memoised(affiliation or _no_affiliation))
    finally:
        if collecting:
            gc.enable()


def _merge(
    mentions: Iterable[Mention], documents: Sequence[DocumentMeta], affiliation: Affiliation
) -> Timeline:
    dated: list[tuple[Mention, When]] = []
    undated: list[Mention] = []
    for mention in mentions:
        when = _parse(mention.date) if mention.date else None
        if when is not None:
            dated.append((mention, when))
        else:
            undated.append(mention)
    # Most precise first, so coarse mentions join the events precise ones found.
    dated.sort(
        key=lambda pair: (pair[1].days, pair[0].doc, pair[0].sent_start, pair[0].trigger_start)
    )

    index = _Index(affiliation)
    for mention, when in dated:
        fam = family(mention.type)
        probe = _Probe(mention, affiliation)
        target = _best(index.joinable(fam, when, probe.names), probe, when, affiliation)
        if target is None:
            cluster = _Cluster(len(index.clusters), fam, when)
            cluster.add(mention, when, affiliation)
            index.register(cluster)
        else:
            index.add(target, mention, when, probe.names)

    _attach_disputes(index, affiliation)
    for mention in sorted(undated, key=lambda m: (m.doc, m.sent_start, m.trigger_start)):
        _anchor(index, mention, affiliation)

    live = [c for c in index.clusters if c.mentions]
    events = _with_ids(sorted((_event(c, affiliation) for c in live), key=_sort_key))
    return Timeline(documents=tuple(sorted(documents, key=lambda d: d.path)), events=tuple(events))


def _same_description(cluster: _Cluster, mention: Mention) -> bool:
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


def _attach_disputes(index: _Index, affiliation: Affiliation) -> None:
    """Fold single-source clusters of non-recurring events into the same event a little apart."""
    clusters = sorted(
        (c for c in index.clusters if _non_recurring(c.family)),
        key=lambda c: (len({m.doc for m in c.mentions}), c.when.days, c.key),
    )
    for cluster in clusters:
        if len(cluster.mentions) != 1 or not cluster.mentions[0].actors:
            continue
        mention = cluster.mentions[0]
        widen = _DISPUTE_WINDOW_DAYS // 365 + 1
        candidates = [
            c
            # Only clusters with the same actors qualify: look them up by one of them.
            for c in index.named_candidates(
                cluster.family, cluster.when, mention.actors[0], widen=widen
            )
            if c is not cluster
            and c.mentions
            and not c.when.overlaps(cluster.when)
            and abs((c.when.start - cluster.when.start).days) <= _DISPUTE_WINDOW_DAYS
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
        target.whens.append(None)
        cluster.mentions.clear()


def _anchor(
    index: _Index,
    mention: Mention,
    affiliation: Affiliation,
) -> None:
    """Give a year-less or bound-only mention the date of a coreferent event, if any."""
    fam = family(mention.type)
    parts = _yearless(mention.date)
    bound = _bound(mention.date_bound)
    if parts is None and bound is None:
        return
    best: tuple[tuple[int, int, int], _Cluster, When] | None = None
    # The best score any event can reach: every actor shared and the place agreeing. The
    # events that hold all of them are tried first, in creation order; the first to reach it
    # wins (a later one could only tie, and ties go to the earlier event), so the full list
    # is only searched when none does.
    top = (len(mention.actors) + (2 if mention.location else 0), len(mention.actors))
    probe = _Probe(mention, affiliation)
    for group in index.anchor_candidates(fam, mention):
        for cluster in group:
            if cluster.family != fam or not cluster.mentions:
                continue
            if parts is not None:
                when = _with_year(parts, cluster.when.start.year)
                if when is None or not when.overlaps(cluster.when):
                    continue
            else:
                assert bound is not None
                if not _satisfies(cluster.when, bound) or not _near(cluster.when, bound):
                    continue
                when = cluster.when
            score = _compatibility(cluster, probe, affiliation)
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
    if best is None:
        if parts is None and bound is not None and mention.date_source == "recent":
            _found_recent(index, mention, bound, affiliation)
        return
    _rank, cluster, when = best
    index.add(cluster, mention, when if parts is not None else None, probe.names)
    if parts is not None and cluster.inferred_from is None:
        donor = next((m.doc for m in cluster.mentions if m.doc != mention.doc), None)
        cluster.inferred_from = donor


def _near(when: When, bound: tuple[str, When]) -> bool:
    """A bound-only mention ("have signed", in a document of that day) speaks of the recent
    past or near future: it may join an event at most a year from its bound."""
    _op, limit = bound
    return abs((when.start - limit.start).days) <= _BOUND_WINDOW_DAYS or (
        abs((when.end - limit.end).days) <= _BOUND_WINDOW_DAYS
    )


def _found_recent(
    index: _Index, mention: Mention, bound: tuple[str, When], affiliation: Affiliation
) -> None:
    """An event of its own for a mention of the recent past ("have signed", in a report of
    that day) that no dated event takes: the week up to its bound."""
    if not mention.actors:
        return
    op, limit = bound
    if op in ("<=", "<"):
        when = from_interval(limit.end - timedelta(days=_RECENT_DAYS - 1), limit.end)
    else:
        when = from_interval(limit.start, limit.start + timedelta(days=_RECENT_DAYS - 1))
    cluster = _Cluster(len(index.clusters), family(mention.type), when)
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
