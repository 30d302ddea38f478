"""One event from a cluster of mentions: type, status, date, actors, place, title,
confidence and a stable id."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from ..model import (
    STATUSES,
    Dispute,
    Event,
    Mention,
    Source,
    stable_hash,
)
from ..registry import event_type
from .dating import majority_date, parse_date
from .index import Affiliation, Cluster, family

_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}

# Confidence of an event: a weighted sum of independent sources (1 - 0.5^documents), the most
# explicit date source of its mentions and how many mentions agree on its actors and place;
# an event whose sources disagree on its date is discounted.
WEIGHT_SOURCES = 0.45
WEIGHT_EXPLICIT = 0.35
WEIGHT_AGREEMENT = 0.2
DISPUTED_FACTOR = 0.8


# Date sources from most to least explicit (how a mention's date was found).
_EXPLICITNESS = {
    "explicit": 1.0,
    "sentence": 0.9,
    "narrative": 0.8,
    # the date of the event that holds it ("during the visit, X met Y")
    "inherited": 0.8,
    # counted from another event's date ("comes five months after X")
    "computed": 0.7,
    # a year counted back from an anniversary ("the 30th anniversary of the treaty")
    "anniversary": 0.8,
    "dct": 0.7,
    "corpus": 0.6,
    "recent": 0.5,
    "bound": 0.4,
    "none": 0.3,
}


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
    value = WEIGHT_SOURCES * sources + WEIGHT_EXPLICIT * explicit + WEIGHT_AGREEMENT * agree
    if disputed:
        value *= DISPUTED_FACTOR
    return round(min(1.0, value), 2)


def build_event(cluster: Cluster, affiliation: Affiliation) -> Event:
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
    when = majority_date(dated + disputes) if disputes else cluster.extent()
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
    when = parse_date(event.date)
    year = when.start.year if when else None
    main = sorted(event.actors[:2])
    return stable_hash(
        {"type": family(event.type), "year": year, "actors": main, "location": event.location},
        length=10,
    )


def with_ids(events: list[Event]) -> list[Event]:
    from dataclasses import replace

    seen: Counter[str] = Counter()
    result = []
    for event in events:
        base = _stable_id(event)
        seen[base] += 1
        suffix = "" if seen[base] == 1 else f"-{seen[base]}"
        result.append(replace(event, id=base + suffix))
    return result


def sort_key(event: Event) -> tuple[date, date, str, str, str]:
    when = parse_date(event.date)
    assert when is not None
    return when.start, when.end, event.type, event.title, event.sources[0].document
