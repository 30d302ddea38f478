"""A document date inferred from its content, when neither its metadata nor a dateline gives
one: explicit dates, year-less datelines and weekday dates whose year the text fixes, refined by
the collection's date."""

from __future__ import annotations

from datetime import date
from typing import cast

from ..timex.calendar import h_my
from ..timex.grammar import Match
from ..timex.lexicon import days_in, lexicon, month_of, parts, year_of
from ..timex.resolve import Resolver
from ..timex.rules import handlers
from ..timex.values import day_value
from .datelines import find_dateline

_EXPLICIT = ("mdy", "dmy", "iso", "numeric")


def infer_dct(text: str, matches: list[Match], *, hint: str | None = None) -> str | None:
    """A document date from the content: a year-less dateline or weekday date whose year the
    text fixes, else the latest explicit full date, else the latest month or year.

    ``hint`` is the date of the collection the document came with (the latest stated date of
    the other documents of the corpus); it only chooses between the years a weekday allows.
    """
    days: list[str] = []
    coarse: list[str] = []
    years: list[int] = []
    weekday_dates: list[tuple[int, int, int]] = []
    lex = lexicon()
    for match in matches:
        piece = text[match.start : match.end]
        if match.rule in _EXPLICIT:
            results = handlers()[match.rule](_EMPTY_RESOLVER, piece, match.start, match.end)
            days.extend(res[3] for res in results if res[3])
        elif match.rule == "my":
            results = h_my(_EMPTY_RESOLVER, piece, match.start, match.end)
            coarse.extend(res[3] for res in results if res[3])
        elif match.rule == "md":
            weekday = parts().weekday.search(piece)
            month, found = month_of(piece), days_in(piece)
            if weekday and month and found:
                weekday_dates.append((lex.weekdays[weekday[1].lower()], month, found[0][0]))
        if match.rule in ("year", "my", "mdy", "dmy"):
            year = year_of(piece)
            if year is not None:
                years.append(year)
    dateline = find_dateline(text)
    latest_year = max(years) if years else None
    if dateline is not None and dateline.value is None and latest_year is not None:
        for candidate_year in (latest_year, latest_year + 1, latest_year - 1):
            value = day_value(candidate_year, dateline.month, dateline.day)
            if value:
                return value
    # A weekday fixes the year of a year-less date: the first such year from the latest one the
    # text names (a document reports what it mentions as past, so it is not older than that).
    hint_year = int(hint[:4]) if hint and hint[:4].isdigit() else None
    for weekday_number, month_number, day_number in weekday_dates:
        if latest_year is None:
            break
        last = latest_year + 12
        if hint_year is not None and hint_year >= latest_year:
            last = hint_year + 2
        fitting = []
        for candidate in range(latest_year, last):
            try:
                fixed = date(candidate, month_number, day_number)
            except ValueError:
                continue
            if fixed.isoweekday() == weekday_number:
                fitting.append(fixed)
        if not fitting:
            continue
        if hint_year is None:
            days.append(fitting[0].isoformat())
        else:
            # The year nearest the collection's date, never more than a year after it.
            days.append(min(fitting, key=lambda d: (abs(d.year - hint_year), d)).isoformat())
    if days:
        return max(days)
    latest = max(coarse) if coarse else f"{latest_year:04d}" if latest_year is not None else None
    return _hinted_month(latest, hint)


# How far before the collection's date a document's latest date may lie for the document to be
# dated to the collection's month (see _hinted_month).
_HINT_MONTHS = 6


def _hinted_month(found: str | None, hint: str | None) -> str | None:
    """A coarse date found in a document (its latest month or year), refined by the
    collection's date: a document is no older than the latest date it names, and the
    documents of one collection are written close together, so when that date lies shortly
    before the collection's date (at most ``_HINT_MONTHS`` months), the document is dated to
    the collection's month — a month, never an invented day."""
    if found is None or hint is None or len(hint) < 7:
        return found
    try:
        hint_year, hint_month = int(hint[:4]), int(hint[5:7])
        found_year = int(found[:4])
        found_month = int(found[5:7]) if len(found) >= 7 else 12
    except ValueError:
        return found
    gap = (hint_year - found_year) * 12 + hint_month - found_month
    if 0 <= gap <= _HINT_MONTHS:
        return f"{hint_year:04d}-{hint_month:02d}"
    return found


# Explicit dates need no context: their handlers never read the resolver.
_EMPTY_RESOLVER = cast(Resolver, None)
