"""``timeline dates``: the temporal expressions of one file, read and annotated on its own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .extract import annotate
from .ingest import ReadOptions, parse_published, read_file
from .model import DocumentDates
from .nlp import load_pipeline
from .timex import timeml_expressions

if TYPE_CHECKING:
    from spacy.language import Language


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
    ((_document, doc),) = annotate(nlp, [document], skip=frozenset({"timeline_events"}))
    return DocumentDates(
        path=str(path),
        text=document.text,
        dct=doc._.timeline_dct,
        dct_source=doc._.timeline_dct_source,
        timexes=tuple(timeml_expressions(doc._.timeline_timexes or [])),
    )
