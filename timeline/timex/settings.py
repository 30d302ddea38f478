"""The temporal tagger's thresholds: settings of the ``timeline_timex`` component.

Every field is a setting of the component, with the same default::

    nlp.add_pipe("timeline_timex", config={"frame_chars": 200})

The defaults were chosen on both dev sets, WikiWars-train (histories) and TBAQ (news).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TimexSettings:
    # A history rather than news: fewer than this share of its explicit years lie within a year
    # of the document date ...
    narrative_near_share: float = 0.4
    # ... and its deictic expressions ("yesterday", "on Friday") are fewer than this share of
    # its explicit years.
    narrative_deictic_share: float = 0.15
    # In a story, a month this many months before the last one named is in the next year
    # ("January" soon after "November 1941").
    new_year_turn_months: int = 8
    # News: a year-less date without tense more than this many months from the document date
    # belongs to the neighbouring year.
    half_year_months: int = 6
    # How far back (characters) a stated year can frame a year-less date of its sentence.
    frame_chars: int = 300
    # A past-tense day at most this many days after the document date is this year's (a date
    # set in a report: "payable Dec. 15").
    soon_after_days: int = 62


DEFAULT = TimexSettings()
