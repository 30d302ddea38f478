"""``timeline build --scheduler …``: the build of :func:`timeline.pipeline.build` with the
reading and extraction on a Dask cluster and the partitioned merge.

The client lists the source (names and sizes), hands batches of files to the workers and
gathers their compact results as they complete. It then applies, in listing order, what a
local build decides while it reads: a text read before is read once (a file holding one is
read again on a worker, knowing the earlier texts); documents that state no date are
extracted again with the collection's date as a hint, and those the other documents date
again with that date (:mod:`timeline.corpus`), each on the worker that read it (which kept
the model's annotation of it) or from the cache. The results, in path order, go to
:func:`timeline.merge.partition.merge_results_partitioned` — so the chronology is the one
``--jobs 1`` gives on the same input.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from distributed import Client, as_completed

from ..actors import load_gazetteer
from ..cache import CacheStats
from ..docdate.corpus import STATED_DCT_SOURCES, dates_from_other_documents
from ..errors import IncompleteInput, InputError
from ..ingest import Corpus, Note, ReadOptions, Skipped
from ..ingest.files import nothing_read
from ..merge.partition import merge_results_partitioned
from ..model import DocResult, Document
from ..pipeline import BuildResult
from ..workers import TASK_CHARS
from .cache import CacheSpec, FolderResultCache, cache_spec
from .engine import (
    RETRIES,
    Change,
    Extracted,
    FileOutcome,
    GazetteerAffiliation,
    batches,
    connect,
    extract_again,
    read_and_extract,
)
from .rerun import Replayed, file_key, replayed, unchanged_files
from .sources import Listed, SourceFile, list_sources, local_path
from .tasks import DaskTasks

Progress = Callable[[int, int], None]


def build_on_cluster(
    source: str | Path,
    *,
    scheduler: str,
    options: ReadOptions,
    model: str | None = None,
    workers: int | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
) -> BuildResult:
    """Build the chronology of ``source`` (a folder, a file or an fsspec URL) on a cluster.

    Args:
        source: local folder or file, or a URL (``s3://bucket/prefix/``, ``file://…``, a glob).
        scheduler: ``tcp://HOST:PORT`` of a running Dask scheduler, or ``local`` for a
            ``LocalCluster`` of ``workers`` processes on this machine.
        options: how to read the documents.
        model: spaCy model name or path, loaded once by each worker process.
        workers: worker processes of a local cluster (default: every core).
        strict: raise :class:`IncompleteInput` if any file is skipped or read with a loss.
        progress: called with (documents done, documents expected) as results arrive.
        cache_dir: the incremental cache, a folder or an fsspec URL that every worker
            reaches (by default the user's cache folder: right for ``local``).
        use_cache: read and write cached results and annotations (on the workers).
    """
    cache = cache_spec(cache_dir, model=model) if use_cache else None
    listed = list_sources(source, options=options)
    files = [(i, item) for i, item in enumerate(listed) if isinstance(item, SourceFile)]
    lookup = cache.results() if cache is not None else None  # the client's own lookups
    unchanged = unchanged_files(files, options, lookup) if lookup is not None else {}
    changed = [(position, file) for position, file in files if position not in unchanged]
    # The workers load the model as they start only if a file is to be read: a rerun with
    # nothing changed may still extract a document again (then the model loads on first use).
    with connect(scheduler, workers=workers, model=model, preload=bool(changed)) as client:
        run = _Run(
            client, options, model, progress, expected=len(files), cache=cache, lookup=lookup
        )
        outcomes = run.replay(unchanged)
        outcomes.update(run.first_pass(changed))
        outcomes = run.read_once(files, outcomes)
        built = run.finish(listed, outcomes)
    if not any(outcome.documents for outcome in outcomes.values()):
        root = local_path(source) or Path(str(source))
        raise InputError(root, nothing_read(Corpus(root=root, skipped=built.skipped)))
    if strict and not built.complete:
        raise IncompleteInput(built.skipped, built.degraded, built.notes)
    return built


class _Run:
    """One build's client-side state."""

    def __init__(
        self,
        client: Client,
        options: ReadOptions,
        model: str | None,
        progress: Progress | None,
        *,
        expected: int,
        cache: CacheSpec | None = None,
        lookup: FolderResultCache | None = None,
    ) -> None:
        self.client = client
        self.options = options
        self.model = model
        self.progress = progress
        self.expected = expected
        self.cache = cache
        self.done = 0
        self.computed: set[str] = set()  # documents extracted (not found in the cache)
        self.written = self.corrupt = 0
        self.worker: dict[int, str] = {}  # listing position → the worker that read the file
        self.keys: dict[str, str] = {}  # replayed document → the key of its result
        self.lookup = lookup  # the client's own lookups in the cache

    def _count(self, extracted: Extracted) -> None:
        self.computed.update(extracted.computed)
        self.written += extracted.written
        self.corrupt += extracted.corrupt

    def _tick(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, max(self.expected, self.done))

    def replay(
        self, unchanged: dict[int, tuple[Replayed, tuple[DocResult, ...]]]
    ) -> dict[int, FileOutcome]:
        """The outcomes of the files unchanged since a build with this cache, from their
        entries and results (nothing read, nothing extracted), by listing position."""
        outcomes: dict[int, FileOutcome] = {}
        for position, (replay, results) in sorted(unchanged.items()):
            outcomes[position] = FileOutcome(
                position=position,
                documents=replay.documents,
                results=results,
                skipped=replay.skipped,
                notes=replay.notes,
                digests=replay.digests,
            )
            self.keys.update(zip((d.path for d in replay.documents), replay.keys, strict=True))
            self._tick(len(results))
        return outcomes

    def first_pass(self, files: list[tuple[int, SourceFile]]) -> dict[int, FileOutcome]:
        """Every file read and its dated documents extracted, by listing position."""
        # The largest batches first, so that no worker is left with a long one at the end.
        ordered = sorted(batches(files), key=lambda batch: -sum(f.size for _, f in batch))
        futures = [
            self.client.submit(
                read_and_extract,
                batch,
                self.options,
                self.model,
                cache=self.cache,
                retries=RETRIES,
                pure=False,
            )
            for batch in ordered
        ]
        outcomes: dict[int, FileOutcome] = {}
        for future in as_completed(futures):
            batch_outcomes = future.result()
            for outcome in batch_outcomes:
                outcomes[outcome.position] = outcome
                self._tick(len(outcome.results))
            self._count(batch_outcomes[0].extracted)
            worker = batch_outcomes[0].extracted.worker
            if worker is not None:
                self.worker.update((outcome.position, worker) for outcome in batch_outcomes)
            future.release()
        return outcomes

    def read_once(
        self, files: list[tuple[int, SourceFile]], outcomes: dict[int, FileOutcome]
    ) -> dict[int, FileOutcome]:
        """The outcomes with the read-once rule applied across files: a file holding a text
        an earlier file holds is read again (on a worker) knowing those earlier texts, and
        keeps the results of the documents it still holds."""
        seen: dict[str, str] = {}
        again: list[tuple[int, SourceFile, dict[str, str]]] = []
        for position, file in files:
            outcome = outcomes[position]
            repeated = {d: seen[d] for d, _name in outcome.digests if d in seen}
            if repeated:
                again.append((position, file, repeated))
            for digest, name in outcome.digests:
                seen.setdefault(digest, name)
        replays = self._replayed_again(again, outcomes)
        futures = [
            self.client.submit(
                read_and_extract,
                ((position, file),),
                self.options,
                self.model,
                cache=self.cache,
                seen=repeated,
                extract=False,
                retries=RETRIES,
                pure=False,
            )
            for position, file, repeated in again
            if position not in replays
        ]
        rereads = [future.result()[0] for future in futures]
        for reread in [*replays.values(), *rereads]:
            kept = {d.path for d in reread.documents}
            before = outcomes[reread.position]
            outcomes[reread.position] = dataclasses.replace(
                reread, results=tuple(r for r in before.results if _path(r) in kept)
            )
        return outcomes

    def _replayed_again(
        self,
        again: list[tuple[int, SourceFile, dict[str, str]]],
        outcomes: dict[int, FileOutcome],
    ) -> dict[int, FileOutcome]:
        """The files to read again under the read-once rule whose reading, knowing the
        same earlier texts, a build with this cache stored (from their entries)."""
        lookup = self.lookup
        if lookup is None:
            return {}
        keys: dict[int, str] = {}
        for position, file, repeated in again:
            digest = outcomes[position].sha256 if file.version is None else None
            key = file_key(lookup, file, self.options, digest=digest, seen=repeated)
            if key is not None:
                keys[position] = key
        entries = lookup.get_files(keys.values())
        found: dict[int, FileOutcome] = {}
        for position, file, _repeated in again:
            entry = entries.get(keys.get(position, ""))
            replay = replayed(entry, file.relative) if entry is not None else None
            if replay is not None:
                found[position] = FileOutcome(
                    position, replay.documents, (), replay.skipped, replay.notes, replay.digests
                )
        return found

    def finish(self, listed: list[Listed], outcomes: dict[int, FileOutcome]) -> BuildResult:
        """The build from the first pass: undated documents extracted again with the
        collection's date as a hint, then with the dates other documents give them; the
        partitioned merge."""
        skipped: list[Skipped] = []
        notes: list[Note] = []
        results: dict[str, DocResult] = {}
        undated: dict[str, tuple[int, SourceFile, Document]] = {}
        stated: list[str] = []
        for position, item in enumerate(listed):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            if isinstance(item, Note):
                notes.append(item)
                continue
            outcome = outcomes[position]
            skipped.extend(outcome.skipped)
            notes.extend(outcome.notes)
            for document in outcome.documents:
                if document.meta.dct is None:
                    undated[document.path] = (position, item, document)
                elif document.meta.dct_source in STATED_DCT_SOURCES:
                    stated.append(document.meta.dct)
            self._record(outcome.results, results, skipped)
        hint = max(stated, default=None)
        if hint is not None:
            changes = {path: ({"dct_hint": hint}, hint) for path in undated}
            self._record(self._again(undated, changes), results, skipped)
        affiliation = load_gazetteer().affiliation
        dated = dates_from_other_documents(results.values(), affiliation=affiliation)
        again = {
            path: ({"dct": day, "dct_source": "corpus", "dct_hint": None}, f"dct={day}")
            for path, day in sorted(dated.items())
            if path in undated
        }
        self._record(self._again(undated, again), results, skipped)
        ordered = [results[path] for path in sorted(results)]
        timeline = merge_results_partitioned(
            ordered,
            affiliation=GazetteerAffiliation(),
            tasks=DaskTasks(self.client, retries=RETRIES),
        )
        stats = None
        if self.cache is not None:
            documents = len(ordered)
            computed = len(self.computed & results.keys())
            corrupt = self.corrupt + (self.lookup.stats.corrupt if self.lookup else 0)
            stats = CacheStats(documents - computed, computed, corrupt, self.written)
        return BuildResult(
            timeline=timeline, results=ordered, skipped=skipped, notes=notes, cache=stats
        )

    def _again(
        self,
        undated: dict[str, tuple[int, SourceFile, Document]],
        changes: dict[str, tuple[dict[str, Any], str]],
    ) -> list[DocResult | Skipped]:
        """Undated documents extracted again (on the workers) with their metadata changed:
        each file on the worker that read it, which kept the model's annotation of its
        undated documents (another worker if that one is gone: then the model runs again).
        The results of replayed documents are first looked up here, by their known keys."""
        asked = list(changes)
        found: list[DocResult | Skipped] = []
        if self.lookup is not None:
            keys = {
                path: self.lookup.hinted_key(self.keys[path], variant)
                for path, (_change, variant) in changes.items()
                if path in self.keys
            }
            cached = self.lookup.get_many(keys.values())
            found.extend(cached[key] for key in keys.values() if key in cached)
            done = {path for path, key in keys.items() if key in cached}
            changes = {path: change for path, change in changes.items() if path not in done}
        by_file: dict[int, tuple[SourceFile, list[Change]]] = {}
        for path, (change, variant) in changes.items():
            position, file, _document = undated[path]
            by_file.setdefault(position, (file, []))[1].append((path, change, variant))
        by_worker: dict[str | None, list[Job]] = {}
        for position, (file, wanted) in by_file.items():
            by_worker.setdefault(self.worker.get(position), []).append((file, tuple(wanted)))
        futures = [
            self.client.submit(
                extract_again,
                tuple(batch),
                self.options,
                self.model,
                self.cache,
                retries=RETRIES,
                pure=False,
                # (None: a file replayed from the cache, whose annotation no worker keeps)
                **({"workers": [worker], "allow_other_workers": True} if worker else {}),
            )
            for worker, jobs in by_worker.items()
            for batch in _job_batches(jobs)
        ]
        for future in as_completed(futures):
            extracted = future.result()
            found.extend(extracted.results)
            self._count(extracted)
            future.release()
        # In the order a local build extracts them (which the corpus dating reads them in).
        order = {path: i for i, path in enumerate(asked)}
        return sorted(found, key=lambda result: order.get(_path(result), len(order)))

    def _record(
        self,
        found: Iterable[DocResult | Skipped],
        results: dict[str, DocResult],
        skipped: list[Skipped],
    ) -> None:
        for result in found:
            if isinstance(result, Skipped):  # the extraction failed on it (a bug)
                skipped.append(result)
                results.pop(result.path, None)
                continue
            if result.meta.dct_hint is not None:  # an input of the extraction, not a result
                result = dataclasses.replace(
                    result, meta=dataclasses.replace(result.meta, dct_hint=None)
                )
            results[result.meta.path] = result


Job = tuple[SourceFile, tuple[Change, ...]]  # a file and the changes of its documents


def _job_batches(jobs: list[Job]) -> Iterable[list[Job]]:
    batch: list[Job] = []
    size = 0
    for job in jobs:
        if batch and size + job[0].size > TASK_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(job)
        size += job[0].size
    if batch:
        yield batch


def _path(result: DocResult | Skipped) -> str:
    return result.path if isinstance(result, Skipped) else result.meta.path
