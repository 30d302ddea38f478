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

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .cache import CacheStats, open_cache
from .extract import extract_documents
from .ingest import Skipped, iter_corpus, parse_published
from .merge import merge_results
from .model import DocResult, Document, Timeline


@dataclass
class BuildResult:
    timeline: Timeline
    results: list[DocResult]
    skipped: list[Skipped] = field(default_factory=list)
    cache: CacheStats | None = None  # None when the cache was not used

    @property
    def degraded(self) -> list[tuple[str, str]]:
        """(document, note) for documents that were read with problems."""
        return [(r.meta.path, note) for r in self.results for note in r.notes]


def build(
    source: str | Path,
    *,
    model: str | None = None,
    published: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
) -> BuildResult:
    """Build the chronology of a folder (or file) of documents.

    Args:
        source: folder of ``.txt``/``.md`` documents, or one document.
        model: spaCy model name or path; by default the installed small English model.
        published: document date for documents that state none (``YYYY-MM-DD``).
        progress: called with (documents done, documents found so far) as results arrive.
        jobs: processes for the extraction; ``None`` for every core, 1 for this process only.
        cache_dir: folder of the incremental cache; by default the user's cache folder.
        use_cache: read and write cached per-document results.
    """
    if published is not None:
        published = parse_published(published)
    cache = open_cache(cache_dir, model=model) if use_cache else None
    results: dict[str, DocResult] = {}
    skipped: list[Skipped] = []
    keys: dict[str, str] = {}
    found = 0

    def record(result: DocResult) -> None:
        results[result.meta.path] = result
        if progress is not None:
            progress(len(results), found)

    def to_extract() -> Iterator[Document]:
        nonlocal found
        for item in iter_corpus(source, published=published):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            found += 1
            if cache is not None:
                key = cache.key(item.meta, item.notes)
                cached = cache.get(key)
                if cached is not None:
                    record(cached)
                    continue
                keys[item.path] = key
            yield item

    for result in extract_documents(to_extract(), model=model, jobs=jobs):
        if cache is not None:
            cache.put(keys.pop(result.meta.path), result)
        record(result)
    ordered = [results[path] for path in sorted(results)]
    timeline = merge_results(ordered)
    return BuildResult(
        timeline=timeline,
        results=ordered,
        skipped=skipped,
        cache=cache.stats if cache is not None else None,
    )
