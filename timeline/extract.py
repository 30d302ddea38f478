"""Per-document extraction: (document, its annotation, rules) → a compact :class:`DocResult`.

A pure function of the document (text and metadata, its date included), the model and the
rules, so results can be cached by content and computed in any order or process. The model's
annotation (:mod:`timeline.annotate`) does not depend on the document's date or the rules, and
comes from an :class:`~timeline.annotate.AnnotationStore` when one has it; the rules
(:data:`~timeline.annotate.RULE_COMPONENTS`: the document's date, temporal expressions, event
mentions) then run on the whole document. No spaCy ``Doc`` outlives this module: each is reduced
to its time expressions and event mentions at once. Worker processes: :mod:`timeline.workers`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .annotate import BATCH_CHARS, BATCH_SIZE, RULE_COMPONENTS, AnnotationStore, annotate
from .ingest import Skipped
from .model import DocResult, Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


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


def apply_rules(nlp: Language, doc: Doc, *, skip: frozenset[str] = frozenset()) -> Doc:
    """Run the tool's rules (those of ``nlp`` among :data:`RULE_COMPONENTS`, except ``skip``)
    on an annotated Doc that carries its document's path and date."""
    for name in RULE_COMPONENTS:
        if name not in skip and nlp.has_pipe(name):
            doc = nlp.get_pipe(name)(doc)
    return doc


def annotated(
    nlp: Language,
    documents: Iterable[Document],
    *,
    store: AnnotationStore | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[tuple[Document, Doc]]:
    """(document, Doc) pairs with the model's annotation, in order: from ``store`` when it has
    the document's, else from the model (then stored)."""
    if store is None:
        yield from annotate(nlp, documents, batch_size=batch_size)
        return
    waiting: list[Document] = []

    def flush() -> Iterator[tuple[Document, Doc]]:
        if not waiting:
            return
        for document, doc in annotate(nlp, waiting, batch_size=batch_size):
            store.save(document, doc)
            yield document, doc
        waiting.clear()

    for document in documents:
        doc = store.load(document, nlp.vocab)
        if doc is None:
            waiting.append(document)
            continue
        yield from flush()
        yield document, doc
    yield from flush()


def extract(
    nlp: Language,
    documents: Iterable[Document],
    *,
    store: AnnotationStore | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[DocResult]:
    """One result per document, in order: annotation (see :func:`annotated`), then the rules;
    each Doc is dropped once reduced."""
    for document, doc in annotated(nlp, documents, store=store, batch_size=batch_size):
        yield doc_result(document, apply_rules(nlp, doc))


def extract_safely(
    nlp: Language,
    documents: Iterable[Document],
    *,
    store: AnnotationStore | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[DocResult | Skipped]:
    """:func:`extract`, but a document the pipeline fails on is reported, not fatal.

    A failure is a bug, but must not cost the user the rest of the folder: the batch it
    happened in is extracted again one document at a time, and a document that fails alone
    is yielded as :class:`Skipped` with the error.
    """
    for batch in _batches(documents, batch_size=batch_size, batch_chars=BATCH_CHARS):
        try:
            results: list[DocResult | Skipped] = list(
                extract(nlp, batch, store=store, batch_size=batch_size)
            )
        except Exception:
            results = [_extract_one(nlp, document, store) for document in batch]
        yield from results


def _extract_one(
    nlp: Language, document: Document, store: AnnotationStore | None
) -> DocResult | Skipped:
    try:
        (result,) = extract(nlp, [document], store=store)
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
