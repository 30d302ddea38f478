"""The whole chain: ingest → per-document extraction → merge, as one library call.

``build`` is what ``timeline build`` runs; it returns the merged :class:`Timeline` together with
a report of what was skipped or degraded. It never prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .extract import extract
from .ingest import Skipped, parse_published, read_corpus
from .merge import merge_results
from .model import DocResult, Timeline
from .nlp import load_pipeline


@dataclass
class BuildResult:
    timeline: Timeline
    results: list[DocResult]
    skipped: list[Skipped] = field(default_factory=list)

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
) -> BuildResult:
    """Build the chronology of a folder (or file) of documents.

    Args:
        source: folder of ``.txt``/``.md`` documents, or one document.
        model: spaCy model name or path; by default the installed small English model.
        published: document date for documents that state none (``YYYY-MM-DD``).
        progress: called with (documents done, total) as extraction proceeds.
    """
    if published is not None:
        published = parse_published(published)
    corpus = read_corpus(source, published=published)
    nlp = load_pipeline(model)
    results = []
    total = len(corpus.documents)
    for done, result in enumerate(extract(nlp, corpus.documents), 1):
        results.append(result)
        if progress is not None:
            progress(done, total)
    timeline = merge_results(results)
    return BuildResult(timeline=timeline, results=results, skipped=corpus.skipped)
