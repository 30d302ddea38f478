"""Per-document extraction: (document, model, rules) → a compact :class:`DocResult`.

A pure function of its inputs, so results can be cached by content and computed in any order
or process. No spaCy ``Doc`` outlives this module: each is reduced to its time expressions and
event mentions as soon as the pipeline has annotated it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .model import DocResult, Document
from .nlp import make_doc


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
        words=sum(1 for token in doc if not token.is_space and not token.is_punct),
    )


def extract(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = 16
) -> Iterator[DocResult]:
    """Annotate documents with ``nlp.pipe`` and yield one result per document, in order."""
    pending = list(documents)
    docs = (make_doc(nlp, document) for document in pending)
    for document, doc in zip(pending, nlp.pipe(docs, batch_size=batch_size), strict=True):
        yield doc_result(document, doc)
