"""TIMEX3 values: years, days, weeks and durations."""

from __future__ import annotations

from datetime import date


def year_value(year: int) -> str:
    """TIMEX3 year: ``1939``; years before the common era as ``BC0480`` (stored negative)."""
    return f"BC{-year:04d}" if year <= 0 else f"{year:04d}"


def day_value(year: int, month: int, day: int) -> str | None:
    if year < 1:
        return f"{year_value(year)}-{month:02d}-{day:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def week_value(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"
