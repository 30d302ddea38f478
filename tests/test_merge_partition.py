"""The partitioned merge gives the chronology of the single-process merge: on random archives
built to cross every partition boundary (coarse dates spanning fine ones, disputes two years
apart, year-less and bound-only mentions, the recent past), on the benchmark's synthetic
archive, and (slow) on the sample corpus and the dev articles built as one folder."""

from __future__ import annotations

import gc
import itertools
import pickle
import random
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from timeline.merge import merge_mentions, merge_results
from timeline.merge.dating import parse_date
from timeline.merge.index import family as type_family
from timeline.merge.partition import (
    Bulk,
    InProcess,
    Partition,
    Spilling,
    merge_partitioned,
    merge_results_partitioned,
    partitions,
    placed,
    reconcile_family,
    timeline_of,
)
from timeline.model import Mention

ROOT = Path(__file__).resolve().parent.parent
DEV_ARTICLES = Path("/work/shared/eval/dev/articles")

KINDS = ["visit", "meeting", "talks", "agreement", "invitation", "call", "statement"]
ACTORS = ["Ruritania", "Freedonia", "Anna Varga", "Otto Brenner", "Sylvania", "Grand Fenwick"]
PLACES = ["Vienna", "Geneva", "Lisbon", None]


def _date(rng: random.Random) -> tuple[str | None, str | None, str]:
    """(date, bound, date source): every kind of date value the merge meets."""
    year, month, day = rng.choice([2019, 2020, 2021]), rng.randint(1, 12), rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.45:
        return f"{year}-{month:02d}-{day:02d}", None, "explicit"
    if roll < 0.6:
        return f"{year}-{month:02d}", None, "sentence"
    if roll < 0.67:
        return f"{year}", None, rng.choice(["narrative", "anniversary"])
    if roll < 0.7:
        return f"{year}/{year + 1}", None, "explicit"
    if roll < 0.73:
        end = min(28, day + rng.randint(1, 5))
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{end:02d}", None, "explicit"
    if roll < 0.75:
        return "202X", None, "explicit"
    if roll < 0.85:
        return f"XXXX-{month:02d}-{day:02d}", None, "explicit"
    op = rng.choice(["<=", ">="])
    return None, f"{op}{year}-{month:02d}-{day:02d}", rng.choice(["bound", "recent"])


def random_mentions(count: int, seed: int) -> list[Mention]:
    rng = random.Random(seed)
    mentions = []
    for i in range(count):
        kind = rng.choice(KINDS)
        date, bound, source = _date(rng)
        start = rng.randrange(0, 2000, 10)
        mentions.append(
            Mention(
                doc=f"doc{rng.randrange(count // 4 + 1):03d}.txt",
                sent_start=start,
                sent_end=start + 80,
                trigger_start=start + 5,
                trigger_end=start + 10,
                trigger=rng.choice([kind, f"{kind}s"]),
                type=kind,
                status=rng.choice(["occurred", "planned", "occurred"]),
                actors=tuple(rng.sample(ACTORS, rng.randint(0, 2))),
                location=rng.choice(PLACES),
                date=date,
                date_text=date,
                date_source=source,
                date_bound=bound,
                sentence=f"Sentence {i}.",
            )
        )
    return mentions


# Every family's boundary step on disk, with room for three clusters in memory: each cluster
# is evicted and read back again and again.
SPILLED = Spilling(over=0, capacity=3)


@pytest.mark.parametrize("spill", [None, SPILLED], ids=["in-memory", "spilled"])
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("size", [1, 40])
def test_partitioned_merge_equals_single_process_merge(
    seed: int, size: int, spill: Spilling | None
) -> None:
    mentions = random_mentions(600, seed)
    expected = merge_mentions(mentions)
    merged = timeline_of(merge_partitioned(mentions, partition_mentions=size, spill=spill), [])
    assert merged == expected
    assert any(e.disputed for e in expected.events) or seed != 0  # the disputes step is met
    assert any(e.date_inferred_from for e in expected.events) or seed != 0  # and anchoring


def test_partitions_cut_only_between_components() -> None:
    mentions = [m for m in random_mentions(600, 3) if m.date and not m.date.startswith("X")]
    dated = [((i,), m, parse_date(m.date or "")) for i, m in enumerate(mentions)]
    dated = [(o, m, w) for o, m, w in dated if w is not None and m.type == "visit"]
    parts = list(partitions("contact", dated, 1))
    assert len(parts) > 1
    spans = []
    for part in parts:
        whens = [parse_date(m.date or "") for _order, m in part.mentions]
        spans.append((min(w.start for w in whens if w), max(w.end for w in whens if w)))
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end < start, "no mention of one partition overlaps one of the next"


def test_partitioned_merge_of_the_synthetic_archive() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import synthetic_mentions

    mentions = synthetic_mentions(4000)
    expected = merge_mentions(mentions)
    assert timeline_of(merge_partitioned(mentions, partition_mentions=100), []) == expected
    spilled = merge_partitioned(mentions, partition_mentions=100, spill=Spilling(0, 50))
    assert timeline_of(spilled, []) == expected


class _Measured(InProcess):
    """Tasks in this process; the peak of the memory each boundary step allocated."""

    def __init__(self) -> None:
        self.peaks: list[int] = []

    def submit(self, place: int | None, fn: Callable[..., Any], *args: Any) -> Any:
        if fn is not reconcile_family:
            return fn(*args)
        tracemalloc.start()
        try:
            return fn(*args)
        finally:
            self.peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()


def _boundary_peak(mentions: list[Mention], spill: Spilling) -> int:
    tasks = _Measured()
    merge_partitioned(mentions, tasks=tasks, partition_mentions=500, spill=spill)
    return max(tasks.peaks)


def test_a_spilled_boundary_step_holds_about_as_much_whatever_the_family_size() -> None:
    """One family, mentions dated to the day (its partitions stay of one size, as no coarse
    date joins a year into one component, and the step's output, the events it changed, stays
    empty): eight times the mentions, less than twice the peak when spilled (the part that
    does not grow: the cache, the batches written, the runs read, one partition); eight times
    as much in memory (the check that the measure sees the clusters)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import synthetic_mentions

    def family(count: int) -> list[Mention]:
        return [
            m
            for m in synthetic_mentions(count, seed=5)
            if type_family(m.type) == "contact" and m.date and len(m.date) == len("2001-01-01")
        ]

    small, large = family(6_000), family(48_000)
    assert len(large) > 7 * len(small)
    spilled = Spilling(over=0, capacity=100)
    in_memory = Spilling(over=len(large))
    assert _boundary_peak(large, spilled) < 2 * _boundary_peak(small, spilled)  # (1.37 measured)
    assert _boundary_peak(large, in_memory) > 5 * _boundary_peak(small, in_memory)


def test_partitioned_merge_runs_as_dask_tasks() -> None:
    distributed = pytest.importorskip("distributed", reason='needs pip install "timeline[dask]"')
    mentions = random_mentions(300, 11)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        from timeline.cluster.tasks import DaskTasks

        tasks = DaskTasks(client)
        assert tasks.places == 2
        merged = merge_partitioned(mentions, tasks=tasks, partition_mentions=20)
        # the boundary steps read their inputs one at a time, and keep their state on disk
        spilled = merge_partitioned(mentions, tasks=tasks, partition_mentions=20, spill=SPILLED)
    assert timeline_of(merged, []) == merge_mentions(mentions)
    assert timeline_of(spilled, []) == timeline_of(merged, [])


def test_partitions_are_placed_largest_first_on_the_least_loaded_worker() -> None:
    parts = [
        Partition("contact", tuple(((i,), m) for i in range(size)))
        for size, m in zip([3, 10, 2, 8, 5], random_mentions(5, 3), strict=True)
    ]
    places = placed(parts, 2)
    load = [0, 0]
    for part in parts:
        load[places[id(part)]] += len(part.mentions)
    assert sorted(load) == [13, 15]  # 10+3+2 and 8+5
    assert set(placed(parts, 1).values()) == {0}


def test_a_partition_pickles_to_the_same_mentions() -> None:
    mentions = random_mentions(50, 5)
    part = Partition("contact", tuple(((i,), m) for i, m in enumerate(mentions)))
    again = pickle.loads(pickle.dumps(part))
    assert again == part
    assert all(type(m) is Mention for _order, m in again.mentions)


def test_bulk_unpickles_to_the_same_value_and_restores_the_collector() -> None:
    part = Partition("contact", tuple(((i,), m) for i, m in enumerate(random_mentions(50, 5))))
    assert gc.isenabled()
    again = pickle.loads(pickle.dumps(Bulk(part)))
    assert type(again) is Bulk
    assert again.value == part
    assert gc.isenabled()


def test_events_pickle_to_equal_events() -> None:
    timeline = merge_mentions(random_mentions(600, 2))
    assert any(e.disputed for e in timeline.events)
    assert pickle.loads(pickle.dumps(timeline.events)) == timeline.events


@pytest.mark.slow
@pytest.mark.parametrize(
    "folder", [ROOT / "data" / "seeds", DEV_ARTICLES], ids=["sample-corpus", "dev-articles"]
)
def test_partitioned_merge_of_a_real_build(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not on this machine")
    from timeline import build
    from timeline.actors import load_gazetteer

    results = build(folder, jobs=1).results
    affiliation = load_gazetteer().affiliation
    expected = merge_results(results, affiliation=affiliation)
    merged = merge_results_partitioned(results, affiliation=affiliation, partition_mentions=1)
    assert merged == expected
    assert len(expected.events) > 5
