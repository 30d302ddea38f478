"""The Dask side of a cluster build: connecting (or starting a ``LocalCluster``), the model
loaded once per worker process, and the tasks the workers run.

A task is a batch of files sized by characters (their sizes, known from the listing): the
worker reads them through fsspec with the ingest code, extracts their documents with
:func:`timeline.extract.extract_safely` and sends back compact :class:`FileOutcome` records —
results and text-less documents, never texts. Documents that state no date are extracted
again once the collection's date is known (see :mod:`.build`) by :func:`extract_again`, which
reads their file again on a worker. Tasks are submitted with retries; a worker that dies has
its tasks rescheduled by Dask on the others.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import multiprocessing
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import dask
from distributed import Client, LocalCluster, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from ..actors import load_gazetteer
from ..errors import TimelineError
from ..extract import extract_safely
from ..ingest import Note, ReadOptions, Skipped
from ..model import DocResult, Document
from ..nlp import load_pipeline
from ..workers import TASK_CHARS, default_jobs
from .cache import CacheSpec, scratch_store
from .rerun import read_remembered
from .sources import SourceFile, read_source

if TYPE_CHECKING:
    from spacy.language import Language

RETRIES = 2  # a task that raises is run again this many times (a lost worker does not count)
CONNECT_SECONDS = 30

_PIPELINES: dict[str | None, Language] = {}
_LOADING = threading.Lock()
# spaCy pipelines are not meant to be shared by threads: a worker with several threads
# extracts one batch at a time (use one thread per worker process).
_EXTRACTING = threading.Lock()


def pipeline_for(model: str | None) -> Language:
    """The pipeline of ``model`` in this process, loaded on first use and kept."""
    with _LOADING:
        nlp = _PIPELINES.get(model)
        if nlp is None:
            nlp = _PIPELINES[model] = load_pipeline(model)
            # The model's objects live as long as the process: kept out of the cyclic
            # collector's scans, as the workers of --jobs do (timeline.workers).
            gc.collect()
            gc.freeze()
        return nlp


class ModelPlugin(WorkerPlugin):
    """Loads the model when a worker starts (or joins), so the first task does not wait."""

    name = "timeline-model"

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        pipeline_for(self.model)


class GazetteerAffiliation:
    """The gazetteer's affiliation, as a value that pickles to workers (each loads the
    gazetteer once)."""

    def __call__(self, name: str) -> frozenset[str]:
        return load_gazetteer().affiliation(name)


@contextmanager
def connect(
    scheduler: str, *, workers: int | None = None, model: str | None = None, preload: bool = True
) -> Iterator[Client]:
    """A client of the scheduler at ``tcp://HOST:PORT``, or of a ``LocalCluster`` of
    ``workers`` processes (one thread each) when ``scheduler`` is ``local``. With
    ``preload``, the workers load the model as they start; else on first use."""
    cluster: LocalCluster | None = None
    try:
        if scheduler == "local":
            cluster = _local_cluster(workers or default_jobs(), model, preload)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:
        if cluster is not None:
            cluster.close()
        raise TimelineError(
            f"cannot reach the Dask scheduler at {scheduler}: {error}; start one with "
            "'dask scheduler' and workers with 'dask worker tcp://HOST:8786', "
            "or use --scheduler local"
        ) from error
    try:
        if preload:
            client.register_plugin(ModelPlugin(model))
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _local_cluster(workers: int, model: str | None, preload: bool = True) -> LocalCluster:
    """A ``LocalCluster`` of ``workers`` processes of one thread. Where processes can fork,
    this process loads the model first and the workers are forked from it, holding it (its
    pages shared, as the workers of ``--jobs`` share their fork server's): the model loads
    once, not once per worker, and the workers need not import Dask and spaCy again. A worker
    started later (to replace one that died) is spawned and loads the model itself."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork" and preload:
        pipeline_for(model)
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a task's extraction gave: results (from the cache or computed), the paths it
    computed (not found in the cache), the cache's counts and the worker that ran it."""

    results: tuple[DocResult | Skipped, ...] = ()
    computed: tuple[str, ...] = ()
    written: int = 0
    corrupt: int = 0
    worker: str | None = None


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What a worker sends back for one file: the documents it holds (without their texts),
    their results, what was skipped or noted, and the digests of the texts it
    read (for the read-once rule across files)."""

    position: int  # the file's place in the listing
    documents: tuple[Document, ...]
    results: tuple[DocResult | Skipped, ...]
    skipped: tuple[Skipped, ...]
    notes: tuple[Note, ...]
    digests: tuple[tuple[str, str], ...]
    extracted: Extracted = Extracted()  # the batch's figures (on its first file only)
    sha256: str | None = None  # of the file's bytes, if a worker read them with a cache


def batches(
    files: Sequence[tuple[int, SourceFile]], *, chars: int | None = None
) -> Iterator[tuple[tuple[int, SourceFile], ...]]:
    """Consecutive files of about ``chars`` bytes of text per batch (a larger file alone);
    by default the text of one task of a local build's worker pool."""
    chars = TASK_CHARS if chars is None else chars
    batch: list[tuple[int, SourceFile]] = []
    size = 0
    for position, file in files:
        if batch and size + file.size > chars:
            yield tuple(batch)
            batch, size = [], 0
        batch.append((position, file))
        size += file.size
    if batch:
        yield tuple(batch)


def read_and_extract(
    files: tuple[tuple[int, SourceFile], ...],
    options: ReadOptions,
    model: str | None,
    *,
    cache: CacheSpec | None = None,
    seen: dict[str, str] | None = None,
    extract: bool = True,
) -> list[FileOutcome]:
    """A worker's task: read the files and extract their documents (results from ``cache``
    when it has them).

    ``seen`` (digest → name of texts read before) is for reading a file again once the
    client knows which earlier files hold the same texts; then nothing is extracted. With
    ``cache``, a reading is stored as a file entry (:mod:`.rerun`).
    """
    # A reading stores what it gave as the file's entry (see .rerun).
    remember = cache.results() if cache is not None else None
    reads = [
        (position, read_remembered(file, options, seen=seen, results=remember))
        for position, file in files
    ]
    every = [d for _, read in reads for d in read.documents if d.path not in read.results]
    extracted = Extracted()
    if extract and every:
        extracted = extract_documents([(d, None) for d in every], model, cache)
    if remember is not None:
        extracted = dataclasses.replace(
            extracted, corrupt=extracted.corrupt + remember.stats.corrupt
        )
    found: dict[str, DocResult | Skipped] = {
        path: result for _, read in reads for path, result in read.results.items()
    }
    found.update((_path(result), result) for result in extracted.results)
    return [
        FileOutcome(
            position=position,
            documents=tuple(Document(d.meta, "", d.notes) for d in read.documents),
            results=tuple(found[d.path] for d in read.documents if d.path in found),
            skipped=read.skipped,
            notes=read.notes,
            digests=tuple(read.digests.items()),
            extracted=dataclasses.replace(extracted, results=()) if number == 0 else Extracted(),
            sha256=read.sha256,
        )
        for number, (position, read) in enumerate(reads)
    ]


# A change to an undated document's metadata, and what names it in the cache key (as in
# timeline.pipeline: the collection's date as a hint, or "dct=DAY" from the other documents).
Change = tuple[str, dict[str, Any], str]


def extract_again(
    jobs: tuple[tuple[SourceFile, tuple[Change, ...]], ...],
    options: ReadOptions,
    model: str | None,
    cache: CacheSpec | None = None,
) -> Extracted:
    """A worker's task: read files again and extract some of their documents with their
    metadata changed — ``jobs`` lists (file, ((document path, changes, variant), …)). The
    model's annotation comes from the cache, or from this worker's own store when it read
    the file before."""
    documents: list[tuple[Document, str | None]] = []
    for file, wanted in jobs:
        changes = {path: (change, variant) for path, change, variant in wanted}
        read, _skipped, _notes = read_source(file, options=options)
        for d in read:
            if d.path in changes:
                change, variant = changes[d.path]
                changed = Document(dataclasses.replace(d.meta, **change), d.text, d.notes)
                documents.append((changed, _variant_key(d, variant, cache)))
    return extract_documents(documents, model, cache)


def _variant_key(document: Document, variant: str, cache: CacheSpec | None) -> str | None:
    """The cache key of a document as read, extracted again with a change named ``variant``:
    the one a local build uses (``ResultCache.hinted_key`` of its key)."""
    if cache is None:
        return None
    results = cache.results()
    return results.hinted_key(results.key(document), variant)


def extract_documents(
    documents: Sequence[tuple[Document, str | None]], model: str | None, cache: CacheSpec | None
) -> Extracted:
    """Results of (document, its cache key or None for its own) pairs: from the cache when
    it has them, else by :func:`timeline.extract.extract_safely` with this process's pipeline
    (then stored)."""
    results = cache.results() if cache is not None else None
    found: dict[str, DocResult | Skipped] = {}
    todo: list[Document] = []
    keys: dict[str, str] = {}
    for document, key in documents:
        if results is not None:
            key = key or results.key(document)
            cached = results.get(key)
            if cached is not None:
                found[document.path] = cached
                continue
            keys[document.path] = key
        todo.append(document)
    if todo:
        nlp = pipeline_for(model)
        store = cache.annotations() if cache is not None else scratch_store(model)
        with _EXTRACTING:
            for result in extract_safely(nlp, todo, store=store):
                found[_path(result)] = result
                if results is not None and isinstance(result, DocResult):
                    results.put(keys[result.meta.path], result)
    return Extracted(
        results=tuple(found[d.path] for d, _key in documents if d.path in found),
        computed=tuple(d.path for d in todo),
        written=results.stats.written if results is not None else 0,
        corrupt=results.stats.corrupt if results is not None else 0,
        worker=_worker_address(),
    )


def _worker_address() -> str | None:
    try:
        return str(get_worker().address)
    except ValueError:  # run outside a worker (in a test)
        return None


def _path(result: DocResult | Skipped) -> str:
    return result.path if isinstance(result, Skipped) else result.meta.path
