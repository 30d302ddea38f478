"""Finding event mentions the plain trigger rules miss: plural named agreements, appositions,
qualified calls, communiqués, dated agreement nouns, conjoined events each with its own date,
stays starting "from" a day, invitations that caused a visit. Sentences written for the tests;
each rule with a case where it must not fire."""

from __future__ import annotations

import pytest
from read_mentions import DCT, mentions

from timeline.events import load_ontology
from timeline.events.ontology import plural

pytestmark = pytest.mark.slow


def dated(nlp, text: str) -> list[tuple[str, str | None]]:
    """(type, date) of the mentions of a text that carry a date."""
    return [(m.type, m.date) for m in mentions(nlp, text) if m.date is not None]


# -- trigger words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("noun", "form"),
    [("accord", "accords"), ("treaty", "treaties"), ("talks", "talks"), ("pact", "pacts")],
)
def test_plural_of_a_trigger_noun(noun: str, form: str) -> None:
    assert plural(noun) == form


def test_capitalised_plural_of_an_agreement_noun_is_a_trigger() -> None:
    assert load_ontology().nouns["accords"] == "agreement"


@pytest.mark.parametrize(
    "text",
    [
        "Nguyen Phu Trong and Xi Jinping had a talk in Hanoi on 12 December 2023.",
        "Wang Yi held discussions with Sergei Lavrov in Moscow on 4 May 2021.",
    ],
)
def test_a_light_noun_carried_by_a_light_verb_is_talks(nlp, text: str) -> None:
    ((kind, _date),) = dated(nlp, text)
    assert kind == "talks"


@pytest.mark.parametrize(
    "text",
    [
        "Sergei Lavrov gave a talk at the university in Moscow on 4 May 2021.",
        "The talk by Sergei Lavrov at the university on 4 May 2021 drew crowds.",
    ],
)
def test_a_light_noun_without_a_light_verb_is_no_event(nlp, text: str) -> None:
    assert dated(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin met his Chinese counterpart in Moscow on 4 May 2021.", ["meeting"]),
        ("Putin met members of the Chinese delegation in Moscow on 4 May 2021.", ["meeting"]),
        ("Romania and Slovenia tried hard to meet the standards on 4 May 2021.", []),
        ("Egypt and Israel failed to meet the deadline on 4 May 2021.", []),
    ],
)
def test_meet_is_a_meeting_only_with_a_party_as_its_object(nlp, text, expected) -> None:
    assert [kind for kind, _date in dated(nlp, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Barack Obama came to India on 4 May 2015.", ["visit"]),
        ("Narendra Modi will come to Washington on 4 May 2021.", ["visit"]),
        ("The decision on the treaty came on 4 May 2021.", []),
        ("Narendra Modi came to power on 26 May 2014.", []),
        ("Vladimir Putin left for Pyongyang on 18 June 2024.", ["visit"]),
        ("Xi Jinping departed for Moscow on 20 March 2023.", ["visit"]),
        ("Vladimir Putin reached Pyongyang on 18 June 2024.", ["visit"]),
        ("Vladimir Putin left the meeting on 18 June 2024.", []),
        ("The talks reached a deadlock on 18 June 2024.", []),
    ],
)
def test_verbs_of_going_are_visits_only_with_a_place_they_go_to(nlp, text, expected) -> None:
    assert [kind for kind, _date in dated(nlp, text)] == expected


def test_spoke_by_phone_parsed_as_an_agent_is_still_a_call(nlp) -> None:
    # (the parser reads "by phone" as the agent of a passive after this subject)
    text = "Olaf Scholz and Emmanuel Macron spoke by phone on 4 May 2021."
    assert [kind for kind, _date in dated(nlp, text)] == ["call"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China and Russia released a joint statement on 4 May 2021.", ["statement"]),
        ("The Russian Foreign Ministry issued a statement on 4 May 2021.", []),
    ],
)
def test_a_statement_is_an_event_only_when_joint(nlp, text, expected) -> None:
    assert [kind for kind, _date in dated(nlp, text)] == expected


def test_signed_named_accords_are_an_agreement_of_both_signers(nlp) -> None:
    text = "On 4 May 2021, Kenya and Ghana signed the Volta Accords in Accra."
    (mention,) = mentions(nlp, text)
    assert (mention.type, mention.date) == ("agreement", "2021-05-04")
    assert set(mention.actors) >= {"Kenya", "Ghana"}


def test_named_accords_without_a_signing_are_no_event(nlp) -> None:
    assert mentions(nlp, "The Volta Accords remain popular in Accra.") == []


def test_an_agreement_in_apposition_to_the_signed_object_is_signed(nlp) -> None:
    text = "On 4 May 2021, the text, the Declaration of the Lakes, was signed by Kenya and Uganda."
    (mention,) = mentions(nlp, text)
    assert mention.type == "agreement"
    assert set(mention.actors) == {"Kenya", "Uganda"}
    text = "The final text, the Declaration of the Lakes, was read by students."
    assert mentions(nlp, text) == []


def test_a_conversation_qualified_by_a_phrase_is_a_call(nlp) -> None:
    text = "On 4 May 2021, the Kenyan president had a conversation over the phone with Ghana."
    assert [m.type for m in mentions(nlp, text)] == ["call"]
    text = "On 4 May 2021, the Kenyan president had a conversation with Ghana about football."
    assert mentions(nlp, text) == []


def test_a_communique_issued_is_a_statement_and_one_signed_an_agreement(nlp) -> None:
    assert dated(nlp, "On 4 May 2021, Kenya and Ghana issued a joint communique.") == [
        ("statement", "2021-05-04")
    ]
    assert dated(nlp, "On 4 May 2021, Kenya and Ghana signed a joint communique.") == [
        ("agreement", "2021-05-04")
    ]
    assert mentions(nlp, "The communique from Kenya and Ghana was long.") == []


# -- agreements named as dated nouns ----------------------------------------------------------


def test_an_agreement_noun_with_its_date_and_a_party_is_an_event(nlp) -> None:
    text = "Trade grew fast after Kenya's trade deal with Ghana in 2004."
    (mention,) = mentions(nlp, text)
    assert (mention.type, mention.date) == ("agreement", "2004")
    assert set(mention.actors) == {"Kenya", "Ghana"}


@pytest.mark.parametrize(
    "text",
    [
        "Relations between Kenya and Ghana in 2019 were strained.",  # a relation, not an act
        "The trade deal was popular in 2004.",  # no party named on the noun
        "Kenya's trade deal with Ghana is popular.",  # no date of its own
    ],
)
def test_an_agreement_noun_without_date_or_party_is_no_event(nlp, text: str) -> None:
    assert mentions(nlp, text) == []


# -- conjoined events, each with its own date -------------------------------------------------


def test_conjoined_trips_each_with_its_date_are_two_visits(nlp) -> None:
    text = (
        "The Peruvian president will fly to Nairobi on 3 May 2025 and then will visit Accra on "
        "6 May 2025."
    )
    found = sorted((m.location, m.date) for m in mentions(nlp, text) if m.type == "visit")
    assert found == [("Accra", "2025-05-06"), ("Nairobi", "2025-05-03")]


def test_conjoined_verbs_sharing_one_date_stay_one_visit(nlp) -> None:
    text = "The Peruvian president will fly to Nairobi and visit a school there on 3 May 2025."
    assert len([m for m in mentions(nlp, text) if m.type == "visit"]) == 1


# -- dates of stays and of the invitations behind them ----------------------------------------


def test_a_stay_from_a_day_is_dated_from_that_day(nlp) -> None:
    text = "The Kenyan president will pay a state visit to Ghana from May 20 to 22."
    (mention,) = [m for m in mentions(nlp, text) if m.type == "visit"]
    assert mention.date is not None and mention.date.startswith("2025-05-20")


def test_since_a_day_stays_a_bound(nlp) -> None:
    text = "The Kenyan president has visited Ghana since May 2020."
    (mention,) = mentions(nlp, text)
    assert mention.date is None


def test_the_invitation_behind_a_visit_is_earlier_than_the_visit(nlp) -> None:
    text = "The Kenyan president will be in Accra from May 20 to 22 at the invitation of Ghana."
    (invitation,) = [m for m in mentions(nlp, text) if m.type == "invitation"]
    assert invitation.date is None
    assert invitation.date_bound is not None and invitation.date_bound.startswith("<=")
    text = "On 4 May 2021, the Kenyan president invited his Ghanaian counterpart to Nairobi."
    assert dated(nlp, text) == [("invitation", "2021-05-04")]


# -- tense of a passive -----------------------------------------------------------------------


def test_a_passive_in_the_present_tells_the_day_of_the_document(nlp) -> None:
    (mention,) = mentions(nlp, "A trade treaty is signed by Kenya and Ghana in Accra.")
    assert mention.date == DCT
    (mention,) = mentions(nlp, "A trade treaty has been signed by Kenya and Ghana in Accra.")
    assert mention.date is None


# -- status: a reported future, a past clause, a participle beside a plan ---------------------


def test_would_reported_in_the_past_is_the_future_of_the_report(nlp) -> None:
    text = "The spokesman said the Kenyan president would meet Ghana's president in Accra."
    assert [m.status for m in mentions(nlp, text)] == ["planned"]
    text = "The spokesman said the Kenyan president would meet Ghana's president if invited."
    assert mentions(nlp, text) == []
    assert mentions(nlp, "A meeting of the two presidents in Accra would be useful.") == []


def test_a_past_clause_under_a_future_one_happened(nlp) -> None:
    text = (
        "The next visit will be the first chance for talks, although the Kenyan minister "
        "visited Accra in 2021."
    )
    visits = [m for m in mentions(nlp, text) if m.trigger == "visited"]
    assert [(m.status, m.date) for m in visits] == [("occurred", "2021")]


def test_a_participle_beside_a_plan_happened(nlp) -> None:
    text = (
        "The churches sought to end the war, meeting together with the Kenyan president in "
        "Nairobi in 2019."
    )
    assert [(m.type, m.status) for m in mentions(nlp, text)] == [("meeting", "occurred")]


def test_a_likely_event_is_a_guess(nlp) -> None:
    assert mentions(nlp, "The Kenyan president will likely visit Accra in May.") == []


# -- more ways of saying it ------------------------------------------------------------------


def test_discuss_is_talks_only_between_two_named_parties(nlp) -> None:
    text = "On 4 May 2021, Kenya and Ghana discussed trade in Accra."
    assert [m.type for m in mentions(nlp, text)] == ["talks"]
    text = "On 4 May 2021, the Kenyan president discussed trade with Ghana's president."
    assert [m.type for m in mentions(nlp, text)] == ["talks"]
    for text in (
        "On 4 May 2021, the Kenyan president discussed the budget in Nairobi.",
        "On 4 May 2021, a historian discussed the relationship between Kenya and Ghana.",
    ):
        assert mentions(nlp, text) == [], text


def test_a_host_greeting_or_receiving_a_named_guest_is_a_visit(nlp) -> None:
    text = "On 4 May 2021, the Kenyan president received the Ghanaian envoy, Kofi Mensah."
    (mention,) = mentions(nlp, text)
    assert "Kofi Mensah" in mention.actors
    text = "On 4 May 2021, President Uhuru Kenyatta greeted Kofi Mensah in Nairobi."
    assert [m.type for m in mentions(nlp, text)] == ["visit"]
    assert mentions(nlp, "On 4 May 2021, the Kenyan president greeted the crowd.") == []


def test_touching_down_somewhere_is_a_visit_but_touching_is_not(nlp) -> None:
    text = "On 4 May 2021, President Uhuru Kenyatta touched down in Accra."
    assert [(m.type, m.location) for m in mentions(nlp, text)] == [("visit", "Accra")]
    assert mentions(nlp, "On 4 May 2021, President Uhuru Kenyatta touched the flag.") == []


def test_brokering_a_ceasefire_between_two_parties_is_an_agreement(nlp) -> None:
    text = "Kenya played a role in brokering a ceasefire in May 2021 between Ethiopia and Eritrea."
    (mention,) = mentions(nlp, text)
    assert mention.type == "agreement"
    assert {"Ethiopia", "Eritrea"} <= set(mention.actors)
    assert mentions(nlp, "A ceasefire between Ethiopia and Eritrea would help.") == []


def test_an_agreement_established_in_a_relative_clause_is_an_event(nlp) -> None:
    text = "Kenya's partnership with Ghana, which was established in 2004, is strong."
    assert dated(nlp, text) == [("agreement", "2004")]
    assert mentions(nlp, "Kenya's partnership with Ghana, which covers trade, is strong.") == []


def test_recalling_an_ambassador_is_an_event_and_recalling_cars_is_not(nlp) -> None:
    text = "On 4 May 2021, Kenya recalled its ambassador from Ghana."
    assert [m.type for m in mentions(nlp, text)] == ["other"]
    assert mentions(nlp, "On 4 May 2021, Kenya recalled 2,000 cars.") == []


# -- conjoined phrases sharing one trigger ----------------------------------------------------


def test_a_conjoined_phrase_with_its_own_date_is_a_second_event(nlp) -> None:
    text = "Trade grew after Kenya's trade deal with Ghana in 2004 and with Uganda in 2010."
    found = sorted((m.date, m.actors) for m in mentions(nlp, text))
    assert found == [("2004", ("Kenya", "Ghana")), ("2010", ("Kenya", "Uganda"))]


def test_a_second_place_and_date_after_and_then_is_a_second_meeting(nlp) -> None:
    text = (
        "President Uhuru Kenyatta met Ghana's president in Accra in 2019 and then in "
        "Nairobi (2021)."
    )
    found = sorted((m.date, m.location, m.actors) for m in mentions(nlp, text))
    assert found == [
        ("2019", "Accra", ("Uhuru Kenyatta", "Ghana")),
        ("2021", "Nairobi", ("Uhuru Kenyatta", "Ghana")),
    ]


def test_a_conjoined_phrase_without_a_date_is_no_second_event(nlp) -> None:
    text = "President Uhuru Kenyatta met Ghana's president in Accra in 2019 and in Nairobi."
    assert len(mentions(nlp, text)) == 1


# -- ages written as ordinal words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("ordinal", "year"), [("fiftieth", "1975"), ("seventy-fifth", "1950"), ("fifth", "2020")]
)
def test_an_anniversary_counted_in_ordinal_words_dates_the_event(
    nlp, ordinal: str, year: str
) -> None:
    text = f"This year Kenya marks the {ordinal} anniversary of its treaty with Ghana."
    assert dated(nlp, text) == [("agreement", year)]


def test_a_communique_signed_in_a_relative_clause_is_an_agreement(nlp) -> None:
    text = "The joint communique that Kenya signed with Ghana in 2004 opened trade."
    assert dated(nlp, text) == [("agreement", "2004")]


def test_a_bilateral_meet_is_a_meeting(nlp) -> None:
    text = "Kenyatta's last bilateral meet with Nana Akufo-Addo was in October 2019 in Accra."
    assert dated(nlp, text) == [("meeting", "2019-10")]


def test_the_trip_of_an_accepted_invitation_is_an_event_of_its_own(nlp) -> None:
    text = (
        "In May 2021, President Uhuru Kenyatta accepted an invitation from Ghana for a state "
        "visit to Accra."
    )
    assert sorted(m.type for m in mentions(nlp, text)) == ["invitation", "visit"]
    text = "In May 2021, Ghana invited President Uhuru Kenyatta for a state visit to Accra."
    assert [m.type for m in mentions(nlp, text)] == ["invitation"]


def test_conjoined_agents_of_separate_talks_hold_one_each(nlp) -> None:
    text = "On 4 May 2021, Kenya and Uganda held separate talks with Ghana in Accra."
    found = sorted(m.actors for m in mentions(nlp, text))
    assert found == [("Kenya", "Ghana"), ("Uganda", "Ghana")]
    text = "On 4 May 2021, Kenya and Uganda held talks with Ghana in Accra."
    assert [set(m.actors) for m in mentions(nlp, text)] == [{"Kenya", "Uganda", "Ghana"}]


def test_conjoined_agents_of_plural_agreements_with_a_third_party_sign_one_each(nlp) -> None:
    text = (
        "The United Arab Emirates and Bahrain signed agreements at the White House on "
        "Tuesday, Sept. 15, 2020, to normalize relations with Israel."
    )
    found = sorted(m.actors for m in mentions(nlp, text))
    assert found == [("Bahrain", "Israel"), ("United Arab Emirates", "Israel")]
    # with no third party they signed them with each other
    text = "On 4 May 2021, Kenya and Ghana signed agreements on trade in Accra."
    assert [set(m.actors) for m in mentions(nlp, text)] == [{"Kenya", "Ghana"}]


def test_the_subject_of_a_verb_during_a_visit_is_the_visitor(nlp) -> None:
    text = "On 4 May 2021, President Uhuru Kenyatta announced new aid during a visit to Accra."
    (mention,) = mentions(nlp, text)
    assert (mention.type, mention.actors, mention.location) == (
        "visit",
        ("Uhuru Kenyatta",),
        "Accra",
    )
    text = (
        "On 4 May 2021, President Uhuru Kenyatta announced aid after a visit to Accra by students."
    )
    assert mentions(nlp, text) == []


def test_a_ceremony_or_banquet_of_officials_is_a_meeting(nlp) -> None:
    text = (
        "On 4 May 2021, President Uhuru Kenyatta held a banquet for Ghana's president in Nairobi."
    )
    assert [m.type for m in mentions(nlp, text)] == ["meeting"]
    assert mentions(nlp, "On 4 May 2021, the school held an award ceremony in Nairobi.") == []


def test_and_then_to_another_place_is_a_second_visit_that_day(nlp) -> None:
    text = "On 4 May 2021, President Uhuru Kenyatta went to Accra and then to Lagos."
    found = sorted((m.location, m.date) for m in mentions(nlp, text))
    assert found == [("Accra", "2021-05-04"), ("Lagos", "2021-05-04")]
    text = "On 4 May 2021, President Uhuru Kenyatta went to Accra and then to a market."
    assert [m.location for m in mentions(nlp, text)] == ["Accra"]


# -- the earlier event of a "first since" -----------------------------------------------------


def test_the_first_visit_since_a_date_tells_of_a_visit_at_that_date(nlp) -> None:
    text = "It will be the first official visit to Ghana by a Kenyan president since May 2011."
    found = sorted((m.status, m.date, m.location) for m in mentions(nlp, text))
    assert found == [("occurred", "2011-05", "Ghana"), ("planned", None, "Ghana")]


def test_a_first_since_without_a_date_tells_of_nothing_earlier(nlp) -> None:
    text = "It will be the first official visit to Ghana by a Kenyan president since his election."
    assert [m.status for m in mentions(nlp, text)] == ["planned"]


# -- planned by an adjective or a participle; "the two" ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "President Uhuru Kenyatta is set to visit Accra next week.",
        "President Uhuru Kenyatta and Ghana's president are due to meet in Accra next week.",
    ],
)
def test_set_or_due_to_makes_an_event_planned(nlp, text: str) -> None:
    (mention,) = mentions(nlp, text)
    assert mention.status == "planned"
    assert "Uhuru Kenyatta" in mention.actors


def test_the_two_are_the_parties_named_last(nlp) -> None:
    text = (
        "On 4 May 2021, President Uhuru Kenyatta met Nana Akufo-Addo in Nairobi. "
        "The two were due to meet again in Accra on 9 May 2021."
    )
    planned = [m for m in mentions(nlp, text) if m.status == "planned"]
    assert [set(m.actors) for m in planned] == [{"Uhuru Kenyatta", "Nana Akufo-Addo"}]


def test_a_fact_in_the_simple_past_after_if_happened(nlp) -> None:
    text = (
        "If there was any doubt about his plan, President Uhuru Kenyatta followed it up with a "
        "meeting on 4 May 2021 with Nana Akufo-Addo."
    )
    assert [(m.type, m.status) for m in mentions(nlp, text)] == [("meeting", "occurred")]
    text = "If President Uhuru Kenyatta visits Accra, he will meet Nana Akufo-Addo."
    assert mentions(nlp, text) == []


# -- visitors named together ------------------------------------------------------------------


def _visitors(nlp, text: str) -> list[tuple[str, ...]]:
    return sorted(m.actors for m in mentions(nlp, text) if m.type == "visit")


def test_visitors_of_two_states_arriving_together_make_a_visit_each(nlp) -> None:
    text = (
        "Kenyan President William Ruto and Ghanaian President John Mahama will arrive in Quito "
        "on Thursday."
    )
    assert _visitors(nlp, text) == [("John Mahama",), ("William Ruto",)]


def test_visitors_travelling_together_make_one_visit(nlp) -> None:
    # must not fire: "together" keeps them one party
    text = (
        "Kenyan President William Ruto and Ghanaian President John Mahama will arrive together in "
        "Quito on Thursday."
    )
    assert _visitors(nlp, text) == [("William Ruto", "John Mahama")]


def test_a_leader_and_his_minister_make_one_visit(nlp) -> None:
    # must not fire: both stand for Russia
    text = "Vladimir Putin and Sergei Lavrov will arrive in Quito on Thursday."
    assert _visitors(nlp, text) == [("Vladimir Putin", "Sergei Lavrov")]


# -- events counted, not told -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "President Ana Soto and President Luis Paz have met four times since 2019.",
        "President Ana Soto and President Luis Paz met several times in 2019.",
        "President Ana Soto and President Luis Paz met repeatedly in 2019.",
    ],
)
def test_events_counted_are_no_event(nlp, text: str) -> None:
    assert [m for m in mentions(nlp, text) if m.type == "meeting"] == []


def test_a_first_time_is_an_event(nlp) -> None:
    # must not fire: "for the first time" tells one event
    text = "President Ana Soto and President Luis Paz met for the first time in 2019."
    assert [m.date for m in mentions(nlp, text) if m.type == "meeting"] == ["2019"]
