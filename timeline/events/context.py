"""What every rule of the ``timeline_events`` component reads: the ontology, the gazetteer and
the component's settings, in one frozen value built once per pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from ..actors import Gazetteer
from .ontology import Ontology


@dataclass(frozen=True, slots=True)
class Settings:
    """The thresholds of the rules (the ``timeline_events`` component's configuration)."""

    # how many sentences a dated event stays the reference time of the simple-past narrative
    narrative_span: int = 5
    # how many sentences after an event dated by its age a definite "that agreement" dated
    # only by tense is taken to be that event
    age_anaphor_span: int = 2
    # an event dated by its age without named parties is between the document's two main
    # states, when each is named this often and the second this many times as often as any third
    main_pair_min: int = 3
    main_pair_ratio: int = 2
    # how many tokens back "the crown prince" looks for the person introduced with the title
    title_lookback: int = 400
    # a title line: at most this many tokens, within this many lines of the document's top
    headline_max_tokens: int = 25
    headline_max_lines: int = 6
    # a date followed by a dash within this many tokens of a sentence's start is a dateline
    dateline_max_offset: int = 6
    # the longest stay a duration may stretch an event over ("a three-day visit")
    stay_max_days: int = 14
    # a story using this many different words of sport is a sports story (its fixtures are no
    # diplomatic events)
    sports_story_words: int = 3


@dataclass(frozen=True, slots=True)
class Rules:
    """The knowledge and settings the rules read (one per component, never changed)."""

    ontology: Ontology
    gazetteer: Gazetteer
    settings: Settings
    # string ids of every trigger word: a cheap first test for each token
    trigger_ids: frozenset[int]
