"""Worker processes for the extraction: a pool started on demand, each worker holding the
pipeline, that sends back only compact results.

With more than one job, batches of documents go to a pool of worker processes; results come back
in completion order, so callers that need an order sort them (by document path). Where there is
a fork server, it loads the model while the parent reads the corpus and every worker is forked
from it, ready and sharing its memory. spaCy is imported, and the model loaded, only once a
document actually needs extracting.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import TYPE_CHECKING

from .annotate import BATCH_SIZE, AnnotationStore
from .errors import TimelineError
from .extract import extract_safely
from .ingest import Skipped
from .model import DocResult, Document

if TYPE_CHECKING:
    from spacy.language import Language

TASK_CHARS = 30_000  # text per task sent to a worker: small enough to balance the cores
LOOKAHEAD_CHARS = 4_000_000  # text read ahead to hand out the longest documents first


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_worker_nlp: Language | None = None
_worker_model: str | None = None  # the model _worker_nlp was loaded from
# How worker processes start: None for a fork server where there is one (Linux, macOS), else
# spawn. The fork server loads the pipeline once, while this process reads the corpus, and
# forks every worker from it, ready and sharing its memory; plain fork would copy this
# process's state and spawn has each worker load its own pipeline.
START_METHOD: str | None = None
PRELOAD_ENV = "TIMELINE_PRELOAD_MODEL"  # the model the fork server loads ("" the default)


def preload(model: str | None) -> None:
    """Load the pipeline in this process for the workers forked from it (the fork server, see
    ``timeline._forkserver``). Its objects are then frozen out of the cyclic collector, so
    that collections in the workers do not write to (and so copy) the shared pages."""
    global _worker_nlp, _worker_model
    from .nlp import load_pipeline

    _worker_nlp, _worker_model = load_pipeline(model), model
    gc.collect()
    gc.freeze()


def _init_worker(model: str | None) -> None:
    global _worker_nlp, _worker_model
    # Ctrl-C reaches the whole process group: the parent alone handles it and stops the
    # workers. And a worker outlives no parent (killed with SIGKILL, say): it would otherwise
    # wait for work forever, holding the model's memory and the parent's output pipes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _leave_fork_server()
    if _worker_nlp is None or _worker_model != model:
        from .nlp import load_pipeline

        _worker_nlp, _worker_model = load_pipeline(model), model


def _leave_fork_server() -> None:
    """Close this worker's end of the pipe that keeps a fork server alive while its clients
    live: a worker starts no processes, and the server must end with the process that
    started it (which ends the workers forked from it, see _exit_with_parent), even when that
    one is killed."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    alive = getattr(server, "_forkserver_alive_fd", None)
    if alive is not None:  # (forked directly, it would be the parent's: not ours to hold either)
        with contextlib.suppress(OSError):
            os.close(alive)
        server._forkserver_alive_fd = None  # type: ignore[union-attr]


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _ready() -> None:
    """A task that only makes the pool start a worker (and its initializer)."""


def _extract_task(
    documents: list[Document], batch_size: int, store: AnnotationStore | None
) -> list[DocResult | Skipped]:
    if _worker_nlp is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker pipeline not loaded")
    try:
        return list(extract_safely(_worker_nlp, documents, store=store, batch_size=batch_size))
    except TimelineError as error:
        # Subclasses take several arguments and do not unpickle; the message is what matters.
        raise TimelineError(str(error)) from None


def _tasks(
    documents: Iterator[Document],
    *,
    task_chars: int,
    lookahead_chars: int,
    batch_size: int,
    jobs: int = 1,
) -> Iterator[list[Document]]:
    """Group documents into tasks, longest documents first within a bounded read-ahead.

    Handing out long documents first, and tasks that shrink as the work left does once every
    document has been read (at most an ``1 / (2 * jobs)`` share of it, as in guided
    scheduling), keeps the last tasks short, so no core idles at the end; the read-ahead
    bounds how much text is held at once.
    """
    buffer: list[Document] = []  # shortest first
    buffered = 0
    exhausted = False
    while True:
        if not exhausted and buffered < lookahead_chars:
            while buffered < lookahead_chars:
                document = next(documents, None)
                if document is None:
                    exhausted = True
                    break
                buffer.append(document)
                buffered += len(document.text)
            buffer.sort(key=lambda d: (len(d.text), d.path))
        if not buffer:
            return
        limit = min(task_chars, buffered // (2 * jobs)) if exhausted else task_chars
        task = [buffer.pop()]
        size = len(task[0].text)
        # The next longest documents that fit: tasks of similar cost, the shortest ones last.
        while buffer and len(task) < batch_size and size + len(buffer[-1].text) <= limit:
            size += len(buffer[-1].text)
            task.append(buffer.pop())
        buffered -= size
        yield task


def _pool_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    method = START_METHOD or ("forkserver" if "forkserver" in methods else "spawn")
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["timeline._forkserver"])
    return context


def _start_fork_server(model: str | None) -> None:
    """Start the fork server now (it returns at once), loading ``model`` while this process
    goes on; a server already running keeps its model (workers load another if asked)."""
    from multiprocessing import forkserver

    previous = os.environ.get(PRELOAD_ENV)
    os.environ[PRELOAD_ENV] = model or ""
    try:
        forkserver.ensure_running()
    finally:
        if previous is None:
            del os.environ[PRELOAD_ENV]
        else:
            os.environ[PRELOAD_ENV] = previous


class Workers:
    """A pool of ``jobs`` worker processes with the pipeline, started on demand.

    :meth:`start` may be called early — when the first file that needs extracting is about to
    be read — so that the model loads (in the fork server the workers are forked from, or else
    in each worker) while this process reads the corpus; :meth:`extract` starts the pool if
    that was not done. Use as a context manager: leaving it ends the workers (at once if they
    were never given work).
    """

    def __init__(self, *, model: str | None = None, jobs: int) -> None:
        self.model = model
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._used = False

    def start(self) -> None:
        """Start the workers (once); a missing model fails here, with its own message."""
        if self._pool is not None:
            return
        from .nlp import model_meta_path

        model_meta_path(self.model)
        context = _pool_context()
        self._pool = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.model,),
        )
        if context.get_start_method() == "forkserver":
            # The server loads the model now; the workers are forked from it, ready, as the
            # first tasks arrive.
            _start_fork_server(self.model)
        else:
            # Each worker loads the model itself: start them all now.
            for _ in range(self.jobs):
                self._pool.submit(_ready)

    def extract(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = BATCH_SIZE,
        task_chars: int | None = None,
        store: AnnotationStore | None = None,
    ) -> Iterator[DocResult | Skipped]:
        """Extract ``documents`` in the workers (annotations from and to ``store``); results
        come in completion order."""
        self.start()
        pool = self._pool
        assert pool is not None
        self._used = True
        tasks = _tasks(
            iter(documents),
            task_chars=TASK_CHARS if task_chars is None else task_chars,
            lookahead_chars=LOOKAHEAD_CHARS,
            batch_size=batch_size,
            jobs=self.jobs,
        )
        pending: set[Future[list[DocResult | Skipped]]] = set()
        try:
            for task in tasks:
                pending.add(pool.submit(_extract_task, task, batch_size, store))
                # Keep every worker busy with one task queued behind it, and no more.
                if len(pending) >= 2 * self.jobs:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield from future.result()
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        except BrokenProcessPool as error:
            self.close(abort=True)
            raise TimelineError(
                f"a worker process died while extracting ({error}); "
                "retry with --jobs 1 to see the cause"
            ) from error
        except BaseException:
            # Interrupted, failed, or the consumer stopped early: do not finish queued work.
            self.close(abort=True)
            raise

    def close(self, *, abort: bool = False) -> None:
        """End the workers: when their work is done, or at once with ``abort`` or when they
        were started but never given work (a rebuild the cache answered after all)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if abort or not self._used:
            _stop(pool)
        else:
            pool.shutdown(wait=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.close(abort=error is not None)


def extract_parallel(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    jobs: int,
    batch_size: int = BATCH_SIZE,
    task_chars: int | None = None,
    store: AnnotationStore | None = None,
) -> Iterator[DocResult | Skipped]:
    """Extract with ``jobs`` worker processes; results come in completion order."""
    with Workers(model=model, jobs=jobs) as workers:
        yield from workers.extract(
            documents, batch_size=batch_size, task_chars=task_chars, store=store
        )


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel queued tasks and end the workers now, without waiting for running ones."""
    # The executor does not stop running tasks; its worker processes are an implementation
    # detail, read defensively.
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(timeout=5)


def extract_documents(
    documents: Iterable[Document],
    *,
    model: str | None = None,
    jobs: int | None = None,
    batch_size: int = BATCH_SIZE,
    workers: Workers | None = None,
    store: AnnotationStore | None = None,
) -> Iterator[DocResult | Skipped]:
    """Extract every document, loading the model only if there is at least one.

    Args:
        documents: consumed lazily.
        model: spaCy model name or path.
        jobs: worker processes; ``None`` for every core, 1 to run in this process.
        batch_size: documents per ``nlp.pipe`` batch.
        workers: a pool to extract with (its own model and jobs), instead of ``model``/``jobs``.
        store: where annotations are read from and written to (none: always the model).

    Yields a result per document — or a :class:`Skipped` for one the extraction failed on —
    in document order with one job, in completion order with more.
    """
    stream = iter(documents)
    first = next(stream, None)
    if first is None:
        return
    if workers is not None:
        yield from workers.extract(chain((first,), stream), batch_size=batch_size, store=store)
        return
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs > 1:
        second = next(stream, None)
        if second is not None:
            rest = chain((first, second), stream)
            yield from extract_parallel(
                rest, model=model, jobs=jobs, batch_size=batch_size, store=store
            )
            return
        stream = iter(())
    from .nlp import load_pipeline

    nlp = load_pipeline(model)
    yield from extract_safely(nlp, chain((first,), stream), store=store, batch_size=batch_size)
