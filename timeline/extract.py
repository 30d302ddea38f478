"""Per-document extraction: (document, model, rules) → a compact :class:`DocResult`.

A pure function of its inputs, so results can be cached by content and computed in any order
or process. No spaCy ``Doc`` outlives this module: each is reduced to its time expressions and
event mentions as soon as the pipeline has annotated it.

The model's own components annotate text in pieces of a bounded size, however long the document
(a long document is cut at paragraph breaks, its pieces annotated in batches and joined again
with ``Doc.from_docs``); the tool's components then read each whole document. So the memory the
model needs is bounded by the batch, not by the longest document, and a document is read as one
text by the rules. With more than one job, batches of documents
go to a pool of worker processes, each holding its own pipeline and sending back only the
compact results; results come back in completion order, so callers that need an order sort
them (by document path). spaCy is imported, and the model loaded, only once a document
actually needs extracting.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import TYPE_CHECKING

from .errors import TimelineError
from .ingest import Skipped, split_spans
from .model import DocResult, Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BATCH_SIZE = 64  # pieces of text per batch of the model's components …
# … and at most this much text: the model's working memory grows with the tokens of a batch
# (about 16 kB a token for en_core_web_sm: its token-to-vector layers keep every intermediate
# array of a batch until they return), so a batch is kept small. Below about 10,000 characters
# a batch runs slower; above, it only costs memory.
BATCH_CHARS = 20_000
PIECE_CHARS = 10_000  # a longer document is annotated by the model in pieces of this size
# The tool's components read whole documents (the year last mentioned, the sentence before).
DOCUMENT_COMPONENTS = frozenset({"timeline_docdate", "timeline_timex", "timeline_events"})
TASK_CHARS = 30_000  # text per task sent to a worker: small enough to balance the cores
LOOKAHEAD_CHARS = 4_000_000  # text read ahead to hand out the longest documents first


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _count_words(doc: Doc) -> int:
    """Tokens that are neither space nor punctuation (counted in one array pass)."""
    from spacy.attrs import IS_PUNCT, IS_SPACE

    if not len(doc):
        return 0
    flags = doc.to_array([IS_SPACE, IS_PUNCT])
    return int((flags.sum(axis=1) == 0).sum())


def doc_result(document: Document, doc: Doc) -> DocResult:
    """Reduce an annotated Doc to the records the merge needs."""
    meta = document.meta
    if doc._.timeline_dct != meta.dct:
        meta = dataclasses.replace(
            meta, dct=doc._.timeline_dct, dct_source=doc._.timeline_dct_source
        )
    return DocResult(
        meta=meta,
        timexes=tuple(doc._.timeline_timexes or ()),
        mentions=tuple(doc._.timeline_mentions or ()),
        notes=document.notes,
        words=_count_words(doc),
    )


def annotate(
    nlp: Language,
    documents: Iterable[Document],
    *,
    batch_size: int = BATCH_SIZE,
    skip: frozenset[str] = frozenset(),
) -> Iterator[tuple[Document, Doc]]:
    """Annotate documents with the pipeline and yield (document, Doc) pairs, in order.

    ``documents`` is consumed lazily. The model's components see pieces of at most about
    ``PIECE_CHARS`` (cut where :func:`piece_spans` says) in batches of at most ``batch_size``
    pieces and ``BATCH_CHARS`` of text, as ``nlp.pipe`` would run them; a document's pieces
    are joined into one Doc with the document's path and date in ``Doc._``, and the
    components in ``DOCUMENT_COMPONENTS`` (except those in ``skip``) run on it.
    """
    from .nlp import attach_document

    split = next(
        (i for i, (name, _) in enumerate(nlp.pipeline) if name in DOCUMENT_COMPONENTS),
        len(nlp.pipeline),
    )
    pieces_stage = nlp.pipeline[:split]
    document_stage = [(n, c) for n, c in nlp.pipeline[split:] if n not in skip]
    waiting: deque[_Pieces] = deque()  # documents whose pieces are not all annotated yet
    batch: list[tuple[_Pieces, str]] = []
    size = 0

    def run_batch() -> Iterator[tuple[Document, Doc]]:
        docs = [nlp.make_doc(text) for _, text in batch]
        for _name, component in pieces_stage:
            run = getattr(component, "pipe", None)
            docs = list(run(docs, batch_size=len(docs)) if run else map(component, docs))
        for (owner, _), doc in zip(batch, docs, strict=True):
            doc.tensor = doc.tensor[:0]  # token vectors: only the model's components read them
            owner.docs.append(doc)
        batch.clear()
        while waiting and len(waiting[0].docs) == waiting[0].count:
            owner = waiting.popleft()
            doc = owner.docs[0] if owner.count == 1 else _join(owner.docs)
            owner.docs.clear()
            doc = attach_document(doc, owner.document)
            for _name, component in document_stage:
                doc = component(doc)
            yield owner.document, doc

    for document in documents:
        spans = piece_spans(document.text, PIECE_CHARS)
        owner = _Pieces(document, len(spans))
        waiting.append(owner)
        for start, end in spans:
            if batch and (len(batch) >= batch_size or size + end - start > BATCH_CHARS):
                yield from run_batch()
                size = 0
            batch.append((owner, document.text[start:end]))
            size += end - start
    if batch:
        yield from run_batch()


@dataclasses.dataclass(slots=True)
class _Pieces:
    """A document whose pieces are being annotated."""

    document: Document
    count: int
    docs: list[Doc] = dataclasses.field(default_factory=list)


def piece_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of the pieces a text is annotated in: cut at a paragraph break, else a line
    break, a sentence end or a space, and after the whole run of white space there, so every
    piece but the first starts where a token of the whole text starts."""
    return split_spans(text, limit, whole_space=True)


def _join(docs: list[Doc]) -> Doc:
    """One Doc of consecutive pieces, with their text exactly (no space added between)."""
    from spacy.tokens import Doc

    # (spaCy's type stub lacks ``exclude``, which Doc.from_docs has had since v3.3)
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]


def extract(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = BATCH_SIZE
) -> Iterator[DocResult]:
    """Annotate documents (see :func:`annotate`) and yield one result per document, in order;
    each Doc is dropped once reduced."""
    for document, doc in annotate(nlp, documents, batch_size=batch_size):
        yield doc_result(document, doc)


def extract_safely(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = BATCH_SIZE
) -> Iterator[DocResult | Skipped]:
    """:func:`extract`, but a document the pipeline fails on is reported, not fatal.

    A failure is a bug, but must not cost the user the rest of the folder: the batch it
    happened in is extracted again one document at a time, and a document that fails alone
    is yielded as :class:`Skipped` with the error.
    """
    for batch in _batches(documents, batch_size=batch_size, batch_chars=BATCH_CHARS):
        try:
            results: list[DocResult | Skipped] = list(extract(nlp, batch, batch_size=batch_size))
        except Exception:
            results = [_extract_one(nlp, document) for document in batch]
        yield from results


def _extract_one(nlp: Language, document: Document) -> DocResult | Skipped:
    try:
        (result,) = extract(nlp, [document])
    except Exception as error:
        reason = (
            f"extraction failed ({type(error).__name__}: {str(error)[:200]}); "
            "this is a bug, please report it"
        )
        return Skipped(document.path, reason)
    return result


def _batches(
    documents: Iterable[Document], *, batch_size: int, batch_chars: int
) -> Iterator[list[Document]]:
    batch: list[Document] = []
    size = 0
    for document in documents:
        if batch and (len(batch) >= batch_size or size + len(document.text) > batch_chars):
            yield batch
            batch, size = [], 0
        batch.append(document)
        size += len(document.text)
    if batch:
        yield batch


# --- worker processes -------------------------------------------------------------------------

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


def _extract_task(documents: list[Document], batch_size: int) -> list[DocResult | Skipped]:
    if _worker_nlp is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker pipeline not loaded")
    try:
        return list(extract_safely(_worker_nlp, documents, batch_size=batch_size))
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
    ) -> Iterator[DocResult | Skipped]:
        """Extract ``documents`` in the workers; results come in completion order."""
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
                pending.add(pool.submit(_extract_task, task, batch_size))
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
) -> Iterator[DocResult | Skipped]:
    """Extract with ``jobs`` worker processes; results come in completion order."""
    with Workers(model=model, jobs=jobs) as workers:
        yield from workers.extract(documents, batch_size=batch_size, task_chars=task_chars)


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
) -> Iterator[DocResult | Skipped]:
    """Extract every document, loading the model only if there is at least one.

    Args:
        documents: consumed lazily.
        model: spaCy model name or path.
        jobs: worker processes; ``None`` for every core, 1 to run in this process.
        batch_size: documents per ``nlp.pipe`` batch.
        workers: a pool to extract with (its own model and jobs), instead of ``model``/``jobs``.

    Yields a result per document — or a :class:`Skipped` for one the extraction failed on —
    in document order with one job, in completion order with more.
    """
    stream = iter(documents)
    first = next(stream, None)
    if first is None:
        return
    if workers is not None:
        yield from workers.extract(chain((first,), stream), batch_size=batch_size)
        return
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs > 1:
        second = next(stream, None)
        if second is not None:
            rest = chain((first, second), stream)
            yield from extract_parallel(rest, model=model, jobs=jobs, batch_size=batch_size)
            return
        stream = iter(())
    from .nlp import load_pipeline

    nlp = load_pipeline(model)
    yield from extract_safely(nlp, chain((first,), stream), batch_size=batch_size)
