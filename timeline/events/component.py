"""The ``timeline_events`` factory: the component with its settings as spaCy configuration.

Every field of :class:`Settings` is a setting of the component, with the same default::

    nlp.add_pipe("timeline_events", config={"narrative_span": 3})
"""

from __future__ import annotations

from dataclasses import asdict

from spacy.language import Language

from ..actors import load_gazetteer
from .context import Settings
from .extractor import EventExtractor
from .ontology import load_ontology


@Language.factory(
    "timeline_events",
    default_config=asdict(Settings()),
    requires=["doc._.timeline_timexes", "token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.timeline_mentions"],
)
def make_events(
    nlp: Language,
    name: str,
    *,
    narrative_span: int,
    age_anaphor_span: int,
    main_pair_min: int,
    main_pair_ratio: int,
    title_lookback: int,
    headline_max_tokens: int,
    headline_max_lines: int,
    dateline_max_offset: int,
    stay_max_days: int,
    sports_story_words: int,
) -> EventExtractor:
    """The ``timeline_events`` component with the ontology and gazetteer of ``data/``."""
    settings = Settings(
        narrative_span=narrative_span,
        age_anaphor_span=age_anaphor_span,
        main_pair_min=main_pair_min,
        main_pair_ratio=main_pair_ratio,
        title_lookback=title_lookback,
        headline_max_tokens=headline_max_tokens,
        headline_max_lines=headline_max_lines,
        dateline_max_offset=dateline_max_offset,
        stay_max_days=stay_max_days,
        sports_story_words=sports_story_words,
    )
    return EventExtractor(nlp, load_ontology(), load_gazetteer(), settings)
