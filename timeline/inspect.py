"""``timeline inspect``: each sentence of some documents with the event mentions read from it.

Above the stages: reads the files (ingest), loads the model (nlp) and annotates the
documents (extract), then hands :class:`~timeline.events.SentenceReport` rows to
:mod:`timeline.render.inspect`.
"""

from __future__ import annotations

from pathlib import Path

from .events import SentenceReport
from .extract import annotate
from .ingest import parse_published, read_corpus
from .nlp import load_pipeline


def inspect_document(
    path: str | Path, *, published: str | None = None, model: str | None = None
) -> list[SentenceReport]:
    """Each sentence of the documents at ``path`` with its mentions (``timeline inspect``)."""
    if published is not None:
        published = parse_published(published)
    corpus = read_corpus(path, published=published)
    nlp = load_pipeline(model)
    rows: list[SentenceReport] = []
    for document, doc in annotate(nlp, corpus.documents):
        mentions = doc._.timeline_mentions or []
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            inside = tuple(m for m in mentions if sent.start_char <= m.sent_start < sent.end_char)
            rows.append(
                SentenceReport(
                    document=document.path,
                    start=sent.start_char,
                    end=sent.end_char,
                    text=sent.text,
                    mentions=inside,
                    dct=doc._.timeline_dct,
                )
            )
    return rows
