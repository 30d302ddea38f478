"""Pruning the incremental cache: one policy (unused for so many days, then the longest unused
down to a size) over two stores, a local folder and an fsspec URL (a cluster build's cache;
fsspec's memory file system here), never touching what is not one of our entries."""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cache import DOCUMENT, RESULT, make_cache

from timeline.cache import ResultCache, encode_entry, prune_cache
from timeline.cli import cli
from timeline.errors import TimelineError

memory = pytest.importorskip(
    "fsspec.implementations.memory", reason='a cache at a URL needs pip install "timeline[dask]"'
)
MemoryFileSystem = memory.MemoryFileSystem

from timeline.cluster.cache import REFRESH_SECONDS, UrlResultCache  # noqa: E402

DAY = 86400
START = 1_000_000_000.0
_NUMBERS = itertools.count()


class Cache:
    """A cache in a folder or at a memory:// URL, whose entries' last use a test sets."""

    def __init__(self, kind: str, tmp_path: Path) -> None:
        self.kind = kind
        if kind == "folder":
            self.location = str(tmp_path / "cache")
            self.results: ResultCache = make_cache(Path(self.location))
        else:
            self.root = f"/prune-{next(_NUMBERS)}"
            self.location = f"memory://{self.root.lstrip('/')}"
            self.results = UrlResultCache(
                self.location, model="en_test-1.0:abc", data="d1", code="c1"
            )

    def add(self, count: int) -> list[str]:
        """``count`` result entries, the first used longest ago (a day apart): their paths
        relative to the cache."""
        relatives = []
        for number in range(count):
            document = dataclasses.replace(DOCUMENT, text=f"{DOCUMENT.text} ({number})")
            key = self.results.key(document)
            self.results.put(key, RESULT)
            relative = f"results/{key[:2]}/{key}.json"
            self.set_used(relative, START + number * DAY)
            relatives.append(relative)
        return relatives

    def set_used(self, relative: str, when: float) -> None:
        if self.kind == "folder":
            os.utime(Path(self.location) / relative, (when, when))
        else:
            MemoryFileSystem.store[f"{self.root}/{relative}"].created = datetime.fromtimestamp(
                when, UTC
            )

    def write(self, relative: str, data: bytes) -> None:
        if self.kind == "folder":
            (Path(self.location) / relative).parent.mkdir(parents=True, exist_ok=True)
            (Path(self.location) / relative).write_bytes(data)
        else:
            MemoryFileSystem().pipe_file(f"{self.root}/{relative}", data)

    def exists(self, relative: str) -> bool:
        if self.kind == "folder":
            return (Path(self.location) / relative).exists()
        return bool(MemoryFileSystem().exists(f"{self.root}/{relative}"))

    def size(self, relative: str) -> int:
        if self.kind == "folder":
            return (Path(self.location) / relative).stat().st_size
        return int(MemoryFileSystem().size(f"{self.root}/{relative}"))

    def used(self, relative: str) -> float:
        if self.kind == "folder":
            return (Path(self.location) / relative).stat().st_mtime
        (info,) = MemoryFileSystem().ls(f"{self.root}/{relative}", detail=True)
        return float(info["created"])

    def close(self) -> None:
        if self.kind != "folder" and MemoryFileSystem().exists(self.root):
            MemoryFileSystem().rm(self.root, recursive=True)


@pytest.fixture(params=["folder", "memory"])
def cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cache]:
    made = Cache(request.param, tmp_path)
    yield made
    made.close()


def test_prune_removes_entries_unused_for_so_many_days(cache: Cache) -> None:
    entries = cache.add(5)
    now = START + 4 * DAY + 60  # a minute after the last entry was used
    usage = prune_cache(cache.location, unused_days=2.5, now=now)
    assert [cache.exists(e) for e in entries] == [False, False, True, True, True]
    assert (usage.removed, usage.entries, usage.failed) == (2, 3, 0)
    assert usage.size == sum(cache.size(e) for e in entries[2:])


def test_prune_to_a_size_removes_the_longest_unused_first(cache: Cache) -> None:
    entries = cache.add(4)
    each = cache.size(entries[0])
    usage = prune_cache(cache.location, max_size=2 * each + 1, now=START + 10 * DAY)
    assert [cache.exists(e) for e in entries] == [False, False, True, True]
    assert (usage.removed, usage.freed) == (2, 2 * each)
    assert prune_cache(cache.location, max_size=0).entries == 0


def test_prune_only_counts_without_limits(cache: Cache) -> None:
    entries = cache.add(3)
    usage = prune_cache(cache.location)
    assert (usage.entries, usage.removed) == (3, 0)
    assert usage.size == sum(cache.size(e) for e in entries)
    assert all(cache.exists(e) for e in entries)


KEY = "ab" + "0" * 62
NOT_OURS = [
    "notes.txt",
    "results/README.md",
    "results/ab/notes.json",
    f"results/cd/{KEY}.json",  # under another shard than its key's
    f"results/ab/{KEY}.json.bak",
    f"results/ab/{KEY.upper()}.json",
    f"results/ab/more/{KEY}.json",
    f"annotations/ab/{KEY}.json",  # an annotation is a .spacy file
    f"photos/ab/{KEY}.json",
]


def test_prune_never_counts_or_removes_what_is_not_an_entry(cache: Cache) -> None:
    entries = cache.add(2)
    for relative in NOT_OURS:
        cache.write(relative, b"someone else's")
    ours = [f"files/ab/{KEY}.json", f"annotations/ab/{KEY}.spacy"]
    for relative in ours:
        cache.write(relative, b"an entry")
    assert prune_cache(cache.location).entries == len(entries) + len(ours)
    usage = prune_cache(cache.location, unused_days=0, max_size=0, now=START + 99 * DAY)
    assert (usage.entries, usage.removed) == (0, len(entries) + len(ours))
    assert [r for r in NOT_OURS if not cache.exists(r)] == []


def test_cache_command_reports_and_prunes_a_folder_or_a_url(cache: Cache) -> None:
    cache.add(3)
    runner = CliRunner()
    shown = runner.invoke(cli, ["cache", "--cache-dir", cache.location])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith(f"{cache.location}: 3 entries")
    old = runner.invoke(cli, ["cache", "--cache-dir", cache.location, "--unused-days", "1"])
    assert old.exit_code == 0, old.output
    assert "removed 3 entries" in old.output and ": 0 entries" in old.output


def test_cache_command_on_a_url_that_holds_no_cache() -> None:
    result = CliRunner().invoke(cli, ["cache", "--cache-dir", "memory://no-cache-here"])
    assert result.exit_code == 0, result.output
    assert "memory://no-cache-here: 0 entries, 0.0 MB" in result.output


def test_a_cache_url_of_an_unknown_file_system_is_a_timeline_error() -> None:
    with pytest.raises(TimelineError, match="cannot open the cache"):
        prune_cache("nosuchfs://bucket/cache")


def test_reading_an_entry_at_a_url_marks_it_used_once_a_day(tmp_path: Path) -> None:
    cache = Cache("memory", tmp_path)
    try:
        stale, fresh = cache.add(2)
        url_cache = cache.results
        assert isinstance(url_cache, UrlResultCache)
        # As a build written long ago left it: the object's time and the written stamp.
        key = Path(stale).stem
        cache.write(stale, encode_entry(key, RESULT, written=int(START)))
        cache.set_used(stale, START)
        before = cache.used(fresh)
        assert url_cache.get_many([key, Path(fresh).stem]).keys() == {key, Path(fresh).stem}
        assert cache.used(stale) > START + REFRESH_SECONDS  # written again: used now
        assert cache.used(fresh) == before  # written within the day: left as it is
        usage = prune_cache(cache.location, unused_days=1)
        assert usage.entries == 1 and cache.exists(stale)
    finally:
        cache.close()
