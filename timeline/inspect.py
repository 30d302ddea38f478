"""``timeline inspect`` and ``timeline dates``: one document's sentences with the event mentions
read from them, and its temporal expressions.

Above the stages: reads the files (ingest), loads the model (nlp) and annotates the
documents (extract), then hands :class:`~timeline.events.SentenceReport` rows to
:mod:`timeline.render.inspect`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .annotate import annotate
from .errors import InputError
from .events import SentenceReport
from .extract import apply_rules
from .ingest import ReadOptions, parse_published, read_corpus, read_file
from .model import DocumentDates
from .nlp import load_pipeline
from .timex import timeml_expressions

if TYPE_CHECKING:
    from spacy.language import Language


def inspect_document(
    path: str | Path, *, published: str | None = None, model: str | None = None
) -> list[SentenceReport]:
    """Each sentence of the documents at ``path`` with its mentions (``timeline inspect``)."""
    if published is not None:
        published = parse_published(published)
    corpus = read_corpus(path, published=published)
    nlp = load_pipeline(model)
    rows: list[SentenceReport] = []
    for document, annotated in annotate(nlp, corpus.documents):
        doc = apply_rules(nlp, annotated)
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


def document_dates(
    path: str | Path,
    *,
    published: str | None = None,
    model: str | None = None,
    nlp: Language | None = None,
) -> DocumentDates:
    """Read one file and return its temporal expressions as TimeML annotates them.

    ``published`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) is the document date and wins over
    a date stated in the text; without it the dateline, then inference from the content decide.

    Raises:
        InputError: the file cannot be read or ``published`` is not a date.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    documents, skipped, _notes = read_file(path, path.name, options=ReadOptions(languages=None))
    if not documents:
        reason = skipped[0].reason if skipped else "holds no text"
        raise InputError(path, reason)
    document = documents[0]
    if published is not None:
        meta = replace(document.meta, dct=parse_published(published), dct_source="option")
        document = replace(document, meta=meta)
    if nlp is None:
        nlp = load_pipeline(model)
    ((_document, annotated),) = annotate(nlp, [document])
    doc = apply_rules(nlp, annotated, skip=frozenset({"timeline_events"}))
    return DocumentDates(
        path=str(path),
        text=document.text,
        dct=doc._.timeline_dct,
        dct_source=doc._.timeline_dct_source,
        timexes=tuple(timeml_expressions(doc._.timeline_timexes or [])),
    )
