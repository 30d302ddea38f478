"""The event mentions the real pipeline reads from a text written for a test: the helpers the
events tests share (the ``nlp`` fixture of ``conftest.py`` gives the pipeline)."""

from __future__ import annotations

from spacy.language import Language

from timeline.model import Document, DocumentMeta, Mention
from timeline.nlp import make_doc

DCT = "2025-03-12"


def mentions(nlp: Language, text: str, dct: str | None = DCT) -> list[Mention]:
    """The mentions of a text, as one document dated ``dct``."""
    document = Document(DocumentMeta(path="test.txt", dct=dct, dct_source="option"), text)
    doc = nlp(make_doc(nlp, document))
    return list(doc._.timeline_mentions)


def of_type(nlp: Language, text: str, kind: str, dct: str | None = DCT) -> list[Mention]:
    """The mentions of one event type."""
    return [m for m in mentions(nlp, text, dct) if m.type == kind]
