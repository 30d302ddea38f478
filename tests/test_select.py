"""Filters: dates overlap their bounds, actors match loosely, bad input names the fix."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from timeline_fixture import sample_timeline

from timeline.errors import TimelineError
from timeline.select import Selection, actor_matches, parse_selection, select


def _ids(**options) -> list[str]:
    return [e.id for e in select(sample_timeline(), parse_selection(**options)).events]


def test_empty_selection_keeps_everything():
    timeline = sample_timeline()
    assert select(timeline, Selection()) is timeline


def test_since_and_until_keep_events_overlapping_the_bounds():
    assert _ids(since="2024-06") == ["e0day00006", "e0plan0007", "e0prop0008"]
    assert _ids(since="2024-06-19") == ["e0day00006", "e0plan0007", "e0prop0008"]
    assert _ids(since="2024-06-20", until="2024-12") == ["e0plan0007"]
    # a year-precision event overlaps any bound inside its year
    assert _ids(until="2019-03-01") == ["e0year0001"]
    # a range across years belongs to both
    assert "e0span0004" in _ids(until="2022") and "e0span0004" in _ids(since="2023")


def test_date_bounds_drop_undated_events():
    assert "e0undated9" in _ids()
    assert "e0undated9" not in _ids(since="1900")


def test_type_status_sources_and_confidence():
    assert _ids(types=["summit,visit"]) == ["e0span0004", "e0day00005", "e0day00006", "e0plan0007"]
    assert _ids(statuses=["planned", "proposed"]) == ["e0plan0007", "e0prop0008"]
    assert _ids(min_sources=2) == ["e0month003", "e0day00006"]
    assert _ids(min_confidence=0.8) == ["e0span0004", "e0day00005", "e0day00006"]
    assert _ids(types=["VISIT"], min_sources=2) == ["e0day00006"]


@pytest.mark.parametrize(
    ("query", "actor", "expected"),
    [
        ("boric", "Gabriel Boric", True),
        ("Gabriel Boric", "Boric", True),
        ("GAHR STORE", "Jonas Gahr Støre", True),
        ("kim jong un", "Kim Jong-un", True),
        ("Kim Jong-un", "Kim Jong Un", True),
        ("ruto", "Gabriel Boric", False),
        ("", "Japan", False),
    ],
)
def test_actor_matching_is_case_accent_and_hyphen_insensitive(query, actor, expected):
    assert actor_matches(query, actor) is expected


def test_actor_aliases_from_a_gazetteer_are_tried():
    aliases = {"Japan": ["Tokyo", "Nippon"]}
    assert actor_matches("nippon", "Japan", aliases)
    assert not actor_matches("nippon", "Japan")


def test_actor_filter_any_of_several_and_roles():
    assert _ids(actors=["støre,kishida"]) == ["e0month003", "e0span0004"]
    assert _ids(actors=["Ruto"]) == ["e0span0004", "e0day00005"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "2024-13"}, "--since: '2024-13' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"until": "June 2024"}, "--until: 'June 2024' is not a date; use YYYY"),
        ({"since": "2024-02-30"}, "--since: '2024-02-30' is not a date"),
        ({"since": "2024", "until": "2023"}, "--until 2023 is before --since 2024"),
        ({"types": ["visits"]}, "--type: 'visits' is not known; did you mean 'visit'?"),
        ({"statuses": ["done"]}, "--status: 'done' is not known; choose from occurred"),
        ({"min_sources": -1}, "--min-sources: -1 is negative"),
        ({"min_confidence": 1.5}, "--min-confidence: 1.5 is out of range"),
    ],
)
def test_user_mistakes_give_one_line_naming_problem_and_fix(options, message):
    with pytest.raises(TimelineError) as error:
        parse_selection(**options)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


@given(st.text(max_size=12))
def test_bound_parser_never_crashes_on_arbitrary_text(text):
    try:
        selection = parse_selection(since=text)
    except TimelineError as error:
        assert str(error).startswith("--since:")
    else:
        assert selection.since is not None
