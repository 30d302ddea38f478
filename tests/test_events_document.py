"""Document-level rules of the events: calendar dates, lengths of stays, tours, diplomatic actors,
offices and their terms, pronouns and triggers; each with a case where the rule must not fire.
Sentences written for these tests."""

from __future__ import annotations

import pytest
from read_mentions import of_type

from timeline.actors import Gazetteer
from timeline.events.extent import calendar_date

# -- calendar dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-W13", "2023-03-27/2023-04-02"),  # a week: Monday to Sunday
        ("2024-11-27TEV", "2024-11-27"),  # a part of a day: the day
        ("2023-12-12T12:00", "2023-12-12"),  # a time: the day
        ("2022-SU", "2022-06-01/2022-08-31"),  # a season: its months
        ("2022-WI", "2021-12-01/2022-02-28"),
        # already calendar dates: kept as they are (must not change)
        ("2023-04-05", "2023-04-05"),
        ("2023-04", "2023-04"),
        ("2023", "2023"),
        ("2023-04-05/2023-04-07", "2023-04-05/2023-04-07"),
        (None, None),
    ],
)
def test_calendar_date_of_timex_values(value: str | None, expected: str | None) -> None:
    assert calendar_date(value) == expected


@pytest.mark.slow
def test_week_dated_visit_gets_a_calendar_range(nlp) -> None:
    (visit,) = of_type(nlp, "Chancellor Olaf Scholz visited Lima last week.", "visit")
    assert visit.date == "2025-03-03/2025-03-09"
    assert visit.date_text == "last week"


# -- lengths of stays -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "date"),
    [
        # arriving on D for an N-day visit: D to D+N-1
        (
            "Chilean President Gabriel Boric arrived in Lima on Monday on a three-day state visit.",
            "2025-03-10/2025-03-12",
        ),
        # ending an N-day visit on D: D-N+1 to D
        ("Gabriel Boric concluded a two-day visit to Peru on Tuesday.", "2025-03-10/2025-03-11"),
        # no length: the day stays (must not fire)
        ("President Gabriel Boric arrived in Lima on Monday for a state visit.", "2025-03-10"),
    ],
)
def test_length_of_a_stay_stretches_its_day(nlp, text: str, date: str) -> None:
    visits = of_type(nlp, text, "visit")
    assert visits and visits[0].date == date


@pytest.mark.slow
def test_length_of_another_noun_does_not_stretch_the_visit(nlp) -> None:
    text = "Gabriel Boric visited Lima on Monday after a two-day strike ended."
    visits = of_type(nlp, text, "visit")
    assert visits and visits[0].date == "2025-03-10"


# -- tours ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_tour_of_several_states_is_one_visit_per_state(nlp) -> None:
    text = "On Monday, Olaf Scholz will travel to Kenya, Ghana and Peru."
    places = sorted(m.location or "" for m in of_type(nlp, text, "visit"))
    assert places == ["Ghana", "Kenya", "Peru"]


@pytest.mark.slow
def test_city_and_its_own_country_are_one_visit(nlp) -> None:
    text = "On Monday, Olaf Scholz will travel to Nairobi and Kenya's coast."
    assert len(of_type(nlp, text, "visit")) == 1


# -- diplomatic actors ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_building_is_the_place_not_an_actor(nlp) -> None:
    text = "On Monday, Olaf Scholz met Gabriel Boric at the Quinta Vergara Palace."
    (meeting,) = of_type(nlp, text, "meeting")
    assert "Quinta Vergara Palace" not in meeting.actors
    assert set(meeting.actors) >= {"Olaf Scholz", "Gabriel Boric"}


@pytest.mark.slow
def test_a_named_person_stays_an_actor(nlp) -> None:
    (meeting,) = of_type(nlp, "On Monday, Olaf Scholz met Gabriel Boric in Lima.", "meeting")
    assert set(meeting.actors) == {"Olaf Scholz", "Gabriel Boric"}


def _gazetteer() -> Gazetteer:
    return Gazetteer(
        {
            "states": [{"name": "Chile", "demonyms": ["Chilean"]}],
            "people": [
                {
                    "name": "Ana Soto",
                    "role": "head of state",
                    "country": "Chile",
                    "term": "2022-03-11/",
                },
                {"name": "Luis Rojas", "role": "head of state", "country": "Peru"},
            ],
        }
    )


@pytest.mark.parametrize(
    ("name", "when", "held"),
    [
        ("Ana Soto", "2023-05-01", True),  # inside the term
        ("Ana Soto", "2011-05-01", False),  # before it: another holder then
        ("Ana Soto", "2022", False),  # a year that starts before the term
        ("Ana Soto", None, False),
        ("Luis Rojas", "2023-05-01", False),  # no term listed: never from the office
    ],
)
def test_office_holder_only_within_the_listed_term(name: str, when: str | None, held: bool) -> None:
    assert _gazetteer().in_office(name, when) is held


@pytest.mark.slow
def test_an_office_is_not_todays_holder_in_another_era(nlp) -> None:
    text = "In May 2009, the Russian president visited Lima."
    (visit,) = of_type(nlp, text, "visit", dct="2009-06-01")
    assert "Vladimir Putin" not in visit.actors
    assert "Russia" in visit.actors


@pytest.mark.slow
def test_an_office_is_its_holder_inside_the_term(nlp) -> None:
    text = "In May 2023, the Russian president visited Lima."
    (visit,) = of_type(nlp, text, "visit", dct="2023-06-01")
    assert "Vladimir Putin" in visit.actors


def test_middle_initial_is_left_out_of_a_lookup() -> None:
    gazetteer = Gazetteer({"people": [{"name": "Maria Lopez", "country": "Chile"}]})
    entry = gazetteer.lookup("Maria T. Lopez")
    assert entry is not None and entry.name == "Maria Lopez"
    assert gazetteer.lookup("Maria Teresa Lopez") is None  # a full middle name: someone else


@pytest.mark.slow
def test_a_listed_surname_inside_another_full_name_is_that_other_person(nlp) -> None:
    # the gazetteer lists Shehbaz Sharif (with the alias "Sharif")
    text = "On Monday, Nawaz Sharif met Olaf Scholz in Lima."
    (meeting,) = of_type(nlp, text, "meeting")
    assert "Shehbaz Sharif" not in meeting.actors
    assert "Nawaz Sharif" in meeting.actors


@pytest.mark.slow
def test_the_listed_person_named_in_full_is_found(nlp) -> None:
    (meeting,) = of_type(nlp, "On Monday, Shehbaz Sharif met Olaf Scholz in Lima.", "meeting")
    assert "Shehbaz Sharif" in meeting.actors


# -- pronouns ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_pronoun_far_from_any_name_is_the_salient_person(nlp) -> None:
    text = (
        "Olaf Scholz arrived in Lima on Monday. Olaf Scholz thanked the hosts. "
        "The trip was planned for months by officials in both capitals. "
        "The talks covered copper exports and fishing rights. "
        "He flew to Santiago in May 2024."
    )
    visits = [m for m in of_type(nlp, text, "visit") if m.location == "Santiago"]
    assert visits and visits[0].actors == ("Olaf Scholz",)


@pytest.mark.slow
def test_pronoun_next_to_a_person_keeps_that_person(nlp) -> None:
    text = (
        "Olaf Scholz arrived in Lima on Monday. Olaf Scholz thanked the hosts. "
        "Gabriel Boric spoke to reporters in Santiago on Tuesday. He flew to Quito in May 2024."
    )
    visits = [m for m in of_type(nlp, text, "visit") if m.location == "Quito"]
    assert visits and visits[0].actors == ("Gabriel Boric",)


# -- triggers ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "In 1972, Chile and Peru established diplomatic relations.",
        "In March 2021, Chile and Peru restored diplomatic ties.",
        "In May 2023, Chile and Peru upgraded their ties to a strategic partnership.",
    ],
)
def test_relations_established_are_an_agreement(nlp, text: str) -> None:
    assert of_type(nlp, text, "agreement")


@pytest.mark.slow
def test_relations_improving_are_no_agreement(nlp) -> None:
    assert not of_type(nlp, "In 2021, relations between Chile and Peru improved.", "agreement")


@pytest.mark.slow
def test_telephone_talks_are_a_call(nlp) -> None:
    text = "On Monday, Olaf Scholz and Gabriel Boric held telephone talks."
    assert of_type(nlp, text, "call") and not of_type(nlp, text, "talks")


@pytest.mark.slow
def test_talks_without_a_phone_stay_talks(nlp) -> None:
    text = "On Monday, Olaf Scholz and Gabriel Boric held talks in Lima."
    assert of_type(nlp, text, "talks") and not of_type(nlp, text, "call")


# -- undated events kept --------------------------------------------------------------------


@pytest.mark.slow
def test_perfect_reported_on_a_day_is_recent_by_that_day(nlp) -> None:
    text = "Chile and Peru have signed a trade pact, officials said on Monday."
    (pact,) = of_type(nlp, text, "agreement")
    assert (pact.date_source, pact.date_bound) == ("recent", "<=2025-03-10")


@pytest.mark.slow
def test_simple_past_reported_on_a_day_stays_a_bound(nlp) -> None:
    text = "Chile and Peru signed a trade pact, officials said on Monday."
    (pact,) = of_type(nlp, text, "agreement")
    assert (pact.date_source, pact.date_bound) == ("bound", "<=2025-03-10")


@pytest.mark.slow
def test_length_from_a_starting_day_dates_an_undated_visit(nlp) -> None:
    text = "Gabriel Boric will make a visit to Lima for two days from Sunday."
    (visit,) = of_type(nlp, text, "visit")
    assert visit.date == "2025-03-16/2025-03-17"


@pytest.mark.slow
def test_starting_day_without_a_length_is_no_date(nlp) -> None:
    text = "Gabriel Boric will make visits to Lima from Sunday."
    visits = of_type(nlp, text, "visit")
    assert visits and visits[0].date is None


@pytest.mark.slow
def test_a_summit_with_a_place_needs_no_named_actor(nlp) -> None:
    (summit,) = of_type(nlp, "The last summit was held on May 2, 2021, in Lima.", "summit")
    assert summit.location == "Lima" and summit.date == "2021-05-02"


@pytest.mark.slow
def test_a_visit_with_a_place_and_no_actor_is_not_kept(nlp) -> None:
    assert not of_type(nlp, "The last trip was made on May 2, 2021, to Lima.", "visit")


@pytest.mark.slow
def test_a_listed_one_word_alias_at_the_start_of_another_name_is_not_that_person(nlp) -> None:
    # the gazetteer lists Wang Yi with the alias "Wang"
    text = "On 9 February, Olaf Scholz met with Mr. Wang Yong in Beijing."
    (meeting,) = of_type(nlp, text, "meeting")
    assert "Wang Yi" not in meeting.actors


# -- events set in context -------------------------------------------------------------------


@pytest.mark.slow
def test_an_event_after_which_another_comes_is_before_the_document(nlp) -> None:
    text = "Olaf Scholz's visit comes five months after Gabriel Boric's tour in Germany."
    tours = [m for m in of_type(nlp, text, "visit") if "Gabriel Boric" in m.actors]
    assert tours and tours[0].date is None and tours[0].date_bound == "<=2025-03-12"


@pytest.mark.slow
def test_the_framed_visit_takes_no_date_from_its_framing_sentence(nlp) -> None:
    text = "Olaf Scholz's visit comes five months after Gabriel Boric's tour in Germany."
    visits = [m for m in of_type(nlp, text, "visit") if "Olaf Scholz" in m.actors]
    assert visits and visits[0].date is None


@pytest.mark.slow
def test_a_visit_happening_now_keeps_the_documents_date(nlp) -> None:
    (visit,) = of_type(nlp, "Olaf Scholz is visiting Lima.", "visit")
    assert visit.date == "2025-03-12"
