"""The resolver: the anchors an expression is normalised against (the document date,
the narrative reference time, the year the text last stated)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from .lexicon import MAX_YEAR, MIN_YEAR, coordinated, lexicon, month_of
from .settings import DEFAULT, TimexSettings
from .tense import tense_at


@dataclass(slots=True)
class Anchor:
    """The last mentioned dates of each precision (narrative reference times)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    pos: int = -1

    def set(self, year: int, month: int | None = None, day: int | None = None, *, pos: int) -> None:
        if month is None:
            if year != self.year:
                self.month = self.day = None
            self.year = year
        elif day is None:
            if (year, month) != (self.year, self.month):
                self.day = None
            self.year, self.month = year, month
        else:
            self.year, self.month, self.day = year, month, day
        self.pos = pos

    def as_date(self) -> date | None:
        if self.year is None or self.month is None or self.day is None or self.year < 1:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


def parse_partial(value: str | None) -> tuple[int, int | None, int | None] | None:
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    return int(m[1]), (int(m[2]) if m[2] else None), (int(m[3]) if m[3] else None)


Result = tuple[int, int, str, str | None, str]  # start, end, type, value, anchor


def _soon_after(here: tuple[int, int], now: tuple[int, int], days: int) -> bool:
    """Whether (month, day) ``here`` (day 0: a month alone) is a date soon after ``now``.

    A past-tense sentence naming a day this soon after the document date reports a date set
    for it ("declared a dividend payable Dec. 15", "the offer was extended to Nov. 16"), not
    one of the year before: within ``days`` for a day; a month alone only when it is the next
    one ("visited Lisbon in May" written in March is last May).
    """
    if here[1] == 0:
        return here[0] - now[0] == 1
    ahead = (here[0] - now[0]) * 31 + here[1] - now[1]
    return 0 < ahead <= days


_WORD_BEFORE = re.compile(r"(\w+)\s+(?:the\s+)?$")
_SEASON_MONTHS = {"SP": 4, "SU": 7, "FA": 10, "AU": 10, "Q1": 2, "Q2": 5, "Q3": 8, "Q4": 11}


@dataclass(slots=True)
class Resolver:
    doc: Doc
    dct: tuple[int, int | None, int | None] | None
    narrative: bool
    settings: TimexSettings = DEFAULT
    anchor: Anchor = field(default_factory=Anchor)
    # The last year the text itself stated, and where: news text takes a bare "in March" from
    # it only when it is close by ("In 2019 ... in March"); otherwise from the DCT.
    stated_year: int | None = None
    stated_pos: int = -1
    # The last quarter the text named (year, quarter) and where: "the quarter", "the latest
    # period" and "the year-ago quarter" of a company report count from it.
    quarter: tuple[int, int] | None = None
    quarter_pos: int = -1

    # -- helpers
    def tense(self, start: int, end: int) -> str | None:
        return tense_at(self.doc, start, end, reported=not self.narrative)

    def dct_date(self) -> date | None:
        if self.dct is None or self.dct[1] is None or self.dct[2] is None:
            return None
        try:
            return date(self.dct[0], self.dct[1], self.dct[2])
        except ValueError:
            return None

    def year_for(self, month: int, day: int | None, start: int, end: int) -> tuple[int | None, str]:
        """Year of an expression that names a month (and day) but no year."""
        shared = self.shared_year(month, end)
        if shared is not None:
            return shared, "none"
        if self.narrative or self.dct is None:
            return self._narrative_year(month)
        tense = self.tense(start, end)
        # A past event is not in a year after the writer's ("Next year's visit ..., although
        # the minister visited in July"): the stated year frames only what can lie in it.
        later = self.stated_year is not None and self.stated_year > self.dct[0]
        if (
            self.stated_year is not None
            and tense != "future"
            and not (tense == "past" and later)
            and self._framed(start)
        ):
            return self.stated_year, "narrative"
        return self._dct_year(month, day, self._tense_of_preposition(start) or tense), "dct"

    def _tense_of_preposition(self, start: int) -> str | None:
        """The direction the word before a year-less date gives it, over the verb's tense: "since
        Oct. 23" is past; "by February", "effective Feb. 1" are a deadline, the nearest such
        date whatever the tense ("had pledged to repay it by February")."""
        before = _WORD_BEFORE.search(self.doc.text, max(0, start - 24), start)
        if before is None:
            return None
        return lexicon().date_prepositions.get(before[1].lower())

    def _narrative_year(self, month: int) -> tuple[int | None, str]:
        """The year of a month in a story: the story's, moving forward across a turn of year."""
        if self.anchor.year is None:
            return None, "none"
        year = self.anchor.year
        # A story moves forward: "January" soon after "November 1941" is January 1942.
        # Only across a clear turn of the year: a history that goes back a few months
        # ("In May ..." after "by December") stays in the year it was telling.
        if (
            self.anchor.month is not None
            and self.anchor.month - month >= self.settings.new_year_turn_months
        ):
            year += 1
        return year, "narrative"

    def _dct_year(self, month: int, day: int | None, tense: str | None) -> int:
        """The year of a month (and day) in news: the document's, or the one before or after
        as the tense says."""
        assert self.dct is not None
        dct_year, dct_month, dct_day = self.dct
        if dct_month is None:
            return dct_year
        here = (month, day or 0)
        now = (dct_month, dct_day or 0)
        if tense == "future" and here < now and (month != dct_month or day is not None):
            return dct_year + 1
        if (
            tense == "past"
            and here > now
            and month != dct_month
            and not self._soon_after(here, now)
        ):
            return dct_year - 1
        if tense not in ("past", "future"):
            # No tense to go by: the year that puts the date nearest the document's.
            if month - dct_month > self.settings.half_year_months:
                return dct_year - 1
            if dct_month - month > self.settings.half_year_months:
                return dct_year + 1
        return dct_year

    def _soon_after(self, here: tuple[int, int], now: tuple[int, int]) -> bool:
        return _soon_after(here, now, self.settings.soon_after_days)

    def _framed(self, start: int) -> bool:
        """Whether the year the text last stated frames the expression: said in the same
        sentence ("In 2019, ... in March"). A year stated in an earlier sentence is mostly a
        comparison ("up from $3 million in 1988. ... on Nov. 17"), and news counts from its
        date."""
        if start - self.stated_pos >= self.settings.frame_chars:
            return False
        if not self.doc.has_annotation("SENT_START"):
            return True
        here = self.doc.char_span(start, start + 1, alignment_mode="expand")
        there = self.doc.char_span(self.stated_pos, self.stated_pos + 1, alignment_mode="expand")
        if here is None or there is None:
            return True
        return here[0].sent.start == there[0].sent.start

    def shared_year(self, month: int, end: int) -> int | None:
        """The year of a coordinated date right after ("in August and September 1914", "from
        November to March 1918"), which both share; the earlier month of a pair that wraps
        around the new year belongs to the year before."""
        m = coordinated().match(self.doc.text, end)
        if m is None:
            return None
        year = int(m["year"])
        following = month_of(m["month"])
        if following is None or not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return year - 1 if following < month else year

    def base_day(self, start: int, *, deictic: bool) -> tuple[date | None, str]:
        """The day a relative expression counts from: DCT for deictic, else the narrative."""
        if not deictic or self.narrative:
            day = self.anchor.as_date()
            if day is not None:
                return day, "narrative"
        day = self.dct_date()
        if day is not None:
            return day, "dct"
        day = self.anchor.as_date()
        return (day, "narrative") if day is not None else (None, "none")

    def base_ym(self, start: int, *, deictic: bool) -> tuple[int | None, int | None, str]:
        if (not deictic or self.dct is None or self.narrative) and self.anchor.year is not None:
            return self.anchor.year, self.anchor.month, "narrative"
        if self.dct is not None:
            return self.dct[0], self.dct[1], "dct"
        return None, None, "none"

    def reference_quarter(self) -> tuple[tuple[int, int] | None, str]:
        """The quarter a report is about: the last one the text named, else the last whole
        quarter before the document date (the one reported on)."""
        if self.quarter is not None:
            return self.quarter, "narrative"
        if self.dct is None or self.dct[1] is None:
            return None, "none"
        index = self.dct[0] * 4 + (self.dct[1] - 1) // 3 - 1
        return (index // 4, index % 4 + 1), "dct"

    def _report_quarter(self, quarter: tuple[int, int], pos: int) -> None:
        """Take a quarter named as the one reported on: a quarter already over at the document
        date and not older than the one in view (a report compares back, and looks ahead to
        quarters not yet over)."""
        dct = self.dct
        if dct is not None and dct[1] is not None and quarter > (dct[0], (dct[1] - 1) // 3):
            return
        if self.quarter is not None and quarter < self.quarter:
            return
        self.quarter, self.quarter_pos = quarter, pos

    def remember(self, value: str | None, pos: int, *, look_back: bool = False) -> None:
        """Move the anchors to a date the text has reached (a look back such as "the year-ago
        quarter" leaves the quarter of the report where it was)."""
        if not value:
            return
        first = value.split("/")[0]
        season = re.match(r"^(BC)?(\d{4})-(SP|SU|FA|AU|WI|Q[1-4]|H[12])$", first)
        if season:
            # "the summer of 1943": the story is in that year, about the season's middle month
            # (winter straddles two years and gives the year only).
            year = -int(season[2]) if season[1] else int(season[2])
            self.anchor.set(year, _SEASON_MONTHS.get(season[3]), pos=pos)
            if season[3].startswith("Q") and not look_back:
                self._report_quarter((year, int(season[3][1])), pos)
            return
        m = re.match(r"^(BC)?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:$|T)", first)
        if not m:
            return
        year = -int(m[2]) if m[1] else int(m[2])
        self.anchor.set(year, int(m[3]) if m[3] else None, int(m[4]) if m[4] else None, pos=pos)


# --------------------------------------------------------------------------- handlers

Handler = Callable[[Resolver, str, int, int], list[Result]]
