"""The partitioned merge's tasks on a Dask cluster (:class:`timeline.merge.partition.Tasks`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from distributed import Client, get_worker, worker_client


class DaskTasks:
    """Tasks as futures of ``client``, placed on the workers connected when it is made.

    A placed task may still run on another worker (when its own has died, Dask retries it
    elsewhere, up to ``retries`` times); data put on a worker that dies is lost with it, as
    any scattered data in Dask."""

    def __init__(self, client: Client, *, retries: int = 0) -> None:
        self.client = client
        self.retries = retries
        self.workers = sorted(client.nthreads())
        self._published: list[str] = []

    @property
    def places(self) -> int:
        return max(1, len(self.workers))

    def _where(self, place: int | None) -> list[str] | None:
        return None if place is None or not self.workers else [self.workers[place]]

    def put(self, items: Sequence[tuple[Any, int]]) -> list[Any]:
        # One scatter per worker, of all its data.
        handles: list[Any] = [None] * len(items)
        for place in sorted({place for _data, place in items}):
            mine = [i for i, (_data, at) in enumerate(items) if at == place]
            sent = self.client.scatter(
                [items[i][0] for i in mine], workers=self._where(place), hash=False
            )
            for i, handle in zip(mine, sent, strict=True):
                handles[i] = handle
        return handles

    def submit(self, place: int | None, fn: Callable[..., Any], *args: Any) -> Any:
        where = self._where(place)
        return self.client.submit(
            fn,
            *args,
            pure=False,
            retries=self.retries,
            workers=where,
            allow_other_workers=where is not None,
        )

    def gather(self, handles: list[Any]) -> list[Any]:
        try:
            return list(self.client.gather(handles))
        finally:
            # (the tasks that read the deferred handles are among those gathered: done)
            for name in self._published:
                self.client.unpublish_dataset(name)
            self._published.clear()

    def defer(self, handles: list[Any]) -> list[Any]:
        # The futures are published as a dataset: the scheduler keeps them for it, and a
        # worker that reads it is told their states (a future rebuilt from its key is not).
        name = f"timeline-deferred-{uuid.uuid4().hex}"
        self.client.publish_dataset(list(handles), name=name)
        self._published.append(name)
        return [Deferred(name, number) for number in range(len(handles))]


class Deferred:
    """A future handed to a task unresolved (Dask resolves only the futures it sees in a
    task's arguments): the task fetches its value when it reads it, seceded from the
    worker's threads meanwhile, so a task that reads many inputs holds one at a time."""

    __slots__ = ("dataset", "number")

    def __init__(self, dataset: str, number: int) -> None:
        self.dataset = dataset
        self.number = number

    @property
    def value(self) -> Any:
        with worker_client() as client:
            future = client.get_dataset(self.dataset)[self.number]
            # Held here already (the partitions are put on the worker that clusters them, and
            # the boundary task runs where most of them are): read it in place, not through
            # the scheduler and a copy.
            local = get_worker().data
            if future.key in local:
                held: Any = local[future.key]
                return held.value
            return client.gather(future).value
