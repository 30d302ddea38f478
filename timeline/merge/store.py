"""The state of a merge step on disk: clusters and the index's lists in an sqlite file, at most
``capacity`` clusters in memory. The boundary step of a family (:mod:`.partition`) reaches
across all of the family's clusters; with a :class:`Spill`, what it holds in memory is bounded
by the capacity, whatever the archive's size, and its disk grows instead.

The merge mutates clusters in place. A spilled cluster is written back each time the index is
told it changed (:meth:`.index.Index.changed`), and the object written becomes the cached one,
so the last change always wins even if a stale copy was evicted and read again meanwhile.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, Generic, TypeVar

T = TypeVar("T")

CAPACITY = 20_000  # clusters kept in memory
_RUN = 256  # items read at once when iterating
_OFFSET = 1 << 63
_PROTOCOL = pickle.HIGHEST_PROTOCOL


class Spill:
    """One sqlite file in a private temporary folder, removed on :meth:`close`."""

    def __init__(self, capacity: int = CAPACITY, directory: str | None = None) -> None:
        self.capacity = max(1, capacity)
        # Rows written at once (the index's lists, changed items, items to sort): as many as
        # the cache holds, so what waits to be written weighs about what the cache does.
        self.batch = max(64, self.capacity)
        self._folder = tempfile.mkdtemp(prefix="timeline-merge-", dir=directory)
        self.db = sqlite3.connect(os.path.join(self._folder, "merge.sqlite"))
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-16384"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.executescript(
            """
            CREATE TABLE items (kind TEXT, key INTEGER, data BLOB, PRIMARY KEY (kind, key));
            CREATE TABLE lists (k TEXT, v INTEGER);
            CREATE INDEX lists_k ON lists (k);
            CREATE TABLE sets (k TEXT, v INTEGER, UNIQUE (k, v));
            """
        )
        self._pending: dict[str, list[tuple[str, int]]] = {"lists": [], "sets": []}

    def close(self) -> None:
        self.db.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sequence(self, kind: str, capacity: int | None = None) -> Sequence[Any]:
        return Sequence(self, kind, self.capacity if capacity is None else capacity)

    def sorted(self, items: Iterable[T], key: Callable[[T], tuple[int | str, ...]]) -> Iterator[T]:
        """The items in the order of their keys (as ``sorted``, stable), sorted on disk: the
        items are read once, a batch at a time, and come back a run at a time."""
        self.db.execute("DROP TABLE IF EXISTS sorting")
        self.db.execute("CREATE TABLE sorting (rank BLOB PRIMARY KEY, data BLOB)")
        rows = (
            (sortable((*key(item), number)), pickle.dumps(item, protocol=_PROTOCOL))
            for number, item in enumerate(items)
        )
        while batch := list(islice(rows, self.batch)):
            self.db.executemany("INSERT INTO sorting VALUES (?, ?)", batch)
            del batch
        last = b""
        while found := self.db.execute(
            "SELECT rank, data FROM sorting WHERE rank > ? ORDER BY rank LIMIT ?", (last, _RUN)
        ).fetchall():
            last = found[-1][0]
            for _rank, data in found:
                yield pickle.loads(data)
        self.db.execute("DROP TABLE sorting")

    def lists(self, name: str) -> Lists:
        return Lists(self, name, "lists")

    def sets(self, name: str) -> Lists:
        return Lists(self, name, "sets")

    def _add(self, table: str, key: str, value: int) -> None:
        pending = self._pending[table]
        pending.append((key, value))
        if len(pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        for table, rows in self._pending.items():
            if rows:
                verb = "INSERT OR IGNORE" if table == "sets" else "INSERT"
                self.db.executemany(f"{verb} INTO {table} (k, v) VALUES (?, ?)", rows)
                rows.clear()

    def _values(self, table: str, key: str) -> list[int]:
        self.flush()
        order = "rowid" if table == "lists" else "v"
        query = f"SELECT v FROM {table} WHERE k = ? ORDER BY {order}"
        return [v for (v,) in self.db.execute(query, (key,))]


class Sequence(Generic[T]):
    """A list on disk (append, index, length, iteration) with the last-used items cached."""

    def __init__(self, spill: Spill, kind: str, capacity: int) -> None:
        self._spill = spill
        self._kind = kind
        self._capacity = capacity
        self._cache: OrderedDict[int, T] = OrderedDict()
        self._pending: dict[int, bytes] = {}
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def append(self, item: T) -> None:
        self._length += 1
        self.changed(self._length - 1, item)

    def changed(self, key: int, item: T) -> None:
        """Write an item back (it was changed in place); it becomes the cached copy. Written
        in batches: until then, a read finds it among the pending ones."""
        self._pending[key] = pickle.dumps(item, protocol=_PROTOCOL)
        if len(self._pending) >= self._spill.batch:
            self.flush()
        self._cached(key, item)

    def flush(self) -> None:
        if self._pending:
            self._spill.db.executemany(
                "INSERT OR REPLACE INTO items (kind, key, data) VALUES (?, ?, ?)",
                [(self._kind, key, data) for key, data in self._pending.items()],
            )
            self._pending.clear()

    def _cached(self, key: int, item: T) -> None:
        cache = self._cache
        cache[key] = item
        cache.move_to_end(key)
        if len(cache) > self._capacity:
            cache.popitem(last=False)

    def __getitem__(self, key: int) -> T:
        item = self._cache.get(key)
        if item is not None:
            self._cache.move_to_end(key)
            return item
        if not 0 <= key < self._length:
            raise IndexError(key)
        item = self._load(key)
        self._cached(key, item)
        return item

    def _load(self, key: int) -> T:
        pending = self._pending.get(key)
        if pending is not None:
            found: T = pickle.loads(pending)
            return found
        row = self._spill.db.execute(
            "SELECT data FROM items WHERE kind = ? AND key = ?", (self._kind, key)
        ).fetchone()
        value: T = pickle.loads(row[0])
        return value

    def __iter__(self) -> Iterator[T]:
        """Every item in order, without filling the cache with them. Read in short runs, no
        query left open: the caller may write meanwhile."""
        self.flush()
        start = 0
        while start < self._length:
            rows = self._spill.db.execute(
                "SELECT key, data FROM items WHERE kind = ? AND key >= ? ORDER BY key LIMIT ?",
                (self._kind, start, _RUN),
            ).fetchall()
            if not rows:
                return
            for key, data in rows:
                cached = self._cache.get(key)
                yield cached if cached is not None else pickle.loads(self._pending.get(key, data))
            start = rows[-1][0] + 1


class Lists:
    """A ``defaultdict`` of lists (or of sets) of ints on disk, for the index: ``get`` reads,
    ``index[key].append(value)`` (``.add`` for sets) writes."""

    def __init__(self, spill: Spill, name: str, table: str) -> None:
        self._spill = spill
        self._name = name
        self._table = table

    def _key(self, key: Any) -> str:
        return f"{self._name}{key!r}"

    def get(self, key: Any, default: Any = None) -> Any:
        found = self._spill._values(self._table, self._key(key))
        return found if found else default

    def __getitem__(self, key: Any) -> _Appender:
        return _Appender(self._spill, self._table, self._key(key))


class _Appender:
    __slots__ = ("_key", "_spill", "_table")

    def __init__(self, spill: Spill, table: str, key: str) -> None:
        self._spill = spill
        self._table = table
        self._key = key

    def append(self, value: int) -> None:
        self._spill._add(self._table, self._key, value)

    add = append


def sortable(key: tuple[int | str, ...]) -> bytes:
    """Bytes that sort as the key does, among keys of the same shape: an int as eight bytes
    (offset so negative ones sort first), a string as its UTF-8 ended by a zero byte (a
    prefix sorts first; surrogates, which file names may hold, keep their place)."""
    parts = []
    for part in key:
        if isinstance(part, int):
            parts.append((part + _OFFSET).to_bytes(8, "big"))
        else:
            parts.append(part.encode("utf-8", "surrogatepass") + b"\0")
    return b"".join(parts)
