"""Normalisers of relative expressions: deictic words, weekdays, shifts ("two days
later", "next month"), times of day, sets, durations and references."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .calendar import h_full, h_md, h_month, h_season, one_result, season_code
from .lexicon import duration_value, lexicon, month_of, number_value, parts, unit_of
from .resolve import Resolver, Result
from .values import add_months, week_value, year_value


def h_pod_of(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    pod = parts().pod.search(text)
    rest = text[text.lower().index(" of ") + 4 :] if " of " in text.lower() else ""
    offset = len(text) - len(rest)
    inner = h_full(r, rest, start + offset, end) or h_md(r, rest, start + offset, end)
    if not inner or pod is None or inner[0][3] is None:
        return inner
    code = lexicon().parts_of_day[pod[1].lower()]
    return one_result(start, end, "TIME", f"{inner[0][3]}T{code}", inner[0][4])


def h_deictic(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lower = " ".join(text.lower().split())
    day, anchor = r.base_day(start, deictic=True)
    shift = 0
    if "yesterday" in lower or lower == "last night":
        shift = -1
    elif "tomorrow" in lower:
        shift = 1
    if "day before" in lower:
        shift -= 1
    elif "day after" in lower:
        shift += 1
    pod = parts().pod.search(lower)
    code = lexicon().parts_of_day[pod[1].lower()] if pod else ("NI" if "tonight" in lower else None)
    if day is None:
        value = "PRESENT_REF" if shift == 0 and code is None else None
        return one_result(start, end, "DATE", value)
    value = (day + timedelta(days=shift)).isoformat()
    if code:
        return one_result(start, end, "TIME", f"{value}T{code}", anchor)
    return one_result(start, end, "DATE", value, anchor)


def h_weekday(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    m = parts().weekday.search(text)
    if m is None:
        return []
    weekday = lex.weekdays[m[1].lower()]
    lower = text.lower()
    narrative = r.narrative or r.dct_date() is None
    base, anchor = r.base_day(start, deictic=not narrative)
    if base is None:
        return one_result(start, end, "DATE", f"XXXX-WXX-{weekday}")
    delta = weekday - base.isoweekday()  # -6..6
    back = delta if delta <= 0 else delta - 7
    ahead = delta if delta >= 0 else delta + 7
    if re.search(r"\b(last|previous|preceding)\b", lower):
        shift = back if back < 0 else -7
    elif re.search(r"\b(next|following|coming)\b", lower):
        shift = ahead if ahead > 0 else 7
    else:
        tense = None if narrative else r.tense(start, end)
        # "Thursday's closing price", "Monday's vote": a day already reported on.
        possessive = r.doc.text[end : end + 2] in ("'s", "’s")
        if tense == "past" or (possessive and not narrative):
            shift = back
        elif tense == "future":
            shift = ahead
        else:
            shift = back if -back <= ahead else ahead
    value = (base + timedelta(days=shift)).isoformat()
    pod = parts().pod.search(lower)
    # News (TimeBank) dates "Friday night" to its day; a history keeps the part of the day.
    if pod and narrative:
        return one_result(start, end, "TIME", f"{value}T{lex.parts_of_day[pod[1].lower()]}", anchor)
    return one_result(start, end, "DATE", value, anchor)


def h_weekday_range(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "from Sunday to Wednesday": the first day resolved as a weekday, the last after it."""
    days = list(parts().weekday.finditer(text))
    if len(days) < 2:
        return []
    first = h_weekday(r, text[: days[0].end()], start, start + days[0].end())
    if not first or first[0][3] is None or first[0][3].startswith("XXXX"):
        return one_result(start, end, "DATE", None)
    begin = date.fromisoformat(first[0][3][:10])
    last_weekday = lexicon().weekdays[days[-1][1].lower()]
    finish = begin + timedelta(days=(last_weekday - begin.isoweekday()) % 7)
    if finish == begin:
        return []
    return one_result(start, end, "DATE", f"{begin.isoformat()}/{finish.isoformat()}", first[0][4])


def h_season_rel(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "the spring of next year": the season in the year the rest names."""
    code = season_code(text)
    of = text.lower().index(" of ")
    inner = h_rel_unit(r, text[of + 4 :], start + of + 4, end)
    if code is None or not inner or not inner[0][3] or not inner[0][3][:1].isdigit():
        return one_result(start, end, "DATE", None)
    return one_result(start, end, "DATE", f"{inner[0][3][:4]}-{code}", inner[0][4])


def h_weekend(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "the weekend": the one before the DCT in past tense, after it in future tense."""
    base, anchor = r.base_day(start, deictic=True)
    if base is None:
        return one_result(start, end, "DATE", None)
    tense = None if anchor == "narrative" else r.tense(start, end)
    saturday = base + timedelta(days=6 - base.isoweekday())
    if tense == "past" and saturday > base:
        saturday -= timedelta(days=7)
    return one_result(start, end, "DATE", f"{week_value(saturday)}-WE", anchor)


def _shift(
    r: Resolver, start: int, count: int, unit: str, *, deictic: bool
) -> tuple[str | None, str]:
    """Value of a date ``count`` units from the anchor (negative = before)."""
    code = lexicon().units[unit][0]
    if code in ("D", "W", "WE"):
        return _shift_days(r, start, count, code, deictic=deictic)
    year, month, anchor = r.base_ym(start, deictic=deictic)
    if year is None:
        return None, "none"
    minutes = lexicon().units[unit][1] and month is not None  # "M" of a time: no calendar
    if code in ("M", "Q") and not minutes:
        return _shift_months(year, month, count, code), anchor
    if code in ("Y", "DE", "CE"):
        return _shift_years(year, count, code), anchor
    return None, "none"


def _shift_days(
    r: Resolver, start: int, count: int, code: str, *, deictic: bool
) -> tuple[str | None, str]:
    """A day or a week ``count`` days or weeks from the anchor day."""
    day, anchor = r.base_day(start, deictic=deictic)
    if anchor == "dct" and (r.narrative or not deictic) and r.anchor.year is not None:
        # the story's last date is coarser than a day ("in September 2019 ... two days
        # later"): keep what is known of it, never the document's day
        day = None
    if day is None:
        if r.anchor.year is not None and (r.narrative or not deictic):
            known = year_value(r.anchor.year)
            if r.anchor.month is not None and not r.narrative:
                return f"{known}-{r.anchor.month:02d}", "narrative"
            return (f"{known}-XX-XX" if code == "D" else f"{known}-WXX"), "narrative"
        return None, "none"
    try:
        moved = day + timedelta(days=count * (7 if code != "D" else 1))
    except OverflowError:
        return None, "none"
    return (moved.isoformat() if code == "D" else week_value(moved)), anchor


def _shift_months(year: int, month: int | None, count: int, code: str) -> str | None:
    """A month or a quarter ``count`` of them from the anchor; a year when the anchor has no
    month and the shift is whole years."""
    if code == "M" and month is not None:
        y, m = add_months(year, month, count)
        return f"{year_value(y)}-{m:02d}"
    if code == "Q" and month is not None:
        y, m = add_months(year, month, 3 * count)
        return f"{year_value(y)}-Q{(m - 1) // 3 + 1}"
    if month is None:
        months = count * (3 if code == "Q" else 1)
        if months % 12:
            return year_value(year) if months == 0 else None
        return year_value(year + months // 12)
    return None


def _shift_years(year: int, count: int, code: str) -> str:
    """A year, decade or century ``count`` of them from the anchor year."""
    if code == "Y":
        return year_value(year + count)
    size, width = (10, 3) if code == "DE" else (100, 2)
    shifted = year + size * count
    if shifted <= 0:
        return f"BC{-shifted // size:0{width}d}"
    return f"{shifted // size:0{width}d}" + ("X" if code == "DE" else "XX")


def h_ago(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    unit = unit_of(text)
    if unit is None:
        return []
    m = parts().number.match(text)
    count = number_value(m[1]) if m else 1
    if lexicon().units[unit][1]:
        return one_result(start, end, "TIME", "PAST_REF")
    if count is None:
        return one_result(start, end, "DATE", "PAST_REF")
    quarter = _quarter_back(r, start, count, unit)
    if quarter is not None:
        return one_result(start, end, "DATE", quarter, "narrative")
    if lexicon().units[unit][0] == "DE":
        # "a decade ago", "two decades ago": the year that many tens of years back (TimeML)
        value, anchor = _shift(r, start, -10 * count, "year", deictic=True)
    else:
        value, anchor = _shift(r, start, -count, unit, deictic=True)
    return one_result(start, end, "DATE", value, anchor)


# How close (characters) a named quarter must be for "a year ago" to mean that quarter then.
_QUARTER_REACH = 1000


def _quarter_back(r: Resolver, start: int, count: int, unit: str) -> str | None:
    """ "a year ago" / "a year earlier" in news right after a quarter was named ("third-quarter
    profit rose to $5 million from $4 million a year earlier"): that quarter, years back."""
    if r.narrative or r.quarter is None or lexicon().units[unit][0] != "Y":
        return None
    if start - r.quarter_pos > _QUARTER_REACH:
        return None
    year, quarter = r.quarter
    return f"{year_value(year - count)}-Q{quarter}"


def h_later(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    unit = unit_of(text)
    m = parts().number.match(text)
    if unit is None or m is None:
        return []
    count = number_value(m[1])
    sign = -1 if re.search(r"\b(earlier|before)\b", text.lower()) else 1
    if count is None and not lexicon().units[unit][1]:
        # "a few months later": a time after the story's, not a date one can name.
        return one_result(start, end, "DATE", "FUTURE_REF" if sign > 0 else "PAST_REF")
    if count is None or lexicon().units[unit][1]:
        return one_result(start, end, "DATE", None)
    quarter = _quarter_back(r, start, count, unit) if sign < 0 else None
    if quarter is not None:
        return one_result(start, end, "DATE", quarter, "narrative")
    value, anchor = _shift(r, start, sign * count, unit, deictic=False)
    return one_result(start, end, "DATE", value, anchor)


def h_rel_unit(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lower = " ".join(text.lower().split())
    named = _rel_named(r, text, lower, start, end)
    if named is not None:
        return named
    unit = unit_of(lower)
    pod = parts().pod.search(lower)
    if unit is None and pod is not None:
        unit = "day"  # "that morning", "the next evening"
    if unit is None:
        return []
    # News (TimeML): "the past year", "the last week" name the unit before the document
    # date's; a history's "the past decade" is a decade's length.
    last_unit = not r.narrative and r.dct is not None and _the_last_unit(lower)
    period = None if last_unit else _rel_period(lower, unit, pod is not None, start, end)
    if period is not None:
        return period
    deictic = last_unit or not _rel_narrative(lower)
    value, anchor = _shift(r, start, _rel_direction(lower), unit, deictic=deictic)
    if value and unit == "weekend":
        value += "-WE"
    if pod and value and lexicon().units[unit][0] == "D":
        code = lexicon().parts_of_day[pod[1].lower()]
        return one_result(start, end, "TIME", f"{value}T{code}", anchor)
    return one_result(start, end, "DATE", value, anchor)


_THE_LAST_UNIT = re.compile(r"^the (?:past|last) (\w+)$")


def _the_last_unit(lower: str) -> bool:
    """ "the past year", "the last week": one calendar unit of a week or longer, no count."""
    m = _THE_LAST_UNIT.match(lower)
    units = lexicon().units
    return m is not None and m[1] in units and units[m[1]][0] in ("W", "M", "Q", "Y", "DE", "CE")


def _rel_named(r: Resolver, text: str, lower: str, start: int, end: int) -> list[Result] | None:
    """ "last Friday", "next March", "this summer": the weekday, month or season normaliser."""
    if parts().weekday.search(lower) and not parts().unit.search(lower.split()[-1]):
        return h_weekday(r, text, start, end)
    if month_of(text) is not None and re.search(r"[A-Z]", text):
        month_match = parts().month.search(text)
        if month_match and month_match[0][0].isupper():
            return h_month(r, text, start, end)
    if season_code(lower) and not unit_of(lower):
        return h_season(r, text, start, end)
    return None


def _rel_period(lower: str, unit: str, pod: bool, start: int, end: int) -> list[Result] | None:
    """The durations among relative phrases: "the coming years", "the past week", "this hour"."""
    last_word = lower.split()[-1]
    if last_word.endswith("s") and last_word != unit and not pod:
        # "the coming years", "the following days": an unknown number of units
        return one_result(start, end, "DURATION", duration_value(None, unit))
    if re.search(r"\bthe (past|last|first|final)\b", lower) or lexicon().units[unit][1]:
        return one_result(start, end, "DURATION", duration_value(1, unit))
    return None


def _rel_direction(lower: str) -> int:
    """-1 for "last", "previous"; 1 for "next", "following"; 0 for "this", "that", "current"."""
    if re.search(r"\b(last|previous|preceding|past)\b", lower):
        return -1
    if re.search(r"\b(next|following|coming)\b", lower):
        return 1
    return 0


def _rel_narrative(lower: str) -> bool:
    """Whether the phrase counts from the story's time ("the next day", "that week") rather
    than the document's ("next week", "this month")."""
    if re.search(r"\b(current|this)\b", lower):
        return False
    return bool(re.search(r"\b(the|that|previous|following|preceding)\b", lower))


def h_end_of_the(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    unit = unit_of(text.split()[-1])
    if unit is None:
        return []
    value, anchor = _shift(r, start, 0, unit, deictic=False)
    return one_result(start, end, "DATE", value, anchor)


def h_time(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lower = text.lower().replace(".", "").replace(" ", "")
    if lower in ("noon", "midday"):
        hour, minute = 12, 0
    elif lower == "midnight":
        hour, minute = 24, 0
    else:
        m = re.match(r"(\d{1,2})(?::(\d{2}))?", lower)
        if not m:
            return []
        hour, minute = int(m[1]), int(m[2] or 0)
        if "pm" in lower and hour < 12:
            hour += 12
        elif "am" in lower and hour == 12:
            hour = 0
        if hour > 24:
            return []
    day, anchor = r.base_day(start, deictic=False)
    prefix = day.isoformat() if day is not None else "XXXX-XX-XX"
    return one_result(start, end, "TIME", f"{prefix}T{hour:02d}:{minute:02d}", anchor)


def h_set(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    lower = " ".join(text.lower().split())
    simple = {
        "daily": "P1D",
        "weekly": "P1W",
        "monthly": "P1M",
        "annually": "P1Y",
        "yearly": "P1Y",
        "biweekly": "P2W",
        "hourly": "PT1H",
    }
    if lower in simple:
        return one_result(start, end, "SET", simple[lower])
    weekday = parts().weekday.search(lower)
    if weekday and not unit_of(lower):
        return one_result(start, end, "SET", f"XXXX-WXX-{lex.weekdays[weekday[1].lower()]}")
    pod = parts().pod.search(lower)
    if pod and not unit_of(lower):
        return one_result(start, end, "SET", f"XXXX-XX-XXT{lex.parts_of_day[pod[1].lower()]}")
    unit = unit_of(lower)
    if unit is None:
        return []
    count = 2 if "other" in lower else 1
    return one_result(start, end, "SET", duration_value(count, unit))


def _age_or_rate(r: Resolver, lower: str, start: int, end: int) -> bool:
    """ "52 years old" (an age) or "$2 million a year" (a rate): not tagged in news."""
    lex = lexicon()
    after = _NEXT_WORD.match(r.doc.text, end)
    if after is not None and after[1].lower() in lex.not_duration_after:
        return True
    if not re.fullmatch(r"an? \w+", lower):
        return False
    before = _LAST_WORD.search(r.doc.text, max(0, start - 24), start)
    return before is not None and (
        any(c.isdigit() for c in before[1]) or before[1].lower() in lex.amount_scales
    )


_NEXT_WORD = re.compile(r"[\s-]+(\w+)")
_LAST_WORD = re.compile(r"(\S+)\s+$")


def h_duration(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lower = " ".join(text.lower().split())
    if not r.narrative and _age_or_rate(r, lower, start, end):
        return []
    unit = unit_of(lower.split("the ")[-1] if lower.startswith("the ") else lower)
    if unit is None:
        return []
    m = parts().number.search(lower)
    count: int | None = None
    if m is not None:
        if "." in m[1]:
            return one_result(start, end, "DURATION", None)
        count = number_value(m[1])
    elif not lower.startswith(("the ",)) and re.fullmatch(r"[a-z]+", lower):
        count = None  # bare plural after "for"/"within"/"over": "for weeks"
    if count is not None and count > 10000:
        return []
    years = _YEARS_IN.get(lexicon().units[unit][0])
    if years is not None and count is not None and not r.narrative:
        # News (TimeBank) counts decades and centuries in years: "two decades" is P20Y.
        return one_result(start, end, "DURATION", f"P{count * years}Y")
    return one_result(start, end, "DURATION", duration_value(count, unit, "and a half" in lower))


_YEARS_IN = {"DE": 10, "CE": 100}


def h_ref_adjective(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "former", "current": temporal references by the TIMEX2 conventions that narrative
    corpora follow; in news (TimeML) only those ``data/timex.yaml`` marks ``news``."""
    value, in_news = lexicon().reference_adjectives[text.lower()]
    if not r.narrative and not in_news:
        return []
    return one_result(start, end, "DATE", value)


def h_after_event(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "two days after the invasion": a duration in news (TimeML); in a narrative the date that
    far from the last one told, which is usually the event named."""
    if not r.narrative or r.anchor.year is None:
        return h_duration(r, text, start, end)
    unit = unit_of(text)
    m = parts().number.match(text)
    count = number_value(m[1]) if m else None
    if unit is None or count is None or lexicon().units[unit][1]:
        return h_duration(r, text, start, end)
    sign = -1 if r.doc.text[end : end + 8].lower().strip().startswith("before") else 1
    value, anchor = _shift(r, start, sign * count, unit, deictic=False)
    return one_result(start, end, "DATE", value, anchor)


def h_refs(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    value = lexicon().references.get(" ".join(text.lower().split()))
    if value is None:
        return []
    # "recent months" (PXM) is a length of unknown count, "recently" a reference (PAST_REF).
    length = value.startswith("P") and not value.endswith("_REF")
    return one_result(start, end, "DURATION" if length else "DATE", value)
