"""The whole chain: ingest → per-document extraction → merge, as one library call.

``build`` is what ``timeline build`` runs; it returns the merged :class:`Timeline` together with
a report of what was skipped or degraded. It never prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IncompleteInput
from .extract import extract
from .ingest import (
    DEFAULT_LANGUAGES,
    DEFAULT_MAX_BYTES,
    Note,
    ReadOptions,
    Skipped,
    parse_published,
    read_corpus,
)
from .merge import merge_results
from .model import DocResult, Timeline
from .nlp import load_pipeline


@dataclass
class BuildResult:
    """The chronology and the build report: what was skipped, degraded or worth a note."""

    timeline: Timeline
    results: list[DocResult]
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def degraded(self) -> list[tuple[str, str]]:
        """(document, note) for documents that were read with problems."""
        return [(r.meta.path, note) for r in self.results for note in r.notes]

    @property
    def complete(self) -> bool:
        """Whether every file was read without loss (what ``--strict`` demands)."""
        return not self.skipped and not self.degraded


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
        progress: called with (documents done, total) as extraction proceeds.
    """
    if published is not None:
        published = parse_published(published)
    options = ReadOptions(
        published=published, encoding=encoding, max_bytes=max_bytes, languages=languages
    )
    corpus = read_corpus(source, options=options)
    if strict and (corpus.skipped or corpus.degraded):
        raise IncompleteInput(corpus.skipped, corpus.degraded, corpus.notes)
    nlp = load_pipeline(model)
    results = []
    total = len(corpus.documents)
    for done, result in enumerate(extract(nlp, corpus.documents), 1):
        results.append(result)
        if progress is not None:
            progress(done, total)
    timeline = merge_results(results)
    built = BuildResult(
        timeline=timeline, results=results, skipped=corpus.skipped, notes=corpus.notes
    )
    if strict and not built.complete:
        raise IncompleteInput(built.skipped, built.degraded, built.notes)
    return built
