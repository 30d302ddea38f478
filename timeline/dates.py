"""Calendar values with explicit precision.

Every date the tool handles is an ISO 8601 / TIMEX3 string at the precision the text supports
(``2000``, ``2023-09``, ``2024-06-19``, ``2024-06-18/2024-06-19``), never a ``datetime`` with
invented parts. This module parses such strings into :class:`When` values, turns them into
closed intervals of days for comparison, and formats them back. All other stages use it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

__all__ = [
    "When",
    "parse_when",
    "timex_interval",
]

# TIMEX3 season codes mapped to (first month, last month); winter spans the year boundary
# and is taken as December of the year before through February.
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}
_QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_WEEKEND = re.compile(r"^(\d{4})-W(\d{2})-WE$")
_PART = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI|Q[1-4]|H[12])$")
_DECADE = re.compile(r"^(\d{3})X$")
_CENTURY = re.compile(r"^(\d{2})XX$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T.*$")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


Interval = tuple[date, date]


def _day_interval(m: re.Match[str]) -> Interval | None:
    d = date(int(m[1]), int(m[2]), int(m[3]))
    return d, d


def _month_interval(m: re.Match[str]) -> Interval | None:
    y, mo = int(m[1]), int(m[2])
    return date(y, mo, 1), _month_end(y, mo)


def _year_interval(m: re.Match[str]) -> Interval | None:
    y = int(m[1])
    return (date(y, 1, 1), date(y, 12, 31)) if y >= 1 else None


def _datetime_interval(m: re.Match[str]) -> Interval | None:
    return timex_interval(m[1])


def _week_interval(m: re.Match[str]) -> Interval | None:
    monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
    return monday, monday + timedelta(days=6)


def _weekend_interval(m: re.Match[str]) -> Interval | None:
    saturday = date.fromisocalendar(int(m[1]), int(m[2]), 6)
    return saturday, saturday + timedelta(days=1)


def _part_interval(m: re.Match[str]) -> Interval | None:
    y, code = int(m[1]), m[2]
    first_month, last_month = (_SEASONS | _QUARTERS | _HALVES)[code]
    if code == "WI":
        return date(y - 1, 12, 1) if y > 1 else date(1, 1, 1), _month_end(y, 2)
    return date(y, first_month, 1), _month_end(y, last_month)


def _decade_interval(m: re.Match[str]) -> Interval | None:
    y = int(m[1]) * 10
    return (date(y, 1, 1), date(y + 9, 12, 31)) if y >= 1 else None


def _century_interval(m: re.Match[str]) -> Interval | None:
    y = int(m[1]) * 100
    return (date(max(y, 1), 1, 1), date(y + 99, 12, 31)) if y + 99 >= 1 else None


# Each form of a TIMEX3 DATE value and the days it denotes, tried in this order.
_INTERVALS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Interval | None]], ...] = (
    (_DAY, _day_interval),
    (_MONTH, _month_interval),
    (_YEAR, _year_interval),
    (_DATETIME, _datetime_interval),
    (_WEEK, _week_interval),
    (_WEEKEND, _weekend_interval),
    (_PART, _part_interval),
    (_DECADE, _decade_interval),
    (_CENTURY, _century_interval),
)


@lru_cache(maxsize=4096)
def timex_interval(value: str) -> Interval | None:
    """Closed interval of days denoted by a TIMEX3 DATE value, or None if it names no interval.

    Understands days, months, years, ISO weeks and their weekends (``2024-W25-WE``), seasons,
    quarters, halves, decades (``199X``), centuries (``19XX``), date-times (taken as their day)
    and ranges ``START/END`` of these.
    Values such as ``PRESENT_REF``, durations and ``XXXX-10`` return None.
    """
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = timex_interval(first), timex_interval(last)
        if a is None or b is None or b[1] < a[0]:
            return None
        return a[0], b[1]
    for pattern, interval in _INTERVALS:
        if m := pattern.match(value):
            try:
                return interval(m)
            except ValueError:
                return None
    return None


def _precision(value: str) -> str:
    if "/" in value:
        return "range"
    if _DAY.match(value) or _DATETIME.match(value):
        return "day"
    if _MONTH.match(value):
        return "month"
    if _YEAR.match(value):
        return "year"
    if _WEEK.match(value):
        return "week"
    if _WEEKEND.match(value):
        return "range"
    if _PART.match(value):
        return "season"
    if _DECADE.match(value):
        return "decade"
    return "century"


@dataclass(frozen=True, slots=True)
class When:
    """A calendar value at a known precision: ISO string plus the closed day interval it names."""

    value: str
    start: date
    end: date

    @property
    def precision(self) -> str:
        return _precision(self.value)

    @property
    def days(self) -> int:
        """Length of the interval in days (1 for a single day)."""
        return (self.end - self.start).days + 1

    def overlaps(self, other: When) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: When) -> bool:
        return self.start <= other.start and other.end <= self.end

    def intersection(self, other: When) -> When | None:
        """The most specific value naming the overlap of two intervals, or None if disjoint."""
        if not self.overlaps(other):
            return None
        if self.contains(other):
            return other
        if other.contains(self):
            return self
        return from_interval(max(self.start, other.start), min(self.end, other.end))

    def __str__(self) -> str:
        return self.value

    def __reduce__(self) -> tuple[type[When], tuple[str, date, date]]:
        # (by position: the slots dataclass default walks fields() for every object, and the
        # merge's spilled state pickles a few per event)
        return When, (self.value, self.start, self.end)


def parse_when(value: object) -> When | None:
    """Parse an ISO/TIMEX3 date value (``str`` or YAML-loaded ``date``/``int``) into a When."""
    if value is None:
        return None
    if isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:04d}"
    else:
        text = str(value).strip()
    span = timex_interval(text)
    if span is None:
        return None
    return When(text, span[0], span[1])


def from_interval(start: date, end: date) -> When:
    """The shortest ISO value naming exactly ``start..end`` (a day, a month, a year or a range)."""
    if start == end:
        return When(start.isoformat(), start, end)
    if start.day == 1 and end == _month_end(start.year, start.month):
        return When(f"{start.year:04d}-{start.month:02d}", start, end)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return When(f"{start.year:04d}", start, end)
    return When(f"{start.isoformat()}/{end.isoformat()}", start, end)
