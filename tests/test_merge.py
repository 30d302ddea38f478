"""Merging mention records into events, across sentences and documents (hand-built mentions)."""

from __future__ import annotations

import dataclasses

from timeline.merge import merge_mentions
from timeline.model import DocumentMeta, Mention


def mention(
    doc: str,
    kind: str,
    date: str | None,
    actors: tuple[str, ...],
    location: str | None = None,
    *,
    status: str = "occurred",
    at: int = 0,
    date_source: str = "explicit",
    date_bound: str | None = None,
    trigger: str = "visit",
) -> Mention:
    return Mention(
        doc=doc,
        sent_start=at,
        sent_end=at + 40,
        trigger_start=at + 5,
        trigger_end=at + 10,
        trigger=trigger,
        type=kind,
        status=status,
        actors=actors,
        location=location,
        date=date,
        date_text=date,
        date_source=date_source,
        date_bound=date_bound,
        sentence="A sentence long enough to quote.",
    )


def affiliation(name: str) -> frozenset[str]:
    states = {"Emmanuel Macron": "France", "Lula": "Brazil", "Olaf Scholz": "Germany"}
    return frozenset({name, states[name]}) if name in states else frozenset({name})


def test_duplicates_across_documents_become_one_event_with_every_source() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "visit", "2023-03", ("Emmanuel Macron",), "Beijing"),
            mention(
                "b.txt",
                "visit",
                "2023-03-05/2023-03-07",
                ("Emmanuel Macron", "Xi Jinping"),
                "Beijing",
            ),
            mention("c.txt", "visit", "2023", ("Emmanuel Macron",)),
        ]
    )
    (event,) = timeline.events
    assert event.date == "2023-03-05/2023-03-07"
    assert [s.document for s in event.sources] == ["a.txt", "b.txt", "c.txt"]
    assert event.location == "Beijing"
    assert event.actors[0] == "Emmanuel Macron"


def test_two_visits_by_the_same_people_in_different_years_stay_apart() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "visit", "2011-05", ("Lula",), "Havana"),
            mention("b.txt", "visit", "2019-08", ("Lula",), "Havana"),
            mention("c.txt", "visit", "2019", ("Lula",), "Havana"),
        ]
    )
    assert [(e.date, len(e.sources)) for e in timeline.events] == [("2011-05", 1), ("2019-08", 2)]
    assert len({e.id for e in timeline.events}) == 2


def test_different_places_or_counterparts_are_different_events() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "meeting", "2022-11", ("Olaf Scholz", "Xi Jinping"), "Beijing"),
            mention("b.txt", "meeting", "2022-11", ("Olaf Scholz", "Joe Biden"), "Bali"),
            mention("c.txt", "meeting", "2022-11-15", ("Olaf Scholz", "Narendra Modi")),
        ]
    )
    assert len(timeline.events) == 3


def test_person_and_state_are_the_same_party_through_affiliation() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "agreement", "2021-07-12", ("France", "Brazil")),
            mention("b.txt", "agreement", "2021-07", ("Emmanuel Macron", "Lula")),
        ],
        affiliation=affiliation,
    )
    (event,) = timeline.events
    assert event.date == "2021-07-12"


def test_two_people_of_one_state_are_no_evidence_of_one_event() -> None:
    states = {"Xi Jinping": "China", "Wang Yi": "China", "Narendra Modi": "India"}

    def of_state(name: str) -> frozenset[str]:
        return frozenset({name, states[name]}) if name in states else frozenset({name})

    # (a year's meeting in Bali and another report's visit of the foreign minister)
    apart = [
        mention("a.txt", "meeting", "2022", ("Narendra Modi", "Xi Jinping"), "Bali"),
        mention("b.txt", "visit", "2022-07", ("Wang Yi",)),
    ]
    assert len(merge_mentions(apart, affiliation=of_state).events) == 2
    # (the state and its leader still are one party)
    one = [
        mention("a.txt", "meeting", "2022", ("India", "China"), "Bali"),
        mention("b.txt", "meeting", "2022-11", ("Narendra Modi", "Xi Jinping")),
    ]
    assert len(merge_mentions(one, affiliation=of_state).events) == 1


def test_another_reports_event_of_another_type_needs_more_than_the_date() -> None:
    # "the last summit was held on December 6, 2021, in New Delhi"; "a visit by Bennett last
    # month", in another report
    told = [
        mention("a.txt", "summit", "2021-12-06", (), "New Delhi"),
        mention("b.txt", "visit", "2021-12", ("Naftali Bennett",)),
    ]
    assert len(merge_mentions(told).events) == 2
    # the same type may join on the date alone
    same_type = [told[0], dataclasses.replace(told[1], type="summit")]
    assert len(merge_mentions(same_type).events) == 1


def test_conflicting_years_of_one_agreement_are_shown_as_disputed() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "agreement", "1961", ("Chile", "Peru")),
            mention("b.txt", "agreement", "1962", ("Chile", "Peru")),
            mention("c.txt", "agreement", "1961", ("Chile", "Peru"), at=100),
            mention("c.txt", "agreement", "2015", ("Chile", "Peru"), at=300),
        ]
    )
    assert [e.date for e in timeline.events] == ["1961", "2015"]
    first = timeline.events[0]
    assert [(d.date, d.documents) for d in first.disputed] == [("1962", ("b.txt",))]
    assert first.confidence < 1.0


def test_year_less_mention_takes_its_year_from_a_coreferent_event() -> None:
    timeline = merge_mentions(
        [
            mention("report.txt", "visit", "2022-09-06", ("Lula",), "Lisbon"),
            mention(
                "announce.txt",
                "visit",
                "XXXX-09-05/XXXX-09-07",
                ("Lula",),
                "Lisbon",
                status="planned",
                date_source="explicit",
            ),
        ]
    )
    (event,) = timeline.events
    assert event.date == "2022-09-06"
    assert event.date_inferred_from == "report.txt"
    assert event.status == "occurred"


def test_bound_only_mention_attaches_to_an_event_within_its_bound() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "agreement", "2020-01-15", ("Chile", "Peru")),
            mention(
                "b.txt",
                "agreement",
                None,
                ("Chile", "Peru"),
                date_bound="<=2020-02-01",
                date_source="bound",
            ),
        ]
    )
    (event,) = timeline.events
    assert len(event.sources) == 2 and event.date == "2020-01-15"


def test_planned_event_confirmed_later_becomes_occurred_and_unconfirmed_stays_planned() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "visit", "2024-10", ("Lula",), "Rome", status="planned"),
            mention("b.txt", "visit", "2024-10-02", ("Lula",), "Rome"),
            mention("a.txt", "visit", "2025-03", ("Lula",), "Tokyo", status="planned", at=500),
        ]
    )
    assert [(e.location, e.status) for e in timeline.events] == [
        ("Rome", "occurred"),
        ("Tokyo", "planned"),
    ]


def test_ids_are_stable_when_a_new_source_adds_precision() -> None:
    before = merge_mentions([mention("a.txt", "visit", "2023-03", ("Lula",), "Beijing")])
    after = merge_mentions(
        [
            mention("a.txt", "visit", "2023-03", ("Lula",), "Beijing"),
            mention("z.txt", "visit", "2023-03-04", ("Lula",), "Beijing"),
        ]
    )
    assert before.events[0].id == after.events[0].id
    assert after.events[0].date == "2023-03-04"


def test_confidence_grows_with_independent_sources() -> None:
    one = merge_mentions([mention("a.txt", "call", "2023-01-02", ("Lula", "Joe Biden"))])
    two = merge_mentions(
        [
            mention("a.txt", "call", "2023-01-02", ("Lula", "Joe Biden")),
            mention("b.txt", "call", "2023-01-02", ("Joe Biden",)),
        ]
    )
    assert two.events[0].confidence > one.events[0].confidence


def test_output_order_does_not_depend_on_input_order() -> None:
    mentions = [
        mention("a.txt", "visit", "2023-03", ("Lula",), "Beijing"),
        mention("b.txt", "meeting", "2021-06-01", ("Olaf Scholz", "Lula")),
        mention("c.txt", "agreement", "1961", ("Chile", "Peru")),
        mention("d.txt", "visit", "2023", ("Lula",)),
    ]
    docs = [DocumentMeta(path=p) for p in ("a.txt", "b.txt", "c.txt", "d.txt")]
    forward = merge_mentions(mentions, documents=docs)
    backward = merge_mentions(list(reversed(mentions)), documents=list(reversed(docs)))
    assert forward == backward
    assert [e.date for e in forward.events] == ["1961", "2021-06-01", "2023-03"]


def places(name: str) -> frozenset[str]:
    inside = {"Lima": "Peru", "Cusco": "Peru"}
    return frozenset({name, inside[name]}) if name in inside else frozenset({name})


def test_a_city_and_its_country_are_one_place_and_the_city_is_kept() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "visit", "2023-05-10", ("Lula",), "Peru"),
            mention("b.txt", "visit", "2023-05-10", ("Lula",), "Lima"),
            mention("c.txt", "visit", "2023-05-10", ("Lula",), "Peru", at=90),
        ],
        affiliation=places,
    )
    (event,) = timeline.events
    assert event.location == "Lima"


def test_two_cities_of_one_country_are_different_places() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "visit", "2023-05-10", ("Lula",), "Cusco"),
            mention("b.txt", "visit", "2023-05-10", ("Lula",), "Lima"),
        ],
        affiliation=places,
    )
    assert len(timeline.events) == 2


def test_stated_range_is_the_extent_and_today_only_confirms_it() -> None:
    timeline = merge_mentions(
        [
            mention(
                "before.txt",
                "visit",
                "2022-05-03/2022-05-04",
                ("Lula",),
                "Madrid",
                status="planned",
            ),
            mention("during.txt", "visit", "2022-05-04", ("Lula",), "Madrid", date_source="dct"),
        ]
    )
    (event,) = timeline.events
    assert event.date == "2022-05-03/2022-05-04"
    assert event.status == "occurred"


def test_recent_past_without_a_dated_event_spans_the_week_up_to_the_document() -> None:
    timeline = merge_mentions(
        [
            mention(
                "a.txt",
                "agreement",
                None,
                ("Chile", "Peru"),
                date_bound="<=2020-02-01",
                date_source="recent",
            ),
        ]
    )
    (event,) = timeline.events
    assert event.date == "2020-01-26/2020-02-01"


def test_recent_past_bounded_by_a_reports_day_is_that_day() -> None:
    # "have signed a pact, the minister said on Saturday": the day the report names
    told = mention(
        "a.txt", "agreement", None, ("Chile", "Peru"), date_bound="<=2020-02-01",
        date_source="recent",
    )  # fmt: skip
    (event,) = merge_mentions([dataclasses.replace(told, date_text="on Saturday")]).events
    assert event.date == "2020-02-01"


def test_recent_past_joins_an_event_of_the_last_month_not_one_months_before() -> None:
    # "Albright has invited ... to a ceremony" (a report of 16 February): not her meeting of
    # May last year, but one a fortnight before
    told = mention(
        "b.txt", "meeting", None, ("Madeleine Albright",), "Independence",
        date_bound="<=1999-02-16", date_source="recent",
    )  # fmt: skip
    long_before = mention("a.txt", "meeting", "1998-05-04", ("Madeleine Albright", "Netanyahu"))
    events = merge_mentions([long_before, told]).events
    assert [e.date for e in events] == ["1998-05-04", "1999-02-10/1999-02-16"]
    shortly_before = mention("a.txt", "meeting", "1999-02-02", ("Madeleine Albright",))
    (event,) = merge_mentions([shortly_before, told]).events
    assert event.date == "1999-02-02" and len(event.sources) == 2


def test_bound_only_mention_does_not_join_an_event_decades_before_its_bound() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "agreement", "1961", ("Chile", "Peru")),
            mention(
                "b.txt",
                "agreement",
                None,
                ("Chile", "Peru"),
                date_bound="<=2020-02-01",
                date_source="recent",
            ),
            mention(
                "c.txt",
                "agreement",
                None,
                ("Chile", "Peru"),
                date_bound="<=2020-02-01",
                date_source="bound",
                at=200,
            ),
        ]
    )
    assert [(e.date, len(e.sources)) for e in timeline.events] == [
        ("1961", 1),
        ("2020-01-26/2020-02-01", 2),
    ]


def test_relations_and_a_treaty_a_year_apart_dated_by_age_stay_two_events() -> None:
    timeline = merge_mentions(
        [
            mention(
                "a.txt",
                "agreement",
                "1948",
                ("Chile", "Peru"),
                date_source="anniversary",
                trigger="relations",
            ),
            mention("b.txt", "agreement", "1949", ("Chile", "Peru"), trigger="treaty"),
        ]
    )
    assert [(e.date, e.disputed) for e in timeline.events] == [("1948", ()), ("1949", ())]


def test_one_anniversary_counted_differently_is_one_disputed_event() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "agreement", "1948", ("Chile", "Peru"), date_source="anniversary",
                    trigger="relations"),
            mention("b.txt", "agreement", "1949", ("Chile", "Peru"), date_source="anniversary",
                    trigger="relations", at=50),
            mention("c.txt", "agreement", "1948", ("Chile", "Peru"), date_source="anniversary",
                    trigger="relations"),
        ]
    )  # fmt: skip
    assert [e.date for e in timeline.events] == ["1948"]
    assert [d.date for d in timeline.events[0].disputed] == ["1949"]


def test_a_visit_and_a_meeting_it_reports_elsewhere_stay_two_events() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "visit", "2021-04-06", ("Gabriel Boric",), "Lima", at=0),
            mention("a.txt", "meeting", "2021-04-06", ("Gabriel Boric", "Pedro Castillo"), at=100),
        ]
    )
    assert sorted(e.type for e in timeline.events) == ["meeting", "visit"]


def test_a_visit_and_a_meeting_from_two_documents_are_one_event() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "visit", "2021-04-06", ("Gabriel Boric",), "Lima", at=0),
            mention("b.txt", "meeting", "2021-04-06", ("Gabriel Boric", "Pedro Castillo"), at=100),
        ]
    )
    assert len(timeline.events) == 1


def test_undated_sub_event_takes_the_dates_of_its_documents_visit() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "visit", "2021-04-06/2021-04-08", ("Gabriel Boric",), "Lima", at=0),
            mention(
                "a.txt",
                "talks",
                None,
                ("Gabriel Boric", "Dina Boluarte"),
                at=100,
                date_source="bound",
                date_bound=">=2021-04-01",
            ),
        ]
    )
    talks = [e for e in timeline.events if e.type == "talks"]
    assert len(timeline.events) == 2
    assert talks and talks[0].date == "2021-04-06/2021-04-08"


def _visit_and_talks(*talks: tuple[str, ...]) -> list[Mention]:
    found = [mention("a.txt", "visit", "2021-04-06/2021-04-08", ("Gabriel Boric",), "Lima")]
    for at, actors in enumerate(talks, start=1):
        found.append(
            mention(
                "a.txt",
                "talks",
                None,
                actors,
                at=100 * at,
                date_source="bound",
                date_bound=">=2021-04-01",
            )
        )
    return found


def test_one_sub_event_told_twice_is_one_event() -> None:
    told = _visit_and_talks(
        ("Gabriel Boric", "Dina Boluarte", "Peru"), ("Gabriel Boric", "Dina Boluarte")
    )
    timeline = merge_mentions(told)
    assert sorted(e.type for e in timeline.events) == ["talks", "visit"]


def test_sub_events_with_different_partners_stay_two_events() -> None:
    # must not fire: talks with Boluarte and talks with Otárola are two sub-events
    told = _visit_and_talks(
        ("Gabriel Boric", "Dina Boluarte"), ("Gabriel Boric", "Alberto Otárola")
    )
    timeline = merge_mentions(told)
    assert sorted(e.type for e in timeline.events) == ["talks", "talks", "visit"]


def test_undated_sub_event_of_another_party_takes_no_date() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "visit", "2021-04-06/2021-04-08", ("Gabriel Boric",), "Lima", at=0),
            mention(
                "a.txt",
                "talks",
                None,
                ("Olaf Scholz", "Dina Boluarte"),
                at=100,
                date_source="bound",
                date_bound=">=2021-04-01",
            ),
        ]
    )
    assert [e.type for e in timeline.events] == ["visit"]


def test_an_undated_visit_is_no_sub_event_of_a_meeting() -> None:
    timeline = merge_mentions(
        [
            mention("a.txt", "meeting", "2021-04-06", ("Gabriel Boric", "Dina Boluarte"), at=0),
            mention(
                "a.txt",
                "visit",
                None,
                ("Gabriel Boric",),
                "Quito",
                at=100,
                date_source="bound",
                date_bound="<=2021-05-01",
            ),
        ]
    )
    # not a second event with the meeting's date: at most the one coreferent event
    assert len(timeline.events) == 1


def test_undated_meeting_in_the_visits_own_sentence_takes_its_dates() -> None:
    visit = mention("a.txt", "visit", "2019-11", ("Gabriel Boric",), "Peru", at=0)
    met = mention(
        "a.txt",
        "meeting",
        None,
        ("Gabriel Boric", "Dina Boluarte"),
        at=0,
        date_source="bound",
        date_bound="<=2025-01-01",
    )
    met = Mention(**{**met.to_dict(), "trigger_start": 30, "trigger_end": 33, "roles": ()})
    timeline = merge_mentions([visit, met])
    assert sorted((e.type, e.date) for e in timeline.events) == [
        ("meeting", "2019-11"),
        ("visit", "2019-11"),
    ]
