"""Who the actors of an event are: a visit's visitors, descriptions and pronouns resolved to the
people the document names, names that are no actors, partial names made whole; each rule with a
case where it must not fire. Sentences written for these tests."""

from __future__ import annotations

import pytest
from read_mentions import mentions, of_type

from timeline.actors import Gazetteer, has_nickname


def actors(nlp, text: str, kind: str) -> set[str]:
    return {a for m in of_type(nlp, text, kind) for a in m.actors}


# -- a visit's actors are its visitors --------------------------------------------------------


@pytest.mark.slow
def test_whom_a_visitor_meets_is_the_host_role_not_an_actor(nlp) -> None:
    text = "On Monday, Olaf Scholz arrived in Lima for talks with Gabriel Boric."
    (visit,) = of_type(nlp, text, "visit")
    assert visit.actors == ("Olaf Scholz",)
    assert ("host", "Gabriel Boric") in visit.roles


@pytest.mark.slow
def test_a_hosting_verb_keeps_its_host_as_an_actor(nlp) -> None:
    (visit,) = of_type(nlp, "On Monday, Gabriel Boric welcomed Olaf Scholz to Santiago.", "visit")
    assert set(visit.actors) == {"Olaf Scholz", "Gabriel Boric"}


@pytest.mark.slow
def test_two_visitors_stay_actors_of_their_visit(nlp) -> None:
    text = "On Monday, Olaf Scholz and Gabriel Boric arrived in Lima."
    assert actors(nlp, text, "visit") == {"Olaf Scholz", "Gabriel Boric"}


# -- names that are no actors -----------------------------------------------------------------


@pytest.mark.slow
def test_a_companion_is_no_actor(nlp) -> None:
    text = "On Monday, Olaf Scholz and his wife Britta arrived in Lima."
    assert actors(nlp, text, "visit") == {"Olaf Scholz"}


def _gazetteer() -> Gazetteer:
    return Gazetteer(
        {
            "titles": ["the", "of", "general", "secretary", "chairperson"],
            "role_words": ["council", "committee", "central", "state", "party"],
            "people": [{"name": "Ana Soto", "country": "Chile"}],
        }
    )


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("the Chairperson", True),
        ("Central Committee", True),
        ("Council of State", True),
        ("Party General Secretary", True),
        # names, even with a title in them, are not role phrases (must not fire)
        ("Ana Soto", False),
        ("Secretary Ana Soto", False),
        ("Andean Council", False),
    ],
)
def test_role_phrases_are_titles_and_office_words_only(text: str, role: bool) -> None:
    assert _gazetteer().is_role_phrase(text) is role


@pytest.mark.slow
def test_a_title_alone_is_no_actor(nlp) -> None:
    text = "On Monday, the Chairperson met Gabriel Boric in Lima."
    found = actors(nlp, text, "meeting")
    assert "Chairperson" not in found
    assert "Gabriel Boric" in found


@pytest.mark.slow
def test_the_speaker_of_a_reporting_verb_is_no_party(nlp) -> None:
    text = (
        '"The chancellor will be in Lima on Monday to attend a meeting with Gabriel Boric," '
        "spokesperson Maria Vargas said."
    )
    assert "Maria Vargas" not in actors(nlp, text, "meeting")


@pytest.mark.slow
def test_a_speaker_who_took_part_stays_a_party(nlp) -> None:
    text = "Maria Vargas said on Tuesday that she met Gabriel Boric in Lima on Monday."
    assert actors(nlp, text, "meeting") >= {"Maria Vargas", "Gabriel Boric"}


@pytest.mark.slow
def test_the_organisation_where_two_leaders_met_is_no_party(nlp) -> None:
    text = "Olaf Scholz and Gabriel Boric met at the G20 in Rome in October 2021."
    found = actors(nlp, text, "meeting")
    assert found == {"Olaf Scholz", "Gabriel Boric"}


@pytest.mark.slow
def test_the_organisation_of_a_summit_stays_its_party(nlp) -> None:
    text = "Olaf Scholz attended a summit of the G20 in Rome in October 2021."
    assert "G20" in actors(nlp, text, "summit")


# -- descriptions and pronouns ----------------------------------------------------------------


@pytest.mark.slow
def test_a_description_is_the_person_of_that_state_the_text_names(nlp) -> None:
    text = (
        "Chilean President Gabriel Boric landed in Madrid on Monday. "
        "On Tuesday, the Chilean president met Pedro Sánchez at the Moncloa."
    )
    assert "Gabriel Boric" in actors(nlp, text, "meeting")


@pytest.mark.slow
def test_a_description_of_a_state_nobody_in_the_text_leads_names_no_one(nlp) -> None:
    text = (
        "Chilean President Gabriel Boric landed in Madrid on Monday. "
        "On Tuesday, the Peruvian president met Pedro Sánchez at the Moncloa."
    )
    assert "Gabriel Boric" not in actors(nlp, text, "meeting")


@pytest.mark.slow
def test_a_description_of_another_office_is_not_the_listed_holder_of_one(nlp) -> None:
    # the gazetteer lists Xi Jinping as China's head of state, not its foreign minister
    text = (
        "Vladimir Putin met Xi Jinping in Moscow on Friday. "
        "On Saturday, Putin met the Chinese foreign minister in Moscow."
    )
    found = [m.actors for m in mentions(nlp, text) if "Saturday" in (m.date_text or "")]
    assert found and all("Xi Jinping" not in actors for actors in found)
    text = (
        "Vladimir Putin met Xi Jinping in Moscow on Friday. "
        "On Saturday, Putin met the Chinese president again in Sochi."
    )
    assert "Xi Jinping" in actors(nlp, text, "meeting")


@pytest.mark.slow
def test_officials_of_states_named_together_are_those_states(nlp) -> None:
    text = (
        "Vladimir Putin met Xi Jinping on Monday. "
        "The Egyptian and Israeli foreign ministers held a phone call on Tuesday."
    )
    (call,) = [m for m in mentions(nlp, text) if m.type == "call"]
    assert set(call.actors) == {"Egypt", "Israel"}  # (not the last two people named)


@pytest.mark.slow
def test_a_title_refers_to_the_person_introduced_with_it(nlp) -> None:
    text = (
        "The Chairperson of the Andean Council, Rosa Quispe, arrived in Lima on Monday. "
        "On Tuesday, the Chairperson met Gabriel Boric."
    )
    assert "Rosa Quispe" in actors(nlp, text, "meeting")


@pytest.mark.slow
def test_a_pronoun_follows_an_earlier_pronoun_back_to_its_person(nlp) -> None:
    text = (
        "The Chilean president, who is on a tour of Europe, is leaving his country again. "
        "Gabriel Boric is the Chilean president. "
        "He travelled to Berlin in January. "
        "On Wednesday, he went to Madrid, where he dined with Pedro Sánchez."
    )
    madrid = [m for m in of_type(nlp, text, "visit") if m.location == "Madrid"]
    assert madrid and madrid[0].actors == ("Gabriel Boric",)


@pytest.mark.slow
def test_a_possessive_pronoun_is_the_subject_of_its_clause(nlp) -> None:
    text = (
        "Chancellor Olaf Scholz met Gabriel Boric in Berlin in May 2024. "
        "The 66-year-old chancellor then embarked on his first visit to Chile."
    )
    chile = [m for m in of_type(nlp, text, "visit") if m.location == "Chile"]
    assert chile and chile[0].actors == ("Olaf Scholz",)


@pytest.mark.slow
def test_they_are_the_people_named_before_in_the_sentence(nlp) -> None:
    text = "It was the first talk between Olaf Scholz and Gabriel Boric since they met in Rome."
    rome = [m for m in of_type(nlp, text, "meeting") if m.location == "Rome"]
    assert rome and set(rome[0].actors) == {"Olaf Scholz", "Gabriel Boric"}


@pytest.mark.slow
def test_they_without_two_people_before_stays_unresolved(nlp) -> None:
    text = "It was the first talk since they met in Rome."
    assert actors(nlp, text, "meeting") == set()


# -- subjects -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_dateline_parsed_as_the_subject_is_not_the_visitor(nlp) -> None:
    text = (
        "QUITO, 3 May 2024: The Chairperson of the Andean Council, Rosa Quispe, concluded a "
        "two-day visit to Peru."
    )
    found = actors(nlp, text, "visit")
    assert "Ecuador" not in found
    assert "Rosa Quispe" in found


@pytest.mark.slow
def test_a_place_that_is_the_subject_stays_a_party(nlp) -> None:
    text = "On 3 May 2024, Chile and Peru signed a fisheries agreement in Quito."
    assert actors(nlp, text, "agreement") >= {"Chile", "Peru"}


@pytest.mark.slow
def test_who_embarks_on_a_visit_is_its_visitor(nlp) -> None:
    text = "Chancellor Olaf Scholz on Tuesday embarked on a three-day visit to Chile."
    assert actors(nlp, text, "visit") == {"Olaf Scholz"}


@pytest.mark.slow
def test_who_comments_on_a_visit_is_not_its_visitor(nlp) -> None:
    text = "On Tuesday, Gabriel Boric commented on the visit of Olaf Scholz to Chile."
    assert "Gabriel Boric" not in actors(nlp, text, "visit")


# -- partial names ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_surname_takes_the_full_name_the_document_gives(nlp) -> None:
    text = (
        "Kenji Morita, the Japanese envoy, arrived in Lima on Monday. "
        "On Tuesday, Morita met Gabriel Boric in Santiago."
    )
    assert "Kenji Morita" in actors(nlp, text, "meeting")


@pytest.mark.slow
def test_a_surname_two_people_share_stays_as_it_is(nlp) -> None:
    text = (
        "Kenji Morita and Hiroshi Morita arrived in Lima on Monday. "
        "On Tuesday, Morita met Gabriel Boric in Santiago."
    )
    found = actors(nlp, text, "meeting")
    assert "Kenji Morita" not in found and "Hiroshi Morita" not in found


@pytest.mark.slow
def test_the_document_names_someone_else_than_the_listed_surname(nlp) -> None:
    # the gazetteer lists Shehbaz Sharif with the alias "Sharif"
    text = "Nawaz Sharif arrived in Lima on Monday. On Tuesday, Sharif met Gabriel Boric."
    found = actors(nlp, text, "meeting")
    assert "Nawaz Sharif" in found
    assert "Shehbaz Sharif" not in found


@pytest.mark.parametrize(
    ("text", "cleaned", "nickname"),
    [
        ("Ana \u201cNena\u201d Soto", "Ana Soto", True),
        ('Ana "Nena" Soto\'s', "Ana Soto", True),
        ("Ana Soto", "Ana Soto", False),  # must not fire
        ('"Ana Soto"', "Ana Soto", False),  # a quoted name is no nickname
    ],
)
def test_a_quoted_nickname_is_dropped_from_a_name(text: str, cleaned: str, nickname: bool) -> None:
    assert Gazetteer({}).clean(text) == cleaned
    assert has_nickname(text) is nickname


@pytest.mark.slow
def test_someone_once_named_as_a_companion_is_not_the_surname_of_the_events(nlp) -> None:
    text = (
        "Kenji Morita arrived in Lima on Monday with his daughter, Aiko Morita. "
        "Aiko Morita spoke to students. On Tuesday, Morita met Gabriel Boric in Santiago."
    )
    assert "Kenji Morita" in actors(nlp, text, "meeting")


def test_a_name_that_is_also_its_demonym_is_the_state() -> None:
    gazetteer = Gazetteer({"states": [{"name": "Vatican", "demonyms": ["Vatican"]}]})
    assert gazetteer.phrases["Vatican"] == "state"
    # a demonym of its own stays a demonym (must not change)
    gazetteer = Gazetteer({"states": [{"name": "Chile", "demonyms": ["Chilean"]}]})
    assert gazetteer.phrases["Chilean"] == "demonym"


@pytest.mark.slow
def test_a_description_that_names_its_person_keeps_that_person(nlp) -> None:
    text = (
        "Peruvian President Dina Boluarte thanked the hosts. Dina Boluarte spoke on Monday. "
        "On Tuesday, Olaf Scholz was welcomed by his Peruvian counterpart, Gustavo Adrianzen."
    )
    found = {a for m in mentions(nlp, text) for a in m.actors}
    assert "Gustavo Adrianzen" in found
    assert "Dina Boluarte" not in found


@pytest.mark.slow
def test_who_comes_at_the_invitation_of_someone_is_the_invitee(nlp) -> None:
    text = "Olaf Scholz will be in Lima in May 2025 at the invitation of Gabriel Boric."
    (invitation,) = of_type(nlp, text, "invitation")
    assert ("inviter", "Gabriel Boric") in invitation.roles
    assert ("invitee", "Olaf Scholz") in invitation.roles


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("On Monday, Olaf Scholz arrived in Chile's capital.", "Santiago"),
        ("On Monday, Olaf Scholz arrived in the Chilean capital.", "Santiago"),
        ("On Monday, Olaf Scholz arrived in Valparaiso.", "Valparaiso"),  # must not change
    ],
)
def test_a_states_capital_is_the_place(nlp, text: str, place: str) -> None:
    (visit,) = of_type(nlp, text, "visit")
    assert visit.location == place


def test_the_capital_of_a_listed_state() -> None:
    gazetteer = Gazetteer({"states": [{"name": "Chile", "capital": "Santiago"}, {"name": "Peru"}]})
    assert gazetteer.capital("Chile") == "Santiago"
    assert gazetteer.capital("Peru") is None  # none listed: no place made up


@pytest.mark.slow
def test_a_leader_at_home_is_the_host_of_a_visit_not_a_visitor(nlp) -> None:
    text = "On Monday, Olaf Scholz and Gabriel Boric arrived together in Santiago."
    (visit,) = of_type(nlp, text, "visit")
    assert visit.actors == ("Olaf Scholz",)
    assert ("host", "Gabriel Boric") in visit.roles


@pytest.mark.slow
def test_a_leader_visiting_his_own_capital_is_no_visit(nlp) -> None:
    assert of_type(nlp, "On Monday, Gabriel Boric arrived in Santiago.", "visit") == []


@pytest.mark.slow
def test_a_leader_visiting_another_capital_is_a_visit(nlp) -> None:
    (visit,) = of_type(nlp, "On Monday, Gabriel Boric arrived in Lima.", "visit")
    assert visit.actors == ("Gabriel Boric",)


@pytest.mark.slow
def test_the_visitors_own_state_is_not_a_second_visitor(nlp) -> None:
    text = "On Monday, Chilean President Gabriel Boric began Chile's first state visit to Peru."
    found = actors(nlp, text, "visit")
    assert "Gabriel Boric" in found
    assert "Chile" not in found


@pytest.mark.slow
def test_a_state_visiting_alone_stays_the_visitor(nlp) -> None:
    text = "On Monday, a Chilean delegation began a state visit to Peru."
    assert actors(nlp, text, "visit") == {"Chile"}


@pytest.mark.slow
def test_a_listed_surname_first_name_is_the_documents_person(nlp) -> None:
    # the gazetteer lists Li Qiang; the text names another Li
    text = "Li Keqiang arrived in Lima on Monday. On Tuesday, Li met Gabriel Boric."
    found = actors(nlp, text, "meeting")
    assert "Li Keqiang" in found and "Li Qiang" not in found


@pytest.mark.slow
def test_the_listed_person_named_in_full_stays_listed(nlp) -> None:
    text = "Li Qiang arrived in Lima on Monday. On Tuesday, Li met Gabriel Boric."
    assert "Li Qiang" in actors(nlp, text, "meeting")


@pytest.mark.slow
def test_the_organisation_of_a_summit_a_meeting_is_held_at_is_no_party(nlp) -> None:
    text = "Olaf Scholz met Gabriel Boric in Rome on Monday on the sidelines of the G20 summit."
    assert actors(nlp, text, "meeting") == {"Olaf Scholz", "Gabriel Boric"}


@pytest.mark.slow
def test_who_acts_during_a_summit_takes_part_in_it(nlp) -> None:
    text = "During the annual summit on Tuesday, Olaf Scholz and Gabriel Boric signed two accords."
    assert actors(nlp, text, "summit") >= {"Olaf Scholz", "Gabriel Boric"}


@pytest.mark.slow
def test_who_acts_during_someone_elses_visit_is_not_its_visitor(nlp) -> None:
    text = "During Olaf Scholz's visit on Tuesday, Gabriel Boric gave a dinner."
    assert actors(nlp, text, "visit") == {"Olaf Scholz"}


@pytest.mark.slow
def test_a_pronoun_after_a_fronted_clause_is_that_clauses_subject(nlp) -> None:
    text = "When Olaf Scholz met Gabriel Boric in May 2024, he recalled his visit to Lima in 2019."
    visits = [m for m in of_type(nlp, text, "visit") if m.location == "Lima"]
    assert visits and visits[0].actors == ("Olaf Scholz",)


@pytest.mark.slow
def test_a_pronoun_in_its_own_clause_keeps_the_clause_subject(nlp) -> None:
    text = (
        "When Olaf Scholz met Gabriel Boric in May 2024, "
        "Boric said that he had visited Lima in 2019."
    )
    visits = [m for m in of_type(nlp, text, "visit") if m.location == "Lima"]
    assert visits and visits[0].actors == ("Gabriel Boric",)


# -- "it" for a state ---------------------------------------------------------------------------


@pytest.mark.slow
def test_it_stands_for_the_state_subject_of_the_clause_above(nlp) -> None:
    text = "Peru announced on Monday that it had recalled its ambassador to Chile."
    assert "Peru" in actors(nlp, text, "other")


@pytest.mark.slow
def test_it_does_not_stand_for_a_state_that_is_no_subject(nlp) -> None:
    # must not fire: Peru is where officials spoke, not who acted
    text = "In Peru, officials said on Monday that it had recalled its ambassador to Chile."
    assert "Peru" not in actors(nlp, text, "other")


@pytest.mark.slow
@pytest.mark.parametrize(("office", "found"), [("Trade", "Lena Okafor"), ("Finance", "Kenya")])
def test_a_state_s_office_is_the_person_the_text_titles_so(nlp, office: str, found: str) -> None:
    # the text gives the minister no state: the office's words pick the person, or none
    text = (
        f"Ambassador Prudence Vane and {office} Minister Lena Okafor ended a news conference. "
        "On Wednesday, Vane wrapped up some business, meeting with Kenya's trade minister."
    )
    assert found in actors(nlp, text, "meeting")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "parties", "place"),
    [
        ("The Madrid summit of NATO opened on Thursday.", ("NATO",), "Madrid"),
        # a state before the noun is a party
        ("The China summit of ASEAN opened in Kunming on Thursday.", ("China", "ASEAN"), "Kunming"),
    ],
)
def test_a_city_naming_a_summit_is_its_place_not_a_party(nlp, text, parties, place) -> None:
    (summit,) = of_type(nlp, text, "summit")
    assert (summit.actors, summit.location) == (parties, place)


@pytest.mark.slow
def test_a_place_the_model_ran_on_into_a_preposition_is_trimmed(nlp) -> None:
    # (the small model reads "the Great Hall of the People on" as the facility)
    text = "Emmanuel Macron was greeted by Xi Jinping at the Great Hall of the People on Thursday."
    (mention,) = mentions(nlp, text)
    assert mention.location == "Great Hall of the People"


@pytest.mark.slow
def test_a_listed_name_written_as_a_possessive_without_its_apostrophe_is_that_person(nlp) -> None:
    text = "Trumps visit will last from 8 to 10 of November 2017."
    (mention,) = mentions(nlp, text)
    assert mention.actors == ("Donald Trump",)


@pytest.mark.slow
def test_a_naming_title_is_only_someone_introduced_with_it_never_the_main_figure(nlp) -> None:
    text = (
        "Fidel Castro spoke in Havana on Monday. Castro said he and the Pope want peace. "
        "The Pope's visit to Havana will begin on 21 January 1998."
    )
    visits = [m for m in mentions(nlp, text) if m.type == "visit"]
    assert all("Fidel Castro" not in m.actors for m in visits)
    # a description of an office still falls back on the main figure
    text = (
        "Emmanuel Macron spoke in Paris on Monday. Macron said he wants peace. "
        "The president's visit to Rabat will begin on 21 January 2026."
    )
    visits = [m for m in mentions(nlp, text) if m.type == "visit"]
    assert visits and all(m.actors == ("Emmanuel Macron",) for m in visits)
