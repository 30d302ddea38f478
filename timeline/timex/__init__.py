"""Temporal expressions: find dates in a Doc and normalise them to TIMEX3 values.

The ``timeline_timex`` component (:mod:`.tagger`) runs after the model's ``ner``. It finds
temporal expressions with a grammar of regular expressions (:mod:`.grammar`: HeidelTime-style
rules built once from the vocabulary in ``data/timex.yaml``, :mod:`.lexicon`) run only over the
stretches of text around trigger words, and uses the model's annotation to veto false friends: a
number the model calls ``CARDINAL``/``QUANTITY`` ("2000 troops"), "May" tagged as a modal, a month
or weekday inside a ``PERSON``/``ORG`` name. The grammar, not the model's ``DATE`` entities,
decides extents: the model merges lists ("June 18 and 19"), misses numeric dates ("06/20/2024")
and splits ranges inconsistently.

Each expression is then normalised in text order by its rule's normaliser (:mod:`.rules`, with
the normalisers in :mod:`.calendar` and :mod:`.relative`) against an anchor (:mod:`.resolve`):
the document creation time (``doc._.timeline_dct``) for deictic expressions, with the governing
verb's tense (:mod:`.tense`) choosing past or future, and the last mentioned date of the needed
precision for narrative ones ("two days later", "that October"). Whether a document is news or a
history is decided from how its explicit years relate to its date and how often it speaks from
the writer's day.

Results: ``doc._.timeline_timexes`` (sorted :class:`~timeline.model.TimeExpr`) and the span group
``doc.spans["timeline_dates"]`` (label = TIMEX3 type). The document's own date is decided before,
by the ``timeline_docdate`` component (:mod:`timeline.docdate`).
"""

from __future__ import annotations

from .grammar import find_candidates
from .lexicon import SPAN_KEY, lexicon, number_value
from .tagger import TimexTagger, candidates, is_narrative, make_timex, tag_doc, timeml_expressions
from .tense import tense_at
from .values import year_value

__all__ = [
    "SPAN_KEY",
    "TimexTagger",
    "candidates",
    "find_candidates",
    "is_narrative",
    "lexicon",
    "make_timex",
    "number_value",
    "tag_doc",
    "tense_at",
    "timeml_expressions",
    "year_value",
]
