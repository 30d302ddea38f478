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
import itertools
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
from .errors import IncompleteInput
from .extract import extract_safely
from .ingest import (
    DEFAULT_LANGUAGES,
    DEFAULT_MAX_BYTES,
    Note,
    ReadOptions,
    Skipped,
    iter_corpus,
    parse_published,
    read_corpus,
    read_file,
)
from .merge import merge_results
from .model import DocResult, Document, DocumentMeta, Timeline
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
        scheduler: run on a Dask cluster (``tcp://HOST:PORT``, or ``local`` for one of
            ``cluster_workers`` processes here); ``source`` may then be an fsspec URL. See
            :func:`timeline.cluster.build_on_cluster` (the cache is not used there).
    """
    if published is not None:
        published = parse_published(published)
    options = ReadOptions(
        published=published, encoding=encoding, max_bytes=max_bytes, languages=languages
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
        )
    read_ahead: list[Document | Note] | None = None
    if strict:
        # Strict checks the whole input before extracting anything, so it reads it up front.
        corpus = read_corpus(source, options=options)
        if corpus.skipped or corpus.degraded:
            raise IncompleteInput(corpus.skipped, corpus.degraded, corpus.notes)
        read_ahead = [*corpus.documents, *corpus.notes]
    cache = open_cache(cache_dir, model=model) if use_cache else None
    jobs = _useful_jobs(source, default_jobs() if jobs is None else max(1, jobs))
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
    skipped: list[Skipped] = []
    notes: list[Note] = []
    documents: Iterable[Document | Skipped | Note] = read_ahead or ()
    reader: _FileReader | None = None
    if cache is not None:
        reader = _FileReader(cache, options, before_read=workers.start if workers else None)
    if read_ahead is None:
        read: Callable[..., Any] | None = reader
        if reader is None and workers is not None:
            read = _starting(workers, read_file)
        documents = iter_corpus(source, options=options, read=read)
    results: dict[str, DocResult] = {}
    keys: dict[str, str] = {}
    # Documents that state no date are extracted like the others, then again once every
    # document has been read, with the collection's date as a hint (see corpus_hint), and
    # again with a date from the other documents: only the rules run again, on the model's
    # annotation kept in ``store``.
    undated: dict[str, Document] = {}
    base_keys: dict[str, str] = {}  # undated document → its key before any corpus date
    recomputed: set[str] = set()  # documents extracted in this build (not all from the cache)
    stated: list[str] = []
    found = 0
    expected = _expected_documents(source) if progress is not None else 0

    def record(result: DocResult) -> None:
        if result.meta.dct_hint is not None:  # an input of the extraction, not a result
            result = dataclasses.replace(
                result, meta=dataclasses.replace(result.meta, dct_hint=None)
            )
        again = result.meta.path in results  # re-dated: progress already counted it
        results[result.meta.path] = result
        if progress is not None and not again:
            progress(len(results), max(expected, found))

    def prepared(item: Document, variant: str | None = None, **meta: Any) -> Document | None:
        """The document to extract with its metadata changed by ``meta`` (``variant`` names
        the change for the cache key), or ``None`` when its result was cached."""
        if cache is not None:
            known = reader.known.pop(item.path, None) if reader is not None else None
            base = base_keys.get(item.path) or known or cache.key(item)
            base_keys[item.path] = base
            key = base if variant is None else cache.hinted_key(base, variant)
            cached = cache.get(key)
            if cached is not None:
                record(cached)
                return None
            if not item.text and reader is not None and item.path in reader.sources:
                # The file was unchanged but its result is gone: read it for its text.
                item = reader.reread(item)
                if variant is None:
                    key = cache.key(item)
            keys[item.path] = key
        if meta:
            item = Document(dataclasses.replace(item.meta, **meta), item.text, item.notes)
        return item

    def to_extract() -> Iterator[Document]:
        nonlocal found
        for item in documents:
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            if isinstance(item, Note):
                notes.append(item)
                continue
            found += 1
            if item.meta.dct is None:
                undated[item.path] = item
            elif item.meta.dct_source in STATED_DCT_SOURCES:
                stated.append(item.meta.dct)
            document = prepared(item)
            if document is not None:
                yield document

    def extracted(stream: Iterable[Document]) -> None:
        documents = extract_documents(stream, model=model, jobs=1, workers=workers, store=store)
        for result in documents:
            if isinstance(result, Skipped):  # the extraction failed on it (a bug): not cached
                skipped.append(result)
                results.pop(result.path, None)
                keys.pop(result.path, None)
                continue
            if cache is not None:
                cache.put(keys.pop(result.meta.path), result)
            recomputed.add(result.meta.path)
            record(result)

    extracted(to_extract())
    hint = max(stated, default=None)
    if hint is not None:
        extracted(
            document
            for item in undated.values()
            if (document := prepared(item, hint, dct_hint=hint)) is not None
        )
    # Documents whose date only the other documents give: extracted again with that date.
    # persons and places stand for their states when events are compared (gazetteer.yaml)
    affiliation = load_gazetteer().affiliation
    dated = dates_from_other_documents(results.values(), affiliation=affiliation)
    extracted(
        document
        for path, day in sorted(dated.items())
        if path in undated
        and (document := prepared(undated[path], f"dct={day}", dct=day, dct_source="corpus"))
        is not None
    )
    ordered = [results[path] for path in sorted(results)]
    return BuildResult(
        timeline=merge_results(ordered, affiliation=affiliation),
        results=ordered,
        skipped=skipped,
        notes=notes,
        cache=_document_stats(cache, len(ordered), recomputed) if cache is not None else None,
    )


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


def _useful_jobs(source: str | Path, jobs: int) -> int:
    """``jobs``, but no more than there are documents: a worker extracts whole documents, so
    one per file is the most that can work at once (files of records may hold any number)."""
    from . import formats
    from .ingest import iter_entries

    if jobs == 1:
        return 1
    root = Path(source)
    entries = iter_entries(root) if root.is_dir() else iter([(root, None)])
    files = 0
    for path, problem in entries:
        kind = formats.format_of(path.suffix)
        if problem is None and kind in ("json", "jsonl"):
            return jobs
        if problem is None and kind is not None:
            files += 1
            if files >= jobs:
                return jobs
    return max(1, files)


def _expected_documents(source: str | Path) -> int:
    """How many documents a progress bar should expect: the readable files (a file of records
    may hold more, a skipped one none). Lists names only."""
    from . import formats
    from .ingest import iter_entries

    root = Path(source)
    if not root.is_dir():
        return 1
    return sum(
        1
        for path, problem in iter_entries(root)
        if problem is None and formats.format_of(path.suffix) is not None
    )


class _FileReader:
    """:func:`read_file` that remembers what each file gave, so an unchanged file is not read,
    decoded and checked again: its documents come back without their text, and with the keys
    of their cached results (see :attr:`known`), when every one of those results is cached.

    A file counts as unchanged while its name, size, times and inode and the read options and
    its manifest entry are; the text digests it added to the read-once register are replayed,
    and a file whose text an earlier file now has is read again.
    """

    def __init__(
        self,
        cache: ResultCache,
        options: ReadOptions,
        *,
        before_read: Callable[[], None] | None = None,
    ) -> None:
        self.cache = cache
        self.options = options
        self.before_read = before_read  # called before a file is read (not replayed)
        self.known: dict[str, str] = {}  # document path → result key, for text-less documents
        self.sources: dict[str, tuple[Path, str, dict[str, Any] | None]] = {}

    def __call__(
        self,
        path: Path,
        relative: str,
        *,
        manifest_meta: dict[str, Any] | None = None,
        options: ReadOptions | None = None,
        seen: dict[str, str] | None = None,
    ) -> tuple[list[Document], list[Skipped], list[Note]]:
        options = options or self.options
        try:
            info = path.stat()
        except OSError:
            return read_file(
                path, relative, manifest_meta=manifest_meta, options=options, seen=seen
            )
        context = {"options": dataclasses.asdict(options), "manifest": manifest_meta}
        file_key = self.cache.file_key(relative, info, context)
        entry = self.cache.get_file(file_key)
        if entry is not None:
            replayed = self._replay(entry, path, relative, manifest_meta, seen)
            if replayed is not None:
                return replayed
        if self.before_read is not None:
            self.before_read()
        before = len(seen) if seen is not None else 0
        documents, skipped, notes = read_file(
            path, relative, manifest_meta=manifest_meta, options=options, seen=seen
        )
        added = list(itertools.islice(seen.items(), before, None)) if seen is not None else []
        self.cache.put_file(
            file_key,
            {
                "documents": [
                    {
                        "meta": dataclasses.asdict(d.meta),
                        "notes": list(d.notes),
                        "key": self.cache.key(d),
                    }
                    for d in documents
                ],
                "skipped": [dataclasses.asdict(item) for item in skipped],
                "notes": [dataclasses.asdict(note) for note in notes],
                "seen": [list(pair) for pair in added],
            },
        )
        return documents, skipped, notes

    def _replay(
        self,
        entry: dict[str, Any],
        path: Path,
        relative: str,
        manifest_meta: dict[str, Any] | None,
        seen: dict[str, str] | None,
    ) -> tuple[list[Document], list[Skipped], list[Note]] | None:
        try:
            digests = [(str(digest), str(name)) for digest, name in entry["seen"]]
            if seen is not None and any(digest in seen for digest, _ in digests):
                return None
            listed = [
                (DocumentMeta(**d["meta"]), tuple(d["notes"]), str(d["key"]))
                for d in entry["documents"]
            ]
            # (An undated document's result is stored under its key with the collection's date
            # as hint, unknown here: if that one is gone, build reads the file again.)
            if not all(meta.dct is None or self.cache.has(key) for meta, _notes, key in listed):
                return None
            skipped = [Skipped(**item) for item in entry["skipped"]]
            notes = [Note(**note) for note in entry["notes"]]
        except (KeyError, TypeError, ValueError):
            return None
        if seen is not None:
            seen.update(digests)
        documents = []
        for meta, doc_notes, key in listed:
            documents.append(Document(meta, "", doc_notes))
            self.known[meta.path] = key
            self.sources[meta.path] = (path, relative, manifest_meta)
        return documents, skipped, notes

    def reread(self, document: Document) -> Document:
        """The document with its text, read again from its file."""
        path, relative, manifest_meta = self.sources[document.path]
        documents, _skipped, _notes = read_file(
            path, relative, manifest_meta=manifest_meta, options=self.options
        )
        return next((d for d in documents if d.path == document.path), document)
