"""The ``timeline_docdate`` component: the date a document is read against.

It runs on the model's annotation, before the temporal tagger. A date the document's metadata
already carries (``--published``, the manifest, front matter, or a dateline found by ingest)
stands; otherwise one is inferred from the content (:func:`~timeline.docdate.infer.infer_dct`,
with the collection's date as a hint when the corpus gives one) and marked ``inferred``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from ..timex import candidates
from ..timex.resolve import parse_partial
from .infer import infer_dct


class DocumentDater:
    """Sets ``doc._.timeline_dct`` (and ``_source``) when the document states no date."""

    def __call__(self, doc: Doc) -> Doc:
        if parse_partial(doc._.timeline_dct) is None:
            inferred = infer_dct(doc.text, candidates(doc), hint=doc._.timeline_dct_hint)
            if inferred is not None:
                doc._.timeline_dct = inferred
                doc._.timeline_dct_source = "inferred"
        return doc


@Language.factory(
    "timeline_docdate",
    requires=["doc.ents"],
    assigns=["doc._.timeline_dct", "doc._.timeline_dct_source"],
)
def make_docdate(nlp: Language, name: str) -> DocumentDater:
    register_extensions()
    return DocumentDater()
