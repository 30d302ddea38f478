"""Event mentions: types, modality, arguments and dates, on sentences written for the tests."""

from __future__ import annotations

import pytest
import spacy
from read_mentions import mentions

from timeline.errors import DataFileError
from timeline.events import Ontology, load_ontology
from timeline.model import Mention
from timeline.nlp import register_extensions


def only(nlp, text: str, dct: str | None = "2025-03-12") -> Mention:
    found = mentions(nlp, text, dct)
    assert len(found) == 1, found
    return found[0]


# -- the ontology file -----------------------------------------------------------------------


def test_ontology_has_every_type_with_codes() -> None:
    ontology = load_ontology()
    assert ontology.verbs["visit"] == "visit"
    assert ontology.nouns["treaty"] == "agreement"
    assert ontology.host_verbs["host"] == "visit"
    assert ontology.cameo["visit"] == "042"
    assert ontology.host_cameo["visit"] == "043"
    assert ontology.cameo["call"] == "041"
    assert ontology.cameo["agreement"] == "057"


def test_ontology_rejects_malformed_types() -> None:
    with pytest.raises(DataFileError, match="types"):
        Ontology.from_data({"types": {"visit": {"verbs": "visit"}}})
    with pytest.raises(DataFileError, match="types"):
        Ontology.from_data({"types": []})


def test_component_writes_empty_list_without_parse() -> None:
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("timeline_events")
    doc = nlp("Nothing happens here.")
    assert doc._.timeline_mentions == []


# -- event types ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("In May 2022, Chancellor Olaf Scholz visited Tokyo.", "visit"),
        ("In May 2022, Olaf Scholz met Fumio Kishida in Tokyo.", "meeting"),
        ("The leaders of Kenya and Ethiopia held talks in Nairobi in March 2021.", "talks"),
        ("Leaders of the G20 gathered for a summit in Rome in October 2021.", "summit"),
        ("In July 2019, Argentina and Chile signed a trade agreement in Santiago.", "agreement"),
        ("In April 2018, Justin Trudeau invited Emmanuel Macron to visit Ottawa.", "invitation"),
        ("In January 2020, Boris Johnson held a phone call with Donald Trump.", "call"),
    ],
)
def test_each_event_type_is_found(nlp, text: str, kind: str) -> None:
    assert only(nlp, text).type == kind


@pytest.mark.slow
def test_hosting_is_the_visit_with_roles(nlp) -> None:
    mention = only(nlp, "On 4 March 2024, Narendra Modi hosted Anthony Albanese in New Delhi.")
    assert mention.type == "visit"
    assert ("host", "Narendra Modi") in mention.roles
    assert ("visitor", "Anthony Albanese") in mention.roles
    assert mention.cameo == "043"
    assert mention.location == "New Delhi"


@pytest.mark.slow
def test_city_hosting_a_meeting_is_its_place(nlp) -> None:
    mention = only(
        nlp, "In June 2023, Helsinki hosted the annual meeting of Nordic defence chiefs."
    )
    assert mention.type == "meeting"
    assert mention.location == "Helsinki"


# -- modality ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Indian Prime Minister Narendra Modi will visit Washington in June 2025.", "planned"),
        ("The Brazilian foreign minister was planning to visit Tokyo in October 2025.", "planned"),
        ("Gustavo Petro visited Beijing in October 2023.", "occurred"),
        ("The upcoming summit of ASEAN leaders will take place in Jakarta.", "planned"),
    ],
)
def test_status_follows_modals_and_governing_verbs(nlp, text: str, status: str) -> None:
    assert only(nlp, text).status == status


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Javier Milei did not visit Brasilia in 2024.",
        "A visit by the Pope to Kyiv would send a strong message.",
        "If Cyril Ramaphosa visits Moscow, he will meet the president.",
        "The spokesman said reports that Ruto will visit Tehran are complete nonsense.",
    ],
)
def test_negated_hypothetical_and_denied_events_are_not_emitted(nlp, text: str) -> None:
    assert [m for m in mentions(nlp, text) if m.status in ("occurred", "planned")] == []


# -- arguments --------------------------------------------------------------------------------


@pytest.mark.slow
def test_actors_come_from_the_parse_not_every_name(nlp) -> None:
    text = (
        "According to Reuters, Ukrainian President Volodymyr Zelensky met Pedro Sánchez "
        "in Madrid on 27 May 2024, reporter Jane Doe wrote."
    )
    mention = only(nlp, text)
    assert set(mention.actors) == {"Volodymyr Zelensky", "Pedro Sánchez"}
    assert mention.location == "Madrid"


@pytest.mark.slow
def test_photo_credits_are_not_actors(nlp) -> None:
    text = "Japan-Brazil talks in Tokyo, 3 February 2025.\nPhoto by Jane Doe/Reuters"
    for mention in mentions(nlp, text):
        assert "Jane Doe" not in mention.actors
        assert "Reuters" not in mention.actors


@pytest.mark.slow
def test_conjoined_partners_and_states(nlp) -> None:
    mention = only(
        nlp, "The foreign ministers of Japan and Brazil held talks in Tokyo in May 2024."
    )
    assert mention.type == "talks"
    assert {"Japan", "Brazil"} <= set(mention.actors)
    assert mention.location == "Tokyo"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "actors"),
    [
        # inside the listed holder's term of office: the holder beside the state
        ("In 2024, the leader of Kenya visited Tokyo.", {"William Ruto", "Kenya"}),
        # before it: today's holder is not who held the office then; the state alone
        ("In 2019, the leader of Kenya visited Tokyo.", {"Kenya"}),
    ],
)
def test_office_names_its_listed_holder_beside_the_state(nlp, text: str, actors: set) -> None:
    mention = only(nlp, text)
    assert set(mention.actors) == actors


@pytest.mark.slow
def test_agreement_anaphor_takes_the_last_parties(nlp) -> None:
    text = (
        "Peru and Ecuador have signed a border treaty. "
        "Its terms repeat the previous agreement, which was signed in 1942."
    )
    found = [m for m in mentions(nlp, text) if m.date == "1942"]
    assert found and set(found[0].actors) == {"Peru", "Ecuador"}


@pytest.mark.slow
def test_capitals_acting_are_their_states(nlp) -> None:
    mention = only(nlp, "In 2019, Tokyo and Seoul signed a security agreement.")
    assert set(mention.actors) == {"Japan", "South Korea"}


@pytest.mark.slow
def test_names_are_canonical(nlp) -> None:
    text = "In March 2023, President Xi visited Moscow and met Vladimir Vladimirovich."
    mention = only(nlp, text)
    # a visit's actors are its visitors; whom they met is its host
    assert set(mention.actors) == {"Xi Jinping"}
    assert set(mention.roles) == {("visitor", "Xi Jinping"), ("host", "Vladimir Putin")}
    assert mention.location == "Moscow"


@pytest.mark.slow
def test_multi_token_place_from_the_gazetteer(nlp) -> None:
    mention = only(nlp, "In 2019, Narendra Modi visited a shipyard in Komsomolsk-on-Amur.")
    assert mention.location == "Komsomolsk-on-Amur"


@pytest.mark.slow
def test_place_of_a_relative_clause(nlp) -> None:
    text = "The delegation flew on to Osaka, the city where Modi and Ishiba last met in 2018."
    found = [m for m in mentions(nlp, text) if m.type == "meeting"]
    assert found and found[0].location == "Osaka"
    assert found[0].date == "2018"


@pytest.mark.slow
def test_invitation_to_a_visit_is_one_event(nlp) -> None:
    text = "In April 2018, Justin Trudeau invited Emmanuel Macron to visit Ottawa."
    mention = only(nlp, text)
    assert mention.type == "invitation"
    assert ("inviter", "Justin Trudeau") in mention.roles
    assert ("invitee", "Emmanuel Macron") in mention.roles


@pytest.mark.slow
def test_invitation_to_talk_to_a_journalist_is_no_event(nlp) -> None:
    text = "On Monday, a reporter invited the ambassador of Peru to discuss the election."
    assert [m for m in mentions(nlp, text) if m.type == "invitation"] == []


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_date_governing_the_trigger_wins_over_other_dates(nlp) -> None:
    text = (
        "Ferdinand Marcos Jr. became the first leader to visit Hanoi in January 2024 "
        "since the border dispute began in 2011."
    )
    mention = only(nlp, text)
    assert mention.date == "2024-01"
    assert mention.date_source == "explicit"


@pytest.mark.slow
def test_date_of_a_report_only_bounds_the_event(nlp) -> None:
    text = "Officials confirmed on 12 March 2025 that William Ruto had invited Lula to visit Kenya."
    mention = only(nlp, text)
    assert mention.date is None
    assert mention.date_bound == "<=2025-03-12"


@pytest.mark.slow
def test_present_perfect_is_bounded_by_the_document_date_and_recent(nlp) -> None:
    mention = only(nlp, "Argentina and Chile have signed a new border treaty.")
    assert mention.date is None
    assert mention.date_bound == "<=2025-03-12"
    assert mention.date_source == "recent"


@pytest.mark.slow
def test_simple_past_without_a_date_is_only_bounded(nlp) -> None:
    mention = only(nlp, "That treaty was signed by Argentina and Chile.")
    assert mention.date is None
    assert mention.date_bound == "<=2025-03-12"
    assert mention.date_source == "bound"


@pytest.mark.slow
def test_present_progressive_is_the_document_date(nlp) -> None:
    mention = only(nlp, "Mark Carney is currently visiting Mexico City.")
    assert mention.date == "2025-03-12"
    assert mention.date_source in ("dct", "explicit")  # "currently" may be tagged as a date


@pytest.mark.slow
def test_evidence_offsets_point_into_the_text(nlp) -> None:
    text = "Background.\n\nIn May 2022, Olaf Scholz met Fumio Kishida in Tokyo."
    mention = only(nlp, text)
    assert text[mention.trigger_start : mention.trigger_end] == mention.trigger == "met"
    assert text[mention.sent_start : mention.sent_end] == mention.sentence
    assert mention.date_text is not None and mention.date_text in mention.sentence


@pytest.mark.slow
def test_simple_past_continues_a_dated_narrative(nlp) -> None:
    text = (
        "Olaf Scholz met Fumio Kishida in Tokyo on April 28, 2022. "
        "Afterwards, Kishida invited Scholz to visit Hiroshima."
    )
    invitation = next(m for m in mentions(nlp, text) if m.type == "invitation")
    assert invitation.date == "2022-04-28"
    assert invitation.date_source == "narrative"


@pytest.mark.slow
def test_a_dated_sentence_without_events_sets_the_narratives_day(nlp) -> None:
    text = (
        "The last official appointment at the White House was made by Jair Bolsonaro on "
        "March 19, 2019. He met with Donald Trump and presented him with a shirt."
    )
    meeting = next(m for m in mentions(nlp, text) if m.type == "meeting")
    assert (meeting.date, meeting.date_source) == ("2019-03-19", "narrative")
    # a report's day is not the narrative's
    text = (
        "The spokesman said on March 19, 2019 that the ministry was closed. "
        "Jair Bolsonaro met with Donald Trump."
    )
    meeting = next(m for m in mentions(nlp, text) if m.type == "meeting")
    assert meeting.date is None


@pytest.mark.slow
def test_an_event_a_verb_of_proposing_asks_for_is_proposed_and_not_dated_by_it(nlp) -> None:
    for text in (
        "Moammar Gadhafi called for an emergency Security Council meeting in Geneva on Monday.",
        "Emmanuel Macron urged talks between Russia and Ukraine on Monday.",
        "Iran demanded negotiations with the United States on Monday.",
    ):
        (mention,) = mentions(nlp, text)
        assert (mention.status, mention.date) == ("proposed", None)
    (mention,) = mentions(nlp, "Emmanuel Macron held talks with Vladimir Putin on Monday.")
    assert (mention.status, mention.date) == ("occurred", "2025-03-10")


@pytest.mark.slow
def test_an_event_of_a_clause_of_time_is_bounded_by_the_main_clauses_date(nlp) -> None:
    text = (
        "The Clinton administration embarked on the expansion of NATO in 1993 after President Bill "
        "Clinton met in Washington with President Vaclav Havel and Lech Walesa."
    )
    meeting = next(m for m in mentions(nlp, text) if m.type == "meeting")
    assert (meeting.date, meeting.date_source, meeting.date_bound) == (None, "bound", "<=1993")


@pytest.mark.slow
def test_pluperfect_does_not_continue_the_narrative(nlp) -> None:
    text = (
        "Olaf Scholz met Fumio Kishida in Tokyo on April 28, 2022. "
        "Kishida had visited Berlin before."
    )
    visit = next(m for m in mentions(nlp, text) if m.type == "visit")
    assert visit.date is None
    assert visit.date_bound == "<=2025-03-12"


@pytest.mark.slow
def test_speaking_by_phone_is_a_call(nlp) -> None:
    mention = only(nlp, "In January 2023, Gabriel Boric spoke by phone with Gustavo Petro.")
    assert mention.type == "call"
    assert set(mention.actors) == {"Gabriel Boric", "Gustavo Petro"}


@pytest.mark.slow
def test_speaking_without_a_phone_is_no_event(nlp) -> None:
    assert mentions(nlp, "In January 2023, Gabriel Boric spoke about the economy.") == []


@pytest.mark.slow
def test_no_plans_to_visit_is_not_a_visit(nlp) -> None:
    text = '"I have no plans to visit Russia," Cyril Ramaphosa told reporters in 2024.'
    assert [m for m in mentions(nlp, text) if m.type == "visit"] == []


@pytest.mark.slow
def test_who_accepts_an_invitation_is_the_invitee(nlp) -> None:
    found = mentions(nlp, "In May 2023, Xi Jinping accepted an invitation to visit Brazil in 2024.")
    (mention,) = [m for m in found if m.type == "invitation"]  # the dated visit is its own
    assert ("invitee", "Xi Jinping") in mention.roles
    assert mention.date is None  # 2024 dates the visit, May 2023 only bounds the invitation
    assert mention.date_bound == "<=2023-05"


@pytest.mark.slow
def test_the_two_leaders_are_the_last_parties_named(nlp) -> None:
    text = (
        "Anthony Albanese met Christopher Luxon in Wellington in July 2024. "
        "The two leaders signed a defence agreement."
    )
    agreement = next(m for m in mentions(nlp, text) if m.type == "agreement")
    assert set(agreement.actors) == {"Anthony Albanese", "Christopher Luxon"}


@pytest.mark.slow
def test_the_two_countries_are_the_states_of_the_last_leaders(nlp) -> None:
    text = (
        "Anthony Albanese met Christopher Luxon in Wellington in July 2024. "
        "The two countries signed a defence agreement in 2025."
    )
    agreement = next(m for m in mentions(nlp, text) if m.type == "agreement")
    assert set(agreement.actors) == {"Australia", "New Zealand"}


@pytest.mark.slow
def test_since_gives_no_date(nlp) -> None:
    text = "Hakan Fidan visited Athens, the first such visit since 2019."
    visit = only(nlp, text)
    assert visit.date != "2019"


@pytest.mark.slow
def test_pronoun_takes_the_subject_of_its_sentence(nlp) -> None:
    text = (
        "Penny Wong thanked Wang Yi in 2024. "
        "Wang arrived in Tokyo in March 2025, where he met Takeshi Iwaya."
    )
    meeting = next(m for m in mentions(nlp, text) if m.type == "meeting")
    assert set(meeting.actors) == {"Wang Yi", "Takeshi Iwaya"}


@pytest.mark.slow
def test_hosting_a_dinner_is_no_visit(nlp) -> None:
    assert mentions(nlp, "In 2024, Takeshi Iwaya hosted a dinner at the embassy.") == []


@pytest.mark.slow
def test_hedged_event_is_not_emitted_but_its_planned_neighbour_is(nlp) -> None:
    text = "Wang Yi will go in October 2025 and, perhaps, Xi Jinping will fly to Canberra."
    found = mentions(nlp, text)
    assert [m.actors for m in found] == [("Wang Yi",)]
    assert found[0].status == "planned"


@pytest.mark.slow
def test_pronoun_us_is_not_the_united_states(nlp) -> None:
    assert only(nlp, "In 2024 Lula visited the US.").location == "United States"
    found = mentions(nlp, "Lula's visit to us in 2023 was a success.")
    assert found and all(m.location != "United States" for m in found)


@pytest.mark.slow
def test_passive_reception_keeps_visitor_and_host(nlp) -> None:
    text = "In June 2023, the Saudi foreign minister Faisal bin Farhan was received by Hakan Fidan."
    mention = only(nlp, text)
    assert ("visitor", "Faisal bin Farhan Al Saud") in mention.roles
    assert ("host", "Hakan Fidan") in mention.roles


@pytest.mark.slow
def test_event_noun_takes_the_date_of_its_occurrence_verb(nlp) -> None:
    text = "A phone call between Erdogan and Vladimir Putin took place on July 6, 2023."
    mention = only(nlp, text)
    assert mention.type == "call"
    assert mention.date == "2023-07-06"


@pytest.mark.slow
def test_no_subject_negates(nlp) -> None:
    text = "In 2023, no date was set for a meeting with Kyriakos Mitsotakis."
    assert mentions(nlp, text) == []


@pytest.mark.slow
def test_the_title_refers_to_the_person_introduced_with_it(nlp) -> None:
    text = (
        "Saudi Crown Prince Mohammed bin Salman met Erdogan in 2023. "
        "The crown prince will travel to Athens in 2024."
    )
    visit = next(m for m in mentions(nlp, text) if m.type == "visit")
    assert visit.actors == ("Mohammed bin Salman",)


@pytest.mark.slow
def test_dateline_date_is_not_the_event_date(nlp) -> None:
    text = "ANKARA, July 3, 2023 - Erdogan welcomed Mohammed bin Salman to Ankara in June 2023."
    assert only(nlp, text).date == "2023-06"


def test_ontology_rejects_yaml_booleans_among_words() -> None:
    with pytest.raises(DataFileError, match="quote it"):
        Ontology.from_data({"types": {}, "place_preps": ["in", True]})


@pytest.mark.slow
def test_hosting_an_organisation_is_a_meeting(nlp) -> None:
    mention = only(nlp, "In 2023, Japan hosted the G7 in Hiroshima.")
    assert mention.type == "meeting"
    assert mention.location == "Hiroshima"


@pytest.mark.slow
def test_participle_gives_place_and_date_of_its_noun(nlp) -> None:
    mention = only(nlp, "The summit, held in Astana on July 4, 2024, was attended by Xi Jinping.")
    assert (mention.type, mention.location, mention.date) == ("summit", "Astana", "2024-07-04")
    assert mention.actors == ("Xi Jinping",)


@pytest.mark.slow
def test_scheduled_noun_is_planned(nlp) -> None:
    text = "Lee Jae-myung will attend a summit scheduled for May 2026 in Seoul."
    assert only(nlp, text).status == "planned"


def test_component_without_sentences_writes_empty_list() -> None:
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("timeline_events")
    assert nlp("Modi visited Paris.")._.timeline_mentions == []
    assert nlp("")._.timeline_mentions == []


@pytest.mark.slow
def test_without_document_date_tense_gives_no_date(nlp) -> None:
    mention = only(nlp, "Argentina and Chile have signed a new border treaty.", dct=None)
    assert mention.date is None and mention.date_bound is None


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "In May 2024, Javier Milei cancelled his visit to Madrid.",
        "The summit of ASEAN leaders in Jakarta was postponed in 2023.",
        # a verb that calls off with its particle
        "Peruvian-Chilean talks have been cut off for nearly two years.",
        "On Monday, Peru broke off talks with Chile.",
    ],
)
def test_cancelled_events_are_not_emitted(nlp, text: str) -> None:
    assert mentions(nlp, text) == []


@pytest.mark.slow
def test_a_particle_verb_without_its_particle_cancels_nothing(nlp) -> None:
    text = "On Monday, talks between Peru and Chile were cut to one day."
    assert [m.type for m in mentions(nlp, text)] == ["talks"]


@pytest.mark.slow
def test_wrapping_up_a_visit_lends_its_subject(nlp) -> None:
    mention = only(nlp, "On April 15, 2023, Lula wrapped up his Beijing visit.")
    assert mention.actors == ("Luiz Inácio Lula da Silva",)
    assert mention.location == "Beijing"


@pytest.mark.slow
def test_unnamed_business_meeting_is_no_event(nlp) -> None:
    assert mentions(nlp, "The chief executive met analysts in London in May 2024.") == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "In March 2024, the co-chairs of the commission met in Nairobi.",
        "On June 3, 2024, our president will pay a state visit to Kenya.",
    ],
)
def test_unnamed_officials_keep_their_event(nlp, text: str) -> None:
    assert len(mentions(nlp, text)) == 1


@pytest.mark.slow
def test_pronoun_subject_continues_the_previous_subject(nlp) -> None:
    found = mentions(
        nlp,
        "Ruto met Foreign Minister Penny Wong and Senator Mark Kelly in Canberra on Monday. "
        "He will travel to Wellington on Tuesday.",
    )
    visit = next(m for m in found if m.type == "visit")
    assert visit.actors[0] == "William Ruto" or visit.actors[0].endswith("Ruto")


@pytest.mark.slow
def test_the_two_leaders_are_the_heads_of_state_or_government_named_before(nlp) -> None:
    found = mentions(
        nlp,
        "Emmanuel Macron and Narendra Modi held talks in Paris on May 3. "
        "Modi also met Foreign Minister Jean-Noel Barrot and Senator Anne Martin on May 4. "
        "Last year, the two leaders spoke by phone in April.",
    )
    call = next(m for m in found if m.type == "call")
    assert set(call.actors) == {"Emmanuel Macron", "Narendra Modi"}


# -- events dated by their age -----------------------------------------------------------------


def test_ontology_reads_the_anniversary_rules() -> None:
    rules = load_ontology().anniversary
    assert "anniversary" in rules.nouns
    assert rules.relation_type == "agreement"
    assert rules.count_nouns["centenary"] == 100
    with pytest.raises(DataFileError, match=r"anniversary\.types"):
        Ontology.from_data({"types": {"visit": {}}, "anniversary": {"types": ["parade"]}})
    with pytest.raises(DataFileError, match=r"anniversary\.count_words"):
        Ontology.from_data({"types": {"visit": {}}, "anniversary": {"count_words": {"gold": "x"}}})


def aged(found: list[Mention]) -> list[Mention]:
    return [m for m in found if m.date_source == "anniversary"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "date", "actors"),
    [
        (
            "This year Chile and Vietnam celebrate the 30th anniversary of diplomatic relations "
            "between Chile and Vietnam.",
            "1995",
            {"Chile", "Vietnam"},
        ),
        (
            "Last year, Ghana and India marked 60 years of diplomatic relations between Ghana "
            "and India.",
            "1964",
            {"Ghana", "India"},
        ),
        (
            "In 2015, Norway and Sweden celebrated the 100th anniversary of the treaty between "
            "Norway and Sweden.",
            "1915",
            {"Norway", "Sweden"},
        ),
        (
            "The accord between Peru and Brazil, which turns 40 this year, was negotiated in "
            "Geneva.",
            "1985",
            {"Peru", "Brazil"},
        ),
        (
            "This year marks 30 years since the establishment of diplomatic relations between "
            "Vietnam and Morocco.",
            "1995",
            {"Vietnam", "Morocco"},
        ),
        (
            "Oman and India celebrate the golden jubilee of diplomatic relations between Oman "
            "and India this year.",
            "1975",
            {"Oman", "India"},
        ),
        (
            "Next year is the centenary of the treaty between Estonia and Latvia.",
            "1926",
            {"Estonia", "Latvia"},
        ),
        (
            "On Friday, Japan and Chile celebrated the 30th anniversary of diplomatic relations.",
            "1995",
            {"Japan", "Chile"},
        ),
        (
            "Next year Kenya will mark the twentieth anniversary of the signing of the border "
            "treaty between Kenya and Uganda.",
            "2006",
            {"Kenya", "Uganda"},
        ),
    ],
)
def test_an_age_dates_the_event_at_year_precision(nlp, text: str, date: str, actors) -> None:
    found = aged(mentions(nlp, text))
    assert len(found) == 1, found
    assert found[0].type == "agreement"
    assert found[0].date == date
    assert found[0].status == "occurred"
    assert actors <= set(found[0].actors)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Officials of Denmark and Iceland marked the 50th anniversary of the company in Oslo.",
        "A 75-year-old diplomat from Kenya met President Ruto in Nairobi on Monday.",
        "He was honoured in 2019 for 20 years of service to Norway and Sweden.",
        "After 20 years of talks between Serbia and Kosovo, no treaty exists.",
        "Canada and Mexico celebrated the anniversary of the trade agreement in Ottawa.",
        "The 70th anniversary of the end of the war was marked in Warsaw and Berlin.",
    ],
)
def test_ages_of_things_that_are_not_events_date_nothing(nlp, text: str) -> None:
    assert aged(mentions(nlp, text)) == []


@pytest.mark.slow
def test_anniversary_of_a_visit_redates_the_visit_mention(nlp) -> None:
    found = mentions(
        nlp, "Next month Egypt marks the 25th anniversary of Jiang Zemin's visit to Cairo."
    )
    visits = [m for m in found if m.type == "visit"]
    assert len(visits) == 1
    assert visits[0].date == "2000"
    assert visits[0].date_source == "anniversary"
    assert visits[0].location == "Cairo"


@pytest.mark.slow
def test_the_place_an_anniversary_is_marked_is_not_the_events(nlp) -> None:
    text = (
        "Ruto and Museveni marked the 40th anniversary of the border treaty between Kenya and "
        "Uganda in Kampala on Sunday."
    )
    found = aged(mentions(nlp, text))
    assert [(m.date, m.location) for m in found] == [("1985", None)]


BILATERAL = (
    "President Macron met President Lula in Paris on Monday. France and Brazil agreed to "
    "expand trade, and France will send a delegation to Brazil. Macron and Lula also met in "
    "Brasilia in March. Next year we will celebrate the 200th anniversary of our first "
    "treaty, the Treaty of Amity. That treaty was signed by King Pedro in Paris."
)


@pytest.mark.slow
def test_unnamed_parties_are_the_documents_two_states_and_the_anaphor_joins(nlp) -> None:
    found = [m for m in aged(mentions(nlp, BILATERAL)) if m.type == "agreement"]
    assert [m.date for m in found] == ["1826", "1826"]
    assert {"France", "Brazil"} <= set(found[0].actors)
    assert found[1].trigger == "signed"
    assert found[1].location == "Paris"
    assert {"France", "Brazil"} <= set(found[1].actors)


@pytest.mark.slow
def test_no_parties_are_guessed_when_the_document_is_not_bilateral(nlp) -> None:
    text = (
        "Ministers of Peru, Chile and Bolivia met in Lima on Monday. Peru, Chile and Bolivia "
        "discussed water. This year we mark 50 years of diplomatic relations."
    )
    assert aged(mentions(nlp, text)) == []


@pytest.mark.slow
def test_an_agreement_named_after_a_place_takes_no_guessed_parties(nlp) -> None:
    text = BILATERAL.replace(
        "our first treaty, the Treaty of Amity. That treaty was signed by King Pedro in Paris.",
        "the Vienna Convention.",
    )
    assert [m for m in aged(mentions(nlp, text)) if m.type == "agreement"] == []


@pytest.mark.slow
def test_years_since_a_visit_redates_it(nlp) -> None:
    found = mentions(nlp, "Last week marked 10 years since Modi's visit to Colombo.")
    assert [(m.type, m.date, m.date_source) for m in found] == [("visit", "2015", "anniversary")]


@pytest.mark.slow
def test_an_events_own_explicit_date_is_kept_beside_its_age(nlp) -> None:
    text = (
        "President Boric met President Boluarte in Lima on Monday. The treaty between Peru and "
        "Chile, signed in 1991, turns 34 this year."
    )
    treaties = [m for m in mentions(nlp, text) if m.type == "agreement"]
    assert sorted((m.date, m.date_source) for m in treaties) == [
        ("1991", "anniversary"),
        ("1991", "explicit"),
    ]


# -- officials named by their office ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ghana's foreign minister met her Nigerian counterpart in Accra on 5 May 2022.",
         {"Ghana", "Nigeria"}),
        ("Uganda's president will visit Tanzania in June 2025.", {"Uganda"}),
        ("The Chilean ambassador met Bolivia's envoy in Lima on Tuesday.", {"Chile", "Bolivia"}),
    ],
)  # fmt: skip
def test_an_official_named_by_office_stands_for_the_state(
    nlp, text: str, expected: set[str]
) -> None:
    assert expected <= set(only(nlp, text).actors)


@pytest.mark.slow
def test_a_relative_of_a_state_official_is_not_the_state(nlp) -> None:
    found = mentions(nlp, "Paraguay's first lady's brother visited Montevideo on 3 March 2025.")
    assert all("Paraguay" not in m.actors for m in found)


@pytest.mark.slow
def test_an_invitation_from_someone_is_theirs(nlp) -> None:
    found = [
        m
        for m in mentions(
            nlp,
            "Chile's president accepted an invitation from the Peruvian government to visit Lima.",
        )
        if m.type == "invitation"
    ]
    assert len(found) == 1
    roles = dict(found[0].roles)
    assert ("inviter", "Peru") in found[0].roles
    assert roles.get("invitee") in ("Chile", "Gabriel Boric")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "visitor", "host", "place"),
    [
        ("Egypt's president received his Jordanian counterpart in Cairo on 21 May 2020.",
         "Jordan", "Egypt", "Cairo"),
        ("The Thai prime minister hosted the Laotian envoy on 3 June 2021.",
         "Laos", "Thailand", None),
        ("Peru's president hosted his Chilean counterpart for a two-day state visit on Monday.",
         "Chile", "Peru", None),
    ],
)  # fmt: skip
def test_a_host_and_the_official_they_receive(
    nlp, text: str, visitor: str, host: str, place: str | None
) -> None:
    mention = only(nlp, text)
    assert mention.type == "visit"
    assert ("visitor", visitor) in mention.roles
    assert ("host", host) in mention.roles
    assert ("visitor", host) not in mention.roles
    assert mention.location == place
