"""The whole chain: ingest → per-document extraction → merge, as one library call.

``build`` is what ``timeline build`` runs; it returns the merged :class:`Timeline` together with
a report of what was skipped or degraded. It never prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

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
from .model import DocResult, Document, Timeline
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


def extract_all(
    nlp: Language,
    documents: list[Document],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[DocResult], list[Skipped]]:
    """Results for every document, and the documents the extraction failed on.

    A failure on one document is a bug, but must not cost the user the rest of the folder:
    after one, the remaining documents are extracted one at a time and any that fails again
    is reported as skipped with the error.
    """
    results: list[DocResult] = []
    total = len(documents)
    try:
        for result in extract(nlp, documents):
            results.append(result)
            if progress is not None:
                progress(len(results), total)
    except Exception:
        # Somewhere in the current batch: find the document by reading the rest one by one.
        return results, _extract_one_by_one(nlp, documents, results, progress=progress)
    return results, []


def _extract_one_by_one(
    nlp: Language,
    documents: list[Document],
    results: list[DocResult],
    *,
    progress: Callable[[int, int], None] | None,
) -> list[Skipped]:
    failed: list[Skipped] = []
    for document in documents[len(results) :]:
        try:
            results.extend(extract(nlp, [document]))
        except Exception as error:
            reason = (
                f"extraction failed ({type(error).__name__}: {str(error)[:200]}); "
                "this is a bug, please report it"
            )
            failed.append(Skipped(document.path, reason))
        if progress is not None:
            progress(len(results) + len(failed), len(documents))
    return failed


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
    results, failed = extract_all(nlp, corpus.documents, progress=progress)
    timeline = merge_results(results)
    built = BuildResult(
        timeline=timeline,
        results=results,
        skipped=[*corpus.skipped, *failed],
        notes=corpus.notes,
    )
    if strict and not built.complete:
        raise IncompleteInput(built.skipped, built.degraded, built.notes)
    return built
