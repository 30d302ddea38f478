"""Temporal expressions: find dates in a Doc and normalise them to TIMEX3 values.

Foundation version: the model's DATE entities with explicit years, months and days. It is
replaced by the full tagger (issue 3) behind the same interface: the ``timeline_timex``
component writes ``doc._.timeline_timexes`` (sorted :class:`TimeExpr`) and the span group
``doc.spans["timeline_dates"]``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .dct import month_number
from .model import TimeExpr

SPAN_KEY = "timeline_dates"

_MONTH_DAY_YEAR = re.compile(r"^(?:on\s+)?([A-Z][a-z]+)\s+(\d{1,2}),?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^(?:in\s+)?([A-Z][a-z]+)\s+(\d{4})$")
_YEAR = re.compile(r"^(?:in\s+)?(\d{4})$")


def normalise(text: str) -> str | None:
    text = text.strip()
    if m := _MONTH_DAY_YEAR.match(text):
        month = month_number(m[1])
        if month:
            return f"{int(m[3]):04d}-{month:02d}-{int(m[2]):02d}"
    if m := _MONTH_YEAR.match(text):
        month = month_number(m[1])
        if month:
            return f"{int(m[2]):04d}-{month:02d}"
    if m := _YEAR.match(text):
        return m[1]
    return None


class TimexTagger:
    def __call__(self, doc: Doc) -> Doc:
        timexes = []
        spans = []
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            value = normalise(ent.text)
            timexes.append(TimeExpr(ent.start_char, ent.end_char, ent.text, ent.label_, value))
            spans.append(ent)
        doc._.timeline_timexes = timexes
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("timeline_timex", requires=["doc.ents"], assigns=["doc._.timeline_timexes"])
def make_timex(nlp: Language, name: str) -> TimexTagger:
    return TimexTagger()
