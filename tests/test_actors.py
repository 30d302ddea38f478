"""Gazetteer lookups: canonical names, titles and possessives, demonyms, metonyms, media."""

from __future__ import annotations

import pytest

from timeline.actors import Gazetteer, load_gazetteer, name_key
from timeline.errors import DataFileError


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Indian Prime Minister Narendra Modi", "Narendra Modi"),
        ("Prime Minister Modi's", "Narendra Modi"),
        ("Modi", "Narendra Modi"),
        ("President Lula", "Luiz Inácio Lula da Silva"),
        ("Comrade Kim Jong-un’s", "Kim Jong Un"),
        ("the DPRK", "North Korea"),
        ("Democratic People's Republic of Korea", "North Korea"),
        ("the U.S.", "United States"),
        ("Pedro Sanchez", "Pedro Sánchez"),
        ("Foreign Minister Wang Yi", "Wang Yi"),
    ],
)
def test_canonical_strips_titles_and_possessives(
    gazetteer: Gazetteer, text: str, expected: str
) -> None:
    assert gazetteer.canonical(text)[0] == expected


def test_unknown_names_pass_through_cleaned(gazetteer: Gazetteer) -> None:
    assert gazetteer.canonical("Ambassador Jane Roe's") == ("Jane Roe", None)


def test_capital_is_a_place_unless_it_acts(gazetteer: Gazetteer) -> None:
    assert gazetteer.canonical("Tokyo") == ("Tokyo", "place")
    assert gazetteer.canonical("Tokyo", metonymy=True) == ("Japan", "state")
    assert gazetteer.canonical("the Kremlin", metonymy=True) == ("Russia", "state")


def test_demonyms_name_their_state(gazetteer: Gazetteer) -> None:
    assert gazetteer.canonical("Brazilian") == ("Brazil", "state")
    assert gazetteer.demonym("Japanese") is not None


def test_media_are_recognised(gazetteer: Gazetteer) -> None:
    assert gazetteer.is_media("Reuters")
    assert gazetteer.is_media("the Associated Press") or gazetteer.is_media("Associated Press")
    assert not gazetteer.is_media("Narendra Modi")


def test_ambiguous_surnames_are_not_aliases() -> None:
    gazetteer = Gazetteer(
        {
            "people": [
                {"name": "Ana Silva", "role": "foreign minister"},
                {"name": "Rui Silva", "role": "head of state"},
                {"name": "Eva Costa"},
            ]
        }
    )
    assert gazetteer.lookup("Silva") is None
    assert gazetteer.canonical("Costa")[0] == "Eva Costa"


def test_name_key_folds_case_hyphens_and_dots() -> None:
    assert name_key("Kim Jong-un") == name_key("kim jong un")
    assert name_key("U.S.") == "us"


def test_entry_without_name_is_rejected() -> None:
    with pytest.raises(DataFileError, match="people"):
        Gazetteer({"people": [{"role": "spokesperson"}]})


def test_gazetteer_covers_many_countries(gazetteer: Gazetteer) -> None:
    states = [e for e in gazetteer.entries() if e.kind == "state"]
    people = [e for e in gazetteer.entries() if e.kind == "person"]
    assert len(states) >= 60
    assert sum(1 for p in people if p.role == "foreign minister") >= 25


def test_affiliation_links_people_and_places_to_their_state(gazetteer: Gazetteer) -> None:
    assert gazetteer.affiliation("Narendra Modi") == {"Narendra Modi", "India"}
    assert gazetteer.affiliation("Tokyo") == {"Tokyo", "Japan"}
    assert gazetteer.affiliation("Jane Roe") == {"Jane Roe"}


def test_former_office_holders_do_not_stand_for_the_state(gazetteer: Gazetteer) -> None:
    assert "United States" not in gazetteer.affiliation("Joe Biden")
