"""How a sentence frames an event's date: the frames that keep a sentence's date from an event
and the ones that give it one.

- An anniversary: "Friday marks the 40th anniversary of the treaty" dates the treaty 40 years
  before Friday, not on Friday.
- A subordinate clause of time: in "the visit comes months after the two states restored ties"
  the restoration is not dated by the visit's day.
- A "when" clause after a date: "in 2019, when they met in Rome" dates the meeting to 2019.
- A span: "from May 3 to 5", "on May 3 to 5 or 6": the tagger reads the first day; the words
  after it end the span.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..dates import When, from_interval, parse_when
from ..timex import lexicon
from .ontology import Ontology
from .triggers import Candidate

# Words between the first and the last day of a span ("from May 3 to 5", "May 3 through 5").
_SPAN_WORDS = frozenset(["to", "through", "until", "till", "-", "–", "—"])
_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)?")
# how far up the tree from a trigger an anniversary noun may be ("the 50th anniversary of a
# communique for Japan to normalise relations")
_FRAME_STEPS = 6
# a day without its year is read in a leap year, so that any day of any month exists
_NO_YEAR = "XXXX"
_LEAP_YEAR = "2000"


def anniversary_age(onto: Ontology, cand: Candidate) -> int | None:
    """The count of the anniversary whose "of" phrase holds the trigger ("marks the 50th
    anniversary of the visit" -> 50; 0 when its count is not one the lexicon reads), else
    None."""
    spec = onto.anniversary
    node = cand.token
    for _ in range(_FRAME_STEPS):
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
            noun = head.head
            lemma = noun.lemma_.lower()
            if lemma in spec.count_nouns:
                return spec.count_nouns[lemma]
            if lemma in spec.nouns:
                return _anniversary_count(onto, noun) or 0
        node = head
    return None


def _anniversary_count(onto: Ontology, noun: Token) -> int | None:
    """The count of an anniversary noun: "the 30th", "the thirtieth", "the golden"."""
    spec = onto.anniversary
    for child in noun.children:
        if child.dep_ not in ("amod", "nummod"):
            continue
        match = _ORDINAL.fullmatch(child.lower_)
        if match:
            return int(match[1])
        count = lexicon().ordinals.get(child.lower_) or spec.count_words.get(child.lower_)
        if count is not None:
            return count
    return None


def years_before(when: When, years: int) -> str | None:
    """The day ``years`` before a day (the same day of the month: an anniversary); None for a
    coarser date (the year an age gives is :mod:`.anniversaries`' to count)."""
    if when.start.year - years < 1 or when.precision != "day":
        return None
    year = when.start.year - years
    day = min(when.start.day, calendar.monthrange(year, when.start.month)[1])
    return date(year, when.start.month, day).isoformat()


def in_time_clause(onto: Ontology, clause: Token) -> bool:
    """Whether a trigger's clause is a subordinate clause of time ("after X forged ties",
    "since they met"): the main clause's date is not its date."""
    if clause.dep_ not in ("advcl", "pcomp"):
        return False
    return any(c.dep_ == "mark" and c.lower_ in onto.bound_preps for c in clause.children)


def when_clause_date(clause: Token, spans: list[Span]) -> Span | None:
    """The date a "when" clause follows ("last year, when they met in Bali"): the time
    expression that ends just before the clause's "when"."""
    if clause.dep_ not in ("advcl", "relcl"):
        return None
    before_clause = [c for c in clause.children if c.i < clause.i]
    when = next((c for c in before_clause if c.dep_ == "advmod" and c.lower_ == "when"), None)
    if when is None:
        return None
    doc = clause.doc
    before = when.i - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    return next((s for s in spans if s.end - 1 == before), None)


def span_end(doc: Doc, span: Span, when: When) -> When | None:
    """The span a day opens when the words after it close it: "May 3 to 5", "from May 3
    through 5th", "May 3 to 5 or 6" (the last day named); None when they do not."""
    if when.precision != "day":
        return None
    index = span.end
    if index >= len(doc) or doc[index].lower_ not in _SPAN_WORDS:
        return None
    last = None
    index += 1
    while index < len(doc):
        match = _DAY.match(doc[index].lower_)
        if match is None:
            break
        last = int(match[1])
        if index + 1 >= len(doc) or doc[index + 1].lower_ != "or":
            break
        index += 2
    start = when.start
    if last is None or not start.day < last <= calendar.monthrange(start.year, start.month)[1]:
        return None
    return from_interval(start, start.replace(day=last))


def spanned_value(doc: Doc, span: Span | None, value: str) -> str:
    """A day's value widened to the span the words after it close, or the value itself (a
    day without its year, ``XXXX-05-03``, keeps none: ``XXXX-05-03/XXXX-05-05``)."""
    yearless = value.startswith(_NO_YEAR)
    when = parse_when(_LEAP_YEAR + value[len(_NO_YEAR) :] if yearless else value)
    if span is None or when is None:
        return value
    spanned = span_end(doc, span, when)
    if spanned is None:
        return value
    if yearless:
        return f"{_NO_YEAR}{spanned.start.isoformat()[4:]}/{_NO_YEAR}{spanned.end.isoformat()[4:]}"
    return spanned.value
