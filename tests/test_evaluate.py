"""The event scorer against hand-made gold and predictions (rules of shared/eval/README.md)."""

from __future__ import annotations

from typing import Any

import pytest

from timeline.evaluate import normalise_name, score

GOLD: dict[str, Any] = {
    "aliases": {
        "Narendra Modi": ["Modi", "Prime Minister Modi"],
        "India": ["New Delhi", "Republic of India"],
        "Washington": ["Washington, D.C."],
    },
    "events": [
        {
            "id": "modi-washington",
            "tier": "core",
            "date": "2023-06-21/2023-06-23",
            "type": "visit",
            "actors": ["Narendra Modi", "Joe Biden"],
            "location": "Washington",
        },
        {
            "id": "treaty-1971",
            "tier": "core",
            "date": "1971",
            "type": "agreement",
            "actors": ["India", "Soviet Union"],
            "location": None,
        },
        {
            "id": "hard-1947",
            "tier": "hard",
            "date": "1947",
            "type": "agreement",
            "actors": ["India"],
            "location": None,
        },
        {
            "id": "optional-call",
            "tier": "optional",
            "date": "2023-05-02",
            "type": "call",
            "actors": ["Narendra Modi", "Emmanuel Macron"],
            "location": None,
        },
        {
            "id": "summit",
            "tier": "core",
            "date": "2023-09",
            "type": "summit",
            "alt_types": ["statement"],
            "actors": ["Narendra Modi"],
            "location": "New Delhi",
        },
    ],
}


def ev(date: str, kind: str, actors: list[str], location: str | None = None) -> dict[str, Any]:
    return {"date": date, "type": kind, "actors": actors, "location": location}


def test_perfect_prediction_scores_one() -> None:
    predicted = {
        "events": [
            ev("2023-06-21/2023-06-23", "visit", ["Modi"], "Washington"),
            ev("1971", "agreement", ["India"]),
            ev("1947", "agreement", ["Republic of India"]),
            ev("2023-09", "meeting", ["Narendra Modi"], "New Delhi"),
        ]
    }
    result = score(GOLD, predicted)
    assert (result["precision"], result["recall"], result["f1"]) == (1.0, 1.0, 1.0)
    assert result["date_exact"] == 1.0
    assert result["tiers"]["hard"]["recall"] == 1.0
    assert result["location_accuracy"] == 1.0


def test_second_prediction_for_matched_gold_is_a_duplicate() -> None:
    predicted = {
        "events": [
            ev("2023-06-22", "visit", ["Narendra Modi"], "Washington"),
            ev("2023-06", "meeting", ["Joe Biden"]),
        ]
    }
    result = score(GOLD, predicted)
    assert result["true_positives"] == 1
    assert result["duplicates"] == 1
    assert result["false_positives"] == 1
    assert result["precision"] == 0.5
    assert result["duplicate_predictions"][0]["duplicate_of"] == "modi-washington"


def test_optional_match_counts_neither_way() -> None:
    predicted = {"events": [ev("2023-05-02", "call", ["Modi"])]}
    result = score(GOLD, predicted)
    assert result["true_positives"] == 0
    assert result["false_positives"] == 0
    assert result["precision"] == 0.0
    assert result["tiers"]["optional"]["matched"] == 1


def test_type_family_and_alt_types() -> None:
    contact = score(GOLD, {"events": [ev("2023-09-09", "talks", ["Modi"], "New Delhi")]})
    assert contact["true_positives"] == 1
    alt = score(GOLD, {"events": [ev("2023-09-09", "statement", ["Modi"])]})
    assert alt["true_positives"] == 1
    wrong = score(GOLD, {"events": [ev("2023-09-09", "agreement", ["Modi"])]})
    assert wrong["true_positives"] == 0 and wrong["false_positives"] == 1


@pytest.mark.parametrize(
    ("date", "matches"),
    [
        ("2023-06-22", True),  # inside the gold range
        ("2023-06", True),  # longer than gold but not longer than a year
        ("2023", True),  # a year is always acceptable length
        ("2022-06-22", False),  # no overlap
        ("2022/2023", False),  # overlaps, but two years is longer than the gold range and a year
    ],
)
def test_date_interval_rules(date: str, matches: bool) -> None:
    result = score(GOLD, {"events": [ev(date, "visit", ["Joe Biden"])]})
    assert (result["true_positives"] == 1) is matches


def test_long_gold_interval_accepts_equally_long_prediction() -> None:
    gold = {
        "events": [
            {
                "id": "war",
                "tier": "core",
                "date": "1950/1953",
                "type": "other",
                "actors": ["Korea"],
                "location": None,
            }
        ]
    }
    assert score(gold, {"events": [ev("1950/1952", "other", ["Korea"])]})["recall"] == 1.0


def test_actor_or_location_must_match() -> None:
    nobody = score(GOLD, {"events": [ev("2023-06-22", "visit", ["Rishi Sunak"], "London")]})
    assert nobody["true_positives"] == 0
    place_only = score(GOLD, {"events": [ev("2023-06-22", "visit", [], "Washington, D.C.")]})
    assert place_only["true_positives"] == 1


@pytest.mark.parametrize(
    ("predicted", "gold", "matches"),
    [
        ("Biden", "Joe Biden", True),  # part of the gold name including its last word
        ("Joe", "Joe Biden", False),  # part of it, but not the last word
        ("President Joe Biden", "Joe Biden", True),  # titles dropped
        ("joe-biden", "Joe Biden", True),  # hyphen becomes a space
        ("Prime Minister Modi", "Narendra Modi", True),  # alias
        ("Emmanuel Macron", "Joe Biden", False),
    ],
)
def test_name_matching(predicted: str, gold: str, matches: bool) -> None:
    gold_file = {
        "aliases": GOLD["aliases"],
        "events": [
            {
                "id": "x",
                "tier": "core",
                "date": "2020",
                "type": "call",
                "actors": [gold],
                "location": None,
            }
        ],
    }
    result = score(gold_file, {"events": [ev("2020", "call", [predicted])]})
    assert (result["true_positives"] == 1) is matches


def test_greedy_assignment_prefers_actor_and_location_then_exact_date() -> None:
    gold = {
        "events": [
            {
                "id": "a",
                "tier": "core",
                "date": "2023-06",
                "type": "visit",
                "actors": ["Joe Biden"],
                "location": "Paris",
            },
            {
                "id": "b",
                "tier": "core",
                "date": "2023-06",
                "type": "visit",
                "actors": ["Joe Biden"],
                "location": "Rome",
            },
        ]
    }
    predicted = {
        "events": [
            ev("2023-06-10", "visit", ["Biden"], "Rome"),
            ev("2023-06", "visit", ["Biden"], "Paris"),
        ]
    }
    result = score(gold, predicted)
    assert {(m["gold"], m["predicted"]) for m in result["matches"]} == {("b", "1"), ("a", "2")}
    assert result["date_exact"] == 0.5


def test_normalise_name_drops_titles_and_punctuation() -> None:
    assert normalise_name("Comrade Kim Jong-un") == "kim jong un"
    assert normalise_name("the Democratic People's Republic of Korea") == (
        "democratic people republic of korea"
    )


def test_recall_and_exact_dates_per_date_basis() -> None:
    gold = {
        "events": [
            {**ev("2024-05-20/2024-05-23", "visit", ["William Ruto"]), "date_basis": "explicit"},
            {**ev("2024-05-23", "meeting", ["Joe Biden"]), "date_basis": "inherited"},
            {**ev("1964", "agreement", ["Kenya"]), "date_basis": "anniversary", "tier": "hard"},
            {**ev("2024-05", "call", ["Ruto"]), "tier": "optional", "date_basis": "explicit"},
            ev("2024-06", "call", ["Kenya"]),  # no basis given
        ]
    }
    predicted = {
        "events": [
            ev("2024-05-20/2024-05-23", "visit", ["Ruto"]),
            ev("2024-05-22/2024-05-23", "meeting", ["Biden"]),
            ev("2024-05", "call", ["Ruto"]),  # the optional one: counted nowhere
        ]
    }
    bases = score(gold, predicted)["date_bases"]
    assert list(bases) == ["anniversary", "explicit", "inherited", "unspecified"]
    assert (bases["explicit"]["gold"], bases["explicit"]["matched"]) == (1, 1)
    assert bases["explicit"]["date_exact"] == 1.0
    assert (bases["inherited"]["recall"], bases["inherited"]["date_exact"]) == (1.0, 0.0)
    assert (bases["anniversary"]["gold"], bases["anniversary"]["recall"]) == (1, 0.0)
    assert bases["unspecified"]["gold"] == 1


def test_errors_carry_gold_evidence_and_predicted_sentences() -> None:
    gold = {
        "events": [
            {**ev("2001-04", "visit", ["Ana Lopes"], "Lisbon"), "evidence": "She came in April."},
            {**ev("2001-05", "call", ["Ana Lopes"]), "evidence": ["Later,", "she phoned."]},
        ]
    }
    spurious = {
        **ev("2001-09", "agreement", ["Portugal"]),
        "sources": [{"sentence": "A deal was struck in September.", "date_text": "September"}],
    }
    result = score(gold, {"events": [spurious]})
    assert [m["evidence"] for m in result["missed"]] == [
        ["She came in April."],
        ["Later,", "she phoned."],
    ]
    assert result["spurious"][0]["evidence"] == ["A deal was struck in September."]


def test_an_alias_given_as_a_single_string_is_one_name() -> None:
    gold = {
        "aliases": {"Recep Tayyip Erdogan": "Erdoğan"},
        "events": [ev("2022-08-18", "meeting", ["Recep Tayyip Erdogan"])],
    }
    assert score(gold, {"events": [ev("2022-08-18", "meeting", ["Erdoğan"])]})["recall"] == 1.0
    assert score(gold, {"events": [ev("2022-08-18", "meeting", ["E"])]})["recall"] == 0.0
