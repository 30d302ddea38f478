"""The rules of ``timeline_events`` on Docs built by hand (no model): each rule with a case
where it must fire and one where it must not. Sentences and names are written for the tests."""

from __future__ import annotations

import copy

import pytest
from docs_by_hand import build_doc, mentions, pipeline

from timeline.actors import load_gazetteer
from timeline.events import EventExtractor, Ontology
from timeline.resources import load_data

OKOYE = ("Amara Okoye", "PERSON")
VARGA = ("Tomas Varga", "PERSON")
LISBON = ("Lisbon", "GPE")

# -- visits: agent and destination -----------------------------------------------------------

VISITED_LISBON = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    visited VBD ROOT      0 visit
    Lisbon  NNP dobj     -1
    .       .   punct    -2
"""


def test_visit_takes_its_subject_as_visitor_and_its_object_as_place() -> None:
    (mention,) = mentions(VISITED_LISBON, [OKOYE, LISBON])
    assert (mention.type, mention.status) == ("visit", "occurred")
    assert mention.actors == ("Amara Okoye",)
    assert mention.location == "Lisbon"
    assert mention.roles == (("visitor", "Amara Okoye"),)
    assert (mention.trigger, mention.sentence) == ("visited", "Amara Okoye visited Lisbon.")


ARRIVED_IN_LISBON = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    arrived VBD ROOT      0 arrive
    in      IN  prep     -1
    Lisbon  NNP pobj     -1
    .       .   punct    -3
"""
ARRIVED_LATE = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    arrived VBD ROOT      0 arrive
    late    RB  advmod   -1
    .       .   punct    -2
"""


def test_motion_verb_is_a_visit_only_with_a_destination() -> None:
    (mention,) = mentions(ARRIVED_IN_LISBON, [OKOYE, LISBON])
    assert (mention.type, mention.location) == ("visit", "Lisbon")
    assert mentions(ARRIVED_LATE, [OKOYE]) == []


# -- meetings --------------------------------------------------------------------------------

MET = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    met     VBD ROOT      0 meet
    Tomas   NNP compound +1
    Varga   NNP dobj     -2
    in      IN  prep     -3
    Lisbon  NNP pobj     -1
    .       .   punct    -5
"""


# an office title makes the first an official ("Minister Amara Okoye met Tomas Varga")
MINISTER = """
    Minister NNP compound +2
"""


def test_meeting_of_two_named_people_has_both_and_the_place() -> None:
    (mention,) = mentions(MINISTER + MET, [OKOYE, VARGA, LISBON])
    assert mention.type == "meeting"
    assert mention.actors == ("Amara Okoye", "Tomas Varga")
    assert mention.location == "Lisbon"
    assert set(mention.roles) == {("participant", "Amara Okoye"), ("participant", "Tomas Varga")}


def test_a_meeting_of_people_the_text_gives_no_office_is_no_event() -> None:
    assert mentions(MET, [OKOYE, VARGA, LISBON]) == []


UNNAMED_MET = """
    The       DT  det   +1
    {subject} NN  nsubj +1
    met       VBD ROOT   0 meet
    envoys    NNS dobj  -1
    in        IN  prep  -2
    Lisbon    NNP pobj  -1
    .         .   punct -4
"""


@pytest.mark.parametrize(("subject", "found"), [("minister", 1), ("executive", 0)])
def test_meeting_without_names_needs_an_official(subject: str, found: int) -> None:
    found_mentions = mentions(UNNAMED_MET.format(subject=subject), [LISBON])
    assert len(found_mentions) == found
    assert all(m.location == "Lisbon" and m.actors == () for m in found_mentions)


# -- status: planned, negated, hypothetical, cancelled ---------------------------------------

WITH_AUX = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +2
    {aux}   MD  aux      +1
    visit   VB  ROOT      0 visit
    Lisbon  NNP dobj     -1
    .       .   punct    -2
"""
PLANS_TO = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    {verb}  VBZ ROOT      0 {lemma}
    to      TO  aux      +1
    visit   VB  xcomp    -2 visit
    Lisbon  NNP dobj     -1
    .       .   punct    -4
"""


@pytest.mark.parametrize(
    ("table", "status"),
    [
        (WITH_AUX.format(aux="will"), "planned"),
        (PLANS_TO.format(verb="plans", lemma="plan"), "planned"),
        (PLANS_TO.format(verb="intends", lemma="intend"), "planned"),
        (VISITED_LISBON, "occurred"),
    ],
    ids=["will", "plans-to", "intends-to", "past"],
)
def test_future_tense_and_verbs_of_planning_make_a_visit_planned(table: str, status: str) -> None:
    (mention,) = mentions(table, [OKOYE, LISBON])
    assert mention.status == status


DID_NOT_VISIT = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +3
    did     VBD aux      +2 do
    not     RB  neg      +1
    visit   VB  ROOT      0 visit
    Lisbon  NNP dobj     -1
    .       .   punct    -2
"""
LIGHT_VERB_VISIT = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    {verb}  VBD ROOT      0 {lemma}
    her     PRP$ poss    +1
    visit   NN  dobj     -2
    to      IN  prep     -1
    Lisbon  NNP pobj     -1
    .       .   punct    -5
"""


@pytest.mark.parametrize(
    "table",
    [
        DID_NOT_VISIT,
        WITH_AUX.format(aux="would"),
        WITH_AUX.format(aux="might"),
        LIGHT_VERB_VISIT.format(verb="cancelled", lemma="cancel"),
        LIGHT_VERB_VISIT.format(verb="postponed", lemma="postpone"),
    ],
    ids=["did-not", "would", "might", "cancelled", "postponed"],
)
def test_negated_hypothetical_and_cancelled_visits_are_not_emitted(table: str) -> None:
    assert mentions(table, [OKOYE, LISBON]) == []


def test_a_light_verb_carries_the_visit_noun_with_its_goal() -> None:
    (mention,) = mentions(LIGHT_VERB_VISIT.format(verb="paid", lemma="pay"), [OKOYE, LISBON])
    assert (mention.type, mention.status, mention.trigger) == ("visit", "occurred", "visit")
    assert (mention.actors, mention.location) == (("Amara Okoye",), "Lisbon")


# -- hosting ---------------------------------------------------------------------------------

HOSTED = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    hosted  VBD ROOT      0 host
    Tomas   NNP compound +1
    Varga   NNP dobj     -2
    in      IN  prep     -3
    Lisbon  NNP pobj     -1
    .       .   punct    -5
"""
HOSTED_A_DINNER = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    hosted  VBD ROOT      0 host
    a       DT  det      +1
    dinner  NN  dobj     -2
    .       .   punct    -3
"""


def test_hosting_a_person_is_one_visit_with_host_and_visitor() -> None:
    (mention,) = mentions(HOSTED, [OKOYE, VARGA, LISBON])
    assert mention.type == "visit"
    assert set(mention.roles) == {("host", "Amara Okoye"), ("visitor", "Tomas Varga")}
    assert mention.cameo == "043"  # the host's code, not the visitor's 042
    assert mention.location == "Lisbon"


def test_hosting_a_thing_is_no_event() -> None:
    assert mentions(HOSTED_A_DINNER, [OKOYE]) == []


# -- agreements ------------------------------------------------------------------------------

SIGNED = """
    Portugal NNP nsubj +3
    and      CC  cc    -1
    Spain    NNP conj  -2
    {verb}   VBD ROOT   0 {lemma}
    a        DT  det   +1
    {noun}   NN  dobj  -2
    .        .   punct -3
"""
PARTIES = [("Portugal", "GPE"), ("Spain", "GPE")]


def test_agreement_is_a_signing_verb_with_an_agreement_noun() -> None:
    table = SIGNED.format(verb="signed", lemma="sign", noun="treaty")
    (mention,) = mentions(table, PARTIES)
    assert mention.type == "agreement"
    assert set(mention.actors) == {"Portugal", "Spain"}


@pytest.mark.parametrize(
    ("verb", "lemma", "noun"),
    [("discussed", "discuss", "treaty"), ("signed", "sign", "letter")],
)
def test_agreement_needs_both_the_signing_verb_and_the_noun(
    verb: str, lemma: str, noun: str
) -> None:
    # "Portugal and Spain discussed a treaty" are talks, not an agreement
    found = mentions(SIGNED.format(verb=verb, lemma=lemma, noun=noun), PARTIES)
    assert [m for m in found if m.type == "agreement"] == []


REACHED = """
    They      PRP nsubj +1
    reached   VBD ROOT   0 reach
    {det}     DT  det   +1
    agreement NN  dobj  -2
    .         .   punct -3
"""


@pytest.mark.parametrize(("det", "parties"), [("the", {"Portugal", "Spain"}), ("an", None)])
def test_a_definite_agreement_takes_the_parties_of_the_last_one(det: str, parties) -> None:
    table = SIGNED.format(verb="signed", lemma="sign", noun="treaty") + REACHED.format(det=det)
    found = mentions(table, PARTIES)
    assert found[0].actors == ("Portugal", "Spain")
    later = [m for m in found if m.trigger == "agreement"]
    assert [set(m.actors) for m in later] == ([parties] if parties else [])


# -- calls -----------------------------------------------------------------------------------

SPOKE = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    spoke   VBD ROOT      0 speak
    with    IN  prep     -1
    Tomas   NNP compound +1
    Varga   NNP pobj     -2
"""
BY_PHONE = """
    by      IN  prep     -4
    phone   NN  pobj     -1
    .       .   punct    -6
"""
FULL_STOP = """
    .       .   punct    -4
"""


def test_speaking_is_a_call_only_with_a_qualifier() -> None:
    (mention,) = mentions(MINISTER + SPOKE + BY_PHONE, [OKOYE, VARGA])
    assert mention.type == "call"
    assert set(mention.actors) == {"Amara Okoye", "Tomas Varga"}
    assert mentions(MINISTER + SPOKE + FULL_STOP, [OKOYE, VARGA]) == []


# -- titles and offices ----------------------------------------------------------------------

INTRODUCED = """
    Crown   NNP compound +2
    Prince  NNP compound +1
    Amir    NNP compound +1
    Haddad  NNP nsubj    +1
    met     VBD ROOT      0 meet
    Tomas   NNP compound +1
    Varga   NNP dobj     -2
    .       .   punct    -3
"""
TITLED_TRAVEL = """
    {det}   DT  det   +1
    prince  NN  nsubj +2
    will    MD  aux   +1
    travel  VB  ROOT   0 travel
    to      IN  prep  -1
    Lisbon  NNP pobj  -1
    .       .   punct -3
"""


@pytest.mark.parametrize(("det", "actors"), [("The", ("Amir Haddad",)), ("A", ())])
def test_the_title_stands_for_the_person_introduced_with_it(det: str, actors) -> None:
    ents = [("Amir Haddad", "PERSON"), VARGA, LISBON]
    found = mentions(INTRODUCED + TITLED_TRAVEL.format(det=det), ents)
    visits = [m for m in found if m.type == "visit"]
    assert [m.actors for m in visits] == [actors]
    assert all(m.status == "planned" and m.location == "Lisbon" for m in visits)


OFFICE_VISITED = """
    The      DT  det   +1
    {office} NN  nsubj +3
    of       IN  prep  -1
    {state}  NNP pobj  -1
    visited  VBD ROOT   0 visit
    Lisbon   NNP dobj  -1
    .        .   punct -2
"""


@pytest.mark.parametrize("state", ["Kenya", "Chile"])
def test_an_office_of_a_state_names_its_listed_holder_beside_the_state(state: str) -> None:
    holder = load_gazetteer().holder(state, "head of state")
    assert holder is not None
    table = OFFICE_VISITED.format(office="leader", state=state)
    (mention,) = mentions(table, [(state, "GPE"), LISBON])
    assert set(mention.actors) == {holder.name, state}
    assert mention.location == "Lisbon"


@pytest.mark.parametrize("state", ["Kenya", "Chile"])
def test_an_office_outside_its_holders_listed_term_stands_for_the_state_alone(state: str) -> None:
    table = OFFICE_VISITED.format(office="leader", state=state)
    (mention,) = mentions(table, [(state, "GPE"), LISBON], dct="2019-01-01")
    assert mention.actors == (state,)


def test_a_position_that_is_no_office_stands_for_the_state_alone() -> None:
    table = OFFICE_VISITED.format(office="spokesman", state="Kenya")
    (mention,) = mentions(table, [("Kenya", "GPE"), LISBON])
    assert mention.actors == ("Kenya",)


HOSTED_FOR_A_VISIT = """
    Amara   NNP compound +1
    Okoye   NNP nsubj    +1
    hosted  VBD ROOT      0 host
    Tomas   NNP compound +1
    Varga   NNP dobj     -2
    for     IN  prep     -3
    a       DT  det      +1
    visit   NN  pobj     -2
    .       .   punct    -6
"""


def test_hosting_verb_and_visit_noun_make_one_visit() -> None:
    (mention,) = mentions(HOSTED_FOR_A_VISIT, [OKOYE, VARGA])
    assert (mention.type, mention.trigger) == ("visit", "hosted")
    assert set(mention.roles) == {("host", "Amara Okoye"), ("visitor", "Tomas Varga")}


# -- anaphoric types are data: "the visit" takes up the last visit only when declared so -----

ENDED_THE_VISIT = """
    They    PRP nsubj +1
    ended   VBD ROOT   0 end
    the     DT  det   +1
    visit   NN  dobj  -2
    on      IN  prep  -3
    Friday  NNP pobj  -1
    .       .   punct -5
"""


def _extractor(*, visit_anaphoric: bool) -> EventExtractor:
    data = copy.deepcopy(load_data("events.yaml"))
    data["types"]["visit"]["anaphoric"] = visit_anaphoric
    return EventExtractor(pipeline(), Ontology.from_data(data), load_gazetteer())


@pytest.mark.parametrize(("anaphoric", "expected"), [(True, [("Amara Okoye",)]), (False, [])])
def test_the_visit_takes_the_last_visitor_when_visits_are_anaphoric(anaphoric, expected) -> None:
    doc = build_doc(VISITED_LISBON + ENDED_THE_VISIT, [OKOYE, LISBON])
    doc = _extractor(visit_anaphoric=anaphoric)(pipeline().get_pipe("timeline_timex")(doc))
    later = [m for m in doc._.timeline_mentions if m.trigger == "visit"]
    assert [m.actors for m in later] == expected
    assert all(m.date == "2025-03-07" for m in later)
