"""Document dates stated in the text: datelines and publication lines (fixtures written here)."""

from __future__ import annotations

import pytest

from timeline.docdate.datelines import find_dateline, month_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("03/14/2022 | Statement\n\nThe ministry said...", "2022-03-14"),
        ("Ministry news\nPublication date: March 14, 2022\n\nText", "2022-03-14"),
        ("Published: 2022-03-14\nText", "2022-03-14"),
        ("Posted on 14 March 2022\nText", "2022-03-14"),
        ("Updated 09:40 GMT, 14 March 2022\nText", "2022-03-14"),
        ("OSLO, March 14, 2022 (AP) — The talks opened.", "2022-03-14"),
        ("By A. Writer\nMarch 14, 2022 10:15 AM\nThe talks opened.", "2022-03-14"),
        ("2022-03-14T08:00:00Z | Wire\nThe talks opened.", "2022-03-14"),
    ],
)
def test_dct_finds_stated_publication_dates(text, value):
    found = find_dateline(text)
    assert found is not None
    assert found.value == value


@pytest.mark.parametrize(
    "text",
    [
        "NAIROBI, March 14 (Reuters) - The talks opened.",
        "CANBERRA, Aug. 2 (Xinhua) -- The talks opened.",
        "ANKARA, March 14 — The talks opened.",
    ],
)
def test_dct_year_less_datelines_give_month_and_day(text):
    found = find_dateline(text)
    assert found is not None
    assert found.value is None
    assert (found.month, found.day) in ((3, 14), (8, 2))


@pytest.mark.parametrize(
    "text",
    [
        "The talks opened on March 14, 2022, in Oslo, officials said.",
        "Prices rose 03/2022.",
        "Publication date: February 30, 2022",
        "",
    ],
)
def test_dct_ignores_dates_inside_the_story_and_impossible_ones(text):
    assert find_dateline(text) is None


def test_dct_month_number_reads_names_abbreviations_and_numbers():
    assert month_number("Sept.") == 9
    assert month_number("03") == 3
    assert month_number("13") is None
    assert month_number("Smarch") is None
