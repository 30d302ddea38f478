"""Document dates from the corpus, on hand-made extraction results (no model)."""

from __future__ import annotations

from timeline.docdate.corpus import corpus_hint, dates_from_other_documents
from timeline.model import DocResult, DocumentMeta, Mention


def _mention(doc: str, kind: str, actors: tuple[str, ...], date: str | None, **extra) -> Mention:
    values = {
        "doc": doc,
        "sent_start": 0,
        "sent_end": 10,
        "trigger_start": 0,
        "trigger_end": 5,
        "trigger": kind,
        "type": kind,
        "status": "occurred",
        "actors": actors,
        "date": date,
        "date_source": "explicit",
        **extra,
    }
    return Mention(**values)


def _result(path: str, dct: str | None, source: str, *mentions: Mention) -> DocResult:
    return DocResult(meta=DocumentMeta(path, dct=dct, dct_source=source), mentions=mentions)


LIMA = _result(
    "lima.md",
    "2022-11-04",
    "manifest",
    _mention("lima.md", "visit", ("Gustavo Petro",), "2022-11-03", location="Lima"),
    # the same actor's visit long before: never a date for today's documents
    _mention("lima.md", "visit", ("Gustavo Petro",), "2019-02-11", location="Lima"),
)


def _guessed(*mentions: Mention, dct: str = "2022-06") -> DocResult:
    return _result("bogota.txt", dct, "inferred", *mentions)


def test_corpus_hint_is_the_latest_stated_date() -> None:
    other = _result("quito.md", "2022-10-01", "text")
    guessed = _result("x.txt", "2030-01-01", "inferred")
    assert corpus_hint([LIMA, other, guessed]) == "2022-11-04"
    assert corpus_hint([guessed]) is None


def test_an_event_happening_now_takes_the_day_other_documents_give_it() -> None:
    now = _mention("bogota.txt", "visit", ("Gustavo Petro",), "2022-06", date_source="dct")
    assert dates_from_other_documents([LIMA, _guessed(now)]) == {"bogota.txt": "2022-11-03"}


def test_no_date_from_other_events_places_actors_or_past_mentions() -> None:
    cases = [
        # another place
        _mention(
            "bogota.txt",
            "visit",
            ("Gustavo Petro",),
            "2022-06",
            date_source="dct",
            location="Quito",
        ),
        # another actor
        _mention("bogota.txt", "visit", ("Dina Boluarte",), "2022-06", date_source="dct"),
        # another kind of event
        _mention("bogota.txt", "agreement", ("Gustavo Petro",), "2022-06", date_source="dct"),
        # a date of its own, not the document's
        _mention("bogota.txt", "visit", ("Gustavo Petro",), "2022-06", date_source="explicit"),
        # planned, not happening
        _mention(
            "bogota.txt",
            "visit",
            ("Gustavo Petro",),
            "2022-06",
            date_source="dct",
            status="planned",
        ),
    ]
    for mention in cases:
        assert dates_from_other_documents([LIMA, _guessed(mention)]) == {}, mention


def test_documents_dated_to_the_day_or_stated_are_left_alone() -> None:
    now = _mention("bogota.txt", "visit", ("Gustavo Petro",), "2022-06-30", date_source="dct")
    assert dates_from_other_documents([LIMA, _guessed(now, dct="2022-06-30")]) == {}
    stated = _result("bogota.txt", "2022-06", "manifest", now)
    assert dates_from_other_documents([LIMA, stated]) == {}
    assert dates_from_other_documents([_guessed(now)]) == {}  # no document states a date


def test_a_city_agrees_with_its_country() -> None:
    def affiliation(name: str) -> frozenset[str]:
        return frozenset({name, "Peru"}) if name == "Lima" else frozenset({name})

    now = _mention(
        "bogota.txt", "visit", ("Gustavo Petro",), "2022-06", date_source="dct", location="Peru"
    )
    assert dates_from_other_documents([LIMA, _guessed(now)]) == {}
    dated = dates_from_other_documents([LIMA, _guessed(now)], affiliation=affiliation)
    assert dated == {"bogota.txt": "2022-11-03"}
