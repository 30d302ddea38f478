"""Every decision about a document's own date (its creation time, DCT), in one package.

In the order a build takes them:

1. **Stated** (:mod:`.datelines`, called by ingest): ``--published``, then the manifest, front
   matter, then a dateline or publication line in the text (``data/datelines.yaml``).
2. **Inferred** (:mod:`.decide`, the ``timeline_docdate`` component, and :mod:`.infer`): for a
   document that states none, from its content, run on the model's annotation before the
   temporal tagger.
3. **From the corpus** (:mod:`.corpus`): the collection's date as a hint for (2), and a day date
   from the events other documents report, for documents whose date is only a guess. Both change
   only the rules' input: the model's annotation is reused (see :mod:`timeline.annotate`).

Importing this package does not import spaCy; :mod:`.decide` and :mod:`.infer` do.
"""

from __future__ import annotations

from .corpus import GUESSED_DCT_SOURCES, STATED_DCT_SOURCES, corpus_hint, dates_from_other_documents
from .datelines import find_dateline

__all__ = [
    "GUESSED_DCT_SOURCES",
    "STATED_DCT_SOURCES",
    "corpus_hint",
    "dates_from_other_documents",
    "find_dateline",
]
