"""The calendar extent of a mention's date: what an event's ``date`` may be.

A TIMEX3 value names weeks, parts of days and seasons (``2023-W13``, ``2024-11-27TEV``,
``2022-WI``); an event's date is a calendar date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a
range of those), so those become the days or months they denote (the words stay the mention's
``date_text``). An event that lasts ("a three-day visit") dated to one day is stretched over
its length.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date, timedelta

from spacy.tokens import Span, Token

from ..dates import from_interval, parse_when, timex_interval
from ..model import Mention, TimeExpr
from .context import Rules
from .triggers import Candidate

_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DAYS = re.compile(r"^P(\d+)D$")
# how far up the tree a duration's noun may be from the trigger ("arrived ... on a two-day visit")
_NOUN_STEPS = 3


def calendar_date(value: str | None) -> str | None:
    """The calendar form of a date value: a week, a part of a day or a season becomes the days
    or months it denotes; a value that is already a calendar date (or no date) is kept."""
    if value is None:
        return None
    parts = value.split("/")
    if all(_CALENDAR.match(part) for part in parts):
        return value
    interval = timex_interval(value)
    if interval is None:
        return value
    return from_interval(*interval).value


def with_extent(
    rules: Rules,
    cand: Candidate,
    mention: Mention,
    durations: Sequence[tuple[TimeExpr, Span]],
    timexes: Sequence[tuple[TimeExpr, Span]] = (),
) -> Mention:
    """The mention with its one-day date stretched over the length a duration of its noun gives
    ("arrived on Monday on a two-day visit" -> Monday/Tuesday; "concluded a two-day visit on
    Friday" -> Thursday/Friday); an undated one with such a length starts on the day a starting
    word gives ("a visit for two days from Sunday")."""
    if mention.type not in rules.ontology.stay_types:
        return mention
    found = _length(rules, cand, durations)
    if found is None:
        return mention
    length, noun = found
    when = parse_when(mention.date)
    if when is None and mention.date is None:
        first = _starting_day(rules, timexes)
        if first is None:
            return mention
        return dataclasses.replace(
            mention, date=_range(first, length), date_source="explicit", date_bound=None
        )
    if when is None or when.precision != "day":
        return mention
    ending = _is_ending(rules, cand, noun)
    start = when.start - timedelta(days=length - 1) if ending else when.start
    return dataclasses.replace(mention, date=_range(start, length))


def _length(
    rules: Rules, cand: Candidate, durations: Sequence[tuple[TimeExpr, Span]]
) -> tuple[int, Token] | None:
    """The length in days a duration of the candidate's noun gives, with the token it
    modifies."""
    for timex, span in durations:
        match = _DAYS.match(timex.value or "")
        if match is None:
            continue
        length = int(match[1])
        if not 2 <= length <= rules.settings.stay_max_days:
            continue
        noun = _modified_noun(rules, cand, span)
        if noun is not None:
            return length, noun
    return None


def _starting_day(rules: Rules, timexes: Sequence[tuple[TimeExpr, Span]]) -> date | None:
    """The day a date preceded by a starting word names ("from Sunday")."""
    for timex, span in timexes:
        before = span.doc[span.start - 1] if span.start > 0 else None
        when = parse_when(timex.value)
        if before is None or when is None or when.precision != "day":
            continue
        if before.lower_ in rules.ontology.starting_words:
            return when.start
    return None


def _range(start: date, length: int) -> str:
    return from_interval(start, start + timedelta(days=length - 1)).value


def _modified_noun(rules: Rules, cand: Candidate, span: Span) -> Token | None:
    """The trigger noun a duration modifies, when it is this candidate's: one of its nodes, or a
    noun of a lasting type that the candidate's trigger governs ("arrived on a two-day visit")."""
    noun = span.root.head
    if noun.i == span.root.i:
        return None
    if noun.dep_ == "prep" and noun.head.i != noun.i:
        noun = noun.head  # "a visit for two days": the preposition's head
    nodes = {t.i for t in cand.nodes}
    if noun.i in nodes:
        return noun
    kind = rules.ontology.nouns.get(noun.lemma_.lower())
    if kind not in rules.ontology.stay_types:
        return None
    head = noun
    for _ in range(_NOUN_STEPS):
        head = head.head
        if head.i in nodes:
            return noun
        if head.head.i == head.i:
            break
    return None


def _is_ending(rules: Rules, cand: Candidate, noun: Token) -> bool:
    """Whether the date is the last day: an ending verb carries the noun or is the trigger."""
    verbs = rules.ontology.ending_verbs
    return noun.head.lemma_.lower() in verbs or any(
        node.lemma_.lower() in verbs for node in cand.nodes
    )
