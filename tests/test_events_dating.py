"""Dates read at document level: frames that keep a sentence's date from an event (anniversaries,
clauses of time), frames that give one ("when" clauses, spans "from May 3 to 5"), and sub-events
that take the date and place of the event holding them. Each rule with a case where it must not
fire. Sentences written for these tests."""

from __future__ import annotations

import pytest
from read_mentions import mentions, of_type

# -- anniversaries: the frame's date is not the event's ----------------------------------------


@pytest.mark.slow
def test_a_day_marking_an_anniversary_dates_the_event_that_many_years_before(nlp) -> None:
    text = (
        "Tuesday, June 10, 2025, marks the 30th anniversary of the treaty that Chile signed "
        "with Peru."
    )
    (treaty,) = of_type(nlp, text, "agreement")
    assert treaty.date == "1995-06-10"
    assert treaty.date_source == "anniversary"


@pytest.mark.slow
def test_an_anniversary_with_a_count_the_lexicon_lacks_keeps_the_day_from_the_event(nlp) -> None:
    text = "This week marks the umpteenth anniversary of President Lula's trip to Ghana."
    visits = of_type(nlp, text, "visit")
    assert visits and all(m.date != "2025-03-10/2025-03-16" for m in visits)


@pytest.mark.slow
def test_an_event_outside_an_anniversary_keeps_the_sentences_date(nlp) -> None:
    # must not fire: the visit is not what the anniversary counts
    text = "On Monday President Lula visited Ghana for the 30th anniversary of its constitution."
    (visit,) = of_type(nlp, text, "visit")
    assert visit.date == "2025-03-10"


# -- clauses of time ----------------------------------------------------------------------------


@pytest.mark.slow
def test_an_event_in_a_clause_of_time_does_not_take_the_main_clauses_date(nlp) -> None:
    text = (
        "Chancellor Olaf Scholz arrived in Lima on Monday. The trip comes after Germany and "
        "Peru signed a trade agreement."
    )
    (pact,) = of_type(nlp, text, "agreement")
    assert pact.date is None
    assert pact.date_bound == "<=2025-03-12"


@pytest.mark.slow
def test_an_event_of_the_main_clause_keeps_the_narratives_date(nlp) -> None:
    # must not fire: the signing is the main clause's own event
    text = (
        "Chancellor Olaf Scholz arrived in Lima on Monday. He signed a trade agreement with "
        "President Dina Boluarte after the talks."
    )
    (pact,) = of_type(nlp, text, "agreement")
    assert pact.date == "2025-03-10"


@pytest.mark.slow
def test_a_when_clause_takes_the_date_it_follows(nlp) -> None:
    text = (
        "It was the first meeting of the two presidents since 2021, when Lula and Boric met "
        "in Quito on the sidelines of a summit."
    )
    met = [m for m in mentions(nlp, text) if m.trigger == "met"]
    assert [m.date for m in met] == ["2021"]


@pytest.mark.slow
def test_a_when_clause_at_the_start_of_a_sentence_takes_no_earlier_date(nlp) -> None:
    # must not fire: no date ends just before the "when"
    text = "When President Lula met Prime Minister Keir Starmer, they discussed trade."
    met = [m for m in mentions(nlp, text) if m.trigger == "met"]
    assert met and met[0].date_source != "explicit"


# -- spans: "from May 3 to 5" ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("President Lula will pay a visit to Ghana from April 7 to 9.", "2025-04-07/2025-04-09"),
        ("President Lula will visit Ghana on April 7 to 9 or 10.", "2025-04-07/2025-04-10"),
        ("President Lula will visit Ghana from April 7th through 9th.", "2025-04-07/2025-04-09"),
        ("President Lula will visit Ghana between April 7 and 9.", "2025-04-07/2025-04-09"),
        # must not fire: "and" joins two things, not two days
        ("President Lula will visit Ghana on April 7 and 9 ministers will join him.", "2025-04-07"),
        # the year closing the span is the first day's too
        ("President Lula will visit Ghana on January 7 to 9, 2026.", "2026-01-07/2026-01-09"),
        # must not fire: a number after "to" that is no later day of the month
        ("President Lula will visit Ghana on April 7 to sign 3 agreements.", "2025-04-07"),
    ],
)
def test_a_day_followed_by_the_last_day_is_a_span(nlp, text: str, date: str) -> None:
    (visit,) = of_type(nlp, text, "visit")
    assert visit.date == date


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("President Lula will pay a visit to Ghana from 7 to 9 April.", "2025-04-07/2025-04-09"),
        (
            "President Lula will visit Ghana from the 7th to the 9th of April.",
            "2025-04-07/2025-04-09",
        ),
        ("President Lula will visit Ghana between 7 and 9 April 2026.", "2026-04-07/2026-04-09"),
        # must not fire: two days named, not a span
        ("President Lula will hold talks in Ghana on 7 and 9 April.", "2025-04-09"),
        # must not fire: a day moved, not a span (the first day is the later one)
        ("President Lula's visit to Ghana was brought forward from 12 to 9 April.", None),
    ],
)
def test_a_day_written_first_closing_a_span_is_its_last_day(nlp, text: str, date: str) -> None:
    (event,) = [m for m in mentions(nlp, text) if m.type in ("visit", "talks")]
    if date is None:  # no span, whatever else dates it
        assert "/" not in (event.date or "")
    else:
        assert event.date == date


# -- sub-events take the enclosing event's date and place -------------------------------------


@pytest.mark.slow
def test_talks_during_the_visit_take_its_dates_and_place(nlp) -> None:
    text = (
        "Chancellor Olaf Scholz began a three-day visit to Peru on Monday. During his visit, "
        "Scholz will hold talks with President Dina Boluarte."
    )
    (talks,) = of_type(nlp, text, "talks")
    assert talks.date == "2025-03-10/2025-03-12"
    assert talks.location == "Peru"
    assert talks.date_source == "inherited"


@pytest.mark.slow
def test_talks_throughout_a_visit_with_its_own_span_take_that_span(nlp) -> None:
    text = "Throughout the visit from May 4 to 8, Scholz held talks with President Dina Boluarte."
    (talks,) = of_type(nlp, text, "talks")
    assert talks.date == "2025-05-04/2025-05-08"


@pytest.mark.slow
@pytest.mark.parametrize(
    "second",
    [
        # after the visit: outside it
        "After his visit, Scholz will hold talks with President Dina Boluarte.",
        # no enclosing noun at all
        "Scholz will hold talks with President Dina Boluarte.",
    ],
)
def test_talks_outside_a_visit_do_not_take_its_dates(nlp, second: str) -> None:
    text = f"Chancellor Olaf Scholz began a three-day visit to Peru on Monday. {second}"
    (talks,) = of_type(nlp, text, "talks")
    assert talks.date != "2025-03-10/2025-03-12"
    assert talks.date_source != "inherited"


# -- definite nouns refer back to the last dated event of their type ---------------------------


@pytest.mark.slow
def test_a_visit_made_to_attend_the_summit_takes_the_summits_date(nlp) -> None:
    text = (
        "The last summit was held on June 3, 2022, in Lima. President Lula had visited Peru to "
        "attend the summit."
    )
    visits = of_type(nlp, text, "visit")
    assert [(m.date, m.location) for m in visits] == [("2022-06-03", "Peru")]


@pytest.mark.slow
def test_a_visit_made_for_an_indefinite_summit_takes_no_earlier_date(nlp) -> None:
    # must not fire: "a summit" is not the summit named before
    text = (
        "The last summit was held on June 3, 2022, in Lima. President Lula had visited Peru to "
        "attend a summit."
    )
    visits = of_type(nlp, text, "visit")
    assert visits and visits[0].date != "2022-06-03"


@pytest.mark.slow
def test_the_trip_refers_back_to_the_last_dated_trip(nlp) -> None:
    text = (
        "President Lula arrived in Accra on Monday for a two-day visit. The trip by Lula was "
        "meant to deepen trade ties with Ghana."
    )
    trips = [m for m in of_type(nlp, text, "visit") if m.trigger == "trip"]
    assert [(m.date, m.date_source) for m in trips] == [("2025-03-10/2025-03-11", "inherited")]


@pytest.mark.slow
def test_his_last_trip_is_not_the_trip_just_dated(nlp) -> None:
    # must not fire: "his last trip" names another visit
    text = (
        "President Lula arrived in Accra on Monday for a two-day visit. The last trip by Lula "
        "was a short stop."
    )
    trips = [m for m in of_type(nlp, text, "visit") if m.trigger == "trip"]
    assert trips and all(m.date_source != "inherited" for m in trips)


@pytest.mark.slow
def test_a_meeting_during_the_trip_takes_the_trips_dates_over_the_narratives_day(nlp) -> None:
    text = (
        "President Lula arrived in Accra on Monday for a two-day visit. During the trip he met "
        "President John Mahama."
    )
    (met,) = of_type(nlp, text, "meeting")
    assert (met.date, met.location) == ("2025-03-10/2025-03-11", "Accra")


# -- dates that belong to another noun or event -------------------------------------------------


@pytest.mark.slow
def test_a_date_modifying_another_noun_does_not_date_the_event(nlp) -> None:
    text = "President Lula's visit to Ghana comes ahead of the 2026 general election."
    (visit,) = of_type(nlp, text, "visit")
    assert visit.date != "2026"


@pytest.mark.slow
def test_a_date_of_the_sentence_still_dates_the_event(nlp) -> None:
    # must not fire: "in 2026" is the sentence's date, not a noun's
    text = "President Lula will pay a visit to Ghana in 2026."
    (visit,) = of_type(nlp, text, "visit")
    assert visit.date == "2026"


@pytest.mark.slow
def test_an_invitation_a_visit_is_made_at_is_not_dated_by_the_visit(nlp) -> None:
    text = "President Lula will visit Ghana on April 7 at the invitation of President John Mahama."
    (invitation,) = of_type(nlp, text, "invitation")
    assert invitation.date is None


@pytest.mark.slow
def test_an_invitation_extended_on_a_day_is_dated_by_it(nlp) -> None:
    # must not fire: the invitation is the clause's own event
    text = "On April 7 President John Mahama extended an invitation to President Lula."
    (invitation,) = of_type(nlp, text, "invitation")
    assert invitation.date == "2025-04-07"


@pytest.mark.slow
def test_a_span_the_tagger_reads_whole_after_from_is_the_events(nlp) -> None:
    text = "The summit of African leaders will take place in Accra from May 22-24."
    (summit,) = of_type(nlp, text, "summit")
    assert summit.date == "2025-05-22/2025-05-24"


@pytest.mark.slow
def test_a_single_day_after_until_stays_a_bound(nlp) -> None:
    # must not fire: "until May 22" limits the event, it does not date it
    text = "President Lula will visit Ghana until May 22."
    (visit,) = of_type(nlp, text, "visit")
    assert visit.date != "2025-05-22"


@pytest.mark.slow
def test_talks_that_follow_a_dated_meeting_take_its_day(nlp) -> None:
    text = (
        "On 4 March 2025, President Lula held a meeting with President John Mahama, followed by "
        "consultations between Brazil and Ghana."
    )
    (talks,) = of_type(nlp, text, "talks")
    assert talks.date == "2025-03-04"


@pytest.mark.slow
def test_talks_after_a_dated_meeting_are_not_dated_by_it(nlp) -> None:
    # must not fire: "after" puts the earlier talks outside the meeting's day
    text = (
        "On 4 March 2025, President Lula held a meeting with President John Mahama, a year "
        "after consultations between Brazil and Ghana."
    )
    talks = of_type(nlp, text, "talks")
    assert all(m.date != "2025-03-04" for m in talks)


# -- computed: "comes five months after X" -----------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("second", "trigger", "date"),
    [
        ("Lula's visit comes five months after Mahama's trip to Brazil.", "trip", "2024-11"),
        (
            "The visit comes two years after Ghana and Brazil signed a trade agreement.",
            "signed",
            "2023",
        ),
    ],
)
def test_an_event_counted_back_from_a_dated_one(nlp, second: str, trigger: str, date: str) -> None:
    text = f"President Lula arrived in Accra on April 7 for a visit to Ghana. {second}"
    found = [m for m in mentions(nlp, text) if m.trigger == trigger]
    assert [(m.date, m.date_source) for m in found] == [(date, "computed")]


@pytest.mark.slow
def test_an_event_after_an_undated_one_is_not_counted(nlp) -> None:
    # must not fire: nothing dates the visit it is counted from
    text = "President Lula's visit comes five months after Mahama's trip to Brazil."
    trips = [m for m in mentions(nlp, text) if m.trigger == "trip"]
    assert trips and all(m.date_source != "computed" for m in trips)


# -- the event an invitation is to --------------------------------------------------------------


@pytest.mark.slow
def test_an_invited_visit_with_a_date_is_an_event_of_its_own(nlp) -> None:
    text = "President Xi invited President Lula to visit China in May."
    visits = of_type(nlp, text, "visit")
    assert [(m.date, m.location) for m in visits] == [("2025-05", "China")]
    assert of_type(nlp, text, "invitation")


@pytest.mark.slow
def test_an_invited_visit_without_a_date_stays_the_invitations(nlp) -> None:
    # must not fire: nothing dates the visit
    text = "President Xi invited President Lula to visit China."
    assert of_type(nlp, text, "visit") == []


# -- the recent past a dated report tells --------------------------------------------------------


@pytest.mark.slow
def test_a_call_told_in_the_pluperfect_by_a_dated_report_is_recent(nlp) -> None:
    text = "President Lula said on Monday that he had spoken with President Mahama by phone."
    (call,) = of_type(nlp, text, "call")
    assert (call.date_source, call.date_bound) == ("recent", "<=2025-03-10")


@pytest.mark.slow
def test_a_call_told_in_the_simple_past_by_a_dated_report_is_only_bounded(nlp) -> None:
    # must not fire: the simple past says nothing of how long ago
    text = "President Lula said on Monday that he spoke with President Mahama by phone."
    (call,) = of_type(nlp, text, "call")
    assert call.date_source == "bound"


# -- coordinated verbs share their first conjunct's date -----------------------------------------


@pytest.mark.slow
def test_a_bare_coordinated_verb_shares_the_date_of_the_first(nlp) -> None:
    text = (
        "Premier Ana Ruiz will attend a gala dinner on Friday at the palace, hold talks with "
        "President Omar Haddad and visit the port."
    )
    (talks,) = of_type(nlp, text, "talks")
    assert talks.date == "2025-03-14"


@pytest.mark.slow
def test_a_coordinated_clause_with_its_own_subject_does_not_share_the_date(nlp) -> None:
    # must not fire: a new subject and auxiliary make a clause of its own
    text = (
        "Premier Ana Ruiz will meet Governor Ben Lee on Friday at the palace, and President "
        "Omar Haddad will sign a treaty with Chancellor Eva Berg."
    )
    (treaty,) = of_type(nlp, text, "agreement")
    assert treaty.date != "2025-03-14"


# -- an event told just before a report -----------------------------------------------------------


@pytest.mark.slow
def test_a_gerund_after_a_past_report_is_recent(nlp) -> None:
    text = "After meeting Chancellor Eva Berg, President Omar Haddad said the talks went well."
    (meeting,) = of_type(nlp, text, "meeting")
    assert meeting.date_source == "recent"
    assert meeting.date_bound == "<=2025-03-12"


@pytest.mark.slow
def test_a_gerund_after_a_future_main_clause_is_not_recent(nlp) -> None:
    # must not fire: the main clause is no report in the past
    text = "After meeting Chancellor Eva Berg, President Omar Haddad will fly to Lima."
    meetings = of_type(nlp, text, "meeting")
    assert meetings and all(m.date_source != "recent" for m in meetings)


# -- headlines ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_headline_is_not_dated_by_the_report_day(nlp) -> None:
    text = "Chile's Soto meets Peru's Haddad in Lima\n\nThe two presidents met on Monday in Lima."
    (headline, *_rest) = sorted(of_type(nlp, text, "meeting"), key=lambda m: m.sent_start)
    assert headline.date is None and headline.date_bound == "<=2025-03-12"


@pytest.mark.slow
def test_a_headline_to_come_is_after_the_report_day(nlp) -> None:
    text = "Chile's Soto to meet Peru's Haddad in Lima\n\nThe two presidents will meet in Lima."
    (headline, *_rest) = sorted(of_type(nlp, text, "meeting"), key=lambda m: m.sent_start)
    assert headline.date is None and headline.date_bound == ">=2025-03-12"


@pytest.mark.slow
def test_a_sentence_in_the_present_is_dated_by_the_report_day(nlp) -> None:
    # must not fire: a sentence of the body, not a headline
    text = "President Ana Soto meets President Omar Haddad in Lima today."
    (meeting,) = of_type(nlp, text, "meeting")
    assert meeting.date == "2025-03-12"


# -- the journey to an event --------------------------------------------------------------------


@pytest.mark.slow
def test_the_date_of_a_journey_to_a_summit_is_the_summits(nlp) -> None:
    text = "President Ana Soto will leave on Friday for a summit in Lima, her office said."
    (summit,) = of_type(nlp, text, "summit")
    assert summit.date == "2025-03-14"


@pytest.mark.slow
def test_the_date_of_a_report_about_a_journey_is_not_the_summits(nlp) -> None:
    # must not fire: Friday is when it was said
    text = "President Ana Soto said on Friday that she would leave for a summit in Lima."
    summits = of_type(nlp, text, "summit")
    assert summits and all(m.date != "2025-03-07" for m in summits)


@pytest.mark.slow
@pytest.mark.parametrize("bound", ["Just ahead of", "Prior to"])
def test_a_trip_ahead_of_which_something_happened_is_not_dated_by_it(nlp, bound: str) -> None:
    text = (
        f"{bound} Foreign Minister Ilka Brandt's trip to Chile, the ministry on Sunday issued "
        "a travel warning."
    )
    trips = [m for m in mentions(nlp, text) if m.type == "visit"]
    assert [m.date for m in trips] == [None]


@pytest.mark.slow
def test_a_trip_the_clause_dates_keeps_its_date(nlp) -> None:
    text = "Foreign Minister Ilka Brandt's trip to Chile began on Sunday."
    trips = [m for m in mentions(nlp, text) if m.type == "visit"]
    assert [m.date for m in trips] == ["2025-03-09"]


@pytest.mark.slow
def test_an_event_at_the_weekend_takes_its_saturday_and_sunday(nlp) -> None:
    # A report of Wednesday 2025-03-12: the weekend before it, and the one after it.
    (call,) = of_type(
        nlp, "Gabriel Boric spoke by phone with Gustavo Petro over the weekend.", "call"
    )
    assert call.date == "2025-03-08/2025-03-09"
    (visit,) = of_type(nlp, "Gabriel Boric will visit Bogota at the weekend.", "visit")
    assert visit.date == "2025-03-15/2025-03-16"


@pytest.mark.slow
def test_a_weekend_that_is_not_the_events_dates_nothing(nlp) -> None:
    text = "Gabriel Boric spoke by phone with Gustavo Petro about the weekend's elections."
    (call,) = of_type(nlp, text, "call")
    assert call.date is None
