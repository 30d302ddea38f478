"""Dates in the merge: parsing (memoised), year-less and bound-only dates, and the
date most sources support."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..dates import When, parse_when

DISPUTE_WINDOW_DAYS = 800


# Dates stated by the text itself give an event's extent; deictic ones a day inside it.
EXTENT_SOURCES = frozenset(
    {"explicit", "sentence", "narrative", "anniversary", "inherited", "computed"}
)


# An event's year-less or bound-only mentions may join events at most this many days apart.
_YEARLESS = re.compile(r"^XXXX-(\d{2})(?:-(\d{2}))?(?:/XXXX-(\d{2})(?:-(\d{2}))?)?$")


# A bound-only mention joins events at most this far from its bound, and otherwise founds an
# event spanning the week up to (or from) it.
BOUND_WINDOW_DAYS = 366


RECENT_DAYS = 7
# ... and a mention of the recent past ("has invited", date source "recent") at most a month:
# further back, another event of the same parties is another event.
RECENT_WINDOW_DAYS = 31


_BOUND = re.compile(r"^(<=|>=|<|>)\s*(\S+)$")


@lru_cache(maxsize=1 << 17)
def parse_date(value: str) -> When | None:
    """:func:`parse_when`, memoised: a large merge meets each date string many times (When
    values are immutable, so sharing them is safe)."""
    return parse_when(value)


def parse_yearless(value: str | None) -> tuple[int, int | None, int | None, int | None] | None:
    """(month, day, end month, end day) of a year-less value such as ``XXXX-06-18``."""
    if not value:
        return None
    m = _YEARLESS.match(value)
    if not m:
        return None
    return (
        int(m[1]),
        int(m[2]) if m[2] else None,
        int(m[3]) if m[3] else None,
        int(m[4]) if m[4] else None,
    )


@lru_cache(maxsize=1 << 16)
def yearless_in(parts: tuple[int, int | None, int | None, int | None], year: int) -> When | None:
    month, day, end_month, end_day = parts
    start_value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    value = start_value
    if end_month:
        value += f"/{year:04d}-{end_month:02d}" + (f"-{end_day:02d}" if end_day else "")
    return parse_date(value)


def parse_bound(value: str | None) -> tuple[str, When] | None:
    if not value:
        return None
    m = _BOUND.match(value.strip())
    if not m:
        return None
    when = parse_date(m[2])
    return None if when is None else (m[1], when)


def satisfies_bound(when: When, bound: tuple[str, When]) -> bool:
    op, limit = bound
    if op in ("<=", "<"):
        return when.start <= limit.end
    return when.end >= limit.start


def majority_date(whens: Sequence[tuple[When, str]]) -> When:
    """The date most sources support (intersection of the largest consistent group)."""
    best: tuple[tuple[int, int], When] | None = None
    for anchor, _doc in whens:
        group = [w for w, _ in whens if w.overlaps(anchor)]
        merged = group[0]
        for other in group[1:]:
            merged = merged.intersection(other) or merged
        documents = {d for w, d in whens if w.overlaps(anchor)}
        rank = (len(documents), -merged.days)
        if best is None or rank > best[0]:
            best = (rank, merged)
    assert best is not None
    return best[1]


def bound_years(bound: tuple[str, When]) -> range:
    """The years of every event :func:`near_bound` lets a bound-only mention join."""
    _op, limit = bound
    reach = BOUND_WINDOW_DAYS // 365 + 1
    return range(limit.start.year - reach, limit.end.year + reach + 1)


def near_bound(when: When, bound: tuple[str, When], days: int = BOUND_WINDOW_DAYS) -> bool:
    """A bound-only mention ("had signed", in a document of that day) speaks of the recent
    past or near future: it may join an event at most a year from its bound (``days``)."""
    _op, limit = bound
    return abs((when.start - limit.start).days) <= days or (
        abs((when.end - limit.end).days) <= days
    )
