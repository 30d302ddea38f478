"""The temporal tagger: extents, TIMEX3 values, anchoring, bad input (fixtures written here)."""

from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import parse_when
from timeline.nlp import register_extensions
from timeline.timex import SPAN_KEY, timeml_expressions


@pytest.fixture(scope="module")
def blank():
    from timeline import timex  # noqa: F401  (registers the factory)
    from timeline.docdate import decide  # noqa: F401  (registers timeline_docdate)

    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("timeline_docdate")
    nlp.add_pipe("timeline_timex")
    return nlp


def _tag(nlp, text: str, dct: str | None = "2022-03-16"):
    doc = nlp.make_doc(text)
    doc._.timeline_dct = dct
    return nlp(doc)


def _values(nlp, text: str, dct: str | None = "2022-03-16") -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in _tag(nlp, text, dct)._.timeline_timexes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The treaty was ratified in March 1987.", [("March 1987", "1987-03")]),
        ("They signed it on 3 February 1995.", [("3 February 1995", "1995-02-03")]),
        ("It opened on October 12, 2001, in Lima.", [("October 12, 2001", "2001-10-12")]),
        ("Filed 2021-11-30 by the ministry.", [("2021-11-30", "2021-11-30")]),
        ("Released 11/30/2021.", [("11/30/2021", "2021-11-30")]),
        ("The mission ended in 1998.", [("1998", "1998")]),
        ("Tensions grew through the 1970s.", [("the 1970s", "197X")]),
        ("The early 19th century saw wars.", [("The early 19th century", "18XX")]),
        ("The port was rebuilt in the summer of 2011.", [("the summer of 2011", "2011-SU")]),
        ("Profits fell in the third quarter of 2020.", [("the third quarter of 2020", "2020-Q3")]),
        ("The city fell in 331 BC.", [("331 BC", "BC0331")]),
    ],
)
def test_timex_absolute_expressions_keep_their_precision(blank, text, expected):
    assert _values(blank, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks are set for May 4-5 in Oslo.", "2022-05-04/2022-05-05"),
        ("He served 2014-2018 as envoy.", "2014/2018"),
        ("He served 2014–16 as envoy.", "2014/2016"),
        ("The fair runs April 28 - May 2, 2023.", "2023-04-28/2023-05-02"),
        ("The fair ran 9–11 November 2019.", "2019-11-09/2019-11-11"),
    ],
)
def test_timex_ranges_have_both_ends(blank, text, expected):
    (timex,) = _tag(blank, text)._.timeline_timexes
    assert timex.value == expected
    assert parse_when(expected) is not None


def test_timex_day_lists_are_separate_expressions(blank):
    values = _values(blank, "Ministers meet on July 7 and 8 in Rome.")
    assert values == [("July 7", "2022-07-07"), ("8", "2022-07-08")]
    years = _values(blank, "Visits took place in 2015 and 2017.")
    assert years == [("2015", "2015"), ("2017", "2017")]


def test_timeml_output_splits_ranges_into_their_ends(blank):
    doc = _tag(blank, "Talks are set for May 4-5 in Oslo.")
    split = timeml_expressions(doc._.timeline_timexes)
    assert [(t.text, t.value) for t in split] == [("May 4", "2022-05-04"), ("5", "2022-05-05")]
    decade = timeml_expressions(_tag(blank, "in the 1980s")._.timeline_timexes)
    assert decade[0].value == "198"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister arrived today.", ("today", "2022-03-16")),
        ("The talks ended yesterday.", ("yesterday", "2022-03-15")),
        ("Results are due tomorrow.", ("tomorrow", "2022-03-17")),
        ("Exports rose last year.", ("last year", "2021")),
        ("Exports may rise next month.", ("next month", "2022-04")),
        ("The envoy left three years ago.", ("three years ago", "2019")),
        ("The deal was struck this week.", ("this week", "2022-W11")),
        ("He spoke this morning.", ("this morning", "2022-03-16TMO")),
    ],
)
def test_timex_deictic_expressions_resolve_against_the_dct(blank, text, expected):
    assert expected in _values(blank, text)


def test_timex_narrative_expressions_follow_the_last_date(blank):
    text = "The siege began on 4 April 1871. Two days later the garrison surrendered."
    values = _values(blank, text, dct="2020-01-01")
    assert ("Two days later", "1871-04-06") in values
    text = "Fighting resumed in March 1871. The following year brought peace."
    assert ("The following year", "1872") in _values(blank, text, dct="2020-01-01")


def test_timex_that_same_and_that_very_follow_the_last_date_like_that(blank):
    text = (
        "Tanaka flew to Beijing in 1972. Earlier that same year, Nixon had visited China. "
        "That very day the talks began."
    )
    values = _values(blank, text, dct="2022-09-25")
    assert ("Earlier that same year", "1972") in values
    assert ("That very day", "1972-XX-XX") in values
    # (a demonstrative alone before an unrelated noun is no date)
    assert [v for _t, v in _values(blank, "That same team won.", dct="2022-09-25")] == []


def test_timex_bare_month_in_a_history_takes_the_story_year(blank):
    text = "The army crossed the river in June 1812. In September it reached the city."
    assert ("September", "1812-09") in _values(blank, text, dct="2010-05-01")


def test_timex_durations_and_sets(blank):
    doc = _tag(blank, "The truce lasted five months. Patrols run daily.")
    found = [(t.text, t.type, t.value) for t in doc._.timeline_timexes]
    assert ("five months", "DURATION", "P5M") in found
    assert ("daily", "SET", "P1D") in found


def test_timex_writes_span_group_and_never_ents(blank):
    doc = _tag(blank, "Signed in April 2004 and ratified in 2005.")
    assert [s.label_ for s in doc.spans[SPAN_KEY]] == ["DATE", "DATE"]
    assert [s.text for s in doc.spans[SPAN_KEY]] == ["April 2004", "2005"]
    assert list(doc.ents) == []


@pytest.mark.parametrize(
    "text",
    [
        "It was due on February 30, 2021.",
        "The code 2023-13-01 is not a date.",
        "Support is 24/7 for 300 thousand users.",
        "Between 85–90 percent agreed.",
        "They sent 2000 troops.",
        "The year 9999 is far away.",
    ],
)
def test_timex_impossible_or_lookalike_dates_give_no_value(blank, text):
    for timex in _tag(blank, text)._.timeline_timexes:
        assert timex.value is None or timex.type in ("DURATION", "SET")


def test_timex_infers_a_dct_when_the_document_has_none(blank):
    doc = _tag(blank, "Monday, April 3 — The summit, first held on 12 March 2017, met.", None)
    assert doc._.timeline_dct_source == "inferred"
    assert doc._.timeline_dct == "2017-04-03"


def _hinted(nlp, text: str, hint: str | None):
    doc = nlp.make_doc(text)
    doc._.timeline_dct = None
    doc._.timeline_dct_hint = hint
    return nlp(doc)


def test_timex_weekday_year_is_the_one_nearest_the_collection_date(blank):
    text = "On Tuesday, March 7, the ministers met. The border was closed in May 1998."
    # Tuesday 7 March: 2000, 2006, 2017, 2023 …; the first after 1998 without a hint.
    assert _hinted(blank, text, None)._.timeline_dct == "2000-03-07"
    assert _hinted(blank, text, "2023-05-02")._.timeline_dct == "2023-03-07"


def test_timex_a_latest_month_shortly_before_the_collection_date_takes_its_month(blank):
    text = "Talks began in February 2021 in Nairobi and continue today."
    assert _hinted(blank, text, None)._.timeline_dct == "2021-02"
    assert _hinted(blank, text, "2021-05-20")._.timeline_dct == "2021-05"
    # Too far from the collection's date (or after it): the document's own evidence stands.
    assert _hinted(blank, text, "2022-09-01")._.timeline_dct == "2021-02"
    assert _hinted(blank, text, "2020-12-01")._.timeline_dct == "2021-02"


def test_timex_a_day_range_without_any_year_stays_yearless(blank):
    doc = _tag(blank, "The premier will tour the region on August 3-5.", None)
    assert [(t.text, t.value) for t in doc._.timeline_timexes] == [
        ("August 3-5", "XXXX-08-03/XXXX-08-05")
    ]


_VALUE = re.compile(
    r"^(?:BC)?(?:\d{4}|XXXX)(?:-(?:\d{2}|XX|W\d{2}|WXX|SP|SU|FA|WI|Q[1-4]|H[12])"
    r"(?:-(?:\d{2}|XX|WE|\d))?)?(?:T[\w:]+)?(?:/\S+)?$|^P[\dX.]+[A-Z]+$|^PT[\dX]+[HMS]$|"
    r"^(?:PRESENT|PAST|FUTURE)_REF$|^\d{3}X$|^\d{2}XX$|^XXXX-\S+$|^BC\d{2}$"
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(
                [
                    "June",
                    "18",
                    "-",
                    "19",
                    "2024",
                    "last",
                    "year",
                    "on",
                    "Friday",
                    "ago",
                    "two",
                    "days",
                    "later",
                    "the",
                    "1990s",
                    "/",
                    "30",
                    "February",
                    "BC",
                    " ",
                    ", ",
                    "of",
                ]
            ),
        ),
        max_size=20,
    )
)
def test_timex_random_text_stays_in_bounds_and_values_parse(blank, pieces):
    text = " ".join(pieces)
    doc = _tag(blank, text)
    for timex in doc._.timeline_timexes:
        assert 0 <= timex.start < timex.end <= len(text)
        assert text[timex.start : timex.end] == timex.text
        assert timex.value is None or _VALUE.match(timex.value), timex.value
        if timex.value and timex.type == "DATE" and timex.value[:1].isdigit():
            assert "X" in timex.value or parse_when(timex.value) is not None, timex.value


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The foreign ministers met on Monday in Cairo.", "2022-03-14"),
        ("The foreign ministers will meet on Monday in Cairo.", "2022-03-21"),
        ("The prime minister is to visit Ankara in January.", "2023-01"),
        ("The prime minister visited Ankara in November.", "2021-11"),
        ("The prime minister plans to visit Ankara in April.", "2022-04"),
    ],
)
def test_timex_tense_decides_past_or_future(nlp, text, expected):
    doc = nlp.make_doc(text)
    doc._.timeline_dct = "2022-03-16"  # a Wednesday
    with nlp.select_pipes(disable=["timeline_events"]):
        doc = nlp(doc)
    assert [t.value for t in doc._.timeline_timexes] == [expected]


@pytest.mark.slow
def test_timex_model_vetoes_quantities_and_modal_may(nlp):
    doc = nlp.make_doc("May the talks succeed. The army lost 1500 men in May.")
    doc._.timeline_dct = "2022-03-16"
    with nlp.select_pipes(disable=["timeline_events"]):
        doc = nlp(doc)
    assert [t.text for t in doc._.timeline_timexes] == ["May"]


def test_timex_parts_of_day_and_vague_plurals_follow_the_story(blank):
    text = "The assault began on 9 May 1902. That evening the town fell."
    found = {t.text: (t.type, t.value) for t in _tag(blank, text, "2020-01-01")._.timeline_timexes}
    assert found["That evening"] == ("TIME", "1902-05-09TEV")
    text = "Peace returned in 1905. The following years were quiet."
    found = {t.text: (t.type, t.value) for t in _tag(blank, text, "2020-01-01")._.timeline_timexes}
    assert found["The following years"] == ("DURATION", "PXY")


@pytest.mark.slow
def test_timex_dates_command_prints_json_offsets_into_the_file(tmp_path):
    import json

    from click.testing import CliRunner

    from timeline.cli import cli

    text = "Ministers met on Tuesday and will meet again on 4-5 May 2022.\n"
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["dates", str(path), "--published", "2022-03-16", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [(i["text"], i["value"]) for i in items] == [
        ("Tuesday", "2022-03-15"),
        ("4", "2022-05-04"),
        ("5 May 2022", "2022-05-05"),
    ]
    for item in items:
        assert text[item["start"] : item["end"]] == item["text"]
    bad = CliRunner().invoke(cli, ["dates", str(path), "--published", "yesterday"])
    assert bad.exit_code == 1


@pytest.mark.slow
def test_timex_news_bare_months_and_quarters_come_from_the_dct_not_a_far_date(nlp):
    text = (
        "Quarterly sales rose in the second quarter, the firm said. The board will meet on "
        "Feb. 2 to review the plan. The merger, first announced in November, closed last week."
    )
    doc = nlp.make_doc(text)
    doc._.timeline_dct = "2021-01-20"
    with nlp.select_pipes(disable=["timeline_events"]):
        doc = nlp(doc)
    found = {t.text: t.value for t in doc._.timeline_timexes}
    assert found["the second quarter"] == "2020-Q2"
    assert found["Feb. 2"] == "2021-02-02"
    assert found["November"] == "2020-11"


@pytest.mark.slow
def test_timex_weekday_ranges_and_weekends(nlp):
    doc = nlp.make_doc("Talks broke down over the weekend. Polls open from Thursday to Saturday.")
    doc._.timeline_dct = "2022-03-16"  # a Wednesday
    with nlp.select_pipes(disable=["timeline_events"]):
        doc = nlp(doc)
    found = {t.text: t.value for t in doc._.timeline_timexes}
    assert found["the weekend"] == "2022-W10-WE"
    assert found["Thursday to Saturday"] == "2022-03-17/2022-03-19"


def test_timex_clock_times_take_the_day_they_name(blank):
    text = "The vote closed at 8 p.m. on 14 May 2019. Counting began on 15 May 2019 at 09:30."
    found = {t.text: t.value for t in _tag(blank, text)._.timeline_timexes}
    assert found["8 p.m."] == "2019-05-14T20:00"
    assert found["09:30"] == "2019-05-15T09:30"


def test_timex_adjective_references_and_event_offsets_only_in_narratives(blank):
    history = (
        "The war began on 3 June 1866. Two days after the declaration, the former capital fell."
    )
    found = {t.text: t.value for t in _tag(blank, history, "2010-01-01")._.timeline_timexes}
    assert found["Two days"] == "1866-06-05"
    assert found["former"] == "PAST_REF"
    news = "The former minister resigned on 2 June 2009, two days after the vote."
    found = {t.text: (t.type, t.value) for t in _tag(blank, news, "2009-06-03")._.timeline_timexes}
    assert "former" not in found
    assert found["two days"] == ("DURATION", "P2D")


@pytest.mark.slow
def test_timex_month_takes_the_year_a_deictic_expression_names_in_its_sentence(nlp):
    text = (
        "The ministers met in Nairobi on Thursday, their first talks since 2009. Last year, "
        "the two ministers spoke by phone in April."
    )
    values = dict(_values(nlp, text, dct="2023-06-23"))
    assert values["Last year"] == "2022"
    assert values["April"] == "2022-04"


def test_timex_a_date_in_parentheses_does_not_move_the_story(blank):
    text = "The deputies met in May 1848 under the old charter (1830). On 12 June they voted."
    assert ("12 June", "1848-06-12") in _values(blank, text, dct="2015-01-01")
    # Not an aside: a year in the running text moves the story.
    text = "The deputies met in May 1848. The charter was revised in 1850. On 12 June they voted."
    assert ("12 June", "1850-06-12") in _values(blank, text, dct="2015-01-01")


def test_timex_a_month_shares_the_year_of_the_coordinated_date_after_it(blank):
    text = "The strike began in 1890. Riots spread through the port in July and August 1893."
    assert ("July", "1893-07") in _values(blank, text, dct="2015-01-01")
    text = "The strike began in 1890. The docks were closed from November to March 1894."
    assert ("November", "1893-11") in _values(blank, text, dct="2015-01-01")
    # No coordinated date: the month stays in the story's year.
    text = "The strike began in 1890. In July, and again in August 1893, the docks closed."
    assert ("July", "1890-07") in _values(blank, text, dct="2015-01-01")


def test_timex_a_look_back_does_not_move_the_story(blank):
    text = (
        "The treaty was signed on 2 March 1725. A year earlier the envoys had met in secret. "
        "In May the ports reopened."
    )
    assert ("May", "1725-05") in _values(blank, text, dct="2015-01-01")
    # Looking forward does move it.
    text = (
        "The treaty was signed on 2 March 1725. A year later the envoys met again. "
        "In May the ports reopened."
    )
    assert ("May", "1726-05") in _values(blank, text, dct="2015-01-01")


def test_timex_a_season_with_its_year_sets_the_story_year(blank):
    text = "The drought began in 1810. The summer of 1812 was dry. In September the harvest failed."
    assert ("September", "1812-09") in _values(blank, text, dct="2015-01-01")


def test_timex_the_story_crosses_the_new_year_only_on_a_clear_turn(blank):
    text = "The campaign opened in November 1760. By January the army had reached the coast."
    assert ("January", "1761-01") in _values(blank, text, dct="2015-01-01")
    # Seven months back is a look back within the year, not the next year's June.
    text = "The fleet was home by December 1760. In June it had lost its admiral to fever."
    assert ("June", "1760-06") in _values(blank, text, dct="2015-01-01")


def test_timex_a_history_reaching_the_writers_time_is_still_a_narrative():
    from timeline.timex import is_narrative

    assert is_narrative((2010, 6, 1), [2003, 2004, 2005, 2006, 2009, 2010], 0)
    assert not is_narrative((2010, 6, 1), [2009, 2010, 2010, 2008, 2005], 0)
    assert not is_narrative((2010, 6, 1), [2003, 2004, 2005, 2006, 2009, 2010], 3)


def test_timex_a_planned_date_does_not_move_the_story(blank):
    text = (
        "The rebels seized the fort on 3 May 1837. The council planned a new offensive for 1839. "
        "On 20 June the rebels withdrew."
    )
    assert ("20 June", "1837-06-20") in _values(blank, text, dct="2015-01-01")
    # A date the story reaches does move it.
    text = (
        "The rebels seized the fort on 3 May 1837. The council met again in 1839. "
        "On 20 June the rebels withdrew."
    )
    assert ("20 June", "1839-06-20") in _values(blank, text, dct="2015-01-01")


def test_timex_thresholds_are_settings_of_the_component():
    from dataclasses import asdict

    from timeline.timex import TimexSettings

    text = "In November 1941 the army advanced. In January the siege began."

    def january(config: dict) -> str | None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("timeline_timex", config=config)
        doc = nlp.make_doc(text)
        doc._.timeline_dct = None  # a history: the story's own years anchor it
        return next(t.value for t in nlp(doc)._.timeline_timexes if t.text == "January")

    assert january({}) == "1942-01"  # the story moved into the next year
    assert january({"new_year_turn_months": 12}) == "1941-01"
    defaults = asdict(TimexSettings())
    assert spacy.blank("en").add_pipe("timeline_timex").settings == TimexSettings(**defaults)
