"""The merge's blocking indexes only skip clusters that cannot take a mention: the chronology is
the same as when every cluster of a block is compared."""

from __future__ import annotations

import random

import pytest

from timeline.merge import index as merge_index
from timeline.merge import merge_mentions
from timeline.model import Mention

KINDS = ("visit", "meeting", "talks", "agreement", "invitation", "call")
COUNTRIES = {
    f"Leader {i}": f"Country {i % 7}" for i in range(40)
}  # a person stands for their country
CITIES = {f"City {i}": f"Country {i % 7}" for i in range(20)}  # a city lies in a country


def affiliation(name: str) -> frozenset[str]:
    extra = COUNTRIES.get(name) or CITIES.get(name)
    return frozenset((name, extra)) if extra else frozenset((name,))


def mentions(count: int, seed: int, years: tuple[int, int] = (2015, 2020)) -> list[Mention]:
    rng = random.Random(seed)
    people = [*COUNTRIES, *sorted(set(COUNTRIES.values()))]
    places = [*CITIES, *sorted(set(CITIES.values()))]
    events = [
        (
            rng.choice(KINDS),
            rng.randint(*years),
            rng.randint(1, 12),
            rng.randint(1, 28),
            tuple(dict.fromkeys(rng.choices(people, k=rng.randint(0, 3)))),
            rng.choice([*places, None]),
        )
        for _ in range(count // 3)
    ]
    result = []
    for index in range(count):
        kind, year, month, day, actors, place = rng.choice(events)
        roll = rng.random()
        bound = None
        date: str | None = f"{year}-{month:02d}-{day:02d}"
        if roll < 0.2:
            date = f"{year}-{month:02d}"
        elif roll < 0.3:
            date = str(year)
        elif roll < 0.35:
            date = f"{year}-{month:02d}-01/{year}-{month:02d}-20"
        elif roll < 0.45:
            date, bound = None, f"<={year + 1}-01-01"
        elif roll < 0.5:
            date = f"XXXX-{month:02d}-{day:02d}"
        elif roll < 0.53:
            date = f"{year // 10}X"
        result.append(
            Mention(
                doc=f"d{rng.randrange(count // 5)}.txt",
                sent_start=index,
                sent_end=index + 50,
                trigger_start=index + 1,
                trigger_end=index + 5,
                trigger=kind,
                type=kind,
                status=rng.choice(["occurred", "planned"]),
                actors=actors[: rng.randint(0, len(actors))] if rng.random() < 0.3 else actors,
                location=place if rng.random() < 0.7 else None,
                date=date,
                date_bound=bound,
                date_source="bound" if bound else "sentence",
            )
        )
    return result


def _compare_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the index hand out every cluster of the blocks, as a merge without it would."""

    def joinable(self, fam, when, names):
        return list(self.candidates(fam, when))

    def anchor_candidates(self, fam, mention, years=None):
        return ([c for c in self.clusters if c.family == fam],)

    monkeypatch.setattr(merge_index.Index, "joinable", joinable)
    monkeypatch.setattr(merge_index.Index, "anchor_candidates", anchor_candidates)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("affinity", [None, affiliation], ids=["identity", "affiliation"])
def test_indexed_merge_equals_comparing_every_cluster(
    seed: int, affinity, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = mentions(600, seed)
    indexed = merge_mentions(records, affiliation=affinity)
    _compare_all(monkeypatch)
    assert merge_mentions(records, affiliation=affinity) == indexed
    assert indexed.events
    assert any(e.date_inferred_from for e in indexed.events) or any(
        e.disputed for e in indexed.events
    )


@pytest.mark.parametrize("seed", [4, 5])
def test_bound_only_mentions_over_decades_find_the_same_events(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Over thirty years most events lie outside a bound's reach: the index looks only at the
    # years around it (and at the events longer than its year blocks, the decades).
    records = mentions(900, seed, years=(1990, 2020))
    assert sum(1 for m in records if m.date_bound) > 50
    indexed = merge_mentions(records, affiliation=affiliation)
    _compare_all(monkeypatch)
    assert merge_mentions(records, affiliation=affiliation) == indexed
    assert any(
        len(e.sources) > 1 and any(s.date is None for s in e.sources) for e in indexed.events
    )
