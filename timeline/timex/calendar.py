"""Normalisers of calendar expressions: full dates, months, years, ranges, lists,
decades, centuries, seasons, quarters and holidays."""

from __future__ import annotations

import re
from datetime import date

from .lexicon import MAX_YEAR, MIN_YEAR, days_in, lexicon, month_of, months_in, parts, year_of
from .resolve import Resolver, Result
from .values import day_value, year_value


def one_result(
    start: int, end: int, kind: str, value: str | None, anchor: str = "none"
) -> list[Result]:
    return [(start, end, kind, value, anchor)]


def h_full(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    month = month_of(text)
    year = year_of(text)
    days = [d for d in days_in(text) if str(d[0]) != str(year)]
    if month is None or year is None or not days:
        return []
    value = day_value(year, month, days[0][0])
    if value is None:
        return []
    return one_result(start, end, "DATE", value)


def h_iso(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?", text)
    if not m:
        return []
    value = day_value(int(m[1]), int(m[2]), int(m[3]))
    if value is None:
        return []
    if m[4]:
        return one_result(start, end, "TIME", f"{value}T{m[4]}")
    return one_result(start, end, "DATE", value)


def h_numeric(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "11/30/2021" (month first), "30.11.2021" (day first), "30-Nov-2021", "30.nov.2021"."""
    first, middle, last = re.split(r"[/.-]", text)
    a, y = int(first), int(last)
    named = month_of(middle) if middle.isalpha() else None
    if middle.isalpha():
        if named is None:
            return []
        month, day = named, a
    else:
        b = int(middle)
        # Slashes are read month first (US usage) unless that is impossible; dots day first.
        month, day = (a, b) if "/" in text else (b, a)
        if month > 12 and day <= 12:
            month, day = day, month
    if not MIN_YEAR <= y <= MAX_YEAR:
        return []
    value = day_value(y, month, day) if 1 <= month <= 12 else None
    return one_result(start, end, "DATE", value) if value else []


def h_my(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    month, year = month_of(text), year_of(text)
    if month is None or year is None:
        return []
    return one_result(start, end, "DATE", f"{year_value(year)}-{month:02d}")


def h_year(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    year = year_of(text)
    if year is None:
        return []
    return one_result(start, end, "DATE", f"{year:04d}")


def h_era_year(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    m = re.search(r"\d{1,4}", text)
    era = parts().era.search(text)
    if not m or not era:
        return []
    number = int(m[0])
    if number == 0:
        return []
    bc = era[1].upper().replace(".", "").startswith("B")
    return one_result(start, end, "DATE", year_value(-number if bc else number))


def h_year_range(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    numbers = re.findall(r"\d{2,4}", text)
    first = int(numbers[0])
    last_text = numbers[1]
    last = int(last_text) if len(last_text) == 4 else (first // 100) * 100 + int(last_text)
    if not first < last <= first + 100 or last > MAX_YEAR:
        return []
    return one_result(start, end, "DATE", f"{first:04d}/{last:04d}")


def h_range_days(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    months = months_in(text)
    year = year_of(text)
    days = [d for d in days_in(text) if year is None or str(d[0]) != str(year)][:2]
    if not months or len(days) < 2:
        return []
    first_month = months[0][0]
    last_month = months[-1][0]
    if year is None:
        year_found, anchor = r.year_for(first_month, days[0][0], start, end)
        if year_found is None:
            # Nothing gives the year: a year-less range, for the merge to anchor
            # (checked in a leap year, so that "February 28-29" stays valid).
            a = day_value(2000, first_month, days[0][0])
            b = day_value(2000 if last_month >= first_month else 2001, last_month, days[1][0])
            if a is None or b is None or b <= a:
                return one_result(start, end, "DATE", None)
            return one_result(start, end, "DATE", f"XXXX{a[4:]}/XXXX{b[4:]}")
        year = year_found
    else:
        anchor = "none"
    a = day_value(year, first_month, days[0][0])
    last_year = year + 1 if last_month < first_month else year
    b = day_value(last_year, last_month, days[1][0])
    if a is None or b is None or b <= a:
        return []
    return one_result(start, end, "DATE", f"{a}/{b}", anchor)


def h_list_days(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "June 18 and 19" or "18 and 19 June": one expression per day."""
    month = month_of(text)
    year = year_of(text)
    days = [d for d in days_in(text) if year is None or str(d[0]) != str(year)]
    if month is None or len(days) < 2:
        return []
    anchor = "none"
    if year is None:
        found, anchor = r.year_for(month, days[0][0], start, end)
        year = found
    out: list[Result] = []
    month_span = parts().month.search(text)
    assert month_span is not None
    year_match = list(parts().year.finditer(text))
    for index, (day, d_start, d_end) in enumerate(days):
        s, e = d_start, d_end
        if month_span.start() < d_start and index == 0:
            s = month_span.start()  # "June 18"
        if month_span.start() > d_start and index == len(days) - 1:
            e = month_span.end()  # "19 June"
        if year_match and index == len(days) - 1:
            e = year_match[-1].end()
        value = day_value(year, month, day) if year is not None else f"XXXX-{month:02d}-{day:02d}"
        if value is None:
            continue
        out.append((start + s, start + e, "DATE", value, anchor))
    return out


def h_md(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    month = month_of(text)
    days = days_in(text)
    if month is None or not days:
        return []
    day = days[0][0]
    weekday_match = parts().weekday.search(text)
    year, anchor = r.year_for(month, day, start, end)
    if weekday_match is not None and r.dct is not None:
        # A weekday fixes the year among the neighbours of the one guessed.
        weekday = lexicon().weekdays[weekday_match[1].lower()]
        guess = year if year is not None else r.dct[0]
        for candidate in (guess, guess - 1, guess + 1):
            try:
                if date(candidate, month, day).isoweekday() == weekday:
                    year = candidate
                    break
            except ValueError:
                break
    if year is None:
        if not 1 <= day <= 31:
            return []
        return one_result(start, end, "DATE", f"XXXX-{month:02d}-{day:02d}")
    value = day_value(year, month, day)
    return one_result(start, end, "DATE", value, anchor) if value else []


def h_month(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    month = month_of(text)
    if month is None:
        return []
    lower = text.lower()
    if "that " in lower or "the same " in lower:
        year: int | None = r.anchor.year
        anchor = "narrative"
    elif re.search(r"\b(last|previous|preceding|next|following|coming|this)\b", lower):
        base_year, base_month, anchor = r.base_ym(start, deictic="the " not in lower)
        if base_year is None:
            return one_result(start, end, "DATE", f"XXXX-{month:02d}")
        year = base_year
        backward = re.search(r"\b(last|previous|preceding)\b", lower)
        forward = re.search(r"\b(next|following|coming)\b", lower)
        if backward and (base_month is None or month >= base_month):
            year -= 1
        elif forward and (base_month is None or month <= base_month):
            year += 1
    else:
        year, anchor = r.year_for(month, None, start, end)
    if year is None:
        return one_result(start, end, "DATE", f"XXXX-{month:02d}")
    return one_result(start, end, "DATE", f"{year_value(year)}-{month:02d}", anchor)


def h_month_rel_year(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "January this year", "June 5 last year": the month (and day) in the year named
    relative to the document date."""
    month = month_of(text)
    lower = text.lower()
    base, _month, anchor = r.base_ym(start, deictic=True)
    if month is None or base is None:
        return one_result(start, end, "DATE", None)
    year = base + (-1 if re.search(r"\blast\s+year", lower) else 0)
    year += 1 if re.search(r"\bnext\s+year", lower) else 0
    days = days_in(text)
    if days:
        value = day_value(year, month, days[0][0])
        return one_result(start, end, "DATE", value, anchor) if value else []
    return one_result(start, end, "DATE", f"{year_value(year)}-{month:02d}", anchor)


def h_spoken_year(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "nineteen ninety-six" (1996), "the year two thousand" (2000), "January nineteen
    ninety-seven" (1997-01), "the winter of nineteen ninety-four" (1994-WI)."""
    lower = " ".join(text.lower().replace("-", " ").split())
    numbers = lexicon().numbers
    said = re.search(r"\b(nineteen|two thousand)\b(.*)$", lower)
    if said is None:
        return []
    rest = said[2].removeprefix(" and").split()
    if rest == ["hundred"]:
        rest = []
    if any(w not in numbers for w in rest):
        return []
    year = (1900 if said[1] == "nineteen" else 2000) + sum(numbers[w] for w in rest)
    month, season = month_of(lower[: said.start()]), season_code(lower[: said.start()])
    if month is not None:
        return one_result(start, end, "DATE", f"{year:04d}-{month:02d}")
    if season is not None:
        return one_result(start, end, "DATE", f"{year:04d}-{season}")
    return one_result(start, end, "DATE", f"{year:04d}")


def h_decade(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    m = re.search(r"(\d{2,4})0s", text.replace("'", ""))
    if not m:
        return []
    digits = m[1]
    if len(digits) == 1:
        digits = ("19" if int(digits) >= 2 else "20") + digits  # "'90s"
    if len(digits) == 3 and digits.endswith("0") and "'" not in text:
        return one_result(start, end, "DATE", f"{digits[:2]}XX")  # "the 1800s": a century
    return one_result(start, end, "DATE", f"{digits[-3:] if len(digits) == 3 else digits}X")


def h_century(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    lower = text.lower()
    m = re.search(r"(\d{1,2})(?:st|nd|rd|th)", lower)
    number = int(m[1]) if m else None
    if number is None:
        for word, value in sorted(lex.ordinals.items(), key=lambda kv: -len(kv[0])):
            if re.search(rf"\b{re.escape(word)}\b", lower):
                number = value
                break
    if not number:
        return []
    era = parts().era.search(text)
    if era and era[1].upper().startswith("B"):
        return one_result(start, end, "DATE", f"BC{number - 1:02d}")
    return one_result(start, end, "DATE", f"{number - 1:02d}XX")


def season_code(text: str) -> str | None:
    m = parts().season.search(text)
    return lexicon().seasons[m[1].lower()] if m else None


def h_season_year(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    code, year = season_code(text), year_of(text)
    if code is None or year is None:
        return []
    return one_result(start, end, "DATE", f"{year_value(year)}-{code}")


def h_season(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    code = season_code(text)
    if code is None:
        return []
    lower = text.lower()
    deictic = "the " not in lower and "that " not in lower
    year, month, anchor = r.base_ym(start, deictic=deictic and r.dct is not None)
    if year is None:
        return one_result(start, end, "DATE", f"XXXX-{code}")
    if re.search(r"\b(last|previous|preceding)\b", lower):
        year -= 1
    elif re.search(r"\b(next|following|coming)\b", lower):
        year += 1
    elif anchor == "dct" and not re.search(r"\bthis\b", lower):
        tense = r.tense(start, end)
        first = {"SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}[code]
        if tense == "past" and month is not None and first > month:
            year -= 1
        elif tense == "future" and month is not None and first + 2 < month:
            year += 1
    return one_result(start, end, "DATE", f"{year_value(year)}-{code}", anchor)


def h_quarter(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    lower = text.lower()
    m = re.search(r"q([1-4])", lower)
    code = f"Q{m[1]}" if m else None
    if code is None:
        for word, value in lex.quarters.items():
            if re.search(rf"\b{word}\b", lower):
                code = value
                break
    year = year_of(text)
    anchor = "none"
    if year is None:
        base, month, anchor = r.base_ym(start, deictic=True)
        year = base
        if year is not None and code and anchor == "dct" and month is not None:
            first_month = 3 * int(code[1]) - 2
            tense = r.tense(start, end)
            if tense == "past" and first_month > month:
                year -= 1
            elif tense == "future" and first_month + 5 < month:
                # A quarter is reported on after it ends: "will report third-quarter results"
                # in October is this year's; only one ended half a year ago is next year's.
                year += 1
    if code is None:
        return []
    value = f"{year_value(year)}-{code}" if year is not None else f"XXXX-{code}"
    return one_result(start, end, "DATE", value, anchor)


_YEAR_BACK = re.compile(
    r"\byear[- ](?:ago|earlier|before)\b|\bprior[- ]year\b|\blast\s+year\b"
    r"|\ba\s+year\s+(?:ago|earlier)",
    re.I,
)
_YEAR_OF_DCT = re.compile(r"\b(this|last|next)\s+year's", re.I)


def h_fiscal_period(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "the quarter", "the latest period", "the year-ago quarter", "year-earlier": the quarter
    a company report is about (:meth:`Resolver.reference_quarter`), a year back when the
    phrase says so; "year-earlier" alone is the year before when no quarter is in view. "The
    1988 period" and "last year's third quarter" take the year they name."""
    lower = " ".join(text.lower().split())
    if "quarter" not in lower and "period" in lower and r.quarter is None:
        # "the same period (of time)" with no quarter named before it: a report's period only
        # in a report, which names its quarters; elsewhere it is no date at all.
        return []
    reference, anchor = r.reference_quarter()
    quarters = lexicon().quarters.items()
    named = next((v for w, v in quarters if re.search(rf"\b{w}[\s-]+quarter", lower)), None)
    if reference is None:
        return one_result(start, end, "DATE", None)
    year, quarter = reference
    if named is not None:
        quarter = int(named[1])
    stated, of_dct = year_of(text), _YEAR_OF_DCT.search(lower)
    if stated is not None:
        year, anchor = stated, "none"
    elif of_dct and r.dct is not None:
        year = r.dct[0] + {"this": 0, "last": -1, "next": 1}[of_dct[1]]
        anchor = "dct"
    elif _YEAR_BACK.search(lower):
        year -= 1
    if not re.search(r"quarter|period", lower) and r.quarter is None:
        return one_result(start, end, "DATE", year_value(year), anchor)
    return one_result(start, end, "DATE", f"{year_value(year)}-Q{quarter}", anchor)


def h_the_year(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    """ "the year", "the fiscal year" in news: the document's year; "the year ended June 30"
    is a year's length. A narrative's "the year" is not tagged (it means little alone)."""
    if r.narrative or r.dct is None:
        return []
    after = r.doc.text[end : end + 12].lower()
    if re.match(r"\s+(?:ended|ending|through|to\b)", after):
        return one_result(start, end, "DURATION", "P1Y")
    return one_result(start, end, "DATE", year_value(r.dct[0]), "dct")


def h_half(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lower = text.lower()
    code = "H1" if "first" in lower else "H2"
    year = year_of(text)
    anchor = "none"
    if year is None:
        base, _month, anchor = r.base_ym(start, deictic=True)
        if base is None:
            return one_result(start, end, "DATE", None)
        year = base + (-1 if "last year" in lower else 1 if "next year" in lower else 0)
    return one_result(start, end, "DATE", f"{year_value(year)}-{code}", anchor)


def h_holiday(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    lex = lexicon()
    lower = " ".join(text.lower().split())
    names = sorted([*lex.holidays, *lex.movable_holidays], key=len, reverse=True)
    name = next((n for n in names if lower.startswith(n)), None)
    if name is None:
        return []
    month = lex.holidays[name][0] if name in lex.holidays else lex.movable_holidays[name][0]
    fixed_day = lex.holidays[name][1] if name in lex.holidays else None
    year = year_of(text)
    anchor = "none"
    if year is None:
        year, anchor = r.year_for(month, fixed_day, start, end)
    if year is None:
        value = f"XXXX-{month:02d}-{fixed_day:02d}" if fixed_day else None
    elif fixed_day is None:
        value = nth_weekday(year, *lex.movable_holidays[name])
    else:
        value = day_value(year, month, fixed_day)
    pod = parts().pod.search(lower[len(name) :])
    if pod and value:
        return one_result(start, end, "TIME", f"{value}T{lex.parts_of_day[pod[1].lower()]}", anchor)
    return one_result(start, end, "DATE", value, anchor)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> str | None:
    """The day of the ``nth`` ``weekday`` (1 = Monday) of the month; ``nth`` -1 is the last."""
    if year < 1:
        return None
    days = [d for d in range(1, 32) if day_value(year, month, d)]
    matching = [d for d in days if date(year, month, d).isoweekday() == weekday]
    index = nth - 1 if nth > 0 else nth
    if not -len(matching) <= index < len(matching):
        return None
    return day_value(year, month, matching[index])


def h_range_months(r: Resolver, text: str, start: int, end: int) -> list[Result]:
    months = months_in(text)
    years = [int(y) for y in parts().year.findall(text)]
    if len(months) < 2 or not years:
        return []
    last_year = years[-1]
    first_year = (
        years[0]
        if len(years) > 1
        else (last_year if months[0][0] <= months[-1][0] else last_year - 1)
    )
    a, b = f"{first_year:04d}-{months[0][0]:02d}", f"{last_year:04d}-{months[-1][0]:02d}"
    if b <= a:
        return []
    return one_result(start, end, "DATE", f"{a}/{b}")
