"""The temporal tagger on news (TimeML conventions): company-report periods, years said in words,
months named with "this year", reference adjectives, the year a stated year frames, and the
model-dependent rules (tense, verbs). Fixtures written here; each rule has a case where it must
not fire."""

from __future__ import annotations

import pytest
import spacy

from timeline.nlp import register_extensions


@pytest.fixture(scope="module")
def blank():
    from timeline import timex  # noqa: F401  (registers the factory)

    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("timeline_timex")
    return nlp


def _found(nlp, text: str, dct: str) -> dict[str, tuple[str, str | None]]:
    doc = nlp.make_doc(text)
    doc._.timeline_dct = dct
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n == "timeline_events"]):
        doc = nlp(doc)
    return {t.text: (t.type, t.value) for t in doc._.timeline_timexes}


REPORT = (
    "Acme Corp. said its profit rose 12% in the third quarter. In the latest quarter, sales "
    "were $40 million, up from $35 million a year earlier. In the year-ago quarter, Acme "
    "lost money. Year-earlier results included a charge."
)


def test_timex_report_periods_count_from_the_quarter_named(blank):
    found = _found(blank, REPORT, "1991-11-05")
    assert found["the third quarter"] == ("DATE", "1991-Q3")
    assert found["the latest quarter"] == ("DATE", "1991-Q3")
    assert found["a year earlier"] == ("DATE", "1990-Q3")
    assert found["the year-ago quarter"] == ("DATE", "1990-Q3")
    assert found["Year-earlier"] == ("DATE", "1990-Q3")


def test_timex_the_quarter_without_one_named_is_the_last_before_the_dct(blank):
    found = _found(blank, "Revenue for the quarter fell sharply, the retailer said.", "2004-04-20")
    assert found["the quarter"] == ("DATE", "2004-Q1")


def test_timex_report_periods_do_not_tag_a_plain_period_or_a_year_ago_far_from_a_quarter(blank):
    found = _found(
        blank, "The period of reconstruction lasted long. Taxes rose a year ago.", "2004-04-20"
    )
    assert not any("period" in text for text in found)
    assert found["a year ago"] == ("DATE", "2003")


def test_timex_the_year_in_news_is_the_dct_year_or_a_year_long(blank):
    found = _found(blank, "Sales for the year should rise.", "1995-10-02")
    assert found["the year"] == ("DATE", "1995")
    ended = _found(blank, "Net income for the year ended June 30 fell.", "1995-10-02")
    assert ended["the year"] == ("DURATION", "P1Y")


def test_timex_the_year_is_not_tagged_in_a_history_or_before_a_number(blank):
    history = "The siege began in 1453. By the end, the year had seen famine. In 1454 peace came."
    assert "the year" not in _found(blank, history, "2010-01-01")
    spoken = _found(blank, "Computers may fail in the year two thousand.", "1998-02-05")
    assert spoken == {"the year two thousand": ("DATE", "2000")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bomb went off in nineteen ninety-six.", {"nineteen ninety-six": ("DATE", "1996")}),
        ("It was founded in nineteen ten.", {"nineteen ten": ("DATE", "1910")}),
        (
            "It began in January nineteen ninety-seven.",
            {"January nineteen ninety-seven": ("DATE", "1997-01")},
        ),
        (
            "In the winter of nineteen ninety-four it snowed.",
            {"the winter of nineteen ninety-four": ("DATE", "1994-WI")},
        ),
        ("Some two thousand people marched.", {}),
        ("Nineteen people were hurt.", {}),
    ],
)
def test_timex_years_said_in_words(blank, text, expected):
    assert _found(blank, text, "1998-02-05") == expected


def test_timex_a_month_with_this_or_last_year_takes_that_year(blank):
    found = _found(
        blank, "Talks began in January this year and stalled in June last year.", "1998-02-19"
    )
    assert found["January this year"] == ("DATE", "1998-01")
    assert found["June last year"] == ("DATE", "1997-06")
    plain = _found(blank, "Talks began in January, a year of hope.", "1998-02-19")
    assert "January this year" not in plain and plain["January"][1] == "1998-01"


def test_timex_current_is_a_reference_in_news_but_recent_and_former_are_not(blank):
    found = _found(
        blank, "The current talks follow recent clashes, the former envoy said.", "2001-05-01"
    )
    assert found["current"] == ("DATE", "PRESENT_REF")
    assert "recent" not in found and "former" not in found
    years = _found(blank, "Sales grew in recent years.", "2001-05-01")
    assert years == {"recent years": ("DATE", "PAST_REF")}


def test_timex_a_stated_year_frames_only_its_own_sentence_in_news(blank):
    same = _found(blank, "In 2022, the board met in March.", "2023-06-23")
    assert same["March"] == ("DATE", "2022-03")
    later = _found(blank, "Profit was $4 million in 2022. The board met in March.", "2023-06-23")
    assert later["March"] == ("DATE", "2023-03")


@pytest.mark.slow
def test_timex_a_past_sentence_naming_a_day_soon_after_the_dct_means_this_year(nlp):
    found = _found(nlp, "The company declared a dividend payable Dec. 15.", "1989-10-26")
    assert found["Dec. 15"] == ("DATE", "1989-12-15")
    far = _found(nlp, "The plant closed in August after a fire.", "1989-05-10")
    assert far["August"] == ("DATE", "1988-08")


@pytest.mark.slow
def test_timex_a_quarter_reported_after_it_ends_stays_in_its_year(nlp):
    found = _found(nlp, "The bank will report third-quarter results.", "1989-10-20")
    assert found["third-quarter"] == ("DATE", "1989-Q3")
    far = _found(nlp, "The bank will report first-quarter results.", "1989-11-20")
    assert far["first-quarter"] == ("DATE", "1990-Q1")


@pytest.mark.slow
def test_timex_fall_the_verb_is_not_the_season(nlp):
    found = _found(
        nlp, "Analysts expect prices to fall. Elections are held this fall.", "2002-06-01"
    )
    assert "fall" not in found
    assert found["this fall"] == ("DATE", "2002-FA")


def test_timex_movable_holidays_fall_on_their_weekday(blank):
    found = _found(blank, "The boy was rescued on Thanksgiving Day.", "2000-01-06")
    assert found["Thanksgiving Day"] == ("DATE", "1999-11-25")  # the nearest one
    found = _found(blank, "Stores open on Labor Day 2003.", "2004-01-06")
    assert found["Labor Day 2003"] == ("DATE", "2003-09-01")
    assert _found(blank, "He gave thanks for the meal.", "2000-01-06") == {}


def test_timex_capitalised_quarter_and_bare_plural_open_a_sentence(blank):
    found = _found(blank, "Third-quarter sales fell. For weeks, talks stalled.", "1989-10-30")
    assert found["Third-quarter"] == ("DATE", "1989-Q3")
    assert found["weeks"] == ("DURATION", "PXW")
    assert "weeks" not in _found(blank, "Talks stalled. Weeks passed.", "1989-10-30")


def test_timex_report_periods_with_their_year_and_a_quarter_still_ahead(blank):
    text = (
        "Acme expects gains in the fourth quarter. Sales in the latest quarter rose from "
        "the 1990 period. Profit beat last year's third quarter and the corresponding period "
        "last year."
    )
    found = _found(blank, text, "1991-11-05")
    assert found["the fourth quarter"] == ("DATE", "1991-Q4")
    assert found["the latest quarter"] == ("DATE", "1991-Q3")
    assert found["the 1990 period"] == ("DATE", "1990-Q3")
    assert found["last year's third quarter"] == ("DATE", "1990-Q3")
    assert found["the corresponding period last year"] == ("DATE", "1990-Q3")
    plain = _found(blank, "The 1990 elections were close.", "1991-11-05")
    assert plain == {"1990": ("DATE", "1990")}


def test_timex_a_clock_time_takes_its_day_across_a_time_zone(blank):
    found = _found(blank, "The offer expires at 5 p.m. EST, Nov. 6, 1991.", "1991-10-30")
    assert found["5 p.m."] == ("TIME", "1991-11-06T17:00")
    apart = _found(blank, "Trading ended at 5 p.m. and on Nov. 6, 1991 it resumed.", "1991-10-30")
    assert apart["5 p.m."] == ("TIME", "1991-10-30T17:00")


def test_timex_the_near_future_is_a_future_reference(blank):
    found = _found(blank, "Rates may rise in the near future.", "1991-10-30")
    assert found == {"the near future": ("DATE", "FUTURE_REF")}
    assert _found(blank, "The store is near the station.", "1991-10-30") == {}


def test_timex_a_vague_count_later_is_a_future_reference_not_a_date(blank):
    history = "The siege began on 3 May 1453. A few months later, the city fell."
    found = _found(blank, history, "2010-01-01")
    assert found["A few months later"] == ("DATE", "FUTURE_REF")
    counted = _found(
        blank, "The siege began on 3 May 1453. Two months later, it fell.", "2010-01-01"
    )
    assert counted["Two months later"] == ("DATE", "1453-07")


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        ("Prices peaked in December.", "1998-02-06", "1997-12"),
        ("The rule applies in January.", "1989-11-02", "1990-01"),
        ("Prices peak in June.", "1998-02-06", "1998-06"),
        ("The rule applies in August.", "1989-11-02", "1989-08"),
    ],
)
def test_timex_a_month_without_tense_takes_the_year_nearest_the_dct(blank, text, dct, expected):
    found = _found(blank, text, dct)
    assert [value for _kind, value in found.values()] == [expected]


def test_timex_the_same_period_is_a_report_period_only_after_a_quarter_named(blank):
    outside = _found(
        blank, "It was the envoy's first trip abroad in the same period of time.", "2023-09-13"
    )
    assert not any("period" in text for text in outside)
    report = _found(
        blank,
        "Sales rose in the second quarter. Costs fell in the same period, the company said.",
        "2023-09-13",
    )
    assert report["the same period"] == ("DATE", "2023-Q2")


def test_timex_a_phrase_counted_from_the_dct_makes_a_document_news(blank):
    # Three of its four years lie far back, but "last year" speaks from the writer's day: news,
    # so "last year" and the year-less date count from the document date.
    news = (
        "The summit, first held in 2005 and again in 2016, was held in Ottawa last year. "
        "The leaders meet again on January 9."
    )
    found = _found(blank, news, "2022-11-28")
    assert found["last year"] == ("DATE", "2021")
    assert found["January 9"] == ("DATE", "2023-01-09")
    # "The next year" counts from the story's time: still a history, the story's January.
    history = (
        "The summit was first held in 2005 and again in 2016. The next year it met in Ottawa, "
        "and in January the leaders met again."
    )
    found = _found(blank, history, "2022-11-28")
    assert found["The next year"] == ("DATE", "2017")
    assert found["January"] == ("DATE", "2017-01")


def test_timex_years_after_the_dct_are_written_from_the_writers_day():
    from timeline.timex import is_narrative

    # A deadline or a maturity after the document date: news, not a history.
    assert not is_narrative((1989, 10, 30), [1994, 1994], 0)
    assert not is_narrative((1989, 10, 30), [1985, 2007], 0)
    # Years long before it, and nothing after: a history.
    assert is_narrative((1989, 10, 30), [1950, 1960, 1970], 0)


def test_timex_a_numeric_date_may_name_its_month(blank):
    found = _found(
        blank, "The ministry published it on Tuesday (31.jan.2023), then 5-Mar-2023.", "2023-02-01"
    )
    assert found["31.jan.2023"] == ("DATE", "2023-01-31")
    assert found["5-Mar-2023"] == ("DATE", "2023-03-05")
    # Not a month between the dashes, or digits with dashes (order unknown): no date.
    found = _found(blank, "Form 5-Xyz-2021 replaced form 12-10-2020 and 12-34-2021.", "2023-02-01")
    assert found == {}


def test_timex_the_past_year_in_news_is_the_year_before_the_dct(blank):
    found = _found(
        blank,
        "Hate groups grew over the past year. Ties improved in the last decade, and in the past "
        "two years.",
        "1998-03-03",
    )
    assert found["the past year"] == ("DATE", "1997")
    assert found["the last decade"] == ("DATE", "198X")
    # A count makes it a length; so does a history's "the past decade".
    assert found["the past two years"] == ("DURATION", "P2Y")
    history = (
        "The war began in July 1870. Over the past decade the army had grown. It fought in 1866 "
        "and in 1864."
    )
    assert _found(blank, history, "2010-03-03")["the past decade"] == ("DURATION", "P1DE")


def test_timex_a_weekday_with_a_part_of_day_is_its_day_in_news(blank):
    found = _found(blank, "Protesters marched on Friday night.", "2000-01-08")
    assert found["Friday night"] == ("DATE", "2000-01-07")
    # A history keeps the part of the day.
    history = (
        "After raids in 1420, 1422, 1424, 1426, 1427 and 1428, the siege began on Wednesday, "
        "3 June 1429. The walls fell on Friday night."
    )
    assert _found(blank, history, "2010-03-03")["Friday night"] == ("TIME", "1429-06-05TNI")


def test_timex_recent_months_and_counted_decades_are_lengths_in_news(blank):
    found = _found(
        blank,
        "Prices fell in recent months, the lowest for two decades. Recently they rose.",
        "1998-03-03",
    )
    assert found["recent months"] == ("DURATION", "PXM")
    assert found["two decades"] == ("DURATION", "P20Y")
    # "recently" stays a reference; a history counts decades as decades.
    assert found["Recently"] == ("DATE", "PAST_REF")
    history = (
        "The war began in July 1870, after raids in 1860, 1862, 1864, 1866, 1867 and 1868. "
        "It lasted two decades."
    )
    assert _found(blank, history, "2010-03-03")["two decades"] == ("DURATION", "P2DE")


def test_timex_an_age_or_a_rate_is_not_a_length_in_news(blank):
    found = _found(
        blank,
        "Mr. Lee, 52 years old, said it saves $2 million a year, or 30,000 a week. The talks "
        "took a month and ran for two years.",
        "1989-10-30",
    )
    assert "52 years" not in found
    assert "a year" not in found and "a week" not in found
    # Not after an amount, not an age: lengths.
    assert found["a month"] == ("DURATION", "P1M")
    assert found["two years"] == ("DURATION", "P2Y")


def test_timex_a_possessive_weekday_in_news_is_the_last_one(blank):
    # Monday 30 October: Thursday is three days ahead and four behind.
    found = _found(blank, "The premium is 24% over Thursday's closing price.", "1989-10-30")
    assert found["Thursday"] == ("DATE", "1989-10-26")
    # Not possessive, no tense: the nearer Thursday.
    assert _found(blank, "Talks on Thursday.", "1989-10-30")["Thursday"] == ("DATE", "1989-11-02")


def test_timex_years_before_the_common_era_make_a_history(blank):
    text = "Rome fought Carthage from 264 BC. The fleet was lost in 255 BC. In March it sailed."
    assert _found(blank, text, "2010-06-01")["March"] == ("DATE", "BC0255-03")
    # A news report of the same shape counts from its date.
    text = "Rome hosted Carthage's envoys in 2009. Talks resumed in 2010. In March they met."
    assert _found(blank, text, "2010-06-01")["March"] == ("DATE", "2010-03")


def test_timex_days_later_count_from_the_story_not_the_report_day(blank):
    text = "The two ministers met in Oslo in September 2019. They met again two days later."
    found = _found(blank, text, "2020-02-11")
    assert found["two days later"] == ("DATE", "2019-09")


def test_timex_days_later_count_from_a_day_the_story_names(blank):
    # must not fire: a day the story names is counted from, not its month
    text = "The two ministers met in Oslo on September 3, 2019. They met again two days later."
    found = _found(blank, text, "2020-02-11")
    assert found["two days later"] == ("DATE", "2019-09-05")


def test_timex_decades_ago_are_the_year_that_many_tens_back(blank):
    found = _found(
        blank, "The pact was signed a decade ago. Two decades ago they met.", "2023-11-14"
    )
    assert found["a decade ago"] == ("DATE", "2013")
    assert found["Two decades ago"] == ("DATE", "2003")


def test_timex_years_ago_keep_their_count(blank):
    # must not fire: only decades are counted in tens
    found = _found(blank, "The pact was signed two years ago.", "2023-11-14")
    assert found["two years ago"] == ("DATE", "2021")
