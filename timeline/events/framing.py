"""How a sentence frames an event's date: the frames that keep a sentence's date from an event
and the ones that give it one.

- An anniversary: "Friday marks the 40th anniversary of the treaty" dates the treaty 40 years
  before Friday, not on Friday.
- A subordinate clause of time: in "the visit comes months after the two states restored ties"
  the restoration is not dated by the visit's day.
- A "when" clause after a date: "in 2019, when they met in Rome" dates the meeting to 2019.
- A span: "from May 3 to 5", "on May 3 to 5 or 6", "between May 3 and 5, 2026": the tagger
  reads the first day; the words after it end the span (and may give its year).
- A count: "the visit comes five months after Y's tour" dates the tour five months before
  the visit (:func:`counted_from`, :func:`shifted`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..dates import When, from_interval, parse_when
from ..model import TimeExpr
from ..timex import lexicon
from .ontology import Ontology
from .triggers import Candidate

# Words between the first and the last day of a span ("from May 3 to 5", "May 3 through 5").
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


def span_end(onto: Ontology, doc: Doc, span: Span, when: When) -> When | None:
    """The span a day opens when the words after it close it: "May 3 to 5", "from May 3
    through 5th", "May 3 to 5 or 6" (the last day named), "between May 3 and 5"; None when
    they do not."""
    if when.precision != "day":
        return None
    index = span.end
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    joins = onto.range_ends | ({"and"} if "between" in (before, span[0].lower_) else set())
    if index >= len(doc) or doc[index].lower_ not in joins:
        return span_start(onto, doc, span, when)
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
    year = _year_after(doc, index + 1)
    if year is not None:
        # "January 3 to 5, 2023": the year closing the span is its first day's too
        start = start.replace(year=year, day=min(start.day, _month_days(year, start.month)))
        last = min(last, _month_days(year, start.month))
    return from_interval(start, start.replace(day=last))


def span_start(onto: Ontology, doc: Doc, span: Span, when: When) -> When | None:
    """The span a day written day first closes when the words before it open it: "from 8 to
    10 November", "the 8th to the 10th of November", "between 8 and 10 November"; None when
    they do not."""
    words = [t for t in span if t.lower_ != "the"]
    if not words or _DAY.match(words[0].lower_) is None:
        return None  # (month first, "November 10": the span closes after it)
    index = span.start - 1
    if index < 1:
        return None
    joins = onto.range_ends | {"and"}
    if doc[index].lower_ not in joins:
        return None
    index -= 1
    match = _DAY.match(doc[index].lower_)
    if match is None:
        return None
    opener = doc[index - 1].lower_ if index > 0 else ""
    if opener == "the":
        opener = doc[index - 2].lower_ if index > 1 else ""
    if doc[index + 1].lower_ == "and" and opener != "between":
        return None  # "talks on 8 and 10 November" name two days, not a span
    first = int(match[1])
    if not 1 <= first < when.start.day:
        return None
    return from_interval(when.start.replace(day=first), when.end)


def _year_after(doc: Doc, index: int) -> int | None:
    """The year ", 2023" right after a span's last day, if any."""
    if index < len(doc) and doc[index].text == ",":
        index += 1
    if index < len(doc) and re.fullmatch(r"\d{4}", doc[index].text):
        return int(doc[index].text)
    return None


def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def spanned_value(onto: Ontology, doc: Doc, span: Span | None, value: str) -> str:
    """A day's value widened to the span the words after it close, or the value itself (a
    day without its year, ``XXXX-05-03``, keeps none: ``XXXX-05-03/XXXX-05-05``)."""
    yearless = value.startswith(_NO_YEAR)
    when = parse_when(_LEAP_YEAR + value[len(_NO_YEAR) :] if yearless else value)
    if span is None or when is None:
        return value
    spanned = span_end(onto, doc, span, when)
    if spanned is None:
        return value
    if yearless and spanned.start.year == int(_LEAP_YEAR):
        return f"{_NO_YEAR}{spanned.start.isoformat()[4:]}/{_NO_YEAR}{spanned.end.isoformat()[4:]}"
    return spanned.value


# "comes five months after X" dates X five months before; "ten days before Y", after.
_DIRECTION = {"after": -1, "before": 1}
_LENGTH = re.compile(r"^P(\d+)([YMWD])$")


def counted_from(
    clause: Token, token: Token, durations: Sequence[tuple[TimeExpr, Span]]
) -> tuple[Token, str, TimeExpr] | None:
    """(the subject noun an event is counted from, the linking word, the length) for "the visit
    comes five months after Y's tour" or "... after the two states forged ties": Y's event is
    the visit's date less five months. None when the sentence does not count so."""
    found = _link(clause, token)
    if found is None:
        return None
    link, verb = found
    length = next(
        (t for t, s in durations if s.root.dep_ == "npadvmod" and s.root.head in (link, clause)),
        None,
    )
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if length is None or subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    return subject, link.lower_, length


def _link(clause: Token, token: Token) -> tuple[Token, Token] | None:
    """(the linking word, the verb of the event counted from): "comes months after X" or
    "comes months after they met"."""
    if token.dep_ == "pobj" and token.head.lower_ in _DIRECTION:
        return token.head, token.head.head
    mark = next((c for c in clause.children if c.dep_ == "mark"), None)
    if mark is None or mark.lower_ not in _DIRECTION or clause.dep_ != "advcl":
        return None
    return mark, clause.head


def shifted(value: str | None, length: str | None, direction: str) -> str | None:
    """A date moved by a TIMEX3 length ("P5M") the way a linking word says: "after" names the
    earlier date, "before" the later one; at the length's unit (a month for months)."""
    when = parse_when(value)
    match = _LENGTH.match(length or "")
    if when is None or match is None or direction not in _DIRECTION:
        return None
    count = int(match[1]) * _DIRECTION[direction]
    unit = match[2]
    start = when.start
    if unit == "Y":
        year = start.year + count
        return f"{year:04d}" if year > 0 else None
    if unit == "M":
        months = start.year * 12 + start.month - 1 + count
        return f"{months // 12:04d}-{months % 12 + 1:02d}" if months >= 12 else None
    days = count * (7 if unit == "W" else 1)
    return date.fromordinal(start.toordinal() + days).isoformat()
