"""Who can be a party of a diplomatic event: states, international organisations and people
the text shows in a public office; companies and private people are not. Each rule with a case
where it must not fire. Sentences written for these tests."""

from __future__ import annotations

import pytest
from read_mentions import mentions


def kinds(nlp, text: str, dct: str = "2025-03-12") -> list[str]:
    return [m.type for m in mentions(nlp, text, dct)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Late last week, representatives of Brixton Holdings Inc. and Calder Corp. began "
        "negotiations about the terms of the offer.",
        "Orvane Systems said on Monday it is negotiating with Calder Group to sell its unit.",
        "The board said Vice Chairman Piet Lanser and Mr. Edo Marsh are negotiating financing.",
        "The boy's father, Ruben Ostra, arrived in Miami on Thursday to meet his son.",
    ],
)
def test_companies_and_private_people_make_no_diplomatic_event(nlp, text: str) -> None:
    assert kinds(nlp, text) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Foreign Minister Ilse Dornbach met Tomas Revy in Vienna on Monday.", "meeting"),
        ("On Tuesday, Iraqi spokesman Karim Jalal held talks with Kuwait in Geneva.", "talks"),
        ("Karim Jalal, the Iraqi foreign minister, met Tomas Revy on Monday.", "meeting"),
        ("President Ilse Dornbach met Tomas Revy in Vienna on Monday.", "meeting"),
        # a visit tells of its visitor's standing where the text gives no title
        ("Ilse Dornbach's visit to Chile this week signals closer ties.", "visit"),
    ],
)
def test_states_and_office_holders_stay_parties(nlp, text: str, kind: str) -> None:
    assert kinds(nlp, text) == [kind]


@pytest.mark.slow
def test_a_company_title_makes_no_official(nlp) -> None:
    text = "Calder Corp. President Ilse Dornbach met Tomas Revy in Vienna on Monday."
    assert kinds(nlp, text) == []


@pytest.mark.slow
def test_an_organisation_named_once_as_a_company_is_one_everywhere(nlp) -> None:
    text = (
        "Calder Holdings Inc. and Vantor Corp. said profits rose. "
        "On Monday, Calder and Vantor held talks on a merger."
    )
    assert kinds(nlp, text) == []
    # an organisation the text says nothing of stays a party beside a state
    assert kinds(nlp, "On Monday, Chile held talks with the Andean Forum in Lima.") == ["talks"]


@pytest.mark.slow
def test_a_title_later_in_the_text_gives_the_surname_its_office(nlp) -> None:
    text = (
        "Ambassador Lena Morrow arrived in Nairobi on Sunday. "
        "On Monday, Morrow met Kenya's trade minister."
    )
    assert "meeting" in kinds(nlp, text)
