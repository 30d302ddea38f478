"""Event mentions: who met whom, where and when, read from the dependency parse.

The ``timeline_events`` component runs after ``timeline_timex``. For every sentence it finds
trigger words of the ontology in ``data/events.yaml`` (verbs such as *visit*, *meet*, *sign*;
nouns such as *visit*, *talks*, *treaty*, carried by light verbs such as *pay* or *hold*), folds
the triggers that describe one event into one mention (:mod:`.triggers`), decides its status
from modals, negation and governing verbs (planned, proposed, occurred; hypothetical, negated
and denied mentions are dropped; :mod:`.status`), takes its actors and place from the
trigger's syntactic arguments (normalised with the gazetteer of :mod:`timeline.actors`;
:mod:`.arguments`, :mod:`.discourse`) and its date from the temporal expression that governs
it, else a free one of the sentence, else the document date and the verb's tense
(:mod:`.dating`, :mod:`.anniversaries`). It writes ``doc._.timeline_mentions`` (list of
:class:`~timeline.model.Mention`), which the merge reads.
"""

from __future__ import annotations

from .component import make_events
from .context import Rules, Settings
from .extractor import EventExtractor, SentenceReport
from .ontology import AnniversaryRules, Ontology, family, load_ontology

__all__ = [
    "AnniversaryRules",
    "EventExtractor",
    "Ontology",
    "Rules",
    "SentenceReport",
    "Settings",
    "family",
    "load_ontology",
    "make_events",
]
