"""The whole chain: ingest → per-document extraction → merge, as one library call.

``build`` is what ``timeline build`` runs; it returns the merged :class:`Timeline` together with
a report of what was skipped or degraded. It never prints.

Documents stream from the folder one at a time: a document whose result is in the cache is
reduced to that result at once; the others go on to the extraction (in worker processes when
there are several jobs) and their results are stored. Only compact results are kept, in a
mapping by document path, and merged in path order — so the chronology is the same for any
number of jobs and whatever was cached.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .actors import load_gazetteer
from .annotate import AnnotationStore
from .cache import CacheStats, ResultCache, open_cache
from .docdate.corpus import STATED_DCT_SOURCES, dates_from_other_documents
from .errors import IncompleteInput, TimelineError
from .extract import extract_safely
from .incremental import FileReader
from .ingest import (
    DEFAULT_LANGUAGES,
    DEFAULT_MAX_BYTES,
    Note,
    ReadOptions,
    Skipped,
    expected_documents,
    iter_corpus,
    parse_published,
    read_corpus,
    read_file,
    useful_jobs,
)
from .merge import merge_results
from .model import DocResult, Document, Timeline
from .workers import Workers, default_jobs, extract_documents

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass
class BuildResult:
    """The chronology and the build report: what was skipped, degraded or worth a note."""

    timeline: Timeline
    results: list[DocResult]
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    cache: CacheStats | None = None  # None when the cache was not used

    @property
    def degraded(self) -> list[tuple[str, str]]:
        """(document, note) for documents that were read with problems."""
        return [(r.meta.path, note) for r in self.results for note in r.notes]

    @property
    def complete(self) -> bool:
        """Whether every file was read without loss (what ``--strict`` demands)."""
        return not self.skipped and not self.degraded


def extract_all(
    nlp: Language,
    documents: list[Document],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[DocResult], list[Skipped]]:
    """Results for every document with a loaded pipeline, and the documents it failed on."""
    results: list[DocResult] = []
    failed: list[Skipped] = []
    for item in extract_safely(nlp, documents):
        if isinstance(item, Skipped):
            failed.append(item)
        else:
            results.append(item)
        if progress is not None:
            progress(len(results) + len(failed), len(documents))
    return results, failed


def build(
    source: str | Path,
    *,
    model: str | None = None,
    published: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    languages: tuple[str, ...] | None = DEFAULT_LANGUAGES,
    strict: bool = False,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    follow_links: bool = False,
    scheduler: str | None = None,
    cluster_workers: int | None = None,
) -> BuildResult:
    """Build the chronology of a folder (or file) of documents.

    Args:
        source: folder of ``.txt``/``.md`` documents, or one document.
        model: spaCy model name or path; by default the installed small English model.
        published: document date for documents that state none (``YYYY-MM-DD``).
        encoding: encoding of files that declare none (default: UTF-8, else detected).
        max_bytes: files larger than this are skipped (``.jsonl``: records larger than this).
        languages: ISO 639-1 codes of documents to keep (others are skipped); None keeps all.
        strict: raise :class:`IncompleteInput` (carrying the report) if any file is skipped
            or read with a loss, before the model is loaded.
        progress: called with (documents done, documents found so far) as results arrive;
            with ``strict``, the total is known from the start.
        jobs: processes for the extraction; ``None`` for every core, 1 for this process only.
        cache_dir: folder of the incremental cache; by default the user's cache folder.
        use_cache: read and write cached per-document results.
        follow_links: read symbolic links to outside the folder (each is reported); by
            default they are skipped with the reason.
        scheduler: run on a Dask cluster (``tcp://HOST:PORT``, or ``local`` for one of
            ``cluster_workers`` processes here); ``source`` and ``cache_dir`` may then be
            fsspec URLs. See :func:`timeline.cluster.build_on_cluster` (``jobs`` is not used
            there: the workers are the cluster's).
    """
    if published is not None:
        published = parse_published(published)
    options = ReadOptions(
        published=published,
        encoding=encoding,
        max_bytes=max_bytes,
        languages=languages,
        follow_links=follow_links,
    )
    if scheduler is not None:
        # Imported here: Dask is an optional extra (pip install "timeline[dask]").
        from .cluster import build_on_cluster

        return build_on_cluster(
            source,
            scheduler=scheduler,
            options=options,
            model=model,
            workers=cluster_workers,
            strict=strict,
            progress=progress,
            cache_dir=cache_dir,
            use_cache=use_cache,
        )
    if use_cache and cache_dir is not None and "://" in str(cache_dir):
        raise TimelineError(
            f"--cache-dir {cache_dir}: a cache at a URL is read by a cluster's workers; "
            "add --scheduler local (or tcp://HOST:PORT), or give a local folder"
        )
    read_ahead: list[Document | Note] | None = None
    if strict:
        # Strict checks the whole input before extracting anything, so it reads it up front.
        corpus = read_corpus(source, options=options)
        if corpus.skipped or corpus.degraded:
            raise IncompleteInput(corpus.skipped, corpus.degraded, corpus.notes)
        read_ahead = [*corpus.documents, *corpus.notes]
    cache = open_cache(cache_dir, model=model) if use_cache else None
    jobs = useful_jobs(source, default_jobs() if jobs is None else max(1, jobs))
    with ExitStack() as stack:
        # With several jobs, the workers start when the first file has to be read (not
        # replayed from the cache), and load the model while this process reads the rest.
        workers = stack.enter_context(Workers(model=model, jobs=jobs)) if jobs > 1 else None
        built = _build(
            source,
            options=options,
            read_ahead=read_ahead,
            cache=cache,
            store=_annotation_store(cache, model, stack),
            workers=workers,
            model=model,
            progress=progress,
        )
    if strict and not built.complete:
        raise IncompleteInput(built.skipped, built.degraded, built.notes)
    return built


def _build(
    source: str | Path,
    *,
    options: ReadOptions,
    read_ahead: list[Document | Note] | None,
    cache: ResultCache | None,
    store: AnnotationStore,
    workers: Workers | None,
    model: str | None,
    progress: Callable[[int, int], None] | None,
) -> BuildResult:
    """:func:`build` once its options are checked: ``read_ahead`` holds the corpus already
    read (with ``strict``), else the folder is read as it is extracted."""
    reader = None
    if cache is not None:
        reader = FileReader(cache, options, before_read=workers.start if workers else None)
    documents: Iterable[Document | Skipped | Note] = read_ahead or ()
    if read_ahead is None:
        read: Callable[..., Any] | None = reader
        if reader is None and workers is not None:
            read = _starting(workers, read_file)
        documents = iter_corpus(source, options=options, read=read)
    expected = expected_documents(source) if progress is not None else 0
    run = _Run(cache, reader, store, workers, model, progress, expected)
    # persons and places stand for their states when events are compared (gazetteer.yaml)
    affiliation = load_gazetteer().affiliation
    run.extract(run.read(documents))  # read → annotate → extract(document, its date)
    run.extract(run.dated_by_collection())  # documents without a date: the collection's
    run.extract(run.dated_by_other_documents(affiliation))  # … or the day others give
    return run.merged(affiliation)


class _Run:
    """One build's state: the documents read, skipped and extracted, and the cache keys."""

    def __init__(
        self,
        cache: ResultCache | None,
        reader: FileReader | None,
        store: AnnotationStore,
        workers: Workers | None,
        model: str | None,
        progress: Callable[[int, int], None] | None,
        expected: int,
    ) -> None:
        self.cache, self.reader, self.store = cache, reader, store
        self.workers, self.model = workers, model
        self.progress, self.expected = progress, expected
        self.skipped: list[Skipped] = []
        self.notes: list[Note] = []
        self.results: dict[str, DocResult] = {}
        self.keys: dict[str, str] = {}
        # Documents that state no date are extracted like the others, then again once every
        # document has been read, with the collection's date as a hint (see corpus_hint), and
        # again with a date from the other documents: only the rules run again, on the model's
        # annotation kept in ``store``.
        self.undated: dict[str, Document] = {}
        self.base_keys: dict[str, str] = {}  # undated document → its key before a corpus date
        self.recomputed: set[str] = set()  # documents extracted in this build
        self.stated: list[str] = []
        self.found = 0

    def read(self, documents: Iterable[Document | Skipped | Note]) -> Iterator[Document]:
        """The documents to extract (not those whose result is cached), as they are read."""
        for item in documents:
            if isinstance(item, Skipped):
                self.skipped.append(item)
                continue
            if isinstance(item, Note):
                self.notes.append(item)
                continue
            self.found += 1
            if item.meta.dct is None:
                self.undated[item.path] = item
            elif item.meta.dct_source in STATED_DCT_SOURCES:
                self.stated.append(item.meta.dct)
            document = self._prepared(item)
            if document is not None:
                yield document

    def extract(self, stream: Iterable[Document]) -> None:
        """Extract the documents (in the workers when there are) and keep their results."""
        extracted = extract_documents(
            stream, model=self.model, jobs=1, workers=self.workers, store=self.store
        )
        for result in extracted:
            if isinstance(result, Skipped):  # the extraction failed on it (a bug): not cached
                self.skipped.append(result)
                self.results.pop(result.path, None)
                self.keys.pop(result.path, None)
                continue
            if self.cache is not None:
                self.cache.put(self.keys.pop(result.meta.path), result)
            self.recomputed.add(result.meta.path)
            self._record(result)

    def dated_by_collection(self) -> Iterator[Document]:
        """Documents without a date again, with the collection's date as a hint."""
        hint = max(self.stated, default=None)
        if hint is None:
            return
        for item in self.undated.values():
            if (document := self._prepared(item, hint, dct_hint=hint)) is not None:
                yield document

    def dated_by_other_documents(
        self, affiliation: Callable[[str], frozenset[str]]
    ) -> Iterator[Document]:
        """Documents whose date only the other documents give, again with that date."""
        dated = dates_from_other_documents(self.results.values(), affiliation=affiliation)
        for path, day in sorted(dated.items()):
            if path not in self.undated:
                continue
            variant = f"dct={day}"
            document = self._prepared(self.undated[path], variant, dct=day, dct_source="corpus")
            if document is not None:
                yield document

    def merged(self, affiliation: Callable[[str], frozenset[str]]) -> BuildResult:
        """The chronology of every result, merged in path order, with the build report."""
        ordered = [self.results[path] for path in sorted(self.results)]
        stats = None
        if self.cache is not None:
            stats = _document_stats(self.cache, len(ordered), self.recomputed)
        return BuildResult(
            timeline=merge_results(ordered, affiliation=affiliation),
            results=ordered,
            skipped=self.skipped,
            notes=self.notes,
            cache=stats,
        )

    def _record(self, result: DocResult) -> None:
        if result.meta.dct_hint is not None:  # an input of the extraction, not a result
            result = dataclasses.replace(
                result, meta=dataclasses.replace(result.meta, dct_hint=None)
            )
        again = result.meta.path in self.results  # re-dated: progress already counted it
        self.results[result.meta.path] = result
        if self.progress is not None and not again:
            self.progress(len(self.results), max(self.expected, self.found))

    def _prepared(self, item: Document, variant: str | None = None, **meta: Any) -> Document | None:
        """The document to extract with its metadata changed by ``meta`` (``variant`` names
        the change for the cache key), or ``None`` when its result was cached."""
        if self.cache is not None:
            key = self._key(item, variant)
            cached = self.cache.get(key)
            if cached is not None:
                self._record(cached)
                return None
            reader = self.reader
            if not item.text and reader is not None and item.path in reader.sources:
                # The file was unchanged but its result is gone: read it for its text.
                item = reader.reread(item)
                if variant is None:
                    key = self.cache.key(item)
            self.keys[item.path] = key
        if meta:
            item = Document(dataclasses.replace(item.meta, **meta), item.text, item.notes)
        return item

    def _key(self, item: Document, variant: str | None) -> str:
        assert self.cache is not None
        known = self.reader.known.pop(item.path, None) if self.reader is not None else None
        base = self.base_keys.get(item.path) or known or self.cache.key(item)
        self.base_keys[item.path] = base
        return base if variant is None else self.cache.hinted_key(base, variant)


def _document_stats(cache: ResultCache, documents: int, recomputed: set[str]) -> CacheStats:
    """The cache's figures per document: a hit is a document whose results all came from the
    cache (a document re-dated by the corpus is looked up more than once)."""
    stats = cache.stats
    return CacheStats(
        hits=documents - len(recomputed),
        misses=len(recomputed),
        corrupt=stats.corrupt,
        written=stats.written,
    )


def _annotation_store(
    cache: ResultCache | None, model: str | None, stack: ExitStack
) -> AnnotationStore:
    """Where the model's annotations are kept: in the cache folder (every document's, for
    later builds too), or without a cache in a temporary folder for this build (only those of
    documents that state no date, which the corpus may re-date)."""
    if cache is not None:
        return AnnotationStore(cache.directory, model=cache.context["model"])
    folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="timeline-annotations-"))
    return AnnotationStore(Path(folder), model=model or "default", keep_all=False)


def _starting(workers: Workers, read: Callable[..., Any]) -> Callable[..., Any]:
    """``read``, which starts the workers first."""

    def reading(*args: Any, **kwargs: Any) -> Any:
        workers.start()
        return read(*args, **kwargs)

    return reading
