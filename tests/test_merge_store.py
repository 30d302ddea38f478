"""The merge's state on disk (timeline.merge.store): what is written comes back, in order,
whatever was evicted; sorting on disk sorts as Python does."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

import pytest

from timeline.merge.store import Spill, sortable


@pytest.fixture
def spill() -> Iterator[Spill]:
    with Spill(capacity=2) as store:
        yield store


def test_items_come_back_after_eviction_with_their_last_change(spill: Spill) -> None:
    items = spill.sequence("clusters")
    for number in range(5):
        items.append({"n": number, "seen": []})
    assert len(items) == 5
    first = items[0]  # evicted long ago: read back from disk
    assert first == {"n": 0, "seen": []}
    first["seen"].append("changed")
    items.changed(0, first)
    for number in range(1, 5):  # evict it again
        items[number]
    assert items[0] == {"n": 0, "seen": ["changed"]}
    assert [item["n"] for item in items] == [0, 1, 2, 3, 4]
    with pytest.raises(IndexError):
        items[5]


def test_a_change_wins_over_a_stale_copy_read_meanwhile(spill: Spill) -> None:
    items = spill.sequence("clusters")
    for number in range(3):
        items.append([number])
    held = items[0]
    items[1], items[2]  # 0 evicted; the caller still holds its object
    stale = items[0]  # a second copy, read back from disk
    assert stale is not held
    held.append("changed")
    items.changed(0, held)
    assert items[0] is held
    assert list(items) == [[0, "changed"], [1], [2]]


def test_lists_keep_their_order_and_sets_their_members_once(spill: Spill) -> None:
    lists, sets = spill.lists("name"), spill.sets("doc")
    for value in (3, 1, 2, 1):
        lists[("contact", 2001, "Ruritania")].append(value)
        sets["a.txt"].add(value)
    assert lists.get(("contact", 2001, "Ruritania"), ()) == [3, 1, 2, 1]
    assert lists.get(("contact", 2002, "Ruritania"), ()) == ()
    assert sorted(sets.get("a.txt", ())) == [1, 2, 3]
    assert spill.lists("other").get(("contact", 2001, "Ruritania")) is None


def test_sorting_on_disk_sorts_as_python_does(spill: Spill) -> None:
    rng = random.Random(3)
    words = ["", "a", "ab", "abc", "b", "\udcff.txt", "é", "z"]
    keys = [(rng.randint(-5, 5), rng.choice(words), rng.randint(0, 3 * 10**9)) for _ in range(3000)]
    items = [(key, number) for number, key in enumerate(keys)]
    # stable: equal keys keep their order (the second element breaks no tie here)
    expected = sorted(items, key=lambda item: item[0])
    assert list(spill.sorted(items, key=lambda item: item[0])) == expected
    assert list(spill.sorted([], key=lambda item: item)) == []


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [((1, "ab"), (1, "abc")), ((-1, "z"), (0, "")), ((2, "a\udcff"), (2, "a\uffff")), ((0,), (1,))],
)
def test_sortable_keys_order_as_tuples(smaller: tuple, larger: tuple) -> None:
    assert sortable(smaller) < sortable(larger)


def test_closing_removes_the_file() -> None:
    store = Spill(capacity=1)
    store.sequence("clusters").append("x")
    folder = store._folder
    assert os.path.isdir(folder)
    store.close()
    assert not os.path.exists(folder)
