"""Date values: precision is explicit, intervals are closed ranges of days."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.dates import from_interval, parse_when, timex_interval


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2024-06-19", date(2024, 6, 19), date(2024, 6, 19), "day"),
        ("2023-09", date(2023, 9, 1), date(2023, 9, 30), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2000", date(2000, 1, 1), date(2000, 12, 31), "year"),
        ("2024-06-18/2024-06-19", date(2024, 6, 18), date(2024, 6, 19), "range"),
        ("1950/1953", date(1950, 1, 1), date(1953, 12, 31), "range"),
        ("199X", date(1990, 1, 1), date(1999, 12, 31), "decade"),
        ("2023-SU", date(2023, 6, 1), date(2023, 8, 31), "season"),
        ("2024-W25", date(2024, 6, 17), date(2024, 6, 23), "week"),
        ("2024-W25-WE", date(2024, 6, 22), date(2024, 6, 23), "range"),
        ("2020-W01-WE", date(2020, 1, 4), date(2020, 1, 5), "range"),
        ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30), "season"),
    ],
)
def test_parse_when_gives_interval_and_precision(value, start, end, precision) -> None:
    when = parse_when(value)
    assert when is not None
    assert (when.start, when.end, when.precision) == (start, end, precision)
    assert str(when) == value


@pytest.mark.parametrize(
    "value",
    [
        "2023-13",
        "2023-02-30",
        "P5Y",
        "PRESENT_REF",
        "XXXX-10",
        "",
        "2024/2023",
        "June",
        "2024-W54-WE",
    ],
)
def test_values_that_name_no_interval_give_none(value: str) -> None:
    assert parse_when(value) is None


def test_yaml_loaded_values_are_accepted() -> None:
    assert parse_when(date(2024, 6, 19)).value == "2024-06-19"
    assert parse_when(1962).value == "1962"


def test_intersection_keeps_the_most_precise_value() -> None:
    month, days = parse_when("2024-06"), parse_when("2024-06-18/2024-06-19")
    assert month.intersection(days) == days
    assert days.intersection(month) == days
    assert (
        parse_when("2024-06-18/2024-06-20").intersection(parse_when("2024-06-19/2024-06-25")).value
        == "2024-06-19/2024-06-20"
    )
    assert parse_when("2023").intersection(parse_when("2024")) is None


@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.integers(min_value=0, max_value=800),
)
def test_from_interval_round_trips(start: date, length: int) -> None:
    end = date.fromordinal(min(date(9999, 12, 31).toordinal(), start.toordinal() + length))
    when = from_interval(start, end)
    assert timex_interval(when.value) == (start, end)


@given(st.text(max_size=30))
def test_parse_when_never_raises(text: str) -> None:
    when = parse_when(text)
    assert when is None or when.start <= when.end
